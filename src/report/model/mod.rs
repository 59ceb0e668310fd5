//! The report model: pure data computed from the checklist, the findings and
//! the calendar. Every renderer reads this and nothing else, so the formats
//! cannot disagree.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::core::checklist::{Checklist, Deadline, Item, Section, Severity};
use crate::core::finding::{FindingState, Status, display_value};
use crate::core::lang::Lang;
use crate::store::FindingRow;

/// Working-day arithmetic, as the calendar provides it.
pub trait WorkingDays {
    /// The `n`-th working day after `start`, or a message saying why not.
    fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, String>;
    /// The holiday schedule of `year`, as a report cites it.
    fn schedule(&self, year: i32) -> Option<Schedule>;
}

impl WorkingDays for crate::core::calendar::Calendar {
    fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, String> {
        crate::core::calendar::Calendar::add_working_days(self, start, n).map_err(|e| e.to_string())
    }
    fn schedule(&self, year: i32) -> Option<Schedule> {
        self.year(year).map(|y| Schedule {
            year,
            source: y.source().to_owned(),
            confirmed: y.confirmed(),
        })
    }
}

/// A year of the holiday schedule that deadlines were counted with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub year: i32,
    pub source: String,
    /// Checked against the official decision.
    pub confirmed: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("item {item}: deadline of {days} working days from {start}: {reason}")]
    Deadline {
        item: String,
        days: u32,
        start: NaiveDate,
        reason: String,
    },
}

/// Counts of findings by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub pass: u32,
    pub partial: u32,
    pub fail: u32,
    pub na: u32,
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
        self.unchecked += o.unchecked;
    }
    /// Checked applicable items: pass + partial + fail.
    pub fn checked(&self) -> u32 {
        self.pass + self.partial + self.fail
    }
    pub fn total(&self) -> u32 {
        self.checked() + self.na + self.unchecked
    }
    /// Pass rate in tenths of a percent (integer, so every format prints the
    /// same figure): pass / (pass + partial + fail), rounded half up.
    pub fn pass_rate_permille(&self) -> Option<u32> {
        let c = self.checked();
        (c > 0).then(|| (self.pass * 2000 + c) / (2 * c))
    }
    pub fn pass_rate_text(&self) -> String {
        match self.pass_rate_permille() {
            Some(p) => format!("{}.{}%", p / 10, p % 10),
            None => "—".to_owned(),
        }
    }
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

/// One side of an unresolved conflict.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictView {
    pub field: String,
    /// (author, value as read).
    pub sides: Vec<(String, String)>,
}

impl ConflictView {
    /// "status: An: fail / Bình: pass".
    pub fn display(&self) -> String {
        let sides: Vec<String> = self
            .sides
            .iter()
            .map(|(a, v)| format!("{a}: {v}"))
            .collect();
        format!("{}: {}", self.field, sides.join(" / "))
    }
}

/// One remediation entry: a fail or partial item.
#[derive(Debug, Clone, Serialize)]
pub struct RemediationItem {
    pub checklist: String,
    pub inspection: String,
    pub item: String,
    pub section: String,
    pub section_title: String,
    pub question: String,
    pub status: Status,
    pub severity: Severity,
    /// The note and, for sampled items, one line per defect.
    pub finding: Vec<String>,
    pub legal_basis: Vec<String>,
    pub action: String,
    pub deadline: Deadline,
    /// None when the deadline is "immediately".
    pub due: Option<NaiveDate>,
    pub responsible: Option<String>,
    pub evidence: Vec<String>,
    pub conflicts: Vec<ConflictView>,
    pub item_changed: bool,
}

