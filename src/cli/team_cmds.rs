//! `team`: the roster of members a team lead merges from, and the key file
//! an inspector gives the lead (docs/signing.md).

use std::fmt::Write as _;
use std::path::Path;

use super::{TeamAction, print_out};
use crate::core::lang::Lang;
use crate::core::text::sanitize_for_terminal;
use crate::session::{CmdResult, Failure, Session, exit};
use crate::store::MemberKey;

fn clean(s: &str) -> String {
    sanitize_for_terminal(s, false)
}

fn say(lang: Lang, vi: &str, en: &str) -> String {
    match lang {
        Lang::En => en.to_owned(),
        _ => vi.to_owned(),
    }
}

pub fn team(ctx: &Session, action: Option<TeamAction>) -> CmdResult {
    match action {
        None => list(ctx),
        Some(TeamAction::Add {
            file,
            fingerprint,
            name,
        }) => add(
            ctx,
            file.as_deref(),
            fingerprint.as_deref(),
            name.as_deref(),
        ),
        Some(TeamAction::ExportKey { out, name }) => export_key(ctx, &out, name.as_deref()),
    }
}

fn list(ctx: &Session) -> CmdResult {
    let lang = ctx.lang();
    let store = ctx.open_store()?;
    let members = store.team()?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {}",
        say(lang, "Thiết bị này", "This device"),
        store.fingerprint()
    );
    if members.is_empty() {
        s.push_str(&say(
            lang,
            "Đoàn chưa có thành viên: mọi chữ ký hợp lệ đều được nhận khi hợp nhất. Thêm bằng `parcheck team add`.\n",
            "No team members yet: a merge takes any valid signature. Add members with `parcheck team add`.\n",
        ));
    }
    for m in &members {
        let _ = writeln!(s, "{}  {}", m.fingerprint, clean(&m.name));
    }
    print_out(&s)?;
    Ok(exit::OK)
}

fn add(
    ctx: &Session,
    file: Option<&Path>,
    fingerprint: Option<&str>,
    name: Option<&str>,
) -> CmdResult {
    let lang = ctx.lang();
    let (fp, name) = match (file, fingerprint) {
        (Some(f), _) => {
            let text = std::fs::read_to_string(f).map_err(|e| {
                Failure::invalid(format!("{}: {e}", clean(&f.display().to_string())))
            })?;
            let key: MemberKey = serde_json::from_str(&text).map_err(|e| {
                Failure::invalid(format!(
                    "{}:{}:{}: {} ({e})",
                    clean(&f.display().to_string()),
                    e.line(),
                    e.column(),
                    say(
                        lang,
                        "không phải tệp khóa của thành viên",
                        "not a member key file"
                    )
                ))
                .with_hint(say(
                    lang,
                    "thành viên tạo tệp này bằng `parcheck team export-key --out TỆP`",
                    "the member makes it with `parcheck team export-key --out FILE`",
                ))
            })?;
            let fp = key.fingerprint().map_err(|e| {
                Failure::invalid(format!("{}: {e}", clean(&f.display().to_string())))
            })?;
            (fp, name.map(str::to_owned).unwrap_or(key.name))
        }
        (None, Some(fp)) => {
            let Some(name) = name else {
                return Err(Failure::invalid(say(
                    lang,
                    "thiếu --name: tên của thành viên có khóa này",
                    "--name is missing: the name of the member with this key",
                )));
            };
            (fp.to_owned(), name.to_owned())
        }
        (None, None) => {
            return Err(Failure::invalid(say(
                lang,
                "cần một tệp khóa hoặc --fingerprint",
                "give a key file or --fingerprint",
            )));
        }
    };
    let name = crate::ops::validate_inspector(&name)?;
    let store = ctx.open_store()?;
    let m = store.add_member(&fp, &name)?;
    print_out(&format!(
        "{} {}  {}\n",
        say(lang, "Đã thêm vào đoàn:", "Added to the team:"),
        m.fingerprint,
        clean(&m.name)
    ))?;
    Ok(exit::OK)
}

fn export_key(ctx: &Session, out: &Path, name: Option<&str>) -> CmdResult {
    let lang = ctx.lang();
    let store = ctx.open_store()?;
    let actor = super::writing_actor(ctx, &store, name)?;
    let key = store.member_key(&actor.inspector);
    let text = serde_json::to_string_pretty(&key).map_err(|e| Failure::error(e.to_string()))?;
    crate::atomic_file::write_with(out, |w| {
        w.write_all(text.as_bytes())?;
        w.write_all(b"\n")
    })
    .map_err(|e| Failure::error(format!("{}: {e}", clean(&out.display().to_string()))))?;
    print_out(&format!(
        "{} {} ({})\n{} {}\n",
        say(lang, "Đã ghi khóa công khai vào", "Wrote the public key to"),
        clean(&out.display().to_string()),
        clean(&actor.inspector),
        say(
            lang,
            "Mã nhận dạng (đọc cho trưởng đoàn):",
            "Fingerprint (read it to the team lead):"
        ),
        store.fingerprint()
    ))?;
    Ok(exit::OK)
}
