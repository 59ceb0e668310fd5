//! App state and key handling. Every change goes through `ops`; the screen
//! shows a change only after `ops` has committed it.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use super::keymap::{self, Action, Binding};
use super::strings::{Strings, strings};
use crate::catalog::Catalog;
use crate::core::checklist::{CheckKind, Checklist, Item};
use crate::core::finding::{Field, Status};
use crate::core::input;
use crate::core::lang::Lang;
use crate::core::text::{fold, matches_folded};
use crate::ops::{self, Actor, Edit, Resolution, UnitInput};
use crate::store::{FindingRow, InspectionInfo, InspectionSummary, Store, WriteOutcome};

/// How long after the last keystroke a note is saved.
pub const NOTE_AUTOSAVE: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    NotChecked,
    Failing,
    Conflicts,
}

impl Filter {
    fn next(self) -> Self {
        match self {
            Filter::All => Filter::NotChecked,
            Filter::NotChecked => Filter::Failing,
            Filter::Failing => Filter::Conflicts,
            Filter::Conflicts => Filter::All,
        }
    }
    pub fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    AddRecord,
    Population,
    Ratio,
    Evidence,
    ActionOverride,
    Deadline,
    UnitCode,
    UnitName,
    Inspector,
}

#[derive(Debug, Clone)]
pub struct Prompt {
    pub kind: PromptKind,
    pub buf: String,
}

impl Prompt {
    /// An empty prompt of this kind.
    fn new(kind: PromptKind) -> Self {
        Prompt {
            kind,
            buf: String::new(),
        }
    }
}

/// One line of the left pane: a section header or an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListLine {
    Section(usize),
    /// Index into `Inspection::items`.
    Item(usize),
}

pub enum Mode {
    Normal,
    Note(Box<TextArea<'static>>),
    Samples {
        sel: usize,
    },
    Conflicts {
        sel: usize,
        side: usize,
    },
    /// Writing the note that settles the `sel`-th conflict, in a full
    /// editor prefilled with every side. Nothing is saved until the user
    /// confirms: settling a conflict is always a deliberate act.
    CombinedNote {
        sel: usize,
        editor: Box<TextArea<'static>>,
    },
}

/// An open inspection.
pub struct Inspection {
    pub info: InspectionInfo,
    pub unit_name: String,
    pub checklist: Checklist,
    /// (section index, item index) of every item, in checklist order.
    pub items: Vec<(usize, usize)>,
    /// Search keys: folded id + question + guidance.
    folded: Vec<String>,
    pub rows: BTreeMap<String, FindingRow>,
    /// Per section: (checked, total).
    pub progress: Vec<(usize, usize)>,
    /// Indices into `items` passing the filter and search.
    pub visible: Vec<usize>,
    pub lines: Vec<ListLine>,
    /// Line index in `lines` of each visible item.
    pub item_line: Vec<usize>,
    pub sel: usize,
    pub filter: Filter,
    pub search: String,
    pub mode: Mode,
    /// When the note editor has unsaved keystrokes, since when.
    pub note_dirty: Option<Instant>,
    /// The note as it was when the editor opened, for undo.
    note_before: String,
    /// (item id, edits restoring the previous values).
    undo: Vec<(String, Vec<Edit>)>,
    /// Scroll offset of the item list (lines), adjusted by the renderer.
    pub offset: Cell<usize>,
    /// Where the item list was drawn, for mouse hits.
    pub list_area: Cell<Rect>,
}

pub struct Home {
    pub list: Vec<InspectionSummary>,
    pub sel: usize,
    /// New-inspection flow: chosen checklist index while picking.
    pub picking: Option<usize>,
    pub new_checklist: Option<String>,
    pub new_code: String,
    pub new_name: String,
    pub team: bool,
}

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
}

pub struct App {
    pub env: Env,
    pub screen: Screen,
    pub prompt: Option<Prompt>,
    pub help: bool,
    pub quit: bool,
    /// Whether `Esc` on the inspection screen may go back to Home.
    pub has_home: bool,
}

impl Env {
    fn new(store: Store, catalog: Catalog, actor: Actor, lang: Lang) -> Env {
        Env {
            store,
            catalog,
            actor,
            lang,
            s: strings(lang),
            flash: None,
        }
    }

