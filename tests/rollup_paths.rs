//! The roll-ups (register, follow-up, a unit's inspections and findings)
//! read a database of many units by shorter paths than one unit's report
//! does. On a generated database of many units, campaigns and checklists,
//! with conflicts, overrides, notes and removed inspections, each gives
//! exactly what the one-unit path gives.

#[path = "../benches/data/rng.rs"]
mod rng;
use rng::Rng;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use parcheck::catalog::{Catalog, Entry};
use parcheck::core::calendar::Calendar;
use parcheck::core::checklist::{
    CheckKind, Checklist, Deadline, Framework, Item, Section, Severity, Text,
};
use parcheck::core::finding::{Field, Status, encode};
use parcheck::core::lang::Lang;
use parcheck::ops::{self, Scope, Selector};
use parcheck::report::build::unit_report_of;
use parcheck::report::register;
use parcheck::store::{InspectionSummary, Store};

const UNITS: usize = 30;
const CAMPAIGNS: [&str; 2] = ["2025", "2026"];
const CHECKLISTS: usize = 3;

fn text(s: &str) -> Text {
    Text {
        vi: s.to_owned(),
        en: Some(format!("{s} (en)")),
    }
}

fn checklist(c: usize) -> Checklist {
    Checklist {
        id: format!("ds-{c}"),
        version: "1".into(),
        title: text(&format!("Danh mục {c}")),
        framework: Framework::Y2025,
        applies_to: vec![],
        description: text("Mô tả"),
        sections: (0..4)
            .map(|s| Section {
                id: format!("s{s}"),
                title: text(&format!("Phần {s}")),
                items: (0..6)
                    .map(|i| Item {
                        id: format!("M{s}-{i}"),
                        question: text(&format!("Câu hỏi {c}.{s}.{i}")),
                        guidance: text(""),
                        legal_basis: vec![],
                        severity: [Severity::High, Severity::Medium, Severity::Low][i % 3],
                        kind: if i == 5 {
                            CheckKind::Observation
                        } else {
                            CheckKind::YesNo
                        },
                        action: text("Khắc phục"),
                        deadline: if i == 4 {
                            Deadline::Immediately
                        } else {
                            Deadline::WorkingDays(5 + 5 * (i as u32 % 3))
                        },
                        evidence: text(""),
                        responsible: None,
                        hash: format!("h{c}{s}{i}"),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn catalog() -> Catalog {
    let mut catalog = Catalog::default();
    for c in 0..CHECKLISTS {
        let checklist = checklist(c);
        catalog.entries.insert(
            checklist.id.clone(),
            Entry {
                checklist,
                path: String::new(),
                source: String::new(),
            },
        );
    }
    catalog
}

fn generate(store: &mut Store, catalog: &Catalog) {
    let mut rng = Rng(7);
    let statuses = [
        Status::Pass,
        Status::Fail,
        Status::Partial,
        Status::Na,
        Status::Unchecked,
    ];
    store
        .write("Người kiểm tra", |w| {
            for campaign in CAMPAIGNS {
                for u in 0..UNITS {
                    let code = format!("UBND-{u:02}");
                    let name = format!("UBND xã số {u}");
                    w.ensure_unit(&code, rng.chance(80).then_some(name.as_str()), None, None)?;
                    for entry in catalog.entries.values() {
                        if rng.chance(25) {
                            continue;
                        }
                        let insp = w.ensure_inspection(campaign, &code, entry)?;
                        for (_, item) in entry.checklist.items() {
                            if rng.chance(40) {
                                continue;
                            }
                            let set = |w: &mut parcheck::store::Writer<'_>,
                                       field: Field,
                                       value,
                                       concurrent: bool| {
                                let base: Option<&[String]> =
                                    if concurrent { Some(&[]) } else { None };
                                w.set_finding_field(
                                    &insp, &item.id, &item.hash, &field, value, base,
                                )
                                .map(|_| ())
                            };
                            let s = statuses[rng.below(statuses.len() as u64) as usize];
                            set(w, Field::Status, encode::status(s), false)?;
                            if rng.chance(8) {
                                let other = statuses[rng.below(statuses.len() as u64) as usize];
                                set(w, Field::Status, encode::status(other), true)?;
                            }
                            if rng.chance(30) {
                                set(w, Field::Note, encode::text("Sổ ghi chưa đủ"), false)?;
                            }
                            if rng.chance(10) {
                                set(
                                    w,
                                    Field::ActionOverride,
                                    encode::text("Bổ sung chữ ký"),
                                    false,
                                )?;
                            }
                            if rng.chance(8) {
                                let d = Deadline::WorkingDays(1 + rng.below(30) as u32);
                                set(w, Field::DeadlineOverride, encode::deadline(d), false)?;
                            }
                        }
                        if rng.chance(5) {
                            w.set_removed(&insp, true)?;
                        }
                    }
                }
            }
            Ok(())
        })
        .expect("generated");
}

/// What one unit's report gives: every unit and campaign's report built
/// on its own, the whole model, rendered into register rows.
fn register_one_unit_at_a_time(
    store: &Store,
    catalog: &Catalog,
    calendar: &Calendar,
    day: NaiveDate,
    lang: Lang,
) -> (Vec<Vec<register::Cell>>, usize) {
    let mut groups: BTreeMap<(String, String), Vec<InspectionSummary>> = BTreeMap::new();
    for s in store.inspections().expect("inspections") {
        groups
            .entry((s.info.campaign.clone(), s.info.unit_code.clone()))
            .or_default()
            .push(s);
    }
    let mut rows = Vec::new();
    let mut truncated = Vec::new();
    for chosen in groups.values_mut() {
        chosen.sort_by(|a, b| a.info.checklist_id.cmp(&b.info.checklist_id));
        let report =
            unit_report_of(store, catalog, chosen, calendar, day, lang).expect("unit report");
        for item in &report.remediation {
            let row = rows.len() + 2;
            rows.push(register::row_cells(
                &report,
                item,
                catalog,
                lang,
                row,
                &mut truncated,
            ));
        }
    }
    (rows, truncated.len())
}

#[test]
fn the_register_of_every_unit_is_what_each_unit_report_gives() {
    let catalog = catalog();
    let mut store = Store::open_in_memory().expect("store");
    generate(&mut store, &catalog);
    let calendar = Calendar::bundled();
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    for lang in [Lang::Vi, Lang::En] {
        let reg = register::build(&store, &catalog, &calendar, day, lang).expect("register");
        let (rows, truncated) = register_one_unit_at_a_time(&store, &catalog, &calendar, day, lang);
        assert!(
            rows.len() > 200,
            "a register worth comparing: {}",
            rows.len()
        );
        assert_eq!(reg.rows, rows);
        assert_eq!(reg.truncated.len(), truncated);
    }
    // The follow-up lists the same items, in the same order.
    let all = register::unit_reports(&store, &catalog, &calendar, day, Lang::Vi, None)
        .expect("unit reports");
    let ids: Vec<String> = all
        .reports
        .iter()
        .flat_map(|r| r.remediation.iter().map(register::finding_id))
        .collect();
    let reg = register::build(&store, &catalog, &calendar, day, Lang::Vi).expect("register");
    let from_register: Vec<String> = reg
        .rows
        .iter()
        .map(|r| match &r[0] {
            register::Cell::Text(t) => t.clone(),
            other => panic!("id cell {other:?}"),
        })
        .collect();
    assert_eq!(ids, from_register);
}

#[test]
fn a_units_inspections_and_findings_are_those_of_the_whole_list() {
    let catalog = catalog();
    let mut store = Store::open_in_memory().expect("store");
    generate(&mut store, &catalog);
    let all = store.inspections().expect("inspections");
    let removed = store.removed_inspections().expect("removed");
    assert!(!removed.is_empty(), "some inspections are removed");
    let every = ops::findings(&store, &catalog, Scope::All).expect("findings");
    for u in 0..UNITS {
        let code = format!("UBND-{u:02}");
        let whole: Vec<&InspectionSummary> =
            all.iter().filter(|s| s.info.unit_code == code).collect();
        let alone = store.unit_inspections(&code).expect("unit inspections");
        assert_eq!(alone.iter().collect::<Vec<_>>(), whole, "{code}");
        let of_unit = ops::findings(&store, &catalog, Scope::Unit(&code)).expect("findings");
        let expected: Vec<String> = every
            .iter()
            .filter(|f| f.inspection.unit_code == code)
            .map(|f| format!("{:?}", (&f.inspection, &f.item_id, &f.row, f.done)))
            .collect();
        let got: Vec<String> = of_unit
            .iter()
            .map(|f| format!("{:?}", (&f.inspection, &f.item_id, &f.row, f.done)))
            .collect();
        assert_eq!(got, expected, "{code}");
        for campaign in CAMPAIGNS {
            let sel = Selector {
                unit: Some(&code),
                checklist: None,
                inspection: None,
                campaign,
            };
            let chosen = ops::select_inspections(&store, &sel).ok();
            let mut from_all: Vec<InspectionSummary> = whole
                .iter()
                .filter(|s| {
                    let several = whole.iter().any(|o| o.info.campaign != s.info.campaign);
                    !several || s.info.campaign == campaign
                })
                .map(|s| (*s).clone())
                .collect();
            from_all.sort_by(|a, b| a.info.checklist_id.cmp(&b.info.checklist_id));
            match chosen {
                Some(c) => assert_eq!(c, from_all, "{code} {campaign}"),
                None => assert!(from_all.is_empty(), "{code} {campaign}"),
            }
        }
    }
}
