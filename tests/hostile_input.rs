//! Hostile input: files that are not what they claim, text carrying
//! terminal controls, names that forge lines. Each test drives the real
//! binary the way an attacker's file would reach it.

mod common;

#[cfg(unix)]
use std::process::Stdio;
#[cfg(unix)]
use std::time::{Duration, Instant};

use common::Env;

/// Runs `args`, killing the run if it takes longer than `limit`: a blocked
/// read must fail the test, not hang it.
#[cfg(unix)]
fn run_within(env: &Env, args: &[&str], limit: Duration) -> std::process::Output {
    let mut child = env
        .command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn parcheck");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`parcheck {}` still running after {limit:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[cfg(unix)]
fn make_fifo(path: &std::path::Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_checklist_is_refused_not_waited_on() {
    let env = Env::new();
    let dir = env.path().join("lists");
    std::fs::create_dir(&dir).unwrap();
    let fifo = dir.join("x.toml");
    make_fifo(&fifo);

    let out = run_within(
        &env,
        &["validate", fifo.to_str().unwrap()],
        Duration::from_secs(20),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("x.toml:1:1:"), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");

    let out = run_within(
        &env,
        &["--checklists", dir.to_str().unwrap(), "checklists"],
        Duration::from_secs(20),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a regular file"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_link_to_an_endless_device_is_refused() {
    let env = Env::new();
    let dir = env.path().join("lists");
    std::fs::create_dir(&dir).unwrap();
    let link = dir.join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();

    let out = run_within(
        &env,
        &["validate", link.to_str().unwrap()],
        Duration::from_secs(20),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a regular file"), "{stderr}");

    let out = run_within(
        &env,
        &["--checklists", dir.to_str().unwrap(), "checklists"],
        Duration::from_secs(20),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
}

#[test]
fn a_file_growing_past_the_limit_while_read_is_refused() {
    // The size check must hold for what is read, not only for what the
    // file's metadata said: a regular file just over the limit.
    let env = Env::new();
    let big = env.path().join("big.toml");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(parcheck::core::checklist_parse::MAX_FILE_BYTES as u64 + 1)
        .unwrap();
    let stderr = env.fails(&["validate", big.to_str().unwrap()], 1);
    assert!(stderr.contains("at most"), "{stderr}");
}

#[test]
fn a_database_locked_by_another_program_says_so_without_naming_parcheck() {
    let env = Env::new().with_fixtures();
    env.ok(&common::record_args("UBND-X", "D-01", "pass", "An", &[]));
    // Any SQLite client holding the write lock: here, not a parcheck.
    let other = rusqlite::Connection::open(env.db()).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let out = env.run(&common::record_args("UBND-X", "D-01", "fail", "An", &[]));
    other.execute_batch("ROLLBACK").unwrap();
    assert_ne!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("đang bận"), "{stderr}");
    assert!(stderr.contains("một chương trình khác"), "{stderr}");
    assert!(!stderr.contains("parcheck khác"), "{stderr}");
}

/// The fixture checklist `demo`, its text.
fn demo_source() -> String {
    std::fs::read_to_string(common::valid_checklists().join("demo.toml")).unwrap()
}

#[test]
fn thousands_of_errors_are_reported_up_to_a_cap_and_counted() {
    let env = Env::new();
    let mut text = demo_source();
    for _ in 0..20_000 {
        text.push_str("[[section]]\n");
    }
    let path = env.path().join("many.toml");
    std::fs::write(&path, &text).unwrap();
    let stderr = env.fails(&["validate", path.to_str().unwrap()], 1);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("  hint:"))
        .collect();
    let cap = parcheck::core::toml_check::MAX_REPORTED;
    assert_eq!(errors.len(), cap + 1, "{}", errors.len());
    // The first errors are the first in the file, each at its own line.
    let first_section = demo_source().lines().count() + 1;
    assert!(
        errors[0].starts_with(&format!("{}:{first_section}:1: ", path.display())),
        "{}",
        errors[0]
    );
    let last = errors[cap];
    assert!(last.contains("more problems, not shown"), "{last}");
    let more: usize = last
        .split("and ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count in {last}"));
    // Three problems per empty section (id, title, items): all counted.
    assert!(more >= 3 * 20_000 - cap, "{more}");
}

/// The demo checklist with its first question replaced by `question`
/// (TOML source text, inside the quotes).
fn demo_with_question(question: &str) -> String {
    demo_source().replace(
        "question = \"Có sổ theo dõi hồ sơ năm hiện tại không?\"",
        &format!("question = \"{question}\""),
    )
}

#[test]
fn control_bidi_and_non_characters_in_checklist_text_are_refused_at_their_place() {
    let env = Env::new();
    let line = demo_source()
        .lines()
        .position(|l| l.starts_with("question = \"Có sổ"))
        .unwrap()
        + 1;
    // Written as TOML escapes: the error points at the string.
    for (escape, code) in [
        ("\\u001b[2J", "U+001B"),
        ("\\u0007", "U+0007"),
        ("\\b", "U+0008"),
        ("\\u0000", "U+0000"),
        ("\\r", "U+000D"),
        ("\\u009b2J", "U+009B"),
        ("\\u202e", "U+202E"),
        ("\\ufeff", "U+FEFF"),
        ("\\uffff", "U+FFFF"),
    ] {
        let path = env.path().join("bad.toml");
        std::fs::write(&path, demo_with_question(&format!("Có sổ {escape} không?"))).unwrap();
        let stderr = env.fails(&["validate", path.to_str().unwrap()], 1);
        let want = format!("{}:{line}:12: `question` contains", path.display());
        assert!(
            stderr.contains(&want),
            "{escape}: want {want}, got\n{stderr}"
        );
        assert!(stderr.contains(code), "{escape}: {stderr}");
        assert!(stderr.contains("hint: "), "{stderr}");
    }
    // Written raw (TOML allows raw C1, bidi and non-characters): the error
    // points at the character itself.
    for raw in ['\u{202E}', '\u{9b}', '\u{FEFF}', '\u{FFFF}'] {
        let path = env.path().join("raw.toml");
        std::fs::write(&path, demo_with_question(&format!("Có sổ {raw}không?"))).unwrap();
        let stderr = env.fails(&["validate", path.to_str().unwrap()], 1);
        let want = format!("{}:{line}:19: `question` contains", path.display());
        assert!(
            stderr.contains(&want),
            "{raw:?}: want {want}, got\n{stderr}"
        );
        assert!(!stderr.contains(raw), "the message itself stays clean");
    }
}

/// No byte a terminal acts on: ESC, BEL, C1 controls, bidi overrides.
fn assert_inert(what: &str, text: &str) {
    let bad: Vec<String> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t') || ('\u{202A}'..='\u{202E}').contains(&c)
        })
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    assert!(bad.is_empty(), "{what} carries {bad:?}:\n{text:?}");
}

#[test]
fn checklists_prints_load_errors_and_names_without_terminal_controls() {
    let env = Env::new();
    let dir = env.path().join("lists");
    std::fs::create_dir(&dir).unwrap();
    // An unknown key whose name is an OSC 52 clipboard write and a screen clear.
    let hostile_key = "\"\\u001b]52;c;cm0gLXJmIH4=\\u0007\\u001b[2J\" = 1\n";
    std::fs::write(
        dir.join("keys.toml"),
        format!("{hostile_key}{}", demo_source()),
    )
    .unwrap();
    // A file name carrying an OSC 0 window title.
    std::fs::write(dir.join("\u{1b}]0;owned\u{7}.toml"), "id = 1\n").unwrap();
    for args in [vec!["checklists"], vec!["checklists", "--json"]] {
        let mut all = vec!["--checklists", dir.to_str().unwrap()];
        all.extend(args.iter());
        let out = env.run(&all);
        assert_eq!(out.status.code(), Some(1));
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("unknown key"), "{stderr}");
        assert_inert("stdout", &stdout);
        assert_inert("stderr", &stderr);
    }
}

