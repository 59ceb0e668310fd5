//! `report`: one unit's remediation report, or the team summary.

use chrono::NaiveDate;

use super::followup_cmds::{conclusion_dates, warn_disagreements};
use super::{DocumentKind, ReportArgs, ReportFormat, print_out};
use crate::catalog::Catalog;
use crate::core::calendar::Calendar;
use crate::core::lang::Lang;
use crate::core::text::sanitize_for_terminal;
use crate::ops::followup::ConclusionDateOf as _;
use crate::report;
use crate::report::draft::Kind;
use crate::report::issuer::Issuer;
use crate::session::{CmdResult, Failure, Session, exit};
use crate::store::Store;

pub fn report(ctx: &Session, a: &ReportArgs) -> CmdResult {
    let lang = ctx.lang();
    let store = ctx.open_store()?;
    let catalog = ctx.catalog();
    if a.as_of.is_some() && !a.followup {
        return Err(Failure::invalid(lang.pick(
            "--as-of chỉ dùng cho báo cáo theo dõi khắc phục",
            "--as-of is for the follow-up report only",
        ))
        .with_hint(lang.pick("thêm --followup", "add --followup"))
        .in_language(lang));
    }
    if a.register {
        return register(ctx, &store, &catalog, a);
    }
    if a.followup {
        return followup_report(ctx, &store, &catalog, a);
    }
    if a.format == ReportFormat::Xlsx {
        return Err(Failure::invalid(lang.pick(
            "chỉ sổ theo dõi và báo cáo theo dõi khắc phục được xuất ra tệp Excel",
            "only the follow-up register and the follow-up report are written as Excel workbooks",
        ))
        .with_hint(lang.pick(
            "dùng --all --register hoặc --all --followup với --format xlsx, hoặc chọn --format khác",
            "use --all --register or --all --followup with --format xlsx, or another --format",
        ))
        .in_language(lang));
    }
    needs_file(a, lang)?;
    let issuer = issuer(ctx, a)?;
    let output: Vec<u8> = if a.all {
        let (summary, skipped) = report::build::team_summary(&store, &catalog, lang)
            .map_err(|e| build_failure(e, lang))?;
        for s in skipped {
            warn_skipped(&s, lang);
        }
        match a.format {
            ReportFormat::Md => report::md::summary(&summary).into_bytes(),
            ReportFormat::Html => {
                // The picture's follow-up bars count what `followup` lists.
                let calendar = calendar(ctx, a)?;
                let dates = conclusion_dates(&store, a.conclusion_date.as_deref(), lang)?;
                let today = chrono::Local::now().date_naive();
                // A follow-up that cannot be counted leaves its chart out,
                // not the summary.
                let tallies = match crate::ops::followup::list(
                    &store, &catalog, &calendar, &dates, today, lang, None,
                ) {
                    Ok(listing) => Some(crate::ops::followup::tallies(&listing.items)),
                    Err(e) => {
                        let warn =
                            crate::session::stderr_label(crate::session::Label::Warning, lang);
                        eprintln!(
                            "{warn}: {}",
                            sanitize_for_terminal(&e.describe(lang).0, false)
                        );
                        None
                    }
                };
                let picture = report::model::build_picture(&summary, tallies.as_ref());
                report::html::summary(&summary, &picture).into_bytes()
            }
            ReportFormat::Json => report::json::summary(&summary).into_bytes(),
            ReportFormat::Docx => {
                let date = conclusion_date(a.conclusion_date.as_deref(), lang)?;
                report::docx::render(&report::compose::summary(&summary, &issuer, date))
                    .map_err(|e| not_written("DOCX", &e, lang))?
            }
            ReportFormat::Csv | ReportFormat::Xlsx => {
                let mut buf = Vec::new();
                report::csv::summary(&summary, &mut buf)
                    .map_err(|e| not_written("CSV", &e, lang))?;
                buf
            }
        }
    } else {
        let code = a.unit.as_deref().unwrap_or_default();
        let calendar = calendar(ctx, a)?;
        let campaign = ctx.campaign();
        let chosen = crate::ops::select_inspections(
            &store,
            &crate::ops::Selector {
                unit: Some(code),
                checklist: None,
                inspection: a.inspection.as_deref(),
                campaign: &campaign,
            },
        )
        .map_err(|e| build_failure(e.into(), lang))?;
        // The unit's recorded conclusion date unless one is given.
        let (in_campaign, unit) = (&chosen[0].info.campaign, &chosen[0].info.unit_code);
        let dates = conclusion_dates(&store, a.conclusion_date.as_deref(), lang)?;
        warn_disagreements(&dates, |c, u| c == in_campaign && u == unit, lang);
        let conclusion = (&dates).date_of(in_campaign, unit);
        let mut r =
            report::build::unit_report_of(&store, &catalog, &chosen, &calendar, conclusion, lang)
                .map_err(|e| build_failure(e, lang))?;
        let kind = match a.kind {
            DocumentKind::Minutes => Kind::Minutes,
            DocumentKind::Notice => Kind::Notice,
        };
        if kind == Kind::Notice {
            r.set_report_back(&calendar, issuer.report_back_days())
                .map_err(|e| build_failure(e.into(), lang))?;
        }
        let reasons = report::draft::reasons(&r, &issuer, kind);
        if a.final_ && !reasons.is_empty() {
            return Err(not_final(&reasons, lang, code));
        }
        for s in r.schedules.iter().filter(|s| !s.confirmed) {
            warn_unconfirmed(s.year, lang);
        }
        let document = || match kind {
            Kind::Notice => report::compose::notice(&r, &issuer, &reasons),
            Kind::Minutes => report::compose::minutes(&r, &issuer, &reasons),
        };
        match a.format {
            ReportFormat::Md => report::md::document(&document()).into_bytes(),
            ReportFormat::Html => report::html::document(&document()).into_bytes(),
            ReportFormat::Json => report::json::unit(&r).into_bytes(),
            ReportFormat::Csv => {
                let mut buf = Vec::new();
                report::csv::unit(&r, &mut buf).map_err(|e| not_written("CSV", &e, lang))?;
                buf
            }
            ReportFormat::Docx | ReportFormat::Xlsx => {
                report::docx::render(&document()).map_err(|e| not_written("DOCX", &e, lang))?
            }
        }
    };
    emit(a, &output, lang)
}

