//! Merge benchmark: 20 bundles totalling N revisions (default 1,000,000;
//! `PARCHECK_BENCH_MERGE_REVS` for quicker runs) merged with validation and
//! conflict detection, against a raw `INSERT OR IGNORE … SELECT` union of
//! the same bundles; and the scaling ratio t(N) / t(N/4). Both times run
//! until the database is closed, as a command's user waits for. Every
//! revision is signed by its bundle's device key and the bundle's revisions
//! sealed, as an export does; the merge checks the seals. Then the cost of
//! one signature (a save), one revision's verification and one seal's, and
//! a team merge: 6 inspectors' bundles (`PARCHECK_BENCH_TEAM_REVS`, default
//! 300,000 revisions) into a database whose roster lists the 6 devices,
//! with and without their seals (the fallback to each revision's
//! signature), and the same bundles merged again (every revision held).

use std::path::{Path, PathBuf};
use std::time::Instant;

use parcheck::core::revision::Revision;
use parcheck::core::signing::{Context, DeviceKey, PublicKey, SealBody, SealEntry};
use parcheck::merge::{self, BundleWriter, MergeOptions};
use parcheck::store::Store;

const BUNDLES: usize = 20;

/// Writes `BUNDLES` bundles with `total` revisions: each bundle is one
/// inspector's chains of edits (5 revisions per register), plus a shared
/// register per finding edited concurrently by two inspectors (conflicts).
/// How a generated bundle's revisions travel.
#[derive(Clone, Copy, PartialEq)]
enum Proof {
    /// Under their device's seals, as an export writes them.
    Sealed,
    /// Each with its own signature only.
    Signed,
    /// Without signatures, as before parcheck signed revisions.
    Unsigned,
}

fn generate(dir: &Path, total: usize, bundles: usize) -> (Vec<PathBuf>, Vec<String>) {
    generate_as(dir, total, bundles, Proof::Sealed)
}

fn generate_as(
    dir: &Path,
    total: usize,
    bundles: usize,
    proof: Proof,
) -> (Vec<PathBuf>, Vec<String>) {
    let per = total / bundles;
    let mut fingerprints = Vec::new();
    let files = (0..bundles)
        .map(|b| {
            let p = dir.join(format!("b{b}.bundle"));
            let key = DeviceKey::generate().unwrap();
            fingerprints.push(
                PublicKey::from_hex(&key.public_hex())
                    .unwrap()
                    .fingerprint(),
            );
            let unit = format!("XA-{:02}", b % 100);
            let ctx = Context {
                unit_code: &unit,
                checklist_version: "2025.1",
            };
            let mut w = BundleWriter::create(&p).unwrap();
            let mut prev: Option<String> = None;
            for i in 0..per {
                let reg = i / 5;
                if i % 5 == 0 {
                    prev = None;
                }
                // Registers 0..per/10 are shared by bundle pairs: concurrent edits.
                let entity = if reg % 20 == 0 {
                    format!("f{}-{}", b / 2, reg)
                } else {
                    format!("f{b}-{reg}")
                };
                let id = format!("{:08x}-{:04x}-7000-8000-{:012x}", b, i % 65536, i);
                let r = Revision::new(
                    id.clone(),
                    entity,
                    "status".into(),
                    Some(format!("\"v{}\"", (i + b) % 3)),
                    prev.iter().cloned().collect(),
                    format!("I{b}"),
                    format!("dev{b:02}"),
                    1_700_000_000_000 + i as i64,
                    Some("h".into()),
                );
                if proof == Proof::Unsigned {
                    w.add_revision(&r).unwrap();
                } else {
                    w.add_signed_revision(&r, &key, &ctx).unwrap();
                }
                prev = Some(id);
            }
            if proof == Proof::Sealed {
                w.seal_signed(&key, &format!("dev{b:02}")).unwrap();
            }
            w.finish(&format!("dev{b:02}")).unwrap();
            p
        })
        .collect();
    (files, fingerprints)
}

fn merge_time(dir: &Path, bundles: &[PathBuf], tag: &str, roster: &[String]) -> f64 {
    let db = dir.join(format!("merged-{tag}.db"));
    let s = Store::open(&db).unwrap();
    for (i, fp) in roster.iter().enumerate() {
        s.add_member(fp, &format!("I{i}")).unwrap();
    }
    merge_into(s, bundles, tag)
}

/// Merges `bundles` into `s` and closes it: the seconds a user waits.
fn merge_into(mut s: Store, bundles: &[PathBuf], tag: &str) -> f64 {
    let t = Instant::now();
    let sum = merge::merge_files(&mut s, bundles, &MergeOptions::default()).unwrap();
    // Closing is part of what a user waits for (the log is checkpointed).
    drop(s);
    let secs = t.elapsed().as_secs_f64();
    let n: u64 = sum.iter().map(|x| x.new_revisions).sum();
    let c: u64 = sum.iter().map(|x| x.new_conflicts).sum();
    eprintln!("  ({tag}: {n} revisions, {c} conflicts)");
    secs
}

fn raw_time(dir: &Path, bundles: &[PathBuf], tag: &str) -> f64 {
    let db = dir.join(format!("raw-{tag}.db"));
    drop(Store::open(&db).unwrap());
    let c = rusqlite::Connection::open(&db).unwrap();
    // The same settings as the app's own connection.
    c.execute_batch(
        "PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=10000;",
    )
    .unwrap();
    // SQLite cannot DETACH inside a transaction, so the baseline commits
    // once per bundle (20 commits; the merge commits once).
    let t = Instant::now();
    for b in bundles {
        c.execute("ATTACH DATABASE ?1 AS src", [b.to_str().unwrap()])
            .unwrap();
        c.execute_batch(
            "BEGIN IMMEDIATE;
             INSERT OR IGNORE INTO rev SELECT * FROM src.rev;
             INSERT OR IGNORE INTO rev_parent SELECT * FROM src.rev_parent;
             COMMIT;",
        )
        .unwrap();
        c.execute_batch("DETACH DATABASE src").unwrap();
    }
    c.close().unwrap();
    t.elapsed().as_secs_f64()
}