/// A bundle holding one revision as given, for a hand-made attack.
fn bundle_of(
    dir: &std::path::Path,
    name: &str,
    rev: &parcheck::core::revision::Revision,
) -> std::path::PathBuf {
    let p = dir.join(name);
    let mut w = parcheck::merge::BundleWriter::create(&p).unwrap();
    w.add_revision(rev).unwrap();
    w.finish("dev").unwrap();
    p
}

fn hostile_rev(id: &str, author: &str) -> parcheck::core::revision::Revision {
    parcheck::core::revision::Revision::new(
        id.into(),
        "f9".into(),
        "note".into(),
        Some("\"x\"".into()),
        vec![],
        author.into(),
        "dev".into(),
        1,
        None,
    )
}

#[test]
fn a_bundle_with_a_revision_id_that_is_not_a_uuid_is_refused() {
    let env = Env::new();
    for (name, id) in [
        ("osc.bundle", "\u{1b}]52;c;cm0gLXJmIH4=\u{7}"),
        ("text.bundle", "not-a-uuid"),
        ("upper.bundle", "01900000-0000-7000-8000-0000000000AA"),
        ("braced.bundle", "{01900000-0000-7000-8000-0000000000aa}"),
    ] {
        let p = bundle_of(env.path(), name, &hostile_rev(id, "X"));
        let stderr = env.fails(&["merge", p.to_str().unwrap()], 1);
        assert!(stderr.contains("not a UUID"), "{name}: {stderr}");
        assert_inert("stderr", &stderr);
        let out = env.ok(&["conflicts"]);
        assert!(
            out.contains("không có xung đột nào chưa giải quyết"),
            "{out}"
        );
    }
    let good = bundle_of(
        env.path(),
        "good.bundle",
        &hostile_rev("01900000-0000-7000-8000-0000000000aa", "X"),
    );
    env.ok(&["merge", good.to_str().unwrap()]);
}

