//! `followup`: the items to remedy and where they stand; `followup import`
//! (a unit's report-back, from the register it sent back) and `followup
//! verify` (the team's verdict). All three call `ops::followup`, as the
//! screen does.

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::report_cmds::{
    build_failure, calendar_with, conclusion_date, warn_skipped, warn_unconfirmed,
};
use super::{print_json, print_out};
use crate::core::followup;
use crate::core::lang::Lang;
use crate::core::text::sanitize_for_terminal;
use crate::ops::followup::{self as fu, FollowupError, FollowupItem, Judgement};
use crate::session::{CmdResult, Failure, Session, exit};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct FollowupArgs {
    #[command(subcommand)]
    pub action: Option<FollowupAction>,
    #[command(flatten)]
    pub list: ListArgs,
}

/// Where the deadlines count from, and with which calendar.
#[derive(Debug, Args, Clone)]
pub struct DeadlineArgs {
    /// Date of the conclusion notice, from which deadlines count, as the
    /// register was written with [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub conclusion_date: Option<String>,
    /// Extra holiday calendar file extending the bundled one
    #[arg(long, value_name = "FILE")]
    pub holidays: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_name = "CODE")]
    pub unit: Option<String>,
    /// Only the items whose deadline has passed
    #[arg(long)]
    pub overdue: bool,
    /// Count working days left as of this day [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Print a JSON array
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub deadlines: DeadlineArgs,
}

#[derive(Debug, Subcommand)]
pub enum FollowupAction {
    /// Record the report-backs of a register a unit filled in and sent back
    /// (.xlsx or .csv): all rows are checked first, and nothing is recorded
    /// unless every row is right
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Show what would be recorded, without recording anything
        #[arg(long)]
        dry_run: bool,
        /// Extra holiday calendar file extending the bundled one
        #[arg(long, value_name = "FILE")]
        holidays: Option<PathBuf>,
        /// Who records the report-back (the unit that reported is named in
        /// it): the name this device signs under
        #[arg(long, value_name = "NAME")]
        inspector: Option<String>,
    },
    /// Record the team's verdict on a unit's remediation of one item
    Verify(VerifyArgs),
    /// Record the date of a unit's conclusion notice in the campaign
    /// (--campaign), from which its deadlines count from then on
    Conclude(ConcludeArgs),
}

#[derive(Debug, Args)]
pub struct ConcludeArgs {
    #[arg(long, value_name = "CODE")]
    pub unit: String,
    /// The date of the conclusion notice
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: String,
    #[arg(long, value_name = "NAME")]
    pub inspector: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[arg(long, value_name = "CODE")]
    pub unit: String,
    /// The item id (e.g. D-01), or its finding id from the register
    #[arg(long, value_name = "ID")]
    pub item: String,
    /// The remediation is verified
    #[arg(long, required_unless_present = "reject", conflicts_with = "reject")]
    pub accept: bool,
    /// The remediation is not accepted (give --reason)
    #[arg(long, requires = "reason")]
    pub reject: bool,
    #[arg(long, value_name = "TEXT", requires = "reject")]
    pub reason: Option<String>,
    /// With --reject: a new time, in working days from the verdict
    #[arg(long, value_name = "N", requires = "reject")]
    pub days: Option<u32>,
    /// The day of the verdict [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub on: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub inspector: Option<String>,
    #[command(flatten)]
    pub deadlines: DeadlineArgs,
}

pub fn run(ctx: &Session, a: &FollowupArgs) -> CmdResult {
    match &a.action {
        None => list(ctx, &a.list),
        Some(FollowupAction::Import {
            file,
            dry_run,
            holidays,
            inspector,
        }) => import(ctx, file, *dry_run, holidays.as_ref(), inspector.as_deref()),
        Some(FollowupAction::Verify(v)) => verify(ctx, v),
        Some(FollowupAction::Conclude(c)) => conclude(ctx, c),
    }
}

/// The failure worded in the interface language.
pub(super) fn failure(e: FollowupError, lang: Lang) -> Failure {
    let (message, hint) = e.describe(lang);
    let invalid = e.is_invalid_input();
    let f = match e {
        FollowupError::Store(s) => return Failure::from(s),
        FollowupError::Build(b) => return build_failure(b, lang),
        _ if invalid => Failure::invalid(message),
        _ => Failure::error(message),
    };
    let f = match hint {
        Some(h) => f.with_hint(h),
        None => f,
    };
    f.in_language(lang)
}

