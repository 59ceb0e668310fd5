//! The home screen's team overview, unit details and removal of an
//! inspection, driven by keys and checked against the database.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parcheck::catalog::Catalog;
use parcheck::core::checklist::UnitKind;
use parcheck::core::finding::Status;
use parcheck::core::lang::Lang;
use parcheck::core::register::{Field, Value};
use parcheck::ops::{self, Actor, UnitInput};
use parcheck::store::Store;
use parcheck::tui::app::{App, Screen, TeamCursor};
use parcheck::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

fn catalog() -> Catalog {
    Catalog::load(&[std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/checklists/valid"
    ))])
}

fn actor(name: &str) -> Actor {
    Actor {
        inspector: name.into(),
        campaign: "2026".into(),
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn draw(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    app.resize(Rect::new(0, 0, w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::render(f, app)).unwrap();
    t
}

/// Dates of the last change depend on the clock.
fn redact(s: String) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let is_date = i + 16 <= chars.len()
            && chars[i..i + 16].iter().enumerate().all(|(k, c)| match k {
                2 | 5 => *c == '/',
                10 => *c == ' ',
                13 => *c == ':',
                _ => c.is_ascii_digit(),
            });
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

fn home(app: &App) -> &parcheck::tui::app::Home {
    match &app.screen {
        Screen::Home(h) => h,
        Screen::Inspection(_) => panic!("not on home"),
    }
}

/// The first `n` checklist ids of the catalog (bundled ones and `demo`).
fn checklist_ids(cat: &Catalog, n: usize) -> Vec<String> {
    cat.entries.keys().take(n).cloned().collect()
}

/// Records one finding (the first item) of `unit` against `checklist`.
fn record(store: &mut Store, cat: &Catalog, who: &str, unit: &str, checklist: &str) {
    record_status(store, cat, who, unit, checklist, Status::Pass);
}

fn record_status(
    store: &mut Store,
    cat: &Catalog,
    who: &str,
    unit: &str,
    checklist: &str,
    status: Status,
) {
    let a = actor(who);
    let info = ops::open_inspection(
        store,
        cat,
        &a,
        checklist,
        &UnitInput {
            code: unit.into(),
            ..Default::default()
        },
    )
    .unwrap();
    let entry = ops::entry(cat, checklist).unwrap();
    let item = entry.checklist.items().next().unwrap().1.clone();
    ops::apply_edits(store, &a, &info, &item, &[ops::Edit::Status(status)], None).unwrap();
}

/// Three units, five checklists, three inspectors: more columns than 80
/// columns show, and names too long for a cell.
fn team_app() -> (App, Vec<String>) {
    let cat = catalog();
    let ids = checklist_ids(&cat, 5);
    let mut store = Store::open_in_memory().unwrap();
    let people = ["Lê Thanh Hùng", "Trần Thị Bình", "Nguyễn Văn An"];
    for (u, unit) in ["XA-01", "XA-02", "XA-03"].iter().enumerate() {
        for (c, checklist) in ids.iter().enumerate() {
            if (u + c) % 4 == 3 {
                continue; // a gap
            }
            record(&mut store, &cat, people[(u + c) % 3], unit, checklist);
            if (u, c) == (0, 1) {
                // Double coverage.
                let who = people[(u + c + 1) % 3];
                record_status(&mut store, &cat, who, unit, checklist, Status::Fail);
            }
        }
    }
    // A name too long for a cell of 80 columns.
    record(&mut store, &cat, "Nguyễn Thị Phương Thảo", "XA-04", &ids[1]);
    (App::new(store, cat, actor("Lê Thanh Hùng"), Lang::Vi), ids)
}

#[test]
fn team_overview_selection_moves_scrolls_and_opens_the_cell() {
    let (mut app, ids) = team_app();
    draw(&mut app, 80, 24);
    key(&mut app, KeyCode::Char('t'));
    // The selected inspection's cell is selected first: the newest one.
    let first = home(&app).list[0].info.clone();
    let c = home(&app).team.unwrap();
    assert_eq!(ids[c.col], first.checklist_id);
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Home);
    for _ in 0..10 {
        key(&mut app, KeyCode::Left);
    }
    assert_eq!(
        home(&app).team,
        Some(TeamCursor {
            row: 0,
            col: 0,
            first_col: 0
        })
    );
    // Three columns fit in 80: the fourth scrolls them.
    for _ in 0..3 {
        key(&mut app, KeyCode::Right);
    }
    key(&mut app, KeyCode::Down);
    assert_eq!(
        home(&app).team,
        Some(TeamCursor {
            row: 1,
            col: 3,
            first_col: 1
        })
    );
    let t = draw(&mut app, 80, 24);
    insta::assert_snapshot!("team_scrolled_80x24", redact(format!("{}", t.backend())));
    // The selected cell is drawn in reverse video.
    let buf = t.backend().buffer();
    let reversed: String = (0..80u16)
        .map(|x| &buf[(x, 3)])
        .filter(|c| c.modifier.contains(Modifier::REVERSED))
        .map(|c| c.symbol().to_owned())
        .collect();
    assert!(reversed.contains("Bình"), "{reversed:?}");
    key(&mut app, KeyCode::End);
    assert_eq!(home(&app).team.unwrap().row, 3);
    key(&mut app, KeyCode::PageUp);
    assert_eq!(home(&app).team.unwrap().row, 0);
    key(&mut app, KeyCode::PageDown);
    assert_eq!(home(&app).team.unwrap().row, 3);
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Up);
    // Enter opens the selected cell's inspection.
    key(&mut app, KeyCode::Enter);
    let Screen::Inspection(insp) = &app.screen else {
        panic!("Enter opened nothing")
    };
    assert_eq!(insp.info.unit_code, "XA-03");
    assert_eq!(insp.info.checklist_id, ids[3]);
    key(&mut app, KeyCode::Esc);
    assert!(home(&app).team.is_none(), "back on the list");
    // A gap opens nothing.
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Char('g'));
    for _ in 0..5 {
        key(&mut app, KeyCode::Left);
    }
    for _ in 0..3 {
        key(&mut app, KeyCode::Right);
    }
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.screen, Screen::Home(_)),
        "XA-01 has no {}",
        ids[3]
    );
    key(&mut app, KeyCode::Esc);
    assert!(home(&app).team.is_none());
}

