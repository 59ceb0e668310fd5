//! The inspection screen: the item list with its filter and search, and
//! the keys of its normal mode. The editors it opens have their own files.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use ratatui_textarea::TextArea;

use super::conflicts::conflicts_action;
use super::edit::{Direction, Step, apply_step_undoable, apply_undoable, step_back};
use super::keymap::Action;
use super::samples::samples_action;
use super::{App, Prompt, PromptKind, Screen};
use crate::catalog::Catalog;
use crate::core::checklist::{CheckKind, Checklist, Item};
use crate::core::finding::Status;
use crate::core::register::FinishState;
use crate::core::text::{fold, matches_folded};
use crate::ops::{self, Edit};
use crate::store::{FindingRow, InspectionInfo, Store};
use crate::tui::layout;

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
    /// The record view of sample group `group`: the `rec`-th record, the
    /// cursor on `line` (see `records::record_lines`); `confirm_remove`
    /// once `d` asked whether to remove the record from the whole group.
    Records {
        group: String,
        rec: usize,
        line: usize,
        confirm_remove: bool,
    },
    /// What is missing before finishing, the `sel`-th row selected.
    Finish {
        sel: usize,
        gaps: Vec<ops::Gap>,
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
    /// Search keys from the checklist: folded id + question + guidance (a
    /// finding's note and record codes are searched beside them).
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
    /// Items marked for a step over several of them, as indices into
    /// `items` (kept across filters and searches).
    pub marked: BTreeSet<usize>,
    pub filter: Filter,
    pub search: String,
    pub mode: Mode,
    /// When the note editor has unsaved keystrokes, since when.
    pub note_dirty: Option<Instant>,
    /// The note as it was when the editor opened, for undo.
    pub(super) note_before: String,
    /// First line of `lines` shown: kept by the app so that the selection
    /// stays in view (see [`Inspection::list_offset`]).
    pub offset: usize,
    /// First row of the detail pane shown, and the item it is for: a new
    /// selection shows its detail from the top.
    pub detail_scroll: u16,
    pub(super) detail_of: Option<usize>,
    /// Whether the inspection is finished, or was and is re-opened.
    pub finish: FinishState,
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
        let rows = ops::inspection_rows(store, &info)?;
        let finish = store.finish_state(&info.id)?;
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
            marked: BTreeSet::new(),
            filter: Filter::All,
            search: String::new(),
            mode: Mode::Normal,
            note_dirty: None,
            note_before: String::new(),
            offset: 0,
            detail_scroll: 0,
            detail_of: None,
            finish,
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

    /// Whether the finding on `item` counts as done (see `register::is_done`).
    pub fn is_done(&self, item: &Item) -> bool {
        self.rows
            .get(&item.id)
            .is_some_and(|r| r.state.is_done(&item.kind))
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
                let checked = s.items.iter().filter(|it| self.is_done(it)).count();
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
                Filter::NotChecked => !row.is_some_and(|r| r.state.is_done(&it.kind)),
                Filter::Failing => st.needs_action(),
                Filter::Conflicts => row.is_some_and(|r| !r.state.conflicts.is_empty()),
            };
            let found = ok && (self.search.is_empty() || self.search_hit(idx, row));
            if found {
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

    pub(super) fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let max = self.visible.len() as isize - 1;
        self.sel = (self.sel as isize + delta).clamp(0, max) as usize;
    }

    /// Whether the search matches item `idx`: its checklist text and what
    /// was recorded for it (the note, the codes of the sampled records).
    fn search_hit(&self, idx: usize, row: Option<&FindingRow>) -> bool {
        let Some(r) = row else {
            return matches_folded(&self.folded[idx], &self.search);
        };
        let mut text = self.folded[idx].clone();
        for part in std::iter::once(r.state.note.as_str())
            .chain(r.state.samples.iter().map(|s| s.code.as_str()))
        {
            text.push(' ');
            text.push_str(&fold(part));
        }
        matches_folded(&text, &self.search)
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

    /// Re-reads whether the inspection is finished; true when it was
    /// finished and now is re-opened (an edit it had not seen).
    pub(super) fn refresh_finish(&mut self, store: &Store) -> bool {
        let Ok(now) = store.finish_state(&self.info.id) else {
            return false;
        };
        let reopened = matches!(self.finish, FinishState::Finished { .. })
            && matches!(now, FinishState::Reopened { .. });
        self.finish = now;
        reopened
    }

    /// Line in `lines` of the selected item.
    fn selected_line(&self) -> usize {
        self.item_line.get(self.sel).copied().unwrap_or(0)
    }

    /// The scroll offset that shows the selection in a list `height` lines
    /// tall, moving the current offset as little as possible; scrolling up,
    /// the line above the selection shows too (often its section header).
    pub fn list_offset(&self, height: u16) -> usize {
        let h = usize::from(height);
        if h == 0 {
            return self.offset;
        }
        let sel = self.selected_line();
        let mut off = self.offset.min(self.lines.len().saturating_sub(1));
        if sel < off {
            off = sel.saturating_sub(1);
        }
        if sel >= off + h {
            off = sel + 1 - h;
        }
        off
    }

    /// Scrolls the detail pane by `rows` (kept within its text by the app,
    /// which knows the pane's size: see `App::follow`).
    pub(super) fn scroll_detail(&mut self, rows: i32) {
        let to = i32::from(self.detail_scroll) + rows;
        self.detail_scroll = u16::try_from(to.max(0)).unwrap_or(u16::MAX);
    }

    /// Scrolls the list so that the selection shows in `height` lines.
    pub(super) fn scroll_to_selection(&mut self, height: u16) {
        self.offset = self.list_offset(height);
    }
}

impl App {
    pub(super) fn inspection_action(&mut self, action: Action) {
        let Screen::Inspection(insp) = &mut self.screen else {
            return;
        };
        let env = &mut self.env;
        // A page is the list's height, less two lines of context.
        let list_height =
            layout::inspection_screen(self.area, insp.progress.len()).map_or(0, |l| l.list.height);
        let page = (list_height.saturating_sub(2) as isize).max(5);
        match insp.mode {
            Mode::Samples { .. } => return samples_action(env, insp, &mut self.prompt, action),
            Mode::Conflicts { .. } => return conflicts_action(env, insp, action),
            Mode::Finish { .. } => {
                return super::finish::finish_action(env, insp, &mut self.prompt, action);
            }
            Mode::Records { .. } => {
                return super::records::records_action(env, insp, &mut self.prompt, action);
            }
            _ => {}
        }
        match action {
            Action::Quit => {
                self.flush();
                self.quit = true;
            }
            Action::Up => insp.move_by(-1),
            Action::Down => insp.move_by(1),
            Action::PageUp => insp.move_by(-page),
            Action::PageDown => insp.move_by(page),
            Action::Top => insp.sel = 0,
            Action::Bottom => insp.sel = insp.visible.len().saturating_sub(1),
            Action::DetailDown => insp.scroll_detail(3),
            Action::DetailUp => insp.scroll_detail(-3),
            Action::SetStatus(s) if !insp.marked.is_empty() => {
                let step: Step = insp
                    .marked
                    .iter()
                    .map(|&i| (insp.item(i).id.clone(), vec![Edit::Status(s)]))
                    .collect();
                save_marked(env, insp, step);
            }
            Action::SetStatus(s) => {
                if let Some(item) = insp.selected_item() {
                    let id = item.id.clone();
                    let at = insp.sel;
                    if apply_undoable(env, insp, &id, vec![Edit::Status(s)]) && env.advance {
                        // Still listed: the next one. Filtered out (it is
                        // checked now): the next one has taken its place.
                        let still = insp.selected_item().is_some_and(|it| it.id == id);
                        let next = if still { at + 1 } else { at };
                        insp.sel = next.min(insp.visible.len().saturating_sub(1));
                    }
                }
            }
            Action::ToggleAdvance => {
                env.advance = !env.advance;
                let value = if env.advance { "on" } else { "off" };
                match env.store.keep_preference(super::ADVANCE, value) {
                    Ok(()) => {
                        let msg = if env.advance {
                            env.s.advance_on
                        } else {
                            env.s.advance_off
                        };
                        env.ok(msg);
                    }
                    Err(e) => env.error(&e.into()),
                }
            }
            Action::EditNote => {
                if let Some(item) = insp.selected_item() {
                    let note = insp
                        .row(&item.id)
                        .map(|r| r.state.note.clone())
                        .unwrap_or_default();
                    let ta = crate::tui::typing::editor(note.lines().map(str::to_owned).collect());
                    insp.note_before = note;
                    insp.mode = Mode::Note(Box::new(ta));
                }
            }
            Action::Search => {
                // The search in force is edited, not a default.
                self.prompt = Some(Prompt {
                    buf: insp.search.clone(),
                    ..Prompt::new(PromptKind::Search)
                })
            }
            Action::Filter => {
                insp.filter = insp.filter.next();
                insp.refilter();
            }
            Action::Undo => step_back(env, insp, Direction::Undo),
            Action::Redo => step_back(env, insp, Direction::Redo),
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
            Action::Finish => super::finish::open_finish(env, insp),
            Action::RecordView => super::records::open_records(env, insp),
            Action::Ratio => match insp.selected_item() {
                Some(it) if matches!(it.kind, CheckKind::Ratio(_)) => {
                    self.prompt = Some(Prompt::new(PromptKind::Ratio));
                }
                Some(it) => env.error(&ops::OpsError::NotRatio(it.id.clone())),
                None => {}
            },
            Action::Evidence => self.prompt = Some(Prompt::new(PromptKind::Evidence)),
            Action::RemoveEvidence => {
                // The newest entry: a recorded change, undone with `u`.
                let last = insp.selected_item().and_then(|it| {
                    let row = insp.row(&it.id)?;
                    let (id, _) = row.state.evidence.last()?;
                    Some((it.id.clone(), id.clone()))
                });
                match last {
                    Some((item, id)) => {
                        apply_undoable(env, insp, &item, vec![Edit::RemoveEvidence(id)]);
                    }
                    None => env.fail(env.s.no_evidence),
                }
            }
            Action::ActionOverride => self.prompt = Some(Prompt::new(PromptKind::ActionOverride)),
            Action::Deadline => self.prompt = Some(Prompt::new(PromptKind::Deadline)),
            Action::Inspector => self.ask_name(),
            Action::Mark => {
                if let Some(idx) = insp.selected() {
                    if !insp.marked.remove(&idx) {
                        insp.marked.insert(idx);
                    }
                    insp.move_by(1);
                }
            }
            Action::MarkSection => {
                if let Some(idx) = insp.selected() {
                    let section = insp.items[idx].0;
                    let of_section: Vec<usize> = (0..insp.items.len())
                        .filter(|&i| insp.items[i].0 == section)
                        .collect();
                    if of_section.iter().all(|i| insp.marked.contains(i)) {
                        for i in of_section {
                            insp.marked.remove(&i);
                        }
                    } else {
                        insp.marked.extend(of_section);
                    }
                }
            }
            Action::BulkNote => {
                if insp.marked.is_empty() {
                    env.fail(env.s.records.nothing_marked);
                } else {
                    self.prompt = Some(Prompt::new(PromptKind::BulkNote));
                }
            }
            Action::Back if !insp.marked.is_empty() => {
                insp.marked.clear();
                env.ok(env.s.records.marks_cleared);
            }
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
}

/// Saves a step over the marked items; once saved, the marks are cleared
/// (the step is done) and the footer says how many items it changed.
fn save_marked(env: &mut super::Env, insp: &mut Inspection, step: Step) {
    let n = step.len();
    if apply_step_undoable(env, insp, step) {
        insp.marked.clear();
        if env.flash.as_ref().is_none_or(|(_, error)| !error) {
            let (before, after) = env.s.records.saved_items;
            env.ok(&format!("{before}{n}{after}"));
        }
    }
}

/// The bulk note prompt answered: `text` appended to every marked item's
/// note, as one step.
pub(super) fn append_note_to_marked(env: &mut super::Env, insp: &mut Inspection, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    let step: Step = insp
        .marked
        .iter()
        .map(|&i| {
            let id = insp.item(i).id.clone();
            let current = insp.row(&id).map(|r| r.state.note.as_str()).unwrap_or("");
            let note = ops::appended_note(current, text);
            (id, vec![Edit::Note(note)])
        })
        .collect();
    save_marked(env, insp, step);
}