/// The issuing details: the team file given, else the configuration's
/// `[issuer]` section, else none (every detail a blank).
fn issuer(ctx: &Session, a: &ReportArgs) -> Result<Issuer, Failure> {
    let lang = ctx.lang();
    let Some(path) = &a.team else {
        return Ok(ctx.config().issuer.clone().unwrap_or_default());
    };
    let shown = sanitize_for_terminal(&path.display().to_string(), false);
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::error(lang.pick(
            format!("không đọc được tệp thông tin đoàn kiểm tra {shown}: {e}"),
            format!("cannot read team file {shown}: {e}"),
        ))
        .in_language(lang)
    })?;
    Issuer::parse(&text).map_err(|d| {
        let hint = d.hint.clone();
        let f = Failure::invalid(report::issuer::render_without_hint(&d, &shown));
        match hint {
            Some(h) => f.with_hint(h),
            None => f,
        }
    })
}

/// `--final` refused: each point that keeps the document a draft, and how
/// to settle it, in the interface language.
fn not_final(reasons: &[report::draft::Reason], lang: Lang, unit: &str) -> Failure {
    let head = match lang {
        Lang::Vi => "văn bản chưa thể ban hành chính thức (--final): còn các điểm sau",
        Lang::En => "the document cannot be issued as final (--final) yet",
    };
    let mut msg = head.to_owned();
    for (i, r) in reasons.iter().enumerate() {
        msg.push_str(&format!(
            "\n  {}. {}\n     {}",
            i + 1,
            sanitize_for_terminal(&r.text(lang), false),
            r.settle(lang, &sanitize_for_terminal(unit, false))
        ));
    }
    Failure::invalid(msg)
        .with_hint(match lang {
            Lang::Vi => "bỏ --final để viết bản dự thảo, có phụ lục liệt kê các điểm này",
            Lang::En => "leave out --final to write the draft, with an annex listing these points",
        })
        .in_language(lang)
}

