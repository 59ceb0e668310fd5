//! End to end: `parcheck record` then `parcheck report` in every format.

mod common;

use common::Env;

/// How the report in `fmt` states the deadline of item D-01 (the only
/// D-01 of the report).
fn d01_deadline(fmt: &str, out: &str) -> String {
    match fmt {
        // The requirements table: number, action (item), deadline, responsible.
        "md" => {
            let rows: Vec<&str> = out
                .lines()
                .filter(|l| l.starts_with("| ") && l.contains("(D-01) |"))
                .collect();
            assert_eq!(rows.len(), 1, "one D-01 requirement in:\n{out}");
            rows[0]
                .split(" | ")
                .nth(2)
                .expect("a deadline cell")
                .to_owned()
        }
        "html" => {
            let rows: Vec<&str> = out
                .lines()
                .filter(|l| l.starts_with("<tr><td class=\"n\">") && l.contains("(D-01)</td>"))
                .collect();
            assert_eq!(rows.len(), 1, "one D-01 requirement in:\n{out}");
            rows[0]
                .split("</td><td>")
                .nth(2)
                .expect("a deadline cell")
                .to_owned()
        }
        "csv" => {
            let body = out.strip_prefix('\u{feff}').expect("BOM");
            let mut r = csv::Reader::from_reader(body.as_bytes());
            let col = r
                .headers()
                .expect("header")
                .iter()
                .position(|h| h == "Hạn hoàn thành")
                .expect("a deadline column");
            let rows: Vec<csv::StringRecord> = r
                .records()
                .map(|x| x.expect("row"))
                .filter(|x| &x[5] == "D-01")
                .collect();
            assert_eq!(rows.len(), 1, "one D-01 row in:\n{out}");
            rows[0][col].to_owned()
        }
        "json" => {
            let r: serde_json::Value = serde_json::from_str(out).expect("json");
            let items: Vec<&serde_json::Value> = r["items"]
                .as_array()
                .expect("items")
                .iter()
                .filter(|i| i["item"] == "D-01")
                .collect();
            assert_eq!(items.len(), 1, "one D-01 item in:\n{out}");
            items[0]["deadline"]
                .as_str()
                .expect("a deadline")
                .to_owned()
        }
        _ => unreachable!("{fmt}"),
    }
}

/// Asserts that the team summary in `fmt` holds exactly the one unit U1
/// with its figures (one partial, one fail, two unchecked; D-01 failed).
fn assert_summary_of_u1(fmt: &str, out: &str) {
    match fmt {
        "md" => {
            let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("| **U")).collect();
            assert_eq!(
                rows,
                ["| **U1** Xã Một | demo | **Tổng** | 0 | 1 | 1 | 0 | 2 | 0.0% | Chưa đạt |"],
                "{out}"
            );
        }
        "html" => {
            let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("<tr><th>U")).collect();
            assert_eq!(
                rows,
                [
                    "<tr><th>U1 Xã Một</th><td>demo</td><td><strong>Tổng</strong></td>\
                     <td class=\"n\">0</td><td class=\"n\">1</td><td class=\"n\">1</td>\
                     <td class=\"n\">0</td><td class=\"n\">2</td><td class=\"n\">0.0%</td>\
                     <td>Chưa đạt</td></tr>"
                ],
                "{out}"
            );
        }
        "csv" => {
            let body = out.strip_prefix('\u{feff}').expect("BOM");
            let mut r = csv::Reader::from_reader(body.as_bytes());
            let units: Vec<Vec<String>> = r
                .records()
                .map(|x| x.expect("row"))
                .filter(|x| &x[0] == "unit")
                .map(|x| x.iter().map(str::to_owned).collect())
                .collect();
            assert_eq!(
                units,
                [[
                    "unit",
                    "U1",
                    "Xã Một",
                    "demo",
                    "",
                    "0",
                    "1",
                    "1",
                    "0",
                    "2",
                    "0.0%",
                    "Chưa đạt",
                    "D-01"
                ]],
                "{out}"
            );
        }
        "json" => {
            let r: serde_json::Value = serde_json::from_str(out).expect("json");
            let units = r["units"].as_array().expect("units");
            assert_eq!(units.len(), 1, "{out}");
            let u = &units[0];
            assert_eq!(
                (&u["unit"], &u["unit_name"], &u["checklist"]),
                (&"U1".into(), &"Xã Một".into(), &"demo".into())
            );
            assert_eq!(
                u["counts"],
                serde_json::json!({"pass": 0, "partial": 1, "fail": 1, "na": 0, "noted": 0, "unchecked": 2})
            );
            assert_eq!(u["classification"], "not_compliant");
            assert_eq!(u["high_failures"], serde_json::json!(["D-01"]));
            assert_eq!(r["high_failure_units"], serde_json::json!(["U1"]));
        }
        _ => unreachable!("{fmt}"),
    }
}

