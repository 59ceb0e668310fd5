//! The documents a unit receives: the conclusion notice and the inspection
//! minutes, as golden files in every format, a strict check of the Word
//! package, what a final notice must not carry, the report-back date, and
//! `--final`'s refusal on the command line.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::PathBuf;

use chrono::NaiveDate;
use common::Env;
use parcheck::catalog::Catalog;
use parcheck::core::calendar::Calendar;
use parcheck::core::finding::{Evidence, Status};
use parcheck::core::lang::Lang;
use parcheck::ops::{self, Actor, Edit, UnitInput};
use parcheck::report::draft::{self, Kind};
use parcheck::report::issuer::Issuer;
use parcheck::report::{self, compose, model};
use parcheck::store::Store;

const TEAM: &str = include_str!("../docs/examples/team.toml");

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn record(store: &mut Store, cat: &Catalog, item: &str, edits: Vec<Edit>) {
    let actor = Actor {
        inspector: "Nguyễn An".into(),
        campaign: "2026".into(),
    };
    let u = UnitInput {
        code: "UBND-XA-A".into(),
        name: Some("UBND xã A".into()),
        ..Default::default()
    };
    let insp = ops::open_inspection(store, cat, &actor, "demo", &u).expect("open");
    let entry = ops::entry(cat, "demo").expect("entry");
    let it = ops::item(entry, item).expect("item");
    ops::apply_edits(store, &actor, &insp, it, &edits, None).expect("edit");
}

/// The fixture unit: D-01 failed with a two-line note, a document and a
/// file as evidence (the file on a laptop path); D-02 partial on samples;
/// D-04 not applicable.
fn fixture() -> (Store, Catalog) {
    let cat = Catalog::load(&[
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/checklists/valid")
    ]);
    let mut store = Store::open_in_memory().expect("store");
    record(
        &mut store,
        &cat,
        "D-01",
        vec![
            Edit::Status(Status::Fail),
            Edit::Note(
                "Không có sổ theo dõi năm 2026 & chỉ có sổ 2025.\nSổ 2025 chưa khóa.".into(),
            ),
            Edit::AddEvidence(Evidence::Document {
                reference: "Biên bản số 12/BB-KT".into(),
            }),
            Edit::AddEvidence(Evidence::File {
                path: "C:\\Users\\an\\Desktop\\kiem-tra\\so-2025.jpg".into(),
                sha256: "ab".repeat(32),
            }),
        ],
    );
    record(
        &mut store,
        &cat,
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
        ],
    );
    record(&mut store, &cat, "D-04", vec![Edit::Status(Status::Na)]);
    (store, cat)
}

fn unit_report(
    store: &Store,
    cat: &Catalog,
    calendar: &Calendar,
    lang: Lang,
    on: &str,
) -> model::UnitReport {
    let sel = report::build::Selection {
        unit: "UBND-XA-A",
        inspection: None,
        campaign: "2026",
    };
    let mut r =
        report::build::unit_report(store, cat, &sel, calendar, date(on), lang).expect("report");
    // Recording dates come from the clock: fixed so the golden files are stable.
    r.header.first_day = Some("2026-12-01".into());
    r.header.last_day = Some("2026-12-02".into());
    r.set_report_back(calendar, 15).expect("report-back date");
    r
}

/// The bundled calendar with every year marked as checked.
fn confirmed_calendar() -> Calendar {
    let text =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("holidays/vn.toml"))
            .expect("holidays")
            .replace("confirmed = false", "confirmed = true");
    Calendar::from_toml(&text).expect("calendar")
}

fn team() -> Issuer {
    Issuer::parse(TEAM).expect("the example team file")
}

fn part(docx: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let mut s = String::new();
    z.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"))
        .read_to_string(&mut s)
        .expect("read");
    s
}

