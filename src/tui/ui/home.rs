//! Home: the inspections on this database, new inspection, team overview.

use std::collections::{BTreeMap, BTreeSet};

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{
    Block, Cell, Clear, List, ListItem, ListState, Paragraph, Row, Table, TableState,
};

use super::{centered, clean};
use crate::tui::app::{App, Home};

pub fn render(f: &mut Frame, app: &App, home: &Home, area: Rect) {
    if home.team {
        team(f, app, home, area);
    } else {
        table(f, app, home, area);
    }
    if let Some(sel) = home.picking {
        picker(f, app, sel, area);
    }
}

fn percent(app: &App, checklist: &str, checked: usize) -> String {
    let total = app
        .env
        .catalog
        .get(checklist)
        .map_or(0, |e| e.checklist.item_count());
    (checked * 100)
        .checked_div(total)
        .map_or_else(|| "–".into(), |p| format!("{p}%"))
}

pub fn date(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "–".into())
}

fn table(f: &mut Frame, app: &App, home: &Home, area: Rect) {
    let s = app.env.s;
    let block = Block::bordered().title(format!(" {} — {} ", s.app_title, s.home_title));
    if home.list.is_empty() {
        f.render_widget(Paragraph::new(s.home_empty).block(block), area);
        return;
    }
    let header = Row::new([
        s.col_unit,
        s.col_checklist,
        s.col_progress,
        s.col_last,
        s.col_inspectors,
        s.col_conflicts,
    ])
    .style(Style::new().add_modifier(Modifier::BOLD));
    let rows = home.list.iter().map(|i| {
        let unit = if i.unit_name.is_empty() {
            clean(&i.info.unit_code)
        } else {
            format!("{} {}", clean(&i.info.unit_code), clean(&i.unit_name))
        };
        let conflicts = if i.conflicts > 0 {
            format!("! {}", i.conflicts)
        } else {
            String::new()
        };
        Row::new([
            Cell::from(unit),
            Cell::from(clean(&i.info.checklist_id)),
            Cell::from(percent(app, &i.info.checklist_id, i.checked)),
            Cell::from(date(i.last_at_ms)),
            Cell::from(clean(&i.inspectors.join(", "))),
            Cell::from(conflicts).style(Style::new().fg(Color::Red)),
        ])
    });
    let widths = [
        Constraint::Fill(3),
        Constraint::Fill(1),
        Constraint::Length(8),
        Constraint::Length(17),
        Constraint::Fill(2),
        Constraint::Length(9),
    ];
    let t = Table::new(rows, widths)
        .header(header)
        .block(block)
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = TableState::default().with_selected(Some(home.sel));
    f.render_stateful_widget(t, area, &mut state);
}

/// Units × checklists: who recorded, how far, conflicts. Empty cells are
/// gaps; cells with several inspectors show double coverage.
fn team(f: &mut Frame, app: &App, home: &Home, area: Rect) {
    let s = app.env.s;
    let checklists: BTreeSet<&str> = home
        .list
        .iter()
        .map(|i| i.info.checklist_id.as_str())
        .collect();
    let checklists: Vec<&str> = checklists.into_iter().collect();
    let mut grid: BTreeMap<&str, BTreeMap<&str, String>> = BTreeMap::new();
    for i in &home.list {
        let mut cell = format!(
            "{} {}",
            percent(app, &i.info.checklist_id, i.checked),
            clean(&i.inspectors.join("+"))
        );
        if i.conflicts > 0 {
            cell.push_str(&format!(" !{}", i.conflicts));
        }
        let e = grid
            .entry(i.info.unit_code.as_str())
            .or_default()
            .entry(i.info.checklist_id.as_str())
            .or_default();
        // Two campaigns of the same pair: show both.
        if !e.is_empty() {
            e.push_str(" | ");
        }
        e.push_str(&cell);
    }
    let mut header = vec![Cell::from(s.col_unit)];
    header.extend(checklists.iter().map(|c| Cell::from(clean(c))));
    let rows = grid.iter().map(|(unit, cells)| {
        let mut r = vec![Cell::from(clean(unit))];
        r.extend(checklists.iter().map(|c| match cells.get(c) {
            Some(v) => Cell::from(v.clone()),
            None => Cell::from("—").style(Style::new().fg(Color::Yellow)),
        }));
        Row::new(r)
    });
    let mut widths = vec![Constraint::Length(16)];
    widths.extend(checklists.iter().map(|_| Constraint::Fill(1)));
    let t = Table::new(rows, widths)
        .header(Row::new(header).style(Style::new().add_modifier(Modifier::BOLD)))
        .block(Block::bordered().title(format!(" {} ", s.team_title)));
    f.render_widget(t, area);
}

fn picker(f: &mut Frame, app: &App, sel: usize, area: Rect) {
    let s = app.env.s;
    // As wide as the screen allows: checklist titles are long sentences.
    let rows = u16::try_from(app.env.catalog.entries.len()).unwrap_or(u16::MAX);
    let r = centered(
        area,
        area.width.saturating_sub(6).clamp(40, 120),
        rows.saturating_add(2)
            .clamp(3, area.height.saturating_sub(2).max(3)),
    );
    f.render_widget(Clear, r);
    let block = Block::bordered().title(format!(" {} ", s.pick_checklist));
    if app.env.catalog.entries.is_empty() {
        f.render_widget(Paragraph::new(Line::raw(s.no_checklists)).block(block), r);
        return;
    }
    let items: Vec<ListItem> = app
        .env
        .catalog
        .entries
        .iter()
        .map(|(id, e)| {
            ListItem::new(format!(
                "{} — {}",
                clean(id),
                clean(e.checklist.title.get(app.env.lang))
            ))
        })
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut st = ListState::default().with_selected(Some(sel));
    f.render_stateful_widget(list, r, &mut st);
}
