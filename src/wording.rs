//! What went wrong, in the interface language: every refusal of `ops`
//! (and of the input parsing under it) worded for people, naming the field
//! or file at fault and saying what to do about it. Both faces word their
//! errors here: the screen's status line and the command line's stderr.
//!
//! One function per language, each matching every variant, so a new kind
//! of error cannot reach the screen unworded in either language.

use std::io::ErrorKind;

use crate::core::checklist::Deadline;
use crate::core::input::InputError;
use crate::core::lang::Lang;
use crate::ops::OpsError;

/// `e` as a sentence, in `lang`.
pub fn describe(e: &OpsError, lang: Lang) -> String {
    match lang {
        Lang::Vi => vi(e),
        Lang::En => en(e),
    }
}

fn vi(e: &OpsError) -> String {
    match e {
        OpsError::UnknownChecklist(id) => format!(
            "Không có danh mục kiểm tra “{id}” trong các danh mục đã nạp. \
             Hãy kiểm tra lại mã danh mục, hoặc mở lại với --checklists DIR chứa danh mục đó."
        ),
        OpsError::UnknownItem { checklist, item } => format!(
            "Danh mục “{checklist}” không có mục “{item}”. \
             Hãy kiểm tra lại mã mục; danh mục có thể đã đổi phiên bản."
        ),
        OpsError::UnitCode(code) => format!(
            "Mã đơn vị “{code}” không hợp lệ: mã cần từ 1 đến 64 ký tự in được, \
             ví dụ UBND-XA-VINHHOA. Hãy nhập lại mã đơn vị."
        ),
        OpsError::NotSampled(item) => {
            format!("Mục {item} không kiểm tra theo mẫu nên không ghi được hồ sơ mẫu cho mục này.")
        }
        OpsError::NotRatio(item) => {
            format!("Mục {item} không kiểm tra theo tỷ lệ nên không ghi được tỷ lệ cho mục này.")
        }
        OpsError::RecordCode => "Mã hồ sơ không hợp lệ: mã cần từ 1 đến 80 ký tự in được. \
                                 Hãy nhập lại mã hồ sơ."
            .to_owned(),
        OpsError::ConfiguredInspectorName(name) => format!(
            "Tên người kiểm tra “{name}” trong tệp cấu hình không hợp lệ: tên cần từ 1 đến 80 \
             ký tự in được. Hãy sửa khoá inspector trong config.toml."
        ),
        OpsError::InspectorName(_) => "Tên người kiểm tra không hợp lệ: tên cần từ 1 đến 80 \
                                       ký tự in được. Hãy nhập lại tên của bạn."
            .to_owned(),
        OpsError::NoConflict { item, field } => format!(
            "Trường “{}” của mục {item} không có xung đột nên không có gì để giải quyết; \
             không có gì thay đổi. Lệnh parcheck conflicts liệt kê các xung đột còn lại.",
            field_label(field, Lang::Vi)
        ),
        OpsError::UnknownDefect {
            item,
            defect,
            known,
        } => format!(
            "Mục {item} không có loại lỗi “{defect}”. Các loại lỗi của mục này là: {}.",
            known.join(", ")
        ),
        OpsError::RatioAbove {
            numerator,
            denominator,
        } => format!(
            "Tỷ lệ {numerator}/{denominator} không hợp lệ: tử số lớn hơn mẫu số. \
             Hãy nhập lại, ví dụ 12/40."
        ),
        OpsError::NoSamplingRule(item) => format!(
            "Mục {item} không quy định cách chọn mẫu nên không tính được cỡ mẫu từ tổng số hồ sơ. \
             Hãy thêm trực tiếp từng hồ sơ đã chọn."
        ),
        OpsError::PopulationTooLarge(n) => {
            format!("Tổng số hồ sơ {n} vượt quá giới hạn 1.000.000 hồ sơ. Hãy kiểm tra lại con số.")
        }
        OpsError::EvidenceFile { path, kind, reason } => format!(
            "Không đọc được tệp minh chứng “{path}”: {}. Hãy kiểm tra lại đường dẫn.",
            file_reason(*kind, reason, Lang::Vi)
        ),
        OpsError::Input { field, source } => {
            let label = field_label(field, Lang::Vi);
            match source {
                InputError::Ratio(s) => format!(
                    "{label} “{s}” không hợp lệ: hãy viết dạng tử số/mẫu số, ví dụ 120/400."
                ),
                InputError::Deadline(s) => format!(
                    "{label} “{s}” không hợp lệ: hãy nhập số ngày làm việc từ 1 đến {}, \
                     hoặc “ngay” (thực hiện ngay).",
                    Deadline::MAX_WORKING_DAYS
                ),
                InputError::Status(s) => format!(
                    "{label} “{s}” không hợp lệ: hãy dùng pass (đạt), partial (đạt một phần), \
                     fail (không đạt), na (không áp dụng) hoặc unchecked (chưa kiểm tra)."
                ),
                InputError::Number(s) => format!(
                    "{label} “{s}” không hợp lệ: hãy nhập một số nguyên không âm, ví dụ 120."
                ),
                InputError::EmptyEvidence => format!(
                    "{label} còn trống: hãy nhập số, ký hiệu văn bản, \
                     hoặc file:ĐƯỜNG_DẪN để gắn một tệp."
                ),
            }
        }
        OpsError::UnknownField(f) => format!(
            "Không có trường “{f}”. Hãy xem danh sách các trường đang xung đột để chọn đúng tên."
        ),
        OpsError::NotSettable { field, why } => format!(
            "Không ghi trực tiếp được trường {field} ({why}). Hãy chọn một bên của xung đột."
        ),
        OpsError::NotThisField { rev, field } => format!(
            "Phiên bản {rev} không phải là một giá trị của trường {field}. \
             Hãy chọn một phiên bản trong danh sách xung đột của trường này."
        ),
        OpsError::NoInspectionId(id) => format!(
            "Không có cuộc kiểm tra nào có mã bắt đầu bằng “{id}”. Hãy kiểm tra lại mã cuộc kiểm tra."
        ),
        OpsError::NoInspection { unit, with_id } => {
            if *with_id {
                format!(
                    "Đơn vị “{unit}” không có cuộc kiểm tra nào mang mã đó. \
                     Hãy kiểm tra lại mã cuộc kiểm tra."
                )
            } else {
                format!(
                    "Chưa có cuộc kiểm tra nào của đơn vị “{unit}”. Hãy kiểm tra lại mã đơn vị."
                )
            }
        }
        OpsError::SeveralInspections { unit, checklists } => format!(
            "Đơn vị “{unit}” có nhiều cuộc kiểm tra ({}). Hãy chọn một danh mục.",
            checklists.join(", ")
        ),
        OpsError::SeveralCampaigns { unit, campaigns } => format!(
            "Đơn vị “{unit}” đã được kiểm tra trong nhiều đợt ({}). Hãy chọn một đợt kiểm tra.",
            campaigns.join(", ")
        ),
        OpsError::AlreadyRemoved { unit, checklist } => format!(
            "Cuộc kiểm tra đơn vị “{unit}” theo danh mục “{checklist}” đã được xoá từ trước; \
             không có gì thay đổi."
        ),
        OpsError::NotRemoved { unit, checklist } => format!(
            "Cuộc kiểm tra đơn vị “{unit}” theo danh mục “{checklist}” chưa bị xoá nên không cần \
             khôi phục; không có gì thay đổi."
        ),
        OpsError::UnknownUnit(code) => {
            format!("Không có đơn vị “{code}” trong cơ sở dữ liệu. Hãy kiểm tra lại mã đơn vị.")
        }
        OpsError::UnitKind(text) => format!(
            "Loại đơn vị “{text}” không hợp lệ. Hãy chọn một trong: {}.",
            unit_kinds(Lang::Vi)
        ),
        OpsError::UnitDetail { field, value } => format!(
            "{} “{value}” không hợp lệ: cần từ 1 đến {} ký tự in được. Hãy nhập lại.",
            unit_field_label(field, Lang::Vi),
            crate::ops::MAX_UNIT_TEXT
        ),
        OpsError::NoUnitConflict { unit, field } => format!(
            "{} của đơn vị “{unit}” không có xung đột nên không có gì để giải quyết; \
             không có gì thay đổi.",
            unit_field_label(field, Lang::Vi)
        ),
        OpsError::Store(e) => store_vi(e),
    }
}

