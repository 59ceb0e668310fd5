//! The report model: pure data computed from the checklist, the findings and
//! the calendar. Every renderer reads this and nothing else, so the formats
//! cannot disagree.
//!
//! `counts` holds the counts and the classification, `unit` and
//! `remediation` one unit's report, `summary` the team summary; the
//! calendar interface and the error type are here.

use chrono::NaiveDate;
use serde::Serialize;

mod counts;
mod followup;
mod picture;
mod remediation;
mod summary;
mod unit;

pub use counts::{Classification, Counts, SectionSummary, permille};
pub use followup::{FollowupCounts, FollowupLine, FollowupReport, FollowupUnit, build_followup};
pub use picture::{HeatMap, Picture, Topic, TrendPoint, UnitFollowup, build_picture};
pub use remediation::{ConflictView, RemediationItem, deadline_text};
pub use summary::{SummaryInput, TeamSummary, UnitRow, build_summary, summary_row};
pub use unit::{
    ChecklistInfo, Detail, Header, Observation, PassedItem, ReportBack, UncheckedItem, UnitInput,
    UnitPart, UnitReport, build_unit, build_unit_with,
};

use crate::core::calendar::CalendarError;

/// Working-day arithmetic, as the calendar provides it.
pub trait WorkingDays {
    /// The `n`-th working day after `start`, or why not.
    fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError>;
    /// The holiday schedule of `year`, as a report cites it.
    fn schedule(&self, year: i32) -> Option<Schedule>;
}

impl WorkingDays for crate::core::calendar::Calendar {
    fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        crate::core::calendar::Calendar::add_working_days(self, start, n)
    }
    fn schedule(&self, year: i32) -> Option<Schedule> {
        self.year(year).map(|y| Schedule {
            year,
            source: y.source().to_owned(),
            confirmed: y.confirmed(),
        })
    }
}

/// A year of the holiday schedule that deadlines were counted with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub year: i32,
    pub source: String,
    /// Checked against the official decision.
    pub confirmed: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("item {item}: deadline of {days} working days from {start}: {reason}")]
    Deadline {
        item: String,
        days: u32,
        start: NaiveDate,
        reason: CalendarError,
    },
    #[error("report-back date, {days} working days from {start}: {reason}")]
    ReportBack {
        days: u32,
        start: NaiveDate,
        reason: CalendarError,
    },
}