#[test]
fn team_overview_shows_full_names_when_they_fit() {
    let (mut app, _) = team_app();
    key(&mut app, KeyCode::Char('t'));
    let wide = format!("{}", draw(&mut app, 200, 20).backend());
    assert!(wide.contains("Nguyễn Thị Phương Thảo"), "{wide}");
    assert!(wide.contains("Trần Thị Bình+Nguyễn Văn An"), "{wide}");
    // At 80 columns: initials and the given name.
    let narrow = format!("{}", draw(&mut app, 80, 20).backend());
    assert!(
        narrow.contains("N.T.P. Thảo") && !narrow.contains("Phương"),
        "{narrow}"
    );
    assert!(narrow.contains("T.T. Bình+N.V. An"), "{narrow}");
}

#[test]
fn home_list_and_picker_jump_and_page() {
    let cat = catalog();
    let ids = checklist_ids(&cat, 5);
    let mut store = Store::open_in_memory().unwrap();
    for u in 0..30 {
        record(&mut store, &cat, "An", &format!("XA-{u:02}"), &ids[0]);
    }
    let mut app = App::new(store, cat, actor("An"), Lang::Vi);
    draw(&mut app, 80, 24);
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(home(&app).sel, 29);
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(home(&app).sel, 0);
    key(&mut app, KeyCode::PageDown);
    let page = home(&app).sel;
    assert!(page > 10, "a page is the rows shown: {page}");
    key(&mut app, KeyCode::PageUp);
    assert_eq!(home(&app).sel, 0);
    key(&mut app, KeyCode::End);
    assert_eq!(home(&app).sel, 29);
    key(&mut app, KeyCode::Home);
    assert_eq!(home(&app).sel, 0);
    // The picker.
    key(&mut app, KeyCode::Char('n'));
    let n = app.env.catalog.entries.len();
    key(&mut app, KeyCode::End);
    assert_eq!(home(&app).picking, Some(n - 1));
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(home(&app).picking, Some(0));
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(home(&app).picking, Some(n - 1));
    key(&mut app, KeyCode::PageUp);
    assert_eq!(home(&app).picking, Some(0));
    key(&mut app, KeyCode::Esc);
    assert_eq!(home(&app).picking, None);
}

