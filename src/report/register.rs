//! The follow-up register: one row per remediation item (a failed or
//! partial item) of every unit in the database, for the provincial office
//! to filter and for the unit to fill in what it did.
//!
//! The rows come from the unit reports themselves (`model::build_unit_with`,
//! the model every notice is rendered from), so the register and the
//! notices cannot disagree on which findings are to be remedied, their
//! effective status or their deadlines. `csv` and `xlsx` only render it.
//!
//! The columns, their labels in both languages and which of them the unit
//! may edit are defined here once ([`Column`]); the unit's CSV report uses
//! the same labels. Documented in docs/register.md.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use chrono::NaiveDate;

use super::build::{self, BuildError};
use super::model::{Detail, RemediationItem, UnitReport, WorkingDays};
use super::strings::{labels, severity, status};
use crate::catalog::Catalog;
use crate::core::checklist::Deadline;
use crate::core::lang::Lang;
use crate::core::text::sanitize_for_terminal;
use crate::ops::followup::ConclusionDateOf;
use crate::store::{InspectionSummary, Store};

/// A column of the register or of the unit's CSV report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    /// The finding's key: the same for the same unit, campaign, checklist
    /// and item on every laptop and in every export.
    Id,
    UnitCode,
    UnitName,
    Campaign,
    /// The inspection id (the unit's CSV report only).
    Inspection,
    Checklist,
    Section,
    Item,
    Question,
    Status,
    Severity,
    Finding,
    Evidence,
    LegalBasis,
    Action,
    Responsible,
    /// The deadline in working days: a number, blank when immediate.
    WorkingDays,
    /// Marked when the action is due immediately.
    Immediately,
    /// The due date: a date, blank when immediate.
    Deadline,
    ConclusionDate,
    /// Unresolved conflicts (the unit's CSV report only).
    Conflicts,
    /// Report-back, filled in by the unit: the day the action was done.
    DoneDate,
    /// Report-back: what the unit did.
    DoneAction,
    /// Report-back: the document or file that shows it.
    DoneEvidence,
}

/// The register's columns, in order.
pub const REGISTER: [Column; 22] = [
    Column::Id,
    Column::UnitCode,
    Column::UnitName,
    Column::Campaign,
    Column::Checklist,
    Column::Section,
    Column::Item,
    Column::Question,
    Column::Status,
    Column::Severity,
    Column::Finding,
    Column::Evidence,
    Column::LegalBasis,
    Column::Action,
    Column::Responsible,
    Column::WorkingDays,
    Column::Immediately,
    Column::Deadline,
    Column::ConclusionDate,
    Column::DoneDate,
    Column::DoneAction,
    Column::DoneEvidence,
];

