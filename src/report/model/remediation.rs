//! Remediation entries: one per failed or partial item, with its finding,
//! legal basis, required action and deadline counted in working days.

use chrono::NaiveDate;
use serde::Serialize;

use super::ReportError;
use super::unit::{UnitInput, UnitPart};
use crate::core::checklist::{Deadline, Item, Section, Severity};
use crate::core::finding::{FindingState, Status, display_value};
use crate::core::lang::Lang;
use crate::store::FindingRow;

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
    /// The evidence as a document names it: a reference, or a file's name
    /// (no folder, no hash).
    pub evidence_names: Vec<String>,
    pub conflicts: Vec<ConflictView>,
    pub item_changed: bool,
    /// The item's content hash in the checklist the report was built with.
    #[serde(skip)]
    pub item_hash: String,
    /// Where its remediation stands (`core::followup`); an immediate
    /// action is due on the conclusion date.
    #[serde(skip)]
    pub followup: crate::core::followup::Followup,
}

impl RemediationItem {
    pub fn finding_text(&self) -> String {
        self.finding.join("\n")
    }
}

fn finding_lines(item: &Item, st: &FindingState, lang: Lang) -> Vec<String> {
    let l = crate::report::strings::labels(lang);
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
    if let (crate::core::checklist::CheckKind::Sampled { record, .. }, Some(plan)) =
        (&item.kind, &st.sampling)
    {
        // How the records were chosen, so the unit and the province can
        // draw the same ones again.
        let (rec, of, seed) = (record.get(lang), plan.population, plan.seed);
        let n = plan.drawn.len();
        let at = plan
            .drawn
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        out.push(match lang {
            Lang::Vi => format!(
                "Chọn ngẫu nhiên {n} trên tổng số {of} {rec} (số khởi tạo {seed}), ở các vị trí: {at}"
            ),
            Lang::En => format!(
                "{n} of {of} {rec}(s) drawn at random (seed {seed}), at positions: {at}"
            ),
        });
    }
    if let (crate::core::checklist::CheckKind::Ratio(rule), Some(r)) = (&item.kind, st.ratio) {
        // Numbers as the language writes them (9,0 %), as on the screen.
        let pct = r
            .percent()
            .map(|p| format!(" = {}", lang.percent(p)))
            .unwrap_or_default();
        out.push(format!(
            "{}: {} / {} ({} / {}){pct}; {}",
            l.ratio,
            r.numerator,
            r.denominator,
            rule.numerator.get(lang),
            rule.denominator.get(lang),
            rule.threshold_text(lang)
        ));
    }
    out
}

pub(super) fn conflicts(st: &FindingState) -> Vec<ConflictView> {
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
            crate::report::strings::labels(lang).unverified
        )
    }
}

pub(super) fn remediation_item(
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
        evidence_names: st.evidence.iter().map(|(_, e)| evidence_name(e)).collect(),
        conflicts: conflicts(st),
        item_changed,
        item_hash: item.hash.clone(),
        followup: crate::core::followup::derive(
            due.or(Some(input.conclusion_date)),
            &st.followup_reported,
            &st.followup_verdict,
        ),
    })
}

fn evidence_name(e: &crate::core::finding::Evidence) -> String {
    use crate::core::finding::{Evidence, file_name};
    match e {
        Evidence::Document { reference } => reference.clone(),
        Evidence::File { path, .. } => file_name(path).to_owned(),
    }
}

/// The deadline as a person reads it: "Ngay" or "10 ngày làm việc (đến 2026-03-02)".
pub fn deadline_text(lang: Lang, d: Deadline, due: Option<NaiveDate>) -> String {
    let l = crate::report::strings::labels(lang);
    match (d, due) {
        (Deadline::WorkingDays(n), Some(date)) => {
            format!("{n} {} ({})", l.working_days, date.format("%Y-%m-%d"))
        }
        (Deadline::WorkingDays(n), None) => format!("{n} {}", l.working_days),
        (Deadline::Immediately, _) => l.immediately.to_owned(),
    }
}
