//! The follow-up of what an inspection found, for both faces: the items to
//! remedy with their state and working days left or overdue ([`list`]),
//! a unit's report-back read from the register it sent back ([`import`]),
//! and the team's verdict ([`verify`]).
//!
//! The items are the remediation lists of the unit reports
//! (`report::register::unit_reports`), so the follow-up, the register and
//! the notices list the same items with the same deadlines. The state is
//! `core::followup`'s, derived from the finding's follow-up registers.

mod conclusion;
mod sheet;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

pub use conclusion::{Concluded, ConclusionDateOf, ConclusionDates, Disagreement, conclude};
pub use sheet::{MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, MAX_UNPACKED_BYTES, SheetError};

use super::Actor;
use crate::catalog::Catalog;
use crate::core::calendar::{Calendar, CalendarError};
use crate::core::checklist::{Deadline, Severity};
use crate::core::finding::Status;
use crate::core::followup::{self, Followup, Outcome, Reported, State, Verdict};
use crate::core::lang::Lang;
use crate::core::register::{Field, Value};
use crate::core::text::{nfc, sanitize_for_terminal};
use crate::report::build::BuildError;
use crate::report::model::{RemediationItem, UnitReport};
use crate::report::register::{self as reg, Column};
use crate::store::{Store, StoreError};

/// One item to remedy and where it stands.
#[derive(Debug, Clone, Serialize)]
pub struct FollowupItem {
    /// The finding id, as in the register.
    pub id: String,
    pub unit: String,
    pub unit_name: String,
    pub campaign: String,
    pub checklist: String,
    pub inspection: String,
    pub item: String,
    pub question: String,
    pub status: Status,
    pub severity: Severity,
    pub action: String,
    pub deadline: Deadline,
    /// The due date in force (a new one after a not-accepted verdict).
    pub due: NaiveDate,
    pub state: State,
    pub reported: Option<Reported>,
    pub verdict: Option<Verdict>,
    /// Working days from the as-of date to the due date; negative when
    /// overdue. Only while the unit has to act (open, not accepted).
    pub working_days_left: Option<i64>,
    pub overdue: bool,
    /// Report-backs or verdicts recorded concurrently that disagree.
    pub conflict: bool,
    #[serde(skip)]
    pub item_hash: String,
    #[serde(skip)]
    pub reported_rev: Option<String>,
}

/// How many items of one unit and campaign stand in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub open: usize,
    pub reported: usize,
    pub verified: usize,
    pub not_accepted: usize,
    /// Of the open and not accepted, those past their due date.
    pub overdue: usize,
}

/// Each unit's [`Tally`], by (campaign, unit), counted in one pass.
pub fn tallies<'a>(
    items: impl IntoIterator<Item = &'a FollowupItem>,
) -> BTreeMap<(String, String), Tally> {
    let mut out: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for i in items {
        let t = out.entry((i.campaign.clone(), i.unit.clone())).or_default();
        match i.state {
            State::Open => t.open += 1,
            State::Reported => t.reported += 1,
            State::Verified => t.verified += 1,
            State::NotAccepted => t.not_accepted += 1,
        }
        t.overdue += usize::from(i.overdue);
    }
    out
}

/// The follow-up of every unit (or one), by campaign and unit, each in its
/// notice's order.
#[derive(Debug, Clone)]
pub struct Listing {
    pub items: Vec<FollowupItem>,
    /// Inspections left out: their checklist is not available here.
    pub skipped: Vec<String>,
    pub unconfirmed_years: BTreeSet<i32>,
}

