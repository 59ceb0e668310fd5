//! End to end with the real binary: record, export, merge, conflicts, resolve.

use std::path::Path;
use std::process::Command;

fn run(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_parcheck"))
        .arg("--db")
        .arg(db)
        .args([
            "--checklists",
            "tests/fixtures/checklists/valid",
            "--campaign",
            "2026",
        ])
        .args(args)
        .env_remove("PARCHECK_CONFIG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn record_export_merge_resolve() {
    let d = tempfile::tempdir().unwrap();
    let (a, b, lead) = (
        d.path().join("a.db"),
        d.path().join("b.db"),
        d.path().join("lead.db"),
    );
    run(
        &a,
        &[
            "record",
            "--checklist",
            "demo",
            "--unit",
            "XA-01",
            "--item",
            "D-01",
            "--status",
            "pass",
            "--inspector",
            "An",
        ],
    );
    run(
        &b,
        &[
            "record",
            "--checklist",
            "demo",
            "--unit",
            "XA-01",
            "--item",
            "D-01",
            "--status",
            "fail",
            "--inspector",
            "Bình",
        ],
    );
    run(
        &b,
        &[
            "record",
            "--checklist",
            "demo",
            "--unit",
            "XA-01",
            "--item",
            "D-02",
            "--status",
            "pass",
            "--inspector",
            "Bình",
        ],
    );
    let (ba, bb) = (d.path().join("a.bundle"), d.path().join("b.bundle"));
    run(&a, &["export", "--out", ba.to_str().unwrap()]);
    run(
        &b,
        &["export", "--out", bb.to_str().unwrap(), "--unit", "XA-01"],
    );
    let dry = run(
        &lead,
        &[
            "merge",
            "--dry-run",
            ba.to_str().unwrap(),
            bb.to_str().unwrap(),
        ],
    );
    assert!(
        dry.contains("D-01 status: pass → ") && dry.contains("[CONFLICT]"),
        "{dry}"
    );
    let out = run(
        &lead,
        &["merge", ba.to_str().unwrap(), bb.to_str().unwrap()],
    );
    assert!(out.contains("1 new conflict"), "{out}");
    let again = run(&lead, &["merge", bb.to_str().unwrap()]);
    assert!(again.contains("0 new,"), "{again}");
    let c: serde_json::Value = serde_json::from_str(&run(&lead, &["conflicts", "--json"])).unwrap();
    let list = c.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["item"], "D-01");
    let sides = list[0]["sides"].as_array().unwrap();
    let fail_rev = sides.iter().find(|s| s["value"] == "fail").unwrap()["rev"]
        .as_str()
        .unwrap()
        .to_owned();
    run(
        &lead,
        &[
            "resolve",
            "--unit",
            "XA-01",
            "--item",
            "D-01",
            "--field",
            "status",
            "--take",
            &fail_rev,
            "--inspector",
            "Lead",
        ],
    );
    let c: serde_json::Value = serde_json::from_str(&run(&lead, &["conflicts", "--json"])).unwrap();
    assert!(c.as_array().unwrap().is_empty());
    let f: serde_json::Value = serde_json::from_str(&run(&lead, &["findings", "--json"])).unwrap();
    let d01 = f
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["item"] == "D-01")
        .unwrap();
    assert_eq!(d01["status"], "fail");
    assert!(d01["conflicts"].as_array().unwrap().is_empty());
    let d02 = f
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["item"] == "D-02")
        .unwrap();
    assert_eq!(d02["status"], "pass");
}