pub(super) fn conclusion_date(arg: Option<&str>, lang: Lang) -> Result<NaiveDate, Failure> {
    match arg {
        None => Ok(chrono::Local::now().date_naive()),
        Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
            let shown = sanitize_for_terminal(s, false);
            Failure::invalid(lang.pick(
                format!("--conclusion-date “{shown}” không phải là một ngày"),
                format!("invalid --conclusion-date “{shown}”"),
            ))
            .with_hint(lang.pick(
                "viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2026-03-02",
                "write it as YYYY-MM-DD, e.g. 2026-03-02",
            ))
            .in_language(lang)
        }),
    }
}

fn calendar(ctx: &Session, a: &ReportArgs) -> Result<Calendar, Failure> {
    calendar_with(ctx, a.holidays.as_ref())
}

/// The working-day calendar of this run (see [`Session::calendar`]).
pub(super) fn calendar_with(
    ctx: &Session,
    extra: Option<&std::path::PathBuf>,
) -> Result<Calendar, Failure> {
    ctx.calendar(extra.map(|p| p.as_path()))
}

/// The follow-up register (docs/register.md), atomically to a file, or as
/// CSV to stdout; built whole first, so a failure writes nothing.
fn register(ctx: &Session, store: &Store, catalog: &Catalog, a: &ReportArgs) -> CmdResult {
    let lang = ctx.lang();
    if !matches!(a.format, ReportFormat::Csv | ReportFormat::Xlsx) {
        return Err(Failure::invalid(match lang {
            Lang::Vi => "sổ theo dõi khắc phục chỉ xuất ra dạng xlsx hoặc csv",
            Lang::En => "the register is written as xlsx or csv",
        })
        .with_hint(match lang {
            Lang::Vi => "dùng --format xlsx (Excel) hoặc --format csv",
            Lang::En => "use --format xlsx (Excel) or --format csv",
        }));
    }
    needs_file(a, lang)?;
    let dates = conclusion_dates(store, a.conclusion_date.as_deref(), lang)?;
    warn_disagreements(&dates, |_, _| true, lang);
    let calendar = calendar(ctx, a)?;
    let reg = report::register::build(store, catalog, &calendar, &dates, lang)
        .map_err(|e| build_failure(e, lang))?;
    let warn = crate::session::stderr_label(crate::session::Label::Warning, lang);
    for s in &reg.skipped {
        warn_skipped(s, lang);
    }
    for year in &reg.unconfirmed_years {
        warn_unconfirmed(*year, lang);
    }
    for t in &reg.truncated {
        eprintln!("{warn}: {}", t.message(lang));
    }
    let bytes = match a.format {
        ReportFormat::Xlsx => {
            report::xlsx::register(&reg).map_err(|e| not_written("Excel", &e, lang))?
        }
        _ => {
            let mut buf = Vec::new();
            report::register::write_csv(&reg, &mut buf)
                .map_err(|e| not_written("CSV", &e, lang))?;
            buf
        }
    };
    emit(a, &bytes, lang)
}

/// Writes a report whole to `--out` (atomically), or prints it.
fn emit(a: &ReportArgs, bytes: &[u8], lang: Lang) -> CmdResult {
    match &a.out {
        Some(path) => {
            report::write_atomic(path, bytes).map_err(|e| write_failure(path, &e, lang))?
        }
        // Renderers already removed control characters; `print_out` keeps
        // the terminal safe whatever a renderer may miss (and keeps CSV's
        // CRLF).
        None => print_out(&String::from_utf8_lossy(bytes))?,
    }
    Ok(exit::OK)
}

