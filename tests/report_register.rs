//! The follow-up register (`report --all --register`), read back as a
//! spreadsheet program reads it: typed dates, the frozen header and its
//! filters, stable ids, the same findings as the unit's notice, cells cut
//! to Excel's limit with a warning, headers in both languages.

mod common;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::PathBuf;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use common::Env;

const CONCLUSION: &str = "2026-03-02";

fn env() -> Env {
    Env::new().with_fixtures().args(&["--campaign", "2026"])
}

/// Two units: U1 with a failed item (with evidence), a partial sampled
/// item (due immediately) and a passed item; U2 with a failed item.
fn two_units() -> Env {
    let env = env();
    env.record(
        "U1",
        "D-01",
        "fail",
        "An",
        &[
            "--unit-name",
            "UBND xã Vĩnh Hòa",
            "--note",
            "Không có sổ năm 2026.",
            "--evidence",
            "CV-12/UBND",
        ],
    );
    env.record("U1", "D-02", "partial", "An", &["--sample", "HS-1=no-time"]);
    env.record("U1", "D-03", "pass", "An", &["--ratio", "35/40"]);
    env.record("U2", "D-01", "fail", "Bình", &["--note", "Sổ ghi thiếu."]);
    env
}

/// Writes the Excel register; returns its bytes and what was said on stderr.
fn xlsx(env: &Env, global: &[&str]) -> (Vec<u8>, String) {
    let out: PathBuf = env.path().join("register.xlsx");
    let mut args: Vec<&str> = global.to_vec();
    args.extend([
        "report",
        "--all",
        "--register",
        "--format",
        "xlsx",
        "--conclusion-date",
        CONCLUSION,
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    let (stdout, stderr) = env.ok_with_stderr(&args);
    assert_eq!(stdout, "", "nothing on stdout");
    (std::fs::read(&out).expect("register written"), stderr)
}

/// The first sheet's cells, row by row.
fn cells(bytes: &[u8]) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("the workbook opens");
    let range = wb
        .worksheet_range_at(0)
        .expect("one sheet")
        .expect("sheet readable");
    range.rows().map(<[Data]>::to_vec).collect()
}

/// A part of the workbook package, as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"))
        .read_to_string(&mut s)
        .expect("UTF-8 XML");
    s
}

fn text(d: &Data) -> &str {
    match d {
        Data::String(s) => s,
        Data::Empty => "",
        other => panic!("not text: {other:?}"),
    }
}

fn date(d: &Data) -> NaiveDate {
    match d {
        Data::DateTime(dt) => dt.as_datetime().expect("a real date").date(),
        other => panic!("not a date cell: {other:?}"),
    }
}

fn ymd(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// The rows as maps from header to cell.
fn by_header(rows: &[Vec<Data>]) -> Vec<BTreeMap<String, Data>> {
    let header: Vec<String> = rows[0].iter().map(|h| text(h).to_owned()).collect();
    rows[1..]
        .iter()
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

fn row<'a>(
    rows: &'a [BTreeMap<String, Data>],
    unit: &str,
    item: &str,
) -> &'a BTreeMap<String, Data> {
    let found: Vec<_> = rows
        .iter()
        .filter(|r| text(&r["Mã đơn vị"]) == unit && text(&r["Mục"]) == item)
        .collect();
    assert_eq!(found.len(), 1, "one row for {unit} {item}");
    found[0]
}

