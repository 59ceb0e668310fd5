//! The one-line prompt of the status bar: search, and the values typed
//! for the selected item (record code, population, ratio, evidence,
//! action, deadline).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::edit::apply_undoable;
use super::{App, Mode, Screen};
use crate::core::input;
use crate::ops::{self, Edit, OpsError};
use crate::tui::keymap::{self, Action};
use crate::tui::typing;

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
    /// One note appended to every marked item.
    BulkNote,
    /// Why the inspection is finished although something is missing.
    FinishReason,
    /// A record code added to a whole sample group.
    GroupRecord,
    /// The population a sample group's one draw is taken from.
    GroupPopulation,
    /// A unit's details, changed from home (`u`).
    UnitRename,
    UnitKind,
    UnitProvince,
    /// Why a unit's remediation is not accepted (the follow-up view).
    FollowupReason,
    /// Its new time in working days (blank: none).
    FollowupDays,
    /// The date of the unit's conclusion notice.
    ConclusionDate,
}

#[derive(Debug, Clone)]
pub struct Prompt {
    pub kind: PromptKind,
    /// What has been typed.
    pub buf: String,
    /// The default, shown dim while nothing is typed: the first character
    /// typed replaces it, and Enter on an empty prompt takes it.
    pub placeholder: String,
    /// A prompt that must be answered (the first run's name): Esc quits
    /// the app instead of closing it.
    pub required: bool,
    /// Why the last answer was refused, shown before the label.
    pub error: Option<String>,
    /// Where typing goes, a byte offset into `buf`; `None` is the end (so
    /// a prompt made with text in it starts with the cursor after it).
    pub cursor: Option<usize>,
}

impl Prompt {
    /// An empty prompt of this kind.
    pub(super) fn new(kind: PromptKind) -> Self {
        Prompt {
            kind,
            buf: String::new(),
            placeholder: String::new(),
            required: false,
            error: None,
            cursor: None,
        }
    }

    /// The cursor's byte offset into `buf`.
    pub fn cursor(&self) -> usize {
        self.cursor
            .map_or(self.buf.len(), |c| c.min(self.buf.len()))
    }

    /// Types `text` at the cursor.
    pub(super) fn type_text(&mut self, text: &str) {
        let at = self.cursor();
        let at = typing::insert(&mut self.buf, at, text);
        self.cursor = Some(at);
        self.error = None;
    }

    /// An empty prompt whose default is `placeholder`.
    pub(super) fn with_placeholder(kind: PromptKind, placeholder: &str) -> Self {
        Prompt {
            placeholder: placeholder.to_owned(),
            ..Prompt::new(kind)
        }
    }

    /// The answer: what was typed, trimmed, or the default if nothing was.
    pub fn answer(&self) -> String {
        let typed = self.buf.trim();
        if typed.is_empty() {
            self.placeholder.trim().to_owned()
        } else {
            typed.to_owned()
        }
    }
}

