//! A unit's details (name, kind, province): reading them with their
//! conflicts, changing them, and settling a conflict, for the screen and
//! `parcheck resolve --unit` alike.

use super::{Actor, OpsError, Result};
use crate::core::checklist::UnitKind;
use crate::core::finding::ConflictSide;
use crate::core::register::{self, Field, Value};
use crate::core::revision::unit_entity;
use crate::core::text::{fold, nfc, sanitize_for_terminal};
use crate::store::Store;

/// The longest unit name or province, in characters.
pub const MAX_UNIT_TEXT: usize = 200;

/// The fields of a unit, in the order they are shown and asked.
pub const UNIT_FIELDS: [Field; 3] = [Field::UnitName, Field::UnitKind, Field::UnitProvince];

/// One field of a unit as stored: every head, newest first (several
/// differing ones: a conflict).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitField {
    pub field: Field,
    pub sides: Vec<ConflictSide>,
}

impl UnitField {
    pub fn in_conflict(&self) -> bool {
        register::in_conflict(self.sides.iter().map(|s| &s.value))
    }

    /// The newest value, as text for a prompt (a kind by its code).
    pub fn current(&self) -> Option<Value> {
        self.sides
            .first()
            .and_then(|s| Value::decode(&self.field, &s.value).ok())
            .filter(|v| *v != Value::Cleared)
    }
}

/// A unit's three fields, each with its heads. Unknown unit: an error.
pub fn unit_fields(store: &Store, code: &str) -> Result<Vec<UnitField>> {
    if store.unit(code)?.is_none() {
        return Err(OpsError::UnknownUnit(sanitize_for_terminal(code, false)));
    }
    let mut heads = store.unit_heads(code)?;
    Ok(UNIT_FIELDS
        .iter()
        .map(|f| UnitField {
            field: f.clone(),
            sides: heads.remove(&f.key()).unwrap_or_default(),
        })
        .collect())
}

/// A kind of unit as typed: its number in [`UnitKind::ALL`] (1–5), its
/// code, or its name in either language, accents optional.
pub fn parse_unit_kind(text: &str) -> Result<UnitKind> {
    let t = text.trim();
    let folded = fold(t);
    let found = t
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| UnitKind::ALL.get(i).copied())
        .or_else(|| UnitKind::from_code(t))
        .or_else(|| {
            UnitKind::ALL.into_iter().find(|k| {
                [crate::core::lang::Lang::Vi, crate::core::lang::Lang::En]
                    .iter()
                    .any(|l| fold(k.label(*l)) == folded)
            })
        });
    found.ok_or_else(|| OpsError::UnitKind(sanitize_for_terminal(t, false)))
}

/// A value typed for a unit field, checked: a name or province of 1–200
/// printable characters (NFC), a kind as [`parse_unit_kind`] reads it.
pub fn unit_value(field: &Field, text: &str) -> Result<Value> {
    match field {
        Field::UnitKind => parse_unit_kind(text).map(Value::UnitKind),
        Field::UnitName | Field::UnitProvince => {
            let t = nfc(text.trim());
            if t.is_empty() || t.chars().count() > MAX_UNIT_TEXT || t.chars().any(char::is_control)
            {
                return Err(OpsError::UnitDetail {
                    field: field.key(),
                    value: sanitize_for_terminal(text, false),
                });
            }
            Ok(Value::Text(t))
        }
        other => Err(OpsError::UnknownField(other.key())),
    }
}

/// Changes one field of a unit. A field in conflict is settled by the
/// change (the value given supersedes every side). Returns whether
/// anything was written.
pub fn set_unit_field(
    store: &mut Store,
    actor: &Actor,
    code: &str,
    field: &Field,
    value: &Value,
) -> Result<bool> {
    let current = unit_fields(store, code)?
        .into_iter()
        .find(|f| f.field == *field)
        .ok_or_else(|| OpsError::UnknownField(field.key()))?;
    let raw = value.encode();
    if !current.in_conflict() && current.sides.first().map(|s| &s.value) == Some(&raw) {
        return Ok(false);
    }
    let entity = unit_entity(code);
    store.write(&actor.inspector, |w| {
        w.resolve(&entity, &field.key(), raw, None)
    })?;
    Ok(true)
}

/// How a unit field's conflict is settled: one side (a revision id), or a
/// value typed (checked as [`unit_value`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitResolution {
    Take(String),
    Set(String),
}

