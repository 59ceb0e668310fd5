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

/// The same machine speaking the default language, Vietnamese.
fn laptop_vi() -> Env {
    Env::new().with_fixtures().args(&["--campaign", "2026"])
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

/// A trust refusal is worded in the interface language: Vietnamese by
/// default, English with `--lang en`; either names the revision, its
/// author, device and fingerprint, and the database stays as it was.
#[test]
fn a_merge_refusal_speaks_the_interface_language() {
    let (a, b, lead) = (laptop(), laptop(), laptop_vi());
    a.record("XA-01", "D-01", "pass", "An", &[]);
    b.record("XA-01", "D-01", "fail", "Bình", &[]);
    let fingerprint = |env: &Env| {
        let out = env.ok(&["team"]);
        out.lines()
            .next()
            .and_then(|l| l.strip_prefix("This device: "))
            .unwrap()
            .to_owned()
    };
    let (fa, fb) = (fingerprint(&a), fingerprint(&b));
    assert!(lead.ok(&["team"]).starts_with("Thiết bị này: "));
    lead.ok(&["team", "add", "--fingerprint", &fa, "--name", "An"]);
    let bb = b.path().join("b.bundle");
    let bb = bb.to_str().unwrap();
    b.ok(&["export", "--out", bb]);
    let before = lead.ok(&["--lang", "en", "findings", "--json"]);

    let vi = lead.fails(&["merge", bb], 1);
    assert!(
        vi.contains(&format!("{bb}: không nhận: Phiên bản ")),
        "{vi}"
    );
    assert!(
        vi.contains(&format!(
            "(người ghi “Bình”, thiết bị {}) đến từ một thiết bị chưa có trong đoàn (mã nhận dạng {fb})",
            device_of(bb)
        )),
        "{vi}"
    );
    assert!(
        vi.contains("không có gì được hợp nhất; cơ sở dữ liệu không thay đổi"),
        "{vi}"
    );
    let en = lead.fails(&["--lang", "en", "merge", bb], 1);
    assert!(
        en.contains(&format!(
            "(author \"Bình\", device {}) comes from a device that is not in the team (fingerprint {fb})",
            device_of(bb)
        )),
        "{en}"
    );
    assert!(
        en.contains("nothing was merged; the database is unchanged"),
        "{en}"
    );
    assert_eq!(lead.ok(&["--lang", "en", "findings", "--json"]), before);
    // Once Bình is in the team, the same bundle merges.
    lead.ok(&["team", "add", "--fingerprint", &fb, "--name", "Bình"]);
    lead.ok(&["merge", bb]);
}

/// The device id a bundle's revisions carry.
fn device_of(bundle: &str) -> String {
    let c = rusqlite::Connection::open(bundle).unwrap();
    c.query_row("SELECT DISTINCT device FROM rev", [], |r| r.get(0))
        .unwrap()
}

/// A revision without a signature (made before parcheck signed them) is
/// shown as unsigned wherever its author is: `history` and `conflicts`.
#[test]
fn unsigned_sides_of_a_conflict_say_so() {
    let (a, b, lead) = (laptop(), laptop(), laptop_vi());
    a.record("XA-01", "D-01", "pass", "An", &[]);
    b.record("XA-01", "D-01", "fail", "Bình", &[]);
    let (ba, bb) = (a.path().join("a.bundle"), b.path().join("b.bundle"));
    let (ba, bb) = (ba.to_str().unwrap(), bb.to_str().unwrap());
    a.ok(&["export", "--out", ba]);
    b.ok(&["export", "--out", bb]);
    rusqlite::Connection::open(bb)
        .unwrap()
        .execute_batch("DELETE FROM rev_signature")
        .unwrap();
    lead.ok(&["merge", ba, bb]);
    let out = lead.run(&["conflicts"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let side = |author: &str| {
        text.lines()
            .find(|l| l.contains(&format!("do {author} ghi trên máy")))
            .unwrap_or_else(|| panic!("{text}"))
            .to_owned()
    };
    assert!(side("Bình").contains(" [chưa ký] lúc "), "{text}");
    assert!(!side("An").contains("chưa ký"), "{text}");
    let en = lead.run(&["--lang", "en", "conflicts"]);
    let en = String::from_utf8(en.stdout).unwrap();
    assert!(en.contains(" [unsigned] at "), "{en}");
    let history = lead.ok(&["--lang", "en", "history", "--unit", "XA-01"]);
    let bình = history.lines().find(|l| l.contains("Bình")).unwrap();
    assert!(bình.contains(", unsigned]"), "{history}");
}
