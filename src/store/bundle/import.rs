//! `merge`: check bundles, union their rows in one transaction, and move
//! the heads of every touched register.

use std::path::PathBuf;
use std::time::Duration;

use rusqlite::limits::Limit;
use rusqlite::{OptionalExtension, Transaction, params};

use super::check::{Checked, Parent, check_bundle};
use super::file::{OpenBundle, PrivateCopy, copy_private, open_copy, reject};
use super::trust::Trust;
use super::{MergeError, NewMember, Place, Result, place_of, store_err};
use crate::core::finding::RawValue;
use crate::core::register::{self, Arrival, Head};
use crate::store::Store;
use crate::store::{heads, rev_row};

#[derive(Debug, Clone)]
pub struct MergeOptions {
    /// Compute everything, then roll back.
    pub dry_run: bool,
    /// Collect the per-register changes ([`MergeSummary::changes`]).
    pub detail: bool,
    /// Longest time the checks of any one bundle may run, counted from when
    /// it is opened, before they are interrupted.
    pub deadline: Duration,
    /// Add the devices of the bundles that are not in the team roster to
    /// it, under the author names their revisions carry.
    pub trust_new: bool,
    /// Take revisions without a signature (made before parcheck signed
    /// them) although a team roster is kept; they stay shown as unsigned.
    pub allow_unsigned: bool,
}

