//! Who the command line records as, and its edges: a new database, a dry
//! run's target, the exit code of `conflicts`, resolving what is settled.

mod common;

use common::Env;

fn env() -> Env {
    // English: these tests read the command line's words; the Vietnamese
    // wording is checked where it is named.
    Env::new()
        .with_fixtures()
        .args(&["--campaign", "2026", "--lang", "en"])
}

const RECORD: [&str; 9] = [
    "record",
    "--checklist",
    "demo",
    "--unit",
    "XA-01",
    "--item",
    "D-01",
    "--status",
    "fail",
];

fn record_with(extra: &[&str]) -> Vec<String> {
    RECORD
        .iter()
        .chain(extra)
        .map(|s| (*s).to_owned())
        .collect()
}

#[test]
fn record_without_any_name_is_refused_and_writes_nothing() {
    let env = env();
    let err = env.fails(&RECORD, 1);
    assert!(err.contains("error: no inspector name"), "{err}");
    assert!(err.contains("--inspector"), "{err}");
    assert!(
        err.contains("inspector = \"YOUR NAME\" in config.toml"),
        "{err}"
    );
    assert!(env.findings().is_empty());
    assert!(!env.ok(&["history"]).contains("XA-01"));
}

#[test]
fn a_name_given_once_is_kept_and_used_and_said() {
    let env = env();
    let out = env.ok(&record_with(&["--inspector", "Lê Thanh Hùng"]));
    assert_eq!(
        out,
        "XA-01 demo D-01: fail (1 change saved, recorded as Lê Thanh Hùng)\n"
    );
    let out = env.ok(&record_with(&["--note", "Thiếu sổ"]));
    assert!(out.ends_with("recorded as Lê Thanh Hùng)\n"), "{out}");
    let hist = env.ok(&["history", "--item", "D-01"]);
    assert!(hist.contains("Lê Thanh Hùng"), "{hist}");
    // Another name given does not replace the kept one.
    env.ok(&record_with(&[
        "--inspector",
        "Trần Thị Bình",
        "--note",
        "x",
    ]));
    let out = env.ok(&record_with(&["--note", "y"]));
    assert!(out.ends_with("recorded as Lê Thanh Hùng)\n"), "{out}");
    // The configured name comes before the kept one.
    std::fs::write(env.config(), "inspector = \"Phạm Minh Châu\"\n").unwrap();
    let out = env.ok(&record_with(&["--note", "z"]));
    assert!(out.ends_with("recorded as Phạm Minh Châu)\n"), "{out}");
    assert_eq!(
        env.finding("XA-01", "demo", "D-01")["inspector"],
        "Phạm Minh Châu"
    );
}

#[test]
fn an_invalid_name_is_refused() {
    let env = env();
    let long = "x".repeat(81);
    for bad in ["", "  ", long.as_str()] {
        let err = env.fails(&record_with(&["--inspector", bad]), 1);
        assert!(err.contains("invalid inspector name"), "{err}");
    }
    assert!(env.findings().is_empty());
    std::fs::write(env.config(), "inspector = \"\"\n").unwrap();
    let err = env.fails(&RECORD, 1);
    assert!(err.contains("in the configuration file"), "{err}");
    assert!(err.contains("correct `inspector` in config.toml"), "{err}");
}

#[test]
fn a_new_database_is_announced_and_an_existing_one_is_not() {
    let env = env();
    let (_, err) = env.ok_with_stderr(&["findings"]);
    assert_eq!(
        err,
        format!(
            "note: no database at {}; creating a new one there\n",
            env.db().display()
        )
    );
    let (_, err) = env.ok_with_stderr(&["findings"]);
    assert_eq!(err, "");
    // A mistyped --db elsewhere is announced with its path.
    let typo = env.path().join("parchek.db");
    let typo = typo.to_str().unwrap();
    let (_, err) = env.ok_with_stderr(&["--db", typo, "findings"]);
    assert!(err.contains(&format!("no database at {typo}")), "{err}");
}

