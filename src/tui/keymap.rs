//! One table per screen of (keys, action, description). The same tables
//! drive dispatch and the `?` help overlay, so help never drifts.

use crossterm::event::KeyCode;

use crate::core::finding::Status;
use crate::core::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Scroll the detail pane.
    DetailDown,
    DetailUp,
    SetStatus(Status),
    EditNote,
    Search,
    Filter,
    Undo,
    Redo,
    /// Turn moving to the next item after a status key on or off.
    ToggleAdvance,
    /// Leave the note editor (the note saved) for the next item.
    NoteNext,
    Help,
    Samples,
    Ratio,
    Evidence,
    RemoveEvidence,
    ActionOverride,
    Deadline,
    Conflicts,
    Back,
    Open,
    New,
    Team,
    AddRecord,
    RemoveRecord,
    Population,
    /// Toggle defect type n (1-based) on the selected record.
    ToggleDefect(u8),
    SideLeft,
    SideRight,
    TakeSide,
    MergeNote,
    SaveResolution,
    /// Change the inspector name every change is credited to.
    Inspector,
    /// Mark or unmark the selected item for a step over several items.
    Mark,
    /// Mark (or unmark) every item of the selected item's section.
    MarkSection,
    /// Append one note to every marked item.
    BulkNote,
    /// Open what is missing before finishing; there, finish.
    Finish,
    /// The record view of the selected item's sample group.
    RecordView,
    /// The selected unit's details (name, kind, province).
    UnitDetails,
    /// The selected unit's follow-up of what the inspection found.
    Followup,
    /// Accept the unit's remediation of the selected item.
    Accept,
    /// Refuse it, with a reason and perhaps a new time.
    Reject,
    /// Record the date of the unit's conclusion notice.
    Conclude,
    /// Remove the selected inspection (restore it, among the removed).
    Remove,
    /// Show the removed inspections, or go back from them.
    ShowRemoved,
    Left,
    Right,
    /// Edit the selected value.
    Edit,
    // One-line prompts.
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    DeleteToStart,
    DeleteWord,
    Submit,
}

pub struct Binding {
    pub keys: &'static [KeyCode],
    /// Whether the keys are pressed with Ctrl held.
    pub ctrl: bool,
    /// How the keys are shown in the help overlay.
    pub label: &'static str,
    pub action: Action,
    pub vi: &'static str,
    pub en: &'static str,
}

impl Binding {
    pub fn describe(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }
}

const fn b(
    keys: &'static [KeyCode],
    label: &'static str,
    action: Action,
    vi: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        keys,
        ctrl: false,
        label,
        action,
        vi,
        en,
    }
}

/// A binding of keys pressed with Ctrl held.
const fn ctrl(
    keys: &'static [KeyCode],
    label: &'static str,
    action: Action,
    vi: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        ctrl: true,
        ..b(keys, label, action, vi, en)
    }
}

use KeyCode as K;

