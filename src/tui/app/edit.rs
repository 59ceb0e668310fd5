//! Writing edits through `ops`, and undoing and redoing them.

use super::{Env, Inspection, Mode};
use crate::ops::{self, Edit};
use crate::store::{FindingRow, WriteOutcome};

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
        Edit::RemoveEvidence(id) => st
            .evidence
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, e)| vec![Edit::AddEvidence(e.clone())])
            .unwrap_or_default(),
        // A plan is not undone to nothing: the previous draw is kept in the history.
        Edit::SamplingPlan { .. } | Edit::GroupSamplingPlan { .. } => vec![],
    }
}

/// One undoable step: the edits of each item it changed, by item id.
pub(in crate::tui) type Step = Vec<(String, Vec<Edit>)>;

/// [`apply`], remembering how to undo the edits with `u`.
pub(super) fn apply_undoable(
    env: &mut Env,
    insp: &mut Inspection,
    item_id: &str,
    edits: Vec<Edit>,
) -> bool {
    apply_step_undoable(env, insp, vec![(item_id.to_owned(), edits)])
}

/// The way back from `step`, from the rows on screen.
fn inverse_step(insp: &Inspection, step: &Step) -> Step {
    step.iter()
        .filter_map(|(id, edits)| {
            let row = insp.row(id).cloned().unwrap_or_default();
            let back: Vec<Edit> = edits.iter().flat_map(|e| inverse_of(e, &row)).collect();
            (!back.is_empty()).then(|| (id.clone(), back))
        })
        .collect()
}

/// [`apply_step`] of several items, remembered as one step: one `u`
/// undoes all of it.
pub(super) fn apply_step_undoable(env: &mut Env, insp: &mut Inspection, step: Step) -> bool {
    let inverse = inverse_step(insp, &step);
    let saved = apply_step(env, insp, step);
    if saved && !inverse.is_empty() {
        let h = env.history_of(&insp.info.id);
        h.undo.push(inverse);
        h.redo.clear();
    }
    saved
}

/// Applies edits to one item against the row on screen, then re-reads it.
/// Returns whether the edits were saved.
pub(super) fn apply(env: &mut Env, insp: &mut Inspection, item_id: &str, edits: Vec<Edit>) -> bool {
    apply_step(env, insp, vec![(item_id.to_owned(), edits)])
}

/// Applies the edits of several items in one transaction, each against its
/// row on screen, then re-reads them. Returns whether they were saved.
pub(super) fn apply_step(env: &mut Env, insp: &mut Inspection, step: Step) -> bool {
    let mut items = Vec::with_capacity(step.len());
    for (id, _) in &step {
        let Some(idx) = insp
            .items
            .iter()
            .position(|&(s, i)| insp.checklist.sections[s].items[i].id == *id)
        else {
            return false;
        };
        items.push(insp.item(idx).clone());
    }
    let bases: Vec<Option<FindingRow>> = step.iter().map(|(id, _)| insp.row(id).cloned()).collect();
    let targets: Vec<ops::ItemEdits<'_>> = step
        .iter()
        .zip(&items)
        .zip(&bases)
        .map(|(((_, edits), item), base)| ops::ItemEdits {
            item,
            edits: edits.clone(),
            base: base.as_ref(),
        })
        .collect();
    let res = ops::apply_step(&mut env.store, &env.actor, &insp.info, &targets);
    let ok = match res {
        Ok(out) => {
            if out
                .iter()
                .flatten()
                .any(|o| matches!(o, WriteOutcome::ChangedElsewhere { .. }))
            {
                env.fail(env.s.changed_elsewhere);
            } else {
                env.ok(env.s.saved);
            }
            true
        }
        Err(e) => {
            env.error(&e);
            false
        }
    };
    for (id, _) in &step {
        if let Err(e) = insp.reload_row(&env.store, id) {
            env.error(&e);
        }
    }
    // The first edit after a finish re-opens the inspection: said so, once.
    if ok && insp.refresh_finish(&env.store) {
        env.ok(env.s.records.reopened_now);
    }
    insp.refilter();
    ok
}

/// Saves the note being edited. Returns false when it could not be saved
/// (disk full, I/O error): the text then stays in the editor, still marked
/// unsaved so the autosave tries again, and the footer says why.
pub(super) fn save_note(env: &mut Env, insp: &mut Inspection) -> bool {
    insp.note_dirty = None;
    let Mode::Note(ta) = &insp.mode else {
        return true;
    };
    let text = ta.lines().join("\n");
    let Some(id) = insp.selected_item().map(|i| i.id.clone()) else {
        return true;
    };
    let current = insp
        .row(&id)
        .map(|r| r.state.note.clone())
        .unwrap_or_default();
    if text.trim_end() == current.trim_end() {
        return true;
    }
    let before = insp.note_before.clone();
    if !apply(env, insp, &id, vec![Edit::Note(text.trim_end().to_owned())]) {
        insp.note_dirty = Some(std::time::Instant::now());
        let why = env.flash.take().map(|(m, _)| m).unwrap_or_default();
        env.fail(format!("{} {why}", env.s.note_not_saved));
        return false;
    }
    // One undo step per editing session, restoring the note as it was.
    let h = env.history_of(&insp.info.id);
    let step = vec![(id, vec![Edit::Note(before)])];
    if h.undo.last() != Some(&step) {
        h.undo.push(step);
    }
    h.redo.clear();
    true
}

/// Which way [`step_back`] goes through the history.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Undo,
    Redo,
}

/// Undoes the last change made to this inspection in this session (also
/// one made before leaving it and coming back), or redoes the last undone
/// one. Either is a new recorded change: history is never erased.
pub(super) fn step_back(env: &mut Env, insp: &mut Inspection, way: Direction) {
    let h = env.history_of(&insp.info.id);
    let popped = match way {
        Direction::Undo => h.undo.pop(),
        Direction::Redo => h.redo.pop(),
    };
    let Some(step) = popped else {
        return env.fail(match way {
            Direction::Undo => env.s.nothing_to_undo,
            Direction::Redo => env.s.nothing_to_redo,
        });
    };
    // The way back from this step, from the rows as they are now.
    let back = inverse_step(insp, &step);
    let first = step.first().map(|(id, _)| id.clone());
    let empty = step.iter().all(|(_, e)| e.is_empty());
    if empty || apply_step(env, insp, step) {
        let h = env.history_of(&insp.info.id);
        if !back.is_empty() {
            match way {
                Direction::Undo => h.redo.push(back),
                Direction::Redo => h.undo.push(back),
            }
        }
        env.ok(match way {
            Direction::Undo => env.s.undone,
            Direction::Redo => env.s.redone,
        });
        // Show the (first) item that changed.
        if let Some(id) = first
            && let Some(pos) = insp.visible.iter().position(|&v| insp.item(v).id == id)
        {
            insp.sel = pos;
        }
    }
}
