//! Checking hand-written TOML files (checklists, holiday calendars) and
//! reporting every problem at its line and column. The text is parsed into
//! a spanned tree, recovering from syntax errors so several are reported
//! at once, and then walked by the file's own checker on top of this one:
//! serde's `deny_unknown_fields` would stop at the first problem.

use std::ops::Range;

use serde_spanned::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::diagnostic::Diagnostic;
use super::text::nfc;

pub type Val<'a> = Spanned<DeValue<'a>>;

/// Parses a TOML document, or returns every syntax error with `hint`.
pub fn parse<'s>(src: &'s str, hint: &str) -> Result<Spanned<DeTable<'s>>, Vec<Diagnostic>> {
    let (root, errors) = DeTable::parse_recoverable(src);
    if errors.is_empty() {
        return Ok(root);
    }
    let mut diags: Vec<Diagnostic> = errors
        .iter()
        .map(|e| {
            let message = e.message();
            let first = message.lines().next().unwrap_or(message).trim();
            Diagnostic::at(
                src,
                e.span().map_or(0, |s| s.start),
                format!("TOML syntax error: {first}"),
                Some(hint.to_owned()),
            )
        })
        .collect();
    diags.sort_by_key(|d| (d.line, d.column));
    diags.dedup();
    Err(diags)
}

/// Collects diagnostics while a file is walked.
pub struct Checker<'s> {
    pub src: &'s str,
    pub diags: Vec<Diagnostic>,
}

impl<'s> Checker<'s> {
    pub fn new(src: &'s str) -> Self {
        Checker {
            src,
            diags: Vec::new(),
        }
    }

    /// All diagnostics in file order.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.diags.sort_by_key(|d| (d.line, d.column));
        self.diags
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
        self.diags
            .push(Diagnostic::at(self.src, span.start, message, hint));
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

    /// A string value, normalised to NFC.
    pub fn string_value(&mut self, v: &Val<'_>, key: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(nfc(s)),
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
