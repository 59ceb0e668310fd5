//! A unit's follow-up: the counts, one row per item to remedy (item,
//! required action, deadline, working days left or overdue, state, and on
//! a wide terminal the unit's report), and the selected item in full below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::clean;
use crate::core::followup::{ConclusionSource, Outcome, State};
use crate::ops::followup::{FollowupItem, tallies};
use crate::tui::app::{App, FollowupView};
use crate::tui::strings::FollowupStrings;

/// From this width on, the unit's report has a column of its own.
const WIDE: u16 = 110;

fn state_word(f: &FollowupStrings, s: State) -> &'static str {
    match s {
        State::Open => f.states[0],
        State::Reported => f.states[1],
        State::NotAccepted => f.states[2],
        State::Verified => f.states[3],
    }
}

fn state_style(i: &FollowupItem) -> Style {
    match i.state {
        State::Verified => Style::new().fg(Color::Green),
        State::Reported => Style::new().fg(Color::Cyan),
        _ if i.overdue => Style::new().fg(Color::Red),
        _ => Style::new().fg(Color::Yellow),
    }
}

/// Working days left, overdue, or due today; blank once the unit has
/// nothing left to do.
fn days_word(f: &FollowupStrings, left: Option<i64>) -> String {
    match left {
        None => String::new(),
        Some(0) => f.due_today.to_owned(),
        Some(d) if d < 0 => format!("{}{}", f.over, -d),
        Some(d) => format!("{}{d}", f.left),
    }
}

pub fn render(f: &mut Frame, app: &App, view: &FollowupView, area: Rect) {
    let s = app.env.s.followup;
    let who = if view.unit_name.trim().is_empty() {
        clean(&view.unit)
    } else {
        format!("{} {}", clean(&view.unit), clean(&view.unit_name))
    };
    let block = Block::bordered()
        .title(format!(
            " {}{who} ({} {}) ",
            s.title,
            s.campaign,
            clean(&view.campaign)
        ))
        .border_style(Style::new().fg(Color::Green));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let detail_rows = if inner.height >= 14 { 6 } else { 4 };
    let [head, list, detail] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(detail_rows),
    ])
    .areas(inner);
    summary(f, app, view, head);
    if view.items.is_empty() {
        f.render_widget(
            Paragraph::new(s.empty).style(Style::new().fg(Color::Green)),
            list,
        );
        return;
    }
    table(f, app, view, list);
    if let Some(item) = view.selected() {
        item_detail(f, app, item, detail);
    }
}

/// The conclusion date (and whether it is recorded), the day counted to,
/// and the counts.
fn summary(f: &mut Frame, app: &App, view: &FollowupView, area: Rect) {
    let s = app.env.s.followup;
    let source = match view.source {
        _ if view.disputed => s.disputed,
        ConclusionSource::Stored => s.stored,
        _ => s.not_stored,
    };
    let date_style = if view.source == ConclusionSource::Stored && !view.disputed {
        Style::new()
    } else {
        Style::new().fg(Color::Yellow)
    };
    let t = tallies(&view.items)
        .get(&(view.campaign.clone(), view.unit.clone()))
        .copied()
        .unwrap_or_default();
    let counts = [t.open, t.overdue, t.reported, t.verified, t.not_accepted]
        .iter()
        .zip(s.counts)
        .map(|(n, w)| format!("{n} {w}"))
        .collect::<Vec<_>>()
        .join(", ");
    let lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{} {}", s.conclusion, view.conclusion.format("%d/%m/%Y")),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!(" ({source})"), date_style),
            Span::raw(format!(" · {} {}", s.as_of, view.as_of.format("%d/%m/%Y"))),
        ]),
        Line::raw(counts),
    ];
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn table(f: &mut Frame, app: &App, view: &FollowupView, area: Rect) {
    let s = app.env.s.followup;
    let wide = area.width >= WIDE;
    let mut header = vec![
        Cell::from(s.col_item),
        Cell::from(s.col_action),
        Cell::from(s.col_due),
        Cell::from(s.col_left),
        Cell::from(s.col_state),
    ];
    if wide {
        header.push(Cell::from(s.col_reported));
    }
    let rows = view.items.iter().map(|i| {
        let mut cells = vec![
            Cell::from(clean(&i.item)),
            Cell::from(clean(&i.action)),
            Cell::from(i.due.format("%d/%m/%Y").to_string()),
            Cell::from(days_word(s, i.working_days_left)).style(if i.overdue {
                Style::new().fg(Color::Red)
            } else {
                Style::new()
            }),
            Cell::from(format!(
                "{}{}",
                if i.conflict { "! " } else { "" },
                state_word(s, i.state)
            ))
            .style(state_style(i)),
        ];
        if wide {
            cells.push(Cell::from(i.reported.as_ref().map_or(String::new(), |r| {
                format!("{} {}", r.done_on.format("%d/%m/%Y"), clean(&r.action))
            })));
        }
        Row::new(cells)
    });
    let mut widths = vec![
        Constraint::Length(8),
        Constraint::Fill(2),
        Constraint::Length(10),
        Constraint::Length(9),
        Constraint::Length(15),
    ];
    if wide {
        widths.push(Constraint::Fill(2));
    }
    let t = Table::new(rows, widths)
        .header(Row::new(header).style(Style::new().add_modifier(Modifier::BOLD)))
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
        .highlight_symbol("▶")
        .column_spacing(1);
    let mut st = TableState::default().with_selected(Some(view.sel));
    f.render_stateful_widget(t, area, &mut st);
}

/// The selected item in full: what was found and asked, the unit's
/// report-back (when, what, by whom) and the team's verdict.
fn item_detail(f: &mut Frame, app: &App, i: &FollowupItem, area: Rect) {
    let s = app.env.s.followup;
    let dim = Style::new().fg(Color::DarkGray);
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("{} {} ", clean(&i.checklist), clean(&i.item)),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::raw(clean(&i.action)),
    ])];
    match &i.reported {
        Some(r) => {
            let mut text = format!(
                "{}{}: {}",
                s.reported,
                r.done_on.format("%d/%m/%Y"),
                clean(&r.action)
            );
            if !r.evidence_ref.is_empty() {
                text.push_str(&format!(" ({})", clean(&r.evidence_ref)));
            }
            lines.push(Line::from(vec![
                Span::raw(text),
                Span::styled(format!(" — {}", clean(&r.by)), dim),
            ]));
        }
        None => lines.push(Line::styled(s.not_reported, dim)),
    }
    if let Some(v) = &i.verdict {
        let on = v.on.format("%d/%m/%Y");
        let line = match v.outcome {
            Outcome::Verified => Line::styled(
                format!("{}{on}", s.verified_on),
                Style::new().fg(Color::Green),
            ),
            Outcome::NotAccepted => {
                let mut text = format!("{}{on}: {}", s.refused_on, clean(&v.reason));
                if let Some(d) = v.new_due {
                    text.push_str(&format!(" — {}{}", s.new_due, d.format("%d/%m/%Y")));
                }
                Line::styled(text, Style::new().fg(Color::Yellow))
            }
        };
        lines.push(line);
    }
    if i.conflict {
        lines.push(Line::styled(s.conflict, Style::new().fg(Color::Red)));
    }
    f.render_widget(
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(format!(" {} ", s.detail_title))
                    .border_style(dim),
            )
            .wrap(Wrap { trim: false }),
        area,
    );
}
