//! The rules of one register — one field of one entity, derived from its
//! revisions — in one place: what a stored value means ([`Field`],
//! [`Value`]), when a register is in conflict, when a finding counts as
//! checked, which status a conflicted finding has, and how the heads move
//! when revisions arrive. A local save and a merged bundle both move heads
//! with [`advance`]; every face reads a finding's status through
//! [`effective_status`].

use super::checklist::{CheckKind, Deadline, Item, UnitKind};
use super::finding::{Evidence, RatioValue, RawValue, SamplingPlan, Status};
use super::lang::Lang;

/// The fields of the entities parcheck records. A finding's sample records
/// and evidence are one register per record / per evidence id, so adding
/// different records never conflicts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Status,
    Note,
    Ratio,
    Sampling,
    ActionOverride,
    DeadlineOverride,
    Sample(String),
    Evidence(String),
    /// A unit's name, kind and province.
    UnitName,
    UnitKind,
    UnitProvince,
    /// The checklist version an inspection was recorded against.
    Checklist,
    /// Whether an inspection was removed (created by mistake); see
    /// [`removal_in_force`].
    Removed,
    /// Whether an inspection was finished, when, why despite what was
    /// missing, and over which findings; see [`finish_state`].
    Finished,
    // Follow-up of a finding to remedy (see `core::followup`).
    /// What the unit reported it did (`followup:reported`).
    FollowupReported,
    /// The team's verdict on it (`followup:verdict`).
    FollowupVerdict,
    /// The date of an inspection's conclusion notice, from which the
    /// deadlines count (`conclusion:date`); set on every inspection of a
    /// unit in a campaign at once (see `core::followup::stored_conclusion`).
    ConclusionDate,
}

impl Field {
    pub fn key(&self) -> String {
        match self {
            Field::Status => "status".into(),
            Field::Note => "note".into(),
            Field::Ratio => "ratio".into(),
            Field::Sampling => "sampling".into(),
            Field::ActionOverride => "action".into(),
            Field::DeadlineOverride => "deadline".into(),
            Field::Sample(code) => format!("sample:{code}"),
            Field::Evidence(id) => format!("evidence:{id}"),
            Field::UnitName => "name".into(),
            Field::UnitKind => "kind".into(),
            Field::UnitProvince => "province".into(),
            Field::Checklist => "checklist".into(),
            Field::Removed => "removed".into(),
            Field::Finished => "finished".into(),
            Field::FollowupReported => "followup:reported".into(),
            Field::FollowupVerdict => "followup:verdict".into(),
            Field::ConclusionDate => "conclusion:date".into(),
        }
    }

    pub fn parse(key: &str) -> Option<Field> {
        Some(match key {
            "status" => Field::Status,
            "note" => Field::Note,
            "ratio" => Field::Ratio,
            "sampling" => Field::Sampling,
            "action" => Field::ActionOverride,
            "deadline" => Field::DeadlineOverride,
            "name" => Field::UnitName,
            "kind" => Field::UnitKind,
            "province" => Field::UnitProvince,
            "checklist" => Field::Checklist,
            "removed" => Field::Removed,
            "finished" => Field::Finished,
            "followup:reported" => Field::FollowupReported,
            "followup:verdict" => Field::FollowupVerdict,
            "conclusion:date" => Field::ConclusionDate,
            _ => {
                if let Some(c) = key.strip_prefix("sample:") {
                    Field::Sample(c.to_owned())
                } else if let Some(c) = key.strip_prefix("evidence:") {
                    Field::Evidence(c.to_owned())
                } else {
                    return None;
                }
            }
        })
    }

    /// Whether this is a field of a finding (not of a unit or inspection).
    pub fn of_finding(&self) -> bool {
        !matches!(
            self,
            Field::UnitName
                | Field::UnitKind
                | Field::UnitProvince
                | Field::Checklist
                | Field::Removed
                | Field::Finished
                | Field::ConclusionDate
        )
    }

