//! Counting findings by status, per section and overall, and the
//! classification those counts lead to (the rule every report states).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::core::checklist::{Checklist, Severity};
use crate::core::finding::Status;
use crate::core::lang::Lang;
use crate::store::FindingRow;

/// Counts of findings by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub pass: u32,
    pub partial: u32,
    pub fail: u32,
    pub na: u32,
    /// Observation items recorded by their note (no status: they are not
    /// scored, and not "unchecked" either).
    pub noted: u32,
    pub unchecked: u32,
}

impl Counts {
    pub fn add(&mut self, s: Status) {
        match s {
            Status::Pass => self.pass += 1,
            Status::Partial => self.partial += 1,
            Status::Fail => self.fail += 1,
            Status::Na => self.na += 1,
            Status::Unchecked => self.unchecked += 1,
        }
    }
    pub fn merge(&mut self, o: &Counts) {
        self.pass += o.pass;
        self.partial += o.partial;
        self.fail += o.fail;
        self.na += o.na;
        self.noted += o.noted;
        self.unchecked += o.unchecked;
    }
    /// Checked applicable items: pass + partial + fail.
    pub fn checked(&self) -> u32 {
        self.pass + self.partial + self.fail
    }
    pub fn total(&self) -> u32 {
        self.checked() + self.na + self.noted + self.unchecked
    }
    /// Pass rate in tenths of a percent (integer, so every format prints the
    /// same figure): pass / (pass + partial + fail), rounded half up.
    pub fn pass_rate_permille(&self) -> Option<u32> {
        permille(self.pass, self.checked())
    }
    pub fn pass_rate_text(&self) -> String {
        match self.pass_rate_permille() {
            Some(p) => format!("{}.{}%", p / 10, p % 10),
            None => "—".to_owned(),
        }
    }
}

/// `part` of `whole` in tenths of a percent, rounded half up; none of
/// nothing. Every share a report prints is rounded this one way.
pub fn permille(part: u32, whole: u32) -> Option<u32> {
    (whole > 0).then(|| (part * 2000 + whole) / (2 * whole))
}

/// The overall classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    Compliant,
    LargelyCompliant,
    NotCompliant,
    NotAssessed,
}

impl Classification {
    /// The rule, stated in every report:
    /// - not assessed: no applicable item checked;
    /// - not compliant: any high-severity item failed, or pass rate < 70 %;
    /// - compliant: pass rate ≥ 90 % and no high-severity item partial;
    /// - largely compliant: otherwise.
    ///
    /// Pass rate = pass / (pass + partial + fail); `na` and `unchecked` are
    /// excluded. Items with an unresolved status conflict count with their
    /// worst side.
    pub fn compute(c: &Counts, high_fail: bool, high_partial: bool) -> Self {
        let Some(rate) = c.pass_rate_permille() else {
            return Classification::NotAssessed;
        };
        if high_fail || rate < 700 {
            Classification::NotCompliant
        } else if rate >= 900 && !high_partial {
            Classification::Compliant
        } else {
            Classification::LargelyCompliant
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Classification::Compliant => "compliant",
            Classification::LargelyCompliant => "largely_compliant",
            Classification::NotCompliant => "not_compliant",
            Classification::NotAssessed => "not_assessed",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Vi, Classification::Compliant) => "Đạt",
            (Lang::Vi, Classification::LargelyCompliant) => "Cơ bản đạt",
            (Lang::Vi, Classification::NotCompliant) => "Chưa đạt",
            (Lang::Vi, Classification::NotAssessed) => "Chưa đánh giá",
            (Lang::En, Classification::Compliant) => "Compliant",
            (Lang::En, Classification::LargelyCompliant) => "Largely compliant",
            (Lang::En, Classification::NotCompliant) => "Not compliant",
            (Lang::En, Classification::NotAssessed) => "Not assessed",
        }
    }

    pub fn rule(lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => {
                "Tỷ lệ đạt = số mục Đạt / (Đạt + Đạt một phần + Không đạt); không tính mục Không áp dụng và Chưa kiểm tra. \
                 Chưa đạt: có mục mức độ cao Không đạt, hoặc tỷ lệ đạt dưới 70%. \
                 Đạt: tỷ lệ đạt từ 90% trở lên và không có mục mức độ cao Đạt một phần. \
                 Cơ bản đạt: các trường hợp còn lại. Chưa đánh giá: chưa có mục nào được kiểm tra. \
                 Mục có kết quả chưa thống nhất được tính theo kết quả thấp nhất."
            }
            Lang::En => {
                "Pass rate = pass / (pass + partial + fail); not-applicable and unchecked items are excluded. \
                 Not compliant: any high-severity item failed, or pass rate below 70%. \
                 Compliant: pass rate of 90% or more and no high-severity item partial. \
                 Largely compliant: otherwise. Not assessed: no applicable item checked. \
                 An item with an unresolved status conflict counts with its worst status."
            }
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionSummary {
    /// The checklist the section belongs to.
    pub checklist: String,
    pub id: String,
    pub title: String,
    pub counts: Counts,
}

pub(super) struct Tally {
    pub(super) counts: Counts,
    pub(super) sections: Vec<SectionSummary>,
    pub(super) high_fail: bool,
    pub(super) high_partial: bool,
}

pub(super) fn tally(
    checklist: &Checklist,
    rows: &BTreeMap<String, FindingRow>,
    lang: Lang,
) -> Tally {
    let mut t = Tally {
        counts: Counts::default(),
        sections: Vec::new(),
        high_fail: false,
        high_partial: false,
    };
    for sec in &checklist.sections {
        let mut c = Counts::default();
        for item in &sec.items {
            let row = rows.get(&item.id);
            let s = row.map_or(Status::Unchecked, |r| r.state.status);
            if s == Status::Unchecked && row.is_some_and(|r| r.state.is_done(&item.kind)) {
                c.noted += 1;
            } else {
                c.add(s);
            }
            if item.severity == Severity::High {
                t.high_fail |= s == Status::Fail;
                t.high_partial |= s == Status::Partial;
            }
        }
        t.counts.merge(&c);
        t.sections.push(SectionSummary {
            checklist: checklist.id.clone(),
            id: sec.id.clone(),
            title: sec.title.get(lang).to_owned(),
            counts: c,
        });
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_rate_rounds_half_up() {
        let c = Counts {
            pass: 2,
            partial: 1,
            fail: 0,
            na: 5,
            noted: 1,
            unchecked: 1,
        };
        assert_eq!(c.pass_rate_permille(), Some(667));
        assert_eq!(c.pass_rate_text(), "66.7%");
        assert_eq!(Counts::default().pass_rate_permille(), None);
    }

    #[test]
    fn classification_rule() {
        let c = |pass, fail| Counts {
            pass,
            fail,
            ..Default::default()
        };
        assert_eq!(
            Classification::compute(&c(9, 1), false, false),
            Classification::Compliant
        );
        assert_eq!(
            Classification::compute(&c(9, 1), true, false),
            Classification::NotCompliant
        );
        assert_eq!(
            Classification::compute(&c(9, 1), false, true),
            Classification::LargelyCompliant
        );
        assert_eq!(
            Classification::compute(&c(7, 3), false, false),
            Classification::LargelyCompliant
        );
        assert_eq!(
            Classification::compute(&c(6, 4), false, false),
            Classification::NotCompliant
        );
        assert_eq!(
            Classification::compute(&Counts::default(), false, false),
            Classification::NotAssessed
        );
    }
}