/// One inspection of XA-01 with a finding, and one of XA-02.
fn two_units(lang: Lang) -> App {
    let cat = catalog();
    let mut store = Store::open_in_memory().unwrap();
    record(&mut store, &cat, "Lê Thanh Hùng", "XA-02", "demo");
    record(&mut store, &cat, "Lê Thanh Hùng", "XA-01", "demo");
    App::new(store, cat, actor("Lê Thanh Hùng"), lang)
}

fn visible_units(app: &App) -> Vec<String> {
    app.env
        .store
        .inspections()
        .unwrap()
        .into_iter()
        .map(|s| s.info.unit_code)
        .collect()
}

#[test]
fn an_inspection_is_removed_after_yes_and_restored_from_the_removed_list() {
    let mut app = two_units(Lang::Vi);
    assert_eq!(home(&app).list[0].info.unit_code, "XA-01");
    key(&mut app, KeyCode::Char('d'));
    let asked = format!("{}", draw(&mut app, 80, 24).backend());
    insta::assert_snapshot!("remove_confirm_vi", redact(asked));
    // Any key but y leaves it.
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(visible_units(&app), ["XA-01", "XA-02"]);
    assert!(home(&app).confirm.is_none());
    key(&mut app, KeyCode::Delete);
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(visible_units(&app), ["XA-02"]);
    assert_eq!(home(&app).list.len(), 1, "home follows");
    let flash = app.env.flash.clone().unwrap().0;
    assert!(flash.starts_with("Đã xoá"), "{flash}");
    // A recorded change, credited; nothing deleted.
    let removal: Vec<_> = app
        .env
        .store
        .history(Some("XA-01"), None)
        .unwrap()
        .into_iter()
        .filter(|h| h.field == "removed")
        .collect();
    assert_eq!(removal.len(), 1);
    assert_eq!(removal[0].author, "Lê Thanh Hùng");
    // The removed list, and a restore from it.
    key(&mut app, KeyCode::Char('x'));
    assert!(home(&app).removed);
    assert_eq!(home(&app).list.len(), 1);
    assert_eq!(home(&app).list[0].info.unit_code, "XA-01");
    key(&mut app, KeyCode::Char('d'));
    let asked = format!("{}", draw(&mut app, 80, 24).backend());
    assert!(
        asked.contains("Khôi phục cuộc kiểm tra XA-01 · demo? (y/n)"),
        "{asked}"
    );
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(visible_units(&app), ["XA-01", "XA-02"]);
    assert!(home(&app).list.is_empty(), "nothing removed now");
    key(&mut app, KeyCode::Esc);
    assert!(!home(&app).removed);
    assert_eq!(home(&app).list.len(), 2);
    // Its finding came back with it.
    assert!(home(&app).list.iter().all(|s| s.checked == 1));
}

#[test]
fn the_removal_question_is_in_english_with_lang_en() {
    let mut app = two_units(Lang::En);
    key(&mut app, KeyCode::Char('d'));
    let asked = format!("{}", draw(&mut app, 80, 24).backend());
    assert!(
        asked.contains("Remove the inspection XA-01 · demo? (y/n)"),
        "{asked}"
    );
    key(&mut app, KeyCode::Char('y'));
    assert!(app.env.flash.clone().unwrap().0.starts_with("Removed"));
}

fn unit_of(app: &App, code: &str) -> parcheck::store::UnitInfo {
    app.env.store.unit(code).unwrap().unwrap()
}

