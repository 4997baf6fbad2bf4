"""cchc: Vietnamese public-administration-reform (CCHC) reports into a queryable warehouse.

The pipeline runs in four stages, one subpackage module each, in this order:
``pipeline.ingest`` → ``pipeline.restore`` → ``pipeline.extract`` → ``pipeline.load``.
"""

__version__ = "0.1.0"
