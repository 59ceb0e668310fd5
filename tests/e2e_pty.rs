//! Drives the real binary in a pseudo-terminal, as an inspector would.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const BIN: &str = env!("CARGO_BIN_EXE_parcheck");
const DIR: &str = env!("CARGO_MANIFEST_DIR");
/// Generous: the test machine may be busy building other things.
const TIMEOUT: Duration = Duration::from_secs(60);

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

fn base_cmd(db: &Path, home: &Path, args: &[&str]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(args);
    cmd.arg("--checklists");
    cmd.arg(format!("{DIR}/tests/fixtures/checklists/valid"));
    cmd.arg("--db");
    cmd.arg(db);
    cmd.cwd(DIR);
    cmd.env("TERM", "xterm-256color");
    // Keep the user's config out of the test.
    cmd.env("PARCHECK_CONFIG", config(home));
    cmd.env("HOME", home);
    cmd.env("XDG_CONFIG_HOME", home);
    cmd.env("XDG_DATA_HOME", home);
    cmd
}

/// An empty config file, so the user's own config stays out of the test.
fn config(home: &Path) -> std::path::PathBuf {
    let p = home.join("config.toml");
    std::fs::write(&p, "").expect("write config");
    p
}

fn start(db: &Path, home: &Path) -> Session {
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 30,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("openpty");
    let cmd = base_cmd(
        db,
        home,
        &[
            "inspect",
            "--checklist",
            "demo",
            "--unit",
            "XA-01",
            "--inspector",
            "An",
        ],
    );
    let child = pair.slave.spawn_command(cmd).expect("spawn parcheck");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let writer = pair.master.take_writer().expect("writer");
    let screen = Arc::new(Mutex::new(vt100::Parser::new(30, 120, 0)));
    let sink = Arc::clone(&screen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().expect("parser lock").process(&buf[..n]);
        }
    });
    Session {
        screen,
        writer,
        child,
        _master: pair.master,
    }
}

impl Session {
    fn contents(&self) -> String {
        self.screen.lock().expect("parser lock").screen().contents()
    }

    /// Polls the screen until `pred` holds.
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let c = self.contents();
            if pred(&c) {
                return;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}; screen:\n{c}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    fn wait_exit(&mut self) {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(status.success(), "parcheck exited with {status:?}");
                return;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "parcheck did not exit; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn findings_json(db: &Path, home: &Path) -> serde_json::Value {
    let out = std::process::Command::new(BIN)
        .args([
            "findings",
            "--json",
            "--checklists",
            &format!("{DIR}/tests/fixtures/checklists/valid"),
            "--db",
        ])
        .arg(db)
        .env("PARCHECK_CONFIG", config(home))
        .output()
        .expect("run findings");
    assert!(
        out.status.success(),
        "findings failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("findings --json is JSON")
}

fn finding<'a>(all: &'a serde_json::Value, item: &str) -> &'a serde_json::Value {
    all.as_array()
        .and_then(|a| {
            a.iter()
                .find(|f| f.to_string().contains(&format!("\"{item}\"")))
        })
        .unwrap_or_else(|| panic!("no finding for {item} in {all}"))
}

#[test]
fn record_fail_and_vietnamese_note_then_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let mut s = start(&db, dir.path());
    s.wait_for("the inspection screen", |c| {
        c.contains("D-01") && c.contains("D-04")
    });
    s.send(b"3");
    s.wait_for("saved indicator", |c| c.contains("đã lưu"));
    s.send(b"e");
    s.wait_for("note editor", |c| c.contains("tự lưu"));
    s.send("Thiếu giờ giao nhận".as_bytes());
    s.wait_for("typed note", |c| c.contains("Thiếu giờ giao nhận"));
    s.send(b"\x1b");
    // Esc is ambiguous until the terminal decides it is a lone key.
    s.wait_for("editor closed", |c| !c.contains("tự lưu"));
    s.send(b"q");
    s.wait_exit();

    let mut s = start(&db, dir.path());
    s.wait_for("reopened screen with fail and note", |c| {
        c.contains("✗ D-01") && c.contains("không đạt") && c.contains("Thiếu giờ giao nhận")
    });
    s.send(b"q");
    s.wait_exit();

    let all = findings_json(&db, dir.path());
    let f = finding(&all, "D-01");
    let text = f.to_string();
    assert!(text.contains("\"fail\""), "{text}");
    assert!(text.contains("Thiếu giờ giao nhận"), "{text}");
}

