//! The record view of a shared sample: one draw and one list of records
//! for the items of a group, every item's defects marked record by record,
//! stored as each item's own sample revisions.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parcheck::catalog::Catalog;
use parcheck::core::finding::NOT_FOUND;
use parcheck::core::lang::Lang;
use parcheck::ops::{self, Actor, UnitInput};
use parcheck::store::Store;
use parcheck::tui::app::{App, Mode, Screen};
use parcheck::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const GROUP: [&str; 5] = ["PKS-02", "PKS-03", "PKS-04", "PKS-05", "PKS-06"];

fn app() -> App {
    let cat = Catalog::load(&[]);
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
        ..Default::default()
    };
    let info = ops::open_inspection(&mut store, &cat, &actor, "phieu-kiem-soat", &unit).unwrap();
    let mut app = App::with_inspection(store, cat, actor, Lang::Vi, info).unwrap();
    // Go to PKS-02 and open its group's records.
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "PKS-02");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('R'));
    assert!(matches!(inspection(&app).mode, Mode::Records { .. }));
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

/// The defects item `item` has for `code`, as stored.
fn stored(app: &App, item: &str, code: &str) -> Option<Vec<String>> {
    let id = inspection(app).info.id.clone();
    let row = app.env.store.finding_row(&id, item).unwrap();
    row.state
        .samples
        .iter()
        .find(|s| s.code == code)
        .map(|s| s.defects.clone())
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.resize(Rect::new(0, 0, w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::render(f, app)).unwrap();
    format!("{}", t.backend())
}

#[test]
fn one_draw_and_one_record_list_for_the_whole_group() {
    let mut app = app();
    key(&mut app, KeyCode::Char('p'));
    typ(&mut app, "120");
    key(&mut app, KeyCode::Enter);
    let id = inspection(&app).info.id.clone();
    let plans: Vec<_> = GROUP
        .iter()
        .map(|i| app.env.store.finding_row(&id, i).unwrap().state.sampling)
        .collect();
    assert!(plans[0].as_ref().is_some_and(|p| p.drawn.len() == 12));
    assert!(plans.iter().all(|p| p == &plans[0]), "one draw for all");
    for code in ["HS-01", "HS-02"] {
        key(&mut app, KeyCode::Char('a'));
        typ(&mut app, code);
        key(&mut app, KeyCode::Enter);
    }
    for item in GROUP {
        assert_eq!(stored(&app, item, "HS-01"), Some(vec![]), "{item}");
        assert_eq!(stored(&app, item, "HS-02"), Some(vec![]), "{item}");
    }
    // The draw shows with the group's proposed size (its seed is the
    // clock's, so the screen is not a snapshot here).
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("Tổng số hồ sơ: 120 → cỡ mẫu đề xuất 12"),
        "{text}"
    );
    assert!(text.contains("hồ sơ 2/2: HS-02"), "{text}");
}

#[test]
fn marking_a_record_updates_each_item_and_undo_reverts_it() {
    let mut app = app();
    for code in ["HS-01", "HS-02"] {
        key(&mut app, KeyCode::Char('a'));
        typ(&mut app, code);
        key(&mut app, KeyCode::Enter);
    }
    // Back to the first record; the first defect line is PKS-02's first.
    key(&mut app, KeyCode::Char('N'));
    key(&mut app, KeyCode::Char(' '));
    let first = {
        let cat = &app.env.catalog;
        let it = cat
            .get("phieu-kiem-soat")
            .unwrap()
            .checklist
            .find_item("PKS-02")
            .unwrap()
            .1;
        it.kind.defects()[0].id.clone()
    };
    assert_eq!(stored(&app, "PKS-02", "HS-01"), Some(vec![first.clone()]));
    assert_eq!(stored(&app, "PKS-03", "HS-01"), Some(vec![]));
    insta::assert_snapshot!("record_view_80x24", screen(&mut app, 80, 24));
    // "Not found" is the last line: it goes on every item of the group.
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char('x'));
    for item in GROUP {
        assert_eq!(
            stored(&app, item, "HS-01"),
            Some(vec![NOT_FOUND.to_owned()]),
            "{item}"
        );
    }
    // One undo reverts the whole step.
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(stored(&app, "PKS-02", "HS-01"), Some(vec![first]));
    assert_eq!(stored(&app, "PKS-06", "HS-01"), Some(vec![]));
    // Removing asks once, then removes from every item; undo brings it back.
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(stored(&app, "PKS-04", "HS-01"), Some(vec![]), "only asked");
    assert!(
        app.env
            .flash
            .as_ref()
            .is_some_and(|f| f.0.contains("HS-01"))
    );
    key(&mut app, KeyCode::Char('d'));
    for item in GROUP {
        assert_eq!(stored(&app, item, "HS-01"), None, "{item}");
    }
    key(&mut app, KeyCode::Char('u'));
    for item in GROUP {
        assert!(stored(&app, item, "HS-01").is_some(), "{item}");
    }
}

#[test]
fn two_inspectors_sampling_the_same_group_merge_to_the_union() {
    let a = common::Env::new();
    let b = common::Env::new();
    for (env, code, who) in [(&a, "HS-01", "An"), (&b, "HS-02", "Bình")] {
        for item in GROUP {
            env.ok(&[
                "record",
                "--checklist",
                "phieu-kiem-soat",
                "--unit",
                "XA-01",
                "--item",
                item,
                "--inspector",
                who,
                "--sample",
                &format!("{code}="),
            ]);
        }
    }
    let bundle = b.path().join("b.parcheck");
    let bundle = bundle.to_str().unwrap();
    b.ok(&["export", "--out", bundle]);
    a.ok(&["merge", bundle]);
    let store = Store::open(a.db()).unwrap();
    let info = store.inspections().unwrap()[0].info.clone();
    let rows = store.finding_rows(&info.id).unwrap();
    let cat = Catalog::load(&[]);
    let items = ops::group_items(
        &cat.get("phieu-kiem-soat").unwrap().checklist,
        "phieu-kiem-soat",
    );
    assert_eq!(ops::group_records(&items, &rows), ["HS-01", "HS-02"]);
    assert!(rows.values().all(|r| r.state.conflicts.is_empty()));
}
