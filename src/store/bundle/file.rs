//! Bundle files: writing them (export) and opening untrusted ones.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::limits::Limit;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{BUNDLE_FORMAT, MergeError, Result, db_err};
use crate::core::revision::{Revision, hex};
use crate::core::signing::{DeviceKey, Seal, SealBody, SealEntry};
use crate::store::Store;
use crate::store::rev_row::{self, rev_columns};

const MANIFEST_SQL: &str =
    "CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT";

/// What an export covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportScope {
    All,
    Unit(String),
    /// One inspection, by its full id (`ops::select_inspection` turns
    /// what a person typed into one).
    Inspection(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub path: PathBuf,
    pub revisions: u64,
    pub content_sha256: String,
}

/// Writes a bundle: a fresh SQLite file with parcheck's schema plus a
/// manifest, created under a temporary name next to its destination and
/// renamed into place only when complete and on disk.
pub struct BundleWriter {
    conn: Option<Connection>,
    tmp: tempfile::TempPath,
    out: PathBuf,
    /// What [`BundleWriter::add_signed_revision`] signed, by device, for
    /// [`BundleWriter::seal_signed`].
    signed: Vec<(String, SealEntry<'static>)>,
    /// Closed last, after SQLite has closed the file: on Unix closing any
    /// handle of a file drops the process's SQLite locks on it.
    _hold: Option<std::fs::File>,
}

fn io(what: &str, path: &Path, e: impl std::fmt::Display) -> MergeError {
    MergeError::Io(format!("{what} {}: {e}", path.display()))
}

fn sql(path: &Path) -> impl Fn(rusqlite::Error) -> MergeError + '_ {
    move |e| io("bundle", path, e)
}

