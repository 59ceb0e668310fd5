//! The conclusion date recorded once per unit and campaign (`followup
//! conclude`): the follow-up, verification, the register, the notice and
//! the import count from it when no `--conclusion-date` is given; a date
//! given that disagrees is used and said; two devices' dates merge.

mod common;

use common::Env;
use serde_json::Value;

fn env() -> Env {
    Env::new().with_fixtures().args(&["--campaign", "2026"])
}

/// U1 with a failed and a partial item, U2 with a failed item.
fn two_units() -> Env {
    let env = env();
    env.record("U1", "D-01", "fail", "An", &["--note", "Không có sổ."]);
    env.record("U1", "D-02", "partial", "An", &["--sample", "HS-1=no-time"]);
    env.record("U2", "D-01", "fail", "Bình", &["--note", "Sổ ghi thiếu."]);
    env
}

fn items(env: &Env, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["followup", "--json", "--as-of", "2026-03-20"];
    args.extend_from_slice(extra);
    match env.json(&args) {
        Value::Array(a) => a,
        other => panic!("not an array: {other}"),
    }
}

fn due(items: &[Value], unit: &str, item: &str) -> String {
    items
        .iter()
        .find(|i| i["unit"] == unit && i["item"] == item)
        .unwrap_or_else(|| panic!("{unit} {item} listed"))["due"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

#[test]
fn a_recorded_conclusion_date_is_where_every_command_counts_from() {
    let env = two_units();
    let said = env.ok(&[
        "followup",
        "conclude",
        "--unit",
        "U1",
        "--date",
        "2026-03-02",
        "--inspector",
        "An",
    ]);
    assert!(
        said.contains("U1 (đợt 2026): ngày kết luận 02/03/2026"),
        "{said}"
    );
    let again = env.ok(&[
        "followup",
        "conclude",
        "--unit",
        "U1",
        "--date",
        "2026-03-02",
        "--inspector",
        "An",
    ]);
    assert!(again.contains("không thay đổi"), "{again}");

    // U1 counts from its date (D-02 is due immediately: on that day);
    // U2, with none recorded, from today, as before.
    let listed = items(&env, &[]);
    assert_eq!(due(&listed, "U1", "D-02"), "2026-03-02");
    assert_eq!(
        listed
            .iter()
            .filter(|i| i["unit"] == "U1")
            .collect::<Vec<_>>(),
        items(&env, &["--conclusion-date", "2026-03-02"])
            .iter()
            .filter(|i| i["unit"] == "U1")
            .collect::<Vec<_>>(),
        "the stored date is the date given"
    );
    assert_eq!(
        due(&listed, "U2", "D-01"),
        due(&items(&env, &["--conclusion-date", &today()]), "U2", "D-01")
    );

    // A date given that disagrees is used, and said on stderr — for the
    // unit asked about only.
    let (out, err) = env.ok_with_stderr(&[
        "followup",
        "--json",
        "--as-of",
        "2026-03-20",
        "--conclusion-date",
        "2026-03-09",
    ]);
    let given: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(due(&given, "U1", "D-02"), "2026-03-09");
    assert!(
        err.contains(
            "--conclusion-date 09/03/2026 khác ngày kết luận đã ghi của U1 (đợt 2026): 02/03/2026"
        ),
        "{err}"
    );
    let (_, quiet) = env.ok_with_stderr(&[
        "followup",
        "--unit",
        "U2",
        "--conclusion-date",
        "2026-03-09",
    ]);
    assert!(!quiet.contains("khác ngày kết luận"), "{quiet}");

    // The notice and the register count from it too.
    let notice = env.json(&["report", "--unit", "U1", "--format", "json"]);
    assert_eq!(notice["conclusion_date"], "2026-03-02");
    let (_, warned) = env.ok_with_stderr(&[
        "report",
        "--unit",
        "U1",
        "--format",
        "json",
        "--conclusion-date",
        "2026-03-05",
    ]);
    assert!(
        warned.contains("khác ngày kết luận đã ghi của U1"),
        "{warned}"
    );
    let csv = env.ok(&["report", "--all", "--register", "--format", "csv"]);
    let mut r =
        csv::ReaderBuilder::new().from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let head = r.headers().unwrap().clone();
    let col = |h: &str| head.iter().position(|x| x == h).unwrap();
    let dates: Vec<(String, String)> = r
        .records()
        .map(|row| {
            let row = row.unwrap();
            (
                row[col("Mã đơn vị")].to_owned(),
                row[col("Ngày kết luận")].to_owned(),
            )
        })
        .collect();
    let of = |u: &str| {
        dates
            .iter()
            .filter(|(x, _)| x == u)
            .map(|(_, d)| d.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(of("U1"), ["2026-03-02", "2026-03-02"], "{csv}");
    assert_eq!(of("U2"), [today().as_str()], "{csv}");

    // So does the province's follow-up report.
    let province = env.json(&[
        "report",
        "--all",
        "--followup",
        "--format",
        "json",
        "--as-of",
        "2026-03-20",
    ]);
    let overdue = province["overdue"].as_array().unwrap();
    let d02 = overdue
        .iter()
        .find(|o| o["unit"] == "U1" && o["item"] == "D-02")
        .unwrap_or_else(|| panic!("U1 D-02 overdue: {province}"));
    assert_eq!(d02["due"], "2026-03-02");
    assert!(
        overdue.iter().all(|o| o["unit"] == "U1"),
        "U2 counts from today"
    );

    // Verifying counts from it: a refusal without new time keeps the
    // original deadline of the stored date.
    env.ok(&[
        "followup",
        "verify",
        "--unit",
        "U1",
        "--item",
        "D-02",
        "--reject",
        "--reason",
        "Chưa đủ",
        "--on",
        "2026-03-20",
        "--inspector",
        "An",
    ]);
    let after = items(&env, &["--unit", "U1"]);
    assert_eq!(due(&after, "U1", "D-02"), "2026-03-02");

    // Recorded again: replaced, and said so.
    let moved = env.ok(&[
        "followup",
        "conclude",
        "--unit",
        "U1",
        "--date",
        "2026-03-05",
        "--inspector",
        "An",
    ]);
    assert!(moved.contains("thay ngày 02/03/2026"), "{moved}");
    assert_eq!(due(&items(&env, &[]), "U1", "D-02"), "2026-03-05");

    // Bad input is named.
    let bad = env.fails(
        &[
            "followup",
            "conclude",
            "--unit",
            "U1",
            "--date",
            "5/3",
            "--inspector",
            "An",
        ],
        1,
    );
    assert!(bad.contains("--date “5/3” không phải là ngày"), "{bad}");
    env.fails(
        &[
            "followup",
            "conclude",
            "--unit",
            "U9",
            "--date",
            "2026-03-05",
            "--inspector",
            "An",
        ],
        1,
    );
}

#[test]
fn a_register_written_with_another_date_than_the_recorded_one_is_refused() {
    let env = two_units();
    env.ok(&[
        "followup",
        "conclude",
        "--unit",
        "U1",
        "--date",
        "2026-03-02",
        "--inspector",
        "An",
    ]);
    let filled =
        common::filled_csv_register(&env, Some("2026-03-09"), "U1", "2026-03-10", "Đã lập sổ");
    let msg = env.fails(&["followup", "import", filled.to_str().unwrap()], 1);
    assert!(
        msg.contains("sổ được lập với ngày kết luận 09/03/2026, nhưng ngày kết luận đã ghi của đơn vị là 02/03/2026"),
        "{msg}"
    );
    assert!(msg.contains("tra-lai.csv:2:"), "{msg}");
}

#[test]
fn conclusion_dates_recorded_on_two_devices_merge() {
    let lead = two_units();
    let copy = lead.path().join("all.parcheck");
    lead.ok(&["export", "--out", copy.to_str().unwrap()]);
    let laptop = env();
    laptop.ok(&["merge", copy.to_str().unwrap()]);
    lead.ok(&[
        "followup",
        "conclude",
        "--unit",
        "U1",
        "--date",
        "2026-03-05",
        "--inspector",
        "An",
    ]);
    laptop.ok(&[
        "followup",
        "conclude",
        "--unit",
        "U1",
        "--date",
        "2026-03-02",
        "--inspector",
        "Bình",
    ]);
    let exchange = |a: &Env, b: &Env, name: &str| {
        let f = a.path().join(name);
        a.ok(&["export", "--out", f.to_str().unwrap()]);
        b.ok(&["merge", f.to_str().unwrap()]);
    };
    exchange(&lead, &laptop, "lead.parcheck");
    exchange(&laptop, &lead, "laptop.parcheck");
    // Disagreeing: the earlier date counts on both, until one is recorded
    // over both.
    for db in [&lead, &laptop] {
        assert_eq!(due(&items(db, &[]), "U1", "D-02"), "2026-03-02");
    }
    let (_, err) = lead.ok_with_stderr(&["followup", "--conclusion-date", "2026-03-02"]);
    assert!(err.contains("các máy ghi khác nhau"), "{err}");
    lead.ok(&[
        "followup",
        "conclude",
        "--unit",
        "U1",
        "--date",
        "2026-03-05",
        "--inspector",
        "An",
    ]);
    exchange(&lead, &laptop, "lead2.parcheck");
    for db in [&lead, &laptop] {
        assert_eq!(due(&items(db, &[]), "U1", "D-02"), "2026-03-05");
    }
}
