//! Reading a holidays file: [`Calendar::from_toml`] and the calendar's own
//! rules on top of the generic TOML checker.
//!
//! Parsing walks the spanned TOML tree by hand so that every problem is
//! reported at its place, not just the first one serde would stop at.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;

use chrono::{Datelike, NaiveDate, Weekday};
use toml::de::{DeTable, DeValue};

use super::{Calendar, DayEntry, MAX_FILE_BYTES, MAX_YEAR, MIN_YEAR, YearSchedule, is_weekend};
use crate::core::diagnostic::{Diagnostic, line_col};
use crate::core::toml_check::{self, Checker, Val};

impl Calendar {
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