pub const INSPECTION: &[Binding] = &[
    b(
        &[K::Char('1')],
        "1",
        Action::SetStatus(Status::Pass),
        "Đạt",
        "Pass",
    ),
    b(
        &[K::Char('2')],
        "2",
        Action::SetStatus(Status::Partial),
        "Đạt một phần",
        "Partial",
    ),
    b(
        &[K::Char('3')],
        "3",
        Action::SetStatus(Status::Fail),
        "Không đạt",
        "Fail",
    ),
    b(
        &[K::Char('4')],
        "4",
        Action::SetStatus(Status::Na),
        "Không áp dụng",
        "Not applicable",
    ),
    b(
        &[K::Char('0')],
        "0",
        Action::SetStatus(Status::Unchecked),
        "Bỏ kết quả",
        "Clear status",
    ),
    b(
        &[K::Up, K::Char('k')],
        "↑ k",
        Action::Up,
        "Mục trước",
        "Previous item",
    ),
    b(
        &[K::Down, K::Char('j')],
        "↓ j",
        Action::Down,
        "Mục sau",
        "Next item",
    ),
    b(
        &[K::PageUp],
        "PgUp",
        Action::PageUp,
        "Lên một trang",
        "Page up",
    ),
    b(
        &[K::PageDown],
        "PgDn",
        Action::PageDown,
        "Xuống một trang",
        "Page down",
    ),
    b(
        &[K::Home, K::Char('g')],
        "Home g",
        Action::Top,
        "Mục đầu",
        "First item",
    ),
    b(
        &[K::End, K::Char('G')],
        "End G",
        Action::Bottom,
        "Mục cuối",
        "Last item",
    ),
    b(
        &[K::Char('J')],
        "J",
        Action::DetailDown,
        "Cuộn chi tiết xuống",
        "Scroll the detail down",
    ),
    b(
        &[K::Char('K')],
        "K",
        Action::DetailUp,
        "Cuộn chi tiết lên",
        "Scroll the detail up",
    ),
    b(
        &[K::Enter, K::Char('e')],
        "Enter e",
        Action::EditNote,
        "Sửa ghi chú",
        "Edit note",
    ),
    b(
        &[K::Char('s')],
        "s",
        Action::Samples,
        "Hồ sơ chọn mẫu",
        "Sampled records",
    ),
    b(
        &[K::Char('r')],
        "r",
        Action::Ratio,
        "Nhập tỷ lệ",
        "Enter ratio",
    ),
    b(
        &[K::Char('v')],
        "v",
        Action::Evidence,
        "Thêm minh chứng",
        "Add evidence",
    ),
    b(
        &[K::Char('V')],
        "V",
        Action::RemoveEvidence,
        "Bỏ minh chứng mới nhất",
        "Remove the newest evidence",
    ),
    b(
        &[K::Char('o')],
        "o",
        Action::ActionOverride,
        "Sửa yêu cầu khắc phục",
        "Override action",
    ),
    b(
        &[K::Char('D')],
        "D",
        Action::Deadline,
        "Sửa thời hạn",
        "Override deadline",
    ),
    b(
        &[K::Char('c')],
        "c",
        Action::Conflicts,
        "Xem xung đột",
        "Conflicts",
    ),
    b(
        &[K::Char('/')],
        "/",
        Action::Search,
        "Tìm (không dấu cũng được)",
        "Search (accents optional)",
    ),
    b(
        &[K::Char('f')],
        "f",
        Action::Filter,
        "Đổi bộ lọc",
        "Cycle filter",
    ),
    b(
        &[K::Char(' '), K::Char('m')],
        "Space m",
        Action::Mark,
        "Đánh dấu/bỏ đánh dấu mục (rồi sang mục sau)",
        "Mark/unmark the item (then the next one)",
    ),
    b(
        &[K::Char('M')],
        "M",
        Action::MarkSection,
        "Đánh dấu/bỏ đánh dấu cả phần",
        "Mark/unmark the whole section",
    ),
    b(
        &[K::Char('N')],
        "N",
        Action::BulkNote,
        "Thêm cùng một ghi chú vào các mục đã đánh dấu",
        "Append one note to the marked items",
    ),
    b(
        &[K::Char('R')],
        "R",
        Action::RecordView,
        "Hồ sơ dùng chung của nhóm mẫu",
        "Shared records of the sample group",
    ),
    b(
        &[K::Char('F')],
        "F",
        Action::Finish,
        "Kết thúc kiểm tra: xem còn thiếu gì",
        "Finish the inspection: see what is missing",
    ),
    b(&[K::Char('u')], "u", Action::Undo, "Hoàn tác", "Undo"),
    ctrl(&[K::Char('r')], "Ctrl+R", Action::Redo, "Làm lại", "Redo"),
    b(
        &[K::Char('i')],
        "i",
        Action::Inspector,
        "Đổi tên người kiểm tra",
        "Change inspector name",
    ),
    b(
        &[K::Char('A')],
        "A",
        Action::ToggleAdvance,
        "Bật/tắt tự sang mục sau khi chấm",
        "Moving on after a status: on/off",
    ),
    b(
        &[K::Esc],
        "Esc",
        Action::Back,
        "Bỏ đánh dấu / xoá tìm kiếm / về trang chủ",
        "Clear marks / search / home",
    ),
    b(
        &[K::Char('?'), K::F(1)],
        "? F1",
        Action::Help,
        "Trợ giúp",
        "Help",
    ),
    b(
        &[K::Char('q')],
        "q",
        Action::Quit,
        "Thoát (mọi thay đổi đã lưu)",
        "Quit (everything is saved)",
    ),
];

