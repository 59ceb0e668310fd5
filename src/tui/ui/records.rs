//! The record view pane: the group's one draw, its record codes (the
//! selected one marked), and for that record every defect type of every
//! item of the group, grouped by item, with "not found" last.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::clean;
use super::inspection::sample_summary;
use crate::core::finding::NOT_FOUND;
use crate::ops;
use crate::store::FindingRow;
use crate::tui::app::{App, Inspection, group_items, records_of};

pub fn render(
    f: &mut Frame,
    app: &App,
    insp: &Inspection,
    group: &str,
    rec: usize,
    line: usize,
    area: Rect,
) {
    let s = app.env.s;
    let r = s.records;
    let lang = app.env.lang;
    let items = group_items(insp, group);
    let refs: Vec<&crate::core::checklist::Item> = items.iter().collect();
    let codes = records_of(insp, &items);
    let code = codes.get(rec);
    // The record first: at 80 columns the title is cut from the right.
    let title = match code {
        Some(c) => format!(
            " {} {}/{}: {} — {} {} ",
            r.record,
            rec + 1,
            codes.len(),
            clean(c),
            r.group,
            clean(group)
        ),
        None => format!(" {} — {} {} ", r.record_view, r.group, clean(group)),
    };
    let block = Block::bordered()
        .title(title)
        .border_style(Style::new().fg(Color::Cyan));
    let mut lines: Vec<Line> = Vec::new();
    if let Some(p) = ops::group_plan(&refs, &insp.rows) {
        let drawn: Vec<String> = p.drawn.iter().map(u32::to_string).collect();
        lines.push(Line::raw(format!(
            "{}: {} → {} {}",
            s.population,
            p.population,
            s.proposed_size,
            ops::group_size(&refs, p.population),
        )));
        lines.push(Line::raw(format!("{}: {}", s.seed, p.seed)));
        lines.push(Line::raw(format!("{}: {}", s.drawn, drawn.join(", "))));
    }
    if codes.is_empty() {
        lines.push(Line::styled(
            r.no_records_hint,
            Style::new().fg(Color::Yellow),
        ));
    } else {
        // The codes, the selected one reversed.
        let mut spans = Vec::new();
        for (i, c) in codes.iter().enumerate() {
            let style = if i == rec {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new().fg(Color::DarkGray)
            };
            spans.push(Span::styled(clean(c), style));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    let empty = FindingRow::default();
    let mut at = 0usize;
    let mut cursor_row = 0usize;
    for it in &items {
        let st = &insp.row(&it.id).unwrap_or(&empty).state;
        lines.push(Line::styled(
            format!(
                "{} {} · {}",
                clean(&it.id),
                clean(it.question.get(lang)),
                sample_summary(s, st)
            ),
            Style::new().add_modifier(Modifier::BOLD).fg(Color::Cyan),
        ));
        let recorded = code.and_then(|c| ops::defects_of(it, &insp.rows, c));
        for d in it.kind.defects() {
            let on = recorded.is_some_and(|ds| ds.contains(&d.id));
            let mark = if on { "[x]" } else { "[ ]" };
            let style = if at == line {
                cursor_row = lines.len();
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
            lines.push(Line::styled(
                format!("  {mark} {}", clean(d.label.get(lang))),
                style,
            ));
            at += 1;
        }
    }
    let not_found = code.is_some_and(|c| {
        refs.iter().all(|it| {
            ops::defects_of(it, &insp.rows, c).is_some_and(|d| d.iter().any(|x| x == NOT_FOUND))
        })
    });
    let style = if at == line {
        cursor_row = lines.len();
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new().fg(Color::Red)
    };
    let mark = if not_found { "[x]" } else { "[ ]" };
    lines.push(Line::styled(format!("{mark} {}", r.not_found), style));
    // Keep the cursor's line in view: scroll by whole lines (wrapping is
    // off so that one list line is one screen row).
    let inner = usize::from(area.height.saturating_sub(2));
    let scroll = cursor_row.saturating_sub(inner.saturating_sub(1));
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        area,
    );
}
