//! A finding: what the inspection team recorded for one checklist item at
//! one unit. Stored as independent fields (registers) so that two inspectors
//! editing different fields of the same finding never conflict.

use serde::{Deserialize, Serialize};

use super::checklist::{CheckKind, Deadline, Item, RatioRule};
use super::lang::Lang;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Unchecked,
    Pass,
    Partial,
    Fail,
    Na,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Unchecked,
        Status::Pass,
        Status::Partial,
        Status::Fail,
        Status::Na,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Unchecked => "unchecked",
            Status::Pass => "pass",
            Status::Partial => "partial",
            Status::Fail => "fail",
            Status::Na => "na",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    /// Whether the unit has something to remedy.
    pub fn needs_action(self) -> bool {
        matches!(self, Status::Fail | Status::Partial)
    }
}

/// The outcome of a sampled record that could not be found on site
/// ("không tìm thấy hồ sơ"), kept among its defects: a dossier the unit
/// cannot produce is itself a failing of its record keeping, so it counts
/// as defective, and it is never a silent gap in the sample.
pub const NOT_FOUND: &str = "khong-tim-thay";

/// One sampled record: its code (a dossier code, slip number …) and the
/// defect type ids it shows. An empty list means the record is compliant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampledRecord {
    pub code: String,
    pub defects: Vec<String>,
}

/// A ratio read from the one-stop software.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatioValue {
    pub numerator: u64,
    pub denominator: u64,
}

impl RatioValue {
    pub fn percent(self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 * 100.0 / self.denominator as f64)
    }
}

/// A reproducible random draw of record numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SamplingPlan {
    pub population: u32,
    pub seed: u64,
    /// Record numbers (1-based positions in the population), ascending.
    pub drawn: Vec<u32>,
}

/// Evidence supporting a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// A document number, e.g. "Biên bản số 12/BB-KT".
    Document { reference: String },
    /// A file on the inspector's laptop, with its SHA-256 so it can be
    /// recognised whatever it is renamed to.
    File { path: String, sha256: String },
}

/// The last component of a path as the laptop that recorded it wrote it,
/// whatever its platform: `/` and `\\` both separate, and a Windows drive
/// (`C:a.jpg`) is no part of the name. An evidence file is stored by this
/// name, and shown by it (also for paths stored whole before), so readers
/// see the document's name, not the inspector's folders.
pub fn file_name(path: &str) -> &str {
    let last = path
        .rsplit(['/', '\\'])
        .find(|c| !c.is_empty())
        .unwrap_or(path);
    match last.as_bytes() {
        [drive, b':', _, ..] if drive.is_ascii_alphabetic() && path.starts_with(last) => &last[2..],
        _ => last,
    }
}

/// Whether an evidence path climbs out of a folder (a `..` component,
/// written with `/` or `\\`) or carries a NUL: a bundle holding one is
/// refused.
pub fn climbs_out(path: &str) -> bool {
    path.split(['/', '\\']).any(|c| c == "..") || path.contains('\0')
}

impl Evidence {
    pub fn display(&self) -> String {
        match self {
            Evidence::Document { reference } => reference.clone(),
            Evidence::File { path, sha256 } => {
                format!(
                    "{} (SHA-256 {})",
                    file_name(path),
                    &sha256[..sha256.len().min(12)]
                )
            }
        }
    }
}

pub use super::register::Field;
use super::register::{self, Value};

/// A field's value as stored: JSON text, or `None` when cleared/removed.
pub type RawValue = Option<String>;

/// Encodes typed values into register values (see [`Value::encode`]).
pub mod encode {
    use super::*;

    pub fn status(s: Status) -> RawValue {
        Value::Status(s).encode()
    }
    pub fn text(s: &str) -> RawValue {
        Value::Text(s.to_owned()).encode()
    }
    pub fn sample(defects: &[String]) -> RawValue {
        Value::Defects(defects.to_vec()).encode()
    }
    pub fn ratio(r: RatioValue) -> RawValue {
        Value::Ratio(r).encode()
    }
    pub fn sampling(p: &SamplingPlan) -> RawValue {
        Value::Sampling(p.clone()).encode()
    }
    pub fn evidence(e: &Evidence) -> RawValue {
        Value::Evidence(e.clone()).encode()
    }
    pub fn deadline(d: Deadline) -> RawValue {
        Value::Deadline(d).encode()
    }
}

