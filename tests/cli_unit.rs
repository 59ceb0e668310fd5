//! `resolve --unit` (a unit's details in conflict), `remove` and `restore`
//! on the command line: exit codes, messages in both languages, and
//! nothing written when a command refuses.

mod common;

use common::Env;

/// Two inspectors typed different names for the unit XA-01; the lead
/// (a database with no kept name) merged both bundles.
fn lead_with_name_conflict() -> Env {
    let lead = Env::new().with_fixtures().args(&["--campaign", "2026"]);
    for (who, name) in [
        ("Lê Thanh Hùng", "UBND xã Vĩnh Hòa"),
        ("Trần Thị Bình", "UBND xa Vinh Hoa"),
    ] {
        let e = Env::new().with_fixtures().args(&["--campaign", "2026"]);
        e.record("XA-01", "D-01", "pass", who, &["--unit-name", name]);
        let bundle = lead.path().join(format!("{}.pcb", who.len()));
        e.ok(&["export", "--out", bundle.to_str().unwrap()]);
        lead.ok(&["merge", bundle.to_str().unwrap()]);
    }
    lead
}

fn revisions(env: &Env) -> usize {
    env.ok(&["history"]).lines().count()
}

#[test]
fn a_unit_name_conflict_is_listed_in_words_and_settled() {
    let lead = lead_with_name_conflict();
    let out = lead.run(&["conflicts"]);
    common::expect_code(&out, 1, &["conflicts"]);
    let (listed, _) = common::text(out);
    assert!(listed.contains("XA-01 (đơn vị) tên đơn vị:"), "{listed}");
    assert!(listed.contains("UBND xã Vĩnh Hòa") && listed.contains("UBND xa Vinh Hoa"));
    let out = lead.run(&["--lang", "en", "conflicts"]);
    let (listed_en, _) = common::text(out);
    assert!(listed_en.contains("XA-01 (unit) unit name:"), "{listed_en}");

    // No name known on the lead's database: refused, nothing written.
    let before = revisions(&lead);
    let args = [
        "resolve",
        "--unit",
        "XA-01",
        "--field",
        "name",
        "--value",
        "UBND xã Vĩnh Hòa",
    ];
    let err = lead.fails(&args, 1);
    assert!(err.contains("chưa có tên người kiểm tra"), "{err}");
    assert_eq!(revisions(&lead), before);

    // A value that is not a kind: refused, nothing written.
    let bad = [
        "resolve",
        "--unit",
        "XA-01",
        "--field",
        "kind",
        "--value",
        "9",
        "--inspector",
        "Phạm Lan",
    ];
    let err = lead.fails(&bad, 1);
    assert!(err.contains("Loại đơn vị “9” không hợp lệ"), "{err}");
    assert_eq!(revisions(&lead), before);
    let err = lead.fails(&[&["--lang", "en"][..], &bad[..]].concat(), 1);
    assert!(err.contains("unknown kind of unit \"9\""), "{err}");
    // An empty name is not a name.
    let empty = [
        "resolve",
        "--unit",
        "XA-01",
        "--field",
        "name",
        "--value",
        " ",
        "--inspector",
        "Phạm Lan",
    ];
    let err = lead.fails(&empty, 1);
    assert!(err.contains("Tên đơn vị “ ” không hợp lệ"), "{err}");
    // --item with a unit field, and a unit that does not exist.
    let err = lead.fails(
        &[
            "resolve",
            "--unit",
            "XA-01",
            "--item",
            "D-01",
            "--field",
            "name",
            "--value",
            "X",
            "--inspector",
            "Phạm Lan",
        ],
        1,
    );
    assert!(err.contains("bỏ --item"), "{err}");
    let err = lead.fails(
        &[
            "resolve",
            "--unit",
            "XA-99",
            "--field",
            "name",
            "--value",
            "X",
            "--inspector",
            "Phạm Lan",
        ],
        1,
    );
    assert!(err.contains("Không có đơn vị “XA-99”"), "{err}");
    // Kind is not in conflict: says so, in both languages.
    let calm = [
        "resolve",
        "--unit",
        "XA-01",
        "--field",
        "province",
        "--value",
        "Vĩnh Long",
        "--inspector",
        "Phạm Lan",
    ];
    let err = lead.fails(&calm, 1);
    assert!(
        err.contains("Tỉnh, thành phố của đơn vị “XA-01” không có xung đột"),
        "{err}"
    );
    let err = lead.fails(&[&["--lang", "en"][..], &calm[..]].concat(), 1);
    assert!(
        err.contains("province of unit XA-01 has no conflict"),
        "{err}"
    );
    assert_eq!(revisions(&lead), before);

    // Settled with a value typed.
    let mut good = empty;
    good[6] = "UBND xã Vĩnh Hòa";
    let said = lead.ok(&good);
    assert!(
        said.starts_with("XA-01 (đơn vị) tên đơn vị: đã giải quyết thành “UBND xã Vĩnh Hòa”"),
        "{said}"
    );
    assert!(said.contains("ghi tên Phạm Lan"), "{said}");
    assert_eq!(revisions(&lead), before + 1);
    assert_eq!(
        lead.ok(&["conflicts"]),
        "không có xung đột nào chưa giải quyết\n"
    );
    let f = lead.finding("XA-01", "demo", "D-01");
    assert_eq!(f["unit_name"], "UBND xã Vĩnh Hòa");
    // Again: no conflict now; nothing written.
    let err = lead.fails(&good, 1);
    assert!(
        err.contains("Tên đơn vị của đơn vị “XA-01” không có xung đột"),
        "{err}"
    );
    assert_eq!(revisions(&lead), before + 1);
}

