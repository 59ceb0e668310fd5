//! The inspection screen at 80×24 and larger: everything recorded can be
//! read (the detail pane and the help scroll), the one-line prompts edit
//! where the cursor is, the list says what it shows, and item kinds behave
//! as their kind.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use parcheck::catalog::Catalog;
use parcheck::core::finding::Status;
use parcheck::core::lang::Lang;
use parcheck::ops::{self, Actor, Edit, UnitInput};
use parcheck::store::Store;
use parcheck::tui::app::{App, Inspection, Mode, Screen};
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

/// The demo inspection of XA-01, with `before` recorded on items first.
fn app_with(lang: Lang, before: &[(&str, Vec<Edit>)]) -> App {
    let mut store = Store::open_in_memory().unwrap();
    let cat = catalog();
    let unit = UnitInput {
        code: "XA-01".into(),
        name: Some("UBND xã Vĩnh Hòa".into()),
        ..Default::default()
    };
    let info = ops::open_inspection(&mut store, &cat, &actor(), "demo", &unit).unwrap();
    for (item, edits) in before {
        let it = cat
            .get("demo")
            .unwrap()
            .checklist
            .find_item(item)
            .unwrap()
            .1
            .clone();
        ops::apply_edits(&mut store, &actor(), &info, &it, edits, None).unwrap();
    }
    App::with_inspection(store, cat, actor(), lang, info).unwrap()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn insp(app: &App) -> &Inspection {
    match &app.screen {
        Screen::Inspection(i) => i,
        Screen::Home(_) => panic!("not on the inspection screen"),
    }
}

fn draw(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    app.resize(Rect::new(0, 0, w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::render(f, app)).unwrap();
    t
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    format!("{}", draw(app, w, h).backend())
}

fn long_note() -> String {
    (1..=18)
        .map(|i| format!("Dòng {i}: phiếu HS-{i:02} thiếu thời gian giao nhận"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_detail_pane_scrolls_to_the_end_of_a_long_note() {
    let mut app = app_with(Lang::Vi, &[("D-01", vec![Edit::Note(long_note())])]);
    let first = screen(&mut app, 80, 24);
    assert!(first.contains("Chi tiết ↓ J/K cuộn"), "{first}");
    assert!(!first.contains("Dòng 18"), "the end is below: {first}");
    for _ in 0..20 {
        key(&mut app, KeyCode::Char('J'));
    }
    let end = screen(&mut app, 80, 24);
    assert!(end.contains("Dòng 18"), "{end}");
    assert!(
        end.contains("Chi tiết ↑ J/K cuộn"),
        "at the end only up is left: {end}"
    );
    insta::assert_snapshot!("detail_scrolled_80x24", end);
    // Scrolled no further than the text: one K shows more above at once.
    key(&mut app, KeyCode::Char('K'));
    assert!(screen(&mut app, 80, 24).contains("↑↓"));
    // A new selection starts at the top of its own detail.
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(insp(&app).detail_scroll, 0);
}

#[test]
fn the_mouse_wheel_over_the_detail_scrolls_it_not_the_list() {
    let mut app = app_with(Lang::Vi, &[("D-01", vec![Edit::Note(long_note())])]);
    draw(&mut app, 80, 24);
    let wheel = |kind| MouseEvent {
        kind,
        column: 60,
        row: 10,
        modifiers: KeyModifiers::NONE,
    };
    app.handle_mouse(wheel(MouseEventKind::ScrollDown));
    assert_eq!(insp(&app).detail_scroll, 3);
    assert_eq!(insp(&app).sel, 0, "the selection stays");
    app.handle_mouse(wheel(MouseEventKind::ScrollUp));
    assert_eq!(insp(&app).detail_scroll, 0);
}

#[test]
fn the_help_scrolls_and_lists_the_keys_handled_outside_the_tables() {
    let mut app = app_with(Lang::Vi, &[]);
    key(&mut app, KeyCode::Char('?'));
    let top = screen(&mut app, 80, 24);
    assert!(top.contains("Phím tắt (↑↓ PgUp PgDn để cuộn)"), "{top}");
    assert!(!top.contains("Ctrl+C"), "below the fold at first: {top}");
    key(&mut app, KeyCode::End);
    let end = screen(&mut app, 80, 24);
    for k in ["Ctrl+C", "Ctrl+W", "Ctrl+U", "Esc ? q F1"] {
        assert!(end.contains(k), "{k} in {end}");
    }
    insta::assert_snapshot!("help_scrolled_80x24", end);
    key(&mut app, KeyCode::Esc);
    assert!(!app.help);
    // F1 opens the help from inside the note editor, whose keys it shows;
    // `?` there is text.
    key(&mut app, KeyCode::Char('e'));
    typ(&mut app, "?");
    assert!(!app.help);
    key(&mut app, KeyCode::F(1));
    assert!(app.help);
    assert!(screen(&mut app, 80, 24).contains("Xong (ghi chú đã lưu)"));
}

#[test]
fn prompts_edit_at_the_cursor() {
    let mut app = app_with(Lang::Vi, &[]);
    key(&mut app, KeyCode::Char('v'));
    typ(&mut app, "CV so 12 ngay 3/11");
    key(&mut app, KeyCode::Home);
    ctrl(&mut app, 'e');
    ctrl(&mut app, 'w');
    ctrl(&mut app, 'w');
    // "CV so 12 " left; a word inserted before "12" with ← and Home/End.
    for _ in 0..3 {
        key(&mut app, KeyCode::Left);
    }
    typ(&mut app, "0");
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Backspace);
    typ(&mut app, "/UBND");
    let p = app.prompt.as_ref().unwrap();
    assert_eq!(p.buf, "CV so 012/UBND");
    key(&mut app, KeyCode::Enter);
    let row = app
        .env
        .store
        .finding_row(&insp(&app).info.id, "D-01")
        .unwrap();
    let shown: Vec<String> = row
        .state
        .evidence
        .iter()
        .map(|(_, e)| e.display())
        .collect();
    assert_eq!(shown, ["CV so 012/UBND"]);
    // Ctrl+U clears what is before the cursor.
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "ky so");
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    ctrl(&mut app, 'u');
    assert_eq!(app.prompt.as_ref().unwrap().buf, "so");
}

#[test]
fn a_long_prompt_keeps_its_cursor_in_view() {
    let mut app = app_with(Lang::Vi, &[]);
    key(&mut app, KeyCode::Char('o'));
    let long =
        "Niêm yết đầy đủ thủ tục hành chính tại Bộ phận Một cửa và trên Cổng dịch vụ công của tỉnh";
    typ(&mut app, long);
    let last = screen(&mut app, 80, 24).lines().nth(23).unwrap().to_owned();
    assert!(last.contains("Cổng dịch vụ công của tỉnh"), "{last}");
    key(&mut app, KeyCode::Home);
    let first = screen(&mut app, 80, 24).lines().nth(23).unwrap().to_owned();
    assert!(first.contains("Niêm yết đầy đủ"), "{first}");
}

#[test]
fn the_list_says_what_it_shows() {
    let mut app = app_with(Lang::Vi, &[("D-01", vec![Edit::Status(Status::Fail)])]);
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "phieu");
    key(&mut app, KeyCode::Enter);
    let s = screen(&mut app, 140, 45);
    assert!(
        s.contains("Tìm: «phieu» · Lọc: tất cả · 1/4 mục · Esc: bỏ tìm"),
        "{s}"
    );
    insta::assert_snapshot!("filter_line_140x45", s);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('f'));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Lọc: chưa đạt · 1/4 mục · f: đổi lọc"), "{s}");
}

#[test]
fn an_observation_note_is_its_result_and_a_contradiction_shows() {
    let mut app = app_with(
        Lang::Vi,
        &[
            (
                "D-02",
                vec![
                    Edit::Status(Status::Pass),
                    Edit::Sample {
                        code: "HS-1".into(),
                        defects: vec!["no-time".into()],
                    },
                ],
            ),
            ("D-04", vec![Edit::Note("Cán bộ nắm quy trình".into())]),
        ],
    );
    assert_eq!(insp(&app).progress, vec![(1, 2), (1, 2)]);
    let s = screen(&mut app, 100, 30);
    assert!(s.contains("● D-04 Nhận xét chung"), "{s}");
    assert!(s.contains("✓ ⚠ D-02"), "{s}");
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Char('j'));
    let s = screen(&mut app, 140, 30);
    assert!(
        s.contains("⚠ Mâu thuẫn với số liệu: ghi Đạt nhưng 1/1 hồ sơ lấy mẫu có sai sót"),
        "{s}"
    );
}

