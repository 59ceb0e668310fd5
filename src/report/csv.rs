//! CSV: UTF-8 with BOM (Excel shows Vietnamese correctly), RFC 4180 quoting
//! by the csv crate, and every cell that a spreadsheet would read as a
//! formula neutralised with a leading apostrophe.

use std::io::Write;

use super::clean;
use super::model::{TeamSummary, UnitReport, deadline_text};
use super::strings::{labels, severity, status};

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A cell that starts (after leading spaces) with `= + - @`, tab or CR gets
/// a leading `'`, so no spreadsheet evaluates it. Control and bidi
/// characters other than newline and tab are removed first.
pub fn cell(s: &str) -> String {
    let s = clean_keep_cr(s);
    if needs_guard(&s) { format!("'{s}") } else { s }
}

fn clean_keep_cr(s: &str) -> String {
    if s.contains('\r') {
        s.split('\r').map(clean).collect::<Vec<_>>().join("\r")
    } else {
        clean(s)
    }
}

pub fn needs_guard(s: &str) -> bool {
    s.trim_start_matches(' ')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
}

pub const UNIT_COLUMNS: [&str; 16] = [
    "unit",
    "unit_name",
    "inspection",
    "checklist",
    "section",
    "item",
    "question",
    "status",
    "severity",
    "finding",
    "legal_basis",
    "action",
    "working_days",
    "deadline",
    "responsible",
    "conflicts",
];

pub fn unit<W: Write>(r: &UnitReport, out: W) -> csv::Result<()> {
    let lang = r.lang;
    let mut out = out;
    out.write_all(BOM)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(UNIT_COLUMNS)?;
    for it in &r.remediation {
        let days = match it.deadline {
            crate::core::checklist::Deadline::WorkingDays(n) => n.to_string(),
            crate::core::checklist::Deadline::Immediately => labels(lang).immediately.to_owned(),
        };
        let due = it
            .due
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| deadline_text(lang, it.deadline, None));
        let mut conflicts: Vec<String> = it
            .conflicts
            .iter()
            .map(|c| format!("⚠ {}", c.display()))
            .collect();
        if it.item_changed {
            conflicts.push(format!("⚠ {}", labels(lang).item_changed));
        }
        w.write_record([
            cell(&r.header.unit_code),
            cell(&r.header.unit_name),
            cell(&it.inspection),
            cell(&it.checklist),
            cell(&it.section_title),
            cell(&it.item),
            cell(&it.question),
            status(lang, it.status).to_owned(),
            severity(lang, it.severity).to_owned(),
            cell(&it.finding_text()),
            cell(&it.legal_basis.join("; ")),
            cell(&it.action),
            days,
            due,
            cell(it.responsible.as_deref().unwrap_or("")),
            cell(&conflicts.join("\n")),
        ])?;
    }
    w.flush()?;
    Ok(())
}

pub fn summary<W: Write>(s: &TeamSummary, out: W) -> csv::Result<()> {
    let lang = s.lang;
    let mut out = out;
    out.write_all(BOM)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record([
        "level",
        "unit",
        "unit_name",
        "checklist",
        "section",
        "pass",
        "partial",
        "fail",
        "na",
        "unchecked",
        "pass_rate",
        "classification",
        "high_failures",
    ])?;
    for u in &s.units {
        let c = &u.counts;
        w.write_record([
            "unit".to_owned(),
            cell(&u.unit),
            cell(&u.unit_name),
            cell(&u.checklist),
            String::new(),
            c.pass.to_string(),
            c.partial.to_string(),
            c.fail.to_string(),
            c.na.to_string(),
            c.unchecked.to_string(),
            u.pass_rate.clone(),
            u.classification.label(lang).to_owned(),
            cell(&u.high_failures.join(", ")),
        ])?;
        for sec in &u.sections {
            let c = &sec.counts;
            w.write_record([
                "section".to_owned(),
                cell(&u.unit),
                cell(&u.unit_name),
                cell(&u.checklist),
                cell(&sec.title),
                c.pass.to_string(),
                c.partial.to_string(),
                c.fail.to_string(),
                c.na.to_string(),
                c.unchecked.to_string(),
                c.pass_rate_text(),
                String::new(),
                String::new(),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_triggers_are_guarded() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(cell("  -1"), "'  -1");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "'\rx");
        assert_eq!(cell("Hồ sơ"), "Hồ sơ");
    }
}
