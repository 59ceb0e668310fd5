//! Key handling and rendering of the full-screen app, on an in-memory store.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parcheck::catalog::Catalog;
use parcheck::core::finding::Status;
use parcheck::core::lang::Lang;
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

/// A store whose screens stay on an item after a status key: these tests
/// move the cursor themselves (moving on is tested in `tui_field.rs`).
fn still_store() -> Store {
    let store = Store::open_in_memory().unwrap();
    store
        .keep_preference(parcheck::tui::app::ADVANCE, "off")
        .unwrap();
    store
}

fn actor() -> Actor {
    Actor {
        inspector: "Nguyễn Văn An".into(),
        campaign: "2026".into(),
    }
}

fn inspection_app(lang: Lang) -> App {
    let mut store = still_store();
    let cat = catalog();
    let unit = UnitInput {
        code: "XA-01".into(),
        name: Some("UBND xã Vĩnh Hòa".into()),
        ..Default::default()
    };
    let info = ops::open_inspection(&mut store, &cat, &actor(), "demo", &unit).unwrap();
    App::with_inspection(store, cat, actor(), lang, info).unwrap()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn insp(app: &App) -> &parcheck::tui::app::Inspection {
    match &app.screen {
        Screen::Inspection(i) => i,
        Screen::Home(_) => panic!("not on the inspection screen"),
    }
}

/// What the database says, not what the screen says.
fn db_row(app: &App, item: &str) -> parcheck::store::FindingRow {
    app.env.store.finding_row(&insp(app).info.id, item).unwrap()
}

/// One frame as the event loop draws it: the app told the terminal's
/// size, then drawn.
fn draw(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    app.resize(Rect::new(0, 0, w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::render(f, app)).unwrap();
    t
}

#[test]
fn status_keys_write_to_the_database() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(db_row(&app, "D-01").state.status, Status::Fail);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(db_row(&app, "D-02").state.status, Status::Pass);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('4'));
    assert_eq!(db_row(&app, "D-03").state.status, Status::Na);
    key(&mut app, KeyCode::Char('0'));
    assert_eq!(db_row(&app, "D-03").state.status, Status::Unchecked);
    assert_eq!(
        app.env.flash.as_ref().map(|f| f.0.as_str()),
        Some("✓ đã lưu")
    );
}

#[test]
fn undo_restores_the_previous_value_as_a_new_edit() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(db_row(&app, "D-01").state.status, Status::Fail);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(db_row(&app, "D-01").state.status, Status::Pass);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(db_row(&app, "D-01").state.status, Status::Unchecked);
    // Undo is recorded history, not erasure.
    assert_eq!(
        app.env
            .store
            .history(Some("XA-01"), Some("D-01"))
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn diacritic_insensitive_search_filters_items() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "phieu kiem");
    let visible: Vec<String> = insp(&app)
        .visible
        .iter()
        .map(|&i| insp(&app).item(i).id.clone())
        .collect();
    assert_eq!(visible, ["D-02"]);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(db_row(&app, "D-02").state.status, Status::Partial);
    key(&mut app, KeyCode::Esc);
    assert_eq!(insp(&app).visible.len(), 4);
    // Esc in the prompt clears the search too.
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "truc tuyen");
    assert_eq!(insp(&app).visible.len(), 1);
    key(&mut app, KeyCode::Esc);
    assert_eq!(insp(&app).visible.len(), 4);
}

#[test]
fn filter_cycles_not_checked_and_failing() {
    let mut app = inspection_app(Lang::En);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(insp(&app).visible.len(), 3, "not checked");
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(insp(&app).visible.len(), 1, "failing");
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(insp(&app).visible.len(), 0, "conflicts");
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(insp(&app).visible.len(), 4);
}

#[test]
fn note_typed_then_esc_is_saved_in_nfc() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('e'));
    assert!(matches!(insp(&app).mode, Mode::Note(_)));
    // Combining marks, as some Vietnamese keyboards send them.
    typ(&mut app, "Thie\u{0302}\u{0301}u gio\u{031B}\u{0300}");
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "dòng 2");
    key(&mut app, KeyCode::Esc);
    assert!(matches!(insp(&app).mode, Mode::Normal));
    assert_eq!(db_row(&app, "D-01").state.note, "Thiếu giờ\ndòng 2");
    // Undo takes the whole editing session back.
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(db_row(&app, "D-01").state.note, "");
}

#[test]
fn note_autosaves_after_a_second_without_leaving_the_editor() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('e'));
    typ(&mut app, "ghi chú");
    assert!(!app.tick(std::time::Instant::now()), "not before the delay");
    assert_eq!(db_row(&app, "D-01").state.note, "");
    assert!(app.tick(std::time::Instant::now() + std::time::Duration::from_millis(1100)));
    assert_eq!(db_row(&app, "D-01").state.note, "ghi chú");
    app.handle_paste(" dán\r\nthêm");
    app.flush();
    assert_eq!(db_row(&app, "D-01").state.note, "ghi chú dán\nthêm");
    assert!(matches!(insp(&app).mode, Mode::Note(_)));
}

#[test]
fn quit_flushes_a_pending_note() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('e'));
    typ(&mut app, "chưa lưu");
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.quit);
    assert_eq!(db_row(&app, "D-01").state.note, "chưa lưu");
}

