//! The inspection screen: items on the left, detail (or an editor) on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, LineGauge, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::clean;
use crate::core::checklist::{CheckKind, Deadline, Item};
use crate::core::finding::{FindingState, Status, inconsistency, suggested_status};
use crate::core::lang::Lang;
use crate::store::FindingRow;
use crate::tui::app::{App, Filter, Inspection, ListLine, Mode};
use crate::tui::keymap;
use crate::tui::layout;
use crate::tui::strings::Strings;

/// The mark of a finding in the list: its status; for an observation item
/// recorded by its note alone (done without a status), a dot.
pub fn glyph(status: Status, done: bool, conflict: bool) -> (&'static str, Color) {
    if conflict {
        return ("!", Color::Magenta);
    }
    match status {
        Status::Unchecked if done => ("●", Color::Cyan),
        Status::Unchecked => ("·", Color::DarkGray),
        Status::Pass => ("✓", Color::Green),
        Status::Partial => ("◐", Color::Yellow),
        Status::Fail => ("✗", Color::Red),
        Status::Na => ("–", Color::Blue),
    }
}

pub fn status_name(s: &Strings, st: Status) -> &'static str {
    let i = Status::ALL.iter().position(|x| *x == st).unwrap_or(0);
    s.status_names[i]
}

pub fn render(f: &mut Frame, app: &App, insp: &Inspection, area: Rect) {
    let s = app.env.s;
    let l = layout::inspection(area, insp.progress.len());
    let unit = if insp.unit_name.is_empty() {
        clean(&insp.info.unit_code)
    } else {
        format!("{} {}", clean(&insp.info.unit_code), clean(&insp.unit_name))
    };
    let title = format!(" {} · {} ", unit, clean(&insp.info.checklist_id));
    f.render_widget(Block::bordered().title(title), l.left);
    f.render_widget(Paragraph::new(filter_line(s, insp)), l.filter_line);
    let gauges = l.gauges;
    for (si, (checked, total)) in insp
        .progress
        .iter()
        .enumerate()
        .take(usize::from(gauges.height))
    {
        let ratio = if *total == 0 {
            0.0
        } else {
            *checked as f64 / *total as f64
        };
        let title = clean(insp.checklist.sections[si].title.get(app.env.lang));
        let g = LineGauge::default()
            .ratio(ratio)
            .label(format!("{checked}/{total} {title}"))
            .filled_style(Style::new().fg(Color::Green))
            .unfilled_style(Style::new().fg(Color::DarkGray));
        f.render_widget(
            g,
            Rect {
                y: gauges.y + si as u16,
                height: 1,
                ..gauges
            },
        );
    }
    item_list(f, app, insp, l.list);
    let right = l.right;
    match &insp.mode {
        Mode::Note(ta) => {
            let [detail, area] = layout::editor_split(right);
            detail_pane(f, app, insp, detail);
            let keys = keymap::NOTE_EDITOR;
            editor(f, app, s.note_editor, keys, Color::Cyan, ta, area);
        }
        Mode::Samples { sel } => super::samples::render(f, app, insp, *sel, right),
        Mode::Conflicts { sel, side } => super::conflicts::render(f, app, insp, *sel, *side, right),
        Mode::CombinedNote { sel, editor: ta } => {
            let [sides, area] = layout::editor_split(right);
            super::conflicts::render(f, app, insp, *sel, usize::MAX, sides);
            let keys = keymap::COMBINED_NOTE;
            editor(f, app, s.combined_note, keys, Color::Magenta, ta, area);
        }
        Mode::Normal => detail_pane(f, app, insp, right),
    }
}

/// What the list shows: the search and the filter in force, "7/11 mục",
/// and how to clear them; on its own line, so a long unit name never
/// pushes it out of sight.
fn filter_line(s: &Strings, insp: &Inspection) -> Line<'static> {
    let narrowed = !insp.search.is_empty() || insp.filter != Filter::All;
    let style = if narrowed {
        Style::new().fg(Color::Black).bg(Color::Yellow)
    } else {
        Style::new().fg(Color::DarkGray)
    };
    let mut parts = Vec::new();
    if !insp.search.is_empty() {
        parts.push(format!("{}: «{}»", s.search, clean(&insp.search)));
    }
    parts.push(format!(
        "{}: {}",
        s.filter,
        s.filter_names[insp.filter.index()]
    ));
    parts.push(format!(
        "{}/{} {}",
        insp.visible.len(),
        insp.items.len(),
        s.items_shown
    ));
    if !insp.search.is_empty() {
        parts.push(s.clear_search.to_owned());
    } else if insp.filter != Filter::All {
        parts.push(s.next_filter.to_owned());
    }
    Line::styled(format!(" {} ", parts.join(" · ")), style)
}

