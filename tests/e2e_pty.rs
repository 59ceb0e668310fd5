//! Drives the real binary in a pseudo-terminal, as an inspector would.

mod common;

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Env;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Generous: the test machine may be busy building other things.
const TIMEOUT: Duration = Duration::from_secs(60);

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

/// The arguments that open the inspection of XA-01 against `demo`.
const INSPECT: [&str; 7] = [
    "inspect",
    "--checklist",
    "demo",
    "--unit",
    "XA-01",
    "--inspector",
    "An",
];

/// An isolated environment with the fixture checklists.
fn env() -> Env {
    Env::new().with_fixtures()
}

fn start(env: &Env) -> Session {
    start_with(env, &INSPECT)
}

/// Starts the binary with `args` in a 120×30 pseudo-terminal.
fn start_with(env: &Env, args: &[&str]) -> Session {
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 30,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("openpty");
    let mut cmd = CommandBuilder::new(common::BIN);
    cmd.args(env.argv(args));
    cmd.cwd(common::ROOT);
    cmd.env("TERM", "xterm-256color");
    for (k, v) in env.vars() {
        cmd.env(k, v);
    }
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

/// Asserts what `findings --json` holds for XA-01 demo D-01.
fn assert_d01(env: &Env, status: &str, note: &str) {
    let f = env.finding("XA-01", "demo", "D-01");
    assert_eq!(
        (&f["status"], &f["note"]),
        (&status.into(), &note.into()),
        "{f:#}"
    );
}

#[test]
fn record_fail_and_vietnamese_note_then_reopen() {
    let env = env();
    let mut s = start(&env);
    s.wait_for("the inspection screen", |c| {
        c.contains("D-01") && c.contains("D-04")
    });
    s.send(b"e");
    s.wait_for("note editor", |c| c.contains("tự lưu"));
    s.send("Thiếu giờ giao nhận".as_bytes());
    s.wait_for("typed note", |c| c.contains("Thiếu giờ giao nhận"));
    s.send(b"\x1b");
    // Esc is ambiguous until the terminal decides it is a lone key.
    s.wait_for("editor closed", |c| !c.contains("tự lưu"));
    // The status last: it moves on to the next item.
    s.send(b"3");
    s.wait_for("saved indicator", |c| {
        c.contains("✗ D-01") && c.contains("đã lưu")
    });
    s.send(b"q");
    s.wait_exit();

    let mut s = start(&env);
    s.wait_for("reopened screen with fail and note", |c| {
        c.contains("✗ D-01") && c.contains("không đạt") && c.contains("Thiếu giờ giao nhận")
    });
    s.send(b"q");
    s.wait_exit();

    assert_d01(&env, "fail", "Thiếu giờ giao nhận");
}

#[test]
fn edit_shown_as_saved_survives_sigkill() {
    let env = env();
    let mut s = start(&env);
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
    assert_d01(&env, "fail", "");
}

/// SIGTERM while a note is being typed: the note is saved and the terminal
/// is given back as it was (main screen, cursor shown, no mouse reporting,
/// no bracketed paste).
#[test]
fn sigterm_saves_the_note_and_restores_the_terminal() {
    let env = env();
    let mut s = start(&env);
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
    assert_d01(&env, "unchecked", "Đang ghi dở");
}

/// The terminal disappears (its window or multiplexer closed) while a note
/// is being typed: the app notices, saves the note and exits instead of
/// running on. Python's `pty` drives this one because closing the master
/// side is what hangs a terminal up, and the reader thread of the other
/// tests keeps a copy of it open.
#[test]
fn closed_terminal_saves_the_note_and_exits() {
    let env = env();
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
# Each key is a frame of its own: the last letter typed, drawn after its
# style ("...m9"), says the whole note is on screen.
wait_for(b"m9")
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
    let mut python = std::process::Command::new("python3");
    env.apply(&mut python);
    let out = python
        .arg("-c")
        .arg(script)
        .arg(common::BIN)
        .args(env.argv(&INSPECT))
        .env("TERM", "xterm-256color")
        .output()
        .expect("python3 runs the pseudo-terminal");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_d01(&env, "unchecked", "Ghi chú khi mất kết nối Z9");
}

/// The first run asks the inspector's name before anything else; a restart
/// knows it and does not ask; the edit made on screen carries it.
#[test]
fn first_run_asks_the_name_then_keeps_it() {
    let env = env();
    let mut s = start_with(&env, &INSPECT[..5]);
    s.wait_for("the name asked first", |c| {
        c.contains("Tên của bạn, ghi kèm mọi thay đổi")
    });
    assert!(
        !s.contents().contains("D-01"),
        "nothing behind the prompt yet"
    );
    s.send("Lê Thanh Hùng\r".as_bytes());
    s.wait_for("the inspection, the name in the header", |c| {
        c.contains("D-01") && c.contains("Người kiểm tra: Lê Thanh Hùng")
    });
    s.send(b"3");
    s.wait_for("saved indicator", |c| c.contains("đã lưu"));
    s.send(b"q");
    s.wait_exit();

    // Home on the same database: not asked again, the name shown.
    let mut s = start_with(&env, &[]);
    s.wait_for("home with the kept name", |c| {
        c.contains("Các cuộc kiểm tra") && c.contains("Người kiểm tra: Lê Thanh Hùng")
    });
    assert!(!s.contents().contains("Tên của bạn"), "not asked again");
    s.send(b"q");
    s.wait_exit();

    let hist = env.ok(&["history", "--item", "D-01"]);
    let status = hist
        .lines()
        .find(|l| l.contains("status"))
        .unwrap_or_else(|| panic!("no status change in:\n{hist}"));
    assert!(status.contains("Lê Thanh Hùng"), "{hist}");
    assert!(!hist.contains("inspector"), "{hist}");
}

/// Five dossiers of a three-item sample group, walked record by record
/// with the keyboard only: each added once for all three items, a defect
/// marked on every other one, the next record one key away.
#[test]
fn walk_five_records_of_a_shared_sample() {
    let env = Env::new().checklists(common::fixtures().join("shared"));
    let mut s = start_with(
        &env,
        &[
            "inspect",
            "--checklist",
            "shared",
            "--unit",
            "XA-01",
            "--inspector",
            "An",
        ],
    );
    s.wait_for("the inspection screen", |c| c.contains("S-01"));
    s.send(b"R");
    s.wait_for("the record view", |c| c.contains("nhóm ho-so"));
    for n in 1..=5 {
        s.send(b"a");
        s.send(format!("HS-0{n}\r").as_bytes());
        s.wait_for("the record added", |c| {
            c.contains(&format!("hồ sơ {n}/{n}"))
        });
    }
    s.send(b"NNNN");
    s.wait_for("the first record", |c| c.contains("hồ sơ 1/5: HS-01"));
    for n in 1..=5 {
        if n % 2 == 1 {
            s.send(b" ");
            s.wait_for("the defect marked", |c| c.contains("[x] Lỗi 1a"));
        }
        if n < 5 {
            s.send(b"n");
            let next = format!("hồ sơ {}/5: HS-0{}", n + 1, n + 1);
            s.wait_for("the next record", |c| c.contains(&next));
        }
    }
    s.send(b"\x1b");
    s.wait_for("the record view closed", |c| !c.contains("nhóm ho-so"));
    s.send(b"q");
    s.wait_exit();
    for item in ["S-01", "S-02", "S-03"] {
        let f = env.finding("XA-01", "shared", item);
        assert_eq!(f["sampled"], 5, "{item}: {f}");
        assert_eq!(f["sample_group"], "ho-so");
        let want = if item == "S-01" { 3 } else { 0 };
        assert_eq!(f["defective"], want, "{item}: {f}");
    }
}
