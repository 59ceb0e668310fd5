//! One unit's report: its header, the checklists it covers, and
//! [`build_unit`], which counts, classifies and lists remediation.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::counts::{Classification, Counts, SectionSummary, tally};
use super::remediation::{ConflictView, RemediationItem, conflicts, remediation_item};
use super::{ReportError, Schedule, WorkingDays};
use crate::core::checklist::{Checklist, Severity};
use crate::core::finding::{FindingState, Status};
use crate::core::lang::Lang;
use crate::store::FindingRow;

#[derive(Debug, Clone, Serialize)]
pub struct UncheckedItem {
    pub checklist: String,
    pub item: String,
    pub section: String,
    pub question: String,
}

/// An item that passed: the strengths of the notice name them.
#[derive(Debug, Clone, Serialize)]
pub struct PassedItem {
    pub checklist: String,
    pub section: String,
    pub item: String,
    pub question: String,
}

/// An observation item's note: it is the finding itself, printed among
/// the other observations.
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    pub checklist: String,
    pub section: String,
    pub item: String,
    pub question: String,
    pub note: String,
}

/// Header facts about the inspection, from the store.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Header {
    pub unit_code: String,
    pub unit_name: String,
    /// The inspections the report covers (one per checklist).
    pub inspection_ids: Vec<String>,
    pub campaign: String,
    /// First and last day a finding was recorded (YYYY-MM-DD).
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    pub inspectors: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitReport {
    #[serde(skip)]
    pub lang: Lang,
    pub header: Header,
    pub checklists: Vec<ChecklistInfo>,
    pub conclusion_date: NaiveDate,
    pub counts: Counts,
    pub sections: Vec<SectionSummary>,
    pub classification: Classification,
    pub remediation: Vec<RemediationItem>,
    pub unchecked: Vec<UncheckedItem>,
    /// Items that passed, in checklist order.
    pub passed: Vec<PassedItem>,
    /// Observation items with a note, in checklist order.
    pub observations: Vec<Observation>,
    /// Findings whose status contradicts their recorded sample or ratio:
    /// (item, why), in checklist order.
    pub inconsistent: Vec<(String, String)>,
    /// Conflicts on items that are not in the remediation list.
    pub other_conflicts: Vec<(String, ConflictView)>,
    /// The holiday schedules the deadlines were counted with: every year
    /// from the conclusion date to the latest deadline (none when no
    /// deadline is counted in working days).
    pub schedules: Vec<Schedule>,
    /// The date by which the unit reports back (see [`UnitReport::set_report_back`]).
    pub report_back: Option<ReportBack>,
}

/// The unit's duty to report back on its remediation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportBack {
    pub working_days: u32,
    pub date: NaiveDate,
}

impl UnitReport {
    /// Counts the report-back date, `days` working days after the
    /// conclusion date with the same calendar as the deadlines, and adds
    /// the holiday schedules it rests on.
    pub fn set_report_back(
        &mut self,
        calendar: &dyn WorkingDays,
        days: u32,
    ) -> Result<(), ReportError> {
        let date = calendar
            .add_working_days(self.conclusion_date, days)
            .map_err(|reason| ReportError::ReportBack {
                days,
                start: self.conclusion_date,
                reason,
            })?;
        for y in self.conclusion_date.year()..=date.year() {
            if self.schedules.iter().all(|s| s.year != y)
                && let Some(s) = calendar.schedule(y)
            {
                self.schedules.push(s);
            }
        }
        self.schedules.sort_by_key(|s| s.year);
        self.report_back = Some(ReportBack {
            working_days: days,
            date,
        });
        Ok(())
    }

    /// Whether a deadline rests on a schedule not checked against the
    /// official decision.
    pub fn unconfirmed_schedule(&self) -> bool {
        self.schedules.iter().any(|s| !s.confirmed)
    }