/// Why the follow-up could not be listed or recorded.
#[derive(Debug, thiserror::Error)]
pub enum FollowupError {
    #[error("{0}")]
    Build(#[from] BuildError),
    #[error("{0}")]
    Calendar(#[from] CalendarError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no item to remedy {item} of unit {unit}")]
    NoSuchItem { unit: String, item: String },
    #[error("item {item} of unit {unit} is in several inspections")]
    SeveralItems {
        unit: String,
        item: String,
        ids: Vec<String>,
    },
    #[error("item {item} of unit {unit} is already verified; nothing was changed")]
    AlreadyVerified { unit: String, item: String },
    #[error("a reason is needed to refuse a remediation")]
    NoReason,
    #[error("cannot read {file}: {source}")]
    Sheet {
        file: String,
        #[source]
        source: SheetError,
    },
    #[error("{file}: {} problem(s); nothing was recorded", problems.len())]
    Problems {
        file: String,
        problems: Vec<Problem>,
    },
}

impl FollowupError {
    /// Whether the input was at fault (exit 1) rather than the machine.
    pub fn is_invalid_input(&self) -> bool {
        !matches!(self, FollowupError::Store(_))
            && !matches!(
                self,
                FollowupError::Sheet {
                    source: SheetError::Io(_),
                    ..
                }
            )
    }

    /// The message and a hint, in `lang`.
    pub fn describe(&self, lang: Lang) -> (String, Option<String>) {
        let vi = lang == Lang::Vi;
        let s = |t: &str| sanitize_for_terminal(t, false);
        match self {
            FollowupError::Build(e) => (e.to_string(), e.hint().map(str::to_owned)),
            FollowupError::Calendar(e) => (
                e.to_string(),
                Some(if vi {
                    "bổ sung lịch nghỉ lễ bằng --holidays FILE".into()
                } else {
                    "extend the calendar with --holidays FILE".into()
                }),
            ),
            FollowupError::Store(e) => (e.to_string(), None),
            FollowupError::NoSuchItem { unit, item } => {
                if vi {
                    (
                        format!(
                            "đơn vị {} không có tồn tại cần khắc phục {}",
                            s(unit),
                            s(item)
                        ),
                        Some("`parcheck followup --unit MÃ` liệt kê các tồn tại của đơn vị".into()),
                    )
                } else {
                    (
                        format!("unit {} has no item to remedy {}", s(unit), s(item)),
                        Some("`parcheck followup --unit CODE` lists the unit's items".into()),
                    )
                }
            }
            FollowupError::SeveralItems { unit, item, ids } => {
                let ids = ids.join(", ");
                if vi {
                    (
                        format!(
                            "mục {} của đơn vị {} có trong nhiều cuộc kiểm tra",
                            s(item),
                            s(unit)
                        ),
                        Some(format!("ghi --item bằng mã tồn tại: {ids}")),
                    )
                } else {
                    (
                        format!(
                            "item {} of unit {} is in several inspections",
                            s(item),
                            s(unit)
                        ),
                        Some(format!("give --item as the finding id: {ids}")),
                    )
                }
            }
            FollowupError::AlreadyVerified { unit, item } => {
                if vi {
                    (
                        format!(
                            "tồn tại {} của đơn vị {} đã được xác minh; không có gì thay đổi",
                            s(item),
                            s(unit)
                        ),
                        None,
                    )
                } else {
                    (self.to_string(), None)
                }
            }
            FollowupError::NoReason => {
                if vi {
                    (
                        "không chấp nhận kết quả khắc phục cần nêu lý do".into(),
                        Some("thêm --reason \"LÝ DO\"".into()),
                    )
                } else {
                    (self.to_string(), Some("add --reason \"TEXT\"".into()))
                }
            }
            FollowupError::Sheet { file, source } => sheet_message(file, source, lang),
            FollowupError::Problems { file, problems } => {
                let mut msg = if vi {
                    format!(
                        "{}: {} lỗi; chưa ghi nhận gì, cơ sở dữ liệu không thay đổi",
                        s(file),
                        problems.len()
                    )
                } else {
                    format!(
                        "{}: {} problem(s); nothing was recorded, the database is unchanged",
                        s(file),
                        problems.len()
                    )
                };
                for p in problems {
                    msg.push('\n');
                    msg.push_str(&p.render(file, lang));
                }
                let hint = if vi {
                    "sửa các ô nêu trên (hoặc đề nghị đơn vị gửi lại), rồi nhập lại; --dry-run để kiểm tra trước"
                } else {
                    "correct the cells above (or ask the unit to send the file again), then import again; --dry-run checks first"
                };
                (msg, Some(hint.into()))
            }
        }
    }
}

fn sheet_message(file: &str, e: &SheetError, lang: Lang) -> (String, Option<String>) {
    let f = sanitize_for_terminal(file, false);
    let vi = lang == Lang::Vi;
    let (what, fix): (String, &str) = match (e, vi) {
        (SheetError::Io(e), true) => (format!("không đọc được tệp: {e}"), "kiểm tra đường dẫn"),
        (SheetError::Io(e), false) => (format!("cannot read the file: {e}"), "check the path"),
        (SheetError::TooLarge { bytes }, true) => (
            format!("tệp dài {bytes} byte, quá giới hạn {MAX_FILE_BYTES} byte của một sổ theo dõi"),
            "chỉ nhập sổ theo dõi khắc phục do parcheck xuất ra, đã được đơn vị điền",
        ),
        (SheetError::TooLarge { bytes }, false) => (
            format!(
                "the file is {bytes} bytes, over the {MAX_FILE_BYTES}-byte limit of a register"
            ),
            "import only a follow-up register written by parcheck and filled in by the unit",
        ),
        (SheetError::Form { .. }, true) => (
            "không phải tệp .xlsx hoặc .csv".into(),
            "lưu tệp dưới dạng Excel Workbook (.xlsx) hoặc CSV UTF-8 (.csv)",
        ),
        (SheetError::Form { .. }, false) => (
            "not an .xlsx or .csv file".into(),
            "save it as an Excel Workbook (.xlsx) or CSV UTF-8 (.csv)",
        ),
        (SheetError::Macros, true) => (
            "tệp có macro; parcheck không mở tệp có macro".into(),
            "lưu lại dưới dạng Excel Workbook (.xlsx), không có macro",
        ),
        (SheetError::Macros, false) => (
            "the workbook contains macros, which parcheck does not open".into(),
            "save it again as an Excel Workbook (.xlsx), without macros",
        ),
        (SheetError::Unpacked, true) => (
            format!(
                "tệp Excel giải nén ra hơn {MAX_UNPACKED_BYTES} byte: không phải một sổ theo dõi"
            ),
            "chỉ nhập sổ theo dõi khắc phục do parcheck xuất ra",
        ),
        (SheetError::Unpacked, false) => (
            format!("the workbook unpacks to more than {MAX_UNPACKED_BYTES} bytes: not a register"),
            "import only a follow-up register written by parcheck",
        ),
        (SheetError::Workbook(r), true) => (
            format!("không đọc được tệp Excel: {r}"),
            "mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx",
        ),
        (SheetError::Workbook(r), false) => (
            format!("not a readable workbook: {r}"),
            "open it in Excel or LibreOffice and save it again as .xlsx",
        ),
        (SheetError::Csv { row, reason }, true) => (
            format!("dòng {row}: không đọc được CSV: {reason}"),
            "lưu tệp dưới dạng CSV UTF-8",
        ),
        (SheetError::Csv { row, reason }, false) => (
            format!("row {row}: not readable as CSV: {reason}"),
            "save the file as CSV UTF-8",
        ),
        (SheetError::TooManyRows { row }, true) => (
            format!("dòng {row} vượt quá {MAX_ROWS} dòng của một sổ theo dõi"),
            "xóa các dòng thừa ở cuối trang tính",
        ),
        (SheetError::TooManyRows { row }, false) => (
            format!("row {row} is beyond the {MAX_ROWS} rows a register may have"),
            "delete the stray rows at the end of the sheet",
        ),
        (SheetError::TooManyColumns { column }, true) => (
            format!("cột {column} vượt quá {MAX_COLUMNS} cột của một sổ theo dõi"),
            "xóa các cột thừa bên phải",
        ),
        (SheetError::TooManyColumns { column }, false) => (
            format!("column {column} is beyond the {MAX_COLUMNS} columns a register may have"),
            "delete the stray columns on the right",
        ),
        (SheetError::NoSheet, true) => ("tệp không có trang tính nào".into(), "kiểm tra lại tệp"),
        (SheetError::NoSheet, false) => ("the workbook has no sheet".into(), "check the file"),
    };
    (format!("{f}: {what}"), Some(fix.to_owned()))
}

/// The follow-up of every unit's items to remedy (or of `unit`'s), deadlines
/// counted from each unit's `conclusion_date` (one for all, or
/// [`ConclusionDates`]), working days left as of `as_of`.
pub fn list(
    store: &Store,
    catalog: &Catalog,
    calendar: &Calendar,
    conclusion_date: impl ConclusionDateOf,
    as_of: NaiveDate,
    lang: Lang,
    unit: Option<&str>,
) -> Result<Listing, FollowupError> {
    let only: Option<BTreeSet<String>> = unit.map(|u| BTreeSet::from([u.to_owned()]));
    let all = reg::unit_reports(
        store,
        catalog,
        calendar,
        conclusion_date,
        lang,
        only.as_ref(),
    )?;
    let mut items = Vec::new();
    for report in &all.reports {
        for item in &report.remediation {
            items.push(item_of(report, item, calendar, as_of)?);
        }
    }
    Ok(Listing {
        items,
        skipped: all.skipped,
        unconfirmed_years: all.unconfirmed_years,
    })
}

fn item_of(
    report: &UnitReport,
    item: &RemediationItem,
    calendar: &Calendar,
    as_of: NaiveDate,
) -> Result<FollowupItem, FollowupError> {
    let f: &Followup = &item.followup;
    let due = f.due.unwrap_or(report.conclusion_date);
    let left = if f.state().awaits_unit() {
        Some(followup::working_days_left(calendar, due, as_of)?)
    } else {
        None
    };
    Ok(FollowupItem {
        id: reg::finding_id(item),
        unit: report.header.unit_code.clone(),
        unit_name: report.header.unit_name.clone(),
        campaign: report.header.campaign.clone(),
        checklist: item.checklist.clone(),
        inspection: item.inspection.clone(),
        item: item.item.clone(),
        question: item.question.clone(),
        status: item.status,
        severity: item.severity,
        action: item.action.clone(),
        deadline: item.deadline,
        due,
        state: f.state(),
        reported: f.reported.clone(),
        verdict: f.verdict.clone(),
        working_days_left: left,
        overdue: left.is_some_and(|d| d < 0),
        conflict: f.conflict,
        item_hash: item.item_hash.clone(),
        reported_rev: f.reported_rev.clone(),
    })
}

/// How the team judges a remediation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judgement {
    Accept,
    /// Not accepted, with the reason and, if given, a new time in working
    /// days from the day of the verdict.
    Reject {
        reason: String,
        days: Option<u32>,
    },
}

/// Records the team's verdict on one item of `unit` (`item`: its item id,
/// or the finding id when the item is in several inspections), on `on`.
/// Returns the item as it stands after.
#[allow(clippy::too_many_arguments)]
pub fn verify(
    store: &mut Store,
    catalog: &Catalog,
    calendar: &Calendar,
    conclusion_date: impl ConclusionDateOf + Copy,
    actor: &Actor,
    unit: &str,
    item: &str,
    judgement: &Judgement,
    on: NaiveDate,
    lang: Lang,
) -> Result<FollowupItem, FollowupError> {
    let listing = list(
        store,
        catalog,
        calendar,
        conclusion_date,
        on,
        lang,
        Some(unit),
    )?;
    let found = find_item(&listing.items, unit, item)?;
    let verdict = match judgement {
        Judgement::Accept => {
            if found.state == State::Verified {
                return Err(FollowupError::AlreadyVerified {
                    unit: unit.to_owned(),
                    item: found.item.clone(),
                });
            }
            Verdict {
                outcome: Outcome::Verified,
                on,
                reason: String::new(),
                days: None,
                new_due: None,
                of_report: found.reported_rev.clone(),
            }
        }
        Judgement::Reject { reason, days } => {
            let reason = nfc(reason.trim());
            if reason.is_empty() {
                return Err(FollowupError::NoReason);
            }
            let new_due = days.map(|n| calendar.add_working_days(on, n)).transpose()?;
            Verdict {
                outcome: Outcome::NotAccepted,
                on,
                reason,
                days: *days,
                new_due,
                of_report: found.reported_rev.clone(),
            }
        }
    };
    let (inspection, item_id, hash) = (
        found.inspection.clone(),
        found.item.clone(),
        found.item_hash.clone(),
    );
    store.write(&actor.inspector, |w| {
        w.set_finding_field(
            &inspection,
            &item_id,
            &hash,
            &Field::FollowupVerdict,
            Value::Verdict(verdict).encode(),
            None,
        )
    })?;
    let after = list(
        store,
        catalog,
        calendar,
        conclusion_date,
        on,
        lang,
        Some(unit),
    )?;
    find_item(&after.items, unit, &found.id).cloned()
}

fn find_item<'a>(
    items: &'a [FollowupItem],
    unit: &str,
    item: &str,
) -> Result<&'a FollowupItem, FollowupError> {
    let item = item.trim();
    let matching: Vec<&FollowupItem> = items
        .iter()
        .filter(|i| i.unit == unit && (i.id == item || i.item == item))
        .collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] => Err(FollowupError::NoSuchItem {
            unit: unit.to_owned(),
            item: item.to_owned(),
        }),
        several => Err(FollowupError::SeveralItems {
            unit: unit.to_owned(),
            item: item.to_owned(),
            ids: several.iter().map(|i| i.id.clone()).collect(),
        }),
    }
}

