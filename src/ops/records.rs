//! Shared samples: the items of a checklist with the same `sample_group`
//! are checked on the same records. The record view works record by
//! record over the whole group; what it writes are the items' own sample
//! and sampling revisions, so merging, conflicts, reports and the item view
//! keep working on each item unchanged. Every step here is one list of
//! per-item edits for [`super::apply_step`], so it is saved (and undone)
//! whole.

use std::collections::{BTreeMap, BTreeSet};

use super::Edit;
use crate::core::checklist::{CheckKind, Checklist, Item};
use crate::core::finding::{NOT_FOUND, SamplingPlan};
use crate::core::text::nfc;
use crate::store::FindingRow;

/// The sample group of an item, if it has one.
pub fn group_of(item: &Item) -> Option<&str> {
    match &item.kind {
        CheckKind::Sampled { group, .. } => group.as_deref(),
        _ => None,
    }
}

/// The items of `group` in `checklist`, in checklist order.
pub fn group_items<'c>(checklist: &'c Checklist, group: &str) -> Vec<&'c Item> {
    checklist
        .items()
        .map(|(_, it)| it)
        .filter(|it| group_of(it) == Some(group))
        .collect()
}

/// How many records the group's one draw takes from `population`: the
/// strictest of its items' sampling rules, so every item gets at least the
/// sample its own rule asks (0 when none of them has a rule).
pub fn group_size(items: &[&Item], population: u32) -> u32 {
    items
        .iter()
        .filter_map(|it| match &it.kind {
            CheckKind::Sampled {
                sampling: Some(rule),
                ..
            } => Some(rule.sample_size(population)),
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

/// The group's draw as recorded: the plan of its first item that has one
/// (every item of the group gets the same one).
pub fn group_plan<'r>(
    items: &[&Item],
    rows: &'r BTreeMap<String, FindingRow>,
) -> Option<&'r SamplingPlan> {
    items
        .iter()
        .find_map(|it| rows.get(&it.id)?.state.sampling.as_ref())
}

/// The edits of one draw for the whole group: the same population, seed
/// and positions on every item.
pub fn group_draw(items: &[&Item], population: u32, seed: u64) -> Vec<(String, Vec<Edit>)> {
    let size = group_size(items, population);
    items
        .iter()
        .map(|it| {
            let plan = Edit::GroupSamplingPlan {
                population,
                seed,
                size,
            };
            (it.id.clone(), vec![plan])
        })
        .collect()
}

/// The record codes sampled for any item of the group, sorted.
pub fn group_records(items: &[&Item], rows: &BTreeMap<String, FindingRow>) -> Vec<String> {
    let mut codes = BTreeSet::new();
    for it in items {
        if let Some(r) = rows.get(&it.id) {
            codes.extend(r.state.samples.iter().map(|s| s.code.clone()));
        }
    }
    codes.into_iter().collect()
}

/// The defects item `item` records for record `code` (None: not sampled
/// on this item).
pub fn defects_of<'r>(
    item: &Item,
    rows: &'r BTreeMap<String, FindingRow>,
    code: &str,
) -> Option<&'r [String]> {
    rows.get(&item.id)?
        .state
        .samples
        .iter()
        .find(|s| s.code == code)
        .map(|s| s.defects.as_slice())
}

/// Adds record `code` to every item of the group that does not have it
/// yet (as compliant); items that have it keep what they recorded.
pub fn add_record(
    items: &[&Item],
    rows: &BTreeMap<String, FindingRow>,
    code: &str,
) -> Vec<(String, Vec<Edit>)> {
    let code = nfc(code.trim());
    items
        .iter()
        .filter(|it| defects_of(it, rows, &code).is_none())
        .map(|it| {
            let add = Edit::Sample {
                code: code.clone(),
                defects: vec![],
            };
            (it.id.clone(), vec![add])
        })
        .collect()
}

/// Removes record `code` from every item of the group that has it.
pub fn remove_record(
    items: &[&Item],
    rows: &BTreeMap<String, FindingRow>,
    code: &str,
) -> Vec<(String, Vec<Edit>)> {
    items
        .iter()
        .filter(|it| defects_of(it, rows, code).is_some())
        .map(|it| (it.id.clone(), vec![Edit::RemoveSample(code.to_owned())]))
        .collect()
}

