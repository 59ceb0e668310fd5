//! Findings recorded against another version of a checklist item are
//! flagged after a merge, in the merge output and in `findings --json`.

mod common;

use common::Env;

#[test]
fn changed_item_meaning_is_flagged_after_merge() {
    let demo = std::fs::read_to_string(common::valid_checklists().join("demo.toml")).expect("demo");
    // Version 2 asks a different question in D-01: its meaning changed.
    let (v1, v2) = (
        tempfile::tempdir().expect("v1"),
        tempfile::tempdir().expect("v2"),
    );
    std::fs::write(v1.path().join("demo.toml"), &demo).expect("write");
    std::fs::write(
        v2.path().join("demo.toml"),
        demo.replace("version = \"1.0\"", "version = \"2.0\"")
            .replace(
                "Có sổ theo dõi hồ sơ năm hiện tại không?",
                "Có sổ điện tử năm hiện tại không?",
            ),
    )
    .expect("write");

    let a = Env::new().checklists(v1.path());
    for item in ["D-01", "D-02"] {
        a.ok(&[
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
            "--inspector",
            "An",
        ]);
    }
    let bundle = a.path().join("a.bundle");
    let bundle = bundle.to_str().expect("utf-8");
    a.ok(&["export", "--out", bundle]);

    // The lead has version 2 of the checklist.
    let lead = Env::new().checklists(v2.path());
    lead.ok(&["findings"]); // creates the database
    let (stdout, stderr) = lead.ok_with_stderr(&["merge", bundle]);
    assert_eq!(
        stdout,
        format!("{bundle}: 3 mới, 0 đã có, 0 xung đột mới\n")
    );
    // D-02 kept its meaning: only D-01 is listed.
    assert_eq!(
        stderr,
        "cảnh báo: 1 kết quả được ghi theo một phiên bản khác của nội dung kiểm tra \
         (đánh dấu `item_changed` trong `findings --json` và trong báo cáo):\n  U1 demo D-01\n"
    );

    assert_eq!(lead.finding("U1", "demo", "D-01")["item_changed"], true);
    assert_eq!(lead.finding("U1", "demo", "D-02")["item_changed"], false);
    assert_eq!(lead.findings().len(), 2);
}
