//! DOCX: a real Word document (A4, headings, tables) built with docx-rs.
//! User text is cleaned of XML 1.0-illegal characters here; docx-rs
//! XML-escapes it.

use docx_rs::{
    AlignmentType, Docx, PageMargin, Paragraph, Run, RunFonts, Style, StyleType, Table, TableCell,
    TableLayoutType, TableRow, WidthType,
};

use super::clean;
use super::model::{Classification, UnitReport, deadline_text};
use super::strings::{labels, severity, status};
use crate::core::finding::Status as S;

/// Removes characters XML 1.0 forbids (and control/bidi characters).
pub fn xml_text(s: &str) -> String {
    clean(s)
        .chars()
        .filter(|&c| c != '\u{FFFE}' && c != '\u{FFFF}' && (c >= ' ' || c == '\n' || c == '\t'))
        .collect()
}

fn para(text: &str) -> Paragraph {
    let mut p = Paragraph::new();
    for (i, line) in xml_text(text).split('\n').enumerate() {
        let mut r = Run::new();
        if i > 0 {
            r = r.add_break(docx_rs::BreakType::TextWrapping);
        }
        p = p.add_run(r.add_text(line));
    }
    p
}

fn bold(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(xml_text(text)).bold())
}

fn heading(level: usize, text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(xml_text(text)))
        .style(&format!("Heading{level}"))
}

fn cell(p: Paragraph) -> TableCell {
    TableCell::new().add_paragraph(p)
}

fn row(cells: Vec<Paragraph>) -> TableRow {
    TableRow::new(cells.into_iter().map(cell).collect())
}