/// A database that cannot be used, in Vietnamese: what is wrong and what
/// to do.
fn store_vi(e: &crate::store::StoreError) -> String {
    use crate::store::StoreError;
    match e {
        StoreError::Busy { path } => format!(
            "Cơ sở dữ liệu {path} đang bận: một chương trình khác đang ghi vào đó. \
             Hãy thử lại sau giây lát."
        ),
        StoreError::TooNew { path, found, known } => format!(
            "Cơ sở dữ liệu {path} do một phiên bản parcheck mới hơn ghi (lược đồ {found}, \
             phiên bản này chỉ biết đến lược đồ {known}). Hãy cập nhật parcheck."
        ),
        StoreError::Invalid { .. } | StoreError::Sqlite { .. } => format!(
            "Lỗi cơ sở dữ liệu: {e}. Hãy thử lại sau giây lát; nếu vẫn lỗi, \
             hãy sao lưu tệp dữ liệu và báo cho cán bộ phụ trách kỹ thuật."
        ),
    }
}

fn en(e: &OpsError) -> String {
    match e {
        OpsError::UnknownChecklist(id) => format!(
            "No loaded checklist is called “{id}”. \
             Check the checklist id, or start again with --checklists DIR holding it."
        ),
        OpsError::UnknownItem { checklist, item } => format!(
            "Checklist “{checklist}” has no item “{item}”. \
             Check the item id; the checklist may have changed version."
        ),
        OpsError::UnitCode(code) => format!(
            "Unit code “{code}” is not valid: use 1 to 64 printable characters, \
             e.g. UBND-XA-VINHHOA. Type the unit code again."
        ),
        OpsError::NotSampled(item) => {
            format!("Item {item} is not a sampled check, so it takes no sampled records.")
        }
        OpsError::NotRatio(item) => {
            format!("Item {item} is not a ratio check, so it takes no ratio.")
        }
        OpsError::RecordCode => {
            "Record code not valid: use 1 to 80 printable characters. Type the record code again."
                .to_owned()
        }
        OpsError::ConfiguredInspectorName(name) => format!(
            "Inspector name “{name}” in the configuration file is not valid: use 1 to 80 \
             printable characters. Correct the inspector key in config.toml."
        ),
        OpsError::InspectorName(_) => "Inspector name not valid: use 1 to 80 printable \
                                       characters. Type your name again."
            .to_owned(),
        OpsError::NoConflict { item, field } => format!(
            "Field “{}” of item {item} is not in conflict, so there is nothing to resolve; \
             nothing was changed. `parcheck conflicts` lists the conflicts left.",
            field_label(field, Lang::En)
        ),
        OpsError::UnknownDefect {
            item,
            defect,
            known,
        } => format!(
            "Item {item} has no defect type “{defect}”. Its defect types are: {}.",
            known.join(", ")
        ),
        OpsError::RatioAbove {
            numerator,
            denominator,
        } => format!(
            "Ratio {numerator}/{denominator} is not valid: the numerator is larger than the \
             denominator. Type it again, e.g. 12/40."
        ),
        OpsError::NoSamplingRule(item) => format!(
            "Item {item} declares no sampling rule, so no sample size follows from a population. \
             Add the sampled records one by one instead."
        ),
        OpsError::PopulationTooLarge(n) => format!(
            "A population of {n} is above the limit of 1,000,000 records. Check the number."
        ),
        OpsError::EvidenceFile { path, kind, reason } => format!(
            "Cannot read evidence file “{path}”: {}. Check the path.",
            file_reason(*kind, reason, Lang::En)
        ),
        OpsError::Input { field, source } => {
            let label = field_label(field, Lang::En);
            match source {
                InputError::Ratio(s) => format!(
                    "{label} “{s}” is not valid: write it as NUMERATOR/DENOMINATOR, e.g. 120/400."
                ),
                InputError::Deadline(s) => format!(
                    "{label} “{s}” is not valid: give a number of working days from 1 to {}, \
                     or immediately.",
                    Deadline::MAX_WORKING_DAYS
                ),
                InputError::Status(s) => {
                    format!("{label} “{s}” is not valid: use pass, partial, fail, na or unchecked.")
                }
                InputError::Number(s) => {
                    format!("{label} “{s}” is not valid: type a whole number, e.g. 120.")
                }
                InputError::EmptyEvidence => format!(
                    "{label} is empty: type a document number, or file:PATH to attach a file."
                ),
            }
        }
        OpsError::UnknownField(f) => format!(
            "There is no field “{f}”. See the list of conflicted fields for the right name."
        ),
        OpsError::NotSettable { field, why } => format!(
            "Field {field} cannot be written directly ({why}). Take one side of the conflict."
        ),
        OpsError::NotThisField { rev, field } => format!(
            "Revision {rev} is not a value of field {field}. \
             Choose one of the revisions listed in that field's conflict."
        ),
        OpsError::NoInspectionId(id) => {
            format!("No inspection has an id starting with “{id}”. Check the inspection id.")
        }
        OpsError::NoInspection { unit, with_id } => {
            if *with_id {
                format!("Unit “{unit}” has no inspection with that id. Check the inspection id.")
            } else {
                format!("Unit “{unit}” has no inspection yet. Check the unit code.")
            }
        }
        OpsError::SeveralInspections { unit, checklists } => format!(
            "Unit “{unit}” has several inspections ({}). Choose one checklist.",
            checklists.join(", ")
        ),
        OpsError::SeveralCampaigns { unit, campaigns } => format!(
            "Unit “{unit}” was inspected in several campaigns ({}). Choose one campaign.",
            campaigns.join(", ")
        ),
        OpsError::AlreadyRemoved { unit, checklist } => format!(
            "The inspection of unit “{unit}” against checklist “{checklist}” is already removed; \
             nothing was changed."
        ),
        OpsError::NotRemoved { unit, checklist } => format!(
            "The inspection of unit “{unit}” against checklist “{checklist}” is not removed, so \
             there is nothing to restore; nothing was changed."
        ),
        OpsError::UnknownUnit(code) => {
            format!("There is no unit “{code}” in the database. Check the unit code.")
        }
        OpsError::UnitKind(text) => format!(
            "“{text}” is not a kind of unit. Choose one of: {}.",
            unit_kinds(Lang::En)
        ),
        OpsError::UnitDetail { field, value } => format!(
            "{} “{value}” is not valid: use 1 to {} printable characters. Type it again.",
            unit_field_label(field, Lang::En),
            crate::ops::MAX_UNIT_TEXT
        ),
        OpsError::NoUnitConflict { unit, field } => format!(
            "The {} of unit “{unit}” has no conflict to resolve; nothing was changed.",
            crate::core::text::lower_first(&unit_field_label(field, Lang::En))
        ),
        OpsError::Store(e) => format!(
            "Database error: {e}. Try again in a moment; if it persists, \
             back up the database file and report it to technical support."
        ),
    }
}