#[test]
fn unit_details_are_changed_with_checked_prompts() {
    let mut app = two_units(Lang::Vi);
    key(&mut app, KeyCode::Char('u'));
    assert!(home(&app).unit.is_some());
    // Name: the prompt's default is the current value (none yet).
    key(&mut app, KeyCode::Char('e'));
    typ(&mut app, "UBND xã Vĩnh Hòa");
    key(&mut app, KeyCode::Enter);
    assert_eq!(unit_of(&app, "XA-01").name, "UBND xã Vĩnh Hòa");
    assert_eq!(app.env.flash.clone().unwrap().0, "Đã lưu thông tin đơn vị");
    // The list shows the new name.
    assert_eq!(home(&app).list[0].unit_name, "UBND xã Vĩnh Hòa");
    // Kind: a wrong number is refused, the prompt stays with it.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "9");
    let shown = format!("{}", draw(&mut app, 80, 24).backend());
    assert!(shown.contains("2 UBND xã, phường, đặc khu"), "{shown}");
    key(&mut app, KeyCode::Enter);
    let p = app.prompt.as_ref().expect("the prompt stays");
    assert_eq!(p.buf, "9");
    assert!(
        p.error
            .as_deref()
            .unwrap()
            .contains("Loại đơn vị “9” không hợp lệ")
    );
    assert_eq!(unit_of(&app, "XA-01").kind, None, "nothing written");
    key(&mut app, KeyCode::Backspace);
    typ(&mut app, "2");
    key(&mut app, KeyCode::Enter);
    assert_eq!(unit_of(&app, "XA-01").kind, Some(UnitKind::CommunePc));
    // Province, then Enter on the default (the current value) changes nothing.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('e'));
    typ(&mut app, "Vĩnh Long");
    key(&mut app, KeyCode::Enter);
    assert_eq!(unit_of(&app, "XA-01").province, "Vĩnh Long");
    let before = app.env.store.history(Some("XA-01"), None).unwrap().len();
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.prompt.as_ref().unwrap().placeholder, "Vĩnh Long");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.env.store.history(Some("XA-01"), None).unwrap().len(),
        before
    );
    assert_eq!(app.env.flash.clone().unwrap().0, "Không có gì thay đổi");
    let shown = redact(format!("{}", draw(&mut app, 80, 24).backend()));
    insta::assert_snapshot!("unit_details_vi", shown);
    key(&mut app, KeyCode::Esc);
    assert!(home(&app).unit.is_none());
}

#[test]
fn a_unit_name_conflict_is_settled_by_taking_a_side() {
    let mut app = two_units(Lang::Vi);
    // Two inspectors typed different names (as a merge leaves them).
    for (who, name) in [
        ("Lê Thanh Hùng", "UBND xã Vĩnh Hòa"),
        ("Trần Thị Bình", "UBND xã Vĩnh Hoà A"),
    ] {
        app.env
            .store
            .write(who, |w| {
                w.set_field(
                    "u:XA-01",
                    "name",
                    Value::Text(name.into()).encode(),
                    Some(&[]),
                    None,
                )
            })
            .unwrap();
    }
    key(&mut app, KeyCode::Char('u'));
    let panel = home(&app).unit.as_ref().unwrap();
    assert!(panel.fields[0].in_conflict());
    let shown = redact(format!("{}", draw(&mut app, 80, 24).backend()));
    insta::assert_snapshot!("unit_conflict_vi", shown);
    // The older side (second), by Lê Thanh Hùng.
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Enter);
    let fields = ops::unit_fields(&app.env.store, "XA-01").unwrap();
    assert!(!fields[0].in_conflict());
    assert_eq!(fields[0].sides.len(), 1);
    assert_eq!(unit_of(&app, "XA-01").name, "UBND xã Vĩnh Hòa");
    assert_eq!(app.env.flash.clone().unwrap().0, "Đã giải quyết xung đột");
    // Enter on a field with no conflict edits it instead.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.prompt.as_ref().unwrap().placeholder, "UBND xã Vĩnh Hòa");
    assert!(matches!(
        Value::decode(&Field::UnitName, &fields[0].sides[0].value),
        Ok(Value::Text(_))
    ));
}
