//! `merge`: validate bundles, union their rows in one transaction, and
//! recompute the heads of every touched register.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::bundle::{OpenBundle, open_untrusted, reject};
use super::{MAX_NAME_BYTES, MAX_VALUE_BYTES, MergeError, Place, Result, place_of};
use crate::core::finding::{Evidence, RawValue};
use crate::core::revision::{Revision, finding_key, hex, inspection_id};
use crate::store::{Store, StoreError};

#[derive(Debug, Clone)]
pub struct MergeOptions {
    /// Compute everything, then roll back.
    pub dry_run: bool,
    /// Collect the per-register changes ([`MergeSummary::changes`]).
    pub detail: bool,
    /// Longest time any one bundle may take to read before it is interrupted.
    pub deadline: Duration,
}

impl Default for MergeOptions {
    fn default() -> Self {
        MergeOptions {
            dry_run: false,
            detail: false,
            deadline: Duration::from_secs(600),
        }
    }
}

/// A register whose heads the merge changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    pub place: Place,
    pub entity: String,
    pub field: String,
    /// Head values before the merge (empty: the field was not set here).
    pub local: Vec<RawValue>,
    /// Head values after the merge.
    pub merged: Vec<RawValue>,
    /// The register is in conflict after the merge.
    pub conflict: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeSummary {
    pub file: PathBuf,
    pub new_revisions: u64,
    pub known_revisions: u64,
    /// Registers in conflict after this file that were not before.
    pub new_conflicts: u64,
    /// The same file was merged into this database before.
    pub already_imported: bool,
    pub changes: Vec<Change>,
}

/// Maps an error of the target database to a merge error naming it.
fn store_err(path: &str) -> impl Fn(rusqlite::Error) -> MergeError + Copy + '_ {
    move |err| {
        MergeError::Store(StoreError::Sqlite {
            path: path.to_owned(),
            source: err,
        })
    }
}

/// Merges `files` into `store`: all of them, or (on any error) none.
pub fn merge_files(
    store: &mut Store,
    files: &[PathBuf],
    opts: &MergeOptions,
) -> Result<Vec<MergeSummary>> {
    let path = store.path().to_owned();
    let e = store_err(&path);
    // A merge touches many B-tree pages at random: a 64 MiB cache for its
    // duration, back to the usual size afterwards.
    store
        .conn()
        .pragma_update(None, "cache_size", crate::store::MERGE_CACHE_KIB)
        .map_err(e)?;
    let result = merge_in_transaction(store, files, opts);
    let _ = store
        .conn()
        .pragma_update(None, "cache_size", crate::store::CACHE_KIB);
    result
}

fn merge_in_transaction(
    store: &mut Store,
    files: &[PathBuf],
    opts: &MergeOptions,
) -> Result<Vec<MergeSummary>> {
    let path = store.path().to_owned();
    let e = store_err(&path);
    let tx = store.conn_mut().transaction().map_err(e)?;
    let mut out = Vec::new();
    for f in files {
        let bundle = open_untrusted(f, opts.deadline)?;
        out.push(import_one(&tx, &bundle, f, opts, &path)?);
    }
    if opts.dry_run {
        tx.rollback().map_err(e)?;
    } else {
        tx.commit().map_err(e)?;
    }
    Ok(out)
}

fn check_len(file: &Path, what: &str, s: &str, max: usize) -> Result<()> {
    if s.len() > max {
        return Err(reject(
            file,
            format!("{what} is {} bytes long (at most {max} allowed)", s.len()),
        ));
    }
    Ok(())
}

/// Evidence paths that climb out with `..` are refused.
fn check_evidence(file: &Path, rev: &Revision) -> Result<()> {
    if !rev.field.starts_with("evidence:") {
        return Ok(());
    }
    let Some(v) = &rev.value else { return Ok(()) };
    if let Ok(Evidence::File { path, .. }) = serde_json::from_str::<Evidence>(v)
        && (path.split(['/', '\\']).any(|c| c == "..") || path.contains('\0'))
    {
        {
            return Err(reject(
                file,
                format!(
                    "revision {} has an evidence path that climbs out with \"..\": {path:?}",
                    rev.id
                ),
            ));
        }
    }
    Ok(())
}

