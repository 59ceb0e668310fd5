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

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;

use chrono::{Datelike, NaiveDate, Weekday};
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, line_col};
use super::toml_check::{self, Checker, Val};

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

    /// Parses a holidays file, reporting every problem with its line and
    /// column.
    pub fn from_toml(text: &str) -> Result<Calendar, Vec<Diagnostic>> {
        let src = text.strip_prefix('\u{feff}').unwrap_or(text);
        let single = |message: String, hint: &str| {
            Err(vec![Diagnostic {
                line: 1,
                column: 1,
                message,
                hint: Some(hint.into()),
            }])
        };
        if src.len() > MAX_FILE_BYTES {
            return single(
                format!(
                    "file is {} bytes; a holidays file may be at most {MAX_FILE_BYTES} bytes",
                    src.len()
                ),
                "is this really a holidays file?",
            );
        }
        if src.trim().is_empty() {
            return single("holidays file is empty".into(), YEAR_HINT);
        }
        let root = toml_check::parse(
            src,
            "fix the TOML syntax here; dates are written bare, e.g. date = 2026-02-16",
        )?;
        let mut p = Parser(Checker::new(src));
        let years = p.root(root.get_ref(), &root.span());
        let mut diags = p.0.into_sorted();
        match years {
            Some(years) if diags.is_empty() && !years.is_empty() => Ok(Calendar { years }),
            _ => {
                if diags.is_empty() {
                    diags.push(Diagnostic::at(
                        src,
                        0,
                        "the holidays file could not be read",
                        None,
                    ));
                }
                Err(diags)
            }
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

/// English weekday name for messages.
struct DayName(Weekday);

impl fmt::Display for DayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            Weekday::Mon => "Monday",
            Weekday::Tue => "Tuesday",
            Weekday::Wed => "Wednesday",
            Weekday::Thu => "Thursday",
            Weekday::Fri => "Friday",
            Weekday::Sat => "Saturday",
            Weekday::Sun => "Sunday",
        })
    }
}

// ---------------------------------------------------------------------------
// Parsing: walk the spanned TOML tree by hand so that every problem is
// reported at its place, not just the first one serde would stop at.

const YEAR_HINT: &str = "describe each year in a [[year]] table with year, source, confirmed, days_off and working_weekends (see docs/working-days.md)";
const ROOT_KEYS: &[&str] = &["year"];
const YEAR_KEYS: &[&str] = &[
    "year",
    "source",
    "confirmed",
    "days_off",
    "working_weekends",
];
const DAY_KEYS: &[&str] = &["date", "name", "note"];

/// Which list a day entry belongs to; decides the weekday rule.
#[derive(Clone, Copy, PartialEq, Eq)]
enum List {
    DaysOff,
    WorkingWeekends,
}

impl List {
    fn key(self) -> &'static str {
        match self {
            List::DaysOff => "days_off",
            List::WorkingWeekends => "working_weekends",
        }
    }
}

/// The calendar's own rules, on top of the generic TOML checker.
struct Parser<'s>(Checker<'s>);

impl<'s> std::ops::Deref for Parser<'s> {
    type Target = Checker<'s>;
    fn deref(&self) -> &Checker<'s> {
        &self.0
    }
}

