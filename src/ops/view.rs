//! Reading findings: which inspections a command means, and one view of a
//! finding that every face and every report format reads.

use super::{OpsError, Result};
use crate::catalog::Catalog;
use crate::core::finding::{Inconsistency, Status, inconsistency};
use crate::core::text::sanitize_for_terminal;
use crate::store::{FindingRow, InspectionInfo, InspectionSummary, Store};

/// Which inspections a command means. One rule for every command: the
/// inspections of the unit (of the checklist, with the id prefix, when
/// given); when they span several campaigns, those of `campaign`.
#[derive(Debug, Clone, Copy)]
pub struct Selector<'a> {
    pub unit: Option<&'a str>,
    pub checklist: Option<&'a str>,
    /// An inspection id or its first characters.
    pub inspection: Option<&'a str>,
    /// The campaign in force (`--campaign`, config, else the year).
    pub campaign: &'a str,
}

/// Every inspection the selector means, by checklist id (at least one).
/// Removed inspections are not among them.
pub fn select_inspections(store: &Store, sel: &Selector<'_>) -> Result<Vec<InspectionSummary>> {
    // A unit's inspections are read alone: a unit's report costs what
    // that unit holds, not what the database holds.
    let list = match sel.unit {
        Some(unit) => store.unit_inspections(unit)?,
        None => store.inspections()?,
    };
    select_among(list, sel)
}

/// The selector's rule applied to a list of inspections (the visible
/// ones, or the removed ones for a restore).
pub(super) fn select_among(
    list: Vec<InspectionSummary>,
    sel: &Selector<'_>,
) -> Result<Vec<InspectionSummary>> {
    let clean = |s: &str| sanitize_for_terminal(s, false);
    let mut chosen: Vec<InspectionSummary> = list
        .into_iter()
        .filter(|s| sel.unit.is_none_or(|u| s.info.unit_code == u))
        .filter(|s| sel.checklist.is_none_or(|c| s.info.checklist_id == c))
        .filter(|s| sel.inspection.is_none_or(|p| s.info.id.starts_with(p)))
        .collect();
    let unit = || clean(sel.unit.or(sel.inspection).unwrap_or_default());
    if chosen.is_empty() {
        return Err(match (sel.unit, sel.inspection) {
            (None, Some(id)) => OpsError::NoInspectionId(clean(id)),
            _ => OpsError::NoInspection {
                unit: unit(),
                with_id: sel.inspection.is_some(),
            },
        });
    }
    let mut campaigns: Vec<String> = chosen.iter().map(|s| s.info.campaign.clone()).collect();
    campaigns.sort();
    campaigns.dedup();
    if campaigns.len() > 1 {
        chosen.retain(|s| s.info.campaign == sel.campaign);
        if chosen.is_empty() {
            return Err(OpsError::SeveralCampaigns {
                unit: unit(),
                campaigns: campaigns.iter().map(|c| clean(c)).collect(),
            });
        }
    }
    chosen.sort_by(|a, b| a.info.checklist_id.cmp(&b.info.checklist_id));
    Ok(chosen)
}

/// The one inspection the selector means; several are an error naming
/// their checklists.
pub fn select_inspection(store: &Store, sel: &Selector<'_>) -> Result<InspectionSummary> {
    only_one(select_inspections(store, sel)?, sel)
}

/// The one inspection of a selection; several are an error naming their
/// checklists.
pub(super) fn only_one(
    mut all: Vec<InspectionSummary>,
    sel: &Selector<'_>,
) -> Result<InspectionSummary> {
    if all.len() > 1 {
        return Err(OpsError::SeveralInspections {
            unit: sanitize_for_terminal(sel.unit.or(sel.inspection).unwrap_or_default(), false),
            checklists: all
                .iter()
                .map(|s| sanitize_for_terminal(&s.info.checklist_id, false))
                .collect(),
        });
    }
    Ok(all.remove(0))
}

/// One finding as every face shows it: where it belongs, its state (with
/// the effective status and every conflict side), and whether its item
/// changed meaning since it was recorded.
#[derive(Debug, Clone)]
pub struct FindingView {
    pub inspection: InspectionInfo,
    pub unit_name: String,
    /// The section of the item in the loaded checklist (None when the
    /// checklist or the item is not loaded here).
    pub section: Option<String>,
    pub item_id: String,
    pub row: FindingRow,
    pub item_changed: bool,
    /// The recorded status contradicts the recorded sample or ratio (None
    /// when consistent, or when the item is not loaded here).
    pub inconsistency: Option<Inconsistency>,
    /// Whether the finding counts as done on its item (see
    /// `register::is_done`; by status alone when the item is not loaded).
    pub done: bool,
    /// The sample group of the item (see `ops::group_items`).
    pub sample_group: Option<String>,
}

