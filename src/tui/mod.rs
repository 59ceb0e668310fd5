//! The full-screen app.

use crate::cli::{CmdResult, Context, Failure};

pub fn run_home(_ctx: &Context) -> CmdResult {
    Err(Failure::error(
        "the full-screen app is not available in this build yet",
    ))
}

pub fn run_inspection(
    _ctx: &Context,
    _checklist: &str,
    _unit: &str,
    _unit_name: Option<&str>,
    _inspector: Option<&str>,
) -> CmdResult {
    Err(Failure::error(
        "the full-screen app is not available in this build yet",
    ))
}
