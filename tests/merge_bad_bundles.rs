//! Bad bundles: each is refused with a clear error and the target is unchanged.

use std::path::{Path, PathBuf};

use parcheck::core::revision::Revision;
use parcheck::merge::{self, BundleWriter, ExportScope, MergeError, MergeOptions};
use parcheck::store::Store;

struct Fixture {
    dir: tempfile::TempDir,
    target: Store,
    good: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut src = Store::open(&dir.path().join("src.db")).unwrap();
    for i in 0..20 {
        src.write("An", |w| {
            w.set_field(
                &format!("f{}", i % 5),
                "status",
                Some(format!("\"v{i}\"")),
                None,
                None,
            )
        })
        .unwrap();
    }
    let good = dir.path().join("good.bundle");
    merge::export(&src, &good, &ExportScope::All).unwrap();
    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    target
        .write("Lead", |w| {
            w.set_field("f1", "note", Some("\"mine\"".into()), None, None)
        })
        .unwrap();
    Fixture { dir, target, good }
}

/// Merges `file`, expects a rejection mentioning `needle`, and checks that
/// the target did not change.
fn expect_rejected(f: &mut Fixture, file: &Path, needle: &str) {
    let before = merge::state_digest(&f.target).unwrap();
    let err = merge::merge_files(
        &mut f.target,
        &[file.to_path_buf()],
        &MergeOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, MergeError::Rejected { .. }), "{err}");
    assert!(
        err.to_string().contains(needle),
        "{err} (expected {needle:?})"
    );
    assert_eq!(merge::state_digest(&f.target).unwrap(), before);
}

fn copy_of(f: &Fixture, name: &str) -> PathBuf {
    let p = f.dir.path().join(name);
    std::fs::copy(&f.good, &p).unwrap();
    p
}

fn edit(p: &Path, sql: &str) {
    let c = rusqlite::Connection::open(p).unwrap();
    c.execute_batch(sql).unwrap();
}

#[test]
fn good_bundle_is_accepted() {
    let mut f = fixture();
    let s = merge::merge_files(&mut f.target, &[f.good.clone()], &MergeOptions::default()).unwrap();
    assert_eq!(s[0].new_revisions, 20);
}

#[test]
fn truncated_file() {
    let mut f = fixture();
    let p = copy_of(&f, "t.bundle");
    let len = std::fs::metadata(&p).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&p)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    expect_rejected(&mut f, &p, "rejected");
}

#[test]
fn not_sqlite() {
    let mut f = fixture();
    let p = f.dir.path().join("x.bundle");
    std::fs::write(&p, "hello, this is not a database at all".repeat(20)).unwrap();
    expect_rejected(&mut f, &p, "not an SQLite database");
}

#[test]
fn other_format_version() {
    let mut f = fixture();
    let p = copy_of(&f, "v.bundle");
    edit(&p, "PRAGMA user_version = 7");
    expect_rejected(&mut f, &p, "format version 7");
}

/// A bundle written by an earlier parcheck (schema version 2: revisions
/// keyed by rowid, an index on parent ids) merges; a current bundle that
/// claims version 2 does not match that version's schema and is refused.
#[test]
fn earlier_format_version_merges_with_its_own_schema() {
    let mut f = fixture();
    let p = f.dir.path().join("v2.bundle");
    let c = rusqlite::Connection::open(&p).unwrap();
    c.execute_batch(include_str!("../src/store/migrations/0001_init.sql"))
        .unwrap();
    c.execute_batch(include_str!(
        "../src/store/migrations/0002_merge_and_stats.sql"
    ))
    .unwrap();
    c.execute_batch(
        "CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
         PRAGMA user_version = 2;",
    )
    .unwrap();
    c.execute("ATTACH DATABASE ?1 AS good", [f.good.to_str().unwrap()])
        .unwrap();
    c.execute_batch(
        "INSERT INTO unit SELECT * FROM good.unit;
         INSERT INTO inspection SELECT * FROM good.inspection;
         INSERT INTO finding SELECT * FROM good.finding;
         INSERT INTO checklist_source SELECT * FROM good.checklist_source;
         INSERT INTO rev(id, entity, field, value, author, device, at_ms, item_hash, hash)
             SELECT id, entity, field, value, author, device, at_ms, item_hash, hash FROM good.rev;
         INSERT INTO rev_parent SELECT * FROM good.rev_parent;
         INSERT INTO manifest SELECT * FROM good.manifest;
         DETACH DATABASE good;",
    )
    .unwrap();
    drop(c);
    let s = merge::merge_files(
        &mut f.target,
        std::slice::from_ref(&p),
        &MergeOptions::default(),
    )
    .unwrap();
    assert_eq!(s[0].new_revisions, 20);

    let mut f = fixture();
    let p = copy_of(&f, "v2-wrong.bundle");
    edit(&p, "PRAGMA user_version = 2");
    expect_rejected(&mut f, &p, "its schema is not parcheck's");
}

