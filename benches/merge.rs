//! Merge benchmark on bundles shaped like real ones, each figure beside the
//! raw `INSERT OR IGNORE … SELECT` union of the same rows, timed in the
//! same run.
//!
//! The data: teams of 6 inspectors, each on their own laptop, working in
//! pairs on a unit a day (9 checklists × 100 items); time-ordered UUIDv7
//! ids from the 6 devices interleaved in time; a unit's details, the
//! inspection's checklist, finding rows, status and note chains, evidence
//! references, a few concurrent edits left in conflict; 100 units inspected
//! in full and 400 only opened (one finding per checklist), so thousands of
//! inspections. Each inspector's bundle is signed and sealed as `export`
//! writes it (revisions under their device's seals, the device key beside
//! them), and the lead's database keeps the team roster.
//!
//! Scales: 1× is one team's year, about 300,000 revisions
//! (`PARCHECK_BENCH_MERGE_UNITS`, default 100 full units, for quicker
//! runs); 10× is ten such teams (60 bundles) merged at once; 100×
//! (`PARCHECK_BENCH_MERGE_NATION=1`) ten teams of ten times the work.
//!
//! Each merge runs the real `parcheck merge` binary in a child process: its
//! wall time (what the user waits for, closing included) and its peak
//! resident memory (VmHWM); `PARCHECK_BENCH_BIN` runs another build of
//! it instead, to compare. Then the cost of one signature, one revision's
//! verification and one seal's.

#[path = "data/rng.rs"]
mod rng;
use rng::Rng;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use parcheck::core::checklist::UnitKind;
use parcheck::core::checklist_parse::parse_checklist;
use parcheck::core::finding::{Evidence, Status, encode};
use parcheck::core::register::Value;
use parcheck::core::revision::{Revision, finding_key, hex, inspection_id, unit_entity};
use parcheck::core::signing::{Context, DeviceKey, PublicKey, SealBody, SealEntry};
use parcheck::merge::BundleWriter;
use parcheck::store::Store;
use sha2::{Digest, Sha256};

const CHECKLISTS: usize = 9;
const SECTIONS: usize = 10;
const ITEMS_PER_SECTION: usize = 10;
const INSPECTORS: usize = 6;
const CAMPAIGN: &str = "2026";
const VERSION: &str = "2026.1";
/// Units only opened per unit inspected in full.
const LIGHT_PER_FULL: usize = 4;
/// 2026-01-05 08:00 (UTC+7), a Monday.
const FIRST_DAY_MS: i64 = 1_767_574_800_000;
const DAY_MS: i64 = 86_400_000;
const NAMES: [&str; INSPECTORS] = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Hoàng Cường",
    "Phạm Thu Dung",
    "Hoàng Minh Đức",
    "Vũ Thị Hà",
];
const NOTES: [&str; 4] = [
    "Sổ theo dõi hồ sơ ghi chưa đầy đủ ngày hẹn trả kết quả.",
    "Đã niêm yết đủ thủ tục; một số bảng mờ, cần thay.",
    "Phiếu kiểm soát quá trình thiếu chữ ký người nhận hồ sơ.",
    "Có 3 hồ sơ trễ hạn chưa gửi phiếu xin lỗi.",
];

fn checklist_id(c: usize) -> String {
    format!("kiem-tra-{c}")
}

fn checklist_source(c: usize) -> String {
    let mut src = format!(
        "format = 1\nid = \"{}\"\nversion = \"{VERSION}\"\ntitle = \"Kiểm tra cải cách hành chính, phần {c}\"\nframework = \"2025\"\napplies_to = [\"commune_pc\"]\ndescription = \"Bảng kiểm tra tổng hợp.\"\n",
        checklist_id(c)
    );
    for s in 0..SECTIONS {
        src.push_str(&format!(
            "\n[[section]]\nid = \"s{s}\"\ntitle = \"Nội dung {s}: thủ tục hành chính\"\n"
        ));
        for i in 0..ITEMS_PER_SECTION {
            src.push_str(&format!(
                "\n[[section.item]]\nid = \"M{s:02}-{i:02}\"\nquestion = \"Đơn vị có niêm yết, tiếp nhận và giải quyết hồ sơ đúng quy định (mục {s}.{i}) không?\"\nguidance = \"Đối chiếu sổ theo dõi hồ sơ với phần mềm một cửa.\"\nevidence = \"Ảnh chụp sổ theo dõi.\"\nlegal_basis = [{{ document = \"Nghị định 61/2018/NĐ-CP\" }}]\nseverity = \"{}\"\nkind = \"yes_no\"\naction = \"Rà soát, khắc phục và báo cáo kết quả.\"\ndeadline = 10\n",
                ["high", "medium", "low"][i % 3]
            ));
        }
    }
    src
}

