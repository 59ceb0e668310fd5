//! `export`, `merge`, `conflicts`, `resolve`.

use std::path::{Path, PathBuf};

use super::{CmdResult, Context, Failure, ResolveArgs};

pub fn export(
    _ctx: &Context,
    _out: &Path,
    _unit: Option<&str>,
    _inspection: Option<&str>,
) -> CmdResult {
    Err(Failure::error("export is not available in this build yet"))
}

pub fn merge(_ctx: &Context, _files: &[PathBuf], _dry_run: bool) -> CmdResult {
    Err(Failure::error("merge is not available in this build yet"))
}

pub fn conflicts(_ctx: &Context, _json: bool) -> CmdResult {
    Err(Failure::error(
        "conflicts is not available in this build yet",
    ))
}

pub fn resolve(_ctx: &Context, _a: &ResolveArgs) -> CmdResult {
    Err(Failure::error("resolve is not available in this build yet"))
}
