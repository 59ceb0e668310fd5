//! `remove`, `restore`, and the wording both share with `resolve --unit`:
//! these speak the interface language (Vietnamese unless `--lang en`).

use super::{RemoveArgs, print_out};
use crate::core::lang::Lang;
use crate::core::text::sanitize_for_terminal;
use crate::ops::{self, Removal};
use crate::session::{CmdResult, Failure, Session, exit};

fn clean(s: &str) -> String {
    sanitize_for_terminal(s, false)
}

pub fn remove(ctx: &Session, a: &RemoveArgs, how: Removal) -> CmdResult {
    let lang = ctx.lang();
    let mut store = ctx.open_store()?;
    let actor = super::writing_actor(ctx, &store, a.inspector.as_deref())?;
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
    .map_err(Failure::from)?;
    ops::set_removed(&mut store, &actor, &chosen, how).map_err(Failure::from)?;
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

/// A unit field (or the inspection's removal) named in words, mid-sentence;
/// `None` for a finding's fields.
pub(super) fn field_words(key: &str, lang: Lang) -> Option<String> {
    use crate::core::register::Field;
    Field::parse(key)
        .filter(|f| !f.of_finding())
        .map(|f| crate::core::text::lower_first(&f.label(lang)))
}
