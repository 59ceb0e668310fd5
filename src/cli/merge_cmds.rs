//! `export`, `merge`, `conflicts`, `resolve`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{ResolveArgs, SideJson, print_json, print_out};
use crate::core::finding::{Field, RawValue, display_value};
use crate::core::lang::Lang;
use crate::core::text::sanitize_for_terminal;
use crate::merge::{self, ExportScope, MergeError, MergeOptions};
use crate::ops::{self, Resolution};
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
        (None, Some(prefix)) => {
            let campaign = ctx.campaign();
            let chosen = ops::select_inspection(
                &store,
                &ops::Selector {
                    unit: None,
                    checklist: None,
                    inspection: Some(prefix),
                    campaign: &campaign,
                },
            )?;
            ExportScope::Inspection(chosen.info.id)
        }
        (None, None) => ExportScope::All,
    };
    let s = merge::export(&store, out, &scope)?;
    let (n, path, sha) = (
        s.revisions,
        clean(&s.path.display().to_string()),
        &s.content_sha256[..16],
    );
    print_out(&ctx.lang().pick(
        format!("đã xuất {n} bản ghi thay đổi ra {path} (SHA-256 {sha})\n"),
        format!(
            "exported {n} revision{} to {path} (SHA-256 {sha})\n",
            if n == 1 { "" } else { "s" }
        ),
    ))?;
    Ok(exit::OK)
}

fn values(v: &[RawValue], lang: Lang) -> String {
    if v.is_empty() {
        return lang.pick("(chưa có)", "(not set)").into();
    }
    v.iter()
        .map(|x| clean(&display_value(x)))
        .collect::<Vec<_>>()
        .join(" | ")
}

