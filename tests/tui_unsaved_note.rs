//! A note that cannot be saved (disk full, I/O error) is never thrown
//! away: it stays in the editor with the error until it is saved or the
//! inspector gives it up by pressing the key again; quitting asks too.
//! The failing save is a real one: the store refuses writes the way a full
//! disk makes SQLite refuse them (`Store::refuse_writes`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parcheck::catalog::Catalog;
use parcheck::core::lang::Lang;
use parcheck::ops::{self, Actor, UnitInput};
use parcheck::store::Store;
use parcheck::tui::app::{App, Mode, Screen};

fn app(lang: Lang) -> App {
    let cat = Catalog::load(&[std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/checklists/valid"
    ))]);
    let mut store = Store::open_in_memory().unwrap();
    let actor = Actor {
        inspector: "Nguyễn Văn An".into(),
        campaign: "2026".into(),
    };
    let unit = UnitInput {
        code: "XA-01".into(),
        ..Default::default()
    };
    let info = ops::open_inspection(&mut store, &cat, &actor, "demo", &unit).unwrap();
    App::with_inspection(store, cat, actor, lang, info).unwrap()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl_c(app: &mut App) {
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The text in the note editor, or None when it is closed.
fn editor_text(app: &App) -> Option<String> {
    match &app.screen {
        Screen::Inspection(i) => match &i.mode {
            Mode::Note(ta) => Some(ta.lines().join("\n")),
            _ => None,
        },
        Screen::Home(_) => None,
    }
}

fn saved_note(app: &App) -> String {
    let Screen::Inspection(i) = &app.screen else {
        panic!("inspection screen")
    };
    app.env
        .store
        .finding_row(&i.info.id, "D-01")
        .unwrap()
        .state
        .note
}

fn footer(app: &App) -> String {
    app.env
        .flash
        .as_ref()
        .map(|(m, _)| m.clone())
        .unwrap_or_default()
}

#[test]
fn esc_keeps_an_unsaved_note_in_the_editor_until_it_is_saved() {
    let mut app = app(Lang::En);
    key(&mut app, KeyCode::Char('e'));
    typ(&mut app, "thiếu sổ");
    app.env.store.refuse_writes(true).unwrap();
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        editor_text(&app).as_deref(),
        Some("thiếu sổ"),
        "still in the editor"
    );
    let f = footer(&app);
    assert!(f.contains("NOT SAVED"), "{f}");
    assert!(f.contains("Esc again to DISCARD"), "{f}");
    assert!(app.env.flash.as_ref().unwrap().1, "shown as an error");
    // Typing on disarms the discard; the autosave keeps trying.
    typ(&mut app, " năm");
    let later = std::time::Instant::now() + std::time::Duration::from_secs(2);
    app.tick(later);
    assert!(footer(&app).contains("NOT SAVED"), "{}", footer(&app));
    assert_eq!(saved_note(&app), "");
    // Tab cannot leave with it either.
    key(&mut app, KeyCode::Tab);
    assert_eq!(editor_text(&app).as_deref(), Some("thiếu sổ năm"));
    // Once the disk has room again, Esc saves and leaves.
    app.env.store.refuse_writes(false).unwrap();
    key(&mut app, KeyCode::Esc);
    assert_eq!(editor_text(&app), None);
    assert_eq!(saved_note(&app), "thiếu sổ năm");
}

#[test]
fn a_second_esc_discards_the_unsaved_note_on_purpose() {
    let mut app = app(Lang::Vi);
    key(&mut app, KeyCode::Char('e'));
    typ(&mut app, "sẽ bỏ");
    app.env.store.refuse_writes(true).unwrap();
    key(&mut app, KeyCode::Esc);
    assert!(footer(&app).contains("CHƯA LƯU"), "{}", footer(&app));
    assert!(editor_text(&app).is_some());
    key(&mut app, KeyCode::Esc);
    assert_eq!(editor_text(&app), None);
    assert!(footer(&app).contains("Đã bỏ ghi chú"), "{}", footer(&app));
    app.env.store.refuse_writes(false).unwrap();
    assert_eq!(saved_note(&app), "");
}

#[test]
fn quitting_with_a_note_that_cannot_be_saved_asks_first() {
    let mut app = app(Lang::En);
    key(&mut app, KeyCode::Char('e'));
    typ(&mut app, "chưa lưu");
    app.env.store.refuse_writes(true).unwrap();
    ctrl_c(&mut app);
    assert!(
        !app.quit,
        "a note that could not be saved does not quit silently"
    );
    assert!(
        footer(&app).contains("Ctrl+C again to quit"),
        "{}",
        footer(&app)
    );
    assert_eq!(editor_text(&app).as_deref(), Some("chưa lưu"));
    // Any other key stays; asked again, Ctrl+C twice quits without it.
    key(&mut app, KeyCode::Char('!'));
    ctrl_c(&mut app);
    assert!(!app.quit);
    ctrl_c(&mut app);
    assert!(app.quit);
}

#[test]
fn quitting_saves_the_note_when_it_can() {
    let mut app = app(Lang::En);
    key(&mut app, KeyCode::Char('e'));
    typ(&mut app, "lưu được");
    ctrl_c(&mut app);
    assert!(app.quit);
    assert_eq!(saved_note(&app), "lưu được");
}