impl RemediationItem {
    pub fn finding_text(&self) -> String {
        self.finding.join("\n")
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct UncheckedItem {
    pub checklist: String,
    pub item: String,
    pub section: String,
    pub question: String,
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
    /// Conflicts on items that are not in the remediation list.
    pub other_conflicts: Vec<(String, ConflictView)>,
    /// The holiday schedules the deadlines were counted with: every year
    /// from the conclusion date to the latest deadline (none when no
    /// deadline is counted in working days).
    pub schedules: Vec<Schedule>,
}

impl UnitReport {
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

fn finding_lines(item: &Item, st: &FindingState, lang: Lang) -> Vec<String> {
    let l = super::strings::labels(lang);
    let mut out = Vec::new();
    if !st.note.is_empty() {
        out.push(st.note.clone());
    }
    if let crate::core::checklist::CheckKind::Sampled {
        record, defects, ..
    } = &item.kind
    {
        let n = st.samples.len();
        for d in defects {
            let codes = st.records_with(&d.id);
            if codes.is_empty() {
                continue;
            }
            let k = codes.len();
            let (rec, label, codes) = (record.get(lang), d.label.get(lang), codes.join(", "));
            out.push(match lang {
                Lang::Vi => format!(
                    "{k} {} {n} {rec} được chọn mẫu {} “{label}”: {codes}",
                    l.sampled_of, l.show
                ),
                Lang::En => format!(
                    "{k} {} {n} sampled {rec}(s) {} “{label}”: {codes}",
                    l.sampled_of, l.show
                ),
            });
        }
    }
    if let (crate::core::checklist::CheckKind::Ratio(rule), Some(r)) = (&item.kind, st.ratio) {
        let pct = r
            .percent()
            .map(|p| format!(" = {p:.1}%"))
            .unwrap_or_default();
        out.push(format!(
            "{}: {} / {} ({} / {}){pct}; {} {}%",
            l.ratio,
            r.numerator,
            r.denominator,
            rule.numerator.get(lang),
            rule.denominator.get(lang),
            match rule.pass_when {
                crate::core::checklist::Direction::AtLeast => "≥",
                crate::core::checklist::Direction::AtMost => "≤",
            },
            rule.threshold
        ));
    }
    out
}

fn conflicts(st: &FindingState) -> Vec<ConflictView> {
    st.conflicts
        .iter()
        .map(|c| ConflictView {
            field: c.field.clone(),
            sides: c
                .sides
                .iter()
                .map(|s| (s.author.clone(), display_value(&s.value)))
                .collect(),
        })
        .collect()
}

fn citation(c: &crate::core::checklist::Citation, lang: Lang) -> String {
    if c.verified {
        c.display()
    } else {
        format!(
            "{} ({})",
            c.display(),
            super::strings::labels(lang).unverified
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

struct Tally {
    counts: Counts,
    sections: Vec<SectionSummary>,
    high_fail: bool,
    high_partial: bool,
}

fn tally(checklist: &Checklist, rows: &BTreeMap<String, FindingRow>, lang: Lang) -> Tally {
    let mut t = Tally {
        counts: Counts::default(),
        sections: Vec::new(),
        high_fail: false,
        high_partial: false,
    };
    for sec in &checklist.sections {
        let mut c = Counts::default();
        for item in &sec.items {
            let s = rows
                .get(&item.id)
                .map_or(Status::Unchecked, |r| r.state.status);
            c.add(s);
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

pub fn build_unit(input: &UnitInput<'_>) -> Result<UnitReport, ReportError> {
    let lang = input.lang;
    let mut counts = Counts::default();
    let mut sections = Vec::new();
    let (mut high_fail, mut high_partial) = (false, false);
    // Ordered by severity, then checklist, section and item order.
    let mut remediation: Vec<(Severity, usize, usize, usize, RemediationItem)> = Vec::new();
    let mut unchecked = Vec::new();
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
                if w.needs_action() {
                    let r = remediation_item(input, part, sec, item, st, w, row)?;
                    remediation.push((item.severity, pi, si, ii, r));
                    continue;
                }
                if w == Status::Unchecked {
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
            })
            .collect(),
        conclusion_date: input.conclusion_date,
        counts,
        sections,
        classification: Classification::compute(&counts, high_fail, high_partial),
        remediation,
        unchecked,
        other_conflicts,
        schedules,
    })
}

fn remediation_item(
    input: &UnitInput<'_>,
    part: &UnitPart<'_>,
    sec: &Section,
    item: &Item,
    st: &FindingState,
    status: Status,
    row: Option<&FindingRow>,
) -> Result<RemediationItem, ReportError> {
    let lang = input.lang;
    let deadline = st.deadline(item);
    let due = match deadline {
        Deadline::Immediately => None,
        Deadline::WorkingDays(n) => Some(
            input
                .calendar
                .add_working_days(input.conclusion_date, n)
                .map_err(|reason| ReportError::Deadline {
                    item: item.id.clone(),
                    days: n,
                    start: input.conclusion_date,
                    reason,
                })?,
        ),
    };
    let item_changed = row.is_some_and(|r| r.item_changed(item));
    Ok(RemediationItem {
        checklist: part.checklist.id.clone(),
        inspection: part.inspection_id.clone(),
        item: item.id.clone(),
        section: sec.id.clone(),
        section_title: sec.title.get(lang).to_owned(),
        question: item.question.get(lang).to_owned(),
        status,
        severity: item.severity,
        finding: finding_lines(item, st, lang),
        legal_basis: item.legal_basis.iter().map(|c| citation(c, lang)).collect(),
        action: st.action(item, lang).to_owned(),
        deadline,
        due,
        responsible: item.responsible.as_ref().map(|r| r.get(lang).to_owned()),
        evidence: st.evidence.iter().map(|(_, e)| e.display()).collect(),
        conflicts: conflicts(st),
        item_changed,
    })
}

/// The deadline as a person reads it: "Ngay" or "10 ngày làm việc (đến 2026-03-02)".
pub fn deadline_text(lang: Lang, d: Deadline, due: Option<NaiveDate>) -> String {
    let l = super::strings::labels(lang);
    match (d, due) {
        (Deadline::WorkingDays(n), Some(date)) => {
            format!("{n} {} ({})", l.working_days, date.format("%Y-%m-%d"))
        }
        (Deadline::WorkingDays(n), None) => format!("{n} {}", l.working_days),
        (Deadline::Immediately, _) => l.immediately.to_owned(),
    }
}

// ---------------------------------------------------------------- team summary

#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub unit: String,
    pub unit_name: String,
    pub checklist: String,
    pub inspection: String,
    pub counts: Counts,
    pub pass_rate: String,
    pub classification: Classification,
    pub sections: Vec<SectionSummary>,
    /// Ids of failed high-severity items.
    pub high_failures: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamSummary {
    #[serde(skip)]
    pub lang: Lang,
    pub units: Vec<UnitRow>,
    pub totals: Counts,
}

/// One inspection's data for the team summary.
pub struct SummaryInput<'a> {
    pub checklist: &'a Checklist,
    pub unit_code: String,
    pub unit_name: String,
    pub inspection_id: String,
    pub rows: &'a BTreeMap<String, FindingRow>,
}

pub fn summary_row(input: &SummaryInput<'_>, lang: Lang) -> UnitRow {
    let t = tally(input.checklist, input.rows, lang);
    let high_failures = input
        .checklist
        .items()
        .filter(|(_, i)| i.severity == Severity::High)
        .filter(|(_, i)| {
            input
                .rows
                .get(&i.id)
                .is_some_and(|r| r.state.status == Status::Fail)
        })
        .map(|(_, i)| i.id.clone())
        .collect();
    UnitRow {
        unit: input.unit_code.clone(),
        unit_name: input.unit_name.clone(),
        checklist: input.checklist.id.clone(),
        inspection: input.inspection_id.clone(),
        pass_rate: t.counts.pass_rate_text(),
        classification: Classification::compute(&t.counts, t.high_fail, t.high_partial),
        counts: t.counts,
        sections: t.sections,
        high_failures,
    }
}

pub fn build_summary(mut units: Vec<UnitRow>, lang: Lang) -> TeamSummary {
    units.sort_by(|a, b| {
        (&a.unit, &a.checklist, &a.inspection).cmp(&(&b.unit, &b.checklist, &b.inspection))
    });
    let mut totals = Counts::default();
    for u in &units {
        totals.merge(&u.counts);
    }
    TeamSummary {
        lang,
        units,
        totals,
    }
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