/// A checklist's items: (id, hash).
type Items = Vec<(String, String)>;

/// The checklists: (id, text, SHA-256 of the text, items).
struct Checklists(Vec<(String, String, String, Items)>);

fn checklists() -> Checklists {
    Checklists(
        (0..CHECKLISTS)
            .map(|c| {
                let source = checklist_source(c);
                let cl = parse_checklist(source.as_bytes())
                    .unwrap_or_else(|d| panic!("synthetic checklist invalid: {d:?}"));
                let items = cl
                    .items()
                    .map(|(_, it)| (it.id.clone(), it.hash.clone()))
                    .collect();
                let sha = hex(&Sha256::digest(source.as_bytes()));
                (checklist_id(c), source, sha, items)
            })
            .collect(),
    )
}

/// One inspector's laptop and the bundle its export writes.
struct Device {
    id: String,
    author: String,
    key: DeviceKey,
    bundle: BundleWriter,
    revisions: usize,
}

impl Device {
    /// A revision at `at_ms` with a UUIDv7 id made from that time and this
    /// generator's bits, as a laptop's clock and random source make it,
    /// written to travel under the device's seal.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        rng: &mut Rng,
        (entity, field): (&str, &str),
        value: Option<String>,
        parents: Vec<String>,
        at_ms: i64,
        item_hash: Option<&str>,
        (unit, version): (&str, &str),
    ) -> String {
        let mut bits = [0u8; 10];
        bits[..8].copy_from_slice(&rng.next().to_le_bytes());
        bits[8..].copy_from_slice(&rng.next().to_le_bytes()[..2]);
        let id = uuid::Builder::from_unix_timestamp_millis(at_ms as u64, &bits)
            .into_uuid()
            .to_string();
        let r = Revision::new(
            id,
            entity.to_owned(),
            field.to_owned(),
            value,
            parents,
            self.author.clone(),
            self.id.clone(),
            at_ms,
            item_hash.map(str::to_owned),
        );
        let ctx = Context {
            unit_code: unit,
            checklist_version: version,
        };
        self.bundle
            .add_sealed_revision(&r, &self.key, &ctx)
            .expect("revision");
        self.revisions += 1;
        r.id
    }

    fn identity(&self, sql: &str, args: impl rusqlite::Params) {
        self.bundle.execute(sql, args).expect("identity row");
    }
}

/// A generated team's (or teams') bundles and what the roster needs.
#[derive(Default)]
struct Generated {
    bundles: Vec<PathBuf>,
    /// (fingerprint, name) of every device.
    members: Vec<(String, String)>,
    revisions: usize,
    inspections: usize,
    findings: usize,
    bytes: u64,
}

