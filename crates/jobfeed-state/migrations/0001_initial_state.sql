-- jobfeed state, version 1: sources, postings, which source lists which
-- posting, and the crawl history. See `src/lib.rs` for what each column means.
--
-- Timestamps are TEXT in one fixed UTC form (`2026-05-04T12:00:00.000000000Z`)
-- so that text comparison is time comparison and the file stays readable in
-- the sqlite3 shell.

CREATE TABLE sources (
    source_id            TEXT PRIMARY KEY NOT NULL,
    company_id           TEXT NOT NULL,
    etag                 TEXT,
    last_modified        TEXT,
    last_crawl_at        TEXT,
    last_success_at      TEXT,
    last_outcome         TEXT CHECK (last_outcome IN ('success', 'not_modified', 'failed')),
    http_status          INTEGER,
    error                TEXT,
    duration_ms          INTEGER,
    found                INTEGER,
    stated_count         INTEGER,
    consecutive_failures INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE postings (
    id             TEXT PRIMARY KEY NOT NULL,
    company_id     TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    posting_json   TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('active', 'expired')),
    expired_reason TEXT,
    expired_at     TEXT,
    first_seen     TEXT NOT NULL,
    last_seen      TEXT NOT NULL,
    valid_through  TEXT,
    changed_at     TEXT NOT NULL,
    -- An expired posting always says when and why; an active one never does.
    CHECK ((status = 'active') = (expired_at IS NULL AND expired_reason IS NULL))
) STRICT;

-- Index rebuild pages through active postings by id.
CREATE INDEX postings_by_status ON postings (status, id);
-- Incremental index updates page through changes by (changed_at, id).
CREATE INDEX postings_by_change ON postings (changed_at, id);
-- expire_overdue looks only at active postings with a deadline.
CREATE INDEX postings_active_deadline ON postings (valid_through)
    WHERE status = 'active' AND valid_through IS NOT NULL;
-- Retention purges expired postings by expiry time.
CREATE INDEX postings_expired_at ON postings (expired_at) WHERE status = 'expired';

CREATE TABLE posting_sources (
    source_id       TEXT NOT NULL REFERENCES sources (source_id) ON DELETE CASCADE,
    posting_id      TEXT NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    native_id       TEXT,
    url             TEXT,
    first_listed_at TEXT NOT NULL,
    last_listed_at  TEXT NOT NULL,
    PRIMARY KEY (source_id, posting_id)
) STRICT, WITHOUT ROWID;

-- "Which other sources still list this posting" is asked on every delisting.
CREATE INDEX posting_sources_by_posting ON posting_sources (posting_id);

CREATE TABLE crawls (
    id          INTEGER PRIMARY KEY,
    source_id   TEXT NOT NULL REFERENCES sources (source_id) ON DELETE CASCADE,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('success', 'not_modified', 'failed')),
    http_status INTEGER,
    error       TEXT,
    duration_ms INTEGER NOT NULL,
    found       INTEGER NOT NULL,
    new         INTEGER NOT NULL,
    changed     INTEGER NOT NULL,
    reactivated INTEGER NOT NULL,
    expired     INTEGER NOT NULL
) STRICT;

CREATE INDEX crawls_by_source ON crawls (source_id, id);
CREATE INDEX crawls_by_finish ON crawls (finished_at);