#[test]
fn the_excel_register_has_one_typed_row_per_item_to_remedy() {
    let env = two_units();
    let (bytes, _) = xlsx(&env, &[]);
    let sheet = cells(&bytes);
    let header: Vec<&str> = sheet[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "Mã tồn tại",
            "Mã đơn vị",
            "Tên đơn vị",
            "Đợt kiểm tra",
            "Danh mục kiểm tra",
            "Phần",
            "Mục",
            "Nội dung kiểm tra",
            "Kết quả",
            "Mức độ",
            "Phát hiện",
            "Minh chứng",
            "Căn cứ pháp lý",
            "Yêu cầu khắc phục",
            "Người chịu trách nhiệm",
            "Số ngày làm việc",
            "Khắc phục ngay",
            "Hạn hoàn thành",
            "Ngày kết luận",
            "Ngày đã khắc phục (đơn vị ghi)",
            "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
            "Tài liệu chứng minh (đơn vị ghi)",
        ]
    );
    let rows = by_header(&sheet);
    // The passed item is not a remediation item.
    assert_eq!(rows.len(), 3, "{rows:#?}");

    let d01 = row(&rows, "U1", "D-01");
    assert_eq!(text(&d01["Tên đơn vị"]), "UBND xã Vĩnh Hòa");
    assert_eq!(text(&d01["Đợt kiểm tra"]), "2026");
    assert_eq!(text(&d01["Danh mục kiểm tra"]), "demo");
    assert_eq!(text(&d01["Phần"]), "Sổ theo dõi hồ sơ");
    assert_eq!(text(&d01["Kết quả"]), "Không đạt");
    assert_eq!(text(&d01["Mức độ"]), "Cao");
    assert_eq!(text(&d01["Phát hiện"]), "Không có sổ năm 2026.");
    assert!(text(&d01["Minh chứng"]).contains("CV-12/UBND"), "{d01:?}");
    assert_eq!(
        text(&d01["Căn cứ pháp lý"]),
        "Thông tư 01/2018/TT-VPCP, Điều 10, khoản 2"
    );
    assert_eq!(text(&d01["Yêu cầu khắc phục"]), "Lập sổ theo dõi hồ sơ.");
    assert_eq!(
        text(&d01["Người chịu trách nhiệm"]),
        "Trưởng Bộ phận Một cửa"
    );
    // Numbers and dates are typed cells: 10 working days from Monday
    // 2 March 2026 is Monday 16 March.
    assert_eq!(d01["Số ngày làm việc"], Data::Float(10.0));
    assert_eq!(d01["Khắc phục ngay"], Data::Empty);
    assert_eq!(date(&d01["Hạn hoàn thành"]), ymd("2026-03-16"));
    assert_eq!(date(&d01["Ngày kết luận"]), ymd(CONCLUSION));
    for back in [
        "Ngày đã khắc phục (đơn vị ghi)",
        "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
        "Tài liệu chứng minh (đơn vị ghi)",
    ] {
        assert_eq!(d01[back], Data::Empty, "{back} is left for the unit");
    }

    // Due immediately: no number, no date, said in its own column.
    let d02 = row(&rows, "U1", "D-02");
    assert_eq!(text(&d02["Kết quả"]), "Đạt một phần");
    assert!(text(&d02["Phát hiện"]).contains("HS-1"), "{d02:?}");
    assert_eq!(d02["Số ngày làm việc"], Data::Empty);
    assert_eq!(text(&d02["Khắc phục ngay"]), "Ngay");
    assert_eq!(d02["Hạn hoàn thành"], Data::Empty);

    let u2 = row(&rows, "U2", "D-01");
    assert_eq!(text(&u2["Phát hiện"]), "Sổ ghi thiếu.");
    // Every id is distinct.
    let mut ids: Vec<&str> = rows.iter().map(|r| text(&r["Mã tồn tại"])).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
}

/// What the sheet's XML says of a cell's style: (number format, fill id).
fn styles(bytes: &[u8]) -> Vec<(String, String)> {
    let xml = part(bytes, "xl/styles.xml");
    let doc = roxmltree::Document::parse(&xml).expect("styles.xml parses");
    let formats: BTreeMap<String, String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("numFmt"))
        .map(|n| {
            (
                n.attribute("numFmtId").unwrap().to_owned(),
                n.attribute("formatCode").unwrap().to_owned(),
            )
        })
        .collect();
    let xfs = doc
        .descendants()
        .find(|n| n.has_tag_name("cellXfs"))
        .expect("cellXfs");
    xfs.children()
        .filter(|n| n.has_tag_name("xf"))
        .map(|xf| {
            let id = xf.attribute("numFmtId").unwrap_or("0");
            (
                formats.get(id).cloned().unwrap_or_else(|| id.to_owned()),
                xf.attribute("fillId").unwrap_or("0").to_owned(),
            )
        })
        .collect()
}

