//! One finding, one view: the status of a finding in conflict, the check
//! of a value that settles a conflict, and the dates people read are the
//! same on every face.

mod common;

use std::path::{Path, PathBuf};

use common::Env;

/// A database with the fixture checklists, campaign 2026, English, and
/// the time zone given (UTC unless a test says otherwise).
fn db(tz: &str) -> Env {
    Env::new()
        .with_fixtures()
        .args(&["--campaign", "2026", "--lang", "en"])
        .var("TZ", tz)
}

fn record(db: &Env, inspector: &str, item: &str, extra: &[&str]) {
    let mut a = vec![
        "record",
        "--checklist",
        "demo",
        "--unit",
        "XA-01",
        "--unit-name",
        "Xã Vĩnh Hòa",
        "--item",
        item,
        "--inspector",
        inspector,
    ];
    a.extend_from_slice(extra);
    db.ok(&a);
}

fn bundle(db: &Env) -> PathBuf {
    let out = db.path().join("out.bundle");
    db.ok(&["export", "--out", out.to_str().unwrap()]);
    out
}

/// The finding of `item` in `findings --json`.
fn finding<'a>(all: &'a serde_json::Value, item: &str) -> &'a serde_json::Value {
    let found: Vec<&serde_json::Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["unit"] == "XA-01" && f["checklist"] == "demo" && f["item"] == item)
        .collect();
    assert_eq!(found.len(), 1, "one finding {item} in {all:#}");
    found[0]
}

/// A lead database holding An's "pass" and Bình's later "fail" on D-01
/// (and An's "fail" against Bình's "pass" on D-04): two status conflicts,
/// the newest side passing on one and failing on the other.
fn lead_with_status_conflicts() -> Env {
    let (an, binh, lead) = (db("UTC"), db("UTC"), db("UTC"));
    record(&an, "An", "D-01", &["--status", "pass"]);
    record(
        &an,
        "An",
        "D-04",
        &["--status", "fail", "--note", "Chưa niêm yết"],
    );
    record(&binh, "Bình", "D-04", &["--status", "pass"]);
    record(&binh, "Bình", "D-01", &["--status", "fail"]);
    let (a, b) = (bundle(&an), bundle(&binh));
    lead.ok(&["merge", a.to_str().unwrap(), b.to_str().unwrap()]);
    lead
}