#[test]
fn sample_editor_adds_records_and_toggles_defects() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('s'));
    assert!(matches!(insp(&app).mode, Mode::Samples { .. }));
    key(&mut app, KeyCode::Char('a'));
    typ(&mut app, "HS-001");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('a'));
    typ(&mut app, "HS-002");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('2'));
    let st = db_row(&app, "D-02").state;
    assert_eq!(st.samples.len(), 2);
    assert_eq!(st.records_with("no-sign"), ["HS-002"]);
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(db_row(&app, "D-02").state.defective_count(), 0);
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(db_row(&app, "D-02").state.samples.len(), 1);
    // Undo brings the removed record back, then the toggles unwind.
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(db_row(&app, "D-02").state.samples.len(), 2);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(
        db_row(&app, "D-02").state.records_with("no-sign"),
        ["HS-002"]
    );
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(db_row(&app, "D-02").state.defective_count(), 0);
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(db_row(&app, "D-02").state.samples.len(), 1);
    key(&mut app, KeyCode::Char('p'));
    typ(&mut app, "120");
    key(&mut app, KeyCode::Enter);
    let plan = db_row(&app, "D-02").state.sampling.unwrap();
    assert_eq!(plan.population, 120);
    assert_eq!(plan.drawn.len(), 12, "10 % of 120, within min 5 / max 30");
    key(&mut app, KeyCode::Esc);
    assert!(matches!(insp(&app).mode, Mode::Normal));
}

#[test]
fn ratio_evidence_and_overrides_prompts() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('v'));
    typ(&mut app, "Biên bản 12/BB-KT");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('o'));
    typ(&mut app, "Lập sổ ngay");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('D'));
    typ(&mut app, "5");
    key(&mut app, KeyCode::Enter);
    let st = db_row(&app, "D-01").state;
    assert_eq!(st.evidence.len(), 1);
    assert_eq!(st.action_override.as_deref(), Some("Lập sổ ngay"));
    assert!(st.deadline_override.is_some());
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char('r'));
    typ(&mut app, "12/40");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        db_row(&app, "D-03")
            .state
            .ratio
            .map(|r| (r.numerator, r.denominator)),
        Some((12, 40))
    );
    // Invalid input is refused by ops, shown, and nothing is written.
    key(&mut app, KeyCode::Char('r'));
    typ(&mut app, "50/40");
    key(&mut app, KeyCode::Enter);
    assert!(app.env.flash.as_ref().is_some_and(|f| f.1));
    assert_eq!(
        db_row(&app, "D-03").state.ratio.map(|r| r.numerator),
        Some(12)
    );
}

/// Trần Thị Bình edits item D-01 of the open inspection behind the app's
/// back, on the given base (`None`: whatever is current).
fn edit_as_other(app: &mut App, edit: ops::Edit, base: Option<&parcheck::store::FindingRow>) {
    let info = insp(app).info.clone();
    let cat = catalog();
    let item = ops::item(ops::entry(&cat, "demo").unwrap(), "D-01")
        .unwrap()
        .clone();
    let other = Actor {
        inspector: "Trần Thị Bình".into(),
        campaign: "2026".into(),
    };
    ops::apply_edits(&mut app.env.store, &other, &info, &item, &[edit], base).unwrap();
}

#[test]
fn stale_screen_edit_becomes_a_conflict_then_is_resolved() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('1'));
    // Someone else (another window) changes the same field meanwhile.
    edit_as_other(&mut app, ops::Edit::Status(Status::Partial), None);
    key(&mut app, KeyCode::Char('3'));
    let st = db_row(&app, "D-01").state;
    assert_eq!(st.conflicts.len(), 1);
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Right);
    let take = db_row(&app, "D-01").state.conflicts[0].sides[1]
        .value
        .clone();
    key(&mut app, KeyCode::Enter);
    let st = db_row(&app, "D-01").state;
    assert!(st.conflicts.is_empty());
    assert_eq!(parcheck::core::finding::encode::status(st.status), take);
}

