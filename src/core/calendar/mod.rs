//! Working-day calendar for remediation deadlines (ngày làm việc).
//!
//! A working day is Monday–Friday, minus the days off the government
//! announces for civil servants, plus the Saturdays/Sundays it turns into
//! working days (ngày làm bù). The schedule changes every year and depends on
//! lunar dates and on decisions, so it is data (`holidays/vn.toml`, extended
//! by a user file), never a formula. A date outside the covered years is an
//! error: a guessed deadline in an inspection conclusion is worse than none.
//!
//! Pure: the app reads files and passes their text here.
//!
//! `parse` reads a holidays file into a [`Calendar`], reporting every problem
//! at its line and column; this file holds the calendar itself and its
//! working-day arithmetic.

use std::collections::BTreeMap;

use crate::core::lang::Lang;
use chrono::{Datelike, NaiveDate, Weekday};

mod parse;
#[cfg(test)]
mod tests;

/// The holiday schedule shipped with parcheck.
pub const BUNDLED_HOLIDAYS: &str = include_str!("../../../holidays/vn.toml");

/// A holidays file is a few kilobytes; anything far larger is the wrong file.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Years a holidays file may describe: wide enough for any inspection,
/// narrow enough that a typo such as `year = 20226` is caught.
pub const MIN_YEAR: i32 = 2000;
pub const MAX_YEAR: i32 = 2100;

/// One listed day: a weekday off, or a weekend day worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayEntry {
    pub date: NaiveDate,
    /// What the day is, e.g. "Tết Nguyên đán Bính Ngọ", shown in reports.
    pub name: String,
    /// Provenance of this one day when it differs from the year's `source`.
    pub note: Option<String>,
}

/// The announced schedule of one calendar year. Built only by the parser, so
/// every `days_off` date is a weekday and every working weekend a weekend
/// day, all inside `year`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSchedule {
    year: i32,
    source: String,
    confirmed: bool,
    days_off: BTreeMap<NaiveDate, DayEntry>,
    working_weekends: BTreeMap<NaiveDate, DayEntry>,
}

impl YearSchedule {
    pub fn year(&self) -> i32 {
        self.year
    }

    /// Where the schedule comes from, for citing in reports.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// False when the official decision could not be checked.
    pub fn confirmed(&self) -> bool {
        self.confirmed
    }

    /// Weekdays off (holidays, compensatory and swapped days), in date order.
    pub fn days_off(&self) -> impl Iterator<Item = &DayEntry> {
        self.days_off.values()
    }

    /// Saturdays and Sundays that are working days, in date order.
    pub fn working_weekends(&self) -> impl Iterator<Item = &DayEntry> {
        self.working_weekends.values()
    }
}

/// Why a working-day question cannot be answered. Never answered by a guess.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The date is before the first or after the last covered year.
    #[error("{}", out_of_range_message(*.date, *.first_year, *.last_year))]
    OutOfRange {
        date: NaiveDate,
        first_year: i32,
        last_year: i32,
    },
    /// The date's year lies between covered years but is itself missing.
    #[error(
        "{date} falls in {year}, which the holiday calendar ({first_year}–{last_year}) does not cover; add year {year} to the holidays file",
        year = .date.year()
    )]
    MissingYear {
        date: NaiveDate,
        first_year: i32,
        last_year: i32,
    },
}

impl CalendarError {
    /// Why the date cannot be counted, and the fix, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let (CalendarError::OutOfRange {
            date,
            first_year,
            last_year,
        }
        | CalendarError::MissingYear {
            date,
            first_year,
            last_year,
        }) = *self;
        let year = date.year();
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (CalendarError::OutOfRange { .. }, Lang::Vi) => format!(
                "ngày {} thuộc năm {year}, {} khoảng lịch nghỉ lễ, Tết hiện có ({first_year}–{last_year}); \
                 hãy bổ sung năm {year} vào tệp lịch nghỉ",
                date.format("%d/%m/%Y"),
                if year < first_year { "trước" } else { "sau" }
            ),
            (CalendarError::MissingYear { .. }, Lang::Vi) => format!(
                "ngày {} thuộc năm {year}, năm mà lịch nghỉ lễ, Tết ({first_year}–{last_year}) chưa có; \
                 hãy bổ sung năm {year} vào tệp lịch nghỉ",
                date.format("%d/%m/%Y")
            ),
        }
    }
}

