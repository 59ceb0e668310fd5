//! The sample editor pane: the summary, the defect types, the sampling
//! plan, then the records with the defects each shows.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::clean;
use super::inspection::sample_summary;
use crate::core::checklist::CheckKind;
use crate::store::FindingRow;
use crate::tui::app::{App, Inspection};

pub fn render(f: &mut Frame, app: &App, insp: &Inspection, sel: usize, area: Rect) {
    let s = app.env.s;
    let lang = app.env.lang;
    let Some(it) = insp.selected_item() else {
        return;
    };
    let empty = FindingRow::default();
    let st = &insp.row(&it.id).unwrap_or(&empty).state;
    let block = Block::bordered()
        .title(format!(" {} — {} ", s.sample_editor, clean(&it.id)))
        .border_style(Style::new().fg(Color::Cyan));
    let mut lines = vec![Line::styled(
        sample_summary(s, st),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    let defects = it.kind.defects();
    // One defect type per line: the labels are long sentences.
    for (i, d) in defects.iter().enumerate().take(9) {
        lines.push(Line::styled(
            format!("{} {}", i + 1, clean(d.label.get(lang))),
            Style::new().fg(Color::DarkGray),
        ));
    }
    if let (
        CheckKind::Sampled {
            sampling: Some(rule),
            ..
        },
        Some(p),
    ) = (&it.kind, &st.sampling)
    {
        lines.push(Line::raw(format!(
            "{}: {} → {} {} · {} {}",
            s.population,
            p.population,
            s.proposed_size,
            rule.sample_size(p.population),
            s.seed,
            p.seed
        )));
        let drawn: Vec<String> = p.drawn.iter().map(u32::to_string).collect();
        lines.push(Line::raw(format!("{}: {}", s.drawn, drawn.join(", "))));
    }
    if st.samples.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::raw(s.sample_empty));
    }
    // The header wraps; the records below it scroll.
    let inner = block.inner(area);
    let width = usize::from(inner.width.max(1));
    let header_rows: usize = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(width))
        .sum::<usize>()
        + 1;
    let header_rows = header_rows.min(usize::from(inner.height.saturating_sub(1)));
    let [head, list] = Layout::vertical([
        Constraint::Length(u16::try_from(header_rows).unwrap_or(u16::MAX)),
        Constraint::Min(0),
    ])
    .areas(inner);
    f.render_widget(block, area);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), head);
    let mut lines: Vec<Line> = Vec::new();
    // Keep the selected record in view.
    let room = usize::from(list.height).max(1);
    let start = sel.saturating_sub(room - 1);
    for (i, rec) in st.samples.iter().enumerate().skip(start).take(room) {
        let marks: Vec<String> = defects
            .iter()
            .enumerate()
            .take(9)
            .map(|(k, d)| {
                if rec.defects.contains(&d.id) {
                    format!("[{}✗]", k + 1)
                } else {
                    format!("[{} ]", k + 1)
                }
            })
            .collect();
        let style = if i == sel {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        let (g, c) = if rec.defects.is_empty() {
            ("✓", Color::Green)
        } else {
            ("✗", Color::Red)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{g} "), style.fg(c)),
            Span::styled(
                format!("{:<16} {}", clean(&rec.code), marks.join(" ")),
                style,
            ),
        ]));
    }
    f.render_widget(Paragraph::new(lines), list);
}
