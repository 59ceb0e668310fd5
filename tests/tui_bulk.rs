//! Marking several items and changing them in one step: each item gets its
//! own revision, one `u` undoes the whole step.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parcheck::catalog::Catalog;
use parcheck::core::finding::Status;
use parcheck::core::lang::Lang;
use parcheck::ops::{self, Actor, UnitInput};
use parcheck::store::Store;
use parcheck::tui::app::{App, Screen};
use parcheck::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn app(lang: Lang) -> App {
    let cat = Catalog::load(&[std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/checklists/valid"
    ))]);
    let mut store = Store::open_in_memory().unwrap();
    store
        .keep_preference(parcheck::tui::app::ADVANCE, "off")
        .unwrap();
    let actor = Actor {
        inspector: "Nguyễn Văn An".into(),
        campaign: "2026".into(),
    };
    let unit = UnitInput {
        code: "XA-01".into(),
        name: Some("UBND xã Vĩnh Hòa".into()),
        ..Default::default()
    };
    let info = ops::open_inspection(&mut store, &cat, &actor, "demo", &unit).unwrap();
    App::with_inspection(store, cat, actor, lang, info).unwrap()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn inspection_id(app: &App) -> String {
    match &app.screen {
        Screen::Inspection(i) => i.info.id.clone(),
        Screen::Home(_) => panic!("not on the inspection screen"),
    }
}

fn marked(app: &App) -> usize {
    match &app.screen {
        Screen::Inspection(i) => i.marked.len(),
        Screen::Home(_) => 0,
    }
}

fn db(app: &App, item: &str) -> parcheck::core::finding::FindingState {
    let id = inspection_id(app);
    app.env.store.finding_row(&id, item).unwrap().state
}

fn revisions(app: &App, item: &str) -> usize {
    app.env
        .store
        .history(Some("XA-01"), Some(item))
        .unwrap()
        .len()
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.resize(Rect::new(0, 0, w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::render(f, app)).unwrap();
    format!("{}", t.backend())
}

#[test]
fn a_whole_section_marked_not_applicable_in_one_step_and_undone_in_one() {
    let mut app = app(Lang::Vi);
    // D-01 already passed: the undo must bring that back, not "unchecked".
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('M'));
    assert_eq!(marked(&app), 2, "section \"so\" has D-01 and D-02");
    key(&mut app, KeyCode::Char('4'));
    assert_eq!(db(&app, "D-01").status, Status::Na);
    assert_eq!(db(&app, "D-02").status, Status::Na);
    assert_eq!(
        db(&app, "D-03").status,
        Status::Unchecked,
        "another section"
    );
    assert_eq!(marked(&app), 0, "a finished step clears the marks");
    assert_eq!(revisions(&app, "D-01"), 2);
    assert_eq!(revisions(&app, "D-02"), 1, "each item its own revision");
    assert_eq!(
        app.env.flash.as_ref().map(|f| f.0.as_str()),
        Some("✓ đã lưu 2 mục (u hoàn tác cả bước)")
    );
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(db(&app, "D-01").status, Status::Pass);
    assert_eq!(db(&app, "D-02").status, Status::Unchecked);
    // One more undo reverts the single status before the step.
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(db(&app, "D-01").status, Status::Unchecked);
    // Redo twice: the single status, then the whole step again.
    for _ in 0..2 {
        app.handle_key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
    }
    assert_eq!(db(&app, "D-01").status, Status::Na);
    assert_eq!(db(&app, "D-02").status, Status::Na);
}

#[test]
fn marked_items_get_the_same_note_appended_once() {
    let mut app = app(Lang::Vi);
    key(&mut app, KeyCode::Char('e'));
    typ(&mut app, "Sổ ở phòng khác");
    key(&mut app, KeyCode::Esc);
    // Mark D-01 (moves on), skip D-02, mark D-03.
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('m'));
    assert_eq!(marked(&app), 2);
    key(&mut app, KeyCode::Char('N'));
    typ(&mut app, "Xã chưa triển khai");
    key(&mut app, KeyCode::Enter);
    assert_eq!(db(&app, "D-01").note, "Sổ ở phòng khác\nXã chưa triển khai");
    assert_eq!(db(&app, "D-02").note, "");
    assert_eq!(db(&app, "D-03").note, "Xã chưa triển khai");
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(db(&app, "D-01").note, "Sổ ở phòng khác");
    assert_eq!(db(&app, "D-03").note, "");
}

#[test]
fn marks_show_in_the_list_and_esc_clears_them() {
    let mut app = app(Lang::Vi);
    key(&mut app, KeyCode::Char('N'));
    assert!(app.prompt.is_none(), "nothing marked: no prompt");
    assert!(app.env.flash.as_ref().is_some_and(|f| f.1));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('M'));
    let text = screen(&mut app, 80, 24);
    insta::assert_snapshot!("bulk_marked_80x24", text);
    assert!(text.contains("2 mục đã đánh dấu"));
    assert!(text.contains("▌· D-03"), "{text}");
    key(&mut app, KeyCode::Char('M'));
    assert_eq!(marked(&app), 0, "M again unmarks the section");
    key(&mut app, KeyCode::Char('M'));
    key(&mut app, KeyCode::Esc);
    assert_eq!(marked(&app), 0);
    assert!(matches!(app.screen, Screen::Inspection(_)), "Esc stayed");
}

#[test]
fn english_marks() {
    let mut app = app(Lang::En);
    key(&mut app, KeyCode::Char('M'));
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(
        app.env.flash.as_ref().map(|f| f.0.as_str()),
        Some("✓ saved 2 items (u undoes the whole step)")
    );
}
