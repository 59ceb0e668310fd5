//! The follow-up loop through the real binary: the register written,
//! filled in by the unit (a workbook written here cell by cell, as a
//! spreadsheet program saves it), imported, verified; every bad-row class
//! with its row and column; hostile files; two devices merging report-backs
//! and verdicts; overdue counted in working days across Tết.

mod common;

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use common::Env;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

const CONCLUSION: &str = "2026-03-02";

fn env() -> Env {
    Env::new().with_fixtures().args(&["--campaign", "2026"])
}

/// U1 (UBND xã Vĩnh Hòa) with a failed and a partial item, U2 with a
/// failed item.
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
        ],
    );
    env.record("U1", "D-02", "partial", "An", &["--sample", "HS-1=no-time"]);
    env.record("U2", "D-01", "fail", "Bình", &["--note", "Sổ ghi thiếu."]);
    env
}

fn register(env: &Env, format: &str) -> PathBuf {
    let out = env.path().join(format!("so-theo-doi.{format}"));
    env.ok(&[
        "report",
        "--all",
        "--register",
        "--format",
        format,
        "--conclusion-date",
        CONCLUSION,
        "--out",
        out.to_str().unwrap(),
    ]);
    out
}

/// The register's sheet as read.
fn read_sheet(path: &Path) -> Vec<Vec<Data>> {
    let bytes = std::fs::read(path).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

/// A filled-in cell.
#[derive(Clone)]
enum Put {
    Text(&'static str),
    Date(&'static str),
    Number(f64),
    Formula(&'static str),
}

/// Writes `rows` back as a workbook, with `edit` applied to each row
/// (header names to new cells); `keep` says which data rows stay.
fn write_back(
    rows: &[Vec<Data>],
    out: &Path,
    keep: impl Fn(&BTreeMap<String, Data>) -> bool,
    edit: impl Fn(&BTreeMap<String, Data>) -> Vec<(&'static str, Put)>,
) {
    let header: Vec<String> = rows[0]
        .iter()
        .map(|h| match h {
            Data::String(s) => s.clone(),
            _ => String::new(),
        })
        .collect();
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Theo dõi khắc phục").unwrap();
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    let mut r_out = 1u32;
    for row in &rows[1..] {
        let map: BTreeMap<String, Data> = header.iter().cloned().zip(row.iter().cloned()).collect();
        if !keep(&map) {
            continue;
        }
        let edits = edit(&map);
        for (c, h) in header.iter().enumerate() {
            let c = c as u16;
            if let Some((_, put)) = edits.iter().find(|(k, _)| k == h) {
                match put {
                    Put::Text(t) => sheet.write_string(r_out, c, *t).map(|_| ()),
                    Put::Number(x) => sheet.write_number(r_out, c, *x).map(|_| ()),
                    Put::Date(d) => {
                        let d = NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
                        sheet
                            .write_date_with_format(r_out, c, d, &date_fmt)
                            .map(|_| ())
                    }
                    Put::Formula(f) => sheet.write_formula(r_out, c, *f).map(|_| ()),
                }
                .unwrap();
                continue;
            }
            match &map[h] {
                Data::String(s) => {
                    sheet.write_string(r_out, c, s).unwrap();
                }
                Data::Float(x) => {
                    sheet.write_number(r_out, c, *x).unwrap();
                }
                Data::Int(x) => {
                    sheet.write_number(r_out, c, *x as f64).unwrap();
                }
                Data::DateTime(dt) => {
                    let d = dt.as_datetime().unwrap().date();
                    sheet
                        .write_date_with_format(r_out, c, d, &date_fmt)
                        .unwrap();
                }
                Data::Empty => {}
                other => panic!("unexpected cell {other:?}"),
            }
        }
        r_out += 1;
    }
    wb.save(out).unwrap();
}

fn text<'a>(m: &'a BTreeMap<String, Data>, h: &str) -> &'a str {
    match &m[h] {
        Data::String(s) => s,
        _ => "",
    }
}

fn of_unit(unit: &'static str) -> impl Fn(&BTreeMap<String, Data>) -> bool {
    move |m| text(m, "Mã đơn vị") == unit
}

/// The unit fills in both of its rows.
fn u1_fills(m: &BTreeMap<String, Data>) -> Vec<(&'static str, Put)> {
    match text(m, "Mục") {
        "D-01" => vec![
            ("Ngày đã khắc phục (đơn vị ghi)", Put::Date("2026-03-12")),
            (
                "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
                Put::Text("Đã lập sổ theo dõi năm 2026"),
            ),
            ("Tài liệu chứng minh (đơn vị ghi)", Put::Text("CV 45/UBND")),
        ],
        _ => vec![
            ("Ngày đã khắc phục (đơn vị ghi)", Put::Date("2026-03-13")),
            (
                "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
                Put::Text("Đã bổ sung giờ giao"),
            ),
        ],
    }
}

/// Revisions in the database: the same count means nothing was written.
fn revisions(env: &Env) -> i64 {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.query_row("SELECT count(*) FROM rev", [], |r| r.get(0))
        .unwrap()
}

fn followup(env: &Env, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["followup", "--json", "--conclusion-date", CONCLUSION];
    args.extend_from_slice(extra);
    match env.json(&args) {
        Value::Array(a) => a,
        other => panic!("not an array: {other}"),
    }
}

fn item<'a>(items: &'a [Value], unit: &str, item: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["unit"] == unit && i["item"] == item)
        .unwrap_or_else(|| panic!("{unit} {item} listed"))
}

#[test]
fn a_filled_register_round_trips_to_states_and_verdicts() {
    let env = two_units();
    let reg = register(&env, "xlsx");
    let filled = env.path().join("tra-lai.xlsx");
    write_back(&read_sheet(&reg), &filled, of_unit("U1"), u1_fills);

    // Nothing is reported yet: every item is open.
    let before = followup(&env, &["--as-of", "2026-03-03"]);
    assert!(before.iter().all(|i| i["state"] == "open"), "{before:?}");

    let revs = revisions(&env);
    let dry = env.ok(&["followup", "import", filled.to_str().unwrap(), "--dry-run"]);
    assert!(dry.contains("chạy thử: sẽ ghi nhận 2 báo cáo"), "{dry}");
    assert!(dry.contains("của UBND xã Vĩnh Hòa, ghi tên "), "{dry}");
    assert_eq!(revisions(&env), revs, "a dry run records nothing");

    let out = env.ok(&["followup", "import", filled.to_str().unwrap()]);
    assert!(out.contains("đã ghi nhận 2 báo cáo"), "{out}");
    assert_eq!(revisions(&env), revs + 2);
    // Importing the same file again records nothing new.
    let again = env.ok(&[
        "--lang",
        "en",
        "followup",
        "import",
        filled.to_str().unwrap(),
    ]);
    assert!(
        again.contains("recorded 0 report-back(s)") && again.contains("2 already recorded"),
        "{again}"
    );
    assert_eq!(revisions(&env), revs + 2);

    let items = followup(&env, &["--as-of", "2026-03-20"]);
    let d1 = item(&items, "U1", "D-01");
    assert_eq!(d1["state"], "reported");
    assert_eq!(d1["reported"]["done_on"], "2026-03-12");
    assert_eq!(d1["reported"]["evidence_ref"], "CV 45/UBND");
    assert_eq!(d1["reported"]["by"], "UBND xã Vĩnh Hòa");
    assert_eq!(
        d1["working_days_left"],
        Value::Null,
        "waiting for the team, not the unit"
    );
    assert_eq!(item(&items, "U2", "D-01")["state"], "open");

    // Recorded under the importer's name (the one its device signs), naming
    // the unit that reported; the unit is not one of the inspectors.
    let history = env.ok(&["history", "--unit", "U1"]);
    let line = history
        .lines()
        .find(|l| l.contains("followup:reported"))
        .unwrap_or_else(|| panic!("{history}"));
    assert!(line.contains(" An ["), "{line}");
    assert!(line.contains("UBND xã Vĩnh Hòa"), "{line}");
    let notice = env.json(&[
        "report",
        "--unit",
        "U1",
        "--format",
        "json",
        "--conclusion-date",
        CONCLUSION,
    ]);
    assert_eq!(notice["inspectors"], serde_json::json!(["An"]));

    // The team verifies one and refuses the other with a new time.
    let ok = env.ok(&[
        "followup",
        "verify",
        "--unit",
        "U1",
        "--item",
        "D-01",
        "--accept",
        "--inspector",
        "Chi",
        "--on",
        "2026-03-20",
        "--conclusion-date",
        CONCLUSION,
    ]);
    assert!(ok.contains("Đã xác minh"), "{ok}");
    let no = env.ok(&[
        "followup",
        "verify",
        "--unit",
        "U1",
        "--item",
        "D-02",
        "--reject",
        "--reason",
        "Còn 3 hồ sơ thiếu giờ giao",
        "--days",
        "5",
        "--inspector",
        "Chi",
        "--on",
        "2026-03-20",
        "--conclusion-date",
        CONCLUSION,
    ]);
    // 5 working days from Fri 20/3/2026: 23–27/3.
    assert!(
        no.contains("hạn mới 27/03/2026, còn 5 ngày làm việc"),
        "{no}"
    );
    let items = followup(&env, &["--as-of", "2026-03-30"]);
    assert_eq!(item(&items, "U1", "D-01")["state"], "verified");
    let d2 = item(&items, "U1", "D-02");
    assert_eq!(d2["state"], "not_accepted");
    assert_eq!(d2["due"], "2026-03-27");
    assert_eq!(d2["working_days_left"], -1);
    assert_eq!(d2["overdue"], true);
    assert_eq!(d2["verdict"]["reason"], "Còn 3 hồ sơ thiếu giờ giao");

    // Verifying twice changes nothing and says so.
    let err = env.fails(
        &[
            "followup",
            "verify",
            "--unit",
            "U1",
            "--item",
            "D-01",
            "--accept",
            "--inspector",
            "Chi",
            "--conclusion-date",
            CONCLUSION,
        ],
        1,
    );
    assert!(err.contains("đã được xác minh"), "{err}");
    // A refusal needs a reason.
    env.fails(
        &[
            "followup",
            "verify",
            "--unit",
            "U1",
            "--item",
            "D-02",
            "--reject",
            "--inspector",
            "Chi",
        ],
        2,
    );

    // The unit reports again after the refusal: reported again.
    let again = env.path().join("tra-lai-2.xlsx");
    write_back(
        &read_sheet(&reg),
        &again,
        |m| text(m, "Mã đơn vị") == "U1" && text(m, "Mục") == "D-02",
        |_| {
            vec![
                ("Ngày đã khắc phục (đơn vị ghi)", Put::Date("2026-03-25")),
                (
                    "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
                    Put::Text("Đã bổ sung đủ 3 hồ sơ"),
                ),
            ]
        },
    );
    env.ok(&["followup", "import", again.to_str().unwrap()]);
    let items = followup(&env, &["--as-of", "2026-03-30"]);
    assert_eq!(item(&items, "U1", "D-02")["state"], "reported");
    assert_eq!(item(&items, "U1", "D-01")["state"], "verified");
}

#[test]
fn a_csv_register_round_trips() {
    let env = two_units();
    let out = common::filled_csv_register(
        &env,
        Some(CONCLUSION),
        "U2",
        "2026-03-10",
        "Đã ghi bổ sung sổ",
    );
    let msg = env.ok(&["followup", "import", out.to_str().unwrap()]);
    assert!(msg.contains("đã ghi nhận 1 báo cáo"), "{msg}");
    let items = followup(&env, &["--unit", "U2", "--as-of", "2026-03-11"]);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["state"], "reported");
}

