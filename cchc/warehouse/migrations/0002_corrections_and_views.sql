-- Researchers' corrections, and the views that apply them. Facts are rewritten on every re-ingest,
-- so a correction lives in its own table keyed by the stable fact_id; the views join them back.
-- The latest correction of a fact is its state: correct (new value/unit/subject/metric; NULL keeps
-- the extracted one, '' clears a subject), reject (the fact disappears from fact_view) or accept
-- (a researcher confirmed the extracted fact; it also undoes an earlier correct or reject).
CREATE SEQUENCE correction_ids START 1;

CREATE TABLE corrections (
    correction_id INTEGER PRIMARY KEY DEFAULT nextval('correction_ids'),
    fact_id       VARCHAR NOT NULL,
    action        VARCHAR NOT NULL CHECK (action IN ('correct', 'reject', 'accept')),
    value         DOUBLE,
    unit          VARCHAR,
    subject       VARCHAR,
    metric        VARCHAR,
    who           VARCHAR NOT NULL,
    corrected_at  TIMESTAMP NOT NULL,
    why           VARCHAR,
    -- the fact as it was when corrected, so a correction whose fact is gone (its file changed) still reads
    doc_id        VARCHAR,
    was_metric    VARCHAR,
    was_value     DOUBLE,
    was_text      VARCHAR
);

-- Every fact with its document's metadata and its latest correction applied; rejected ones included.
CREATE VIEW fact_review AS
WITH latest AS (
    SELECT * FROM corrections
    QUALIFY row_number() OVER (PARTITION BY fact_id ORDER BY corrected_at DESC, correction_id DESC) = 1
), applied AS (
    SELECT
        f.fact_id, f.doc_id, d.source_path, d.province, d.province_code, d.issuer, d.report_kind,
        d.doc_number, d.doc_date, d.title, d.period_label, d.period_start, d.period_end,
        year(coalesce(d.period_start, d.doc_date)) AS period_year,
        CASE WHEN c.action = 'correct' THEN coalesce(c.metric, f.metric) ELSE f.metric END AS metric,
        CASE WHEN c.action = 'correct' THEN coalesce(c.value, f.value) ELSE f.value END AS value,
        CASE WHEN c.action = 'correct' THEN coalesce(c.unit, f.unit) ELSE f.unit END AS unit,
        CASE WHEN c.action = 'correct' AND c.subject IS NOT NULL THEN nullif(c.subject, '') ELSE f.subject END AS subject,
        f.as_of, f.rank_of, f.page, f.char_start, f.char_end, f.source_text, f.evidence, f.confidence, f.extractor,
        CASE c.action WHEN 'correct' THEN 'corrected' WHEN 'reject' THEN 'rejected' WHEN 'accept' THEN 'accepted'
             ELSE 'extracted' END AS status,
        f.metric AS original_metric, f.value AS original_value, f.unit AS original_unit, f.subject AS original_subject,
        c.who AS corrected_by, c.corrected_at, c.why AS correction_why
    FROM facts f
    JOIN documents d USING (doc_id)
    LEFT JOIN latest c USING (fact_id)
)
SELECT *, split_part(metric, '.', 1) AS family
FROM applied;

-- The facts researchers analyse: corrections applied, rejected facts gone.
CREATE VIEW fact_view AS
SELECT * FROM fact_review WHERE status <> 'rejected';

