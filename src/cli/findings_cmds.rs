//! `record`, `findings`, `history`.

use std::fmt::Write as _;

use serde::Serialize;

use super::{RecordArgs, SideJson, print_out};
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

/// One finding as `findings --json` writes it.
fn finding_json(ctx: &Session, f: &ops::FindingView) -> FindingJson {
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
}

pub fn findings(ctx: &Session, unit: Option<&str>, json: bool) -> CmdResult {
    let catalog = ctx.catalog();
    let store = ctx.open_store()?;
    let scope = unit.map_or(ops::Scope::All, ops::Scope::Unit);
    if json {
        return findings_json(ctx, &store, &catalog, scope);
    }
    let lang = ctx.lang();
    let mut s = String::new();
    ops::for_each_finding(&store, &catalog, scope, |view| {
        let f = finding_json(ctx, &view);
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
        Ok(())
    })?;
    print_out(&sanitize_for_terminal(&s, true))?;
    Ok(exit::OK)
}

/// `findings --json`: the same bytes as the whole array printed pretty at
/// once, written finding by finding as they are read, so that memory stays
/// flat however many findings the database holds.
fn findings_json(
    ctx: &Session,
    store: &crate::store::Store,
    catalog: &crate::catalog::Catalog,
    scope: ops::Scope<'_>,
) -> CmdResult {
    let mut out = JsonArrayOut::new(std::io::stdout().lock());
    ops::for_each_finding(store, catalog, scope, |view| {
        out.push(&finding_json(ctx, &view));
        Ok(())
    })?;
    out.finish()?;
    Ok(exit::OK)
}

/// Writes a JSON array element by element in `serde_json`'s pretty layout
/// (two-space indent, `[]` when empty), each element's unsafe characters
/// escaped as [`super::print_json`] escapes them. A reader that closed the
/// pipe ends the output quietly, as `print_json` does.
struct JsonArrayOut<W: std::io::Write> {
    out: std::io::BufWriter<W>,
    count: usize,
    failed: Option<std::io::Error>,
    closed: bool,
}

impl<W: std::io::Write> JsonArrayOut<W> {
    fn new(w: W) -> Self {
        JsonArrayOut {
            out: std::io::BufWriter::with_capacity(64 * 1024, w),
            count: 0,
            failed: None,
            closed: false,
        }
    }

    fn push<T: Serialize>(&mut self, value: &T) {
        if self.closed || self.failed.is_some() {
            return;
        }
        let text = match serde_json::to_string_pretty(value) {
            Ok(t) => t,
            Err(e) => {
                self.failed = Some(std::io::Error::other(e));
                return;
            }
        };
        let mut chunk = String::with_capacity(text.len() + 64);
        chunk.push_str(if self.count == 0 { "[\n" } else { ",\n" });
        // Strings are escaped on one line, so every line is the element's
        // own structure: indenting each gives the nested layout.
        for (k, line) in text.split('\n').enumerate() {
            if k > 0 {
                chunk.push('\n');
            }
            chunk.push_str("  ");
            chunk.push_str(line);
        }
        self.count += 1;
        self.write(&crate::core::text::escape_json_unsafe(&chunk));
    }

    fn write(&mut self, s: &str) {
        use std::io::Write;
        if let Err(e) = self.out.write_all(s.as_bytes()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                self.closed = true;
            } else {
                self.failed = Some(e);
            }
        }
    }

    /// Closes the array and flushes: the first write error, if any.
    fn end(&mut self) -> std::io::Result<()> {
        use std::io::Write;
        self.write(if self.count == 0 { "[]\n" } else { "\n]\n" });
        if !self.closed
            && self.failed.is_none()
            && let Err(e) = self.out.flush()
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            self.failed = Some(e);
        }
        self.failed.take().map_or(Ok(()), Err)
    }

    fn finish(mut self) -> Result<(), crate::session::Failure> {
        self.end()
            .map_err(|e| crate::session::Failure::error(format!("cannot write output: {e}")))
    }

    #[cfg(test)]
    fn into_inner(self) -> W {
        self.out.into_inner().ok().expect("flushed")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The streamed array is byte for byte what printing the whole array
    /// pretty (then escaping it) gives: empty, one element, nested values,
    /// strings with newlines, quotes and unsafe characters.
    #[test]
    fn streamed_array_matches_the_whole_array_printed_at_once() {
        #[derive(Serialize)]
        struct El {
            a: String,
            b: Vec<u32>,
            c: Vec<Vec<String>>,
            d: Option<u8>,
            e: std::collections::BTreeMap<String, String>,
        }
        let el = |k: u32| El {
            a: format!("dòng {k}\nhai \"ngoặc\" \u{202E}x\u{7}"),
            b: (0..k).collect(),
            c: vec![vec![], vec!["x".into(); k as usize]],
            d: k.is_multiple_of(2).then_some(1),
            e: (0..k).map(|i| (i.to_string(), "v".into())).collect(),
        };
        for n in [0u32, 1, 3] {
            let all: Vec<El> = (0..n).map(el).collect();
            let whole =
                crate::core::text::escape_json_unsafe(&serde_json::to_string_pretty(&all).unwrap())
                    + "\n";
            let mut out = JsonArrayOut::new(Vec::new());
            for e in &all {
                out.push(e);
            }
            out.end().unwrap();
            let bytes = out.into_inner();
            assert_eq!(String::from_utf8(bytes).unwrap(), whole, "{n} elements");
        }
    }
}
