//! Which items of an inspection's checklist are observations, read from the
//! checklist text the inspection was recorded against (the store keeps it
//! in `checklist_source`). An observation's note is its result, so the kept
//! figures need to know; reading the stored text rather than the catalog
//! loaded now keeps a merge and a local save counting alike on every laptop.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use rusqlite::{Connection, OptionalExtension};

use crate::core::checklist::CheckKind;
use crate::core::finding::{Field, RawValue};
use crate::core::register::Value;

/// The observation item ids of each checklist text, parsed once per text.
#[derive(Default)]
pub(crate) struct ObservationItems {
    by_source: RefCell<HashMap<String, Rc<BTreeSet<String>>>>,
}

impl ObservationItems {
    /// The observation items of the checklist `inspection` is recorded
    /// against (its newest `checklist` head). None are known when that text
    /// is missing or no longer parses: the figures then count statuses only.
    pub(crate) fn of_inspection(
        &self,
        conn: &Connection,
        inspection: &str,
    ) -> rusqlite::Result<Rc<BTreeSet<String>>> {
        let head: Option<RawValue> = conn
            .prepare_cached(
                "SELECT value FROM head WHERE entity = ?1 AND field = ?2
                 ORDER BY at_ms DESC, rev_id DESC LIMIT 1",
            )?
            .query_row([inspection, &Field::Checklist.key()], |r| r.get(0))
            .optional()?;
        let Some(Ok(Value::Checklist { sha256, .. })) =
            head.map(|v| Value::decode(&Field::Checklist, &v))
        else {
            return Ok(Rc::default());
        };
        if let Some(known) = self.by_source.borrow().get(&sha256) {
            return Ok(Rc::clone(known));
        }
        let source: Option<String> = conn
            .prepare_cached("SELECT source FROM checklist_source WHERE sha256 = ?1")?
            .query_row([&sha256], |r| r.get(0))
            .optional()?;
        let items: BTreeSet<String> = source
            .and_then(|s| crate::core::checklist_parse::parse_checklist(s.as_bytes()).ok())
            .map(|c| {
                c.sections
                    .iter()
                    .flat_map(|s| &s.items)
                    .filter(|it| matches!(it.kind, CheckKind::Observation))
                    .map(|it| it.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        let items = Rc::new(items);
        self.by_source
            .borrow_mut()
            .insert(sha256, Rc::clone(&items));
        Ok(items)
    }
}