#[test]
fn tab_finishes_a_note_and_moves_on_without_typing_spaces() {
    let mut app = app_with(Lang::Vi, &[]);
    key(&mut app, KeyCode::Char('e'));
    typ(&mut app, "ab");
    key(&mut app, KeyCode::Tab);
    assert!(matches!(insp(&app).mode, Mode::Normal));
    assert_eq!(insp(&app).selected_item().unwrap().id, "D-02");
    let row = app
        .env
        .store
        .finding_row(&insp(&app).info.id, "D-01")
        .unwrap();
    assert_eq!(row.state.note, "ab", "saved as typed, no spaces from Tab");
}

fn db_status(app: &App, item: &str) -> Status {
    app.env
        .store
        .finding_row(&insp(app).info.id, item)
        .unwrap()
        .state
        .status
}

#[test]
fn a_status_key_moves_on_unless_turned_off_and_the_choice_is_kept() {
    let mut app = app_with(Lang::Vi, &[]);
    assert!(app.env.advance, "on by default");
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(
        (db_status(&app, "D-01"), db_status(&app, "D-02")),
        (Status::Pass, Status::Fail)
    );
    assert_eq!(insp(&app).selected_item().unwrap().id, "D-03");
    // With the "not checked" filter the checked item leaves the list: the
    // next unchecked one is selected, none is skipped.
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(insp(&app).selected_item().unwrap().id, "D-03");
    key(&mut app, KeyCode::Char('4'));
    assert_eq!(insp(&app).selected_item().unwrap().id, "D-04");
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('A'));
    assert!(!app.env.advance);
    assert_eq!(
        app.env.store.preference("advance").unwrap().as_deref(),
        Some("off")
    );
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(
        insp(&app).selected_item().unwrap().id,
        "D-01",
        "stays when off"
    );
}