/// The text a reader sees in a Word part.
fn docx_text(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).expect("XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("t"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn golden_documents_per_format() {
    let (store, cat) = fixture();
    let cal = confirmed_calendar();
    for lang in [Lang::Vi, Lang::En] {
        let r = unit_report(&store, &cat, &cal, lang, "2026-12-04");
        let issuer = team();
        for (kind, name) in [(Kind::Notice, "notice"), (Kind::Minutes, "minutes")] {
            let reasons = draft::reasons(&r, &issuer, kind);
            assert!(reasons.is_empty(), "{reasons:?}");
            let d = match kind {
                Kind::Notice => compose::notice(&r, &issuer, &reasons),
                Kind::Minutes => compose::minutes(&r, &issuer, &reasons),
            };
            let l = lang.code();
            insta::assert_snapshot!(format!("{name}-{l}.md"), report::md::document(&d));
            insta::assert_snapshot!(format!("{name}-{l}.html"), report::html::document(&d));
            let docx = report::docx::render(&d).expect("docx");
            insta::assert_snapshot!(
                format!("{name}-{l}.docx.document.xml"),
                part(&docx, "word/document.xml")
            );
        }
    }
}

/// The Decree's layout in the notice's words: dates, the decimal comma,
/// the report-back date, the recipients ending with the archive copy.
#[test]
fn the_notice_reads_as_the_decree_lays_it_out() {
    let (store, cat) = fixture();
    let r = unit_report(&store, &cat, &confirmed_calendar(), Lang::Vi, "2026-12-04");
    let d = compose::notice(&r, &team(), &[]);
    assert_eq!(d.place_date, "Vĩnh Long, ngày 04 tháng 12 năm 2026");
    assert_eq!(d.number, "Số: ……/TB-SNV");
    assert_eq!(d.kind, "THÔNG BÁO");
    let md = report::md::document(&d);
    // 1 pass of 3 checked (D-03 unchecked, D-04 n/a): 0 pass here.
    assert!(md.contains("Tỷ lệ đạt 0,0 %"), "{md}");
    // 15 working days from Fri 04/12/2026: 7–11, 14–18, 21–25 December.
    assert!(
        md.contains("chậm nhất ngày 25/12/2026 (15 ngày làm việc"),
        "{md}"
    );
    assert!(
        md.contains("Sở Nội vụ (qua Phòng Cải cách hành chính)"),
        "{md}"
    );
    assert!(md.contains("\\- Lưu: VT, CCHC."), "{md}");
    assert!(md.contains("KT. GIÁM ĐỐC"), "{md}");
    // `&` escaped, the note's two lines kept.
    assert!(
        md.contains("2026 &amp; chỉ có sổ 2025.  \nSổ 2025 chưa khóa."),
        "{md}"
    );
    let text = docx_text(&part(
        &report::docx::render(&d).expect("docx"),
        "word/document.xml",
    ));
    assert!(text.contains("Nơi nhận:"), "{text}");
    assert!(
        !text.contains("2026-12"),
        "no ISO date in a document: {text}"
    );
}

/// A final notice carries no internal material: no inspection id, nothing
/// of a laptop path but the file's name, no hash, no stored field name,
/// no conflict.
#[test]
fn a_final_notice_carries_no_internal_material() {
    let (store, cat) = fixture();
    for lang in [Lang::Vi, Lang::En] {
        let r = unit_report(&store, &cat, &confirmed_calendar(), lang, "2026-12-04");
        let issuer = team();
        let reasons = draft::reasons(&r, &issuer, Kind::Notice);
        assert!(reasons.is_empty(), "{reasons:?}");
        let d = compose::notice(&r, &issuer, &reasons);
        let docx = report::docx::render(&d).expect("docx");
        let mut texts = vec![
            report::md::document(&d),
            report::html::document(&d),
            docx_text(&part(&docx, "word/document.xml")),
        ];
        for h in ["word/header1.xml", "word/header2.xml"] {
            texts.push(docx_text(&part(&docx, h)));
        }
        for (i, text) in texts.iter().enumerate() {
            for id in &r.header.inspection_ids {
                assert!(
                    !text.contains(id.as_str()),
                    "inspection id {id} in:\n{text}"
                );
                assert!(!text.contains(&id[..8]), "inspection id {id} in:\n{text}");
            }
            // The body (not the page headers) names the evidence file.
            assert!(
                i > 2 || text.contains("so-2025.jpg"),
                "the evidence file by name:\n{text}"
            );
            for bad in ["\\Users", "Desktop", "kiem-tra\\", "abababab", "SHA-256"] {
                assert!(!text.contains(bad), "{bad:?} in:\n{text}");
            }
            for field in [
                "status",
                "note",
                "sample:",
                "deadline_override",
                "DỰ THẢO",
                "DRAFT",
            ] {
                assert!(!text.contains(field), "{field:?} in:\n{text}");
            }
        }
    }
}

