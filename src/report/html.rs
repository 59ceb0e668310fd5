//! HTML: one self-contained page, inline CSS for screen and A4 print, no
//! script, a Content-Security-Policy that forbids everything but inline
//! style. Every user string is escaped; evidence is rendered as text, never
//! as a link.

use super::clean;
use super::model::{Classification, TeamSummary, UnitReport, deadline_text};
use super::strings::{labels, severity, status};
use crate::core::finding::Status as S;

/// Escapes `& < > " '` after removing control and bidi characters.
pub fn esc(s: &str) -> String {
    let s = clean(s);
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

const CSS: &str = "body{font-family:'Times New Roman',serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.4;color:#111}\
h1{font-size:1.5em;text-align:center}h2{font-size:1.2em;border-bottom:1px solid #999}h3{font-size:1.05em}\
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #888;padding:.25em .5em;vertical-align:top;text-align:left}\
td.n{text-align:right}.rule{font-style:italic}.warn{color:#a40000;font-weight:bold}.item{page-break-inside:avoid;margin-bottom:1em}\
dl{margin:0}dt{font-weight:bold;float:left;clear:left;width:11em}dd{margin-left:12em}\
.sign td{height:6em;width:50%;text-align:center;border:none}\
@media print{@page{size:A4;margin:2cm}body{margin:0;max-width:none;font-size:12pt}h2{page-break-after:avoid}}";

fn head(title: &str, lang: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(title)
    )
}

fn counts_header(lang: crate::core::lang::Lang, first: &str) -> String {
    let l = labels(lang);
    format!(
        "<tr><th>{first}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        status(lang, S::Pass),
        status(lang, S::Partial),
        status(lang, S::Fail),
        status(lang, S::Na),
        status(lang, S::Unchecked),
        l.pass_rate
    )
}

fn counts_cells(c: &super::model::Counts) -> String {
    format!(
        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
        c.pass,
        c.partial,
        c.fail,
        c.na,
        c.unchecked,
        c.pass_rate_text()
    )
}

pub fn unit(r: &UnitReport) -> String {
    let lang = r.lang;
    let l = labels(lang);
    let h = &r.header;
    let mut o = head(&format!("{} — {}", l.title, h.unit_code), lang.code());
    o.push_str(&format!("<h1>{}</h1>\n<dl>\n", l.title));
    let mut dd = |k: &str, v: String| o.push_str(&format!("<dt>{k}</dt><dd>{v}</dd>\n"));
    dd(
        l.unit,
        format!("{} — {}", esc(&h.unit_code), esc(&h.unit_name)),
    );
    dd(l.campaign, esc(&h.campaign));
    dd(l.inspection, esc(&h.inspection_ids.join(", ")));
    if let (Some(a), Some(b)) = (&h.first_day, &h.last_day) {
        dd(l.dates, format!("{} – {}", esc(a), esc(b)));
    }
    dd(
        l.team,
        h.inspectors
            .iter()
            .map(|s| esc(s))
            .collect::<Vec<_>>()
            .join(", "),
    );
    dd(
        l.checklist,
        r.checklists
            .iter()
            .map(|c| esc(&c.display()))
            .collect::<Vec<_>>()
            .join("<br>"),
    );
    dd(
        l.scope,
        r.checklists
            .iter()
            .map(|c| format!("<b>{}</b>: {}", esc(&c.title), esc(&c.scope)))
            .collect::<Vec<_>>()
            .join("<br>"),
    );
    dd(
        l.conclusion_date,
        r.conclusion_date.format("%Y-%m-%d").to_string(),
    );
    o.push_str("</dl>\n");

    o.push_str(&format!("<h2>{}</h2>\n<table>\n", l.summary));
    o.push_str(&counts_header(lang, l.section));
    for s in &r.sections {
        o.push_str(&format!(
            "<tr><td>{}</td>{}</tr>\n",
            esc(&s.title),
            counts_cells(&s.counts)
        ));
    }
    o.push_str(&format!(
        "<tr><th>{}</th>{}</tr>\n</table>\n",
        l.total,
        counts_cells(&r.counts)
    ));
    o.push_str(&format!(
        "<p><strong>{}: {}</strong></p>\n<p><em>{}:</em> {}</p>\n",
        l.classification,
        r.classification.label(lang),
        l.rule,
        Classification::rule(lang)
    ));

    o.push_str(&format!("<h2>{}</h2>\n", l.remediation));
    if r.remediation.is_empty() {
        o.push_str(&format!("<p>{}</p>\n", l.no_remediation));
    }
    if let Some(rule) = r.deadline_rule() {
        let class = if r.unconfirmed_schedule() {
            "rule warn"
        } else {
            "rule"
        };
        o.push_str(&format!("<p class=\"{class}\">{}</p>\n", esc(&rule)));
    }
    for (n, it) in r.remediation.iter().enumerate() {
        o.push_str(&format!(
            "<div class=\"item\">\n<h3>{}. {} — {}</h3>\n<table>\n",
            n + 1,
            esc(&it.item),
            esc(&it.question)
        ));
        let mut row =
            |k: &str, v: String| o.push_str(&format!("<tr><th>{k}</th><td>{v}</td></tr>\n"));
        row(l.status, status(lang, it.status).to_owned());
        row(l.severity, severity(lang, it.severity).to_owned());
        row(l.section, esc(&it.section_title));
        let finding = if it.finding.is_empty() {
            "—".to_owned()
        } else {
            it.finding
                .iter()
                .map(|f| esc(f))
                .collect::<Vec<_>>()
                .join("<br>")
        };
        row(l.finding, finding);
        for c in &it.conflicts {
            row(
                l.conflict,
                format!("<span class=\"warn\">⚠ {}</span>", esc(&c.display())),
            );
        }
        if it.item_changed {
            row(
                "⚠",
                format!("<span class=\"warn\">{}</span>", l.item_changed),
            );
        }
        row(
            l.legal_basis,
            it.legal_basis
                .iter()
                .map(|s| esc(s))
                .collect::<Vec<_>>()
                .join("<br>"),
        );
        row(l.action, esc(&it.action));
        row(l.deadline, esc(&deadline_text(lang, it.deadline, it.due)));
        if let Some(resp) = &it.responsible {
            row(l.responsible, esc(resp));
        }
        if !it.evidence.is_empty() {
            row(
                l.evidence,
                it.evidence
                    .iter()
                    .map(|s| esc(s))
                    .collect::<Vec<_>>()
                    .join("<br>"),
            );
        }
        o.push_str("</table>\n</div>\n");
    }
    o.push_str(&format!("<h2>{}</h2>\n", l.unchecked_title));
    if r.unchecked.is_empty() {
        o.push_str(&format!("<p>{}</p>\n", l.none));
    } else {
        o.push_str("<ul>\n");
        for u in &r.unchecked {
            o.push_str(&format!(
                "<li>{} — {} ({})</li>\n",
                esc(&u.item),
                esc(&u.question),
                esc(&u.section)
            ));
        }
        o.push_str("</ul>\n");
    }
    if !r.other_conflicts.is_empty() {
        o.push_str("<ul>\n");
        for (item, c) in &r.other_conflicts {
            o.push_str(&format!(
                "<li class=\"warn\">⚠ {} {}: {}</li>\n",
                l.conflict,
                esc(item),
                esc(&c.display())
            ));
        }
        o.push_str("</ul>\n");
    }
    o.push_str(&format!("<p>{}</p>\n", l.follow_up));
    o.push_str(&format!(
        "<h2>{}</h2>\n<table class=\"sign\"><tr><td><strong>{}</strong><br>{}</td><td><strong>{}</strong><br>{}</td></tr></table>\n</body>\n</html>\n",
        l.sign_off, l.team_leader, l.sign_hint, l.unit_head, l.sign_hint
    ));
    o
}

