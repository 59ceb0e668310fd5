//! `validate`, `checklists`, `show`.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use super::{print_json, print_out};
use crate::catalog;
use crate::session::{CmdResult, Session, exit};

pub fn validate(ctx: &Session, files: &[PathBuf]) -> CmdResult {
    let lang = ctx.lang();
    let mut ok = true;
    for f in files {
        // A file name is data too: it may carry terminal controls.
        let path = crate::core::text::sanitize_for_terminal(&f.display().to_string(), false);
        match catalog::validate_file(f) {
            Ok(c) => {
                let (sections, items) = (c.sections.len(), c.item_count());
                eprintln!(
                    "{}",
                    lang.pick(
                        format!("{path}: hợp lệ ({sections} phần, {items} mục)"),
                        format!("{path}: ok ({sections} sections, {items} items)"),
                    )
                );
            }
            Err(diags) => {
                ok = false;
                for d in diags {
                    eprintln!(
                        "{}",
                        crate::core::text::sanitize_for_terminal(&d.render(&path), true)
                    );
                }
            }
        }
    }
    Ok(if ok { exit::OK } else { exit::INVALID })
}

#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    version: &'a str,
    title: &'a str,
    path: &'a str,
    sections: usize,
    items: usize,
}

pub fn list(ctx: &Session, json: bool) -> CmdResult {
    let cat = ctx.catalog();
    let lang = ctx.lang();
    let rows: Vec<Listed> = cat
        .entries
        .values()
        .map(|e| Listed {
            id: &e.checklist.id,
            version: &e.checklist.version,
            title: e.checklist.title.get(lang),
            path: &e.path,
            sections: e.checklist.sections.len(),
            items: e.checklist.item_count(),
        })
        .collect();
    for err in &cat.errors {
        eprintln!(
            "{}",
            crate::core::text::sanitize_for_terminal(&err.render(), true)
        );
    }
    if json {
        print_json(&rows)?;
    } else {
        let mut s = String::new();
        for r in &rows {
            let _ = writeln!(
                s,
                "{:<28} {:<8} {:>3} {}  {}  ({})",
                r.id,
                r.version,
                r.items,
                lang.pick("mục", "items"),
                r.title,
                r.path
            );
        }
        let total: usize = rows.iter().map(|r| r.items).sum();
        let count = rows.len();
        let _ = writeln!(
            s,
            "{}",
            lang.pick(
                format!("{count} danh mục, {total} mục"),
                format!("{count} checklists, {total} items"),
            )
        );
        print_out(&s)?;
    }
    Ok(if cat.errors.is_empty() {
        exit::OK
    } else {
        exit::INVALID
    })
}

pub fn show(ctx: &Session, id: &str, json: bool) -> CmdResult {
    let cat = ctx.catalog();
    let entry = crate::ops::entry(&cat, id)?;
    let c = &entry.checklist;
    if json {
        print_json(c)?;
        return Ok(exit::OK);
    }
    let lang = ctx.lang();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {} ({} {}, {} {}: {})",
        c.id,
        c.title.get(lang),
        lang.pick("phiên bản", "version"),
        c.version,
        lang.pick("bộ tiêu chí", "framework"),
        c.framework.code(),
        c.framework.documents()
    );
    let _ = writeln!(s, "{}\n", c.description.get(lang));
    for sec in &c.sections {
        let _ = writeln!(s, "[{}] {}", sec.id, sec.title.get(lang));
        for it in &sec.items {
            let _ = writeln!(
                s,
                "  {:<8} {:<6} {:<11} {}",
                it.id,
                it.severity.code(),
                it.kind.code(),
                it.question.get(lang)
            );
            for cit in &it.legal_basis {
                let mark = if cit.verified {
                    ""
                } else {
                    lang.pick(" (chưa đối chiếu văn bản)", " (unverified)")
                };
                let _ = writeln!(s, "           § {}{mark}", cit.display());
            }
            for d in it.kind.defects() {
                let _ = writeln!(s, "           - {}: {}", d.id, d.label.get(lang));
            }
        }
        s.push('\n');
    }
    print_out(&crate::core::text::sanitize_for_terminal(&s, true))?;
    Ok(exit::OK)
}
