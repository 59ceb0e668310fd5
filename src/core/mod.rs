//! The pure core: no terminal, no files, no database.

pub mod calendar;
pub mod checklist;
pub mod checklist_parse;
pub mod diagnostic;
pub mod finding;
pub mod followup;
pub mod input;
pub mod lang;
pub mod portable_name;
pub mod register;
pub mod revision;
pub mod sampling;
pub mod signing;
pub mod text;
pub mod time;
pub mod toml_check;
