//! parcheck: record, merge and report public administration reform
//! (CCHC) inspection findings.
#![forbid(unsafe_code)]

pub mod core;
pub mod catalog;
pub mod ops;
pub mod store;
pub mod cli;
pub mod merge;
pub mod tui;
