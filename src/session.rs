//! What both faces start from: the settings of one run, resolved once from
//! flags, environment and the configuration file, and the failure a face
//! reports when it ends. `main` builds a [`Session`] and hands it to the
//! face the command chose; neither face knows the other.

use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::config::Config;
use crate::core::lang::Lang;
use crate::ops::{self, Actor};
use crate::store::{Store, StoreError};

/// Exit codes, documented in the README.
pub mod exit {
    pub const OK: u8 = 0;
    /// Invalid input, or a check that found problems.
    pub const INVALID: u8 = 1;
    /// Usage error or internal error.
    pub const ERROR: u8 = 2;
}

/// A user-facing failure: message, optional hint, exit code. Each face
/// words its own errors into one of these.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub hint: Option<String>,
    pub code: u8,
    /// The refusal of an operation this failure reports: worded in the
    /// interface language when it is printed (see [`Failure::words`]).
    pub ops: Option<Box<ops::OpsError>>,
    /// The language `message` and `hint` are written in, when the face
    /// wrote them in the interface language (English otherwise).
    pub worded_in: Option<Lang>,
}

impl Failure {
    pub fn invalid(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            hint: None,
            code: exit::INVALID,
            ops: None,
            worded_in: None,
        }
    }
    pub fn error(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            hint: None,
            code: exit::ERROR,
            ops: None,
            worded_in: None,
        }
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// What to print: the message and its hint. In Vietnamese an
    /// operation's refusal is worded as the screen words it (the words name
    /// the fix); in English the command line's own message and hint name
    /// its options (`--take REV`).
    ///
    /// Returns the language the words are in, for the labels around them:
    /// a message the command line has only in English is not labelled in
    /// Vietnamese.
    pub fn words(&self, lang: Lang) -> (String, Option<String>, Lang) {
        match (&self.ops, lang) {
            (Some(e), Lang::Vi) => (crate::wording::describe(e, lang), None, Lang::Vi),
            _ if self.worded_in == Some(lang) => (self.message.clone(), self.hint.clone(), lang),
            _ => (self.message.clone(), self.hint.clone(), Lang::En),
        }
    }

    /// Marks the message and hint as written in `lang`.
    pub fn in_language(mut self, lang: Lang) -> Self {
        self.worded_in = Some(lang);
        self
    }
}

/// How the command line labels what it prints to stderr, in `lang`.
pub fn stderr_label(kind: Label, lang: Lang) -> &'static str {
    match (kind, lang) {
        (Label::Error, Lang::Vi) => "lỗi",
        (Label::Error, Lang::En) => "error",
        (Label::Hint, Lang::Vi) => "gợi ý",
        (Label::Hint, Lang::En) => "hint",
        (Label::Note, Lang::Vi) => "lưu ý",
        (Label::Note, Lang::En) => "note",
        (Label::Warning, Lang::Vi) => "cảnh báo",
        (Label::Warning, Lang::En) => "warning",
    }
}

/// The kinds of line the command line prints to stderr.
#[derive(Debug, Clone, Copy)]
pub enum Label {
    Error,
    Hint,
    Note,
    Warning,
}

impl From<StoreError> for Failure {
    /// A database that cannot be used: the store's own message in English,
    /// worded like every operation's refusal in Vietnamese.
    fn from(e: StoreError) -> Self {
        Failure {
            message: e.to_string(),
            hint: None,
            code: exit::ERROR,
            ops: Some(Box::new(ops::OpsError::Store(e))),
            worded_in: None,
        }
    }
}

/// The platform's folders for parcheck (XDG on Linux, Application Support
/// on macOS, AppData on Windows), or none where the platform has none.
fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("vn", "parcheck", "parcheck")
}

/// Where the database lives when no `--db` or `PARCHECK_DB` is given:
/// `parcheck.db` in the data directory, the same as the local one on
/// Linux and macOS. On Windows the local one (`%LOCALAPPDATA%`), not the
/// roaming one: a roaming profile would carry the database, and the
/// device id made with it, to another laptop, and a roaming folder
/// redirected to a file server puts it on a network drive, where SQLite's
/// write-ahead log does not work. Bundles are how findings travel.
pub fn default_db_path() -> PathBuf {
    project_dirs()
        .map(|d| d.data_local_dir().join("parcheck.db"))
        .unwrap_or_else(|| PathBuf::from("parcheck.db"))
}

/// Where `config.toml` is looked for when no `--config` is given: the
/// config directory (on Windows in `%APPDATA%`, so the inspector's name
/// and language follow a roaming profile).
pub fn default_config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// The outcome of a command: an exit code, or a failure to report.
pub type CmdResult = Result<u8, Failure>;

/// The settings given on the command line (or in the environment).
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub db: Option<PathBuf>,
    pub checklist_dirs: Vec<PathBuf>,
    pub lang: Option<Lang>,
    pub campaign: Option<String>,
    pub config: Option<PathBuf>,
}

/// One run's validated settings.
pub struct Session {
    flags: Flags,
    config: Config,
    lang: Lang,
}

impl Session {
    /// Loads and checks the configuration file, once, before any face runs.
    pub fn new(flags: Flags) -> Result<Session, Failure> {
        let config = Config::load(flags.config.as_deref(), flags.lang.unwrap_or_default())?;
        let lang = flags.lang.or(config.lang()).unwrap_or_default();
        Ok(Session {
            flags,
            config,
            lang,
        })
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn db_path(&self) -> PathBuf {
        self.flags.db.clone().unwrap_or_else(default_db_path)
    }

    pub fn catalog(&self) -> Catalog {
        let mut dirs = self.config.checklist_dirs.clone();
        dirs.extend(self.flags.checklist_dirs.iter().cloned());
        Catalog::load(&dirs)
    }

    /// Opens the database, saying on stderr when there was none at the
    /// path and a new one was made (before the full-screen app starts, so
    /// it stays readable after it ends).
    pub fn open_store(&self) -> Result<Store, StoreError> {
        let store = Store::open(&self.db_path())?;
        // A mistyped `--db` must not look like lost data.
        if store.created() {
            let path = crate::core::text::sanitize_for_terminal(store.path(), false);
            let note = stderr_label(Label::Note, self.lang);
            match self.lang {
                Lang::Vi => eprintln!("{note}: chưa có cơ sở dữ liệu tại {path}; đã tạo mới ở đó"),
                Lang::En => eprintln!("{note}: no database at {path}; creating a new one there"),
            }
        }
        Ok(store)
    }

    /// Who records: the name given (`--inspector`), else the configured
    /// one, else the one kept for this database (see [`ops::inspector`]);
    /// in the campaign given, configured, or the current year. None when
    /// no name is known: the screen asks, the commands that write refuse.
    pub fn actor(&self, store: &Store, inspector: Option<&str>) -> ops::Result<Option<Actor>> {
        let name = ops::inspector(store, inspector, self.config.inspector.as_deref())?;
        Ok(name.map(|inspector| Actor {
            inspector,
            campaign: self.campaign(),
        }))
    }

    /// The campaign in force for this run.
    pub fn campaign(&self) -> String {
        self.flags
            .campaign
            .clone()
            .or_else(|| self.config.campaign.clone())
            .unwrap_or_else(ops::default_campaign)
    }
}
