//! Checking a wrong checklist: a file full of errors must be reported in
//! time proportional to its size, not to its size times its errors.
//!
//! Run: `cargo bench --bench checklist`. Prints, for each file, its size,
//! the lines reported, and the median time of three checks (one when a
//! check takes over five seconds).

use std::time::{Duration, Instant};

use parcheck::core::checklist_parse::parse_checklist;

/// A header that parses, then `sections` empty `[[section]]` tables: each
/// lacks its id, title and items, so every one is several errors.
fn empty_sections(sections: usize) -> String {
    let mut s = String::from(
        "id = \"bench\"\nversion = \"1\"\ntitle = \"Thử\"\nframework = \"2025\"\n\
         applies_to = [\"commune_pc\"]\ndescription = \"Mô tả\"\n",
    );
    for _ in 0..sections {
        s.push_str("[[section]]\n");
    }
    s
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

fn main() {
    let two_mb = (2 * 1024 * 1024 - 200) / "[[section]]\n".len();
    let cases = [
        ("2.5k empty sections", empty_sections(2_500)),
        ("20k empty sections", empty_sections(20_000)),
        ("2 MB of empty sections", empty_sections(two_mb)),
    ];
    for (name, text) in &cases {
        let mut times = Vec::new();
        let mut reported = 0;
        for _ in 0..3 {
            let start = Instant::now();
            let diags = parse_checklist(text.as_bytes()).expect_err("every case is wrong");
            times.push(start.elapsed());
            reported = diags.len();
            // One run is measure enough for a slow case.
            if start.elapsed() > Duration::from_secs(5) {
                break;
            }
        }
        println!(
            "{name:<24} {:>9} bytes  {reported:>6} lines reported  median {:>10.1} ms",
            text.len(),
            median(times).as_secs_f64() * 1000.0
        );
    }
}
