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
    /// One line per section gauge shown.
    pub gauges: Rect,
    /// The item list, one line per section header or item.
    pub list: Rect,
}

/// The inspection screen inside `body`, for an inspection of `sections`
/// sections.
pub fn inspection(body: Rect, sections: usize) -> InspectionLayout {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
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
