//! The conflicts of the selected item: take one side, or write the note
//! that settles a note conflict in an editor holding every side.

use crossterm::event::KeyEvent;

use super::keymap::{self, Action};
use super::{Env, Inspection, Mode};
use crate::core::checklist::Item;
use crate::core::finding::Field;
use crate::ops::{self, Edit, Resolution};

/// Keys of the combined-note editor: Ctrl+S settles the conflict with the
/// text, Esc goes back to the conflicts unchanged, the rest edit the text.
pub(super) fn combined_note_key(env: &mut Env, insp: &mut Inspection, key: KeyEvent) {
    let Mode::CombinedNote { sel, editor } = &mut insp.mode else {
        return;
    };
    let sel = *sel;
    // Only the table's keys are commands; the rest is text.
    let action = keymap::lookup_key(keymap::COMBINED_NOTE, key);
    match action {
        Some(Action::Back) => {
            insp.mode = Mode::Conflicts { sel, side: 0 };
            return;
        }
        Some(Action::SaveResolution) => {}
        _ => {
            super::super::typing::input(editor, key);
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
                env.error(&e);
            }
            insp.refilter();
            insp.mode = Mode::Conflicts { sel: 0, side: 0 };
        }
        Err(e) => env.error(&e),
    }
}

pub(super) fn conflicts_action(env: &mut Env, insp: &mut Inspection, action: Action) {
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
            let editor = super::super::typing::editor(lines);
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
