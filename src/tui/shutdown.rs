//! Ending the full-screen app when the system, not the inspector, asks:
//! a signal on Unix (SIGTERM, SIGHUP when the terminal hangs up, SIGINT),
//! the console's control events on Windows (the window closed, the user
//! logging off, Ctrl+Break). Either way the event loop stops and the note
//! being typed is saved, as on a normal quit.
//!
//! Windows ends the process as soon as the handler of a close event
//! returns, so that handler waits — at most [`CLOSE_GRACE`], within the
//! time Windows allows — until [`end`] says the note is on disk.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use super::app::App;
use crate::session::Failure;

/// How long the console-close handler holds the process open for the
/// save (Windows gives a closing console's processes about five seconds).
pub const CLOSE_GRACE: Duration = Duration::from_secs(4);

/// A request to stop, and the news that everything is saved.
#[derive(Debug, Default)]
pub struct Shutdown {
    stop: Arc<AtomicBool>,
    saved: Mutex<bool>,
    saved_changed: Condvar,
}

impl Shutdown {
    pub fn new() -> Arc<Shutdown> {
        Arc::new(Shutdown::default())
    }

    /// Whether the event loop must stop.
    pub fn requested(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Asks the event loop to stop (Ctrl+Break, or a signal).
    pub fn request(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// What the handler of a closing console does before it returns (and
    /// the process ends): asks the loop to stop, then waits for [`end`],
    /// at most `grace`. Says whether the save was seen in time.
    pub fn request_and_wait(&self, grace: Duration) -> bool {
        self.request();
        let deadline = Instant::now() + grace;
        let mut saved = self.saved.lock().unwrap_or_else(|e| e.into_inner());
        while !*saved {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            saved = self
                .saved_changed
                .wait_timeout(saved, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        true
    }

    /// Everything is saved: a waiting close handler may let the process end.
    fn mark_saved(&self) {
        *self.saved.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.saved_changed.notify_all();
    }
}

/// How every run of the app ends, whatever ended its loop: the note being
/// typed saved, the database closed (checkpointed, its clock kept), then
/// a waiting close handler released.
pub fn end(mut app: App, shutdown: &Shutdown) {
    app.flush();
    drop(app);
    shutdown.mark_saved();
}

/// Routes the system's stop requests to `shutdown` for this run.
#[cfg(unix)]
pub fn install(shutdown: &Arc<Shutdown>) -> Result<(), Failure> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // SIGINT too: in raw mode Ctrl-C is a key, but `kill -INT` still arrives
    // as a signal and must end the loop cleanly, not kill the process.
    for sig in [SIGTERM, SIGHUP, SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&shutdown.stop))
            .map_err(|e| Failure::error(format!("cannot install signal handler: {e}")))?;
    }
    Ok(())
}

/// Routes the console's control events to `shutdown` for this run.
#[cfg(windows)]
#[allow(unsafe_code)]
pub fn install(shutdown: &Arc<Shutdown>) -> Result<(), Failure> {
    use windows_sys::Win32::System::Console::SetConsoleCtrlHandler;
    *console::CURRENT.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::clone(shutdown));
    static REGISTERED: std::sync::Once = std::sync::Once::new();
    let mut result = Ok(());
    REGISTERED.call_once(|| {
        // SAFETY: registers a handler with the signature the console API
        // requires; it only touches thread-safe state.
        if unsafe { SetConsoleCtrlHandler(Some(console::on_event), 1) } == 0 {
            result = Err(Failure::error(format!(
                "cannot install the console close handler: {}",
                std::io::Error::last_os_error()
            )));
        }
    });
    result
}

#[cfg(windows)]
#[allow(unsafe_code)]
mod console {
    use std::sync::{Arc, Mutex};

    use windows_sys::Win32::Foundation::{FALSE, TRUE};
    use windows_sys::Win32::System::Console::{
        CTRL_BREAK_EVENT, CTRL_C_EVENT, CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT,
    };
    use windows_sys::core::BOOL;

    use super::{CLOSE_GRACE, Shutdown};

    /// The run the handler speaks to (the console API takes a bare function).
    pub(super) static CURRENT: Mutex<Option<Arc<Shutdown>>> = Mutex::new(None);

    /// Runs on a thread of its own that Windows starts for each event.
    pub(super) unsafe extern "system" fn on_event(kind: u32) -> BOOL {
        let current = CURRENT.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let Some(shutdown) = current else {
            return FALSE;
        };
        match kind {
            // The process ends once this returns: hold it until saved.
            CTRL_CLOSE_EVENT | CTRL_LOGOFF_EVENT | CTRL_SHUTDOWN_EVENT => {
                shutdown.request_and_wait(CLOSE_GRACE);
                TRUE
            }
            // Raw mode reads Ctrl+C as a key; one sent by another program
            // (or Ctrl+Break) still ends the loop cleanly.
            CTRL_C_EVENT | CTRL_BREAK_EVENT => {
                shutdown.request();
                TRUE
            }
            _ => FALSE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_close_handler_without_a_save_gives_up_after_its_grace() {
        let s = Shutdown::new();
        let started = Instant::now();
        assert!(!s.request_and_wait(Duration::from_millis(50)));
        assert!(started.elapsed() >= Duration::from_millis(50));
        assert!(s.requested(), "the loop was still asked to stop");
    }

    #[test]
    fn a_save_already_done_releases_a_late_close_handler_at_once() {
        let s = Shutdown::new();
        s.mark_saved();
        assert!(s.request_and_wait(Duration::from_secs(60)));
    }
}