fn column_letter(i: usize) -> char {
    assert!(i < 26);
    char::from(b'A' + u8::try_from(i).unwrap())
}

#[test]
fn the_excel_register_freezes_its_header_filters_and_formats_dates() {
    let env = two_units();
    let (bytes, _) = xlsx(&env, &[]);
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    let doc = roxmltree::Document::parse(&sheet).expect("sheet1.xml parses");
    let header: Vec<String> = cells(&bytes)[0]
        .iter()
        .map(|h| text(h).to_owned())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let last = column_letter(header.len() - 1);

    // The header row is frozen.
    let pane = doc
        .descendants()
        .find(|n| n.has_tag_name("pane"))
        .expect("a pane");
    assert_eq!(pane.attribute("state"), Some("frozen"));
    assert_eq!(pane.attribute("ySplit"), Some("1"));
    assert_eq!(pane.attribute("topLeftCell"), Some("A2"));
    // Filters cover the header and every row.
    let filter = doc
        .descendants()
        .find(|n| n.has_tag_name("autoFilter"))
        .expect("an autofilter");
    assert_eq!(
        filter.attribute("ref"),
        Some(format!("A1:{last}4").as_str())
    );
    // Columns have widths of their own: the finding wider than the item.
    // (A `col` element spans columns min..=max, counted from 1.)
    let mut widths = vec![0.0f64; header.len()];
    for c in doc.descendants().filter(|n| n.has_tag_name("col")) {
        let at = |a: &str| c.attribute(a).unwrap().parse::<usize>().unwrap();
        for w in &mut widths[at("min") - 1..at("max")] {
            *w = c.attribute("width").unwrap().parse().unwrap();
        }
    }
    assert!(
        widths.iter().all(|w| *w > 8.0),
        "every column is set: {widths:?}"
    );
    assert!(
        widths[col("Phát hiện")] > widths[col("Mục")] * 2.0,
        "{widths:?}"
    );

    // Dates are shown dd/mm/yyyy; the unit's columns stand out.
    let styles = styles(&bytes);
    let style_of = |cell: &str| -> &(String, String) {
        let c = doc
            .descendants()
            .find(|n| n.has_tag_name("c") && n.attribute("r") == Some(cell))
            .unwrap_or_else(|| panic!("cell {cell}"));
        &styles[c.attribute("s").unwrap().parse::<usize>().unwrap()]
    };
    for name in [
        "Hạn hoàn thành",
        "Ngày kết luận",
        "Ngày đã khắc phục (đơn vị ghi)",
    ] {
        let cell = format!("{}2", column_letter(col(name)));
        assert_eq!(style_of(&cell).0, "dd/mm/yyyy", "{name}");
    }
    let team_fill = &style_of(&format!("{}1", column_letter(col("Mục")))).1;
    for name in [
        "Ngày đã khắc phục (đơn vị ghi)",
        "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
        "Tài liệu chứng minh (đơn vị ghi)",
    ] {
        let head = &style_of(&format!("{}1", column_letter(col(name)))).1;
        assert_ne!(head, team_fill, "{name} header fill");
        assert_ne!(head, "0");
        let body = &style_of(&format!("{}2", column_letter(col(name)))).1;
        assert_ne!(body, "0", "{name} body fill");
    }
    // The day done only takes a date.
    let check = doc
        .descendants()
        .find(|n| n.has_tag_name("dataValidation"))
        .expect("a data validation");
    assert_eq!(check.attribute("type"), Some("date"));
    let done = column_letter(col("Ngày đã khắc phục (đơn vị ghi)"));
    assert_eq!(
        check.attribute("sqref"),
        Some(format!("{done}2:{done}4").as_str())
    );
}