pub const SAMPLES: &[Binding] = &[
    b(
        &[K::Up, K::Char('k')],
        "↑ k",
        Action::Up,
        "Hồ sơ trước",
        "Previous record",
    ),
    b(
        &[K::Down, K::Char('j')],
        "↓ j",
        Action::Down,
        "Hồ sơ sau",
        "Next record",
    ),
    b(
        &[K::PageUp],
        "PgUp",
        Action::PageUp,
        "Lên một trang",
        "Page up",
    ),
    b(
        &[K::PageDown],
        "PgDn",
        Action::PageDown,
        "Xuống một trang",
        "Page down",
    ),
    b(
        &[K::Home, K::Char('g')],
        "Home g",
        Action::Top,
        "Đầu danh sách",
        "First",
    ),
    b(
        &[K::End, K::Char('G')],
        "End G",
        Action::Bottom,
        "Cuối danh sách",
        "Last",
    ),
    b(
        &[K::Char('a')],
        "a",
        Action::AddRecord,
        "Thêm hồ sơ",
        "Add record",
    ),
    b(
        &[K::Char('d'), K::Delete],
        "d Del",
        Action::RemoveRecord,
        "Xoá hồ sơ",
        "Remove record",
    ),
    b(
        &[K::Char('p')],
        "p",
        Action::Population,
        "Nhập tổng số, rút mẫu",
        "Population, draw sample",
    ),
    b(
        &[K::Char('1')],
        "1",
        Action::ToggleDefect(1),
        "Bật/tắt lỗi 1",
        "Toggle defect 1",
    ),
    b(
        &[K::Char('2')],
        "2",
        Action::ToggleDefect(2),
        "Bật/tắt lỗi 2",
        "Toggle defect 2",
    ),
    b(
        &[K::Char('3')],
        "3",
        Action::ToggleDefect(3),
        "Bật/tắt lỗi 3",
        "Toggle defect 3",
    ),
    b(
        &[K::Char('4')],
        "4",
        Action::ToggleDefect(4),
        "Bật/tắt lỗi 4",
        "Toggle defect 4",
    ),
    b(
        &[K::Char('5')],
        "5",
        Action::ToggleDefect(5),
        "Bật/tắt lỗi 5",
        "Toggle defect 5",
    ),
    b(
        &[K::Char('6')],
        "6",
        Action::ToggleDefect(6),
        "Bật/tắt lỗi 6",
        "Toggle defect 6",
    ),
    b(
        &[K::Char('7')],
        "7",
        Action::ToggleDefect(7),
        "Bật/tắt lỗi 7",
        "Toggle defect 7",
    ),
    b(
        &[K::Char('8')],
        "8",
        Action::ToggleDefect(8),
        "Bật/tắt lỗi 8",
        "Toggle defect 8",
    ),
    b(
        &[K::Char('9')],
        "9",
        Action::ToggleDefect(9),
        "Bật/tắt lỗi 9",
        "Toggle defect 9",
    ),
    b(&[K::Char('u')], "u", Action::Undo, "Hoàn tác", "Undo"),
    ctrl(&[K::Char('r')], "Ctrl+R", Action::Redo, "Làm lại", "Redo"),
    b(&[K::Esc], "Esc", Action::Back, "Quay lại", "Back"),
    b(
        &[K::Char('?'), K::F(1)],
        "? F1",
        Action::Help,
        "Trợ giúp",
        "Help",
    ),
];

