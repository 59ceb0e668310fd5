//! The record view of a sample group: the records drawn once for every
//! item of the group, and for the selected record every defect type of
//! every item, toggled in place. Each change is one step of the items' own
//! sample revisions (`ops::records`), undone with one `u`.

use super::edit::{Direction, Step, apply_step_undoable, step_back};
use super::keymap::Action;
use super::{Env, Inspection, Mode, Prompt, PromptKind};
use crate::core::checklist::Item;
use crate::ops;

/// One line of the record view a cursor can stand on: a defect type of an
/// item, or the record's "not found" outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordLine {
    Defect { item: String, defect: String },
    NotFound,
}

/// The group's items, owned (the view writes through `insp` meanwhile).
pub fn group_items(insp: &Inspection, group: &str) -> Vec<Item> {
    ops::group_items(&insp.checklist, group)
        .into_iter()
        .cloned()
        .collect()
}

/// The lines of the view, in order: each item's defect types, then "not
/// found".
pub fn record_lines(items: &[Item]) -> Vec<RecordLine> {
    let mut lines: Vec<RecordLine> = items
        .iter()
        .flat_map(|it| {
            it.kind.defects().iter().map(|d| RecordLine::Defect {
                item: it.id.clone(),
                defect: d.id.clone(),
            })
        })
        .collect();
    lines.push(RecordLine::NotFound);
    lines
}

/// The record codes of the group, sorted.
pub fn records_of(insp: &Inspection, items: &[Item]) -> Vec<String> {
    let refs: Vec<&Item> = items.iter().collect();
    ops::group_records(&refs, &insp.rows)
}

/// `R` on an item of a sample group: its record view.
pub(super) fn open_records(env: &mut Env, insp: &mut Inspection) {
    match insp
        .selected_item()
        .and_then(|it| ops::group_of(it).map(str::to_owned))
    {
        Some(group) => {
            insp.mode = Mode::Records {
                group,
                rec: 0,
                line: 0,
                confirm_remove: false,
            }
        }
        None => env.fail(env.s.records.no_group),
    }
}

pub(super) fn records_action(
    env: &mut Env,
    insp: &mut Inspection,
    prompt: &mut Option<Prompt>,
    action: Action,
) {
    let Mode::Records {
        group,
        rec,
        line,
        confirm_remove,
    } = &insp.mode
    else {
        return;
    };
    let (group, rec, line, asked) = (group.clone(), *rec, *line, *confirm_remove);
    let items = group_items(insp, &group);
    let refs: Vec<&Item> = items.iter().collect();
    let codes = records_of(insp, &items);
    let lines = record_lines(&items);
    let code = codes.get(rec).cloned();
    let set = |insp: &mut Inspection, rec: usize, line: usize, confirm_remove: bool| {
        insp.mode = Mode::Records {
            group: group.clone(),
            rec,
            line,
            confirm_remove,
        };
    };
    let save = |env: &mut Env, insp: &mut Inspection, step: Step| {
        if !step.is_empty() {
            apply_step_undoable(env, insp, step);
        }
    };
    match action {
        Action::Up | Action::Down | Action::Top | Action::Bottom => {
            set(insp, rec, super::moved(line, lines.len(), action), false)
        }
        Action::Right => set(
            insp,
            (rec + 1).min(codes.len().saturating_sub(1)),
            line,
            false,
        ),
        Action::Left => set(insp, rec.saturating_sub(1), line, false),
        Action::Back => insp.mode = Mode::Normal,
        Action::Undo => step_back(env, insp, Direction::Undo),
        Action::Redo => step_back(env, insp, Direction::Redo),
        Action::AddRecord => *prompt = Some(Prompt::new(PromptKind::GroupRecord)),
        Action::Population => *prompt = Some(Prompt::new(PromptKind::GroupPopulation)),
        Action::Mark => {
            let Some(code) = code else {
                return env.fail(env.s.records.no_records);
            };
            let step = match &lines[line.min(lines.len() - 1)] {
                RecordLine::Defect { item, defect } => {
                    let it = refs.iter().find(|i| i.id == *item).expect("a group item");
                    vec![ops::toggle_defect(it, &insp.rows, &code, defect)]
                }
                RecordLine::NotFound => {
                    let now = refs.iter().all(|it| {
                        ops::defects_of(it, &insp.rows, &code)
                            .is_some_and(|d| d.iter().any(|x| x == crate::core::finding::NOT_FOUND))
                    });
                    ops::set_not_found(&refs, &code, !now)
                }
            };
            save(env, insp, step);
        }
        Action::RemoveRecord => {
            let Some(code) = code else {
                return env.fail(env.s.records.no_records);
            };
            if asked {
                let step = ops::remove_record(&refs, &insp.rows, &code);
                save(env, insp, step);
                set(insp, rec.min(codes.len().saturating_sub(2)), line, false);
            } else {
                let (before, after) = env.s.records.remove_asks;
                env.fail(format!("{before}{code}{after}{}", items.len()));
                set(insp, rec, line, true);
            }
        }
        _ => {}
    }
}

/// A record code typed in the record view: added to every item of the
/// group, and shown.
pub(super) fn add_group_record(env: &mut Env, insp: &mut Inspection, text: &str) {
    let Mode::Records { group, line, .. } = &insp.mode else {
        return;
    };
    let (group, line) = (group.clone(), *line);
    if text.trim().is_empty() {
        return;
    }
    let items = group_items(insp, &group);
    let refs: Vec<&Item> = items.iter().collect();
    let step = ops::add_record(&refs, &insp.rows, text);
    if !step.is_empty() && !apply_step_undoable(env, insp, step) {
        return;
    }
    let code = crate::core::text::nfc(text.trim());
    let rec = records_of(insp, &items)
        .iter()
        .position(|c| *c == code)
        .unwrap_or(0);
    insp.mode = Mode::Records {
        group,
        rec,
        line,
        confirm_remove: false,
    };
}

/// The population typed in the record view: one draw for the group.
pub(super) fn draw_group(env: &mut Env, insp: &mut Inspection, population: u32) {
    let Mode::Records { group, .. } = &insp.mode else {
        return;
    };
    let items = group_items(insp, &group.clone());
    let refs: Vec<&Item> = items.iter().collect();
    // A seed from the clock, recorded with the draw, as for one item.
    let seed = chrono::Utc::now().timestamp_millis().unsigned_abs() % 1_000_000;
    let step = ops::group_draw(&refs, population, seed);
    super::edit::apply_step(env, insp, step);
}
