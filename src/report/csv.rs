//! CSV: UTF-8 with BOM (Excel shows Vietnamese correctly), RFC 4180 quoting
//! by the csv crate, and every cell that a spreadsheet would read as a
//! formula neutralised with a leading apostrophe.

use std::io::Write;

use super::clean;
use super::model::{TeamSummary, UnitReport};
use super::register::{Cell, Column, deadline_cells};
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

/// A typed register cell as CSV text: numbers as digits, dates as
/// YYYY-MM-DD, text guarded as [`cell`] does.
pub fn cell_value(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(t) => cell(t),
        Cell::Number(n) => n.to_string(),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
    }
}

/// The unit report's columns; headers in the report's language.
pub const UNIT_COLUMNS: [Column; 18] = [
    Column::UnitCode,
    Column::UnitName,
    Column::Inspection,
    Column::Checklist,
    Column::Section,
    Column::Item,
    Column::Question,
    Column::Status,
    Column::Severity,
    Column::Finding,
    Column::Evidence,
    Column::LegalBasis,
    Column::Action,
    Column::WorkingDays,
    Column::Immediately,
    Column::Deadline,
    Column::Responsible,
    Column::Conflicts,
];

pub fn unit<W: Write>(r: &UnitReport, out: W) -> csv::Result<()> {
    let lang = r.lang;
    let mut out = out;
    out.write_all(BOM)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(UNIT_COLUMNS.iter().map(|c| c.label(lang)))?;
    for it in &r.remediation {
        let (days, immediately, due) = deadline_cells(it, lang);
        let mut conflicts: Vec<String> = it
            .conflicts
            .iter()
            .map(|c| format!("⚠ {}", c.display()))
            .collect();
        if it.item_changed {
            conflicts.push(format!("⚠ {}", labels(lang).item_changed));
        }
        let record = UNIT_COLUMNS.map(|col| match col {
            Column::UnitCode => cell(&r.header.unit_code),
            Column::UnitName => cell(&r.header.unit_name),
            Column::Inspection => cell(&it.inspection),
            Column::Checklist => cell(&it.checklist),
            Column::Section => cell(&it.section_title),
            Column::Item => cell(&it.item),
            Column::Question => cell(&it.question),
            Column::Status => status(lang, it.status).to_owned(),
            Column::Severity => severity(lang, it.severity).to_owned(),
            Column::Finding => cell(&it.finding_text()),
            Column::Evidence => cell(&it.evidence_names.join("\n")),
            Column::LegalBasis => cell(&it.legal_basis.join("; ")),
            Column::Action => cell(&it.action),
            Column::WorkingDays => cell_value(&days),
            Column::Immediately => cell_value(&immediately),
            Column::Deadline => cell_value(&due),
            Column::Responsible => cell(it.responsible.as_deref().unwrap_or("")),
            Column::Conflicts => cell(&conflicts.join("\n")),
            _ => String::new(),
        });
        w.write_record(record)?;
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