pub const RECORDS: &[Binding] = &[
    b(
        &[K::Up, K::Char('k')],
        "↑ k",
        Action::Up,
        "Dòng trước",
        "Previous line",
    ),
    b(
        &[K::Down, K::Char('j')],
        "↓ j",
        Action::Down,
        "Dòng sau",
        "Next line",
    ),
    b(
        &[K::Home, K::Char('g')],
        "Home g",
        Action::Top,
        "Dòng đầu",
        "First line",
    ),
    b(
        &[K::End, K::Char('G')],
        "End G",
        Action::Bottom,
        "Dòng cuối (không tìm thấy hồ sơ)",
        "Last line (record not found)",
    ),
    b(
        &[K::Char(' '), K::Char('x')],
        "Space x",
        Action::Mark,
        "Bật/tắt lỗi (hoặc không tìm thấy)",
        "Toggle the defect (or not found)",
    ),
    b(
        &[K::Char('n'), K::Right, K::Tab],
        "n → Tab",
        Action::Right,
        "Hồ sơ sau",
        "Next record",
    ),
    b(
        &[K::Char('N'), K::Left, K::BackTab],
        "N ←",
        Action::Left,
        "Hồ sơ trước",
        "Previous record",
    ),
    b(
        &[K::Char('a')],
        "a",
        Action::AddRecord,
        "Thêm hồ sơ vào cả nhóm",
        "Add a record to the whole group",
    ),
    b(
        &[K::Char('d')],
        "d",
        Action::RemoveRecord,
        "Xoá hồ sơ khỏi cả nhóm (hỏi lại)",
        "Remove the record from the group (asks)",
    ),
    b(
        &[K::Char('p')],
        "p",
        Action::Population,
        "Nhập tổng số, chọn mẫu một lần cho cả nhóm",
        "Population: one draw for the group",
    ),
    b(&[K::Char('u')], "u", Action::Undo, "Hoàn tác", "Undo"),
    ctrl(&[K::Char('r')], "Ctrl+R", Action::Redo, "Làm lại", "Redo"),
    b(&[K::Esc], "Esc", Action::Back, "Quay lại", "Back"),
    b(
        &[K::Char('?'), K::F(1)],
        "? F1",
        Action::Help,
        "Trợ giúp",
        "Help",
    ),
];

pub const FINISH: &[Binding] = &[
    b(
        &[K::Up, K::Char('k')],
        "↑ k",
        Action::Up,
        "Điểm trước",
        "Previous",
    ),
    b(
        &[K::Down, K::Char('j')],
        "↓ j",
        Action::Down,
        "Điểm sau",
        "Next",
    ),
    b(
        &[K::Home, K::Char('g')],
        "Home g",
        Action::Top,
        "Đầu danh sách",
        "First",
    ),
    b(
        &[K::End, K::Char('G')],
        "End G",
        Action::Bottom,
        "Cuối danh sách",
        "Last",
    ),
    b(
        &[K::Enter],
        "Enter",
        Action::Open,
        "Đến mục này để sửa",
        "Go to the item to fix it",
    ),
    b(
        &[K::Char('F')],
        "F",
        Action::Finish,
        "Kết thúc (còn thiếu thì hỏi lý do)",
        "Finish (asks a reason if something is missing)",
    ),
    b(&[K::Esc], "Esc", Action::Back, "Quay lại", "Back"),
    b(
        &[K::Char('?'), K::F(1)],
        "? F1",
        Action::Help,
        "Trợ giúp",
        "Help",
    ),
];

