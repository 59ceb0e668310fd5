//! Chooses the face: the full-screen app without a command (or with
//! `inspect`), the command line otherwise. Both start from one `Session`.

use std::process::ExitCode;

use clap::Parser;
use parcheck::cli::{Cli, Command};
use parcheck::core::lang::Lang;
use parcheck::core::text::sanitize_for_terminal;
use parcheck::session::{Failure, Label, Session, exit, stderr_label};

fn main() -> ExitCode {
    let _utf8 = parcheck::console::utf8_output();
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
    let flags = cli.global.flags();
    // The language failures are worded in: the session's, or the flag's
    // when the session itself could not be made (a broken config).
    let mut lang = flags.lang.unwrap_or_default();
    let outcome = Session::new(flags).and_then(|session| {
        lang = session.lang();
        run(session, cli.command)
    });
    ExitCode::from(match outcome {
        Ok(code) => code,
        Err(f) => report(&f, lang),
    })
}

/// Hands the command to its face.
fn run(session: Session, command: Option<Command>) -> parcheck::session::CmdResult {
    let session = &session;
    match command {
        None => parcheck::tui::run_home(session),
        Some(Command::Inspect {
            checklist,
            unit,
            unit_name,
            inspector,
        }) => parcheck::tui::run_inspection(
            session,
            &checklist,
            &unit,
            unit_name.as_deref(),
            inspector.as_deref(),
        ),
        Some(command) => parcheck::cli::run(session, command),
    }
}

/// Prints a failure to stderr in the interface language, made safe for
/// the terminal.
fn report(f: &Failure, lang: Lang) -> u8 {
    let (message, hint, lang) = f.words(lang);
    let error = stderr_label(Label::Error, lang);
    eprintln!("{error}: {}", sanitize_for_terminal(&message, true));
    if let Some(h) = hint {
        let label = stderr_label(Label::Hint, lang);
        eprintln!("  {label}: {}", sanitize_for_terminal(&h, true));
    }
    f.code
}