/// The name of a field named in an input error, as the screen's prompts
/// and the command line's options (`--ratio`) call it.
fn field_label(field: &str, lang: Lang) -> String {
    use crate::core::register::Field;
    let field = field.trim_start_matches('-');
    // An input names evidence without an id (`--evidence`).
    let stored = if field == "evidence" {
        Some(Field::Evidence(String::new()))
    } else {
        Field::parse(field)
    };
    if let Some(f) = stored {
        return f.label(lang);
    }
    match (field, lang) {
        // The population of a sampling plan is typed, not stored on its own.
        ("population", Lang::Vi) => "Tổng số hồ sơ",
        ("population", Lang::En) => "Population",
        (other, _) => other,
    }
    .to_owned()
}

/// Why a file could not be read, in words for the common cases; the
/// system's own text otherwise.
fn file_reason(kind: ErrorKind, reason: &str, lang: Lang) -> String {
    let words = match (kind, lang) {
        (ErrorKind::NotFound, Lang::Vi) => "không có tệp nào ở đường dẫn này",
        (ErrorKind::NotFound, Lang::En) => "there is no file at this path",
        (ErrorKind::PermissionDenied, Lang::Vi) => "không có quyền đọc tệp này",
        (ErrorKind::PermissionDenied, Lang::En) => "no permission to read it",
        (ErrorKind::IsADirectory, Lang::Vi) => "đây là một thư mục, không phải một tệp",
        (ErrorKind::IsADirectory, Lang::En) => "it is a folder, not a file",
        (ErrorKind::NotADirectory, Lang::Vi) => {
            "một phần của đường dẫn là tệp chứ không phải thư mục"
        }
        (ErrorKind::NotADirectory, Lang::En) => "part of the path is a file, not a folder",
        _ => return reason.to_owned(),
    };
    words.to_owned()
}

