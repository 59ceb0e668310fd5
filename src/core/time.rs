//! Times people read. Revisions store UTC milliseconds; every date or time
//! shown to a person is in the laptop's local time zone (an inspection in
//! Hà Nội at 06:00 is dated that day, not the day before in UTC).

use chrono::{DateTime, Local, NaiveDate, SecondsFormat, TimeZone};

/// The calendar day of `ms` in time zone `tz`.
pub fn day_in<Tz: TimeZone>(ms: i64, tz: &Tz) -> Option<NaiveDate> {
    DateTime::from_timestamp_millis(ms).map(|t| t.with_timezone(tz).date_naive())
}

/// The local calendar day of `ms`.
pub fn local_day(ms: i64) -> Option<NaiveDate> {
    day_in(ms, &Local)
}

/// RFC 3339 with the local offset and milliseconds, for JSON output
/// (`2026-12-04T06:30:00.000+07:00`): machine-readable and local.
pub fn local_rfc3339(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&Local)
                .to_rfc3339_opts(SecondsFormat::Millis, false)
        })
        .unwrap_or_default()
}

/// Date and time for a line of text, local: `2026-12-04 06:30:00`.
pub fn local_timestamp(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&Local)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    #[test]
    fn late_evening_utc_is_the_next_day_in_vietnam() {
        // 2026-12-03 23:30 UTC is 2026-12-04 06:30 in Hà Nội (UTC+7).
        let ms = 1_796_340_600_000;
        let hanoi = FixedOffset::east_opt(7 * 3600).unwrap();
        assert_eq!(
            day_in(ms, &chrono::Utc),
            NaiveDate::from_ymd_opt(2026, 12, 3)
        );
        assert_eq!(day_in(ms, &hanoi), NaiveDate::from_ymd_opt(2026, 12, 4));
        assert_eq!(day_in(i64::MAX, &hanoi), None);
    }
}
