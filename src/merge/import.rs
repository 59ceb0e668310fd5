//! `merge`: validate bundles, union their rows in one transaction, and
//! recompute the heads of every touched register.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::limits::Limit;
use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::bundle::{OpenBundle, PrivateCopy, copy_private, open_copy, reject};
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
    /// Longest time the checks of any one bundle may run, counted from when
    /// it is opened, before they are interrupted.
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
    let limit = store
        .conn()
        .limit(Limit::SQLITE_LIMIT_ATTACHED)
        .map_err(e)?;
    if files.len() > usize::try_from(limit).unwrap_or(0) {
        return Err(MergeError::Invalid(format!(
            "{} files given; at most {limit} can be merged at once. Merge the others in a second run: the result does not depend on the order.",
            files.len()
        )));
    }
    // Private copies first: nothing reads a user's file after this. Each
    // copy's version, pages and exact schema are checked through a defensive
    // read-only connection before the database's own connection attaches
    // it; its rows are checked before that connection reads any of them
    // (see `merge_attached`).
    let (copies, opened): (Vec<PrivateCopy>, Vec<OpenBundle>) =
        prepare_all(files, opts.deadline)?.into_iter().unzip();
    // The copies are attached read-only to the database's own connection,
    // so that their rows are copied inside SQLite; ATTACH must come before
    // the transaction. They are detached whatever happens.
    let mut attached = 0;
    let mut result = Ok(Vec::new());
    for (k, c) in copies.iter().enumerate() {
        if let Err(err) = attach(store.conn(), k, c) {
            result = Err(err);
            break;
        }
        attached += 1;
    }
    if result.is_ok() {
        result = merge_attached(store, &copies, opened, opts);
    }
    for k in 0..attached {
        let _ = store
            .conn()
            .execute_batch(&format!("DETACH DATABASE {}", alias(k)));
    }
    result
}

/// Copies and opens the files given to merge, two at a time (copying and
/// checking pages is reading, hashing and writing). An error names the
/// first failing file in order.
fn prepare_all(files: &[PathBuf], deadline: Duration) -> Result<Vec<(PrivateCopy, OpenBundle)>> {
    let (first, second) = files.split_at(files.len().div_ceil(2));
    let prepare = |fs: &[PathBuf]| {
        fs.iter()
            .map(|f| {
                let copy = copy_private(f)?;
                let open = open_copy(&copy, deadline)?;
                Ok((copy, open))
            })
            .collect::<Result<Vec<_>>>()
    };
    let (a, b) = std::thread::scope(|s| {
        let b = s.spawn(|| prepare(second));
        (prepare(first), b.join())
    });
    let b = b.map_err(|_| MergeError::Io("opening the files stopped unexpectedly".into()))?;
    let mut all = a?;
    all.extend(b?);
    Ok(all)
}

/// The schema name of the k-th attached copy.
fn alias(k: usize) -> String {
    format!("bundle{k}")
}

/// Attaches a private copy read-only (a `file:` URI with `mode=ro`; the
/// copy's path is percent-encoded into it).
fn attach(conn: &rusqlite::Connection, k: usize, copy: &PrivateCopy) -> Result<()> {
    let mut uri = String::from("file:");
    for b in copy.path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/._-~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro");
    let io = |err: rusqlite::Error| {
        MergeError::Io(format!(
            "cannot read the copy of {}: {err}",
            copy.file.display()
        ))
    };
    conn.execute("ATTACH DATABASE ?1 AS ?2", params![uri, alias(k)])
        .map_err(io)?;
    if !conn.is_readonly(alias(k).as_str()).map_err(io)? {
        return Err(MergeError::Io(format!(
            "the copy of {} could not be opened read-only",
            copy.file.display()
        )));
    }
    Ok(())
}

