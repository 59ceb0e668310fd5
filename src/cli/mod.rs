//! The command line: clap definitions and dispatch. Each command is a thin
//! wrapper over `ops`, `store`, `report` or `merge`. `main` parses the
//! arguments and gives every command but the full-screen ones to [`run`].

mod checklist_cmds;
mod findings_cmds;
mod finish_cmds;
mod followup_cmds;
mod merge_cmds;
mod remove_cmds;
mod report_cmds;
mod team_cmds;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::session::{CmdResult, Failure, Flags, Session, exit};

#[derive(Debug, Parser)]
#[command(
    name = "parcheck",
    version,
    about = "Record, merge and report public administration reform (CCHC) inspection findings",
    long_about = "parcheck: kiểm tra cải cách hành chính — record findings on site, merge the team's \
                  findings, and compile remediation reports.\n\nWithout a command, opens the full-screen \
                  inspection app.\n\nExit codes: 0 success; 1 invalid input or a check found problems; \
                  2 usage or internal error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone)]
pub struct Global {
    /// Database file [default: the platform data directory]
    #[arg(long, global = true, env = "PARCHECK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Extra directory of checklists (repeatable); overrides bundled ones with the same id
    #[arg(long = "checklists", global = true, value_name = "DIR")]
    pub checklist_dirs: Vec<PathBuf>,
    /// Interface and report language
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Inspection campaign the findings belong to [default: config, else the current year]
    #[arg(long, global = true, value_name = "NAME")]
    pub campaign: Option<String>,
    /// Configuration file [default: config.toml in the platform config directory]
    #[arg(long, global = true, env = "PARCHECK_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl Global {
    /// The settings these flags give.
    pub fn flags(&self) -> Flags {
        Flags {
            db: self.db.clone(),
            checklist_dirs: self.checklist_dirs.clone(),
            lang: self.lang.map(Into::into),
            campaign: self.campaign.clone(),
            config: self.config.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LangArg {
    Vi,
    En,
}

impl From<LangArg> for crate::core::lang::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Vi => crate::core::lang::Lang::Vi,
            LangArg::En => crate::core::lang::Lang::En,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum StatusArg {
    Pass,
    Partial,
    Fail,
    Na,
    Unchecked,
}

impl From<StatusArg> for crate::core::finding::Status {
    fn from(s: StatusArg) -> Self {
        use crate::core::finding::Status;
        match s {
            StatusArg::Pass => Status::Pass,
            StatusArg::Partial => Status::Partial,
            StatusArg::Fail => Status::Fail,
            StatusArg::Na => Status::Na,
            StatusArg::Unchecked => Status::Unchecked,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Md,
    Html,
    Csv,
    Docx,
    Json,
    /// Excel workbook (the follow-up register only)
    Xlsx,
}

/// Which document of a unit `report` writes.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DocumentKind {
    /// Biên bản kiểm tra: the minutes signed on site
    Minutes,
    /// Thông báo kết luận kiểm tra: the conclusion notice issued afterwards
    Notice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check checklist files and print every error as path:line:col
    Validate {
        /// Checklist TOML files
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List the available checklists
    Checklists {
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Print one checklist
    Show {
        #[arg(value_name = "CHECKLIST_ID")]
        id: String,
        /// Print the parsed checklist as JSON
        #[arg(long)]
        json: bool,
    },
    /// Open the full-screen app on one inspection, creating it if new
    Inspect {
        #[arg(long, value_name = "ID")]
        checklist: String,
        #[arg(long, value_name = "CODE")]
        unit: String,
        #[arg(long, value_name = "NAME")]
        unit_name: Option<String>,
        /// Your name, as it appears in the history and reports
        #[arg(long, value_name = "NAME")]
        inspector: Option<String>,
    },
    /// Record or update one finding (creates the unit and inspection if needed)
    Record(RecordArgs),
    /// Print the current findings
    Findings {
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Print the change history: who changed what, when, from which value
    History {
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
        #[arg(long, value_name = "ITEM")]
        item: Option<String>,
    },
    /// Write the remediation report of a unit, or the team summary
    Report(ReportArgs),
    /// Write a bundle of this database's findings for the team lead
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, value_name = "CODE", conflicts_with = "inspection")]
        unit: Option<String>,
        #[arg(long, value_name = "ID")]
        inspection: Option<String>,
    },
    /// Merge bundles (or other parcheck databases) into this database
    Merge {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Show what would change, finding by finding, without changing anything
        #[arg(long)]
        dry_run: bool,
        /// Add the devices that are not in the team to it, under the names they sign with
        #[arg(long)]
        trust_new: bool,
        /// Take unsigned revisions (made before parcheck signed them) although a team is kept
        #[arg(long)]
        allow_unsigned: bool,
    },
    /// The team roster: list it, add a member, or export this device's key
    Team {
        #[command(subcommand)]
        action: Option<TeamAction>,
    },
    /// List unresolved conflicts
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Resolve a conflict by choosing a value (of a finding, or with --unit
    /// and --field name|kind|province and no --item, of a unit's details)
    Resolve(ResolveArgs),
    /// Remove an inspection created by mistake (a recorded change: it
    /// merges, and `restore` brings it back with everything recorded)
    Remove(RemoveArgs),
    /// Bring back a removed inspection
    Restore(RemoveArgs),
    /// Finish an inspection: lists what is still missing (unchecked items,
    /// failures without a note or evidence, samples too small, statuses that
    /// contradict their measure, conflicts) and refuses without --reason
    /// while anything is (a recorded change: it merges; a later edit
    /// re-opens the inspection)
    Finish(FinishArgs),
    /// The follow-up of the items to remedy: list them with their state and
    /// working days left or overdue; `import` a unit's report-back; `verify`
    /// (docs/followup.md)
    Followup(followup_cmds::FollowupArgs),
}

#[derive(Debug, Args)]
pub struct FinishArgs {
    #[arg(long, value_name = "CODE")]
    pub unit: String,
    /// The checklist, when the unit has several inspections
    #[arg(long, value_name = "ID")]
    pub checklist: Option<String>,
    /// Why the inspection is finished although something is missing
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub inspector: Option<String>,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The inspection: its id or first characters (see `findings --json`)
    #[arg(long, value_name = "ID", required_unless_present = "unit")]
    pub inspection: Option<String>,
    /// Or the unit whose inspection it is
    #[arg(long, value_name = "CODE")]
    pub unit: Option<String>,
    /// With --unit: the checklist, when the unit has several inspections
    #[arg(long, value_name = "ID", requires = "unit")]
    pub checklist: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub inspector: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TeamAction {
    /// Add a member from their key file, or by the fingerprint they read out
    Add {
        #[arg(value_name = "FILE", conflicts_with = "fingerprint")]
        file: Option<PathBuf>,
        #[arg(long, value_name = "FP")]
        fingerprint: Option<String>,
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
    },
    /// Write this device's public key and name for the team lead
    ExportKey {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    #[arg(long, value_name = "ID")]
    pub checklist: String,
    #[arg(long, value_name = "CODE")]
    pub unit: String,
    #[arg(long, value_name = "NAME")]
    pub unit_name: Option<String>,
    /// Kind of unit: provincial_department, commune_pc, provincial_service_centre,
    /// commune_service_centre, vertical_agency
    #[arg(long, value_name = "KIND", value_parser = parse_unit_kind)]
    pub unit_kind: Option<crate::core::checklist::UnitKind>,
    /// Province of the unit
    #[arg(long, value_name = "NAME")]
    pub province: Option<String>,
    #[arg(long, value_name = "ITEM")]
    pub item: String,
    /// The result; may be left out when something else is recorded (an
    /// observation item's note is its finding)
    #[arg(long, value_enum, required_unless_present_any = ["note", "samples", "ratio", "evidence", "action", "deadline"])]
    pub status: Option<StatusArg>,
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Your name, as it appears in the history and reports
    #[arg(long, value_name = "NAME")]
    pub inspector: Option<String>,
    /// A sampled record and the defect types it shows: CODE=DEFECT,DEFECT (CODE= for a compliant record)
    #[arg(long = "sample", value_name = "CODE=DEFECTS", num_args = 1..)]
    pub samples: Vec<String>,
    /// Ratio read from the one-stop software: NUMERATOR/DENOMINATOR
    #[arg(long, value_name = "N/D")]
    pub ratio: Option<String>,
    /// Evidence: a document number, or file:PATH for a file (its SHA-256 is recorded)
    #[arg(long = "evidence", value_name = "REF")]
    pub evidence: Vec<String>,
    /// Override the required action
    #[arg(long, value_name = "TEXT")]
    pub action: Option<String>,
    /// Override the deadline: working days or "immediately"
    #[arg(long, value_name = "DAYS")]
    pub deadline: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(
        long,
        value_name = "CODE",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub unit: Option<String>,
    /// The team summary across all units
    #[arg(long)]
    pub all: bool,
    /// With --all --format xlsx|csv: the follow-up register instead of the
    /// summary, one row per item to remedy in every unit (docs/register.md)
    #[arg(long, conflicts_with = "unit")]
    pub register: bool,
    /// With --all: the follow-up report, per unit the items open, overdue,
    /// reported and verified, and the overdue items (docs/followup.md)
    #[arg(long, conflicts_with_all = ["unit", "register"])]
    pub followup: bool,
    /// With --followup: the day the figures are counted to [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "unit")]
    pub as_of: Option<String>,
    #[arg(long, value_name = "ID")]
    pub inspection: Option<String>,
    #[arg(long, value_enum)]
    pub format: ReportFormat,
    /// With --unit: the conclusion notice or the on-site minutes
    #[arg(long, value_enum, default_value = "notice", conflicts_with = "all")]
    pub kind: DocumentKind,
    /// Refuse to write the document while anything keeps it a draft
    /// (conflicts, unconfirmed holidays, blank issuing details)
    #[arg(long = "final")]
    pub final_: bool,
    /// The team file with the issuing details (see docs/documents.md);
    /// without it, the [issuer] section of the configuration
    #[arg(long, value_name = "FILE")]
    pub team: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Date of the conclusion notice, from which deadlines count [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub conclusion_date: Option<String>,
    /// Extra holiday calendar file extending the bundled one
    #[arg(long, value_name = "FILE")]
    pub holidays: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    #[arg(long, value_name = "CODE")]
    pub unit: String,
    #[arg(long, value_name = "ID")]
    pub checklist: Option<String>,
    /// The item (absent for a field of the unit: name, kind, province)
    #[arg(long, value_name = "ITEM")]
    pub item: Option<String>,
    /// The conflicted field (status, note, sample:CODE, …; name, kind, province of the unit)
    #[arg(long, value_name = "FIELD")]
    pub field: String,
    /// Take the value of this revision (an id from `parcheck conflicts`)
    #[arg(long, value_name = "REV", conflicts_with = "value")]
    pub take: Option<String>,
    /// Or write this value (for status: pass, fail, …; for note: the text)
    #[arg(long, value_name = "VALUE")]
    pub value: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub inspector: Option<String>,
}

fn parse_unit_kind(s: &str) -> Result<crate::core::checklist::UnitKind, String> {
    use crate::core::checklist::UnitKind;
    UnitKind::from_code(s).ok_or_else(|| {
        let all: Vec<&str> = UnitKind::ALL.iter().map(|k| k.code()).collect();
        format!("unknown kind of unit; use one of: {}", all.join(", "))
    })
}

impl From<crate::ops::OpsError> for Failure {
    fn from(e: crate::ops::OpsError) -> Self {
        let code = if e.is_invalid_input() {
            exit::INVALID
        } else {
            exit::ERROR
        };
        let hint = e.hint().map(str::to_owned);
        Failure {
            message: e.to_string(),
            hint,
            code,
            ops: Some(Box::new(e)),
            worded_in: None,
        }
    }
}

/// Runs one command. The full-screen commands (none, `inspect`) belong to
/// the other face; `main` never hands them here.
pub fn run(session: &Session, command: Command) -> CmdResult {
    match command {
        Command::Inspect { .. } => Err(Failure::error(session.lang().pick(
            "`inspect` mở giao diện toàn màn hình",
            "`inspect` opens the full-screen app",
        ))
        .in_language(session.lang())),
        Command::Validate { files } => checklist_cmds::validate(session, &files),
        Command::Checklists { json } => checklist_cmds::list(session, json),
        Command::Show { id, json } => checklist_cmds::show(session, &id, json),
        Command::Record(a) => findings_cmds::record(session, &a),
        Command::Findings { unit, json } => findings_cmds::findings(session, unit.as_deref(), json),
        Command::History { unit, item } => {
            findings_cmds::history(session, unit.as_deref(), item.as_deref())
        }
        Command::Report(a) => {
            portable_output("--out", a.out.as_deref(), session)?;
            report_cmds::report(session, &a)
        }
        Command::Export {
            out,
            unit,
            inspection,
        } => {
            portable_output("--out", Some(&out), session)?;
            merge_cmds::export(session, &out, unit.as_deref(), inspection.as_deref())
        }
        Command::Merge {
            files,
            dry_run,
            trust_new,
            allow_unsigned,
        } => merge_cmds::merge(session, &files, dry_run, trust_new, allow_unsigned),
        Command::Team { action } => team_cmds::team(session, action),
        Command::Conflicts { json } => merge_cmds::conflicts(session, json),
        Command::Resolve(a) => merge_cmds::resolve(session, &a),
        Command::Remove(a) => remove_cmds::remove(session, &a, crate::ops::Removal::Remove),
        Command::Restore(a) => remove_cmds::remove(session, &a, crate::ops::Removal::Restore),
        Command::Finish(a) => finish_cmds::finish(session, &a),
        Command::Followup(a) => followup_cmds::run(session, &a),
    }
}

/// Refuses, before anything is opened or written, an output file whose
/// name a Windows laptop could not open (see [`crate::core::portable_name`]).
fn portable_output(
    arg: &str,
    path: Option<&std::path::Path>,
    session: &Session,
) -> Result<(), Failure> {
    let Some(name) = path.and_then(|p| p.file_name()) else {
        return Ok(());
    };
    let name = name.to_string_lossy();
    crate::core::portable_name::check(&name).map_err(|problem| {
        let (message, hint) = problem.describe(arg, &name, session.lang());
        Failure::invalid(message).with_hint(hint)
    })
}

/// One side of a conflict in JSON output (`conflicts --json`, `findings
/// --json`): its revision, value as read and as stored, author, device and
/// local time.
#[derive(serde::Serialize)]
pub(crate) struct SideJson {
    rev: String,
    value: String,
    raw: crate::core::finding::RawValue,
    author: String,
    device: String,
    at: String,
}

impl From<&crate::core::finding::ConflictSide> for SideJson {
    fn from(s: &crate::core::finding::ConflictSide) -> Self {
        SideJson {
            rev: s.rev_id.clone(),
            value: crate::core::finding::display_value(&s.value),
            raw: s.value.clone(),
            author: s.author.clone(),
            device: s.device.clone(),
            at: crate::core::time::local_rfc3339(s.at_ms),
        }
    }
}

/// Who records, for a command that writes: refuses when no name is known
/// rather than write changes nobody can be credited with.
pub(crate) fn writing_actor(
    ctx: &Session,
    store: &crate::store::Store,
    given: Option<&str>,
) -> Result<crate::ops::Actor, Failure> {
    ctx.actor(store, given)?.ok_or_else(|| match ctx.lang() {
        crate::core::lang::Lang::Vi => {
            Failure::invalid("chưa có tên người kiểm tra: mọi thay đổi đều mang tên người ghi")
                .with_hint(
                    "thêm --inspector \"HỌ VÀ TÊN\" (tên được giữ cho cơ sở dữ liệu này), \
             hoặc đặt inspector = \"HỌ VÀ TÊN\" trong config.toml",
                )
                .in_language(crate::core::lang::Lang::Vi)
        }
        crate::core::lang::Lang::En => {
            Failure::invalid("no inspector name: every change carries its author's name").with_hint(
                "give --inspector \"YOUR NAME\" (it is then kept for this database), \
                     or set inspector = \"YOUR NAME\" in config.toml",
            )
        }
    })
}

/// Writes plain text to stdout, treating a closed pipe (`parcheck … | head`)
/// as success. Every command's output passes here, so this is where data
/// from checklists, bundles and typed text is made inert for a terminal:
/// control, bidi and invisible characters are removed (line breaks, tabs
/// and CSV's CRLF are kept).
pub fn print_out(s: &str) -> Result<(), Failure> {
    // A leading byte-order mark is the CSV's own, for spreadsheet programs.
    let (bom, body) = s
        .strip_prefix('\u{feff}')
        .map_or(("", s), |rest| ("\u{feff}", rest));
    let safe: Vec<String> = body
        .split("\r\n")
        .map(|l| crate::core::text::sanitize_for_terminal(l, true))
        .collect();
    write_out(&format!("{bom}{}", safe.join("\r\n")))
}

/// Writes `value` as pretty JSON: the data unchanged for a program, with
/// every control, bidi or invisible character as a `\uXXXX` escape.
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure::error(e.to_string()))?;
    write_out(&(crate::core::text::escape_json_unsafe(&text) + "\n"))
}

fn write_out(s: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::error(format!("cannot write output: {e}"))),
    }
}