/// One bad cell of a register sent back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// As the spreadsheet numbers rows (the header is row 1).
    pub row: u32,
    /// The column's header as written in the file (or its letter).
    pub column: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// A header that names no register column.
    UnknownColumn,
    /// A column the register needs is missing.
    MissingColumn,
    /// A column named twice.
    DuplicateColumn,
    /// No finding id on a row that holds something.
    NoId,
    /// A finding id this database does not have to remedy.
    UnknownId(String),
    /// The same finding id on an earlier row.
    DuplicateId {
        first_row: u32,
    },
    /// A date cell holding something else.
    NotADate(String),
    /// A date after the day of the import.
    FutureDate(NaiveDate),
    /// A value of a kind the column never holds (a number, a truth value,
    /// an error value…).
    WrongType(&'static str),
    Formula(String),
    /// A team column whose value differs from what this database says.
    Edited {
        expected: String,
        found: String,
    },
    /// A report-back row for another unit than the file's.
    OtherUnit {
        unit: String,
        file_unit: String,
    },
    /// A report-back row for another campaign than the file's.
    OtherCampaign {
        campaign: String,
        file_campaign: String,
    },
    /// What was done, given without the day it was done.
    MissingDate,
    /// The day, given without what was done.
    MissingAction,
    /// A conclusion date other than the one recorded for the unit.
    OtherConclusionDate {
        stored: NaiveDate,
        found: NaiveDate,
    },
}