#[test]
fn ids_are_the_same_in_every_export_and_after_an_unrelated_edit() {
    let env = two_units();
    let ids = |bytes: &[u8]| -> BTreeMap<(String, String), String> {
        by_header(&cells(bytes))
            .iter()
            .map(|r| {
                (
                    (text(&r["Mã đơn vị"]).to_owned(), text(&r["Mục"]).to_owned()),
                    text(&r["Mã tồn tại"]).to_owned(),
                )
            })
            .collect()
    };
    let first = ids(&xlsx(&env, &[]).0);
    let second = ids(&xlsx(&env, &[]).0);
    assert_eq!(first, second);

    // The id is the finding's key in the store: its inspection and item.
    for ((unit, item), id) in &first {
        let f = env.finding(unit, "demo", item);
        let key = parcheck::core::revision::finding_key(f["inspection"].as_str().unwrap(), item);
        assert_eq!(id, &key);
    }

    // Another finding changes and a new one appears: the rows already
    // there keep their ids.
    env.record(
        "U2",
        "D-01",
        "fail",
        "Bình",
        &["--note", "Sổ ghi thiếu tháng 3."],
    );
    env.record("U2", "D-03", "fail", "Bình", &["--ratio", "2/40"]);
    let third = ids(&xlsx(&env, &[]).0);
    assert_eq!(third.len(), 4);
    for (k, id) in &first {
        assert_eq!(third.get(k), Some(id), "{k:?}");
    }
    // In English the ids are the same too.
    let en = ids_en(&xlsx(&env, &["--lang", "en"]).0);
    assert_eq!(en, third);
}

fn ids_en(bytes: &[u8]) -> BTreeMap<(String, String), String> {
    by_header(&cells(bytes))
        .iter()
        .map(|r| {
            (
                (
                    text(&r["Unit code"]).to_owned(),
                    text(&r["Item"]).to_owned(),
                ),
                text(&r["Finding id"]).to_owned(),
            )
        })
        .collect()
}