pub(super) fn date_arg(flag: &str, arg: Option<&str>, lang: Lang) -> Result<NaiveDate, Failure> {
    match arg {
        None => Ok(chrono::Local::now().date_naive()),
        Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
            let shown = sanitize_for_terminal(s, false);
            match lang {
                Lang::Vi => Failure::invalid(format!("{flag} “{shown}” không phải là ngày"))
                    .with_hint("ghi dạng YYYY-MM-DD, ví dụ 2026-03-02")
                    .in_language(lang),
                Lang::En => Failure::invalid(format!("invalid {flag} “{shown}”"))
                    .with_hint("write it as YYYY-MM-DD, e.g. 2026-03-02"),
            }
        }),
    }
}

fn list(ctx: &Session, a: &ListArgs) -> CmdResult {
    let lang = ctx.lang();
    let store = ctx.open_store()?;
    let catalog = ctx.catalog();
    let calendar = calendar_with(ctx, a.deadlines.holidays.as_ref())?;
    let as_of = date_arg("--as-of", a.as_of.as_deref(), lang)?;
    if let Some(u) = &a.unit
        && store.unit(u)?.is_none()
    {
        return Err(crate::ops::OpsError::UnknownUnit(u.clone()).into());
    }
    let dates = conclusion_dates(&store, a.deadlines.conclusion_date.as_deref(), lang)?;
    warn_disagreements(
        &dates,
        |_, u| a.unit.as_deref().is_none_or(|o| o == u),
        lang,
    );
    let listing = fu::list(
        &store,
        &catalog,
        &calendar,
        &dates,
        as_of,
        lang,
        a.unit.as_deref(),
    )
    .map_err(|e| failure(e, lang))?;
    for s in &listing.skipped {
        warn_skipped(s, lang);
    }
    for y in &listing.unconfirmed_years {
        warn_unconfirmed(*y, lang);
    }
    let items: Vec<&FollowupItem> = listing
        .items
        .iter()
        .filter(|i| !a.overdue || i.overdue)
        .collect();
    if a.json {
        print_json(&items)?;
    } else {
        print_out(&render(&items, as_of, lang))?;
    }
    Ok(exit::OK)
}

fn render(items: &[&FollowupItem], as_of: NaiveDate, lang: Lang) -> String {
    let mut out = String::new();
    let _ = match lang {
        Lang::Vi => writeln!(
            out,
            "Theo dõi khắc phục, tính đến ngày {}",
            as_of.format("%d/%m/%Y")
        ),
        Lang::En => writeln!(out, "Follow-up as of {}", as_of.format("%d/%m/%Y")),
    };
    if items.is_empty() {
        out.push_str(match lang {
            Lang::Vi => "Không có tồn tại nào.\n",
            Lang::En => "No items.\n",
        });
        return out;
    }
    let tallies = fu::tallies(items.iter().copied());
    let mut last_unit: Option<(&str, &str)> = None;
    for i in items {
        if last_unit != Some((&i.campaign, &i.unit)) {
            last_unit = Some((&i.campaign, &i.unit));
            let t = tallies
                .get(&(i.campaign.clone(), i.unit.clone()))
                .copied()
                .unwrap_or_default();
            let _ = writeln!(out);
            // A unit recorded without its name is shown by its code alone.
            let who = if i.unit_name.trim().is_empty() {
                i.unit.clone()
            } else {
                format!("{} — {}", i.unit, i.unit_name)
            };
            let _ = match lang {
                Lang::Vi => writeln!(
                    out,
                    "{who} (đợt {}): {} chưa khắc phục, {} quá hạn, {} đã báo cáo, {} đã xác minh, {} không chấp nhận",
                    i.campaign, t.open, t.overdue, t.reported, t.verified, t.not_accepted
                ),
                Lang::En => writeln!(
                    out,
                    "{who} (campaign {}): {} open, {} overdue, {} reported, {} verified, {} not accepted",
                    i.campaign, t.open, t.overdue, t.reported, t.verified, t.not_accepted
                ),
            };
        }
        let due = i.due.format("%d/%m/%Y");
        let left = i
            .working_days_left
            .map(|d| format!(", {}", followup::days_left_text(d, lang)))
            .unwrap_or_default();
        let (due_word, reported_word) = match lang {
            Lang::Vi => ("hạn", "báo đã khắc phục"),
            Lang::En => ("due", "reported done"),
        };
        let _ = writeln!(
            out,
            "  {} {}  {} — {due_word} {due}{left}",
            i.checklist,
            i.item,
            i.state.label(lang),
        );
        let _ = writeln!(out, "      {}", i.question);
        if let Some(r) = &i.reported {
            let _ = writeln!(
                out,
                "      {reported_word} {}: {}{}",
                r.done_on.format("%d/%m/%Y"),
                r.action,
                if r.evidence_ref.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", r.evidence_ref)
                }
            );
        }
        if let Some(v) = &i.verdict
            && !v.reason.is_empty()
        {
            let word = match lang {
                Lang::Vi => "lý do không chấp nhận",
                Lang::En => "not accepted because",
            };
            let _ = writeln!(out, "      {word}: {}", v.reason);
        }
        if i.conflict {
            let _ = writeln!(
                out,
                "      {}",
                match lang {
                    Lang::Vi => "(có ghi nhận khác nhau chưa thống nhất: parcheck conflicts)",
                    Lang::En => "(concurrent records disagree: parcheck conflicts)",
                }
            );
        }
    }
    out
}

