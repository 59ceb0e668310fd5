//! The follow-up of one unit on the screen (`f` on home): each item to
//! remedy with its deadline, the working days left or overdue, what the
//! unit reported and the team's verdict; accepting or refusing it, and
//! recording the conclusion date. Every list and every record goes through
//! `ops::followup`, as `parcheck followup` and `followup verify` do.

use chrono::NaiveDate;

use super::keymap::Action;
use super::{App, Env, Prompt, PromptKind, Screen};
use crate::core::calendar::Calendar;
use crate::core::followup::{ConclusionSource, State};
use crate::core::input;
use crate::ops::followup::{self as fu, ConclusionDates, FollowupError, FollowupItem, Judgement};

/// One unit's follow-up in one campaign, as last read from the store.
pub struct FollowupView {
    pub unit: String,
    pub unit_name: String,
    pub campaign: String,
    /// The date the deadlines count from, and where it comes from.
    pub conclusion: NaiveDate,
    pub source: ConclusionSource,
    /// Whether devices recorded different conclusion dates.
    pub disputed: bool,
    /// The day working days are counted to.
    pub as_of: NaiveDate,
    pub items: Vec<FollowupItem>,
    pub sel: usize,
    /// A refusal's reason, kept while its new time is asked.
    pub reason: Option<String>,
}

impl FollowupView {
    pub fn selected(&self) -> Option<&FollowupItem> {
        self.items.get(self.sel)
    }
}

impl Env {
    /// The day the screen counts from: today, unless a test fixed it.
    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// The bundled holiday calendar, which the notices count with unless a
/// holiday file extends it on the command line.
fn calendar() -> Calendar {
    Calendar::bundled()
}

/// Reads `unit`'s follow-up in `campaign`, `sel` kept within it.
fn load(
    env: &Env,
    unit: &str,
    unit_name: &str,
    campaign: &str,
    sel: usize,
) -> Result<FollowupView, FollowupError> {
    let today = env.today();
    let dates = ConclusionDates::read(&env.store, None, today)?;
    let (conclusion, source) = dates.of(campaign, unit);
    let disputed = dates.stored(campaign, unit).is_some_and(|s| s.disputed);
    let listing = fu::list(
        &env.store,
        &env.catalog,
        &calendar(),
        &dates,
        today,
        env.lang,
        Some(unit),
    )?;
    let items: Vec<FollowupItem> = listing
        .items
        .into_iter()
        .filter(|i| i.campaign == campaign)
        .collect();
    Ok(FollowupView {
        unit: unit.to_owned(),
        unit_name: unit_name.to_owned(),
        campaign: campaign.to_owned(),
        conclusion,
        source,
        disputed,
        as_of: today,
        sel: sel.min(items.len().saturating_sub(1)),
        items,
        reason: None,
    })
}

impl Env {
    fn followup_failed(&mut self, e: &FollowupError) {
        let (msg, _) = e.describe(self.lang);
        self.fail(msg);
    }
}

impl App {
    /// `f` on home: the follow-up of the selected inspection's unit, in
    /// that inspection's campaign.
    pub(super) fn open_followup(&mut self) {
        let Screen::Home(home) = &self.screen else {
            return;
        };
        let Some(s) = home.list.get(home.sel) else {
            return;
        };
        let (unit, name, campaign) = (
            s.info.unit_code.clone(),
            s.unit_name.clone(),
            s.info.campaign.clone(),
        );
        self.show_followup(&unit, &name, &campaign, 0);
    }

    fn show_followup(&mut self, unit: &str, name: &str, campaign: &str, sel: usize) {
        match load(&self.env, unit, name, campaign, sel) {
            Ok(view) => {
                if let Screen::Home(home) = &mut self.screen {
                    home.followup = Some(Box::new(view));
                }
            }
            Err(e) => self.env.followup_failed(&e),
        }
    }

    /// Reads the open view again after a change.
    fn reload_followup(&mut self) {
        let Screen::Home(home) = &self.screen else {
            return;
        };
        let Some(v) = home.followup.as_ref() else {
            return;
        };
        let (unit, name, campaign, sel) = (
            v.unit.clone(),
            v.unit_name.clone(),
            v.campaign.clone(),
            v.sel,
        );
        self.show_followup(&unit, &name, &campaign, sel);
    }