/// A field with more than one concurrent value that a person must settle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub field: String,
    pub sides: Vec<ConflictSide>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictSide {
    pub rev_id: String,
    pub value: RawValue,
    pub author: String,
    pub device: String,
    pub at_ms: i64,
}

/// The current state of one finding, assembled from its registers.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct FindingState {
    pub status: Status,
    pub note: String,
    pub ratio: Option<RatioValue>,
    pub sampling: Option<SamplingPlan>,
    pub action_override: Option<String>,
    pub deadline_override: Option<Deadline>,
    /// Sorted by code.
    pub samples: Vec<SampledRecord>,
    /// (evidence id, evidence), sorted by id.
    pub evidence: Vec<(String, Evidence)>,
    /// Unresolved conflicts. The status above is the effective one (the
    /// worst side); the other values show the newest side.
    pub conflicts: Vec<Conflict>,
    /// The heads of the follow-up registers, newest first; what they mean
    /// is `core::followup::derive`'s.
    #[serde(skip)]
    pub followup_reported: Vec<register::Head>,
    #[serde(skip)]
    pub followup_verdict: Vec<register::Head>,
}

impl FindingState {
    /// Applies one register, given its heads newest first. The status is
    /// the effective one ([`register::effective_status`]: the worst side
    /// while in conflict); every other field shows its newest side. A
    /// register whose heads disagree is listed in `conflicts`.
    pub fn apply_register(&mut self, field_key: &str, sides: Vec<ConflictSide>) {
        let Some(newest) = sides.first() else { return };
        if let Some(field) = Field::parse(field_key) {
            if field == Field::Status {
                self.status =
                    register::effective_status(sides.iter().map(|s| register::status_of(&s.value)));
            } else if field.is_followup() {
                let heads = sides
                    .iter()
                    .map(|s| register::Head {
                        rev_id: s.rev_id.clone(),
                        value: s.value.clone(),
                        at_ms: s.at_ms,
                    })
                    .collect();
                if field == Field::FollowupReported {
                    self.followup_reported = heads;
                } else {
                    self.followup_verdict = heads;
                }
            } else {
                self.apply(&field, &newest.value);
            }
        }
        if register::in_conflict(sides.iter().map(|s| &s.value)) {
            self.conflicts.push(Conflict {
                field: field_key.to_owned(),
                sides,
            });
        }
    }

    /// Applies one register value. Values that fail to decode are ignored
    /// (the register keeps its raw value in the store for inspection).
    pub fn apply(&mut self, field: &Field, value: &RawValue) {
        let Ok(v) = Value::decode(field, value) else {
            return;
        };
        match (field, v) {
            (Field::Status, Value::Status(s)) => self.status = s,
            (Field::Status, _) => self.status = Status::Unchecked,
            (Field::Note, Value::Text(t)) => self.note = t,
            (Field::Note, _) => self.note.clear(),
            (Field::Ratio, Value::Ratio(r)) => self.ratio = Some(r),
            (Field::Ratio, _) => self.ratio = None,
            (Field::Sampling, Value::Sampling(p)) => self.sampling = Some(p),
            (Field::Sampling, _) => self.sampling = None,
            (Field::ActionOverride, Value::Text(t)) => self.action_override = Some(t),
            (Field::ActionOverride, _) => self.action_override = None,
            (Field::DeadlineOverride, Value::Deadline(d)) => self.deadline_override = Some(d),
            (Field::DeadlineOverride, _) => self.deadline_override = None,
            (Field::Sample(code), v) => {
                self.samples.retain(|s| &s.code != code);
                if let Value::Defects(defects) = v {
                    let pos = self.samples.partition_point(|s| s.code < *code);
                    self.samples.insert(
                        pos,
                        SampledRecord {
                            code: code.clone(),
                            defects,
                        },
                    );
                }
            }
            (Field::Evidence(id), v) => {
                self.evidence.retain(|(i, _)| i != id);
                if let Value::Evidence(e) = v {
                    let pos = self.evidence.partition_point(|(i, _)| i < id);
                    self.evidence.insert(pos, (id.clone(), e));
                }
            }
            // Unit and inspection fields are not part of a finding.
            (
                Field::UnitName
                | Field::UnitKind
                | Field::UnitProvince
                | Field::Checklist
                | Field::Removed
                | Field::Finished
                | Field::ConclusionDate,
                _,
            ) => {}
            // Kept as heads by `apply_register`.
            (Field::FollowupReported | Field::FollowupVerdict, _) => {}
        }
    }