/// Merges the attached copies in one transaction. A second thread reads and
/// checks bundle k+1 while this one merges bundle k: checking is reading
/// and hashing, merging is writing, and the machine has two cores.
fn merge_attached(
    store: &mut Store,
    copies: &[PrivateCopy],
    opened: Vec<OpenBundle>,
    opts: &MergeOptions,
) -> Result<Vec<MergeSummary>> {
    let path = store.path().to_owned();
    let e = store_err(&path);
    std::thread::scope(|scope| {
        let (send, checked) = std::sync::mpsc::sync_channel::<Result<Checked>>(1);
        // Merged bundles come back to be freed there, off this thread.
        let (trash, merged) = std::sync::mpsc::channel::<Checked>();
        scope.spawn(move || {
            for (c, b) in copies.iter().zip(opened) {
                let r = check_bundle(&b, &c.file);
                let failed = r.is_err();
                // A closed channel: the merge stopped on an earlier error.
                if send.send(r).is_err() || failed {
                    break;
                }
                while merged.try_recv().is_ok() {}
            }
            drop(send);
            while merged.recv().is_ok() {}
        });
        let tx = store.conn_mut().transaction().map_err(e)?;
        let mut out = Vec::new();
        for (k, copy) in copies.iter().enumerate() {
            let c = checked
                .recv()
                .map_err(|_| MergeError::Io("the bundle checker stopped unexpectedly".into()))??;
            out.push(import_one(&tx, &alias(k), copy, &c, opts, &path)?);
            let _ = trash.send(c);
        }
        if opts.dry_run {
            tx.rollback().map_err(e)?;
        } else {
            tx.commit().map_err(e)?;
        }
        Ok(out)
    })
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

/// A revision of a checked bundle, as the head update needs it.
struct BundleRev {
    id: String,
    /// Index into [`Checked::registers`].
    reg: usize,
    value: RawValue,
    at_ms: i64,
    parents: Vec<Parent>,
    /// Another revision of the bundle names this one as its parent.
    has_child: bool,
}

/// A parent named by a bundle revision.
enum Parent {
    /// A revision of the same bundle (same register: checked), by index.
    InBundle(usize),
    /// A revision the database must already have.
    Elsewhere(String),
}

/// What checking a bundle yields: every row is what it claims to be, and
/// the bundle's own graph of revisions, worked out on the checking thread.
struct Checked {
    registers: Vec<(String, String)>,
    register_index: HashMap<(String, String), usize>,
    revs: Vec<BundleRev>,
    /// Indexes of `revs` in id order.
    by_id: Vec<usize>,
    source_device: Option<String>,
}

impl Checked {
    fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id
            .binary_search_by(|&i| self.revs[i].id.as_str().cmp(id))
            .ok()
            .map(|k| self.by_id[k])
    }
}

