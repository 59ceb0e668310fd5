//! Runs the real `parcheck` binary in isolation.
//!
//! Every run gets a database, an empty config file, a home directory and
//! XDG config and data directories of its own, all inside one temporary
//! directory, so nothing of the developer's `~/.config/parcheck` or data
//! directory is ever read or written. `LANG`, `TZ` and the like are
//! inherited unless a test sets them with [`Env::var`].

// Each test binary uses only some of these helpers.
#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_parcheck");

/// The repository root, where the tests run the binary.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The arguments of `record` for an item of the fixture checklist `demo`:
/// unit, item, `--status`, `--inspector`, then `extra`.
pub fn record_args<'a>(
    unit: &'a str,
    item: &'a str,
    status: &'a str,
    inspector: &'a str,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let mut a = vec![
        "record",
        "--checklist",
        "demo",
        "--unit",
        unit,
        "--item",
        item,
        "--status",
        status,
        "--inspector",
        inspector,
    ];
    a.extend_from_slice(extra);
    a
}

/// `tests/fixtures/checklists`: the `valid` and `invalid` fixture checklists.
pub fn fixtures() -> PathBuf {
    Path::new(ROOT).join("tests/fixtures/checklists")
}

/// The directory of the valid fixture checklists (the `demo` checklist).
pub fn valid_checklists() -> PathBuf {
    fixtures().join("valid")
}

/// One isolated environment: a temporary directory holding the database
/// (`parcheck.db`), an empty `config.toml`, and `home/`, `xdg-config/` and
/// `xdg-data/` for `HOME`, `XDG_CONFIG_HOME` and `XDG_DATA_HOME`.
pub struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
    config: PathBuf,
    /// Arguments put before every run's own (global flags).
    args: Vec<OsString>,
    /// Variables set on every run, after the isolating ones.
    vars: Vec<(OsString, OsString)>,
}

impl Default for Env {
    fn default() -> Self {
        Self::new()
    }
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temporary directory");
        for sub in ["home", "xdg-config", "xdg-data"] {
            std::fs::create_dir(dir.path().join(sub)).expect("create isolated directory");
        }
        // An explicit config path must exist: an empty file is no config.
        let config = dir.path().join("config.toml");
        std::fs::write(&config, "").expect("write empty config");
        Env {
            db: dir.path().join("parcheck.db"),
            config,
            dir,
            args: Vec::new(),
            vars: Vec::new(),
        }
    }

    /// Adds `--checklists DIR` to every run.
    pub fn checklists(mut self, dir: impl AsRef<Path>) -> Env {
        self.args.push("--checklists".into());
        self.args.push(dir.as_ref().into());
        self
    }

    /// Adds `--checklists` with the valid fixture checklists to every run.
    pub fn with_fixtures(self) -> Env {
        self.checklists(valid_checklists())
    }

    /// Adds these arguments before every run's own, e.g. `--campaign 2026`.
    pub fn args(mut self, args: &[&str]) -> Env {
        self.args.extend(args.iter().map(OsString::from));
        self
    }

    /// Sets a variable on every run (`LANG`, `TZ`, …).
    pub fn var(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Env {
        self.vars
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// The temporary directory, for the test's own files.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The database every run uses (`PARCHECK_DB`).
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// The empty config file every run uses (`PARCHECK_CONFIG`).
    pub fn config(&self) -> &Path {
        &self.config
    }

    /// `HOME` of every run.
    pub fn home(&self) -> PathBuf {
        self.path().join("home")
    }

    /// The environment variables every run gets, isolating ones first.
    pub fn vars(&self) -> Vec<(OsString, OsString)> {
        let mut v: Vec<(OsString, OsString)> = vec![
            ("PARCHECK_DB".into(), self.db.clone().into()),
            ("PARCHECK_CONFIG".into(), self.config.clone().into()),
            ("HOME".into(), self.home().into()),
            (
                "XDG_CONFIG_HOME".into(),
                self.path().join("xdg-config").into(),
            ),
            ("XDG_DATA_HOME".into(), self.path().join("xdg-data").into()),
        ];
        v.extend(self.vars.iter().cloned());
        v
    }

    /// The whole argument list of a run: the global flags, then `args`.
    pub fn argv<S: AsRef<OsStr>>(&self, args: &[S]) -> Vec<OsString> {
        let mut v = self.args.clone();
        v.extend(args.iter().map(|a| a.as_ref().to_owned()));
        v
    }

    /// Applies the environment to a command that runs the binary itself or
    /// a program that starts it (a shell, a pseudo-terminal driver).
    pub fn apply<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        cmd.current_dir(ROOT).envs(self.vars())
    }

    /// A command running the binary with `args`, for a test that needs to
    /// set up stdin or spawn it.
    pub fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(self.argv(args));
        self.apply(&mut cmd);
        cmd
    }

    /// Runs the binary (stdin empty) and returns whatever happened.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Output {
        self.command(args).output().expect("run parcheck")
    }

    /// Runs, asserts exit code 0, returns stdout and stderr.
    pub fn ok_with_stderr<S: AsRef<OsStr>>(&self, args: &[S]) -> (String, String) {
        let out = self.run(args);
        expect_code(&out, 0, args);
        text(out)
    }

    /// Runs, asserts exit code 0, returns stdout.
    pub fn ok<S: AsRef<OsStr>>(&self, args: &[S]) -> String {
        self.ok_with_stderr(args).0
    }

    /// Runs, asserts exit code `code`, returns stderr.
    pub fn fails<S: AsRef<OsStr>>(&self, args: &[S], code: i32) -> String {
        let out = self.run(args);
        expect_code(&out, code, args);
        text(out).1
    }

    /// Records a finding of the fixture checklist `demo` and returns what
    /// `record` printed (exit 0 asserted).
    pub fn record(
        &self,
        unit: &str,
        item: &str,
        status: &str,
        inspector: &str,
        extra: &[&str],
    ) -> String {
        self.ok(&record_args(unit, item, status, inspector, extra))
    }

    /// Runs, asserts exit code 0, parses stdout as JSON.
    pub fn json<S: AsRef<OsStr>>(&self, args: &[S]) -> serde_json::Value {
        let stdout = self.ok(args);
        serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!(
                "parcheck {}: stdout is not JSON ({e}):\n{stdout}",
                shown(args)
            )
        })
    }

    /// `findings --json`: every finding in the database.
    pub fn findings(&self) -> Vec<serde_json::Value> {
        match self.json(&["findings", "--json"]) {
            serde_json::Value::Array(all) => all,
            other => panic!("findings --json is not an array: {other}"),
        }
    }

    /// The one finding of `unit`, `checklist` and `item` in `findings --json`.
    pub fn finding(&self, unit: &str, checklist: &str, item: &str) -> serde_json::Value {
        let all = self.findings();
        let mut hits = all
            .iter()
            .filter(|f| f["unit"] == unit && f["checklist"] == checklist && f["item"] == item);
        let one = hits
            .next()
            .unwrap_or_else(|| panic!("no finding {unit} {checklist} {item} in {all:#?}"))
            .clone();
        assert!(
            hits.next().is_none(),
            "more than one finding {unit} {checklist} {item} in {all:#?}"
        );
        one
    }
}

