//! Markdown: readable as plain text, renders cleanly; user text escaped so
//! that no Markdown construct or raw HTML passes through.

use super::clean;
use super::document::{Block, Document, MOTTO, NATIONAL_TITLE, Span, draft_mark};
use super::model::{Classification, TeamSummary};
use super::strings::{labels, status};

/// Escapes user text for Markdown (paragraphs and table cells): characters
/// that can open a construct anywhere in a line (emphasis, code, links,
/// raw HTML, table cells) get a backslash; those that matter only at the
/// start of a block are escaped there. Newlines become spaces. Plain text
/// stays readable: parentheses, dots and `!` need no escape once `[` and
/// `]` are escaped.
pub fn esc(s: &str) -> String {
    let s = clean(s);
    let s = s.trim_start();
    let mut out = String::with_capacity(s.len() + 8);
    // A leading list marker or ordered-list number would start a block.
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    let numbered = digits > 0 && s[digits..].starts_with(['.', ')']);
    if s.starts_with(['-', '+', '=', '#']) {
        out.push('\\');
    }
    for (i, c) in s.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '.' if numbered && i == digits => out.push_str("\\."),
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for a Markdown paragraph that keeps its lines: each line
/// escaped as [`esc`] does, joined with a hard line break.
fn esc_lines(s: &str) -> String {
    s.split('\n').map(esc).collect::<Vec<_>>().join("  \n")
}

fn spans(list: &[Span]) -> String {
    let mut o = String::new();
    for s in list {
        let t = esc_lines(&s.text);
        if t.trim().is_empty() {
            o.push_str(&t);
            continue;
        }
        // Emphasis markers must touch the text they wrap.
        let lead = &t[..t.len() - t.trim_start().len()];
        let trail = &t[t.trim_end().len()..];
        let core = t.trim();
        let wrapped = match (s.bold, s.italic) {
            (true, true) => format!("***{core}***"),
            (true, false) => format!("**{core}**"),
            (false, true) => format!("*{core}*"),
            (false, false) => core.to_owned(),
        };
        o.push_str(lead);
        o.push_str(&wrapped);
        o.push_str(trail);
    }
    o
}

fn blocks(o: &mut String, list: &[Block]) {
    for b in list {
        match b {
            Block::Heading(t) => o.push_str(&format!("### {}\n\n", esc(t))),
            Block::Para(s) => o.push_str(&format!("{}\n\n", spans(s))),
            Block::Lines(n) => {
                for _ in 0..*n {
                    o.push_str("\\.\\.\\.\\.\\.\\.\\.\\.\\.\\.\\.\\.\\.\\.\\.\\.\\.\\.\\.\\.\n\n");
                }
            }
            Block::Table(t) => {
                o.push_str(&format!(
                    "| {} |\n|{}|\n",
                    t.header
                        .iter()
                        .map(|h| esc(h))
                        .collect::<Vec<_>>()
                        .join(" | "),
                    t.numeric
                        .iter()
                        .map(|n| if *n { "---:" } else { "---" })
                        .collect::<Vec<_>>()
                        .join("|")
                ));
                for r in &t.rows {
                    o.push_str(&format!(
                        "| {} |\n",
                        r.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")
                    ));
                }
                o.push('\n');
            }
        }
    }
}

/// A document (notice, minutes) as Markdown: the same parts in order.
pub fn document(d: &Document) -> String {
    let mut o = String::new();
    if d.draft {
        o.push_str(&format!("**{}**\n\n", draft_mark(d.lang)));
    }
    if let Some(sup) = &d.superior_body {
        o.push_str(&format!("{}  \n", esc(sup)));
    }
    o.push_str(&format!("**{}**  \n{}\n\n", esc(&d.body), esc(&d.number)));
    o.push_str(&format!(
        "**{NATIONAL_TITLE}**  \n**{MOTTO}**\n\n*{}*\n\n",
        esc(&d.place_date)
    ));
    o.push_str(&format!(
        "## {}\n\n**{}**\n\n",
        esc(&d.kind),
        esc(&d.subject)
    ));
    for b in &d.basis {
        o.push_str(&format!("*{}*  \n", esc(b)));
    }
    if !d.basis.is_empty() {
        o.push('\n');
    }
    blocks(&mut o, &d.blocks);
    for s in &d.signatures {
        o.push_str(&format!(
            "**{}**{}  \n\n\n**{}**\n\n",
            s.lines
                .iter()
                .map(|l| esc(l))
                .collect::<Vec<_>>()
                .join("  \n"),
            s.hint
                .as_ref()
                .map_or_else(String::new, |h| format!("  \n*{}*", esc(h))),
            esc(&s.name)
        ));
    }
    if let Some((label, entries)) = &d.recipients {
        o.push_str(&format!("***{}***  \n", esc(label)));
        let lines: Vec<String> = entries
            .iter()
            .map(|e| match e.strip_prefix("- ") {
                Some(rest) => format!("\\- {}", esc(rest)),
                None => esc(e),
            })
            .collect();
        o.push_str(&lines.join("  \n"));
        o.push_str("\n\n");
    }
    if let Some((title, list)) = &d.annex {
        o.push_str(&format!("---\n\n## {}\n\n", esc(title)));
        blocks(&mut o, list);
    }
    while o.ends_with("\n\n") {
        o.pop();
    }
    o
}

pub fn summary(s: &TeamSummary) -> String {
    let lang = s.lang;
    let l = labels(lang);
    use crate::core::finding::Status as S;
    let mut o = format!("# {}\n\n## {}\n\n", l.summary_title, l.units);
    let head = format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---:|---:|---:|---:|---:|---:|---|\n",
        l.unit,
        l.checklist,
        l.section,
        status(lang, S::Pass),
        status(lang, S::Partial),
        status(lang, S::Fail),
        status(lang, S::Na),
        status(lang, S::Unchecked),
        l.pass_rate,
        l.classification
    );
    o.push_str(&head);
    for u in &s.units {
        let c = &u.counts;
        o.push_str(&format!(
            "| **{}** {} | {} | **{}** | {} | {} | {} | {} | {} | {} | {} |\n",
            esc(&u.unit),
            esc(&u.unit_name),
            esc(&u.checklist),
            l.total,
            c.pass,
            c.partial,
            c.fail,
            c.na,
            c.unchecked,
            u.pass_rate,
            u.classification.label(lang)
        ));
        for sec in &u.sections {
            let c = &sec.counts;
            o.push_str(&format!(
                "| {} | {} | {} | {} | |\n",
                esc(&u.unit),
                esc(&u.checklist),
                esc(&sec.title),
                cells(c)
            ));
        }
    }
    let c = &s.totals;
    o.push_str(&format!("| **{}** | | | {} | |\n\n", l.total, cells(c)));
    o.push_str(&format!(
        "*{}:* {}\n\n## {}\n\n",
        l.rule,
        Classification::rule(lang),
        l.high_fail_units
    ));
    let mut any = false;
    for u in s.units.iter().filter(|u| !u.high_failures.is_empty()) {
        any = true;
        let items: Vec<String> = u.high_failures.iter().map(|s| esc(s)).collect();
        o.push_str(&format!(
            "- {} {} ({}): {}\n",
            esc(&u.unit),
            esc(&u.unit_name),
            esc(&u.checklist),
            items.join(", ")
        ));
    }
    if !any {
        o.push_str(l.none);
        o.push('\n');
    }
    o
}

/// The count columns of a summary row: pass, partial, fail, n/a, unchecked,
/// pass rate.
fn cells(c: &super::model::Counts) -> String {
    format!(
        "{} | {} | {} | {} | {} | {}",
        c.pass,
        c.partial,
        c.fail,
        c.na,
        c.unchecked,
        c.pass_rate_text()
    )
}