/// Reads a whole bundle and checks it: identity rows are the pure functions
/// of their ids they claim to be, every revision matches its content hash
/// and stays within the size limits, parent edges name revisions of the
/// bundle, and the manifest's count and SHA-256 match the content.
fn check_bundle(b: &OpenBundle, file: &Path) -> Result<Checked> {
    let bad = |err: rusqlite::Error| reject(file, format!("cannot read the bundle: {err}"));
    let src = &b.conn;

    let check = |table: &str, columns: &[&str], mismatch: &dyn Fn(&[String]) -> Option<String>| {
        let mut st = src
            .prepare(&format!(
                "SELECT {} FROM {table} NOT INDEXED",
                columns.join(", ")
            ))
            .map_err(bad)?;
        let mut rows = st.query([]).map_err(bad)?;
        while let Some(r) = rows.next().map_err(bad)? {
            let values = (0..columns.len())
                .map(|i| r.get::<_, String>(i))
                .collect::<rusqlite::Result<Vec<String>>>()
                .map_err(bad)?;
            if let Some(reason) = mismatch(&values) {
                return Err(reject(file, reason));
            }
        }
        Ok(())
    };
    check("unit", &["code"], &|v| {
        (v[0].len() > MAX_NAME_BYTES).then(|| {
            format!(
                "a unit code is {} bytes long (at most {MAX_NAME_BYTES} allowed)",
                v[0].len()
            )
        })
    })?;
    check(
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
    check("finding", &["key", "inspection_id", "item_id"], &|v| {
        (finding_key(&v[1], &v[2]) != v[0])
            .then(|| format!("finding {} does not match its inspection and item", v[0]))
    })?;
    check(
        "checklist_source",
        &["sha256", "checklist_id", "version", "source"],
        &|v| {
            (hex(&Sha256::digest(v[3].as_bytes())) != v[0])
                .then(|| format!("checklist source {} does not match its text", v[0]))
        },
    )?;

    // Revisions and their parent edges, read the way the merge will copy
    // them (a scan of each table, `NOT INDEXED`): an index that disagrees
    // with its table cannot show this check one row and the copy another.
    let mut parents_of: HashMap<String, Vec<String>> = HashMap::new();
    {
        let mut st = src
            .prepare("SELECT rev_id, parent_id FROM rev_parent NOT INDEXED")
            .map_err(bad)?;
        let mut rows = st.query([]).map_err(bad)?;
        while let Some(r) = rows.next().map_err(bad)? {
            parents_of
                .entry(r.get(0).map_err(bad)?)
                .or_default()
                .push(r.get(1).map_err(bad)?);
        }
    }
    let mut rev_st = src
        .prepare("SELECT id, entity, field, value, author, device, at_ms, item_hash, hash FROM rev NOT INDEXED")
        .map_err(bad)?;
    let mut revs = rev_st.query([]).map_err(bad)?;
    let mut registers: Vec<(String, String)> = Vec::new();
    let mut register_index: HashMap<(String, String), usize> = HashMap::new();
    let mut out: Vec<BundleRev> = Vec::new();
    let mut hashes: Vec<String> = Vec::new();
    let mut raw_parents: Vec<Vec<String>> = Vec::new();
    while let Some(r) = revs.next().map_err(bad)? {
        let id: String = r.get(0).map_err(bad)?;
        let parents = parents_of.remove(&id).unwrap_or_default();
        let rev = Revision {
            id,
            entity: r.get(1).map_err(bad)?,
            field: r.get(2).map_err(bad)?,
            value: r.get(3).map_err(bad)?,
            parents,
            author: r.get(4).map_err(bad)?,
            device: r.get(5).map_err(bad)?,
            at_ms: r.get(6).map_err(bad)?,
            item_hash: r.get(7).map_err(bad)?,
            hash: r.get(8).map_err(bad)?,
        };
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
            return Err(reject(
                file,
                format!(
                    "revision {} has a value of {} bytes (at most {MAX_VALUE_BYTES} allowed)",
                    rev.id,
                    v.len()
                ),
            ));
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
        hashes.push(rev.hash);
        let key = (rev.entity, rev.field);
        let reg = match register_index.get(&key) {
            Some(&i) => i,
            None => {
                registers.push(key.clone());
                register_index.insert(key, registers.len() - 1);
                registers.len() - 1
            }
        };
        raw_parents.push(rev.parents);
        out.push(BundleRev {
            id: rev.id,
            reg,
            value: rev.value,
            at_ms: rev.at_ms,
            parents: Vec::new(),
            has_child: false,
        });
    }
    if let Some(child) = parents_of.keys().min() {
        return Err(reject(
            file,
            format!("parent edge of unknown revision {child}"),
        ));
    }
    // The content digest runs over the revisions in id order; the same
    // order shows a revision id given twice.
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_unstable_by(|&a, &b| out[a].id.cmp(&out[b].id));
    let mut content = Sha256::new();
    for (n, &i) in order.iter().enumerate() {
        if n > 0 && out[order[n - 1]].id == out[i].id {
            return Err(reject(
                file,
                format!("revision {} appears twice", out[i].id),
            ));
        }
        content.update(out[i].id.as_bytes());
        content.update(b":");
        content.update(hashes[i].as_bytes());
        content.update(b"\n");
    }
    // Parents within the bundle must be of the same register.
    let mut checked = Checked {
        registers,
        register_index,
        revs: out,
        by_id: order,
        source_device: None,
    };
    for (i, parents) in raw_parents.into_iter().enumerate() {
        for p in parents {
            let parent = match checked.index_of(&p) {
                Some(j) => {
                    if checked.revs[j].reg != checked.revs[i].reg {
                        return Err(reject(
                            file,
                            format!("a revision names a parent {p} that belongs to another field"),
                        ));
                    }
                    checked.revs[j].has_child = true;
                    Parent::InBundle(j)
                }
                None => Parent::Elsewhere(p),
            };
            checked.revs[i].parents.push(parent);
        }
    }
    let manifest = |k: &str| {
        b.manifest
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    if !b.manifest.is_empty() {
        if manifest("revisions") != Some(checked.revs.len().to_string()) {
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
    checked.source_device = manifest("source_device");
    Ok(checked)
}

/// Merges one checked bundle, attached as `schema`, inside the transaction.
fn import_one(
    tx: &Transaction<'_>,
    schema: &str,
    copy: &PrivateCopy,
    checked: &Checked,
    opts: &MergeOptions,
    db_path: &str,
) -> Result<MergeSummary> {
    let file = copy.file.as_path();
    let te = store_err(db_path);
    // Revisions this database already has must be the very same.
    let mut known = vec![false; checked.revs.len()];
    {
        let mut st = tx
            .prepare(&format!(
                "SELECT b.id, b.hash = m.hash FROM {schema}.rev AS b NOT INDEXED CROSS JOIN main.rev AS m ON m.id = b.id"
            ))
            .map_err(te)?;
        let mut rows = st.query([]).map_err(te)?;
        while let Some(r) = rows.next().map_err(te)? {
            let id: String = r.get(0).map_err(te)?;
            if !r.get::<_, bool>(1).map_err(te)? {
                return Err(reject(
                    file,
                    format!("revision {id} already exists here with different content"),
                ));
            }
            if let Some(i) = checked.index_of(&id) {
                known[i] = true;
            }
        }
    }
    // The union itself, row for row inside SQLite: identity rows, then
    // revisions and their parent edges.
    for (table, columns) in [
        ("unit", "code"),
        ("inspection", "id, campaign, unit_code, checklist_id"),
        ("finding", "key, inspection_id, item_id"),
        ("checklist_source", "sha256, checklist_id, version, source"),
        (
            "rev",
            "id, entity, field, value, author, device, at_ms, item_hash, hash",
        ),
        ("rev_parent", "rev_id, parent_id"),
    ] {
        tx.execute(
            &format!(
                "INSERT OR IGNORE INTO main.{table}({columns}) SELECT {columns} FROM {schema}.{table} NOT INDEXED"
            ),
            [],
        )
        .map_err(te)?;
    }
    let Checked {
        registers,
        register_index,
        revs,
        source_device,
        ..
    } = checked;
    let known_revisions = known.iter().filter(|k| **k).count() as u64;
    let new_revisions = revs.len() as u64 - known_revisions;

    // The registers that gain a revision, and the revisions already here
    // that new ones supersede: these stop being heads. A parent from
    // outside the bundle must exist here, in the same register.
    let mut touched = vec![false; registers.len()];
    let mut outside: Vec<(&str, usize)> = Vec::new();
    {
        let mut here = tx
            .prepare_cached("SELECT entity, field FROM rev WHERE id = ?1")
            .map_err(te)?;
        for (r, _) in revs.iter().zip(&known).filter(|(_, k)| !**k) {
            touched[r.reg] = true;
            for p in &r.parents {
                match p {
                    Parent::InBundle(j) => {
                        if known[*j] {
                            outside.push((revs[*j].id.as_str(), r.reg));
                        }
                    }
                    Parent::Elsewhere(p) => {
                        let found: Option<(String, String)> = here
                            .query_row([p], |r| Ok((r.get(0)?, r.get(1)?)))
                            .optional()
                            .map_err(te)?;
                        if found.as_ref() != Some(&registers[r.reg]) {
                            return Err(reject(
                                file,
                                format!(
                                    "a revision names a parent {p} that is missing or belongs to another field"
                                ),
                            ));
                        }
                        outside.push((p.as_str(), r.reg));
                    }
                }
            }
        }
    }

    // New heads. A new revision is a head unless another names it as a
    // parent; only revisions of this bundle can (the database is closed
    // under parents). The local heads a new revision names stop being
    // heads. This equals `Register::resolve` over all revisions of each
    // register; the property tests check that equality.
    // Heads before, of every register the bundle names, in one query; the
    // heads after follow from them and the bundle without reading back.
    let mut before: Vec<Heads> = vec![Vec::new(); registers.len()];
    {
        let mut st = tx
            .prepare(&format!(
                "SELECT h.entity, h.field, h.rev_id, h.value, h.at_ms
                 FROM (SELECT DISTINCT entity, field FROM {schema}.rev NOT INDEXED) AS b
                 CROSS JOIN main.head AS h ON h.entity = b.entity AND h.field = b.field"
            ))
            .map_err(te)?;
        let mut rows = st.query([]).map_err(te)?;
        while let Some(r) = rows.next().map_err(te)? {
            let key: (String, String) = (r.get(0).map_err(te)?, r.get(1).map_err(te)?);
            if let Some(&reg) = register_index.get(&key) {
                before[reg].push((
                    r.get(2).map_err(te)?,
                    r.get(3).map_err(te)?,
                    r.get(4).map_err(te)?,
                ));
            }
        }
    }
    before.iter_mut().for_each(newest_first);
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
        for (r, _) in revs.iter().zip(&known).filter(|(_, k)| !**k) {
            if !r.has_child {
                let (e, f) = &registers[r.reg];
                ins.execute(params![e, f, r.id, r.value, r.at_ms])
                    .map_err(te)?;
                leaves[r.reg].push((r.id.clone(), r.value.clone(), r.at_ms));
            }
        }
    }
    let outside_ids: HashSet<&str> = outside.iter().map(|(p, _)| *p).collect();
    let conflicted = |h: &Heads| h.windows(2).any(|w| w[0].1 != w[1].1);
    let mut new_conflicts = 0;
    let mut changes = Vec::new();
    for ((((entity, field), before), mut after), _) in registers
        .iter()
        .zip(before)
        .zip(leaves)
        .zip(&touched)
        .filter(|(_, t)| **t)
    {
        after.extend(
            before
                .iter()
                .filter(|h| !outside_ids.contains(h.0.as_str()))
                .cloned(),
        );
        newest_first(&mut after);
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
        let entities: HashSet<&str> = registers
            .iter()
            .zip(&touched)
            .filter(|(_, t)| **t)
            .map(|((e, _), _)| e.as_str())
            .collect();
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
            [&copy.file_sha256],
            |r| r.get::<_, i64>(0),
        )
        .map_err(te)?
        > 0;
    tx.execute(
        "INSERT OR IGNORE INTO import_log(bundle_sha256, imported_at, source_device, new_revisions) VALUES (?1, ?2, ?3, ?4)",
        params![
            copy.file_sha256,
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            source_device.as_deref().unwrap_or("(database)"),
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

/// Orders heads newest first (time, then id), as the store does.
fn newest_first(h: &mut Heads) {
    h.sort_by(|a, b| (b.2, &b.0).cmp(&(a.2, &a.0)));
}
