//! Finishing an inspection: what a team lead would send back (one list
//! for both faces), and the finish itself, a recorded change of the
//! inspection's `finished` register that merges like any other. Whether an
//! inspection is finished, or re-opened by a later edit, is
//! `core::register::finish_state`'s rule.

use std::collections::BTreeMap;

use super::{Actor, OpsError, Result};
use crate::catalog::Catalog;
use crate::core::checklist::{CheckKind, Checklist};
use crate::core::finding::{Inconsistency, Status, inconsistency};
use crate::core::register::FinishState;
use crate::core::text::nfc;
use crate::store::{FindingRow, InspectionInfo, Store};

/// Why a finding would be sent back.
#[derive(Debug, Clone, PartialEq)]
pub enum GapKind {
    /// No result recorded.
    Unchecked,
    /// Failed in whole or in part with neither a note nor evidence to say
    /// what was wrong.
    Unexplained(Status),
    /// Fewer records sampled than the item's sampling rule asks.
    SampleTooSmall { sampled: usize, needed: u32 },
    /// The status contradicts the sample or the ratio recorded.
    Contradiction(Inconsistency),
    /// Fields whose values disagree between inspectors (field keys).
    Conflict(Vec<String>),
}

impl GapKind {
    /// A stable code for scripts.
    pub fn code(&self) -> &'static str {
        match self {
            GapKind::Unchecked => "unchecked",
            GapKind::Unexplained(_) => "unexplained",
            GapKind::SampleTooSmall { .. } => "sample_too_small",
            GapKind::Contradiction(_) => "contradiction",
            GapKind::Conflict(_) => "conflict",
        }
    }
}

/// One thing missing before an inspection can be finished cleanly.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub item_id: String,
    pub kind: GapKind,
}

/// What a team lead would send back in this checklist's findings, in
/// checklist order (an item may have several gaps).
pub fn gaps(checklist: &Checklist, rows: &BTreeMap<String, FindingRow>) -> Vec<Gap> {
    let mut out = Vec::new();
    let empty = FindingRow::default();
    for (_, item) in checklist.items() {
        let st = &rows.get(&item.id).unwrap_or(&empty).state;
        let mut push = |kind| {
            out.push(Gap {
                item_id: item.id.clone(),
                kind,
            })
        };
        if !st.conflicts.is_empty() {
            push(GapKind::Conflict(
                st.conflicts.iter().map(|c| c.field.clone()).collect(),
            ));
        }
        if !st.is_done(&item.kind) {
            push(GapKind::Unchecked);
            continue;
        }
        if st.status.needs_action() && st.note.trim().is_empty() && st.evidence.is_empty() {
            push(GapKind::Unexplained(st.status));
        }
        if let CheckKind::Sampled {
            sampling: Some(rule),
            ..
        } = &item.kind
            && st.status != Status::Na
        {
            // With a recorded draw the rule's size for its population;
            // without one, the rule's minimum (the least it can ask).
            let needed = st
                .sampling
                .as_ref()
                .map_or(rule.min, |p| rule.sample_size(p.population));
            if st.samples.len() < needed as usize {
                push(GapKind::SampleTooSmall {
                    sampled: st.samples.len(),
                    needed,
                });
            }
        }
        if let Some(i) = inconsistency(&item.kind, st) {
            push(GapKind::Contradiction(i));
        }
    }
    out
}

/// [`gaps`] of one inspection as stored.
pub fn finish_check(store: &Store, catalog: &Catalog, info: &InspectionInfo) -> Result<Vec<Gap>> {
    let entry = super::entry(catalog, &info.checklist_id)?;
    let rows = store.finding_rows(&info.id)?;
    Ok(gaps(&entry.checklist, &rows))
}

/// The longest reason kept with a finish.
pub const MAX_REASON: usize = 500;

/// Finishes an inspection. With gaps, a reason is required (it goes into
/// the record with the finish); without, none is needed. Returns the gaps
/// it was finished despite.
pub fn finish(
    store: &mut Store,
    catalog: &Catalog,
    actor: &Actor,
    info: &InspectionInfo,
    reason: Option<&str>,
) -> Result<Vec<Gap>> {
    let gaps = finish_check(store, catalog, info)?;
    let reason = nfc(reason.unwrap_or("").trim());
    if reason.chars().count() > MAX_REASON || reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(OpsError::FinishReason);
    }
    if !gaps.is_empty() && reason.is_empty() {
        return Err(OpsError::FinishGaps(gaps.len()));
    }
    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let id = info.id.clone();
    store.write(&actor.inspector, |w| w.set_finished(&id, &at, &reason))?;
    Ok(gaps)
}