impl Problem {
    /// `FILE:ROW:COLUMN: message — fix`, in `lang`.
    pub fn render(&self, file: &str, lang: Lang) -> String {
        let s = |t: &str| sanitize_for_terminal(t, false);
        let vi = lang == Lang::Vi;
        let (what, fix): (String, String) = match &self.kind {
            ProblemKind::UnknownColumn => {
                if vi {
                    (
                        "cột không có trong sổ theo dõi".into(),
                        "xóa cột này (chỉ điền các cột “(đơn vị ghi)”)".into(),
                    )
                } else {
                    (
                        "not a column of the register".into(),
                        "delete this column (fill in only the “(by the unit)” columns)".into(),
                    )
                }
            }
            ProblemKind::MissingColumn => {
                if vi {
                    (
                        "thiếu cột này".into(),
                        "dùng đúng tệp sổ theo dõi đã nhận, không xóa cột".into(),
                    )
                } else {
                    (
                        "this column is missing".into(),
                        "use the register as received, without deleting columns".into(),
                    )
                }
            }
            ProblemKind::DuplicateColumn => {
                if vi {
                    ("cột có hai lần".into(), "xóa cột lặp lại".into())
                } else {
                    (
                        "the column appears twice".into(),
                        "delete the repeated column".into(),
                    )
                }
            }
            ProblemKind::NoId => {
                if vi {
                    (
                        "dòng không có mã tồn tại".into(),
                        "không xóa mã tồn tại; chép lại từ sổ đã nhận, hoặc xóa dòng".into(),
                    )
                } else {
                    ("the row has no finding id".into(), "do not clear the finding id; copy it back from the register received, or delete the row".into())
                }
            }
            ProblemKind::UnknownId(id) => {
                if vi {
                    (format!("mã tồn tại {} không phải một tồn tại cần khắc phục trong cơ sở dữ liệu này", s(id)), "không sửa cột “Mã tồn tại”; nếu tồn tại đã được sửa kết quả, xuất lại sổ theo dõi".into())
                } else {
                    (format!("finding id {} is not an item to remedy in this database", s(id)), "do not edit the “Finding id” column; if the finding was changed since, write the register again".into())
                }
            }
            ProblemKind::DuplicateId { first_row } => {
                if vi {
                    (
                        format!("mã tồn tại đã có ở dòng {first_row}"),
                        "giữ một dòng cho mỗi tồn tại".into(),
                    )
                } else {
                    (
                        format!("the same finding id as row {first_row}"),
                        "keep one row per finding".into(),
                    )
                }
            }
            ProblemKind::NotADate(t) => {
                if vi {
                    (
                        format!("“{}” không phải là ngày", s(t)),
                        "ghi ngày dạng ngày/tháng/năm, ví dụ 12/03/2026 (trong CSV: 2026-03-12)"
                            .into(),
                    )
                } else {
                    (
                        format!("“{}” is not a date", s(t)),
                        "write the date as day/month/year, e.g. 12/03/2026 (in CSV: 2026-03-12)"
                            .into(),
                    )
                }
            }
            ProblemKind::FutureDate(d) => {
                if vi {
                    (
                        format!("ngày {} chưa đến", d.format("%d/%m/%Y")),
                        "ghi ngày đã thực hiện xong".into(),
                    )
                } else {
                    (
                        format!("{} is in the future", d.format("%d/%m/%Y")),
                        "write the day the action was done".into(),
                    )
                }
            }
            ProblemKind::WrongType(t) => {
                let (tv, te) = type_words(t);
                if vi {
                    (
                        format!("ô chứa {tv}, không phải nội dung của cột này"),
                        "ghi lại ô dưới dạng văn bản hoặc ngày".into(),
                    )
                } else {
                    (
                        format!("the cell holds {te}, not what this column holds"),
                        "write the cell again as text or a date".into(),
                    )
                }
            }
            ProblemKind::Formula(f) => {
                if vi {
                    (
                        format!("ô chứa công thức ={}", s(f)),
                        "thay công thức bằng giá trị (Dán đặc biệt → Giá trị)".into(),
                    )
                } else {
                    (
                        format!("the cell holds a formula ={}", s(f)),
                        "replace the formula by its value (Paste Special → Values)".into(),
                    )
                }
            }
            ProblemKind::Edited { expected, found } => {
                if vi {
                    (
                        format!(
                            "cột của đoàn kiểm tra đã bị sửa: sổ ghi “{}”, tệp có “{}”",
                            s(expected),
                            s(found)
                        ),
                        "trả lại nội dung cũ; đơn vị chỉ điền các cột “(đơn vị ghi)”".into(),
                    )
                } else {
                    (
                        format!(
                            "a column of the inspection team was changed: the register has “{}”, the file “{}”",
                            s(expected),
                            s(found)
                        ),
                        "restore it; the unit fills in only the “(by the unit)” columns".into(),
                    )
                }
            }
            ProblemKind::OtherUnit { unit, file_unit } => {
                if vi {
                    (
                        format!(
                            "dòng báo cáo của đơn vị {}, trong khi tệp là của đơn vị {}",
                            s(unit),
                            s(file_unit)
                        ),
                        "mỗi đơn vị gửi tệp riêng; xóa nội dung báo cáo ở dòng này".into(),
                    )
                } else {
                    (
                        format!(
                            "a report-back for unit {}, in a file of unit {}",
                            s(unit),
                            s(file_unit)
                        ),
                        "each unit sends its own file; clear the report-back of this row".into(),
                    )
                }
            }
            ProblemKind::OtherCampaign {
                campaign,
                file_campaign,
            } => {
                if vi {
                    (
                        format!(
                            "dòng báo cáo của đợt {}, trong khi tệp là của đợt {}",
                            s(campaign),
                            s(file_campaign)
                        ),
                        "gửi riêng tệp cho từng đợt kiểm tra".into(),
                    )
                } else {
                    (
                        format!(
                            "a report-back for campaign {}, in a file of campaign {}",
                            s(campaign),
                            s(file_campaign)
                        ),
                        "send one file per campaign".into(),
                    )
                }
            }
            ProblemKind::MissingDate => {
                if vi {
                    (
                        "có kết quả khắc phục nhưng thiếu ngày đã khắc phục".into(),
                        "ghi ngày đã khắc phục".into(),
                    )
                } else {
                    (
                        "what was done is given, but not the date".into(),
                        "fill in the date done".into(),
                    )
                }
            }
            ProblemKind::OtherConclusionDate { stored, found } => {
                let (stored, found) = (stored.format("%d/%m/%Y"), found.format("%d/%m/%Y"));
                if vi {
                    (
                        format!("sổ được lập với ngày kết luận {found}, nhưng ngày kết luận đã ghi của đơn vị là {stored}"),
                        "lập lại sổ theo dõi (parcheck report --all --register) gửi đơn vị, hoặc ghi lại ngày kết luận (parcheck followup conclude)".into(),
                    )
                } else {
                    (
                        format!("the register was written with conclusion date {found}, but the unit's recorded conclusion date is {stored}"),
                        "write the register again (parcheck report --all --register) for the unit, or record the date again (parcheck followup conclude)".into(),
                    )
                }
            }
            ProblemKind::MissingAction => {
                if vi {
                    (
                        "có ngày nhưng thiếu kết quả khắc phục đã thực hiện".into(),
                        "ghi việc đã làm".into(),
                    )
                } else {
                    (
                        "the date is given, but not what was done".into(),
                        "fill in what was done".into(),
                    )
                }
            }
        };
        format!(
            "{}:{}:{}: {what} — {fix}",
            s(file),
            self.row,
            s(&self.column)
        )
    }
}