pub const CONFLICTS: &[Binding] = &[
    b(
        &[K::Up, K::Char('k')],
        "↑ k",
        Action::Up,
        "Xung đột trước",
        "Previous conflict",
    ),
    b(
        &[K::Down, K::Char('j')],
        "↓ j",
        Action::Down,
        "Xung đột sau",
        "Next conflict",
    ),
    b(
        &[K::PageUp],
        "PgUp",
        Action::PageUp,
        "Lên một trang",
        "Page up",
    ),
    b(
        &[K::PageDown],
        "PgDn",
        Action::PageDown,
        "Xuống một trang",
        "Page down",
    ),
    b(
        &[K::Home, K::Char('g')],
        "Home g",
        Action::Top,
        "Đầu danh sách",
        "First",
    ),
    b(
        &[K::End, K::Char('G')],
        "End G",
        Action::Bottom,
        "Cuối danh sách",
        "Last",
    ),
    b(
        &[K::Left, K::Char('a')],
        "← a",
        Action::SideLeft,
        "Bên trái",
        "Left side",
    ),
    b(
        &[K::Right, K::Char('b')],
        "→ b",
        Action::SideRight,
        "Bên phải",
        "Right side",
    ),
    b(
        &[K::Enter],
        "Enter",
        Action::TakeSide,
        "Lấy bên đang chọn",
        "Take the selected side",
    ),
    b(
        &[K::Char('m')],
        "m",
        Action::MergeNote,
        "Viết ghi chú hợp nhất",
        "Write a combined note",
    ),
    b(&[K::Esc], "Esc", Action::Back, "Quay lại", "Back"),
    b(
        &[K::Char('?'), K::F(1)],
        "? F1",
        Action::Help,
        "Trợ giúp",
        "Help",
    ),
];

pub const HOME: &[Binding] = &[
    b(
        &[K::Up, K::Char('k')],
        "↑ k",
        Action::Up,
        "Dòng trước",
        "Previous row",
    ),
    b(
        &[K::Down, K::Char('j')],
        "↓ j",
        Action::Down,
        "Dòng sau",
        "Next row",
    ),
    b(
        &[K::PageUp],
        "PgUp",
        Action::PageUp,
        "Lên một trang",
        "Page up",
    ),
    b(
        &[K::PageDown],
        "PgDn",
        Action::PageDown,
        "Xuống một trang",
        "Page down",
    ),
    b(
        &[K::Home, K::Char('g')],
        "Home g",
        Action::Top,
        "Dòng đầu",
        "First row",
    ),
    b(
        &[K::End, K::Char('G')],
        "End G",
        Action::Bottom,
        "Dòng cuối",
        "Last row",
    ),
    b(
        &[K::Enter],
        "Enter",
        Action::Open,
        "Mở cuộc kiểm tra",
        "Open inspection",
    ),
    b(
        &[K::Char('n')],
        "n",
        Action::New,
        "Cuộc kiểm tra mới",
        "New inspection",
    ),
    b(
        &[K::Char('u')],
        "u",
        Action::UnitDetails,
        "Thông tin đơn vị",
        "Unit details",
    ),
    b(
        &[K::Char('f')],
        "f",
        Action::Followup,
        "Theo dõi khắc phục",
        "Follow-up",
    ),
    b(
        &[K::Char('d'), K::Delete],
        "d Del",
        Action::Remove,
        "Xoá (tạo nhầm)",
        "Remove (made by mistake)",
    ),
    b(
        &[K::Char('x')],
        "x",
        Action::ShowRemoved,
        "Xem đã xoá",
        "Show removed",
    ),
    b(
        &[K::Char('t')],
        "t",
        Action::Team,
        "Tổng quan đoàn",
        "Team overview",
    ),
    b(
        &[K::Char('i')],
        "i",
        Action::Inspector,
        "Đổi tên người kiểm tra",
        "Change inspector name",
    ),
    b(&[K::Esc], "Esc", Action::Back, "Quay lại", "Back"),
    b(
        &[K::Char('?'), K::F(1)],
        "? F1",
        Action::Help,
        "Trợ giúp",
        "Help",
    ),
    b(&[K::Char('q')], "q", Action::Quit, "Thoát", "Quit"),
];

/// Keys of the note editor; every other key edits the text.
pub const NOTE_EDITOR: &[Binding] = &[
    b(
        &[K::Esc],
        "Esc",
        Action::Back,
        "Xong (ghi chú đã lưu)",
        "Done (the note is saved)",
    ),
    b(
        &[K::Tab],
        "Tab",
        Action::NoteNext,
        "Xong, sang mục sau",
        "Done, next item",
    ),
    b(&[K::F(1)], "F1", Action::Help, "Trợ giúp", "Help"),
];