#[test]
fn every_bad_row_is_named_with_its_row_and_column_and_nothing_is_recorded() {
    let env = two_units();
    let reg = register(&env, "xlsx");
    let rows = read_sheet(&reg);
    // Rows in the register: 2 = U1 D-01, 3 = U1 D-02, 4 = U2 D-01 (notice order).
    let order: Vec<(String, String)> = rows[1..]
        .iter()
        .map(|r| (format!("{:?}", r[1]), format!("{:?}", r[6])))
        .collect();
    assert_eq!(order.len(), 3, "{order:?}");
    let bad = env.path().join("loi.xlsx");
    write_back(
        &rows,
        &bad,
        |_| true,
        |m| match (text(m, "Mã đơn vị"), text(m, "Mục")) {
            ("U1", "D-01") => vec![
                ("Ngày đã khắc phục (đơn vị ghi)", Put::Text("hôm qua")),
                (
                    "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
                    Put::Text("Đã lập sổ"),
                ),
                ("Nội dung kiểm tra", Put::Text("Câu hỏi đã bị sửa")),
            ],
            ("U1", _) => vec![
                ("Ngày đã khắc phục (đơn vị ghi)", Put::Date("2026-03-12")),
                (
                    "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
                    Put::Formula("=\"Đã \"&\"sửa\""),
                ),
            ],
            _ => vec![
                ("Ngày đã khắc phục (đơn vị ghi)", Put::Date("2026-03-12")),
                (
                    "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
                    Put::Text("Đã sửa"),
                ),
                ("Số ngày làm việc", Put::Number(99.0)),
            ],
        },
    );
    let revs = revisions(&env);
    let err = env.fails(&["followup", "import", bad.to_str().unwrap()], 1);
    let file = bad.to_str().unwrap();
    for line in [
        format!("{file}:2:Nội dung kiểm tra: cột của đoàn kiểm tra đã bị sửa"),
        format!("{file}:2:Ngày đã khắc phục (đơn vị ghi): “hôm qua” không phải là ngày"),
        format!("{file}:3:Kết quả khắc phục đã thực hiện (đơn vị ghi): ô chứa công thức"),
        format!(
            "{file}:4:Số ngày làm việc: cột của đoàn kiểm tra đã bị sửa: sổ ghi “10”, tệp có “99”"
        ),
    ] {
        assert!(err.contains(&line), "missing {line}\n{err}");
    }
    assert!(
        err.contains("chưa ghi nhận gì, cơ sở dữ liệu không thay đổi"),
        "{err}"
    );
    assert_eq!(revisions(&env), revs);

    // An unknown id, a duplicated row, a report-back for a second unit, a
    // date in the future, and an action without its date.
    let bad2 = env.path().join("loi-2.xlsx");
    let mut rows2 = rows.clone();
    rows2.push(rows[1].clone()); // row 5: U1 D-01 again
    rows2[3][0] = Data::String("f00000000000000000000000000000000".into()); // row 4
    write_back(
        &rows2,
        &bad2,
        |_| true,
        |m| match (text(m, "Mã đơn vị"), text(m, "Mục")) {
            ("U1", "D-01") => vec![
                ("Ngày đã khắc phục (đơn vị ghi)", Put::Date("2026-03-12")),
                (
                    "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
                    Put::Text("Đã lập sổ"),
                ),
            ],
            ("U1", _) => vec![(
                "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
                Put::Text("Đã sửa"),
            )],
            _ => vec![],
        },
    );
    let err = env.fails(&["followup", "import", bad2.to_str().unwrap()], 1);
    let f2 = bad2.to_str().unwrap();
    for line in [
        format!("{f2}:3:Ngày đã khắc phục (đơn vị ghi): có kết quả khắc phục nhưng thiếu ngày"),
        format!(
            "{f2}:4:Mã tồn tại: mã tồn tại f00000000000000000000000000000000 không phải một tồn tại cần khắc phục"
        ),
        format!("{f2}:5:Mã tồn tại: mã tồn tại đã có ở dòng 2"),
    ] {
        assert!(err.contains(&line), "missing {line}\n{err}");
    }
    assert_eq!(revisions(&env), revs);

    let bad3 = env.path().join("loi-3.xlsx");
    write_back(
        &rows,
        &bad3,
        |_| true,
        |m| match text(m, "Mã đơn vị") {
            "U1" => vec![
                ("Ngày đã khắc phục (đơn vị ghi)", Put::Date("2099-01-05")),
                (
                    "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
                    Put::Text("Sẽ sửa"),
                ),
            ],
            _ => vec![
                ("Ngày đã khắc phục (đơn vị ghi)", Put::Date("2026-03-12")),
                (
                    "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
                    Put::Text("Đã sửa"),
                ),
            ],
        },
    );
    let err = env.fails(
        &["--lang", "en", "followup", "import", bad3.to_str().unwrap()],
        1,
    );
    let f3 = bad3.to_str().unwrap();
    assert!(
        err.contains(&format!(
            "{f3}:2:Ngày đã khắc phục (đơn vị ghi): 05/01/2099 is in the future"
        )),
        "{err}"
    );
    assert!(
        err.contains("nothing was recorded, the database is unchanged"),
        "{err}"
    );
    assert_eq!(revisions(&env), revs);

    // Two units' report-backs in one file: the second is refused.
    let bad4 = env.path().join("loi-4.xlsx");
    write_back(
        &rows,
        &bad4,
        |_| true,
        |_| {
            vec![
                ("Ngày đã khắc phục (đơn vị ghi)", Put::Date("2026-03-12")),
                (
                    "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
                    Put::Text("Đã sửa"),
                ),
            ]
        },
    );
    let err = env.fails(&["followup", "import", bad4.to_str().unwrap()], 1);
    assert!(
        err.contains(&format!(
            "{}:4:Mã đơn vị: dòng báo cáo của đơn vị U2, trong khi tệp là của đơn vị U1",
            bad4.to_str().unwrap()
        )),
        "{err}"
    );
    assert_eq!(revisions(&env), revs);
}

