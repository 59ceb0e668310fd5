-- parcheck schema 5. Every revision is signed by the device that made it
-- (docs/signing.md). Revisions made before this version have no row here
-- and are shown as unsigned.
CREATE TABLE rev_signature (
    rev_id            TEXT PRIMARY KEY,
    unit_code         TEXT NOT NULL,  -- signed with the revision
    checklist_version TEXT NOT NULL,  -- signed with the revision ('' for a unit's fields)
    signature         TEXT NOT NULL   -- Ed25519, hexadecimal
) STRICT, WITHOUT ROWID;

-- The public key of every device whose revisions this database holds.
CREATE TABLE device_key (
    device     TEXT PRIMARY KEY,
    public_key TEXT NOT NULL          -- Ed25519, hexadecimal
) STRICT, WITHOUT ROWID;

-- The team a lead merges from: a member's name and the fingerprint of the
-- device key they sign with. Local to this database; never exported.
CREATE TABLE team_member (
    fingerprint TEXT PRIMARY KEY,     -- e.g. K7QM-3XPA-WD2F-9BLE
    name        TEXT NOT NULL,
    added_at    TEXT NOT NULL
) STRICT;

-- Seals: one device signature over many revisions the device made
-- (`core/signing.rs`). An export writes them; a merge checks a seal once
-- instead of each revision's signature, and keeps the seals it received so
-- that a re-export passes them on.
CREATE TABLE seal (
    signature TEXT PRIMARY KEY,       -- Ed25519 over the body, hexadecimal
    device    TEXT NOT NULL,
    body      TEXT NOT NULL           -- JSON, exactly as signed
) STRICT;
CREATE INDEX seal_by_device ON seal(device);
