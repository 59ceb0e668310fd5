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
use crate::merge::{TrustRefusal, Who};
use crate::ops::OpsError;

/// `e` as a sentence, in `lang`.
pub fn describe(e: &OpsError, lang: Lang) -> String {
    match lang {
        Lang::Vi => vi(e),
        Lang::En => en(e),
    }
}

/// Why a merge does not trust a bundle, in `lang`: the revision, its
/// author and device, and the fingerprint where it matters.
pub fn trust_refusal(r: &TrustRefusal, lang: Lang) -> String {
    use crate::core::text::sanitize_for_terminal;
    let c = |s: &str| sanitize_for_terminal(s, false);
    let who = |w: &Who| match lang {
        Lang::Vi => format!(
            "Phiên bản {} (người ghi “{}”, thiết bị {})",
            c(&w.rev_id),
            c(&w.author),
            c(&w.device)
        ),
        Lang::En => format!(
            "revision {} (author {:?}, device {})",
            c(&w.rev_id),
            c(&w.author),
            c(&w.device)
        ),
    };
    match (lang, r) {
        (
            Lang::Vi,
            TrustRefusal::KeyChanged {
                device,
                fingerprint,
                known,
            },
        ) => format!(
            "Thiết bị {} đi kèm một khóa (mã nhận dạng {fingerprint}) khác với khóa cơ sở dữ liệu này đã biết cho nó (mã nhận dạng {known}): gói dữ liệu đã bị làm giả.",
            c(device)
        ),
        (
            Lang::En,
            TrustRefusal::KeyChanged {
                device,
                fingerprint,
                known,
            },
        ) => format!(
            "device {} comes with a key ({fingerprint}) other than the one this database knows for it ({known}): the bundle was forged",
            c(device)
        ),
        (Lang::Vi, TrustRefusal::SealTooLong { device, bytes }) => format!(
            "Một niêm phong của thiết bị {} dài {bytes} byte (tối đa {} byte).",
            c(device),
            crate::core::signing::MAX_SEAL_BYTES
        ),
        (Lang::En, TrustRefusal::SealTooLong { device, bytes }) => format!(
            "a seal of device {:?} is {bytes} bytes long (at most {} allowed)",
            c(device),
            crate::core::signing::MAX_SEAL_BYTES
        ),
        (Lang::Vi, TrustRefusal::SealWithoutKey { device }) => format!(
            "Một niêm phong của thiết bị {} không kèm khóa của thiết bị đó.",
            c(device)
        ),
        (Lang::En, TrustRefusal::SealWithoutKey { device }) => format!(
            "a seal of device {} comes without its device's key",
            c(device)
        ),
        (
            Lang::Vi,
            TrustRefusal::SealAltered {
                device,
                fingerprint,
            },
        ) => format!(
            "Một niêm phong của thiết bị {} (mã nhận dạng {fingerprint}) không khớp với chữ ký của nó: gói dữ liệu đã bị sửa.",
            c(device)
        ),
        (
            Lang::En,
            TrustRefusal::SealAltered {
                device,
                fingerprint,
            },
        ) => format!(
            "a seal of device {} (fingerprint {fingerprint}) does not match its signature: the bundle was altered",
            c(device)
        ),
        (Lang::Vi, TrustRefusal::Unsigned { rev }) => format!(
            "{} không có chữ ký nên không chứng minh được là của một thành viên trong đoàn. Hợp nhất với --allow-unsigned để nhận các phiên bản chưa ký (ghi trước khi parcheck ký) và giữ chúng ở dạng chưa ký.",
            who(rev)
        ),
        (Lang::En, TrustRefusal::Unsigned { rev }) => format!(
            "{} is not signed, so it cannot be shown to come from a member of the team; merge with --allow-unsigned to take unsigned revisions (made before parcheck signed them) as unsigned",
            who(rev)
        ),
        (
            Lang::Vi,
            TrustRefusal::WrongUnit {
                rev,
                signed,
                placed,
            },
        ) => format!(
            "{} được ký cho đơn vị “{}” nhưng gói dữ liệu đặt nó vào đơn vị “{}”: gói dữ liệu đã bị sửa.",
            who(rev),
            c(signed),
            c(placed)
        ),
        (
            Lang::En,
            TrustRefusal::WrongUnit {
                rev,
                signed,
                placed,
            },
        ) => format!(
            "{} was signed for unit {:?} but the bundle places it in unit {:?}: the bundle was altered",
            who(rev),
            c(signed),
            c(placed)
        ),
        (Lang::Vi, TrustRefusal::WrongVersion { rev, signed }) => format!(
            "{} được ký cho phiên bản danh mục “{}”, nhưng các văn bản danh mục trong gói không có phiên bản này: gói dữ liệu đã bị sửa.",
            who(rev),
            c(signed)
        ),
        (Lang::En, TrustRefusal::WrongVersion { rev, signed }) => format!(
            "{} was signed for checklist version {:?}, which the bundle's checklist texts do not have: the bundle was altered",
            who(rev),
            c(signed)
        ),
        (Lang::Vi, TrustRefusal::NoKey { rev }) => format!(
            "{} có chữ ký, nhưng gói dữ liệu không kèm khóa của thiết bị đã ký.",
            who(rev)
        ),
        (Lang::En, TrustRefusal::NoKey { rev }) => format!(
            "{} is signed, but the bundle does not carry its device's key",
            who(rev)
        ),
        (Lang::Vi, TrustRefusal::Altered { rev }) => format!(
            "{} không khớp với chữ ký của nó: nội dung đã bị sửa sau khi ký, hoặc được ký bằng khóa khác.",
            who(rev)
        ),
        (Lang::En, TrustRefusal::Altered { rev }) => format!(
            "{} does not match its signature: it was changed after it was signed, or signed by another key",
            who(rev)
        ),
        (Lang::Vi, TrustRefusal::NotSealed { rev }) => format!(
            "{} không khớp với chữ ký của nó, tức niêm phong của thiết bị: nội dung đã bị sửa sau khi niêm phong, hoặc thiếu niêm phong.",
            who(rev)
        ),
        (Lang::En, TrustRefusal::NotSealed { rev }) => format!(
            "{} does not match its signature, its device's seal: it was changed after it was sealed, or the seal is missing",
            who(rev)
        ),
        (
            Lang::Vi,
            TrustRefusal::OtherMembersName {
                rev,
                fingerprint,
                member,
            },
        ) => format!(
            "{} ghi tên người ghi là “{}”, nhưng thiết bị {} (mã nhận dạng {fingerprint}) là của thành viên “{}”: một thiết bị không được ký dưới tên thành viên khác.",
            who(rev),
            c(&rev.author),
            c(&rev.device),
            c(member)
        ),
        (
            Lang::En,
            TrustRefusal::OtherMembersName {
                rev,
                fingerprint,
                member,
            },
        ) => format!(
            "{} names {:?} as its author, but device {} (fingerprint {fingerprint}) belongs to team member {:?}: a device cannot sign in another member's name",
            who(rev),
            c(&rev.author),
            c(&rev.device),
            c(member)
        ),
        (
            Lang::Vi,
            TrustRefusal::TwoNames {
                device,
                fingerprint,
                first,
                second,
            },
        ) => format!(
            "Thiết bị {} (mã nhận dạng {fingerprint}) ký dưới hai tên, “{}” và “{}”: không thể thêm nó vào đoàn.",
            c(device),
            c(first),
            c(second)
        ),
        (
            Lang::En,
            TrustRefusal::TwoNames {
                device,
                fingerprint,
                first,
                second,
            },
        ) => format!(
            "device {} (fingerprint {fingerprint}) signs in two names, {:?} and {:?}: it cannot be added to the team",
            c(device),
            c(first),
            c(second)
        ),
        (
            Lang::Vi,
            TrustRefusal::NameTaken {
                rev,
                fingerprint,
                holder,
            },
        ) => format!(
            "{} đến từ một thiết bị chưa có trong đoàn (mã nhận dạng {fingerprint}), dưới tên “{}”, là tên của thiết bị có mã nhận dạng {holder}: --trust-new không trao tên của một thành viên cho thiết bị thứ hai. Nếu “{}” đọc cho bạn mã nhận dạng {fingerprint}, hãy thêm bằng `parcheck team add --fingerprint {fingerprint} --name {:?}`.",
            who(rev),
            c(&rev.author),
            c(&rev.author),
            c(&rev.author)
        ),
        (
            Lang::En,
            TrustRefusal::NameTaken {
                rev,
                fingerprint,
                holder,
            },
        ) => format!(
            "{} comes from a device that is not in the team (fingerprint {fingerprint}), in the name of {:?}, which belongs to the device with fingerprint {holder}: --trust-new does not give a member's name to a second device. If {:?} reads you fingerprint {fingerprint}, add it with `parcheck team add --fingerprint {fingerprint} --name {:?}`",
            who(rev),
            c(&rev.author),
            c(&rev.author),
            c(&rev.author)
        ),
        (Lang::Vi, TrustRefusal::NotInTeam { rev, fingerprint }) => format!(
            "{} đến từ một thiết bị chưa có trong đoàn (mã nhận dạng {fingerprint}). Nếu “{}” đọc cho bạn đúng mã nhận dạng này, hãy thêm bằng `parcheck team add --fingerprint {fingerprint} --name {:?}`, hoặc hợp nhất với --trust-new.",
            who(rev),
            c(&rev.author),
            c(&rev.author)
        ),
        (Lang::En, TrustRefusal::NotInTeam { rev, fingerprint }) => format!(
            "{} comes from a device that is not in the team (fingerprint {fingerprint}). If {:?} reads you this fingerprint, add it with `parcheck team add --fingerprint {fingerprint} --name {:?}`, or merge with --trust-new",
            who(rev),
            c(&rev.author),
            c(&rev.author)
        ),
    }
}

