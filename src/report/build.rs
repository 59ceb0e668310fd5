//! From the store to the report models: which inspections a unit's report
//! covers, and the team summary across every inspection.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::model::{self, Header, ReportError, TeamSummary, UnitInput, UnitPart, UnitReport};
use crate::catalog::Catalog;
use crate::core::lang::Lang;
use crate::core::text::sanitize_for_terminal;
use crate::ops::{self, OpsError};
use crate::store::{FindingRow, InspectionSummary, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Which inspections to report (see [`ops::select_inspections`]).
    #[error(transparent)]
    Ops(#[from] OpsError),
    #[error("checklist \"{0}\" of this inspection is not available")]
    ChecklistMissing(String),
    #[error(transparent)]
    Report(#[from] ReportError),
}

impl BuildError {
    pub fn hint(&self) -> Option<&'static str> {
        Some(match self {
            BuildError::Store(_) => return None,
            BuildError::Ops(e) => return e.hint(),
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
    let chosen = ops::select_inspections(
        store,
        &ops::Selector {
            unit: Some(sel.unit),
            checklist: None,
            inspection: sel.inspection,
            campaign: sel.campaign,
        },
    )?;
    unit_report_of(store, catalog, &chosen, calendar, conclusion_date, lang)
}

/// The remediation report of one unit over the inspections already chosen
/// (at least one, all of the same unit and campaign): what
/// [`unit_report`] builds once it has selected them, and what the register
/// builds for each unit and campaign of the database.
pub fn unit_report_of(
    store: &Store,
    catalog: &Catalog,
    chosen: &[InspectionSummary],
    calendar: &dyn model::WorkingDays,
    conclusion_date: NaiveDate,
    lang: Lang,
) -> Result<UnitReport, BuildError> {
    let mut rows: Vec<BTreeMap<String, FindingRow>> = Vec::with_capacity(chosen.len());
    for s in chosen {
        rows.push(ops::inspection_rows(store, &s.info)?);
    }
    report_from_rows(
        catalog,
        chosen,
        &rows,
        calendar,
        conclusion_date,
        lang,
        model::Detail::Full,
    )
}

/// The report of one unit over `chosen` from their findings already read
/// (`rows[i]` those of `chosen[i]`), built to the `detail` asked for.
pub(crate) fn report_from_rows(
    catalog: &Catalog,
    chosen: &[InspectionSummary],
    rows: &[BTreeMap<String, FindingRow>],
    calendar: &dyn model::WorkingDays,
    conclusion_date: NaiveDate,
    lang: Lang,
    detail: model::Detail,
) -> Result<UnitReport, BuildError> {
    let mut parts = Vec::with_capacity(chosen.len());
    for (s, r) in chosen.iter().zip(rows) {
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
        unit_code: chosen[0].info.unit_code.clone(),
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
    Ok(model::build_unit_with(&input, detail)?)
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
        let findings = ops::inspection_rows(store, &s.info)?;
        units.push(model::summary_row(
            &model::SummaryInput {
                checklist: &entry.checklist,
                unit_code: s.info.unit_code.clone(),
                unit_name: s.unit_name.clone(),
                campaign: s.info.campaign.clone(),
                inspection_id: s.info.id.clone(),
                rows: &findings,
            },
            lang,
        ));
    }
    Ok((model::build_summary(units, lang), skipped))
}

/// The local day of a timestamp, YYYY-MM-DD.
fn day(ms: Option<i64>) -> Option<String> {
    ms.and_then(crate::core::time::local_day)
        .map(|d| d.format("%Y-%m-%d").to_string())
}
