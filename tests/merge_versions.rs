//! Findings recorded against another version of a checklist item are
//! flagged after a merge, in the merge output and in `findings --json`.

use std::path::Path;
use std::process::{Command, Output};

fn run(db: &Path, checklists: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parcheck"))
        .arg("--db")
        .arg(db)
        .arg("--checklists")
        .arg(checklists)
        .args(args)
        .env_remove("PARCHECK_CONFIG")
        .env("XDG_CONFIG_HOME", db.parent().expect("dir"))
        .output()
        .expect("run parcheck")
}

#[test]
fn changed_item_meaning_is_flagged_after_merge() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let demo = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/checklists/valid/demo.toml"
    ))
    .expect("demo");
    // Version 2 asks a different question in D-01: its meaning changed.
    let (v1, v2) = (d.join("v1"), d.join("v2"));
    std::fs::create_dir(&v1).expect("mkdir");
    std::fs::create_dir(&v2).expect("mkdir");
    std::fs::write(v1.join("demo.toml"), &demo).expect("write");
    std::fs::write(
        v2.join("demo.toml"),
        demo.replace("version = \"1.0\"", "version = \"2.0\"")
            .replace(
                "Có sổ theo dõi hồ sơ năm hiện tại không?",
                "Có sổ điện tử năm hiện tại không?",
            ),
    )
    .expect("write");

    let (a, lead) = (d.join("a.db"), d.join("lead.db"));
    let rec = |db: &Path, checklists: &Path, item: &str| {
        let o = run(
            db,
            checklists,
            &[
                "--campaign",
                "2026",
                "record",
                "--checklist",
                "demo",
                "--unit",
                "U1",
                "--item",
                item,
                "--status",
                "fail",
            ],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    rec(&a, &v1, "D-01");
    rec(&a, &v1, "D-02");
    let bundle = d.join("a.bundle");
    let o = run(
        &a,
        &v1,
        &["export", "--out", bundle.to_str().expect("utf-8")],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // The lead has version 2 of the checklist.
    let o = run(&lead, &v2, &["merge", bundle.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("another version of the checklist item"),
        "{stderr}"
    );
    assert!(stderr.contains("U1 demo D-01"), "{stderr}");
    assert!(!stderr.contains("D-02"), "D-02 kept its meaning: {stderr}");

    let o = run(&lead, &v2, &["findings", "--json"]);
    let all: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let flag = |item: &str| {
        all.as_array()
            .expect("array")
            .iter()
            .find(|f| f["item"] == item)
            .map(|f| f["item_changed"].clone())
    };
    assert_eq!(flag("D-01"), Some(serde_json::Value::Bool(true)));
    assert_eq!(flag("D-02"), Some(serde_json::Value::Bool(false)));
}