/// A Word document or an Excel workbook is a file: refused without
/// `--out`, whichever report it is.
fn needs_file(a: &ReportArgs, lang: Lang) -> Result<(), Failure> {
    let (what, ext) = match a.format {
        ReportFormat::Docx => (
            lang.pick(
                "không thể ghi văn bản Word ra màn hình",
                "a Word document cannot go to the terminal",
            ),
            "docx",
        ),
        ReportFormat::Xlsx => (
            lang.pick(
                "không thể ghi tệp Excel ra màn hình",
                "an Excel workbook cannot go to the terminal",
            ),
            "xlsx",
        ),
        _ => return Ok(()),
    };
    if a.out.is_some() {
        return Ok(());
    }
    Err(Failure::invalid(what)
        .with_hint(lang.pick(
            format!("thêm --out TỆP.{ext}"),
            format!("add --out FILE.{ext}"),
        ))
        .in_language(lang))
}

/// The follow-up report (`--all --followup`): the follow-up listing of
/// every unit, counted as `parcheck followup` counts it.
fn followup_report(ctx: &Session, store: &Store, catalog: &Catalog, a: &ReportArgs) -> CmdResult {
    let lang = ctx.lang();
    needs_file(a, lang)?;
    let issuer = issuer(ctx, a)?;
    let calendar = calendar(ctx, a)?;
    // Each unit's recorded conclusion date unless one is given.
    let dates = conclusion_dates(store, a.conclusion_date.as_deref(), lang)?;
    warn_disagreements(&dates, |_, _| true, lang);
    let as_of = super::followup_cmds::date_arg("--as-of", a.as_of.as_deref(), lang)?;
    let listing = crate::ops::followup::list(store, catalog, &calendar, &dates, as_of, lang, None)
        .map_err(|e| super::followup_cmds::failure(e, lang))?;
    for s in &listing.skipped {
        warn_skipped(s, lang);
    }
    for y in &listing.unconfirmed_years {
        warn_unconfirmed(*y, lang);
    }
    let r = report::model::build_followup(&listing.items, as_of, lang);
    let today = chrono::Local::now().date_naive();
    let bytes = match a.format {
        ReportFormat::Md => {
            report::md::document(&report::followup::document(&r, &issuer, today)).into_bytes()
        }
        ReportFormat::Html => {
            report::html::document(&report::followup::document(&r, &issuer, today)).into_bytes()
        }
        ReportFormat::Docx => report::docx::render(&report::followup::document(&r, &issuer, today))
            .map_err(|e| not_written("DOCX", &e, lang))?,
        ReportFormat::Xlsx => {
            report::followup::xlsx(&r).map_err(|e| not_written("Excel", &e, lang))?
        }
        ReportFormat::Json => report::followup::json(&r).into_bytes(),
        ReportFormat::Csv => {
            let mut buf = Vec::new();
            report::followup::csv(&r, &mut buf).map_err(|e| not_written("CSV", &e, lang))?;
            buf
        }
    };
    emit(a, &bytes, lang)
}

/// A report file that could not be written. Windows refuses to replace a
/// file another program holds open (a report open in Word, a register in
/// Excel): say so, since that is the usual cause there.
fn write_failure(path: &std::path::Path, e: &std::io::Error, lang: Lang) -> Failure {
    let shown = sanitize_for_terminal(&path.display().to_string(), false);
    let f = Failure::error(lang.pick(
        format!("không ghi được {shown}: {e}"),
        format!("cannot write {shown}: {e}"),
    ));
    if e.kind() == std::io::ErrorKind::PermissionDenied {
        f.with_hint(lang.pick(
            "nếu tệp đang mở trong chương trình khác (Word, Excel), hãy đóng nó rồi chạy lại \
             lệnh; tệp cũ không bị thay đổi",
            "if the file is open in another program (Word, Excel), close it there and run the \
             command again; the old file is unchanged",
        ))
    } else {
        f
    }
    .in_language(lang)
}