    /// How the deadlines were counted, as one sentence for every format;
    /// `None` when no deadline is counted in working days.
    pub fn deadline_rule(&self) -> Option<String> {
        if self.schedules.is_empty() {
            return None;
        }
        let years = |pick: &dyn Fn(&Schedule) -> bool| {
            self.schedules
                .iter()
                .filter(|s| pick(s))
                .map(|s| s.year.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let all = years(&|_| true);
        let unconfirmed = years(&|s| !s.confirmed);
        Some(match (self.lang, unconfirmed.is_empty()) {
            (Lang::Vi, true) => format!(
                "Hạn khắc phục tính theo ngày làm việc kể từ ngày kết luận, không kể thứ Bảy, Chủ nhật, ngày nghỉ lễ, Tết và ngày nghỉ bù theo lịch nghỉ năm {all}."
            ),
            (Lang::Vi, false) => format!(
                "Hạn khắc phục tính theo ngày làm việc kể từ ngày kết luận, không kể thứ Bảy, Chủ nhật, ngày nghỉ lễ, Tết và ngày nghỉ bù theo lịch nghỉ năm {all}. Lịch nghỉ năm {unconfirmed} chưa được đối chiếu với văn bản chính thức: kiểm tra lại hạn trước khi ban hành."
            ),
            (Lang::En, true) => format!(
                "Deadlines count working days from the conclusion date, skipping Saturdays, Sundays, public holidays and compensatory days off, per the holiday schedule of {all}."
            ),
            (Lang::En, false) => format!(
                "Deadlines count working days from the conclusion date, skipping Saturdays, Sundays, public holidays and compensatory days off, per the holiday schedule of {all}. The schedule of {unconfirmed} is not yet checked against the official announcement: check the deadlines before issuing this report."
            ),
        })
    }
}

/// A checklist a report covers, as the report cites it.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistInfo {
    pub id: String,
    pub version: String,
    pub title: String,
    /// The legal framework's documents.
    pub framework: String,
    /// The checklist's description: what it checks and which texts apply
    /// to dossiers received when.
    pub scope: String,
}

impl ChecklistInfo {
    /// "Title (id version) — framework documents".
    pub fn display(&self) -> String {
        format!(
            "{} ({} {}) — {}",
            self.title, self.id, self.version, self.framework
        )
    }
}

/// Everything needed to build one unit's report.
/// One inspection of the unit: a checklist and the findings against it.
pub struct UnitPart<'a> {
    pub checklist: &'a Checklist,
    pub inspection_id: String,
    pub rows: &'a BTreeMap<String, FindingRow>,
}

pub struct UnitInput<'a> {
    /// Every inspection of the unit the report covers, in checklist order.
    pub parts: Vec<UnitPart<'a>>,
    pub header: Header,
    pub calendar: &'a dyn WorkingDays,
    pub conclusion_date: NaiveDate,
    pub lang: Lang,
}

/// How much of a unit's report to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Everything a notice or the minutes print.
    Full,
    /// The header, counts and remediation list only: what the register and
    /// the follow-up read. The unchecked, passed, observed, inconsistent
    /// and other conflicting items are left empty, which spares a roll-up
    /// over thousands of units a copy of every item's text.
    Remediation,
}

pub fn build_unit(input: &UnitInput<'_>) -> Result<UnitReport, ReportError> {
    build_unit_with(input, Detail::Full)
}