/// A text editor in a frame whose title names it and its keys.
fn editor(
    f: &mut Frame,
    app: &App,
    name: &str,
    keys: &[keymap::Binding],
    color: Color,
    ta: &TextArea<'static>,
    area: Rect,
) {
    let block = Block::bordered()
        .title(format!(
            " {name} — {} ",
            super::keys_help(keys.iter(), app.env.lang)
        ))
        .border_style(Style::new().fg(color));
    f.render_widget(block, area);
    // A copy: drawing the editor moves its view, and drawing changes
    // nothing (the app has already moved the view to the cursor).
    let copy = ta.clone();
    f.render_widget(&copy, layout::editor_text(area));
}

fn item_list(f: &mut Frame, app: &App, insp: &Inspection, area: Rect) {
    let h = usize::from(area.height);
    if h == 0 || area.width == 0 {
        return;
    }
    if insp.visible.is_empty() {
        f.render_widget(Paragraph::new(app.env.s.no_match), area);
        return;
    }
    // The app keeps the selection in view; on a frame of another size
    // than it knows, the same rule applies here. Only the lines in view
    // are built.
    let off = insp.list_offset(area.height);
    let end = (off + h).min(insp.lines.len());
    let lines: Vec<Line> = insp.lines[off..end]
        .iter()
        .map(|l| match *l {
            ListLine::Section(si) => Line::styled(
                clean(insp.checklist.sections[si].title.get(app.env.lang)),
                Style::new().add_modifier(Modifier::BOLD).fg(Color::Cyan),
            ),
            ListLine::Item(idx) => {
                let it = insp.item(idx);
                let row = insp.row(&it.id);
                let st = row.map(|r| r.state.status).unwrap_or_default();
                let done = row.is_some_and(|r| r.state.is_done(&it.kind));
                let conflict = row.is_some_and(|r| !r.state.conflicts.is_empty());
                let (g, c) = glyph(st, done, conflict);
                let selected = insp.selected() == Some(idx);
                let style = if selected {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                let note = if row.is_some_and(|r| !r.state.note.is_empty()) {
                    " ✎"
                } else {
                    ""
                };
                let mut spans = vec![Span::styled(format!(" {g} "), style.fg(c))];
                if row.is_some_and(|r| inconsistency(&it.kind, &r.state).is_some()) {
                    spans.push(Span::styled("⚠ ", style.fg(Color::Yellow)));
                }
                spans.push(Span::styled(
                    format!(
                        "{} {}{note}",
                        clean(&it.id),
                        clean(it.question.get(app.env.lang))
                    ),
                    style,
                ));
                Line::from(spans)
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), area);
}

fn deadline_text(s: &Strings, d: Deadline) -> String {
    match d {
        Deadline::Immediately => s.immediately.to_owned(),
        Deadline::WorkingDays(n) => format!("{n} {}", s.working_days),
    }
}

pub fn sample_summary(s: &Strings, st: &FindingState) -> String {
    let n = st.samples.len();
    let k = st.defective_count();
    let rate = if n == 0 {
        "–".to_owned()
    } else {
        format!("{:.0} %", k as f64 * 100.0 / n as f64)
    };
    format!(
        "{n} {} / {k} {} / {} {rate}",
        s.sampled, s.defective, s.rate
    )
}

fn heading(text: &str) -> Line<'static> {
    Line::styled(
        text.to_owned(),
        Style::new().add_modifier(Modifier::BOLD).fg(Color::Cyan),
    )
}

/// The detail pane: the selected item's lines, scrolled as the app keeps
/// them (`J`/`K`, the mouse wheel); the title says when more lies above or
/// below.
fn detail_pane(f: &mut Frame, app: &App, insp: &Inspection, area: Rect) {
    let s = app.env.s;
    let lines = detail_lines(s, app.env.lang, insp);
    let inner = layout::detail_text(area);
    let total = detail_height(&lines, inner.width);
    let scroll = insp.detail_scroll.min(total.saturating_sub(inner.height));
    let more_above = scroll > 0;
    let more_below = scroll + inner.height < total;
    let mut title = format!(" {} ", s.detail_title);
    if more_above || more_below {
        let arrows = match (more_above, more_below) {
            (true, true) => "↑↓",
            (true, false) => "↑",
            _ => "↓",
        };
        title.push_str(&format!("{arrows} {} ", s.detail_scroll_hint));
    }
    f.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(title))
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

/// How many rows `lines` take wrapped at `width`.
pub fn detail_height(lines: &[Line<'static>], width: u16) -> u16 {
    let n = Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(width);
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// What the detail pane shows for the selected item: status, question,
/// guidance, legal basis, what was recorded, the required action and the
/// conflicts.
pub fn detail_lines(s: &Strings, lang: Lang, insp: &Inspection) -> Vec<Line<'static>> {
    let Some(it) = insp.selected_item() else {
        return Vec::new();
    };
    let empty = FindingRow::default();
    let row = insp.row(&it.id).unwrap_or(&empty);
    let st = &row.state;
    let (g, c) = glyph(st.status, st.is_done(&it.kind), !st.conflicts.is_empty());
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{} ", clean(&it.id)),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!("{}: ", s.status)),
            Span::styled(
                format!("{g} {}", status_name(s, st.status)),
                Style::new().fg(c),
            ),
        ]),
        Line::raw(clean(it.question.get(lang))),
    ];
    if let Some(sug) = suggested_status(&it.kind, st) {
        lines.push(Line::styled(
            format!("{}: {}", s.suggested, status_name(s, sug)),
            Style::new().fg(Color::DarkGray),
        ));
    }
    if let Some(why) = inconsistency(&it.kind, st) {
        lines.push(Line::styled(
            format!("⚠ {}: {}", s.inconsistent, why.reason(lang)),
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        ));
    }
    lines.push(heading(s.guidance));
    lines.push(Line::raw(clean(it.guidance.get(lang))));
    lines.push(heading(s.legal_basis));
    for cit in &it.legal_basis {
        let mut spans = vec![Span::raw(format!("• {}", clean(&cit.display())))];
        if !cit.verified {
            spans.push(Span::styled(
                format!(" {}", s.unverified),
                Style::new().fg(Color::Yellow),
            ));
        }
        lines.push(Line::from(spans));
    }
    lines.push(heading(s.evidence_hint));
    lines.push(Line::raw(clean(it.evidence.get(lang))));
    lines.push(heading(s.note));
    for l in st.note.lines() {
        lines.push(Line::raw(clean(l)));
    }
    kind_lines(s, lang, it, st, &mut lines);
    if !st.evidence.is_empty() {
        lines.push(heading(s.evidence));
        for (_, e) in &st.evidence {
            lines.push(Line::raw(format!("• {}", clean(&e.display()))));
        }
    }
    if st.needs_action_shown() {
        let over = if st.action_override.is_some() {
            s.overridden
        } else {
            ""
        };
        lines.push(heading(s.action));
        lines.push(Line::raw(format!("{} {over}", clean(st.action(it, lang)))));
        let over = if st.deadline_override.is_some() {
            s.overridden
        } else {
            ""
        };
        lines.push(Line::raw(format!(
            "{}: {} {over}",
            s.deadline,
            deadline_text(s, st.deadline(it))
        )));
    }
    if !st.conflicts.is_empty() {
        lines.push(Line::styled(
            format!("{} ({}): c", s.conflicts, st.conflicts.len()),
            Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
        ));
        for cf in &st.conflicts {
            let vals: Vec<String> = cf
                .sides
                .iter()
                .map(|x| clean(&super::words::value(s, it, lang, &cf.field, &x.value)))
                .collect();
            lines.push(Line::raw(format!(
                "• {}: {}",
                clean(&super::words::field(it, lang, &cf.field)),
                vals.join(" ≠ ")
            )));
        }
    }
    lines
}

