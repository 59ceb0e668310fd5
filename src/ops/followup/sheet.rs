//! Reading a register a unit sent back — CSV, or an Excel workbook — into
//! plain cells, without trusting the file: its size is capped before it is
//! read, a workbook's unpacked size before it is parsed (a zip bomb stops
//! there), the sheet's rows and columns while it is read, and a workbook
//! with macros is refused. Formulas are kept as formulas, for the caller to
//! refuse where they matter.

use std::io::{Cursor, Read};
use std::path::Path;

use chrono::NaiveDate;

/// A register of a province's year is a few megabytes; far more is not one.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// What a workbook may unpack to, all its parts together.
pub const MAX_UNPACKED_BYTES: u64 = 100 * 1024 * 1024;
/// Rows and columns a sheet may use.
pub const MAX_ROWS: u32 = 100_000;
pub const MAX_COLUMNS: u32 = 64;

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    /// A formula (its text), whatever value was cached for it.
    Formula(String),
    /// A value of a kind the register never holds: a truth value, an
    /// error such as `#REF!`, a time or a duration (named in words).
    Other(&'static str),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// The file's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Csv,
    Xlsx,
}

/// A sheet: its rows that hold anything, numbered as a spreadsheet numbers
/// them (the header is row 1), cells by column from the first.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub rows: Vec<(u32, Vec<Cell>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("the file is {bytes} bytes, more than a register can be")]
    TooLarge { bytes: u64 },
    #[error("not a register file")]
    Form { extension: String },
    #[error("the workbook contains macros")]
    Macros,
    #[error("the workbook unpacks to more than {MAX_UNPACKED_BYTES} bytes")]
    Unpacked,
    #[error("not a readable workbook: {0}")]
    Workbook(String),
    #[error("not a readable CSV file at row {row}: {reason}")]
    Csv { row: u64, reason: String },
    #[error("row {row} is beyond the {MAX_ROWS} rows a register may have")]
    TooManyRows { row: u32 },
    #[error("column {column} is beyond the {MAX_COLUMNS} columns a register may have")]
    TooManyColumns { column: u32 },
    #[error("the file has no sheet")]
    NoSheet,
}

/// Reads `path` as CSV or Excel, by its extension.
pub fn read(path: &Path) -> Result<(Form, Sheet), SheetError> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let form = match extension.as_str() {
        "csv" => Form::Csv,
        "xlsx" => Form::Xlsx,
        "xlsm" => return Err(SheetError::Macros),
        _ => return Err(SheetError::Form { extension }),
    };
    let bytes = read_capped(path)?;
    let sheet = match form {
        Form::Csv => csv_sheet(&bytes)?,
        Form::Xlsx => xlsx_sheet(bytes)?,
    };
    Ok((form, sheet))
}

/// The file's bytes, refused unread when it is larger than a register.
fn read_capped(path: &Path) -> Result<Vec<u8>, SheetError> {
    let file = std::fs::File::open(path)?;
    let declared = file.metadata()?.len();
    if declared > MAX_FILE_BYTES {
        return Err(SheetError::TooLarge { bytes: declared });
    }
    // A file that grows while it is read is capped all the same.
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(SheetError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

fn csv_sheet(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut sheet = Sheet::default();
    for (i, rec) in r.byte_records().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if row > MAX_ROWS {
            return Err(SheetError::TooManyRows { row });
        }
        let rec = rec.map_err(|e| SheetError::Csv {
            row: u64::from(row),
            reason: e.to_string(),
        })?;
        if rec.len() > MAX_COLUMNS as usize {
            return Err(SheetError::TooManyColumns {
                column: u32::try_from(rec.len()).unwrap_or(u32::MAX),
            });
        }
        let mut cells = Vec::with_capacity(rec.len());
        for field in rec.iter() {
            let text = std::str::from_utf8(field).map_err(|_| SheetError::Csv {
                row: u64::from(row),
                reason: "text that is not UTF-8 (save the file as “CSV UTF-8”)".into(),
            })?;
            cells.push(if text.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(text.to_owned())
            });
        }
        if cells.iter().any(|c| !c.is_empty()) {
            sheet.rows.push((row, cells));
        }
    }
    Ok(sheet)
}

