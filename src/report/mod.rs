//! Remediation reports: one unit's conclusion notice, and the team summary.
//! `model` computes; each format file only renders the model.

pub mod build;
pub mod charts;
pub mod compose;
pub mod csv;
pub mod document;
pub mod docx;
mod docx_order;
pub mod draft;
pub mod followup;
pub mod html;
pub mod issuer;
pub mod json;
pub mod md;
pub mod model;
pub mod register;
pub mod strings;
pub mod xlsx;

use std::path::Path;

/// Removes characters no format should carry: C0/C1 controls (except
/// newline and tab), bidi formatting characters and the XML-illegal
/// non-characters U+FFFE/U+FFFF.
pub fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            if c == '\n' || c == '\t' {
                return true;
            }
            !(c.is_control()
                || crate::core::text::is_bidi_control(c)
                || c == '\u{FFFE}'
                || c == '\u{FFFF}')
        })
        .collect()
}

/// Writes `bytes` to `path` atomically (see [`crate::atomic_file`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::atomic_file::write_with(path, |w| w.write_all(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_controls_and_bidi() {
        assert_eq!(
            clean("a\u{1b}[2J\u{202E}b\u{0}\u{b}c\nd\u{FFFF}"),
            "a[2Jbc\nd"
        );
    }
}