impl std::ops::DerefMut for Parser<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Parser<'_> {
    fn root(
        &mut self,
        root: &DeTable<'_>,
        span: &Range<usize>,
    ) -> Option<BTreeMap<i32, YearSchedule>> {
        self.unknown_keys(root, ROOT_KEYS, "the holidays file");
        let v = self.required(root, span, "year", "the holidays file", YEAR_HINT)?;
        let arr = self.array_of(v, "year", YEAR_HINT)?;
        if arr.is_empty() {
            self.err(&v.span(), "the holidays file describes no year", YEAR_HINT);
            return None;
        }
        // Year → byte offset of its first definition, to point at duplicates.
        let mut seen: HashMap<i32, usize> = HashMap::new();
        let mut out = BTreeMap::new();
        let mut ok = true;
        for yv in arr.iter() {
            match self.year(yv, &mut seen) {
                Some(y) => {
                    out.insert(y.year, y);
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn year(&mut self, yv: &Val<'_>, seen: &mut HashMap<i32, usize>) -> Option<YearSchedule> {
        let t = self.table_of(yv, "a [[year]] entry", YEAR_HINT)?;
        let span = yv.span();
        let year_hint =
            format!("write the calendar year, e.g. year = 2026 (from {MIN_YEAR} to {MAX_YEAR})");
        let year = self
            .required(t, &span, "year", "a [[year]] table", &year_hint)
            .and_then(|v| {
                let n = match v.get_ref() {
                    DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                        .ok()
                        .and_then(|n| i32::try_from(n).ok())
                        .filter(|n| (MIN_YEAR..=MAX_YEAR).contains(n)),
                    _ => None,
                };
                let Some(n) = n else {
                    let shown = self.src.get(v.span()).unwrap_or("?").to_owned();
                    self.err(&v.span(), format!("invalid year {shown}"), &year_hint);
                    return None;
                };
                if let Some(&first) = seen.get(&n) {
                    let (line, _) = line_col(self.src, first);
                    self.err(
                        &v.span(),
                        format!("year {n} is described twice in this file (first on line {line})"),
                        "keep one [[year]] table per year; merge the two lists",
                    );
                    return None;
                }
                seen.insert(n, v.span().start);
                Some(n)
            });
        let what = match year {
            Some(y) => format!("year {y}"),
            None => "a [[year]] table".to_owned(),
        };
        self.unknown_keys(t, YEAR_KEYS, &what);
        let source_hint = "say where the schedule comes from: the announcement's number and date, or \"from memory\"";
        let source = self
            .required(t, &span, "source", &what, source_hint)
            .and_then(|v| self.nonempty_string(v, "source", source_hint));
        let confirmed_hint = "write confirmed = true only if the official decision was checked, otherwise confirmed = false";
        let confirmed = self
            .required(t, &span, "confirmed", &what, confirmed_hint)
            .and_then(|v| {
                let b = v.get_ref().as_bool();
                if b.is_none() {
                    self.err(
                        &v.span(),
                        "`confirmed` must be true or false",
                        confirmed_hint,
                    );
                }
                b
            });
        let days_off = self.days(t, &span, year, List::DaysOff, &what);
        let working_weekends = self.days(t, &span, year, List::WorkingWeekends, &what);
        Some(YearSchedule {
            year: year?,
            source: source?,
            confirmed: confirmed?,
            days_off: days_off?,
            working_weekends: working_weekends?,
        })
    }

    /// `days_off` (required) or `working_weekends` (optional, default empty).
    fn days(
        &mut self,
        t: &DeTable<'_>,
        span: &Range<usize>,
        year: Option<i32>,
        list: List,
        what: &str,
    ) -> Option<BTreeMap<NaiveDate, DayEntry>> {
        let key = list.key();
        let hint = format!("{key} = [ {{ date = 2026-02-16, name = \"Tết Nguyên đán\" }}, … ]");
        let v = match list {
            List::DaysOff => self.required(t, span, key, what, &hint)?,
            List::WorkingWeekends => match t.get(key) {
                Some(v) => v,
                None => return Some(BTreeMap::new()),
            },
        };
        let arr = self.array_of(v, key, &hint)?;
        let mut out = BTreeMap::new();
        let mut ok = true;
        for dv in arr.iter() {
            match self.day(dv, year, list, &hint) {
                Some(e) if out.contains_key(&e.date) => {
                    ok = false;
                    self.err(
                        &dv.span(),
                        format!("{} is listed twice in `{key}`", e.date),
                        "list each date once",
                    );
                }
                Some(e) => {
                    out.insert(e.date, e);
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn day(&mut self, dv: &Val<'_>, year: Option<i32>, list: List, hint: &str) -> Option<DayEntry> {
        let key = list.key();
        let what = format!("a `{key}` entry");
        let t = self.table_of(dv, &what, hint)?;
        let span = dv.span();
        self.unknown_keys(t, DAY_KEYS, &what);
        let date = self
            .required(t, &span, "date", &what, hint)
            .and_then(|v| self.date(v, year, list));
        let name_hint =
            "name the day, e.g. name = \"Quốc khánh\" or name = \"Làm bù cho thứ Sáu 2/1\"";
        let name = self
            .required(t, &span, "name", &what, name_hint)
            .and_then(|v| self.nonempty_string(v, "name", name_hint));
        let note = match t.get("note") {
            None => Some(None),
            Some(v) => self
                .nonempty_string(v, "note", "a note says where this one day comes from")
                .map(Some),
        };
        Some(DayEntry {
            date: date?,
            name: name?,
            note: note?,
        })
    }

    fn date(&mut self, v: &Val<'_>, year: Option<i32>, list: List) -> Option<NaiveDate> {
        let hint = "write a bare TOML date, without quotes or time: date = 2026-02-16";
        let dt = match v.get_ref() {
            DeValue::Datetime(dt) => dt,
            DeValue::String(_) => {
                self.err(&v.span(), "`date` must be a TOML date, not a string", hint);
                return None;
            }
            other => {
                self.err(
                    &v.span(),
                    format!("`date` must be a date, found {}", other.type_str()),
                    hint,
                );
                return None;
            }
        };
        let ymd = match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }
            _ => {
                self.err(
                    &v.span(),
                    "`date` must be a date only, without a time",
                    hint,
                );
                return None;
            }
        };
        let Some(date) = ymd else {
            self.err(&v.span(), format!("{dt} is not a valid date"), hint);
            return None;
        };
        if let Some(y) = year
            && date.year() != y
        {
            self.err(
                &v.span(),
                format!("{date} is outside year {y}"),
                format!(
                    "move it to the [[year]] table for {}, or fix the date",
                    date.year()
                ),
            );
            return None;
        }
        let weekday = DayName(date.weekday());
        match list {
            List::DaysOff if is_weekend(date) => {
                self.err(
                    &v.span(),
                    format!("{date} is a {weekday}; `days_off` lists only weekdays"),
                    "weekends are off anyway; for a holiday on a weekend, list the compensatory weekday (ngày nghỉ bù) instead",
                );
                None
            }
            List::WorkingWeekends if !is_weekend(date) => {
                self.err(
                    &v.span(),
                    format!("{date} is a {weekday}, not a Saturday or Sunday"),
                    "`working_weekends` lists weekend days that are worked (ngày làm bù); weekdays are working days already",
                );
                None
            }
            _ => Some(date),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    /// A one-year file; line 6 holds the day entry, its date at column 12.
    const ONE_YEAR: &str = "[[year]]
year = 2030
source = \"test\"
confirmed = true
days_off = [
  { date = 2030-01-01, name = \"Tết Dương lịch\" },
]
working_weekends = []
";

    fn errors(src: &str) -> Vec<Diagnostic> {
        Calendar::from_toml(src).expect_err("expected errors")
    }

    fn only_error(src: &str) -> Diagnostic {
        let e = errors(src);
        assert_eq!(e.len(), 1, "{e:?}");
        e.into_iter().next().expect("one error")
    }

    #[test]
    fn bundled_file_is_valid_and_covers_2025_to_2027() {
        let c = Calendar::from_toml(BUNDLED_HOLIDAYS).expect("bundled holidays file must parse");
        assert_eq!((c.first_year(), c.last_year()), (2025, 2027));
        for y in 2025..=2027 {
            let s = c.year(y).expect("every year covered");
            assert!(!s.source().is_empty());
            assert!(s.days_off().count() >= 10, "{y} lists too few days off");
        }
        assert_eq!(Calendar::bundled(), c);
        // 24/11 (Ngày Văn hóa Việt Nam) is deliberately absent: legal force unverified.
        assert!(c.is_working_day(d(2026, 11, 24)).unwrap());
    }

    #[test]
    fn tet_2026_is_skipped() {
        let c = Calendar::bundled();
        assert!(!c.is_working_day(d(2026, 2, 17)).unwrap());
        assert!(!c.is_working_day(d(2026, 2, 14)).unwrap());
        // Fri 13/2 → off 16–20/2 → Mon 23 (1) … Fri 27 (5).
        assert_eq!(
            c.add_working_days(d(2026, 2, 13), 5).unwrap(),
            d(2026, 2, 27)
        );
        assert_eq!(
            c.entry(d(2026, 2, 17)).unwrap().name,
            "Tết Nguyên đán Bính Ngọ"
        );
    }

    #[test]
    fn april_may_2026_holidays_are_skipped() {
        let c = Calendar::bundled();
        // Wed 29/4 → Thu 30/4, Fri 1/5 off, weekend → Mon 4/5.
        assert_eq!(
            c.add_working_days(d(2026, 4, 29), 1).unwrap(),
            d(2026, 5, 4)
        );
        // Fri 24/4 → Mon 27/4 off (Giỗ Tổ on Sunday) → Tue 28 (1), Wed 29 (2), Mon 4/5 (3).
        assert_eq!(
            c.add_working_days(d(2026, 4, 24), 3).unwrap(),
            d(2026, 5, 4)
        );
    }

    #[test]
    fn counting_crosses_the_year_boundary() {
        let c = Calendar::bundled();
        // Thu 24/12/2026: 25, 28, 29, 30, 31 (5); Fri 1/1/2027 off; 4, 5, 6, 7, 8/1 (10).
        assert!(!c.is_working_day(d(2027, 1, 1)).unwrap());
        assert_eq!(
            c.add_working_days(d(2026, 12, 24), 10).unwrap(),
            d(2027, 1, 8)
        );
    }

    #[test]
    fn a_working_saturday_counts() {
        let c = Calendar::bundled();
        assert!(c.is_working_day(d(2025, 4, 26)).unwrap());
        assert!(!c.is_working_day(d(2025, 4, 19)).unwrap());
        assert_eq!(
            c.add_working_days(d(2025, 4, 25), 1).unwrap(),
            d(2025, 4, 26)
        );
        // Thu 24/4: Fri 25 (1), Sat 26 (2), Mon 28 (3).
        assert_eq!(
            c.add_working_days(d(2025, 4, 24), 3).unwrap(),
            d(2025, 4, 28)
        );
    }

    #[test]
    fn zero_days_is_the_start_itself() {
        let c = Calendar::bundled();
        assert_eq!(
            c.add_working_days(d(2026, 2, 17), 0).unwrap(),
            d(2026, 2, 17)
        );
        assert_eq!(c.add_working_days(d(2031, 1, 1), 0).unwrap(), d(2031, 1, 1));
    }

    #[test]
    fn dates_outside_the_calendar_are_errors() {
        let c = Calendar::bundled();
        let e = c.add_working_days(d(2027, 12, 20), 30).unwrap_err();
        assert_eq!(
            e,
            CalendarError::OutOfRange {
                date: d(2028, 1, 1),
                first_year: 2025,
                last_year: 2027
            }
        );
        assert_eq!(
            e.to_string(),
            "2028-01-01 falls in 2028, past the holiday calendar (2025–2027); add year 2028 to the holidays file"
        );
        let e = c.is_working_day(d(2024, 12, 31)).unwrap_err();
        assert!(e.to_string().contains("before the holiday calendar"), "{e}");
        // The start may lie before the calendar; the counted days may not.
        assert!(c.add_working_days(d(2024, 12, 31), 1).is_ok());
        assert!(c.add_working_days(NaiveDate::MAX, 1).is_err());
    }

    #[test]
    fn a_gap_between_covered_years_is_an_error() {
        let mut c = Calendar::bundled();
        c.extend(Calendar::from_toml(ONE_YEAR).unwrap());
        assert_eq!(c.last_year(), 2030);
        let e = c.is_working_day(d(2028, 6, 1)).unwrap_err();
        assert!(matches!(e, CalendarError::MissingYear { .. }));
        assert!(e.to_string().contains("add year 2028"), "{e}");
        assert!(!c.is_working_day(d(2030, 1, 1)).unwrap());
    }

    #[test]
    fn a_user_file_replaces_a_whole_year() {
        let mut c = Calendar::bundled();
        let user = ONE_YEAR
            .replace("2030", "2026")
            .replace("source = \"test\"", "source = \"Quyết định X\"");
        c.extend(Calendar::from_toml(&user).unwrap());
        assert_eq!(c.source(2026), Some("Quyết định X"));
        assert_eq!(c.confirmed(2026), Some(true));
        // The bundled Tết days are gone with the replaced year…
        assert!(c.is_working_day(d(2026, 2, 17)).unwrap());
        assert!(!c.is_working_day(d(2026, 1, 1)).unwrap());
        // …and the other years are untouched.
        assert!(!c.is_working_day(d(2025, 1, 1)).unwrap());
        assert_eq!(c.confirmed(2025), Some(false));
        assert_eq!((c.first_year(), c.last_year()), (2025, 2027));
    }

    #[test]
    fn one_year_file_parses() {
        let c = Calendar::from_toml(ONE_YEAR).unwrap();
        let y = c.year(2030).unwrap();
        assert_eq!(
            y.days_off().map(|e| e.date).collect::<Vec<_>>(),
            [d(2030, 1, 1)]
        );
        assert_eq!(y.working_weekends().count(), 0);
        // BOM and CRLF are accepted.
        let crlf = format!("\u{feff}{}", ONE_YEAR.replace('\n', "\r\n"));
        assert_eq!(Calendar::from_toml(&crlf).unwrap(), c);
    }

    #[test]
    fn date_outside_its_year_is_reported_at_the_date() {
        let e = only_error(&ONE_YEAR.replace("2030-01-01", "2031-01-01"));
        assert_eq!((e.line, e.column), (6, 12));
        assert_eq!(e.message, "2031-01-01 is outside year 2030");
    }

    #[test]
    fn weekend_day_off_and_weekday_working_day_are_rejected() {
        // 5/1/2030 is a Saturday.
        let e = only_error(&ONE_YEAR.replace("2030-01-01", "2030-01-05"));
        assert_eq!((e.line, e.column), (6, 12));
        assert!(e.message.contains("is a Saturday"), "{}", e.message);

        let src = ONE_YEAR.replace(
            "working_weekends = []",
            "working_weekends = [{ date = 2030-01-04, name = \"Làm bù\" }]",
        );
        let e = only_error(&src);
        assert_eq!((e.line, e.column), (8, 30));
        assert!(e.message.contains("is a Friday, not a Saturday or Sunday"));
    }

    #[test]
    fn unknown_key_is_reported_with_a_suggestion() {
        let e = errors(&ONE_YEAR.replace("name =", "nme ="));
        let unknown = e.iter().find(|d| d.message.contains("`nme`")).unwrap();
        assert_eq!((unknown.line, unknown.column), (6, 24));
        assert_eq!(unknown.hint.as_deref(), Some("did you mean `name`?"));
        assert!(
            e.iter()
                .any(|d| d.message.contains("missing required key `name`"))
        );

        let e =
            only_error(&ONE_YEAR.replace("confirmed = true", "confirmed = true\nsources = \"x\""));
        assert_eq!((e.line, e.column), (5, 1));
        assert_eq!(e.hint.as_deref(), Some("did you mean `source`?"));
    }

    #[test]
    fn duplicate_year_points_at_the_first() {
        let src = format!(
            "{ONE_YEAR}\n{}",
            ONE_YEAR.replace("2030-01-01", "2030-01-02")
        );
        let e = only_error(&src);
        assert_eq!((e.line, e.column), (11, 8));
        assert_eq!(
            e.message,
            "year 2030 is described twice in this file (first on line 2)"
        );
    }

    #[test]
    fn malformed_values_are_errors_not_panics() {
        for (src, line, message) in [
            (
                ONE_YEAR.replace("2030-01-01", "\"2030-01-01\""),
                6,
                "not a string",
            ),
            (
                ONE_YEAR.replace("2030-01-01", "2030-01-01T08:00:00"),
                6,
                "without a time",
            ),
            (
                ONE_YEAR.replace("year = 2030", "year = 20300"),
                2,
                "invalid year 20300",
            ),
            (
                ONE_YEAR.replace("confirmed = true", "confirmed = \"yes\""),
                4,
                "true or false",
            ),
            (
                ONE_YEAR.replace("source = \"test\"", "source = \" \""),
                3,
                "must not be empty",
            ),
            (
                ONE_YEAR.replace("[[year]]", "[[year]"),
                1,
                "TOML syntax error",
            ),
        ] {
            let e = errors(&src);
            assert!(
                e.iter()
                    .any(|d| d.line == line && d.message.contains(message)),
                "{message}: {e:?}"
            );
        }
        for src in ["", "  \n", "year = 2026", "year = []", "x = 1", "\0\0"] {
            assert!(Calendar::from_toml(src).is_err(), "{src:?}");
        }
        let e = only_error(&ONE_YEAR.replace(
            "days_off = [\n  { date = 2030-01-01, name = \"Tết Dương lịch\" },\n]\n",
            "",
        ));
        assert!(e.message.contains("missing required key `days_off`"));
    }

    #[test]
    fn duplicate_date_is_rejected() {
        let src = ONE_YEAR.replace(
            "  { date = 2030-01-01, name = \"Tết Dương lịch\" },\n",
            "  { date = 2030-01-01, name = \"A\" },\n  { date = 2030-01-01, name = \"B\" },\n",
        );
        let e = only_error(&src);
        assert_eq!((e.line, e.column), (7, 3));
        assert!(e.message.contains("listed twice"));
    }
}