#[test]
fn a_status_conflict_has_one_status_on_every_face() {
    let lead = lead_with_status_conflicts();
    let all = lead.json(&["findings", "--json"]);
    for item in ["D-01", "D-04"] {
        let f = finding(&all, item);
        assert_eq!(f["status"], "fail", "{item}: the worst side, {f:#}");
        let c = &f["conflicts"][0];
        assert_eq!(c["field"], "status");
        let mut authors: Vec<&str> = c["sides"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["author"].as_str().unwrap())
            .collect();
        authors.sort();
        assert_eq!(authors, ["An", "Bình"]);
        for side in c["sides"].as_array().unwrap() {
            assert!(side["at"].as_str().unwrap().starts_with("20"), "{side}");
        }
    }

    // The unit report lists both as failures to remedy, in every format.
    let report = lead.json(&["report", "--unit", "XA-01", "--format", "json"]);
    let mut remedied: Vec<(&str, &str)> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["item"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    remedied.sort();
    assert_eq!(remedied, [("D-01", "fail"), ("D-04", "fail")]);
    assert_eq!(report["counts"]["fail"], 2, "{report:#}");
    assert_eq!(report["counts"]["pass"], 0);
    for format in ["md", "html", "csv"] {
        let text = lead.ok(&["report", "--unit", "XA-01", "--format", format]);
        for item in ["D-01", "D-04"] {
            assert!(text.contains(item), "{format}: {item} is listed");
        }
    }

    // The register says the same (its columns found by their headers).
    let register = lead.ok(&["report", "--all", "--register", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(register.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (unit, item_col, status) = (col("Unit code"), col("Item"), col("Status"));
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let status_of = |item: &str| {
        rows.iter()
            .find(|r| r[unit] == "XA-01" && r[item_col] == item)
            .map(|r| r[status].clone())
            .unwrap()
    };
    assert_eq!(status_of("D-01"), "Fail");
    assert_eq!(status_of("D-04"), "Fail");

    // Settled, every face shows the settled value.
    lead.ok(&[
        "resolve",
        "--unit",
        "XA-01",
        "--item",
        "D-01",
        "--field",
        "status",
        "--value",
        "pass",
        "--inspector",
        "Trưởng đoàn",
    ]);
    let all = lead.json(&["findings", "--json"]);
    assert_eq!(finding(&all, "D-01")["status"], "pass");
    assert!(
        finding(&all, "D-01")["conflicts"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

/// The whole history, as text: it changes with any revision written.
fn history(db: &Env) -> String {
    db.ok(&["history"])
}

#[test]
fn resolve_with_a_value_is_checked_like_record() {
    let db = db("UTC");
    record(&db, "An", "D-01", &["--status", "fail"]);
    record(
        &db,
        "An",
        "D-02",
        &["--status", "partial", "--sample", "HS-1=no-time"],
    );
    record(&db, "An", "D-03", &["--status", "pass", "--ratio", "30/40"]);
    let before = history(&db);
    // (item, field, bad value, what the message names, how it says to fix it)
    let cases: [(&str, &str, &str, &str, &str); 8] = [
        (
            "D-01",
            "status",
            "great",
            "status",
            "use pass, partial, fail, na or unchecked",
        ),
        (
            "D-03",
            "ratio",
            "50/40",
            "larger than denominator 40",
            "with N ≤ D",
        ),
        (
            "D-03",
            "ratio",
            "half",
            "ratio",
            "write it as NUMERATOR/DENOMINATOR",
        ),
        (
            "D-01",
            "deadline",
            "0",
            "deadline",
            "a number of working days from 1 to 250",
        ),
        (
            "D-02",
            "sample:HS-1",
            "no-time,lost",
            "no defect type \"lost\"",
            "its defect types are: no-time, no-sign",
        ),
        (
            "D-02",
            "sampling",
            "{\"population\":5}",
            "field sampling",
            "take one side with --take REV",
        ),
        (
            "D-01",
            "evidence:abc",
            "Biên bản 1/BB",
            "field evidence:abc",
            "take one side with --take REV",
        ),
        (
            "D-01",
            "colour",
            "red",
            "unknown field \"colour\"",
            "`parcheck conflicts` lists",
        ),
    ];
    for (item, field, value, named, fix) in cases {
        let err = db.fails(
            &[
                "resolve", "--unit", "XA-01", "--item", item, "--field", field, "--value", value,
            ],
            1,
        );
        assert!(
            err.contains(named),
            "{field}={value} names {named:?}: {err}"
        );
        assert!(err.contains(fix), "{field}={value} says {fix:?}: {err}");
    }
    assert_eq!(history(&db), before, "nothing was written");
    // Valid values, but on fields with no conflict: nothing to resolve,
    // it says so and writes nothing.
    for (item, field, value) in [
        ("D-03", "ratio", "35/40"),
        ("D-01", "deadline", "immediately"),
    ] {
        let err = db.fails(
            &[
                "resolve", "--unit", "XA-01", "--item", item, "--field", field, "--value", value,
            ],
            1,
        );
        assert!(
            err.contains(&format!(
                "{field} of item {item} has no conflict to resolve"
            )) && err.contains("nothing was changed"),
            "{err}"
        );
    }
    assert_eq!(history(&db), before, "nothing was written");
    let all = db.json(&["findings", "--json"]);
    assert_eq!(finding(&all, "D-03")["ratio"]["numerator"], 30);
    assert_eq!(
        finding(&all, "D-01")["deadline_override"],
        serde_json::Value::Null
    );
}

/// Moves the store's clock so that its next revision is written at
/// `at_ms` (the store never writes a revision earlier than its clock).
fn set_clock(db: &Path, at_ms: i64) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute(
        "INSERT INTO meta(key, value) VALUES ('clock', ?1)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [(at_ms - 1).to_string()],
    )
    .unwrap();
}

#[test]
fn dates_people_read_follow_the_local_time_zone() {
    let hanoi = db("Asia/Ho_Chi_Minh");
    hanoi.ok(&["findings"]); // creates the database
    // 2030-12-03 23:30 UTC is 2030-12-04 06:30 in Hà Nội. The unit name
    // and the checklist version take the first two milliseconds.
    set_clock(hanoi.db(), 1_922_571_000_000);
    record(&hanoi, "An", "D-01", &["--status", "fail"]);
    let report = hanoi.json(&["report", "--unit", "XA-01", "--format", "json"]);
    assert_eq!(report["first_day"], "2030-12-04");
    assert_eq!(report["last_day"], "2030-12-04");

    let hist = hanoi.ok(&["history", "--item", "D-01"]);
    assert!(hist.starts_with("2030-12-04 06:30:00  An"), "{hist}");

    let at = hanoi.finding("XA-01", "demo", "D-01")["updated_at"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(at, "2030-12-04T06:30:00.002+07:00");

    let md = hanoi.ok(&["report", "--unit", "XA-01", "--format", "md"]);
    assert!(md.contains(" 04/12/2030, "), "{md}");

    // The same database read in UTC: the day before.
    let utc = db("UTC");
    std::fs::copy(hanoi.db(), utc.db()).unwrap();
    let report = utc.json(&["report", "--unit", "XA-01", "--format", "json"]);
    assert_eq!(report["first_day"], "2030-12-03");
    let at = utc.finding("XA-01", "demo", "D-01")["updated_at"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(at, "2030-12-03T23:30:00.002+00:00");
}

/// A configuration that names a language parcheck does not speak is an
/// error at its line and column, naming the allowed values; nothing runs.
#[test]
fn an_unknown_config_language_is_refused() {
    let env = Env::new();
    std::fs::write(env.config(), "inspector = \"An\"\nlang = \"fr\"\n").unwrap();
    let err = env.fails(&["findings"], 2);
    let config = env.config().display().to_string();
    assert!(err.contains(&format!("{config}:2:8")), "{err}");
    assert!(
        err.contains("lang = \"fr\" không phải ngôn ngữ parcheck dùng được"),
        "{err}"
    );
    assert!(
        err.contains("gợi ý: đặt lang = \"vi\" (tiếng Việt) hoặc lang = \"en\" (tiếng Anh)"),
        "{err}"
    );
    // With --lang, in that language.
    let err = env.fails(&["--lang", "en", "findings"], 2);
    assert!(
        err.contains("lang = \"fr\" is not a language parcheck speaks"),
        "{err}"
    );
    assert!(
        err.contains("hint: set lang = \"vi\" (Vietnamese) or lang = \"en\" (English)"),
        "{err}"
    );
    assert!(!env.db().exists(), "nothing was opened");
}

/// Evidence: a path typed without `file:` that names a file is taken as
/// that file (hashed, and kept by its name); other text is a document
/// number; readers of the report see the file's name, not the inspector's
/// folders.
#[test]
fn evidence_paths_are_files_and_reports_show_their_names() {
    let db = db("UTC");
    let folder = db.path().join("Tài liệu");
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("biên bản.pdf");
    std::fs::write(&file, b"%PDF-1.4").unwrap();
    let path = file.to_str().unwrap();
    record(
        &db,
        "An",
        "D-01",
        &[
            "--status",
            "fail",
            "--evidence",
            path,
            "--evidence",
            "Biên bản số 12/BB-KT",
        ],
    );
    let f = db.finding("XA-01", "demo", "D-01");
    let kinds: Vec<(&str, &str)> = f["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap(),
                e["path"].as_str().or(e["reference"].as_str()).unwrap(),
            )
        })
        .collect();
    assert_eq!(kinds.len(), 2, "{f:#}");
    // Stored by its name: the bundle travels, the inspector's folders do not.
    assert!(kinds.contains(&("file", "biên bản.pdf")), "{kinds:?}");
    assert!(
        kinds.contains(&("document", "Biên bản số 12/BB-KT")),
        "{kinds:?}"
    );
    let report = db.json(&["report", "--unit", "XA-01", "--format", "json"]);
    let shown: Vec<&str> = report["items"][0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert!(
        shown
            .iter()
            .any(|e| e.starts_with("biên bản.pdf (SHA-256 ")),
        "{shown:?}"
    );
    assert!(
        !shown.iter().any(|e| e.contains("Tài liệu")),
        "no folders: {shown:?}"
    );
}

/// A unit's report says, for each bundled checklist it covers, which texts
/// apply to dossiers received before and after 01/07/2025.
#[test]
fn reports_state_which_texts_apply_to_which_dossiers() {
    let db = Env::new().args(&["--campaign", "2026"]);
    db.ok(&[
        "record",
        "--checklist",
        "phieu-kiem-soat",
        "--unit",
        "XA-01",
        "--item",
        "PKS-01",
        "--status",
        "fail",
        "--inspector",
        "An",
    ]);
    // The minutes state what was checked: each checklist and its scope.
    let md = db.ok(&[
        "report", "--unit", "XA-01", "--kind", "minutes", "--format", "md",
    ]);
    let scope = md
        .lines()
        .find(|l| l.starts_with("1\\. **") && l.contains("trước 01/07/2025"))
        .unwrap_or_else(|| panic!("a scope line:\n{md}"));
    for text in [
        "trước 01/07/2025",
        "Nghị định 61/2018/NĐ-CP",
        "từ 01/07/2025",
        "Thông tư 03/2025/TT-VPCP",
    ] {
        assert!(scope.contains(text), "{text} in {scope}");
    }
}

/// A ratio is refused on an item that is not a ratio check, on the command
/// line as on the screen, and nothing is written.
#[test]
fn a_ratio_on_another_kind_of_item_is_refused() {
    let db = db("UTC");
    let err = db.fails(
        &common::record_args("XA-01", "D-01", "pass", "An", &["--ratio", "3/4"]),
        1,
    );
    assert!(err.contains("item D-01 is not a ratio check"), "{err}");
    assert!(
        err.contains("`parcheck show CHECKLIST_ID` shows how each item is checked"),
        "{err}"
    );
    assert!(db.findings().is_empty(), "nothing was written");
}

/// `export --inspection` chooses its inspection by the same rule as every
/// command: the id's first characters, one inspection, else a clear error.
#[test]
fn export_chooses_an_inspection_by_its_first_characters() {
    let db = db("UTC");
    record(&db, "An", "D-01", &["--status", "fail"]);
    let id = db.finding("XA-01", "demo", "D-01")["inspection"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = db.path().join("one.bundle");
    let said = db.ok(&[
        "export",
        "--inspection",
        &id[..8],
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(said.starts_with("exported "), "{said}");
    let err = db.fails(
        &[
            "export",
            "--inspection",
            "zzzz",
            "--out",
            out.to_str().unwrap(),
        ],
        1,
    );
    assert!(
        err.contains("no inspection has an id starting with \"zzzz\""),
        "{err}"
    );
    assert!(
        err.contains("hint: `parcheck findings --json` shows each finding's inspection id"),
        "{err}"
    );
}

/// A status that says the opposite of the recorded sample or ratio is
/// flagged with its reason; an observation's note makes it done.
#[test]
fn contradicting_statuses_are_flagged_and_observation_notes_count() {
    let db = db("UTC");
    record(
        &db,
        "Lê Thanh Hùng",
        "D-02",
        &[
            "--status",
            "pass",
            "--sample",
            "HS-1=no-time",
            "HS-2=no-sign",
        ],
    );
    record(
        &db,
        "Lê Thanh Hùng",
        "D-03",
        &["--status", "fail", "--ratio", "40/100"],
    );
    record(&db, "Lê Thanh Hùng", "D-01", &["--status", "pass"]);
    record(
        &db,
        "Lê Thanh Hùng",
        "D-04",
        &["--note", "Còn 12 kết quả chưa có người nhận"],
    );
    let all = db.json(&["findings", "--json"]);
    let d02 = finding(&all, "D-02");
    assert_eq!(d02["inconsistent"], true, "{d02:#}");
    assert_eq!(d02["inconsistency"]["code"], "pass_with_defects");
    assert_eq!(
        d02["inconsistency"]["reason"],
        "marked pass but 2 of 2 sampled records are defective"
    );
    let d03 = finding(&all, "D-03");
    assert_eq!(d03["inconsistency"]["code"], "fail_meets_threshold");
    assert_eq!(
        d03["inconsistency"]["reason"],
        "marked as failing but the ratio 40/100 (40.0 %) meets the threshold ≥ 30 %"
    );
    let d01 = finding(&all, "D-01");
    assert_eq!(d01["inconsistent"], false);
    assert!(d01.get("inconsistency").is_none());
    let d04 = finding(&all, "D-04");
    assert_eq!(
        (d04["done"].clone(), d04["status"].clone()),
        (true.into(), "unchecked".into())
    );
}