/// Where an inspection stands with respect to finishing.
pub fn finish_state(store: &Store, info: &InspectionInfo) -> Result<FinishState> {
    Ok(store.finish_state(&info.id)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::{Edit, UnitInput, apply_edits, item, open_inspection};

    fn setup() -> (Store, Catalog, Actor, InspectionInfo) {
        let catalog = Catalog::load(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/checklists/valid"
        ))]);
        let mut store = Store::open_in_memory().unwrap();
        let actor = Actor {
            inspector: "Lê Thanh Hùng".into(),
            campaign: "2026".into(),
        };
        let info = open_inspection(
            &mut store,
            &catalog,
            &actor,
            "demo",
            &UnitInput {
                code: "XA-F".into(),
                ..Default::default()
            },
        )
        .unwrap();
        (store, catalog, actor, info)
    }

    fn edit(store: &mut Store, cat: &Catalog, a: &Actor, i: &InspectionInfo, id: &str, e: Edit) {
        let it = item(cat.get("demo").unwrap(), id).unwrap().clone();
        apply_edits(store, a, i, &it, &[e], None).unwrap();
    }

    #[test]
    fn each_reason_a_lead_would_send_it_back_is_listed() {
        let (mut store, cat, a, info) = setup();
        let codes = |store: &Store| -> Vec<(String, &'static str)> {
            finish_check(store, &cat, &info)
                .unwrap()
                .into_iter()
                .map(|g| (g.item_id, g.kind.code()))
                .collect()
        };
        let all_unchecked: Vec<_> = ["D-01", "D-02", "D-03", "D-04"]
            .iter()
            .map(|i| (i.to_string(), "unchecked"))
            .collect();
        assert_eq!(codes(&store), all_unchecked);
        edit(
            &mut store,
            &cat,
            &a,
            &info,
            "D-01",
            Edit::Status(Status::Fail),
        );
        // D-02: a pass over one compliant record of the five the rule asks.
        edit(
            &mut store,
            &cat,
            &a,
            &info,
            "D-02",
            Edit::Status(Status::Pass),
        );
        let sample = |code: &str, d: &[&str]| Edit::Sample {
            code: code.into(),
            defects: d.iter().map(|s| s.to_string()).collect(),
        };
        edit(
            &mut store,
            &cat,
            &a,
            &info,
            "D-02",
            sample("HS-1", &["no-time"]),
        );
        edit(
            &mut store,
            &cat,
            &a,
            &info,
            "D-03",
            Edit::Status(Status::Pass),
        );
        edit(
            &mut store,
            &cat,
            &a,
            &info,
            "D-03",
            Edit::Ratio(Some(crate::core::finding::RatioValue {
                numerator: 1,
                denominator: 10,
            })),
        );
        edit(&mut store, &cat, &a, &info, "D-04", Edit::Note("Ổn".into()));
        let got = codes(&store);
        assert_eq!(
            got,
            [
                ("D-01".to_string(), "unexplained"),
                ("D-02".to_string(), "sample_too_small"),
                ("D-02".to_string(), "contradiction"),
                ("D-03".to_string(), "contradiction"),
            ]
        );
        // Refused without a reason; nothing written.
        assert!(matches!(
            finish(&mut store, &cat, &a, &info, None),
            Err(OpsError::FinishGaps(4))
        ));
        assert_eq!(finish_state(&store, &info).unwrap(), FinishState::Open);
        // Fixed: a note on D-01, na on D-02 and D-03 failing as measured.
        edit(
            &mut store,
            &cat,
            &a,
            &info,
            "D-01",
            Edit::Note("Chưa lập sổ".into()),
        );
        edit(
            &mut store,
            &cat,
            &a,
            &info,
            "D-02",
            Edit::Status(Status::Na),
        );
        edit(
            &mut store,
            &cat,
            &a,
            &info,
            "D-03",
            Edit::Status(Status::Fail),
        );
        edit(
            &mut store,
            &cat,
            &a,
            &info,
            "D-03",
            Edit::Note("10 %".into()),
        );
        assert_eq!(
            codes(&store),
            [],
            "D-02 is not applicable: no sample needed"
        );
        let despite = finish(&mut store, &cat, &a, &info, None).unwrap();
        assert!(despite.is_empty());
        assert!(matches!(
            finish_state(&store, &info).unwrap(),
            FinishState::Finished { reason, .. } if reason.is_empty()
        ));
        // An edit after the finish re-opens it.
        edit(
            &mut store,
            &cat,
            &a,
            &info,
            "D-04",
            Edit::Note("Ổn định".into()),
        );
        assert!(matches!(
            finish_state(&store, &info).unwrap(),
            FinishState::Reopened { .. }
        ));
        // Finishing again, with a reason the record keeps.
        finish(&mut store, &cat, &a, &info, Some("  Đã đủ  ")).unwrap();
        assert!(matches!(
            finish_state(&store, &info).unwrap(),
            FinishState::Finished { reason, .. } if reason == "Đã đủ"
        ));
    }

    #[test]
    fn a_conflict_is_a_gap() {
        let (mut store, cat, a, info) = setup();
        let it = item(cat.get("demo").unwrap(), "D-01").unwrap().clone();
        edit(
            &mut store,
            &cat,
            &a,
            &info,
            "D-01",
            Edit::Status(Status::Pass),
        );
        let seen = store.finding_row(&info.id, "D-01").unwrap();
        edit(
            &mut store,
            &cat,
            &a,
            &info,
            "D-01",
            Edit::Status(Status::Na),
        );
        apply_edits(
            &mut store,
            &a,
            &info,
            &it,
            &[Edit::Status(Status::Pass)],
            Some(&seen),
        )
        .unwrap();
        let g = finish_check(&store, &cat, &info).unwrap();
        assert_eq!(g[0].item_id, "D-01");
        assert_eq!(g[0].kind, GapKind::Conflict(vec!["status".into()]));
    }
}