#[test]
fn edit_shown_as_saved_survives_sigkill() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let mut s = start(&db, dir.path());
    s.wait_for("the inspection screen", |c| c.contains("D-01"));
    s.send(b"3");
    s.wait_for("saved indicator", |c| c.contains("đã lưu"));
    // SIGKILL: no handler runs, nothing is flushed on the way out.
    let pid = s.child.process_id().expect("child pid");
    let st = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(st.success());
    let start = Instant::now();
    while !matches!(s.child.try_wait(), Ok(Some(_))) {
        assert!(start.elapsed() < TIMEOUT, "child survived SIGKILL");
        std::thread::sleep(Duration::from_millis(20));
    }
    let all = findings_json(&db, dir.path());
    assert!(
        finding(&all, "D-01").to_string().contains("\"fail\""),
        "{all}"
    );
}

/// SIGTERM while a note is being typed: the note is saved and the terminal
/// is given back as it was (main screen, cursor shown, no mouse reporting,
/// no bracketed paste).
#[test]
fn sigterm_saves_the_note_and_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let mut s = start(&db, dir.path());
    s.wait_for("the inspection screen", |c| c.contains("D-01"));
    s.send(b"e");
    s.send("Đang ghi dở".as_bytes());
    s.wait_for("the typed note", |c| c.contains("Đang ghi dở"));
    {
        let screen = s.screen.lock().expect("parser lock");
        assert!(screen.screen().alternate_screen());
    }
    let pid = s.child.process_id().expect("child pid");
    let st = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(st.success());
    s.wait_exit();
    // The reader thread may still be draining the last bytes.
    let start = Instant::now();
    loop {
        let restored = {
            let p = s.screen.lock().expect("parser lock");
            let sc = p.screen();
            !sc.alternate_screen()
                && !sc.hide_cursor()
                && !sc.bracketed_paste()
                && sc.mouse_protocol_mode() == vt100::MouseProtocolMode::None
        };
        if restored {
            break;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "terminal not restored after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let all = findings_json(&db, dir.path());
    assert_eq!(finding(&all, "D-01")["note"], "Đang ghi dở", "{all}");
}

/// The terminal disappears (its window or multiplexer closed) while a note
/// is being typed: the app notices, saves the note and exits instead of
/// running on. Python's `pty` drives this one because closing the master
/// side is what hangs a terminal up, and the reader thread of the other
/// tests keeps a copy of it open.
#[test]
fn closed_terminal_saves_the_note_and_exits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let script = r#"
import fcntl, os, pty, select, struct, sys, termios, time
args = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(args[0], args)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
def wait_for(needle):
    buf, end = b"", time.time() + 60
    while needle not in buf:
        if time.time() > end:
            sys.exit("timed out waiting for %r" % needle)
        if select.select([fd], [], [], 0.2)[0]:
            buf += os.read(fd, 65536)
wait_for(b"D-01")
os.write(fd, b"e")
time.sleep(0.3)
os.write(fd, "Ghi chú khi mất kết nối Z9".encode())
wait_for(b"Z9")
os.close(fd)
end = time.time() + 30
while time.time() < end:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        sys.exit(0)
    time.sleep(0.1)
os.kill(pid, 9)
sys.exit("parcheck kept running after its terminal closed")
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(BIN)
        .args([
            "inspect",
            "--checklist",
            "demo",
            "--unit",
            "XA-01",
            "--inspector",
            "An",
        ])
        .arg("--checklists")
        .arg(format!("{DIR}/tests/fixtures/checklists/valid"))
        .arg("--db")
        .arg(&db)
        .env("TERM", "xterm-256color")
        .env("PARCHECK_CONFIG", config(dir.path()))
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .expect("python3 runs the pseudo-terminal");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all = findings_json(&db, dir.path());
    assert_eq!(
        finding(&all, "D-01")["note"],
        "Ghi chú khi mất kết nối Z9",
        "{all}"
    );
}