/// Checks the parts of a workbook before it is parsed: no macros, and an
/// unpacked size within bounds, counted by unpacking (a part's declared
/// size is the attacker's word).
fn check_workbook(bytes: &[u8]) -> Result<(), SheetError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| SheetError::Workbook(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| SheetError::Workbook(e.to_string()))?;
        let name = part.name().to_ascii_lowercase();
        if name.ends_with("vbaproject.bin") || name.ends_with(".bin") && name.contains("vba") {
            return Err(SheetError::Macros);
        }
        let left = MAX_UNPACKED_BYTES - total;
        let n = std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink())
            .map_err(|e| SheetError::Workbook(e.to_string()))?;
        total += n;
        if total > MAX_UNPACKED_BYTES {
            return Err(SheetError::Unpacked);
        }
    }
    Ok(())
}

fn xlsx_sheet(bytes: Vec<u8>) -> Result<Sheet, SheetError> {
    use calamine::{DataRef, DataType, Reader, Xlsx};
    check_workbook(&bytes)?;
    let bad = |e: calamine::XlsxError| SheetError::Workbook(e.to_string());
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(bad)?;
    let names = book.sheet_names();
    // The register's own sheet, in either language, else the first.
    let name = names
        .iter()
        .find(|n| {
            [Lang::Vi, Lang::En]
                .iter()
                .any(|l| crate::report::xlsx::sheet_name(*l) == n.as_str())
        })
        .or_else(|| names.first())
        .cloned()
        .ok_or(SheetError::NoSheet)?;
    use crate::core::lang::Lang;
    let mut reader = book.worksheet_cells_reader(&name).map_err(bad)?;
    let mut rows: std::collections::BTreeMap<u32, Vec<Cell>> = Default::default();
    while let Some(c) = reader.next_cell_with_formula().map_err(bad)? {
        let (row, col) = c.pos;
        if row >= MAX_ROWS {
            return Err(SheetError::TooManyRows { row: row + 1 });
        }
        if col >= MAX_COLUMNS {
            return Err(SheetError::TooManyColumns { column: col + 1 });
        }
        let cell = match (c.formula.filter(|f| !f.trim().is_empty()), &c.value) {
            (Some(f), _) => Cell::Formula(f),
            (None, DataRef::Empty) => continue,
            (None, DataRef::String(s)) => Cell::Text(s.clone()),
            (None, DataRef::SharedString(s)) => Cell::Text((*s).to_owned()),
            (None, DataRef::Int(n)) => Cell::Number(*n as f64),
            (None, DataRef::Float(x)) => Cell::Number(*x),
            (None, DataRef::Bool(_)) => Cell::Other("bool"),
            (None, DataRef::Error(_)) => Cell::Other("error"),
            (None, DataRef::DurationIso(_)) => Cell::Other("duration"),
            (None, v @ (DataRef::DateTime(_) | DataRef::DateTimeIso(_))) => match v.as_datetime() {
                Some(dt) if dt.time() == chrono::NaiveTime::MIN => Cell::Date(dt.date()),
                Some(_) => Cell::Other("datetime"),
                None => Cell::Other("duration"),
            },
        };
        let cells = rows.entry(row + 1).or_default();
        let col = col as usize;
        if cells.len() <= col {
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = cell;
    }
    Ok(Sheet {
        rows: rows
            .into_iter()
            .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
        let s = csv_sheet(b"\xEF\xBB\xBFa,b\r\n,\r\n\"x\ny\",2\r\n").unwrap();
        assert_eq!(s.rows.len(), 2, "the empty row is left out");
        assert_eq!(s.rows[1].0, 3);
        assert_eq!(s.rows[1].1[0], Cell::Text("x\ny".into()));
        assert!(matches!(
            csv_sheet(b"a\n\xff\n"),
            Err(SheetError::Csv { row: 2, .. })
        ));
        let wide = vec!["x"; 65].join(",");
        assert!(matches!(
            csv_sheet(wide.as_bytes()),
            Err(SheetError::TooManyColumns { column: 65 })
        ));
    }

    #[test]
    fn not_a_workbook_is_said_so() {
        assert!(matches!(
            xlsx_sheet(b"PK not really".to_vec()),
            Err(SheetError::Workbook(_))
        ));
    }
}
