//! App state and key handling. Every change goes through `ops`; the screen
//! shows a change only after `ops` has committed it.
//!
//! `mod.rs` holds what every screen shares and dispatches events; each
//! screen's state and keys live in their own file.

mod conflicts;
mod edit;
mod finish;
mod followup;
mod home;
mod inspection;
mod prompt;
mod records;
mod samples;

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;

use self::conflicts::combined_note_key;
use self::edit::save_note;
pub use self::followup::FollowupView;
pub use self::home::{
    Home, TEAM_MIN_COLUMN, TEAM_UNIT_WIDTH, TeamCursor, TeamGrid, UnitPanel, target_name,
    team_columns_fitting,
};
pub use self::inspection::{Filter, Inspection, ListLine, Mode};
pub use self::prompt::{Prompt, PromptKind};
pub use self::records::{RecordLine, group_items, record_lines, records_of};
use super::keymap::{self, Action, Binding};
use super::layout;
use super::strings::{Strings, strings};
use crate::catalog::Catalog;
use crate::core::lang::Lang;
use crate::ops::{self, Actor, OpsError};
use crate::store::{InspectionInfo, Store};

/// The preference that says whether a status key moves to the next item.
pub const ADVANCE: &str = "advance";

/// How long after the last keystroke a note is saved.
pub const NOTE_AUTOSAVE: Duration = Duration::from_secs(1);

pub enum Screen {
    Home(Home),
    Inspection(Box<Inspection>),
}

/// What every screen shares: the store and who is recording.
pub struct Env {
    pub store: Store,
    pub catalog: Catalog,
    pub actor: Actor,
    pub lang: Lang,
    pub s: &'static Strings,
    /// A transient message and whether it is an error.
    pub flash: Option<(String, bool)>,
    /// Undo and redo steps of each inspection opened while the app runs,
    /// by inspection id: leaving an inspection and coming back keeps them.
    history: std::collections::HashMap<String, History>,
    /// Whether a status key moves on to the next item (a preference kept
    /// on this device, on unless turned off: paper checklists are worked
    /// top to bottom).
    pub advance: bool,
    /// The day the follow-up counts working days to; none: today.
    pub today: Option<chrono::NaiveDate>,
}

/// One inspection's undo and redo steps, each the edits that restore
/// every item it changed.
#[derive(Default)]
pub(super) struct History {
    pub(super) undo: Vec<edit::Step>,
    pub(super) redo: Vec<edit::Step>,
}

pub struct App {
    pub env: Env,
    pub screen: Screen,
    pub prompt: Option<Prompt>,
    pub help: bool,
    /// First line of the help shown (kept within it by [`App::follow`]).
    pub help_scroll: u16,
    pub quit: bool,
    /// Whether `Esc` on the inspection screen may go back to Home.
    pub has_home: bool,
    /// The inspection to open once the first run's name is given (the
    /// `inspect` command without a known name): checklist and unit.
    pending: Option<(String, ops::UnitInput)>,
    /// The terminal's area as last reported by [`App::resize`]: what the
    /// list scrolls and the mouse is hit-tested against.
    area: Rect,
    /// A note could not be saved and the footer asked: pressed again at
    /// once, this key gives the note up. Any other key keeps it.
    unsaved_asked: Option<Unsaved>,
}

/// What pressing the key again does with a note that could not be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unsaved {
    /// Esc: discard it and leave the editor.
    Discard,
    /// Ctrl+C: quit without it.
    Quit,
}

impl Env {
    fn new(store: Store, catalog: Catalog, actor: Actor, lang: Lang) -> Env {
        let advance = store.preference(ADVANCE).ok().flatten().as_deref() != Some("off");
        Env {
            store,
            catalog,
            actor,
            lang,
            s: strings(lang),
            flash: None,
            history: Default::default(),
            advance,
            today: None,
        }
    }

    pub(super) fn history_of(&mut self, inspection: &str) -> &mut History {
        self.history.entry(inspection.to_owned()).or_default()
    }

    fn ok(&mut self, msg: &str) {
        self.flash = Some((msg.to_owned(), false));
    }
    fn fail(&mut self, msg: impl Into<String>) {
        self.flash = Some((msg.into(), true));
    }
    /// Shows what an operation refused, in the interface language.
    fn error(&mut self, e: &OpsError) {
        self.fail(crate::wording::describe(e, self.lang));
    }
}

