//! parcheck: record, merge and report public administration reform
//! (CCHC) inspection findings.
// No unsafe code but the Windows console API's, each use marked and
// explained where it is (`console`, `tui::shutdown`).
#![deny(unsafe_code)]

pub mod atomic_file;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod console;
pub mod core;
pub mod ops;
pub mod report;
pub mod session;
pub mod store;
/// Team merge: bundles of revisions, exported and merged by the store.
pub use store::bundle as merge;
pub mod tui;
pub mod wording;