impl BundleWriter {
    pub fn create(out: &Path) -> Result<BundleWriter> {
        let (file, tmp) = crate::atomic_file::temp_in_dir_of(out, ".parcheck-export-")
            .map_err(|e| io("cannot create a file beside", out, e))?
            .into_parts();
        // The locked handle marks the file as in use until the writer is
        // done (`atomic_file::sweep_stale`); on Unix SQLite's own locks are
        // of another kind and do not mind it. Elsewhere an open file cannot
        // be removed anyway, and a second handle could stop SQLite's.
        let hold = cfg!(unix).then_some(file);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&tmp, flags).map_err(sql(&tmp))?;
        conn.execute_batch("PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;")
            .map_err(sql(&tmp))?;
        Store::apply_schema(&mut conn).map_err(|e| io("bundle", &tmp, e))?;
        conn.execute_batch(MANIFEST_SQL).map_err(sql(&tmp))?;
        conn.execute_batch("BEGIN").map_err(sql(&tmp))?;
        Ok(BundleWriter {
            conn: Some(conn),
            tmp,
            out: out.to_path_buf(),
            signed: Vec::new(),
            _hold: hold,
        })
    }

    fn conn(&self) -> Result<&Connection> {
        self.conn
            .as_ref()
            .ok_or_else(|| MergeError::Io("bundle already finished".into()))
    }

    /// Adds a revision and its parent edges (stored exactly as given).
    pub fn add_revision(&mut self, r: &Revision) -> Result<()> {
        let p = self.tmp.to_path_buf();
        let c = self.conn()?;
        rev_row::insert(c, r).map_err(sql(&p))?;
        Ok(())
    }

    /// Adds a revision signed with `key` (for bundles built outside a
    /// database: benchmarks and tests), with the key's public half.
    pub fn add_signed_revision(
        &mut self,
        r: &Revision,
        key: &crate::core::signing::DeviceKey,
        ctx: &crate::core::signing::Context<'_>,
    ) -> Result<()> {
        self.add_revision(r)?;
        let signature = key.sign(r, ctx);
        self.add_signature(&r.id, ctx, &signature)?;
        self.signed.push((
            r.device.clone(),
            SealEntry {
                rev_id: r.id.clone().into(),
                hash: r.hash.clone().into(),
                unit_code: ctx.unit_code.to_owned().into(),
                checklist_version: ctx.checklist_version.to_owned().into(),
            },
        ));
        self.add_device_key(&r.device, &key.public_hex())
    }

    /// Adds a revision of `key`'s device to be sealed by
    /// [`BundleWriter::seal_signed`], without a signature of its own: the
    /// bundle an export writes of its own device's revisions (for bundles
    /// built outside a database: benchmarks and tests).
    pub fn add_sealed_revision(
        &mut self,
        r: &Revision,
        key: &DeviceKey,
        ctx: &crate::core::signing::Context<'_>,
    ) -> Result<()> {
        self.add_revision(r)?;
        self.add_signature(&r.id, ctx, "")?;
        self.signed.push((
            r.device.clone(),
            SealEntry {
                rev_id: r.id.clone().into(),
                hash: r.hash.clone().into(),
                unit_code: ctx.unit_code.to_owned().into(),
                checklist_version: ctx.checklist_version.to_owned().into(),
            },
        ));
        if self.signed.len() == 1 || self.signed[self.signed.len() - 2].0 != r.device {
            self.add_device_key(&r.device, &key.public_hex())?;
        }
        Ok(())
    }

    /// Seals the revisions of `device` added by
    /// [`BundleWriter::add_signed_revision`] or
    /// [`BundleWriter::add_sealed_revision`] with `key`, and leaves out
    /// their own signatures, as an export does with its own device's
    /// revisions.
    pub fn seal_signed(&mut self, key: &DeviceKey, device: &str) -> Result<()> {
        let entries = self
            .signed
            .iter()
            .filter(|(d, _)| d == device)
            .map(|(_, e)| e.clone());
        for seal in key.seal(device, entries) {
            self.add_seal(&seal)?;
        }
        self.execute(
            "UPDATE rev_signature SET signature = '' WHERE signature <> '' AND rev_id IN (SELECT id FROM rev WHERE device = ?1)",
            [device],
        )?;
        Ok(())
    }

    /// Adds a seal as it was made.
    pub fn add_seal(&mut self, seal: &Seal) -> Result<()> {
        self.execute(
            "INSERT OR IGNORE INTO seal(signature, device, body) VALUES (?1, ?2, ?3)",
            params![seal.signature, seal.device, seal.body],
        )
    }

    /// Adds a revision's signature as it was made (it is never re-signed).
    pub fn add_signature(
        &mut self,
        rev_id: &str,
        ctx: &crate::core::signing::Context<'_>,
        signature: &str,
    ) -> Result<()> {
        let p = self.tmp.to_path_buf();
        rev_row::insert_signature(self.conn()?, rev_id, ctx, signature).map_err(sql(&p))
    }

    /// Adds a device's public key, so its signatures can be checked.
    pub fn add_device_key(&mut self, device: &str, public_key: &str) -> Result<()> {
        self.execute(
            "INSERT OR IGNORE INTO device_key(device, public_key) VALUES (?1, ?2)",
            params![device, public_key],
        )
    }

    /// Runs a statement on the bundle (identity rows).
    pub fn execute(&self, sql_text: &str, args: impl rusqlite::Params) -> Result<()> {
        let p = self.tmp.to_path_buf();
        self.conn()?
            .prepare_cached(sql_text)
            .and_then(|mut st| st.execute(args))
            .map_err(sql(&p))?;
        Ok(())
    }

    /// Writes the manifest, commits, fsyncs, renames into place and fsyncs
    /// the directory.
    pub fn finish(mut self, source_device: &str) -> Result<ExportSummary> {
        let p = self.tmp.to_path_buf();
        let conn = self
            .conn
            .take()
            .ok_or_else(|| MergeError::Io("bundle already finished".into()))?;
        let sha = content_sha256(&conn).map_err(sql(&p))?;
        let created = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let count: i64 = conn
            .query_row("SELECT count(*) FROM rev", [], |r| r.get(0))
            .map_err(sql(&p))?;
        for (k, v) in [
            ("format", BUNDLE_FORMAT.to_owned()),
            ("schema_version", Store::known_schema_version().to_string()),
            ("source_device", source_device.to_owned()),
            ("created_at", created),
            ("revisions", count.to_string()),
            ("content_sha256", sha.clone()),
        ] {
            conn.execute(
                "INSERT INTO manifest(key, value) VALUES (?1, ?2)",
                params![k, v],
            )
            .map_err(sql(&p))?;
        }
        conn.execute_batch("COMMIT").map_err(sql(&p))?;
        conn.close().map_err(|(_, e)| io("bundle", &p, e))?;
        let out = self.out.clone();
        crate::atomic_file::persist(self.tmp, &out).map_err(|e| io("cannot write", &out, e))?;
        Ok(ExportSummary {
            path: out,
            revisions: count as u64,
            content_sha256: sha,
        })
    }
}