fn out_of_range_message(date: NaiveDate, first_year: i32, last_year: i32) -> String {
    let year = date.year();
    let side = if year < first_year { "before" } else { "past" };
    format!(
        "{date} falls in {year}, {side} the holiday calendar ({first_year}–{last_year}); add year {year} to the holidays file"
    )
}

/// The working-day calendar: a non-empty set of announced years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Never empty: `from_toml` rejects a file without years and `extend`
    /// only adds.
    years: BTreeMap<i32, YearSchedule>,
}

impl Calendar {
    /// The bundled schedule. Its validity is checked by a unit test, so a
    /// failure here is a build defect, not a user error.
    pub fn bundled() -> Calendar {
        match Calendar::from_toml(BUNDLED_HOLIDAYS) {
            Ok(c) => c,
            Err(diags) => panic!(
                "bundled holidays/vn.toml is invalid (the unit tests should have caught this): {}",
                diags.first().map(ToString::to_string).unwrap_or_default()
            ),
        }
    }

    /// Adds the years of `other`; a year present in both is replaced as a
    /// whole, since an announcement replaces the whole year's schedule.
    pub fn extend(&mut self, other: Calendar) {
        self.years.extend(other.years);
    }

    pub fn first_year(&self) -> i32 {
        *self
            .years
            .keys()
            .next()
            .expect("a Calendar always covers at least one year")
    }

    pub fn last_year(&self) -> i32 {
        *self
            .years
            .keys()
            .next_back()
            .expect("a Calendar always covers at least one year")
    }

    /// The schedule of `year`, if covered.
    pub fn year(&self, year: i32) -> Option<&YearSchedule> {
        self.years.get(&year)
    }

    /// All covered years, in order.
    pub fn years(&self) -> impl Iterator<Item = &YearSchedule> {
        self.years.values()
    }

    /// Where `year`'s schedule comes from, for citing in reports.
    pub fn source(&self, year: i32) -> Option<&str> {
        self.year(year).map(YearSchedule::source)
    }

    /// Whether `year`'s schedule was checked against the official decision.
    pub fn confirmed(&self, year: i32) -> Option<bool> {
        self.year(year).map(YearSchedule::confirmed)
    }

    /// The listed entry for `d` (a day off or a working weekend), so a report
    /// can say why a day was skipped or counted.
    pub fn entry(&self, d: NaiveDate) -> Option<&DayEntry> {
        let y = self.years.get(&d.year())?;
        y.days_off.get(&d).or_else(|| y.working_weekends.get(&d))
    }

    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool, CalendarError> {
        let y = self.schedule_for(d)?;
        Ok(if is_weekend(d) {
            y.working_weekends.contains_key(&d)
        } else {
            !y.days_off.contains_key(&d)
        })
    }

    /// The `n`-th working day after `start`: the day of the conclusion itself
    /// does not count, and `n = 0` gives `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().ok_or(CalendarError::OutOfRange {
                date: d,
                first_year: self.first_year(),
                last_year: self.last_year(),
            })?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    fn schedule_for(&self, d: NaiveDate) -> Result<&YearSchedule, CalendarError> {
        if let Some(y) = self.years.get(&d.year()) {
            return Ok(y);
        }
        let (first_year, last_year) = (self.first_year(), self.last_year());
        Err(if (first_year..=last_year).contains(&d.year()) {
            CalendarError::MissingYear {
                date: d,
                first_year,
                last_year,
            }
        } else {
            CalendarError::OutOfRange {
                date: d,
                first_year,
                last_year,
            }
        })
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}