#[test]
fn extra_trigger_or_view() {
    let mut f = fixture();
    let p = copy_of(&f, "trig.bundle");
    edit(
        &p,
        "CREATE TRIGGER t AFTER INSERT ON unit BEGIN DELETE FROM rev; END;",
    );
    expect_rejected(&mut f, &p, "trigger t");
    let p = copy_of(&f, "view.bundle");
    edit(&p, "CREATE VIEW v AS SELECT * FROM rev;");
    expect_rejected(&mut f, &p, "view v");
}

#[test]
fn hand_edited_value() {
    let mut f = fixture();
    let p = copy_of(&f, "e.bundle");
    edit(
        &p,
        "UPDATE rev SET value = '\"pass\"' WHERE id = (SELECT id FROM rev ORDER BY id LIMIT 1 OFFSET 2)",
    );
    expect_rejected(&mut f, &p, "content hash");
}

fn bundle_with(f: &Fixture, name: &str, rev: Revision) -> PathBuf {
    let p = f.dir.path().join(name);
    let mut w = BundleWriter::create(&p).unwrap();
    w.add_revision(&rev).unwrap();
    w.finish("dev").unwrap();
    p
}

fn rev(field: &str, value: String) -> Revision {
    Revision::new(
        "01900000-0000-7000-8000-000000000001".into(),
        "f9".into(),
        field.into(),
        Some(value),
        vec![],
        "X".into(),
        "dev".into(),
        1,
        None,
    )
}

#[test]
fn oversized_field() {
    let mut f = fixture();
    let p = bundle_with(
        &f,
        "big.bundle",
        rev("note", format!("\"{}\"", "a".repeat(1_100_000))),
    );
    expect_rejected(&mut f, &p, "at most 1000000");
}

#[test]
fn evidence_path_climbing_out() {
    let mut f = fixture();
    let v = r#"{"kind":"file","path":"photos/../../../etc/passwd","sha256":"00"}"#.to_owned();
    let p = bundle_with(&f, "ev.bundle", rev("evidence:e1", v));
    expect_rejected(&mut f, &p, "climbs out");
}

#[test]
fn missing_parent() {
    let mut f = fixture();
    let r = Revision::new(
        "01900000-0000-7000-8000-000000000002".into(),
        "f9".into(),
        "status".into(),
        Some("\"x\"".into()),
        vec!["01900000-0000-7000-8000-0000000000ff".into()],
        "X".into(),
        "dev".into(),
        1,
        None,
    );
    let p = bundle_with(&f, "orphan.bundle", r);
    expect_rejected(&mut f, &p, "missing");
}

#[test]
fn file_colon_name_is_just_a_name() {
    let mut f = fixture();
    let p = f.dir.path().join("file:x.db");
    std::fs::copy(&f.good, &p).unwrap();
    let s = merge::merge_files(&mut f.target, &[p], &MergeOptions::default()).unwrap();
    assert_eq!(s[0].new_revisions, 20);
}

#[cfg(unix)]
#[test]
fn symlink_is_refused() {
    let mut f = fixture();
    let p = f.dir.path().join("link.bundle");
    std::os::unix::fs::symlink(&f.good, &p).unwrap();
    expect_rejected(&mut f, &p, "symbolic link");
}

#[test]
fn all_or_nothing_across_files() {
    let mut f = fixture();
    let bad = f.dir.path().join("junk.bundle");
    std::fs::write(&bad, b"junk").unwrap();
    let before = merge::state_digest(&f.target).unwrap();
    let files = [f.good.clone(), bad.clone()];
    let err = merge::merge_files(&mut f.target, &files, &MergeOptions::default()).unwrap_err();
    match &err {
        MergeError::Rejected { file, reason } => assert_eq!(
            (file.as_str(), reason.as_str()),
            (
                bad.to_str().unwrap(),
                "not a parcheck bundle (not an SQLite database)"
            )
        ),
        other => panic!("expected the junk file to be rejected: {other}"),
    }
    assert_eq!(merge::state_digest(&f.target).unwrap(), before);
}