/// SHA-256 over "id:hash\n" of every revision in id (byte) order.
pub(crate) fn content_sha256(conn: &Connection) -> rusqlite::Result<String> {
    let mut h = Sha256::new();
    let mut st = conn.prepare("SELECT id, hash FROM rev ORDER BY id")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let hash: String = r.get(1)?;
        h.update(id.as_bytes());
        h.update(b":");
        h.update(hash.as_bytes());
        h.update(b"\n");
    }
    Ok(hex(&h.finalize()))
}

/// Exports the revisions in scope (closed under parents) with the identity
/// rows and checklist sources they refer to.
pub fn export(store: &Store, out: &Path, scope: &ExportScope) -> Result<ExportSummary> {
    let e = db_err(store);
    let conn = store.conn();
    let inspections: Vec<(String, String, String, String)> = {
        let (cond, arg) = match scope {
            ExportScope::All => ("1 = 1 OR ?1 = ''", String::new()),
            ExportScope::Unit(u) => ("unit_code = ?1", u.clone()),
            ExportScope::Inspection(id) => match store.inspection(id)? {
                Some(found) => ("id = ?1", found.id),
                None => {
                    return Err(MergeError::Invalid(format!(
                        "no inspection with id \"{id}\""
                    )));
                }
            },
        };
        let mut st = conn
            .prepare(&format!(
                "SELECT id, campaign, unit_code, checklist_id FROM inspection WHERE {cond}"
            ))
            .map_err(&e)?;
        st.query_map([arg], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .map_err(&e)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&e)?
    };
    if let ExportScope::Unit(u) = scope {
        let known: i64 = conn
            .query_row("SELECT count(*) FROM unit WHERE code = ?1", [u], |r| {
                r.get(0)
            })
            .map_err(&e)?;
        if known == 0 {
            return Err(MergeError::Invalid(format!(
                "no unit \"{u}\" in this database"
            )));
        }
    }
    let mut w = BundleWriter::create(out)?;
    let mut rev_st = conn
        .prepare_cached(concat!(
            "SELECT ",
            rev_columns!(),
            " FROM rev WHERE entity = ?1"
        ))
        .map_err(&e)?;
    let mut par_st = conn
        .prepare_cached("SELECT parent_id FROM rev_parent WHERE rev_id = ?1")
        .map_err(&e)?;
    let mut by_id = conn
        .prepare_cached(concat!(
            "SELECT ",
            rev_columns!(),
            " FROM rev WHERE id = ?1"
        ))
        .map_err(&e)?;
    let mut sig_st = conn
        .prepare_cached(
            "SELECT unit_code, checklist_version, signature FROM rev_signature WHERE rev_id = ?1",
        )
        .map_err(&e)?;
    let mut key_st = conn
        .prepare_cached("SELECT public_key FROM device_key WHERE device = ?1")
        .map_err(&e)?;
    let read = rev_row::read;
    let own_device = store.device().to_owned();
    // Every sealed revision written, by device, for the seals.
    let mut sealable: std::collections::BTreeMap<String, Vec<SealEntry<'static>>> =
        std::collections::BTreeMap::new();
    let mut written = std::collections::HashSet::new();
    let mut devices = std::collections::HashSet::new();
    let mut pending: Vec<String> = Vec::new();
    // Each revision travels with its own device's signature and key, so a
    // bundle re-exported by a team lead still proves every author.
    let mut emit =
        |mut rev: Revision, w: &mut BundleWriter, pending: &mut Vec<String>| -> Result<()> {
            rev.parents = par_st
                .query_map([&rev.id], |r| r.get(0))
                .map_err(&e)?
                .collect::<rusqlite::Result<_>>()
                .map_err(&e)?;
            pending.extend(rev.parents.iter().cloned());
            w.add_revision(&rev)?;
            let sig: Option<(String, String, String)> = sig_st
                .query_row([&rev.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()
                .map_err(&e)?;
            if let Some((unit_code, checklist_version, signature)) = sig {
                let ctx = crate::core::signing::Context {
                    unit_code: &unit_code,
                    checklist_version: &checklist_version,
                };
                // This device's revisions travel under its seal (written
                // below) instead of one signature each; another device's
                // travel as they were received: under the seal received
                // with them (an empty signature) or with their own.
                let own = rev.device == own_device;
                w.add_signature(&rev.id, &ctx, if own { "" } else { &signature })?;
                if own || signature.is_empty() {
                    sealable
                        .entry(rev.device.clone())
                        .or_default()
                        .push(SealEntry {
                            rev_id: rev.id.clone().into(),
                            hash: rev.hash.clone().into(),
                            unit_code: unit_code.into(),
                            checklist_version: checklist_version.into(),
                        });
                }
            }
            if devices.insert(rev.device.clone()) {
                let key: Option<String> = key_st
                    .query_row([&rev.device], |r| r.get(0))
                    .optional()
                    .map_err(&e)?;
                if let Some(key) = key {
                    w.add_device_key(&rev.device, &key)?;
                }
            }
            Ok(())
        };
    let mut entities: Vec<String> = Vec::new();
    let mut units = std::collections::BTreeSet::new();
    match scope {
        ExportScope::All => {
            let mut st = conn
                .prepare("SELECT DISTINCT entity FROM rev")
                .map_err(&e)?;
            entities = st
                .query_map([], |r| r.get(0))
                .map_err(&e)?
                .collect::<rusqlite::Result<_>>()
                .map_err(&e)?;
            let mut st = conn.prepare("SELECT code FROM unit").map_err(&e)?;
            units = st
                .query_map([], |r| r.get(0))
                .map_err(&e)?
                .collect::<rusqlite::Result<_>>()
                .map_err(&e)?;
        }
        ExportScope::Unit(u) => {
            units.insert(u.clone());
        }
        ExportScope::Inspection(_) => {}
    }
    for (id, campaign, unit, checklist) in &inspections {
        units.insert(unit.clone());
        w.execute(
            "INSERT OR IGNORE INTO inspection(id, campaign, unit_code, checklist_id) VALUES (?1, ?2, ?3, ?4)",
            params![id, campaign, unit, checklist],
        )?;
        if !matches!(scope, ExportScope::All) {
            entities.push(id.clone());
        }
        let mut st = conn
            .prepare_cached("SELECT key, item_id FROM finding WHERE inspection_id = ?1")
            .map_err(&e)?;
        let findings: Vec<(String, String)> = st
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&e)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&e)?;
        for (key, item) in findings {
            w.execute(
                "INSERT OR IGNORE INTO finding(key, inspection_id, item_id) VALUES (?1, ?2, ?3)",
                params![key, id, item],
            )?;
            if !matches!(scope, ExportScope::All) {
                entities.push(key);
            }
        }
        let mut st =
            conn.prepare_cached("SELECT sha256, checklist_id, version, source FROM checklist_source WHERE checklist_id = ?1").map_err(&e)?;
        let sources: Vec<(String, String, String, String)> = st
            .query_map([checklist], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .map_err(&e)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&e)?;
        for (sha, cid, ver, src) in sources {
            w.execute(
                "INSERT OR IGNORE INTO checklist_source(sha256, checklist_id, version, source) VALUES (?1, ?2, ?3, ?4)",
                params![sha, cid, ver, src],
            )?;
        }
    }
    for u in &units {
        w.execute("INSERT OR IGNORE INTO unit(code) VALUES (?1)", [u])?;
        if !matches!(scope, ExportScope::All) {
            entities.push(crate::core::revision::unit_entity(u));
        }
    }
    for entity in &entities {
        let revs: Vec<Revision> = rev_st
            .query_map([entity], read)
            .map_err(&e)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&e)?;
        for r in revs {
            written.insert(r.id.clone());
            emit(r, &mut w, &mut pending)?;
        }
    }
    // Close under parents: every ancestor travels with its descendants.
    while let Some(id) = pending.pop() {
        if !written.insert(id.clone()) {
            continue;
        }
        let rows: Vec<Revision> = by_id
            .query_map([&id], read)
            .map_err(&e)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&e)?;
        for r in rows {
            emit(r, &mut w, &mut pending)?;
        }
    }
    for (device, entries) in sealable {
        let seals = if device == store.device() {
            store.key.seal(&device, entries)
        } else {
            received_seals(store, &device, entries)?
        };
        for seal in &seals {
            w.add_seal(seal)?;
        }
    }
    w.finish(store.device())
}

