-- storytrace store, schema 2: LSH band keys and paragraph hashes move to an in-memory
-- index rebuilt from `fingerprints` when ingest starts (see storytrace/store/index.py).
-- Kept in SQLite they made every batch rewrite most of two large B-trees.

DROP TABLE lsh;
DROP TABLE paragraphs;