/// Two notes recorded concurrently are settled in a full editor that
/// starts with both, one paragraph each; Esc leaves the conflict as it
/// was, Ctrl+S records the edited text as the resolution.
#[test]
fn note_conflict_is_settled_with_a_combined_multi_line_note() {
    let mut app = inspection_app(Lang::En);
    key(&mut app, KeyCode::Char('e'));
    typ(&mut app, "Sổ thiếu cột ngày trả");
    key(&mut app, KeyCode::Esc);
    // Bình's laptop wrote its note on the same base (none): a conflict.
    edit_as_other(
        &mut app,
        ops::Edit::Note("3/10 hồ sơ không ghi ngày".into()),
        Some(&parcheck::store::FindingRow::default()),
    );
    if let Screen::Inspection(i) = &mut app.screen {
        i.reload_row(&app.env.store, "D-01").unwrap();
    }
    assert_eq!(db_row(&app, "D-01").state.conflicts.len(), 1);

    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Char('m'));
    let Mode::CombinedNote { editor, .. } = &insp(&app).mode else {
        panic!("the combined-note editor is open");
    };
    let mut start = editor.lines().to_vec();
    start.sort();
    assert_eq!(
        start,
        ["", "3/10 hồ sơ không ghi ngày", "Sổ thiếu cột ngày trả"]
    );
    // The device id is random: a fixed stand-in of the same width.
    let screen = format!("{}", draw(&mut app, 100, 26).backend())
        .replace(app.env.store.device(), "0123456789abcdef");
    insta::assert_snapshot!("combined_note_en", redact(screen));

    // Esc: nothing is recorded, the conflict stays.
    key(&mut app, KeyCode::Esc);
    assert!(matches!(insp(&app).mode, Mode::Conflicts { .. }));
    assert_eq!(db_row(&app, "D-01").state.conflicts.len(), 1);

    // Back on the list, a click on the item's conflict glyph opens the
    // conflicts again; a click on its text only selects it.
    key(&mut app, KeyCode::Esc);
    assert!(matches!(insp(&app).mode, Mode::Normal));
    let t = draw(&mut app, 100, 26);
    let row = (0..26u16)
        .find(|&y| {
            (0..40u16)
                .map(|x| t.backend().buffer()[(x, y)].symbol().to_owned())
                .collect::<String>()
                .contains("D-01")
        })
        .expect("D-01 in the item list");
    let click = |app: &mut App, column: u16| {
        app.handle_mouse(crossterm::event::MouseEvent {
            kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    click(&mut app, 10);
    assert!(matches!(insp(&app).mode, Mode::Normal));
    click(&mut app, 2);
    assert!(matches!(insp(&app).mode, Mode::Conflicts { .. }));

    // A plain `s` is text; Ctrl+S saves.
    key(&mut app, KeyCode::Char('m'));
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Kết luận: s");
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let st = db_row(&app, "D-01").state;
    assert!(st.conflicts.is_empty());
    let lines: Vec<&str> = st.note.lines().collect();
    assert_eq!(lines.len(), 4, "{:?}", st.note);
    assert_eq!(lines[3], "Kết luận: s");
    assert!(matches!(insp(&app).mode, Mode::Conflicts { .. }));
}

#[test]
fn home_opens_and_creates_inspections() {
    let store = still_store();
    let cat = catalog();
    // The picker lists checklists by id; bundled ones may come before "demo".
    let demo_at = cat.entries.keys().position(|k| k == "demo").unwrap();
    let mut app = App::new(store, cat, actor(), Lang::Vi);
    key(&mut app, KeyCode::Char('n'));
    for _ in 0..demo_at {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "XA-09");
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "UBND xã Hòa An");
    // No name asked: every change goes to the one in the header.
    key(&mut app, KeyCode::Enter);
    assert_eq!(insp(&app).info.unit_code, "XA-09");
    assert_eq!(insp(&app).info.checklist_id, "demo");
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Esc);
    let Screen::Home(h) = &app.screen else {
        panic!("expected home")
    };
    assert_eq!(h.list.len(), 1);
    assert_eq!(h.list[0].checked, 1);
    key(&mut app, KeyCode::Enter);
    assert_eq!(insp(&app).status("D-01"), Status::Pass);
}

fn redact(s: String) -> String {
    // Dates of the last change depend on the clock.
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let is_date = i + 16 <= chars.len() && {
            let w: String = chars[i..i + 16].iter().collect();
            w.chars().enumerate().all(|(k, c)| match k {
                2 | 5 => c == '/',
                10 => c == ' ',
                13 => c == ':',
                _ => c.is_ascii_digit(),
            })
        };
        if is_date {
            out.push_str("DD/MM/YYYY hh:mm");
            i += 16;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn snapshot_inspection_screen() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('e'));
    typ(&mut app, "Sổ năm nay chưa lập");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('1'));
    insta::assert_snapshot!(
        "inspection_vi",
        format!("{}", draw(&mut app, 110, 30).backend())
    );
}

#[test]
fn snapshot_inspection_screen_english() {
    let mut app = inspection_app(Lang::En);
    insta::assert_snapshot!(
        "inspection_en",
        format!("{}", draw(&mut app, 100, 24).backend())
    );
}

#[test]
fn snapshot_sample_editor() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('s'));
    for code in ["HS-001", "HS-002", "HS-003"] {
        key(&mut app, KeyCode::Char('a'));
        typ(&mut app, code);
        key(&mut app, KeyCode::Enter);
    }
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('2'));
    insta::assert_snapshot!(
        "sample_editor",
        format!("{}", draw(&mut app, 110, 24).backend())
    );
}

#[test]
fn snapshot_help_overlay() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('?'));
    assert!(app.help);
    insta::assert_snapshot!("help_vi", format!("{}", draw(&mut app, 100, 34).backend()));
    key(&mut app, KeyCode::Esc);
    assert!(!app.help);
}

#[test]
fn snapshot_home_and_tiny_terminal() {
    let mut store = still_store();
    let cat = catalog();
    for (code, name, who) in [
        ("XA-01", "UBND xã Vĩnh Hòa", "Nguyễn Văn An"),
        ("XA-02", "UBND xã Hòa An", "Trần Thị Bình"),
    ] {
        let a = Actor {
            inspector: who.into(),
            campaign: "2026".into(),
        };
        let info = ops::open_inspection(
            &mut store,
            &cat,
            &a,
            "demo",
            &UnitInput {
                code: code.into(),
                name: Some(name.into()),
                ..Default::default()
            },
        )
        .unwrap();
        let item = ops::item(ops::entry(&cat, "demo").unwrap(), "D-01")
            .unwrap()
            .clone();
        ops::apply_edits(
            &mut store,
            &a,
            &info,
            &item,
            &[ops::Edit::Status(Status::Pass)],
            None,
        )
        .unwrap();
    }
    let mut app = App::new(store, cat, actor(), Lang::Vi);
    insta::assert_snapshot!(
        "home_vi",
        redact(format!("{}", draw(&mut app, 110, 20).backend()))
    );
    key(&mut app, KeyCode::Char('t'));
    insta::assert_snapshot!(
        "team_vi",
        redact(format!("{}", draw(&mut app, 90, 16).backend()))
    );
    insta::assert_snapshot!("tiny", format!("{}", draw(&mut app, 20, 5).backend()));
}

