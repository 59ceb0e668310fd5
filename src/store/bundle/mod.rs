//! Team merge: bundles of immutable revisions are merged by set union, and
//! the heads of every touched register move by the one head advance,
//! [`crate::core::register::advance`], as a local save's do. The merged state is therefore a function
//! of the revision set alone: idempotent, commutative and associative.
//! Semantics and defences are described in docs/merge.md.

mod check;
mod file;
mod import;
mod trust;

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::core::finding::{ConflictSide, RawValue};
use crate::core::register;
use crate::core::revision::hex;
use crate::store::{Store, StoreError};

pub use file::{BundleWriter, ExportScope, ExportSummary, MAX_BUNDLE_BYTES, export};
pub use import::{Change, MergeOptions, MergeSummary, merge_files};

/// A trust refusal of `file`.
pub(crate) fn untrusted(file: &std::path::Path, refusal: TrustRefusal) -> MergeError {
    MergeError::Untrusted {
        file: file.display().to_string(),
        refusal: Box::new(refusal),
    }
}

/// Format version of a bundle (the `manifest.format` value).
pub const BUNDLE_FORMAT: &str = "1";
/// Largest accepted value of one revision, in bytes.
pub const MAX_VALUE_BYTES: usize = 1_000_000;
/// Largest accepted id, entity, field, author, device or hash, in bytes.
pub const MAX_NAME_BYTES: usize = 1_000;

#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// The bundle is unusable; nothing was changed.
    #[error("{file}: rejected: {reason}")]
    Rejected { file: String, reason: String },
    /// A revision of the bundle cannot be shown to come from who it says
    /// (docs/signing.md); nothing was changed. Worded in both languages by
    /// [`crate::wording::trust_refusal`].
    #[error("{file}: rejected: {refusal}")]
    Untrusted {
        file: String,
        refusal: Box<TrustRefusal>,
    },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(String),
}

pub type Result<T> = std::result::Result<T, MergeError>;

/// Maps an error of the database at `path` to a merge error naming it.
pub(crate) fn store_err(path: &str) -> impl Fn(rusqlite::Error) -> MergeError + Copy + '_ {
    move |e| MergeError::Store(crate::store::sqlite_err(path, e))
}

pub(crate) fn db_err(store: &Store) -> impl Fn(rusqlite::Error) -> MergeError + Copy + '_ {
    store_err(store.path())
}

/// The revision a trust refusal is about, as people can look it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub rev_id: String,
    pub author: String,
    pub device: String,
}

/// Why a merge does not trust a bundle (`store/bundle/trust.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustRefusal {
    /// A device comes with a key other than the one this database knows.
    KeyChanged {
        device: String,
        fingerprint: String,
        known: String,
    },
    /// A seal beyond [`crate::core::signing::MAX_SEAL_BYTES`].
    SealTooLong {
        device: String,
        bytes: i64,
    },
    SealWithoutKey {
        device: String,
    },
    /// A seal whose body does not match its signature.
    SealAltered {
        device: String,
        fingerprint: String,
    },
    /// No signature, and the team keeps a roster.
    Unsigned {
        rev: Who,
    },
    WrongUnit {
        rev: Who,
        signed: String,
        placed: String,
    },
    WrongVersion {
        rev: Who,
        signed: String,
    },
    /// Signed, but its device's key is not in the bundle.
    NoKey {
        rev: Who,
    },
    /// Its own signature does not verify.
    Altered {
        rev: Who,
    },
    /// It travels under its device's seal, which does not cover it so.
    NotSealed {
        rev: Who,
    },
    /// Its device belongs to another member.
    OtherMembersName {
        rev: Who,
        fingerprint: String,
        member: String,
    },
    /// `--trust-new`: one device under two names.
    TwoNames {
        device: String,
        fingerprint: String,
        first: String,
        second: String,
    },
    /// `--trust-new`: a new device in a name another device holds.
    NameTaken {
        rev: Who,
        fingerprint: String,
        holder: String,
    },
    /// Its device is not in the roster.
    NotInTeam {
        rev: Who,
        fingerprint: String,
    },
}

impl std::fmt::Display for TrustRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::wording::trust_refusal(
            self,
            crate::core::lang::Lang::En,
        ))
    }
}