/// The seals this database received from `device` that cover `entries`
/// (revisions it took on a seal), chosen newest first, each only if it
/// covers a revision the ones before it do not.
fn received_seals(
    store: &Store,
    device: &str,
    entries: Vec<SealEntry<'static>>,
) -> Result<Vec<Seal>> {
    let e = db_err(store);
    let mut needed: std::collections::HashMap<String, SealEntry<'static>> = entries
        .into_iter()
        .map(|x| (x.rev_id.to_string(), x))
        .collect();
    let mut st = store
        .conn()
        .prepare_cached("SELECT signature, body FROM seal WHERE device = ?1 ORDER BY rowid DESC")
        .map_err(&e)?;
    let mut rows = st.query([device]).map_err(&e)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().map_err(&e)? {
        if needed.is_empty() {
            break;
        }
        let signature: String = r.get(0).map_err(&e)?;
        let body: String = r.get(1).map_err(&e)?;
        // Seals were checked when they were merged; one that cannot be
        // read is simply not passed on.
        let Ok(parsed) = SealBody::parse(&body) else {
            continue;
        };
        let mut covers = false;
        for entry in &parsed.revisions {
            if needed.get(entry.rev_id.as_ref()) == Some(entry) {
                needed.remove(entry.rev_id.as_ref());
                covers = true;
            }
        }
        drop(parsed);
        if covers {
            out.push(Seal {
                device: device.to_owned(),
                body,
                signature,
            });
        }
    }
    Ok(out)
}