/// Turns `defect` on or off for record `code` on one item (adding the
/// record to it when it lacks it). Marking a defect clears "not found":
/// the record was found after all.
pub fn toggle_defect(
    item: &Item,
    rows: &BTreeMap<String, FindingRow>,
    code: &str,
    defect: &str,
) -> (String, Vec<Edit>) {
    let mut defects: Vec<String> = defects_of(item, rows, code)
        .unwrap_or_default()
        .iter()
        .filter(|d| d.as_str() != NOT_FOUND)
        .cloned()
        .collect();
    if let Some(at) = defects.iter().position(|d| d == defect) {
        defects.remove(at);
    } else {
        defects.push(defect.to_owned());
    }
    (
        item.id.clone(),
        vec![Edit::Sample {
            code: code.to_owned(),
            defects,
        }],
    )
}

/// Records (or withdraws) that record `code` could not be found, on every
/// item of the group: a record not found shows no other defect.
pub fn set_not_found(items: &[&Item], code: &str, not_found: bool) -> Vec<(String, Vec<Edit>)> {
    items
        .iter()
        .map(|it| {
            let defects = if not_found {
                vec![NOT_FOUND.to_owned()]
            } else {
                vec![]
            };
            (
                it.id.clone(),
                vec![Edit::Sample {
                    code: code.to_owned(),
                    defects,
                }],
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::ops::{Actor, ItemEdits, UnitInput, apply_step, open_inspection};
    use crate::store::Store;

    const GROUP: &str = "phieu-kiem-soat";

    fn save(
        store: &mut Store,
        actor: &Actor,
        info: &crate::store::InspectionInfo,
        checklist: &Checklist,
        step: Vec<(String, Vec<Edit>)>,
    ) {
        let rows = store.finding_rows(&info.id).unwrap();
        let items: Vec<&Item> = step
            .iter()
            .map(|(id, _)| checklist.find_item(id).unwrap().1)
            .collect();
        let targets: Vec<ItemEdits<'_>> = step
            .iter()
            .zip(&items)
            .map(|((id, edits), item)| ItemEdits {
                item,
                edits: edits.clone(),
                base: rows.get(id),
            })
            .collect();
        apply_step(store, actor, info, &targets).unwrap();
    }

    #[test]
    fn a_group_shares_one_draw_and_its_records() {
        let catalog = Catalog::load(&[]);
        let checklist = &catalog.get("phieu-kiem-soat").unwrap().checklist;
        let items = group_items(checklist, GROUP);
        let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["PKS-02", "PKS-03", "PKS-04", "PKS-05", "PKS-06"]);
        // Every rule is 5 / 10 % / 30: 120 records → 12.
        assert_eq!(group_size(&items, 120), 12);
        let mut store = Store::open_in_memory().unwrap();
        let actor = Actor {
            inspector: "Lê Thanh Hùng".into(),
            campaign: "2026".into(),
        };
        let info = open_inspection(
            &mut store,
            &catalog,
            &actor,
            "phieu-kiem-soat",
            &UnitInput {
                code: "XA-R".into(),
                ..Default::default()
            },
        )
        .unwrap();
        save(
            &mut store,
            &actor,
            &info,
            checklist,
            group_draw(&items, 120, 4711),
        );
        let rows = store.finding_rows(&info.id).unwrap();
        let plan = group_plan(&items, &rows).unwrap().clone();
        assert_eq!(plan.drawn.len(), 12);
        for it in &items {
            assert_eq!(rows[&it.id].state.sampling.as_ref(), Some(&plan));
        }
        // A record added once is on every item.
        save(
            &mut store,
            &actor,
            &info,
            checklist,
            add_record(&items, &rows, "HS-07"),
        );
        let rows = store.finding_rows(&info.id).unwrap();
        assert_eq!(group_records(&items, &rows), ["HS-07"]);
        for it in &items {
            assert_eq!(defects_of(it, &rows, "HS-07"), Some(&[][..]));
        }
        // A defect on one item stays on it.
        let defect = items[1].kind.defects()[0].id.clone();
        let step = vec![toggle_defect(items[1], &rows, "HS-07", &defect)];
        save(&mut store, &actor, &info, checklist, step);
        let rows = store.finding_rows(&info.id).unwrap();
        assert_eq!(
            defects_of(items[1], &rows, "HS-07"),
            Some(&[defect.clone()][..])
        );
        assert_eq!(defects_of(items[0], &rows, "HS-07"), Some(&[][..]));
        // Not found: on every item, counted defective.
        save(
            &mut store,
            &actor,
            &info,
            checklist,
            set_not_found(&items, "HS-07", true),
        );
        let rows = store.finding_rows(&info.id).unwrap();
        for it in &items {
            assert_eq!(rows[&it.id].state.defective_count(), 1);
        }
        // Removed from all.
        save(
            &mut store,
            &actor,
            &info,
            checklist,
            remove_record(&items, &rows, "HS-07"),
        );
        let rows = store.finding_rows(&info.id).unwrap();
        assert!(group_records(&items, &rows).is_empty());
    }
}