#[test]
fn hostile_files_are_refused_and_leave_the_database_unchanged() {
    let env = two_units();
    let revs = revisions(&env);
    let p = |name: &str| env.path().join(name);

    // Larger than any register: refused before it is read.
    let huge = p("huge.xlsx");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(21 * 1024 * 1024)
        .unwrap();
    let err = env.fails(&["followup", "import", huge.to_str().unwrap()], 1);
    assert!(err.contains("quá giới hạn"), "{err}");

    // A zip bomb: a small package that unpacks to over 100 MB.
    let bomb = p("bomb.xlsx");
    {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        z.start_file("xl/sharedStrings.xml", opts).unwrap();
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..110 {
            z.write_all(&zeros).unwrap();
        }
        z.finish().unwrap();
    }
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2 * 1024 * 1024);
    let err = env.fails(
        &["--lang", "en", "followup", "import", bomb.to_str().unwrap()],
        1,
    );
    assert!(err.contains("unpacks to more than"), "{err}");

    // Macros, by extension and inside a package.
    let xlsm = p("so.xlsm");
    std::fs::write(&xlsm, b"PK").unwrap();
    let err = env.fails(&["followup", "import", xlsm.to_str().unwrap()], 1);
    assert!(err.contains("macro"), "{err}");
    let vba = p("vba.xlsx");
    {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::fs::File::create(&vba).unwrap());
        z.start_file(
            "xl/vbaProject.bin",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        z.write_all(b"macro").unwrap();
        z.finish().unwrap();
    }
    let err = env.fails(&["followup", "import", vba.to_str().unwrap()], 1);
    assert!(err.contains("macro"), "{err}");

    // Not a workbook at all; another kind of file.
    let junk = p("junk.xlsx");
    std::fs::write(&junk, b"this is not a zip").unwrap();
    let err = env.fails(&["followup", "import", junk.to_str().unwrap()], 1);
    assert!(err.contains("không đọc được tệp Excel"), "{err}");
    let ods = p("so.ods");
    std::fs::write(&ods, b"x").unwrap();
    let err = env.fails(&["followup", "import", ods.to_str().unwrap()], 1);
    assert!(err.contains("không phải tệp .xlsx hoặc .csv"), "{err}");

    // A sheet far wider than a register.
    let wide = p("wide.csv");
    std::fs::write(&wide, vec!["x"; 200].join(",")).unwrap();
    let err = env.fails(&["followup", "import", wide.to_str().unwrap()], 1);
    assert!(err.contains("cột 200 vượt quá 64 cột"), "{err}");

    // A CSV that is not UTF-8.
    let latin = p("latin.csv");
    std::fs::write(&latin, b"M\xe3 t\xf4n t\xe0i\n").unwrap();
    let err = env.fails(&["followup", "import", latin.to_str().unwrap()], 1);
    assert!(err.contains("CSV UTF-8"), "{err}");

    assert_eq!(revisions(&env), revs);
}