impl Column {
    /// A stable name for programs (the headers themselves follow `--lang`).
    pub fn key(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::UnitCode => "unit",
            Column::UnitName => "unit_name",
            Column::Campaign => "campaign",
            Column::Inspection => "inspection",
            Column::Checklist => "checklist",
            Column::Section => "section",
            Column::Item => "item",
            Column::Question => "question",
            Column::Status => "status",
            Column::Severity => "severity",
            Column::Finding => "finding",
            Column::Evidence => "evidence",
            Column::LegalBasis => "legal_basis",
            Column::Action => "action",
            Column::Responsible => "responsible",
            Column::WorkingDays => "working_days",
            Column::Immediately => "immediately",
            Column::Deadline => "deadline",
            Column::ConclusionDate => "conclusion_date",
            Column::Conflicts => "conflicts",
            Column::DoneDate => "done_date",
            Column::DoneAction => "done_action",
            Column::DoneEvidence => "done_evidence",
        }
    }

    /// The header as printed.
    pub fn label(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Column::Id => ("Mã tồn tại", "Finding id"),
            Column::UnitCode => ("Mã đơn vị", "Unit code"),
            Column::UnitName => ("Tên đơn vị", "Unit name"),
            Column::Campaign => ("Đợt kiểm tra", "Campaign"),
            Column::Inspection => ("Mã cuộc kiểm tra", "Inspection id"),
            Column::Checklist => ("Danh mục kiểm tra", "Checklist"),
            Column::Section => ("Phần", "Section"),
            Column::Item => ("Mục", "Item"),
            Column::Question => ("Nội dung kiểm tra", "Question"),
            Column::Status => ("Kết quả", "Status"),
            Column::Severity => ("Mức độ", "Severity"),
            Column::Finding => ("Phát hiện", "Finding"),
            Column::Evidence => ("Minh chứng", "Evidence"),
            Column::LegalBasis => ("Căn cứ pháp lý", "Legal basis"),
            Column::Action => ("Yêu cầu khắc phục", "Required action"),
            Column::Responsible => ("Người chịu trách nhiệm", "Responsible"),
            Column::WorkingDays => ("Số ngày làm việc", "Working days"),
            Column::Immediately => ("Khắc phục ngay", "Immediately"),
            Column::Deadline => ("Hạn hoàn thành", "Deadline"),
            Column::ConclusionDate => ("Ngày kết luận", "Conclusion date"),
            Column::Conflicts => ("Chưa thống nhất", "Unresolved conflicts"),
            Column::DoneDate => ("Ngày đã khắc phục (đơn vị ghi)", "Date done (by the unit)"),
            Column::DoneAction => (
                "Kết quả khắc phục đã thực hiện (đơn vị ghi)",
                "What was done (by the unit)",
            ),
            Column::DoneEvidence => (
                "Tài liệu chứng minh (đơn vị ghi)",
                "Evidence reference (by the unit)",
            ),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// The columns the unit fills in and sends back; every other column
    /// is the team's and is read back unchanged.
    pub fn is_report_back(self) -> bool {
        matches!(
            self,
            Column::DoneDate | Column::DoneAction | Column::DoneEvidence
        )
    }

    /// Whether the column holds dates.
    pub fn is_date(self) -> bool {
        matches!(
            self,
            Column::Deadline | Column::ConclusionDate | Column::DoneDate
        )
    }

    /// The column a header names, in either language or by its key
    /// (surrounding spaces and letter case ignored): how a register sent
    /// back is read, whichever language it was written in.
    pub fn from_header(header: &str) -> Option<Column> {
        let h = crate::core::text::nfc(header.trim()).to_lowercase();
        ALL.iter().copied().find(|c| {
            h == c.key()
                || h == c.label(Lang::Vi).to_lowercase()
                || h == c.label(Lang::En).to_lowercase()
        })
    }
}

/// Every column, for looking headers up.
const ALL: [Column; 24] = [
    Column::Id,
    Column::UnitCode,
    Column::UnitName,
    Column::Campaign,
    Column::Inspection,
    Column::Checklist,
    Column::Section,
    Column::Item,
    Column::Question,
    Column::Status,
    Column::Severity,
    Column::Finding,
    Column::Evidence,
    Column::LegalBasis,
    Column::Action,
    Column::Responsible,
    Column::WorkingDays,
    Column::Immediately,
    Column::Deadline,
    Column::ConclusionDate,
    Column::Conflicts,
    Column::DoneDate,
    Column::DoneAction,
    Column::DoneEvidence,
];

/// One cell's value, typed so that a spreadsheet gets real numbers and
/// dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(u32),
    Date(NaiveDate),
}

/// The most a spreadsheet cell holds: Excel's limit of 32,767 characters,
/// counted here in UTF-16 units (never fewer than characters), so the cell
/// fits whichever way a program counts.
pub const MAX_CELL: usize = 32_767;

/// A text cut to fit a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truncation {
    /// The row as a spreadsheet numbers it (the header is row 1).
    pub row: usize,
    pub column: Column,
    pub id: String,
    /// Its length before the cut, in characters.
    pub chars: usize,
}

impl Truncation {
    /// The warning, in the interface language.
    pub fn message(&self, lang: Lang) -> String {
        let col = self.column.label(lang);
        let id = sanitize_for_terminal(&self.id, false);
        match lang {
            Lang::Vi => format!(
                "dòng {}, cột “{col}” (tồn tại {id}): nội dung dài {} ký tự, quá giới hạn {MAX_CELL} ký tự của một ô bảng tính; đã cắt bớt và đánh dấu “{}”. Nội dung đầy đủ có trong báo cáo của đơn vị (report --unit … --format json)",
                self.row,
                self.chars,
                marker(lang)
            ),
            Lang::En => format!(
                "row {}, column “{col}” (finding {id}): {} characters, over the {MAX_CELL}-character limit of a spreadsheet cell; cut and marked “{}”. The full text is in the unit's report (report --unit … --format json)",
                self.row,
                self.chars,
                marker(lang)
            ),
        }
    }
}