fn type_words(t: &str) -> (&'static str, &'static str) {
    match t {
        "number" => ("một số", "a number"),
        "bool" => ("giá trị đúng/sai", "a truth value"),
        "error" => ("giá trị lỗi (như #REF!)", "an error value (such as #REF!)"),
        "datetime" => ("ngày kèm giờ", "a date with a time"),
        "duration" => ("khoảng thời gian", "a duration"),
        "date" => ("một ngày", "a date"),
        _ => ("giá trị lạ", "an unexpected value"),
    }
}

/// One report-back an import records.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub id: String,
    pub row: u32,
    pub unit: String,
    pub checklist: String,
    pub item: String,
    pub before: Option<Reported>,
    pub after: Reported,
    #[serde(skip)]
    inspection: String,
    #[serde(skip)]
    item_hash: String,
}

/// What an import records (or, with `--dry-run`, would record).
#[derive(Debug, Clone, Serialize)]
pub struct ImportPlan {
    pub unit: Option<String>,
    pub campaign: Option<String>,
    /// Who records the report-backs: the person importing the file, the
    /// name their device signs under (a signature cannot speak for the
    /// unit, so the unit is named in each report-back's `by` instead).
    pub author: Option<String>,
    pub changes: Vec<Change>,
    /// Rows whose report-back is already recorded as it is.
    pub unchanged: usize,
    /// Rows without a report-back.
    pub blank: usize,
    pub recorded: bool,
}

/// How one import runs.
pub struct ImportRun<'a> {
    /// Who records the report-backs (see [`ImportPlan::author`]).
    pub recorder: &'a str,
    /// Check and show, record nothing.
    pub dry_run: bool,
    /// No report-back may be dated after it.
    pub today: NaiveDate,
    pub lang: Lang,
}

/// Reads a register sent back and records its report-backs, all in one
/// transaction, or nothing when any row is wrong (every problem is
/// returned, each with its row and column).
pub fn import(
    store: &mut Store,
    catalog: &Catalog,
    calendar: &Calendar,
    path: &Path,
    run: &ImportRun<'_>,
) -> Result<ImportPlan, FollowupError> {
    let ImportRun {
        recorder,
        dry_run,
        today,
        lang,
    } = *run;
    let file = path.display().to_string();
    let (form, sheet) = sheet::read(path).map_err(|source| FollowupError::Sheet {
        file: file.clone(),
        source,
    })?;
    let plan =
        plan_import(store, catalog, calendar, form, &sheet, today, lang).map_err(|problems| {
            match problems {
                PlanError::Problems(problems) => FollowupError::Problems {
                    file: file.clone(),
                    problems,
                },
                PlanError::Other(e) => e,
            }
        })?;
    let mut plan = plan;
    plan.author = Some(recorder.to_owned());
    if dry_run || plan.changes.is_empty() {
        return Ok(plan);
    }
    let author = plan.author.clone().unwrap_or_default();
    let changes = plan.changes.clone();
    store.write(&author, |w| {
        for c in &changes {
            w.set_finding_field(
                &c.inspection,
                &c.item,
                &c.item_hash,
                &Field::FollowupReported,
                Value::Reported(c.after.clone()).encode(),
                None,
            )?;
        }
        Ok(())
    })?;
    plan.recorded = true;
    Ok(plan)
}