/// The `sqlite_master` rows (type, name, tbl_name, sql) of schema version
/// `version` (1 to this parcheck's), without and with the bundle manifest.
fn expected_schemas(version: i64) -> Option<&'static Schemas> {
    static S: OnceLock<Vec<Schemas>> = OnceLock::new();
    let all = S.get_or_init(|| {
        (1..=Store::known_schema_version())
            .map(|v| {
                let mut c = Connection::open_in_memory().map_err(|e| e.to_string())?;
                Store::apply_schema_version(&mut c, v)?;
                let plain = schema_rows(&c).map_err(|e| e.to_string())?;
                c.execute_batch(MANIFEST_SQL).map_err(|e| e.to_string())?;
                let bundle = schema_rows(&c).map_err(|e| e.to_string())?;
                Ok((plain, bundle))
            })
            .collect()
    });
    all.get(usize::try_from(version - 1).ok()?)
}

type SchemaRow = (String, String, String, Option<String>);
type Schemas = std::result::Result<(Vec<SchemaRow>, Vec<SchemaRow>), String>;

fn schema_rows(c: &Connection) -> rusqlite::Result<Vec<SchemaRow>> {
    let mut st =
        c.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")?;
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect()
}

/// The name of a merge's private directory in the system's temporary
/// directory, and of the lock file in it that the merge holds while it
/// runs.
const COPY_DIR_PREFIX: &str = "parcheck-merge-";
const COPY_LOCK: &str = "lock";