/// A document that could not be put together in `format`.
fn not_written(format: &str, e: &dyn std::fmt::Display, lang: Lang) -> Failure {
    Failure::error(lang.pick(
        format!("không tạo được tệp {format}: {e}"),
        format!("cannot write {format}: {e}"),
    ))
    .in_language(lang)
}

/// Why a report could not be built: an operation's refusal worded as every
/// face words it; a missing checklist or a deadline past the calendar in
/// the interface language.
pub(super) fn build_failure(e: report::build::BuildError, lang: Lang) -> Failure {
    use report::build::BuildError;
    use report::model::ReportError;
    let (message, hint) = match e {
        BuildError::Store(e) => return Failure::from(e),
        BuildError::Ops(e) => return Failure::from(e),
        BuildError::ChecklistMissing(id) => lang.pick(
            (
                format!("không có danh mục kiểm tra “{id}” của cuộc kiểm tra này trên máy"),
                "thêm thư mục chứa danh mục bằng --checklists THƯ_MỤC",
            ),
            (
                format!("checklist “{id}” of this inspection is not available"),
                "add its directory with --checklists DIR",
            ),
        ),
        BuildError::Report(ReportError::Deadline {
            item,
            days,
            start,
            reason,
        }) => lang.pick(
            (
                format!(
                    "mục {item}: không tính được thời hạn {days} ngày làm việc kể từ {}: {}",
                    start.format("%d/%m/%Y"),
                    reason.message(lang)
                ),
                "bổ sung lịch nghỉ lễ, Tết bằng --holidays TỆP",
            ),
            (
                format!("item {item}: deadline of {days} working days from {start}: {reason}"),
                "extend the calendar with --holidays FILE",
            ),
        ),
        BuildError::Report(ReportError::ReportBack {
            days,
            start,
            reason,
        }) => lang.pick(
            (
                format!(
                    "không tính được hạn báo cáo {days} ngày làm việc kể từ {}: {}",
                    start.format("%d/%m/%Y"),
                    reason.message(lang)
                ),
                "bổ sung lịch nghỉ lễ, Tết bằng --holidays TỆP",
            ),
            (
                format!("report-back date, {days} working days from {start}: {reason}"),
                "extend the calendar with --holidays FILE",
            ),
        ),
    };
    Failure::invalid(message).with_hint(hint).in_language(lang)
}

/// Says on stderr that deadlines rest on a holiday schedule of `year` not
/// yet checked against the official announcement.
pub(super) fn warn_unconfirmed(year: i32, lang: Lang) {
    let warning = crate::session::stderr_label(crate::session::Label::Warning, lang);
    match lang {
        Lang::Vi => eprintln!(
            "{warning}: thời hạn được tính theo lịch nghỉ lễ, Tết năm {year} chưa đối chiếu với thông báo chính thức; hãy kiểm tra, hoặc bổ sung lịch đã đối chiếu bằng --holidays FILE (xem docs/working-days.md)"
        ),
        Lang::En => eprintln!(
            "{warning}: deadlines use the {year} holiday schedule, not yet checked against the official announcement; check them, or add the confirmed schedule with --holidays FILE (see docs/working-days.md)"
        ),
    }
}

/// Says on stderr that an inspection was left out: its checklist is not
/// loaded here.
pub(super) fn warn_skipped(what: &str, lang: Lang) {
    // A unit or checklist name from the database: data, kept inert.
    let what = sanitize_for_terminal(what, false);
    let warning = crate::session::stderr_label(crate::session::Label::Warning, lang);
    match lang {
        Lang::Vi => eprintln!("{warning}: bỏ qua {what}: không có danh mục kiểm tra này"),
        Lang::En => eprintln!("{warning}: skipped {what}: its checklist is not available"),
    }
}
