//! Benchmark placeholder: store.
fn main() {}
