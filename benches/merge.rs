//! Benchmark placeholder: merge.
fn main() {}
