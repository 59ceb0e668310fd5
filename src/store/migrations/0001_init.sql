-- parcheck schema 1. Migrations are append-only: never edit a shipped file,
-- add a new one.

-- Key/value facts about this database: its device id, its clock.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Identity rows: their columns are a pure function of their id, so every
-- database that knows an entity knows the same row and merging is a union.
CREATE TABLE unit (
    code TEXT PRIMARY KEY
) STRICT;

CREATE TABLE inspection (
    id           TEXT PRIMARY KEY,
    campaign     TEXT NOT NULL,
    unit_code    TEXT NOT NULL,
    checklist_id TEXT NOT NULL
) STRICT;
CREATE INDEX inspection_unit ON inspection (unit_code);

CREATE TABLE finding (
    key           TEXT PRIMARY KEY,
    inspection_id TEXT NOT NULL,
    item_id       TEXT NOT NULL
) STRICT;
CREATE INDEX finding_inspection ON finding (inspection_id);

-- The exact checklist texts findings were recorded against, by content.
CREATE TABLE checklist_source (
    sha256       TEXT PRIMARY KEY,
    checklist_id TEXT NOT NULL,
    version      TEXT NOT NULL,
    source       TEXT NOT NULL
) STRICT;

-- Every change ever made: immutable, never updated, never deleted.
CREATE TABLE rev (
    id        TEXT PRIMARY KEY,   -- UUIDv7
    entity    TEXT NOT NULL,      -- finding key, inspection id or 'u:<unit code>'
    field     TEXT NOT NULL,
    value     TEXT,               -- JSON; NULL = cleared
    author    TEXT NOT NULL,
    device    TEXT NOT NULL,
    at_ms     INTEGER NOT NULL,
    item_hash TEXT,
    hash      TEXT NOT NULL
) STRICT;
CREATE INDEX rev_register ON rev (entity, field);

-- Which revisions a revision supersedes. Both columns are looked up.
CREATE TABLE rev_parent (
    rev_id    TEXT NOT NULL,
    parent_id TEXT NOT NULL,
    PRIMARY KEY (rev_id, parent_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX rev_parent_parent ON rev_parent (parent_id);

-- Derived from rev + rev_parent: the revisions of each register that no
-- other revision supersedes. More than one head with different values is a
-- conflict. Value and time are copied here so screens read one table.
CREATE TABLE head (
    entity TEXT NOT NULL,
    field  TEXT NOT NULL,
    rev_id TEXT NOT NULL,
    value  TEXT,
    at_ms  INTEGER NOT NULL,
    PRIMARY KEY (entity, field, rev_id)
) STRICT, WITHOUT ROWID;