#[test]
fn no_panic_at_any_size_on_any_screen() {
    let mut apps: Vec<App> = Vec::new();
    apps.push(App::new(still_store(), catalog(), actor(), Lang::Vi));
    let mut home_picker = App::new(still_store(), catalog(), actor(), Lang::En);
    key(&mut home_picker, KeyCode::Char('n'));
    apps.push(home_picker);
    for setup in ["", "e", "js", "c", "?", "/"] {
        let mut a = inspection_app(Lang::Vi);
        key(&mut a, KeyCode::Char('3'));
        for c in setup.chars() {
            key(&mut a, KeyCode::Char(c));
        }
        apps.push(a);
    }
    for app in &mut apps {
        for w in (0..=120).step_by(7) {
            for h in (0..=40).step_by(3) {
                draw(app, w, h);
            }
        }
    }
}

/// Leaving an inspection returns to Home with that inspection selected.
#[test]
fn home_keeps_the_inspection_you_come_back_from() {
    let mut store = still_store();
    let cat = catalog();
    for code in ["XA-01", "XA-02"] {
        let unit = UnitInput {
            code: code.into(),
            ..Default::default()
        };
        let insp = ops::open_inspection(&mut store, &cat, &actor(), "demo", &unit).unwrap();
        let item = ops::item(ops::entry(&cat, "demo").unwrap(), "D-01").unwrap();
        ops::apply_edits(
            &mut store,
            &actor(),
            &insp,
            item,
            &[ops::Edit::Status(Status::Pass)],
            None,
        )
        .unwrap();
    }
    let mut app = App::new(store, cat, actor(), Lang::Vi);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    let opened = insp(&app).info.unit_code.clone();
    key(&mut app, KeyCode::Esc);
    let Screen::Home(h) = &app.screen else {
        panic!("expected home")
    };
    assert_eq!(h.list[h.sel].info.unit_code, opened);
    assert_eq!(h.sel, 1);
}

/// Evidence from a file that cannot be read: the message names the file,
/// in the interface's language, and nothing reaches the database.
fn add_missing_evidence_file(lang: Lang) -> (App, String) {
    let mut app = inspection_app(lang);
    let history = |app: &App| app.env.store.history(Some("XA-01"), None).unwrap().len();
    let before = history(&app);
    key(&mut app, KeyCode::Char('v'));
    typ(&mut app, "file:/nonexistent/x.pdf");
    key(&mut app, KeyCode::Enter);
    let (msg, is_error) = app.env.flash.clone().expect("a message is shown");
    assert!(is_error, "{msg}");
    assert!(db_row(&app, "D-01").state.evidence.is_empty());
    assert!(
        app.env
            .store
            .finding_rows(&insp(&app).info.id)
            .unwrap()
            .is_empty(),
        "no finding was written"
    );
    assert_eq!(history(&app), before, "no revision was written");
    (app, msg)
}

#[test]
fn unreadable_evidence_file_is_named_in_vietnamese_and_nothing_is_written() {
    let (mut app, msg) = add_missing_evidence_file(Lang::Vi);
    assert_eq!(
        msg,
        "Không đọc được tệp minh chứng “/nonexistent/x.pdf”: không có tệp nào ở đường dẫn này. \
         Hãy kiểm tra lại đường dẫn."
    );
    // Shown in the status bar, where the keys are otherwise hinted.
    insta::assert_snapshot!(
        "evidence_error_vi",
        format!("{}", draw(&mut app, 120, 20).backend())
    );
    // The next key clears it; the prompt can be tried again.
    key(&mut app, KeyCode::Char('v'));
    typ(&mut app, "Biên bản 12/BB-KT");
    key(&mut app, KeyCode::Enter);
    assert_eq!(db_row(&app, "D-01").state.evidence.len(), 1);
    assert_eq!(app.env.flash, Some(("✓ đã lưu".to_owned(), false)));
}

#[test]
fn unreadable_evidence_file_is_named_in_english_and_nothing_is_written() {
    let (_, msg) = add_missing_evidence_file(Lang::En);
    assert_eq!(
        msg,
        "Cannot read evidence file “/nonexistent/x.pdf”: there is no file at this path. \
         Check the path."
    );
}

#[test]
fn typed_values_that_do_not_parse_say_what_was_expected() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char('r'));
    typ(&mut app, "12:40");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.env.flash.as_ref().map(|f| f.0.as_str()),
        Some("Tỷ lệ “12:40” không hợp lệ: hãy viết dạng tử số/mẫu số, ví dụ 120/400.")
    );
    key(&mut app, KeyCode::Char('r'));
    typ(&mut app, "50/40");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.env.flash.as_ref().map(|f| f.0.as_str()),
        Some("Tỷ lệ 50/40 không hợp lệ: tử số lớn hơn mẫu số. Hãy nhập lại, ví dụ 12/40.")
    );
    key(&mut app, KeyCode::Char('D'));
    typ(&mut app, "mai");
    key(&mut app, KeyCode::Enter);
    let msg = app.env.flash.clone().unwrap().0;
    assert!(msg.starts_with("Thời hạn “mai” không hợp lệ"), "{msg}");
    assert!(db_row(&app, "D-03").bases.is_empty(), "nothing written");
}

