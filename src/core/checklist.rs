//! The checklist model: what an inspector works through, and what findings,
//! reports and merges point at. Pure data; parsing lives in `checklist_parse`.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The legal framework a checklist applies. Forms were renumbered between
/// the two (e.g. the control slip is Mẫu 05 under TT 01/2018, Mẫu 06 under
/// TT 03/2025), so a checklist says which one it follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Framework {
    /// Decree 61/2018/NĐ-CP + Circular 01/2018/TT-VPCP.
    #[serde(rename = "2018")]
    Y2018,
    /// Decree 118/2025/NĐ-CP + Circular 03/2025/TT-VPCP (two-tier local government).
    #[serde(rename = "2025")]
    Y2025,
}

impl Framework {
    pub const ALL: [(&'static str, Framework); 2] =
        [("2018", Framework::Y2018), ("2025", Framework::Y2025)];

    pub fn code(self) -> &'static str {
        match self {
            Framework::Y2018 => "2018",
            Framework::Y2025 => "2025",
        }
    }

    /// The documents of the framework, as cited in reports.
    pub fn documents(self) -> &'static str {
        match self {
            Framework::Y2018 => "Nghị định 61/2018/NĐ-CP; Thông tư 01/2018/TT-VPCP",
            Framework::Y2025 => "Nghị định 118/2025/NĐ-CP; Thông tư 03/2025/TT-VPCP",
        }
    }
}

/// Kinds of inspected unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Sở, ban, ngành cấp tỉnh.
    ProvincialDepartment,
    /// UBND xã, phường, đặc khu.
    CommunePc,
    /// Trung tâm Phục vụ hành chính công cấp tỉnh.
    ProvincialServiceCentre,
    /// Trung tâm Phục vụ hành chính công xã, phường, đặc khu.
    CommuneServiceCentre,
    /// Cơ quan ngành dọc đặt tại địa phương.
    VerticalAgency,
}

impl UnitKind {
    pub const ALL: [UnitKind; 5] = [
        UnitKind::ProvincialDepartment,
        UnitKind::CommunePc,
        UnitKind::ProvincialServiceCentre,
        UnitKind::CommuneServiceCentre,
        UnitKind::VerticalAgency,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UnitKind::ProvincialDepartment => "provincial_department",
            UnitKind::CommunePc => "commune_pc",
            UnitKind::ProvincialServiceCentre => "provincial_service_centre",
            UnitKind::CommuneServiceCentre => "commune_service_centre",
            UnitKind::VerticalAgency => "vertical_agency",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kind as people name it.
    pub fn label(self, lang: super::lang::Lang) -> &'static str {
        let vi = matches!(lang, super::lang::Lang::Vi);
        match self {
            UnitKind::ProvincialDepartment if vi => "Sở, ban, ngành cấp tỉnh",
            UnitKind::ProvincialDepartment => "provincial department",
            UnitKind::CommunePc if vi => "UBND xã, phường, đặc khu",
            UnitKind::CommunePc => "commune People's Committee",
            UnitKind::ProvincialServiceCentre if vi => "Trung tâm Phục vụ HCC cấp tỉnh",
            UnitKind::ProvincialServiceCentre => "provincial public administration service centre",
            UnitKind::CommuneServiceCentre if vi => "Trung tâm Phục vụ HCC cấp xã",
            UnitKind::CommuneServiceCentre => "commune public administration service centre",
            UnitKind::VerticalAgency if vi => "Cơ quan ngành dọc",
            UnitKind::VerticalAgency => "vertically managed agency",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    // Declared high first so that sorting puts the most severe first.
    High,
    Medium,
    Low,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::High, Severity::Medium, Severity::Low];

    pub fn code(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// When the inspected unit must have completed the required action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    Immediately,
    WorkingDays(u32),
}

impl Deadline {
    /// Longest deadline accepted: a year of working days is far beyond any
    /// remediation request and keeps date arithmetic in range.
    pub const MAX_WORKING_DAYS: u32 = 250;

    /// The textual form used in checklists, the CLI and the store.
    pub fn to_code(self) -> String {
        match self {
            Deadline::Immediately => "immediately".to_owned(),
            Deadline::WorkingDays(n) => n.to_string(),
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        let s = s.trim();
        if s == "immediately" {
            return Some(Deadline::Immediately);
        }
        match s.parse::<u32>() {
            Ok(n) if (1..=Self::MAX_WORKING_DAYS).contains(&n) => Some(Deadline::WorkingDays(n)),
            _ => None,
        }
    }
}

/// One citation of a legal basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// The document, e.g. "Nghị định 61/2018/NĐ-CP".
    pub document: String,
    /// Article, clause, point, e.g. "Điều 18, khoản 2".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// A form number, e.g. "Mẫu số 06".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// False when the citation could not be checked against the official text.
    pub verified: bool,
}

impl Citation {
    /// "Nghị định 61/2018/NĐ-CP, Điều 18, khoản 2 (Mẫu số 05)".
    pub fn display(&self) -> String {
        let mut s = self.document.clone();
        if let Some(a) = &self.article {
            s.push_str(", ");
            s.push_str(a);
        }
        if let Some(f) = &self.form {
            s.push_str(" (");
            s.push_str(f);
            s.push(')');
        }
        s
    }
}

/// A Vietnamese text with an optional English rendering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Text {
    pub vi: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    pub fn get(&self, lang: crate::core::lang::Lang) -> &str {
        match lang {
            crate::core::lang::Lang::En => self.en.as_deref().unwrap_or(&self.vi),
            crate::core::lang::Lang::Vi => &self.vi,
        }
    }
}

/// A defect type a sampled record may show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DefectType {
    pub id: String,
    pub label: Text,
}