/// Removes the private directories of merges that were killed: named
/// [`COPY_DIR_PREFIX`] in the temporary directory, not a link, not modified
/// for [`crate::atomic_file::STALE_AFTER`], holding nothing but our files
/// (`lock`, `bundle.db` and its journal), and whose lock no live process
/// holds (a killed process loses its lock; a directory without a lock, of
/// an earlier parcheck, must be a day old). Returns how many it removed.
pub(crate) fn sweep_stale_copies(tmp: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let dir = entry.path();
        if !entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(COPY_DIR_PREFIX))
        {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&dir) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= crate::atomic_file::STALE_AFTER);
        if !meta.is_dir() || !old {
            continue;
        }
        let ours = std::fs::read_dir(&dir).is_ok_and(|files| {
            files.flatten().all(|f| {
                matches!(
                    f.file_name().to_str(),
                    Some(COPY_LOCK | "bundle.db" | "bundle.db-journal")
                ) && f.file_type().is_ok_and(|t| t.is_file())
            })
        });
        // A directory of a parcheck that kept no lock is left for a day.
        let unheld = match std::fs::File::open(dir.join(COPY_LOCK)) {
            Ok(lock) => lock.try_lock().is_ok(),
            Err(_) => meta
                .modified()
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age >= Duration::from_secs(86_400)),
        };
        if ours && unheld && std::fs::remove_dir_all(&dir).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// A private copy of a file given to merge. Nothing reads the user's file
/// after it is copied, so it cannot change between the checks and the merge.
pub(crate) struct PrivateCopy {
    /// The file as the user named it, for messages.
    pub file: PathBuf,
    /// The copy, in a directory only this process uses.
    pub path: PathBuf,
    pub file_sha256: String,
    /// Held locked while the copy is in use ([`sweep_stale_copies`]).
    _lock: std::fs::File,
    _dir: tempfile::TempDir,
}

/// A private copy opened through the hardened pipeline and checked.
pub(crate) struct OpenBundle {
    pub conn: Connection,
    /// (key, value) pairs; empty for a plain parcheck database.
    pub manifest: Vec<(String, String)>,
    /// Its schema version: from 5 on, it carries signatures and keys.
    pub version: i64,
    _watchdog: Watchdog,
}

/// Interrupts the bundle's statements after a deadline (a runaway guard).
struct Watchdog(Option<std::sync::mpsc::Sender<()>>);

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.0.take();
    }
}

pub(crate) fn reject(file: &Path, reason: impl Into<String>) -> MergeError {
    MergeError::Rejected {
        file: file.display().to_string(),
        reason: reason.into(),
    }
}

/// The largest file merged. A year of a whole team's findings is a few
/// hundred megabytes at most; beyond this a file is refused before it is
/// read, and the copy stops there should the file grow while it is read.
pub const MAX_BUNDLE_BYTES: u64 = 1 << 30;

/// The tables a merge reads from a bundle. A bundle's other tables (the
/// heads, statistics and settings a database keeps for itself) are empty
/// when an export writes them: rows there only carry weight.
const MERGED_TABLES: &[&str] = &[
    "rev",
    "rev_parent",
    "unit",
    "inspection",
    "finding",
    "checklist_source",
    "rev_signature",
    "device_key",
    "seal",
    "manifest",
];

/// The size of the database an SQLite file describes in its header (page
/// size × page count), when the header says that count is current.
fn database_size(header: &[u8; 100]) -> Option<u64> {
    let be32 =
        |i: usize| u32::from_be_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]);
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    // The count is valid only when written by the same change as the
    // "version valid for" number (SQLite 3.7.0 and later always do).
    let pages = be32(28);
    (pages > 0 && be32(92) == be32(24)).then(|| page_size * u64::from(pages))
}