#[test]
fn a_bundle_author_cannot_forge_a_history_line() {
    let env = Env::new();
    let forged = "An\n2026-01-01 00:00  Trưởng đoàn [lead]  XA-01 demo D-01  status: — → \"pass\"";
    let p = bundle_of(
        env.path(),
        "author.bundle",
        &hostile_rev("01900000-0000-7000-8000-0000000000ab", forged),
    );
    let stderr = env.fails(&["merge", p.to_str().unwrap()], 1);
    assert!(stderr.contains("author"), "{stderr}");
    assert_eq!(env.ok(&["history"]).lines().count(), 0);
}

#[test]
fn inspector_names_are_one_printable_line_wherever_they_are_given() {
    let env = Env::new().with_fixtures();
    let record = |name: Option<&str>| {
        let mut a = vec![
            "record",
            "--checklist",
            "demo",
            "--unit",
            "XA-01",
            "--item",
            "D-01",
        ];
        a.extend(["--status", "fail"]);
        if let Some(n) = name {
            a.extend(["--inspector", n]);
        }
        env.run(&a)
    };
    for name in ["An\n2026-01-01 forged", "An\u{202E}", "An\u{9b}2J", "An\rB"] {
        let out = record(Some(name));
        assert_eq!(out.status.code(), Some(1), "{name:?}");
        assert_inert("stderr", &String::from_utf8_lossy(&out.stderr));
        // From the config file too, written as TOML escapes.
        let escaped: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_graphic() || c == ' ' {
                    c.to_string()
                } else {
                    format!("\\U{:08X}", u32::from(c))
                }
            })
            .collect();
        std::fs::write(env.config(), format!("inspector = \"{escaped}\"\n")).unwrap();
        let out = record(None);
        assert_eq!(
            out.status.code(),
            Some(1),
            "config {name:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_inert("stderr", &String::from_utf8_lossy(&out.stderr));
        std::fs::write(env.config(), "").unwrap();
    }
    assert_eq!(env.ok(&["history"]).lines().count(), 0);
}

/// A good bundle of one revision, and an environment to merge it into.
fn good_bundle(env: &Env) -> std::path::PathBuf {
    bundle_of(
        env.path(),
        "good.bundle",
        &hostile_rev("01900000-0000-7000-8000-0000000000ac", "X"),
    )
}

#[test]
fn a_bundle_padded_beyond_its_database_is_refused() {
    let env = Env::new();
    let p = good_bundle(&env);
    let mut bytes = std::fs::read(&p).unwrap();
    bytes.extend(std::iter::repeat_n(0u8, 4 * 1024 * 1024));
    let padded = env.path().join("padded.bundle");
    std::fs::write(&padded, &bytes).unwrap();
    let stderr = env.fails(&["merge", padded.to_str().unwrap()], 1);
    assert!(stderr.contains("padded"), "{stderr}");
    assert_eq!(env.ok(&["history"]).lines().count(), 0);
    env.ok(&["merge", p.to_str().unwrap()]);
}

#[test]
fn a_bundle_larger_than_the_cap_is_refused_before_it_is_read() {
    let env = Env::new();
    let p = good_bundle(&env);
    let big = env.path().join("big.bundle");
    std::fs::copy(&p, &big).unwrap();
    // Sparse: no disk is spent, but the file claims its size.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&big)
        .unwrap()
        .set_len(parcheck::merge::MAX_BUNDLE_BYTES + 1)
        .unwrap();
    let stderr = env.fails(&["merge", big.to_str().unwrap()], 1);
    assert!(stderr.contains("a bundle may be at most"), "{stderr}");
}

#[test]
fn rows_in_a_table_the_merge_never_reads_are_refused() {
    let env = Env::new();
    let p = good_bundle(&env);
    let c = rusqlite::Connection::open(&p).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(tables, ["meta"], "the schema has a meta table");
    let columns: Vec<String> = c
        .prepare("SELECT name FROM pragma_table_info('meta')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let placeholders = vec!["hex(randomblob(1000))"; columns.len()].join(", ");
    for _ in 0..50 {
        c.execute_batch(&format!(
            "INSERT INTO meta({}) VALUES ({placeholders})",
            columns.join(", ")
        ))
        .unwrap();
    }
    drop(c);
    let stderr = env.fails(&["merge", p.to_str().unwrap()], 1);
    assert!(stderr.contains("table meta holds rows"), "{stderr}");
}
