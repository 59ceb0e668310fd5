//! The provincial follow-up report (`report --all --followup`) through the
//! real binary: it counts what `parcheck followup` lists — open, overdue in
//! working days, reported, verified — in every format.

mod common;

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use common::Env;
use serde_json::Value;

const CONCLUSION: &str = "2026-03-02";
const AS_OF: &str = "2026-06-01";

/// U1 (UBND xã Vĩnh Hòa): D-01 failed and left open, D-02 partial and
/// verified; U2: D-01 failed and reported done by the unit (not verified).
fn province() -> Env {
    let env = Env::new().with_fixtures().args(&["--campaign", "2026"]);
    env.record(
        "U1",
        "D-01",
        "fail",
        "An",
        &["--unit-name", "UBND xã Vĩnh Hòa", "--note", "Không có sổ."],
    );
    env.record("U1", "D-02", "partial", "An", &["--sample", "HS-1=no-time"]);
    env.record("U2", "D-01", "fail", "Bình", &["--note", "Sổ ghi thiếu."]);
    // U2 reports D-01 done in the register it received.
    let back = common::filled_csv_register(
        &env,
        Some(CONCLUSION),
        "U2",
        "2026-03-10",
        "Đã ghi bổ sung sổ",
    );
    env.ok(&["followup", "import", back.to_str().unwrap()]);
    env.ok(&[
        "followup",
        "verify",
        "--unit",
        "U1",
        "--item",
        "D-02",
        "--accept",
        "--on",
        "2026-03-20",
        "--inspector",
        "An",
        "--conclusion-date",
        CONCLUSION,
    ]);
    env
}

fn report(env: &Env, format: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "report",
        "--all",
        "--followup",
        "--format",
        format,
        "--conclusion-date",
        CONCLUSION,
        "--as-of",
        AS_OF,
    ];
    args.extend_from_slice(extra);
    env.ok(&args)
}

#[test]
fn the_report_counts_what_the_follow_up_lists() {
    let env = province();
    let j: Value = serde_json::from_str(&report(&env, "json", &[])).unwrap();
    assert_eq!(j["kind"], "followup");
    assert_eq!(j["as_of"], AS_OF);
    let t = &j["totals"];
    assert_eq!(
        (
            &t["items"],
            &t["open"],
            &t["overdue"],
            &t["reported"],
            &t["verified"]
        ),
        (&3.into(), &1.into(), &1.into(), &1.into(), &1.into())
    );
    let units = j["units"].as_array().unwrap();
    assert_eq!(units.len(), 2);
    assert_eq!(units[0]["unit"], "U1");
    assert_eq!(units[0]["unit_name"], "UBND xã Vĩnh Hòa");
    assert_eq!(units[0]["counts"]["items"], 2);
    assert_eq!(units[0]["counts"]["verified"], 1);
    assert_eq!(units[1]["counts"]["reported"], 1);

    // The overdue item, with the working days `parcheck followup` counts.
    let listed = env.json(&[
        "followup",
        "--json",
        "--overdue",
        "--conclusion-date",
        CONCLUSION,
        "--as-of",
        AS_OF,
    ]);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1);
    let overdue = j["overdue"].as_array().unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(
        (&overdue[0]["unit"], &overdue[0]["item"]),
        (&"U1".into(), &"D-01".into())
    );
    let left = listed[0]["working_days_left"].as_i64().unwrap();
    assert!(left < 0, "overdue on {AS_OF}");
    assert_eq!(overdue[0]["working_days_overdue"].as_i64(), Some(-left));
    assert_eq!(overdue[0]["due"], listed[0]["due"]);

    let waiting = j["awaiting_verification"].as_array().unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0]["unit"], "U2");
    assert_eq!(waiting[0]["reported_on"], "2026-03-10");
}

