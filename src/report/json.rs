//! JSON: the follow-up register a program reads. Documented in
//! `docs/report-json.md`. Strings are JSON-escaped by serde_json; control
//! and bidi characters are removed first.

use serde::Serialize;

use super::clean;
use super::model::{Classification, Counts, TeamSummary, UnitReport};

pub const FORMAT: &str = "parcheck-report/1";

#[derive(Serialize)]
struct ItemJson {
    unit: String,
    checklist: String,
    inspection: String,
    item: String,
    section: String,
    section_title: String,
    question: String,
    status: &'static str,
    severity: &'static str,
    finding: String,
    legal_basis: Vec<String>,
    action: String,
    working_days: Option<u32>,
    deadline: Option<String>,
    responsible: Option<String>,
    evidence: Vec<String>,
    conflicts: Vec<String>,
    item_changed: bool,
}

#[derive(Serialize)]
struct ChecklistJson {
    id: String,
    version: String,
    title: String,
    framework: String,
    scope: String,
}

#[derive(Serialize)]
struct SectionJson {
    checklist: String,
    section: String,
    title: String,
    counts: Counts,
    pass_rate: Option<f64>,
}

#[derive(Serialize)]
struct UnitJson {
    format: &'static str,
    kind: &'static str,
    lang: &'static str,
    unit: String,
    unit_name: String,
    inspections: Vec<String>,
    campaign: String,
    inspectors: Vec<String>,
    first_day: Option<String>,
    last_day: Option<String>,
    checklists: Vec<ChecklistJson>,
    conclusion_date: String,
    counts: Counts,
    pass_rate: Option<f64>,
    classification: Classification,
    classification_rule: &'static str,
    /// How deadlines were counted (null: none is counted in working days).
    deadline_rule: Option<String>,
    /// The holiday schedules those deadlines rest on.
    holiday_schedules: Vec<crate::report::model::Schedule>,
    sections: Vec<SectionJson>,
    items: Vec<ItemJson>,
    unchecked: Vec<String>,
    other_conflicts: Vec<String>,
    /// The notice's report-back duty (null: not counted for this output).
    report_back: Option<ReportBackJson>,
    /// Observation items' notes.
    observations: Vec<ObservationJson>,
}

#[derive(Serialize)]
struct ReportBackJson {
    working_days: u32,
    date: String,
}

#[derive(Serialize)]
struct ObservationJson {
    checklist: String,
    item: String,
    note: String,
}

fn section_json(s: &super::model::SectionSummary) -> SectionJson {
    SectionJson {
        checklist: c(&s.checklist),
        section: c(&s.id),
        title: c(&s.title),
        counts: s.counts,
        pass_rate: rate(&s.counts),
    }
}

fn rate(c: &Counts) -> Option<f64> {
    c.pass_rate_permille().map(|p| f64::from(p) / 10.0)
}

fn c(s: &str) -> String {
    clean(s)
}

pub fn unit(r: &UnitReport) -> String {
    let h = &r.header;
    let j = UnitJson {
        format: FORMAT,
        kind: "unit",
        lang: r.lang.code(),
        unit: c(&h.unit_code),
        unit_name: c(&h.unit_name),
        inspections: h.inspection_ids.iter().map(|s| c(s)).collect(),
        campaign: c(&h.campaign),
        inspectors: h.inspectors.iter().map(|s| c(s)).collect(),
        first_day: h.first_day.clone(),
        last_day: h.last_day.clone(),
        checklists: r
            .checklists
            .iter()
            .map(|x| ChecklistJson {
                id: c(&x.id),
                version: c(&x.version),
                title: c(&x.title),
                framework: x.framework.clone(),
                scope: c(&x.scope),
            })
            .collect(),
        conclusion_date: r.conclusion_date.format("%Y-%m-%d").to_string(),
        counts: r.counts,
        pass_rate: rate(&r.counts),
        classification: r.classification,
        classification_rule: Classification::rule(r.lang),
        deadline_rule: r.deadline_rule(),
        holiday_schedules: r.schedules.clone(),
        sections: r.sections.iter().map(section_json).collect(),
        items: r
            .remediation
            .iter()
            .map(|it| ItemJson {
                unit: c(&h.unit_code),
                checklist: c(&it.checklist),
                inspection: c(&it.inspection),
                item: c(&it.item),
                section: c(&it.section),
                section_title: c(&it.section_title),
                question: c(&it.question),
                status: it.status.code(),
                severity: it.severity.code(),
                finding: c(&it.finding_text()),
                legal_basis: it.legal_basis.iter().map(|s| c(s)).collect(),
                action: c(&it.action),
                working_days: match it.deadline {
                    crate::core::checklist::Deadline::WorkingDays(n) => Some(n),
                    crate::core::checklist::Deadline::Immediately => None,
                },
                deadline: it.due.map(|d| d.format("%Y-%m-%d").to_string()),
                responsible: it.responsible.as_deref().map(c),
                evidence: it.evidence.iter().map(|s| c(s)).collect(),
                conflicts: it.conflicts.iter().map(|x| c(&x.display())).collect(),
                item_changed: it.item_changed,
            })
            .collect(),
        unchecked: r.unchecked.iter().map(|u| c(&u.item)).collect(),
        other_conflicts: r
            .other_conflicts
            .iter()
            .map(|(i, x)| c(&format!("{i}: {}", x.display())))
            .collect(),
        report_back: r.report_back.map(|b| ReportBackJson {
            working_days: b.working_days,
            date: b.date.format("%Y-%m-%d").to_string(),
        }),
        observations: r
            .observations
            .iter()
            .map(|o| ObservationJson {
                checklist: c(&o.checklist),
                item: c(&o.item),
                note: c(&o.note),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&j).unwrap_or_default();
    s.push('\n');
    s
}

#[derive(Serialize)]
struct UnitRowJson {
    unit: String,
    unit_name: String,
    checklist: String,
    inspection: String,
    counts: Counts,
    pass_rate: Option<f64>,
    classification: Classification,
    sections: Vec<SectionJson>,
    high_failures: Vec<String>,
}

#[derive(Serialize)]
struct SummaryJson {
    format: &'static str,
    kind: &'static str,
    lang: &'static str,
    classification_rule: &'static str,
    totals: Counts,
    pass_rate: Option<f64>,
    units: Vec<UnitRowJson>,
    high_failure_units: Vec<String>,
}

pub fn summary(s: &TeamSummary) -> String {
    let mut hf: Vec<String> = s
        .units
        .iter()
        .filter(|u| !u.high_failures.is_empty())
        .map(|u| c(&u.unit))
        .collect();
    hf.dedup();
    let j = SummaryJson {
        format: FORMAT,
        kind: "summary",
        lang: s.lang.code(),
        classification_rule: Classification::rule(s.lang),
        totals: s.totals,
        pass_rate: rate(&s.totals),
        units: s
            .units
            .iter()
            .map(|u| UnitRowJson {
                unit: c(&u.unit),
                unit_name: c(&u.unit_name),
                checklist: c(&u.checklist),
                inspection: c(&u.inspection),
                counts: u.counts,
                pass_rate: rate(&u.counts),
                classification: u.classification,
                sections: u.sections.iter().map(section_json).collect(),
                high_failures: u.high_failures.iter().map(|x| c(x)).collect(),
            })
            .collect(),
        high_failure_units: hf,
    };
    let mut out = serde_json::to_string_pretty(&j).unwrap_or_default();
    out.push('\n');
    out
}
