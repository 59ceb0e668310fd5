//! Finishing the inspection from the screen: the list of what is missing
//! (`ops::finish_check`, the rule `parcheck finish` prints), each row a way
//! to the item; finishing anyway asks a reason.

use super::keymap::Action;
use super::{Env, Filter, Inspection, Mode, Prompt, PromptKind, moved};
use crate::ops;

/// `F` on the list: what is missing, read fresh from the store.
pub(super) fn open_finish(env: &mut Env, insp: &mut Inspection) {
    match ops::finish_check(&env.store, &env.catalog, &insp.info) {
        Ok(gaps) => insp.mode = Mode::Finish { sel: 0, gaps },
        // The command line's wording names --reason; here the prompt asks it.
        Err(ops::OpsError::FinishGaps(_)) => env.fail(env.s.records.reason_needed),
        Err(e) => env.error(&e),
    }
}

pub(super) fn finish_action(
    env: &mut Env,
    insp: &mut Inspection,
    prompt: &mut Option<Prompt>,
    action: Action,
) {
    let Mode::Finish { sel, gaps } = &mut insp.mode else {
        return;
    };
    match action {
        Action::Back => insp.mode = Mode::Normal,
        Action::Open => {
            if let Some(gap) = gaps.get(*sel) {
                let id = gap.item_id.clone();
                insp.mode = Mode::Normal;
                jump_to(insp, &id);
            }
        }
        Action::Finish if gaps.is_empty() => finish_with(env, insp, ""),
        Action::Finish => *prompt = Some(Prompt::new(PromptKind::FinishReason)),
        other => *sel = moved(*sel, gaps.len(), other),
    }
}

/// Selects the item `id`, showing every item first if the filter or the
/// search hides it.
fn jump_to(insp: &mut Inspection, id: &str) {
    let find = |insp: &Inspection| insp.visible.iter().position(|&v| insp.item(v).id == id);
    if find(insp).is_none() {
        insp.search.clear();
        insp.filter = Filter::All;
        insp.refilter();
    }
    if let Some(pos) = find(insp) {
        insp.sel = pos;
    }
}

/// Finishes the inspection; `reason` is required by `ops` when something
/// is missing (an empty answer to the prompt finishes nothing).
pub(super) fn finish_with(env: &mut Env, insp: &mut Inspection, reason: &str) {
    match ops::finish(
        &mut env.store,
        &env.catalog,
        &env.actor,
        &insp.info,
        Some(reason),
    ) {
        Ok(despite) => {
            insp.mode = Mode::Normal;
            insp.refresh_finish(&env.store);
            env.ok(if despite.is_empty() {
                env.s.records.finished
            } else {
                env.s.records.finished_despite
            });
        }
        Err(e) => env.error(&e),
    }
}
