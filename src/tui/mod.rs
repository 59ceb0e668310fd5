//! The full-screen app: terminal setup and restore, and the event loop.
//! State and keys live in `app`, drawing in `ui`, key tables in `keymap`.

pub mod app;
pub mod keymap;
pub mod layout;
pub mod shutdown;
pub mod strings;
mod typing;
pub mod ui;

use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;
use ratatui::layout::Rect;

use self::app::App;
use self::shutdown::Shutdown;
use crate::ops::{self, UnitInput};
use crate::session::{CmdResult, Failure, Session, exit};

pub fn run_home(ctx: &Session) -> CmdResult {
    require_terminal()?;
    let store = ctx.open_store()?;
    let created = store.created().then(|| store.path().to_owned());
    let mut app = match ctx.actor(&store, None)? {
        Some(actor) => App::new(store, ctx.catalog(), actor, ctx.lang()),
        None => App::asking_name(store, ctx.catalog(), ctx.campaign(), ctx.lang(), None),
    };
    new_database_flash(&mut app, created);
    with_calendar(&mut app, ctx);
    run(app)
}

/// Says in the status line that the database was just created (the
/// session has said it on stderr too, readable once the app ends).
fn new_database_flash(app: &mut App, created: Option<String>) {
    if let Some(path) = created {
        let msg = format!("{}{path}", app.env.s.new_database);
        app.env.flash = Some((msg, false));
    }
}

pub fn run_inspection(
    ctx: &Session,
    checklist: &str,
    unit: &str,
    unit_name: Option<&str>,
    inspector: Option<&str>,
) -> CmdResult {
    require_terminal()?;
    let mut store = ctx.open_store()?;
    let created = store.created().then(|| store.path().to_owned());
    let catalog = ctx.catalog();
    let input = UnitInput {
        code: unit.to_owned(),
        name: unit_name.map(str::to_owned),
        ..Default::default()
    };
    let mut app = match ctx.actor(&store, inspector)? {
        Some(actor) => {
            let info = ops::open_inspection(&mut store, &catalog, &actor, checklist, &input)?;
            App::with_inspection(store, catalog, actor, ctx.lang(), info)?
        }
        None => {
            // Refuse what would be refused later before asking the name.
            ops::entry(&catalog, checklist)?;
            ops::validate_unit_code(unit)?;
            let then = Some((checklist.to_owned(), input));
            App::asking_name(store, catalog, ctx.campaign(), ctx.lang(), then)
        }
    };
    new_database_flash(&mut app, created);
    with_calendar(&mut app, ctx);
    run(app)
}

/// The run's calendar, as the command line counts deadlines with it; a
/// holiday file that cannot be read is said when the follow-up is opened.
fn with_calendar(app: &mut App, ctx: &Session) {
    match ctx.calendar(None) {
        Ok(c) => app.env.calendar = c,
        Err(f) => {
            let mut problem = f.message;
            if let Some(h) = f.hint {
                problem = format!("{problem} ({h})");
            }
            app.env.calendar_problem = Some(problem);
        }
    }
}

/// Sets up the terminal, runs the loop, and restores the terminal however
/// the loop ends (`ratatui::init` also restores it on panic).
/// Refuses to start without a terminal, before anything is opened or written.
fn require_terminal() -> Result<(), Failure> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        return Ok(());
    }
    Err(Failure::error("the full-screen app needs a terminal")
        .with_hint("for scripts use the commands: `parcheck --help` lists them"))
}

fn run(mut app: App) -> CmdResult {
    let shutdown = Shutdown::new();
    shutdown::install(&shutdown)?;
    // Installed before `ratatui::init`, whose own hook restores the screen
    // and then calls this one: mouse reporting and bracketed paste must not
    // outlive a panic either.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            std::io::stdout(),
            DisableBracketedPaste,
            DisableMouseCapture
        );
        previous(info);
    }));
    let mut terminal = ratatui::try_init()
        .map_err(|e| Failure::error(format!("cannot start the full-screen app: {e}")))?;
    // Mouse and bracketed paste are comforts: carry on without them.
    let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let result = event_loop(&mut terminal, &mut app, &shutdown);
    // Saved first: a closing Windows console ends the process soon after.
    shutdown::end(app, &shutdown);
    let _ = execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture
    );
    ratatui::restore();
    result.map_err(|e| Failure::error(format!("terminal: {e}")))?;
    Ok(exit::OK)
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    shutdown: &Shutdown,
) -> std::io::Result<()> {
    /// Quiet time after which the write-ahead log is checkpointed.
    const IDLE: Duration = Duration::from_secs(2);
    let mut dirty = true;
    let mut last_input = Instant::now();
    let mut idle_done = false;
    let mut terminal_checked = Instant::now();
    let had_terminal = controlling_terminal_alive();
    while !app.quit && !shutdown.requested() {
        // A terminal closed without a SIGHUP reaching us (the window or
        // the multiplexer killed) leaves reads at end-of-file forever:
        // notice it, save, and leave instead of spinning.
        if had_terminal && terminal_checked.elapsed() >= Duration::from_secs(1) {
            terminal_checked = Instant::now();
            if !controlling_terminal_alive() {
                break;
            }
        }
        if dirty {
            let size = terminal.size()?;
            app.resize(Rect::new(0, 0, size.width, size.height));
            terminal.draw(|f| ui::render(f, app))?;
            dirty = false;
        }
        // Short timeout: the note autosave timer and signals are checked between events.
        if event::poll(Duration::from_millis(200))? {
            match event::read()? {
                Event::Key(k) => app.handle_key(k),
                Event::Paste(text) => app.handle_paste(&text),
                Event::Mouse(m) => app.handle_mouse(m),
                Event::Resize(width, height) => app.resize(Rect::new(0, 0, width, height)),
                _ => {}
            }
            dirty = true;
            last_input = Instant::now();
            idle_done = false;
        }
        dirty |= app.tick(Instant::now());
        if !idle_done && last_input.elapsed() >= IDLE {
            app.idle();
            idle_done = true;
        }
    }
    Ok(())
}

/// Whether this process still has a controlling terminal: opening
/// `/dev/tty` fails once the terminal has hung up.
#[cfg(unix)]
fn controlling_terminal_alive() -> bool {
    std::fs::OpenOptions::new()
        .read(true)
        .open("/dev/tty")
        .is_ok()
}

/// A closing Windows console always says so (its close event, see
/// [`shutdown`]): there is nothing to poll.
#[cfg(windows)]
fn controlling_terminal_alive() -> bool {
    false
}
