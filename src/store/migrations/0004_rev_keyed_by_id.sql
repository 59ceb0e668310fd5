-- parcheck schema 4. Revisions are stored in the order of their id, the key
-- every lookup uses, instead of by a rowid with a separate index on the id:
-- one B-tree less to write for every save and every merged revision.
CREATE TABLE rev_by_id (
    id        TEXT PRIMARY KEY,   -- UUIDv7
    entity    TEXT NOT NULL,      -- finding key, inspection id or 'u:<unit code>'
    field     TEXT NOT NULL,
    value     TEXT,               -- JSON; NULL = cleared
    author    TEXT NOT NULL,
    device    TEXT NOT NULL,
    at_ms     INTEGER NOT NULL,
    item_hash TEXT,
    hash      TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO rev_by_id(id, entity, field, value, author, device, at_ms, item_hash, hash)
    SELECT id, entity, field, value, author, device, at_ms, item_hash, hash FROM rev;
DROP TABLE rev;
ALTER TABLE rev_by_id RENAME TO rev;
CREATE INDEX rev_register ON rev (entity, field);