#[test]
fn report_backs_and_verdicts_from_two_devices_merge() {
    // The team lead's database, and an inspector's laptop with a copy.
    let lead = two_units();
    let bundle = lead.path().join("all.parcheck");
    lead.ok(&["export", "--out", bundle.to_str().unwrap()]);
    let laptop = env();
    laptop.ok(&["merge", bundle.to_str().unwrap()]);

    // The lead imports the unit's file; the laptop verifies D-02 on site
    // without a report, and refuses U2's.
    let reg = register(&lead, "xlsx");
    let filled = lead.path().join("tra-lai.xlsx");
    write_back(&read_sheet(&reg), &filled, of_unit("U1"), |m| {
        if text(m, "Mục") == "D-01" {
            u1_fills(m)
        } else {
            vec![]
        }
    });
    lead.ok(&["followup", "import", filled.to_str().unwrap()]);
    laptop.ok(&[
        "followup",
        "verify",
        "--unit",
        "U1",
        "--item",
        "D-02",
        "--accept",
        "--inspector",
        "Bình",
        "--on",
        "2026-03-20",
        "--conclusion-date",
        CONCLUSION,
    ]);
    laptop.ok(&[
        "followup",
        "verify",
        "--unit",
        "U2",
        "--item",
        "D-01",
        "--reject",
        "--reason",
        "Chưa sửa",
        "--inspector",
        "Bình",
        "--on",
        "2026-03-20",
        "--conclusion-date",
        CONCLUSION,
    ]);

    // Both ways.
    let from_laptop = laptop.path().join("laptop.parcheck");
    laptop.ok(&["export", "--out", from_laptop.to_str().unwrap()]);
    let from_lead = lead.path().join("lead.parcheck");
    lead.ok(&["export", "--out", from_lead.to_str().unwrap()]);
    lead.ok(&["merge", from_laptop.to_str().unwrap()]);
    laptop.ok(&["merge", from_lead.to_str().unwrap()]);

    let a = followup(&lead, &["--as-of", "2026-03-20"]);
    let b = followup(&laptop, &["--as-of", "2026-03-20"]);
    assert_eq!(a, b, "both databases see the same follow-up");
    assert_eq!(item(&a, "U1", "D-01")["state"], "reported");
    assert_eq!(item(&a, "U1", "D-02")["state"], "verified");
    assert_eq!(item(&a, "U2", "D-01")["state"], "not_accepted");
    assert!(a.iter().all(|i| i["conflict"] == false));
    // Neither the unit nor the verifier became an inspector of U1, on
    // either side of the merge.
    for db in [&lead, &laptop] {
        let notice = db.json(&[
            "report",
            "--unit",
            "U1",
            "--format",
            "json",
            "--conclusion-date",
            CONCLUSION,
        ]);
        assert_eq!(notice["inspectors"], serde_json::json!(["An"]));
    }
}