#[test]
fn the_document_is_laid_out_as_a_report_of_the_team() {
    let env = province();
    let md = report(&env, "md", &[]);
    for part in [
        "BÁO CÁO",
        "I. TÌNH HÌNH KHẮC PHỤC THEO ĐƠN VỊ",
        "II. CÁC NỘI DUNG QUÁ HẠN CHƯA KHẮC PHỤC",
        "III. CÁC NỘI DUNG ĐƠN VỊ ĐÃ BÁO CÁO, CHỜ XÁC MINH",
        "Số liệu tính đến ngày 01/06/2026",
        "UBND xã Vĩnh Hòa (mục",
        "đơn vị báo đã khắc phục ngày 10/03/2026",
    ] {
        assert!(md.contains(part), "{part} missing:\n{md}");
    }
    assert!(
        md.contains("quá hạn ") && md.contains(" ngày làm việc"),
        "{md}"
    );
    // The share remedied, written as the documents write a percentage.
    assert!(md.contains("33,3 %"), "1 of 3 verified:\n{md}");

    let en = report(&env, "md", &["--lang", "en"]);
    assert!(en.contains("I. REMEDIATION BY UNIT"), "{en}");
    assert!(en.contains("overdue by "), "{en}");

    let html = report(&env, "html", &[]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("II. CÁC NỘI DUNG QUÁ HẠN CHƯA KHẮC PHỤC"));

    let docx = env.path().join("theo-doi.docx");
    report(&env, "docx", &["--out", docx.to_str().unwrap()]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        xml.contains("I. TÌNH HÌNH KHẮC PHỤC THEO ĐƠN VỊ"),
        "docx body"
    );
}

#[test]
fn the_workbook_has_a_sheet_per_list() {
    let env = province();
    let out = env.path().join("theo-doi.xlsx");
    report(&env, "xlsx", &["--out", out.to_str().unwrap()]);
    let bytes = std::fs::read(&out).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), ["Theo đơn vị", "Quá hạn", "Chờ xác minh"]);
    let units = wb.worksheet_range("Theo đơn vị").unwrap();
    let rows: Vec<Vec<Data>> = units.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(rows.len(), 4, "header, two units, total");
    assert_eq!(rows[1][0], Data::String("U1".into()));
    assert_eq!(rows[1][3], Data::Float(2.0), "U1 has two items");
    assert_eq!(rows[3][3], Data::Float(3.0), "three in all");
    let overdue = wb.worksheet_range("Quá hạn").unwrap();
    let rows: Vec<Vec<Data>> = overdue.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][4], Data::String("D-01".into()));
    assert!(matches!(rows[1][7], Data::DateTime(_)), "{:?}", rows[1][7]);

    let csv = report(&env, "csv", &[]);
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), 4, "{csv}");
}

#[test]
fn files_that_cannot_go_to_the_terminal_are_refused() {
    let env = province();
    let err = env.fails(
        &[
            "report",
            "--all",
            "--followup",
            "--format",
            "xlsx",
            "--conclusion-date",
            CONCLUSION,
        ],
        1,
    );
    assert!(err.contains("--out TỆP.xlsx"), "{err}");
    // Without --all there is no follow-up report (a usage error).
    let err = env.fails(
        &["report", "--unit", "U1", "--followup", "--format", "md"],
        2,
    );
    assert!(err.contains("--unit"), "{err}");
    let err = env.fails(&["report", "--all", "--as-of", AS_OF, "--format", "md"], 1);
    assert!(err.contains("--followup"), "{err}");
}

#[test]
fn the_summary_page_draws_the_province_with_its_figures_beside() {
    let env = province();
    let html = env.ok(&[
        "report",
        "--all",
        "--format",
        "html",
        "--conclusion-date",
        CONCLUSION,
    ]);
    assert!(html.contains("<h2>Bức tranh chung</h2>"), "{html}");
    // Three charts, each an inline image named for assistive technology.
    assert_eq!(html.matches("<svg role=\"img\" aria-label=").count(), 3);
    for caption in [
        "Tỷ lệ đạt theo lĩnh vực và đơn vị, đợt 2026",
        "Nội dung chưa khắc phục và quá hạn theo đơn vị",
        "Tỷ lệ đạt qua các đợt kiểm tra",
    ] {
        assert!(
            html.contains(&format!("<figcaption>{caption}</figcaption>")),
            "{caption}"
        );
    }
    // Beside the bars, their table: U1's open D-01, overdue by now; U2
    // reported its item, so has nothing left to remedy.
    assert!(
        html.contains(
            "<tr><th>UBND xã Vĩnh Hòa</th><td class=\"n\">1</td><td class=\"n\">1</td></tr>"
        ),
        "{html}"
    );
    let bars = html
        .split("<figcaption>Nội dung chưa khắc phục và quá hạn theo đơn vị</figcaption>")
        .nth(1)
        .and_then(|rest| rest.split("</figure>").next())
        .unwrap();
    assert!(!bars.contains("<tr><th>U2</th>"), "{bars}");
    // Still a page that runs nothing and fetches nothing.
    assert!(html.contains("default-src 'none'"));
    assert!(!html.contains("<script") && !html.contains("href=") && !html.contains("src="));
}
