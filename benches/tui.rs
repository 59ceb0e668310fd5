//! Frame cost of the inspection screen (query + render + diff) on a large
//! history, time from opening a big database to the first frame, and the
//! home screen over 20,000 inspections. `cargo bench --bench tui` prints
//! the figures; `PARCHECK_BENCH_TUI=home` runs only the last part.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parcheck::catalog::{Catalog, Entry};
use parcheck::core::checklist_parse::parse_checklist;
use parcheck::core::finding::{Field, Status, encode};
use parcheck::core::lang::Lang;
use parcheck::ops::{self, Actor, UnitInput};
use parcheck::store::{InspectionInfo, Store};
use parcheck::tui::app::{App, Screen};
use parcheck::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const ITEMS: usize = 1000;
/// The terminal the frames are drawn on.
const SCREEN: Rect = Rect::new(0, 0, 200, 50);

fn catalog() -> Catalog {
    let mut src = String::from(
        "format = 1\nid = \"big\"\nversion = \"1\"\ntitle = \"Lớn\"\nframework = \"2025\"\napplies_to = [\"commune_pc\"]\ndescription = \"x\"\n",
    );
    for s in 0..ITEMS / 50 {
        src.push_str(&format!(
            "\n[[section]]\nid = \"s{s}\"\ntitle = \"Phần {s}\"\n"
        ));
        for i in 0..50 {
            src.push_str(&format!(
                "\n[[section.item]]\nid = \"I-{s:02}-{i:02}\"\nquestion = \"Câu hỏi số {i} về hồ sơ thủ tục hành chính?\"\nguidance = \"Xem sổ.\"\nlegal_basis = [{{ document = \"Nghị định 61/2018/NĐ-CP\" }}]\nseverity = \"low\"\nkind = \"yes_no\"\naction = \"Khắc phục.\"\ndeadline = 10\nevidence = \"Ảnh.\"\n"
            ));
        }
    }
    let checklist = match parse_checklist(src.as_bytes()) {
        Ok(c) => c,
        Err(d) => panic!("synthetic checklist invalid: {d:?}"),
    };
    let mut cat = Catalog::default();
    cat.entries.insert(
        "big".into(),
        Entry {
            checklist,
            path: "big.toml".into(),
            source: src,
        },
    );
    cat
}

fn actor() -> Actor {
    Actor {
        inspector: "Bench".into(),
        campaign: "2026".into(),
    }
}

/// A database with one inspection whose items carry `revisions` note
/// revisions in total (heads stay one per field: it is history that grows).
fn setup(path: &std::path::Path, cat: &Catalog, revisions: usize) -> InspectionInfo {
    let mut store = Store::open(path).expect("open");
    let unit = UnitInput {
        code: "XA-01".into(),
        ..Default::default()
    };
    let info = ops::open_inspection(&mut store, cat, &actor(), "big", &unit).expect("inspection");
    let items: Vec<(String, String)> = cat.entries["big"]
        .checklist
        .items()
        .map(|(_, i)| (i.id.clone(), i.hash.clone()))
        .collect();
    let mut n = 0;
    while n < revisions {
        let batch = (revisions - n).min(100_000);
        store
            .write("Bench", |w| {
                for k in n..n + batch {
                    let (id, hash) = &items[k % items.len()];
                    w.set_finding_field(
                        &info.id,
                        id,
                        hash,
                        &Field::Note,
                        encode::text(&format!("ghi chú {k}")),
                        None,
                    )?;
                }
                Ok(())
            })
            .expect("write");
        n += batch;
    }
    info
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * p) as usize]
}

