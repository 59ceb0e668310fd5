//! The derived `head` table and the per-inspection figures, kept in step
//! with the register rules of `core::register` by both a local save and a
//! merge.

use rusqlite::{Connection, params};

use crate::core::finding::RawValue;
use crate::core::register::{self, Head};

/// Writes the derived `head` table, its two statements prepared once for
/// all the registers a save or a merged bundle moves.
pub(crate) struct HeadTable<'c> {
    delete: rusqlite::CachedStatement<'c>,
    insert: rusqlite::CachedStatement<'c>,
}

impl<'c> HeadTable<'c> {
    pub(crate) fn new(conn: &'c Connection) -> rusqlite::Result<HeadTable<'c>> {
        Ok(HeadTable {
            delete: conn.prepare_cached(
                "DELETE FROM head WHERE entity = ?1 AND field = ?2 AND rev_id = ?3",
            )?,
            insert: conn.prepare_cached(
                "INSERT INTO head(entity, field, rev_id, value, at_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
        })
    }

    /// Rewrites the stored heads of one register from `before` to `after`
    /// (both as [`register::advance`] gives them).
    pub(crate) fn replace(
        &mut self,
        entity: &str,
        field: &str,
        before: &[Head],
        after: &[Head],
    ) -> rusqlite::Result<()> {
        for h in before {
            if !after.iter().any(|a| a.rev_id == h.rev_id) {
                self.delete.execute(params![entity, field, h.rev_id])?;
            }
        }
        for h in after {
            if !before.iter().any(|b| b.rev_id == h.rev_id) {
                self.insert
                    .execute(params![entity, field, h.rev_id, h.value, h.at_ms])?;
            }
        }
        Ok(())
    }
}

/// What one register of a finding adds to its inspection's figures:
/// (counts as a checked finding, is in conflict).
pub(crate) fn figures<'a, I>(field: &str, heads: I) -> (bool, bool)
where
    I: IntoIterator<Item = &'a RawValue>,
    I::IntoIter: Clone,
{
    let heads = heads.into_iter();
    (
        field == "status" && register::is_checked(heads.clone()),
        register::in_conflict(heads),
    )
}

/// How a register's move from `before` to `after` changes the figures.
pub(crate) fn figures_delta(field: &str, before: &[Head], after: &[Head]) -> (i64, i64) {
    let of = |hs: &[Head]| figures(field, hs.iter().map(|h| &h.value));
    let ((c0, k0), (c1, k1)) = (of(before), of(after));
    (i64::from(c1) - i64::from(c0), i64::from(k1) - i64::from(k0))
}
