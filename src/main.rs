//! Chooses the face: the full-screen app without a command (or with
//! `inspect`), the command line otherwise. Both start from one `Session`.

use std::process::ExitCode;

use clap::Parser;
use parcheck::cli::{Cli, Command};
use parcheck::core::text::sanitize_for_terminal;
use parcheck::session::{Failure, Session, exit};

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
    let outcome = Session::new(cli.global.flags()).and_then(|session| match cli.command {
        None => parcheck::tui::run_home(&session),
        Some(Command::Inspect {
            checklist,
            unit,
            unit_name,
            inspector,
        }) => parcheck::tui::run_inspection(
            &session,
            &checklist,
            &unit,
            unit_name.as_deref(),
            inspector.as_deref(),
        ),
        Some(command) => parcheck::cli::run(&session, command),
    });
    ExitCode::from(match outcome {
        Ok(code) => code,
        Err(f) => report(&f),
    })
}

/// Prints a failure to stderr, made safe for the terminal.
fn report(f: &Failure) -> u8 {
    eprintln!("error: {}", sanitize_for_terminal(&f.message, true));
    if let Some(h) = &f.hint {
        eprintln!("  hint: {}", sanitize_for_terminal(h, true));
    }
    f.code
}
