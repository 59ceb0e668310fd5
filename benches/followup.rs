//! Follow-up benchmarks on a province's year: 100 units × 9 checklists ×
//! 100 items in each of 3 campaigns (270,000 findings, half of them to
//! remedy), plus one unit with 2,000 items to remedy:
//! - importing that unit's 2,000-row register, filled in (target < 1 s);
//! - listing the follow-up of every unit and campaign (target < 1 s).

use std::time::Instant;

use parcheck::catalog::{Catalog, Entry};
use parcheck::core::calendar::Calendar;
use parcheck::core::checklist::{
    CheckKind, Checklist, Deadline, Framework, Item, Section, Severity, Text,
};
use parcheck::core::finding::{Field, Status, encode};
use parcheck::core::lang::Lang;
use parcheck::report::register::{Cell, Column, REGISTER};
use parcheck::store::Store;

const UNITS: usize = 100;
const CHECKLISTS: usize = 9;
const CAMPAIGNS: [&str; 3] = ["2024", "2025", "2026"];
/// The checklists of the unit whose register is imported: 20 × 100 items.
const BIG_CHECKLISTS: usize = 20;

fn checklist(id: String) -> Checklist {
    let t = |s: &str| Text {
        vi: s.to_owned(),
        en: None,
    };
    Checklist {
        id,
        version: "1".into(),
        title: t("Bench"),
        framework: Framework::Y2025,
        applies_to: vec![],
        description: t(""),
        sections: (0..10)
            .map(|s| Section {
                id: format!("s{s}"),
                title: t(&format!("Phần {s}")),
                items: (0..10)
                    .map(|i| Item {
                        id: format!("I-{s}-{i:02}"),
                        question: t("Câu hỏi"),
                        guidance: t(""),
                        legal_basis: vec![],
                        severity: [Severity::High, Severity::Medium, Severity::Low][i % 3],
                        kind: CheckKind::YesNo,
                        action: t("Khắc phục"),
                        deadline: Deadline::WorkingDays(15),
                        evidence: t(""),
                        responsible: None,
                        hash: format!("h{s}{i}"),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut catalog = Catalog::default();
    for c in 0..BIG_CHECKLISTS {
        let checklist = checklist(format!("bench-{c:02}"));
        catalog.entries.insert(
            checklist.id.clone(),
            Entry {
                checklist,
                path: String::new(),
                source: String::new(),
            },
        );
    }
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.sqlite");
    let t = Instant::now();
    let mut store = Store::open(&db)?;
    let statuses = [Status::Pass, Status::Fail, Status::Partial, Status::Na];
    store.write("Bench", |w| {
        for (k, campaign) in CAMPAIGNS.iter().enumerate() {
            for u in 0..UNITS {
                let code = format!("UBND-XA-{u:03}");
                w.ensure_unit(&code, Some(&format!("UBND xã {u}")), None, None)?;
                for entry in catalog.entries.values().take(CHECKLISTS) {
                    let insp = w.ensure_inspection(campaign, &code, entry)?;
                    for (i, (_, item)) in entry.checklist.items().enumerate() {
                        let s = statuses[(u + k + i) % 4];
                        w.set_finding_field(
                            &insp,
                            &item.id,
                            &item.hash,
                            &Field::Status,
                            encode::status(s),
                            None,
                        )?;
                    }
                }
            }
        }
        w.ensure_unit("UBND-XA-LON", Some("UBND xã Lớn"), None, None)?;
        for entry in catalog.entries.values() {
            let insp = w.ensure_inspection("2026", "UBND-XA-LON", entry)?;
            for (_, item) in entry.checklist.items() {
                w.set_finding_field(
                    &insp,
                    &item.id,
                    &item.hash,
                    &Field::Status,
                    encode::status(Status::Fail),
                    None,
                )?;
            }
        }
        Ok(())
    })?;
    println!(
        "(built a database of {} findings in {:.1} s)",
        UNITS * CHECKLISTS * 100 * CAMPAIGNS.len() + BIG_CHECKLISTS * 100,
        t.elapsed().as_secs_f64()
    );

    let calendar = Calendar::bundled();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    let done = chrono::NaiveDate::from_ymd_opt(2026, 3, 12).expect("date");
    // The big unit's register, filled in as the unit sends it back.
    let mut reg = parcheck::report::register::build(&store, &catalog, &calendar, day, Lang::Vi)?;
    let unit_col = REGISTER
        .iter()
        .position(|c| *c == Column::UnitCode)
        .expect("unit");
    let at = |c: Column| REGISTER.iter().position(|x| *x == c).expect("column");
    reg.rows
        .retain(|r| r[unit_col] == Cell::Text("UBND-XA-LON".into()));
    for r in &mut reg.rows {
        r[at(Column::DoneDate)] = Cell::Date(done);
        r[at(Column::DoneAction)] = Cell::Text("Đã lập sổ theo dõi, niêm yết lại thủ tục".into());
        r[at(Column::DoneEvidence)] = Cell::Text("CV 45/UBND".into());
    }
    let file = dir.path().join("tra-lai.xlsx");
    std::fs::write(&file, parcheck::report::xlsx::register(&reg)?)?;
    let rows = reg.rows.len();

    let t = Instant::now();
    let plan = parcheck::ops::followup::import(
        &mut store,
        &catalog,
        &calendar,
        &file,
        &parcheck::ops::followup::ImportRun {
            recorder: "Trưởng đoàn",
            dry_run: false,
            today: done,
            lang: Lang::Vi,
        },
    )
    .map_err(|e| e.describe(Lang::En).0)?;
    let import_s = t.elapsed().as_secs_f64();
    println!(
        "import of a {rows}-row register ({} KB, {} report-backs recorded, in a database of {} items to remedy): {import_s:.2} s   [target < 1 s]",
        std::fs::metadata(&file)?.len() / 1024,
        plan.changes.len(),
        UNITS * CHECKLISTS * 50 * CAMPAIGNS.len() + rows,
    );
    // Six weeks on, most deadlines (15 working days) have passed.
    let later = chrono::NaiveDate::from_ymd_opt(2026, 4, 15).expect("date");

    let t = Instant::now();
    let listing =
        parcheck::ops::followup::list(&store, &catalog, &calendar, day, later, Lang::Vi, None)
            .map_err(|e| e.describe(Lang::En).0)?;
    let list_s = t.elapsed().as_secs_f64();
    let overdue = listing.items.iter().filter(|i| i.overdue).count();
    println!(
        "follow-up listing of a province's year ({} items, {overdue} overdue): {list_s:.2} s   [target < 1 s]",
        listing.items.len()
    );
    let t = Instant::now();
    let one = parcheck::ops::followup::list(
        &store,
        &catalog,
        &calendar,
        day,
        done,
        Lang::Vi,
        Some("UBND-XA-007"),
    )
    .map_err(|e| e.describe(Lang::En).0)?;
    println!(
        "follow-up listing of one unit ({} items over 3 campaigns): {:.3} s",
        one.items.len(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        println!("follow-up benchmark failed: {e}");
    }
}
