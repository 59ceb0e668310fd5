//! A unit's follow-up on the screen (`f` on home): each item to remedy
//! with its deadline and working days left or overdue, the unit's report,
//! accepting and refusing (with a reason and a new time), and recording the
//! conclusion date — each recorded as `parcheck followup` records it.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parcheck::catalog::Catalog;
use parcheck::core::finding::Status;
use parcheck::core::followup::{Outcome, Reported, State};
use parcheck::core::lang::Lang;
use parcheck::core::register::{Field, Value};
use parcheck::ops::followup::{self as fu, ConclusionDates};
use parcheck::ops::{self, Actor, Edit, UnitInput};
use parcheck::store::Store;
use parcheck::tui::app::{App, Screen};
use parcheck::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn catalog() -> Catalog {
    Catalog::load(&[std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/checklists/valid"
    ))])
}

fn actor() -> Actor {
    Actor {
        inspector: "Nguyễn Văn An".into(),
        campaign: "2026".into(),
    }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// XA-01 failed D-01 and partly D-02 against `demo`, concluded on
/// 02/03/2026; the unit reported D-01 done on 12/03/2026. Home, as of
/// 20/03/2026.
fn app(lang: Lang) -> App {
    let mut store = Store::open_in_memory().unwrap();
    let cat = catalog();
    let unit = UnitInput {
        code: "XA-01".into(),
        name: Some("UBND xã Vĩnh Hòa".into()),
        ..Default::default()
    };
    let info = ops::open_inspection(&mut store, &cat, &actor(), "demo", &unit).unwrap();
    let entry = cat.get("demo").unwrap();
    for (id, edits) in [
        (
            "D-01",
            vec![
                Edit::Status(Status::Fail),
                Edit::Note("Không có sổ theo dõi năm 2026.".into()),
            ],
        ),
        (
            "D-02",
            vec![
                Edit::Status(Status::Partial),
                Edit::Note("Hai hồ sơ thiếu giờ giao.".into()),
            ],
        ),
    ] {
        let item = ops::item(entry, id).unwrap().clone();
        ops::apply_edits(&mut store, &actor(), &info, &item, &edits, None).unwrap();
    }
    fu::conclude(&mut store, &actor(), "XA-01", "2026", date("2026-03-02")).unwrap();
    let d01 = ops::item(entry, "D-01").unwrap().clone();
    let report = Value::Reported(Reported {
        done_on: date("2026-03-12"),
        action: "Đã lập sổ theo dõi hồ sơ năm 2026".into(),
        evidence_ref: "CV 12/UBND".into(),
        by: "UBND xã Vĩnh Hòa".into(),
    });
    store
        .write("Nguyễn Văn An", |w| {
            w.set_finding_field(
                &info.id,
                "D-01",
                &d01.hash,
                &Field::FollowupReported,
                report.encode(),
                None,
            )
            .map(|_| ())
        })
        .unwrap();
    let mut app = App::new(store, cat, actor(), lang);
    app.env.today = Some(date("2026-03-20"));
    app
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.resize(Rect::new(0, 0, w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::render(f, app)).unwrap();
    format!("{}", t.backend())
}

fn flash(app: &App) -> &str {
    app.env.flash.as_ref().map_or("", |f| f.0.as_str())
}

/// The follow-up as the command line lists it, from the app's database.
fn stored(app: &App) -> Vec<fu::FollowupItem> {
    let dates = ConclusionDates::read(&app.env.store, None, date("2026-03-20")).unwrap();
    fu::list(
        &app.env.store,
        &app.env.catalog,
        &parcheck::core::calendar::Calendar::bundled(),
        &dates,
        date("2026-03-20"),
        Lang::Vi,
        Some("XA-01"),
    )
    .unwrap()
    .items
}

fn state_of(app: &App, item: &str) -> fu::FollowupItem {
    stored(app)
        .into_iter()
        .find(|i| i.item == item)
        .expect("listed")
}

fn open(app: &mut App) {
    key(app, KeyCode::Char('f'));
    match &app.screen {
        Screen::Home(h) => assert!(h.followup.is_some(), "the view is open: {}", flash(app)),
        Screen::Inspection(_) => panic!("still home"),
    }
}

#[test]
fn the_view_shows_each_item_and_fits_80_by_24() {
    let mut app = app(Lang::Vi);
    open(&mut app);
    let s = screen(&mut app, 80, 24);
    // D-02, due immediately: on the conclusion date, 14 working days late
    // on 20/03; D-01 reported, waiting for the team.
    assert!(s.contains("Ngày kết luận 02/03/2026 (đã ghi)"), "{s}");
    assert!(s.contains("02/03/2026 quá 14"), "{s}");
    assert!(s.contains("Đã báo cáo"), "{s}");
    assert!(s.contains("Đơn vị báo đã khắc phục 12/03/2026"), "{s}");
    insta::assert_snapshot!("followup_80x24", s);
    let wide = screen(&mut app, 130, 24);
    assert!(wide.contains("Đơn vị báo cáo"), "{wide}");
    insta::assert_snapshot!("followup_130x24", wide);
    // `?` shows the view's own keys.
    key(&mut app, KeyCode::Char('?'));
    let help = screen(&mut app, 80, 24);
    assert!(help.contains("Không chấp nhận (lý do, hạn mới)"), "{help}");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    match &app.screen {
        Screen::Home(h) => assert!(h.followup.is_none()),
        Screen::Inspection(_) => panic!(),
    }
}

#[test]
fn the_view_in_english() {
    let mut app = app(Lang::En);
    open(&mut app);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Conclusion date 02/03/2026 (recorded)"), "{s}");
    assert!(s.contains("late 14"), "{s}");
    insta::assert_snapshot!("followup_80x24_en", s);
}

#[test]
fn accepting_and_refusing_are_recorded_as_verify_records_them() {
    let mut app = app(Lang::Vi);
    open(&mut app);
    // D-01 (reported) first: accepted.
    key(&mut app, KeyCode::Char('a'));
    assert_eq!(flash(&app), "Đã xác minh D-01");
    let d01 = state_of(&app, "D-01");
    assert_eq!(d01.state, State::Verified);
    let v = d01.verdict.unwrap();
    assert_eq!((v.outcome, v.on), (Outcome::Verified, date("2026-03-20")));
    assert!(d01.reported_rev.is_some() && v.of_report == d01.reported_rev);

    // D-02: refused with a reason and 5 working days.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('r'));
    typ(&mut app, "Còn 2 hồ sơ thiếu giờ giao");
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "năm");
    key(&mut app, KeyCode::Enter);
    let asked = app.prompt.as_ref().expect("a bad number asks again");
    assert!(asked.error.is_some());
    for _ in 0..3 {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "5");
    key(&mut app, KeyCode::Enter);
    assert!(app.prompt.is_none());
    let d02 = state_of(&app, "D-02");
    assert_eq!(d02.state, State::NotAccepted);
    let v = d02.verdict.unwrap();
    assert_eq!(v.reason, "Còn 2 hồ sơ thiếu giờ giao");
    assert_eq!(v.days, Some(5));
    assert_eq!(v.new_due, Some(date("2026-03-27")));
    assert_eq!(d02.due, date("2026-03-27"));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("27/03/2026 còn 5"), "{s}");
    assert!(
        s.contains("Không chấp nhận ngày 20/03/2026: Còn 2 hồ sơ"),
        "{s}"
    );

    // A verified item is not refused; an empty reason refuses nothing.
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char('r'));
    assert!(app.prompt.is_none());
    assert_eq!(state_of(&app, "D-01").state, State::Verified);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Enter);
    assert!(app.prompt.is_none());
    assert_eq!(state_of(&app, "D-02").verdict.unwrap().days, Some(5));
}

#[test]
fn the_conclusion_date_is_recorded_from_the_view() {
    let mut app = app(Lang::Vi);
    open(&mut app);
    key(&mut app, KeyCode::Char('c'));
    let p = app.prompt.as_ref().unwrap();
    assert_eq!(
        p.placeholder, "02/03/2026",
        "the recorded date is the default"
    );
    typ(&mut app, "31/02/2026");
    key(&mut app, KeyCode::Enter);
    assert!(app.prompt.as_ref().is_some_and(|p| p.error.is_some()));
    for _ in 0..10 {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "09/03/2026");
    key(&mut app, KeyCode::Enter);
    assert_eq!(flash(&app), "Đã ghi ngày kết luận 09/03/2026");
    let dates = ConclusionDates::read(&app.env.store, None, date("2026-03-20")).unwrap();
    assert_eq!(dates.of("2026", "XA-01").0, date("2026-03-09"));
    assert_eq!(state_of(&app, "D-02").due, date("2026-03-09"));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Ngày kết luận 09/03/2026 (đã ghi)"), "{s}");
}