    pub fn defective_count(&self) -> usize {
        self.samples
            .iter()
            .filter(|s| !s.defects.is_empty())
            .count()
    }

    /// Codes of sampled records that show `defect`.
    pub fn records_with(&self, defect: &str) -> Vec<&str> {
        self.samples
            .iter()
            .filter(|s| s.defects.iter().any(|d| d == defect))
            .map(|s| s.code.as_str())
            .collect()
    }

    /// The required action: the override if any, else the item's default.
    pub fn action<'a>(&'a self, item: &'a Item, lang: super::lang::Lang) -> &'a str {
        self.action_override
            .as_deref()
            .unwrap_or_else(|| item.action.get(lang))
    }

    pub fn deadline(&self, item: &Item) -> Deadline {
        self.deadline_override.unwrap_or(item.deadline)
    }

    /// Whether this finding counts as done on an item of this kind (see
    /// [`register::is_done`]).
    pub fn is_done(&self, kind: &CheckKind) -> bool {
        register::is_done(
            matches!(kind, CheckKind::Observation),
            self.status,
            &self.note,
        )
    }

    /// True when anything beyond the status was recorded.
    pub fn is_touched(&self) -> bool {
        self.status != Status::Unchecked
            || !self.note.is_empty()
            || !self.samples.is_empty()
            || self.ratio.is_some()
            || !self.evidence.is_empty()
    }
}

/// A suggested status from the measurements, following the primer's proposal
/// for sampled checks (0 defective → pass, up to 10 % → partial, more → fail)
/// and the ratio threshold. The inspector always decides; this is a hint.
pub fn suggested_status(kind: &CheckKind, state: &FindingState) -> Option<Status> {
    match kind {
        CheckKind::Sampled { .. } => {
            let n = state.samples.len();
            if n == 0 {
                return None;
            }
            let k = state.defective_count();
            Some(if k == 0 {
                Status::Pass
            } else if k * 10 <= n {
                Status::Partial
            } else {
                Status::Fail
            })
        }
        CheckKind::Ratio(rule) => {
            let r = state.ratio?;
            rule.passes(r.numerator, r.denominator)
                .map(|p| if p { Status::Pass } else { Status::Fail })
        }
        CheckKind::YesNo | CheckKind::Observation => None,
    }
}

/// How a recorded status contradicts the finding's own measurements: the
/// sampled records or the ratio say the opposite of the status. Degrees
/// (partial where the sample suggests fail) are the inspector's judgement
/// and are not flagged; opposite directions are.
#[derive(Debug, Clone, PartialEq)]
pub enum Inconsistency {
    /// Passed although sampled records are defective.
    PassWithDefects { defective: usize, sampled: usize },
    /// Failed (in whole or part) although no sampled record is defective.
    FailWithoutDefects { sampled: usize },
    /// Passed although the ratio misses the threshold.
    PassMissesThreshold { ratio: RatioValue, rule: RatioRule },
    /// Failed (in whole or part) although the ratio meets the threshold.
    FailMeetsThreshold { ratio: RatioValue, rule: RatioRule },
}