    /// Whether this is a follow-up field: recorded after the inspection
    /// (by the unit, or by the team verifying), so it neither makes its
    /// author one of the inspectors nor counts as checking the item.
    pub fn is_followup(&self) -> bool {
        matches!(self, Field::FollowupReported | Field::FollowupVerdict)
    }

    /// Whether this is a field of a unit (entity `u:CODE`).
    pub fn of_unit(&self) -> bool {
        matches!(
            self,
            Field::UnitName | Field::UnitKind | Field::UnitProvince
        )
    }
}

/// A register value, decoded once from its stored JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Cleared (a removed sample or evidence, an emptied note).
    Cleared,
    Status(Status),
    /// A note, an action override, or a unit's name or province.
    Text(String),
    /// The defect type ids a sampled record shows (empty: compliant).
    Defects(Vec<String>),
    Ratio(RatioValue),
    Sampling(SamplingPlan),
    Evidence(Evidence),
    Deadline(Deadline),
    UnitKind(UnitKind),
    Checklist {
        version: String,
        sha256: String,
    },
    /// An inspection removed by someone who had seen this many revisions
    /// of its findings (a restore is [`Value::Cleared`]).
    Removed {
        findings_seen: u64,
    },
    /// An inspection finished at `at` (RFC 3339, UTC) by someone who had
    /// seen this many revisions of its findings; `reason` says why it was
    /// finished with something still missing (empty: nothing was).
    Finished {
        at: String,
        reason: String,
        findings_seen: u64,
    },
    /// A unit's report-back on a finding.
    Reported(super::followup::Reported),
    /// The team's verdict on a finding's remediation.
    Verdict(super::followup::Verdict),
    /// A day (stored as ISO `YYYY-MM-DD`).
    Date(chrono::NaiveDate),
}

/// A stored value that is not what its field holds (only a hand-edited or
/// foreign database has one; it is shown raw and never trusted).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field {field}: stored value {raw} is not valid for it")]
pub struct DecodeError {
    pub field: String,
    pub raw: String,
}

impl Value {
    /// Decodes a stored value of `field`.
    pub fn decode(field: &Field, raw: &RawValue) -> Result<Value, DecodeError> {
        let Some(v) = raw else {
            return Ok(Value::Cleared);
        };
        let bad = || DecodeError {
            field: field.key(),
            raw: v.clone(),
        };
        let text = || serde_json::from_str::<String>(v).map_err(|_| bad());
        Ok(match field {
            Field::Status => Value::Status(serde_json::from_str(v).map_err(|_| bad())?),
            Field::Note | Field::ActionOverride | Field::UnitName | Field::UnitProvince => {
                Value::Text(text()?)
            }
            Field::Ratio => Value::Ratio(serde_json::from_str(v).map_err(|_| bad())?),
            Field::Sampling => Value::Sampling(serde_json::from_str(v).map_err(|_| bad())?),
            Field::Sample(_) => Value::Defects(serde_json::from_str(v).map_err(|_| bad())?),
            Field::Evidence(_) => Value::Evidence(serde_json::from_str(v).map_err(|_| bad())?),
            Field::DeadlineOverride => {
                Value::Deadline(Deadline::from_code(&text()?).ok_or_else(bad)?)
            }
            Field::UnitKind => Value::UnitKind(UnitKind::from_code(&text()?).ok_or_else(bad)?),
            Field::Checklist => {
                let j: serde_json::Value = serde_json::from_str(v).map_err(|_| bad())?;
                let part = |k: &str| j[k].as_str().map(str::to_owned).ok_or_else(bad);
                Value::Checklist {
                    version: part("version")?,
                    sha256: part("sha256")?,
                }
            }
            Field::Removed => {
                let j: serde_json::Value = serde_json::from_str(v).map_err(|_| bad())?;
                if j["removed"] != serde_json::Value::Bool(true) {
                    return Err(bad());
                }
                Value::Removed {
                    findings_seen: j["findings_seen"].as_u64().ok_or_else(bad)?,
                }
            }
            Field::Finished => {
                let j: serde_json::Value = serde_json::from_str(v).map_err(|_| bad())?;
                let at = j["at"].as_str().ok_or_else(bad)?;
                if chrono::DateTime::parse_from_rfc3339(at).is_err() {
                    return Err(bad());
                }
                Value::Finished {
                    at: at.to_owned(),
                    reason: j["reason"].as_str().ok_or_else(bad)?.to_owned(),
                    findings_seen: j["findings_seen"].as_u64().ok_or_else(bad)?,
                }
            }
            Field::FollowupReported => Value::Reported(serde_json::from_str(v).map_err(|_| bad())?),
            Field::FollowupVerdict => Value::Verdict(serde_json::from_str(v).map_err(|_| bad())?),
            Field::ConclusionDate => Value::Date(
                chrono::NaiveDate::parse_from_str(&text()?, "%Y-%m-%d").map_err(|_| bad())?,
            ),
        })
    }

