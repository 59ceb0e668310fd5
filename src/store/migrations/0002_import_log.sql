-- Bundles merged into this database, so a second merge of the same bundle
-- is recognised and reported as already known.
CREATE TABLE import_log (
    bundle_sha256 TEXT PRIMARY KEY,
    imported_at   TEXT NOT NULL,
    source_device TEXT NOT NULL,
    new_revisions INTEGER NOT NULL
) STRICT;

-- Finds the finding rows of a unit without scanning all inspections.
CREATE INDEX finding_item ON finding (item_id);