/// A device a merge with `--trust-new` added to the team roster.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NewMember {
    pub device: String,
    pub fingerprint: String,
    /// The author name its revisions carry, now bound to it.
    pub name: String,
}

/// Where an entity belongs, for people: unit, checklist, item.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Place {
    pub unit: String,
    pub checklist: String,
    pub item: String,
}

impl Place {
    /// The order people read places and their fields in: unit, checklist,
    /// item, field.
    pub(crate) fn order<'a>(&'a self, field: &'a str) -> (&'a str, &'a str, &'a str, &'a str) {
        (&self.unit, &self.checklist, &self.item, field)
    }
}

/// Resolves an entity id (finding key, inspection id, `u:CODE`).
pub(crate) fn place_of(conn: &rusqlite::Connection, entity: &str) -> rusqlite::Result<Place> {
    if let Some(code) = entity.strip_prefix("u:") {
        return Ok(Place {
            unit: code.to_owned(),
            checklist: String::new(),
            item: "(unit)".into(),
        });
    }
    let found = conn
        .prepare_cached(
            "SELECT i.unit_code, i.checklist_id, f.item_id FROM finding f JOIN inspection i ON i.id = f.inspection_id WHERE f.key = ?1",
        )?
        .query_row([entity], |r| Ok(Place { unit: r.get(0)?, checklist: r.get(1)?, item: r.get(2)? }))
        .optional()?;
    if let Some(p) = found {
        return Ok(p);
    }
    let insp = conn
        .prepare_cached("SELECT unit_code, checklist_id FROM inspection WHERE id = ?1")?
        .query_row([entity], |r| {
            Ok(Place {
                unit: r.get(0)?,
                checklist: r.get(1)?,
                item: "(inspection)".into(),
            })
        })
        .optional()?;
    Ok(insp.unwrap_or_else(|| Place {
        unit: "?".into(),
        checklist: "?".into(),
        item: entity.to_owned(),
    }))
}

/// An unresolved conflict: a register whose heads disagree.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConflictEntry {
    pub entity: String,
    pub place: Place,
    pub field: String,
    /// Newest first.
    pub sides: Vec<ConflictSide>,
}

/// Every register whose concurrent heads hold different values.
pub fn conflicts(store: &Store) -> Result<Vec<ConflictEntry>> {
    let conn = store.conn();
    let e = db_err(store);
    let mut st = conn
        .prepare(
            "SELECT h.entity, h.field, h.rev_id, h.value, h.at_ms, r.author, r.device
             FROM head h JOIN rev r ON r.id = h.rev_id
             WHERE (h.entity, h.field) IN (SELECT entity, field FROM head GROUP BY entity, field HAVING count(*) > 1)
             ORDER BY h.entity, h.field, h.at_ms DESC, h.rev_id DESC",
        )
        .map_err(&e)?;
    let mut groups: BTreeMap<(String, String), Vec<ConflictSide>> = BTreeMap::new();
    let mut rows = st.query([]).map_err(&e)?;
    while let Some(r) = rows.next().map_err(&e)? {
        let key: (String, String) = (r.get(0).map_err(&e)?, r.get(1).map_err(&e)?);
        let side = ConflictSide {
            rev_id: r.get(2).map_err(&e)?,
            value: r.get(3).map_err(&e)?,
            at_ms: r.get(4).map_err(&e)?,
            author: r.get(5).map_err(&e)?,
            device: r.get(6).map_err(&e)?,
        };
        groups.entry(key).or_default().push(side);
    }
    // A removed inspection's conflicts wait with it until it is restored.
    let removed = store.removed_inspection_ids()?;
    let mut inspection_of = conn
        .prepare_cached("SELECT inspection_id FROM finding WHERE key = ?1")
        .map_err(&e)?;
    let mut out = Vec::new();
    for ((entity, field), sides) in groups {
        if !removed.is_empty() {
            let owner: Option<String> = inspection_of
                .query_row([&entity], |r| r.get(0))
                .optional()
                .map_err(&e)?;
            if removed.contains(owner.as_deref().unwrap_or(&entity)) {
                continue;
            }
        }
        if register::in_conflict(sides.iter().map(|s| &s.value)) {
            let place = place_of(conn, &entity).map_err(&e)?;
            out.push(ConflictEntry {
                entity,
                place,
                field,
                sides,
            });
        }
    }
    out.sort_by(|a, b| a.place.order(&a.field).cmp(&b.place.order(&b.field)));
    Ok(out)
}