/// Blank issuing details and an unconfirmed schedule make a draft: the
/// mark on every page (both page headers) and the annex naming each point.
#[test]
fn a_draft_says_so_on_every_page_and_lists_its_points() {
    let (store, cat) = fixture();
    let r = unit_report(&store, &cat, &Calendar::bundled(), Lang::Vi, "2026-12-04");
    let issuer = Issuer::default();
    let reasons = draft::reasons(&r, &issuer, Kind::Notice);
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(
        reasons[1].text(Lang::Vi),
        "Thông tin ban hành còn để trống: body, notice_symbol, place, basis, signatory.title, \
         signatory.name, report_to."
    );
    let d = compose::notice(&r, &issuer, &reasons);
    assert!(d.draft);
    let docx = report::docx::render(&d).expect("docx");
    for h in ["word/header1.xml", "word/header2.xml"] {
        assert!(docx_text(&part(&docx, h)).contains("DỰ THẢO"), "{h}");
    }
    let text = docx_text(&part(&docx, "word/document.xml"));
    assert!(text.contains("PHỤ LỤC: CÁC ĐIỂM CẦN XỬ LÝ TRƯỚC KHI BAN HÀNH"));
    // The blanks show, never an invented value.
    assert!(text.contains("Số: ……/……"), "{text}");
    assert!(text.contains("……, ngày 04 tháng 12 năm 2026"), "{text}");
    let html = report::html::document(&d);
    assert!(html.contains("<div class=\"draft\">DỰ THẢO</div>"));
    assert!(
        html.contains("position:fixed"),
        "the mark repeats on printed pages"
    );
}

/// The report-back date counts working days with the calendar, across
/// Tết 2027 (the bundled span: Fri 5/2 – Thu 11/2).
#[test]
fn report_back_date_across_tet_2027() {
    let (store, cat) = fixture();
    let sel = report::build::Selection {
        unit: "UBND-XA-A",
        inspection: None,
        campaign: "2026",
    };
    let cal = Calendar::bundled();
    let mut r = report::build::unit_report(&store, &cat, &sel, &cal, date("2027-01-29"), Lang::Vi)
        .expect("report");
    r.set_report_back(&cal, 15).expect("date");
    // From Fri 29/1/2027: 1–4/2 (4 days); 5/2 and 8–11/2 are Tết; 12/2 (5),
    // 15–19/2 (10), 22–26/2 (15).
    let back = r.report_back.expect("report-back");
    assert_eq!(back.date, date("2027-02-26"));
    assert_eq!(back.working_days, 15);
    // 2027's schedule is not confirmed: the notice is a draft for it.
    let reasons = draft::reasons(&r, &team(), Kind::Notice);
    assert_eq!(
        reasons,
        [draft::Reason::UnconfirmedHolidays(vec![2027])],
        "{reasons:?}"
    );
    let d = compose::notice(&r, &team(), &reasons);
    assert!(report::md::document(&d).contains("chậm nhất ngày 26/02/2027"));
}

/// The Word package, parsed strictly: every part a relationship or an
/// override names exists, every XML part has a content type, the core
/// properties carry the title, author and date, and the elements the
/// renderer emits come in the schema's order.
#[test]
fn the_word_package_is_strictly_valid() {
    let (store, cat) = fixture();
    let r = unit_report(&store, &cat, &Calendar::bundled(), Lang::Vi, "2026-12-04");
    let reasons = draft::reasons(&r, &team(), Kind::Notice);
    let docs = [
        compose::notice(&r, &team(), &reasons),
        compose::minutes(&r, &team(), &reasons),
    ];
    for d in &docs {
        check_package(&report::docx::render(d).expect("docx"), &d.title);
    }
}