/// The text nodes of the Word document's body, in order.
fn docx_texts(docx: &[u8]) -> Vec<String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("docx is a zip archive");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("word/document.xml").expect("word/document.xml"),
        &mut xml,
    )
    .expect("read document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("document.xml is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("t"))
        .map(|n| n.text().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn record_then_report_every_format() {
    let env = Env::new().with_fixtures();
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
        env.ok(&a);
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
        let out = env.ok(&a);
        assert_eq!(out, env.ok(&a), "{fmt} deterministic");
        let want = match fmt {
            "md" | "html" => "10 ngày làm việc, chậm nhất ngày 03/03/2026",
            _ => "2026-03-03",
        };
        assert_eq!(d01_deadline(fmt, &out), want, "{fmt}");
        assert!(!out.contains('\u{1b}'), "{fmt}");
        if fmt == "html" {
            assert!(!out.contains("<script"));
        }
        if fmt == "md" {
            assert!(!out.replace("\\<", "").contains('<'), "md raw html");
        }
        let s = env.ok(&["report", "--all", "--format", fmt]);
        assert_summary_of_u1(fmt, &s);
    }
    let docx = env.path().join("r.docx");
    env.ok(&[
        "report",
        "--unit",
        "U1",
        "--format",
        "docx",
        "--conclusion-date",
        "2026-02-10",
        "--out",
        docx.to_str().expect("path"),
    ]);
    let texts = docx_texts(&std::fs::read(&docx).expect("docx"));
    // In the requirements table, the cell after D-01's action.
    let d01 = texts
        .iter()
        .position(|t| t.ends_with("(D-01)"))
        .expect("the D-01 requirement");
    assert_eq!(
        texts[d01 + 1],
        "10 ngày làm việc, chậm nhất ngày 03/03/2026",
        "{texts:?}"
    );
    // docx needs --out.
    let stderr = env.fails(&["report", "--unit", "U1", "--format", "docx"], 1);
    assert!(
        stderr
            .lines()
            .any(|l| l == "lỗi: không thể ghi văn bản Word ra màn hình"),
        "{stderr}"
    );
    // A deadline past the calendar is an error.
    let stderr = env.fails(
        &[
            "report",
            "--unit",
            "U1",
            "--format",
            "md",
            "--conclusion-date",
            "2027-12-28",
        ],
        1,
    );
    assert!(
        stderr.lines().any(|l| l
            == "lỗi: mục D-01: không tính được thời hạn 10 ngày làm việc kể từ 28/12/2027: ngày \
                01/01/2028 thuộc năm 2028, sau khoảng lịch nghỉ lễ, Tết hiện có (2025–2027); hãy \
                bổ sung năm 2028 vào tệp lịch nghỉ"),
        "{stderr}"
    );
    let stderr = env.fails(&["report", "--unit", "NOPE", "--format", "md"], 1);
    assert!(
        stderr.lines().any(|l| l
            == "lỗi: Chưa có cuộc kiểm tra nào của đơn vị “NOPE”. Hãy kiểm tra lại mã đơn vị."),
        "{stderr}"
    );
}