/// Writes one team's 6 bundles (`full` units in full, four times as many
/// only opened) into `dir`. `team` makes its devices, names and unit codes
/// its own.
fn generate_team(dir: &Path, team: usize, full: usize, lists: &Checklists) -> Generated {
    let mut rng = Rng(15 + team as u64);
    let mut devices: Vec<Device> = (0..INSPECTORS)
        .map(|k| Device {
            id: format!("{:016x}", rng.next()),
            author: if team == 0 {
                NAMES[k].to_owned()
            } else {
                format!("{} ({})", NAMES[k], team + 1)
            },
            key: DeviceKey::generate().expect("key"),
            bundle: BundleWriter::create(&dir.join(format!("doi-{team}-may-{k}.bundle")))
                .expect("bundle"),
            revisions: 0,
        })
        .collect();
    for d in &devices {
        for (cid, source, sha, _) in &lists.0 {
            d.identity(
                "INSERT INTO checklist_source(sha256, checklist_id, version, source) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![sha, cid, VERSION, source],
            );
        }
    }
    let mut g = Generated::default();
    let statuses = [
        Status::Pass,
        Status::Pass,
        Status::Pass,
        Status::Partial,
        Status::Fail,
        Status::Na,
    ];
    let total = full * (1 + LIGHT_PER_FULL);
    for u in 0..total {
        let is_full = u % (1 + LIGHT_PER_FULL) == 0;
        let code = format!("T{team:02}-XA-{u:05}");
        // Three pairs of inspectors, each on its own unit of the day: the
        // six laptops' ids interleave in time.
        let pair = u % 3;
        let (a, b) = (2 * pair, 2 * pair + 1);
        let day = FIRST_DAY_MS + ((u / 3) % 300) as i64 * DAY_MS;
        let start = day + (u as i64 % 7) * 3_600_000;
        for d in [a, b] {
            devices[d].identity("INSERT OR IGNORE INTO unit(code) VALUES (?1)", [&code]);
        }
        let ue = unit_entity(&code);
        let place = (code.as_str(), "");
        for (k, (field, value)) in [
            ("name", Value::Text(format!("Ủy ban nhân dân xã số {u}"))),
            ("kind", Value::UnitKind(UnitKind::CommunePc)),
            ("province", Value::Text("Tỉnh Hòa Bình".into())),
        ]
        .into_iter()
        .enumerate()
        {
            devices[a].add(
                &mut rng,
                (&ue, field),
                value.encode(),
                vec![],
                start + k as i64,
                None,
                place,
            );
        }
        for (c, (cid, _, sha, items)) in lists.0.iter().enumerate() {
            // Checklists 0–4 by the first of the pair, 5–8 by the second.
            let me = if c < 5 { a } else { b };
            let partner = if me == a { b } else { a };
            let insp = inspection_id(CAMPAIGN, &code, cid);
            for d in [me, partner] {
                devices[d].identity(
                    "INSERT OR IGNORE INTO inspection(id, campaign, unit_code, checklist_id) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![insp, CAMPAIGN, code, cid],
                );
            }
            let place = (code.as_str(), VERSION);
            let slot = if c < 5 { c } else { c - 5 } as i64;
            let t0 = start + 10 + slot * if is_full { 5_400_000 } else { 600_000 };
            devices[me].add(
                &mut rng,
                (&insp, "checklist"),
                Value::Checklist {
                    version: VERSION.into(),
                    sha256: sha.clone(),
                }
                .encode(),
                vec![],
                t0,
                None,
                place,
            );
            g.inspections += 1;
            let chosen: Vec<usize> = if is_full {
                (0..items.len()).collect()
            } else {
                vec![rng.below(items.len() as u64) as usize]
            };
            for (k, &i) in chosen.iter().enumerate() {
                let (item, hash) = &items[i];
                let key = finding_key(&insp, item);
                for d in [me, partner] {
                    devices[d].identity(
                        "INSERT OR IGNORE INTO finding(key, inspection_id, item_id) VALUES (?1, ?2, ?3)",
                        rusqlite::params![key, insp, item],
                    );
                }
                g.findings += 1;
                let mut at = t0 + 1_000 + k as i64 * 50_000 + rng.below(20_000) as i64;
                let mut tick = |rng: &mut Rng| {
                    at += 1_000 + rng.below(8_000) as i64;
                    at
                };
                let hash = Some(hash.as_str());
                // Status: 1 to 3 revisions in a chain.
                let mut prev: Option<String> = None;
                for _ in 0..1 + rng.below(3) {
                    let s = statuses[rng.below(statuses.len() as u64) as usize];
                    let at = tick(&mut rng);
                    prev = Some(devices[me].add(
                        &mut rng,
                        (&key, "status"),
                        encode::status(s),
                        prev.into_iter().collect(),
                        at,
                        hash,
                        place,
                    ));
                }
                // One finding in a hundred: the partner recorded it too,
                // differently, without seeing it (a conflict).
                if rng.chance(1) {
                    let at = tick(&mut rng);
                    devices[partner].add(
                        &mut rng,
                        (&key, "status"),
                        encode::status(Status::Fail),
                        vec![],
                        at,
                        hash,
                        place,
                    );
                }
                // Note: three findings in four, 1 or 2 revisions.
                if rng.chance(75) {
                    let mut prev: Option<String> = None;
                    for _ in 0..1 + rng.below(2) {
                        let text = NOTES[rng.below(NOTES.len() as u64) as usize];
                        let at = tick(&mut rng);
                        prev = Some(devices[me].add(
                            &mut rng,
                            (&key, "note"),
                            encode::text(text),
                            prev.into_iter().collect(),
                            at,
                            hash,
                            place,
                        ));
                    }
                }
                // Evidence: a document reference on one finding in five.
                if rng.chance(20) {
                    let n = rng.below(1000);
                    let at = tick(&mut rng);
                    devices[me].add(
                        &mut rng,
                        (&key, &format!("evidence:{n:04}")),
                        encode::evidence(&Evidence::Document {
                            reference: format!("Biên bản số {n}/BB-KT"),
                        }),
                        vec![],
                        at,
                        hash,
                        place,
                    );
                }
            }
        }
    }
    for mut d in devices {
        g.revisions += d.revisions;
        d.bundle.seal_signed(&d.key, &d.id).expect("sealed");
        let s = d.bundle.finish(&d.id).expect("bundle finished");
        g.bytes += std::fs::metadata(&s.path).map(|m| m.len()).unwrap_or(0);
        g.bundles.push(s.path);
        let fp = PublicKey::from_hex(&d.key.public_hex())
            .expect("key")
            .fingerprint();
        g.members.push((fp, d.author));
    }
    g
}