fn check_package(docx: &[u8], title: &str) {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let names: BTreeSet<String> = (0..z.len())
        .map(|i| z.by_index(i).expect("entry").name().to_owned())
        .filter(|n| !n.ends_with('/'))
        .collect();
    let read = |z: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, n: &str| {
        let mut s = String::new();
        z.by_name(n).expect(n).read_to_string(&mut s).expect("read");
        s
    };
    // Content types: every part has one (by override or extension), every
    // override names a part that exists.
    let ct = read(&mut z, "[Content_Types].xml");
    let ct = roxmltree::Document::parse(&ct).expect("content types XML");
    let defaults: BTreeSet<&str> = ct
        .descendants()
        .filter(|n| n.has_tag_name("Default"))
        .filter_map(|n| n.attribute("Extension"))
        .collect();
    let overrides: BTreeSet<String> = ct
        .descendants()
        .filter(|n| n.has_tag_name("Override"))
        .filter_map(|n| n.attribute("PartName"))
        .map(|p| p.trim_start_matches('/').to_owned())
        .collect();
    for o in &overrides {
        assert!(names.contains(o), "content type for a missing part {o}");
    }
    for n in &names {
        if n == "[Content_Types].xml" {
            continue;
        }
        let ext = n.rsplit('.').next().unwrap_or("");
        assert!(
            overrides.contains(n) || defaults.contains(ext),
            "{n} has no content type"
        );
    }
    // Relationships: every internal target exists.
    for rels in names.iter().filter(|n| n.ends_with(".rels")) {
        let base = rels
            .trim_end_matches(".rels")
            .replace("_rels/", "")
            .rsplit_once('/')
            .map_or(String::new(), |(dir, _)| format!("{dir}/"));
        let base = if rels == "_rels/.rels" {
            String::new()
        } else {
            base
        };
        let xml = read(&mut z, rels);
        let doc = roxmltree::Document::parse(&xml).expect("rels XML");
        for r in doc.descendants().filter(|n| n.has_tag_name("Relationship")) {
            if r.attribute("TargetMode") == Some("External") {
                continue;
            }
            let target = r.attribute("Target").expect("target");
            let path = if let Some(abs) = target.strip_prefix('/') {
                abs.to_owned()
            } else {
                format!("{base}{target}")
            };
            assert!(names.contains(&path), "{rels} names a missing part {path}");
        }
    }
    // Every XML part parses.
    for n in names
        .iter()
        .filter(|n| n.ends_with(".xml") || n.ends_with(".rels"))
    {
        let xml = read(&mut z, n);
        roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{n}: {e}"));
    }
    // Core properties: title, a real author, the document's date.
    let core = read(&mut z, "docProps/core.xml");
    let core = roxmltree::Document::parse(&core).expect("core XML");
    let field = |name: &str| {
        core.descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(field("title"), title);
    assert_eq!(field("creator"), "SỞ NỘI VỤ");
    assert_eq!(field("created"), "2026-12-04T00:00:00Z");
    // Schema order of the property elements the renderer emits.
    for n in names
        .iter()
        .filter(|n| n.starts_with("word/") && n.ends_with(".xml"))
    {
        let xml = read(&mut z, n);
        let doc = roxmltree::Document::parse(&xml).expect("XML");
        for (parent, order) in ORDER {
            for p in doc.descendants().filter(|x| x.tag_name().name() == *parent) {
                let mut last = 0;
                for c in p.children().filter(|c| c.is_element()) {
                    let name = c.tag_name().name();
                    let Some(at) = order.iter().position(|o| *o == name) else {
                        continue;
                    };
                    assert!(
                        at >= last,
                        "{n}: <{parent}> has <{name}> after <{}>",
                        order[last]
                    );
                    last = at;
                }
            }
        }
    }
}

/// Child order of the properties elements (ECMA-376 part 1, transitional).
const ORDER: &[(&str, &[&str])] = &[
    (
        "pPr",
        &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "framePr",
            "widowControl",
            "numPr",
            "suppressLineNumbers",
            "pBdr",
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        ],
    ),
    (
        "rPr",
        &[
            "rStyle",
            "rFonts",
            "b",
            "bCs",
            "i",
            "iCs",
            "caps",
            "smallCaps",
            "strike",
            "dstrike",
            "outline",
            "shadow",
            "emboss",
            "imprint",
            "noProof",
            "snapToGrid",
            "vanish",
            "webHidden",
            "color",
            "spacing",
            "w",
            "kern",
            "position",
            "sz",
            "szCs",
            "highlight",
            "u",
            "effect",
            "bdr",
            "shd",
            "fitText",
            "vertAlign",
            "rtl",
            "cs",
            "em",
            "lang",
            "eastAsianLayout",
            "specVanish",
            "oMath",
        ],
    ),
    (
        "tblPr",
        &[
            "tblStyle",
            "tblpPr",
            "tblOverlap",
            "bidiVisual",
            "tblStyleRowBandSize",
            "tblStyleColBandSize",
            "tblW",
            "jc",
            "tblCellSpacing",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
        ],
    ),
    (
        "trPr",
        &[
            "cnfStyle",
            "divId",
            "gridBefore",
            "gridAfter",
            "wBefore",
            "wAfter",
            "cantSplit",
            "trHeight",
            "tblHeader",
            "tblCellSpacing",
            "jc",
            "hidden",
        ],
    ),
    (
        "tcPr",
        &[
            "cnfStyle",
            "tcW",
            "gridSpan",
            "hMerge",
            "vMerge",
            "tcBorders",
            "shd",
            "noWrap",
            "tcMar",
            "textDirection",
            "tcFitText",
            "vAlign",
            "hideMark",
        ],
    ),
    (
        "sectPr",
        &[
            "headerReference",
            "footerReference",
            "footnotePr",
            "endnotePr",
            "type",
            "pgSz",
            "pgMar",
            "paperSrc",
            "pgBorders",
            "lnNumType",
            "pgNumType",
            "cols",
            "formProt",
            "vAlign",
            "noEndnote",
            "titlePg",
            "textDirection",
            "bidi",
            "rtlGutter",
            "docGrid",
            "printerSettings",
            "sectPrChange",
        ],
    ),
];