/// Copies `path` to a private temporary directory, as a rollback-journal
/// database whatever its journal mode was. The file is streamed (never
/// held in memory whole) and refused when it is larger than
/// [`MAX_BUNDLE_BYTES`] or than the database its header describes.
pub(crate) fn copy_private(path: &Path) -> Result<PrivateCopy> {
    use std::io::{Read, Write};
    let meta =
        std::fs::symlink_metadata(path).map_err(|e| reject(path, format!("cannot read: {e}")))?;
    if meta.file_type().is_symlink() {
        return Err(reject(path, "is a symbolic link; give the file itself"));
    }
    if !meta.is_file() {
        return Err(reject(path, "is not a regular file"));
    }
    if meta.len() > MAX_BUNDLE_BYTES {
        return Err(reject(
            path,
            format!(
                "is {} bytes; a bundle may be at most {MAX_BUNDLE_BYTES} bytes",
                meta.len()
            ),
        ));
    }
    let wal = {
        let mut s = path.as_os_str().to_owned();
        s.push("-wal");
        PathBuf::from(s)
    };
    if std::fs::metadata(&wal)
        .map(|m| m.len() > 0)
        .unwrap_or(false)
    {
        return Err(reject(
            path,
            "the database is open in another program (it has a -wal file); close it and try again",
        ));
    }
    let cannot_read = |e: std::io::Error| reject(path, format!("cannot read: {e}"));
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    if !file.metadata().map_err(cannot_read)?.is_file() {
        return Err(reject(path, "is not a regular file"));
    }
    let not_sqlite = || reject(path, "not a parcheck bundle (not an SQLite database)");
    let mut header = [0u8; 100];
    file.read_exact(&mut header).map_err(|_| not_sqlite())?;
    if !header.starts_with(b"SQLite format 3\0") {
        return Err(not_sqlite());
    }
    if let Some(size) = database_size(&header)
        && size != meta.len()
    {
        return Err(reject(
            path,
            format!(
                "the file is {} bytes but the database in it is {size} bytes (padded, cut short or damaged)",
                meta.len()
            ),
        ));
    }
    let mut hasher = Sha256::new();
    hasher.update(header);
    // A WAL-mode database (a plain parcheck database) is read as a rollback
    // journal database: the copy has no -wal file, and a read-only WAL
    // database would need a -shm file.
    if header[18] == 2 || header[19] == 2 {
        header[18] = 1;
        header[19] = 1;
    }
    let no_dir =
        |e: std::io::Error| MergeError::Io(format!("cannot create a temporary directory: {e}"));
    let dir = tempfile::Builder::new()
        .prefix(COPY_DIR_PREFIX)
        .tempdir()
        .map_err(no_dir)?;
    let lock = std::fs::File::create(dir.path().join(COPY_LOCK)).map_err(no_dir)?;
    lock.try_lock()
        .map_err(|e| no_dir(std::io::Error::other(e.to_string())))?;
    let copy = dir.path().join("bundle.db");
    let cannot_copy =
        |e: std::io::Error| MergeError::Io(format!("cannot copy {}: {e}", path.display()));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&copy).map_err(cannot_copy)?);
    out.write_all(&header).map_err(cannot_copy)?;
    // Never more than the size checked above, should the file be growing.
    let mut rest = file.take(meta.len() - 100 + 1);
    let mut buf = vec![0u8; 1 << 16];
    let mut copied: u64 = 100;
    loop {
        let n = rest.read(&mut buf).map_err(cannot_read)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n]).map_err(cannot_copy)?;
        copied += n as u64;
    }
    out.flush().map_err(cannot_copy)?;
    if copied != meta.len() {
        return Err(reject(
            path,
            "the file changed while it was read; try again",
        ));
    }
    Ok(PrivateCopy {
        file: path.to_path_buf(),
        path: copy,
        file_sha256: hex(&hasher.finalize()),
        _lock: lock,
        _dir: dir,
    })
}

