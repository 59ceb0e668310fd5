//! The team summary: one row per inspected unit and checklist, and the
//! totals over all of them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::counts::{Classification, Counts, SectionSummary, tally};
use crate::core::checklist::{Checklist, Severity};
use crate::core::finding::Status;
use crate::core::lang::Lang;
use crate::store::FindingRow;

#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub unit: String,
    pub unit_name: String,
    pub checklist: String,
    /// The checklist's title in the report's language.
    pub checklist_title: String,
    /// The campaign the inspection belongs to.
    pub campaign: String,
    pub inspection: String,
    pub counts: Counts,
    pub pass_rate: String,
    pub classification: Classification,
    pub sections: Vec<SectionSummary>,
    /// Ids of failed high-severity items.
    pub high_failures: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamSummary {
    #[serde(skip)]
    pub lang: Lang,
    pub units: Vec<UnitRow>,
    pub totals: Counts,
}

/// One inspection's data for the team summary.
pub struct SummaryInput<'a> {
    pub checklist: &'a Checklist,
    pub unit_code: String,
    pub unit_name: String,
    pub campaign: String,
    pub inspection_id: String,
    pub rows: &'a BTreeMap<String, FindingRow>,
}

pub fn summary_row(input: &SummaryInput<'_>, lang: Lang) -> UnitRow {
    let t = tally(input.checklist, input.rows, lang);
    let high_failures = input
        .checklist
        .items()
        .filter(|(_, i)| i.severity == Severity::High)
        .filter(|(_, i)| {
            input
                .rows
                .get(&i.id)
                .is_some_and(|r| r.state.status == Status::Fail)
        })
        .map(|(_, i)| i.id.clone())
        .collect();
    UnitRow {
        unit: input.unit_code.clone(),
        unit_name: input.unit_name.clone(),
        checklist: input.checklist.id.clone(),
        checklist_title: input.checklist.title.get(lang).to_owned(),
        campaign: input.campaign.clone(),
        inspection: input.inspection_id.clone(),
        pass_rate: t.counts.pass_rate_text(),
        classification: Classification::compute(&t.counts, t.high_fail, t.high_partial),
        counts: t.counts,
        sections: t.sections,
        high_failures,
    }
}

pub fn build_summary(mut units: Vec<UnitRow>, lang: Lang) -> TeamSummary {
    units.sort_by(|a, b| {
        (&a.unit, &a.checklist, &a.inspection).cmp(&(&b.unit, &b.checklist, &b.inspection))
    });
    let mut totals = Counts::default();
    for u in &units {
        totals.merge(&u.counts);
    }
    TeamSummary {
        lang,
        units,
        totals,
    }
}