pub fn merge(ctx: &Session, files: &[PathBuf], dry_run: bool) -> CmdResult {
    let target = ctx.db_path();
    // A dry run changes nothing, and so creates nothing either: against a
    // database that does not exist it shows a merge into an empty one.
    let missing = dry_run && !target.exists();
    let mut store = if missing {
        crate::store::Store::open_in_memory()?
    } else {
        ctx.open_store()?
    };
    let opts = MergeOptions {
        dry_run,
        detail: dry_run,
        ..Default::default()
    };
    let summaries = merge::merge_files(&mut store, files, &opts)?;
    let lang = ctx.lang();
    let mut s = String::new();
    if dry_run {
        s.push_str(lang.pick(
            "chạy thử: không có gì thay đổi\n",
            "dry run: nothing was changed\n",
        ));
    }
    if missing {
        let note = crate::session::stderr_label(crate::session::Label::Note, lang);
        let db = clean(&target.display().to_string());
        eprintln!(
            "{note}: {}",
            lang.pick(
                format!(
                    "chưa có cơ sở dữ liệu ở {db}; kết quả là của việc hợp nhất vào một cơ sở \
                     dữ liệu mới, trống (không tạo tệp nào)"
                ),
                format!(
                    "no database at {db}; shown as a merge into a new, empty one (none was created)"
                ),
            )
        );
    }
    for m in &summaries {
        let file = clean(&m.file.display().to_string());
        let (new, known, conflicts) = (m.new_revisions, m.known_revisions, m.new_conflicts);
        let _ = writeln!(
            s,
            "{}",
            lang.pick(
                format!(
                    "{file}: {new} mới, {known} đã có, {conflicts} xung đột mới{}",
                    if m.already_imported {
                        " (đã hợp nhất trước đây)"
                    } else {
                        ""
                    }
                ),
                format!(
                    "{file}: {new} new, {known} already known, {conflicts} new conflict{}{}",
                    if conflicts == 1 { "" } else { "s" },
                    if m.already_imported {
                        " (merged before)"
                    } else {
                        ""
                    }
                ),
            )
        );
        for c in &m.changes {
            let _ = writeln!(
                s,
                "  {} {} {} {}: {} → {}{}",
                clean(&c.place.unit),
                clean(&c.place.checklist),
                clean(&c.place.item),
                clean(&c.field),
                values(&c.local, lang),
                values(&c.merged, lang),
                if c.conflict {
                    lang.pick("  [XUNG ĐỘT]", "  [CONFLICT]")
                } else {
                    ""
                }
            );
        }
    }
    print_out(&s)?;
    if !dry_run {
        let changed = crate::ops::findings_on_changed_items(&store, &ctx.catalog())?;
        if !changed.is_empty() {
            let warning = crate::session::stderr_label(crate::session::Label::Warning, lang);
            let n = changed.len();
            eprintln!(
                "{warning}: {}",
                lang.pick(
                    format!(
                        "{n} kết quả được ghi theo một phiên bản khác của nội dung kiểm tra \
                         (đánh dấu `item_changed` trong `findings --json` và trong báo cáo):"
                    ),
                    format!(
                        "{n} finding{} recorded against another version of the checklist item \
                         (flagged `item_changed` in `findings --json` and in reports):",
                        if n == 1 { " was" } else { "s were" }
                    ),
                )
            );
            for (unit, checklist, item) in changed.iter().take(20) {
                eprintln!("  {} {} {}", clean(unit), clean(checklist), clean(item));
            }
        }
    }
    Ok(exit::OK)
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
            sides: c.sides.iter().map(SideJson::from).collect(),
        })
        .collect();
    if json {
        print_json(&out)?;
        return Ok(if out.is_empty() {
            exit::OK
        } else {
            exit::INVALID
        });
    }
    let lang = ctx.lang();
    if out.is_empty() {
        print_out(lang.pick(
            "không có xung đột nào chưa giải quyết\n",
            "no unresolved conflicts\n",
        ))?;
        return Ok(exit::OK);
    }
    let mut s = String::new();
    for c in &out {
        // A unit's details and an inspection's removal, in words; the
        // value shown as people read it (a kind by its name).
        let place = match (
            c.item.as_str(),
            super::remove_cmds::field_words(&c.field, lang),
        ) {
            ("(unit)", Some(words)) => {
                let unit = if lang == Lang::Vi {
                    "đơn vị"
                } else {
                    "unit"
                };
                format!("{} ({unit}) {words}", clean(&c.unit))
            }
            ("(inspection)", Some(words)) => {
                format!("{} {} {words}", clean(&c.unit), clean(&c.checklist))
            }
            _ => format!(
                "{} {} {} {}",
                clean(&c.unit),
                clean(&c.checklist),
                clean(&c.item),
                clean(&c.field)
            ),
        };
        let _ = writeln!(s, "{place}:");
        for side in &c.sides {
            let shown = match Field::parse(&c.field) {
                Some(f) if f.of_unit() => unit_value_words(&f, &side.raw, lang),
                _ => side.value.clone(),
            };
            let (value, author, device, rev) = (
                clean(&shown),
                clean(&side.author),
                clean(&side.device),
                clean(&side.rev),
            );
            let at = &side.at;
            let _ = writeln!(
                s,
                "{}",
                lang.pick(
                    format!("  {value}  do {author} ghi trên máy {device} lúc {at}  (rev {rev})"),
                    format!("  {value}  by {author} on {device} at {at}  (rev {rev})"),
                )
            );
        }
    }
    print_out(&s)?;
    // Like a check that found problems: scripts can wait for none.
    Ok(exit::INVALID)
}