/// Keys of the combined-note editor; every other key edits the text.
pub const COMBINED_NOTE: &[Binding] = &[
    ctrl(
        &[K::Char('s')],
        "Ctrl+S",
        Action::SaveResolution,
        "Lưu làm cách giải quyết",
        "Save as the resolution",
    ),
    b(
        &[K::Esc],
        "Esc",
        Action::Back,
        "Bỏ, quay lại danh sách xung đột",
        "Cancel, back to the conflicts",
    ),
    b(&[K::F(1)], "F1", Action::Help, "Trợ giúp", "Help"),
];

/// Keys of every one-line prompt (search, record code, ratio, evidence,
/// deadline, unit, name); every other key types.
pub const PROMPT: &[Binding] = &[
    b(&[K::Enter], "Enter", Action::Submit, "Xác nhận", "Confirm"),
    b(&[K::Esc], "Esc", Action::Back, "Bỏ", "Cancel"),
    b(
        &[K::Left],
        "←",
        Action::CursorLeft,
        "Con trỏ sang trái",
        "Cursor left",
    ),
    b(
        &[K::Right],
        "→",
        Action::CursorRight,
        "Con trỏ sang phải",
        "Cursor right",
    ),
    b(
        &[K::Home],
        "Home",
        Action::LineStart,
        "Về đầu dòng",
        "Line start",
    ),
    ctrl(
        &[K::Char('a')],
        "Ctrl+A",
        Action::LineStart,
        "Về đầu dòng",
        "Line start",
    ),
    b(
        &[K::End],
        "End",
        Action::LineEnd,
        "Về cuối dòng",
        "Line end",
    ),
    ctrl(
        &[K::Char('e')],
        "Ctrl+E",
        Action::LineEnd,
        "Về cuối dòng",
        "Line end",
    ),
    ctrl(
        &[K::Char('u')],
        "Ctrl+U",
        Action::DeleteToStart,
        "Xoá từ đầu dòng đến con trỏ",
        "Delete to the line start",
    ),
    ctrl(
        &[K::Char('w')],
        "Ctrl+W",
        Action::DeleteWord,
        "Xoá từ trước con trỏ",
        "Delete the word before the cursor",
    ),
];

/// Keys while the help is open.
pub const HELP: &[Binding] = &[
    b(
        &[K::Up, K::Char('k')],
        "↑ k",
        Action::Up,
        "Cuộn lên",
        "Scroll up",
    ),
    b(
        &[K::Down, K::Char('j')],
        "↓ j",
        Action::Down,
        "Cuộn xuống",
        "Scroll down",
    ),
    b(
        &[K::PageUp],
        "PgUp",
        Action::PageUp,
        "Lên một trang",
        "Page up",
    ),
    b(
        &[K::PageDown],
        "PgDn",
        Action::PageDown,
        "Xuống một trang",
        "Page down",
    ),
    b(
        &[K::Home, K::Char('g')],
        "Home g",
        Action::Top,
        "Về đầu",
        "Top",
    ),
    b(
        &[K::End, K::Char('G')],
        "End G",
        Action::Bottom,
        "Về cuối",
        "Bottom",
    ),
    b(
        &[K::Esc, K::Char('?'), K::Char('q'), K::F(1)],
        "Esc ? q F1",
        Action::Back,
        "Đóng trợ giúp",
        "Close the help",
    ),
];

/// Keys that work on every screen, also while typing.
pub const GENERAL: &[Binding] = &[
    ctrl(
        &[K::Char('c'), K::Char('q')],
        "Ctrl+C",
        Action::Quit,
        "Thoát (lưu cả ghi chú đang gõ)",
        "Quit (the note being typed is saved too)",
    ),
    b(
        &[K::F(1)],
        "F1",
        Action::Help,
        "Trợ giúp (cả khi đang gõ)",
        "Help (also while typing)",
    ),
];

