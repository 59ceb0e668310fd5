//! The store across processes and schema versions.

mod common;

use common::Env;

/// Two processes recording at once: no "busy" error reaches the user and no
/// update is lost.
#[test]
fn two_processes_write_the_same_database_safely() {
    let env = Env::new().with_fixtures();
    std::thread::scope(|s| {
        for who in ["An", "Bình"] {
            let env = &env;
            s.spawn(move || {
                for i in 0..15 {
                    let code = format!("HS-{who}-{i}");
                    let sample = format!("{code}=no-time");
                    env.ok(&[
                        "record",
                        "--checklist",
                        "demo",
                        "--unit",
                        "XA-01",
                        "--item",
                        "D-02",
                        "--status",
                        "fail",
                        "--inspector",
                        who,
                        "--sample",
                        &sample,
                    ]);
                }
            });
        }
    });
    let f = env.findings();
    assert_eq!(f.len(), 1);
    assert_eq!(
        (&f[0]["unit"], &f[0]["checklist"], &f[0]["item"]),
        (&"XA-01".into(), &"demo".into(), &"D-02".into())
    );
    assert_eq!(
        f[0]["sampled"], 30,
        "every sampled record of both processes is kept"
    );
    assert_eq!(f[0]["defective"], 30);
}

/// A database created by the first schema opens under the latest, with its data.
#[test]
fn first_schema_database_opens_under_the_latest() {
    let env = Env::new().with_fixtures();
    let db = env.db();
    {
        let c = rusqlite::Connection::open(db).expect("open");
        c.execute_batch(include_str!("../src/store/migrations/0001_init.sql"))
            .expect("schema 1");
        c.execute_batch("PRAGMA user_version = 1; INSERT INTO meta(key, value) VALUES ('device', 'olddevice000000a');")
            .expect("version");
        c.execute_batch(
            "INSERT INTO unit(code) VALUES ('XA-OLD');
             INSERT INTO rev(id, entity, field, value, author, device, at_ms, item_hash, hash)
             VALUES ('0190d6a0-0000-7000-8000-000000000001', 'u:XA-OLD', 'name', '\"UBND xã Cũ\"', 'An', 'olddevice000000a', 1720000000000, NULL, 'x');
             INSERT INTO head(entity, field, rev_id, value, at_ms)
             VALUES ('u:XA-OLD', 'name', '0190d6a0-0000-7000-8000-000000000001', '\"UBND xã Cũ\"', 1720000000000);",
        )
        .expect("data");
    }
    let store = parcheck::store::Store::open(db).expect("opens under the latest schema");
    assert_eq!(store.schema_version().expect("version"), 4);
    assert_eq!(store.device(), "olddevice000000a");
    let unit = store.unit("XA-OLD").expect("query").expect("unit kept");
    assert_eq!(unit.name, "UBND xã Cũ");
    // And it takes new writes.
    drop(store);
    env.record("XA-OLD", "D-01", "pass", "An", &[]);
    assert_eq!(env.findings().len(), 1);
    let f = env.finding("XA-OLD", "demo", "D-01");
    assert_eq!(f["status"], "pass");
    assert_eq!(f["unit_name"], "UBND xã Cũ");
}

/// A process killed right after a save loses nothing it acknowledged.
/// (Driven by a POSIX shell and SIGKILL: Unix only.)
#[cfg(unix)]
#[test]
fn kill_after_acknowledged_saves_loses_nothing() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::CommandExt;
    use std::process::Command;
    let env = Env::new();
    // `record` acknowledges on stdout after its commit returns; a writer
    // loop in a shell is killed with SIGKILL mid-stream.
    let script = format!(
        "i=0; while true; do i=$((i+1)); '{}' record --checklists '{}' --checklist demo --unit XA-K --item D-02 --status fail --inspector Kha --sample HS-$i=no-time || exit 1; done",
        common::BIN,
        common::valid_checklists().display()
    );
    let mut sh = Command::new("sh");
    env.apply(&mut sh);
    // Its own process group: the kill below reaches the shell and the
    // `record` it is running, and nothing else.
    let mut child = sh
        .args(["-c", &script])
        .process_group(0)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn writer");
    let mut acked = 0;
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    while acked < 12 {
        match lines.next() {
            Some(Ok(l)) => {
                assert!(
                    l.starts_with("XA-K demo D-02: fail (đã lưu ")
                        && l.ends_with(" thay đổi, ghi tên Kha)"),
                    "not an acknowledgement: {l:?}"
                );
                acked += 1;
            }
            Some(Err(e)) => panic!("reading the writer's output: {e}"),
            None => break,
        }
    }
    let st = Command::new("kill")
        .args(["-9", "--", &format!("-{}", child.id())])
        .status()
        .expect("kill");
    assert!(st.success(), "kill the writer's process group");
    let _ = child.wait();
    assert_eq!(acked, 12);
    let f = env.findings();
    assert_eq!(f.len(), 1);
    assert_eq!(
        (&f[0]["unit"], &f[0]["checklist"], &f[0]["item"]),
        (&"XA-K".into(), &"demo".into(), &"D-02".into())
    );
    let sampled = f[0]["sampled"].as_u64().expect("count");
    assert!(sampled >= 12, "acknowledged {acked}, found {sampled}");
    let c = rusqlite::Connection::open(env.db()).expect("open");
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(ok, "ok");
}