/// Which findings to read.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    All,
    Unit(&'a str),
    Inspection(&'a InspectionInfo),
}

/// Every recorded finding in scope, by unit, checklist and item. The one
/// read of findings under the screens, `findings --json` and the reports.
pub fn findings(store: &Store, catalog: &Catalog, scope: Scope<'_>) -> Result<Vec<FindingView>> {
    let mut out = Vec::new();
    for_each_finding(store, catalog, scope, |f| {
        out.push(f);
        Ok(())
    })?;
    Ok(out)
}

/// [`findings`] one at a time, in the same order, holding no more than
/// the findings of one unit's checklist in memory: what lets
/// `findings --json` write a database of any size as it reads it.
pub fn for_each_finding(
    store: &Store,
    catalog: &Catalog,
    scope: Scope<'_>,
    mut each: impl FnMut(FindingView) -> Result<()>,
) -> Result<()> {
    // The unit's name is read once per inspection, not once per finding.
    let mut inspections: Vec<(InspectionInfo, String)> = match scope {
        Scope::Inspection(info) => {
            let name = store
                .unit(&info.unit_code)?
                .map(|u| u.name)
                .unwrap_or_default();
            vec![(info.clone(), name)]
        }
        Scope::All => store
            .inspections()?
            .into_iter()
            .map(|s| (s.info, s.unit_name))
            .collect(),
        Scope::Unit(unit) => store
            .unit_inspections(unit)?
            .into_iter()
            .map(|s| (s.info, s.unit_name))
            .collect(),
    };
    // By unit and checklist, stable: inspections of one unit's checklist
    // in several campaigns keep the order `inspections` gives them.
    inspections.sort_by(|a, b| {
        (&a.0.unit_code, &a.0.checklist_id).cmp(&(&b.0.unit_code, &b.0.checklist_id))
    });
    let mut group: Vec<FindingView> = Vec::new();
    let mut k = 0;
    while k < inspections.len() {
        let same = |i: &(InspectionInfo, String)| {
            i.0.unit_code == inspections[k].0.unit_code
                && i.0.checklist_id == inspections[k].0.checklist_id
        };
        let end = k + inspections[k..].iter().take_while(|i| same(i)).count();
        for (info, unit_name) in &inspections[k..end] {
            let entry = catalog.get(&info.checklist_id);
            for (item_id, row) in inspection_rows(store, info)? {
                let found = entry.and_then(|e| e.checklist.find_item(&item_id));
                let kind = found.map(|(_, it)| &it.kind);
                group.push(FindingView {
                    inspection: info.clone(),
                    unit_name: unit_name.clone(),
                    section: found.map(|(sec, _)| sec.id.clone()),
                    item_changed: found.is_some_and(|(_, it)| row.item_changed(it)),
                    inconsistency: kind.and_then(|k| inconsistency(k, &row.state)),
                    done: kind.map_or(row.state.status != Status::Unchecked, |k| {
                        row.state.is_done(k)
                    }),
                    sample_group: found.and_then(|(_, it)| super::group_of(it).map(str::to_owned)),
                    item_id,
                    row,
                });
            }
        }
        // Each inspection's rows come by item id; several campaigns of one
        // checklist interleave by item, stably.
        if end - k > 1 {
            group.sort_by(|a, b| a.item_id.cmp(&b.item_id));
        }
        for f in group.drain(..) {
            each(f)?;
        }
        k = end;
    }
    Ok(())
}

/// The findings of one inspection, by item id (what a screen or a report
/// of that inspection shows), as the store assembles them with the
/// register rules; `findings` adds where each belongs.
pub fn inspection_rows(
    store: &Store,
    info: &InspectionInfo,
) -> Result<std::collections::BTreeMap<String, FindingRow>> {
    Ok(store.finding_rows(&info.id)?)
}

/// Findings recorded, at least in part, against another meaning of their
/// checklist item than the checklist loaded now: (unit, checklist, item).
/// A merge brings them in from laptops with other checklist versions; they
/// are flagged, never silently mixed.
pub fn findings_on_changed_items(
    store: &Store,
    catalog: &Catalog,
) -> Result<Vec<(String, String, String)>> {
    Ok(findings(store, catalog, Scope::All)?
        .into_iter()
        .filter(|f| f.item_changed)
        .map(|f| (f.inspection.unit_code, f.inspection.checklist_id, f.item_id))
        .collect())
}
