//! The provincial office's follow-up report: for every unit and campaign,
//! how many items to remedy stand open, overdue, reported, verified or not
//! accepted, and the overdue items themselves. Built from the follow-up
//! listing (`ops::followup::list`), so it counts exactly what
//! `parcheck followup` lists, with the same working days.

use chrono::NaiveDate;
use serde::Serialize;

use crate::core::followup::State;
use crate::core::lang::Lang;
use crate::ops::followup::{FollowupItem, Tally, tallies};

/// Counts of items by follow-up state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FollowupCounts {
    /// Every item to remedy.
    pub items: usize,
    pub open: usize,
    /// Of the open and not accepted, those past their due date.
    pub overdue: usize,
    pub reported: usize,
    pub verified: usize,
    pub not_accepted: usize,
}

impl FollowupCounts {
    fn of(t: &Tally) -> FollowupCounts {
        FollowupCounts {
            items: t.open + t.reported + t.verified + t.not_accepted,
            open: t.open,
            overdue: t.overdue,
            reported: t.reported,
            verified: t.verified,
            not_accepted: t.not_accepted,
        }
    }

    fn add(&mut self, o: &FollowupCounts) {
        self.items += o.items;
        self.open += o.open;
        self.overdue += o.overdue;
        self.reported += o.reported;
        self.verified += o.verified;
        self.not_accepted += o.not_accepted;
    }
}

/// One unit in one campaign.
#[derive(Debug, Clone, Serialize)]
pub struct FollowupUnit {
    pub campaign: String,
    pub unit: String,
    pub unit_name: String,
    pub counts: FollowupCounts,
}

impl FollowupUnit {
    /// The unit as a reader knows it: its name, else its code.
    pub fn shown(&self) -> &str {
        shown(&self.unit, &self.unit_name)
    }
}

/// An item of a unit, as the report lists it.
#[derive(Debug, Clone, Serialize)]
pub struct FollowupLine {
    pub campaign: String,
    pub unit: String,
    pub unit_name: String,
    pub checklist: String,
    pub item: String,
    pub question: String,
    pub action: String,
    pub due: NaiveDate,
    pub state: State,
    /// Working days past the due date (overdue items only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_days_overdue: Option<i64>,
    /// The day the unit says it was done (reported items only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_on: Option<NaiveDate>,
}

impl FollowupLine {
    pub fn shown_unit(&self) -> &str {
        shown(&self.unit, &self.unit_name)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowupReport {
    #[serde(skip)]
    pub lang: Lang,
    /// The day the figures are counted to.
    pub as_of: NaiveDate,
    pub units: Vec<FollowupUnit>,
    pub totals: FollowupCounts,
    /// Items past their due date, most overdue first within each unit.
    pub overdue: Vec<FollowupLine>,
    /// Items the unit reported done that the team has not verified yet.
    pub awaiting_verification: Vec<FollowupLine>,
}

/// The report over `items` (the listing, in its order: by campaign and
/// unit, each in its notice's order).
pub fn build_followup(items: &[FollowupItem], as_of: NaiveDate, lang: Lang) -> FollowupReport {
    let by_unit = tallies(items);
    let mut units: Vec<FollowupUnit> = Vec::with_capacity(by_unit.len());
    for i in items {
        if units
            .last()
            .is_some_and(|u| u.campaign == i.campaign && u.unit == i.unit)
        {
            continue;
        }
        let counts = by_unit
            .get(&(i.campaign.clone(), i.unit.clone()))
            .map(FollowupCounts::of)
            .unwrap_or_default();
        units.push(FollowupUnit {
            campaign: i.campaign.clone(),
            unit: i.unit.clone(),
            unit_name: i.unit_name.clone(),
            counts,
        });
    }
    let mut totals = FollowupCounts::default();
    for u in &units {
        totals.add(&u.counts);
    }
    let mut overdue: Vec<FollowupLine> = items
        .iter()
        .filter(|i| i.overdue)
        .map(|i| line(i, i.working_days_left.map(|d| -d), None))
        .collect();
    // Within a unit, the longest overdue first; units keep the listing's order.
    overdue.sort_by(|a, b| {
        (&a.campaign, &a.unit)
            .cmp(&(&b.campaign, &b.unit))
            .then(b.working_days_overdue.cmp(&a.working_days_overdue))
    });
    let awaiting_verification = items
        .iter()
        .filter(|i| i.state == State::Reported)
        .map(|i| line(i, None, i.reported.as_ref().map(|r| r.done_on)))
        .collect();
    FollowupReport {
        lang,
        as_of,
        units,
        totals,
        overdue,
        awaiting_verification,
    }
}

fn line(i: &FollowupItem, overdue: Option<i64>, reported_on: Option<NaiveDate>) -> FollowupLine {
    FollowupLine {
        campaign: i.campaign.clone(),
        unit: i.unit.clone(),
        unit_name: i.unit_name.clone(),
        checklist: i.checklist.clone(),
        item: i.item.clone(),
        question: i.question.clone(),
        action: i.action.clone(),
        due: i.due,
        state: i.state,
        working_days_overdue: overdue,
        reported_on,
    }
}

fn shown<'a>(code: &'a str, name: &'a str) -> &'a str {
    if name.trim().is_empty() { code } else { name }
}