impl App {
    pub(super) fn prompt_key(&mut self, key: KeyEvent) {
        let Some(p) = self.prompt.as_mut() else {
            return;
        };
        let at = p.cursor();
        match keymap::lookup_key(keymap::PROMPT, key) {
            Some(Action::Back) if p.required => {
                self.quit = true;
                return;
            }
            Some(Action::Back) => {
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
            Some(Action::Submit) => {
                let p = self.prompt.take().expect("checked above");
                self.submit(p);
                return;
            }
            Some(Action::CursorLeft) => p.cursor = Some(typing::left(&p.buf, at)),
            Some(Action::CursorRight) => p.cursor = Some(typing::right(&p.buf, at)),
            Some(Action::LineStart) => p.cursor = Some(0),
            Some(Action::LineEnd) => p.cursor = None,
            Some(Action::DeleteToStart) => {
                p.buf.replace_range(..at, "");
                p.cursor = Some(0);
            }
            Some(Action::DeleteWord) => p.cursor = Some(typing::delete_word(&mut p.buf, at)),
            _ => match key.code {
                KeyCode::Backspace => p.cursor = Some(typing::backspace(&mut p.buf, at)),
                KeyCode::Delete => typing::delete(&mut p.buf, at),
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    p.type_text(c.encode_utf8(&mut [0; 4]));
                }
                _ => return,
            },
        }
        p.error = None;
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
        let text = p.answer();
        if p.kind == PromptKind::Inspector {
            return self.submit_name(p, &text);
        }
        if let Screen::Home(_) = self.screen {
            return self.submit_home(p, text);
        }
        let Screen::Inspection(insp) = &mut self.screen else {
            return;
        };
        let env = &mut self.env;
        if p.kind == PromptKind::BulkNote {
            return super::inspection::append_note_to_marked(env, insp, &text);
        }
        if p.kind == PromptKind::FinishReason {
            return super::finish::finish_with(env, insp, &text);
        }
        if p.kind == PromptKind::GroupRecord {
            return super::records::add_group_record(env, insp, &text);
        }
        if p.kind == PromptKind::GroupPopulation {
            if text.is_empty() {
                return;
            }
            return match input::number(&text) {
                Ok(n) => super::records::draw_group(env, insp, n),
                Err(e) => env.error(&OpsError::input("population", e)),
            };
        }
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
            PromptKind::Population => {
                if text.is_empty() {
                    return;
                }
                match input::number(&text) {
                    Ok(population) => {
                        // A seed from the clock, recorded with the plan, so the draw can be repeated.
                        // Six digits: short enough to copy into the minutes by hand.
                        let seed = chrono::Utc::now().timestamp_millis().unsigned_abs() % 1_000_000;
                        Edit::SamplingPlan { population, seed }
                    }
                    Err(e) => return env.error(&OpsError::input("population", e)),
                }
            }
            PromptKind::Ratio => {
                if text.is_empty() {
                    Edit::Ratio(None)
                } else {
                    match input::ratio(&text) {
                        Ok(r) => Edit::Ratio(Some(r)),
                        Err(e) => return env.error(&OpsError::input("ratio", e)),
                    }
                }
            }
            PromptKind::Evidence => {
                if text.is_empty() {
                    return;
                }
                match ops::evidence(&text) {
                    Ok(e) => Edit::AddEvidence(e),
                    Err(e) => return env.error(&e),
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
                        Err(e) => return env.error(&OpsError::input("deadline", e)),
                    }
                }
            }
            PromptKind::UnitCode
            | PromptKind::UnitName
            | PromptKind::Inspector
            | PromptKind::BulkNote
            | PromptKind::FinishReason
            | PromptKind::GroupRecord
            | PromptKind::GroupPopulation
            | PromptKind::UnitRename
            | PromptKind::UnitKind
            | PromptKind::UnitProvince
            | PromptKind::FollowupReason
            | PromptKind::FollowupDays
            | PromptKind::ConclusionDate => return,
        };
        let ratio = matches!(edit, Edit::Ratio(Some(_)));
        if apply_undoable(env, insp, &item_id, vec![edit]) && ratio {
            propose_status(env, insp, &item_id);
        }
    }

    /// Opens the prompt that changes the inspector name, the current name
    /// as its default.
    pub(super) fn ask_name(&mut self) {
        self.prompt = Some(Prompt::with_placeholder(
            PromptKind::Inspector,
            &self.env.actor.inspector,
        ));
    }

    /// The inspector name typed: checked, kept for this database, and the
    /// author of every change from now on. A refused name asks again.
    fn submit_name(&mut self, p: Prompt, text: &str) {
        if text.is_empty() && !p.required {
            return;
        }
        match ops::keep_inspector(&self.env.store, text) {
            Ok(name) => {
                let changed = name != self.env.actor.inspector;
                self.env.actor.inspector = name;
                if let Some((checklist, unit)) = self.pending.take() {
                    match ops::open_inspection(
                        &mut self.env.store,
                        &self.env.catalog,
                        &self.env.actor,
                        &checklist,
                        &unit,
                    ) {
                        Ok(info) => self.open(info),
                        Err(e) => self.env.error(&e),
                    }
                } else if changed && !p.required {
                    let msg = format!("{}{}", self.env.s.name_changed, self.env.actor.inspector);
                    self.env.ok(&msg);
                }
            }
            Err(e) => {
                self.prompt = Some(Prompt {
                    buf: p.buf.clone(),
                    error: Some(crate::wording::describe(&e, self.env.lang)),
                    ..p
                });
            }
        }
    }
}

/// After a measurement, the status it implies and its key, as sampling
/// shows it in the detail pane: "đã lưu · gợi ý: không đạt (phím 3)". The
/// inspector decides; nothing is set.
fn propose_status(env: &mut super::Env, insp: &super::Inspection, item_id: &str) {
    let Some((item, row)) = insp
        .selected_item()
        .filter(|it| it.id == item_id)
        .zip(insp.row(item_id))
    else {
        return;
    };
    let Some(status) = crate::core::finding::suggested_status(&item.kind, &row.state) else {
        return;
    };
    if status == row.state.status {
        return;
    }
    let key = keymap::INSPECTION
        .iter()
        .find(|b| b.action == Action::SetStatus(status))
        .map_or("", |b| b.label);
    let name = crate::tui::ui::status_name(env.s, status);
    let msg = format!(
        "{} · {}: {name} ({} {key})",
        env.s.saved, env.s.suggested, env.s.key_word
    );
    env.ok(&msg);
}
