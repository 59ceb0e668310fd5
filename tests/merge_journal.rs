//! The merge transaction's journal: a rollback journal when the merge has
//! the database alone, WAL otherwise, all or nothing when the merge is
//! killed, and no private copy of a killed merge left past the next run.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use parcheck::core::revision::Revision;
use parcheck::merge::{self, BundleWriter, MergeOptions};
use parcheck::store::Store;

/// A bundle of `n` unsigned revisions (as from before signing), in chains
/// of five per register, made by `device`.
fn bundle(dir: &Path, name: &str, device: &str, n: usize) -> PathBuf {
    let p = dir.join(name);
    let mut w = BundleWriter::create(&p).unwrap();
    let mut prev: Option<String> = None;
    // Ids of their own for each device.
    let d = device
        .bytes()
        .fold(0u32, |a, b| a.wrapping_mul(31).wrapping_add(u32::from(b)));
    for i in 0..n {
        if i % 5 == 0 {
            prev = None;
        }
        let id = format!("{d:08x}-{:04x}-7000-8000-{:012x}", i % 65536, i);
        let r = Revision::new(
            id.clone(),
            format!("u:{device}-{}", i / 5),
            "name".into(),
            Some(format!("\"Xã {i}\"")),
            prev.iter().cloned().collect(),
            "An".into(),
            device.into(),
            1_700_000_000_000 + i as i64,
            None,
        );
        w.add_revision(&r).unwrap();
        prev = Some(id);
    }
    w.finish(device).unwrap();
    p
}

fn journal_mode(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

fn with_suffix(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[test]
fn a_merge_alone_leaves_the_database_in_wal_mode_with_no_journal() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path(), "a.bundle", "dev-a", 50);
    let db = dir.path().join("lead.db");
    let mut s = Store::open(&db).unwrap();
    let sum = merge::merge_files(&mut s, &[b], &MergeOptions::default()).unwrap();
    assert_eq!(sum[0].new_revisions, 50);
    // The store's own connection is back in WAL mode after the merge.
    assert_eq!(journal_mode(&db), "wal");
    drop(s);
    assert_eq!(journal_mode(&db), "wal");
    assert!(!with_suffix(&db, "-journal").exists());
}

#[test]
fn a_merge_while_another_connection_has_the_database_open_keeps_wal() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path(), "a.bundle", "dev-a", 50);
    let db = dir.path().join("lead.db");
    let mut s = Store::open(&db).unwrap();
    // Another program reading the database (its connection stays open).
    let other = rusqlite::Connection::open(&db).unwrap();
    let before: i64 = other
        .query_row("SELECT count(*) FROM rev", [], |r| r.get(0))
        .unwrap();
    let sum = merge::merge_files(&mut s, &[b], &MergeOptions::default()).unwrap();
    assert_eq!(sum[0].new_revisions, 50);
    let mode: String = other
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        mode, "wal",
        "the merge may not change the mode under a reader"
    );
    let after: i64 = other
        .query_row("SELECT count(*) FROM rev", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, before + 50, "the reader sees the committed merge");
}

/// The private directories of merges in `tmp`.
fn copies(tmp: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("parcheck-merge-"))
        })
        .collect()
}

#[test]
fn a_killed_merge_changes_nothing_and_its_copy_is_gone_after_the_next_run() {
    let env = common::Env::new();
    let dir = env.path();
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let db = env.db().to_path_buf();
    let small = bundle(dir, "small.bundle", "dev-s", 10);
    // A first merge, committed: the state a killed merge must leave.
    env.ok(&["merge", small.to_str().unwrap()]);
    let before = {
        let s = Store::open(&db).unwrap();
        merge::state_digest(&s).unwrap()
    };
    let big = bundle(dir, "big.bundle", "dev-b", 40_000);
    let mut child = env
        .command(&["merge", big.to_str().unwrap()])
        .env("TMPDIR", &tmp)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The merge copies the bundle, then opens its transaction, whose
    // rollback journal exists from the first write to the commit: kill the
    // merge while both are there. (Leaving WAL mode writes a journal for a
    // moment too, before the copy.)
    let journal = with_suffix(&db, "-journal");
    let deadline = Instant::now() + Duration::from_secs(120);
    while copies(&tmp).is_empty() || !journal.exists() {
        if child.try_wait().unwrap().is_some() {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            panic!("the merge ended before its journal was seen: {err}");
        }
        assert!(Instant::now() < deadline, "no rollback journal appeared");
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(journal.exists(), "a hot journal stays behind");
    let left = copies(&tmp);
    assert_eq!(left.len(), 1, "the killed merge's private copy: {left:?}");
    // The next open rolls the interrupted transaction back.
    {
        let s = Store::open(&db).unwrap();
        assert_eq!(merge::state_digest(&s).unwrap(), before);
        assert_eq!(merge::revision_ids(&s).unwrap().len(), 10);
    }
    assert!(!journal.exists());
    assert_eq!(journal_mode(&db), "wal");
    // A copy younger than a minute may be a merge that is just starting:
    // the next run leaves it; once older, its lock free, it is removed.
    let other = bundle(dir, "other.bundle", "dev-o", 5);
    let merge_again = |b: &Path| {
        let out = env
            .command(&["merge", b.to_str().unwrap()])
            .env("TMPDIR", &tmp)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    };
    merge_again(&other);
    assert_eq!(copies(&tmp), left);
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::open(&left[0])
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
    merge_again(&big);
    assert_eq!(copies(&tmp), Vec::<PathBuf>::new());
    let s = Store::open(&db).unwrap();
    assert_eq!(
        merge::revision_ids(&s).unwrap().len(),
        10 + 5 + 40_000,
        "the merge run again takes everything"
    );
}

#[test]
fn a_copy_a_running_merge_holds_is_never_removed() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    // A running merge's directory: its lock taken, an hour old.
    let running = tmp.join("parcheck-merge-Ab12Cd");
    std::fs::create_dir(&running).unwrap();
    let lock = std::fs::File::create(running.join("lock")).unwrap();
    lock.try_lock().unwrap();
    std::fs::write(running.join("bundle.db"), b"copy").unwrap();
    // Not a merge's directory (another file in it): never touched.
    let foreign = tmp.join("parcheck-merge-notours");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("thesis.odt"), b"keep").unwrap();
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    for d in [&running, &foreign] {
        std::fs::File::open(d)
            .unwrap()
            .set_modified(an_hour_ago)
            .unwrap();
    }
    let env = common::Env::new().var("TMPDIR", &tmp);
    let b = bundle(dir.path(), "a.bundle", "dev-a", 5);
    env.ok(&["merge", b.to_str().unwrap()]);
    assert!(running.join("bundle.db").exists());
    assert!(foreign.join("thesis.odt").exists());
    assert_eq!(copies(&tmp).len(), 2, "and the merge's own copy is gone");
    drop(lock);
}