/// A checklist of `sections` × `items` yes/no items, longer than any
/// terminal is tall.
fn long_catalog(sections: usize, items: usize) -> Catalog {
    let mut src = String::from(
        "format = 1\nid = \"long\"\nversion = \"1\"\ntitle = \"Dài\"\nframework = \"2025\"\napplies_to = [\"commune_pc\"]\ndescription = \"x\"\n",
    );
    for s in 0..sections {
        src.push_str(&format!(
            "\n[[section]]\nid = \"s{s}\"\ntitle = \"Phần {s}\"\n"
        ));
        for i in 0..items {
            src.push_str(&format!(
                "\n[[section.item]]\nid = \"L-{s}-{i:02}\"\nquestion = \"Câu hỏi {i}?\"\nguidance = \"Xem sổ.\"\nlegal_basis = [{{ document = \"Nghị định 61/2018/NĐ-CP\" }}]\nseverity = \"low\"\nkind = \"yes_no\"\naction = \"Khắc phục.\"\ndeadline = 10\nevidence = \"Ảnh.\"\n"
            ));
        }
    }
    let checklist = parcheck::core::checklist_parse::parse_checklist(src.as_bytes())
        .unwrap_or_else(|d| panic!("test checklist invalid: {d:?}"));
    let mut cat = Catalog::default();
    cat.entries.insert(
        "long".into(),
        parcheck::catalog::Entry {
            checklist,
            path: "long.toml".into(),
            source: src,
        },
    );
    cat
}

/// The rows of the item list (left pane) holding `text`.
fn list_rows_with(t: &Terminal<TestBackend>, text: &str) -> Vec<u16> {
    let buf = t.backend().buffer();
    let half = buf.area.width / 2;
    (0..buf.area.height)
        .filter(|&y| {
            (0..half)
                .map(|x| buf[(x, y)].symbol().to_owned())
                .collect::<String>()
                .contains(text)
        })
        .collect()
}

#[test]
fn drawing_only_reads_and_the_selection_stays_in_view() {
    let mut store = still_store();
    let cat = long_catalog(3, 20);
    let unit = UnitInput {
        code: "XA-01".into(),
        ..Default::default()
    };
    let info = ops::open_inspection(&mut store, &cat, &actor(), "long", &unit).unwrap();
    let mut app = App::with_inspection(store, cat, actor(), Lang::Vi, info).unwrap();
    let screen = Rect::new(0, 0, 80, 24);
    app.resize(screen);
    let frame = |app: &App| {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| ui::render(f, app)).unwrap();
        t
    };
    // 63 lines (3 headers, 60 items) in a list 18 lines tall.
    for _ in 0..40 {
        key(&mut app, KeyCode::Down);
    }
    let selected = insp(&app).selected_item().unwrap().id.clone();
    assert_eq!(selected, "L-2-00");
    let first = frame(&app);
    let second = frame(&app);
    assert_eq!(first.backend().buffer(), second.backend().buffer());
    let rows = list_rows_with(&first, &selected);
    assert_eq!(rows.len(), 1, "{selected} shown once in the list");
    let buf = first.backend().buffer();
    assert!(
        buf[(3, rows[0])]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED),
        "{selected} shown selected"
    );
    assert!(insp(&app).offset > 0, "the list scrolled");
    // One step back up the selection moves within the page: the list
    // stays where it is.
    let offset = insp(&app).offset;
    key(&mut app, KeyCode::Up);
    assert_eq!(insp(&app).offset, offset);
    assert_eq!(list_rows_with(&frame(&app), "L-1-19").len(), 1);

    // A click lands on the item drawn under it, by the same layout.
    let target = "L-1-15";
    let row = list_rows_with(&frame(&app), target)[0];
    app.handle_mouse(crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(insp(&app).selected_item().unwrap().id, target);

    // To the bottom and a page up: still in view, at every step.
    key(&mut app, KeyCode::End);
    assert_eq!(list_rows_with(&frame(&app), "L-2-19").len(), 1);
    key(&mut app, KeyCode::PageUp);
    let id = insp(&app).selected_item().unwrap().id.clone();
    assert_eq!(list_rows_with(&frame(&app), &id).len(), 1, "{id}");

    // A smaller terminal: the app scrolls for it once told.
    app.resize(Rect::new(0, 0, 80, 16));
    for _ in 0..30 {
        key(&mut app, KeyCode::Up);
    }
    let id = insp(&app).selected_item().unwrap().id.clone();
    let t = draw(&mut app, 80, 16);
    assert_eq!(list_rows_with(&t, &id).len(), 1, "{id}");
}

/// A note longer than the editor: the editor shows the cursor's line,
/// at the bottom, as it is typed.
#[test]
fn snapshot_long_note_editor_follows_the_cursor() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('e'));
    for i in 1..=20 {
        typ(&mut app, &format!("dòng {i}"));
        if i < 20 {
            key(&mut app, KeyCode::Enter);
        }
    }
    insta::assert_snapshot!(
        "long_note_editor",
        format!("{}", draw(&mut app, 100, 24).backend())
    );
    // Back to the top: the view follows the cursor up.
    for _ in 0..19 {
        key(&mut app, KeyCode::Up);
    }
    let t = draw(&mut app, 100, 24);
    let shown = format!("{}", t.backend());
    assert!(shown.contains("dòng 1 "), "{shown}");
    assert!(!shown.contains("dòng 20"), "{shown}");
}