/// The lead's database after merging An's "pass" and Bình's later "fail"
/// on D-01 of XA-01 (and Bình's "partial" on D-03): the status of D-01 is
/// in conflict; its effective status is the worst side.
#[test]
fn the_register_agrees_with_the_unit_notice_on_a_conflicted_finding() {
    let (an, binh, lead) = (env(), env(), env());
    an.record("XA-01", "D-01", "pass", "An", &[]);
    binh.record("XA-01", "D-01", "fail", "Bình", &["--note", "Không có sổ."]);
    binh.record("XA-01", "D-03", "partial", "Bình", &["--ratio", "10/40"]);
    let mut bundles = Vec::new();
    for (i, db) in [&an, &binh].into_iter().enumerate() {
        let out = lead.path().join(format!("{i}.bundle"));
        db.ok(&["export", "--out", out.to_str().unwrap()]);
        bundles.push(out);
    }
    lead.ok(&[
        "merge",
        bundles[0].to_str().unwrap(),
        bundles[1].to_str().unwrap(),
    ]);
    let conflicts = lead.run(&["conflicts"]);
    assert_eq!(conflicts.status.code(), Some(1), "D-01 is in conflict");

    let rows = by_header(&cells(&xlsx(&lead, &["--lang", "en"]).0));
    let notice = lead.json(&[
        "--lang",
        "en",
        "report",
        "--unit",
        "XA-01",
        "--format",
        "json",
        "--conclusion-date",
        CONCLUSION,
    ]);
    let from_notice: Vec<(String, String, Option<String>)> = notice["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["item"].as_str().unwrap().to_owned(),
                i["status"].as_str().unwrap().to_owned(),
                i["deadline"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let from_register: Vec<(String, String, Option<String>)> = rows
        .iter()
        .map(|r| {
            let status = match text(&r["Status"]) {
                "Fail" => "fail",
                "Partial" => "partial",
                other => panic!("status {other}"),
            };
            let due = match &r["Deadline"] {
                Data::Empty => None,
                d => Some(date(d).format("%Y-%m-%d").to_string()),
            };
            (text(&r["Item"]).to_owned(), status.to_owned(), due)
        })
        .collect();
    assert_eq!(from_register, from_notice);
    assert_eq!(
        from_register[0],
        (
            "D-01".to_owned(),
            "fail".to_owned(),
            Some("2026-03-16".to_owned())
        )
    );
    assert_eq!(from_register.len(), 2);

    // An's laptop names the finding by the same id as the lead's register.
    an.record("XA-01", "D-01", "fail", "An", &[]);
    let on_laptop = ids_en(&xlsx(&an, &["--lang", "en"]).0);
    let on_lead = ids_en(&xlsx(&lead, &["--lang", "en"]).0);
    let key = ("XA-01".to_owned(), "D-01".to_owned());
    assert_eq!(on_laptop[&key], on_lead[&key]);
}

#[test]
fn a_cell_longer_than_excel_allows_is_cut_with_a_marker_and_a_warning() {
    let env = env();
    let long = format!("Bắt đầu {}", "ổ".repeat(40_000));
    env.record("U1", "D-01", "fail", "An", &["--note", &long]);
    let (bytes, stderr) = xlsx(&env, &[]);
    let rows = by_header(&cells(&bytes));
    let finding = text(&rows[0]["Phát hiện"]);
    assert!(finding.starts_with("Bắt đầu ổổ"));
    assert!(
        finding.ends_with("…[cắt bớt]"),
        "{}",
        &finding[finding.len() - 40..]
    );
    assert!(finding.encode_utf16().count() <= 32_767);
    assert!(finding.chars().count() > 32_000);
    let warning = stderr
        .lines()
        .find(|l| l.contains("cắt bớt"))
        .unwrap_or_else(|| panic!("a warning: {stderr}"));
    assert!(
        warning.starts_with("cảnh báo: dòng 2, cột “Phát hiện”"),
        "{warning}"
    );
    assert!(warning.contains("40008 ký tự"), "{warning}");

    // In English, and in the CSV form too.
    let o = env.run(&[
        "--lang",
        "en",
        "report",
        "--all",
        "--register",
        "--format",
        "csv",
        "--conclusion-date",
        CONCLUSION,
    ]);
    common::expect_code(&o, 0, &["report", "--register", "--format", "csv"]);
    let (stdout, stderr) = common::text(o);
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("warning: row 2, column “Finding”") && l.contains("truncated")),
        "{stderr}"
    );
    let mut r = csv::Reader::from_reader(stdout.trim_start_matches('\u{feff}').as_bytes());
    let rec = r.records().next().expect("a row").expect("a record");
    let cell = &rec[10];
    assert!(cell.ends_with("…[truncated]"));
    assert!(cell.encode_utf16().count() <= 32_767);
}