/// What ends a cut cell.
pub fn marker(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "…[cắt bớt]",
        Lang::En => "…[truncated]",
    }
}

/// The register, ready to render.
#[derive(Debug, Clone)]
pub struct Register {
    pub lang: Lang,
    /// One per remediation item, cells in the order of [`REGISTER`]; by
    /// campaign and unit, then in each unit's notice order.
    pub rows: Vec<Vec<Cell>>,
    /// Cells cut to fit.
    pub truncated: Vec<Truncation>,
    /// Inspections left out because their checklist is not available:
    /// "UNIT (CHECKLIST)".
    pub skipped: Vec<String>,
    /// Years whose holiday schedule a deadline rests on but that are not
    /// yet checked against the official announcement.
    pub unconfirmed_years: BTreeSet<i32>,
}

/// Every unit's report, one per campaign and unit, for the register and
/// the follow-up: what is to be remedied, with its deadlines and
/// follow-up state, exactly as each unit's notice has it. Only the
/// header, counts and remediation list are built (see [`Detail`]).
#[derive(Debug, Clone)]
pub struct UnitReports {
    /// By campaign and unit code.
    pub reports: Vec<UnitReport>,
    /// Inspections left out because their checklist is not available:
    /// "UNIT (CHECKLIST)".
    pub skipped: Vec<String>,
    /// Years whose holiday schedule a deadline rests on but that are not
    /// yet checked against the official announcement.
    pub unconfirmed_years: BTreeSet<i32>,
}

/// The report of every unit and campaign in the database (or of the
/// `units` given), deadlines counted from each unit's `conclusion_date`
/// (one date for all, or `ops::followup::ConclusionDates`) with `calendar`.
pub fn unit_reports(
    store: &Store,
    catalog: &Catalog,
    calendar: &dyn WorkingDays,
    conclusion_date: impl ConclusionDateOf,
    lang: Lang,
    units: Option<&BTreeSet<String>>,
) -> Result<UnitReports, BuildError> {
    let mut skipped = Vec::new();
    let mut groups: BTreeMap<(String, String), Vec<InspectionSummary>> = BTreeMap::new();
    for s in store.inspections()? {
        if units.is_some_and(|u| !u.contains(&s.info.unit_code)) {
            continue;
        }
        if catalog.get(&s.info.checklist_id).is_none() {
            skipped.push(format!(
                "{} ({})",
                sanitize_for_terminal(&s.info.unit_code, false),
                sanitize_for_terminal(&s.info.checklist_id, false)
            ));
            continue;
        }
        groups
            .entry((s.info.campaign.clone(), s.info.unit_code.clone()))
            .or_default()
            .push(s);
    }
    skipped.sort();
    let mut out = UnitReports {
        reports: Vec::with_capacity(groups.len()),
        skipped,
        unconfirmed_years: BTreeSet::new(),
    };
    for chosen in groups.values_mut() {
        // The order a unit's notice covers its checklists in.
        chosen.sort_by(|a, b| a.info.checklist_id.cmp(&b.info.checklist_id));
        let date = conclusion_date.date_of(&chosen[0].info.campaign, &chosen[0].info.unit_code);
        let mut rows = Vec::with_capacity(chosen.len());
        for s in chosen.iter() {
            rows.push(crate::ops::inspection_rows(store, &s.info)?);
        }
        // Only the remediation list is read from these reports: the rest
        // of each unit's model is not built.
        let report = build::report_from_rows(
            catalog,
            chosen,
            &rows,
            calendar,
            date,
            lang,
            Detail::Remediation,
        )?;
        out.unconfirmed_years.extend(
            report
                .schedules
                .iter()
                .filter(|s| !s.confirmed)
                .map(|s| s.year),
        );
        out.reports.push(report);
    }
    Ok(out)
}