/// A merge refusal as a whole: the file, why, and that nothing changed.
pub fn merge_refusal(file: &str, r: &TrustRefusal, lang: Lang) -> (String, String) {
    let file = crate::core::text::sanitize_for_terminal(file, false);
    match lang {
        Lang::Vi => (
            format!("{file}: không nhận: {}", trust_refusal(r, lang)),
            "không có gì được hợp nhất; cơ sở dữ liệu không thay đổi".to_owned(),
        ),
        Lang::En => (
            format!("{file}: rejected: {}", trust_refusal(r, lang)),
            "nothing was merged; the database is unchanged".to_owned(),
        ),
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
        OpsError::FinishGaps(n) => format!(
            "Còn {n} điểm chưa xong (danh sách ở trên). Hãy bổ sung, hoặc vẫn kết thúc \
             kèm lý do (--reason \"…\")."
        ),
        OpsError::FinishReason => format!(
            "Lý do kết thúc cần tối đa {} ký tự in được. Hãy viết ngắn lại.",
            crate::ops::MAX_REASON
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
        OpsError::FinishGaps(n) => format!(
            "{n} things are still missing (listed above). Complete them, or finish anyway \
             with a reason (--reason \"…\")."
        ),
        OpsError::FinishReason => format!(
            "A finishing reason needs at most {} printable characters. Shorten it.",
            crate::ops::MAX_REASON
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

/// What is missing on one item before its inspection can be finished
/// cleanly, as both faces list it.
pub fn describe_gap(gap: &crate::ops::GapKind, lang: Lang) -> String {
    use crate::core::finding::Status;
    use crate::ops::GapKind;
    let status = |s: Status| match (s, lang) {
        (Status::Fail, Lang::Vi) => "Không đạt",
        (Status::Fail, Lang::En) => "fail",
        (_, Lang::Vi) => "Đạt một phần",
        (_, Lang::En) => "partial",
    };
    match (gap, lang) {
        (GapKind::Unchecked, Lang::Vi) => "chưa chấm kết quả".into(),
        (GapKind::Unchecked, Lang::En) => "no result recorded".into(),
        (GapKind::Unexplained(s), Lang::Vi) => {
            format!("ghi {} nhưng chưa có ghi chú hay minh chứng", status(*s))
        }
        (GapKind::Unexplained(s), Lang::En) => {
            format!("marked {} with neither a note nor evidence", status(*s))
        }
        (GapKind::SampleTooSmall { sampled, needed }, Lang::Vi) => {
            format!("mới lấy mẫu {sampled} hồ sơ, quy tắc chọn mẫu cần {needed}")
        }
        (GapKind::SampleTooSmall { sampled, needed }, Lang::En) => {
            format!("{sampled} records sampled, the sampling rule asks for {needed}")
        }
        (GapKind::Contradiction(i), lang) => i.reason(lang),
        (GapKind::Conflict(fields), Lang::Vi) => {
            format!("còn xung đột chưa giải quyết ({})", fields.join(", "))
        }
        (GapKind::Conflict(fields), Lang::En) => {
            format!("unresolved conflict ({})", fields.join(", "))
        }
    }
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

    #[test]
    fn trust_refusals_name_revision_author_device_and_fingerprint_in_both_languages() {
        let rev = Who {
            rev_id: "0190a000-0000-7000-8000-000000000001".into(),
            author: "Bình".into(),
            device: "dev-b".into(),
        };
        let fp = "UDL7-MAEO-XQGK-DISK".to_owned();
        let cases = [
            TrustRefusal::NotInTeam {
                rev: rev.clone(),
                fingerprint: fp.clone(),
            },
            TrustRefusal::OtherMembersName {
                rev: rev.clone(),
                fingerprint: fp.clone(),
                member: "An".into(),
            },
            TrustRefusal::NameTaken {
                rev: rev.clone(),
                fingerprint: fp.clone(),
                holder: "AAAA-BBBB-CCCC-DDDD".into(),
            },
        ];
        for r in &cases {
            for lang in [Lang::Vi, Lang::En] {
                let s = trust_refusal(r, lang);
                for part in [&rev.rev_id, &rev.author, &rev.device, &fp] {
                    assert!(s.contains(part.as_str()), "{lang:?}: {s}");
                }
            }
        }
        assert_eq!(
            trust_refusal(&cases[0], Lang::Vi),
            "Phiên bản 0190a000-0000-7000-8000-000000000001 (người ghi “Bình”, thiết bị dev-b) \
             đến từ một thiết bị chưa có trong đoàn (mã nhận dạng UDL7-MAEO-XQGK-DISK). Nếu “Bình” \
             đọc cho bạn đúng mã nhận dạng này, hãy thêm bằng `parcheck team add --fingerprint \
             UDL7-MAEO-XQGK-DISK --name \"Bình\"`, hoặc hợp nhất với --trust-new."
        );
        let two = TrustRefusal::TwoNames {
            device: "dev-c".into(),
            fingerprint: fp.clone(),
            first: "Cường".into(),
            second: "Dũng".into(),
        };
        assert_eq!(
            trust_refusal(&two, Lang::Vi),
            "Thiết bị dev-c (mã nhận dạng UDL7-MAEO-XQGK-DISK) ký dưới hai tên, “Cường” và “Dũng”: \
             không thể thêm nó vào đoàn."
        );
        // A name from a bundle cannot reach the terminal with controls.
        let sly = TrustRefusal::Unsigned {
            rev: Who {
                author: "An\u{1b}]52;c;x\u{7}".into(),
                ..rev.clone()
            },
        };
        assert!(!trust_refusal(&sly, Lang::Vi).contains('\u{1b}'));
    }
}
