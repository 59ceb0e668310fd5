//! Home: the inspections on this database, the new-inspection flow
//! (checklist picker, then unit code and unit name prompts), the team
//! overview, a unit's details, and removing an inspection made by mistake.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use super::keymap::{self, Action, Binding};
use super::{App, Inspection, Prompt, PromptKind, Screen};
use crate::core::register::{Field, Value};
use crate::ops::{self, Removal, UnitField, UnitInput};
use crate::store::{InspectionInfo, InspectionSummary};

pub struct Home {
    pub list: Vec<InspectionSummary>,
    /// Where each inspection ever finished stands, by id.
    pub finished: BTreeMap<String, crate::core::register::FinishState>,
    pub sel: usize,
    /// New-inspection flow: chosen checklist index while picking.
    pub picking: Option<usize>,
    pub new_checklist: Option<String>,
    pub new_code: String,
    pub new_name: String,
    /// The team overview, while shown.
    pub team: Option<TeamCursor>,
    /// Whether the list holds the removed inspections (to restore one).
    pub removed: bool,
    /// A removal (or restore) waiting for y/n.
    pub confirm: Option<Box<(InspectionSummary, Removal)>>,
    /// The unit details panel, while shown.
    pub unit: Option<Box<UnitPanel>>,
    /// A unit's follow-up, while shown.
    pub followup: Option<Box<super::FollowupView>>,
}

/// The selected cell of the team overview and its first visible column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TeamCursor {
    pub row: usize,
    pub col: usize,
    pub first_col: usize,
}

/// The team overview's cells: units (rows) × checklists (columns), each
/// cell the inspections of that pair (several: several campaigns).
pub struct TeamGrid<'a> {
    pub units: Vec<&'a str>,
    pub checklists: Vec<&'a str>,
    pub cells: BTreeMap<(usize, usize), Vec<&'a InspectionSummary>>,
}

impl TeamGrid<'_> {
    pub fn of(list: &[InspectionSummary]) -> TeamGrid<'_> {
        let mut units: Vec<&str> = list.iter().map(|i| i.info.unit_code.as_str()).collect();
        units.sort_unstable();
        units.dedup();
        let mut checklists: Vec<&str> = list.iter().map(|i| i.info.checklist_id.as_str()).collect();
        checklists.sort_unstable();
        checklists.dedup();
        let mut cells: BTreeMap<(usize, usize), Vec<&InspectionSummary>> = BTreeMap::new();
        for i in list {
            let r = units.binary_search(&i.info.unit_code.as_str()).unwrap_or(0);
            let c = checklists
                .binary_search(&i.info.checklist_id.as_str())
                .unwrap_or(0);
            cells.entry((r, c)).or_default().push(i);
        }
        TeamGrid {
            units,
            checklists,
            cells,
        }
    }
}

/// The width of the team overview's unit column and the narrowest a
/// checklist column gets before the columns scroll.
pub const TEAM_UNIT_WIDTH: u16 = 14;
pub const TEAM_MIN_COLUMN: u16 = 20;

/// How many checklist columns fit in the team overview drawn in `area`.
pub fn team_columns_fitting(area: Rect) -> usize {
    let inner = area.width.saturating_sub(2 + TEAM_UNIT_WIDTH + 1);
    usize::from((inner / TEAM_MIN_COLUMN).max(1))
}

/// The rows of a list that fit in `area` (a bordered table with a header).
fn page(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(4)).max(1)
}

/// A unit's details, with the selected field and conflict side.
pub struct UnitPanel {
    pub code: String,
    pub fields: Vec<UnitField>,
    pub sel: usize,
    pub side: usize,
}

impl Home {
    pub(super) fn empty() -> Home {
        Home {
            list: Vec::new(),
            finished: BTreeMap::new(),
            sel: 0,
            picking: None,
            new_checklist: None,
            new_code: String::new(),
            new_name: String::new(),
            team: None,
            removed: false,
            confirm: None,
            unit: None,
            followup: None,
        }
    }

