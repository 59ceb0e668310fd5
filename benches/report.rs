//! Report benchmarks, printed next to their baselines from the same run:
//! - team summary model for 500 units × 100 items (target < 1 s);
//! - the follow-up register of a province (100 units × 9 checklists × 100
//!   items, 45,000 rows to remedy): built, as CSV and as XLSX, and peak memory.

use std::collections::BTreeMap;
use std::time::Instant;

use parcheck::core::checklist::{
    CheckKind, Checklist, Deadline, Framework, Item, Section, Severity, Text,
};
use parcheck::core::finding::{FindingState, Status};
use parcheck::core::lang::Lang;
use parcheck::report::model;
use parcheck::store::{FindingRow, Store};

fn vm_hwm_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn checklist(items: usize) -> Checklist {
    let t = |s: &str| Text {
        vi: s.to_owned(),
        en: None,
    };
    let sections = (0..10)
        .map(|s| Section {
            id: format!("s{s}"),
            title: t(&format!("Phần {s}")),
            items: (0..items / 10)
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
                    hash: String::new(),
                })
                .collect(),
        })
        .collect();
    Checklist {
        id: "bench".into(),
        version: "1".into(),
        title: t("Bench"),
        framework: Framework::Y2025,
        applies_to: vec![],
        description: t(""),
        sections,
    }
}

fn summary_bench() {
    let cl = checklist(100);
    let statuses = [
        Status::Pass,
        Status::Pass,
        Status::Pass,
        Status::Partial,
        Status::Fail,
        Status::Na,
        Status::Unchecked,
    ];
    let units: Vec<BTreeMap<String, FindingRow>> = (0..500)
        .map(|u| {
            cl.items()
                .enumerate()
                .map(|(k, (_, i))| {
                    let state = FindingState {
                        status: statuses[(u + k) % statuses.len()],
                        note: "ghi chú".into(),
                        ..Default::default()
                    };
                    (
                        i.id.clone(),
                        FindingRow {
                            item_id: i.id.clone(),
                            state,
                            ..Default::default()
                        },
                    )
                })
                .collect()
        })
        .collect();
    let t = Instant::now();
    let rows: Vec<model::UnitRow> = units
        .iter()
        .enumerate()
        .map(|(u, rows)| {
            model::summary_row(
                &model::SummaryInput {
                    checklist: &cl,
                    unit_code: format!("U{u:03}"),
                    unit_name: format!("Đơn vị {u}"),
                    campaign: "2026".into(),
                    inspection_id: format!("i{u}"),
                    rows,
                },
                Lang::Vi,
            )
        })
        .collect();
    let s = model::build_summary(rows, Lang::Vi);
    let md = parcheck::report::md::summary(&s);
    let html = parcheck::report::html::summary(&s, &model::build_picture(&s, None));
    let json = parcheck::report::json::summary(&s);
    let el = t.elapsed();
    println!(
        "team summary 500 units x 100 items (model + md + html + json, {} KB): {:.3} s   [target < 1 s]",
        (md.len() + html.len() + json.len()) / 1024,
        el.as_secs_f64()
    );
}

/// A province's register: 100 units × 9 checklists × 100 items, half of
/// them failed or partial (45,000 rows), built from the units' reports and
/// written as CSV and as an Excel workbook.
fn register_bench() -> Result<(), Box<dyn std::error::Error>> {
    use parcheck::catalog::{Catalog, Entry};
    use parcheck::core::finding::{Field, encode};
    const UNITS: usize = 100;
    const CHECKLISTS: usize = 9;
    let mut catalog = Catalog::default();
    for c in 0..CHECKLISTS {
        let mut checklist = checklist(100);
        checklist.id = format!("bench-{c}");
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
    {
        let mut store = Store::open(&db)?;
        let statuses = [Status::Pass, Status::Fail, Status::Partial, Status::Na];
        store.write("Bench", |w| {
            for u in 0..UNITS {
                let code = format!("UBND-XA-{u:03}");
                w.ensure_unit(&code, Some(&format!("UBND xã {u}")), None, None)?;
                for (c, entry) in catalog.entries.values().enumerate() {
                    let insp = w.ensure_inspection("2026", &code, entry)?;
                    for (i, (_, item)) in entry.checklist.items().enumerate() {
                        let s = statuses[(u + c + i) % 4];
                        w.set_finding_field(
                            &insp,
                            &item.id,
                            &item.hash,
                            &Field::Status,
                            encode::status(s),
                            None,
                        )?;
                        w.set_finding_field(
                            &insp,
                            &item.id,
                            &item.hash,
                            &Field::Note,
                            encode::text("Sổ ghi thiếu, \"mục 3\"\nxem lại"),
                            None,
                        )?;
                    }
                }
            }
            Ok(())
        })?;
    }
    println!(
        "(built a database of {} findings in {:.1} s)",
        UNITS * CHECKLISTS * 100,
        t.elapsed().as_secs_f64()
    );

    let store = Store::open(&db)?;
    let calendar = parcheck::core::calendar::Calendar::bundled();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    let t = Instant::now();
    let reg = parcheck::report::register::build(&store, &catalog, &calendar, day, Lang::Vi)?;
    let built = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut csv = Vec::new();
    parcheck::report::register::write_csv(&reg, &mut csv)?;
    let csv_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let xlsx = parcheck::report::xlsx::register(&reg)?;
    let xlsx_s = t.elapsed().as_secs_f64();
    println!(
        "register of {} rows: built {built:.2} s, CSV {csv_s:.2} s ({} MB), XLSX {xlsx_s:.2} s ({} MB)   [target: all three < 10 s]",
        reg.rows.len(),
        csv.len() / 1_000_000,
        xlsx.len() / 1_000_000
    );
    match vm_hwm_kb() {
        Some(kb) => println!(
            "  peak memory (VmHWM, whole process): {} MB   [target < 500 MB]",
            kb / 1024
        ),
        None => println!("  peak memory: /proc/self/status not available"),
    }
    Ok(())
}

fn main() {
    // The register first, so VmHWM reflects it and not the summary's data.
    if let Err(e) = register_bench() {
        println!("register benchmark failed: {e}");
    }
    summary_bench();
}
