//! Checking hand-written TOML files (checklists, holiday calendars) and
//! reporting every problem at its line and column. The text is parsed into
//! a spanned tree, recovering from syntax errors so several are reported
//! at once, and then walked by the file's own checker on top of this one:
//! serde's `deny_unknown_fields` would stop at the first problem.

use std::ops::Range;

use serde_spanned::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::diagnostic::{Diagnostic, LineIndex};
use super::text::{is_unsafe_char, nfc};

pub type Val<'a> = Spanned<DeValue<'a>>;

/// At most this many problems are reported for one file; the rest are
/// counted in a last line ("and N more"). A wrong file can hold hundreds
/// of thousands, and nobody reads past the first screens anyway.
pub const MAX_REPORTED: usize = 200;

/// A problem found at a byte offset, positioned only once it is reported.
struct Found {
    offset: usize,
    message: String,
    hint: Option<String>,
}

/// The problems in file order, duplicates removed, capped at
/// [`MAX_REPORTED`], with line and column from one index of the text.
fn report(src: &str, mut found: Vec<Found>) -> Vec<Diagnostic> {
    found.sort_by_key(|f| f.offset);
    found.dedup_by(|a, b| a.offset == b.offset && a.message == b.message && a.hint == b.hint);
    let index = LineIndex::new(src);
    let more = found.len().saturating_sub(MAX_REPORTED);
    let first_left_out = found.get(MAX_REPORTED).map(|f| f.offset);
    found.truncate(MAX_REPORTED);
    let mut diags: Vec<Diagnostic> = found
        .into_iter()
        .map(|f| {
            let (line, column) = index.line_col(src, f.offset);
            Diagnostic {
                line,
                column,
                message: f.message,
                hint: f.hint,
            }
        })
        .collect();
    if let Some(offset) = first_left_out {
        let (line, column) = index.line_col(src, offset);
        diags.push(Diagnostic {
            line,
            column,
            message: format!("and {more} more problems, not shown"),
            hint: Some("fix the ones above first, then check the file again".into()),
        });
    }
    diags
}

/// Parses a TOML document, or returns every syntax error with `hint`.
pub fn parse<'s>(src: &'s str, hint: &str) -> Result<Spanned<DeTable<'s>>, Vec<Diagnostic>> {
    let (root, errors) = DeTable::parse_recoverable(src);
    if errors.is_empty() {
        return Ok(root);
    }
    let found = errors
        .iter()
        .map(|e| {
            let message = e.message();
            let first = message.lines().next().unwrap_or(message).trim();
            Found {
                offset: e.span().map_or(0, |s| s.start),
                message: format!("TOML syntax error: {first}"),
                hint: Some(hint.to_owned()),
            }
        })
        .collect();
    Err(report(src, found))
}

/// The usual name of a character [`Checker::string_value`] refuses.
fn char_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\0' => "NUL",
        '\u{7}' => "BEL",
        '\u{8}' => "backspace",
        '\r' => "carriage return",
        '\u{1b}' => "ESC",
        '\u{7f}' => "DEL",
        '\u{9b}' => "CSI",
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "bidi control",
        '\u{200E}' | '\u{200F}' | '\u{061C}' => "direction mark",
        '\u{FEFF}' => "byte-order mark",
        c if crate::core::text::is_noncharacter(c) => "non-character",
        c if c.is_control() => "control character",
        _ => return None,
    })
}

/// Collects diagnostics while a file is walked.
pub struct Checker<'s> {
    pub src: &'s str,
    found: Vec<Found>,
    index: LineIndex,
}

impl<'s> Checker<'s> {
    pub fn new(src: &'s str) -> Self {
        Checker {
            src,
            found: Vec::new(),
            index: LineIndex::new(src),
        }
    }