#[test]
fn overdue_counts_working_days_across_tet() {
    let env = two_units();
    // Concluded Fri 30/1/2026: D-01's 10 working days end Fri 13/2, the
    // last working day before Tết (Mon 16/2 – Fri 20/2 off).
    let list = |as_of: &str| -> Vec<Value> {
        match env.json(&[
            "followup",
            "--json",
            "--overdue",
            "--conclusion-date",
            "2026-01-30",
            "--as-of",
            as_of,
            "--unit",
            "U1",
        ]) {
            Value::Array(a) => a,
            other => panic!("{other}"),
        }
    };
    let during_tet = list("2026-02-20");
    let d1: Vec<&Value> = during_tet.iter().filter(|i| i["item"] == "D-01").collect();
    assert!(d1.is_empty(), "not overdue during Tết: {during_tet:?}");
    let after = list("2026-02-23");
    let d1 = item(&after, "U1", "D-01");
    assert_eq!(d1["due"], "2026-02-13");
    assert_eq!(d1["working_days_left"], -1, "only Mon 23/2 counts");
    // D-02 is due immediately, on the conclusion date: 10 working days
    // before Tết and one after.
    assert_eq!(item(&after, "U1", "D-02")["working_days_left"], -11);

    let text = env.ok(&[
        "followup",
        "--overdue",
        "--conclusion-date",
        "2026-01-30",
        "--as-of",
        "2026-02-23",
    ]);
    assert!(text.contains("quá hạn 1 ngày làm việc"), "{text}");
    assert!(
        text.contains("U1 — UBND xã Vĩnh Hòa (đợt 2026): 2 chưa khắc phục, 2 quá hạn"),
        "{text}"
    );
}

