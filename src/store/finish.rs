//! The `finished` register of an inspection: reading where each
//! inspection stands ([`register::finish_state`] decides) and writing a
//! finish that records how many revisions of the findings it saw.

use std::collections::BTreeMap;

use super::write::Writer;
use super::{Result, Store, sqlite_err};
use crate::core::finding::RawValue;
use crate::core::register::{self, Field, FinishState, Value};

impl Store {
    /// Where one inspection stands with respect to finishing.
    pub fn finish_state(&self, inspection_id: &str) -> Result<FinishState> {
        let e = |err| sqlite_err(self.path(), err);
        let mut st = self
            .conn()
            .prepare_cached("SELECT value FROM head WHERE entity = ?1 AND field = ?2")
            .map_err(e)?;
        let heads = st
            .query_map([inspection_id, Field::Finished.key().as_str()], |r| {
                r.get::<_, RawValue>(0)
            })
            .map_err(e)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(e)?;
        if heads.is_empty() {
            return Ok(FinishState::Open);
        }
        let n = super::read::finding_revisions(self.conn(), inspection_id).map_err(e)?;
        Ok(register::finish_state(&heads, n))
    }

    /// Where every inspection ever finished stands, by id (an inspection
    /// missing from the map is open). One lookup per finished inspection.
    pub fn finish_states(&self) -> Result<BTreeMap<String, FinishState>> {
        let e = |err| sqlite_err(self.path(), err);
        let mut st = self
            .conn()
            // `head` is keyed by entity first: a search by field alone
            // would read every head of the database. Every inspection's
            // heads lie in one range of it (an inspection id is "i" and hex
            // digits: `revision::inspection_id`), read in one pass.
            .prepare_cached(
                "SELECT entity, value FROM head
                 WHERE entity >= 'i' AND entity < 'j' AND field = ?1",
            )
            .map_err(e)?;
        let rows = st
            .query_map([Field::Finished.key()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, RawValue>(1)?))
            })
            .map_err(e)?;
        let mut heads: BTreeMap<String, Vec<RawValue>> = BTreeMap::new();
        for row in rows {
            let (id, value) = row.map_err(e)?;
            heads.entry(id).or_default().push(value);
        }
        let mut out = BTreeMap::new();
        for (id, values) in heads {
            let n = super::read::finding_revisions(self.conn(), &id).map_err(e)?;
            out.insert(id, register::finish_state(&values, n));
        }
        Ok(out)
    }
}

impl Writer<'_> {
    /// Finishes an inspection at `at` (RFC 3339), with the reason it was
    /// finished despite what was missing (empty: nothing was): a revision
    /// superseding every head of its `finished` register, recording how
    /// many revisions of its findings it saw.
    pub fn set_finished(&mut self, inspection: &str, at: &str, reason: &str) -> Result<String> {
        let seen = super::read::finding_revisions(self.tx(), inspection).map_err(self.e())?;
        let value = Value::Finished {
            at: at.to_owned(),
            reason: reason.to_owned(),
            findings_seen: seen,
        };
        self.resolve(inspection, &Field::Finished.key(), value.encode(), None)
    }
}