/// The register of every unit and campaign in the database, deadlines
/// counted from each unit's `conclusion_date` with `calendar`, as each
/// unit's notice counts them.
pub fn build(
    store: &Store,
    catalog: &Catalog,
    calendar: &dyn WorkingDays,
    conclusion_date: impl ConclusionDateOf,
    lang: Lang,
) -> Result<Register, BuildError> {
    let all = unit_reports(store, catalog, calendar, conclusion_date, lang, None)?;
    let mut reg = Register {
        lang,
        rows: Vec::new(),
        truncated: Vec::new(),
        skipped: all.skipped,
        unconfirmed_years: all.unconfirmed_years,
    };
    for report in &all.reports {
        for item in &report.remediation {
            let row = reg.rows.len() + 2;
            let cells = row_cells(report, item, catalog, lang, row, &mut reg.truncated);
            reg.rows.push(cells);
        }
    }
    Ok(reg)
}

/// The stable id of a remediation item: its finding's key in the store.
pub fn finding_id(item: &RemediationItem) -> String {
    crate::core::revision::finding_key(&item.inspection, &item.item)
}

/// The cells of one register row, in the order of [`REGISTER`]; cells cut to
/// fit are added to `truncated` (`row` is the spreadsheet row).
pub fn row_cells(
    report: &UnitReport,
    item: &RemediationItem,
    catalog: &Catalog,
    lang: Lang,
    row: usize,
    truncated: &mut Vec<Truncation>,
) -> Vec<Cell> {
    let id = finding_id(item);
    // The section's own title: the notice prefixes it with the checklist
    // when it covers several, which would split one section in a filter.
    let section = catalog
        .get(&item.checklist)
        .and_then(|e| e.checklist.sections.iter().find(|s| s.id == item.section))
        .map_or_else(
            || item.section_title.clone(),
            |s| s.title.get(lang).to_owned(),
        );
    let (days, immediately, due) = deadline_cells(item, lang);
    REGISTER
        .iter()
        .map(|&col| {
            let text = match col {
                Column::Id => id.clone(),
                Column::UnitCode => report.header.unit_code.clone(),
                Column::UnitName => report.header.unit_name.clone(),
                Column::Campaign => report.header.campaign.clone(),
                Column::Checklist => item.checklist.clone(),
                Column::Section => section.clone(),
                Column::Item => item.item.clone(),
                Column::Question => item.question.clone(),
                Column::Status => status(lang, item.status).to_owned(),
                Column::Severity => severity(lang, item.severity).to_owned(),
                Column::Finding => item.finding_text(),
                Column::Evidence => item.evidence_names.join("\n"),
                Column::LegalBasis => item.legal_basis.join("\n"),
                Column::Action => item.action.clone(),
                Column::Responsible => item.responsible.clone().unwrap_or_default(),
                Column::WorkingDays => return days.clone(),
                Column::Immediately => return immediately.clone(),
                Column::Deadline => return due.clone(),
                Column::ConclusionDate => return Cell::Date(report.conclusion_date),
                Column::Inspection
                | Column::Conflicts
                | Column::DoneDate
                | Column::DoneAction
                | Column::DoneEvidence => return Cell::Empty,
            };
            match fit(&super::clean(&text), lang) {
                Fitted::Whole(t) if t.is_empty() => Cell::Empty,
                Fitted::Whole(t) => Cell::Text(t),
                Fitted::Cut { text, chars } => {
                    truncated.push(Truncation {
                        row,
                        column: col,
                        id: id.clone(),
                        chars,
                    });
                    Cell::Text(text)
                }
            }
        })
        .collect()
}

/// A remediation item's deadline as three cells: working days (a number),
/// whether it is immediate, and the due date. The unit's CSV report uses
/// the same three.
pub fn deadline_cells(item: &RemediationItem, lang: Lang) -> (Cell, Cell, Cell) {
    match item.deadline {
        Deadline::WorkingDays(n) => (
            Cell::Number(n),
            Cell::Empty,
            item.due.map_or(Cell::Empty, Cell::Date),
        ),
        Deadline::Immediately => (
            Cell::Empty,
            Cell::Text(labels(lang).immediately.to_owned()),
            Cell::Empty,
        ),
    }
}

