//! The register as an Excel workbook: one sheet, a frozen header row with
//! filters, wrapped text, dates as real date cells (dd/mm/yyyy), and the
//! report-back columns the unit fills in set apart by their colour and a
//! date check on the day done.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, Format,
    FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::register::{Cell, Column, REGISTER, Register};
use crate::core::lang::Lang;

/// Header fill of the team's columns, and of the unit's report-back ones.
const TEAM_FILL: u32 = 0xD9E1F2;
const UNIT_FILL: u32 = 0xFFE699;
/// Body fill of the report-back cells, lighter than their header.
const UNIT_BODY_FILL: u32 = 0xFFF2CC;

/// The workbook's bytes.
pub fn register(reg: &Register) -> Result<Vec<u8>, XlsxError> {
    let lang = reg.lang;
    let mut sheet = Worksheet::new();
    sheet.set_name(sheet_name(lang))?;

    let header = |fill: u32| {
        Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin)
            .set_background_color(Color::RGB(fill))
    };
    let body = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    // The id is matched character for character: one line, never wrapped.
    let id = Format::new()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let number = body.clone().set_align(FormatAlign::Center);
    let date = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let unit_text = body
        .clone()
        .set_background_color(Color::RGB(UNIT_BODY_FILL));
    let unit_date = date
        .clone()
        .set_background_color(Color::RGB(UNIT_BODY_FILL));

    let last_col = col(REGISTER.len() - 1);
    for (i, c) in REGISTER.iter().enumerate() {
        let fill = if c.is_report_back() {
            UNIT_FILL
        } else {
            TEAM_FILL
        };
        sheet.write_string_with_format(0, col(i), c.label(lang), &header(fill))?;
        sheet.set_column_width(col(i), width(*c))?;
    }
    sheet.set_row_height(0, 48)?;

    for (r, cells) in reg.rows.iter().enumerate() {
        let row = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.set_row_height(row, row_height(cells))?;
        for (i, (c, cell)) in REGISTER.iter().zip(cells).enumerate() {
            let (text_fmt, date_fmt) = if c.is_report_back() {
                (&unit_text, &unit_date)
            } else if *c == Column::Id {
                (&id, &date)
            } else {
                (&body, &date)
            };
            match cell {
                Cell::Empty if c.is_date() => sheet.write_blank(row, col(i), date_fmt)?,
                Cell::Empty => sheet.write_blank(row, col(i), text_fmt)?,
                Cell::Text(t) => sheet.write_string_with_format(row, col(i), t, text_fmt)?,
                Cell::Number(n) => sheet.write_number_with_format(row, col(i), *n, &number)?,
                Cell::Date(d) => sheet.write_date_with_format(row, col(i), d, date_fmt)?,
            };
        }
    }

    let last_row = u32::try_from(reg.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    sheet.set_freeze_panes(1, 0)?;
    // Printed: A4 landscape, the header on every page, pages numbered.
    sheet.set_paper_size(9).set_landscape();
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_footer("&C&P / &N");
    sheet.autofilter(0, 0, last_row, last_col)?;
    if last_row > 0 {
        let done = REGISTER
            .iter()
            .position(|c| *c == Column::DoneDate)
            .map(col)
            .expect("the register has a date-done column");
        sheet.add_data_validation(1, done, last_row, done, &done_date_check(lang)?)?;
    }

    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(title(lang))
            .set_author("parcheck"),
    );
    book.push_worksheet(sheet);
    book.save_to_buffer()
}

/// The sheet's name (at most 31 characters, none of `[]:*?/\`).
pub fn sheet_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Theo dõi khắc phục",
        Lang::En => "Follow-up register",
    }
}

fn title(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Sổ theo dõi khắc phục tồn tại sau kiểm tra cải cách hành chính",
        Lang::En => "Follow-up register of the administrative reform inspection",
    }
}

/// The day done must be a date: Excel and LibreOffice say so as it is typed.
fn done_date_check(lang: Lang) -> Result<DataValidation, XlsxError> {
    let (title, input, error) = match lang {
        Lang::Vi => (
            "Ngày đã khắc phục",
            "Ghi ngày hoàn thành khắc phục, dạng ngày/tháng/năm (ví dụ 12/03/2026).",
            "Ô này chỉ nhận một ngày, dạng ngày/tháng/năm (ví dụ 12/03/2026).",
        ),
        Lang::En => (
            "Date done",
            "The day the action was completed, as day/month/year (e.g. 12/03/2026).",
            "This cell takes a date only, as day/month/year (e.g. 12/03/2026).",
        ),
    };
    let from = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date");
    let to = chrono::NaiveDate::from_ymd_opt(2099, 12, 31).expect("valid date");
    DataValidation::new()
        .allow_date(DataValidationRule::Between(from, to))
        .ignore_blank(true)
        .set_input_title(title)?
        .set_input_message(input)?
        .set_error_title(title)?
        .set_error_message(error)
        .map(|v| v.set_error_style(DataValidationErrorStyle::Stop))
}

/// Points per line of the default 11-point font.
const LINE: f64 = 15.0;
/// The tallest row Excel allows, in points.
const MAX_ROW: f64 = 409.0;

/// A row tall enough for its longest wrapped cell. Spreadsheet programs do
/// not all grow a row for wrapped text on opening, so the height is set;
/// lines are estimated from character counts and the column's width.
fn row_height(cells: &[Cell]) -> f64 {
    let lines = REGISTER
        .iter()
        .zip(cells)
        .filter_map(|(c, cell)| match cell {
            Cell::Text(t) if *c != Column::Id => {
                // A little under one character per width unit, as a
                // proportional font fills a column.
                let per_line = (width(*c) * 1.1).floor().max(1.0) as usize;
                Some(
                    t.split('\n')
                        .map(|l| l.chars().count().div_ceil(per_line).max(1))
                        .sum::<usize>(),
                )
            }
            _ => None,
        })
        .max()
        .unwrap_or(1);
    (lines as f64 * LINE).clamp(LINE, MAX_ROW)
}

fn col(i: usize) -> u16 {
    u16::try_from(i).expect("the register has few columns")
}

/// Column widths in characters: wide enough to read, narrow enough to
/// print a row on a landscape page or two.
fn width(c: Column) -> f64 {
    match c {
        Column::Id => 36.0,
        Column::UnitCode | Column::Checklist => 16.0,
        Column::UnitName | Column::Section | Column::Responsible => 24.0,
        Column::Campaign | Column::Item => 10.0,
        Column::Status | Column::Severity | Column::WorkingDays | Column::Immediately => 12.0,
        Column::Deadline | Column::ConclusionDate | Column::DoneDate => 14.0,
        Column::Finding => 50.0,
        Column::Question | Column::Action | Column::DoneAction => 40.0,
        Column::Evidence | Column::LegalBasis | Column::DoneEvidence => 32.0,
        Column::Inspection | Column::Conflicts => 20.0,
    }
}