/// Two inspectors' bundles merged by a lead whose database does not exist
/// yet.
fn conflicting_bundles() -> (Env, Env, String, String) {
    let a = env();
    a.ok(&record_with(&["--inspector", "An"]));
    let b = env();
    b.record("XA-01", "D-01", "pass", "Bình", &[]);
    let ba = a.path().join("a.bundle").to_str().unwrap().to_owned();
    let bb = b.path().join("b.bundle").to_str().unwrap().to_owned();
    a.ok(&["export", "--out", &ba]);
    b.ok(&["export", "--out", &bb]);
    (a, b, ba, bb)
}

#[test]
fn merge_dry_run_never_creates_its_target() {
    let (_a, _b, ba, bb) = conflicting_bundles();
    let lead = env();
    let target = lead.path().join("sub/lead.db");
    let t = target.to_str().unwrap();
    let (out, err) = lead.ok_with_stderr(&["--db", t, "merge", "--dry-run", &ba, &bb]);
    assert!(out.starts_with("dry run: nothing was changed\n"), "{out}");
    assert!(out.contains("[CONFLICT]"), "{out}");
    assert!(err.contains("none was created"), "{err}");
    assert!(!target.exists(), "no database file");
    assert!(!target.parent().unwrap().exists(), "no directory either");
    for sidecar in ["-wal", "-shm", "-journal"] {
        assert!(!lead.path().join(format!("sub/lead.db{sidecar}")).exists());
    }
}

#[test]
fn conflicts_exits_1_while_unresolved_and_0_once_settled() {
    let (_a, _b, ba, bb) = conflicting_bundles();
    let lead = env();
    assert_eq!(lead.ok(&["conflicts"]), "no unresolved conflicts\n");
    lead.ok(&["conflicts", "--json"]);
    lead.ok(&["merge", &ba, &bb]);
    let out = lead.run(&["conflicts"]);
    common::expect_code(&out, 1, &["conflicts"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("XA-01 demo D-01 status:"), "{text}");
    let out = lead.run(&["conflicts", "--json"]);
    common::expect_code(&out, 1, &["conflicts", "--json"]);
    let out = lead.ok(&[
        "resolve",
        "--unit",
        "XA-01",
        "--item",
        "D-01",
        "--field",
        "status",
        "--value",
        "fail",
        "--inspector",
        "Trưởng đoàn",
    ]);
    assert!(out.contains("resolved as Trưởng đoàn"), "{out}");
    assert_eq!(lead.ok(&["conflicts"]), "no unresolved conflicts\n");
    assert_eq!(lead.json(&["conflicts", "--json"]), serde_json::json!([]));
}

#[test]
fn resolve_on_a_field_with_no_conflict_says_so_and_writes_nothing() {
    let env = env();
    env.ok(&record_with(&["--inspector", "An"]));
    let before = env.ok(&["history"]);
    let err = env.fails(
        &[
            "resolve", "--unit", "XA-01", "--item", "D-01", "--field", "status", "--value", "pass",
        ],
        1,
    );
    assert!(
        err.contains("status of item D-01 has no conflict to resolve; nothing was changed"),
        "{err}"
    );
    assert_eq!(env.ok(&["history"]), before);
    assert_eq!(env.finding("XA-01", "demo", "D-01")["status"], "fail");
}

#[test]
fn resolve_without_any_name_is_refused() {
    let (_a, _b, ba, bb) = conflicting_bundles();
    let lead = env();
    lead.ok(&["merge", &ba, &bb]);
    let err = lead.fails(
        &[
            "resolve", "--unit", "XA-01", "--item", "D-01", "--field", "status", "--value", "fail",
        ],
        1,
    );
    assert!(err.contains("no inspector name"), "{err}");
    common::expect_code(&lead.run(&["conflicts"]), 1, &["conflicts"]);
}
