//! `report`: one unit's remediation report, or the team summary.

use chrono::NaiveDate;

use super::{ReportArgs, ReportFormat, print_out};
use crate::core::calendar::Calendar;
use crate::core::text::sanitize_for_terminal;
use crate::report;
use crate::session::{CmdResult, Failure, Session, exit};
use crate::store::Store;

pub fn report(ctx: &Session, a: &ReportArgs) -> CmdResult {
    let lang = ctx.lang();
    let store = ctx.open_store()?;
    let catalog = ctx.catalog();
    if a.register {
        return register(&store, a);
    }
    let output: Vec<u8> = if a.all {
        if a.format == ReportFormat::Docx {
            return Err(Failure::invalid(
                "the team summary is available as md, html, csv or json, not docx",
            ));
        }
        let (summary, skipped) =
            report::build::team_summary(&store, &catalog, lang).map_err(build_failure)?;
        for s in skipped {
            eprintln!("warning: skipped {s}: its checklist is not available");
        }
        match a.format {
            ReportFormat::Md => report::md::summary(&summary).into_bytes(),
            ReportFormat::Html => report::html::summary(&summary).into_bytes(),
            ReportFormat::Json => report::json::summary(&summary).into_bytes(),
            ReportFormat::Csv | ReportFormat::Docx => {
                let mut buf = Vec::new();
                report::csv::summary(&summary, &mut buf)
                    .map_err(|e| Failure::error(format!("cannot write CSV: {e}")))?;
                buf
            }
        }
    } else {
        if a.format == ReportFormat::Docx && a.out.is_none() {
            return Err(
                Failure::invalid("a Word document cannot go to the terminal")
                    .with_hint("add --out FILE.docx"),
            );
        }
        let code = a.unit.as_deref().unwrap_or_default();
        let conclusion = conclusion_date(a.conclusion_date.as_deref())?;
        let calendar = calendar(ctx, a)?;
        let campaign = ctx.campaign();
        let selection = report::build::Selection {
            unit: code,
            inspection: a.inspection.as_deref(),
            campaign: &campaign,
        };
        let r =
            report::build::unit_report(&store, &catalog, &selection, &calendar, conclusion, lang)
                .map_err(build_failure)?;
        for s in r.schedules.iter().filter(|s| !s.confirmed) {
            eprintln!(
                "warning: deadlines use the {} holiday schedule, not yet checked against the official announcement; check them, or add the confirmed schedule with --holidays FILE (see docs/working-days.md)",
                s.year
            );
        }
        match a.format {
            ReportFormat::Md => report::md::unit(&r).into_bytes(),
            ReportFormat::Html => report::html::unit(&r).into_bytes(),
            ReportFormat::Json => report::json::unit(&r).into_bytes(),
            ReportFormat::Csv => {
                let mut buf = Vec::new();
                report::csv::unit(&r, &mut buf)
                    .map_err(|e| Failure::error(format!("cannot write CSV: {e}")))?;
                buf
            }
            ReportFormat::Docx => report::docx::unit(&r)
                .map_err(|e| Failure::error(format!("cannot write DOCX: {e}")))?,
        }
    };
    match &a.out {
        Some(path) => {
            report::write_atomic(path, &output).map_err(|e| write_failure(path, &e))?;
        }
        None => {
            let text = String::from_utf8_lossy(&output);
            // Renderers already removed control characters; this keeps the
            // terminal safe whatever a renderer may miss. CRLF (CSV) is kept.
            let safe: Vec<String> = text
                .split("\r\n")
                .map(|l| sanitize_for_terminal(l, true))
                .collect();
            print_out(&safe.join("\r\n"))?;
        }
    }
    Ok(exit::OK)
}

fn conclusion_date(arg: Option<&str>) -> Result<NaiveDate, Failure> {
    match arg {
        None => Ok(chrono::Local::now().date_naive()),
        Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
            Failure::invalid(format!(
                "invalid --conclusion-date \"{}\"",
                sanitize_for_terminal(s, false)
            ))
            .with_hint("write it as YYYY-MM-DD, e.g. 2026-03-02")
        }),
    }
}

fn calendar(ctx: &Session, a: &ReportArgs) -> Result<Calendar, Failure> {
    let mut cal = Calendar::bundled();
    for path in [ctx.config().holidays.as_ref(), a.holidays.as_ref()]
        .into_iter()
        .flatten()
    {
        let shown = sanitize_for_terminal(&path.display().to_string(), false);
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::error(format!("cannot read holiday file {shown}: {e}")))?;
        let extra = Calendar::from_toml(&text).map_err(|diags| {
            Failure::invalid(
                diags
                    .iter()
                    .map(|d| d.render(&shown))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        })?;
        cal.extend(extra);
    }
    Ok(cal)
}

/// The streamed register of every finding, to a file (atomically) or stdout.
fn register(store: &Store, a: &ReportArgs) -> CmdResult {
    if a.format != ReportFormat::Csv {
        return Err(
            Failure::invalid("the register is written as CSV").with_hint("use --format csv")
        );
    }
    let result = match &a.out {
        Some(path) => crate::atomic_file::write_with(path, |w| {
            report::register::write_csv(store, w).map(drop)
        }),
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            report::register::write_csv(store, &mut w).map(drop)
        }
    };
    match (result, &a.out) {
        (Ok(()), _) => Ok(exit::OK),
        (Err(e), _) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(exit::OK),
        (Err(e), Some(path)) => Err(write_failure(path, &e)),
        (Err(e), None) => Err(Failure::error(format!("cannot write the register: {e}"))),
    }
}

/// A report file that could not be written. Windows refuses to replace a
/// file another program holds open (a report open in Word, a register in
/// Excel): say so, since that is the usual cause there.
fn write_failure(path: &std::path::Path, e: &std::io::Error) -> Failure {
    let f = Failure::error(format!(
        "cannot write {}: {e}",
        sanitize_for_terminal(&path.display().to_string(), false)
    ));
    if e.kind() == std::io::ErrorKind::PermissionDenied {
        f.with_hint(
            "if the file is open in another program (Word, Excel), close it there and run the \
             command again; the old file is unchanged",
        )
    } else {
        f
    }
}

fn build_failure(e: report::build::BuildError) -> Failure {
    let hint = e.hint();
    let f = match e {
        report::build::BuildError::Store(e) => return Failure::from(e),
        other => Failure::invalid(other.to_string()),
    };
    match hint {
        Some(h) => f.with_hint(h),
        None => f,
    }
}
