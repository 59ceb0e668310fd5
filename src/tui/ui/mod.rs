//! Render functions. They read the app state and never write to the store.

mod conflicts;
mod finish;
mod followup;
mod home;
mod inspection;
mod records;
mod samples;
mod words;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::app::{App, PromptKind, Screen};
use super::keymap::Binding;
use crate::core::lang::Lang;
use crate::core::text::sanitize_for_terminal;

pub use self::inspection::{detail_height, detail_lines, status_name};
pub use super::layout::{MIN_HEIGHT, MIN_WIDTH};

/// Draws the app. Reads the app only: whatever follows from a change (the
/// list's scroll, an editor's view) the app has done before.
pub fn render(f: &mut Frame, app: &App) {
    let area = f.area();
    let Some([body, status]) = super::layout::screen(area) else {
        too_small(f, app, area);
        return;
    };
    match &app.screen {
        Screen::Home(h) => home::render(f, app, h, body),
        Screen::Inspection(i) => inspection::render(f, app, i, body),
    }
    header_name(f, app, body);
    status_bar(f, app, status);
    if app.help {
        help(f, app, area);
    }
}

fn too_small(f: &mut Frame, app: &App, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let p = Paragraph::new(app.env.s.too_small)
        .wrap(Wrap { trim: true })
        .style(Style::new().fg(Color::Yellow));
    f.render_widget(p, area);
}

/// Data shown on screen: no control characters, no bidi tricks.
pub fn clean(s: &str) -> String {
    sanitize_for_terminal(s, false)
}

/// Who every change is credited to, at the right end of the screen's top
/// line: over the border there, never over a pane's title (on a narrow
/// screen the label goes first, then the whole name).
fn header_name(f: &mut Frame, app: &App, area: Rect) {
    if app.env.actor.inspector.is_empty() || area.height == 0 || area.width < 4 {
        return;
    }
    let name = clean(&app.env.actor.inspector);
    // The run of plain border at the top right, left of the corner.
    let buf = f.buffer_mut();
    let mut free: u16 = 0;
    let mut x = area.right() - 2;
    while x > area.x && buf[(x, area.y)].symbol() == "─" {
        free += 1;
        x -= 1;
    }
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let labelled = Line::from(vec![
        Span::raw(format!(" {}: ", app.env.s.inspector)),
        Span::styled(name.clone(), bold),
        Span::raw(" "),
    ]);
    let bare = Line::from(vec![
        Span::raw(" "),
        Span::styled(name, bold),
        Span::raw(" "),
    ]);
    let Some(line) = [labelled, bare]
        .into_iter()
        .find(|l| l.width() < usize::from(free))
    else {
        return;
    };
    let w = u16::try_from(line.width()).unwrap_or(u16::MAX);
    let r = Rect {
        x: area.right() - 1 - w,
        y: area.y,
        width: w,
        height: 1,
    };
    f.render_widget(Paragraph::new(line), r);
}

