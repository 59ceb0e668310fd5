//! The follow-up of a finding to remedy, derived from its two follow-up
//! registers alone: what the unit reported it did (`followup:reported`) and
//! the team's verdict on it (`followup:verdict`). Both are ordinary
//! registers, so report-backs and verdicts recorded on several laptops
//! merge like every other change.
//!
//! open → reported (by the unit, with the day it was done) → verified, or
//! not accepted (with a reason; it is open again, with a new deadline if
//! one was given). A report that arrives after a "not accepted" verdict
//! puts the item back to "reported"; a verified item stays verified.
//!
//! Overdue counts working days with the same calendar the deadlines were
//! counted with. Pure: the caller passes the heads and the calendar.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::{Calendar, CalendarError};
use super::lang::Lang;
use super::register::{self, Field, Head, Value};

/// A unit's report-back on one finding, as read from the register it sent
/// back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reported {
    /// The day the unit says the action was done.
    pub done_on: NaiveDate,
    /// What it did, in its words.
    pub action: String,
    /// The document or file that shows it (may be blank).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence_ref: String,
    /// The unit that reported, by name.
    pub by: String,
}

/// The team's word on a remediation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Verified,
    NotAccepted,
}

/// The team's verdict on a finding's remediation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub outcome: Outcome,
    /// The day of the verdict.
    pub on: NaiveDate,
    /// Why it was not accepted (blank for a verification).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// A not-accepted remediation's new time: working days from `on`, and
    /// the due date they give (kept as counted on the day, so a later
    /// calendar change does not move a deadline already given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_due: Option<NaiveDate>,
    /// The report-back revision the verdict judged (none when the team
    /// judged on its visit without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of_report: Option<String>,
}

/// Where a finding's remediation stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Nothing reported yet.
    #[default]
    Open,
    /// The unit reported it done; the team has not verified it.
    Reported,
    /// Not accepted: open again.
    NotAccepted,
    /// Verified by the team: closed.
    Verified,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Open,
        State::NotAccepted,
        State::Reported,
        State::Verified,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Reported => "reported",
            State::NotAccepted => "not_accepted",
            State::Verified => "verified",
        }
    }

    /// The state in words, as every face and document names it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            State::Open => lang.pick("Chưa khắc phục", "Open"),
            State::Reported => {
                lang.pick("Đơn vị đã báo cáo, chưa xác minh", "Reported, not verified")
            }
            State::NotAccepted => lang.pick(
                "Không chấp nhận, phải khắc phục lại",
                "Not accepted, to be remedied again",
            ),
            State::Verified => lang.pick("Đã xác minh", "Verified"),
        }
    }

    /// Whether the unit still has to act, so the deadline can pass.
    pub fn awaits_unit(self) -> bool {
        matches!(self, State::Open | State::NotAccepted)
    }
}

/// One finding's follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Followup {
    pub state: State,
    /// The report-back in force (the newest), and its revision.
    pub reported: Option<Reported>,
    #[serde(skip)]
    pub reported_rev: Option<String>,
    /// The verdict in force.
    pub verdict: Option<Verdict>,
    /// The due date now: a not-accepted verdict's new one, else the
    /// original (none when the original is "immediately" and no new one
    /// was given; the caller decides what that counts from).
    pub due: Option<NaiveDate>,
    /// Whether either register holds concurrent values that disagree.
    pub conflict: bool,
}

impl Followup {
    pub fn state(&self) -> State {
        self.state
    }
}