fn kind_lines(
    s: &Strings,
    lang: Lang,
    it: &Item,
    st: &FindingState,
    lines: &mut Vec<Line<'static>>,
) {
    match &it.kind {
        CheckKind::Sampled { .. } => {
            lines.push(heading(s.samples));
            lines.push(Line::raw(sample_summary(s, st)));
            if let Some(p) = &st.sampling {
                lines.push(Line::raw(format!(
                    "{}: {} · {} {}",
                    s.population, p.population, s.seed, p.seed
                )));
            }
        }
        CheckKind::Ratio(rule) => {
            lines.push(heading(s.ratio));
            let v = match st.ratio {
                Some(r) => format!(
                    "{}/{} = {}",
                    r.numerator,
                    r.denominator,
                    r.percent().map_or("–".into(), |p| lang.percent(p))
                ),
                None => "–".into(),
            };
            lines.push(Line::raw(format!(
                "{} / {}: {v} ({})",
                clean(rule.numerator.get(lang)),
                clean(rule.denominator.get(lang)),
                rule.threshold_text(lang)
            )));
        }
        CheckKind::YesNo | CheckKind::Observation => {}
    }
}

trait ShowAction {
    fn needs_action_shown(&self) -> bool;
}

impl ShowAction for FindingState {
    /// The action matters once something is failing, or was set by hand.
    fn needs_action_shown(&self) -> bool {
        self.status.needs_action()
            || self.action_override.is_some()
            || self.deadline_override.is_some()
    }
}
