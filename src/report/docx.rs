//! DOCX: a [`Document`] as a Word file laid out as Decree 30/2020 has it
//! (A4, margins 20/20/30/15 mm, Times New Roman 13 pt justified, page
//! numbers centred in the top margin from page 2, the two-column header
//! block, signature on the right, recipients on the left), built with
//! docx-rs. User text is cleaned of XML-illegal characters here; docx-rs
//! XML-escapes it.

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Header, LineSpacing, PageMargin, PageNum,
    Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts,
    SpecialIndentType, Table, TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::clean;
use super::document::{Block, Document, MOTTO, NATIONAL_TITLE, Span, draft_mark};
use super::docx_order::schema_order;

/// Removes characters XML 1.0 forbids (and control/bidi characters).
pub fn xml_text(s: &str) -> String {
    clean(s)
        .chars()
        .filter(|&c| c != '\u{FFFE}' && c != '\u{FFFF}' && (c >= ' ' || c == '\n' || c == '\t'))
        .collect()
}

/// A4 in twentieths of a point, and the margins: top and bottom 20 mm,
/// left 30 mm, right 15 mm.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const TOP: i32 = 1134;
const BOTTOM: i32 = 1134;
const LEFT: i32 = 1701;
const RIGHT: i32 = 850;
/// The text width the tables share.
const TEXT_W: usize = (PAGE_W as i32 - LEFT - RIGHT) as usize;
/// The header block's columns: the issuing body, the national title.
const HEAD_LEFT: usize = 3600;
const HEAD_RIGHT: usize = TEXT_W - HEAD_LEFT;

/// Sizes in half-points.
const BODY: usize = 26;
const TABLE: usize = 24;
const SMALL: usize = 22;

fn run(text: &str, size: usize) -> Run {
    Run::new().add_text(xml_text(text)).size(size)
}

/// A paragraph of spans; a line break inside a span starts a new line.
fn spans(parts: &[Span], size: usize) -> Paragraph {
    let mut p = Paragraph::new();
    for s in parts {
        for (i, line) in xml_text(&s.text).split('\n').enumerate() {
            let mut r = Run::new().size(size);
            if s.bold {
                r = r.bold();
            }
            if s.italic {
                r = r.italic();
            }
            if i > 0 {
                r = r.add_break(BreakType::TextWrapping);
            }
            p = p.add_run(r.add_text(line));
        }
    }
    p
}

fn spacing(after: u32) -> LineSpacing {
    LineSpacing::new().before(0).after(after)
}

fn centred(text: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, size))
        .align(AlignmentType::Center)
        .line_spacing(spacing(0))
}

/// A solid rule, `width` twips long, centred in a column of `column`
/// twips: an empty paragraph, narrowed to the width, with a bottom border.
fn rule(column: usize, width: usize) -> Paragraph {
    let side = column.saturating_sub(width) as i32 / 2;
    let mut p = Paragraph::new()
        .size(4)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(LineSpacing::new().before(0).after(80).line(60));
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(6)
                .space(1),
        ),
    );
    p
}

fn no_border_cell(width: usize) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .clear_all_border()
}

fn borderless(rows: Vec<TableRow>, columns: &[usize]) -> Table {
    Table::without_borders(rows)
        .set_grid(columns.to_vec())
        .layout(TableLayoutType::Fixed)
        .width(columns.iter().sum(), WidthType::Dxa)
}

/// Boxes 1–4 of the Decree's diagram.
fn header_block(d: &Document) -> Table {
    let mut left = no_border_cell(HEAD_LEFT);
    if let Some(sup) = &d.superior_body {
        left = left.add_paragraph(centred(&sup.to_uppercase(), TABLE));
    }
    left = left
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&d.body.to_uppercase(), TABLE).bold())
                .align(AlignmentType::Center)
                .line_spacing(spacing(0)),
        )
        .add_paragraph(rule(HEAD_LEFT, 1300))
        .add_paragraph(centred(&d.number, BODY));
    let right = no_border_cell(HEAD_RIGHT)
        .add_paragraph(
            Paragraph::new()
                .add_run(run(NATIONAL_TITLE, TABLE).bold())
                .align(AlignmentType::Center)
                .line_spacing(spacing(0)),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run(MOTTO, BODY).bold())
                .align(AlignmentType::Center)
                .line_spacing(spacing(0)),
        )
        .add_paragraph(rule(HEAD_RIGHT, 3400))
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&d.place_date, BODY).italic())
                .align(AlignmentType::Center)
                .line_spacing(spacing(0)),
        );
    borderless(
        vec![TableRow::new(vec![left, right]).cant_split()],
        &[HEAD_LEFT, HEAD_RIGHT],
    )
}

