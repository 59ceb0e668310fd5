//! One finding, one view: the status of a finding in conflict, the check
//! of a value that settles a conflict, and the dates people read are the
//! same on every face.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/checklists/valid"
);

/// A database in a private directory, run with no configuration of the
/// developer's or the machine's.
struct Db {
    dir: tempfile::TempDir,
    path: PathBuf,
}

impl Db {
    fn new(name: &str) -> Db {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), "").unwrap();
        let path = dir.path().join(name);
        Db { dir, path }
    }

    fn run_tz(&self, tz: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_parcheck"))
            .args([
                "--checklists",
                FIXTURES,
                "--campaign",
                "2026",
                "--lang",
                "en",
            ])
            .args(args)
            .env("PARCHECK_DB", &self.path)
            .env("PARCHECK_CONFIG", self.dir.path().join("config.toml"))
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path())
            .env("TZ", tz)
            .output()
            .unwrap()
    }

    fn ok_tz(&self, tz: &str, args: &[&str]) -> String {
        let o = self.run_tz(tz, args);
        assert!(
            o.status.success(),
            "parcheck {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        self.ok_tz("UTC", args)
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn record(&self, inspector: &str, item: &str, extra: &[&str]) {
        let mut a = vec![
            "record",
            "--checklist",
            "demo",
            "--unit",
            "XA-01",
            "--unit-name",
            "Xã Vĩnh Hòa",
            "--item",
            item,
            "--inspector",
            inspector,
        ];
        a.extend_from_slice(extra);
        self.ok(&a);
    }

    fn bundle(&self) -> PathBuf {
        let out = self.dir.path().join("out.bundle");
        self.ok(&["export", "--out", out.to_str().unwrap()]);
        out
    }
}

/// The finding of `item` in `findings --json`.
fn finding<'a>(all: &'a serde_json::Value, item: &str) -> &'a serde_json::Value {
    let found: Vec<&serde_json::Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["unit"] == "XA-01" && f["checklist"] == "demo" && f["item"] == item)
        .collect();
    assert_eq!(found.len(), 1, "one finding {item} in {all:#}");
    found[0]
}

/// A lead database holding An's "pass" and Bình's later "fail" on D-01
/// (and An's "fail" against Bình's "pass" on D-04): two status conflicts,
/// the newest side passing on one and failing on the other.
fn lead_with_status_conflicts() -> Db {
    let (an, binh, lead) = (Db::new("an.db"), Db::new("binh.db"), Db::new("lead.db"));
    an.record("An", "D-01", &["--status", "pass"]);
    an.record(
        "An",
        "D-04",
        &["--status", "fail", "--note", "Chưa niêm yết"],
    );
    binh.record("Bình", "D-04", &["--status", "pass"]);
    binh.record("Bình", "D-01", &["--status", "fail"]);
    let (a, b) = (an.bundle(), binh.bundle());
    lead.ok(&["merge", a.to_str().unwrap(), b.to_str().unwrap()]);
    lead
}

