//! Finishing from the screen: `F` lists what is missing, Enter goes to the
//! item, finishing anyway asks a reason, an edit after the finish re-opens
//! the inspection and says so; the home screen shows both.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parcheck::catalog::Catalog;
use parcheck::core::lang::Lang;
use parcheck::core::register::FinishState;
use parcheck::ops::{self, Actor, UnitInput};
use parcheck::store::Store;
use parcheck::tui::app::{App, Mode, Screen};
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

/// Home over one inspection of XA-01 against `demo`, opened with Enter.
fn app(lang: Lang) -> App {
    let mut store = Store::open_in_memory().unwrap();
    store
        .keep_preference(parcheck::tui::app::ADVANCE, "off")
        .unwrap();
    let cat = catalog();
    let unit = UnitInput {
        code: "XA-01".into(),
        name: Some("UBND xã Vĩnh Hòa".into()),
        ..Default::default()
    };
    ops::open_inspection(&mut store, &cat, &actor(), "demo", &unit).unwrap();
    let mut app = App::new(store, cat, actor(), lang);
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Inspection(_)));
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

fn inspection(app: &App) -> &parcheck::tui::app::Inspection {
    match &app.screen {
        Screen::Inspection(i) => i,
        Screen::Home(_) => panic!("not on the inspection screen"),
    }
}

fn stored_state(app: &App) -> FinishState {
    let id = inspection(app).info.id.clone();
    app.env.store.finish_state(&id).unwrap()
}

fn gap_rows(app: &App) -> Vec<(String, &'static str)> {
    match &inspection(app).mode {
        Mode::Finish { gaps, .. } => gaps
            .iter()
            .map(|g| (g.item_id.clone(), g.kind.code()))
            .collect(),
        _ => panic!("the finish list is not open"),
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

#[test]
fn the_list_leads_to_each_item_and_finishing_anyway_needs_a_reason() {
    let mut app = app(Lang::Vi);
    // D-01 failed without a word; the rest unchecked.
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('F'));
    assert_eq!(
        gap_rows(&app),
        [
            ("D-01".to_string(), "unexplained"),
            ("D-02".to_string(), "unchecked"),
            ("D-03".to_string(), "unchecked"),
            ("D-04".to_string(), "unchecked"),
        ]
    );
    insta::assert_snapshot!("finish_list_80x24", screen(&mut app, 80, 24));
    // Enter on the third row goes to D-03, even through a search hiding it.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "so theo doi");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('F'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    let i = inspection(&app);
    assert!(matches!(i.mode, Mode::Normal));
    assert_eq!(i.selected_item().unwrap().id, "D-03");
    // Finishing with gaps asks a reason; an empty answer finishes nothing.
    key(&mut app, KeyCode::Char('F'));
    key(&mut app, KeyCode::Char('F'));
    assert!(app.prompt.is_some(), "a reason is asked");
    key(&mut app, KeyCode::Enter);
    assert_eq!(stored_state(&app), FinishState::Open);
    assert!(app.env.flash.as_ref().is_some_and(|f| f.1), "refused");
    assert!(
        matches!(inspection(&app).mode, Mode::Finish { .. }),
        "still listed"
    );
    key(&mut app, KeyCode::Char('F'));
    typ(&mut app, "Đơn vị hẹn bổ sung hồ sơ");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(
        stored_state(&app),
        FinishState::Finished { reason, .. } if reason == "Đơn vị hẹn bổ sung hồ sơ"
    ));
    assert_eq!(flash(&app), "✓ Đã kết thúc cuộc kiểm tra, kèm lý do");
    assert!(screen(&mut app, 80, 24).contains(" ✔ xong · Lọc"));
}

#[test]
fn an_edit_after_finishing_reopens_it_visibly() {
    let mut app = app(Lang::Vi);
    for _ in 0..4 {
        key(&mut app, KeyCode::Char('4'));
        key(&mut app, KeyCode::Char('j'));
    }
    key(&mut app, KeyCode::Char('F'));
    assert_eq!(gap_rows(&app), [], "every item not applicable");
    assert!(screen(&mut app, 80, 24).contains("Không còn thiếu gì"));
    key(&mut app, KeyCode::Char('F'));
    assert!(app.prompt.is_none(), "nothing missing: no reason asked");
    assert!(matches!(stored_state(&app), FinishState::Finished { .. }));
    // Home shows it finished.
    key(&mut app, KeyCode::Esc);
    let home = screen(&mut app, 100, 24);
    assert!(home.contains("100% ✔ xong"), "{home}");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(
        flash(&app),
        "✓ đã lưu — cuộc kiểm tra đã kết thúc nay ĐƯỢC MỞ LẠI (F để kết thúc lại)"
    );
    assert!(matches!(stored_state(&app), FinishState::Reopened { .. }));
    assert!(screen(&mut app, 80, 24).contains(" ↺ mở lại · Lọc"));
    // Only the first edit says so.
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(flash(&app), "✓ đã lưu");
    key(&mut app, KeyCode::Esc);
    let home = screen(&mut app, 100, 24);
    assert!(home.contains("↺ mở lại"), "{home}");
    // Team overview too.
    key(&mut app, KeyCode::Char('t'));
    let team = screen(&mut app, 100, 24);
    assert!(team.contains("↺ mở lại"), "{team}");
}

#[test]
fn english_finish() {
    let mut app = app(Lang::En);
    key(&mut app, KeyCode::Char('F'));
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("4 things missing"), "{text}");
    assert!(text.contains("D-01 no result recorded"), "{text}");
}