fn status_bar(f: &mut Frame, app: &App, area: Rect) {
    let s = app.env.s;
    if let Some(p) = &app.prompt {
        let label = match p.kind {
            PromptKind::Search => s.search,
            PromptKind::AddRecord => s.prompt_record,
            PromptKind::Population => s.prompt_population,
            PromptKind::Ratio => s.prompt_ratio,
            PromptKind::Evidence => s.prompt_evidence,
            PromptKind::ActionOverride => s.prompt_action,
            PromptKind::Deadline => s.prompt_deadline,
            PromptKind::UnitCode => s.prompt_unit_code,
            PromptKind::UnitName => s.prompt_unit_name,
            PromptKind::Inspector if p.required => s.prompt_inspector_first,
            PromptKind::Inspector => s.prompt_inspector,
            PromptKind::BulkNote => s.records.prompt_bulk_note,
            PromptKind::FinishReason => s.records.prompt_finish_reason,
            PromptKind::GroupRecord => s.prompt_record,
            PromptKind::GroupPopulation => s.prompt_population,
            PromptKind::UnitRename => s.unit.name,
            PromptKind::UnitKind => s.unit.kind_prompt,
            PromptKind::UnitProvince => s.unit.province,
            PromptKind::FollowupReason => s.followup.prompt_reason,
            PromptKind::FollowupDays => s.followup.prompt_days,
            PromptKind::ConclusionDate => s.followup.prompt_date,
        };
        let mut spans = Vec::new();
        if let Some(e) = &p.error {
            spans.push(Span::styled(
                format!(" {} ", clean(e)),
                Style::new().fg(Color::White).bg(Color::Red),
            ));
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(
            format!("{label}: "),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        // The text scrolls sideways to keep the cursor in view.
        let used: usize = spans.iter().map(Span::width).sum();
        let room = usize::from(area.width).saturating_sub(used);
        let (head, at, tail) = super::typing::window(&p.buf, p.cursor(), room);
        spans.push(Span::raw(clean(&head)));
        spans.push(match at {
            Some(c) => Span::styled(
                clean(&c.to_string()),
                Style::new().add_modifier(Modifier::REVERSED),
            ),
            None => Span::styled("█", Style::new().fg(Color::Gray)),
        });
        spans.push(Span::raw(clean(&tail)));
        // The default, dim, while nothing is typed: typing replaces it.
        if p.buf.is_empty() && !p.placeholder.is_empty() {
            spans.push(Span::styled(
                clean(&p.placeholder),
                Style::new().fg(Color::Gray).add_modifier(Modifier::DIM),
            ));
        }
        let line = Line::from(spans);
        f.render_widget(
            Paragraph::new(line).style(Style::new().bg(Color::Blue).fg(Color::White)),
            area,
        );
        return;
    }
    let hint = hint_line(app);
    let mut spans = Vec::new();
    if let Some((msg, err)) = &app.env.flash {
        let style = if *err {
            Style::new().fg(Color::White).bg(Color::Red)
        } else {
            Style::new().fg(Color::Black).bg(Color::Green)
        };
        spans.push(Span::styled(format!(" {} ", clean(msg)), style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(hint, Style::new().fg(Color::DarkGray)));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The key hints of the current screen, from the same table that handles
/// the keys: help first (the line may be cut on a narrow terminal), then
/// every binding but plain movement.
fn hint_line(app: &App) -> String {
    use super::keymap::Action;
    let lang = app.env.lang;
    let table = app.bindings();
    let help = table.iter().filter(|b| b.action == Action::Help);
    let rest = table.iter().filter(|b| {
        !matches!(
            b.action,
            Action::Help
                | Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Top
                | Action::Bottom
                | Action::DetailDown
                | Action::DetailUp
        )
    });
    keys_help(help.chain(rest), lang)
}

/// "key description · key description …" for the given bindings.
pub fn keys_help<'a>(bindings: impl Iterator<Item = &'a Binding>, lang: Lang) -> String {
    bindings
        .map(|b| format!("{} {}", b.label, b.describe(lang).to_lowercase()))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Every key the help lists: the screen's own, the one-line prompts',
/// those that work everywhere, and those of the help itself, each under
/// its heading. The app keeps its scroll within these lines.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    use super::keymap::{GENERAL, HELP, PROMPT};
    let s = app.env.s;
    let sections: [(&str, &[Binding]); 4] = [
        (s.help_screen, app.bindings()),
        (s.help_prompt, PROMPT),
        (s.help_general, GENERAL),
        (s.help_in_help, HELP),
    ];
    let mut lines = Vec::new();
    for (i, (title, table)) in sections.into_iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            title.to_owned(),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        for b in table {
            lines.push(Line::from(vec![
                Span::styled(format!("{:>10}  ", b.label), Style::new().fg(Color::Cyan)),
                Span::raw(b.describe(app.env.lang)),
            ]));
        }
    }
    lines
}

fn help(f: &mut Frame, app: &App, area: Rect) {
    let s = app.env.s;
    let lines = help_lines(app);
    let total = lines.len();
    let r = super::layout::help(area, total);
    let inner = r.height.saturating_sub(2);
    let scroll = app.help_scroll;
    let more = usize::from(scroll) + usize::from(inner) < total;
    let mut title = format!(" {} ", s.help_title);
    if scroll > 0 || more {
        title.push_str(&format!("({}) ", s.help_scroll_hint));
    }
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(title)
                    .title_bottom(format!(" {} ", s.help_close)),
            )
            .scroll((scroll, 0)),
        r,
    );
}
