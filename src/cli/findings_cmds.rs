//! `record`, `findings`, `history`.

use std::fmt::Write as _;

use serde::Serialize;

use super::{RecordArgs, SideJson, print_json, print_out};
use crate::core::checklist::Deadline;
use crate::core::finding::{Evidence, RatioValue, display_value};
use crate::core::input;
use crate::core::text::sanitize_for_terminal;
use crate::core::time::{local_rfc3339, local_timestamp};
use crate::ops::{self, Edit, UnitInput};
use crate::session::{CmdResult, Session, exit};
use crate::store::WriteOutcome;

pub fn record(ctx: &Session, a: &RecordArgs) -> CmdResult {
    let catalog = ctx.catalog();
    let entry = ops::entry(&catalog, &a.checklist)?;
    let item = ops::item(entry, &a.item)?;
    let mut edits: Vec<Edit> = a
        .status
        .map(|s| Edit::Status(s.into()))
        .into_iter()
        .collect();
    if let Some(n) = &a.note {
        edits.push(Edit::Note(n.clone()));
    }
    for s in &a.samples {
        let (code, defects) = input::sample(s);
        edits.push(Edit::Sample { code, defects });
    }
    if let Some(r) = &a.ratio {
        let rv = input::ratio(r).map_err(|e| ops::OpsError::input("--ratio", e))?;
        edits.push(Edit::Ratio(Some(rv)));
    }
    for e in &a.evidence {
        edits.push(Edit::AddEvidence(ops::evidence(e)?));
    }
    if let Some(act) = &a.action {
        edits.push(Edit::ActionOverride(Some(act.clone())));
    }
    if let Some(d) = &a.deadline {
        let dl = input::deadline(d).map_err(|e| ops::OpsError::input("--deadline", e))?;
        edits.push(Edit::DeadlineOverride(Some(dl)));
    }
    // Check every edit before touching the database.
    for e in &edits {
        e.to_field(item)?;
    }
    let mut store = ctx.open_store()?;
    let actor = super::writing_actor(ctx, &store, a.inspector.as_deref())?;
    let unit = UnitInput {
        code: a.unit.clone(),
        name: a.unit_name.clone(),
        kind: a.unit_kind,
        province: a.province.clone(),
    };
    let insp = ops::open_inspection(&mut store, &catalog, &actor, &entry.checklist.id, &unit)?;
    let outcomes = ops::apply_edits(&mut store, &actor, &insp, item, &edits, None)?;
    let status = store.finding_row(&insp.id, &item.id)?.state.status;
    let changed = outcomes
        .iter()
        .filter(|o| !matches!(o, WriteOutcome::Unchanged))
        .count();
    let place = format!(
        "{} {} {}: {}",
        sanitize_for_terminal(&insp.unit_code, false),
        entry.checklist.id,
        item.id,
        status.code()
    );
    let by = sanitize_for_terminal(&actor.inspector, false);
    print_out(&ctx.lang().pick(
        format!("{place} (đã lưu {changed} thay đổi, ghi tên {by})\n"),
        format!(
            "{place} ({changed} change{} saved, recorded as {by})\n",
            if changed == 1 { "" } else { "s" }
        ),
    ))?;
    Ok(exit::OK)
}

#[derive(Serialize)]
struct ConflictJson {
    field: String,
    sides: Vec<SideJson>,
}

#[derive(Serialize)]
struct FindingJson {
    unit: String,
    unit_name: String,
    campaign: String,
    inspection: String,
    checklist: String,
    checklist_version: String,
    section: Option<String>,
    item: String,
    status: &'static str,
    note: String,
    inspector: String,
    updated_at: String,
    sampled: usize,
    defective: usize,
    samples: Vec<crate::core::finding::SampledRecord>,
    ratio: Option<RatioValue>,
    /// The draw recorded (population, seed, drawn positions); on an item
    /// of a sample group, the group's one draw.
    #[serde(skip_serializing_if = "Option::is_none")]
    sampling: Option<crate::core::finding::SamplingPlan>,
    /// The sample group the item shares its records with.
    #[serde(skip_serializing_if = "Option::is_none")]
    sample_group: Option<String>,
    evidence: Vec<Evidence>,
    action_override: Option<String>,
    deadline_override: Option<String>,
    /// Unresolved conflicts, each side with its author and time.
    conflicts: Vec<ConflictJson>,
    /// The checklist item's meaning changed since the finding was recorded.
    item_changed: bool,
    /// The finding counts as done (a status; on an observation item, a note).
    done: bool,
    /// The status contradicts the recorded sample or ratio.
    inconsistent: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    inconsistency: Option<InconsistencyJson>,
}

