//! Report formats: golden files, hostile-input escaping, working days.
//! The golden files are insta snapshots in `tests/snapshots/`: a report
//! that differs fails with a diff and leaves a `.snap.new` beside its
//! snapshot to review (`cargo insta review`).

use std::path::PathBuf;

use chrono::NaiveDate;
use parcheck::catalog::Catalog;
use parcheck::core::calendar::Calendar;
use parcheck::core::finding::Status;
use parcheck::core::lang::Lang;
use parcheck::ops::{self, Actor, Edit, UnitInput};
use parcheck::report::{self, model};
use parcheck::store::Store;

fn catalog() -> Catalog {
    Catalog::load(&[
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/checklists/valid")
    ])
}

fn record(store: &mut Store, cat: &Catalog, unit: &str, name: &str, item: &str, edits: Vec<Edit>) {
    let actor = Actor {
        inspector: "Nguyễn An".into(),
        campaign: "2026".into(),
    };
    let u = UnitInput {
        code: unit.into(),
        name: Some(name.into()),
        ..Default::default()
    };
    let insp = ops::open_inspection(store, cat, &actor, "demo", &u).expect("open");
    let entry = ops::entry(cat, "demo").expect("entry");
    let it = ops::item(entry, item).expect("item");
    ops::apply_edits(store, &actor, &insp, it, &edits, None).expect("edit");
}

fn fixture(note: &str) -> (Store, Catalog) {
    let cat = catalog();
    let mut store = Store::open_in_memory().expect("store");
    record(
        &mut store,
        &cat,
        "UBND-XA-A",
        "UBND xã A",
        "D-01",
        vec![Edit::Status(Status::Fail), Edit::Note(note.into())],
    );
    record(
        &mut store,
        &cat,
        "UBND-XA-A",
        "UBND xã A",
        "D-02",
        vec![
            Edit::Status(Status::Partial),
            Edit::Sample {
                code: "HS-001".into(),
                defects: vec!["no-time".into()],
            },
            Edit::Sample {
                code: "HS-002".into(),
                defects: vec![],
            },
            Edit::Sample {
                code: "HS-003".into(),
                defects: vec!["no-time".into(), "no-sign".into()],
            },
        ],
    );
    record(
        &mut store,
        &cat,
        "UBND-XA-A",
        "UBND xã A",
        "D-04",
        vec![Edit::Status(Status::Na)],
    );
    record(
        &mut store,
        &cat,
        "UBND-XA-B",
        "UBND xã B",
        "D-01",
        vec![Edit::Status(Status::Pass)],
    );
    record(
        &mut store,
        &cat,
        "UBND-XA-B",
        "UBND xã B",
        "D-03",
        vec![
            Edit::Status(Status::Fail),
            Edit::Ratio(Some(parcheck::core::finding::RatioValue {
                numerator: 12,
                denominator: 100,
            })),
        ],
    );
    (store, cat)
}

fn unit_report(
    store: &Store,
    cat: &Catalog,
    unit: &str,
    lang: Lang,
    date: NaiveDate,
) -> model::UnitReport {
    let sel = parcheck::report::build::Selection {
        unit,
        inspection: None,
        campaign: "2026",
    };
    let mut r =
        parcheck::report::build::unit_report(store, cat, &sel, &Calendar::bundled(), date, lang)
            .expect("report");
    // Recording dates come from the clock: left out so the golden files are stable.
    r.header.first_day = None;
    r.header.last_day = None;
    r
}

/// The report of the fixture's unit UBND-XA-A with this calendar.
fn report_with(
    store: &Store,
    cat: &Catalog,
    calendar: &Calendar,
    date: NaiveDate,
    lang: Lang,
) -> Result<model::UnitReport, parcheck::report::build::BuildError> {
    let sel = parcheck::report::build::Selection {
        unit: "UBND-XA-A",
        inspection: None,
        campaign: "2026",
    };
    parcheck::report::build::unit_report(store, cat, &sel, calendar, date, lang)
}

fn summary(store: &Store, cat: &Catalog, lang: Lang) -> model::TeamSummary {
    let (s, skipped) = parcheck::report::build::team_summary(store, cat, lang).expect("summary");
    assert!(skipped.is_empty());
    s
}

/// How a format ends its lines.
#[derive(Clone, Copy)]
enum LineEnds {
    /// `\n` after every line.
    Lf,
    /// RFC 4180: `\r\n` after every record; a line break inside a quoted
    /// cell stays `\n`.
    Csv,
}

