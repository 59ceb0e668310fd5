//! Benchmark placeholder: tui.
fn main() {}
