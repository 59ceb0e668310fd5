//! From the store to the report models: which inspections a unit's report
//! covers, and the team summary across every inspection.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::model::{self, Header, ReportError, TeamSummary, UnitInput, UnitPart, UnitReport};
use crate::catalog::Catalog;
use crate::core::lang::Lang;
use crate::core::text::sanitize_for_terminal;
use crate::store::{FindingRow, InspectionSummary, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no inspection of unit \"{unit}\"{}", if *.with_id { " with that id" } else { "" })]
    NoInspection { unit: String, with_id: bool },
    #[error("unit \"{unit}\" was inspected in several campaigns ({})", campaigns.join(", "))]
    SeveralCampaigns {
        unit: String,
        campaigns: Vec<String>,
    },
    #[error("checklist \"{0}\" of this inspection is not available")]
    ChecklistMissing(String),
    #[error(transparent)]
    Report(#[from] ReportError),
}

impl BuildError {
    pub fn hint(&self) -> Option<&'static str> {
        Some(match self {
            BuildError::Store(_) => return None,
            BuildError::NoInspection { .. } => "`parcheck findings` lists the recorded units",
            BuildError::SeveralCampaigns { .. } => {
                "choose one with --campaign NAME, or one inspection with --inspection ID"
            }
            BuildError::ChecklistMissing(_) => "add its directory with --checklists DIR",
            BuildError::Report(_) => "extend the calendar with --holidays FILE",
        })
    }
}

/// Which inspections of a unit a report covers.
pub struct Selection<'a> {
    pub unit: &'a str,
    /// An inspection id or its first characters: only that inspection.
    pub inspection: Option<&'a str>,
    /// When the unit was inspected in several campaigns, the one to report.
    pub campaign: &'a str,
}

/// The remediation report of one unit: every checklist it was inspected
/// against in the campaign, as the conclusion notice covers them all.
pub fn unit_report(
    store: &Store,
    catalog: &Catalog,
    sel: &Selection<'_>,
    calendar: &dyn model::WorkingDays,
    conclusion_date: NaiveDate,
    lang: Lang,
) -> Result<UnitReport, BuildError> {
    let mut chosen: Vec<InspectionSummary> = store
        .inspections()?
        .into_iter()
        .filter(|s| s.info.unit_code == sel.unit)
        .filter(|s| sel.inspection.is_none_or(|p| s.info.id.starts_with(p)))
        .collect();
    if chosen.is_empty() {
        return Err(BuildError::NoInspection {
            unit: sanitize_for_terminal(sel.unit, false),
            with_id: sel.inspection.is_some(),
        });
    }
    let mut campaigns: Vec<String> = chosen.iter().map(|s| s.info.campaign.clone()).collect();
    campaigns.sort();
    campaigns.dedup();
    if campaigns.len() > 1 {
        chosen.retain(|s| s.info.campaign == sel.campaign);
        if chosen.is_empty() {
            return Err(BuildError::SeveralCampaigns {
                unit: sanitize_for_terminal(sel.unit, false),
                campaigns: campaigns
                    .iter()
                    .map(|c| sanitize_for_terminal(c, false))
                    .collect(),
            });
        }
    }
    chosen.sort_by(|a, b| a.info.checklist_id.cmp(&b.info.checklist_id));

    let mut rows: Vec<BTreeMap<String, FindingRow>> = Vec::with_capacity(chosen.len());
    for s in &chosen {
        rows.push(store.finding_rows(&s.info.id)?);
    }
    let mut parts = Vec::with_capacity(chosen.len());
    for (s, r) in chosen.iter().zip(&rows) {
        let entry = catalog.get(&s.info.checklist_id).ok_or_else(|| {
            BuildError::ChecklistMissing(sanitize_for_terminal(&s.info.checklist_id, false))
        })?;
        parts.push(UnitPart {
            checklist: &entry.checklist,
            inspection_id: s.info.id.clone(),
            rows: r,
        });
    }
    let mut inspectors: Vec<String> = Vec::new();
    for name in chosen.iter().flat_map(|s| s.inspectors.iter()) {
        if !inspectors.contains(name) {
            inspectors.push(name.clone());
        }
    }
    let header = Header {
        unit_code: sel.unit.to_owned(),
        unit_name: chosen
            .iter()
            .map(|s| s.unit_name.clone())
            .find(|n| !n.is_empty())
            .unwrap_or_default(),
        inspection_ids: chosen.iter().map(|s| s.info.id.clone()).collect(),
        campaign: chosen[0].info.campaign.clone(),
        first_day: day(chosen.iter().filter_map(|s| s.first_at_ms).min()),
        last_day: day(chosen.iter().filter_map(|s| s.last_at_ms).max()),
        inspectors,
    };
    let input = UnitInput {
        parts,
        header,
        calendar,
        conclusion_date,
        lang,
    };
    Ok(model::build_unit(&input)?)
}

/// The team summary across every inspection in the store. Inspections
/// whose checklist is not available are skipped and named in the result.
pub fn team_summary(
    store: &Store,
    catalog: &Catalog,
    lang: Lang,
) -> Result<(TeamSummary, Vec<String>), BuildError> {
    let mut units = Vec::new();
    let mut skipped = Vec::new();
    for s in store.inspections()? {
        let Some(entry) = catalog.get(&s.info.checklist_id) else {
            skipped.push(format!(
                "{} ({})",
                sanitize_for_terminal(&s.info.unit_code, false),
                sanitize_for_terminal(&s.info.checklist_id, false)
            ));
            continue;
        };
        let findings = store.finding_rows(&s.info.id)?;
        units.push(model::summary_row(
            &model::SummaryInput {
                checklist: &entry.checklist,
                unit_code: s.info.unit_code.clone(),
                unit_name: s.unit_name.clone(),
                inspection_id: s.info.id.clone(),
                rows: &findings,
            },
            lang,
        ));
    }
    Ok((model::build_summary(units, lang), skipped))
}

/// The UTC day of a timestamp, YYYY-MM-DD.
fn day(ms: Option<i64>) -> Option<String> {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.date_naive().format("%Y-%m-%d").to_string())
}
