//! The conflicts pane: every conflicted field of the selected item with
//! its sides, who recorded each, on which device and when.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{clean, words};
use crate::store::FindingRow;
use crate::tui::app::{App, Inspection};

pub fn render(f: &mut Frame, app: &App, insp: &Inspection, sel: usize, side: usize, area: Rect) {
    let s = app.env.s;
    let Some(it) = insp.selected_item() else {
        return;
    };
    let block = Block::bordered()
        .title(format!(" {} — {} ", s.conflict_view, clean(&it.id)))
        .border_style(Style::new().fg(Color::Magenta));
    let empty = FindingRow::default();
    let st = &insp.row(&it.id).unwrap_or(&empty).state;
    if st.conflicts.is_empty() {
        f.render_widget(Paragraph::new(s.no_conflicts).block(block), area);
        return;
    }
    let lang = app.env.lang;
    let mut lines = Vec::new();
    for (ci, cf) in st.conflicts.iter().enumerate() {
        lines.push(Line::styled(
            format!(
                "{} {}",
                if ci == sel { "▶" } else { " " },
                clean(&words::field(it, lang, &cf.field))
            ),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        for (si, side_v) in cf.sides.iter().enumerate() {
            let chosen = ci == sel && si == side;
            let style = if chosen {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
            let letter = char::from(b'a' + (si.min(25) as u8));
            // A multi-line note keeps its lines, indented under the side.
            let text = words::value(s, it, lang, &cf.field, &side_v.value);
            for (li, line) in text
                .lines()
                .chain(text.is_empty().then_some(""))
                .enumerate()
            {
                let lead = if li == 0 {
                    format!("  {} {letter}: ", s.side)
                } else {
                    " ".repeat(s.side.chars().count() + 6)
                };
                lines.push(Line::styled(format!("{lead}{}", clean(line)), style));
            }
            lines.push(Line::styled(
                format!(
                    "     {} · {} {} · {}",
                    clean(&side_v.author),
                    s.device,
                    clean(&side_v.device),
                    super::home::date(Some(side_v.at_ms))
                ),
                Style::new().fg(Color::DarkGray),
            ));
        }
    }
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