    /// The key table of what is shown on home.
    pub fn bindings(&self) -> &'static [Binding] {
        if self.picking.is_some() {
            keymap::PICKER
        } else if self.followup.is_some() {
            keymap::FOLLOWUP
        } else if self.unit.is_some() {
            keymap::UNIT
        } else if self.team.is_some() {
            keymap::TEAM
        } else if self.removed {
            keymap::REMOVED
        } else {
            keymap::HOME
        }
    }

    /// Keeps the team overview's selected column in view of `area`.
    pub(super) fn follow(&mut self, area: Rect) {
        let Some(t) = self.team.as_mut() else {
            return;
        };
        let n = team_columns_fitting(area);
        if t.col < t.first_col {
            t.first_col = t.col;
        } else if t.col >= t.first_col + n {
            t.first_col = t.col + 1 - n;
        }
    }
}

/// Moves `sel` within `len` rows for a movement action; false for others.
fn move_in(sel: &mut usize, len: usize, action: Action, page: usize) -> bool {
    let last = len.saturating_sub(1);
    *sel = match action {
        Action::Up => sel.saturating_sub(1),
        Action::Down => (*sel + 1).min(last),
        Action::PageUp => sel.saturating_sub(page),
        Action::PageDown => (*sel + page).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return false,
    };
    true
}

impl App {
    pub(super) fn reload_home(&mut self) {
        // Coming back from an inspection, keep it selected.
        let (current, removed) = match &self.screen {
            Screen::Inspection(insp) => (Some(insp.info.id.clone()), false),
            Screen::Home(h) => (h.list.get(h.sel).map(|s| s.info.id.clone()), h.removed),
        };
        self.load_home(current, removed);
    }

    /// Home with the visible (or the removed) inspections, `select`ed if
    /// it is among them.
    fn load_home(&mut self, select: Option<String>, removed: bool) {
        let list = if removed {
            self.env.store.removed_inspections()
        } else {
            self.env.store.inspections()
        };
        match list {
            Ok(list) => {
                let sel = select
                    .and_then(|id| list.iter().position(|s| s.info.id == id))
                    .unwrap_or(0);
                let finished = match self.env.store.finish_states() {
                    Ok(f) => f,
                    Err(e) => {
                        self.env.error(&e.into());
                        BTreeMap::new()
                    }
                };
                self.screen = Screen::Home(Home {
                    list,
                    finished,
                    sel,
                    removed,
                    ..Home::empty()
                });
            }
            Err(e) => self.env.error(&e.into()),
        }
    }

    /// A key while a removal waits for its answer: `y` does it, any
    /// other key leaves everything as it was.
    pub(super) fn home_confirm_key(&mut self, key: KeyEvent) -> bool {
        let Screen::Home(home) = &mut self.screen else {
            return false;
        };
        let Some(asked) = home.confirm.take() else {
            return false;
        };
        let (target, how) = *asked;
        if matches!(key.code, KeyCode::Char('y' | 'Y')) {
            match ops::set_removed(&mut self.env.store, &self.env.actor, &target, how) {
                Ok(_) => {
                    let r = self.env.s.removal;
                    let word = match how {
                        Removal::Remove => r.removed,
                        Removal::Restore => r.restored,
                    };
                    let msg = format!("{word}{}", target_name(&target));
                    let removed_view = home.removed;
                    self.load_home(None, removed_view);
                    self.env.ok(&msg);
                }
                Err(e) => self.env.error(&e),
            }
        }
        true
    }

