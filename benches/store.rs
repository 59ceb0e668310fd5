//! Save latency: one status change persisted (one IMMEDIATE transaction,
//! WAL + synchronous=FULL), against the physical baseline measured in the
//! same run on the same disk: a 4 KiB write + fdatasync.
//!
//! Then a mark in the record view of a shared sample (30 records over 4
//! items of one group) against a single-item save, interleaved, each with
//! the re-read of the changed row the screen does.
//!
//! Run: `cargo bench --bench store` (set PARCHECK_BENCH_DIR to measure
//! another disk).

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use parcheck::catalog::Catalog;
use parcheck::core::finding::Status;
use parcheck::ops::{self, Actor, Edit, UnitInput};
use parcheck::store::Store;

const ROUNDS: usize = 2000;

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort_unstable();
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[idx]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let base = std::env::var_os("PARCHECK_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::tempdir_in(base).expect("bench dir");

    // parcheck: alternate the status of one finding, each change its own
    // durable transaction, exactly as the status keys do.
    let fixtures = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/checklists/valid"
    ));
    let catalog = Catalog::load(&[fixtures]);
    let mut store = Store::open(&dir.path().join("bench.db")).expect("store");
    let actor = Actor {
        inspector: "Bench".into(),
        campaign: "2026".into(),
    };
    let unit = UnitInput {
        code: "XA-BENCH".into(),
        ..Default::default()
    };
    let insp =
        ops::open_inspection(&mut store, &catalog, &actor, "demo", &unit).expect("inspection");
    let entry = ops::entry(&catalog, "demo").expect("demo checklist");
    let item = ops::item(entry, "D-01").expect("item");
    let block = vec![0x5au8; 4096];

    // Two rhythms. A burst: saves back to back, the write-ahead log growing
    // with every commit. The field rhythm: the TUI checkpoints after two
    // quiet seconds (`tui::run`), so the saves that follow rewrite the
    // log's existing pages instead of extending the file; here a pause
    // (the same `Store::checkpoint` call, not timed) every 20 saves.
    println!(
        "status change persisted ({ROUNDS} saves per rhythm, WAL + synchronous=FULL, BEGIN IMMEDIATE)"
    );
    let rhythms = [
        ("burst, log growing", None),
        ("pause every 20 saves", Some(20)),
    ];
    for (n, (name, pause_every)) in rhythms.into_iter().enumerate() {
        let raw_path = dir.path().join(format!("raw-{n}"));
        let mut f = std::fs::File::create(raw_path).expect("raw file");
        let mut raw = Vec::with_capacity(ROUNDS);
        let mut saves = Vec::with_capacity(ROUNDS);
        store.checkpoint().expect("checkpoint");
        for i in 0..ROUNDS {
            // Baseline: append 4 KiB and fdatasync, as a commit must at
            // least do. Interleaved, so that both see the same disk.
            let t = Instant::now();
            f.write_all(&block).expect("write");
            f.sync_data().expect("fdatasync");
            raw.push(t.elapsed());

            let status = if i % 2 == 0 {
                Status::Fail
            } else {
                Status::Pass
            };
            let t = Instant::now();
            ops::apply_edits(
                &mut store,
                &actor,
                &insp,
                item,
                &[Edit::Status(status)],
                None,
            )
            .expect("save");
            saves.push(t.elapsed());
            if pause_every.is_some_and(|n| i % n == n - 1) {
                store.checkpoint().expect("checkpoint");
            }
        }
        let (raw50, raw99) = (percentile(&mut raw, 0.5), percentile(&mut raw, 0.99));
        let (s50, s99) = (percentile(&mut saves, 0.5), percentile(&mut saves, 0.99));
        println!("  {name}:");
        println!(
            "    baseline 4 KiB append + fdatasync: p50 {:.3} ms  p99 {:.3} ms",
            ms(raw50),
            ms(raw99)
        );
        println!(
            "    parcheck status change:            p50 {:.3} ms  p99 {:.3} ms",
            ms(s50),
            ms(s99)
        );
        println!(
            "    ratio p99 parcheck / baseline:     {:.2}  (target <= 1.5)",
            ms(s99) / ms(raw99)
        );
    }
    record_view(&dir);
}

