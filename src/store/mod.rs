//! The durable store: SQLite in WAL mode with `synchronous=FULL`, every
//! change an immutable revision (see `core::revision`), every write one
//! `BEGIN IMMEDIATE` transaction. Reasons in docs/storage.md.

pub mod bundle;
mod finish;
mod heads;
mod inspection_fields;
mod merge_support;
mod observations;
mod read;
mod rev_row;
mod team;
mod write;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

pub(crate) use observations::ObservationItems;
pub use read::{FindingRow, HistoryEntry, InspectionInfo, InspectionSummary, UnitInfo};
pub use team::{Member, MemberKey};
pub(crate) use write::recompute_inspection_stats;
pub use write::{WriteOutcome, Writer};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "database {path} was written by a newer parcheck (schema {found}, this version knows {known}); update parcheck"
    )]
    TooNew {
        path: String,
        found: i64,
        known: usize,
    },
    #[error("database {path} is busy: another program is writing to it; try again in a moment")]
    Busy { path: String },
    #[error("database {path}: {message}")]
    Invalid { path: String, message: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// How long a process waits for another one's write before reporting "busy".
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// SQLite's `cache_size` (a negative value is a size in KiB): 8 MiB for a
/// connection, 64 MiB while a merge runs.
pub(crate) const CACHE_KIB: i64 = -8 * 1024;
pub(crate) const MERGE_CACHE_KIB: i64 = -64 * 1024;

/// Schema migrations, applied in order on open. Append only.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_merge_and_stats.sql"),
    include_str!("migrations/0003_drop_unused_parent_index.sql"),
    include_str!("migrations/0004_rev_keyed_by_id.sql"),
    include_str!("migrations/0005_signatures.sql"),
];

/// Brings the schema up to date. The version is read and the migrations
/// applied inside one IMMEDIATE transaction, so two processes opening a new
/// database at the same moment cannot both migrate it.
fn migrate(conn: &mut Connection, path: &str) -> Result<()> {
    migrate_to(conn, path, MIGRATIONS.len())
}

/// Applies the migrations up to schema version `target` (bundles written by
/// an earlier parcheck are checked against the schema of their version).
fn migrate_to(conn: &mut Connection, path: &str, target: usize) -> Result<()> {
    let e = |err| sqlite_err(path, err);
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(e)?;
    let version: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(e)?;
    if version > MIGRATIONS.len() as i64 {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: version,
            known: MIGRATIONS.len(),
        });
    }
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target)
        .skip(usize::try_from(version).unwrap_or(0))
    {
        tx.execute_batch(sql).map_err(e)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)
            .map_err(e)?;
    }
    tx.commit().map_err(e)
}