impl App {
    pub fn new(store: Store, catalog: Catalog, actor: Actor, lang: Lang) -> App {
        let mut app = App {
            env: Env::new(store, catalog, actor, lang),
            screen: Screen::Home(Home::empty()),
            prompt: None,
            help: false,
            help_scroll: 0,
            quit: false,
            has_home: true,
            pending: None,
            area: Rect::default(),
            unsaved_asked: None,
        };
        app.reload_home();
        app
    }

    /// The first run on this database, no inspector name known: Home
    /// behind a prompt asking the name before anything else can be done.
    /// `then`: the inspection to open once it is given (checklist, unit).
    pub fn asking_name(
        store: Store,
        catalog: Catalog,
        campaign: String,
        lang: Lang,
        then: Option<(String, ops::UnitInput)>,
    ) -> App {
        let actor = Actor {
            inspector: String::new(),
            campaign,
        };
        let mut app = App::new(store, catalog, actor, lang);
        app.has_home = then.is_none();
        app.pending = then;
        app.prompt = Some(Prompt {
            required: true,
            ..Prompt::new(PromptKind::Inspector)
        });
        app
    }

    /// Opens straight into one inspection (the `inspect` command).
    pub fn with_inspection(
        store: Store,
        catalog: Catalog,
        actor: Actor,
        lang: Lang,
        info: InspectionInfo,
    ) -> ops::Result<App> {
        let insp = Inspection::open(&store, &catalog, info)?;
        Ok(App {
            env: Env::new(store, catalog, actor, lang),
            screen: Screen::Inspection(Box::new(insp)),
            prompt: None,
            help: false,
            help_scroll: 0,
            quit: false,
            has_home: false,
            pending: None,
            area: Rect::default(),
            unsaved_asked: None,
        })
    }