    pub(super) fn followup_action(&mut self, action: Action) {
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        let Some(view) = home.followup.as_mut() else {
            return;
        };
        match action {
            Action::Back => home.followup = None,
            Action::Quit => self.quit = true,
            Action::Accept => {
                if view.selected().is_some() {
                    self.record_verdict(Judgement::Accept);
                }
            }
            Action::Reject => {
                if view.selected().is_some_and(|i| i.state != State::Verified) {
                    view.reason = None;
                    self.prompt = Some(Prompt::new(PromptKind::FollowupReason));
                } else if view.selected().is_some() {
                    let msg = self.env.s.followup.already_verified;
                    self.env.fail(msg);
                }
            }
            Action::Conclude => {
                let shown = view.conclusion.format("%d/%m/%Y").to_string();
                let placeholder = if view.source == ConclusionSource::Stored {
                    shown
                } else {
                    String::new()
                };
                self.prompt = Some(Prompt::with_placeholder(
                    PromptKind::ConclusionDate,
                    &placeholder,
                ));
            }
            other => view.sel = super::moved(view.sel, view.items.len(), other),
        }
    }

    /// The answer to one of the follow-up view's prompts.
    pub(super) fn submit_followup(&mut self, p: Prompt, text: String) {
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        let Some(view) = home.followup.as_mut() else {
            return;
        };
        match p.kind {
            PromptKind::FollowupReason => {
                // Nothing typed: nothing is refused.
                if text.is_empty() {
                    return;
                }
                view.reason = Some(text);
                self.prompt = Some(Prompt::new(PromptKind::FollowupDays));
            }
            PromptKind::FollowupDays => {
                let Some(reason) = view.reason.take() else {
                    return;
                };
                let days = if text.is_empty() {
                    None
                } else {
                    match input::number(&text) {
                        Ok(n) if n > 0 => Some(n),
                        _ => {
                            // Asked again, the reason kept.
                            view.reason = Some(reason);
                            self.prompt = Some(Prompt {
                                buf: p.buf.clone(),
                                error: Some(self.env.s.followup.bad_days.to_owned()),
                                ..p
                            });
                            return;
                        }
                    }
                };
                self.record_verdict(Judgement::Reject { reason, days });
            }
            PromptKind::ConclusionDate => {
                if text.is_empty() {
                    return;
                }
                let Some(date) = fu::parse_date(&text) else {
                    self.prompt = Some(Prompt {
                        buf: p.buf.clone(),
                        error: Some(self.env.s.followup.bad_date.to_owned()),
                        ..p
                    });
                    return;
                };
                let (unit, campaign) = (view.unit.clone(), view.campaign.clone());
                match fu::conclude(&mut self.env.store, &self.env.actor, &unit, &campaign, date) {
                    Ok(_) => {
                        self.reload_followup();
                        let msg = format!(
                            "{}{}",
                            self.env.s.followup.concluded,
                            date.format("%d/%m/%Y")
                        );
                        self.env.ok(&msg);
                    }
                    Err(e) => self.env.followup_failed(&e),
                }
            }
            _ => {}
        }
    }

    /// Records the team's verdict on the selected item, as `followup
    /// verify` records it, dated today.
    fn record_verdict(&mut self, judgement: Judgement) {
        let Screen::Home(home) = &self.screen else {
            return;
        };
        let Some(view) = home.followup.as_ref() else {
            return;
        };
        let Some(item) = view.selected() else {
            return;
        };
        let (unit, id) = (view.unit.clone(), item.id.clone());
        let today = self.env.today();
        let dates = match ConclusionDates::read(&self.env.store, None, today) {
            Ok(d) => d,
            Err(e) => return self.env.followup_failed(&e.into()),
        };
        let lang = self.env.lang;
        let done = fu::verify(
            &mut self.env.store,
            &self.env.catalog,
            &calendar(),
            &dates,
            &self.env.actor,
            &unit,
            &id,
            &judgement,
            today,
            lang,
        );
        match done {
            Ok(after) => {
                self.reload_followup();
                let f = self.env.s.followup;
                let msg = match judgement {
                    Judgement::Accept => format!("{}{}", f.accepted, after.item),
                    Judgement::Reject { .. } => format!("{}{}", f.rejected, after.item),
                };
                self.env.ok(&msg);
            }
            Err(e) => self.env.followup_failed(&e),
        }
    }
}
