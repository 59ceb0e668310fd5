//! `remove`, `restore`, and the wording both share with `resolve --unit`:
//! these speak the interface language (Vietnamese unless `--lang en`).

use super::{RemoveArgs, print_out};
use crate::core::lang::Lang;
use crate::core::text::sanitize_for_terminal;
use crate::ops::{self, OpsError, Removal};
use crate::session::{CmdResult, Failure, Session, exit};

fn clean(s: &str) -> String {
    sanitize_for_terminal(s, false)
}

pub fn remove(ctx: &Session, a: &RemoveArgs, how: Removal) -> CmdResult {
    let lang = ctx.lang();
    let mut store = ctx.open_store()?;
    let actor = super::writing_actor(ctx, &store, a.inspector.as_deref())?;
    let worded = |e: OpsError| failure(e, lang);
    let chosen = ops::select_for(
        &store,
        &ops::Selector {
            unit: a.unit.as_deref(),
            checklist: a.checklist.as_deref(),
            inspection: a.inspection.as_deref(),
            campaign: &actor.campaign,
        },
        how,
    )
    .map_err(worded)?;
    ops::set_removed(&mut store, &actor, &chosen, how).map_err(worded)?;
    let what = format!(
        "{} · {}",
        clean(&chosen.info.unit_code),
        clean(&chosen.info.checklist_id)
    );
    let id = &chosen.info.id[..chosen.info.id.len().min(8)];
    let by = clean(&actor.inspector);
    let campaign = clean(&chosen.info.campaign);
    let text = match (how, lang) {
        (Removal::Remove, Lang::Vi) => format!(
            "đã xoá cuộc kiểm tra {what} (đợt {campaign}, mã {id}), ghi tên {by}; \
             khôi phục bằng: parcheck restore --inspection {id}\n"
        ),
        (Removal::Remove, Lang::En) => format!(
            "removed the inspection {what} (campaign {campaign}, id {id}), recorded as {by}; \
             bring it back with: parcheck restore --inspection {id}\n"
        ),
        (Removal::Restore, Lang::Vi) => {
            format!("đã khôi phục cuộc kiểm tra {what} (đợt {campaign}, mã {id}), ghi tên {by}\n")
        }
        (Removal::Restore, Lang::En) => format!(
            "restored the inspection {what} (campaign {campaign}, id {id}), recorded as {by}\n"
        ),
    };
    print_out(&text)?;
    Ok(exit::OK)
}

/// A unit field (or the inspection's removal) named in words.
pub(super) fn field_words(key: &str, lang: Lang) -> Option<&'static str> {
    Some(match (key, lang) {
        ("name", Lang::Vi) => "tên đơn vị",
        ("name", Lang::En) => "unit name",
        ("kind", Lang::Vi) => "loại đơn vị",
        ("kind", Lang::En) => "kind of unit",
        ("province", Lang::Vi) => "tỉnh, thành phố",
        ("province", Lang::En) => "province",
        ("removed", Lang::Vi) => "xoá cuộc kiểm tra",
        ("removed", Lang::En) => "removal of the inspection",
        _ => return None,
    })
}

/// What a removal, restore or unit resolution refused, in the interface
/// language; other refusals as every command words them.
pub(super) fn failure(e: OpsError, lang: Lang) -> Failure {
    if lang == Lang::En {
        return e.into();
    }
    let field = |k: &str| field_words(k, lang).unwrap_or("trường").to_owned();
    let (message, hint) = match &e {
        OpsError::AlreadyRemoved { unit, checklist } => (
            format!(
                "cuộc kiểm tra đơn vị “{unit}” theo danh mục “{checklist}” đã được xoá từ trước; \
                 không có gì thay đổi"
            ),
            Some("`parcheck restore` đưa một cuộc kiểm tra đã xoá trở lại"),
        ),
        OpsError::NotRemoved { unit, checklist } => (
            format!(
                "cuộc kiểm tra đơn vị “{unit}” theo danh mục “{checklist}” chưa bị xoá; \
                 không có gì thay đổi"
            ),
            Some("`parcheck remove` xoá một cuộc kiểm tra tạo nhầm"),
        ),
        OpsError::NoUnitConflict { unit, field: f } => (
            format!(
                "{} của đơn vị “{unit}” không có xung đột để giải quyết; không có gì thay đổi",
                field(f)
            ),
            Some("`parcheck conflicts` liệt kê các xung đột chưa giải quyết"),
        ),
        OpsError::UnknownUnit(code) => (
            format!("không có đơn vị “{code}” trong cơ sở dữ liệu"),
            Some("`parcheck findings` liệt kê các đơn vị đã ghi"),
        ),
        OpsError::UnitKind(text) => (
            format!(
                "loại đơn vị “{text}” không hợp lệ; dùng số 1–5 hoặc một trong: \
                 provincial_department, commune_pc, provincial_service_centre, \
                 commune_service_centre, vertical_agency"
            ),
            None,
        ),
        OpsError::UnitDetail { field: f, value } => (
            format!(
                "{} “{value}” không hợp lệ: cần từ 1 đến {} ký tự in được",
                field(f),
                ops::MAX_UNIT_TEXT
            ),
            None,
        ),
        OpsError::NoInspection { unit, .. } => (
            format!("không có cuộc kiểm tra nào của đơn vị “{unit}”"),
            Some("`parcheck findings` liệt kê các đơn vị đã ghi"),
        ),
        OpsError::NoInspectionId(id) => (
            format!("không có cuộc kiểm tra nào có mã bắt đầu bằng “{id}”"),
            Some("`parcheck findings --json` cho biết mã cuộc kiểm tra của mỗi kết quả"),
        ),
        OpsError::SeveralInspections { unit, checklists } => (
            format!(
                "đơn vị “{unit}” có nhiều cuộc kiểm tra ({})",
                checklists.join(", ")
            ),
            Some("chọn một bằng --checklist ID"),
        ),
        OpsError::NotThisField { rev, field: f } => (
            format!("phiên bản {rev} không phải là một giá trị của {}", field(f)),
            Some("`parcheck conflicts` liệt kê các trường xung đột và phiên bản của chúng"),
        ),
        _ => return e.into(),
    };
    let mut f = Failure::invalid(message);
    if let Some(h) = hint {
        f = f.with_hint(h);
    }
    f
}