/// A unit field (`name`, `kind`, `province`) as every face names it.
fn unit_field_label(key: &str, lang: Lang) -> String {
    crate::core::register::Field::parse(key)
        .filter(|f| f.of_unit())
        .unwrap_or(crate::core::register::Field::UnitName)
        .label(lang)
}

/// The kinds of unit, as the screen names them, with the number that picks each.
fn unit_kinds(lang: Lang) -> String {
    crate::core::checklist::UnitKind::ALL
        .iter()
        .enumerate()
        .map(|(i, k)| format!("{} {}", i + 1, k.label(lang)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_named_and_explained_in_each_language() {
        let e = OpsError::EvidenceFile {
            path: "/mất/biên bản.pdf".into(),
            kind: ErrorKind::NotFound,
            reason: std::io::Error::from(ErrorKind::NotFound).to_string(),
        };
        assert_eq!(
            describe(&e, Lang::Vi),
            "Không đọc được tệp minh chứng “/mất/biên bản.pdf”: không có tệp nào ở đường dẫn này. \
             Hãy kiểm tra lại đường dẫn."
        );
        assert_eq!(
            describe(&e, Lang::En),
            "Cannot read evidence file “/mất/biên bản.pdf”: there is no file at this path. \
             Check the path."
        );
        // A case without words of its own keeps the system's text.
        let e = OpsError::EvidenceFile {
            path: "/x".into(),
            kind: ErrorKind::Other,
            reason: "disk on fire".into(),
        };
        assert!(describe(&e, Lang::Vi).contains("disk on fire"));
    }

    #[test]
    fn input_errors_name_the_field_as_the_screen_does() {
        let e = OpsError::input("--ratio", InputError::Ratio("12:40".into()));
        assert_eq!(
            describe(&e, Lang::Vi),
            "Tỷ lệ “12:40” không hợp lệ: hãy viết dạng tử số/mẫu số, ví dụ 120/400."
        );
        let e = OpsError::input("population", InputError::Number("mười".into()));
        assert_eq!(
            describe(&e, Lang::En),
            "Population “mười” is not valid: type a whole number, e.g. 120."
        );
    }
}