#[test]
fn undo_and_redo_survive_leaving_the_inspection() {
    let mut store = Store::open_in_memory().unwrap();
    store.keep_preference("advance", "off").unwrap();
    let cat = catalog();
    let unit = UnitInput {
        code: "XA-01".into(),
        ..Default::default()
    };
    ops::open_inspection(&mut store, &cat, &actor(), "demo", &unit).unwrap();
    let mut app = App::new(store, cat, actor(), Lang::Vi);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(db_status(&app, "D-01"), Status::Fail);
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Home(_)));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(
        db_status(&app, "D-01"),
        Status::Unchecked,
        "undone after coming back"
    );
    ctrl(&mut app, 'r');
    assert_eq!(db_status(&app, "D-01"), Status::Fail, "redone");
    assert_eq!(
        app.env.flash.as_ref().map(|f| f.0.as_str()),
        Some("Đã làm lại")
    );
    ctrl(&mut app, 'r');
    assert_eq!(
        app.env.flash.as_ref().map(|f| f.0.as_str()),
        Some("Không có gì để làm lại")
    );
    // Ctrl+R is not `r` (the ratio prompt).
    assert!(app.prompt.is_none());
    key(&mut app, KeyCode::Char('u'));
    key(&mut app, KeyCode::Char('2'));
    ctrl(&mut app, 'r');
    assert_eq!(
        db_status(&app, "D-01"),
        Status::Partial,
        "a new change ends the redo"
    );
}

#[test]
fn a_defect_key_beyond_the_item_says_so_and_a_ratio_proposes_a_status() {
    let mut app = app_with(
        Lang::Vi,
        &[(
            "D-02",
            vec![Edit::Sample {
                code: "HS-1".into(),
                defects: vec![],
            }],
        )],
    );
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('s'));
    key(&mut app, KeyCode::Char('7'));
    assert_eq!(
        app.env.flash.clone(),
        Some(("Mục này chỉ có 2 loại lỗi".to_owned(), true))
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('r'));
    typ(&mut app, "12/100");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.env.flash.as_ref().map(|f| f.0.as_str()),
        Some("✓ đã lưu · Gợi ý: không đạt (phím 3)")
    );
    assert_eq!(db_status(&app, "D-03"), Status::Unchecked, "only proposed");
}

#[test]
fn the_newest_evidence_can_be_removed_and_the_removal_undone() {
    let mut app = app_with(Lang::Vi, &[]);
    let shown = |app: &App| -> Vec<String> {
        app.env
            .store
            .finding_row(&insp(app).info.id, "D-01")
            .unwrap()
            .state
            .evidence
            .iter()
            .map(|(_, e)| e.display())
            .collect()
    };
    key(&mut app, KeyCode::Char('V'));
    assert_eq!(
        app.env.flash.clone(),
        Some(("Mục này chưa có minh chứng nào".to_owned(), true))
    );
    for e in ["Biên bản 1/BB", "Ảnh quầy"] {
        key(&mut app, KeyCode::Char('v'));
        typ(&mut app, e);
        key(&mut app, KeyCode::Enter);
    }
    assert_eq!(shown(&app).len(), 2);
    key(&mut app, KeyCode::Char('V'));
    assert_eq!(shown(&app).len(), 1, "{:?}", shown(&app));
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(shown(&app).len(), 2, "the removal is undone");
}