/// The follow-up from the heads of a finding's two follow-up registers
/// (newest first) and its original due date.
///
/// While the verdict register is in conflict, a "not accepted" side wins
/// (the worst side, as for a finding's status: a failure is not dropped
/// because someone else verified it); the newest report-back is the one in
/// force. Values that do not decode are ignored.
pub fn derive(original_due: Option<NaiveDate>, reported: &[Head], verdict: &[Head]) -> Followup {
    let report =
        reported.iter().find_map(
            |h| match Value::decode(&Field::FollowupReported, &h.value) {
                Ok(Value::Reported(r)) => Some((h.rev_id.clone(), r)),
                _ => None,
            },
        );
    let verdicts: Vec<Verdict> = verdict
        .iter()
        .filter_map(|h| match Value::decode(&Field::FollowupVerdict, &h.value) {
            Ok(Value::Verdict(v)) => Some(v),
            _ => None,
        })
        .collect();
    let verdict = verdicts
        .iter()
        .find(|v| v.outcome == Outcome::NotAccepted)
        .or_else(|| verdicts.first())
        .cloned();
    let encoded: Vec<Option<String>> = verdicts
        .iter()
        .map(|v| Value::Verdict(v.clone()).encode())
        .collect();
    let conflict = register::in_conflict(reported.iter().map(|h| &h.value))
        || register::in_conflict(encoded.iter());
    let state = match (&report, &verdict) {
        (_, Some(v)) if v.outcome == Outcome::Verified => State::Verified,
        (Some((rev, _)), Some(v)) if v.of_report.as_deref() != Some(rev.as_str()) => {
            State::Reported
        }
        (_, Some(_)) => State::NotAccepted,
        (Some(_), None) => State::Reported,
        (None, None) => State::Open,
    };
    let due = match &verdict {
        Some(v) if v.outcome == Outcome::NotAccepted && v.new_due.is_some() => v.new_due,
        _ => original_due,
    };
    let (reported_rev, reported) = report.map_or((None, None), |(id, r)| (Some(id), Some(r)));
    Followup {
        state,
        reported,
        reported_rev,
        verdict,
        due,
        conflict,
    }
}

/// The conclusion date recorded for a unit in a campaign, read from the
/// `conclusion:date` heads of its inspections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredConclusion {
    /// The date in force: while the heads disagree (two laptops recorded
    /// different dates), the earliest, whose deadlines come first — as a
    /// disputed status counts as its worse side — until one is recorded
    /// again over both.
    pub date: NaiveDate,
    /// Whether the heads disagree.
    pub disputed: bool,
}

/// The stored conclusion date from the heads of the `conclusion:date`
/// registers of a unit's inspections in one campaign; none when no head
/// holds a date. Values that do not decode are ignored.
pub fn stored_conclusion<'a>(
    heads: impl IntoIterator<Item = &'a Option<String>>,
) -> Option<StoredConclusion> {
    let mut dates: Vec<NaiveDate> = heads
        .into_iter()
        .filter_map(|raw| match Value::decode(&Field::ConclusionDate, raw) {
            Ok(Value::Date(d)) => Some(d),
            _ => None,
        })
        .collect();
    dates.sort_unstable();
    dates.dedup();
    dates.first().map(|&date| StoredConclusion {
        date,
        disputed: dates.len() > 1,
    })
}

/// Where a command's conclusion date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConclusionSource {
    /// Given with the command (`--conclusion-date`).
    Given,
    /// Recorded for the unit and campaign (`followup conclude`).
    Stored,
    /// Neither: today.
    Today,
}

/// The conclusion date a unit's deadlines count from: the one given with
/// the command, else the stored one, else today. When the date given
/// differs from the stored one, the stored one is returned beside it so
/// that the caller can say so.
pub fn conclusion_date(
    given: Option<NaiveDate>,
    stored: Option<StoredConclusion>,
    today: NaiveDate,
) -> (NaiveDate, ConclusionSource, Option<StoredConclusion>) {
    match (given, stored) {
        (Some(g), Some(s)) if s.date != g || s.disputed => (g, ConclusionSource::Given, Some(s)),
        (Some(g), _) => (g, ConclusionSource::Given, None),
        (None, Some(s)) => (s.date, ConclusionSource::Stored, None),
        (None, None) => (today, ConclusionSource::Today, None),
    }
}