/// A defect toggled on one record of a 30-record group over 4 items (one
/// durable save of that item's sample revision, as the record view writes
/// it) against a status change of a single item.
fn record_view(dir: &tempfile::TempDir) {
    const MARKS: usize = 1000;
    let catalog = Catalog::load(&[]);
    let mut store = Store::open(&dir.path().join("records.db")).expect("store");
    let actor = Actor {
        inspector: "Bench".into(),
        campaign: "2026".into(),
    };
    let unit = UnitInput {
        code: "XA-REC".into(),
        ..Default::default()
    };
    let insp = ops::open_inspection(&mut store, &catalog, &actor, "phieu-kiem-soat", &unit)
        .expect("inspection");
    let checklist = &ops::entry(&catalog, "phieu-kiem-soat")
        .expect("bundled checklist")
        .checklist;
    let all = ops::group_items(checklist, "phieu-kiem-soat");
    let items = &all[..4];
    let save = |store: &mut Store, step: Vec<(String, Vec<Edit>)>| {
        let rows = store.finding_rows(&insp.id).expect("rows");
        let targets: Vec<ops::ItemEdits<'_>> = step
            .iter()
            .map(|(id, edits)| ops::ItemEdits {
                item: items.iter().find(|i| i.id == *id).expect("group item"),
                edits: edits.clone(),
                base: rows.get(id),
            })
            .collect();
        ops::apply_step(store, &actor, &insp, &targets).expect("save");
    };
    for n in 0..30 {
        let rows = store.finding_rows(&insp.id).expect("rows");
        let step = ops::add_record(items, &rows, &format!("HS-{n:03}"));
        save(&mut store, step);
    }
    let single = checklist.find_item("PKS-01").expect("item").1;
    let mut rows = store.finding_rows(&insp.id).expect("rows");
    let (mut marks, mut singles) = (Vec::with_capacity(MARKS), Vec::with_capacity(MARKS));
    store.checkpoint().expect("checkpoint");
    for i in 0..MARKS {
        let item = items[i % 4];
        let code = format!("HS-{:03}", (i / 4) % 30);
        let defect = item.kind.defects()[0].id.clone();
        let t = Instant::now();
        let (id, edits) = ops::toggle_defect(item, &rows, &code, &defect);
        ops::apply_step(
            &mut store,
            &actor,
            &insp,
            &[ops::ItemEdits {
                item,
                edits,
                base: rows.get(&id),
            }],
        )
        .expect("mark");
        let row = store.finding_row(&insp.id, &id).expect("row");
        marks.push(t.elapsed());
        rows.insert(id, row);

        let status = if i % 2 == 0 {
            Status::Fail
        } else {
            Status::Pass
        };
        let t = Instant::now();
        ops::apply_edits(
            &mut store,
            &actor,
            &insp,
            single,
            &[Edit::Status(status)],
            None,
        )
        .expect("save");
        store.finding_row(&insp.id, &single.id).expect("row");
        singles.push(t.elapsed());
        if i % 20 == 19 {
            store.checkpoint().expect("checkpoint");
        }
    }
    let (m50, m99) = (percentile(&mut marks, 0.5), percentile(&mut marks, 0.99));
    let (s50, s99) = (
        percentile(&mut singles, 0.5),
        percentile(&mut singles, 0.99),
    );
    println!("record view, 30 records over 4 items ({MARKS} marks, pause every 20):");
    println!(
        "    single-item save:        p50 {:.3} ms  p99 {:.3} ms",
        ms(s50),
        ms(s99)
    );
    println!(
        "    record-view mark:        p50 {:.3} ms  p99 {:.3} ms",
        ms(m50),
        ms(m99)
    );
    println!(
        "    ratio p99 mark / single: {:.2}  (target <= 1.5)",
        ms(m99) / ms(s99)
    );
}
