//! Checklist TOML → [`Checklist`], reporting every problem with its line and
//! column (the generic walking is `toml_check`; the checklist's own rules
//! are here).
//!
//! This file is the entry point and the file decoding; `header`, `items`,
//! `citations`, `kinds` and `rules` read the parts of a checklist, `fields`
//! the values they share and `keys` the keys each table allows.

use super::checklist::Checklist;
use super::diagnostic::Diagnostic;
use super::toml_check::{self, Checker};

mod citations;
mod fields;
mod header;
mod items;
mod keys;
mod kinds;
mod rules;

/// Checklists are a few hundred kilobytes at most; anything far larger is a
/// wrong file, refused before parsing so memory and time stay bounded.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// The checklist format version this build reads.
pub const FORMAT_VERSION: i64 = 1;

/// Parses a checklist from raw file bytes. On failure returns every
/// diagnostic found, in file order.
pub fn parse_checklist(bytes: &[u8]) -> Result<Checklist, Vec<Diagnostic>> {
    let src = decode(bytes)?;
    let root = toml_check::parse(
        src,
        "fix the TOML syntax here; strings need quotes, tables `[name]`, arrays `[a, b]`",
    )?;
    let mut w = Walker(Checker::new(src));
    let checklist = w.checklist(root.get_ref(), root.span());
    let mut diags = w.0.into_sorted();
    if diags.is_empty()
        && let Some(c) = checklist
    {
        return Ok(c);
    }
    if diags.is_empty() {
        // Walker returned None without explaining why: never leave the user without a message.
        diags.push(Diagnostic::at(
            src,
            0,
            "the checklist could not be read",
            None,
        ));
    }
    Err(diags)
}

/// Accepts UTF-8 with or without a BOM; explains everything else.
fn decode(bytes: &[u8]) -> Result<&str, Vec<Diagnostic>> {
    let single = |message: &str, hint: &str| {
        Err(vec![Diagnostic {
            line: 1,
            column: 1,
            message: message.into(),
            hint: Some(hint.into()),
        }])
    };
    if bytes.len() > MAX_FILE_BYTES {
        return single(
            &format!(
                "file is {} bytes; a checklist may be at most {} bytes",
                bytes.len(),
                MAX_FILE_BYTES
            ),
            "is this really a checklist? split very large checklists into several files",
        );
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return single(
            "file is encoded as UTF-16",
            "save the file as UTF-8 (in Notepad: Save As → Encoding: UTF-8)",
        );
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            if s.trim().is_empty() {
                return single(
                    "file is empty",
                    "a checklist needs at least `id`, `version`, `title` and one [[section]]",
                );
            }
            Ok(s)
        }
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(valid).unwrap_or("");
            let (line, column) = super::diagnostic::line_col(prefix, prefix.len());
            Err(vec![Diagnostic {
                line,
                column,
                message: "file is not valid UTF-8 (is it a binary file, or in a legacy encoding such as TCVN3/VNI?)".into(),
                hint: Some("convert the file to UTF-8 Unicode; parcheck reads only UTF-8".into()),
            }])
        }
    }
}

/// The checklist's own rules, on top of the generic TOML checker.
struct Walker<'s>(Checker<'s>);

impl<'s> std::ops::Deref for Walker<'s> {
    type Target = Checker<'s>;
    fn deref(&self) -> &Checker<'s> {
        &self.0
    }
}

impl std::ops::DerefMut for Walker<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::checklist::Deadline;

    const MINIMAL: &str = r#"
id = "demo"
version = "1"
title = "Thử"
framework = "2025"
applies_to = ["commune_pc"]
description = "Mô tả"

[[section]]
id = "s1"
title = "Phần 1"

[[section.item]]
id = "A-01"
question = "Có sổ không?"
guidance = "Xem sổ"
legal_basis = [{ document = "Thông tư 01/2018/TT-VPCP", article = "Điều 10" }]
severity = "high"
kind = "yes_no"
action = "Lập sổ"
deadline = 15
evidence = "Ảnh chụp sổ"
"#;

    fn errors(src: &str) -> Vec<Diagnostic> {
        parse_checklist(src.as_bytes()).expect_err("expected errors")
    }

    #[test]
    fn minimal_checklist_parses() {
        let c = parse_checklist(MINIMAL.as_bytes()).unwrap();
        assert_eq!(c.id, "demo");
        assert_eq!(c.item_count(), 1);
        assert_eq!(c.sections[0].items[0].deadline, Deadline::WorkingDays(15));
    }

    #[test]
    fn unknown_key_gets_a_suggestion_at_its_position() {
        let src = MINIMAL.replace("severity = \"high\"", "severty = \"high\"");
        let e = errors(&src);
        let unknown = e
            .iter()
            .find(|d| d.message.contains("unknown key `severty`"))
            .unwrap();
        assert_eq!(unknown.hint.as_deref(), Some("did you mean `severity`?"));
        let line = src.lines().position(|l| l.starts_with("severty")).unwrap() + 1;
        assert_eq!((unknown.line, unknown.column), (line, 1));
        // The missing `severity` is reported too: every error, not just the first.
        assert!(
            e.iter()
                .any(|d| d.message.contains("missing required key `severity`"))
        );
    }

    #[test]
    fn text_is_normalised_to_nfc() {
        let src = MINIMAL.replace("Có sổ không?", "Co\u{0301} sô\u{0309} không?");
        let c = parse_checklist(src.as_bytes()).unwrap();
        assert_eq!(c.sections[0].items[0].question.vi, "Có sổ không?");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(MINIMAL.replace('\n', "\r\n").as_bytes());
        assert!(parse_checklist(&bytes).is_ok());
    }

    #[test]
    fn hostile_bytes_are_errors_not_panics() {
        for input in [
            &b""[..],
            b"\0\0\0",
            b"\xff\xfei\x00d\x00",
            b"\x89PNG\r\n\x1a\n\0\0",
            b"id = \"x\0\"",
            b"a = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        ] {
            let e = parse_checklist(input).expect_err("must fail");
            assert!(!e.is_empty());
        }
        let deep = format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_checklist(deep.as_bytes()).is_err());
    }
}