/// [`build_unit`] building only the `detail` asked for; the remediation
/// list, counts and classification are the same in both.
pub fn build_unit_with(input: &UnitInput<'_>, detail: Detail) -> Result<UnitReport, ReportError> {
    let full = detail == Detail::Full;
    let lang = input.lang;
    let mut counts = Counts::default();
    let mut sections = Vec::new();
    let (mut high_fail, mut high_partial) = (false, false);
    // Ordered by severity, then checklist, section and item order.
    let mut remediation: Vec<(Severity, usize, usize, usize, RemediationItem)> = Vec::new();
    let mut unchecked = Vec::new();
    let mut passed = Vec::new();
    let mut observations = Vec::new();
    let mut inconsistent = Vec::new();
    let mut other_conflicts = Vec::new();
    for (pi, part) in input.parts.iter().enumerate() {
        let cl = part.checklist;
        let t = tally(cl, part.rows, lang);
        counts.merge(&t.counts);
        sections.extend(t.sections);
        high_fail |= t.high_fail;
        high_partial |= t.high_partial;
        for (si, sec) in cl.sections.iter().enumerate() {
            for (ii, item) in sec.items.iter().enumerate() {
                let row = part.rows.get(&item.id);
                let empty = FindingState::default();
                let st = row.map_or(&empty, |r| &r.state);
                let w = st.status;
                if full && let Some(i) = crate::core::finding::inconsistency(&item.kind, st) {
                    inconsistent.push((item.id.clone(), i.reason(lang)));
                }
                if w.needs_action() {
                    let r = remediation_item(input, part, sec, item, st, w, row)?;
                    remediation.push((item.severity, pi, si, ii, r));
                    continue;
                }
                if !full {
                    continue;
                }
                let observed = matches!(item.kind, crate::core::checklist::CheckKind::Observation)
                    && !st.note.trim().is_empty();
                if observed {
                    observations.push(Observation {
                        checklist: cl.id.clone(),
                        section: sec.title.get(lang).to_owned(),
                        item: item.id.clone(),
                        question: item.question.get(lang).to_owned(),
                        note: st.note.clone(),
                    });
                } else if w == Status::Pass {
                    passed.push(PassedItem {
                        checklist: cl.id.clone(),
                        section: sec.title.get(lang).to_owned(),
                        item: item.id.clone(),
                        question: item.question.get(lang).to_owned(),
                    });
                }
                if w == Status::Unchecked && !observed {
                    unchecked.push(UncheckedItem {
                        checklist: cl.id.clone(),
                        item: item.id.clone(),
                        section: sec.title.get(lang).to_owned(),
                        question: item.question.get(lang).to_owned(),
                    });
                }
                for c in conflicts(st) {
                    other_conflicts.push((item.id.clone(), c));
                }
            }
        }
    }
    remediation.sort_by_key(|(sev, pi, si, ii, _)| (*sev, *pi, *si, *ii));
    if input.parts.len() > 1 {
        // Several checklists: a section title alone could be ambiguous.
        let title_of = |id: &str| {
            input
                .parts
                .iter()
                .find(|p| p.checklist.id == id)
                .map_or_else(String::new, |p| p.checklist.title.get(lang).to_owned())
        };
        for s in &mut sections {
            s.title = format!("{} › {}", title_of(&s.checklist), s.title);
        }
        for (_, _, _, _, r) in &mut remediation {
            r.section_title = format!("{} › {}", title_of(&r.checklist), r.section_title);
        }
        for u in &mut unchecked {
            u.section = format!("{} › {}", title_of(&u.checklist), u.section);
        }
        for p in &mut passed {
            p.section = format!("{} › {}", title_of(&p.checklist), p.section);
        }
        for o in &mut observations {
            o.section = format!("{} › {}", title_of(&o.checklist), o.section);
        }
    }
    let remediation: Vec<RemediationItem> =
        remediation.into_iter().map(|(_, _, _, _, r)| r).collect();
    let schedules = match remediation.iter().filter_map(|r| r.due).max() {
        Some(last) => (input.conclusion_date.year()..=last.year())
            .filter_map(|y| input.calendar.schedule(y))
            .collect(),
        None => Vec::new(),
    };
    Ok(UnitReport {
        lang,
        header: input.header.clone(),
        checklists: input
            .parts
            .iter()
            .map(|p| ChecklistInfo {
                id: p.checklist.id.clone(),
                version: p.checklist.version.clone(),
                title: p.checklist.title.get(lang).to_owned(),
                framework: p.checklist.framework.documents().to_owned(),
                scope: p.checklist.description.get(lang).to_owned(),
            })
            .collect(),
        conclusion_date: input.conclusion_date,
        counts,
        sections,
        classification: Classification::compute(&counts, high_fail, high_partial),
        remediation,
        unchecked,
        passed,
        observations,
        inconsistent,
        other_conflicts,
        schedules,
        report_back: None,
    })
}
