//! HTML: one self-contained page, inline CSS for screen and A4 print, no
//! script, a Content-Security-Policy that forbids everything but inline
//! style. Every user string is escaped; evidence is rendered as text, never
//! as a link.

use super::charts;
use super::clean;
use super::document::{Block, Document, MOTTO, NATIONAL_TITLE, Signature, Span, draft_mark};
use super::model::{Classification, Picture, TeamSummary};
use super::strings::{labels, status};
use crate::core::finding::Status as S;
use crate::core::lang::Lang;

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
figure.chart{margin:1em 0;page-break-inside:avoid}figure.chart svg{max-width:100%;height:auto}figcaption{font-weight:bold;margin:.5em 0}\
@media print{@page{size:A4;margin:2cm}body{margin:0;max-width:none;font-size:12pt}h2{page-break-after:avoid}}";

fn head(title: &str, lang: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(title)
    )
}

fn counts_header(lang: Lang, first: &str) -> String {
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

/// The print layout of a document: A4, the Decree's margins, Times New
/// Roman 13 pt justified, page numbers in the top margin from page 2, the
/// draft mark on every printed page.
const DOC_CSS: &str = "body{font-family:'Times New Roman',Times,serif;font-size:13pt;line-height:1.3;color:#000;max-width:165mm;margin:1em auto;padding:0 1em}\
table{border-collapse:collapse}p{margin:0 0 4pt}\
.head{width:100%;table-layout:fixed}.head td{border:none;text-align:center;vertical-align:top;padding:0}\
.head .l{width:38%}.head .r{width:62%}.caps{text-transform:uppercase}\
.rule{border-bottom:1px solid #000;margin:1pt auto 4pt;height:0}.r1{width:35%}.r2{width:62%}.r3{width:33%}\
.kind{text-align:center;font-weight:bold;font-size:14pt;margin:14pt 0 0;text-transform:uppercase}.subject{text-align:center;font-weight:bold;font-size:14pt;margin:0}\
.body p{text-align:justify;text-indent:1cm}.basis{font-style:italic}\
h2{font-size:13pt;margin:8pt 0 3pt;break-after:avoid;page-break-after:avoid}\
.t{width:100%;table-layout:fixed;font-size:12pt;margin:2pt 0 6pt;break-inside:auto}.t th,.t td{border:1px solid #000;padding:1pt 4pt;vertical-align:top;text-align:left}\
.t td.n,.t th.n{text-align:right}.t tr{break-inside:avoid;page-break-inside:avoid}\
.lines{border-bottom:1px dotted #000;height:1.3em;margin:0}\
.sign{width:100%;table-layout:fixed;margin-top:10pt;break-inside:avoid;page-break-inside:avoid}.sign td{border:none;vertical-align:top;padding:0}\
.sign .who{text-align:center}.sign .space{height:5em}.to{font-size:12pt;font-weight:bold;font-style:italic}.to-e{font-size:11pt}\
.annex{break-before:page;page-break-before:always}.annex h2{text-align:center}\
.draft{display:block;text-align:right;font-weight:bold;color:#a40000}\
body,td,th,p{overflow-wrap:anywhere;word-break:normal}\
@media print{@page{size:A4;margin:20mm 15mm 20mm 30mm;@top-center{content:counter(page);font-family:'Times New Roman',serif;font-size:13pt}}\
@page:first{@top-center{content:none}}body{margin:0;max-width:none;padding:0}\
.draft{position:fixed;top:-12mm;right:0}}";

fn spans(list: &[Span]) -> String {
    let mut o = String::new();
    for s in list {
        let mut t = esc(&s.text);
        if s.italic {
            t = format!("<i>{t}</i>");
        }
        if s.bold {
            t = format!("<b>{t}</b>");
        }
        o.push_str(&t);
    }
    o
}

fn blocks(o: &mut String, list: &[Block]) {
    for b in list {
        match b {
            Block::Heading(t) => o.push_str(&format!("<h2>{}</h2>\n", esc(t))),
            Block::Para(s) => o.push_str(&format!("<p>{}</p>\n", spans(s))),
            Block::Lines(n) => {
                for _ in 0..*n {
                    o.push_str("<p class=\"lines\"></p>\n");
                }
            }
            Block::Table(t) => {
                o.push_str("<table class=\"t\">\n<colgroup>");
                for w in &t.widths {
                    o.push_str(&format!("<col style=\"width:{w}%\">"));
                }
                o.push_str("</colgroup>\n<thead><tr>");
                for (h, n) in t.header.iter().zip(&t.numeric) {
                    let class = if *n { " class=\"n\"" } else { "" };
                    o.push_str(&format!("<th{class}>{}</th>", esc(h)));
                }
                o.push_str("</tr></thead>\n<tbody>\n");
                for r in &t.rows {
                    o.push_str("<tr>");
                    for (c, n) in r.iter().zip(&t.numeric) {
                        let class = if *n { " class=\"n\"" } else { "" };
                        o.push_str(&format!("<td{class}>{}</td>", esc(c)));
                    }
                    o.push_str("</tr>\n");
                }
                o.push_str("</tbody>\n</table>\n");
            }
        }
    }
}

fn signature(s: &Signature) -> String {
    let mut o = String::from("<td class=\"who\">");
    for l in &s.lines {
        o.push_str(&format!("<b class=\"caps\">{}</b><br>", esc(l)));
    }
    if let Some(h) = &s.hint {
        o.push_str(&format!("<i>{}</i>", esc(h)));
    }
    o.push_str(&format!(
        "<div class=\"space\"></div><b>{}</b></td>",
        esc(&s.name)
    ));
    o
}

/// A document (notice, minutes, the team's report) as one printable page.
pub fn document(d: &Document) -> String {
    let mut o = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"author\" content=\"{}\">\n<title>{}</title>\n<style>{DOC_CSS}</style>\n</head>\n<body>\n",
        d.lang.code(),
        esc(&d.author),
        esc(&d.title)
    );
    if d.draft {
        o.push_str(&format!(
            "<div class=\"draft\">{}</div>\n",
            draft_mark(d.lang)
        ));
    }
    o.push_str("<table class=\"head\"><tr><td class=\"l\">");
    if let Some(sup) = &d.superior_body {
        o.push_str(&format!("<div class=\"caps\">{}</div>", esc(sup)));
    }
    o.push_str(&format!(
        "<div class=\"caps\"><b>{}</b></div><div class=\"rule r1\"></div><div>{}</div></td>\n",
        esc(&d.body),
        esc(&d.number)
    ));
    o.push_str(&format!(
        "<td class=\"r\"><div><b>{NATIONAL_TITLE}</b></div><div><b>{MOTTO}</b></div><div class=\"rule r2\"></div><div><i>{}</i></div></td></tr></table>\n",
        esc(&d.place_date)
    ));
    o.push_str(&format!(
        "<p class=\"kind\">{}</p>\n<p class=\"subject\">{}</p>\n<div class=\"rule r3\"></div>\n<div class=\"body\">\n",
        esc(&d.kind),
        esc(&d.subject)
    ));
    for b in &d.basis {
        o.push_str(&format!("<p class=\"basis\">{}</p>\n", esc(b)));
    }
    blocks(&mut o, &d.blocks);
    o.push_str("</div>\n<table class=\"sign\"><tr>");
    match &d.recipients {
        Some((label, entries)) => {
            o.push_str(&format!("<td><div class=\"to\">{}</div>", esc(label)));
            for e in entries {
                o.push_str(&format!("<div class=\"to-e\">{}</div>", esc(e)));
            }
            o.push_str("</td>");
            for s in &d.signatures {
                o.push_str(&signature(s));
            }
        }
        None => {
            for s in &d.signatures {
                o.push_str(&signature(s));
            }
        }
    }
    o.push_str("</tr></table>\n");
    if let Some((title, list)) = &d.annex {
        o.push_str(&format!(
            "<div class=\"annex body\">\n<h2>{}</h2>\n",
            esc(title)
        ));
        blocks(&mut o, list);
        o.push_str("</div>\n");
    }
    o.push_str("</body>\n</html>\n");
    o
}