/// The golden file `name` (an insta snapshot) holds `text`.
///
/// A snapshot stores text with `\n` line ends and without trailing line
/// breaks, so the comparison with it leaves those out; they are checked
/// here instead, from the same text, so that `text` is pinned byte for
/// byte.
fn golden(name: &str, text: &str, ends: LineEnds) {
    insta::assert_snapshot!(name, text);
    let lines = text.trim_end().replace("\r\n", "\n");
    let expected = match ends {
        LineEnds::Lf => format!("{lines}\n"),
        LineEnds::Csv => {
            let mut out = String::with_capacity(text.len());
            let mut quoted = false;
            for c in lines.chars() {
                match c {
                    '"' => quoted = !quoted,
                    '\n' if !quoted => out.push('\r'),
                    _ => {}
                }
                out.push(c);
            }
            out.push_str("\r\n");
            out
        }
    };
    if text != expected {
        let at = text
            .bytes()
            .zip(expected.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(text.len().min(expected.len()));
        let from = at.saturating_sub(20);
        panic!(
            "{name}: its line ends differ from the format's at byte {at}: \
             {:?} where {:?} was expected",
            String::from_utf8_lossy(&text.as_bytes()[from..(at + 20).min(text.len())]),
            String::from_utf8_lossy(&expected.as_bytes()[from..(at + 20).min(expected.len())]),
        );
    }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn csv_bytes(r: &model::UnitReport) -> Vec<u8> {
    let mut v = Vec::new();
    report::csv::unit(r, &mut v).expect("csv");
    v
}

fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("UTF-8")
}

#[test]
fn golden_files_per_format() {
    let (store, cat) = fixture("Không có sổ theo dõi năm 2026; chỉ có sổ 2025.");
    let d = date("2026-02-10");
    for lang in [Lang::Vi, Lang::En] {
        let r = unit_report(&store, &cat, "UBND-XA-A", lang, d);
        let l = lang.code();
        // The unit's documents (notice, minutes) have their golden files
        // in `report_documents`; the data formats are here.
        golden(
            &format!("unit-{l}.json"),
            &report::json::unit(&r),
            LineEnds::Lf,
        );
        golden(
            &format!("unit-{l}.csv"),
            &utf8(csv_bytes(&r)),
            LineEnds::Csv,
        );
        let s = summary(&store, &cat, lang);
        golden(
            &format!("summary-{l}.md"),
            &report::md::summary(&s),
            LineEnds::Lf,
        );
        golden(
            &format!("summary-{l}.html"),
            &report::html::summary(&s, &report::model::build_picture(&s, None)),
            LineEnds::Lf,
        );
        golden(
            &format!("summary-{l}.json"),
            &report::json::summary(&s),
            LineEnds::Lf,
        );
        let mut v = Vec::new();
        report::csv::summary(&s, &mut v).expect("csv");
        golden(&format!("summary-{l}.csv"), &utf8(v), LineEnds::Csv);
    }
}

#[test]
fn remediation_order_and_content() {
    let (store, cat) = fixture("note");
    let r = unit_report(&store, &cat, "UBND-XA-A", Lang::En, date("2026-02-10"));
    let ids: Vec<&str> = r.remediation.iter().map(|i| i.item.as_str()).collect();
    assert_eq!(ids, ["D-01", "D-02"], "high before medium");
    assert_eq!(r.counts.na, 1);
    assert_eq!(
        r.unchecked
            .iter()
            .map(|u| u.item.as_str())
            .collect::<Vec<_>>(),
        ["D-03"]
    );
    let d2 = &r.remediation[1];
    assert_eq!(
        d2.finding,
        [
            "2 of 3 sampled control slip(s) show “Handover time missing”: HS-001, HS-003",
            "1 of 3 sampled control slip(s) show “Receiver signature missing”: HS-003",
        ]
    );
    assert_eq!(d2.due, None);
    assert_eq!(r.classification, model::Classification::NotCompliant);
}

const HOSTILE: &str = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> javascript:alert(1) \u{202E}evil\u{202C} \u{1b}[2J \u{0}\u{b}\u{c}\u{fffe} 'quoted', \"double\"\nsecond line";

/// [`HOSTILE`] without its control and bidi characters.
const HOSTILE_CLEANED: &str = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> javascript:alert(1) evil [2J  'quoted', \"double\"\nsecond line";

#[test]
fn hostile_notes_are_harmless_everywhere() {
    // The note, its text in the report (controls removed), and its CSV cell
    // (a formula trigger, after leading spaces, neutralised by an apostrophe).
    for (note, text, cell) in [
        (HOSTILE, HOSTILE_CLEANED, HOSTILE_CLEANED),
        (
            "=HYPERLINK(\"http://x\",\"y\")",
            "=HYPERLINK(\"http://x\",\"y\")",
            "'=HYPERLINK(\"http://x\",\"y\")",
        ),
        ("  +1, \"a\"\nb", "  +1, \"a\"\nb", "'  +1, \"a\"\nb"),
        ("@SUM(A1)", "@SUM(A1)", "'@SUM(A1)"),
        ("-2", "-2", "'-2"),
    ] {
        let (store, cat) = fixture(note);
        let r = unit_report(&store, &cat, "UBND-XA-A", Lang::Vi, date("2026-02-10"));
        // HTML
        let h = report::html::document(&notice(&r));
        assert!(
            !h.contains("<script") && !h.contains("<img") && !h.contains("href"),
            "html"
        );
        assert!(h.contains("default-src 'none'"));
        for bad in ['\u{202E}', '\u{1b}', '\u{0}', '\u{b}'] {
            assert!(!h.contains(bad));
        }
        // Markdown
        let m = report::md::document(&notice(&r));
        assert!(!m.replace("\\<", "").contains('<'), "md raw html");
        assert!(!m.contains('\u{202E}') && !m.contains('\u{1b}'));
        // JSON parses and keeps the text
        let j: serde_json::Value = serde_json::from_str(&report::json::unit(&r)).expect("json");
        assert_eq!(j["items"][0]["item"], "D-01");
        assert_eq!(j["items"][0]["finding"], text);
        // CSV: re-parsed, no cell starts with a formula trigger, text round-trips
        let bytes = csv_bytes(&r);
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(&bytes[3..]);
        let mut notes = Vec::new();
        for rec in rd.records() {
            let rec = rec.expect("record");
            for c in rec.iter() {
                assert!(
                    !c.trim_start_matches(' ')
                        .starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "cell {c:?}"
                );
            }
            notes.push(rec[9].to_owned());
        }
        assert_eq!(notes[0], cell);
        // DOCX: strict XML parse of word/document.xml
        let xml = docx_document_xml(&r);
        let doc = roxmltree::Document::parse(&xml).expect("document.xml is well-formed XML");
        let text: String = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        assert!(!text.contains('\u{202E}') && !text.contains('\u{0}'));
        assert!(!xml.contains("<script"));
        // Terminal output
        let t = parcheck::core::text::sanitize_for_terminal(&m, true);
        assert!(!t.contains('\u{1b}'));
    }
}

#[test]
fn output_is_deterministic() {
    let (store, cat) = fixture("x");
    let a = unit_report(&store, &cat, "UBND-XA-A", Lang::Vi, date("2026-02-10"));
    let b = unit_report(&store, &cat, "UBND-XA-A", Lang::Vi, date("2026-02-10"));
    assert_eq!(
        report::md::document(&notice(&a)),
        report::md::document(&notice(&b))
    );
    assert_eq!(
        report::docx::render(&notice(&a)).expect("docx"),
        report::docx::render(&notice(&b)).expect("docx")
    );
}

fn due(start: &str, n: u32) -> Result<NaiveDate, String> {
    model::WorkingDays::add_working_days(&Calendar::bundled(), date(start), n)
        .map_err(|e| e.to_string())
}

#[test]
fn working_days_across_holidays() {
    // Tết 2026: civil servants off Mon 16/2 – Fri 20/2.
    assert_eq!(due("2026-02-13", 1), Ok(date("2026-02-23")));
    // 30/4 (Thu) and 1/5 (Fri) 2026.
    assert_eq!(due("2026-04-29", 1), Ok(date("2026-05-04")));
    // Year boundary: 1/1/2027 is a Friday holiday.
    assert_eq!(due("2026-12-31", 1), Ok(date("2027-01-04")));
    // Past the calendar's last year: an error that says so.
    let e = due("2027-12-20", 30).expect_err("out of range");
    assert_eq!(
        e,
        "2028-01-01 falls in 2028, past the holiday calendar (2025–2027); \
         add year 2028 to the holidays file"
    );
    let vi = model::WorkingDays::add_working_days(&Calendar::bundled(), date("2027-12-20"), 30)
        .expect_err("out of range")
        .message(parcheck::core::lang::Lang::Vi);
    assert_eq!(
        vi,
        "ngày 01/01/2028 thuộc năm 2028, sau khoảng lịch nghỉ lễ, Tết hiện có (2025–2027); \
         hãy bổ sung năm 2028 vào tệp lịch nghỉ"
    );
}

/// The report states how its deadlines were counted; a schedule checked
/// against the official decision carries no warning.
#[test]
fn deadline_rule_names_the_schedule_and_warns_only_when_unconfirmed() {
    let (store, cat) = fixture("x");
    let confirmed = Calendar::from_toml(
        "[[year]]\nyear = 2026\nsource = \"test\"\nconfirmed = true\n\
         days_off = [{ date = 2026-04-30, name = \"Ngày Chiến thắng\" }]\n",
    )
    .expect("calendar");
    let build = |cal: &Calendar| {
        report_with(&store, &cat, cal, date("2026-03-02"), Lang::En).expect("report")
    };
    let r = build(&confirmed);
    assert_eq!(r.schedules.len(), 1);
    let rule = r.deadline_rule().expect("a rule");
    assert!(rule.contains("per the holiday schedule of 2026."), "{rule}");
    assert!(!rule.contains("not yet checked"), "{rule}");
    // Confirmed: the notice is no draft for its calendar.
    let reasons = parcheck::report::draft::reasons(
        &r,
        &parcheck::report::issuer::Issuer::default(),
        parcheck::report::draft::Kind::Notice,
    );
    assert!(
        !reasons
            .iter()
            .any(|x| matches!(x, parcheck::report::draft::Reason::UnconfirmedHolidays(_))),
        "{reasons:?}"
    );
    let r = build(&Calendar::bundled());
    assert!(r.unconfirmed_schedule());
    // Unconfirmed: a draft whose annex names the year, for the team.
    let html = report::html::document(&notice(&r));
    assert!(html.contains("<div class=\"draft\">DRAFT</div>"), "{html}");
    assert!(
        html.contains("holiday schedule of 2026, not yet checked"),
        "{html}"
    );
}

#[test]
fn deadline_past_calendar_fails_the_report() {
    let (store, cat) = fixture("x");
    let e = report_with(
        &store,
        &cat,
        &Calendar::bundled(),
        date("2027-12-28"),
        Lang::En,
    )
    .expect_err("a deadline past 2027 is an error");
    assert_eq!(
        e.to_string(),
        "item D-01: deadline of 10 working days from 2027-12-28: 2028-01-01 falls in 2028, \
         past the holiday calendar (2025–2027); add year 2028 to the holidays file"
    );
}

/// The unit's conclusion notice, without issuing details (a draft).
fn notice(r: &model::UnitReport) -> parcheck::report::document::Document {
    let issuer = parcheck::report::issuer::Issuer::default();
    let reasons =
        parcheck::report::draft::reasons(r, &issuer, parcheck::report::draft::Kind::Notice);
    parcheck::report::compose::notice(r, &issuer, &reasons)
}

/// `word/document.xml` of the unit's notice as a Word document.
fn docx_document_xml(r: &model::UnitReport) -> String {
    let docx = report::docx::render(&notice(r)).expect("docx");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("word/document.xml").expect("document.xml"),
        &mut xml,
    )
    .expect("read");
    xml
}

/// A finding's lines say how its records were drawn (so they can be drawn
/// again) and write a ratio's numbers as the language does.
#[test]
fn finding_lines_give_the_draw_and_numbers_in_the_language() {
    let (mut store, cat) = fixture("note");
    record(
        &mut store,
        &cat,
        "UBND-XA-A",
        "UBND xã A",
        "D-02",
        vec![Edit::SamplingPlan {
            population: 30,
            seed: 7,
        }],
    );
    let r = unit_report(&store, &cat, "UBND-XA-A", Lang::Vi, date("2026-02-10"));
    let d2 = r.remediation.iter().find(|i| i.item == "D-02").unwrap();
    let draw = d2
        .finding
        .iter()
        .find(|l| l.starts_with("Chọn ngẫu nhiên "))
        .unwrap_or_else(|| panic!("{:?}", d2.finding));
    assert!(draw.contains(" trên tổng số 30 "), "{draw}");
    assert!(draw.contains("(số khởi tạo 7)"), "{draw}");
    let en = unit_report(&store, &cat, "UBND-XA-A", Lang::En, date("2026-02-10"));
    let d2 = en.remediation.iter().find(|i| i.item == "D-02").unwrap();
    assert!(
        d2.finding
            .iter()
            .any(|l| l.contains(" of 30 ") && l.contains("(seed 7)")),
        "{:?}",
        d2.finding
    );

    let b = unit_report(&store, &cat, "UBND-XA-B", Lang::Vi, date("2026-02-10"));
    let d3 = b.remediation.iter().find(|i| i.item == "D-03").unwrap();
    let ratio = d3.finding.last().unwrap();
    assert!(ratio.contains("12 / 100"), "{ratio}");
    assert!(ratio.contains(" = 12,0 %"), "{ratio}");
    assert!(!ratio.contains("12.0"), "{ratio}");
}
