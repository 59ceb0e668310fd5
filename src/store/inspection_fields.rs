//! Reading a register of inspections (entity: the inspection id) for every
//! inspection at once, such as each unit's stored conclusion date; what the
//! heads mean is `core`'s rule.

use std::collections::BTreeMap;

use super::{Result, Store, sqlite_err};
use crate::core::finding::RawValue;
use crate::core::register::Field;

impl Store {
    /// The heads of `field` of every inspection that has one, by
    /// inspection id (newest first within each).
    pub fn inspection_heads(&self, field: &Field) -> Result<BTreeMap<String, Vec<RawValue>>> {
        let e = |err| sqlite_err(self.path(), err);
        let mut st = self
            .conn()
            .prepare_cached(
                // From the inspections (a few thousand), each looked up by
                // the head table's key, rather than a scan of every head.
                "SELECT h.entity, h.value FROM inspection i
                 CROSS JOIN head h ON h.entity = i.id AND h.field = ?1
                 ORDER BY h.entity, h.at_ms DESC, h.rev_id DESC",
            )
            .map_err(e)?;
        let rows = st
            .query_map([field.key()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, RawValue>(1)?))
            })
            .map_err(e)?;
        let mut out: BTreeMap<String, Vec<RawValue>> = BTreeMap::new();
        for row in rows {
            let (id, value) = row.map_err(e)?;
            out.entry(id).or_default().push(value);
        }
        Ok(out)
    }
}