/// The team overview (`t` on home): units × checklists.
pub const TEAM: &[Binding] = &[
    b(
        &[K::Up, K::Char('k')],
        "↑ k",
        Action::Up,
        "Đơn vị trước",
        "Previous unit",
    ),
    b(
        &[K::Down, K::Char('j')],
        "↓ j",
        Action::Down,
        "Đơn vị sau",
        "Next unit",
    ),
    b(
        &[K::Left, K::Char('h')],
        "← h",
        Action::Left,
        "Danh mục trước",
        "Previous checklist",
    ),
    b(
        &[K::Right, K::Char('l')],
        "→ l",
        Action::Right,
        "Danh mục sau",
        "Next checklist",
    ),
    b(
        &[K::PageUp],
        "PgUp",
        Action::PageUp,
        "Lên một trang",
        "Page up",
    ),
    b(
        &[K::PageDown],
        "PgDn",
        Action::PageDown,
        "Xuống một trang",
        "Page down",
    ),
    b(
        &[K::Home, K::Char('g')],
        "Home g",
        Action::Top,
        "Đơn vị đầu",
        "First unit",
    ),
    b(
        &[K::End, K::Char('G')],
        "End G",
        Action::Bottom,
        "Đơn vị cuối",
        "Last unit",
    ),
    b(
        &[K::Enter],
        "Enter",
        Action::Open,
        "Mở cuộc kiểm tra của ô",
        "Open the cell's inspection",
    ),
    b(
        &[K::Char('t'), K::Esc],
        "t Esc",
        Action::Back,
        "Quay lại",
        "Back",
    ),
    b(
        &[K::Char('?'), K::F(1)],
        "? F1",
        Action::Help,
        "Trợ giúp",
        "Help",
    ),
    b(&[K::Char('q')], "q", Action::Quit, "Thoát", "Quit"),
];

/// The checklist picker of a new inspection.
pub const PICKER: &[Binding] = &[
    b(
        &[K::Up, K::Char('k')],
        "↑ k",
        Action::Up,
        "Danh mục trước",
        "Previous checklist",
    ),
    b(
        &[K::Down, K::Char('j')],
        "↓ j",
        Action::Down,
        "Danh mục sau",
        "Next checklist",
    ),
    b(
        &[K::PageUp],
        "PgUp",
        Action::PageUp,
        "Lên một trang",
        "Page up",
    ),
    b(
        &[K::PageDown],
        "PgDn",
        Action::PageDown,
        "Xuống một trang",
        "Page down",
    ),
    b(
        &[K::Home, K::Char('g')],
        "Home g",
        Action::Top,
        "Danh mục đầu",
        "First checklist",
    ),
    b(
        &[K::End, K::Char('G')],
        "End G",
        Action::Bottom,
        "Danh mục cuối",
        "Last checklist",
    ),
    b(
        &[K::Enter],
        "Enter",
        Action::Open,
        "Chọn danh mục này",
        "Choose this checklist",
    ),
    b(
        &[K::Esc, K::Char('q')],
        "Esc q",
        Action::Back,
        "Bỏ",
        "Cancel",
    ),
    b(
        &[K::Char('?'), K::F(1)],
        "? F1",
        Action::Help,
        "Trợ giúp",
        "Help",
    ),
];

/// The removed inspections (`x` on home).
pub const REMOVED: &[Binding] = &[
    b(
        &[K::Up, K::Char('k')],
        "↑ k",
        Action::Up,
        "Dòng trước",
        "Previous row",
    ),
    b(
        &[K::Down, K::Char('j')],
        "↓ j",
        Action::Down,
        "Dòng sau",
        "Next row",
    ),
    b(
        &[K::PageUp],
        "PgUp",
        Action::PageUp,
        "Lên một trang",
        "Page up",
    ),
    b(
        &[K::PageDown],
        "PgDn",
        Action::PageDown,
        "Xuống một trang",
        "Page down",
    ),
    b(
        &[K::Home, K::Char('g')],
        "Home g",
        Action::Top,
        "Dòng đầu",
        "First row",
    ),
    b(
        &[K::End, K::Char('G')],
        "End G",
        Action::Bottom,
        "Dòng cuối",
        "Last row",
    ),
    b(
        &[K::Char('d'), K::Delete],
        "d Del",
        Action::Remove,
        "Khôi phục cuộc kiểm tra",
        "Restore inspection",
    ),
    b(
        &[K::Char('x'), K::Esc],
        "x Esc",
        Action::ShowRemoved,
        "Quay lại",
        "Back",
    ),
    b(
        &[K::Char('?'), K::F(1)],
        "? F1",
        Action::Help,
        "Trợ giúp",
        "Help",
    ),
    b(&[K::Char('q')], "q", Action::Quit, "Thoát", "Quit"),
];