/// An open parcheck database.
pub struct Store {
    conn: Connection,
    path: String,
    device: String,
    /// This device's signing key (`meta.signing_key`; docs/signing.md).
    key: crate::core::signing::DeviceKey,
    /// Whether [`Store::open`] made a new database file.
    created: bool,
    /// The last revision time this store handed out. Kept in memory and
    /// saved when the store is closed rather than on every save (each
    /// saved page costs on the durable path); a revision is in any case
    /// always later than the revisions it replaces.
    clock: std::cell::Cell<i64>,
    /// Which items of each stored checklist text are observations.
    observations: observations::ObservationItems,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let name = path.display().to_string();
        let existed = path.exists();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Invalid {
                path: name.clone(),
                message: format!("cannot create directory {}: {e}", dir.display()),
            })?;
        }
        // No URI interpretation: a file called "file:x" is just a file.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| sqlite_err(&name, e))?;
        let mut store = Self::init(conn, name)?;
        store.created = !existed;
        // The file holds this device's signing key: readable by its owner
        // only (SQLite gives the -wal and -shm files the same mode).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(m) = std::fs::metadata(path)
                && m.permissions().mode() & 0o077 != 0
            {
                let _ = std::fs::set_permissions(
                    path,
                    std::fs::Permissions::from_mode(m.permissions().mode() & 0o700),
                );
            }
        }
        Ok(store)
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().map_err(|e| sqlite_err(":memory:", e))?;
        Self::init(conn, ":memory:".into())
    }

    fn init(mut conn: Connection, path: String) -> Result<Store> {
        let e = |err| sqlite_err(&path, err);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(e)?;
        // WAL: readers never block the writer. FULL: a commit is on disk
        // before it returns, so what the screen shows as saved survives a
        // power loss (WAL+NORMAL does not).
        let mode = enable_wal(&conn).map_err(e)?;
        if mode != "wal" && mode != "memory" {
            return Err(StoreError::Invalid {
                path,
                message: format!("cannot enable WAL journal (got {mode})"),
            });
        }
        // Checkpoints copy the log into the database with several fsyncs;
        // run inside a save they would make it stall now and then. They
        // run when idle ([`Store::checkpoint`]) and when the store is
        // closed; the automatic one only backs that up (10,000 pages).
        // An 8 MiB page cache (SQLite's default is 2 MiB); a merge raises
        // it for its own duration (see `merge::import`).
        conn.execute_batch(
            "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF;
             PRAGMA wal_autocheckpoint=10000;",
        )
        .map_err(e)?;
        conn.pragma_update(None, "cache_size", CACHE_KIB)
            .map_err(e)?;
        conn.set_transaction_behavior(TransactionBehavior::Immediate);

        migrate(&mut conn, &path)?;

        let (device, key) = Self::device_id(&mut conn, &path)?;
        let clock: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'clock'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(e)?;
        let clock = std::cell::Cell::new(clock.and_then(|c| c.parse().ok()).unwrap_or(0));
        Ok(Store {
            conn,
            path,
            device,
            key,
            created: false,
            clock,
            observations: Default::default(),
        })
    }

    /// The random id of this database and its signing key, made once when
    /// it is created (the key: on the first open by a parcheck that signs).
    /// The id tells which laptop a revision was recorded on; the key proves
    /// it. The public key is kept in `device_key` like any other device's.
    fn device_id(
        conn: &mut Connection,
        path: &str,
    ) -> Result<(String, crate::core::signing::DeviceKey)> {
        let e = |err| sqlite_err(path, err);
        let tx = conn.transaction().map_err(e)?;
        let existing: Option<String> = tx
            .query_row("SELECT value FROM meta WHERE key = 'device'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(e)?;
        let device = match existing {
            Some(d) => d,
            None => {
                let d = uuid::Uuid::new_v4().simple().to_string()[..16].to_owned();
                tx.execute("INSERT INTO meta(key, value) VALUES ('device', ?1)", [&d])
                    .map_err(e)?;
                d
            }
        };
        let kept: Option<String> = tx
            .query_row(
                "SELECT value FROM meta WHERE key = 'signing_key'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(e)?;
        let invalid = |message: String| StoreError::Invalid {
            path: path.to_owned(),
            message,
        };
        let key = match kept {
            Some(k) => crate::core::signing::DeviceKey::from_hex(&k).map_err(invalid)?,
            None => {
                let k = crate::core::signing::DeviceKey::generate().map_err(invalid)?;
                tx.execute(
                    "INSERT INTO meta(key, value) VALUES ('signing_key', ?1)",
                    [k.to_hex()],
                )
                .map_err(e)?;
                k
            }
        };
        tx.execute(
            "INSERT OR IGNORE INTO device_key(device, public_key) VALUES (?1, ?2)",
            [&device, &key.public_hex()],
        )
        .map_err(e)?;
        tx.commit().map_err(e)?;
        Ok((device, key))
    }

    /// This device's public key, hexadecimal.
    pub fn public_key(&self) -> String {
        self.key.public_hex()
    }

    /// The fingerprint of this device's key, as a member reads it to the
    /// team lead.
    pub fn fingerprint(&self) -> String {
        crate::core::signing::PublicKey::from_hex(&self.key.public_hex())
            .map(|k| k.fingerprint())
            .unwrap_or_default()
    }

    pub fn device(&self) -> &str {
        &self.device
    }

    /// Whether opening this store created its database file: the faces
    /// say so, so that a mistyped path does not look like lost data.
    pub fn created(&self) -> bool {
        self.created
    }

    /// The inspector name kept for this database (the `inspector` row of
    /// `meta`), if one was kept.
    pub fn kept_inspector(&self) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = 'inspector'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Keeps `name` as this database's inspector name, replacing any kept
    /// before. The name is checked by `ops` before it comes here.
    pub fn keep_inspector(&self, name: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO meta(key, value) VALUES ('inspector', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [name],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// A screen preference kept on this device (not a recorded change: it
    /// never travels in a bundle), if one was set.
    pub fn preference(&self, name: &str) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [format!("pref:{name}")],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Keeps a screen preference on this device.
    pub fn keep_preference(&self, name: &str, value: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO meta(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [format!("pref:{name}"), value.to_owned()],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Copies committed changes from the write-ahead log into the database
    /// file, as far as readers allow. Durability never depends on it: a
    /// commit is on disk once it returns.
    ///
    /// When the whole log was copied, the next commit starts the log over
    /// and, with `synchronous=FULL`, syncs the log's new header before its
    /// own pages: two syncs. Saving the store's clock here, at an idle
    /// moment, pays that extra sync now instead of in the next save.
    pub fn checkpoint(&self) -> Result<()> {
        let (busy, log, copied): (i64, i64, i64) = self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(|e| self.err(e))?;
        if busy == 0 && log > 0 && copied == log {
            // Never waits: this runs in the screen's idle time, and if
            // another process is writing, its commit starts the log over.
            self.conn
                .busy_timeout(Duration::ZERO)
                .map_err(|e| self.err(e))?;
            let saved = self.save_clock();
            self.conn
                .busy_timeout(BUSY_TIMEOUT)
                .map_err(|e| self.err(e))?;
            match saved {
                Err(StoreError::Busy { .. }) => {}
                other => other?,
            }
        }
        Ok(())
    }

    /// Saves the last revision time handed out, so a reopened store keeps
    /// ordering its revisions after it.
    fn save_clock(&self) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO meta(key, value) VALUES ('clock', ?1)
                 ON CONFLICT(key) DO UPDATE SET value =
                     CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)",
                [self.clock.get().to_string()],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Runs `f` in one IMMEDIATE transaction: all of its changes are
    /// committed (and on disk) together, or none are.
    pub fn write<T>(
        &mut self,
        author: &str,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| sqlite_err(&path, e))?;
        let mut w = Writer::new(
            tx,
            &self.device,
            &self.key,
            author,
            &path,
            &self.clock,
            &self.observations,
        );
        let out = f(&mut w)?;
        w.commit()?;
        Ok(out)
    }

    /// The raw connection, for read queries elsewhere in the crate.
    /// Makes every later write fail (or work again), the way a full disk or
    /// a failing device makes it fail, while reads go on: SQLite's
    /// `query_only`. It lets a test drive a face through a save that does
    /// not happen; nothing else calls it.
    #[doc(hidden)]
    pub fn refuse_writes(&self, refuse: bool) -> Result<()> {
        self.conn
            .pragma_update(None, "query_only", refuse)
            .map_err(|e| sqlite_err(&self.path, e))
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        sqlite_err(&self.path, e)
    }

    /// An inspection's kept figures: (checked, conflicts, first, last).
    #[cfg(test)]
    pub(crate) fn figures(&self, inspection: &str) -> (i64, i64, i64, i64) {
        self.conn
            .query_row(
                "SELECT checked, conflicts, first_at_ms, last_at_ms FROM inspection_stats WHERE inspection_id = ?1",
                [inspection],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .expect("figures kept")
    }

    /// Recomputes an inspection's figures from scratch, as a merge does.
    #[cfg(test)]
    pub(crate) fn recompute_figures(&self, inspection: &str) {
        recompute_inspection_stats(&self.conn, inspection, &self.observations).expect("recomputed");
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Best effort: a later open recovers from the log anyway, and a
        // clock saved late only loosens the ordering across a restart.
        let _ = self.save_clock();
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    }
}

/// Switches the database to WAL. On a database still in rollback mode
/// (one just created) two processes doing this at once can deadlock on the
/// lock upgrade, and SQLite then returns "busy" at once instead of waiting
/// in the busy handler; so wait here, as long as the busy timeout would.
fn enable_wal(conn: &Connection) -> rusqlite::Result<String> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    let mut pause = Duration::from_millis(2);
    loop {
        match conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)) {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

pub(crate) fn sqlite_err(path: &str, e: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(f, _) = &e
        && matches!(
            f.code,
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
        )
    {
        return StoreError::Busy {
            path: path.to_owned(),
        };
    }
    StoreError::Sqlite {
        path: path.to_owned(),
        source: e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_in_order_to_an_empty_database() {
        let s = Store::open_in_memory().unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
    }

    /// Several processes (here threads, each with its own connection)
    /// opening one new database at once all get in: none sees "busy".
    #[test]
    fn simultaneous_first_opens_all_succeed() {
        let dir = tempfile::tempdir().unwrap();
        for round in 0..20 {
            let p = dir.path().join(format!("new{round}.db"));
            let openers: Vec<_> = (0..4)
                .map(|_| {
                    let p = p.clone();
                    std::thread::spawn(move || Store::open(&p).map(|s| s.device().to_owned()))
                })
                .collect();
            let devices: Vec<String> = openers
                .into_iter()
                .map(|t| t.join().unwrap().unwrap())
                .collect();
            assert!(devices.windows(2).all(|w| w[0] == w[1]), "one device id");
        }
    }

    #[test]
    fn device_id_is_stable_across_opens() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.db");
        let d1 = Store::open(&p).unwrap().device().to_owned();
        let d2 = Store::open(&p).unwrap().device().to_owned();
        assert_eq!(d1, d2);
        assert_eq!(d1.len(), 16);
        let other = Store::open(&dir.path().join("b.db")).unwrap();
        assert_ne!(other.device(), d1);
    }

    #[test]
    fn a_new_file_is_reported_created_and_the_inspector_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/a.db");
        let s = Store::open(&p).unwrap();
        assert!(s.created());
        assert_eq!(s.kept_inspector().unwrap(), None);
        s.keep_inspector("Lê Thanh Hùng").unwrap();
        s.keep_inspector("Trần Thị Bình").unwrap();
        drop(s);
        let s = Store::open(&p).unwrap();
        assert!(!s.created());
        assert_eq!(
            s.kept_inspector().unwrap().as_deref(),
            Some("Trần Thị Bình")
        );
    }

    #[test]
    fn newer_schema_is_refused_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.db");
        drop(Store::open(&p).unwrap());
        let c = Connection::open(&p).unwrap();
        c.execute_batch("PRAGMA user_version = 99").unwrap();
        drop(c);
        let err = Store::open(&p).err().unwrap();
        assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    }

    /// A revision is later than what it replaces, even when that came from
    /// a laptop whose clock ran ahead, and the store's clock survives a
    /// reopen.
    #[test]
    fn revision_times_follow_what_they_replace_and_survive_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.db");
        let ahead = chrono::Utc::now().timestamp_millis() + 3_600_000;
        let mut s = Store::open(&p).unwrap();
        s.write("An", |w| {
            let r = crate::core::revision::Revision::new(
                "01900000-0000-7000-8000-0000000000aa".into(),
                "e".into(),
                "status".into(),
                Some("\"pass\"".into()),
                vec![],
                "Bình".into(),
                "other".into(),
                ahead,
                None,
            );
            w.insert_revision(&r)?;
            w.tx()
                .execute(
                    "INSERT INTO head(entity, field, rev_id, value, at_ms) VALUES ('e', 'status', ?1, ?2, ?3)",
                    rusqlite::params![r.id, r.value, r.at_ms],
                )
                .map_err(|e| sqlite_err("test", e))?;
            Ok(())
        })
        .unwrap();
        s.write("An", |w| {
            w.set_field("e", "status", Some("\"fail\"".into()), None, None)
        })
        .unwrap();
        let at: i64 = s
            .conn()
            .query_row("SELECT at_ms FROM head WHERE entity = 'e'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(at > ahead);
        drop(s);
        let s = Store::open(&p).unwrap();
        assert_eq!(s.clock.get(), at);
    }

    /// An idle checkpoint that copied the whole log also saves the clock,
    /// which starts the log over before the next save has to.
    #[test]
    fn idle_checkpoint_saves_the_clock() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("a.db")).unwrap();
        s.write("An", |w| {
            w.set_field("e", "status", Some("\"pass\"".into()), None, None)
        })
        .unwrap();
        let saved = |s: &Store| -> Option<String> {
            s.conn()
                .query_row("SELECT value FROM meta WHERE key = 'clock'", [], |r| {
                    r.get(0)
                })
                .optional()
                .unwrap()
        };
        assert_eq!(saved(&s), None, "saves do not write the clock");
        s.checkpoint().unwrap();
        assert_eq!(saved(&s), Some(s.clock.get().to_string()));
    }

    /// The idle checkpoint never waits for another process's write: it
    /// runs between frames of the screen.
    #[test]
    fn idle_checkpoint_does_not_wait_for_another_writer() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.db");
        let mut s = Store::open(&p).unwrap();
        s.write("An", |w| {
            w.set_field("e", "status", Some("\"pass\"".into()), None, None)
        })
        .unwrap();
        let other = Connection::open(&p).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let t = std::time::Instant::now();
        s.checkpoint().unwrap();
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        other.execute_batch("ROLLBACK").unwrap();
        // And saves still wait their turn as before.
        s.write("An", |w| {
            w.set_field("e", "status", Some("\"fail\"".into()), None, None)
        })
        .unwrap();
    }

    #[test]
    fn database_uses_wal_and_full_sync() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("a.db")).unwrap();
        let mode: String = s
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        let sync: i64 = s
            .conn()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(sync, 2, "synchronous=FULL");
        let cache: i64 = s
            .conn()
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(cache, CACHE_KIB);
    }
}
