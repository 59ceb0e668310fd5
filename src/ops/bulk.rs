//! Edits of several findings of one inspection in one step: a whole
//! section marked not applicable with one reason, a status or a note given
//! to the items an inspector marked. Each item still gets its own revision
//! of each field, so merges stay per field; the step is one transaction, so
//! it is saved whole or not at all.

use super::{Edit, Result};
use crate::core::checklist::Item;
use crate::store::{FindingRow, InspectionInfo, Store, WriteOutcome};

/// The edits of one item in a step, and the finding as the editor last
/// read it (None: the current state).
pub struct ItemEdits<'a> {
    pub item: &'a Item,
    pub edits: Vec<Edit>,
    pub base: Option<&'a FindingRow>,
}

/// Applies every item's edits in one transaction, after checking all of
/// them against their items: one refused edit writes nothing. The outcomes
/// follow the order of `targets`, one per edit.
pub fn apply_step(
    store: &mut Store,
    actor: &super::Actor,
    inspection: &InspectionInfo,
    targets: &[ItemEdits<'_>],
) -> Result<Vec<Vec<WriteOutcome>>> {
    let checked = targets
        .iter()
        .map(|t| {
            t.edits
                .iter()
                .map(|e| e.to_field(t.item))
                .collect::<Result<Vec<_>>>()
        })
        .collect::<Result<Vec<_>>>()?;
    let out = store.write(&actor.inspector, |w| {
        let mut out = Vec::with_capacity(targets.len());
        for (t, fields) in targets.iter().zip(&checked) {
            let mut item_out = Vec::with_capacity(fields.len());
            for (field, value) in fields {
                let b = t.base.map(|row| row.base(field));
                item_out.push(w.set_finding_field(
                    &inspection.id,
                    &t.item.id,
                    &t.item.hash,
                    field,
                    value.clone(),
                    b.as_deref(),
                )?);
            }
            out.push(item_out);
        }
        Ok(out)
    })?;
    Ok(out)
}

/// The note an item has after `addition` is appended to `current`: on a
/// line of its own, and not twice (appending the same reason again to a
/// section, some of whose items already have it, changes nothing there).
pub fn appended_note(current: &str, addition: &str) -> String {
    let current = current.trim_end();
    let addition = addition.trim();
    if addition.is_empty() || current.lines().any(|l| l.trim() == addition) {
        return current.to_owned();
    }
    if current.is_empty() {
        addition.to_owned()
    } else {
        format!("{current}\n{addition}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_appended_on_its_own_line_once() {
        assert_eq!(appended_note("", "Xã chưa có DVC"), "Xã chưa có DVC");
        assert_eq!(
            appended_note("Sổ ở phòng khác\n", "Xã chưa có DVC"),
            "Sổ ở phòng khác\nXã chưa có DVC"
        );
        assert_eq!(
            appended_note("A\nXã chưa có DVC", " Xã chưa có DVC "),
            "A\nXã chưa có DVC"
        );
        assert_eq!(appended_note("A", "  "), "A");
    }
}