    /// All diagnostics in file order (at most [`MAX_REPORTED`], then a
    /// count of the rest).
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        report(self.src, self.found)
    }

    /// The 1-based line of byte `offset`, e.g. to name where an id was
    /// first used.
    pub fn line_of(&self, offset: usize) -> usize {
        self.index.line_col(self.src, offset).0
    }

    /// Records a problem at the start of `span`; an empty hint is no hint.
    pub fn err(
        &mut self,
        span: &Range<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let hint = hint.into();
        let hint = (!hint.is_empty()).then_some(hint);
        self.found.push(Found {
            offset: span.start,
            message: message.into(),
            hint,
        });
    }

    /// Reports keys of `table` that are not in `allowed`, suggesting the
    /// closest allowed key (so `severty` points to `severity`).
    pub fn unknown_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], what: &str) {
        for (k, _) in table.iter() {
            let name: &str = k.get_ref();
            if allowed.contains(&name) {
                continue;
            }
            let best = allowed
                .iter()
                .map(|a| (strsim::damerau_levenshtein(name, a), *a))
                .min()
                .filter(|(d, _)| *d <= 2 || (*d <= 3 && name.len() > 6));
            let hint = match best {
                Some((_, a)) => format!("did you mean `{a}`?"),
                None => format!("keys allowed in {what}: {}", allowed.join(", ")),
            };
            self.err(&k.span(), format!("unknown key `{name}` in {what}"), hint);
        }
    }

    /// The value of `key`, or a "missing required key" error at the table.
    pub fn required<'t, 'a>(
        &mut self,
        table: &'t DeTable<'a>,
        table_span: &Range<usize>,
        key: &str,
        what: &str,
        hint: &str,
    ) -> Option<&'t Val<'a>> {
        let v = table.get(key);
        if v.is_none() {
            self.err(
                table_span,
                format!("missing required key `{key}` in {what}"),
                hint,
            );
        }
        v
    }

    /// A string value, normalised to NFC, with line ends as `\n`. A string
    /// carrying a character no text needs (a terminal control, a bidi
    /// override, a non-character: [`is_unsafe_char`]) is refused at that
    /// character: it would be stored and printed verbatim.
    pub fn string_value(&mut self, v: &Val<'_>, key: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => {
                let s = s.replace("\r\n", "\n");
                let Some(bad) = s
                    .chars()
                    .find(|&c| is_unsafe_char(c) && !matches!(c, '\n' | '\t'))
                else {
                    return Some(nfc(&s));
                };
                // Written raw, point at it; written as an escape, at the string.
                let span = v.span();
                let at = self
                    .src
                    .get(span.clone())
                    .and_then(|raw| raw.find(bad))
                    .map_or(span.start, |i| span.start + i);
                self.err(
                    &(at..at),
                    format!(
                        "`{key}` contains the invisible character U+{:04X}{}, which can hide or reorder text on screen",
                        u32::from(bad),
                        char_name(bad).map(|n| format!(" ({n})")).unwrap_or_default()
                    ),
                    "delete it (retype the text around it if the editor does not show it)",
                );
                None
            }
            other => {
                self.err(
                    &v.span(),
                    format!("`{key}` must be a string, found {}", other.type_str()),
                    format!("write it in quotes: {key} = \"…\""),
                );
                None
            }
        }
    }

    /// A string value that is not blank (NFC).
    pub fn nonempty_string(&mut self, v: &Val<'_>, key: &str, hint: &str) -> Option<String> {
        let s = self.string_value(v, key)?;
        if s.trim().is_empty() {
            self.err(&v.span(), format!("`{key}` must not be empty"), hint);
            return None;
        }
        Some(s)
    }

    pub fn table_of<'t, 'a>(
        &mut self,
        v: &'t Val<'a>,
        what: &str,
        hint: &str,
    ) -> Option<&'t DeTable<'a>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.err(
                    &v.span(),
                    format!("{what} must be a table, found {}", other.type_str()),
                    hint,
                );
                None
            }
        }
    }

    pub fn array_of<'t, 'a>(
        &mut self,
        v: &'t Val<'a>,
        key: &str,
        hint: &str,
    ) -> Option<&'t DeArray<'a>> {
        match v.get_ref() {
            DeValue::Array(a) => Some(a),
            other => {
                self.err(
                    &v.span(),
                    format!("`{key}` must be an array, found {}", other.type_str()),
                    hint,
                );
                None
            }
        }
    }
}
