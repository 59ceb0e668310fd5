//! `report`.

use super::{CmdResult, Context, Failure, ReportArgs};

pub fn report(_ctx: &Context, _a: &ReportArgs) -> CmdResult {
    Err(Failure::error(
        "reports are not available in this build yet",
    ))
}