/// Working days left until `due` as of `as_of`: the working days after
/// `as_of` up to and including `due`; negative when it has passed (the
/// working days after `due` up to and including `as_of`). Zero: due today.
pub fn working_days_left(
    calendar: &Calendar,
    due: NaiveDate,
    as_of: NaiveDate,
) -> Result<i64, CalendarError> {
    let (from, to, sign) = if as_of <= due {
        (as_of, due, 1)
    } else {
        (due, as_of, -1)
    };
    let mut n = 0i64;
    let mut d = from;
    while d < to {
        d = d.succ_opt().expect("a date before another has a successor");
        if calendar.is_working_day(d)? {
            n += 1;
        }
    }
    Ok(sign * n)
}

/// Working days left (negative: overdue) in words.
pub fn days_left_text(left: i64, lang: Lang) -> String {
    match left.cmp(&0) {
        std::cmp::Ordering::Less => lang.pick(
            format!("quá hạn {} ngày làm việc", -left),
            format!("overdue by {} working day(s)", -left),
        ),
        std::cmp::Ordering::Equal => lang.pick("đến hạn hôm nay", "due today").to_owned(),
        std::cmp::Ordering::Greater => lang.pick(
            format!("còn {left} ngày làm việc"),
            format!("{left} working day(s) left"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn head(id: &str, v: Value, at: i64) -> Head {
        Head {
            rev_id: id.into(),
            value: v.encode(),
            at_ms: at,
        }
    }

    fn reported(on: &str) -> Value {
        Value::Reported(Reported {
            done_on: date(on),
            action: "Đã niêm yết lại".into(),
            evidence_ref: "CV 12/UBND".into(),
            by: "UBND xã Vĩnh Hòa".into(),
        })
    }

    fn verdict(outcome: Outcome, of: Option<&str>, new_due: Option<&str>) -> Value {
        Value::Verdict(Verdict {
            outcome,
            on: date("2026-03-20"),
            reason: if outcome == Outcome::NotAccepted {
                "Chưa niêm yết đủ".into()
            } else {
                String::new()
            },
            days: new_due.map(|_| 10),
            new_due: new_due.map(date),
            of_report: of.map(str::to_owned),
        })
    }

    #[test]
    fn values_round_trip() {
        for (f, v) in [
            (Field::FollowupReported, reported("2026-03-12")),
            (
                Field::FollowupVerdict,
                verdict(Outcome::NotAccepted, Some("r1"), Some("2026-04-03")),
            ),
            (
                Field::FollowupVerdict,
                verdict(Outcome::Verified, None, None),
            ),
        ] {
            assert_eq!(Value::decode(&f, &v.encode()), Ok(v));
        }
        assert!(
            Value::decode(
                &Field::FollowupReported,
                &Some("{\"done_on\":\"12/03\"}".into())
            )
            .is_err()
        );
    }

    #[test]
    fn states_follow_the_registers() {
        let due = Some(date("2026-03-16"));
        let f = derive(due, &[], &[]);
        assert_eq!((f.state(), f.due), (State::Open, due));

        let r1 = [head("r1", reported("2026-03-12"), 1)];
        let f = derive(due, &r1, &[]);
        assert_eq!(f.state(), State::Reported);
        assert_eq!(f.reported.as_ref().unwrap().done_on, date("2026-03-12"));

        let ok = [head("v1", verdict(Outcome::Verified, Some("r1"), None), 2)];
        assert_eq!(derive(due, &r1, &ok).state(), State::Verified);
        // Verified on the visit, without a report: closed all the same.
        assert_eq!(derive(due, &[], &ok).state(), State::Verified);

        let no = [head(
            "v2",
            verdict(Outcome::NotAccepted, Some("r1"), Some("2026-04-03")),
            2,
        )];
        let f = derive(due, &r1, &no);
        assert_eq!(f.state(), State::NotAccepted);
        assert_eq!(f.due, Some(date("2026-04-03")), "the new deadline");
        assert!(f.state().awaits_unit());

        // The unit reports again after the refusal: reported again.
        let r2 = [head("r2", reported("2026-03-30"), 3)];
        assert_eq!(derive(due, &r2, &no).state(), State::Reported);
        // Not accepted without a new deadline keeps the old one.
        let no_days = [head(
            "v3",
            verdict(Outcome::NotAccepted, Some("r1"), None),
            2,
        )];
        assert_eq!(derive(due, &r1, &no_days).due, due);
    }

    #[test]
    fn a_disputed_verdict_counts_as_not_accepted() {
        let r1 = [head("r1", reported("2026-03-12"), 1)];
        let both = [
            head("v1", verdict(Outcome::Verified, Some("r1"), None), 5),
            head("v2", verdict(Outcome::NotAccepted, Some("r1"), None), 4),
        ];
        let f = derive(None, &r1, &both);
        assert_eq!(f.state(), State::NotAccepted);
        assert!(f.conflict);
        let same = [
            head("v1", verdict(Outcome::Verified, Some("r1"), None), 5),
            head("v4", verdict(Outcome::Verified, Some("r1"), None), 4),
        ];
        assert!(!derive(None, &r1, &same).conflict, "agreeing heads");
    }

    #[test]
    fn the_stored_conclusion_date_and_which_date_counts() {
        let d = |s: &str| Value::Date(date(s)).encode();
        let (a, b) = (d("2026-03-02"), d("2026-03-05"));
        assert_eq!(stored_conclusion([&None]), None);
        assert_eq!(
            stored_conclusion([&a, &a]),
            Some(StoredConclusion {
                date: date("2026-03-02"),
                disputed: false
            }),
            "two inspections of the unit agreeing"
        );
        let both = stored_conclusion([&b, &Some("\"hôm nay\"".into()), &a]).unwrap();
        assert_eq!((both.date, both.disputed), (date("2026-03-02"), true));

        let today = date("2026-04-01");
        let stored = stored_conclusion([&a]);
        assert_eq!(
            conclusion_date(None, stored, today),
            (date("2026-03-02"), ConclusionSource::Stored, None)
        );
        assert_eq!(
            conclusion_date(None, None, today),
            (today, ConclusionSource::Today, None)
        );
        assert_eq!(
            conclusion_date(Some(date("2026-03-02")), stored, today),
            (date("2026-03-02"), ConclusionSource::Given, None),
            "the same date given: nothing to say"
        );
        assert_eq!(
            conclusion_date(Some(date("2026-03-09")), stored, today),
            (date("2026-03-09"), ConclusionSource::Given, stored),
            "a date given that disagrees is used, and the stored one returned"
        );
    }

    #[test]
    fn overdue_counts_working_days_across_tet() {
        let cal = Calendar::bundled();
        // Tết Bính Ngọ: Mon 16/2 – Fri 20/2/2026 off.
        let due = date("2026-02-13"); // Friday before Tết
        assert_eq!(working_days_left(&cal, due, date("2026-02-13")), Ok(0));
        assert_eq!(
            working_days_left(&cal, due, date("2026-02-20")),
            Ok(0),
            "Tết is not counted"
        );
        assert_eq!(working_days_left(&cal, due, date("2026-02-23")), Ok(-1));
        assert_eq!(working_days_left(&cal, due, date("2026-02-27")), Ok(-5));
        // Before Tết, counting forward over it.
        assert_eq!(
            working_days_left(&cal, date("2026-02-24"), date("2026-02-12")),
            Ok(3)
        );
        assert!(working_days_left(&cal, date("2099-01-05"), date("2026-02-12")).is_err());
    }

    #[test]
    fn days_left_in_words() {
        assert_eq!(days_left_text(-3, Lang::Vi), "quá hạn 3 ngày làm việc");
        assert_eq!(days_left_text(0, Lang::En), "due today");
        assert_eq!(days_left_text(2, Lang::Vi), "còn 2 ngày làm việc");
        assert_eq!(State::Reported.label(Lang::En), "Reported, not verified");
    }
}