enum Fitted {
    Whole(String),
    Cut { text: String, chars: usize },
}

/// Cuts `text` to fit a cell, marker included. One unit more is kept free
/// when the CSV form would guard the cell with a leading apostrophe.
fn fit(text: &str, lang: Lang) -> Fitted {
    let guard = usize::from(super::csv::needs_guard(text));
    let units = |s: &str| s.encode_utf16().count();
    if units(text) + guard <= MAX_CELL {
        return Fitted::Whole(text.to_owned());
    }
    let mark = marker(lang);
    let budget = MAX_CELL - guard - units(mark);
    let mut used = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if used + c.len_utf16() > budget {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
    }
    Fitted::Cut {
        text: format!("{}{mark}", &text[..end]),
        chars: text.chars().count(),
    }
}

/// The register as CSV: UTF-8 with BOM, headers in the register's
/// language, dates as YYYY-MM-DD, formula triggers guarded.
pub fn write_csv<W: Write>(reg: &Register, out: W) -> csv::Result<()> {
    let mut out = out;
    out.write_all(super::csv::BOM)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(REGISTER.iter().map(|c| c.label(reg.lang)))?;
    for row in &reg.rows {
        w.write_record(row.iter().map(super::csv::cell_value))?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_back_in_either_language() {
        for c in ALL {
            assert_eq!(Column::from_header(c.key()), Some(c));
            for lang in [Lang::Vi, Lang::En] {
                assert_eq!(Column::from_header(c.label(lang)), Some(c), "{c:?}");
                let shouted = format!("  {}  ", c.label(lang).to_uppercase());
                assert_eq!(Column::from_header(&shouted), Some(c), "{c:?}");
            }
        }
        assert_eq!(Column::from_header("ghi chú"), None);
        // No name stands for two columns, or a header would be ambiguous.
        let mut owner: BTreeMap<String, Column> = BTreeMap::new();
        for c in ALL {
            for s in [c.key(), c.label(Lang::Vi), c.label(Lang::En)] {
                let prev = owner.insert(s.to_lowercase(), c);
                assert!(prev.is_none_or(|p| p == c), "{s} names {prev:?} and {c:?}");
            }
        }
    }

    #[test]
    fn register_columns_are_all_listed_once() {
        let set: BTreeSet<Column> = REGISTER.iter().copied().collect();
        assert_eq!(set.len(), REGISTER.len());
        assert!(set.iter().all(|c| ALL.contains(c)));
        let back: Vec<Column> = REGISTER
            .iter()
            .copied()
            .filter(|c| c.is_report_back())
            .collect();
        assert_eq!(
            back,
            [Column::DoneDate, Column::DoneAction, Column::DoneEvidence]
        );
    }

    #[test]
    fn long_text_is_cut_to_the_cell_limit_with_its_marker() {
        let short = "Sổ ghi thiếu";
        assert!(matches!(fit(short, Lang::Vi), Fitted::Whole(t) if t == short));
        let exact = "ệ".repeat(MAX_CELL);
        assert!(matches!(fit(&exact, Lang::Vi), Fitted::Whole(_)));

        let long = "ệ".repeat(MAX_CELL + 10);
        let Fitted::Cut { text, chars } = fit(&long, Lang::Vi) else {
            panic!("not cut")
        };
        assert_eq!(chars, MAX_CELL + 10);
        assert!(text.ends_with("…[cắt bớt]"));
        assert_eq!(text.encode_utf16().count(), MAX_CELL);

        // Characters outside the BMP take two UTF-16 units; none is split.
        let emoji = "📄".repeat(MAX_CELL);
        let Fitted::Cut { text, .. } = fit(&emoji, Lang::En) else {
            panic!("not cut")
        };
        assert!(text.ends_with("…[truncated]"));
        assert!(text.encode_utf16().count() <= MAX_CELL);

        // Room is kept for the CSV guard of a formula-like cell.
        let formula = format!("={}", "a".repeat(MAX_CELL));
        let Fitted::Cut { text, .. } = fit(&formula, Lang::En) else {
            panic!("not cut")
        };
        assert_eq!(text.encode_utf16().count(), MAX_CELL - 1);
    }
}