/// Opens a private copy read-only with SQLite's defensive settings, then
/// checks its format version, integrity (`quick_check`) and exact schema.
pub(crate) fn open_copy(copy: &PrivateCopy, deadline: Duration) -> Result<OpenBundle> {
    let path = copy.file.as_path();
    let bad = |e: rusqlite::Error| reject(path, format!("not a valid parcheck bundle: {e}"));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_NOFOLLOW;
    let conn = Connection::open_with_flags(&copy.path, flags).map_err(bad)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)
        .map_err(bad)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)
        .map_err(bad)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)
        .map_err(bad)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)
        .map_err(bad)?;
    for (limit, n) in [
        (Limit::SQLITE_LIMIT_LENGTH, 4_000_000),
        (Limit::SQLITE_LIMIT_SQL_LENGTH, 100_000),
        (Limit::SQLITE_LIMIT_COLUMN, 100),
        (Limit::SQLITE_LIMIT_EXPR_DEPTH, 50),
        (Limit::SQLITE_LIMIT_COMPOUND_SELECT, 10),
        (Limit::SQLITE_LIMIT_VDBE_OP, 100_000),
        (Limit::SQLITE_LIMIT_FUNCTION_ARG, 8),
        (Limit::SQLITE_LIMIT_ATTACHED, 0),
        (Limit::SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100),
        (Limit::SQLITE_LIMIT_VARIABLE_NUMBER, 100),
        (Limit::SQLITE_LIMIT_TRIGGER_DEPTH, 1),
    ] {
        conn.set_limit(limit, n).map_err(bad)?;
    }
    conn.execute_batch("PRAGMA mmap_size=0; PRAGMA cell_size_check=ON; PRAGMA trusted_schema=OFF;")
        .map_err(bad)?;
    let watchdog = {
        let handle = conn.get_interrupt_handle();
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(deadline) {
                handle.interrupt();
            }
        });
        Watchdog(Some(tx))
    };
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(bad)?;
    // Bundles of an earlier parcheck are read too: the tables a merge reads
    // are the same in every version, and each version's schema is known.
    let known = Store::known_schema_version();
    if version > known {
        return Err(reject(
            path,
            format!(
                "format version {version} (from a newer parcheck); this parcheck reads format versions 1 to {known}"
            ),
        ));
    }
    if version < 1 {
        return Err(reject(
            path,
            "not a parcheck bundle (an SQLite database without parcheck's format version)",
        ));
    }
    let check: Vec<String> = {
        let mut st = conn.prepare("PRAGMA quick_check").map_err(bad)?;
        st.query_map([], |r| r.get(0))
            .map_err(bad)?
            .collect::<rusqlite::Result<_>>()
            .map_err(bad)?
    };
    if check != ["ok"] {
        let first = check.first().cloned().unwrap_or_default();
        return Err(reject(
            path,
            format!("the file is damaged (integrity check: {first})"),
        ));
    }
    let rows = schema_rows(&conn).map_err(bad)?;
    let (plain, bundle) = expected_schemas(version)
        .ok_or_else(|| reject(path, format!("unknown format version {version}")))?
        .as_ref()
        .map_err(|e| MergeError::Io(e.clone()))?;
    let is_bundle = rows == *bundle;
    if !is_bundle && rows != *plain {
        let extra: Vec<String> = rows
            .iter()
            .filter(|r| !bundle.contains(r))
            .map(|r| format!("{} {}", r.0, r.1))
            .collect();
        let detail = if extra.is_empty() {
            "objects are missing".to_owned()
        } else {
            format!("unexpected {}", extra.join(", "))
        };
        return Err(reject(
            path,
            format!("its schema is not parcheck's ({detail})"),
        ));
    }
    let mut manifest: Vec<(String, String)> = Vec::new();
    if is_bundle {
        for (kind, table, _, _) in &rows {
            if kind != "table"
                || table.starts_with("sqlite_")
                || MERGED_TABLES.contains(&table.as_str())
            {
                continue;
            }
            let used: bool = conn
                .query_row(
                    &format!("SELECT EXISTS (SELECT 1 FROM \"{table}\")"),
                    [],
                    |r| r.get(0),
                )
                .map_err(bad)?;
            if used {
                return Err(reject(
                    path,
                    format!(
                        "its table {table} holds rows, which no export writes and no merge reads"
                    ),
                ));
            }
        }
        let mut st = conn
            .prepare("SELECT key, value FROM manifest ORDER BY key")
            .map_err(bad)?;
        manifest = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(bad)?
            .collect::<rusqlite::Result<_>>()
            .map_err(bad)?;
        let format = manifest
            .iter()
            .find(|(k, _)| k == "format")
            .map(|(_, v)| v.as_str());
        if format != Some(BUNDLE_FORMAT) {
            return Err(reject(
                path,
                format!(
                    "bundle format version {} ; this parcheck reads format version {BUNDLE_FORMAT}",
                    format.unwrap_or("(missing)")
                ),
            ));
        }
    }
    Ok(OpenBundle {
        conn,
        manifest,
        version,
        _watchdog: watchdog,
    })
}