    /// The key table of what is on screen, for dispatch and help.
    pub fn bindings(&self) -> &'static [Binding] {
        match &self.screen {
            Screen::Home(h) => h.bindings(),
            Screen::Inspection(i) => match i.mode {
                Mode::Samples { .. } => keymap::SAMPLES,
                Mode::Conflicts { .. } => keymap::CONFLICTS,
                Mode::Finish { .. } => keymap::FINISH,
                Mode::Records { .. } => keymap::RECORDS,
                Mode::Note(_) => keymap::NOTE_EDITOR,
                Mode::CombinedNote { .. } => keymap::COMBINED_NOTE,
                Mode::Normal => keymap::INSPECTION,
            },
        }
    }

    /// The terminal's area: called before drawing and when the terminal
    /// is resized. The views follow (see [`App::follow`]).
    pub fn resize(&mut self, area: Rect) {
        self.area = area;
        self.follow();
    }

    /// Whether the terminal, as last reported, is too small to show the
    /// screen (before any report, nothing is known to be hidden).
    fn too_small(&self) -> bool {
        self.area != Rect::default() && layout::screen(self.area).is_none()
    }

    /// The terminal's area as last given to [`App::resize`].
    pub fn area(&self) -> Rect {
        self.area
    }

    fn open_help(&mut self) {
        self.help = true;
        self.help_scroll = 0;
    }

    fn scroll_help(&mut self, rows: i32) {
        let to = i32::from(self.help_scroll) + rows;
        self.help_scroll = u16::try_from(to.max(0)).unwrap_or(u16::MAX);
    }

    /// Brings the views in line with the state after a change, for the
    /// terminal's area: the item list scrolled to show the selection, and
    /// an open editor's view moved to its cursor. Drawing then only reads.
    fn follow(&mut self) {
        if self.help {
            let lines = super::ui::help_lines(self).len();
            let inner = layout::help(self.area, lines).height.saturating_sub(2);
            let lines = u16::try_from(lines).unwrap_or(u16::MAX);
            self.help_scroll = self.help_scroll.min(lines.saturating_sub(inner));
        }
        let insp = match &mut self.screen {
            Screen::Inspection(insp) => insp,
            Screen::Home(home) => return home.follow(self.area),
        };
        let Some(l) = layout::inspection_screen(self.area, insp.progress.len()) else {
            return;
        };
        insp.scroll_to_selection(l.list.height);
        // The detail pane: from the top for a new selection, never
        // scrolled past its text.
        if insp.detail_of != insp.selected() {
            insp.detail_of = insp.selected();
            insp.detail_scroll = 0;
        }
        let pane = layout::detail_text(layout::detail(&l, matches!(insp.mode, Mode::Note(_))));
        let rows = super::ui::detail_height(
            &super::ui::detail_lines(self.env.s, self.env.lang, insp),
            pane.width,
        );
        insp.detail_scroll = insp.detail_scroll.min(rows.saturating_sub(pane.height));
        if let Mode::Note(ta) | Mode::CombinedNote { editor: ta, .. } = &mut insp.mode {
            let [_, frame] = layout::editor_split(l.right);
            follow_cursor(ta, layout::editor_text(frame));
        }
    }

    /// Time passed: saves a note whose last keystroke is older than
    /// `NOTE_AUTOSAVE`. Returns whether anything changed.
    pub fn tick(&mut self, now: Instant) -> bool {
        if let Screen::Inspection(insp) = &mut self.screen
            && insp
                .note_dirty
                .is_some_and(|t| now.duration_since(t) >= NOTE_AUTOSAVE)
        {
            let _ = save_note(&mut self.env, insp);
            self.follow();
            return true;
        }
        false
    }

    /// Housekeeping for idle moments: moves the write-ahead log into the
    /// database file, so no save has to pay for it.
    pub fn idle(&self) {
        let _ = self.env.store.checkpoint();
    }

    /// Saves anything pending; called before quitting or on a signal.
    /// Returns false when a note could not be saved (it is still in the
    /// editor).
    pub fn flush(&mut self) -> bool {
        if let Screen::Inspection(insp) = &mut self.screen
            && insp.note_dirty.is_some()
        {
            return save_note(&mut self.env, insp);
        }
        true
    }

    pub fn handle_paste(&mut self, text: &str) {
        if self.too_small() {
            return;
        }
        self.paste(text);
        self.follow();
    }

    pub fn handle_mouse(&mut self, m: MouseEvent) {
        self.mouse(m);
        self.follow();
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        self.key(key);
        self.follow();
    }

    fn paste(&mut self, text: &str) {
        if let Some(p) = &mut self.prompt {
            p.type_text(&text.replace(['\r', '\n'], " "));
            return;
        }
        if let Screen::Inspection(insp) = &mut self.screen {
            // Terminals send CR for newlines in pastes.
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            match &mut insp.mode {
                Mode::Note(ta) => {
                    ta.insert_str(crate::core::text::nfc(&text));
                    insp.note_dirty = Some(Instant::now());
                }
                Mode::CombinedNote { editor, .. } => {
                    editor.insert_str(crate::core::text::nfc(&text));
                }
                _ => {}
            }
        }
    }

    fn mouse(&mut self, m: MouseEvent) {
        let Screen::Inspection(insp) = &mut self.screen else {
            return;
        };
        if !matches!(insp.mode, Mode::Normal) || self.prompt.is_some() || self.help {
            return;
        }
        let over_detail = layout::inspection_screen(self.area, insp.progress.len())
            .is_some_and(|l| l.right.contains(Position::new(m.column, m.row)));
        match m.kind {
            MouseEventKind::ScrollDown if over_detail => insp.scroll_detail(3),
            MouseEventKind::ScrollUp if over_detail => insp.scroll_detail(-3),
            MouseEventKind::ScrollDown => insp.move_by(3),
            MouseEventKind::ScrollUp => insp.move_by(-3),
            MouseEventKind::Down(MouseButton::Left) => {
                let Some(l) = layout::inspection_screen(self.area, insp.progress.len()) else {
                    return;
                };
                let a = l.list;
                if a.contains(Position::new(m.column, m.row)) {
                    let line = insp.list_offset(a.height) + usize::from(m.row - a.y);
                    if let Some(pos) = insp.item_line.iter().position(|&l| l == line) {
                        insp.sel = pos;
                        // The status glyph (" ! ") of an item in conflict
                        // opens its conflicts, as `c` does.
                        let on_glyph = m.column - a.x < 3;
                        let in_conflict = insp
                            .selected_item()
                            .and_then(|it| insp.row(&it.id))
                            .is_some_and(|r| !r.state.conflicts.is_empty());
                        if on_glyph && in_conflict {
                            insp.mode = Mode::Conflicts { sel: 0, side: 0 };
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// A note could not be saved: says what pressing `key` again does.
    fn ask_unsaved(&mut self, again: Unsaved) {
        let question = match again {
            Unsaved::Discard => self.env.s.note_esc_discards,
            Unsaved::Quit => self.env.s.quit_loses_note,
        };
        let why = self.env.flash.take().map(|(m, _)| m).unwrap_or_default();
        self.env.fail(format!("{why} — {question}"));
        self.unsaved_asked = Some(again);
    }

    fn key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        let asked = self.unsaved_asked.take();
        // Raw mode swallows the signal: Ctrl-C quits, after saving; a note
        // that cannot be saved is given up only when Ctrl-C is pressed again.
        match keymap::lookup_key(keymap::GENERAL, key) {
            Some(Action::Quit) => {
                if asked == Some(Unsaved::Quit) || self.flush() {
                    self.quit = true;
                } else {
                    self.ask_unsaved(Unsaved::Quit);
                }
                return;
            }
            // F1 opens the help from anywhere, an editor or a prompt too.
            Some(Action::Help) if !self.help && !self.too_small() => {
                self.open_help();
                return;
            }
            _ => {}
        }
        // Behind the "too small" notice nothing is on screen to act on.
        if self.too_small() {
            return;
        }
        if self.help {
            let page = i32::from(self.area.height.saturating_sub(4)).max(1);
            match keymap::lookup_key(keymap::HELP, key) {
                Some(Action::Back) => self.help = false,
                Some(Action::Up) => self.scroll_help(-1),
                Some(Action::Down) => self.scroll_help(1),
                Some(Action::PageUp) => self.scroll_help(-page),
                Some(Action::PageDown) => self.scroll_help(page),
                Some(Action::Top) => self.help_scroll = 0,
                Some(Action::Bottom) => self.help_scroll = u16::MAX,
                _ => {}
            }
            return;
        }
        if self.prompt.is_some() {
            self.prompt_key(key);
            return;
        }
        self.env.flash = None;
        if self.home_confirm_key(key) {
            return;
        }
        if let Screen::Inspection(insp) = &mut self.screen
            && let Mode::Note(ta) = &mut insp.mode
        {
            match keymap::lookup_key(keymap::NOTE_EDITOR, key) {
                // Asked, and pressed again: the inspector gives the note up.
                Some(Action::Back) if asked == Some(Unsaved::Discard) => {
                    insp.note_dirty = None;
                    insp.mode = Mode::Normal;
                    self.env.ok(self.env.s.note_discarded);
                }
                Some(Action::Back) => {
                    if save_note(&mut self.env, insp) {
                        insp.mode = Mode::Normal;
                    } else {
                        self.ask_unsaved(Unsaved::Discard);
                    }
                }
                // A note is prose: Tab would only put spaces in it, so it
                // finishes the note and goes on to the next item.
                Some(Action::NoteNext) => {
                    if save_note(&mut self.env, insp) {
                        insp.mode = Mode::Normal;
                        insp.move_by(1);
                    }
                }
                _ if key.code == KeyCode::BackTab => {}
                _ => {
                    if super::typing::input(ta, key) {
                        insp.note_dirty = Some(Instant::now());
                    }
                }
            }
            return;
        }
        if let Screen::Inspection(insp) = &mut self.screen
            && matches!(insp.mode, Mode::CombinedNote { .. })
        {
            combined_note_key(&mut self.env, insp, key);
            return;
        }
        let Some(action) = keymap::lookup_key(self.bindings(), key) else {
            return;
        };
        if action == Action::Help {
            self.open_help();
            return;
        }
        match &mut self.screen {
            Screen::Home(_) => self.home_action(action),
            Screen::Inspection(_) => self.inspection_action(action),
        }
    }
}

/// A list selection after a movement key, in a list of `len` entries
/// (a page is ten entries: the editors' lists are short).
fn moved(sel: usize, len: usize, action: Action) -> usize {
    let last = len.saturating_sub(1);
    match action {
        Action::Up => sel.saturating_sub(1),
        Action::Down => (sel + 1).min(last),
        Action::PageUp => sel.saturating_sub(10),
        Action::PageDown => (sel + 10).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => sel,
    }
}

/// Moves an editor's view to its cursor. The editor widget keeps its view
/// itself and moves it only while being drawn, so it is drawn here, where
/// the app may change, into a scratch buffer the size of the place `ui`
/// draws it: `ui` then draws a copy and changes nothing.
fn follow_cursor(ta: &mut TextArea<'static>, area: Rect) {
    if area.is_empty() {
        return;
    }
    (&*ta).render(area, &mut Buffer::empty(area));
}
