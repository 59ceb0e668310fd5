//! Closing the window while a note is being typed saves the note: on
//! Windows the console's close handler holds the process open until the
//! app has ended (the process ends when the handler returns). The handler's
//! own wait and the app's own ending run here, on a real database file;
//! only the registration with Windows is left out.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parcheck::catalog::Catalog;
use parcheck::core::lang::Lang;
use parcheck::ops::{self, Actor, UnitInput};
use parcheck::store::Store;
use parcheck::tui::app::App;
use parcheck::tui::shutdown::{self, CLOSE_GRACE, Shutdown};

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

/// The app on the first item of an inspection, a note typed into the
/// editor and not yet saved (the autosave waits for a second of quiet).
fn typing_a_note(db: &std::path::Path, note: &str) -> (App, String) {
    let mut store = Store::open(db).unwrap();
    let cat = catalog();
    let unit = UnitInput {
        code: "XA-01".into(),
        name: Some("UBND xã Vĩnh Hòa".into()),
        ..Default::default()
    };
    let info = ops::open_inspection(&mut store, &cat, &actor(), "demo", &unit).unwrap();
    let id = info.id.clone();
    let mut app = App::with_inspection(store, cat, actor(), Lang::Vi, info).unwrap();
    let key = |app: &mut App, code| app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    key(&mut app, KeyCode::Char('e'));
    for c in note.chars() {
        key(&mut app, KeyCode::Char(c));
    }
    (app, id)
}

fn stored_note(db: &std::path::Path, inspection: &str) -> String {
    let store = Store::open(db).unwrap();
    store.finding_row(inspection, "D-01").unwrap().state.note
}

#[test]
fn closing_the_console_saves_the_note_being_typed_before_the_process_ends() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("parcheck.db");
    let (app, inspection) = typing_a_note(&db, "Thiếu chữ ký số");
    assert_eq!(stored_note(&db, &inspection), "", "not saved yet");

    let s = Shutdown::new();
    // The console's close event: Windows runs the handler on a thread of
    // its own, and ends the process when it returns.
    let handler = {
        let s = s.clone();
        std::thread::spawn(move || s.request_and_wait(CLOSE_GRACE))
    };
    // The event loop sees the request between two events.
    let asked = Instant::now();
    while !s.requested() {
        assert!(asked.elapsed() < Duration::from_secs(5), "never asked");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        !handler.is_finished(),
        "the handler must not let the process end before the note is saved"
    );
    shutdown::end(app, &s);
    assert!(
        handler.join().unwrap(),
        "the handler saw the save within its grace"
    );
    assert_eq!(stored_note(&db, &inspection), "Thiếu chữ ký số");
}

#[test]
fn a_normal_quit_leaves_nothing_for_a_later_close_to_wait_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("parcheck.db");
    let (app, inspection) = typing_a_note(&db, "ghi chú");
    let s = Shutdown::new();
    shutdown::end(app, &s);
    assert_eq!(stored_note(&db, &inspection), "ghi chú");
    let started = Instant::now();
    assert!(s.request_and_wait(CLOSE_GRACE));
    assert!(started.elapsed() < Duration::from_secs(1), "no wait");
}