fn main() {
    let total: usize = std::env::var("PARCHECK_BENCH_MERGE_REVS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let big_dir = dir.path().join("big");
    let small_dir = dir.path().join("small");
    std::fs::create_dir_all(&big_dir).unwrap();
    std::fs::create_dir_all(&small_dir).unwrap();
    let t = Instant::now();
    let (big, _) = generate(&big_dir, total, BUNDLES);
    let (small, _) = generate(&small_dir, total / 4, BUNDLES);
    eprintln!("generated bundles in {:.1} s", t.elapsed().as_secs_f64());
    let raw = raw_time(dir.path(), &big, "big");
    let raw_quarter = raw_time(dir.path(), &small, "small");
    let full = merge_time(dir.path(), &big, "big", &[]);
    let quarter = merge_time(dir.path(), &small, "small", &[]);
    println!(
        "merge {BUNDLES} bundles, {total} revisions: {full:.2} s  (baseline raw INSERT OR IGNORE union: {raw:.2} s)"
    );
    println!("ratio merge / raw union: {:.2}x  (aim <= 1.5x)", full / raw);
    println!("merge {} revisions: {quarter:.2} s", total / 4);
    println!(
        "scaling t({total}) / t({}): {:.2}  (aim <= 5; linear = 4; the raw union's own: {:.2})",
        total / 4,
        full / quarter,
        raw / raw_quarter
    );
    signature_cost();
    let team: usize = std::env::var("PARCHECK_BENCH_TEAM_REVS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300_000);
    let team_dir = dir.path().join("team");
    std::fs::create_dir_all(&team_dir).unwrap();
    let (files, roster) = generate(&team_dir, team, 6);
    let t = merge_time(dir.path(), &files, "team", &roster);
    println!(
        "team merge, 6 inspectors, {team} signed and sealed revisions, roster of 6: {t:.2} s  (aim < 2 s)"
    );
    let again = merge_into(
        Store::open(&dir.path().join("merged-team.db")).unwrap(),
        &files,
        "team again",
    );
    println!("the same team bundles merged again (every revision held): {again:.2} s");
    // The same team merge without any signatures and no roster: what the
    // merge costs apart from checking who made what.
    let plain_dir = dir.path().join("plain");
    std::fs::create_dir_all(&plain_dir).unwrap();
    let (plain, _) = generate_as(&plain_dir, team, 6, Proof::Unsigned);
    let t = merge_time(dir.path(), &plain, "team unsigned", &[]);
    println!("the same team merge, unsigned revisions and no roster: {t:.2} s");
    // Without seals every revision's signature is checked: a tenth of the
    // team's revisions, to keep the run short.
    let signed_dir = dir.path().join("signed");
    std::fs::create_dir_all(&signed_dir).unwrap();
    let (signed, roster) = generate_as(&signed_dir, team / 10, 6, Proof::Signed);
    let t = merge_time(dir.path(), &signed, "team unsealed", &roster);
    println!(
        "team merge of {} revisions without seals (each revision's signature checked): {t:.2} s",
        team / 10
    );
}

/// One signature and one verification, on their own.
fn signature_cost() {
    const N: usize = 20_000;
    let key = DeviceKey::generate().unwrap();
    let public = PublicKey::from_hex(&key.public_hex()).unwrap();
    let ctx = Context {
        unit_code: "XA-01",
        checklist_version: "2025.1",
    };
    let revs: Vec<Revision> = (0..N)
        .map(|i| {
            Revision::new(
                format!("{i:036}"),
                format!("f{i}"),
                "status".into(),
                Some("\"pass\"".into()),
                Vec::new(),
                "An".into(),
                "dev".into(),
                i as i64,
                None,
            )
        })
        .collect();
    let t = Instant::now();
    let sigs: Vec<String> = revs.iter().map(|r| key.sign(r, &ctx)).collect();
    let sign = t.elapsed().as_secs_f64() / N as f64;
    let t = Instant::now();
    let ok = revs
        .iter()
        .zip(&sigs)
        .filter(|(r, s)| public.verifies(r, &ctx, s))
        .count();
    let verify = t.elapsed().as_secs_f64() / N as f64;
    assert_eq!(ok, N);
    println!(
        "per save of one revision: sign {:.1} µs; per revision without a seal: verify {:.1} µs",
        sign * 1e6,
        verify * 1e6
    );
    // Seals as an export writes them, over the same revisions.
    let entries = revs.iter().map(|r| SealEntry {
        rev_id: r.id.as_str().into(),
        hash: r.hash.as_str().into(),
        unit_code: ctx.unit_code.into(),
        checklist_version: ctx.checklist_version.into(),
    });
    let t = Instant::now();
    let seals = key.seal("dev", entries);
    let seal = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut covered = 0;
    for s in &seals {
        assert!(public.verifies_seal(&s.body, &s.signature));
        covered += SealBody::parse(&s.body).unwrap().revisions.len();
    }
    let check = t.elapsed().as_secs_f64();
    assert_eq!(covered, N);
    println!(
        "seals: {N} revisions in {} seals; writing them {:.1} ms; checking (verify and read) {:.2} ms per seal, {:.2} µs per revision",
        seals.len(),
        seal * 1e3,
        check * 1e3 / seals.len() as f64,
        check * 1e6 / N as f64
    );
}
