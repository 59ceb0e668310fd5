//! The streamed CSV register of every finding in the database: one row per
//! finding, read row by row from SQLite and written row by row, so memory
//! stays flat however many findings there are.

use std::io::Write;

use crate::store::Store;

pub const COLUMNS: [&str; 5] = ["unit", "checklist", "item", "status", "note"];

/// The SQL the register streams (also the baseline of the benchmark).
pub const QUERY: &str = "SELECT i.unit_code, i.checklist_id, f.item_id,
    (SELECT h.value FROM head h WHERE h.entity = f.key AND h.field = 'status' ORDER BY h.at_ms DESC, h.rev_id DESC LIMIT 1),
    (SELECT h.value FROM head h WHERE h.entity = f.key AND h.field = 'note' ORDER BY h.at_ms DESC, h.rev_id DESC LIMIT 1)
    FROM finding f JOIN inspection i ON i.id = f.inspection_id
    ORDER BY i.unit_code, i.checklist_id, f.item_id";

fn json_string(v: Option<String>) -> String {
    v.and_then(|s| serde_json::from_str::<String>(&s).ok())
        .unwrap_or_default()
}

/// Writes the register; returns the number of rows.
pub fn write_csv<W: Write>(store: &Store, out: W) -> std::io::Result<u64> {
    let err = |e: &dyn std::fmt::Display| std::io::Error::other(e.to_string());
    let mut out = out;
    out.write_all(super::csv::BOM)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(COLUMNS).map_err(|e| err(&e))?;
    let mut st = store.conn().prepare(QUERY).map_err(|e| err(&e))?;
    let mut rows = st.query([]).map_err(|e| err(&e))?;
    let mut n = 0u64;
    while let Some(r) = rows.next().map_err(|e| err(&e))? {
        let unit: String = r.get(0).map_err(|e| err(&e))?;
        let checklist: String = r.get(1).map_err(|e| err(&e))?;
        let item: String = r.get(2).map_err(|e| err(&e))?;
        let status = json_string(r.get(3).map_err(|e| err(&e))?);
        let note = json_string(r.get(4).map_err(|e| err(&e))?);
        let status = if status.is_empty() {
            "unchecked".to_owned()
        } else {
            status
        };
        w.write_record([
            super::csv::cell(&unit),
            super::csv::cell(&checklist),
            super::csv::cell(&item),
            status,
            super::csv::cell(&note),
        ])
        .map_err(|e| err(&e))?;
        n += 1;
    }
    w.flush().map_err(|e| err(&e))?;
    Ok(n)
}
