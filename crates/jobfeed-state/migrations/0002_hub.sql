-- jobfeed state, version 2: what the hub keeps besides crawls and postings.
--
-- campaign_matches: one stay of one posting in one campaign (the layout of
-- jobfeed-campaigns `changes.rs`); a posting that leaves and comes back gets
-- a second row. Timestamps in the state's fixed UTC form (RFC 3339).
CREATE TABLE campaign_matches (
    campaign     TEXT NOT NULL,
    posting_id   TEXT NOT NULL,
    entered_at   TEXT NOT NULL,
    left_at      TEXT,
    reason       TEXT CHECK (reason IN ('expired', 'changed_out', 'removed')),
    changed_at   TEXT,
    content_hash TEXT NOT NULL,
    PRIMARY KEY (campaign, posting_id, entered_at)
) STRICT;

-- source_details: the detail-page cache of a source's last successful crawl
-- (JSON), handed to its next crawl so unchanged detail pages cost a 304.
CREATE TABLE source_details (
    source_id    TEXT PRIMARY KEY NOT NULL,
    details_json TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

CREATE INDEX postings_company_status ON postings (company_id, status);
