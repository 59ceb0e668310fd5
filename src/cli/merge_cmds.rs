//! `export`, `merge`, `conflicts`, `resolve`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{ResolveArgs, print_out};
use crate::core::finding::{Field, RawValue, Status, display_value, encode, rfc3339_ms};
use crate::core::text::sanitize_for_terminal;
use crate::merge::{self, ExportScope, MergeError, MergeOptions};
use crate::session::{CmdResult, Failure, Session, exit};

impl From<MergeError> for Failure {
    fn from(e: MergeError) -> Self {
        match e {
            MergeError::Rejected { .. } => Failure::invalid(e.to_string())
                .with_hint("nothing was merged; the database is unchanged"),
            MergeError::Invalid(m) => Failure::invalid(m),
            other => Failure::error(other.to_string()),
        }
    }
}

fn clean(s: &str) -> String {
    sanitize_for_terminal(s, false)
}

pub fn export(
    ctx: &Session,
    out: &Path,
    unit: Option<&str>,
    inspection: Option<&str>,
) -> CmdResult {
    let store = ctx.open_store()?;
    let scope = match (unit, inspection) {
        (Some(u), _) => ExportScope::Unit(u.to_owned()),
        (None, Some(i)) => ExportScope::Inspection(i.to_owned()),
        (None, None) => ExportScope::All,
    };
    let s = merge::export(&store, out, &scope)?;
    print_out(&format!(
        "exported {} revision{} to {} (SHA-256 {})\n",
        s.revisions,
        if s.revisions == 1 { "" } else { "s" },
        clean(&s.path.display().to_string()),
        &s.content_sha256[..16]
    ))?;
    Ok(exit::OK)
}

fn values(v: &[RawValue]) -> String {
    if v.is_empty() {
        return "(not set)".into();
    }
    v.iter()
        .map(|x| clean(&display_value(x)))
        .collect::<Vec<_>>()
        .join(" | ")
}

pub fn merge(ctx: &Session, files: &[PathBuf], dry_run: bool) -> CmdResult {
    let mut store = ctx.open_store()?;
    let opts = MergeOptions {
        dry_run,
        detail: dry_run,
        ..Default::default()
    };
    let summaries = merge::merge_files(&mut store, files, &opts)?;
    let mut s = String::new();
    if dry_run {
        s.push_str("dry run: nothing was changed\n");
    }
    for m in &summaries {
        let _ = writeln!(
            s,
            "{}: {} new, {} already known, {} new conflict{}{}",
            clean(&m.file.display().to_string()),
            m.new_revisions,
            m.known_revisions,
            m.new_conflicts,
            if m.new_conflicts == 1 { "" } else { "s" },
            if m.already_imported {
                " (merged before)"
            } else {
                ""
            }
        );
        for c in &m.changes {
            let _ = writeln!(
                s,
                "  {} {} {} {}: {} → {}{}",
                clean(&c.place.unit),
                clean(&c.place.checklist),
                clean(&c.place.item),
                clean(&c.field),
                values(&c.local),
                values(&c.merged),
                if c.conflict { "  [CONFLICT]" } else { "" }
            );
        }
    }
    print_out(&s)?;
    if !dry_run {
        let changed = crate::ops::findings_on_changed_items(&store, &ctx.catalog())?;
        if !changed.is_empty() {
            eprintln!(
                "warning: {} finding{} recorded against another version of the checklist item \
                 (flagged `item_changed` in `findings --json` and in reports):",
                changed.len(),
                if changed.len() == 1 { " was" } else { "s were" }
            );
            for (unit, checklist, item) in changed.iter().take(20) {
                eprintln!("  {} {} {}", clean(unit), clean(checklist), clean(item));
            }
        }
    }
    Ok(exit::OK)
}

#[derive(serde::Serialize)]
struct SideJson {
    rev: String,
    value: String,
    raw: RawValue,
    author: String,
    device: String,
    at: String,
}

#[derive(serde::Serialize)]
struct ConflictJson {
    unit: String,
    checklist: String,
    item: String,
    field: String,
    sides: Vec<SideJson>,
}

