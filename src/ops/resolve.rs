//! Settling a conflicted field: taking one side, or writing a value that
//! goes through the same checks as any edit.

use super::{Actor, Edit, OpsError, Result, evidence, evidence_id};
use crate::core::checklist::Item;
use crate::core::finding::Field;
use crate::core::input;
use crate::core::revision::finding_key;
use crate::store::{InspectionInfo, Store};

/// How a conflict is settled.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// The value of one side (a revision id of the field).
    Take(String),
    /// A new value, checked against the item like any edit.
    Set(Edit),
}

/// Empty text: the field is cleared.
fn optional(t: &str) -> Option<&str> {
    Some(t.trim()).filter(|t| !t.is_empty())
}

impl Resolution {
    /// A value typed for `field` (`resolve --value`), parsed as the same
    /// edit `record` and the screen would make.
    pub fn parse(field: &Field, text: &str) -> Result<Resolution> {
        let bad = |e| OpsError::input(field.key(), e);
        let edit = match field {
            Field::Status => Edit::Status(input::status(text).map_err(bad)?),
            Field::Note => Edit::Note(text.to_owned()),
            Field::ActionOverride => Edit::ActionOverride(optional(text).map(str::to_owned)),
            Field::DeadlineOverride => Edit::DeadlineOverride(
                optional(text)
                    .map(input::deadline)
                    .transpose()
                    .map_err(bad)?,
            ),
            Field::Ratio => Edit::Ratio(optional(text).map(input::ratio).transpose().map_err(bad)?),
            Field::Sample(code) => Edit::Sample {
                code: code.clone(),
                defects: input::defect_list(text),
            },
            Field::Evidence(id) => {
                let e = evidence(text)?;
                if evidence_id(&e) != *id {
                    return Err(OpsError::NotSettable {
                        field: field.key(),
                        why: "evidence is identified by its content, and this is other evidence",
                    });
                }
                Edit::AddEvidence(e)
            }
            Field::Sampling => {
                return Err(OpsError::NotSettable {
                    field: field.key(),
                    why: "a sampling draw is kept as drawn",
                });
            }
            Field::FollowupReported | Field::FollowupVerdict => {
                return Err(OpsError::NotSettable {
                    field: field.key(),
                    why: "a report-back or verdict is recorded with `parcheck followup`",
                });
            }
            Field::UnitName
            | Field::UnitKind
            | Field::UnitProvince
            | Field::Checklist
            | Field::Removed
            | Field::Finished
            | Field::ConclusionDate => {
                return Err(OpsError::UnknownField(field.key()));
            }
        };
        Ok(Resolution::Set(edit))
    }
}

/// Settles a conflicted field of a finding: a revision superseding every
/// side. Nothing is written unless the field is in conflict and the
/// resolution is valid for it.
pub fn resolve(
    store: &mut Store,
    actor: &Actor,
    inspection: &InspectionInfo,
    item: &Item,
    field: &Field,
    how: &Resolution,
) -> Result<String> {
    if !field.of_finding() {
        return Err(OpsError::UnknownField(field.key()));
    }
    let key = finding_key(&inspection.id, &item.id);
    let value = match how {
        Resolution::Take(rev) => {
            store
                .register_value(rev, &key, &field.key())?
                .ok_or_else(|| OpsError::NotThisField {
                    rev: rev.clone(),
                    field: field.key(),
                })?
        }
        Resolution::Set(edit) => {
            let (written, value) = edit.to_field(item)?;
            if written != *field {
                return Err(OpsError::NotSettable {
                    field: field.key(),
                    why: "the value given is for another field",
                });
            }
            value
        }
    };
    let row = store.finding_row(&inspection.id, &item.id)?;
    if !row.state.conflicts.iter().any(|c| c.field == field.key()) {
        return Err(OpsError::NoConflict {
            item: item.id.clone(),
            field: field.key(),
        });
    }
    Ok(store.write(&actor.inspector, |w| {
        w.resolve(&key, &field.key(), value, Some(&item.hash))
    })?)
}
