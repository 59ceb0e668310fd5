//! The streamed CSV register of every finding in the database: one row per
//! finding, read row by row from the store and written row by row, so
//! memory stays flat however many findings there are. A finding's status
//! is its effective status, as on every other face.

use std::io::Write;

use crate::core::register::{Field, Value, effective_status, status_of};
use crate::store::Store;

pub const COLUMNS: [&str; 5] = ["unit", "checklist", "item", "status", "note"];

/// The SQL the register streams (the baseline of the benchmark).
pub use crate::store::REGISTER_QUERY as QUERY;

/// Writes the register; returns the number of rows.
pub fn write_csv<W: Write>(store: &Store, out: W) -> std::io::Result<u64> {
    let err = |e: &dyn std::fmt::Display| std::io::Error::other(e.to_string());
    let mut out = out;
    out.write_all(super::csv::BOM)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(COLUMNS).map_err(|e| err(&e))?;
    let n = store.for_each_register_row(|row| {
        let status = effective_status(row.status_heads.iter().map(status_of));
        let note = match Value::decode(&Field::Note, &row.note) {
            Ok(Value::Text(t)) => t,
            _ => String::new(),
        };
        w.write_record([
            super::csv::cell(&row.unit),
            super::csv::cell(&row.checklist),
            super::csv::cell(&row.item),
            status.code().to_owned(),
            super::csv::cell(&note),
        ])
        .map_err(|e| err(&e))
    })?;
    w.flush().map_err(|e| err(&e))?;
    Ok(n)
}