#[derive(Serialize)]
struct InconsistencyJson {
    code: &'static str,
    reason: String,
}

pub fn findings(ctx: &Session, unit: Option<&str>, json: bool) -> CmdResult {
    let catalog = ctx.catalog();
    let store = ctx.open_store()?;
    let out: Vec<FindingJson> = ops::findings(
        &store,
        &catalog,
        unit.map_or(ops::Scope::All, ops::Scope::Unit),
    )?
    .into_iter()
    .map(|f| {
        let st = &f.row.state;
        FindingJson {
            unit: f.inspection.unit_code.clone(),
            unit_name: f.unit_name.clone(),
            campaign: f.inspection.campaign.clone(),
            inspection: f.inspection.id.clone(),
            checklist: f.inspection.checklist_id.clone(),
            checklist_version: f.inspection.checklist_version.clone(),
            section: f.section.clone(),
            item: f.item_id.clone(),
            status: st.status.code(),
            note: st.note.clone(),
            inspector: f.row.last_author.clone(),
            updated_at: local_rfc3339(f.row.updated_at_ms),
            sampled: st.samples.len(),
            defective: st.defective_count(),
            samples: st.samples.clone(),
            ratio: st.ratio,
            sampling: st.sampling.clone(),
            sample_group: f.sample_group.clone(),
            evidence: st.evidence.iter().map(|(_, e)| e.clone()).collect(),
            action_override: st.action_override.clone(),
            deadline_override: st.deadline_override.map(Deadline::to_code),
            conflicts: st
                .conflicts
                .iter()
                .map(|c| ConflictJson {
                    field: c.field.clone(),
                    sides: c.sides.iter().map(SideJson::from).collect(),
                })
                .collect(),
            item_changed: f.item_changed,
            done: f.done,
            inconsistent: f.inconsistency.is_some(),
            inconsistency: f.inconsistency.as_ref().map(|i| InconsistencyJson {
                code: i.code(),
                reason: i.reason(ctx.lang()),
            }),
        }
    })
    .collect();
    if json {
        print_json(&out)?;
    } else {
        let lang = ctx.lang();
        let mut s = String::new();
        for f in &out {
            let one_line = |s: &str| sanitize_for_terminal(&s.replace('\n', " "), false);
            let _ = write!(
                s,
                "{:<16} {:<24} {:<8} {:<9}",
                one_line(&f.unit),
                one_line(&f.checklist),
                one_line(&f.item),
                f.status
            );
            if f.sampled > 0 {
                let _ = write!(
                    s,
                    " {}/{} {}",
                    f.defective,
                    f.sampled,
                    lang.pick("mẫu có lỗi", "defective")
                );
            }
            if !f.conflicts.is_empty() {
                let fields: Vec<&str> = f.conflicts.iter().map(|c| c.field.as_str()).collect();
                let _ = write!(
                    s,
                    " {}({})",
                    lang.pick("XUNG ĐỘT", "CONFLICT"),
                    fields.join(",")
                );
            }
            if !f.note.is_empty() {
                let _ = write!(s, "  {}", f.note.replace('\n', " "));
            }
            s.push('\n');
        }
        print_out(&sanitize_for_terminal(&s, true))?;
    }
    Ok(exit::OK)
}

pub fn history(ctx: &Session, unit: Option<&str>, item: Option<&str>) -> CmdResult {
    let store = ctx.open_store()?;
    let mut s = String::new();
    for h in store.history(unit, item)? {
        let when = local_timestamp(h.at_ms);
        let old = if h.old_values.is_empty() {
            "—".to_owned()
        } else {
            h.old_values
                .iter()
                .map(display_value)
                .collect::<Vec<_>>()
                .join(" | ")
        };
        let unsigned = match (h.signed, ctx.lang()) {
            (true, _) => "",
            (false, crate::core::lang::Lang::En) => ", unsigned",
            (false, _) => ", chưa ký",
        };
        // One change, one line: no field may break it, whatever a bundle held.
        let one_line = |s: &str| sanitize_for_terminal(&s.replace('\n', " "), false);
        let _ = writeln!(
            s,
            "{when}  {} [{}{unsigned}]  {} {} {}  {}: {} → {}",
            one_line(&h.author),
            one_line(&h.device),
            one_line(h.unit_code.as_deref().unwrap_or("-")),
            one_line(h.checklist_id.as_deref().unwrap_or("-")),
            one_line(h.item_id.as_deref().unwrap_or("-")),
            one_line(&h.field),
            one_line(&old),
            one_line(&display_value(&h.new_value)),
        );
    }
    print_out(&sanitize_for_terminal(&s, true))?;
    Ok(exit::OK)
}
