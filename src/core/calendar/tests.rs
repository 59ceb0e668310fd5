//! Unit tests of the calendar: working-day arithmetic on the bundled
//! schedule, and the diagnostics for malformed holidays files.

use super::*;
use crate::core::diagnostic::Diagnostic;

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

    let e = only_error(&ONE_YEAR.replace("confirmed = true", "confirmed = true\nsources = \"x\""));
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
