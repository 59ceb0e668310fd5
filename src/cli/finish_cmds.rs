//! `finish`: lists what a team lead would send back and finishes the
//! inspection, refusing without `--reason` while something is missing.
//! Speaks the interface language (Vietnamese unless `--lang en`).

use super::{FinishArgs, print_out};
use crate::core::lang::Lang;
use crate::core::text::sanitize_for_terminal;
use crate::ops;
use crate::session::{CmdResult, Failure, Session, exit};

fn clean(s: &str) -> String {
    sanitize_for_terminal(s, false)
}

pub fn finish(ctx: &Session, a: &FinishArgs) -> CmdResult {
    let lang = ctx.lang();
    let mut store = ctx.open_store()?;
    let actor = super::writing_actor(ctx, &store, a.inspector.as_deref())?;
    let chosen = ops::select_inspection(
        &store,
        &ops::Selector {
            unit: Some(&a.unit),
            checklist: a.checklist.as_deref(),
            inspection: None,
            campaign: &actor.campaign,
        },
    )
    .map_err(Failure::from)?;
    let catalog = &ctx.catalog();
    let gaps = ops::finish_check(&store, catalog, &chosen.info).map_err(Failure::from)?;
    let what = format!(
        "{} · {}",
        clean(&chosen.info.unit_code),
        clean(&chosen.info.checklist_id)
    );
    let mut text = String::new();
    if !gaps.is_empty() {
        text.push_str(&match lang {
            Lang::Vi => format!("Cuộc kiểm tra {what} còn {} điểm chưa xong:\n", gaps.len()),
            Lang::En => format!("The inspection {what} has {} things missing:\n", gaps.len()),
        });
        for g in &gaps {
            text.push_str(&format!(
                "  {}: {}\n",
                clean(&g.item_id),
                crate::wording::describe_gap(&g.kind, lang)
            ));
        }
    }
    if !gaps.is_empty() && a.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        print_out(&text)?;
        return Err(Failure::from(ops::OpsError::FinishGaps(gaps.len())));
    }
    ops::finish(
        &mut store,
        catalog,
        &actor,
        &chosen.info,
        a.reason.as_deref(),
    )
    .map_err(Failure::from)?;
    let by = clean(&actor.inspector);
    text.push_str(&match (gaps.is_empty(), lang) {
        (true, Lang::Vi) => format!("đã kết thúc cuộc kiểm tra {what}, ghi tên {by}\n"),
        (true, Lang::En) => format!("finished the inspection {what}, recorded as {by}\n"),
        (false, Lang::Vi) => format!(
            "đã kết thúc cuộc kiểm tra {what} dù còn {} điểm chưa xong, kèm lý do; ghi tên {by}\n",
            gaps.len()
        ),
        (false, Lang::En) => format!(
            "finished the inspection {what} with {} things missing, with the reason given; recorded as {by}\n",
            gaps.len()
        ),
    });
    print_out(&text)?;
    Ok(exit::OK)
}