/// A finding whose status is in conflict (An's "fail" against Bình's newer
/// "pass") is failing on the screen, as in every report: the list shows
/// its worst side and the "failing" filter keeps it.
#[test]
fn a_status_conflict_is_failing_in_the_list_and_its_filter() {
    let mut app = inspection_app(Lang::Vi);
    let seen = db_row(&app, "D-01");
    key(&mut app, KeyCode::Char('3'));
    // Bình saves "pass" against what he read before An's "fail".
    edit_as_other(&mut app, ops::Edit::Status(Status::Pass), Some(&seen));
    let Screen::Inspection(i) = &mut app.screen else {
        panic!("not on the inspection screen")
    };
    i.reload_row(&app.env.store, "D-01").unwrap();
    i.refilter();
    let st = db_row(&app, "D-01").state;
    assert_eq!(st.conflicts.len(), 1, "a status conflict");
    assert_eq!(
        parcheck::core::register::status_of(&st.conflicts[0].sides[0].value),
        Status::Pass,
        "the newest side passes"
    );
    assert_eq!(insp(&app).status("D-01"), Status::Fail);
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('f'));
    let visible: Vec<&str> = insp(&app)
        .visible
        .iter()
        .map(|&i| insp(&app).item(i).id.as_str())
        .collect();
    assert_eq!(visible, ["D-01"], "failing");
}

/// The name the database keeps, as the store says.
fn kept(app: &App) -> Option<String> {
    app.env.store.kept_inspector().unwrap()
}

/// The author of a finding's latest change, as the store says.
fn author(app: &App, item: &str) -> String {
    db_row(app, item).last_author
}

#[test]
fn first_run_asks_the_name_before_anything_else() {
    let store = still_store();
    let mut app = App::asking_name(store, catalog(), "2026".into(), Lang::Vi, None);
    let p = app.prompt.as_ref().expect("the name is asked first");
    assert!(p.required && p.placeholder.is_empty());
    let screen = format!("{}", draw(&mut app, 110, 20).backend());
    assert!(
        screen.contains("Tên của bạn, ghi kèm mọi thay đổi"),
        "{screen}"
    );
    // Keys are typed into the prompt, not taken as commands.
    typ(&mut app, "n");
    assert!(matches!(&app.screen, Screen::Home(h) if h.picking.is_none()));
    key(&mut app, KeyCode::Backspace);
    // An empty name is refused, in Vietnamese, and asked again.
    key(&mut app, KeyCode::Enter);
    let p = app.prompt.as_ref().expect("asked again");
    assert!(p.error.as_deref().unwrap().contains("từ 1 đến 80 ký tự"));
    let screen = format!("{}", draw(&mut app, 110, 20).backend());
    assert!(
        screen.contains("Tên người kiểm tra không hợp lệ"),
        "{screen}"
    );
    // Decomposed diacritics are kept composed (NFC).
    typ(&mut app, "  Le\u{0302} Thanh Hu\u{0300}ng ");
    key(&mut app, KeyCode::Enter);
    assert!(app.prompt.is_none());
    assert_eq!(app.env.actor.inspector, "Lê Thanh Hùng");
    assert_eq!(kept(&app).as_deref(), Some("Lê Thanh Hùng"));
    let screen = format!("{}", draw(&mut app, 110, 20).backend());
    assert!(screen.contains("Người kiểm tra: Lê Thanh Hùng"), "{screen}");
}

#[test]
fn esc_on_the_first_run_prompt_quits_without_a_name() {
    let store = still_store();
    let mut app = App::asking_name(store, catalog(), "2026".into(), Lang::En, None);
    key(&mut app, KeyCode::Esc);
    assert!(app.quit);
    assert_eq!(kept(&app), None);
}

#[test]
fn first_run_of_inspect_opens_the_inspection_once_named() {
    let store = still_store();
    let unit = UnitInput {
        code: "XA-05".into(),
        ..Default::default()
    };
    let then = Some(("demo".to_owned(), unit));
    let mut app = App::asking_name(store, catalog(), "2026".into(), Lang::En, then);
    assert!(
        app.env.store.inspections().unwrap().is_empty(),
        "nothing written yet"
    );
    typ(&mut app, "Trần Thị Bình");
    key(&mut app, KeyCode::Enter);
    assert_eq!(insp(&app).info.unit_code, "XA-05");
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(author(&app, "D-01"), "Trần Thị Bình");
    // Opened as `inspect` is: Esc does not go to Home.
    key(&mut app, KeyCode::Esc);
    insp(&app);
}