/// A unit inspected against two checklists gets one report covering both,
/// its remediation list ordered by severity across them.
#[test]
fn unit_report_covers_every_checklist_of_the_unit() {
    let env = Env::new().with_fixtures().args(&["--campaign", "2026"]);
    for (checklist, item) in [("phieu-kiem-soat", "PKS-09"), ("demo", "D-01")] {
        env.ok(&[
            "record",
            "--checklist",
            checklist,
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
    let r = env.json(&[
        "report",
        "--unit",
        "U1",
        "--format",
        "json",
        "--conclusion-date",
        "2026-03-02",
    ]);
    let ids: Vec<&str> = r["checklists"]
        .as_array()
        .expect("checklists")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["demo", "phieu-kiem-soat"]);
    let items: Vec<(&str, &str, &str)> = r["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["checklist"].as_str().expect("checklist"),
                i["item"].as_str().expect("item"),
                i["severity"].as_str().expect("severity"),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("demo", "D-01", "high"),
            ("phieu-kiem-soat", "PKS-09", "medium")
        ]
    );
    // One inspection only, by its id.
    let one = r["inspections"][1].as_str().expect("id").to_owned();
    let r = env.json(&[
        "report",
        "--unit",
        "U1",
        "--inspection",
        &one[..10],
        "--format",
        "json",
    ]);
    assert_eq!(r["inspections"], serde_json::json!([one]));
    let ids: Vec<&str> = r["checklists"]
        .as_array()
        .expect("checklists")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids.len(), 1, "{r}");
}

/// A holidays file given with --holidays extends the bundled calendar
/// without recompiling: a deadline in 2028 works once 2028 is described,
/// and a broken file is reported at its line and column.
#[test]
fn holidays_file_extends_the_calendar() {
    let env = Env::new().with_fixtures();
    env.ok(&[
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
        "--inspector",
        "An",
    ]);
    fn report<'a>(extra: &[&'a str]) -> Vec<&'a str> {
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
        a
    }
    // 2028 is past the bundled calendar.
    let stderr = env.fails(&report(&[]), 1);
    assert!(
        stderr.lines().any(|l| l
            == "lỗi: mục D-01: không tính được thời hạn 10 ngày làm việc kể từ 27/12/2027: ngày \
                01/01/2028 thuộc năm 2028, sau khoảng lịch nghỉ lễ, Tết hiện có (2025–2027); hãy \
                bổ sung năm 2028 vào tệp lịch nghỉ"),
        "{stderr}"
    );

    let h = env.path().join("holidays.toml");
    std::fs::write(
        &h,
        "[[year]]\nyear = 2028\nsource = \"test\"\nconfirmed = false\n\
         days_off = [{ date = 2028-01-03, name = \"Nghỉ bù Tết Dương lịch\" }]\n",
    )
    .expect("write");
    let (stdout, stderr) = env.ok_with_stderr(&report(&["--holidays", h.to_str().expect("utf-8")]));
    let r: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    // 10 working days after Mon 27/12/2027: 28–31/12 (4); 1–2/1/2028 is a
    // weekend and Mon 3/1 the file's day off; 4–7/1 (8); 10–11/1 (10).
    assert_eq!(r["items"][0]["item"], "D-01", "{r}");
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
    assert_eq!(
        r["deadline_rule"],
        "Hạn khắc phục tính theo ngày làm việc kể từ ngày kết luận, không kể thứ Bảy, Chủ nhật, \
         ngày nghỉ lễ, Tết và ngày nghỉ bù theo lịch nghỉ năm 2027, 2028. Lịch nghỉ năm 2027, 2028 \
         chưa được đối chiếu với văn bản chính thức: kiểm tra lại hạn trước khi ban hành.",
        "{r}"
    );
    // In the interface language (Vietnamese here).
    let warning = |year: i32| {
        format!(
            "cảnh báo: thời hạn được tính theo lịch nghỉ lễ, Tết năm {year} chưa đối chiếu với \
             thông báo chính thức; hãy kiểm tra, hoặc bổ sung lịch đã đối chiếu bằng --holidays \
             FILE (xem docs/working-days.md)"
        )
    };
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [warning(2027), warning(2028)]
    );

    std::fs::write(&h, "[[year]]\nyear = 2028\nsourse = \"x\"\n").expect("write");
    let stderr = env.fails(&report(&["--holidays", h.to_str().expect("utf-8")]), 1);
    let at = format!("{}:3:1: unknown key `sourse` in year 2028", h.display());
    assert!(stderr.lines().any(|l| l == at), "{stderr}");
}
