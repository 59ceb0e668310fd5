//! The `rev` table's row, written and read in one place: its column list,
//! the insert of a revision with its parent edges, and the read of a row
//! back into a [`Revision`]. The database, a bundle being written and a
//! bundle being checked all go through these.

use rusqlite::{Connection, Row, params};

use crate::core::revision::Revision;
use crate::core::signing::Context;

/// The columns of `rev`, in the order [`read`] expects them.
macro_rules! rev_columns {
    () => {
        "id, entity, field, value, author, device, at_ms, item_hash, hash"
    };
}
pub(crate) use rev_columns;

/// `rev`'s column list, for statements built at run time.
pub(crate) const COLUMNS: &str = rev_columns!();

/// Inserts a revision and its parent edges, stored exactly as given.
/// Returns false when the revision was already there (nothing written).
pub(crate) fn insert(conn: &Connection, r: &Revision) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(concat!(
            "INSERT OR IGNORE INTO rev(",
            rev_columns!(),
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        ))?
        .execute(params![
            r.id,
            r.entity,
            r.field,
            r.value,
            r.author,
            r.device,
            r.at_ms,
            r.item_hash,
            r.hash
        ])?;
    if n == 0 {
        return Ok(false);
    }
    let mut st =
        conn.prepare_cached("INSERT OR IGNORE INTO rev_parent(rev_id, parent_id) VALUES (?1, ?2)")?;
    for p in &r.parents {
        st.execute(params![r.id, p])?;
    }
    Ok(true)
}

/// A row selected as [`COLUMNS`], without its parents (they are in
/// `rev_parent`).
pub(crate) fn read(r: &Row<'_>) -> rusqlite::Result<Revision> {
    Ok(Revision {
        id: r.get(0)?,
        entity: r.get(1)?,
        field: r.get(2)?,
        value: r.get(3)?,
        parents: Vec::new(),
        author: r.get(4)?,
        device: r.get(5)?,
        at_ms: r.get(6)?,
        item_hash: r.get(7)?,
        hash: r.get(8)?,
    })
}

/// Stores a revision's signature with the context it was signed with.
pub(crate) fn insert_signature(
    conn: &Connection,
    rev_id: &str,
    ctx: &Context<'_>,
    signature: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO rev_signature(rev_id, unit_code, checklist_version, signature) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![rev_id, ctx.unit_code, ctx.checklist_version, signature])?;
    Ok(())
}