#[test]
fn a_default_is_a_placeholder_that_typing_replaces() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('i'));
    let p = app.prompt.as_ref().expect("the name prompt");
    assert_eq!(
        (p.buf.as_str(), p.placeholder.as_str()),
        ("", "Nguyễn Văn An")
    );
    let screen = format!("{}", draw(&mut app, 110, 30).backend());
    assert!(
        screen.contains("Tên người kiểm tra: █Nguyễn Văn An"),
        "{screen}"
    );
    typ(&mut app, "Lê Thanh Hùng");
    let p = app.prompt.as_ref().unwrap();
    assert_eq!(p.buf, "Lê Thanh Hùng", "replaced, not appended to");
    let screen = format!("{}", draw(&mut app, 110, 30).backend());
    assert!(
        screen.contains("Tên người kiểm tra: Lê Thanh Hùng█"),
        "{screen}"
    );
    assert!(!screen.contains("Nguyễn Văn AnLê"), "{screen}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.env.actor.inspector, "Lê Thanh Hùng");
    // Enter on an empty prompt takes the default: nothing changes.
    key(&mut app, KeyCode::Char('i'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.env.actor.inspector, "Lê Thanh Hùng");
}

#[test]
fn the_name_key_changes_the_author_of_the_next_edit() {
    let mut app = inspection_app(Lang::En);
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(author(&app, "D-01"), "Nguyễn Văn An");
    key(&mut app, KeyCode::Char('i'));
    typ(&mut app, "Phạm Minh Châu");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.env.flash.as_ref().map(|f| f.0.as_str()),
        Some("Changes are now recorded as Phạm Minh Châu")
    );
    assert_eq!(kept(&app).as_deref(), Some("Phạm Minh Châu"));
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(author(&app, "D-01"), "Phạm Minh Châu");
    let hist = app.env.store.history(Some("XA-01"), Some("D-01")).unwrap();
    let authors: Vec<&str> = hist.iter().map(|h| h.author.as_str()).collect();
    assert_eq!(authors, ["Nguyễn Văn An", "Phạm Minh Châu"]);
    // Esc leaves the name as it was; the key is listed in the help.
    key(&mut app, KeyCode::Char('i'));
    typ(&mut app, "X");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.env.actor.inspector, "Phạm Minh Châu");
    key(&mut app, KeyCode::Char('?'));
    let screen = format!("{}", draw(&mut app, 100, 40).backend());
    assert!(screen.contains("Change inspector name"), "{screen}");
}

#[test]
fn the_name_key_works_on_home_too() {
    let store = still_store();
    let mut app = App::new(store, catalog(), actor(), Lang::Vi);
    key(&mut app, KeyCode::Char('i'));
    typ(&mut app, "Đỗ Quang Dũng");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.env.actor.inspector, "Đỗ Quang Dũng");
    let screen = format!("{}", draw(&mut app, 110, 20).backend());
    assert!(screen.contains("Người kiểm tra: Đỗ Quang Dũng"), "{screen}");
    // A name too long is refused and the old one stays.
    key(&mut app, KeyCode::Char('i'));
    typ(&mut app, &"x".repeat(81));
    key(&mut app, KeyCode::Enter);
    assert!(app.prompt.as_ref().unwrap().error.is_some());
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.env.actor.inspector, "Đỗ Quang Dũng");
    assert_eq!(kept(&app).as_deref(), Some("Đỗ Quang Dũng"));
}

/// A ratio that passes at or below its threshold shows `≤` on the screen,
/// as the reports write it (one rule: `Direction::symbol`).
#[test]
fn an_at_most_ratio_shows_its_threshold_with_the_right_sign() {
    let src = "format = 1\nid = \"tre\"\nversion = \"1\"\ntitle = \"Trễ hạn\"\nframework = \"2025\"\napplies_to = [\"commune_pc\"]\ndescription = \"x\"\n\n[[section]]\nid = \"s\"\ntitle = \"Trễ hạn\"\n\n[[section.item]]\nid = \"TR-01\"\nquestion = \"Tỷ lệ hồ sơ trễ hạn?\"\nguidance = \"Lấy số liệu từ phần mềm.\"\nlegal_basis = [{ document = \"Nghị định 61/2018/NĐ-CP\" }]\nseverity = \"high\"\nkind = \"ratio\"\nnumerator = \"Hồ sơ trễ hạn\"\ndenominator = \"Hồ sơ đã giải quyết\"\nthreshold = 0\npass_when = \"at_most\"\naction = \"Khắc phục.\"\ndeadline = 10\nevidence = \"Báo cáo.\"\n";
    let checklist = parcheck::core::checklist_parse::parse_checklist(src.as_bytes())
        .unwrap_or_else(|d| panic!("test checklist invalid: {d:?}"));
    let mut cat = Catalog::default();
    cat.entries.insert(
        "tre".into(),
        parcheck::catalog::Entry {
            checklist,
            path: "tre.toml".into(),
            source: src.into(),
        },
    );
    let mut store = still_store();
    let unit = UnitInput {
        code: "XA-01".into(),
        ..Default::default()
    };
    let info = ops::open_inspection(&mut store, &cat, &actor(), "tre", &unit).unwrap();
    let mut app = App::with_inspection(store, cat, actor(), Lang::Vi, info).unwrap();
    let t = draw(&mut app, 100, 30);
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("(≤ 0 %)"), "{screen}");
    assert!(!screen.contains("≥ 0 %"), "{screen}");
}

/// Search covers what was recorded (notes, record codes) as well as the
/// checklist's text, word by word: "chu ky so" finds a note "Thiếu chữ ký
/// số" but not "chưa … kỳ … sơ".
#[test]
fn search_finds_notes_and_record_codes_by_whole_words() {
    let mut app = inspection_app(Lang::Vi);
    let cat = catalog();
    let entry = ops::entry(&cat, "demo").unwrap();
    let info = insp(&app).info.clone();
    let d01 = ops::item(entry, "D-01").unwrap().clone();
    let d02 = ops::item(entry, "D-02").unwrap().clone();
    let d04 = ops::item(entry, "D-04").unwrap().clone();
    let edits = [
        (&d01, ops::Edit::Note("Văn bản đi thiếu chữ ký số".into())),
        (
            &d04,
            ops::Edit::Note("Chưa rà soát kỳ báo cáo sơ kết".into()),
        ),
        (
            &d02,
            ops::Edit::Sample {
                code: "HS-2026-0417".into(),
                defects: vec![],
            },
        ),
    ];
    for (item, edit) in edits {
        ops::apply_edits(&mut app.env.store, &actor(), &info, item, &[edit], None).unwrap();
        let Screen::Inspection(i) = &mut app.screen else {
            panic!("not on the inspection screen")
        };
        i.reload_row(&app.env.store, &item.id).unwrap();
    }
    let shown = |app: &App| -> Vec<String> {
        insp(app)
            .visible
            .iter()
            .map(|&i| insp(app).item(i).id.clone())
            .collect()
    };
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "chu ky so");
    assert_eq!(shown(&app), ["D-01"]);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "hs-2026-04");
    assert_eq!(shown(&app), ["D-02"], "a record code, still being typed");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "ra soat");
    assert_eq!(shown(&app), ["D-04"]);
}

