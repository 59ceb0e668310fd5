//! What is missing before the inspection is finished: one row per gap,
//! the item and why, the selected row reversed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::clean;
use crate::ops::Gap;
use crate::tui::app::App;

pub fn render(f: &mut Frame, app: &App, gaps: &[Gap], sel: usize, area: Rect) {
    let s = app.env.s;
    let r = s.records;
    let block = Block::bordered()
        .title(format!(" {} ", r.finish_title))
        .border_style(Style::new().fg(Color::Green));
    let mut lines = Vec::with_capacity(gaps.len() + 2);
    if gaps.is_empty() {
        lines.push(Line::styled(
            r.no_gaps,
            Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
        ));
    } else {
        lines.push(Line::styled(
            format!("{}{}{}", r.gaps.0, gaps.len(), r.gaps.1),
            Style::new().add_modifier(Modifier::BOLD),
        ));
    }
    // The rows in view: from the first that still lets the selection show,
    // counting the rows each takes once wrapped.
    let width = usize::from(area.width.saturating_sub(2)).max(1);
    let header: usize = lines.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
    let room = usize::from(area.height.saturating_sub(2))
        .saturating_sub(header)
        .max(1);
    let rows: Vec<Line> = gaps
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let style = if i == sel {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
            Line::styled(
                format!(
                    "{} {}",
                    clean(&g.item_id),
                    crate::wording::describe_gap(&g.kind, app.env.lang)
                ),
                style,
            )
        })
        .collect();
    let height = |l: &Line| l.width().div_ceil(width).max(1);
    let mut first = sel.min(rows.len().saturating_sub(1));
    let mut used = rows.get(first).map_or(0, height);
    while first > 0 && used + height(&rows[first - 1]) <= room {
        first -= 1;
        used += height(&rows[first]);
    }
    lines.extend(rows.into_iter().skip(first));
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