// --- the command line -----------------------------------------------------

fn cli_env() -> Env {
    let env = Env::new().with_fixtures().args(&["--campaign", "2026"]);
    env.ok(&[
        "record",
        "--checklist",
        "demo",
        "--unit",
        "U1",
        "--unit-name",
        "Xã Một",
        "--item",
        "D-01",
        "--status",
        "fail",
        "--inspector",
        "An",
    ]);
    env
}

#[test]
fn final_is_refused_until_the_draft_is_settled() {
    let env = cli_env();
    let out = env.path().join("tb.docx");
    let out_s = out.to_str().expect("utf-8");
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "report",
            "--unit",
            "U1",
            "--format",
            "docx",
            "--conclusion-date",
            "2026-12-04",
            "--out",
        ];
        a.push(out_s);
        a.extend_from_slice(extra);
        a
    };
    // No team file, the bundled (unconfirmed) calendar: two reasons.
    let stderr = env.fails(&args(&["--final"]), 1);
    assert!(
        stderr.contains("lỗi: văn bản chưa thể ban hành chính thức (--final): còn các điểm sau"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "  1. Thời hạn được tính theo lịch nghỉ lễ, Tết năm 2026 chưa được đối chiếu"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("  2. Thông tin ban hành còn để trống: body, notice_symbol"),
        "{stderr}"
    );
    assert!(stderr.contains("--team FILE"), "{stderr}");
    assert!(!out.exists(), "nothing written when refused");
    // English with --lang en.
    let mut en = vec!["--lang", "en"];
    en.extend(args(&["--final"]));
    let stderr = env.fails(&en, 1);
    assert!(
        stderr.contains("error: the document cannot be issued as final (--final) yet"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Issuing details left blank: body"),
        "{stderr}"
    );

    // With the team file and a confirmed schedule, --final writes it.
    let team = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/examples/team.toml");
    let holidays = env.path().join("confirmed.toml");
    std::fs::write(
        &holidays,
        "[[year]]\nyear = 2026\nsource = \"test\"\nconfirmed = true\ndays_off = []\n\
         [[year]]\nyear = 2027\nsource = \"test\"\nconfirmed = true\ndays_off = []\n",
    )
    .expect("write");
    let mut ok = args(&["--final"]);
    let (team_s, hol_s) = (
        team.to_str().expect("utf-8").to_owned(),
        holidays.to_str().expect("utf-8").to_owned(),
    );
    ok.extend(["--team", &team_s, "--holidays", &hol_s]);
    env.ok(&ok);
    let docx = std::fs::read(&out).expect("written");
    let body = docx_text(&part(&docx, "word/document.xml"));
    assert!(
        !body.contains("DỰ THẢO") && !body.contains("PHỤ LỤC"),
        "{body}"
    );
    assert!(body.contains("Lê Thị Cúc"), "{body}");

    // The minutes, drafted: the mark in the Markdown too.
    let md = env.ok(&[
        "report",
        "--unit",
        "U1",
        "--kind",
        "minutes",
        "--format",
        "md",
        "--conclusion-date",
        "2026-12-04",
    ]);
    assert!(md.starts_with("**DỰ THẢO**\n"), "{md}");
    assert!(md.contains("## BIÊN BẢN"), "{md}");
    assert!(
        md.contains("IV\\. Ý KIẾN CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA") || md.contains("IV. Ý KIẾN"),
        "{md}"
    );
}

#[test]
fn a_bad_team_file_is_an_error_at_its_line_and_column() {
    let env = cli_env();
    let team = env.path().join("team.toml");
    std::fs::write(&team, "body = \"SỞ NỘI VỤ\"\nsigner = \"An\"\n").expect("write");
    let stderr = env.fails(
        &[
            "report",
            "--unit",
            "U1",
            "--format",
            "md",
            "--team",
            team.to_str().expect("utf-8"),
        ],
        1,
    );
    let at = format!("error: {}:2:1: unknown field `signer`", team.display());
    assert!(stderr.lines().any(|l| l.starts_with(&at)), "{stderr}");
    assert!(stderr.contains("hint: the keys of a team file"), "{stderr}");
}

#[test]
fn the_team_summary_as_a_word_document() {
    let env = cli_env();
    let out = env.path().join("bc.docx");
    env.ok(&[
        "report",
        "--all",
        "--format",
        "docx",
        "--conclusion-date",
        "2026-12-04",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    let docx = std::fs::read(&out).expect("written");
    let body = docx_text(&part(&docx, "word/document.xml"));
    assert!(body.contains("BÁO CÁO"), "{body}");
    assert!(body.contains("Xã Một"), "{body}");
    assert!(
        body.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        "{body}"
    );
}

/// A status that contradicts its recorded samples keeps the notice a
/// draft, with the reason in the annex.
#[test]
fn a_contradicting_status_keeps_the_notice_a_draft() {
    let (mut store, cat) = fixture();
    // D-02 passed although a sampled slip shows a defect.
    record(&mut store, &cat, "D-02", vec![Edit::Status(Status::Pass)]);
    let r = unit_report(&store, &cat, &confirmed_calendar(), Lang::Vi, "2026-12-04");
    assert_eq!(r.inconsistent.len(), 1, "{:?}", r.inconsistent);
    assert_eq!(r.inconsistent[0].0, "D-02");
    let reasons = draft::reasons(&r, &team(), Kind::Notice);
    assert!(
        matches!(&reasons[..], [draft::Reason::Inconsistent(list)] if list[0].0 == "D-02"),
        "{reasons:?}"
    );
    let d = compose::notice(&r, &team(), &reasons);
    let md = report::md::document(&d);
    assert!(
        md.contains("Kết quả mâu thuẫn với dữ liệu đã ghi nhận: D-02"),
        "{md}"
    );
}
