//! The command line: clap definitions and dispatch. Each command is a thin
//! wrapper over `ops`, `store`, `report` or `merge`.

mod checklist_cmds;
mod config;
mod findings_cmds;
mod merge_cmds;
mod report_cmds;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use config::Config;

/// Exit codes, documented in the README.
pub mod exit {
    pub const OK: u8 = 0;
    /// Invalid input, or a check that found problems.
    pub const INVALID: u8 = 1;
    /// Usage error or internal error.
    pub const ERROR: u8 = 2;
}

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
    },
    /// List unresolved conflicts
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Resolve a conflict by choosing a value
    Resolve(ResolveArgs),
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
    #[arg(long, value_enum)]
    pub status: StatusArg,
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
    /// With --all --format csv: the follow-up register instead of the summary,
    /// every finding of every unit on one row, streamed
    #[arg(long, requires = "all")]
    pub register: bool,
    #[arg(long, value_name = "ID")]
    pub inspection: Option<String>,
    #[arg(long, value_enum)]
    pub format: ReportFormat,
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
    #[arg(long, value_name = "ITEM")]
    pub item: String,
    /// The conflicted field (status, note, sample:CODE, …)
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

/// A user-facing failure: message, optional hint, exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub hint: Option<String>,
    pub code: u8,
}

impl Failure {
    pub fn invalid(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            hint: None,
            code: exit::INVALID,
        }
    }
    pub fn error(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            hint: None,
            code: exit::ERROR,
        }
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl From<crate::ops::OpsError> for Failure {
    fn from(e: crate::ops::OpsError) -> Self {
        let code = match e {
            crate::ops::OpsError::Store(_) => exit::ERROR,
            _ => exit::INVALID,
        };
        let hint = e.hint().map(str::to_owned);
        Failure {
            message: e.to_string(),
            hint,
            code,
        }
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Self {
        Failure::error(e.to_string())
    }
}

pub type CmdResult = Result<u8, Failure>;

/// Everything a command needs, resolved from flags, environment and config.
pub struct Context {
    pub global: Global,
    pub config: Config,
}

impl Context {
    pub fn lang(&self) -> crate::core::lang::Lang {
        self.global
            .lang
            .map(Into::into)
            .or_else(|| {
                self.config
                    .lang
                    .as_deref()
                    .and_then(crate::core::lang::Lang::from_code)
            })
            .unwrap_or_default()
    }

    pub fn db_path(&self) -> PathBuf {
        self.global
            .db
            .clone()
            .unwrap_or_else(crate::store::default_path)
    }

    pub fn catalog(&self) -> crate::catalog::Catalog {
        let mut dirs = self.config.checklist_dirs.clone();
        dirs.extend(self.global.checklist_dirs.iter().cloned());
        crate::catalog::Catalog::load(&dirs)
    }

    pub fn open_store(&self) -> Result<crate::store::Store, Failure> {
        Ok(crate::store::Store::open(&self.db_path())?)
    }

    pub fn actor(&self, inspector: Option<&str>) -> crate::ops::Actor {
        crate::ops::Actor {
            inspector: inspector
                .map(str::to_owned)
                .or_else(|| self.config.inspector.clone())
                .unwrap_or_else(crate::ops::default_inspector),
            campaign: self
                .global
                .campaign
                .clone()
                .or_else(|| self.config.campaign.clone())
                .unwrap_or_else(crate::ops::default_campaign),
        }
    }
}

/// Parses arguments, runs the command, prints errors to stderr.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::ERROR
            } else {
                exit::OK
            };
            // clap prints help/version to stdout and errors to stderr.
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match run(cli) {
        Ok(code) => code,
        Err(f) => {
            eprintln!(
                "error: {}",
                crate::core::text::sanitize_for_terminal(&f.message, true)
            );
            if let Some(h) = f.hint {
                eprintln!("  hint: {h}");
            }
            f.code
        }
    };
    ExitCode::from(code)
}

pub fn run(cli: Cli) -> CmdResult {
    let config = Config::load(cli.global.config.as_deref())?;
    let ctx = Context {
        global: cli.global,
        config,
    };
    match cli.command {
        None => crate::tui::run_home(&ctx),
        Some(Command::Validate { files }) => checklist_cmds::validate(&files),
        Some(Command::Checklists { json }) => checklist_cmds::list(&ctx, json),
        Some(Command::Show { id, json }) => checklist_cmds::show(&ctx, &id, json),
        Some(Command::Inspect {
            checklist,
            unit,
            unit_name,
            inspector,
        }) => crate::tui::run_inspection(
            &ctx,
            &checklist,
            &unit,
            unit_name.as_deref(),
            inspector.as_deref(),
        ),
        Some(Command::Record(a)) => findings_cmds::record(&ctx, &a),
        Some(Command::Findings { unit, json }) => {
            findings_cmds::findings(&ctx, unit.as_deref(), json)
        }
        Some(Command::History { unit, item }) => {
            findings_cmds::history(&ctx, unit.as_deref(), item.as_deref())
        }
        Some(Command::Report(a)) => report_cmds::report(&ctx, &a),
        Some(Command::Export {
            out,
            unit,
            inspection,
        }) => merge_cmds::export(&ctx, &out, unit.as_deref(), inspection.as_deref()),
        Some(Command::Merge { files, dry_run }) => merge_cmds::merge(&ctx, &files, dry_run),
        Some(Command::Conflicts { json }) => merge_cmds::conflicts(&ctx, json),
        Some(Command::Resolve(a)) => merge_cmds::resolve(&ctx, &a),
    }
}

/// Writes to stdout, treating a closed pipe (`parcheck … | head`) as success.
pub fn print_out(s: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::error(format!("cannot write output: {e}"))),
    }
}