pub fn conflicts(ctx: &Session, json: bool) -> CmdResult {
    let store = ctx.open_store()?;
    let list = merge::conflicts(&store)?;
    let out: Vec<ConflictJson> = list
        .into_iter()
        .map(|c| ConflictJson {
            unit: c.place.unit,
            checklist: c.place.checklist,
            item: c.place.item,
            field: c.field,
            sides: c
                .sides
                .into_iter()
                .map(|s| SideJson {
                    rev: s.rev_id,
                    value: display_value(&s.value),
                    raw: s.value,
                    author: s.author,
                    device: s.device,
                    at: rfc3339_ms(s.at_ms),
                })
                .collect(),
        })
        .collect();
    if json {
        let text = serde_json::to_string_pretty(&out).map_err(|e| Failure::error(e.to_string()))?;
        print_out(&format!("{text}\n"))?;
        return Ok(exit::OK);
    }
    if out.is_empty() {
        print_out("no unresolved conflicts\n")?;
        return Ok(exit::OK);
    }
    let mut s = String::new();
    for c in &out {
        let _ = writeln!(
            s,
            "{} {} {} {}:",
            clean(&c.unit),
            clean(&c.checklist),
            clean(&c.item),
            clean(&c.field)
        );
        for side in &c.sides {
            let _ = writeln!(
                s,
                "  {}  by {} on {} at {}  (rev {})",
                clean(&side.value),
                clean(&side.author),
                clean(&side.device),
                side.at,
                side.rev
            );
        }
    }
    print_out(&s)?;
    Ok(exit::OK)
}

pub fn resolve(ctx: &Session, a: &ResolveArgs) -> CmdResult {
    let catalog = ctx.catalog();
    let actor = ctx.actor(a.inspector.as_deref());
    let mut store = ctx.open_store()?;
    let candidates: Vec<_> = store
        .inspections()?
        .into_iter()
        .map(|s| s.info)
        .filter(|i| {
            i.unit_code == a.unit && a.checklist.as_ref().is_none_or(|c| *c == i.checklist_id)
        })
        .collect();
    let insp = match candidates.as_slice() {
        [one] => one.clone(),
        [] => {
            return Err(Failure::invalid(format!(
                "no inspection of unit \"{}\" here",
                clean(&a.unit)
            )));
        }
        many => {
            let in_campaign: Vec<_> = many
                .iter()
                .filter(|i| i.campaign == actor.campaign)
                .collect();
            match in_campaign.as_slice() {
                [one] => (*one).clone(),
                _ => {
                    return Err(Failure::invalid(format!(
                        "unit \"{}\" has several inspections",
                        clean(&a.unit)
                    ))
                    .with_hint("choose one with --checklist ID (and --campaign)"));
                }
            }
        }
    };
    let entry = crate::ops::entry(&catalog, &insp.checklist_id)?;
    let item = crate::ops::item(entry, &a.item)?;
    let Some(field) = Field::parse(&a.field) else {
        return Err(
            Failure::invalid(format!("unknown field \"{}\"", clean(&a.field)))
                .with_hint("see `parcheck conflicts` for field names"),
        );
    };
    let key = crate::core::revision::finding_key(&insp.id, &item.id);
    let value: RawValue = match (&a.take, &a.value) {
        (Some(rev), _) => {
            let found = store.register_value(rev, &key, &field.key())?;
            found.ok_or_else(|| {
                Failure::invalid(format!(
                    "revision {} is not a value of this field",
                    clean(rev)
                ))
            })?
        }
        (None, Some(v)) => match field {
            Field::Status => match Status::from_code(v) {
                Some(s) => encode::status(s),
                None => {
                    return Err(Failure::invalid(format!("invalid status \"{}\"", clean(v)))
                        .with_hint("pass, partial, fail, na or unchecked"));
                }
            },
            Field::Note | Field::ActionOverride => encode::text(v),
            _ => match serde_json::from_str::<serde_json::Value>(v) {
                Ok(_) => Some(v.clone()),
                Err(_) => {
                    return Err(Failure::invalid(format!(
                        "for field {} give --value as JSON, or use --take REV",
                        a.field
                    )));
                }
            },
        },
        (None, None) => return Err(Failure::invalid("give --take REV or --value VALUE")),
    };
    let rev = crate::ops::resolve(&mut store, &actor, &insp, item, &field, value.clone())?;
    print_out(&format!(
        "{} {} {} {}: resolved to {} (rev {rev})\n",
        clean(&insp.unit_code),
        insp.checklist_id,
        item.id,
        field.key(),
        clean(&display_value(&value))
    ))?;
    Ok(exit::OK)
}