enum PlanError {
    Problems(Vec<Problem>),
    Other(FollowupError),
}

impl<E: Into<FollowupError>> From<E> for PlanError {
    fn from(e: E) -> Self {
        PlanError::Other(e.into())
    }
}

/// What the file holds in one register row, by column.
struct Row<'a> {
    number: u32,
    cells: BTreeMap<Column, &'a sheet::Cell>,
}

fn plan_import(
    store: &Store,
    catalog: &Catalog,
    calendar: &Calendar,
    form: sheet::Form,
    sheet: &sheet::Sheet,
    today: NaiveDate,
    lang: Lang,
) -> Result<ImportPlan, PlanError> {
    let mut problems: Vec<Problem> = Vec::new();
    let empty = sheet::Cell::Empty;
    let Some((header_row, header)) = sheet.rows.first() else {
        return Err(PlanError::Problems(vec![Problem {
            row: 1,
            column: Column::Id.label(lang).to_owned(),
            kind: ProblemKind::MissingColumn,
        }]));
    };
    // The columns, found by their headers in either language.
    let mut columns: Vec<Option<Column>> = Vec::with_capacity(header.len());
    let mut seen: BTreeSet<Column> = BTreeSet::new();
    for (i, h) in header.iter().enumerate() {
        let text = match h {
            sheet::Cell::Text(t) => t.clone(),
            sheet::Cell::Empty => {
                columns.push(None);
                continue;
            }
            _ => String::new(),
        };
        let col = Column::from_header(&text).filter(|c| reg::REGISTER.contains(c));
        match col {
            None => problems.push(Problem {
                row: *header_row,
                column: if text.is_empty() { letter(i) } else { text },
                kind: ProblemKind::UnknownColumn,
            }),
            Some(c) if !seen.insert(c) => problems.push(Problem {
                row: *header_row,
                column: text,
                kind: ProblemKind::DuplicateColumn,
            }),
            Some(_) => {}
        }
        columns.push(col);
    }
    let label = |c: Column| -> String {
        header
            .iter()
            .zip(&columns)
            .find(|(_, k)| **k == Some(c))
            .and_then(|(h, _)| match h {
                sheet::Cell::Text(t) => Some(t.trim().to_owned()),
                _ => None,
            })
            .unwrap_or_else(|| c.label(lang).to_owned())
    };
    for need in [
        Column::Id,
        Column::ConclusionDate,
        Column::DoneDate,
        Column::DoneAction,
    ] {
        if !seen.contains(&need) {
            problems.push(Problem {
                row: *header_row,
                column: need.label(lang).to_owned(),
                kind: ProblemKind::MissingColumn,
            });
        }
    }
    if !problems.is_empty() {
        return Err(PlanError::Problems(problems));
    }
    // The team columns are compared in the language the register was
    // written in, which its headers tell; messages follow the interface.
    let file_lang = header
        .iter()
        .zip(&columns)
        .find_map(|(h, c)| match (h, c) {
            (sheet::Cell::Text(t), Some(c)) => [Lang::En, Lang::Vi]
                .into_iter()
                .find(|l| nfc(t.trim()).to_lowercase() == c.label(*l).to_lowercase()),
            _ => None,
        })
        .unwrap_or(lang);
    let rows: Vec<Row<'_>> = sheet.rows[1..]
        .iter()
        .map(|(n, cells)| Row {
            number: *n,
            cells: columns
                .iter()
                .enumerate()
                .filter_map(|(i, c)| c.map(|c| (c, cells.get(i).unwrap_or(&empty))))
                .collect(),
        })
        .collect();
    fn cell<'s>(r: &Row<'s>, c: Column) -> &'s sheet::Cell {
        r.cells.get(&c).copied().unwrap_or(&sheet::Cell::Empty)
    }
    let problem = |r: &Row<'_>, c: Column, kind: ProblemKind| Problem {
        row: r.number,
        column: label(c),
        kind,
    };
    // Formulas and values of kinds no register column holds, anywhere.
    for r in &rows {
        for (&c, v) in &r.cells {
            match v {
                sheet::Cell::Formula(f) => {
                    problems.push(problem(r, c, ProblemKind::Formula(f.clone())))
                }
                sheet::Cell::Other(t) => problems.push(problem(r, c, ProblemKind::WrongType(t))),
                _ => {}
            }
        }
    }
    // The register this database writes for each conclusion date the file
    // was written with: the team columns are compared against it.
    let mut dates: BTreeMap<NaiveDate, ()> = BTreeMap::new();
    let mut row_date: HashMap<u32, NaiveDate> = HashMap::new();
    for r in &rows {
        match date_of(cell(r, Column::ConclusionDate)) {
            Ok(Some(d)) => {
                dates.insert(d, ());
                row_date.insert(r.number, d);
            }
            Ok(None) => {}
            Err(kind) => problems.push(problem(r, Column::ConclusionDate, kind)),
        }
    }
    struct Expected {
        cells: Vec<reg::Cell>,
        unit: String,
        unit_name: String,
        campaign: String,
        checklist: String,
        item: String,
        inspection: String,
        item_hash: String,
        reported: Option<Reported>,
    }
    // Only the units the file names are built first (a province's
    // register is large); all of them when an id is not found there, so
    // that an id is called unknown only when no unit has it.
    let named: BTreeSet<String> = rows
        .iter()
        .filter_map(|r| match cell(r, Column::UnitCode) {
            sheet::Cell::Text(t) => Some(t.trim().to_owned()),
            _ => None,
        })
        .collect();
    let mut expected: HashMap<(NaiveDate, String), Expected> = HashMap::new();
    for scope in [Some(&named), None] {
        if scope.is_none()
            && rows.iter().all(|r| {
                let id = match cell(r, Column::Id) {
                    sheet::Cell::Text(t) => t.trim().to_owned(),
                    _ => return true,
                };
                row_date
                    .get(&r.number)
                    .is_none_or(|d| expected.contains_key(&(*d, id)))
            })
        {
            break;
        }
        expected.clear();
        for &d in dates.keys() {
            let all = reg::unit_reports(store, catalog, calendar, d, file_lang, scope)?;
            let mut cut = Vec::new();
            for report in &all.reports {
                for item in &report.remediation {
                    expected.insert(
                        (d, reg::finding_id(item)),
                        Expected {
                            cells: reg::row_cells(report, item, catalog, file_lang, 0, &mut cut),
                            unit: report.header.unit_code.clone(),
                            unit_name: report.header.unit_name.clone(),
                            campaign: report.header.campaign.clone(),
                            checklist: item.checklist.clone(),
                            item: item.item.clone(),
                            inspection: item.inspection.clone(),
                            item_hash: item.item_hash.clone(),
                            reported: item.followup.reported.clone(),
                        },
                    );
                }
            }
        }
    }
    let stored = ConclusionDates::read(store, None, today)?;
    let mut first_row: HashMap<String, u32> = HashMap::new();
    let mut file_unit: Option<(String, String)> = None;
    let mut file_campaign: Option<String> = None;
    let mut plan = ImportPlan {
        unit: None,
        campaign: None,
        author: None,
        changes: Vec::new(),
        unchanged: 0,
        blank: 0,
        recorded: false,
    };
    for r in &rows {
        let id = match cell(r, Column::Id) {
            sheet::Cell::Text(t) => t.trim().to_owned(),
            sheet::Cell::Empty => String::new(),
            _ => continue, // already reported as a wrong type
        };
        if id.is_empty() {
            problems.push(problem(r, Column::Id, ProblemKind::NoId));
            continue;
        }
        if let Some(&first) = first_row.get(&id) {
            problems.push(problem(
                r,
                Column::Id,
                ProblemKind::DuplicateId { first_row: first },
            ));
            continue;
        }
        first_row.insert(id.clone(), r.number);
        let Some(&date) = row_date.get(&r.number) else {
            if matches!(cell(r, Column::ConclusionDate), sheet::Cell::Empty) {
                problems.push(problem(
                    r,
                    Column::ConclusionDate,
                    ProblemKind::NotADate(String::new()),
                ));
            }
            continue;
        };
        let Some(exp) = expected.get(&(date, id.clone())) else {
            problems.push(problem(r, Column::Id, ProblemKind::UnknownId(id)));
            continue;
        };
        // A register written with another date than the one recorded
        // since for the unit gives other deadlines than the unit now has.
        if let Some(s) = stored.stored(&exp.campaign, &exp.unit)
            && !s.disputed
            && s.date != date
        {
            problems.push(problem(
                r,
                Column::ConclusionDate,
                ProblemKind::OtherConclusionDate {
                    stored: s.date,
                    found: date,
                },
            ));
            continue;
        }
        // The team's columns, as this database writes them.
        for (i, &c) in reg::REGISTER.iter().enumerate() {
            if c.is_report_back() || c == Column::Id || c == Column::ConclusionDate {
                continue;
            }
            let Some(&found) = r.cells.get(&c) else {
                continue;
            };
            if matches!(found, sheet::Cell::Formula(_) | sheet::Cell::Other(_)) {
                continue;
            }
            if let Some((want, got)) = differs(form, &exp.cells[i], found) {
                problems.push(problem(
                    r,
                    c,
                    ProblemKind::Edited {
                        expected: want,
                        found: got,
                    },
                ));
            }
        }
        // The report-back.
        let done = match date_of(cell(r, Column::DoneDate)) {
            Ok(d) => d,
            Err(kind) => {
                problems.push(problem(r, Column::DoneDate, kind));
                continue;
            }
        };
        let text_of = |c: Column| -> Result<String, ProblemKind> {
            match cell(r, c) {
                sheet::Cell::Empty => Ok(String::new()),
                sheet::Cell::Text(t) => Ok(nfc(t.trim()).replace("\r\n", "\n")),
                // A number typed where words belong (a document number).
                sheet::Cell::Number(x) => Ok(number_text(*x)),
                sheet::Cell::Date(d) => Ok(d.format("%d/%m/%Y").to_string()),
                _ => Err(ProblemKind::WrongType("other")),
            }
        };
        let (Ok(action), Ok(evidence)) =
            (text_of(Column::DoneAction), text_of(Column::DoneEvidence))
        else {
            continue; // already reported
        };
        if done.is_none() && action.is_empty() && evidence.is_empty() {
            plan.blank += 1;
            continue;
        }
        let Some(done) = done else {
            problems.push(problem(r, Column::DoneDate, ProblemKind::MissingDate));
            continue;
        };
        if action.is_empty() {
            problems.push(problem(r, Column::DoneAction, ProblemKind::MissingAction));
            continue;
        }
        if done > today {
            problems.push(problem(r, Column::DoneDate, ProblemKind::FutureDate(done)));
            continue;
        }
        // One unit and one campaign per file: the unit authors what it sends.
        let (unit, unit_name) = file_unit
            .get_or_insert_with(|| (exp.unit.clone(), exp.unit_name.clone()))
            .clone();
        if exp.unit != unit {
            problems.push(problem(
                r,
                Column::UnitCode,
                ProblemKind::OtherUnit {
                    unit: exp.unit.clone(),
                    file_unit: unit,
                },
            ));
            continue;
        }
        let campaign = file_campaign
            .get_or_insert_with(|| exp.campaign.clone())
            .clone();
        if exp.campaign != campaign {
            problems.push(problem(
                r,
                Column::Campaign,
                ProblemKind::OtherCampaign {
                    campaign: exp.campaign.clone(),
                    file_campaign: campaign,
                },
            ));
            continue;
        }
        let after = Reported {
            done_on: done,
            action,
            evidence_ref: evidence,
            by: if unit_name.trim().is_empty() {
                unit.clone()
            } else {
                unit_name.clone()
            },
        };
        if exp.reported.as_ref() == Some(&after) {
            plan.unchanged += 1;
            continue;
        }
        plan.changes.push(Change {
            id,
            row: r.number,
            unit: exp.unit.clone(),
            checklist: exp.checklist.clone(),
            item: exp.item.clone(),
            before: exp.reported.clone(),
            after,
            inspection: exp.inspection.clone(),
            item_hash: exp.item_hash.clone(),
        });
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.row);
        return Err(PlanError::Problems(problems));
    }
    if let Some((code, _)) = file_unit {
        plan.unit = Some(code);
    }
    plan.campaign = file_campaign;
    Ok(plan)
}

