//! Home: the inspections on this database, new inspection, team overview.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Cell, Clear, List, ListItem, ListState, Paragraph, Row, Table, TableState, Wrap,
};

use super::{centered, clean};
use crate::core::checklist::UnitKind;
use crate::core::register::{Field, FinishState, Value};
use crate::ops::Removal;
use crate::store::InspectionSummary;
use crate::tui::app::{
    App, Home, PromptKind, TEAM_UNIT_WIDTH, TeamCursor, TeamGrid, UnitPanel, target_name,
    team_columns_fitting,
};

pub fn render(f: &mut Frame, app: &App, home: &Home, area: Rect) {
    match (&home.followup, &home.team) {
        (Some(view), _) => super::followup::render(f, app, view, area),
        (None, Some(cursor)) => team(f, app, home, *cursor, area),
        (None, None) => table(f, app, home, area),
    }
    if let Some(sel) = home.picking {
        picker(f, app, sel, area);
    }
    if let Some(panel) = &home.unit {
        unit_panel(f, app, panel, area);
    }
    if let Some(asked) = &home.confirm {
        confirm(f, app, &asked.0, asked.1, area);
    }
}

/// Progress, and beside it whether the inspection is finished or was and
/// has been re-opened since.
fn progress(app: &App, home: &Home, i: &InspectionSummary) -> String {
    let p = percent(app, &i.info.checklist_id, i.checked);
    let r = app.env.s.records;
    match home.finished.get(&i.info.id) {
        Some(FinishState::Finished { .. }) => format!("{p} {}", r.state_finished),
        Some(FinishState::Reopened { .. }) => format!("{p} {}", r.state_reopened),
        _ => p,
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
    let (title, empty) = if home.removed {
        (s.removal.removed_title, s.removal.removed_empty)
    } else {
        (s.home_title, s.home_empty)
    };
    let block = Block::bordered().title(format!(" {} — {title} ", s.app_title));
    if home.list.is_empty() {
        f.render_widget(Paragraph::new(empty).block(block), area);
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
            Cell::from(progress(app, home, i)),
            Cell::from(date(i.last_at_ms)),
            Cell::from(clean(&i.inspectors.join(", "))),
            Cell::from(conflicts).style(Style::new().fg(Color::Red)),
        ])
    });
    let widths = [
        Constraint::Fill(3),
        Constraint::Fill(1),
        // "100% ↺ mở lại": a finished or re-opened inspection says so.
        Constraint::Length(13),
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
/// gaps; cells with several inspectors show double coverage. The
/// selected cell is shown reversed; the checklist columns scroll
/// sideways when they do not all fit.
fn team(f: &mut Frame, app: &App, home: &Home, cursor: TeamCursor, area: Rect) {
    let s = app.env.s;
    let grid = TeamGrid::of(&home.list);
    let n = team_columns_fitting(area).min(grid.checklists.len().max(1));
    let first = cursor
        .first_col
        .min(grid.checklists.len().saturating_sub(n));
    let shown: Vec<usize> = (first..grid.checklists.len()).take(n).collect();
    let inner = area.width.saturating_sub(2 + TEAM_UNIT_WIDTH + 1);
    let col_width = usize::from(inner / u16::try_from(n.max(1)).unwrap_or(1)).saturating_sub(1);
    let mut header = vec![Cell::from(format!(" {}", s.col_unit))];
    header.extend(shown.iter().map(|&c| Cell::from(clean(grid.checklists[c]))));
    let selected = Style::new().add_modifier(Modifier::REVERSED);
    let rows = grid.units.iter().enumerate().map(|(r, unit)| {
        let unit_style = if r == cursor.row {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        // A marker beside the selected row, so the selection shows on a
        // terminal without reverse video too.
        let mark = if r == cursor.row { "▶" } else { " " };
        let mut cells = vec![Cell::from(format!("{mark}{}", clean(unit))).style(unit_style)];
        cells.extend(shown.iter().map(|&c| {
            let cell = match grid.cells.get(&(r, c)) {
                Some(list) => Cell::from(team_cell(app, home, list, col_width)),
                None => Cell::from("—").style(Style::new().fg(Color::Yellow)),
            };
            if (r, c) == (cursor.row, cursor.col) {
                cell.style(selected)
            } else {
                cell
            }
        }));
        Row::new(cells)
    });
    let mut widths = vec![Constraint::Length(TEAM_UNIT_WIDTH)];
    widths.extend(shown.iter().map(|_| Constraint::Fill(1)));
    // Which columns are shown, when not all are.
    let title = if shown.len() < grid.checklists.len() {
        format!(
            " {} {}{}–{}/{}{} ",
            s.team_title,
            if first > 0 { "◀ " } else { "" },
            first + 1,
            first + shown.len(),
            grid.checklists.len(),
            if first + shown.len() < grid.checklists.len() {
                " ▶"
            } else {
                ""
            }
        )
    } else {
        format!(" {} ", s.team_title)
    };
    let t = Table::new(rows, widths)
        .header(Row::new(header).style(Style::new().add_modifier(Modifier::BOLD)))
        .block(Block::bordered().title(title));
    let mut state = TableState::default().with_selected(Some(cursor.row));
    f.render_stateful_widget(t, area, &mut state);
}

/// One cell of the team overview in at most `width` columns: progress,
/// who recorded (names shortened when the full ones do not fit), and
/// conflicts. Two campaigns of the same pair: both, separated by `|`.
fn team_cell(app: &App, home: &Home, list: &[&InspectionSummary], width: usize) -> String {
    let render = |short: Shorten| {
        list.iter()
            .map(|i| {
                let names: Vec<String> = i
                    .inspectors
                    .iter()
                    .map(|n| match short {
                        Shorten::No => clean(n),
                        Shorten::Initials => short_name(&clean(n)),
                        Shorten::GivenName => given_name(&clean(n)),
                    })
                    .collect();
                let mut cell = format!("{} {}", progress(app, home, i), names.join("+"));
                if i.conflicts > 0 {
                    cell.push_str(&format!(" !{}", i.conflicts));
                }
                cell
            })
            .collect::<Vec<_>>()
            .join(" | ")
    };
    [Shorten::No, Shorten::Initials]
        .into_iter()
        .map(render)
        .find(|c| Line::raw(c.as_str()).width() <= width)
        .unwrap_or_else(|| render(Shorten::GivenName))
}

#[derive(Clone, Copy)]
enum Shorten {
    No,
    Initials,
    GivenName,
}

/// A Vietnamese name shortened the way Vietnamese readers expect:
/// the family name comes first and the given name last, and people are
/// known by the given name, so the given name stays whole and the
/// family and middle names become initials: "Lê Thanh Hùng" → "L.T. Hùng",
/// "Nguyễn Văn An" → "N.V. An". A one-word name stays as it is.
pub fn short_name(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some((given, rest)) = words.split_last() else {
        return String::new();
    };
    if rest.is_empty() {
        return (*given).to_owned();
    }
    let initials: String = rest
        .iter()
        .filter_map(|w| w.chars().next())
        .flat_map(|c| [c, '.'])
        .collect();
    format!("{initials} {given}")
}

/// The given name alone (the last word), for the narrowest cells.
fn given_name(name: &str) -> String {
    name.split_whitespace()
        .last()
        .unwrap_or_default()
        .to_owned()
}

/// The unit details panel: each field with its value, the sides of a
/// field in conflict with who wrote them, and the kinds by number while
/// the kind is being typed.
fn unit_panel(f: &mut Frame, app: &App, panel: &UnitPanel, area: Rect) {
    let s = app.env.s;
    let u = s.unit;
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines: Vec<Line> = Vec::new();
    for (i, field) in panel.fields.iter().enumerate() {
        let label = match field.field {
            Field::UnitKind => u.kind,
            Field::UnitProvince => u.province,
            _ => u.name,
        };
        let value = |raw: &crate::core::finding::RawValue| match Value::decode(&field.field, raw) {
            Ok(Value::Text(t)) => clean(&t),
            Ok(Value::UnitKind(k)) => k.label(app.env.lang).to_owned(),
            _ => u.not_set.to_owned(),
        };
        let current = field
            .sides
            .first()
            .map_or_else(|| u.not_set.to_owned(), |side| value(&side.value));
        let marker = if i == panel.sel { "▶ " } else { "  " };
        let row_style = if i == panel.sel {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        if field.in_conflict() {
            lines.push(Line::from(vec![
                Span::raw(marker),
                Span::styled(format!("{label}: "), bold),
                Span::styled(format!("! {}", u.in_conflict), Style::new().fg(Color::Red)),
            ]));
            for (k, side) in field.sides.iter().enumerate() {
                let chosen = i == panel.sel && k == panel.side;
                let style = if chosen { row_style } else { Style::new() };
                lines.push(Line::from(vec![
                    Span::raw(if chosen { "    ● " } else { "    ○ " }),
                    Span::styled(value(&side.value), style),
                    Span::styled(
                        format!("  — {}, {}", clean(&side.author), date(Some(side.at_ms))),
                        Style::new().fg(Color::DarkGray),
                    ),
                ]));
            }
        } else {
            lines.push(Line::from(vec![
                Span::raw(marker),
                Span::styled(format!("{label}: "), bold),
                Span::styled(current, row_style),
            ]));
        }
        if field.field == Field::UnitKind
            && app
                .prompt
                .as_ref()
                .is_some_and(|p| p.kind == PromptKind::UnitKind)
        {
            for (n, k) in UnitKind::ALL.iter().enumerate() {
                lines.push(Line::styled(
                    format!("    {} {}", n + 1, k.label(app.env.lang)),
                    Style::new().fg(Color::Cyan),
                ));
            }
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(u.keys, Style::new().fg(Color::DarkGray)));
    let h = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let r = centered(area, area.width.saturating_sub(4).min(76), h);
    f.render_widget(Clear, r);
    let title = format!(" {} {} ", u.title, clean(&panel.code));
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(title)),
        r,
    );
}

/// The question before a removal or a restore.
fn confirm(f: &mut Frame, app: &App, target: &InspectionSummary, how: Removal, area: Rect) {
    let r = app.env.s.removal;
    let ask = match how {
        Removal::Remove => r.confirm_remove,
        Removal::Restore => r.confirm_restore,
    };
    let text = format!("{ask}{}{}", target_name(target), r.yes_no);
    let w = u16::try_from(Line::raw(text.as_str()).width())
        .unwrap_or(u16::MAX)
        .saturating_add(4);
    let width = w.min(area.width.saturating_sub(2));
    let lines = if w > width { 2 } else { 1 };
    let b = centered(area, width, lines + 2);
    f.render_widget(Clear, b);
    f.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .style(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD))
            .block(Block::bordered()),
        b,
    );
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The given name (last) stays whole; the family and middle names
    /// (first) become initials.
    #[test]
    fn vietnamese_names_keep_the_given_name() {
        assert_eq!(short_name("Lê Thanh Hùng"), "L.T. Hùng");
        assert_eq!(short_name("Nguyễn Văn An"), "N.V. An");
        assert_eq!(short_name("Đặng Thị Ánh Tuyết"), "Đ.T.Á. Tuyết");
        assert_eq!(short_name("  Trần   Bình "), "T. Bình");
        assert_eq!(short_name("Hùng"), "Hùng");
        assert_eq!(short_name(""), "");
        assert_eq!(given_name("Lê Thanh Hùng"), "Hùng");
    }
}
