//! Benchmark placeholder: report.
fn main() {}