/// Whether the recorded status contradicts the recorded sample or ratio.
pub fn inconsistency(kind: &CheckKind, state: &FindingState) -> Option<Inconsistency> {
    let failing = matches!(state.status, Status::Fail | Status::Partial);
    let passing = state.status == Status::Pass;
    match kind {
        CheckKind::Sampled { .. } if !state.samples.is_empty() => {
            let (k, n) = (state.defective_count(), state.samples.len());
            if passing && k > 0 {
                Some(Inconsistency::PassWithDefects {
                    defective: k,
                    sampled: n,
                })
            } else if failing && k == 0 {
                Some(Inconsistency::FailWithoutDefects { sampled: n })
            } else {
                None
            }
        }
        CheckKind::Ratio(rule) => {
            let ratio = state.ratio?;
            let passes = rule.passes(ratio.numerator, ratio.denominator)?;
            let rule = rule.clone();
            if passing && !passes {
                Some(Inconsistency::PassMissesThreshold { ratio, rule })
            } else if failing && passes {
                Some(Inconsistency::FailMeetsThreshold { ratio, rule })
            } else {
                None
            }
        }
        _ => None,
    }
}

impl Inconsistency {
    /// A stable code for scripts (`findings --json`).
    pub fn code(&self) -> &'static str {
        match self {
            Inconsistency::PassWithDefects { .. } => "pass_with_defects",
            Inconsistency::FailWithoutDefects { .. } => "fail_without_defects",
            Inconsistency::PassMissesThreshold { .. } => "pass_misses_threshold",
            Inconsistency::FailMeetsThreshold { .. } => "fail_meets_threshold",
        }
    }

    /// The contradiction in words, for the screen, the reports and JSON.
    pub fn reason(&self, lang: Lang) -> String {
        let ratio_text = |r: &RatioValue, rule: &RatioRule| {
            let pct = r.percent().map_or_else(String::new, |p| lang.percent(p));
            (
                format!("{}/{} ({pct})", r.numerator, r.denominator),
                rule.threshold_text(lang),
            )
        };
        match (self, lang) {
            (Inconsistency::PassWithDefects { defective, sampled }, Lang::Vi) => {
                format!("ghi Đạt nhưng {defective}/{sampled} hồ sơ lấy mẫu có sai sót")
            }
            (Inconsistency::PassWithDefects { defective, sampled }, Lang::En) => {
                format!("marked pass but {defective} of {sampled} sampled records are defective")
            }
            (Inconsistency::FailWithoutDefects { sampled }, Lang::Vi) => format!(
                "ghi chưa đạt nhưng không hồ sơ nào trong {sampled} hồ sơ lấy mẫu có sai sót"
            ),
            (Inconsistency::FailWithoutDefects { sampled }, Lang::En) => {
                format!("marked as failing but none of the {sampled} sampled records is defective")
            }
            (Inconsistency::PassMissesThreshold { ratio, rule }, lang) => {
                let (r, t) = ratio_text(ratio, rule);
                match lang {
                    Lang::Vi => format!("ghi Đạt nhưng tỷ lệ {r} không đạt ngưỡng {t}"),
                    Lang::En => format!("marked pass but the ratio {r} misses the threshold {t}"),
                }
            }
            (Inconsistency::FailMeetsThreshold { ratio, rule }, lang) => {
                let (r, t) = ratio_text(ratio, rule);
                match lang {
                    Lang::Vi => format!("ghi chưa đạt nhưng tỷ lệ {r} đạt ngưỡng {t}"),
                    Lang::En => {
                        format!("marked as failing but the ratio {r} meets the threshold {t}")
                    }
                }
            }
        }
    }
}