/// Behind the "too small" notice nothing acts: keys and pastes do nothing
/// until the terminal is large enough again; Ctrl+C still quits.
#[test]
fn nothing_acts_behind_the_too_small_notice() {
    let mut app = inspection_app(Lang::Vi);
    draw(&mut app, 40, 10);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('e'));
    app.handle_paste("dán vào");
    assert_eq!(db_row(&app, "D-01").state.status, Status::Unchecked);
    assert!(matches!(insp(&app).mode, parcheck::tui::app::Mode::Normal));
    draw(&mut app, 80, 24);
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(db_row(&app, "D-01").state.status, Status::Fail);
    draw(&mut app, 40, 10);
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.quit);
}

/// The note editor wraps a long line at words, so the whole note is read
/// at 80×24 instead of scrolling sideways out of view.
#[test]
fn the_note_editor_wraps_long_lines() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('e'));
    let words: Vec<String> = (1..=30).map(|i| format!("hs{i:02}")).collect();
    typ(&mut app, &words.join(" "));
    let t = draw(&mut app, 80, 24);
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    for w in &words {
        assert!(screen.contains(w.as_str()), "{w} is on screen:\n{screen}");
    }
}

/// The conflicts pane speaks the interface language: field names, statuses
/// and defect types in words, never the stored codes; a multi-line note
/// keeps its lines.
#[test]
fn conflicts_are_shown_in_words() {
    let mut app = inspection_app(Lang::Vi);
    let seen = db_row(&app, "D-01");
    key(&mut app, KeyCode::Char('1'));
    edit_as_other(&mut app, ops::Edit::Status(Status::Partial), Some(&seen));
    let info = insp(&app).info.clone();
    let cat = catalog();
    let entry = ops::entry(&cat, "demo").unwrap();
    let d01 = ops::item(entry, "D-01").unwrap().clone();
    let other = Actor {
        inspector: "Trần Thị Bình".into(),
        campaign: "2026".into(),
    };
    let note_seen = db_row(&app, "D-01");
    ops::apply_edits(
        &mut app.env.store,
        &actor(),
        &info,
        &d01,
        &[ops::Edit::Note("Dòng một\nDòng hai".into())],
        None,
    )
    .unwrap();
    ops::apply_edits(
        &mut app.env.store,
        &other,
        &info,
        &d01,
        &[ops::Edit::Note("Ý kiến khác".into())],
        Some(&note_seen),
    )
    .unwrap();
    let Screen::Inspection(i) = &mut app.screen else {
        panic!("not on the inspection screen")
    };
    i.reload_row(&app.env.store, "D-01").unwrap();
    key(&mut app, KeyCode::Char('c'));
    let t = draw(&mut app, 100, 30);
    let buf = t.backend().buffer();
    let rows: Vec<String> = (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect();
    let screen = rows.join("\n");
    for words in [
        "Kết quả",
        "Ghi chú",
        "đạt một phần",
        "Dòng một",
        "Dòng hai",
        "Ý kiến khác",
    ] {
        assert!(screen.contains(words), "{words}:\n{screen}");
    }
    for code in ["status", "partial", "note"] {
        assert!(!screen.contains(code), "no {code}:\n{screen}");
    }
    let first = rows.iter().position(|r| r.contains("Dòng một")).unwrap();
    assert!(
        rows[first + 1].contains("Dòng hai"),
        "the note's second line below its first:\n{screen}"
    );
}

/// The deadline prompt takes "ngay" / "ngày" for an immediate deadline, as
/// inspectors type it.
#[test]
fn the_deadline_prompt_takes_ngay() {
    for typed in ["ngày", "ngay"] {
        let mut app = inspection_app(Lang::Vi);
        key(&mut app, KeyCode::Char('D'));
        typ(&mut app, typed);
        key(&mut app, KeyCode::Enter);
        assert_eq!(
            db_row(&app, "D-01").state.deadline_override,
            Some(parcheck::core::checklist::Deadline::Immediately),
            "{typed}"
        );
    }
}

/// `r` records a ratio only on a ratio item; elsewhere it says why, in the
/// interface language, and opens nothing.
#[test]
fn a_ratio_is_offered_only_on_ratio_items() {
    let mut app = inspection_app(Lang::Vi);
    key(&mut app, KeyCode::Char('r'));
    assert!(app.prompt.is_none(), "no ratio prompt on D-01");
    let (msg, is_error) = app.env.flash.clone().expect("a message");
    assert!(is_error);
    assert_eq!(
        msg,
        "Mục D-01 không kiểm tra theo tỷ lệ nên không ghi được tỷ lệ cho mục này."
    );
}