/// The spreadsheet letter of a zero-based column.
fn letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

/// A date cell: a date, or text written as a date (day/month/year, or
/// ISO as in CSV); `None` when blank.
fn date_of(c: &sheet::Cell) -> Result<Option<NaiveDate>, ProblemKind> {
    match c {
        sheet::Cell::Empty => Ok(None),
        sheet::Cell::Date(d) => Ok(Some(*d)),
        sheet::Cell::Text(t) if t.trim().is_empty() => Ok(None),
        sheet::Cell::Text(t) => parse_date(t.trim())
            .map(Some)
            .ok_or_else(|| ProblemKind::NotADate(t.trim().to_owned())),
        sheet::Cell::Number(x) => Err(ProblemKind::NotADate(number_text(*x))),
        sheet::Cell::Formula(f) => Err(ProblemKind::Formula(f.clone())),
        sheet::Cell::Other(t) => Err(ProblemKind::WrongType(t)),
    }
}

/// 12/03/2026, 12-03-2026, 12.03.2026 or 2026-03-12.
pub fn parse_date(t: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .or_else(|| {
            ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
        })
        .filter(|d| (1900..=9999).contains(&chrono::Datelike::year(d)))
}

/// Whether a team cell read back differs from what the register holds:
/// (expected, found) as a person reads them. Text is compared trimmed, in
/// NFC, with either line ending; in CSV every cell is its CSV text.
fn differs(form: sheet::Form, want: &reg::Cell, found: &sheet::Cell) -> Option<(String, String)> {
    let norm = |s: &str| nfc(s.trim()).replace("\r\n", "\n");
    let shown = |c: &reg::Cell| match c {
        reg::Cell::Empty => String::new(),
        reg::Cell::Text(t) => t.clone(),
        reg::Cell::Number(n) => n.to_string(),
        reg::Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
    };
    let found_text = match found {
        sheet::Cell::Empty => String::new(),
        sheet::Cell::Text(t) => t.clone(),
        sheet::Cell::Number(x) => number_text(*x),
        sheet::Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
        sheet::Cell::Formula(f) => format!("={f}"),
        sheet::Cell::Other(_) => String::from("?"),
    };
    let same = match (form, want, found) {
        (_, reg::Cell::Date(d), sheet::Cell::Date(g)) => d == g,
        (_, reg::Cell::Date(d), sheet::Cell::Text(t)) => parse_date(t.trim()) == Some(*d),
        (_, reg::Cell::Number(n), sheet::Cell::Number(x)) => f64::from(*n) == *x,
        (sheet::Form::Csv, w, _) => {
            let w = crate::report::csv::cell_value(w);
            norm(&w) == norm(&found_text) || norm(&shown(want)) == norm(&found_text)
        }
        (sheet::Form::Xlsx, w, _) => norm(&shown(w)) == norm(&found_text),
    };
    (!same).then(|| (shown(want), found_text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_vietnamese_documents_write_them() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 12);
        for t in ["12/03/2026", "12/3/2026", "2026-03-12", "12.03.2026"] {
            assert_eq!(parse_date(t), d, "{t}");
        }
        for t in ["03/2026", "31/02/2026", "hôm qua", "12/03/26"] {
            assert_eq!(parse_date(t), None, "{t}");
        }
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
    }

    #[test]
    fn team_cells_compare_as_written() {
        use sheet::{Cell as S, Form};
        let t = |s: &str| reg::Cell::Text(s.into());
        assert!(
            differs(
                Form::Xlsx,
                &t("Sổ ghi\nthiếu"),
                &S::Text(" Sổ ghi\r\nthiếu ".into())
            )
            .is_none()
        );
        assert!(differs(Form::Xlsx, &t("a"), &S::Text("b".into())).is_some());
        assert!(differs(Form::Xlsx, &reg::Cell::Number(10), &S::Number(10.0)).is_none());
        assert!(differs(Form::Csv, &reg::Cell::Number(10), &S::Text("10".into())).is_none());
        assert!(differs(Form::Csv, &t("=1+1"), &S::Text("'=1+1".into())).is_none());
        let d = NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
        assert!(
            differs(
                Form::Csv,
                &reg::Cell::Date(d),
                &S::Text("2026-03-16".into())
            )
            .is_none()
        );
        assert!(differs(Form::Xlsx, &reg::Cell::Date(d), &S::Date(d)).is_none());
        assert!(differs(Form::Xlsx, &reg::Cell::Empty, &S::Empty).is_none());
    }
}