/// How many records to sample: `max(min, ceil(percent % of population))`,
/// capped at `max` and at the population.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SamplingRule {
    pub min: u32,
    pub percent: f64,
    pub max: u32,
}

impl SamplingRule {
    pub fn sample_size(&self, population: u32) -> u32 {
        let by_percent = (f64::from(population) * self.percent / 100.0).ceil();
        // by_percent is within 0..=population (percent <= 100), so the cast is exact.
        let by_percent = by_percent.clamp(0.0, f64::from(population)) as u32;
        by_percent.max(self.min).min(self.max).min(population)
    }
}

/// Which side of the threshold passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    AtLeast,
    AtMost,
}

impl Direction {
    /// The sign a threshold is written with: `≥ 90 %` or `≤ 0 %`.
    pub fn symbol(self) -> &'static str {
        match self {
            Direction::AtLeast => "≥",
            Direction::AtMost => "≤",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatioRule {
    pub numerator: Text,
    pub denominator: Text,
    /// Percent, 0–100.
    pub threshold: f64,
    pub pass_when: Direction,
}

impl RatioRule {
    /// The threshold as printed: its sign and number, "≤ 0 %", "≥ 92,5 %".
    pub fn threshold_text(&self, lang: super::lang::Lang) -> String {
        format!(
            "{} {} %",
            self.pass_when.symbol(),
            lang.decimal(&self.threshold.to_string())
        )
    }

    /// Whether `num / den` passes. `None` when the denominator is zero.
    pub fn passes(&self, num: u64, den: u64) -> Option<bool> {
        if den == 0 {
            return None;
        }
        // Exact for the counts one-stop software reports (well below 2^52).
        let pct = num as f64 * 100.0 / den as f64;
        Some(match self.pass_when {
            Direction::AtLeast => pct >= self.threshold,
            Direction::AtMost => pct <= self.threshold,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CheckKind {
    YesNo,
    Sampled {
        /// What a record is, e.g. "phiếu kiểm soát".
        record: Text,
        defects: Vec<DefectType>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sampling: Option<SamplingRule>,
        /// The items of a checklist with the same group are checked on the
        /// same records: one draw, one list of record codes (see
        /// docs/checklist-format.md). Not part of an item's meaning.
        #[serde(rename = "sample_group", skip_serializing_if = "Option::is_none")]
        group: Option<String>,
    },
    Ratio(RatioRule),
    Observation,
}

impl CheckKind {
    pub fn code(&self) -> &'static str {
        match self {
            CheckKind::YesNo => "yes_no",
            CheckKind::Sampled { .. } => "sampled",
            CheckKind::Ratio(_) => "ratio",
            CheckKind::Observation => "observation",
        }
    }

    pub fn defects(&self) -> &[DefectType] {
        match self {
            CheckKind::Sampled { defects, .. } => defects,
            _ => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub id: String,
    pub question: Text,
    pub guidance: Text,
    pub legal_basis: Vec<Citation>,
    pub severity: Severity,
    #[serde(flatten)]
    pub kind: CheckKind,
    pub action: Text,
    pub deadline: Deadline,
    pub evidence: Text,
    /// The position answerable for the action, e.g. "Trưởng Bộ phận Một cửa".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responsible: Option<Text>,
    /// Content hash: changes exactly when the item's meaning changes.
    pub hash: String,
}

impl Item {
    /// SHA-256 over the parts that give a finding its meaning: the question,
    /// the kind, the defect types and the threshold. Guidance, wording of the
    /// action or an English translation can change without invalidating
    /// findings recorded earlier.
    pub fn compute_hash(question: &Text, kind: &CheckKind) -> String {
        let mut h = Sha256::new();
        let mut field = |name: &str, value: &str| {
            // Length-prefixed fields: no two different inputs share an encoding.
            h.update(name.as_bytes());
            h.update((value.len() as u64).to_le_bytes());
            h.update(value.as_bytes());
        };
        field("question", &question.vi);
        field("kind", kind.code());
        match kind {
            CheckKind::Sampled { defects, .. } => {
                for d in defects {
                    field("defect", &d.id);
                    field("defect_label", &d.label.vi);
                }
            }
            CheckKind::Ratio(r) => {
                field("threshold", &format!("{}", r.threshold));
                field(
                    "pass_when",
                    match r.pass_when {
                        Direction::AtLeast => "at_least",
                        Direction::AtMost => "at_most",
                    },
                );
            }
            CheckKind::YesNo | CheckKind::Observation => {}
        }
        let digest = h.finalize();
        digest[..16].iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub id: String,
    pub title: Text,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checklist {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub framework: Framework,
    pub applies_to: Vec<UnitKind>,
    pub description: Text,
    pub sections: Vec<Section>,
}

impl Checklist {
    pub fn items(&self) -> impl Iterator<Item = (&Section, &Item)> {
        self.sections
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }

    pub fn item_count(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }

    pub fn find_item(&self, id: &str) -> Option<(&Section, &Item)> {
        self.items().find(|(_, i)| i.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_size_follows_rule() {
        let r = SamplingRule {
            min: 5,
            percent: 10.0,
            max: 30,
        };
        assert_eq!(r.sample_size(0), 0);
        assert_eq!(r.sample_size(3), 3);
        assert_eq!(r.sample_size(40), 5);
        assert_eq!(r.sample_size(51), 6);
        assert_eq!(r.sample_size(1000), 30);
    }

    #[test]
    fn ratio_threshold_directions() {
        let mut r = RatioRule {
            numerator: Text::default(),
            denominator: Text::default(),
            threshold: 30.0,
            pass_when: Direction::AtLeast,
        };
        assert_eq!(r.passes(30, 100), Some(true));
        assert_eq!(r.passes(29, 100), Some(false));
        assert_eq!(r.passes(1, 0), None);
        r.pass_when = Direction::AtMost;
        assert_eq!(r.passes(29, 100), Some(true));
    }

    #[test]
    fn deadline_codes_round_trip() {
        assert_eq!(
            Deadline::from_code("immediately"),
            Some(Deadline::Immediately)
        );
        assert_eq!(Deadline::from_code("15"), Some(Deadline::WorkingDays(15)));
        assert_eq!(Deadline::from_code("0"), None);
        assert_eq!(Deadline::from_code("soon"), None);
        assert_eq!(Deadline::WorkingDays(7).to_code(), "7");
    }

    #[test]
    fn hash_changes_with_meaning_only() {
        let q = Text {
            vi: "Có sổ không?".into(),
            en: None,
        };
        let q_en = Text {
            vi: "Có sổ không?".into(),
            en: Some("Is there a book?".into()),
        };
        let q2 = Text {
            vi: "Có sổ điện tử không?".into(),
            en: None,
        };
        let h = Item::compute_hash(&q, &CheckKind::YesNo);
        assert_eq!(h, Item::compute_hash(&q_en, &CheckKind::YesNo));
        assert_ne!(h, Item::compute_hash(&q2, &CheckKind::YesNo));
        assert_ne!(h, Item::compute_hash(&q, &CheckKind::Observation));
        assert_eq!(h.len(), 32);
    }
}
