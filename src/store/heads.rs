//! The derived `head` table and the per-inspection figures, kept in step
//! with the register rules of `core::register` by both a local save and a
//! merge.

use rusqlite::{Connection, params};

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

/// How a register's move from `before` to `after` changes its inspection's
/// figures: (done findings, registers in conflict). A finding is done by
/// its status, or on an observation item by its note too
/// ([`register::is_done_heads`]); `other` holds the current heads of the
/// finding's other such register (the note when `field` is the status, and
/// the reverse), newest first, and is only read for observation items.
pub(crate) fn figures_delta(
    field: &str,
    before: &[Head],
    after: &[Head],
    observation: bool,
    other: &[Head],
) -> (i64, i64) {
    let done = |hs: &[Head]| match field {
        "status" => register::is_done_heads(
            observation,
            hs.iter().map(|h| &h.value),
            other.first().map(|h| &h.value),
        ),
        "note" if observation => register::is_done_heads(
            observation,
            other.iter().map(|h| &h.value),
            hs.first().map(|h| &h.value),
        ),
        _ => false,
    };
    let conflict = |hs: &[Head]| register::in_conflict(hs.iter().map(|h| &h.value));
    (
        i64::from(done(after)) - i64::from(done(before)),
        i64::from(conflict(after)) - i64::from(conflict(before)),
    )
}