-- One value per province, period and metric, for the whole reporting unit (facts without a subject).
-- When several facts give it, a researcher-checked one wins, then the most confident, then the newest
-- document; n_values > 1 flags documents that disagree.
CREATE VIEW metric_values AS
SELECT
    province, any_value(province_code) AS province_code,
    period_start, period_end, min(period_label) AS period_label, min(period_year) AS period_year,
    metric,
    first(value ORDER BY status IN ('corrected', 'accepted') DESC, confidence DESC, doc_date DESC NULLS LAST, char_start) AS value,
    first(unit ORDER BY status IN ('corrected', 'accepted') DESC, confidence DESC, doc_date DESC NULLS LAST, char_start) AS unit,
    first(fact_id ORDER BY status IN ('corrected', 'accepted') DESC, confidence DESC, doc_date DESC NULLS LAST, char_start) AS fact_id,
    first(doc_id ORDER BY status IN ('corrected', 'accepted') DESC, confidence DESC, doc_date DESC NULLS LAST, char_start) AS doc_id,
    max(doc_date) AS doc_date,
    max(confidence) AS confidence,
    count(*) AS n_facts,
    count(DISTINCT value) AS n_values,
    min(value) AS min_value,
    max(value) AS max_value,
    count(DISTINCT doc_id) AS n_docs,
    bool_or(status IN ('corrected', 'accepted')) AS checked
FROM fact_view
WHERE subject IS NULL
GROUP BY province, period_start, period_end,
         CASE WHEN period_start IS NULL AND period_end IS NULL THEN period_label END, metric;

-- Province x period rows, one column per catalog metric (catalog v1; a new metric needs a new migration).
CREATE VIEW metric_wide AS
PIVOT (
    SELECT province, province_code, period_label, period_start, period_end, period_year, metric, value
    FROM metric_values
)
ON metric IN (
    'tthc.total', 'tthc.level.province', 'tthc.level.district', 'tthc.level.commune', 'tthc.one_stop', 'tthc.interlinked', 'tthc.announced.total', 'tthc.announced.new', 'tthc.announced.amended', 'tthc.announced.abolished', 'tthc.announce_decisions', 'tthc.internal_procedures', 'tthc.reviewed', 'tthc.simplification_proposed',
    'dvc.online.total', 'dvc.online.level3', 'dvc.online.level4', 'dvc.online.full', 'dvc.online.partial', 'dvc.online.full_share', 'dvc.online.partial_share', 'dvc.online.national_portal',
    'dossiers.received', 'dossiers.online', 'dossiers.online_rate', 'dossiers.resolved', 'dossiers.on_time', 'dossiers.on_time_rate', 'dossiers.late', 'dossiers.digitized', 'dossiers.digitized_rate',
    'feedback.received',
    'budget.revenue.plan', 'budget.revenue.actual', 'budget.revenue.pct_plan', 'budget.spend.actual', 'budget.spend.pct_plan', 'budget.spend.investment', 'budget.spend.investment_pct', 'budget.spend.recurrent', 'budget.spend.recurrent_pct',
    'invest.public.plan', 'invest.public.disbursed', 'invest.public.disbursed_pct', 'invest.projects.new',
    'enterprises.new',
    'sn_units.total', 'sn_units.autonomous',
    'org.units_reduced',
    'staff.quota_reduced', 'staff.recruited', 'staff.trained',
    'training.classes', 'training.participants',
    'edocs.received', 'edocs.received_signed', 'edocs.sent', 'edocs.sent_signed',
    'esign.certificates',
    'email.accounts',
    'index.par.score', 'index.par.rank', 'index.par.rank_change', 'index.sipas.score', 'index.sipas.rank', 'index.sipas.rank_change', 'index.papi.score', 'index.papi.rank', 'index.papi.rank_change', 'index.pci.score', 'index.pci.rank', 'index.pci.rank_change', 'index.dti.score', 'index.dti.rank',
    'plan.tasks.total', 'plan.tasks.done', 'plan.tasks.rate',
    'docs.issued.resolutions', 'docs.issued.decisions', 'docs.issued.plans', 'docs.issued.other',
    'legal.drafts_appraised', 'legal.docs_reviewed',
    'inspection.units',
    'survey.forms'
)
USING first(value)
GROUP BY province, province_code, period_label, period_start, period_end, period_year;

-- The most recent value of each metric for each province.
CREATE VIEW metric_latest AS
SELECT * FROM metric_values
QUALIFY row_number() OVER (
    PARTITION BY province, metric
    ORDER BY coalesce(period_end, doc_date) DESC NULLS LAST, period_start DESC NULLS LAST, period_label DESC
) = 1;