#[test]
fn a_status_conflict_has_one_status_on_every_face() {
    let lead = lead_with_status_conflicts();
    let all = lead.json(&["findings", "--json"]);
    for item in ["D-01", "D-04"] {
        let f = finding(&all, item);
        assert_eq!(f["status"], "fail", "{item}: the worst side, {f:#}");
        let c = &f["conflicts"][0];
        assert_eq!(c["field"], "status");
        let mut authors: Vec<&str> = c["sides"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["author"].as_str().unwrap())
            .collect();
        authors.sort();
        assert_eq!(authors, ["An", "Bình"]);
        for side in c["sides"].as_array().unwrap() {
            assert!(side["at"].as_str().unwrap().starts_with("20"), "{side}");
        }
    }

    // The unit report lists both as failures to remedy, in every format.
    let report = lead.json(&["report", "--unit", "XA-01", "--format", "json"]);
    let mut remedied: Vec<(&str, &str)> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["item"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    remedied.sort();
    assert_eq!(remedied, [("D-01", "fail"), ("D-04", "fail")]);
    assert_eq!(report["counts"]["fail"], 2, "{report:#}");
    assert_eq!(report["counts"]["pass"], 0);
    for format in ["md", "html", "csv"] {
        let text = lead.ok(&["report", "--unit", "XA-01", "--format", format]);
        for item in ["D-01", "D-04"] {
            assert!(text.contains(item), "{format}: {item} is listed");
        }
    }

    // The register says the same.
    let register = lead.ok(&["report", "--all", "--register", "--format", "csv"]);
    let rows: Vec<Vec<String>> =
        csv::Reader::from_reader(register.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
    let status_of = |item: &str| {
        rows.iter()
            .find(|r| r[0] == "XA-01" && r[1] == "demo" && r[2] == item)
            .map(|r| r[3].clone())
            .unwrap()
    };
    assert_eq!(status_of("D-01"), "fail");
    assert_eq!(status_of("D-04"), "fail");

    // Settled, every face shows the settled value.
    lead.ok(&[
        "resolve",
        "--unit",
        "XA-01",
        "--item",
        "D-01",
        "--field",
        "status",
        "--value",
        "pass",
        "--inspector",
        "Trưởng đoàn",
    ]);
    let all = lead.json(&["findings", "--json"]);
    assert_eq!(finding(&all, "D-01")["status"], "pass");
    assert!(
        finding(&all, "D-01")["conflicts"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

/// The whole history, as text: it changes with any revision written.
fn history(db: &Db) -> String {
    db.ok(&["history"])
}

#[test]
fn resolve_with_a_value_is_checked_like_record() {
    let db = Db::new("db");
    db.record("An", "D-01", &["--status", "fail"]);
    db.record(
        "An",
        "D-02",
        &["--status", "partial", "--sample", "HS-1=no-time"],
    );
    db.record("An", "D-03", &["--status", "pass", "--ratio", "30/40"]);
    let before = history(&db);
    // (item, field, bad value, what the message names, how it says to fix it)
    let cases: [(&str, &str, &str, &str, &str); 8] = [
        (
            "D-01",
            "status",
            "great",
            "status",
            "use pass, partial, fail, na or unchecked",
        ),
        (
            "D-03",
            "ratio",
            "50/40",
            "larger than denominator 40",
            "with N ≤ D",
        ),
        (
            "D-03",
            "ratio",
            "half",
            "ratio",
            "write it as NUMERATOR/DENOMINATOR",
        ),
        (
            "D-01",
            "deadline",
            "0",
            "deadline",
            "a number of working days from 1 to 250",
        ),
        (
            "D-02",
            "sample:HS-1",
            "no-time,lost",
            "no defect type \"lost\"",
            "its defect types are: no-time, no-sign",
        ),
        (
            "D-02",
            "sampling",
            "{\"population\":5}",
            "field sampling",
            "take one side with --take REV",
        ),
        (
            "D-01",
            "evidence:abc",
            "Biên bản 1/BB",
            "field evidence:abc",
            "take one side with --take REV",
        ),
        (
            "D-01",
            "colour",
            "red",
            "unknown field \"colour\"",
            "`parcheck conflicts` lists",
        ),
    ];
    for (item, field, value, named, fix) in cases {
        let o = db.run_tz(
            "UTC",
            &[
                "resolve", "--unit", "XA-01", "--item", item, "--field", field, "--value", value,
            ],
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{field}={value}: {err}");
        assert!(
            err.contains(named),
            "{field}={value} names {named:?}: {err}"
        );
        assert!(err.contains(fix), "{field}={value} says {fix:?}: {err}");
    }
    assert_eq!(history(&db), before, "nothing was written");
    // Valid values go through.
    db.ok(&[
        "resolve", "--unit", "XA-01", "--item", "D-03", "--field", "ratio", "--value", "35/40",
    ]);
    db.ok(&[
        "resolve",
        "--unit",
        "XA-01",
        "--item",
        "D-01",
        "--field",
        "deadline",
        "--value",
        "immediately",
    ]);
    let all = db.json(&["findings", "--json"]);
    assert_eq!(finding(&all, "D-03")["ratio"]["numerator"], 35);
    assert_eq!(finding(&all, "D-01")["deadline_override"], "immediately");
}

/// Moves the store's clock so that its next revision is written at
/// `at_ms` (the store never writes a revision earlier than its clock).
fn set_clock(db: &Path, at_ms: i64) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute(
        "INSERT INTO meta(key, value) VALUES ('clock', ?1)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [(at_ms - 1).to_string()],
    )
    .unwrap();
}

#[test]
fn dates_people_read_follow_the_local_time_zone() {
    let db = Db::new("db");
    db.ok(&["findings"]); // creates the database
    // 2030-12-03 23:30 UTC is 2030-12-04 06:30 in Hà Nội.
    set_clock(&db.path, 1_922_571_000_000);
    db.record("An", "D-01", &["--status", "fail"]);
    let hanoi = "Asia/Ho_Chi_Minh";

    let report = |tz: &str| -> serde_json::Value {
        serde_json::from_str(&db.ok_tz(tz, &["report", "--unit", "XA-01", "--format", "json"]))
            .unwrap()
    };
    assert_eq!(report(hanoi)["first_day"], "2030-12-04");
    assert_eq!(report("UTC")["first_day"], "2030-12-03");

    let hist = db.ok_tz(hanoi, &["history", "--item", "D-01"]);
    assert!(hist.starts_with("2030-12-04 06:30:00"), "{hist}");

    let all: serde_json::Value =
        serde_json::from_str(&db.ok_tz(hanoi, &["findings", "--json"])).unwrap();
    let at = finding(&all, "D-01")["updated_at"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        at.starts_with("2030-12-04T06:30:00.") && at.ends_with("+07:00"),
        "{at}"
    );

    let md = db.ok_tz(hanoi, &["report", "--unit", "XA-01", "--format", "md"]);
    assert!(md.contains("2030-12-04 – 2030-12-04"), "{md}");
}
