-- storytrace store, schema 1. Applied in one transaction by storytrace.store.schema.
-- articles.seq is the ingest order (never reused). articles.ident (the content hash with
-- the article's URL, else outlet, else id) makes ingest idempotent: the same input twice
-- adds nothing, while the same text from another outlet is stored and linked as a copy.

CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    ident TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    norm_hash TEXT NOT NULL,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    author TEXT,
    url TEXT,
    published TEXT,
    language TEXT,
    raw TEXT NOT NULL,
    lead TEXT NOT NULL,
    chars INTEGER NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}',
    added_at TEXT NOT NULL
);
CREATE INDEX articles_norm_hash ON articles (norm_hash);
CREATE INDEX articles_hash ON articles (hash);

-- Near-duplicate fingerprints: the MinHash signature (uint32 x num_perm) and the sorted
-- hashes of normalised paragraphs (int64), both as raw little-endian bytes.
CREATE TABLE fingerprints (
    seq INTEGER PRIMARY KEY REFERENCES articles (seq),
    minhash BLOB NOT NULL,
    paragraphs BLOB NOT NULL
);

-- LSH buckets: one row per (band key, article); band keys mix the band number in.
CREATE TABLE lsh (
    key INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (key, seq)
) WITHOUT ROWID;

-- Exact paragraph hashes, to find copies that add or drop a header or footer.
CREATE TABLE paragraphs (
    hash INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (hash, seq)
) WITHOUT ROWID;

-- Reposts and syndicated copies: linked with their estimated similarity, never deleted.
CREATE TABLE duplicates (
    article TEXT NOT NULL,
    duplicate_of TEXT NOT NULL,
    similarity REAL NOT NULL,
    method TEXT NOT NULL,
    PRIMARY KEY (article, duplicate_of)
) WITHOUT ROWID;
CREATE INDEX duplicates_of ON duplicates (duplicate_of);

-- Story clustering results (written by storytrace.cluster).
CREATE TABLE assignments (
    article TEXT PRIMARY KEY,
    story TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX assignments_story ON assignments (story);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT,
    first_published TEXT,
    last_published TEXT,
    languages TEXT NOT NULL DEFAULT '[]',
    outlets TEXT NOT NULL DEFAULT '[]',
    size INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

-- Free key/value state for incremental stages (e.g. the clusterer's centroids).
CREATE TABLE state (
    key TEXT PRIMARY KEY,
    value BLOB
);
