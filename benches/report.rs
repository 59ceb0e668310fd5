//! Report benchmarks, printed next to their baselines from the same run:
//! - team summary model for 500 units × 100 items (target < 1 s);
//! - CSV register of 1,000,000 findings, streamed, vs `sqlite3 -csv`
//!   dumping the same columns (target within 2×), peak memory (< 100 MB).

use std::collections::BTreeMap;
use std::time::Instant;

use parcheck::core::checklist::{
    CheckKind, Checklist, Deadline, Framework, Item, Section, Severity, Text,
};
use parcheck::core::finding::{FindingState, Status};
use parcheck::core::lang::Lang;
use parcheck::report::model;
use parcheck::store::{FindingRow, Store};

fn vm_hwm_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn checklist(items: usize) -> Checklist {
    let t = |s: &str| Text {
        vi: s.to_owned(),
        en: None,
    };
    let sections = (0..10)
        .map(|s| Section {
            id: format!("s{s}"),
            title: t(&format!("Phần {s}")),
            items: (0..items / 10)
                .map(|i| Item {
                    id: format!("I-{s}-{i:02}"),
                    question: t("Câu hỏi"),
                    guidance: t(""),
                    legal_basis: vec![],
                    severity: [Severity::High, Severity::Medium, Severity::Low][i % 3],
                    kind: CheckKind::YesNo,
                    action: t("Khắc phục"),
                    deadline: Deadline::WorkingDays(15),
                    evidence: t(""),
                    responsible: None,
                    hash: String::new(),
                })
                .collect(),
        })
        .collect();
    Checklist {
        id: "bench".into(),
        version: "1".into(),
        title: t("Bench"),
        framework: Framework::Y2025,
        applies_to: vec![],
        description: t(""),
        sections,
    }
}

fn summary_bench() {
    let cl = checklist(100);
    let statuses = [
        Status::Pass,
        Status::Pass,
        Status::Pass,
        Status::Partial,
        Status::Fail,
        Status::Na,
        Status::Unchecked,
    ];
    let units: Vec<BTreeMap<String, FindingRow>> = (0..500)
        .map(|u| {
            cl.items()
                .enumerate()
                .map(|(k, (_, i))| {
                    let state = FindingState {
                        status: statuses[(u + k) % statuses.len()],
                        note: "ghi chú".into(),
                        ..Default::default()
                    };
                    (
                        i.id.clone(),
                        FindingRow {
                            item_id: i.id.clone(),
                            state,
                            ..Default::default()
                        },
                    )
                })
                .collect()
        })
        .collect();
    let t = Instant::now();
    let rows: Vec<model::UnitRow> = units
        .iter()
        .enumerate()
        .map(|(u, rows)| {
            model::summary_row(
                &model::SummaryInput {
                    checklist: &cl,
                    unit_code: format!("U{u:03}"),
                    unit_name: format!("Đơn vị {u}"),
                    inspection_id: format!("i{u}"),
                    rows,
                },
                Lang::Vi,
            )
        })
        .collect();
    let s = model::build_summary(rows, Lang::Vi);
    let md = parcheck::report::md::summary(&s);
    let html = parcheck::report::html::summary(&s);
    let json = parcheck::report::json::summary(&s);
    let el = t.elapsed();
    println!(
        "team summary 500 units x 100 items (model + md + html + json, {} KB): {:.3} s   [target < 1 s]",
        (md.len() + html.len() + json.len()) / 1024,
        el.as_secs_f64()
    );
}

fn register_bench() -> Result<(), Box<dyn std::error::Error>> {
    const N: usize = 1_000_000;
    const ITEMS: usize = 100;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.sqlite");
    drop(Store::open(&db)?);
    let t = Instant::now();
    {
        let mut c = rusqlite::Connection::open(&db)?;
        let tx = c.transaction()?;
        {
            let mut ins_i = tx.prepare("INSERT INTO inspection (id, campaign, unit_code, checklist_id) VALUES (?1, '2026', ?2, 'bench')")?;
            let mut ins_f = tx
                .prepare("INSERT INTO finding (key, inspection_id, item_id) VALUES (?1, ?2, ?3)")?;
            let mut ins_h = tx.prepare(
                "INSERT INTO head (entity, field, rev_id, value, at_ms) VALUES (?1, ?2, ?3, ?4, 1)",
            )?;
            let notes = [
                "\"Thiếu giờ giao\"",
                "\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"",
                "\"Sổ ghi thiếu, \\\"mục 3\\\"\\nxem lại\"",
                "\"-5 hồ sơ trễ hạn\"",
            ];
            let statuses = ["\"pass\"", "\"fail\"", "\"partial\"", "\"na\""];
            for u in 0..N / ITEMS {
                let insp = format!("i{u:06}");
                ins_i.execute(rusqlite::params![insp, format!("UBND-XA-{u:05}")])?;
                for i in 0..ITEMS {
                    let key = format!("f{u:06}-{i:03}");
                    ins_f.execute(rusqlite::params![key, insp, format!("I-{i:03}")])?;
                    ins_h.execute(rusqlite::params![
                        key,
                        "status",
                        format!("r{u}-{i}-s"),
                        statuses[(u + i) % 4]
                    ])?;
                    ins_h.execute(rusqlite::params![
                        key,
                        "note",
                        format!("r{u}-{i}-n"),
                        notes[(u * 7 + i) % 4]
                    ])?;
                }
            }
        }
        tx.commit()?;
    }
    println!(
        "(built a database of {N} findings in {:.1} s)",
        t.elapsed().as_secs_f64()
    );

    let store = Store::open(&db)?;
    let out_path = dir.path().join("register.csv");
    let t = Instant::now();
    let f = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&out_path)?);
    let n = parcheck::report::register::write_csv(&store, f)?;
    let ours = t.elapsed().as_secs_f64();
    let size = std::fs::metadata(&out_path)?.len();
    println!(
        "CSV register, {n} findings with escaping ({} MB): {ours:.2} s",
        size / 1_000_000
    );
    let base_path = dir.path().join("sqlite3.csv");
    let t = Instant::now();
    match std::process::Command::new("sqlite3")
        .arg("-csv")
        .arg(&db)
        .arg(parcheck::report::register::QUERY)
        .stdout(std::fs::File::create(&base_path)?)
        .status()
    {
        Ok(s) if s.success() => {
            let base = t.elapsed().as_secs_f64();
            println!(
                "  baseline sqlite3 -csv, same columns: {base:.2} s   ratio {:.2}x   [target within 2x]",
                ours / base
            );
        }
        Ok(s) => println!("  baseline skipped: sqlite3 exited with {s}"),
        Err(e) => println!("  baseline skipped: sqlite3 CLI not available ({e})"),
    }
    match vm_hwm_kb() {
        Some(kb) => println!(
            "  peak memory (VmHWM, whole process): {} MB   [target < 100 MB]",
            kb / 1024
        ),
        None => println!("  peak memory: /proc/self/status not available"),
    }
    Ok(())
}

fn main() {
    // The register first, so VmHWM reflects it and not the summary's data.
    if let Err(e) = register_bench() {
        println!("register benchmark failed: {e}");
    }
    summary_bench();
}