fn body_para(p: Paragraph) -> Paragraph {
    p.align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .line_spacing(spacing(80))
}

fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY).bold())
        .align(AlignmentType::Both)
        .line_spacing(LineSpacing::new().before(120).after(60))
        .keep_next(true)
}

fn cell(text: &str, width: usize, bold: bool, right: bool) -> TableCell {
    let mut p = spans(
        &[Span {
            text: text.to_owned(),
            bold,
            italic: false,
        }],
        TABLE,
    )
    .line_spacing(spacing(0));
    if right {
        p = p.align(AlignmentType::Right);
    }
    TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Top)
        .add_paragraph(p)
}

fn table(t: &super::document::Table) -> Table {
    let columns: Vec<usize> = t
        .widths
        .iter()
        .map(|w| TEXT_W * *w as usize / 100)
        .collect();
    let mut rows = vec![
        TableRow::new(
            t.header
                .iter()
                .zip(&columns)
                .map(|(h, w)| cell(h, *w, true, false))
                .collect(),
        )
        .cant_split(),
    ];
    for r in &t.rows {
        rows.push(
            TableRow::new(
                r.iter()
                    .zip(&columns)
                    .zip(&t.numeric)
                    .map(|((c, w), n)| cell(c, *w, false, *n))
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(rows)
        .set_grid(columns.clone())
        .layout(TableLayoutType::Fixed)
        .width(columns.iter().sum(), WidthType::Dxa)
}

fn blocks(mut docx: Docx, list: &[Block]) -> Docx {
    for (i, b) in list.iter().enumerate() {
        // A paragraph that leads into a table stays on its page.
        let next_is_table = matches!(list.get(i + 1), Some(Block::Table(_)));
        docx = match b {
            Block::Heading(t) => docx.add_paragraph(heading(t)),
            Block::Para(s) => {
                docx.add_paragraph(body_para(spans(s, BODY)).keep_next(next_is_table))
            }
            Block::Table(t) => docx.add_table(table(t)),
            Block::Lines(n) => {
                let mut d = docx;
                for _ in 0..*n {
                    d = d.add_paragraph(
                        Paragraph::new()
                            .add_run(run(&".".repeat(95), BODY))
                            .line_spacing(spacing(100)),
                    );
                }
                d
            }
        };
    }
    docx
}

/// The signature block (boxes 7 and 9b): recipients on the left when
/// there are any, the signatures on the right or side by side.
fn signature_block(d: &Document) -> Table {
    let sign_cell = |s: &super::document::Signature, width: usize| {
        let mut c = no_border_cell(width);
        for l in &s.lines {
            c = c.add_paragraph(
                Paragraph::new()
                    .add_run(run(&l.to_uppercase(), BODY).bold())
                    .align(AlignmentType::Center)
                    .line_spacing(spacing(0)),
            );
        }
        if let Some(h) = &s.hint {
            c = c.add_paragraph(
                Paragraph::new()
                    .add_run(run(h, BODY).italic())
                    .align(AlignmentType::Center)
                    .line_spacing(spacing(0)),
            );
        }
        for _ in 0..4 {
            c = c.add_paragraph(Paragraph::new().line_spacing(spacing(0)));
        }
        c.add_paragraph(
            Paragraph::new()
                .add_run(run(&s.name, BODY).bold())
                .align(AlignmentType::Center)
                .line_spacing(spacing(0)),
        )
    };
    match &d.recipients {
        Some((label, entries)) => {
            let w = TEXT_W / 2;
            let mut left = no_border_cell(w).add_paragraph(
                Paragraph::new()
                    .add_run(run(label, 24).bold().italic())
                    .line_spacing(spacing(0)),
            );
            for e in entries {
                left = left.add_paragraph(
                    Paragraph::new()
                        .add_run(run(e, SMALL))
                        .line_spacing(spacing(0)),
                );
            }
            let right = d
                .signatures
                .first()
                .map_or_else(|| no_border_cell(w), |s| sign_cell(s, w));
            borderless(
                vec![TableRow::new(vec![left, right]).cant_split()],
                &[w, TEXT_W - w],
            )
        }
        None => {
            let n = d.signatures.len().max(1);
            let w = TEXT_W / n;
            let columns = vec![w; n];
            borderless(
                vec![
                    TableRow::new(d.signatures.iter().map(|s| sign_cell(s, w)).collect())
                        .cant_split(),
                ],
                &columns,
            )
        }
    }
}

fn xml_escape(s: &str) -> String {
    xml_text(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The core properties: the document's title, its author and its date.
fn core_properties(d: &Document) -> Vec<u8> {
    let when = format!("{}T00:00:00Z", d.date.format("%Y-%m-%d"));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>\
         <cp:revision>1</cp:revision><dc:language>{lang}</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:modified></cp:coreProperties>",
        title = xml_escape(&d.title),
        author = xml_escape(&d.author),
        lang = match d.lang {
            crate::core::lang::Lang::Vi => "vi-VN",
            crate::core::lang::Lang::En => "en-GB",
        },
    )
    .into_bytes()
}

/// The page header: the page number centred (from page 2) and, on a
/// draft, the draft mark on every page.
fn page_headers(d: &Document) -> (Header, Header) {
    let mark = || {
        Paragraph::new()
            .add_run(run(draft_mark(d.lang), BODY).bold())
            .align(AlignmentType::Right)
            .line_spacing(spacing(0))
    };
    let mut first = Header::new();
    let mut other = Header::new().add_paragraph(
        Paragraph::new()
            .add_page_num(PageNum::new())
            .size(BODY)
            .align(AlignmentType::Center)
            .line_spacing(spacing(0)),
    );
    if d.draft {
        first = first.add_paragraph(mark());
        other = other.add_paragraph(mark());
    } else {
        first = first.add_paragraph(Paragraph::new());
    }
    (first, other)
}

pub fn render(d: &Document) -> Result<Vec<u8>, String> {
    let font = RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("Times New Roman");
    let (first, other) = page_headers(d);
    let mut docx = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(TOP)
                .bottom(BOTTOM)
                .left(LEFT)
                .right(RIGHT)
                .header(567)
                .footer(567),
        )
        .default_fonts(font)
        .default_size(BODY)
        .header(other)
        .first_header(first)
        .title_pg();
    docx = docx.add_table(header_block(d));
    docx = docx
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&d.kind.to_uppercase(), 28).bold())
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().before(240).after(0))
                .keep_next(true),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&d.subject, 28).bold())
                .align(AlignmentType::Center)
                .line_spacing(spacing(0))
                .keep_next(true),
        )
        .add_paragraph(rule(TEXT_W, TEXT_W / 3).keep_next(true));
    for b in &d.basis {
        docx = docx.add_paragraph(body_para(spans(&[Span::italic(b.clone())], BODY)));
    }
    docx = blocks(docx, &d.blocks);
    docx = docx.add_paragraph(Paragraph::new().keep_next(true));
    docx = docx.add_table(signature_block(d));
    if let Some((title, list)) = &d.annex {
        docx = docx.add_paragraph(
            Paragraph::new()
                .add_run(run(title, BODY).bold())
                .align(AlignmentType::Center)
                .page_break_before(true)
                .keep_next(true)
                .line_spacing(spacing(120)),
        );
        docx = blocks(docx, list);
    }
    let mut xml = docx.build();
    xml.doc_props.core = core_properties(d);
    for part in [
        &mut xml.document,
        &mut xml.styles,
        &mut xml.numberings,
        &mut xml.footnotes,
        &mut xml.comments,
        &mut xml.settings,
    ] {
        *part = schema_order(part)?;
    }
    for h in xml.headers.iter_mut().chain(xml.footers.iter_mut()) {
        *h = schema_order(h)?;
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    xml.pack(&mut buf).map_err(|e| e.to_string())?;
    Ok(buf.into_inner())
}