/// A canonical digest of the mergeable state: the revision set (ids and
/// content hashes), the parent edges, the identity rows and the heads. Two
/// databases with the same digest show the same findings and conflicts.
pub fn state_digest(store: &Store) -> Result<String> {
    let conn = store.conn();
    let e = db_err(store);
    let mut h = Sha256::new();
    let queries = [
        "SELECT 'rev', id, hash, '' FROM rev ORDER BY id",
        "SELECT 'parent', rev_id, parent_id, '' FROM rev_parent ORDER BY rev_id, parent_id",
        "SELECT 'unit', code, '', '' FROM unit ORDER BY code",
        "SELECT 'inspection', id, '', '' FROM inspection ORDER BY id",
        "SELECT 'finding', key, '', '' FROM finding ORDER BY key",
        "SELECT 'source', sha256, '', '' FROM checklist_source ORDER BY sha256",
        "SELECT 'head', entity, field, rev_id FROM head ORDER BY entity, field, rev_id",
    ];
    for q in queries {
        let mut st = conn.prepare(q).map_err(&e)?;
        let mut rows = st.query([]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            for i in 0..4 {
                let s: String = r.get(i).map_err(&e)?;
                h.update((s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
        }
    }
    Ok(hex(&h.finalize()))
}

/// All revision ids of a database, sorted.
pub fn revision_ids(store: &Store) -> Result<Vec<String>> {
    let e = db_err(store);
    let mut st = store
        .conn()
        .prepare("SELECT id FROM rev ORDER BY id")
        .map_err(&e)?;
    let ids = st
        .query_map([], |r| r.get(0))
        .map_err(&e)?
        .collect::<rusqlite::Result<Vec<String>>>()
        .map_err(&e)?;
    Ok(ids)
}

/// The heads of one register as stored: rev ids, sorted.
pub fn stored_heads(store: &Store, entity: &str, field: &str) -> Result<Vec<String>> {
    let e = db_err(store);
    let mut st = store
        .conn()
        .prepare("SELECT rev_id FROM head WHERE entity = ?1 AND field = ?2 ORDER BY rev_id")
        .map_err(&e)?;
    let ids = st
        .query_map(params![entity, field], |r| r.get(0))
        .map_err(&e)?
        .collect::<rusqlite::Result<Vec<String>>>()
        .map_err(&e)?;
    Ok(ids)
}

/// The value of one revision (None when cleared or unknown).
pub fn revision_value(store: &Store, rev_id: &str) -> Result<RawValue> {
    let e = db_err(store);
    let v: Option<RawValue> = store
        .conn()
        .query_row("SELECT value FROM rev WHERE id = ?1", [rev_id], |r| {
            r.get(0)
        })
        .optional()
        .map_err(&e)?;
    Ok(v.flatten())
}

/// Every revision of one register with its parents, in id order: what
/// [`crate::core::revision::heads_of`] needs to derive the heads
/// independently of the stored `head` table.
pub fn register_revisions(
    store: &Store,
    entity: &str,
    field: &str,
) -> Result<Vec<crate::core::revision::Revision>> {
    let e = db_err(store);
    let conn = store.conn();
    let mut revs: Vec<crate::core::revision::Revision> = conn
        .prepare(concat!(
            "SELECT ",
            crate::store::rev_row::rev_columns!(),
            " FROM rev WHERE entity = ?1 AND field = ?2 ORDER BY id"
        ))
        .and_then(|mut st| {
            st.query_map(params![entity, field], crate::store::rev_row::read)?
                .collect()
        })
        .map_err(&e)?;
    let mut st = conn
        .prepare("SELECT parent_id FROM rev_parent WHERE rev_id = ?1 ORDER BY parent_id")
        .map_err(&e)?;
    for r in &mut revs {
        r.parents = st
            .query_map([&r.id], |row| row.get(0))
            .and_then(Iterator::collect)
            .map_err(&e)?;
    }
    Ok(revs)
}