fn import(
    ctx: &Session,
    file: &std::path::Path,
    dry_run: bool,
    holidays: Option<&PathBuf>,
    inspector: Option<&str>,
) -> CmdResult {
    let lang = ctx.lang();
    let mut store = ctx.open_store()?;
    let actor = super::writing_actor(ctx, &store, inspector)?;
    let catalog = ctx.catalog();
    let calendar = calendar_with(ctx, holidays)?;
    let today = chrono::Local::now().date_naive();
    let plan = fu::import(
        &mut store,
        &catalog,
        &calendar,
        file,
        &fu::ImportRun {
            recorder: &actor.inspector,
            dry_run,
            today,
            lang,
        },
    )
    .map_err(|e| failure(e, lang))?;
    let mut out = String::new();
    let author = plan.author.as_deref().unwrap_or("");
    // The unit that reported, named in each report-back.
    let unit = plan
        .changes
        .first()
        .map(|c| c.after.by.as_str())
        .or(plan.unit.as_deref())
        .unwrap_or("");
    for c in &plan.changes {
        let _ = match lang {
            Lang::Vi => writeln!(
                out,
                "dòng {}: {} {} — đã khắc phục {}: {}{}",
                c.row,
                c.checklist,
                c.item,
                c.after.done_on.format("%d/%m/%Y"),
                c.after.action,
                if c.before.is_some() {
                    " (thay báo cáo trước)"
                } else {
                    ""
                }
            ),
            Lang::En => writeln!(
                out,
                "row {}: {} {} — done {}: {}{}",
                c.row,
                c.checklist,
                c.item,
                c.after.done_on.format("%d/%m/%Y"),
                c.after.action,
                if c.before.is_some() {
                    " (replaces the earlier report)"
                } else {
                    ""
                }
            ),
        };
    }
    let n = plan.changes.len();
    let _ = match (lang, dry_run) {
        (Lang::Vi, true) => writeln!(
            out,
            "chạy thử: sẽ ghi nhận {n} báo cáo khắc phục của {unit}, ghi tên {author}; {} dòng đã ghi nhận trước đó, {} dòng để trống; chưa ghi gì",
            plan.unchanged, plan.blank
        ),
        (Lang::Vi, false) => writeln!(
            out,
            "đã ghi nhận {n} báo cáo khắc phục của {unit}, ghi tên {author}; {} dòng đã ghi nhận trước đó, {} dòng để trống",
            plan.unchanged, plan.blank
        ),
        (Lang::En, true) => writeln!(
            out,
            "dry run: would record {n} report-back(s) by {unit}, recorded as {author}; {} already recorded, {} blank; nothing was recorded",
            plan.unchanged, plan.blank
        ),
        (Lang::En, false) => writeln!(
            out,
            "recorded {n} report-back(s) by {unit}, recorded as {author}; {} already recorded, {} blank",
            plan.unchanged, plan.blank
        ),
    };
    print_out(&out)?;
    Ok(exit::OK)
}