/// A report-back is signed by the device of whoever imported it, under
/// that member's name: a team lead keeping a roster takes it like any
/// other change of that member.
#[test]
fn an_imported_report_back_passes_the_team_roster() {
    let an = env();
    an.record(
        "U1",
        "D-01",
        "fail",
        "An",
        &["--unit-name", "UBND xã Vĩnh Hòa"],
    );
    let reg = register(&an, "xlsx");
    let filled = an.path().join("tra-lai.xlsx");
    write_back(&read_sheet(&reg), &filled, of_unit("U1"), u1_fills);
    an.ok(&["followup", "import", filled.to_str().unwrap()]);
    let bundle = an.path().join("an.parcheck");
    an.ok(&["export", "--out", bundle.to_str().unwrap()]);

    let lead = env();
    lead.ok(&["findings"]); // creates the lead's database and key
    let fingerprint = an
        .ok(&["--lang", "en", "team"])
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("This device: "))
        .expect("the device's fingerprint")
        .to_owned();
    lead.ok(&["team", "add", "--fingerprint", &fingerprint, "--name", "An"]);
    lead.ok(&["merge", bundle.to_str().unwrap()]);
    let items = followup(&lead, &["--as-of", "2026-03-20"]);
    assert_eq!(item(&items, "U1", "D-01")["state"], "reported");
    assert_eq!(
        item(&items, "U1", "D-01")["reported"]["by"],
        "UBND xã Vĩnh Hòa"
    );
}