fn frames(path: &std::path::Path, cat: Catalog, info: InspectionInfo) -> (Duration, Duration) {
    let store = Store::open(path).expect("open");
    let mut app = App::with_inspection(store, cat, actor(), Lang::Vi, info).expect("app");
    let mut term = Terminal::new(TestBackend::new(SCREEN.width, SCREEN.height)).expect("terminal");
    app.resize(SCREEN);
    term.draw(|f| ui::render(f, &app)).expect("draw");
    let mut times = Vec::with_capacity(2 * ITEMS);
    for step in 0..2 * ITEMS {
        let key = if step < ITEMS {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        let t = Instant::now();
        app.handle_key(KeyEvent::new(key, KeyModifiers::NONE));
        // The screen re-reads the selected finding to show others' changes.
        let Screen::Inspection(insp) = &mut app.screen else {
            unreachable!()
        };
        if let Some(id) = insp.selected_item().map(|i| i.id.clone()) {
            insp.reload_row(&app.env.store, &id).expect("reload");
        }
        term.draw(|f| ui::render(f, &app)).expect("draw");
        times.push(t.elapsed());
    }
    (percentile(&mut times, 0.5), percentile(&mut times, 0.99))
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    if std::env::var("PARCHECK_BENCH_TUI").as_deref() == Ok("home") {
        many_inspections(&dir);
        return;
    }
    let mut p99s = Vec::new();
    for revs in [1_000, 1_000_000] {
        let cat = catalog();
        let path = dir.path().join(format!("r{revs}.db"));
        let t = Instant::now();
        let info = setup(&path, &cat, revs);
        eprintln!("setup {revs} revisions: {:.1?}", t.elapsed());
        let (p50, p99) = frames(&path, cat, info);
        println!("frame, {ITEMS} items, {revs:>9} revisions: p50 {p50:.2?}  p99 {p99:.2?}");
        p99s.push(p99);
    }
    println!(
        "p99 ratio 1M/1k revisions: {:.2} (target ≤ 1.5; p99 target < 2 ms)",
        p99s[1].as_secs_f64() / p99s[0].as_secs_f64()
    );

    // 200 inspections × 1,000 findings.
    let cat = catalog();
    let path = dir.path().join("f200k.db");
    let t = Instant::now();
    let mut last = None;
    {
        let mut store = Store::open(&path).expect("open");
        let items: Vec<(String, String)> = cat.entries["big"]
            .checklist
            .items()
            .map(|(_, i)| (i.id.clone(), i.hash.clone()))
            .collect();
        for u in 0..200 {
            let unit = UnitInput {
                code: format!("XA-{u:03}"),
                ..Default::default()
            };
            let info =
                ops::open_inspection(&mut store, &cat, &actor(), "big", &unit).expect("inspection");
            store
                .write("Bench", |w| {
                    for (id, hash) in &items {
                        w.set_finding_field(
                            &info.id,
                            id,
                            hash,
                            &Field::Status,
                            encode::status(Status::Pass),
                            None,
                        )?;
                    }
                    Ok(())
                })
                .expect("write");
            last = Some(info);
        }
    }
    eprintln!("setup 200,000 findings: {:.1?}", t.elapsed());
    let info = last.expect("an inspection");
    let t = Instant::now();
    let store = Store::open(&path).expect("open");
    let mut app = App::with_inspection(store, cat, actor(), Lang::Vi, info).expect("app");
    let mut term = Terminal::new(TestBackend::new(SCREEN.width, SCREEN.height)).expect("terminal");
    app.resize(SCREEN);
    term.draw(|f| ui::render(f, &app)).expect("draw");
    println!(
        "open 200,000-finding database to first inspection frame: {:.1?} (target < 150 ms)",
        t.elapsed()
    );
    let t = Instant::now();
    let store = app.env.store;
    drop(store);
    let store = Store::open(&path).expect("open");
    let mut home = App::new(store, catalog(), actor(), Lang::Vi);
    home.resize(SCREEN);
    term.draw(|f| ui::render(f, &home)).expect("draw");
    println!(
        "open 200,000-finding database to first home frame: {:.1?}",
        t.elapsed()
    );
    many_inspections(&dir);
}

/// A province's year on one laptop: 20,000 inspections (units × checklists)
/// with two inspectors each. The home screen lists them all.
fn many_inspections(dir: &tempfile::TempDir) {
    const INSPECTIONS: usize = 20_000;
    let cat = catalog();
    let entry = &cat.entries["big"];
    let item = entry.checklist.items().next().expect("an item").1.clone();
    let path = dir.path().join("i20k.db");
    let mut store = Store::open(&path).expect("open");
    for (n, who) in ["An", "Bình"].into_iter().enumerate() {
        for chunk in 0..INSPECTIONS / 1000 {
            store
                .write(who, |w| {
                    for u in chunk * 1000..(chunk + 1) * 1000 {
                        let code = format!("XA-{u:05}");
                        w.ensure_unit(&code, Some(&format!("Xã số {u}")), None, None)?;
                        let id = w.ensure_inspection("2026", &code, entry)?;
                        let status = [Status::Pass, Status::Fail][n];
                        w.set_finding_field(
                            &id,
                            &item.id,
                            &item.hash,
                            &Field::Status,
                            encode::status(status),
                            None,
                        )?;
                    }
                    Ok(())
                })
                .expect("write");
        }
    }
    drop(store);
    let store = Store::open(&path).expect("open");
    let t = Instant::now();
    let all = store.inspections().expect("inspections");
    let read = t.elapsed();
    assert_eq!(all.len(), INSPECTIONS);
    assert!(
        all.iter()
            .all(|s| s.inspectors.len() == 2 && !s.unit_name.is_empty())
    );
    let mut home = App::new(store, catalog(), actor(), Lang::Vi);
    let mut term = Terminal::new(TestBackend::new(SCREEN.width, SCREEN.height)).expect("terminal");
    home.resize(SCREEN);
    term.draw(|f| ui::render(f, &home)).expect("draw");
    println!(
        "{INSPECTIONS} inspections: Store::inspections {read:.1?}; home screen opened and drawn {:.1?}",
        t.elapsed()
    );
}