    /// The stored form. An empty text is stored as cleared.
    pub fn encode(&self) -> RawValue {
        let json = |v: &dyn erased::Json| Some(v.json());
        match self {
            Value::Cleared => None,
            Value::Text(s) if s.is_empty() => None,
            Value::Text(s) => json(s),
            Value::Status(s) => json(s),
            Value::Defects(d) => {
                let mut d = d.clone();
                d.sort();
                d.dedup();
                json(&d)
            }
            Value::Ratio(r) => json(r),
            Value::Sampling(p) => json(p),
            Value::Evidence(e) => json(e),
            Value::Deadline(d) => json(&d.to_code()),
            Value::UnitKind(k) => json(&k.code()),
            Value::Checklist { version, sha256 } => {
                Some(serde_json::json!({ "version": version, "sha256": sha256 }).to_string())
            }
            Value::Removed { findings_seen } => Some(
                serde_json::json!({ "removed": true, "findings_seen": findings_seen }).to_string(),
            ),
            Value::Finished {
                at,
                reason,
                findings_seen,
            } => Some(
                serde_json::json!({ "at": at, "reason": reason, "findings_seen": findings_seen })
                    .to_string(),
            ),
            Value::Reported(r) => json(r),
            Value::Verdict(v) => json(v),
            Value::Date(d) => json(&d.format("%Y-%m-%d").to_string()),
        }
    }
}

/// Serialising the value types above cannot fail: they are plain data.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize + ?Sized> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).expect("plain data serialises")
        }
    }
}

/// Whether concurrent heads disagree. Heads that agree (two inspectors who
/// recorded the same value) are not a conflict.
pub fn in_conflict<'a>(values: impl IntoIterator<Item = &'a RawValue>) -> bool {
    let mut values = values.into_iter();
    let Some(first) = values.next() else {
        return false;
    };
    values.any(|v| v != first)
}

/// Whether a finding counts as done: its (effective) status is set or, on
/// an observation item, whose note is the finding, its note is not blank.
/// Progress bars, the home figures and the reports all count with this.
pub fn is_done(observation: bool, status: Status, note: &str) -> bool {
    status != Status::Unchecked || (observation && !note.trim().is_empty())
}

/// [`is_done`] from a finding's stored heads: every head of its status
/// register, and the newest head of its note register (the note a screen
/// shows).
pub fn is_done_heads<'a>(
    observation: bool,
    status_heads: impl IntoIterator<Item = &'a RawValue>,
    newest_note: Option<&RawValue>,
) -> bool {
    let note = match newest_note.map(|v| Value::decode(&Field::Note, v)) {
        Some(Ok(Value::Text(t))) => t,
        _ => String::new(),
    };
    is_done(
        observation,
        effective_status(status_heads.into_iter().map(status_of)),
        &note,
    )
}

/// How bad a status is for the unit, worst first.
fn severity_rank(s: Status) -> u8 {
    match s {
        Status::Fail => 0,
        Status::Partial => 1,
        Status::Pass => 2,
        Status::Na => 3,
        Status::Unchecked => 4,
    }
}