fn csv_rows(s: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let body = s.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let mut r = csv::Reader::from_reader(body.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[test]
fn the_csv_register_has_the_same_rows_with_iso_dates() {
    let env = two_units();
    env.record(
        "U2",
        "D-03",
        "fail",
        "Bình",
        &[
            "--ratio",
            "1/40",
            "--note",
            "=HYPERLINK(\"http://x\",\"y\")\nđạt, \"đủ\"",
        ],
    );
    let args = [
        "report",
        "--all",
        "--register",
        "--format",
        "csv",
        "--conclusion-date",
        CONCLUSION,
    ];
    let vi = env.ok(&args);
    let (header, rows) = csv_rows(&vi);
    let (xlsx_bytes, _) = xlsx(&env, &[]);
    let sheet = cells(&xlsx_bytes);
    let xlsx_header: Vec<&str> = sheet[0].iter().map(text).collect();
    assert_eq!(header, xlsx_header, "the same columns as the workbook");
    assert_eq!(rows.len(), sheet.len() - 1, "the same rows as the workbook");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let d01 = rows
        .iter()
        .find(|r| r[col("Mã đơn vị")] == "U1" && r[col("Mục")] == "D-01")
        .unwrap();
    assert_eq!(d01[col("Số ngày làm việc")], "10");
    assert_eq!(d01[col("Hạn hoàn thành")], "2026-03-16");
    assert_eq!(d01[col("Ngày kết luận")], CONCLUSION);
    assert_eq!(d01[col("Khắc phục ngay")], "");
    let formula = rows
        .iter()
        .find(|r| r[col("Mã đơn vị")] == "U2" && r[col("Mục")] == "D-03")
        .unwrap();
    // A formula is neutralised; quotes, commas and newlines round-trip.
    assert!(
        formula[col("Phát hiện")].starts_with("'=HYPERLINK(\"http://x\",\"y\")\nđạt, \"đủ\""),
        "{formula:?}"
    );
    for (r, x) in rows.iter().zip(&sheet[1..]) {
        assert_eq!(
            r[0],
            text(&x[0]),
            "rows in the same order, with the same ids"
        );
    }

    let (en_header, en_rows) = csv_rows(&env.ok(&[&["--lang", "en"][..], &args[..]].concat()));
    assert_eq!(
        en_header[..4],
        ["Finding id", "Unit code", "Unit name", "Campaign"]
    );
    assert_eq!(
        en_header[en_header.len() - 3..],
        [
            "Date done (by the unit)",
            "What was done (by the unit)",
            "Evidence reference (by the unit)"
        ]
    );
    assert_eq!(en_rows.len(), rows.len());

    // To a file, atomically, the same bytes as on stdout.
    let out = env.path().join("register.csv");
    env.ok(&[&args[..], &["--out", out.to_str().unwrap()]].concat());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), vi);
}

#[test]
fn the_unit_csv_report_has_headers_evidence_and_typed_deadline_columns() {
    let env = two_units();
    let args = [
        "report",
        "--unit",
        "U1",
        "--format",
        "csv",
        "--conclusion-date",
        CONCLUSION,
    ];
    let (header, rows) = csv_rows(&env.ok(&args));
    assert_eq!(
        header,
        [
            "Mã đơn vị",
            "Tên đơn vị",
            "Mã cuộc kiểm tra",
            "Danh mục kiểm tra",
            "Phần",
            "Mục",
            "Nội dung kiểm tra",
            "Kết quả",
            "Mức độ",
            "Phát hiện",
            "Minh chứng",
            "Căn cứ pháp lý",
            "Yêu cầu khắc phục",
            "Số ngày làm việc",
            "Khắc phục ngay",
            "Hạn hoàn thành",
            "Người chịu trách nhiệm",
            "Chưa thống nhất",
        ]
    );
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let item = |id: &str| rows.iter().find(|r| r[col("Mục")] == id).unwrap();
    assert!(item("D-01")[col("Minh chứng")].contains("CV-12/UBND"));
    assert_eq!(item("D-01")[col("Số ngày làm việc")], "10");
    assert_eq!(item("D-01")[col("Khắc phục ngay")], "");
    assert_eq!(item("D-01")[col("Hạn hoàn thành")], "2026-03-16");
    assert_eq!(item("D-02")[col("Số ngày làm việc")], "");
    assert_eq!(item("D-02")[col("Khắc phục ngay")], "Ngay");
    assert_eq!(item("D-02")[col("Hạn hoàn thành")], "");
    // Only numbers in one column, only ISO dates in the other.
    for r in &rows {
        let days = &r[col("Số ngày làm việc")];
        assert!(days.is_empty() || days.parse::<u32>().is_ok(), "{days}");
        let due = &r[col("Hạn hoàn thành")];
        assert!(due.is_empty() || ymd(due) > ymd(CONCLUSION), "{due}");
    }

    let (en, en_rows) = csv_rows(&env.ok(&[&["--lang", "en"][..], &args[..]].concat()));
    assert_eq!(
        en,
        [
            "Unit code",
            "Unit name",
            "Inspection id",
            "Checklist",
            "Section",
            "Item",
            "Question",
            "Status",
            "Severity",
            "Finding",
            "Evidence",
            "Legal basis",
            "Required action",
            "Working days",
            "Immediately",
            "Deadline",
            "Responsible",
            "Unresolved conflicts",
        ]
    );
    let d02 = en_rows.iter().find(|r| r[5] == "D-02").unwrap();
    assert_eq!(d02[7], "Partial");
    assert_eq!(d02[14], "Immediately");
}

