//! The sample editor: the records drawn for a sampled item, the defects
//! each shows, and the sampling plan.

use super::edit::{Direction, apply_undoable, step_back};
use super::keymap::Action;
use super::{Env, Inspection, Mode, Prompt, PromptKind};
use crate::ops::Edit;

pub(super) fn samples_action(
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
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom => {
            insp.mode = Mode::Samples {
                sel: super::moved(sel, n, action),
            }
        }
        Action::AddRecord => *prompt = Some(Prompt::new(PromptKind::AddRecord)),
        Action::Population => *prompt = Some(Prompt::new(PromptKind::Population)),
        Action::Back => insp.mode = Mode::Normal,
        Action::Undo => step_back(env, insp, Direction::Undo),
        Action::Redo => step_back(env, insp, Direction::Redo),
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
            let defects_of_item = item.kind.defects();
            let Some(defect) = defects_of_item.get(usize::from(k) - 1) else {
                let (before, after) = env.s.defect_beyond;
                return env.fail(format!("{before}{}{after}", defects_of_item.len()));
            };
            let Some(rec) = row.state.samples.get(sel) else {
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
