//! End to end with the real binary: record, export, merge, conflicts, resolve.

mod common;

use common::Env;

/// An inspector's (or the lead's) own machine: its database, the fixture
/// checklists, campaign 2026.
/// The merge's report is checked word for word in English here; the
/// Vietnamese one in `the_merge_reports_in_vietnamese_by_default`.
fn laptop() -> Env {
    Env::new()
        .with_fixtures()
        .args(&["--campaign", "2026", "--lang", "en"])
}

#[test]
fn the_merge_reports_in_vietnamese_by_default() {
    let (a, b) = (
        laptop(),
        Env::new().with_fixtures().args(&["--campaign", "2026"]),
    );
    a.record("XA-01", "D-01", "fail", "An", &[]);
    let bundle = a.path().join("a.bundle");
    let bundle = bundle.to_str().unwrap();
    a.ok(&["export", "--out", bundle]);
    let dry = b.ok(&["merge", "--dry-run", bundle]);
    assert!(
        dry.starts_with(&format!(
            "chạy thử: không có gì thay đổi\n{bundle}: 2 mới, 0 đã có, 0 xung đột mới\n"
        )),
        "{dry}"
    );
    assert!(dry.contains("D-01 status: (chưa có) → fail"), "{dry}");
    assert_eq!(
        b.ok(&["merge", bundle]),
        format!("{bundle}: 2 mới, 0 đã có, 0 xung đột mới\n")
    );
    assert_eq!(
        b.ok(&["merge", bundle]),
        format!("{bundle}: 0 mới, 2 đã có, 0 xung đột mới (đã hợp nhất trước đây)\n")
    );
    assert_eq!(
        b.ok(&["conflicts"]),
        "không có xung đột nào chưa giải quyết\n"
    );
}

#[test]
fn record_export_merge_resolve() {
    let (a, b, lead) = (laptop(), laptop(), laptop());
    a.record("XA-01", "D-01", "pass", "An", &[]);
    b.record("XA-01", "D-01", "fail", "Bình", &[]);
    b.record("XA-01", "D-02", "pass", "Bình", &[]);
    let (ba, bb) = (a.path().join("a.bundle"), b.path().join("b.bundle"));
    let (ba, bb) = (ba.to_str().unwrap(), bb.to_str().unwrap());
    a.ok(&["export", "--out", ba]);
    b.ok(&["export", "--out", bb, "--unit", "XA-01"]);
    let dry = lead.ok(&["merge", "--dry-run", ba, bb]);
    assert_eq!(
        dry,
        format!(
            "dry run: nothing was changed\n\
             {ba}: 2 new, 0 already known, 0 new conflicts\n\
             \x20 XA-01 demo (inspection) checklist: (not set) → version 1.0\n\
             \x20 XA-01 demo D-01 status: (not set) → pass\n\
             {bb}: 3 new, 0 already known, 1 new conflict\n\
             \x20 XA-01 demo (inspection) checklist: version 1.0 → version 1.0 | version 1.0\n\
             \x20 XA-01 demo D-01 status: pass → fail | pass  [CONFLICT]\n\
             \x20 XA-01 demo D-02 status: (not set) → pass\n"
        )
    );
    assert!(lead.findings().is_empty(), "the dry run changed nothing");
    let out = lead.ok(&["merge", ba, bb]);
    assert_eq!(
        out,
        format!(
            "{ba}: 2 new, 0 already known, 0 new conflicts\n\
             {bb}: 3 new, 0 already known, 1 new conflict\n"
        )
    );
    let again = lead.ok(&["merge", bb]);
    assert_eq!(
        again,
        format!("{bb}: 0 new, 3 already known, 0 new conflicts (merged before)\n")
    );
    // Unresolved conflicts: exit 1, the list on stdout all the same.
    let out = lead.run(&["conflicts", "--json"]);
    common::expect_code(&out, 1, &["conflicts", "--json"]);
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = c.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (&list[0]["unit"], &list[0]["checklist"], &list[0]["item"]),
        (&"XA-01".into(), &"demo".into(), &"D-01".into())
    );
    assert_eq!(list[0]["field"], "status");
    let sides = list[0]["sides"].as_array().unwrap();
    let mut values: Vec<(&str, &str)> = sides
        .iter()
        .map(|s| (s["value"].as_str().unwrap(), s["author"].as_str().unwrap()))
        .collect();
    values.sort_unstable();
    assert_eq!(values, [("fail", "Bình"), ("pass", "An")]);
    let fail_rev = sides.iter().find(|s| s["value"] == "fail").unwrap()["rev"]
        .as_str()
        .unwrap()
        .to_owned();
    lead.ok(&[
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
    ]);
    let c = lead.json(&["conflicts", "--json"]);
    assert_eq!(c, serde_json::json!([]));
    let d01 = lead.finding("XA-01", "demo", "D-01");
    assert_eq!(d01["status"], "fail");
    assert_eq!(d01["conflicts"], serde_json::json!([]));
    let d02 = lead.finding("XA-01", "demo", "D-02");
    assert_eq!(d02["status"], "pass");
    assert_eq!(lead.findings().len(), 2);
}