/// A register value as a person reads it: status codes, plain text, lists
/// of defect ids, "—" for cleared.
pub fn display_value(value: &RawValue) -> String {
    let Some(v) = value else {
        return "—".to_owned();
    };
    match serde_json::from_str::<serde_json::Value>(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Array(a)) if a.is_empty() => "(no defect)".to_owned(),
        Ok(serde_json::Value::Array(a)) => a
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        Ok(serde_json::Value::Object(o)) => {
            if let (Some(n), Some(d)) = (o.get("numerator"), o.get("denominator")) {
                format!("{n}/{d}")
            } else if let Some(r) = o.get("reference").and_then(|r| r.as_str()) {
                r.to_owned()
            } else if let Some(p) = o.get("path").and_then(|r| r.as_str()) {
                p.to_owned()
            } else if let (Some(d), Some(a)) = (
                o.get("done_on").and_then(|r| r.as_str()),
                o.get("action").and_then(|r| r.as_str()),
            ) {
                match o.get("by").and_then(|r| r.as_str()) {
                    Some(by) => format!("{d}: {a} ({by})"),
                    None => format!("{d}: {a}"),
                }
            } else if let Some(out) = o.get("outcome").and_then(|r| r.as_str()) {
                match o.get("reason").and_then(|r| r.as_str()) {
                    Some(why) => format!("{out}: {why}"),
                    None => out.to_owned(),
                }
            } else if o.get("removed") == Some(&serde_json::Value::Bool(true)) {
                "(removed)".to_owned()
            } else if let Some(ver) = o.get("version").and_then(|r| r.as_str()) {
                format!("version {ver}")
            } else if let (Some(p), Some(s)) = (o.get("population"), o.get("seed")) {
                format!("population {p}, seed {s}")
            } else {
                v.clone()
            }
        }
        _ => v.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_files_are_shown_by_name() {
        let e = Evidence::File {
            path: "/home/an/Tài liệu/biên bản.pdf".into(),
            sha256: "0123456789abcdef".into(),
        };
        assert_eq!(e.display(), "biên bản.pdf (SHA-256 0123456789ab)");
        assert_eq!(file_name("anh.jpg"), "anh.jpg");
        assert_eq!(file_name("dir/"), "dir");
    }

    /// Paths as a Windows laptop writes them, read on any platform.
    #[test]
    fn windows_paths_give_their_file_names() {
        assert_eq!(file_name("C:\\Users\\an\\Pictures\\a.jpg"), "a.jpg");
        assert_eq!(file_name("C:\\Users\\An\\anh 1.jpg"), "anh 1.jpg");
        assert_eq!(file_name("D:/Tài liệu/biên bản.pdf"), "biên bản.pdf");
        assert_eq!(file_name("C:a.jpg"), "a.jpg");
        assert_eq!(file_name("\\\\server\\share\\ảnh.png"), "ảnh.png");
        assert_eq!(file_name("\\\\?\\C:\\x\\a.jpg"), "a.jpg");
        assert_eq!(file_name("C:\\Users\\an\\"), "an");
        // A colon inside a Unix name is part of it.
        assert_eq!(file_name("/home/an/a:b.jpg"), "a:b.jpg");
        assert_eq!(file_name("/home/an/C:x.jpg"), "C:x.jpg");
    }

    #[test]
    fn paths_climbing_out_are_caught_with_either_separator() {
        for bad in [
            "../a.jpg",
            "photos/../../etc/passwd",
            "..\\a.jpg",
            "C:\\Users\\an\\..\\..\\Windows\\win.ini",
            "photos\\..",
            "a\0.jpg",
        ] {
            assert!(climbs_out(bad), "{bad:?}");
        }
        for ok in [
            "a.jpg",
            "..a.jpg",
            "a..jpg",
            "C:\\Users\\an\\a...jpg",
            "/home/an/a.jpg",
        ] {
            assert!(!climbs_out(ok), "{ok:?}");
        }
    }

    #[test]
    fn state_applies_registers() {
        let mut s = FindingState::default();
        s.apply(&Field::Status, &encode::status(Status::Fail));
        s.apply(&Field::Note, &encode::text("Thiếu giờ giao"));
        s.apply(
            &Field::Sample("B".into()),
            &encode::sample(&["no-time".into()]),
        );
        s.apply(&Field::Sample("A".into()), &encode::sample(&[]));
        s.apply(
            &Field::Sample("C".into()),
            &encode::sample(&["no-time".into(), "no-sign".into()]),
        );
        assert_eq!(s.status, Status::Fail);
        assert_eq!(s.note, "Thiếu giờ giao");
        assert_eq!(
            s.samples
                .iter()
                .map(|r| r.code.as_str())
                .collect::<Vec<_>>(),
            ["A", "B", "C"]
        );
        assert_eq!(s.defective_count(), 2);
        assert_eq!(s.records_with("no-sign"), ["C"]);
        s.apply(&Field::Sample("B".into()), &None);
        assert_eq!(s.samples.len(), 2);
        s.apply(&Field::Note, &encode::text(""));
        assert_eq!(s.note, "");
    }

    #[test]
    fn contradicting_statuses_are_flagged() {
        let sampled = CheckKind::Sampled {
            record: Default::default(),
            defects: vec![],
            sampling: None,
            group: None,
        };
        let mut s = FindingState::default();
        s.apply(&Field::Status, &encode::status(Status::Pass));
        assert_eq!(inconsistency(&sampled, &s), None, "nothing sampled");
        s.apply(&Field::Sample("A".into()), &encode::sample(&["x".into()]));
        s.apply(&Field::Sample("B".into()), &encode::sample(&["y".into()]));
        let flag = inconsistency(&sampled, &s).expect("pass with 2 of 2 defective");
        assert_eq!(
            flag,
            Inconsistency::PassWithDefects {
                defective: 2,
                sampled: 2
            }
        );
        assert_eq!(
            flag.reason(Lang::Vi),
            "ghi Đạt nhưng 2/2 hồ sơ lấy mẫu có sai sót"
        );
        s.apply(&Field::Status, &encode::status(Status::Fail));
        assert_eq!(inconsistency(&sampled, &s), None);
        s.apply(&Field::Sample("A".into()), &encode::sample(&[]));
        s.apply(&Field::Sample("B".into()), &encode::sample(&[]));
        assert_eq!(
            inconsistency(&sampled, &s),
            Some(Inconsistency::FailWithoutDefects { sampled: 2 })
        );

        let rule = RatioRule {
            numerator: Default::default(),
            denominator: Default::default(),
            threshold: 0.0,
            pass_when: super::super::checklist::Direction::AtMost,
        };
        let ratio = CheckKind::Ratio(rule);
        let mut r = FindingState::default();
        r.apply(&Field::Status, &encode::status(Status::Pass));
        r.apply(
            &Field::Ratio,
            &encode::ratio(RatioValue {
                numerator: 37,
                denominator: 412,
            }),
        );
        let flag = inconsistency(&ratio, &r).expect("pass with 37/412 late against ≤ 0 %");
        assert_eq!(flag.code(), "pass_misses_threshold");
        assert_eq!(
            flag.reason(Lang::Vi),
            "ghi Đạt nhưng tỷ lệ 37/412 (9,0 %) không đạt ngưỡng ≤ 0 %"
        );
        assert_eq!(
            flag.reason(Lang::En),
            "marked pass but the ratio 37/412 (9.0 %) misses the threshold ≤ 0 %"
        );
        r.apply(&Field::Status, &encode::status(Status::Na));
        assert_eq!(
            inconsistency(&ratio, &r),
            None,
            "not applicable is no claim"
        );
    }

    #[test]
    fn suggestion_follows_defect_rate() {
        let kind = CheckKind::Sampled {
            record: Default::default(),
            defects: vec![],
            sampling: None,
            group: None,
        };
        let mut s = FindingState::default();
        assert_eq!(suggested_status(&kind, &s), None);
        for i in 0..20 {
            s.apply(&Field::Sample(format!("{i:02}")), &encode::sample(&[]));
        }
        assert_eq!(suggested_status(&kind, &s), Some(Status::Pass));
        s.apply(&Field::Sample("00".into()), &encode::sample(&["x".into()]));
        s.apply(&Field::Sample("01".into()), &encode::sample(&["x".into()]));
        assert_eq!(suggested_status(&kind, &s), Some(Status::Partial));
        s.apply(&Field::Sample("02".into()), &encode::sample(&["x".into()]));
        assert_eq!(suggested_status(&kind, &s), Some(Status::Fail));
    }
}
