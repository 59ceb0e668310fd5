//! Markdown: readable as plain text, renders cleanly; user text escaped so
//! that no Markdown construct or raw HTML passes through.

use super::clean;
use super::model::{Classification, TeamSummary, UnitReport, deadline_text};
use super::strings::{labels, severity, status};

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

pub fn unit(r: &UnitReport) -> String {
    let lang = r.lang;
    let l = labels(lang);
    let h = &r.header;
    let mut o = String::new();
    o.push_str(&format!("# {}\n\n", l.title));
    o.push_str(&format!(
        "- **{}:** {} — {}\n",
        l.unit,
        esc(&h.unit_code),
        esc(&h.unit_name)
    ));
    o.push_str(&format!("- **{}:** {}\n", l.campaign, esc(&h.campaign)));
    o.push_str(&format!(
        "- **{}:** {}\n",
        l.inspection,
        esc(&h.inspection_ids.join(", "))
    ));
    if let (Some(a), Some(b)) = (&h.first_day, &h.last_day) {
        o.push_str(&format!("- **{}:** {a} – {b}\n", l.dates));
    }
    let team: Vec<String> = h.inspectors.iter().map(|s| esc(s)).collect();
    o.push_str(&format!("- **{}:** {}\n", l.team, team.join(", ")));
    let checklists: Vec<String> = r.checklists.iter().map(|c| esc(&c.display())).collect();
    o.push_str(&format!(
        "- **{}:** {}\n",
        l.checklist,
        checklists.join("; ")
    ));
    for c in &r.checklists {
        o.push_str(&format!(
            "- **{} — {}:** {}\n",
            l.scope,
            esc(&c.title),
            esc(&c.scope)
        ));
    }
    o.push_str(&format!(
        "- **{}:** {}\n\n",
        l.conclusion_date,
        r.conclusion_date.format("%Y-%m-%d")
    ));

    o.push_str(&format!("## {}\n\n", l.summary));
    o.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} | {} |\n",
        l.section,
        status(lang, crate::core::finding::Status::Pass),
        status(lang, crate::core::finding::Status::Partial),
        status(lang, crate::core::finding::Status::Fail),
        status(lang, crate::core::finding::Status::Na),
        status(lang, crate::core::finding::Status::Unchecked),
        l.pass_rate
    ));
    o.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
    for s in &r.sections {
        let c = &s.counts;
        o.push_str(&format!("| {} | {} |\n", esc(&s.title), cells(c)));
    }
    let c = &r.counts;
    o.push_str(&format!("| **{}** | {} |\n\n", l.total, cells(c)));
    o.push_str(&format!(
        "**{}: {}**\n\n",
        l.classification,
        r.classification.label(lang)
    ));
    o.push_str(&format!("*{}:* {}\n\n", l.rule, Classification::rule(lang)));

    o.push_str(&format!("## {}\n\n", l.remediation));
    if r.remediation.is_empty() {
        o.push_str(&format!("{}\n\n", l.no_remediation));
    }
    if let Some(rule) = r.deadline_rule() {
        o.push_str(&format!("*{}*\n\n", esc(&rule)));
    }
    for (n, it) in r.remediation.iter().enumerate() {
        o.push_str(&format!(
            "### {}. {} — {}\n\n",
            n + 1,
            esc(&it.item),
            esc(&it.question)
        ));
        o.push_str(&format!(
            "- **{}:** {} · **{}:** {} · **{}:** {}\n",
            l.status,
            status(lang, it.status),
            l.severity,
            severity(lang, it.severity),
            l.section,
            esc(&it.section_title)
        ));
        if it.finding.is_empty() {
            o.push_str(&format!("- **{}:** —\n", l.finding));
        } else {
            o.push_str(&format!("- **{}:**\n", l.finding));
            for f in &it.finding {
                o.push_str(&format!("  - {}\n", esc(f)));
            }
        }
        for c in &it.conflicts {
            o.push_str(&format!("- ⚠ **{}:** {}\n", l.conflict, esc(&c.display())));
        }
        if it.item_changed {
            o.push_str(&format!("- ⚠ {}\n", l.item_changed));
        }
        let lb: Vec<String> = it.legal_basis.iter().map(|s| esc(s)).collect();
        o.push_str(&format!("- **{}:** {}\n", l.legal_basis, lb.join("; ")));
        o.push_str(&format!("- **{}:** {}\n", l.action, esc(&it.action)));
        o.push_str(&format!(
            "- **{}:** {}\n",
            l.deadline,
            deadline_text(lang, it.deadline, it.due)
        ));
        if let Some(resp) = &it.responsible {
            o.push_str(&format!("- **{}:** {}\n", l.responsible, esc(resp)));
        }
        if !it.evidence.is_empty() {
            let ev: Vec<String> = it.evidence.iter().map(|s| esc(s)).collect();
            o.push_str(&format!("- **{}:** {}\n", l.evidence, ev.join("; ")));
        }
        o.push('\n');
    }
    o.push_str(&format!("## {}\n\n", l.unchecked_title));
    if r.unchecked.is_empty() {
        o.push_str(&format!("{}\n\n", l.none));
    } else {
        for u in &r.unchecked {
            o.push_str(&format!(
                "- {} — {} ({})\n",
                esc(&u.item),
                esc(&u.question),
                esc(&u.section)
            ));
        }
        o.push('\n');
    }
    for (item, c) in &r.other_conflicts {
        o.push_str(&format!(
            "- ⚠ **{}** {}: {}\n",
            l.conflict,
            esc(item),
            esc(&c.display())
        ));
    }
    if !r.other_conflicts.is_empty() {
        o.push('\n');
    }
    o.push_str(&format!("{}\n\n", l.follow_up));
    o.push_str(&format!("## {}\n\n", l.sign_off));
    o.push_str(&format!(
        "| {} | {} |\n|---|---|\n| {} | {} |\n| | |\n| | |\n",
        l.team_leader, l.unit_head, l.sign_hint, l.sign_hint
    ));
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