/// `teams` teams' bundles of `full` units each, two teams at a time.
fn generate(dir: &Path, teams: usize, full: usize, lists: &Checklists) -> Generated {
    std::fs::create_dir_all(dir).expect("bundle directory");
    let parts: Vec<Generated> = std::thread::scope(|s| {
        let odd = s.spawn(|| {
            (1..teams)
                .step_by(2)
                .map(|t| generate_team(dir, t, full, lists))
                .collect::<Vec<_>>()
        });
        let mut even: Vec<Generated> = (0..teams)
            .step_by(2)
            .map(|t| generate_team(dir, t, full, lists))
            .collect();
        even.extend(odd.join().expect("generator"));
        even
    });
    let mut g = Generated::default();
    for p in parts {
        g.bundles.extend(p.bundles);
        g.members.extend(p.members);
        g.revisions += p.revisions;
        g.inspections += p.inspections;
        g.findings += p.findings;
        g.bytes += p.bytes;
    }
    g
}

/// CPU time (user and system, every thread) a process (or, for
/// "thread-self", this thread) has used so far: on a shared machine the
/// wall time also counts the waits for a core, this does not.
fn cpu_of(pid: &str) -> Option<Duration> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which is in parentheses.
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on Linux.
    Some(Duration::from_millis(ticks * 10))
}