fn verify(ctx: &Session, a: &VerifyArgs) -> CmdResult {
    let lang = ctx.lang();
    let mut store = ctx.open_store()?;
    let actor = super::writing_actor(ctx, &store, a.inspector.as_deref())?;
    let catalog = ctx.catalog();
    let calendar = calendar_with(ctx, a.deadlines.holidays.as_ref())?;
    let dates = conclusion_dates(&store, a.deadlines.conclusion_date.as_deref(), lang)?;
    warn_disagreements(&dates, |_, u| u == a.unit, lang);
    let on = date_arg("--on", a.on.as_deref(), lang)?;
    let judgement = if a.accept {
        Judgement::Accept
    } else {
        Judgement::Reject {
            reason: a.reason.clone().unwrap_or_default(),
            days: a.days,
        }
    };
    let item = fu::verify(
        &mut store, &catalog, &calendar, &dates, &actor, &a.unit, &a.item, &judgement, on, lang,
    )
    .map_err(|e| failure(e, lang))?;
    let mut out = format!(
        "{} {} {}: {}",
        item.unit,
        item.checklist,
        item.item,
        item.state.label(lang)
    );
    if let Some(d) = item.working_days_left {
        let _ = write!(
            out,
            " — {} {}, {}",
            match lang {
                Lang::Vi => "hạn mới",
                Lang::En => "new deadline",
            },
            item.due.format("%d/%m/%Y"),
            followup::days_left_text(d, lang)
        );
    }
    out.push('\n');
    print_out(&out)?;
    Ok(exit::OK)
}

/// Every unit's conclusion date for this command: `--conclusion-date` if
/// given, else the one recorded with `followup conclude`, else today.
pub(super) fn conclusion_dates(
    store: &crate::store::Store,
    arg: Option<&str>,
    lang: Lang,
) -> Result<fu::ConclusionDates, Failure> {
    let given = arg.map(|_| conclusion_date(arg, lang)).transpose()?;
    let today = chrono::Local::now().date_naive();
    Ok(fu::ConclusionDates::read(store, given, today)?)
}

/// A warning for each unit (that `keep` says) whose recorded conclusion
/// date differs from `--conclusion-date`.
pub(super) fn warn_disagreements(
    dates: &fu::ConclusionDates,
    keep: impl Fn(&str, &str) -> bool,
    lang: Lang,
) {
    let warn = crate::session::stderr_label(crate::session::Label::Warning, lang);
    for d in dates.disagreements(keep) {
        let unit = sanitize_for_terminal(&d.unit, false);
        let campaign = sanitize_for_terminal(&d.campaign, false);
        let (given, stored) = (d.given.format("%d/%m/%Y"), d.stored.date.format("%d/%m/%Y"));
        let disputed = if d.stored.disputed {
            lang.pick(
                " (các máy ghi khác nhau)",
                " (devices recorded different dates)",
            )
        } else {
            ""
        };
        eprintln!(
            "{warn}: {}",
            lang.pick(
                format!(
                    "--conclusion-date {given} khác ngày kết luận đã ghi của {unit} (đợt {campaign}): {stored}{disputed}; thời hạn tính từ {given}"
                ),
                format!(
                    "--conclusion-date {given} differs from the conclusion date recorded for {unit} (campaign {campaign}): {stored}{disputed}; deadlines count from {given}"
                ),
            )
        );
    }
}

fn conclude(ctx: &Session, a: &ConcludeArgs) -> CmdResult {
    let lang = ctx.lang();
    let mut store = ctx.open_store()?;
    let actor = super::writing_actor(ctx, &store, a.inspector.as_deref())?;
    let date = date_arg("--date", Some(&a.date), lang)?;
    let done = fu::conclude(&mut store, &actor, a.unit.trim(), &ctx.campaign(), date)
        .map_err(|e| failure(e, lang))?;
    let unit = sanitize_for_terminal(&done.unit, false);
    let campaign = sanitize_for_terminal(&done.campaign, false);
    let shown = done.date.format("%d/%m/%Y");
    let mut out = lang.pick(
        format!("{unit} (đợt {campaign}): ngày kết luận {shown}"),
        format!("{unit} (campaign {campaign}): conclusion date {shown}"),
    );
    match done.before {
        Some(b) if b.date == done.date && !b.disputed => out.push_str(lang.pick(
            " — đã ghi từ trước, không thay đổi",
            " — already recorded, unchanged",
        )),
        Some(b) => {
            let before = b.date.format("%d/%m/%Y");
            out.push_str(&lang.pick(
                format!(" — thay ngày {before} đã ghi trước đó"),
                format!(" — replaces {before} recorded before"),
            ));
        }
        None => {}
    }
    out.push('\n');
    print_out(&out)?;
    Ok(exit::OK)
}