/// Settles a conflicted field of a unit. Nothing is written unless the
/// field is in conflict and the resolution is valid for it. Returns the
/// new revision's id.
pub fn resolve_unit(
    store: &mut Store,
    actor: &Actor,
    code: &str,
    field: &Field,
    how: &UnitResolution,
) -> Result<String> {
    if !field.of_unit() {
        return Err(OpsError::UnknownField(field.key()));
    }
    let entity = unit_entity(code);
    let fields = unit_fields(store, code)?;
    let value = match how {
        UnitResolution::Take(rev) => store
            .register_value(rev, &entity, &field.key())?
            .ok_or_else(|| OpsError::NotThisField {
                rev: sanitize_for_terminal(rev, false),
                field: field.key(),
            })?,
        UnitResolution::Set(text) => unit_value(field, text)?.encode(),
    };
    let in_conflict = fields.iter().any(|f| f.field == *field && f.in_conflict());
    if !in_conflict {
        return Err(OpsError::NoUnitConflict {
            unit: sanitize_for_terminal(code, false),
            field: field.key(),
        });
    }
    Ok(store.write(&actor.inspector, |w| {
        w.resolve(&entity, &field.key(), value, None)
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::UnitInput;

    fn actor(name: &str) -> Actor {
        Actor {
            inspector: name.into(),
            campaign: "2026".into(),
        }
    }

    fn store_with_unit() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let catalog = crate::catalog::Catalog::load(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/checklists/valid"
        ))]);
        crate::ops::open_inspection(
            &mut store,
            &catalog,
            &actor("An"),
            "demo",
            &UnitInput {
                code: "XA-01".into(),
                name: Some("UBND xã Vĩnh Hòa".into()),
                ..Default::default()
            },
        )
        .unwrap();
        store
    }

    #[test]
    fn kinds_are_read_by_number_code_or_name() {
        assert_eq!(parse_unit_kind("2").unwrap(), UnitKind::CommunePc);
        assert_eq!(
            parse_unit_kind(" commune_pc ").unwrap(),
            UnitKind::CommunePc
        );
        assert_eq!(
            parse_unit_kind("ubnd xa, phuong, dac khu").unwrap(),
            UnitKind::CommunePc
        );
        assert_eq!(
            parse_unit_kind("Vertically managed agency").unwrap(),
            UnitKind::VerticalAgency
        );
        for bad in ["0", "6", "", "xã"] {
            assert!(
                matches!(parse_unit_kind(bad), Err(OpsError::UnitKind(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(
            unit_value(&Field::UnitName, " Phu\u{031B}o\u{031B}\u{0300}ng 1 ").unwrap(),
            Value::Text("Phường 1".into())
        );
        for bad in ["", "  ", "a\u{7}"] {
            assert!(unit_value(&Field::UnitName, bad).is_err(), "{bad:?}");
        }
        assert!(unit_value(&Field::UnitProvince, &"x".repeat(201)).is_err());
        assert!(matches!(
            unit_value(&Field::Note, "x"),
            Err(OpsError::UnknownField(_))
        ));
    }

    #[test]
    fn a_changed_name_then_a_conflict_settled() {
        let mut store = store_with_unit();
        let name = Value::Text("UBND xã Vĩnh Hoà".into());
        assert!(
            set_unit_field(&mut store, &actor("An"), "XA-01", &Field::UnitName, &name).unwrap()
        );
        assert!(
            !set_unit_field(&mut store, &actor("An"), "XA-01", &Field::UnitName, &name).unwrap(),
            "the same value again writes nothing"
        );
        assert_eq!(
            store.unit("XA-01").unwrap().unwrap().name,
            "UBND xã Vĩnh Hoà"
        );
        assert!(matches!(
            resolve_unit(
                &mut store,
                &actor("An"),
                "XA-01",
                &Field::UnitName,
                &UnitResolution::Set("X".into())
            ),
            Err(OpsError::NoUnitConflict { .. })
        ));
        // Another side, written beside the first (as a merge leaves it).
        store
            .write("Bình", |w| {
                w.set_field(
                    "u:XA-01",
                    "name",
                    Value::Text("UBND xã Vĩnh Hòa A".into()).encode(),
                    Some(&[]),
                    None,
                )
            })
            .unwrap();
        let fields = unit_fields(&store, "XA-01").unwrap();
        assert!(fields[0].in_conflict());
        let other = fields[0].sides[1].rev_id.clone();
        assert!(matches!(
            resolve_unit(
                &mut store,
                &actor("An"),
                "XA-01",
                &Field::UnitKind,
                &UnitResolution::Set("9".into())
            ),
            Err(OpsError::UnitKind(_))
        ));
        resolve_unit(
            &mut store,
            &actor("An"),
            "XA-01",
            &Field::UnitName,
            &UnitResolution::Take(other),
        )
        .unwrap();
        let fields = unit_fields(&store, "XA-01").unwrap();
        assert!(!fields[0].in_conflict());
        assert_eq!(fields[0].sides.len(), 1);
        assert!(matches!(
            unit_fields(&store, "XA-99"),
            Err(OpsError::UnknownUnit(_))
        ));
    }
}
