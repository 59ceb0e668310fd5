//! Where each part of the screen goes, computed from the terminal area
//! (and, on the inspection screen, the number of section gauges above the
//! item list). `ui` draws into these rectangles and the app hit-tests the
//! mouse and scrolls against the same ones, so the two cannot disagree.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Block;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// The body and the status bar below it, or `None` when the terminal is
/// too small to draw anything but a request to enlarge it.
pub fn screen(area: Rect) -> Option<[Rect; 2]> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    Some(Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area))
}

/// The inspection screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InspectionLayout {
    /// The framed left pane: gauges and item list.
    pub left: Rect,
    /// The right pane: detail, or an editor.
    pub right: Rect,
    /// One line under both panes: the filter and search in force, how many
    /// items show, how to clear them.
    pub filter_line: Rect,
    /// One line per section gauge shown.
    pub gauges: Rect,
    /// The item list, one line per section header or item.
    pub list: Rect,
}

/// The inspection screen inside `body`, for an inspection of `sections`
/// sections.
pub fn inspection(body: Rect, sections: usize) -> InspectionLayout {
    // The filter line spans the screen under both panes: wide enough for
    // the search, the filter, the count and how to clear them at 80 columns.
    let [panes, filter_line] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(body);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(panes);
    let inner = Block::bordered().inner(left);
    // Section gauges take at most a third of the pane.
    let n_gauges = u16::try_from(sections)
        .unwrap_or(u16::MAX)
        .min(inner.height / 3);
    let [gauges, list] =
        Layout::vertical([Constraint::Length(n_gauges), Constraint::Min(0)]).areas(inner);
    InspectionLayout {
        left,
        right,
        filter_line,
        gauges,
        list,
    }
}

/// The inspection screen on a terminal of `area`, if it is big enough.
pub fn inspection_screen(area: Rect, sections: usize) -> Option<InspectionLayout> {
    screen(area).map(|[body, _]| inspection(body, sections))
}

/// A pane split for an editor: what the text is about above, the framed
/// editor below.
pub fn editor_split(area: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(area)
}

/// Where the text of an editor framed in `frame` goes.
pub fn editor_text(frame: Rect) -> Rect {
    Block::bordered().inner(frame)
}

/// Where the text of the detail pane framed in `frame` goes.
pub fn detail_text(frame: Rect) -> Rect {
    Block::bordered().inner(frame)
}

/// The detail pane of the inspection screen in normal mode, or above an
/// open note editor.
pub fn detail(l: &InspectionLayout, note_open: bool) -> Rect {
    if note_open {
        editor_split(l.right)[0]
    } else {
        l.right
    }
}

/// The help box for `lines` lines of help: 60 columns wide at most, as
/// tall as its lines and its frame, within the terminal.
pub fn help(area: Rect, lines: usize) -> Rect {
    let h = u16::try_from(lines).unwrap_or(u16::MAX).saturating_add(2);
    let (w, h) = (area.width.min(60), h.min(area.height));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
