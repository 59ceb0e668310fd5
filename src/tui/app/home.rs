//! Home: the inspections on this database, and the new-inspection flow
//! (checklist picker, then unit code and unit name prompts).

use super::keymap::Action;
use super::{App, Inspection, Prompt, PromptKind, Screen};
use crate::ops::{self, UnitInput};
use crate::store::{InspectionInfo, InspectionSummary};

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

impl Home {
    pub(super) fn empty() -> Home {
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

impl App {
    pub(super) fn reload_home(&mut self) {
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
            Err(e) => self.env.error(&e.into()),
        }
    }

    pub(super) fn home_action(&mut self, action: Action) {
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
            Action::Inspector => self.ask_name(),
            Action::Open => {
                if let Some(s) = home.list.get(home.sel) {
                    let info = s.info.clone();
                    self.open(info);
                }
            }
            _ => {}
        }
    }

    pub(super) fn open(&mut self, info: InspectionInfo) {
        match Inspection::open(&self.env.store, &self.env.catalog, info) {
            Ok(i) => self.screen = Screen::Inspection(Box::new(i)),
            Err(e) => self.env.error(&e),
        }
    }

    /// The answer to one of the new-inspection prompts.
    pub(super) fn submit_home(&mut self, kind: PromptKind, text: String) {
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        match kind {
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
            _ => {}
        }
    }
}
