//! End to end: `parcheck record` then `parcheck report` in every format.

use std::process::Command;

fn run(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parcheck"))
        .arg("--db")
        .arg(db)
        .arg("--checklists")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/checklists/valid"
        ))
        .args(args)
        .env_remove("PARCHECK_CONFIG")
        .env("HOME", db.parent().expect("dir"))
        .env("XDG_CONFIG_HOME", db.parent().expect("dir"))
        .output()
        .expect("run parcheck")
}

#[test]
fn record_then_report_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db.sqlite");
    let rec = |item: &str, extra: &[&str]| {
        let mut a = vec![
            "--campaign",
            "2026",
            "record",
            "--checklist",
            "demo",
            "--unit",
            "U1",
            "--unit-name",
            "Xã Một",
            "--item",
            item,
        ];
        a.extend_from_slice(extra);
        let o = run(&db, &a);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    rec(
        "D-01",
        &[
            "--status",
            "fail",
            "--note",
            "<script>alert(1)</script>\u{1b}[2J",
            "--inspector",
            "An",
        ],
    );
    rec(
        "D-02",
        &[
            "--status",
            "partial",
            "--sample",
            "HS-1=no-time",
            "--sample",
            "HS-2",
            "--inspector",
            "Bình",
        ],
    );
    for fmt in ["md", "html", "csv", "json"] {
        let a = [
            "report",
            "--unit",
            "U1",
            "--format",
            fmt,
            "--conclusion-date",
            "2026-02-10",
        ];
        let o1 = run(&db, &a);
        assert!(
            o1.status.success(),
            "{fmt}: {}",
            String::from_utf8_lossy(&o1.stderr)
        );
        let o2 = run(&db, &a);
        assert_eq!(o1.stdout, o2.stdout, "{fmt} deterministic");
        let out = String::from_utf8(o1.stdout).expect("utf8");
        assert!(
            out.contains("D-01") && out.contains("2026-03-03"),
            "{fmt}: {out}"
        );
        assert!(!out.contains('\u{1b}'), "{fmt}");
        if fmt == "html" {
            assert!(!out.contains("<script"));
        }
        if fmt == "md" {
            assert!(!out.replace("\\<", "").contains('<'), "md raw html");
        }
        let s = run(&db, &["report", "--all", "--format", fmt]);
        assert!(
            s.status.success(),
            "{fmt}: {}",
            String::from_utf8_lossy(&s.stderr)
        );
        assert!(String::from_utf8_lossy(&s.stdout).contains("U1"));
    }
    let docx = dir.path().join("r.docx");
    let o = run(
        &db,
        &[
            "report",
            "--unit",
            "U1",
            "--format",
            "docx",
            "--conclusion-date",
            "2026-02-10",
            "--out",
            docx.to_str().expect("path"),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read(&docx).expect("docx").starts_with(b"PK"));
    let o = run(&db, &["report", "--unit", "U1", "--format", "docx"]);
    assert_eq!(o.status.code(), Some(1), "docx needs --out");
    let o = run(
        &db,
        &[
            "report",
            "--unit",
            "U1",
            "--format",
            "md",
            "--conclusion-date",
            "2027-12-28",
        ],
    );
    assert!(
        !o.status.success(),
        "deadline past the calendar is an error"
    );
    let o = run(&db, &["report", "--unit", "NOPE", "--format", "md"]);
    assert_eq!(o.status.code(), Some(1));
}

/// The follow-up register: every finding of every unit on one row, with
/// formula cells neutralised, to stdout or atomically to a file.
#[test]
fn register_lists_every_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db.sqlite");
    for (unit, item, status, note) in [
        ("U1", "D-01", "fail", "=HYPERLINK(\"http://x\",\"y\")"),
        ("U1", "D-03", "pass", "đạt, \"đủ\"\ndòng hai"),
        ("U2", "D-02", "partial", "Thiếu giờ"),
    ] {
        let o = run(
            &db,
            &[
                "record",
                "--checklist",
                "demo",
                "--unit",
                unit,
                "--item",
                item,
                "--status",
                status,
                "--note",
                note,
            ],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = run(&db, &["report", "--all", "--register", "--format", "csv"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let body = o
        .stdout
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .expect("BOM");
    let mut r = csv::Reader::from_reader(body);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][0], "U1");
    assert_eq!(&rows[0][3], "fail");
    assert!(
        rows[0][4].starts_with("'="),
        "formula neutralised: {:?}",
        &rows[0][4]
    );
    assert_eq!(
        &rows[1][4], "đạt, \"đủ\"\ndòng hai",
        "quotes, commas, newlines round-trip"
    );
    assert_eq!(&rows[2][0], "U2");

    let out = dir.path().join("register.csv");
    let o = run(
        &db,
        &[
            "report",
            "--all",
            "--register",
            "--format",
            "csv",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read(&out).expect("file"),
        [b"\xEF\xBB\xBF".as_slice(), body].concat()
    );

    let o = run(&db, &["report", "--all", "--register", "--format", "md"]);
    assert_eq!(o.status.code(), Some(1));
}

/// A unit inspected against two checklists gets one report covering both,
/// its remediation list ordered by severity across them.
#[test]
fn unit_report_covers_every_checklist_of_the_unit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db.sqlite");
    for (checklist, item) in [("phieu-kiem-soat", "PKS-09"), ("demo", "D-01")] {
        let o = run(
            &db,
            &[
                "--campaign",
                "2026",
                "record",
                "--checklist",
                checklist,
                "--unit",
                "U1",
                "--item",
                item,
                "--status",
                "fail",
            ],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = run(
        &db,
        &[
            "--campaign",
            "2026",
            "report",
            "--unit",
            "U1",
            "--format",
            "json",
            "--conclusion-date",
            "2026-03-02",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let ids: Vec<&str> = r["checklists"]
        .as_array()
        .expect("checklists")
        .iter()
        .map(|c| c["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["demo", "phieu-kiem-soat"]);
    let items: Vec<(&str, &str)> = r["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["checklist"].as_str().unwrap_or(""),
                i["severity"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(items, [("demo", "high"), ("phieu-kiem-soat", "low")]);
    // One inspection only, by its id.
    let one = r["inspections"][1].as_str().expect("id").to_owned();
    let o = run(
        &db,
        &[
            "report",
            "--unit",
            "U1",
            "--inspection",
            &one[..10],
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(r["checklists"].as_array().expect("checklists").len(), 1);
}

/// A holidays file given with --holidays extends the bundled calendar
/// without recompiling: a deadline in 2028 works once 2028 is described,
/// and a broken file is reported at its line and column.
#[test]
fn holidays_file_extends_the_calendar() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db.sqlite");
    let o = run(
        &db,
        &[
            "record",
            "--checklist",
            "demo",
            "--unit",
            "U1",
            "--item",
            "D-01",
            "--status",
            "fail",
            "--deadline",
            "10",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report = |extra: &[&str]| {
        let mut a = vec![
            "report",
            "--unit",
            "U1",
            "--format",
            "json",
            "--conclusion-date",
            "2027-12-27",
        ];
        a.extend_from_slice(extra);
        run(&db, &a)
    };
    assert_eq!(
        report(&[]).status.code(),
        Some(1),
        "2028 is past the bundled calendar"
    );

    let h = dir.path().join("holidays.toml");
    std::fs::write(
        &h,
        "[[year]]\nyear = 2028\nsource = \"test\"\nconfirmed = false\n\
         days_off = [{ date = 2028-01-03, name = \"Nghỉ bù Tết Dương lịch\" }]\n",
    )
    .expect("write");
    let o = report(&["--holidays", h.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    // 10 working days after Mon 27/12/2027: 28–31/12 (4); 1–2/1/2028 is a
    // weekend and Mon 3/1 the file's day off; 4–7/1 (8); 10–11/1 (10).
    assert_eq!(r["items"][0]["deadline"], "2028-01-11", "{r}");
    // The report names the schedules its deadlines rest on, and warns that
    // neither year was checked against the official announcement.
    let years: Vec<i64> = r["holiday_schedules"]
        .as_array()
        .expect("schedules")
        .iter()
        .map(|s| s["year"].as_i64().expect("year"))
        .collect();
    assert_eq!(years, [2027, 2028]);
    assert!(
        r["deadline_rule"]
            .as_str()
            .is_some_and(|t| t.contains("2027, 2028") && t.contains("chưa được đối chiếu")),
        "{r}"
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("warning: deadlines use the 2028 holiday schedule"),
        "{stderr}"
    );

    std::fs::write(&h, "[[year]]\nyear = 2028\nsourse = \"x\"\n").expect("write");
    let o = report(&["--holidays", h.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("holidays.toml:3:1:"), "{stderr}");
}