pub fn summary(s: &TeamSummary) -> String {
    let lang = s.lang;
    let l = labels(lang);
    let mut o = head(l.summary_title, lang.code());
    o.push_str(&format!(
        "<h1>{}</h1>\n<h2>{}</h2>\n<table>\n",
        l.summary_title, l.units
    ));
    let mut hdr = counts_header(lang, l.unit);
    hdr = hdr.replacen(
        "</th>",
        &format!("</th><th>{}</th><th>{}</th>", l.checklist, l.section),
        1,
    );
    hdr = hdr.replace("</tr>", &format!("<th>{}</th></tr>", l.classification));
    o.push_str(&hdr);
    for u in &s.units {
        o.push_str(&format!(
            "<tr><th>{} {}</th><td>{}</td><td><strong>{}</strong></td>{}<td>{}</td></tr>\n",
            esc(&u.unit),
            esc(&u.unit_name),
            esc(&u.checklist),
            l.total,
            counts_cells(&u.counts),
            u.classification.label(lang)
        ));
        for sec in &u.sections {
            o.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td>{}<td></td></tr>\n",
                esc(&u.unit),
                esc(&u.checklist),
                esc(&sec.title),
                counts_cells(&sec.counts)
            ));
        }
    }
    o.push_str(&format!(
        "<tr><th>{}</th><td></td><td></td>{}<td></td></tr>\n</table>\n",
        l.total,
        counts_cells(&s.totals)
    ));
    o.push_str(&format!(
        "<p><em>{}:</em> {}</p>\n<h2>{}</h2>\n<ul>\n",
        l.rule,
        Classification::rule(lang),
        l.high_fail_units
    ));
    for u in s.units.iter().filter(|u| !u.high_failures.is_empty()) {
        o.push_str(&format!(
            "<li>{} {} ({}): {}</li>\n",
            esc(&u.unit),
            esc(&u.unit_name),
            esc(&u.checklist),
            u.high_failures
                .iter()
                .map(|s| esc(s))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    o.push_str("</ul>\n</body>\n</html>\n");
    o
}