#[test]
fn a_unit_conflict_is_settled_by_taking_a_side_in_english() {
    let lead = lead_with_name_conflict();
    let listed = lead.run(&["conflicts", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let side = json
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "name")
        .expect("the name conflict")["sides"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["value"] == "UBND xa Vinh Hoa")
        .unwrap()["rev"]
        .as_str()
        .unwrap()
        .to_owned();
    let said = lead.ok(&[
        "--lang",
        "en",
        "resolve",
        "--unit",
        "XA-01",
        "--field",
        "name",
        "--take",
        &side,
        "--inspector",
        "Lan",
    ]);
    assert!(
        said.starts_with("XA-01 (unit) unit name: resolved to “UBND xa Vinh Hoa”"),
        "{said}"
    );
    assert!(said.contains("resolved as Lan"), "{said}");
    // A revision of another field is refused.
    let err = lead.fails(
        &[
            "--lang", "en", "resolve", "--unit", "XA-01", "--field", "kind", "--take", &side,
        ],
        1,
    );
    assert!(err.contains("is not a value of field kind"), "{err}");
}

#[test]
fn remove_and_restore_say_what_they_did_and_refuse_twice() {
    let env = Env::new().with_fixtures().args(&["--campaign", "2026"]);
    env.record(
        "XA-O1",
        "D-01",
        "fail",
        "Lê Thanh Hùng",
        &["--note", "nhập nhầm mã"],
    );
    // A failure, so that XA-02 has a row in the register (which lists what
    // is to be remedied).
    env.record("XA-02", "D-01", "fail", "Lê Thanh Hùng", &[]);
    let before = revisions(&env);

    let err = env.fails(&["remove", "--unit", "XA-99"], 1);
    assert!(
        err.contains("Chưa có cuộc kiểm tra nào của đơn vị “XA-99”"),
        "{err}"
    );
    assert_eq!(revisions(&env), before);

    let said = env.ok(&["remove", "--unit", "XA-O1"]);
    assert!(
        said.starts_with("đã xoá cuộc kiểm tra XA-O1 · demo (đợt 2026, mã "),
        "{said}"
    );
    assert!(said.contains("ghi tên Lê Thanh Hùng"), "{said}");
    assert!(said.contains("parcheck restore --inspection "), "{said}");
    assert_eq!(revisions(&env), before + 1);
    // Hidden from findings, reports and the register.
    let units: Vec<String> = env
        .findings()
        .iter()
        .map(|f| f["unit"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(units, ["XA-02"]);
    let err = env.fails(&["report", "--unit", "XA-O1", "--format", "md"], 1);
    assert!(err.contains("XA-O1"), "{err}");
    let register = env.ok(&["report", "--all", "--register", "--format", "csv"]);
    assert!(
        !register.contains("XA-O1") && register.contains("XA-02"),
        "{register}"
    );
    let summary = env.ok(&["report", "--all", "--format", "md"]);
    assert!(!summary.contains("XA-O1"), "{summary}");
    // Still in the history.
    let history = env.ok(&["history", "--unit", "XA-O1"]);
    assert!(history.contains("removed"), "{history}");

    // Twice: says so, exit 1, nothing written.
    let err = env.fails(&["remove", "--unit", "XA-O1"], 1);
    assert!(
        err.contains("đã được xoá từ trước; không có gì thay đổi"),
        "{err}"
    );
    let err = env.fails(&["--lang", "en", "remove", "--unit", "XA-O1"], 1);
    assert!(
        err.contains("is already removed; nothing was changed"),
        "{err}"
    );
    let err = env.fails(&["restore", "--unit", "XA-02"], 1);
    assert!(err.contains("chưa bị xoá"), "{err}");
    assert_eq!(revisions(&env), before + 1);

    // Restored by its id, in English.
    let id = said
        .split("--inspection ")
        .nth(1)
        .unwrap()
        .trim()
        .to_owned();
    let back = env.ok(&["--lang", "en", "restore", "--inspection", &id]);
    assert!(
        back.starts_with("restored the inspection XA-O1 · demo"),
        "{back}"
    );
    let f = env.finding("XA-O1", "demo", "D-01");
    assert_eq!(f["note"], "nhập nhầm mã", "everything recorded is back");
    let err = env.fails(&["--lang", "en", "restore", "--inspection", &id], 1);
    assert!(err.contains("is not removed"), "{err}");
    // Removing needs a name, like every change.
    let fresh = Env::new().with_fixtures();
    let bundle = fresh.path().join("b.pcb");
    env.ok(&["export", "--out", bundle.to_str().unwrap()]);
    fresh.ok(&["merge", bundle.to_str().unwrap()]);
    let err = fresh.fails(&["remove", "--unit", "XA-02"], 1);
    assert!(err.contains("chưa có tên người kiểm tra"), "{err}");
}
