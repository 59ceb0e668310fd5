//! `report`: one unit's remediation report, or the team summary.

use chrono::NaiveDate;

use super::{CmdResult, Context, Failure, ReportArgs, ReportFormat, exit, print_out};
use crate::core::calendar::Calendar;
use crate::core::text::sanitize_for_terminal;
use crate::report::{self, model};
use crate::store::Store;

pub fn report(ctx: &Context, a: &ReportArgs) -> CmdResult {
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
        let summary = team_summary(&store, &catalog, lang)?;
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
        let r = unit_report(
            &store,
            &catalog,
            code,
            a.inspection.as_deref(),
            &calendar,
            conclusion,
            lang,
        )?;
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
            report::write_atomic(path, &output).map_err(|e| {
                Failure::error(format!(
                    "cannot write {}: {e}",
                    sanitize_for_terminal(&path.display().to_string(), false)
                ))
            })?;
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

fn calendar(ctx: &Context, a: &ReportArgs) -> Result<Calendar, Failure> {
    let mut cal = Calendar::bundled();
    for path in [ctx.config.holidays.as_ref(), a.holidays.as_ref()]
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

fn day(ms: Option<i64>) -> Option<String> {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.date_naive().format("%Y-%m-%d").to_string())
}

/// Builds one unit's report model from the store.
pub fn unit_report(
    store: &Store,
    catalog: &crate::catalog::Catalog,
    unit: &str,
    inspection: Option<&str>,
    calendar: &dyn model::WorkingDays,
    conclusion: NaiveDate,
    lang: crate::core::lang::Lang,
) -> Result<model::UnitReport, Failure> {
    let mut candidates: Vec<_> = store
        .inspections()?
        .into_iter()
        .filter(|s| s.info.unit_code == unit)
        .filter(|s| inspection.is_none_or(|p| s.info.id.starts_with(p)))
        .collect();
    candidates.sort_by(|a, b| a.info.id.cmp(&b.info.id));
    let shown = sanitize_for_terminal(unit, false);
    let s = match candidates.len() {
        0 => {
            return Err(Failure::invalid(format!(
                "no inspection of unit \"{shown}\"{}",
                if inspection.is_some() {
                    " with that id"
                } else {
                    ""
                }
            ))
            .with_hint("`parcheck findings` lists the recorded units"));
        }
        1 => candidates.remove(0),
        _ => {
            let ids: Vec<String> = candidates
                .iter()
                .map(|c| {
                    format!(
                        "{} ({}, {})",
                        c.info.id,
                        c.info.checklist_id,
                        sanitize_for_terminal(&c.info.campaign, false)
                    )
                })
                .collect();
            return Err(Failure::invalid(format!(
                "unit \"{shown}\" has {} inspections: {}",
                ids.len(),
                ids.join("; ")
            ))
            .with_hint("choose one with --inspection ID"));
        }
    };
    let entry = catalog.get(&s.info.checklist_id).ok_or_else(|| {
        Failure::invalid(format!(
            "checklist \"{}\" of this inspection is not available",
            s.info.checklist_id
        ))
        .with_hint("add its directory with --checklists DIR")
    })?;
    let rows = store.finding_rows(&s.info.id)?;
    let header = model::Header {
        unit_code: s.info.unit_code.clone(),
        unit_name: s.unit_name.clone(),
        inspection_id: s.info.id.clone(),
        campaign: s.info.campaign.clone(),
        first_day: day(s.first_at_ms),
        last_day: day(s.last_at_ms),
        inspectors: s.inspectors.clone(),
    };
    let input = model::UnitInput {
        checklist: &entry.checklist,
        header,
        rows: &rows,
        calendar,
        conclusion_date: conclusion,
        lang,
    };
    model::build_unit(&input).map_err(|e| {
        Failure::invalid(e.to_string()).with_hint("extend the calendar with --holidays FILE")
    })
}

/// Builds the team summary across every inspection in the store.
pub fn team_summary(
    store: &Store,
    catalog: &crate::catalog::Catalog,
    lang: crate::core::lang::Lang,
) -> Result<model::TeamSummary, Failure> {
    let mut rows = Vec::new();
    for s in store.inspections()? {
        let Some(entry) = catalog.get(&s.info.checklist_id) else {
            eprintln!(
                "warning: skipping unit {}: checklist \"{}\" is not available",
                sanitize_for_terminal(&s.info.unit_code, false),
                sanitize_for_terminal(&s.info.checklist_id, false)
            );
            continue;
        };
        let findings = store.finding_rows(&s.info.id)?;
        rows.push(model::summary_row(
            &model::SummaryInput {
                checklist: &entry.checklist,
                unit_code: s.info.unit_code.clone(),
                unit_name: s.unit_name.clone(),
                inspection_id: s.info.id.clone(),
                rows: &findings,
            },
            lang,
        ));
    }
    Ok(model::build_summary(rows, lang))
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
    match result {
        Ok(()) => Ok(exit::OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(exit::OK),
        Err(e) => Err(Failure::error(format!("cannot write the register: {e}"))),
    }
}