/// Asserts the exit code of a run, showing both streams if it differs.
pub fn expect_code<S: AsRef<OsStr>>(out: &Output, code: i32, args: &[S]) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "parcheck {}: expected exit code {code}, got {}; stderr:\n{}\nstdout:\n{}",
        shown(args),
        out.status,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout),
    );
}

/// Stdout and stderr of a run, which must be UTF-8.
pub fn text(out: Output) -> (String, String) {
    (
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    )
}

fn shown<S: AsRef<OsStr>>(args: &[S]) -> String {
    args.iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The follow-up register written as CSV (with `--conclusion-date
/// conclusion`, none: the stored or today's) and filled in as a unit sends
/// it back: every row of `unit` reports `action` done on `done_on`
/// (YYYY-MM-DD). Returns the filled file.
pub fn filled_csv_register(
    env: &Env,
    conclusion: Option<&str>,
    unit: &str,
    done_on: &str,
    action: &str,
) -> PathBuf {
    let written = env.path().join("so-theo-doi.csv");
    let mut args = vec!["report", "--all", "--register", "--format", "csv"];
    if let Some(d) = conclusion {
        args.extend(["--conclusion-date", d]);
    }
    args.extend(["--out", written.to_str().unwrap()]);
    env.ok(&args);
    let bytes = std::fs::read(&written).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let (date, done, code) = (
        col("Ngày đã khắc phục (đơn vị ghi)"),
        col("Kết quả khắc phục đã thực hiện (đơn vị ghi)"),
        col("Mã đơn vị"),
    );
    let filled = env.path().join("tra-lai.csv");
    let mut w = csv::Writer::from_path(&filled).unwrap();
    for (i, row) in rows.iter().enumerate() {
        let mut row: Vec<String> = row.iter().map(str::to_owned).collect();
        if i > 0 && row[code] == unit {
            row[date] = done_on.into();
            row[done] = action.into();
        }
        w.write_record(&row).unwrap();
    }
    w.flush().unwrap();
    filled
}