#[test]
fn random_byte_flips_never_panic_or_slip_through() {
    let f = fixture();
    let target_before = merge::state_digest(&f.target).unwrap();
    let good = std::fs::read(&f.good).unwrap();
    let reference = {
        let mut s = Store::open_in_memory().unwrap();
        merge::merge_files(
            &mut s,
            std::slice::from_ref(&f.good),
            &MergeOptions::default(),
        )
        .unwrap();
        merge::state_digest(&s).unwrap()
    };
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut accepted, mut rejected) = (0, 0);
    let p = f.dir.path().join("flip.bundle");
    for _ in 0..300 {
        let mut bytes = good.clone();
        for _ in 0..(1 + next() % 4) {
            let i = (next() as usize) % bytes.len();
            bytes[i] ^= 1 << (next() % 8);
        }
        std::fs::write(&p, &bytes).unwrap();
        let mut s = Store::open_in_memory().unwrap();
        let empty = merge::state_digest(&s).unwrap();
        match merge::merge_files(&mut s, std::slice::from_ref(&p), &MergeOptions::default()) {
            Ok(_) => {
                accepted += 1;
                // Accepted only when the content is exactly the original.
                assert_eq!(merge::state_digest(&s).unwrap(), reference);
            }
            Err(_) => {
                rejected += 1;
                assert_eq!(merge::state_digest(&s).unwrap(), empty);
            }
        }
    }
    assert!(rejected > 0, "accepted {accepted}");
    // The real target was never touched.
    assert_eq!(merge::state_digest(&f.target).unwrap(), target_before);
}

#[test]
fn revisions_superseding_each_other_in_a_cycle() {
    let mut f = fixture();
    let a_id = "01900000-0000-7000-8000-00000000000a";
    let b_id = "01900000-0000-7000-8000-00000000000b";
    let mk = |id: &str, parent: &str, v: &str| {
        Revision::new(
            id.into(),
            "f9".into(),
            "status".into(),
            Some(format!("\"{v}\"")),
            vec![parent.into()],
            "X".into(),
            "dev".into(),
            1,
            None,
        )
    };
    let p = f.dir.path().join("cycle.bundle");
    let mut w = BundleWriter::create(&p).unwrap();
    w.add_revision(&mk(a_id, b_id, "pass")).unwrap();
    w.add_revision(&mk(b_id, a_id, "fail")).unwrap();
    w.finish("dev").unwrap();
    expect_rejected(&mut f, &p, "cycle");
}

#[test]
fn identity_row_that_does_not_match_its_id() {
    let mut f = fixture();
    let p = copy_of(&f, "identity.bundle");
    edit(
        &p,
        "INSERT INTO inspection(id, campaign, unit_code, checklist_id) VALUES ('i00', '2026', 'U', 'demo')",
    );
    expect_rejected(
        &mut f,
        &p,
        "does not match its campaign, unit and checklist",
    );
}

/// More files than SQLite's default of ten attached databases merge in one
/// run; past the compiled-in limit the merge refuses up front and says how
/// to go on.
#[test]
fn many_files_merge_at_once_up_to_a_stated_limit() {
    let mut f = fixture();
    let copies: Vec<PathBuf> = (0..126)
        .map(|i| {
            let p = f.dir.path().join(format!("copy{i}.bundle"));
            std::fs::hard_link(&f.good, &p).unwrap();
            p
        })
        .collect();
    let before = merge::state_digest(&f.target).unwrap();
    let err = merge::merge_files(&mut f.target, &copies, &MergeOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("at most 125 can be merged at once"),
        "{err}"
    );
    assert_eq!(merge::state_digest(&f.target).unwrap(), before);

    let sums = merge::merge_files(&mut f.target, &copies[..12], &MergeOptions::default()).unwrap();
    assert_eq!(sums.len(), 12);
    assert_eq!(sums[0].new_revisions, 20);
    assert!(sums[1..].iter().all(|s| s.new_revisions == 0));
}