impl Default for MergeOptions {
    fn default() -> Self {
        MergeOptions {
            dry_run: false,
            detail: false,
            deadline: Duration::from_secs(600),
            trust_new: false,
            allow_unsigned: false,
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
    /// Devices added to the team roster (`trust_new`).
    pub new_members: Vec<NewMember>,
}

/// Merges `files` into `store`: all of them, or (on any error) none.
pub fn merge_files(
    store: &mut Store,
    files: &[PathBuf],
    opts: &MergeOptions,
) -> Result<Vec<MergeSummary>> {
    let path = store.path().to_owned();
    let e = store_err(&path);
    // Private copies of a merge that was killed, never of one running.
    super::file::sweep_stale_copies(&std::env::temp_dir());
    // A merge touches many B-tree pages at random: a 64 MiB cache for its
    // duration, back to the usual size afterwards.
    store
        .conn()
        .pragma_update(None, "cache_size", crate::store::MERGE_CACHE_KIB)
        .map_err(e)?;
    let result = with_merge_journal(store, |store| merge_in_transaction(store, files, opts));
    let _ = store
        .conn()
        .pragma_update(None, "cache_size", crate::store::CACHE_KIB);
    result
}

/// How the merge transaction journals its changes.
///
/// A long transaction in WAL mode grows an uncommitted log, and every page
/// read then searches the log's index first: the cost of a large merge
/// grows with the square of its size. When no other connection has the
/// database open, the merge runs with a rollback journal instead: SQLite
/// can leave WAL mode only when it holds the database alone, so a switch
/// that succeeds proves nobody else has it open at that moment; one that
/// finds it busy keeps WAL (docs/merge.md says what another process sees).
/// `synchronous=EXTRA` makes the commit durable in that mode: the journal's
/// deletion, which is the commit, is flushed with its directory.
fn with_merge_journal<T>(
    store: &mut Store,
    merge: impl FnOnce(&mut Store) -> Result<T>,
) -> Result<T> {
    let alone = store.path() != ":memory:" && leave_wal(store.conn());
    let result = merge(store);
    if alone {
        let conn = store.conn();
        let _ = conn.execute_batch("PRAGMA synchronous=FULL;");
        // Back to WAL for the screen's saves; should another process have
        // opened the database meanwhile, its open (or the next) does it.
        let _ = crate::store::enable_wal(conn);
    }
    result
}

fn leave_wal(conn: &rusqlite::Connection) -> bool {
    let _ = conn.busy_timeout(Duration::ZERO);
    let mode: rusqlite::Result<String> =
        conn.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0));
    let _ = conn.busy_timeout(crate::store::BUSY_TIMEOUT);
    match mode {
        Ok(m) if m == "delete" => conn.execute_batch("PRAGMA synchronous=EXTRA;").is_ok(),
        _ => false,
    }
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
    let trust = Trust::load(store.conn(), store.device(), &path, opts).map_err(e)?;
    let trust = &trust;
    std::thread::scope(|scope| {
        let (send, checked) = std::sync::mpsc::sync_channel::<Result<Checked>>(1);
        // Merged bundles come back to be freed there, off this thread.
        let (trash, merged) = std::sync::mpsc::channel::<Checked>();
        scope.spawn(move || {
            for (c, b) in copies.iter().zip(opened) {
                let r = check_bundle(&b, &c.file, trust);
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
        ("rev", rev_row::COLUMNS),
        ("rev_parent", "rev_id, parent_id"),
        (
            "rev_signature",
            "rev_id, unit_code, checklist_version, signature",
        ),
        ("device_key", "device, public_key"),
        ("seal", "signature, device, body"),
    ] {
        if !checked.signed && matches!(table, "rev_signature" | "device_key" | "seal") {
            continue; // a bundle of a parcheck that did not sign
        }
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
        new_members,
        ..
    } = checked;
    {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut st = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO team_member(fingerprint, name, added_at) VALUES (?1, ?2, ?3)",
            )
            .map_err(te)?;
        for m in new_members {
            st.execute(params![m.fingerprint, m.name, now])
                .map_err(te)?;
        }
    }
    let known_revisions = known.iter().filter(|k| **k).count() as u64;
    let new_revisions = revs.len() as u64 - known_revisions;

    // The registers that gain a revision, and the new revisions of each.
    // A parent from outside the bundle must exist here, in the same
    // register.
    let mut touched = vec![false; registers.len()];
    let mut arriving: Vec<Vec<usize>> = vec![Vec::new(); registers.len()];
    {
        let mut here = tx
            .prepare_cached("SELECT entity, field FROM rev WHERE id = ?1")
            .map_err(te)?;
        for (i, r) in revs.iter().enumerate().filter(|(i, _)| !known[*i]) {
            touched[r.reg] = true;
            arriving[r.reg].push(i);
            for p in &r.parents {
                if let Parent::Elsewhere(p) = p {
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
                }
            }
        }
    }

    // Heads before, of every register the bundle names, in one query; the
    // heads after follow from them and the bundle by the one head advance
    // a local save also uses (the property tests check it against the
    // definition), without reading back.
    let mut before: Vec<Vec<Head>> = vec![Vec::new(); registers.len()];
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
                before[reg].push(Head {
                    rev_id: r.get(2).map_err(te)?,
                    value: r.get(3).map_err(te)?,
                    at_ms: r.get(4).map_err(te)?,
                });
            }
        }
    }
    let mut new_conflicts = 0;
    let mut changes = Vec::new();
    // Each moved register's heads before and after, for the figures.
    let mut moved: Vec<(usize, Vec<Head>, Vec<Head>)> = Vec::new();
    let mut table = heads::HeadTable::new(tx).map_err(te)?;
    // The parent ids of a register's arrivals, one buffer for them all.
    let mut parent_ids: Vec<&str> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (reg, mut before) in before.into_iter().enumerate() {
        if !touched[reg] {
            continue;
        }
        register::newest_first(&mut before);
        parent_ids.clear();
        spans.clear();
        for &i in &arriving[reg] {
            let start = parent_ids.len();
            parent_ids.extend(revs[i].parents.iter().map(|p| match p {
                Parent::InBundle(j) => revs[*j].id.as_str(),
                Parent::Elsewhere(id) => id.as_str(),
            }));
            spans.push((start, parent_ids.len()));
        }
        let arrivals: Vec<Arrival<'_>> = arriving[reg]
            .iter()
            .zip(&spans)
            .map(|(&i, &(a, b))| Arrival {
                id: &revs[i].id,
                value: &revs[i].value,
                at_ms: revs[i].at_ms,
                parents: &parent_ids[a..b],
            })
            .collect();
        let after = register::advance(&before, &arrivals);
        let (entity, field) = &registers[reg];
        if after.is_empty() {
            // Parents that loop back on each other: only a crafted bundle.
            return Err(reject(
                file,
                format!("the revisions of {entity} supersede each other in a cycle"),
            ));
        }
        table.replace(entity, field, &before, &after).map_err(te)?;
        let is = register::in_conflict(after.iter().map(|h| &h.value));
        if is && !register::in_conflict(before.iter().map(|h| &h.value)) {
            new_conflicts += 1;
        }
        if opts.detail
            && before
                .iter()
                .map(|h| &h.rev_id)
                .ne(after.iter().map(|h| &h.rev_id))
        {
            changes.push(Change {
                place: place_of(tx, entity).map_err(te)?,
                entity: entity.clone(),
                field: field.clone(),
                local: before.iter().map(|h| h.value.clone()).collect(),
                merged: after.iter().map(|h| h.value.clone()).collect(),
                conflict: is,
            });
        }
        moved.push((reg, before, after));
    }

    // The home screen's per-inspection figures move by what the bundle
    // moved (see `heads::apply_merged_figures`).
    {
        let observations = crate::store::ObservationItems::default();
        let moved: Vec<heads::Moved<'_>> = moved
            .iter()
            .map(|(reg, before, after)| heads::Moved {
                entity: &registers[*reg].0,
                field: &registers[*reg].1,
                before,
                after,
            })
            .collect();
        heads::apply_merged_figures(tx, &observations, &moved, schema).map_err(te)?;
    }
    changes.sort_by(|a, b| a.place.order(&a.field).cmp(&b.place.order(&b.field)));

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
        new_members: new_members.clone(),
    })
}