fn import_one(
    tx: &Transaction<'_>,
    b: &OpenBundle,
    file: &Path,
    opts: &MergeOptions,
    db_path: &str,
) -> Result<MergeSummary> {
    let bad = |err: rusqlite::Error| reject(file, format!("cannot read the bundle: {err}"));
    let te = store_err(db_path);
    let src = &b.conn;

    // Identity rows: each must be the pure function of its id it claims to be.
    let copy = |table: &str, columns: &[&str], mismatch: &dyn Fn(&[String]) -> Option<String>| {
        let list = columns.join(", ");
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        let mut st = src
            .prepare(&format!("SELECT {list} FROM {table}"))
            .map_err(bad)?;
        let mut rows = st.query([]).map_err(bad)?;
        let mut ins = tx
            .prepare_cached(&format!(
                "INSERT OR IGNORE INTO {table}({list}) VALUES ({})",
                marks.join(", ")
            ))
            .map_err(te)?;
        while let Some(r) = rows.next().map_err(bad)? {
            let values = (0..columns.len())
                .map(|i| r.get::<_, String>(i))
                .collect::<rusqlite::Result<Vec<String>>>()
                .map_err(bad)?;
            if let Some(reason) = mismatch(&values) {
                return Err(reject(file, reason));
            }
            ins.execute(rusqlite::params_from_iter(&values))
                .map_err(te)?;
        }
        Ok(())
    };
    copy("unit", &["code"], &|v| {
        (v[0].len() > MAX_NAME_BYTES).then(|| {
            format!(
                "a unit code is {} bytes long (at most {MAX_NAME_BYTES} allowed)",
                v[0].len()
            )
        })
    })?;
    copy(
        "inspection",
        &["id", "campaign", "unit_code", "checklist_id"],
        &|v| {
            (inspection_id(&v[1], &v[2], &v[3]) != v[0]).then(|| {
                format!(
                    "inspection {} does not match its campaign, unit and checklist",
                    v[0]
                )
            })
        },
    )?;
    copy("finding", &["key", "inspection_id", "item_id"], &|v| {
        (finding_key(&v[1], &v[2]) != v[0])
            .then(|| format!("finding {} does not match its inspection and item", v[0]))
    })?;
    copy(
        "checklist_source",
        &["sha256", "checklist_id", "version", "source"],
        &|v| {
            (hex(&Sha256::digest(v[3].as_bytes())) != v[0])
                .then(|| format!("checklist source {} does not match its text", v[0]))
        },
    )?;

    // Revisions, merge-joined with their parent edges (both in id order).
    let mut rev_st = src
        .prepare("SELECT id, entity, field, value, author, device, at_ms, item_hash, hash FROM rev ORDER BY id")
        .map_err(bad)?;
    let mut par_st = src
        .prepare("SELECT rev_id, parent_id FROM rev_parent ORDER BY rev_id, parent_id")
        .map_err(bad)?;
    let mut revs = rev_st.query([]).map_err(bad)?;
    let mut pars = par_st.query([]).map_err(bad)?;
    let mut next_par: Option<(String, String)> = match pars.next().map_err(bad)? {
        Some(r) => Some((r.get(0).map_err(bad)?, r.get(1).map_err(bad)?)),
        None => None,
    };
    let mut ins_rev = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO rev(id, entity, field, value, author, device, at_ms, item_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .map_err(te)?;
    let mut ins_par = tx
        .prepare_cached("INSERT OR IGNORE INTO rev_parent(rev_id, parent_id) VALUES (?1, ?2)")
        .map_err(te)?;
    let mut local_hash = tx
        .prepare_cached("SELECT hash FROM rev WHERE id = ?1")
        .map_err(te)?;
    // What the bundle adds, kept in memory for the head update: its
    // registers, its new revisions (by id: register index, value, time) and
    // their parent edges.
    let mut registers: Vec<(String, String)> = Vec::new();
    let mut register_index: HashMap<(String, String), usize> = HashMap::new();
    let mut added: HashMap<String, (usize, RawValue, i64)> = HashMap::new();
    let mut edges: Vec<(String, usize)> = Vec::new();
    let mut content = Sha256::new();
    let (mut new_revisions, mut known_revisions, mut count) = (0u64, 0u64, 0u64);
    while let Some(r) = revs.next().map_err(bad)? {
        let mut rev = Revision {
            id: r.get(0).map_err(bad)?,
            entity: r.get(1).map_err(bad)?,
            field: r.get(2).map_err(bad)?,
            value: r.get(3).map_err(bad)?,
            parents: Vec::new(),
            author: r.get(4).map_err(bad)?,
            device: r.get(5).map_err(bad)?,
            at_ms: r.get(6).map_err(bad)?,
            item_hash: r.get(7).map_err(bad)?,
            hash: r.get(8).map_err(bad)?,
        };
        count += 1;
        while let Some((child, parent)) = next_par.take() {
            match child.cmp(&rev.id) {
                std::cmp::Ordering::Less => {
                    return Err(reject(
                        file,
                        format!("parent edge of unknown revision {child}"),
                    ));
                }
                std::cmp::Ordering::Equal => {
                    rev.parents.push(parent);
                    next_par = match pars.next().map_err(bad)? {
                        Some(p) => Some((p.get(0).map_err(bad)?, p.get(1).map_err(bad)?)),
                        None => None,
                    };
                }
                std::cmp::Ordering::Greater => {
                    next_par = Some((child, parent));
                    break;
                }
            }
        }
        for (what, s) in [
            ("a revision id", &rev.id),
            ("an entity", &rev.entity),
            ("a field name", &rev.field),
            ("an author", &rev.author),
            ("a device", &rev.device),
            ("a hash", &rev.hash),
        ] {
            check_len(file, what, s, MAX_NAME_BYTES)?;
        }
        if let Some(v) = &rev.value
            && v.len() > MAX_VALUE_BYTES
        {
            {
                return Err(reject(
                    file,
                    format!(
                        "revision {} has a value of {} bytes (at most {MAX_VALUE_BYTES} allowed)",
                        rev.id,
                        v.len()
                    ),
                ));
            }
        }
        if !rev.hash_is_valid() {
            return Err(reject(
                file,
                format!(
                    "revision {} does not match its content hash (edited or damaged)",
                    rev.id
                ),
            ));
        }
        check_evidence(file, &rev)?;
        content.update(rev.id.as_bytes());
        content.update(b":");
        content.update(rev.hash.as_bytes());
        content.update(b"\n");
        let n = ins_rev
            .execute(params![
                rev.id,
                rev.entity,
                rev.field,
                rev.value,
                rev.author,
                rev.device,
                rev.at_ms,
                rev.item_hash,
                rev.hash
            ])
            .map_err(te)?;
        if n == 0 {
            let here: Option<String> = local_hash
                .query_row([&rev.id], |r| r.get(0))
                .optional()
                .map_err(te)?;
            if here.as_deref() != Some(rev.hash.as_str()) {
                return Err(reject(
                    file,
                    format!(
                        "revision {} already exists here with different content",
                        rev.id
                    ),
                ));
            }
            known_revisions += 1;
            continue;
        }
        new_revisions += 1;
        let key = (rev.entity, rev.field);
        let reg = match register_index.get(&key) {
            Some(&i) => i,
            None => {
                registers.push(key.clone());
                register_index.insert(key, registers.len() - 1);
                registers.len() - 1
            }
        };
        for p in rev.parents {
            ins_par.execute(params![rev.id, p]).map_err(te)?;
            edges.push((p, reg));
        }
        added.insert(rev.id, (reg, rev.value, rev.at_ms));
    }
    if let Some((child, _)) = next_par {
        return Err(reject(
            file,
            format!("parent edge of unknown revision {child}"),
        ));
    }
    drop(revs);
    drop(pars);
    let manifest = |k: &str| {
        b.manifest
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    if !b.manifest.is_empty() {
        if manifest("revisions") != Some(count.to_string()) {
            return Err(reject(
                file,
                "the manifest's revision count does not match the content",
            ));
        }
        if manifest("content_sha256") != Some(hex(&content.finalize())) {
            return Err(reject(
                file,
                "the manifest's SHA-256 does not match the content",
            ));
        }
    }
    // Every parent must exist, in the same register: in this bundle, or
    // among the revisions already here.
    let mut superseded: HashSet<&str> = HashSet::new();
    let mut outside: Vec<(&str, usize)> = Vec::new();
    {
        let mut here = tx
            .prepare_cached("SELECT entity, field FROM rev WHERE id = ?1")
            .map_err(te)?;
        for (p, reg) in &edges {
            let parent_reg = match added.get(p) {
                Some((r, _, _)) => Some(registers[*r].clone()),
                None => here
                    .query_row([p], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
                    .map_err(te)?,
            };
            if parent_reg.as_ref() != Some(&registers[*reg]) {
                return Err(reject(
                    file,
                    format!(
                        "a revision names a parent {p} that is missing or belongs to another field"
                    ),
                ));
            }
            if added.contains_key(p) {
                superseded.insert(p.as_str());
            } else {
                outside.push((p.as_str(), *reg));
            }
        }
    }

    // New heads. A new revision is a head unless another names it as a
    // parent; only revisions of this bundle can (the database is closed
    // under parents). The local heads a new revision names stop being
    // heads. This equals `Register::resolve` over all revisions of each
    // register; the property tests check that equality.
    // Heads before, read once per register; the heads after follow from
    // them and the bundle without reading them back.
    let before: Vec<Heads> = registers
        .iter()
        .map(|(e, f)| heads_of(tx, e, f))
        .collect::<rusqlite::Result<_>>()
        .map_err(te)?;
    let mut leaves: Vec<Heads> = vec![Vec::new(); registers.len()];
    {
        let mut del = tx
            .prepare_cached("DELETE FROM head WHERE entity = ?1 AND field = ?2 AND rev_id = ?3")
            .map_err(te)?;
        for (p, reg) in &outside {
            let (e, f) = &registers[*reg];
            del.execute(params![e, f, p]).map_err(te)?;
        }
        let mut ins = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO head(entity, field, rev_id, value, at_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(te)?;
        for (id, (reg, value, at)) in &added {
            if !superseded.contains(id.as_str()) {
                let (e, f) = &registers[*reg];
                ins.execute(params![e, f, id, value, at]).map_err(te)?;
                leaves[*reg].push((id.clone(), value.clone(), *at));
            }
        }
    }
    let outside_ids: HashSet<&str> = outside.iter().map(|(p, _)| *p).collect();
    let conflicted = |h: &Heads| h.windows(2).any(|w| w[0].1 != w[1].1);
    let mut new_conflicts = 0;
    let mut changes = Vec::new();
    for (((entity, field), before), mut after) in registers.iter().zip(before).zip(leaves) {
        after.extend(
            before
                .iter()
                .filter(|h| !outside_ids.contains(h.0.as_str()))
                .cloned(),
        );
        after.sort_by(|a, b| (b.2, &b.0).cmp(&(a.2, &a.0)));
        if after.is_empty() {
            // Parents that loop back on each other: only a crafted bundle.
            return Err(reject(
                file,
                format!("the revisions of {entity} supersede each other in a cycle"),
            ));
        }
        let is = conflicted(&after);
        if is && !conflicted(&before) {
            new_conflicts += 1;
        }
        if opts.detail && before.iter().map(|h| &h.0).ne(after.iter().map(|h| &h.0)) {
            changes.push(Change {
                place: place_of(tx, entity).map_err(te)?,
                entity: entity.clone(),
                field: field.clone(),
                local: before.into_iter().map(|h| h.1).collect(),
                merged: after.into_iter().map(|h| h.1).collect(),
                conflict: is,
            });
        }
    }

    // The home screen's per-inspection figures follow the new heads.
    let mut inspections = std::collections::BTreeSet::new();
    {
        let mut of = tx
            .prepare_cached("SELECT inspection_id FROM finding WHERE key = ?1")
            .map_err(te)?;
        let entities: HashSet<&str> = registers.iter().map(|(e, _)| e.as_str()).collect();
        for entity in entities {
            if let Some(id) = of
                .query_row([entity], |r| r.get::<_, String>(0))
                .optional()
                .map_err(te)?
            {
                inspections.insert(id);
            }
        }
    }
    for id in &inspections {
        crate::store::recompute_inspection_stats(tx, id).map_err(te)?;
    }
    changes.sort_by(|a, b| {
        (&a.place.unit, &a.place.checklist, &a.place.item, &a.field).cmp(&(
            &b.place.unit,
            &b.place.checklist,
            &b.place.item,
            &b.field,
        ))
    });

    let already_imported: bool = tx
        .query_row(
            "SELECT count(*) FROM import_log WHERE bundle_sha256 = ?1",
            [&b.file_sha256],
            |r| r.get::<_, i64>(0),
        )
        .map_err(te)?
        > 0;
    tx.execute(
        "INSERT OR IGNORE INTO import_log(bundle_sha256, imported_at, source_device, new_revisions) VALUES (?1, ?2, ?3, ?4)",
        params![
            b.file_sha256,
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            manifest("source_device").unwrap_or_else(|| "(database)".into()),
            new_revisions as i64
        ],
    )
    .map_err(te)?;
    Ok(MergeSummary {
        file: file.to_path_buf(),
        new_revisions,
        known_revisions,
        new_conflicts,
        already_imported,
        changes,
    })
}

/// Heads of a register, newest first: (rev id, value, time).
type Heads = Vec<(String, RawValue, i64)>;

/// The stored heads of one register, newest first.
fn heads_of(tx: &rusqlite::Connection, entity: &str, field: &str) -> rusqlite::Result<Heads> {
    tx.prepare_cached(
        "SELECT rev_id, value, at_ms FROM head WHERE entity = ?1 AND field = ?2 ORDER BY at_ms DESC, rev_id DESC",
    )?
    .query_map([entity, field], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    .collect()
}