/// The unit details panel (`u` on home).
pub const UNIT: &[Binding] = &[
    b(
        &[K::Up, K::Char('k')],
        "↑ k",
        Action::Up,
        "Trường trước",
        "Previous field",
    ),
    b(
        &[K::Down, K::Char('j')],
        "↓ j",
        Action::Down,
        "Trường sau",
        "Next field",
    ),
    b(
        &[K::Left],
        "←",
        Action::SideLeft,
        "Bên trước (xung đột)",
        "Previous side (conflict)",
    ),
    b(
        &[K::Right],
        "→",
        Action::SideRight,
        "Bên sau (xung đột)",
        "Next side (conflict)",
    ),
    b(
        &[K::Enter],
        "Enter",
        Action::TakeSide,
        "Lấy bên đang chọn, hoặc sửa",
        "Take the selected side, or edit",
    ),
    b(&[K::Char('e')], "e", Action::Edit, "Sửa", "Edit"),
    b(&[K::Esc], "Esc", Action::Back, "Đóng", "Close"),
    b(
        &[K::Char('?'), K::F(1)],
        "? F1",
        Action::Help,
        "Trợ giúp",
        "Help",
    ),
];

/// The follow-up of one unit (`f` on home).
pub const FOLLOWUP: &[Binding] = &[
    b(
        &[K::Up, K::Char('k')],
        "↑ k",
        Action::Up,
        "Tồn tại trước",
        "Previous item",
    ),
    b(
        &[K::Down, K::Char('j')],
        "↓ j",
        Action::Down,
        "Tồn tại sau",
        "Next item",
    ),
    b(
        &[K::PageUp],
        "PgUp",
        Action::PageUp,
        "Lên một trang",
        "Page up",
    ),
    b(
        &[K::PageDown],
        "PgDn",
        Action::PageDown,
        "Xuống một trang",
        "Page down",
    ),
    b(
        &[K::Home, K::Char('g')],
        "Home g",
        Action::Top,
        "Tồn tại đầu",
        "First item",
    ),
    b(
        &[K::End, K::Char('G')],
        "End G",
        Action::Bottom,
        "Tồn tại cuối",
        "Last item",
    ),
    b(
        &[K::Char('a')],
        "a",
        Action::Accept,
        "Xác minh: đã khắc phục",
        "Verify: remedied",
    ),
    b(
        &[K::Char('r')],
        "r",
        Action::Reject,
        "Không chấp nhận (lý do, hạn mới)",
        "Not accepted (reason, new time)",
    ),
    b(
        &[K::Char('c')],
        "c",
        Action::Conclude,
        "Ngày kết luận",
        "Conclusion date",
    ),
    b(&[K::Esc], "Esc", Action::Back, "Đóng", "Close"),
    b(
        &[K::Char('?'), K::F(1)],
        "? F1",
        Action::Help,
        "Trợ giúp",
        "Help",
    ),
    b(&[K::Char('q')], "q", Action::Quit, "Thoát", "Quit"),
];

/// The action bound to `code` (pressed without Ctrl) in `table`.
pub fn lookup(table: &[Binding], code: KeyCode) -> Option<Action> {
    table
        .iter()
        .find(|bnd| !bnd.ctrl && bnd.keys.contains(&code))
        .map(|bnd| bnd.action)
}

/// The action bound to `key` in `table`, Ctrl held or not as the binding
/// says.
pub fn lookup_key(table: &[Binding], key: crossterm::event::KeyEvent) -> Option<Action> {
    let held = key
        .modifiers
        .contains(crossterm::event::KeyModifiers::CONTROL);
    table
        .iter()
        .find(|bnd| bnd.ctrl == held && bnd.keys.contains(&key.code))
        .map(|bnd| bnd.action)
}