    fn ok(&mut self, msg: &str) {
        self.flash = Some((msg.to_owned(), false));
    }
    fn fail(&mut self, msg: impl Into<String>) {
        self.flash = Some((msg.into(), true));
    }
}

impl Inspection {
    pub fn open(store: &Store, catalog: &Catalog, info: InspectionInfo) -> ops::Result<Inspection> {
        let entry = ops::entry(catalog, &info.checklist_id)?;
        let checklist = entry.checklist.clone();
        let mut items = Vec::with_capacity(checklist.item_count());
        let mut folded = Vec::with_capacity(checklist.item_count());
        for (si, s) in checklist.sections.iter().enumerate() {
            for (ii, it) in s.items.iter().enumerate() {
                items.push((si, ii));
                folded.push(fold(&format!(
                    "{} {} {} {}",
                    it.id,
                    it.question.vi,
                    it.guidance.vi,
                    it.question.en.as_deref().unwrap_or("")
                )));
            }
        }
        let rows = store.finding_rows(&info.id)?;
        let unit_name = store
            .unit(&info.unit_code)?
            .map(|u| u.name)
            .unwrap_or_default();
        let mut insp = Inspection {
            info,
            unit_name,
            checklist,
            items,
            folded,
            rows,
            progress: Vec::new(),
            visible: Vec::new(),
            lines: Vec::new(),
            item_line: Vec::new(),
            sel: 0,
            filter: Filter::All,
            search: String::new(),
            mode: Mode::Normal,
            note_dirty: None,
            note_before: String::new(),
            undo: Vec::new(),
            offset: Cell::new(0),
            list_area: Cell::new(Rect::default()),
        };
        insp.recount();
        insp.refilter();
        Ok(insp)
    }

    pub fn item(&self, idx: usize) -> &Item {
        let (s, i) = self.items[idx];
        &self.checklist.sections[s].items[i]
    }

    /// Index into `items` of the selected item.
    pub fn selected(&self) -> Option<usize> {
        self.visible.get(self.sel).copied()
    }

    pub fn selected_item(&self) -> Option<&Item> {
        self.selected().map(|i| self.item(i))
    }

    pub fn row(&self, item_id: &str) -> Option<&FindingRow> {
        self.rows.get(item_id)
    }

    pub fn status(&self, item_id: &str) -> Status {
        self.rows
            .get(item_id)
            .map(|r| r.state.status)
            .unwrap_or_default()
    }

    fn recount(&mut self) {
        self.progress = self
            .checklist
            .sections
            .iter()
            .map(|s| {
                let checked = s
                    .items
                    .iter()
                    .filter(|it| self.status(&it.id) != Status::Unchecked)
                    .count();
                (checked, s.items.len())
            })
            .collect();
    }

    /// Recomputes the visible items after a filter, search or data change,
    /// keeping the selected item selected when it is still visible.
    pub fn refilter(&mut self) {
        let keep = self.selected();
        let mut visible = Vec::new();
        for idx in 0..self.items.len() {
            let it = self.item(idx);
            let row = self.rows.get(&it.id);
            let st = row.map(|r| r.state.status).unwrap_or_default();
            let ok = match self.filter {
                Filter::All => true,
                Filter::NotChecked => st == Status::Unchecked,
                Filter::Failing => st.needs_action(),
                Filter::Conflicts => row.is_some_and(|r| !r.state.conflicts.is_empty()),
            };
            if ok && (self.search.is_empty() || matches_folded(&self.folded[idx], &self.search)) {
                visible.push(idx);
            }
        }
        let mut lines = Vec::with_capacity(visible.len() + self.checklist.sections.len());
        let mut item_line = Vec::with_capacity(visible.len());
        let mut last_section = None;
        for &idx in &visible {
            let s = self.items[idx].0;
            if last_section != Some(s) {
                lines.push(ListLine::Section(s));
                last_section = Some(s);
            }
            item_line.push(lines.len());
            lines.push(ListLine::Item(idx));
        }
        self.sel = keep
            .and_then(|k| visible.iter().position(|&v| v == k))
            .unwrap_or(0);
        self.visible = visible;
        self.lines = lines;
        self.item_line = item_line;
    }

    fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let max = self.visible.len() as isize - 1;
        self.sel = (self.sel as isize + delta).clamp(0, max) as usize;
    }

    /// Re-reads one finding after a write (or to see others' changes).
    pub fn reload_row(&mut self, store: &Store, item_id: &str) -> ops::Result<()> {
        let row = store.finding_row(&self.info.id, item_id)?;
        if row.bases.is_empty() {
            self.rows.remove(item_id);
        } else {
            self.rows.insert(item_id.to_owned(), row);
        }
        self.recount();
        Ok(())
    }

    fn page(&self) -> isize {
        (self.list_area.get().height.saturating_sub(2) as isize).max(5)
    }
}

impl App {
    pub fn new(store: Store, catalog: Catalog, actor: Actor, lang: Lang) -> App {
        let mut app = App {
            env: Env::new(store, catalog, actor, lang),
            screen: Screen::Home(Home::empty()),
            prompt: None,
            help: false,
            quit: false,
            has_home: true,
        };
        app.reload_home();
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
            quit: false,
            has_home: false,
        })
    }

    fn reload_home(&mut self) {
        // Coming back from an inspection, keep it selected.
        let current = match &self.screen {
            Screen::Inspection(insp) => Some(insp.info.id.clone()),
            Screen::Home(h) => h.list.get(h.sel).map(|s| s.info.id.clone()),
        };
        match self.env.store.inspections() {
            Ok(list) => {
                let sel = current
                    .and_then(|id| list.iter().position(|s| s.info.id == id))
                    .unwrap_or(0);
                let home = Home {
                    list,
                    sel,
                    ..Home::empty()
                };
                self.screen = Screen::Home(home);
            }
            Err(e) => self.env.fail(e.to_string()),
        }
    }

    /// The key table of what is on screen, for dispatch and help.
    pub fn bindings(&self) -> &'static [Binding] {
        match &self.screen {
            Screen::Home(_) => keymap::HOME,
            Screen::Inspection(i) => match i.mode {
                Mode::Samples { .. } => keymap::SAMPLES,
                Mode::Conflicts { .. } => keymap::CONFLICTS,
                Mode::Note(_) => keymap::NOTE_EDITOR,
                Mode::CombinedNote { .. } => keymap::COMBINED_NOTE,
                Mode::Normal => keymap::INSPECTION,
            },
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
            save_note(&mut self.env, insp);
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
    pub fn flush(&mut self) {
        if let Screen::Inspection(insp) = &mut self.screen
            && insp.note_dirty.is_some()
        {
            save_note(&mut self.env, insp);
        }
    }

    pub fn handle_paste(&mut self, text: &str) {
        if let Some(p) = &mut self.prompt {
            p.buf.push_str(&text.replace(['\r', '\n'], " "));
            return;
        }
        if let Screen::Inspection(insp) = &mut self.screen {
            // Terminals send CR for newlines in pastes.
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            match &mut insp.mode {
                Mode::Note(ta) => {
                    ta.insert_str(text);
                    insp.note_dirty = Some(Instant::now());
                }
                Mode::CombinedNote { editor, .. } => {
                    editor.insert_str(text);
                }
                _ => {}
            }
        }
    }

    pub fn handle_mouse(&mut self, m: MouseEvent) {
        let Screen::Inspection(insp) = &mut self.screen else {
            return;
        };
        if !matches!(insp.mode, Mode::Normal) || self.prompt.is_some() || self.help {
            return;
        }
        match m.kind {
            MouseEventKind::ScrollDown => insp.move_by(3),
            MouseEventKind::ScrollUp => insp.move_by(-3),
            MouseEventKind::Down(MouseButton::Left) => {
                let a = insp.list_area.get();
                if m.column >= a.x
                    && m.column < a.x + a.width
                    && m.row >= a.y
                    && m.row < a.y + a.height
                {
                    let line = insp.offset.get() + usize::from(m.row - a.y);
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

    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        // Raw mode swallows the signal: Ctrl-C quits, after saving.
        if key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('q'))
        {
            self.flush();
            self.quit = true;
            return;
        }
        if self.prompt.is_some() {
            self.prompt_key(key);
            return;
        }
        if self.help {
            if matches!(
                key.code,
                KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q')
            ) {
                self.help = false;
            }
            return;
        }
        self.env.flash = None;
        if let Screen::Inspection(insp) = &mut self.screen
            && let Mode::Note(ta) = &mut insp.mode
        {
            if keymap::lookup(keymap::NOTE_EDITOR, key.code) == Some(Action::Back) {
                save_note(&mut self.env, insp);
                insp.mode = Mode::Normal;
            } else if ta.input(key) {
                insp.note_dirty = Some(Instant::now());
            }
            return;
        }
        if let Screen::Inspection(insp) = &mut self.screen
            && matches!(insp.mode, Mode::CombinedNote { .. })
        {
            combined_note_key(&mut self.env, insp, key);
            return;
        }
        let Some(action) = keymap::lookup(self.bindings(), key.code) else {
            return;
        };
        if action == Action::Help {
            self.help = true;
            return;
        }
        match &mut self.screen {
            Screen::Home(_) => self.home_action(action),
            Screen::Inspection(_) => self.inspection_action(action),
        }
    }

    fn home_action(&mut self, action: Action) {
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        if let Some(p) = home.picking.as_mut() {
            let n = self.env.catalog.entries.len();
            match action {
                Action::Up => *p = p.saturating_sub(1),
                Action::Down => *p = (*p + 1).min(n.saturating_sub(1)),
                Action::Open => {
                    if let Some(id) = self.env.catalog.entries.keys().nth(*p) {
                        home.new_checklist = Some(id.clone());
                        home.picking = None;
                        self.prompt = Some(Prompt::new(PromptKind::UnitCode));
                    }
                }
                Action::Back | Action::Quit => home.picking = None,
                _ => {}
            }
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Up => home.sel = home.sel.saturating_sub(1),
            Action::Down => home.sel = (home.sel + 1).min(home.list.len().saturating_sub(1)),
            Action::Team => home.team = !home.team,
            Action::Back => home.team = false,
            Action::New => home.picking = Some(0),
            Action::Open => {
                if let Some(s) = home.list.get(home.sel) {
                    let info = s.info.clone();
                    self.open(info);
                }
            }
            _ => {}
        }
    }

    fn open(&mut self, info: InspectionInfo) {
        match Inspection::open(&self.env.store, &self.env.catalog, info) {
            Ok(i) => self.screen = Screen::Inspection(Box::new(i)),
            Err(e) => self.env.fail(e.to_string()),
        }
    }

    fn inspection_action(&mut self, action: Action) {
        let Screen::Inspection(insp) = &mut self.screen else {
            return;
        };
        let env = &mut self.env;
        match insp.mode {
            Mode::Samples { .. } => return samples_action(env, insp, &mut self.prompt, action),
            Mode::Conflicts { .. } => return conflicts_action(env, insp, action),
            _ => {}
        }
        match action {
            Action::Quit => {
                self.flush();
                self.quit = true;
            }
            Action::Up => insp.move_by(-1),
            Action::Down => insp.move_by(1),
            Action::PageUp => insp.move_by(-insp.page()),
            Action::PageDown => insp.move_by(insp.page()),
            Action::Top => insp.sel = 0,
            Action::Bottom => insp.sel = insp.visible.len().saturating_sub(1),
            Action::SetStatus(s) => {
                if let Some(item) = insp.selected_item() {
                    let id = item.id.clone();
                    apply_undoable(env, insp, &id, vec![Edit::Status(s)]);
                }
            }
            Action::EditNote => {
                if let Some(item) = insp.selected_item() {
                    let note = insp
                        .row(&item.id)
                        .map(|r| r.state.note.clone())
                        .unwrap_or_default();
                    let mut ta = TextArea::new(note.lines().map(str::to_owned).collect());
                    ta.move_cursor(ratatui_textarea::CursorMove::Bottom);
                    ta.move_cursor(ratatui_textarea::CursorMove::End);
                    insp.note_before = note;
                    insp.mode = Mode::Note(Box::new(ta));
                }
            }
            Action::Search => {
                self.prompt = Some(Prompt {
                    kind: PromptKind::Search,
                    buf: insp.search.clone(),
                })
            }
            Action::Filter => {
                insp.filter = insp.filter.next();
                insp.refilter();
            }
            Action::Undo => undo(env, insp),
            Action::Samples => {
                if insp
                    .selected_item()
                    .is_some_and(|it| matches!(it.kind, CheckKind::Sampled { .. }))
                {
                    insp.mode = Mode::Samples { sel: 0 };
                } else {
                    env.fail(env.s.not_sampled);
                }
            }
            Action::Conflicts => insp.mode = Mode::Conflicts { sel: 0, side: 0 },
            Action::Ratio => self.prompt = Some(Prompt::new(PromptKind::Ratio)),
            Action::Evidence => self.prompt = Some(Prompt::new(PromptKind::Evidence)),
            Action::ActionOverride => self.prompt = Some(Prompt::new(PromptKind::ActionOverride)),
            Action::Deadline => self.prompt = Some(Prompt::new(PromptKind::Deadline)),
            Action::Back => {
                if !insp.search.is_empty() {
                    insp.search.clear();
                    insp.refilter();
                } else if self.has_home {
                    self.flush();
                    self.reload_home();
                }
            }
            _ => {}
        }
    }

    fn prompt_key(&mut self, key: KeyEvent) {
        let Some(p) = self.prompt.as_mut() else {
            return;
        };
        match key.code {
            KeyCode::Esc => {
                let kind = p.kind;
                self.prompt = None;
                if kind == PromptKind::Search
                    && let Screen::Inspection(insp) = &mut self.screen
                {
                    insp.search.clear();
                    insp.refilter();
                }
                return;
            }
            KeyCode::Enter => {
                let p = self.prompt.take().expect("checked above");
                self.submit(p);
                return;
            }
            KeyCode::Backspace => {
                p.buf.pop();
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => p.buf.push(c),
            _ => return,
        }
        // Search filters as the user types.
        if p.kind == PromptKind::Search {
            let q = p.buf.clone();
            if let Screen::Inspection(insp) = &mut self.screen {
                insp.search = q;
                insp.refilter();
            }
        }
    }

    fn submit(&mut self, p: Prompt) {
        let text = p.buf.trim().to_owned();
        if let Screen::Home(home) = &mut self.screen {
            match p.kind {
                PromptKind::UnitCode => {
                    home.new_code = text;
                    self.prompt = Some(Prompt::new(PromptKind::UnitName));
                }
                PromptKind::UnitName => {
                    home.new_name = text;
                    self.prompt = Some(Prompt {
                        kind: PromptKind::Inspector,
                        buf: self.env.actor.inspector.clone(),
                    });
                }
                PromptKind::Inspector => {
                    if !text.is_empty() {
                        self.env.actor.inspector = text;
                    }
                    let unit = UnitInput {
                        code: std::mem::take(&mut home.new_code),
                        name: Some(std::mem::take(&mut home.new_name)).filter(|n| !n.is_empty()),
                        ..Default::default()
                    };
                    let cid = home.new_checklist.take().unwrap_or_default();
                    match ops::open_inspection(
                        &mut self.env.store,
                        &self.env.catalog,
                        &self.env.actor,
                        &cid,
                        &unit,
                    ) {
                        Ok(info) => self.open(info),
                        Err(e) => self.env.fail(e.to_string()),
                    }
                }
                _ => {}
            }
            return;
        }
        let Screen::Inspection(insp) = &mut self.screen else {
            return;
        };
        let env = &mut self.env;
        let Some(item) = insp.selected_item() else {
            return;
        };
        let item_id = item.id.clone();
        let row = insp.row(&item_id).cloned().unwrap_or_default();
        let edit = match p.kind {
            PromptKind::Search => {
                insp.search = text;
                insp.refilter();
                return;
            }
            PromptKind::AddRecord => {
                if text.is_empty() {
                    return;
                }
                // Adding a record already there keeps its defects.
                let defects = row
                    .state
                    .samples
                    .iter()
                    .find(|s| s.code == text)
                    .map(|s| s.defects.clone())
                    .unwrap_or_default();
                let edit = Edit::Sample {
                    code: text.clone(),
                    defects,
                };
                if apply_undoable(env, insp, &item_id, vec![edit])
                    && let Some(pos) = insp.row(&item_id).and_then(|r| {
                        r.state
                            .samples
                            .iter()
                            .position(|s| s.code == crate::core::text::nfc(&text))
                    })
                {
                    insp.mode = Mode::Samples { sel: pos };
                }
                return;
            }
            PromptKind::Population => match text.parse::<u32>() {
                Ok(population) => {
                    // A seed from the clock, recorded with the plan, so the draw can be repeated.
                    // Six digits: short enough to copy into the minutes by hand.
                    let seed = chrono::Utc::now().timestamp_millis().unsigned_abs() % 1_000_000;
                    Edit::SamplingPlan { population, seed }
                }
                Err(_) => return env.fail(env.s.invalid_number),
            },
            PromptKind::Ratio => {
                if text.is_empty() {
                    Edit::Ratio(None)
                } else {
                    match input::ratio(&text) {
                        Ok(r) => Edit::Ratio(Some(r)),
                        Err(_) => return env.fail(env.s.invalid_number),
                    }
                }
            }
            PromptKind::Evidence => {
                if text.is_empty() {
                    return;
                }
                match ops::evidence(&text) {
                    Ok(e) => Edit::AddEvidence(e),
                    Err(e) => return env.fail(e.to_string()),
                }
            }
            PromptKind::ActionOverride => {
                Edit::ActionOverride(Some(text).filter(|t| !t.is_empty()))
            }
            PromptKind::Deadline => {
                if text.is_empty() {
                    Edit::DeadlineOverride(None)
                } else {
                    match input::deadline(&text) {
                        Ok(d) => Edit::DeadlineOverride(Some(d)),
                        Err(_) => return env.fail(env.s.invalid_number),
                    }
                }
            }
            PromptKind::UnitCode | PromptKind::UnitName | PromptKind::Inspector => return,
        };
        apply_undoable(env, insp, &item_id, vec![edit]);
    }
}

impl Home {
    fn empty() -> Home {
        Home {
            list: Vec::new(),
            sel: 0,
            picking: None,
            new_checklist: None,
            new_code: String::new(),
            new_name: String::new(),
            team: false,
        }
    }
}

/// The edits that restore what `edit` changes, from the row shown.
fn inverse_of(edit: &Edit, row: &FindingRow) -> Vec<Edit> {
    let st = &row.state;
    match edit {
        Edit::Status(_) => vec![Edit::Status(st.status)],
        Edit::Note(_) => vec![Edit::Note(st.note.clone())],
        Edit::Ratio(_) => vec![Edit::Ratio(st.ratio)],
        Edit::ActionOverride(_) => vec![Edit::ActionOverride(st.action_override.clone())],
        Edit::DeadlineOverride(_) => vec![Edit::DeadlineOverride(st.deadline_override)],
        Edit::AddEvidence(e) => {
            let id = ops::evidence_id(e);
            if st.evidence.iter().any(|(i, _)| *i == id) {
                vec![]
            } else {
                vec![Edit::RemoveEvidence(id)]
            }
        }
        Edit::Sample { code, .. } | Edit::RemoveSample(code) => {
            match st.samples.iter().find(|s| &s.code == code) {
                Some(s) => vec![Edit::Sample {
                    code: code.clone(),
                    defects: s.defects.clone(),
                }],
                None => vec![Edit::RemoveSample(code.clone())],
            }
        }
        // A plan is not undone to nothing: the previous draw is kept in the history.
        Edit::SamplingPlan { .. } | Edit::RemoveEvidence(_) => vec![],
    }
}

/// [`apply`], remembering how to undo the edits with `u`.
fn apply_undoable(env: &mut Env, insp: &mut Inspection, item_id: &str, edits: Vec<Edit>) -> bool {
    let row = insp.row(item_id).cloned().unwrap_or_default();
    let inverse: Vec<Edit> = edits.iter().flat_map(|e| inverse_of(e, &row)).collect();
    let saved = apply(env, insp, item_id, edits);
    if saved && !inverse.is_empty() {
        insp.undo.push((item_id.to_owned(), inverse));
    }
    saved
}

/// Applies edits to one item against the row on screen, then re-reads it.
/// Returns whether the edits were saved.
fn apply(env: &mut Env, insp: &mut Inspection, item_id: &str, edits: Vec<Edit>) -> bool {
    let Some(idx) = insp
        .items
        .iter()
        .position(|&(s, i)| insp.checklist.sections[s].items[i].id == item_id)
    else {
        return false;
    };
    let item = insp.item(idx).clone();
    let base = insp.row(item_id).cloned();
    let res = ops::apply_edits(
        &mut env.store,
        &env.actor,
        &insp.info,
        &item,
        &edits,
        base.as_ref(),
    );
    let ok = match res {
        Ok(out) => {
            if out
                .iter()
                .any(|o| matches!(o, WriteOutcome::ChangedElsewhere { .. }))
            {
                env.fail(env.s.changed_elsewhere);
            } else {
                env.ok(env.s.saved);
            }
            true
        }
        Err(e) => {
            env.fail(e.to_string());
            false
        }
    };
    if let Err(e) = insp.reload_row(&env.store, item_id) {
        env.fail(e.to_string());
    }
    insp.refilter();
    ok
}

fn save_note(env: &mut Env, insp: &mut Inspection) {
    insp.note_dirty = None;
    let Mode::Note(ta) = &insp.mode else { return };
    let text = ta.lines().join("\n");
    let Some(id) = insp.selected_item().map(|i| i.id.clone()) else {
        return;
    };
    let current = insp
        .row(&id)
        .map(|r| r.state.note.clone())
        .unwrap_or_default();
    if text.trim_end() == current.trim_end() {
        return;
    }
    let before = insp.note_before.clone();
    if apply(env, insp, &id, vec![Edit::Note(text.trim_end().to_owned())]) {
        // One undo step per editing session, restoring the note as it was.
        if !insp
            .undo
            .last()
            .is_some_and(|(i, e)| *i == id && e == &vec![Edit::Note(before.clone())])
        {
            insp.undo.push((id, vec![Edit::Note(before)]));
        }
    }
}

fn undo(env: &mut Env, insp: &mut Inspection) {
    let Some((id, edits)) = insp.undo.pop() else {
        return env.fail(env.s.nothing_to_undo);
    };
    if edits.is_empty() || apply(env, insp, &id, edits) {
        env.ok(env.s.undone);
        // Show the item that changed back.
        if let Some(pos) = insp.visible.iter().position(|&v| insp.item(v).id == id) {
            insp.sel = pos;
        }
    }
}

fn samples_action(
    env: &mut Env,
    insp: &mut Inspection,
    prompt: &mut Option<Prompt>,
    action: Action,
) {
    let Mode::Samples { sel } = insp.mode else {
        return;
    };
    let Some(item) = insp.selected_item().cloned() else {
        return;
    };
    let row = insp.row(&item.id).cloned().unwrap_or_default();
    let n = row.state.samples.len();
    match action {
        Action::Up => {
            insp.mode = Mode::Samples {
                sel: sel.saturating_sub(1),
            }
        }
        Action::Down => {
            insp.mode = Mode::Samples {
                sel: (sel + 1).min(n.saturating_sub(1)),
            }
        }
        Action::AddRecord => *prompt = Some(Prompt::new(PromptKind::AddRecord)),
        Action::Population => *prompt = Some(Prompt::new(PromptKind::Population)),
        Action::Back => insp.mode = Mode::Normal,
        Action::Undo => undo(env, insp),
        Action::RemoveRecord => {
            if let Some(rec) = row.state.samples.get(sel)
                && apply_undoable(
                    env,
                    insp,
                    &item.id,
                    vec![Edit::RemoveSample(rec.code.clone())],
                )
            {
                insp.mode = Mode::Samples {
                    sel: sel.min(n.saturating_sub(2)),
                };
            }
        }
        Action::ToggleDefect(k) => {
            let (Some(rec), Some(defect)) = (
                row.state.samples.get(sel),
                item.kind.defects().get(usize::from(k) - 1),
            ) else {
                return;
            };
            let mut defects = rec.defects.clone();
            if let Some(p) = defects.iter().position(|d| *d == defect.id) {
                defects.remove(p);
            } else {
                defects.push(defect.id.clone());
            }
            if apply_undoable(
                env,
                insp,
                &item.id,
                vec![Edit::Sample {
                    code: rec.code.clone(),
                    defects,
                }],
            ) {}
        }
        _ => {}
    }
}

/// Keys of the combined-note editor: Ctrl+S settles the conflict with the
/// text, Esc goes back to the conflicts unchanged, the rest edit the text.
fn combined_note_key(env: &mut Env, insp: &mut Inspection, key: KeyEvent) {
    let Mode::CombinedNote { sel, editor } = &mut insp.mode else {
        return;
    };
    let sel = *sel;
    // Only Esc and Ctrl-held keys can be commands; the rest is text.
    let action = (key.code == KeyCode::Esc || key.modifiers.contains(KeyModifiers::CONTROL))
        .then(|| keymap::lookup(keymap::COMBINED_NOTE, key.code))
        .flatten();
    match action {
        Some(Action::Back) => {
            insp.mode = Mode::Conflicts { sel, side: 0 };
            return;
        }
        Some(Action::SaveResolution) => {}
        _ => {
            editor.input(key);
            return;
        }
    }
    let text = editor.lines().join("\n").trim_end().to_owned();
    let Some(item) = insp.selected_item().cloned() else {
        return;
    };
    settle(
        env,
        insp,
        &item,
        &Field::Note,
        &Resolution::Set(Edit::Note(text)),
    );
}

/// Records the value that settles a conflict and goes back to the list of
/// the item's conflicts (what is left of it).
fn settle(env: &mut Env, insp: &mut Inspection, item: &Item, field: &Field, how: &Resolution) {
    match ops::resolve(&mut env.store, &env.actor, &insp.info, item, field, how) {
        Ok(_) => {
            env.ok(env.s.resolved);
            if let Err(e) = insp.reload_row(&env.store, &item.id) {
                env.fail(e.to_string());
            }
            insp.refilter();
            insp.mode = Mode::Conflicts { sel: 0, side: 0 };
        }
        Err(e) => env.fail(e.to_string()),
    }
}

fn conflicts_action(env: &mut Env, insp: &mut Inspection, action: Action) {
    let Mode::Conflicts { sel, side } = insp.mode else {
        return;
    };
    let Some(item) = insp.selected_item().cloned() else {
        return;
    };
    let conflicts = insp
        .row(&item.id)
        .map(|r| r.state.conflicts.clone())
        .unwrap_or_default();
    let sides = conflicts.get(sel).map_or(0, |c| c.sides.len());
    match action {
        Action::Up => {
            insp.mode = Mode::Conflicts {
                sel: sel.saturating_sub(1),
                side: 0,
            }
        }
        Action::Down => {
            insp.mode = Mode::Conflicts {
                sel: (sel + 1).min(conflicts.len().saturating_sub(1)),
                side: 0,
            }
        }
        Action::SideLeft => {
            insp.mode = Mode::Conflicts {
                sel,
                side: side.saturating_sub(1),
            }
        }
        Action::SideRight => {
            insp.mode = Mode::Conflicts {
                sel,
                side: (side + 1).min(sides.saturating_sub(1)),
            }
        }
        Action::Back => insp.mode = Mode::Normal,
        Action::MergeNote if conflicts.get(sel).is_some_and(|c| c.field == "note") => {
            // Every side as its own paragraph, newest first, to be edited
            // into one note.
            let mut lines: Vec<String> = Vec::new();
            for side in &conflicts[sel].sides {
                if !lines.is_empty() {
                    lines.push(String::new());
                }
                let text = crate::core::finding::display_value(&side.value);
                lines.extend(text.lines().map(str::to_owned));
            }
            let mut editor = TextArea::new(lines);
            editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
            editor.move_cursor(ratatui_textarea::CursorMove::End);
            insp.mode = Mode::CombinedNote {
                sel,
                editor: Box::new(editor),
            };
        }
        Action::TakeSide => {
            let Some(c) = conflicts.get(sel) else { return };
            let (Some(field), Some(s)) = (Field::parse(&c.field), c.sides.get(side)) else {
                return;
            };
            let how = Resolution::Take(s.rev_id.clone());
            settle(env, insp, &item, &field, &how);
        }
        _ => {}
    }
}