pub fn unit(r: &UnitReport) -> Result<Vec<u8>, String> {
    let lang = r.lang;
    let l = labels(lang);
    let h = &r.header;
    let font = RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("Times New Roman");
    let mut d = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1701)
                .right(1134),
        )
        .default_fonts(font)
        .default_size(26)
        .created_at(&format!(
            "{}T00:00:00Z",
            r.conclusion_date.format("%Y-%m-%d")
        ))
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("Heading 1")
                .size(32)
                .bold()
                .align(AlignmentType::Center),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("Heading 2")
                .size(28)
                .bold(),
        )
        .add_style(
            Style::new("Heading3", StyleType::Paragraph)
                .name("Heading 3")
                .size(26)
                .bold(),
        );
    d = d.add_paragraph(heading(1, l.title));
    let mut info = vec![
        row(vec![
            bold(l.unit),
            para(&format!("{} — {}", h.unit_code, h.unit_name)),
        ]),
        row(vec![bold(l.campaign), para(&h.campaign)]),
        row(vec![bold(l.inspection), para(&h.inspection_ids.join(", "))]),
    ];
    if let (Some(a), Some(b)) = (&h.first_day, &h.last_day) {
        info.push(row(vec![bold(l.dates), para(&format!("{a} – {b}"))]));
    }
    info.push(row(vec![bold(l.team), para(&h.inspectors.join(", "))]));
    let checklists: Vec<String> = r.checklists.iter().map(|c| c.display()).collect();
    info.push(row(vec![bold(l.checklist), para(&checklists.join("\n"))]));
    let scopes: Vec<String> = r
        .checklists
        .iter()
        .map(|c| format!("{}: {}", c.title, c.scope))
        .collect();
    info.push(row(vec![bold(l.scope), para(&scopes.join("\n"))]));
    info.push(row(vec![
        bold(l.conclusion_date),
        para(&r.conclusion_date.format("%Y-%m-%d").to_string()),
    ]));
    d = d.add_table(fixed(Table::new(info), &[2600, 6400]));

    d = d.add_paragraph(heading(2, l.summary));
    let mut rows = vec![row(vec![
        bold(l.section),
        bold(status(lang, S::Pass)),
        bold(status(lang, S::Partial)),
        bold(status(lang, S::Fail)),
        bold(status(lang, S::Na)),
        bold(status(lang, S::Unchecked)),
        bold(l.pass_rate),
    ])];
    let counts_row = |title: Paragraph, c: &super::model::Counts| {
        row(vec![
            title,
            para(&c.pass.to_string()),
            para(&c.partial.to_string()),
            para(&c.fail.to_string()),
            para(&c.na.to_string()),
            para(&c.unchecked.to_string()),
            para(&c.pass_rate_text()),
        ])
    };
    for s in &r.sections {
        rows.push(counts_row(para(&s.title), &s.counts));
    }
    rows.push(counts_row(bold(l.total), &r.counts));
    d = d.add_table(fixed(
        Table::new(rows),
        &[2700, 900, 1100, 1100, 1100, 1100, 1000],
    ));
    d = d.add_paragraph(bold(&format!(
        "{}: {}",
        l.classification,
        r.classification.label(lang)
    )));
    d = d.add_paragraph(para(&format!("{}: {}", l.rule, Classification::rule(lang))));

    d = d.add_paragraph(heading(2, l.remediation));
    if r.remediation.is_empty() {
        d = d.add_paragraph(para(l.no_remediation));
    }
    if let Some(rule) = r.deadline_rule() {
        d = d.add_paragraph(para(&rule));
    }
    for (n, it) in r.remediation.iter().enumerate() {
        d = d.add_paragraph(heading(
            3,
            &format!("{}. {} — {}", n + 1, it.item, it.question),
        ));
        let mut rows = vec![
            row(vec![bold(l.status), para(status(lang, it.status))]),
            row(vec![bold(l.severity), para(severity(lang, it.severity))]),
            row(vec![bold(l.section), para(&it.section_title)]),
            row(vec![
                bold(l.finding),
                para(if it.finding.is_empty() { "—" } else { "" }),
            ]),
        ];
        if !it.finding.is_empty() {
            rows.pop();
            rows.push(row(vec![bold(l.finding), para(&it.finding_text())]));
        }
        for c in &it.conflicts {
            rows.push(row(vec![
                bold(l.conflict),
                para(&format!("⚠ {}", c.display())),
            ]));
        }
        if it.item_changed {
            rows.push(row(vec![bold("⚠"), para(l.item_changed)]));
        }
        rows.push(row(vec![
            bold(l.legal_basis),
            para(&it.legal_basis.join("\n")),
        ]));
        rows.push(row(vec![bold(l.action), para(&it.action)]));
        rows.push(row(vec![
            bold(l.deadline),
            para(&deadline_text(lang, it.deadline, it.due)),
        ]));
        if let Some(resp) = &it.responsible {
            rows.push(row(vec![bold(l.responsible), para(resp)]));
        }
        if !it.evidence.is_empty() {
            rows.push(row(vec![bold(l.evidence), para(&it.evidence.join("\n"))]));
        }
        d = d.add_table(fixed(Table::new(rows), &[2400, 6600]));
    }
    d = d.add_paragraph(heading(2, l.unchecked_title));
    if r.unchecked.is_empty() {
        d = d.add_paragraph(para(l.none));
    }
    for u in &r.unchecked {
        d = d.add_paragraph(para(&format!(
            "• {} — {} ({})",
            u.item, u.question, u.section
        )));
    }
    for (item, c) in &r.other_conflicts {
        d = d.add_paragraph(para(&format!("⚠ {} {item}: {}", l.conflict, c.display())));
    }
    d = d.add_paragraph(para(l.follow_up));
    d = d.add_paragraph(heading(2, l.sign_off));
    d = d.add_table(fixed(
        Table::new(vec![
            row(vec![bold(l.team_leader), bold(l.unit_head)]),
            row(vec![para(l.sign_hint), para(l.sign_hint)]),
            row(vec![para("\n\n\n"), para("\n\n\n")]),
        ]),
        &[4500, 4500],
    ));
    let mut buf = std::io::Cursor::new(Vec::new());
    d.build().pack(&mut buf).map_err(|e| e.to_string())?;
    Ok(buf.into_inner())
}

/// Fixed column widths (in twentieths of a point) summing to the A4 text
/// width, so Word and LibreOffice lay the table out the same way.
fn fixed(t: Table, columns: &[usize]) -> Table {
    t.set_grid(columns.to_vec())
        .layout(TableLayoutType::Fixed)
        .width(columns.iter().sum(), WidthType::Dxa)
}