fn hwm_of(pid: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A lead's database with the roster of `members` (none: no team kept).
fn lead_db(dir: &Path, tag: &str, members: &[(String, String)]) -> PathBuf {
    let db = dir.join(format!("lead-{tag}.db"));
    let s = Store::open(&db).expect("lead database");
    for (fp, name) in members {
        s.add_member(fp, name).expect("member");
    }
    db
}

/// Runs `parcheck merge` on `db` as a child process: its wall time, its
/// CPU time and its peak resident memory in KiB (VmHWM), polled every
/// millisecond.
fn merge_cli(db: &Path, bundles: &[PathBuf]) -> (Duration, Duration, Option<u64>) {
    let home = db.with_extension("home");
    std::fs::create_dir_all(&home).expect("home");
    let t = Instant::now();
    // PARCHECK_BENCH_BIN: another build of parcheck, to compare with.
    let bin = std::env::var_os("PARCHECK_BENCH_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_parcheck").into());
    let mut child = Command::new(bin)
        .arg("--db")
        .arg(db)
        .args(["--lang", "en", "merge"])
        .args(bundles)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .env("XDG_DATA_HOME", &home)
        .env("TMPDIR", db.parent().expect("dir"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("parcheck runs");
    let pid = child.id().to_string();
    let mut peak = None;
    let mut cpu = Duration::ZERO;
    let status = loop {
        if let Some(kb) = hwm_of(&pid) {
            peak = Some(peak.map_or(kb, |p: u64| p.max(kb)));
        }
        if let Some(c) = cpu_of(&pid) {
            cpu = c;
        }
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let elapsed = t.elapsed();
    if !status.success() {
        let mut err = String::new();
        use std::io::Read;
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        panic!("parcheck merge failed: {err}");
    }
    (elapsed, cpu, peak)
}

/// The raw union of the same rows into a fresh database with the app's
/// connection settings: every table a merge copies, `INSERT OR IGNORE …
/// SELECT`, one transaction per bundle (SQLite cannot DETACH inside a
/// transaction), closed at the end as a command's user waits for.
fn raw_union(dir: &Path, tag: &str, bundles: &[PathBuf]) -> (Duration, Duration) {
    let db = dir.join(format!("raw-{tag}.db"));
    drop(Store::open(&db).expect("raw database"));
    let c = rusqlite::Connection::open(&db).expect("raw database");
    c.execute_batch(
        "PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=10000;",
    )
    .expect("settings");
    let t = Instant::now();
    let cpu = cpu_of("thread-self").unwrap_or_default();
    for b in bundles {
        c.execute("ATTACH DATABASE ?1 AS src", [b.to_str().expect("path")])
            .expect("attach");
        c.execute_batch(
            "BEGIN IMMEDIATE;
             INSERT OR IGNORE INTO unit SELECT * FROM src.unit;
             INSERT OR IGNORE INTO inspection SELECT * FROM src.inspection;
             INSERT OR IGNORE INTO finding SELECT * FROM src.finding;
             INSERT OR IGNORE INTO checklist_source SELECT * FROM src.checklist_source;
             INSERT OR IGNORE INTO rev SELECT * FROM src.rev;
             INSERT OR IGNORE INTO rev_parent SELECT * FROM src.rev_parent;
             INSERT OR IGNORE INTO rev_signature SELECT * FROM src.rev_signature;
             INSERT OR IGNORE INTO device_key SELECT * FROM src.device_key;
             INSERT OR IGNORE INTO seal SELECT * FROM src.seal;
             COMMIT;",
        )
        .expect("union");
        c.execute_batch("DETACH DATABASE src").expect("detach");
    }
    c.close().expect("close");
    let cpu = cpu_of("thread-self").unwrap_or_default() - cpu;
    (t.elapsed(), cpu)
}

fn mb(kb: Option<u64>) -> String {
    kb.map_or_else(|| "?".into(), |k| format!("{:.0} MB", k as f64 / 1024.0))
}

/// Generates a scale, merges it into a lead database with its roster and
/// times the raw union beside it; prints both. Returns the merge's wall
/// and CPU time.
fn scale(root: &Path, tag: &str, teams: usize, full: usize, lists: &Checklists) -> (f64, f64) {
    let dir = root.join(tag);
    let t = Instant::now();
    let g = generate(&dir.join("bundles"), teams, full, lists);
    eprintln!(
        "{tag}: generated {} bundles in {:.1} s",
        g.bundles.len(),
        t.elapsed().as_secs_f64()
    );
    println!(
        "{tag}: {teams} team(s), {} bundles ({:.0} MB), {} revisions, {} findings, {} inspections",
        g.bundles.len(),
        g.bytes as f64 / 1e6,
        g.revisions,
        g.findings,
        g.inspections
    );
    let (raw, raw_cpu) = raw_union(&dir, tag, &g.bundles);
    let (raw, raw_cpu) = (raw.as_secs_f64(), raw_cpu.as_secs_f64());
    let db = lead_db(&dir, tag, &g.members);
    let (merge, cpu, peak) = merge_cli(&db, &g.bundles);
    let (merge, cpu) = (merge.as_secs_f64(), cpu.as_secs_f64());
    println!(
        "{tag}: parcheck merge {merge:.2} s (CPU {cpu:.2} s), peak memory {}  |  raw union {raw:.2} s (CPU {raw_cpu:.2} s)  |  ratio {:.2}x, CPU {:.2}x (aim <= 1.3x)  |  {:.2} µs per revision",
        mb(peak),
        merge / raw,
        cpu / raw_cpu,
        merge * 1e6 / g.revisions as f64
    );
    if teams == 1 {
        let (again, cpu, peak) = merge_cli(&db, &g.bundles);
        println!(
            "{tag}: the same bundles merged again (every revision held): {:.2} s (CPU {:.2} s), peak memory {}",
            again.as_secs_f64(),
            cpu.as_secs_f64(),
            mb(peak)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    (merge, cpu)
}

fn main() {
    let full: usize = std::env::var("PARCHECK_BENCH_MERGE_UNITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let nation = std::env::var("PARCHECK_BENCH_MERGE_NATION").is_ok_and(|v| v == "1");
    let lists = checklists();
    // Bundles and databases beside the build (TMPDIR, when set), never in
    // memory: they are gigabytes at 10×.
    let root = tempfile::tempdir().expect("temporary directory");
    let one = scale(root.path(), "1x", 1, full, &lists);
    let ten = scale(root.path(), "10x", 10, full, &lists);
    println!(
        "scaling t(10x) / t(1x): {:.2}, CPU {:.2}  (aim <= 11; linear = 10)",
        ten.0 / one.0,
        ten.1 / one.1
    );
    if nation {
        let hundred = scale(root.path(), "100x", 10, full * 10, &lists);
        println!(
            "scaling t(100x) / t(10x): {:.2}, CPU {:.2}  (linear = 10)",
            hundred.0 / ten.0,
            hundred.1 / ten.1
        );
    }
    signature_cost();
}

/// One signature and one verification, on their own, and one seal's check.
fn signature_cost() {
    const N: usize = 20_000;
    let key = DeviceKey::generate().unwrap();
    let public = PublicKey::from_hex(&key.public_hex()).unwrap();
    let ctx = Context {
        unit_code: "XA-01",
        checklist_version: VERSION,
    };
    let revs: Vec<Revision> = (0..N)
        .map(|i| {
            Revision::new(
                format!("{i:036}"),
                format!("f{i}"),
                "status".into(),
                Some("\"pass\"".into()),
                Vec::new(),
                "An".into(),
                "dev".into(),
                i as i64,
                None,
            )
        })
        .collect();
    let t = Instant::now();
    let sigs: Vec<String> = revs.iter().map(|r| key.sign(r, &ctx)).collect();
    let sign = t.elapsed().as_secs_f64() / N as f64;
    let t = Instant::now();
    let ok = revs
        .iter()
        .zip(&sigs)
        .filter(|(r, s)| public.verifies(r, &ctx, s))
        .count();
    let verify = t.elapsed().as_secs_f64() / N as f64;
    assert_eq!(ok, N);
    println!(
        "per save of one revision: sign {:.1} µs; per revision without a seal: verify {:.1} µs",
        sign * 1e6,
        verify * 1e6
    );
    let entries = revs.iter().map(|r| SealEntry {
        rev_id: r.id.as_str().into(),
        hash: r.hash.as_str().into(),
        unit_code: ctx.unit_code.into(),
        checklist_version: ctx.checklist_version.into(),
    });
    let t = Instant::now();
    let seals = key.seal("dev", entries);
    let seal = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut covered = 0;
    for s in &seals {
        assert!(public.verifies_seal(&s.body, &s.signature));
        covered += SealBody::parse(&s.body).unwrap().revisions.len();
    }
    let check = t.elapsed().as_secs_f64();
    assert_eq!(covered, N);
    println!(
        "seals: {N} revisions in {} seals; writing them {:.1} ms; checking (verify and read) {:.2} ms per seal, {:.2} µs per revision",
        seals.len(),
        seal * 1e3,
        check * 1e3 / seals.len() as f64,
        check * 1e6 / N as f64
    );
}
