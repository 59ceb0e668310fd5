//! Removing an inspection created by mistake, and restoring it. A removal
//! is a recorded change like any other (a revision of the inspection's
//! `removed` register), so it merges, shows in the history and can be
//! undone; nothing recorded is ever deleted. Whether an inspection is
//! removed is `core::register::removal_in_force`'s rule, which the
//! store's list of inspections applies for every face and report.

use super::view::{only_one, select_among};
use super::{Actor, OpsError, Result, Selector};
use crate::core::text::sanitize_for_terminal;
use crate::store::{InspectionSummary, Store};

/// Remove or restore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    Remove,
    Restore,
}

/// The inspection a removal or restore means: one of the visible
/// inspections to remove, one of the removed ones to restore. Selecting
/// one that already is as asked says so.
pub fn select_for(store: &Store, sel: &Selector<'_>, how: Removal) -> Result<InspectionSummary> {
    let (wanted, other) = match how {
        Removal::Remove => (store.inspections()?, store.removed_inspections()?),
        Removal::Restore => (store.removed_inspections()?, store.inspections()?),
    };
    match select_among(wanted, sel) {
        Ok(list) => only_one(list, sel),
        Err(e @ (OpsError::NoInspection { .. } | OpsError::NoInspectionId(_))) => {
            match select_among(other, sel).and_then(|l| only_one(l, sel)) {
                Ok(s) => Err(already(&s, how)),
                Err(_) => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

/// Removes or restores one inspection. Nothing is written when it already
/// is as asked (an error saying so).
pub fn set_removed(
    store: &mut Store,
    actor: &Actor,
    inspection: &InspectionSummary,
    how: Removal,
) -> Result<String> {
    let id = inspection.info.id.clone();
    let written = store.write(&actor.inspector, |w| {
        w.set_removed(&id, how == Removal::Remove)
    })?;
    written.ok_or_else(|| already(inspection, how))
}

fn already(s: &InspectionSummary, how: Removal) -> OpsError {
    let unit = sanitize_for_terminal(&s.info.unit_code, false);
    let checklist = sanitize_for_terminal(&s.info.checklist_id, false);
    match how {
        Removal::Remove => OpsError::AlreadyRemoved { unit, checklist },
        Removal::Restore => OpsError::NotRemoved { unit, checklist },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::core::finding::Status;
    use crate::ops::{Edit, UnitInput, apply_edits, open_inspection};

    fn setup() -> (Store, Catalog, Actor) {
        let catalog = Catalog::load(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/checklists/valid"
        ))]);
        let actor = Actor {
            inspector: "Lê Thanh Hùng".into(),
            campaign: "2026".into(),
        };
        (Store::open_in_memory().unwrap(), catalog, actor)
    }

    fn sel(unit: &str) -> Selector<'_> {
        Selector {
            unit: Some(unit),
            checklist: None,
            inspection: None,
            campaign: "2026",
        }
    }

    #[test]
    fn removed_is_hidden_then_restored_and_nothing_is_lost() {
        let (mut store, catalog, actor) = setup();
        let info = open_inspection(
            &mut store,
            &catalog,
            &actor,
            "demo",
            &UnitInput {
                code: "XA-O1".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let item = crate::ops::item(crate::ops::entry(&catalog, "demo").unwrap(), "D-01")
            .unwrap()
            .clone();
        apply_edits(
            &mut store,
            &actor,
            &info,
            &item,
            &[Edit::Status(Status::Fail)],
            None,
        )
        .unwrap();
        let s = select_for(&store, &sel("XA-O1"), Removal::Remove).unwrap();
        set_removed(&mut store, &actor, &s, Removal::Remove).unwrap();
        assert!(store.inspections().unwrap().is_empty());
        assert!(store.is_removed(&info.id).unwrap());
        // Removing again, or restoring what is visible, says so.
        assert!(matches!(
            select_for(&store, &sel("XA-O1"), Removal::Remove),
            Err(OpsError::AlreadyRemoved { .. })
        ));
        assert!(matches!(
            set_removed(&mut store, &actor, &s, Removal::Remove),
            Err(OpsError::AlreadyRemoved { .. })
        ));
        let s = select_for(&store, &sel("XA-O1"), Removal::Restore).unwrap();
        set_removed(&mut store, &actor, &s, Removal::Restore).unwrap();
        let back = store.inspections().unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].checked, 1, "the finding is still there");
        assert!(matches!(
            select_for(&store, &sel("XA-O1"), Removal::Restore),
            Err(OpsError::NotRemoved { .. })
        ));
        assert!(matches!(
            select_for(&store, &sel("XA-99"), Removal::Remove),
            Err(OpsError::NoInspection { .. })
        ));
        // Both are in the history, credited.
        let removals: Vec<_> = store
            .history(Some("XA-O1"), None)
            .unwrap()
            .into_iter()
            .filter(|h| h.field == "removed")
            .collect();
        assert_eq!(removals.len(), 2);
        assert!(removals.iter().all(|h| h.author == "Lê Thanh Hùng"));
    }

    /// A finding recorded after a removal (here by `record` on the same
    /// unit and checklist) brings the inspection back: the removal did
    /// not see it.
    #[test]
    fn a_finding_the_removal_did_not_see_brings_it_back() {
        let (mut store, catalog, actor) = setup();
        let unit = UnitInput {
            code: "XA-02".into(),
            ..Default::default()
        };
        let info = open_inspection(&mut store, &catalog, &actor, "demo", &unit).unwrap();
        let s = select_for(&store, &sel("XA-02"), Removal::Remove).unwrap();
        set_removed(&mut store, &actor, &s, Removal::Remove).unwrap();
        assert!(store.inspections().unwrap().is_empty());
        let item = crate::ops::item(crate::ops::entry(&catalog, "demo").unwrap(), "D-02")
            .unwrap()
            .clone();
        apply_edits(
            &mut store,
            &actor,
            &info,
            &item,
            &[Edit::Status(Status::Pass)],
            None,
        )
        .unwrap();
        assert_eq!(store.inspections().unwrap().len(), 1);
    }
}