pub fn resolve(ctx: &Session, a: &ResolveArgs) -> CmdResult {
    let catalog = ctx.catalog();
    let mut store = ctx.open_store()?;
    let actor = super::writing_actor(ctx, &store, a.inspector.as_deref())?;
    let lang = ctx.lang();
    let unit_field = Field::parse(&a.field).filter(Field::of_unit);
    let item_id = match (&unit_field, &a.item) {
        (Some(field), None) => return resolve_unit(ctx, &mut store, &actor, a, field),
        (Some(_), Some(_)) => {
            let field = clean(&a.field);
            return Err(Failure::invalid(lang.pick(
                format!("{field} là thông tin của đơn vị, không phải của một mục: bỏ --item"),
                format!("{field} is a field of the unit, not of an item: give it without --item"),
            ))
            .in_language(lang));
        }
        (None, Some(item)) => item,
        (None, None) => {
            let field = clean(&a.field);
            return Err(Failure::invalid(lang.pick(
                format!("thêm --item MỤC: {field} là thông tin của một kết quả kiểm tra"),
                format!("give --item ITEM: {field} is a field of a finding"),
            ))
            .with_hint(lang.pick(
                "tên, loại và tỉnh của đơn vị được giải quyết bằng --field name|kind|province",
                "a unit's name, kind and province are resolved with --field name|kind|province",
            ))
            .in_language(lang));
        }
    };
    let insp = ops::select_inspection(
        &store,
        &ops::Selector {
            unit: Some(&a.unit),
            checklist: a.checklist.as_deref(),
            inspection: None,
            campaign: &actor.campaign,
        },
    )?
    .info;
    let entry = ops::entry(&catalog, &insp.checklist_id)?;
    let item = ops::item(entry, item_id)?;
    let field = Field::parse(&a.field)
        .filter(Field::of_finding)
        .ok_or_else(|| ops::OpsError::UnknownField(clean(&a.field)))?;
    let how = match (&a.take, &a.value) {
        (Some(rev), _) => Resolution::Take(rev.clone()),
        (None, Some(v)) => Resolution::parse(&field, v)?,
        (None, None) => return Err(take_or_value(lang)),
    };
    let rev = ops::resolve(&mut store, &actor, &insp, item, &field, &how)?;
    let value = merge::revision_value(&store, &rev)?;
    let place = format!(
        "{} {} {} {}",
        clean(&insp.unit_code),
        insp.checklist_id,
        item.id,
        field.key()
    );
    let (shown, by) = (clean(&display_value(&value)), clean(&actor.inspector));
    print_out(&lang.pick(
        format!("{place}: đã giải quyết thành {shown} (rev {rev}, ghi tên {by})\n"),
        format!("{place}: resolved to {shown} (rev {rev}, resolved as {by})\n"),
    ))?;
    Ok(exit::OK)
}

/// `resolve` without the side or the value to settle on.
fn take_or_value(lang: Lang) -> Failure {
    Failure::invalid(lang.pick(
        "thêm --take REV (giữ một bên) hoặc --value GIÁ_TRỊ",
        "give --take REV or --value VALUE",
    ))
    .in_language(lang)
}

/// `resolve --unit CODE --field name|kind|province`: a unit's details in
/// conflict, settled by one side or a checked value.
fn resolve_unit(
    ctx: &Session,
    store: &mut crate::store::Store,
    actor: &ops::Actor,
    a: &ResolveArgs,
    field: &Field,
) -> CmdResult {
    let lang = ctx.lang();
    let how = match (&a.take, &a.value) {
        (Some(rev), _) => ops::UnitResolution::Take(rev.clone()),
        (None, Some(v)) => ops::UnitResolution::Set(v.clone()),
        (None, None) => return Err(take_or_value(lang)),
    };
    let rev = ops::resolve_unit(store, actor, &a.unit, field, &how).map_err(Failure::from)?;
    let value = merge::revision_value(store, &rev)?;
    let words = super::remove_cmds::field_words(&field.key(), lang).unwrap_or_default();
    let shown = clean(&unit_value_words(field, &value, lang));
    let (unit, by) = (clean(&a.unit), clean(&actor.inspector));
    print_out(&match lang {
        Lang::Vi => format!(
            "{unit} (đơn vị) {words}: đã giải quyết thành “{shown}” (rev {rev}, ghi tên {by})\n"
        ),
        Lang::En => {
            format!("{unit} (unit) {words}: resolved to “{shown}” (rev {rev}, resolved as {by})\n")
        }
    })?;
    Ok(exit::OK)
}

/// A stored value of a unit field in words (a kind by its name).
fn unit_value_words(field: &Field, raw: &RawValue, lang: Lang) -> String {
    use crate::core::register::Value;
    match Value::decode(field, raw) {
        Ok(Value::UnitKind(k)) => k.label(lang).to_owned(),
        _ => display_value(raw),
    }
}
