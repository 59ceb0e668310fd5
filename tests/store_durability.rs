//! The store across processes and schema versions.

use std::path::Path;
use std::process::Command;

fn parcheck(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parcheck"))
        .args(args)
        .arg("--checklists")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/checklists/valid"))
        .env("PARCHECK_DB", db)
        .env("XDG_CONFIG_HOME", db.parent().expect("db dir"))
        .output()
        .expect("run parcheck")
}

fn findings(db: &Path) -> Vec<serde_json::Value> {
    let out = parcheck(db, &["findings", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).expect("json")
}

/// Two processes recording at once: no "busy" error reaches the user and no
/// update is lost.
#[test]
fn two_processes_write_the_same_database_safely() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("shared.db");
    let writers: Vec<_> = ["An", "Bình"]
        .into_iter()
        .map(|who| {
            let db = db.clone();
            std::thread::spawn(move || {
                for i in 0..15 {
                    let code = format!("HS-{who}-{i}");
                    let sample = format!("{code}=no-time");
                    let out = parcheck(
                        &db,
                        &[
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
                        ],
                    );
                    assert!(
                        out.status.success(),
                        "{who} {i}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer thread");
    }
    let f = findings(&db);
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0]["sampled"], 30,
        "every sampled record of both processes is kept"
    );
    assert_eq!(f[0]["defective"], 30);
}

/// A database created by the first schema opens under the latest, with its data.
#[test]
fn first_schema_database_opens_under_the_latest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("old.db");
    {
        let c = rusqlite::Connection::open(&db).expect("open");
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
    let store = parcheck::store::Store::open(&db).expect("opens under the latest schema");
    assert_eq!(store.schema_version().expect("version"), 4);
    assert_eq!(store.device(), "olddevice000000a");
    let unit = store.unit("XA-OLD").expect("query").expect("unit kept");
    assert_eq!(unit.name, "UBND xã Cũ");
    // And it takes new writes.
    drop(store);
    let out = parcheck(
        &db,
        &[
            "record",
            "--checklist",
            "demo",
            "--unit",
            "XA-OLD",
            "--item",
            "D-01",
            "--status",
            "pass",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(findings(&db).len(), 1);
}

/// A process killed right after a save loses nothing it acknowledged.
#[test]
fn kill_after_acknowledged_saves_loses_nothing() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kill.db");
    // `record` acknowledges on stdout after its commit returns; a writer
    // loop in a shell is killed with SIGKILL mid-stream.
    let bin = env!("CARGO_BIN_EXE_parcheck");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/checklists/valid");
    let script = format!(
        "i=0; while true; do i=$((i+1)); '{bin}' record --checklists '{}' --checklist demo --unit XA-K --item D-02 --status fail --sample HS-$i=no-time || exit 1; done",
        fixtures.display()
    );
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .env("PARCHECK_DB", &db)
        .env("XDG_CONFIG_HOME", dir.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn writer");
    let mut acked = 0;
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    while acked < 12 {
        match lines.next() {
            Some(Ok(l)) if l.contains("saved") => acked += 1,
            Some(_) => {}
            None => break,
        }
    }
    Command::new("kill")
        .args(["-9", &child.id().to_string()])
        .status()
        .expect("kill");
    let _ = Command::new("pkill").args(["-9", "-f", "XA-K"]).status();
    let _ = child.wait();
    assert_eq!(acked, 12);
    let f = findings(&db);
    let sampled = f[0]["sampled"].as_u64().expect("count");
    assert!(sampled >= 12, "acknowledged {acked}, found {sampled}");
    let c = rusqlite::Connection::open(&db).expect("open");
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(ok, "ok");
}