    pub(super) fn home_action(&mut self, action: Action) {
        let area = self.area;
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        if let Some(p) = home.picking.as_mut() {
            let n = self.env.catalog.entries.len();
            if move_in(p, n, action, page(area)) {
                return;
            }
            match action {
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
        if home.followup.is_some() {
            return self.followup_action(action);
        }
        if home.unit.is_some() {
            return self.unit_action(action);
        }
        if let Some(t) = home.team.as_mut() {
            let grid = TeamGrid::of(&home.list);
            let cols = grid.checklists.len();
            if move_in(&mut t.row, grid.units.len(), action, page(area)) {
                return;
            }
            match action {
                Action::Left => t.col = t.col.saturating_sub(1),
                Action::Right => t.col = (t.col + 1).min(cols.saturating_sub(1)),
                Action::Back => home.team = None,
                Action::Quit => self.quit = true,
                Action::Open => {
                    // Several campaigns of one pair: the one in force first.
                    let campaign = &self.env.actor.campaign;
                    let chosen = grid.cells.get(&(t.row, t.col)).and_then(|c| {
                        c.iter()
                            .find(|i| i.info.campaign == *campaign)
                            .or(c.first())
                            .map(|i| i.info.clone())
                    });
                    if let Some(info) = chosen {
                        self.open(info);
                    }
                }
                _ => {}
            }
            return;
        }
        if move_in(&mut home.sel, home.list.len(), action, page(area)) {
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Team if !home.removed => {
                // The cell of the selected inspection is selected.
                let grid = TeamGrid::of(&home.list);
                let mut cursor = TeamCursor::default();
                if let Some(s) = home.list.get(home.sel) {
                    let find = |v: &[&str], x: &str| v.iter().position(|y| *y == x);
                    cursor.row = find(&grid.units, &s.info.unit_code).unwrap_or(0);
                    cursor.col = find(&grid.checklists, &s.info.checklist_id).unwrap_or(0);
                }
                home.team = Some(cursor);
                home.follow(area);
            }
            Action::New if !home.removed => home.picking = Some(0),
            Action::Inspector => self.ask_name(),
            Action::ShowRemoved => {
                let to = !home.removed;
                self.load_home(None, to);
            }
            Action::Remove => {
                if let Some(s) = home.list.get(home.sel) {
                    let how = if home.removed {
                        Removal::Restore
                    } else {
                        Removal::Remove
                    };
                    home.confirm = Some(Box::new((s.clone(), how)));
                }
            }
            Action::Followup if !home.removed => self.open_followup(),
            Action::UnitDetails if !home.removed => {
                if let Some(code) = home.list.get(home.sel).map(|s| s.info.unit_code.clone()) {
                    self.show_unit(code, 0);
                }
            }
            Action::Open if !home.removed => {
                if let Some(s) = home.list.get(home.sel) {
                    let info = s.info.clone();
                    self.open(info);
                }
            }
            _ => {}
        }
    }

    /// Opens (or refreshes) the unit details panel on field `sel`.
    fn show_unit(&mut self, code: String, sel: usize) {
        match ops::unit_fields(&self.env.store, &code) {
            Ok(fields) => {
                if let Screen::Home(home) = &mut self.screen {
                    home.unit = Some(Box::new(UnitPanel {
                        code,
                        fields,
                        sel,
                        side: 0,
                    }));
                }
            }
            Err(e) => self.env.error(&e),
        }
    }

    fn unit_action(&mut self, action: Action) {
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        let Some(panel) = home.unit.as_mut() else {
            return;
        };
        let n = panel.fields.len();
        let sides = panel.fields.get(panel.sel).map_or(0, |f| f.sides.len());
        let conflict = panel
            .fields
            .get(panel.sel)
            .is_some_and(UnitField::in_conflict);
        match action {
            Action::Up | Action::Down => {
                move_in(&mut panel.sel, n, action, 1);
                panel.side = 0;
            }
            Action::SideLeft => panel.side = panel.side.saturating_sub(1),
            Action::SideRight => panel.side = (panel.side + 1).min(sides.saturating_sub(1)),
            Action::Back => home.unit = None,
            Action::TakeSide if conflict => {
                let field = panel.fields[panel.sel].field.clone();
                let rev = panel.fields[panel.sel].sides[panel.side].rev_id.clone();
                let (code, sel) = (panel.code.clone(), panel.sel);
                let how = ops::UnitResolution::Take(rev);
                match ops::resolve_unit(&mut self.env.store, &self.env.actor, &code, &field, &how) {
                    Ok(_) => {
                        self.after_unit_change(code, sel);
                        self.env.ok(self.env.s.resolved);
                    }
                    Err(e) => self.env.error(&e),
                }
            }
            Action::TakeSide | Action::Edit => {
                let f = &panel.fields[panel.sel];
                let kind = match f.field {
                    Field::UnitKind => PromptKind::UnitKind,
                    Field::UnitProvince => PromptKind::UnitProvince,
                    _ => PromptKind::UnitRename,
                };
                let current = match f.current() {
                    Some(Value::Text(t)) => t,
                    Some(Value::UnitKind(k)) => k.label(self.env.lang).to_owned(),
                    _ => String::new(),
                };
                self.prompt = Some(Prompt::with_placeholder(kind, &current));
            }
            _ => {}
        }
    }

    /// After a unit's details changed: the panel and the list read again.
    fn after_unit_change(&mut self, code: String, sel: usize) {
        let select = match &self.screen {
            Screen::Home(h) => h.list.get(h.sel).map(|s| s.info.id.clone()),
            Screen::Inspection(_) => None,
        };
        self.load_home(select, false);
        self.show_unit(code, sel);
    }

    pub(super) fn open(&mut self, info: InspectionInfo) {
        match Inspection::open(&self.env.store, &self.env.catalog, info) {
            Ok(i) => self.screen = Screen::Inspection(Box::new(i)),
            Err(e) => self.env.error(&e),
        }
    }

    /// The answer to one of the new-inspection or unit-details prompts.
    pub(super) fn submit_home(&mut self, p: Prompt, text: String) {
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        match p.kind {
            PromptKind::UnitCode => {
                home.new_code = text;
                self.prompt = Some(Prompt::new(PromptKind::UnitName));
            }
            PromptKind::UnitName => {
                // Every change is credited to the name in the header,
                // asked on the first run and changed with `i`.
                home.new_name = text;
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
                    Err(e) => self.env.error(&e),
                }
            }
            PromptKind::FollowupReason | PromptKind::FollowupDays | PromptKind::ConclusionDate => {
                self.submit_followup(p, text)
            }
            PromptKind::UnitRename | PromptKind::UnitKind | PromptKind::UnitProvince => {
                let Some(panel) = home.unit.as_ref() else {
                    return;
                };
                let (code, sel) = (panel.code.clone(), panel.sel);
                let field = panel.fields[sel].field.clone();
                // Nothing typed and nothing to keep: the field stays as it is.
                if text.is_empty() {
                    return;
                }
                let changed = ops::unit_value(&field, &text).and_then(|v| {
                    ops::set_unit_field(&mut self.env.store, &self.env.actor, &code, &field, &v)
                });
                match changed {
                    Ok(changed) => {
                        self.after_unit_change(code, sel);
                        let u = self.env.s.unit;
                        self.env.ok(if changed { u.saved } else { u.unchanged });
                    }
                    // Refused: the prompt stays, with what was typed.
                    Err(e) => {
                        self.prompt = Some(Prompt {
                            error: Some(crate::wording::describe(&e, self.env.lang)),
                            ..p
                        });
                    }
                }
            }
            _ => {}
        }
    }
}

/// An inspection as a confirmation or a message names it.
pub fn target_name(s: &InspectionSummary) -> String {
    let unit = crate::core::text::sanitize_for_terminal(&s.info.unit_code, false);
    let checklist = crate::core::text::sanitize_for_terminal(&s.info.checklist_id, false);
    if s.unit_name.is_empty() {
        format!("{unit} · {checklist}")
    } else {
        let name = crate::core::text::sanitize_for_terminal(&s.unit_name, false);
        format!("{unit} {name} · {checklist}")
    }
}
