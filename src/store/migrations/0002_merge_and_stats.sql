-- Bundles merged into this database, so a second merge of the same bundle
-- is recognised and reported as already known.
CREATE TABLE import_log (
    bundle_sha256 TEXT PRIMARY KEY,
    imported_at   TEXT NOT NULL,
    source_device TEXT NOT NULL,
    new_revisions INTEGER NOT NULL
) STRICT;

-- Per-inspection figures for the home screen, kept up to date with every
-- write (and recomputed after a merge) so that opening a database of
-- hundreds of thousands of findings reads one row per inspection.
CREATE TABLE inspection_stats (
    inspection_id TEXT PRIMARY KEY,
    checked       INTEGER NOT NULL DEFAULT 0,  -- findings whose status is set
    conflicts     INTEGER NOT NULL DEFAULT 0,  -- registers with differing heads
    first_at_ms   INTEGER,
    last_at_ms    INTEGER
) STRICT;

-- Everyone who recorded a revision of a finding of an inspection.
CREATE TABLE inspection_author (
    inspection_id TEXT NOT NULL,
    author        TEXT NOT NULL,
    first_at_ms   INTEGER NOT NULL,
    PRIMARY KEY (inspection_id, author)
) STRICT, WITHOUT ROWID;