/// The status a finding has while its status register holds several
/// values: the worst side. A remediation list must not drop a failure
/// because another inspector's newer word was "pass"; the conflict is shown
/// beside it until the team lead settles it.
pub fn effective_status(sides: impl IntoIterator<Item = Status>) -> Status {
    sides
        .into_iter()
        .min_by_key(|s| severity_rank(*s))
        .unwrap_or(Status::Unchecked)
}

/// The status one stored status value means (a value that does not decode,
/// or a cleared one, is unchecked).
pub fn status_of(raw: &RawValue) -> Status {
    match Value::decode(&Field::Status, raw) {
        Ok(Value::Status(s)) => s,
        _ => Status::Unchecked,
    }
}

/// Whether an inspection whose `removed` register has these heads, and
/// whose findings have `finding_revisions` revisions in this database, is
/// removed. A removal removes what its author saw: it is in force when
/// every head is a removal and one of them had seen every revision of the
/// inspection's findings. A finding recorded where the removal was not
/// known (another inspector's laptop, before the bundles met) brings the
/// inspection back, so nobody's finding vanishes from a report because of
/// a removal made without it; a restore on any side does too.
///
/// Counting is exact: revisions are never deleted, so the revisions a
/// removal saw are among those of any database holding it, and the count
/// is larger exactly when some revision was not seen.
pub fn removal_in_force<'a>(
    heads: impl IntoIterator<Item = &'a RawValue>,
    finding_revisions: u64,
) -> bool {
    let mut seen: Option<u64> = None;
    for raw in heads {
        match Value::decode(&Field::Removed, raw) {
            Ok(Value::Removed { findings_seen }) => {
                seen = Some(seen.unwrap_or(0).max(findings_seen));
            }
            _ => return false,
        }
    }
    seen.is_some_and(|s| finding_revisions <= s)
}

/// Where an inspection stands with respect to finishing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinishState {
    /// Never finished (or every finish was withdrawn).
    Open,
    /// Finished, and nothing was recorded in its findings since.
    Finished { at: String, reason: String },
    /// Finished, then a finding was recorded that the finish had not seen:
    /// open again, visibly, until it is finished again.
    Reopened { at: String },
}

/// Where an inspection whose `finished` register has these heads, and
/// whose findings have `finding_revisions` revisions in this database,
/// stands. The rule mirrors [`removal_in_force`]: a finish covers what its
/// author saw. It is in force while every head is a finish and one of them
/// had seen every revision of the inspection's findings; a later edit, here
/// or merged from a laptop where the finish was not known, re-opens it (so
/// a finding is never hidden behind a finish made without it). Of several
/// finishes, the one that saw the most speaks.
pub fn finish_state<'a>(
    heads: impl IntoIterator<Item = &'a RawValue>,
    finding_revisions: u64,
) -> FinishState {
    let mut best: Option<(u64, String, String)> = None;
    for raw in heads {
        match Value::decode(&Field::Finished, raw) {
            Ok(Value::Finished {
                at,
                reason,
                findings_seen,
            }) => {
                if best
                    .as_ref()
                    .is_none_or(|(s, a, _)| (findings_seen, &at) > (*s, a))
                {
                    best = Some((findings_seen, at, reason));
                }
            }
            _ => return FinishState::Open,
        }
    }
    match best {
        None => FinishState::Open,
        Some((seen, at, reason)) if finding_revisions <= seen => {
            FinishState::Finished { at, reason }
        }
        Some((_, at, _)) => FinishState::Reopened { at },
    }
}

/// One head of a register: a revision no other revision supersedes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub rev_id: String,
    pub value: RawValue,
    pub at_ms: i64,
}

/// A revision arriving in a register (saved here or merged from a bundle).
#[derive(Debug, Clone, Copy)]
pub struct Arrival<'a> {
    pub id: &'a str,
    pub value: &'a RawValue,
    pub at_ms: i64,
    /// The revisions it supersedes.
    pub parents: &'a [&'a str],
}

