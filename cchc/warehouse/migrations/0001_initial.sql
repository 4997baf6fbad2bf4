-- The warehouse as of cchc 0.1: documents, their texts and pages, facts, citations, errors, metrics.
CREATE TABLE documents (
    doc_id           VARCHAR PRIMARY KEY,   -- first 16 hex digits of the file's sha256
    source_path      VARCHAR NOT NULL,
    sha256           VARCHAR NOT NULL,
    province         VARCHAR,
    province_code    VARCHAR,
    issuer           VARCHAR,
    doc_number       VARCHAR,
    doc_date         DATE,
    report_kind      VARCHAR,
    period_label     VARCHAR,
    period_start     DATE,
    period_end       DATE,
    title            VARCHAR,
    ingested_at      TIMESTAMP NOT NULL,
    reader           VARCHAR,               -- txt:<encoding>, pdf, pdf+ocr, image+ocr
    n_pages          INTEGER,
    pipeline_version VARCHAR NOT NULL
);

CREATE TABLE document_texts (
    doc_id        VARCHAR PRIMARY KEY,
    original_text VARCHAR NOT NULL,
    restored_text VARCHAR NOT NULL
);

CREATE TABLE pages (
    doc_id     VARCHAR NOT NULL,
    page       INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    ocr        BOOLEAN NOT NULL,
    PRIMARY KEY (doc_id, page)
);

CREATE TABLE facts (
    fact_id     VARCHAR PRIMARY KEY,        -- stable across re-ingest of the same file
    doc_id      VARCHAR NOT NULL,
    metric      VARCHAR NOT NULL,
    value       DOUBLE NOT NULL,
    unit        VARCHAR,
    subject     VARCHAR,
    as_of       DATE,
    rank_of     INTEGER,
    page        INTEGER,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    source_text VARCHAR NOT NULL,
    evidence    VARCHAR,
    confidence  DOUBLE NOT NULL,
    extractor   VARCHAR NOT NULL
);

CREATE TABLE doc_refs (
    doc_id      VARCHAR NOT NULL,
    kind        VARCHAR,
    number      VARCHAR NOT NULL,
    date        DATE,
    issuer      VARCHAR,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    page        INTEGER,
    source_text VARCHAR,
    confidence  DOUBLE
);

CREATE TABLE ingest_errors (
    source_path VARCHAR NOT NULL,
    stage       VARCHAR NOT NULL,
    message     VARCHAR NOT NULL,
    "at"        TIMESTAMP NOT NULL  -- quoted: AT is a keyword in DuckDB
);

CREATE TABLE metrics (
    metric      VARCHAR PRIMARY KEY,
    family      VARCHAR,
    unit        VARCHAR,
    description VARCHAR
);