pub fn summary(s: &TeamSummary, picture: &Picture) -> String {
    let lang = s.lang;
    let l = labels(lang);
    let mut o = head(l.summary_title, lang.code());
    o.push_str(&format!("<h1>{}</h1>\n", l.summary_title));
    o.push_str(&picture_html(picture, lang));
    o.push_str(&format!("<h2>{}</h2>\n<table>\n", l.units));
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

/// A chart and, beside it, the table of its figures (what a screen reader
/// reads and what survives a copy into Word). A chart that cannot be drawn
/// leaves the table alone.
fn figure(o: &mut String, caption: &str, svg: Result<String, charts::ChartError>, table: String) {
    o.push_str(&format!(
        "<figure class=\"chart\">\n<figcaption>{}</figcaption>\n",
        esc(caption)
    ));
    if let Ok(svg) = svg {
        o.push_str(&svg);
        o.push('\n');
    }
    o.push_str(&table);
    o.push_str("</figure>\n");
}

fn rate_cell(lang: Lang, permille: Option<u32>) -> String {
    format!(
        "<td class=\"n\">{}</td>",
        super::document::percent(lang, permille)
    )
}

/// The province's picture: pass rate by topic and unit, what is still to
/// remedy per unit, and the trend across campaigns.
fn picture_html(p: &Picture, lang: Lang) -> String {
    let mut o = String::new();
    if p.topics.is_empty() {
        return o;
    }
    o.push_str(&format!(
        "<h2>{}</h2>\n<p>{}</p>\n<ol class=\"key\">\n",
        lang.pick("Bức tranh chung", "The overall picture"),
        lang.pick(
            "Lĩnh vực kiểm tra (số thứ tự dùng trong biểu đồ):",
            "Topics inspected (numbered as in the charts):"
        )
    ));
    for t in &p.topics {
        o.push_str(&format!("<li>{}</li>\n", esc(&t.title)));
    }
    o.push_str("</ol>\n");
    let numbers: String = (1..=p.topics.len())
        .map(|n| format!("<th>{n}</th>"))
        .collect();
    if let Some(h) = &p.heat {
        let caption = lang.pick(
            format!("Tỷ lệ đạt theo lĩnh vực và đơn vị, đợt {}", h.campaign),
            format!("Pass rate by topic and unit, campaign {}", h.campaign),
        );
        let mut table = format!(
            "<table>\n<tr><th>{}</th>{numbers}</tr>\n",
            lang.pick("Đơn vị", "Unit")
        );
        for (unit, rates) in h.units.iter().zip(&h.rates) {
            table.push_str(&format!("<tr><th>{}</th>", esc(unit)));
            for r in rates {
                table.push_str(&rate_cell(lang, *r));
            }
            table.push_str("</tr>\n");
        }
        table.push_str("</table>\n");
        let svg = charts::heat_map(h, p.topics.len(), &caption);
        figure(&mut o, &caption, svg, table);
    }
    if let Some(units) = &p.followup {
        let caption = lang.pick(
            "Nội dung chưa khắc phục và quá hạn theo đơn vị",
            "Items still to remedy and overdue, by unit",
        );
        let (to_remedy, overdue) = (
            super::strings::still_to_remedy(lang),
            super::strings::of_which_overdue(lang),
        );
        let mut table = format!(
            "<table>\n<tr><th>{}</th><th>{to_remedy}</th><th>{overdue}</th></tr>\n",
            lang.pick("Đơn vị", "Unit")
        );
        for u in units {
            table.push_str(&format!(
                "<tr><th>{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                esc(&u.unit),
                u.to_remedy,
                u.overdue
            ));
        }
        table.push_str("</table>\n");
        if units.is_empty() {
            o.push_str(&format!(
                "<figure class=\"chart\">\n<figcaption>{}</figcaption>\n<p>{}</p>\n</figure>\n",
                esc(caption),
                lang.pick(
                    "Không có nội dung nào phải khắc phục.",
                    "Nothing is left to remedy."
                )
            ));
        } else {
            let svg = charts::followup_bars(units, lang, caption);
            figure(&mut o, caption, svg, table);
        }
    }
    if !p.trend.is_empty() {
        let caption = lang.pick(
            "Tỷ lệ đạt qua các đợt kiểm tra",
            "Pass rate across campaigns",
        );
        let mut table = format!(
            "<table>\n<tr><th>{}</th><th>{}</th>{numbers}</tr>\n",
            lang.pick("Đợt", "Campaign"),
            lang.pick("Chung", "Overall")
        );
        for t in &p.trend {
            table.push_str(&format!(
                "<tr><th>{}</th>{}",
                esc(&t.campaign),
                rate_cell(lang, t.overall)
            ));
            for r in &t.by_topic {
                table.push_str(&rate_cell(lang, *r));
            }
            table.push_str("</tr>\n");
        }
        table.push_str("</table>\n");
        let svg = charts::trend(&p.trend, lang, caption);
        figure(&mut o, caption, svg, table);
    }
    o
}