/// Orders heads newest first: by time, then id, so every replica shows
/// the same side first.
pub fn newest_first(heads: &mut [Head]) {
    heads.sort_by(|a, b| (b.at_ms, &b.rev_id).cmp(&(a.at_ms, &a.rev_id)));
}

/// The one head advance. Given a register's heads and revisions that are
/// new to it, the heads after: every old head no arrival supersedes, and
/// every arrival no other arrival supersedes, newest first.
///
/// This is the definition applied incrementally: over the whole revision
/// set (from no heads) it gives exactly the revisions nobody names as a
/// parent. It relies on what the store guarantees: a revision's parents
/// are there before it, so nothing already stored names an arrival.
pub fn advance(before: &[Head], arrivals: &[Arrival<'_>]) -> Vec<Head> {
    let mut after: Vec<Head> = Vec::with_capacity(before.len() + arrivals.len());
    // A merge advances hundreds of thousands of registers of a handful of
    // heads each: those are scanned in place. A register with many (only a
    // crafted bundle has thousands) goes through sorted id lists instead,
    // so no input makes this quadratic.
    if before.len() + arrivals.len() <= 32 {
        let named = |id: &str| arrivals.iter().any(|a| a.parents.contains(&id));
        after.extend(before.iter().filter(|h| !named(&h.rev_id)).cloned());
        for a in arrivals {
            if !named(a.id)
                && !before.iter().any(|h| h.rev_id == a.id)
                && !after.iter().any(|h| h.rev_id == a.id)
            {
                after.push(arrival_head(a));
            }
        }
    } else {
        let mut superseded: Vec<&str> = arrivals
            .iter()
            .flat_map(|a| a.parents.iter().copied())
            .collect();
        superseded.sort_unstable();
        let named = |id: &str| superseded.binary_search(&id).is_ok();
        after.extend(before.iter().filter(|h| !named(&h.rev_id)).cloned());
        let mut present: Vec<&str> = before.iter().map(|h| h.rev_id.as_str()).collect();
        present.sort_unstable();
        for a in arrivals {
            if !named(a.id)
                && let Err(at) = present.binary_search(&a.id)
            {
                present.insert(at, a.id);
                after.push(arrival_head(a));
            }
        }
    }
    newest_first(&mut after);
    after
}

fn arrival_head(a: &Arrival<'_>) -> Head {
    Head {
        rev_id: a.id.to_owned(),
        value: a.value.clone(),
        at_ms: a.at_ms,
    }
}

/// A field's name as people read it, one name for every face: the screen's
/// conflicts pane, the command line, the refusals and the documents' annex.
impl Field {
    /// Capitalised, as a label ("Kết quả", "Mẫu HS-01"); mid-sentence use
    /// [`super::text::lower_first`].
    pub fn label(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let pick = |v: &str, e: &str| if vi { v } else { e }.to_owned();
        match self {
            Field::Status => pick("Kết quả", "Status"),
            Field::Note => pick("Ghi chú", "Note"),
            Field::Ratio => pick("Tỷ lệ", "Ratio"),
            Field::Sampling => pick("Kế hoạch chọn mẫu", "Sampling plan"),
            Field::ActionOverride => pick("Yêu cầu khắc phục", "Required action"),
            Field::DeadlineOverride => pick("Thời hạn", "Deadline"),
            Field::Sample(code) => format!("{} {code}", pick("Mẫu", "Sample")),
            Field::Evidence(_) => pick("Minh chứng", "Evidence"),
            Field::UnitName => pick("Tên đơn vị", "Unit name"),
            Field::UnitKind => pick("Loại đơn vị", "Kind of unit"),
            Field::UnitProvince => pick("Tỉnh, thành phố", "Province"),
            Field::Checklist => pick("Phiên bản danh mục", "Checklist version"),
            Field::Removed => pick("Xoá cuộc kiểm tra", "Removal of the inspection"),
            Field::Finished => pick("Kết thúc cuộc kiểm tra", "Finishing of the inspection"),
            Field::FollowupReported => pick("Báo cáo khắc phục của đơn vị", "Unit's report-back"),
            Field::FollowupVerdict => pick(
                "Kết quả xác minh khắc phục",
                "Verification of the remediation",
            ),
            Field::ConclusionDate => pick("Ngày kết luận kiểm tra", "Conclusion date"),
        }
    }

    /// The label beside an item: a sampled record is named as the item
    /// names its records ("Phiếu kiểm soát HS-01").
    pub fn label_for(&self, item: &Item, lang: Lang) -> String {
        match (self, &item.kind) {
            (Field::Sample(code), CheckKind::Sampled { record, .. }) => {
                format!("{} {code}", super::text::upper_first(record.get(lang)))
            }
            _ => self.label(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_one_name_in_each_language() {
        let fields = [
            Field::Status,
            Field::Note,
            Field::Ratio,
            Field::Sampling,
            Field::ActionOverride,
            Field::DeadlineOverride,
            Field::Sample("HS-01".into()),
            Field::Evidence("e1".into()),
            Field::UnitName,
            Field::UnitKind,
            Field::UnitProvince,
            Field::Checklist,
            Field::Removed,
            Field::FollowupReported,
            Field::FollowupVerdict,
            Field::ConclusionDate,
        ];
        for lang in [Lang::Vi, Lang::En] {
            let names: std::collections::BTreeSet<String> =
                fields.iter().map(|f| f.label(lang)).collect();
            assert_eq!(
                names.len(),
                fields.len(),
                "two fields share a name in {lang:?}"
            );
        }
        assert_eq!(Field::Evidence("e1".into()).label(Lang::Vi), "Minh chứng");
        assert_eq!(
            Field::Sample("HS-01".into()).label(Lang::En),
            "Sample HS-01"
        );
    }

    fn head(id: &str, v: &str, at: i64) -> Head {
        Head {
            rev_id: id.into(),
            value: Some(v.into()),
            at_ms: at,
        }
    }

    #[test]
    fn fields_round_trip_through_keys() {
        for f in [
            Field::Status,
            Field::Note,
            Field::Ratio,
            Field::Sampling,
            Field::ActionOverride,
            Field::DeadlineOverride,
            Field::Sample("HS-01:x".into()),
            Field::Evidence("e1".into()),
            Field::UnitName,
            Field::UnitKind,
            Field::UnitProvince,
            Field::Checklist,
            Field::Removed,
            Field::Finished,
            Field::FollowupReported,
            Field::FollowupVerdict,
            Field::ConclusionDate,
        ] {
            assert_eq!(Field::parse(&f.key()), Some(f));
        }
        assert_eq!(Field::parse("colour"), None);
        assert!(!Field::UnitName.of_finding() && Field::Sample("a".into()).of_finding());
    }

    #[test]
    fn values_round_trip_and_bad_values_are_refused() {
        let cases = [
            (Field::Status, Value::Status(Status::Partial)),
            (Field::Note, Value::Text("Thiếu giờ giao".into())),
            (Field::Sample("A".into()), Value::Defects(vec!["x".into()])),
            (
                Field::Ratio,
                Value::Ratio(RatioValue {
                    numerator: 3,
                    denominator: 4,
                }),
            ),
            (
                Field::DeadlineOverride,
                Value::Deadline(Deadline::WorkingDays(5)),
            ),
            (Field::UnitKind, Value::UnitKind(UnitKind::CommunePc)),
            (
                Field::Checklist,
                Value::Checklist {
                    version: "1".into(),
                    sha256: "ab".into(),
                },
            ),
            (Field::Removed, Value::Removed { findings_seen: 7 }),
            (
                Field::ConclusionDate,
                Value::Date(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()),
            ),
            (
                Field::Finished,
                Value::Finished {
                    at: "2026-12-04T02:00:00Z".into(),
                    reason: "Hồ sơ lưu ở kho, hẹn kiểm tra bổ sung".into(),
                    findings_seen: 12,
                },
            ),
        ];
        for (f, v) in cases {
            assert_eq!(Value::decode(&f, &v.encode()), Ok(v));
        }
        assert_eq!(Value::decode(&Field::Note, &None), Ok(Value::Cleared));
        assert_eq!(Value::Text(String::new()).encode(), None);
        assert!(Value::decode(&Field::Status, &Some("\"great\"".into())).is_err());
        assert!(Value::decode(&Field::DeadlineOverride, &Some("\"0\"".into())).is_err());
        assert!(Value::decode(&Field::ConclusionDate, &Some("\"02/03/2026\"".into())).is_err());
    }

    #[test]
    fn conflict_checked_and_effective_status() {
        let (a, b) = (Some("\"pass\"".to_owned()), Some("\"fail\"".to_owned()));
        assert!(!in_conflict([&a, &a]));
        assert!(in_conflict([&a, &b]));
        assert!(!in_conflict(std::iter::empty()));
        let unchecked = Some("\"unchecked\"".to_owned());
        assert!(is_done_heads(false, [&a], None));
        assert!(
            is_done_heads(false, [&unchecked, &a], None),
            "the effective status decides"
        );
        assert!(!is_done_heads(false, [&unchecked], None));
        assert!(!is_done_heads(false, [&None], None) && !is_done_heads(false, [], None));
        use crate::core::finding::encode;
        let note = encode::text("Còn 12 kết quả chưa có người nhận");
        let blank = encode::text("  ");
        assert!(
            is_done_heads(true, [], Some(&note)),
            "an observation's note is its finding"
        );
        assert!(
            !is_done_heads(false, [], Some(&note)),
            "elsewhere a note alone is not a result"
        );
        assert!(!is_done_heads(true, [&unchecked], Some(&blank)));
        assert!(!is_done_heads(true, [], Some(&None)));
        assert_eq!(effective_status([Status::Pass, Status::Fail]), Status::Fail);
        assert_eq!(
            effective_status([Status::Na, Status::Partial]),
            Status::Partial
        );
        assert_eq!(effective_status([]), Status::Unchecked);
        assert_eq!(status_of(&b), Status::Fail);
        assert_eq!(status_of(&Some("nonsense".into())), Status::Unchecked);
    }

    #[test]
    fn a_removal_is_in_force_only_over_what_its_author_saw() {
        let removed = |n: u64| Value::Removed { findings_seen: n }.encode();
        let (r3, r5) = (removed(3), removed(5));
        assert!(!removal_in_force(std::iter::empty(), 0), "never removed");
        assert!(removal_in_force([&r3], 0));
        assert!(removal_in_force([&r3], 3));
        assert!(!removal_in_force([&r3], 4), "a finding it did not see");
        assert!(!removal_in_force([&r3, &None], 0), "a concurrent restore");
        assert!(!removal_in_force([&None], 0), "restored");
        // Two removals: the one that saw everything decides.
        assert!(removal_in_force([&r3, &r5], 5));
        assert!(!removal_in_force([&r3, &r5], 6));
        assert!(
            !removal_in_force([&Some("true".into())], 0),
            "not a removal"
        );
        assert!(
            Value::decode(
                &Field::Removed,
                &Some("{\"removed\":false,\"findings_seen\":1}".into())
            )
            .is_err()
        );
    }

    #[test]
    fn a_finish_holds_over_what_its_author_saw_and_an_edit_reopens_it() {
        let finished = |n: u64, at: &str, why: &str| {
            Value::Finished {
                at: at.into(),
                reason: why.into(),
                findings_seen: n,
            }
            .encode()
        };
        let f4 = finished(4, "2026-12-04T02:00:00Z", "");
        let f6 = finished(6, "2026-12-04T03:00:00Z", "thiếu hồ sơ");
        assert_eq!(finish_state(std::iter::empty(), 9), FinishState::Open);
        let done = |at: &str, why: &str| FinishState::Finished {
            at: at.into(),
            reason: why.into(),
        };
        assert_eq!(finish_state([&f4], 4), done("2026-12-04T02:00:00Z", ""));
        assert_eq!(
            finish_state([&f4], 5),
            FinishState::Reopened {
                at: "2026-12-04T02:00:00Z".into()
            },
            "an edit it did not see re-opens it"
        );
        // Two inspectors finished concurrently: the finish that saw the
        // most speaks, for both the state and its reason.
        assert_eq!(
            finish_state([&f4, &f6], 6),
            done("2026-12-04T03:00:00Z", "thiếu hồ sơ")
        );
        assert!(matches!(
            finish_state([&f6, &f4], 7),
            FinishState::Reopened { .. }
        ));
        assert_eq!(
            finish_state([&f4, &None], 0),
            FinishState::Open,
            "withdrawn"
        );
        assert_eq!(
            finish_state([&Some("true".into())], 0),
            FinishState::Open,
            "not a finish"
        );
        let bad_time = Some(r#"{"at":"hôm nay","reason":"","findings_seen":1}"#.to_owned());
        assert!(Value::decode(&Field::Finished, &bad_time).is_err());
    }

    /// Both ways of scanning give the same heads: a chain, a fan and a
    /// resolution, small and large.
    #[test]
    fn advance_is_the_same_for_few_and_many_heads() {
        for n in [3usize, 40, 200] {
            let ids: Vec<String> = (0..n).map(|i| format!("r{i:04}")).collect();
            let v = Some("1".to_owned());
            let before: Vec<Head> = ids[..n / 2]
                .iter()
                .enumerate()
                .map(|(i, id)| head(id, "1", i as i64))
                .collect();
            // Every second arrival supersedes one old head; the rest are
            // new concurrent heads; the last names the one before it.
            let parents: Vec<Vec<&str>> = (n / 2..n)
                .map(|i| match i % 2 {
                    0 => vec![ids[i - n / 2].as_str()],
                    _ if i == n - 1 => vec![ids[i - 1].as_str()],
                    _ => vec![],
                })
                .collect();
            let arrivals: Vec<Arrival<'_>> = (n / 2..n)
                .zip(&parents)
                .map(|(i, p)| Arrival {
                    id: &ids[i],
                    value: &v,
                    at_ms: i as i64,
                    parents: p,
                })
                .collect();
            let named: Vec<&str> = parents.iter().flatten().copied().collect();
            let mut expected: Vec<&str> = ids
                .iter()
                .map(String::as_str)
                .filter(|id| !named.contains(id))
                .collect();
            expected.sort_by(|a, b| b.cmp(a));
            let got: Vec<String> = advance(&before, &arrivals)
                .into_iter()
                .map(|h| h.rev_id)
                .collect();
            assert_eq!(got, expected, "n = {n}");
        }
    }

    #[test]
    fn advance_replaces_what_arrivals_name() {
        let before = vec![head("b", "1", 2), head("c", "2", 3)];
        let v = Some("3".to_owned());
        // A resolution naming both heads leaves one.
        let after = advance(
            &before,
            &[Arrival {
                id: "d",
                value: &v,
                at_ms: 4,
                parents: &["b", "c"],
            }],
        );
        assert_eq!(after, vec![head("d", "3", 4)]);
        // An edit on a stale base (naming only b) keeps c beside it.
        let after = advance(
            &before,
            &[Arrival {
                id: "e",
                value: &v,
                at_ms: 1,
                parents: &["b"],
            }],
        );
        assert_eq!(after, vec![head("c", "2", 3), head("e", "3", 1)]);
        // Two arrivals, one superseding the other; one already present.
        let after = advance(
            &before,
            &[
                Arrival {
                    id: "f",
                    value: &v,
                    at_ms: 5,
                    parents: &["c"],
                },
                Arrival {
                    id: "g",
                    value: &v,
                    at_ms: 6,
                    parents: &["f"],
                },
                Arrival {
                    id: "b",
                    value: &v,
                    at_ms: 2,
                    parents: &[],
                },
            ],
        );
        assert_eq!(after, vec![head("g", "3", 6), head("b", "1", 2)]);
    }
}