#[test]
fn the_register_refuses_what_it_cannot_write() {
    let env = two_units();
    // A workbook is binary: never to the terminal.
    let stderr = env.fails(&["report", "--all", "--register", "--format", "xlsx"], 1);
    assert!(
        stderr.contains("không thể ghi tệp Excel ra màn hình") && stderr.contains("--out"),
        "{stderr}"
    );
    let stderr = env.fails(
        &[
            "--lang",
            "en",
            "report",
            "--all",
            "--register",
            "--format",
            "xlsx",
        ],
        1,
    );
    assert!(
        stderr.contains("an Excel workbook cannot go to the terminal"),
        "{stderr}"
    );
    let stderr = env.fails(
        &[
            "--lang",
            "en",
            "report",
            "--all",
            "--register",
            "--format",
            "md",
        ],
        1,
    );
    assert!(
        stderr.contains("the register is written as xlsx or csv"),
        "{stderr}"
    );
    // Excel is the register's format only.
    let out = env.path().join("u1.xlsx");
    let stderr = env.fails(
        &[
            "report",
            "--unit",
            "U1",
            "--format",
            "xlsx",
            "--out",
            out.to_str().unwrap(),
        ],
        1,
    );
    assert!(stderr.contains("--register"), "{stderr}");
    assert!(!out.exists());

    // A deadline past the calendar fails the whole register: no file.
    let out = env.path().join("late.xlsx");
    let stderr = env.fails(
        &[
            "report",
            "--all",
            "--register",
            "--format",
            "xlsx",
            "--conclusion-date",
            "2027-12-28",
            "--out",
            out.to_str().unwrap(),
        ],
        1,
    );
    assert!(stderr.contains("D-01"), "{stderr}");
    assert!(!out.exists(), "nothing half-written");
}

/// Evidence kept as a file is named by the file's name: the register goes
/// to the unit, and the folder on the inspector's laptop is nobody's
/// business there.
#[test]
fn evidence_files_are_named_without_their_folder() {
    let env = env();
    let dir = env.path().join("ho-so-kiem-tra");
    std::fs::create_dir(&dir).unwrap();
    let file = dir.join("anh-so-theo-doi.jpg");
    std::fs::write(&file, b"jpeg").unwrap();
    let evidence = format!("file:{}", file.display());
    env.record("U1", "D-01", "fail", "An", &["--evidence", &evidence]);
    let rows = by_header(&cells(&xlsx(&env, &[]).0));
    let cell = text(&rows[0]["Minh chứng"]);
    assert!(cell.contains("anh-so-theo-doi.jpg"), "{cell}");
    assert!(
        !cell.contains("ho-so-kiem-tra") && !cell.contains('/'),
        "{cell}"
    );
    let (header, csv) = csv_rows(&env.ok(&["report", "--unit", "U1", "--format", "csv"]));
    let col = header.iter().position(|h| h == "Minh chứng").unwrap();
    assert!(csv[0][col].contains("anh-so-theo-doi.jpg"));
    assert!(!csv[0][col].contains("ho-so-kiem-tra"), "{}", csv[0][col]);
}

#[test]
fn an_empty_database_gives_a_register_with_its_header_only() {
    let env = env();
    env.record("U1", "D-01", "pass", "An", &[]);
    let (bytes, _) = xlsx(&env, &[]);
    let sheet = cells(&bytes);
    assert_eq!(sheet.len(), 1, "the header row only");
    assert_eq!(text(&sheet[0][0]), "Mã tồn tại");
}
