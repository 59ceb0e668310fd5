//! Field readers shared by every checklist table: strings, bilingual texts,
//! ids (unique within their scope) and numbers.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::Walker;
use crate::core::checklist::Text;
use crate::core::toml_check::Val;

impl Walker<'_> {
    /// A required, non-empty string.
    pub(super) fn req_string(
        &mut self,
        t: &DeTable<'_>,
        span: &Range<usize>,
        key: &str,
        what: &str,
        hint: &str,
    ) -> Option<String> {
        let v = self.required(t, span, key, what, hint)?;
        self.nonempty_string(v, key, hint)
    }

    pub(super) fn opt_string(&mut self, t: &DeTable<'_>, key: &str) -> Option<String> {
        let v = t.get(key)?;
        self.string_value(v, key).filter(|s| !s.trim().is_empty())
    }

    /// A required Vietnamese text `key` with its optional English `key_en`.
    pub(super) fn req_text(
        &mut self,
        t: &DeTable<'_>,
        span: &Range<usize>,
        key: &str,
        what: &str,
        hint: &str,
    ) -> Option<Text> {
        let vi = self.req_string(t, span, key, what, hint);
        let en = self.opt_string(t, &format!("{key}_en"));
        vi.map(|vi| Text { vi, en })
    }

    pub(super) fn opt_text(&mut self, t: &DeTable<'_>, key: &str) -> Option<Text> {
        let vi = self.opt_string(t, key);
        let en = self.opt_string(t, &format!("{key}_en"));
        vi.map(|vi| Text { vi, en })
    }

    pub(super) fn id_value(&mut self, v: &Val<'_>, key: &str) -> Option<String> {
        let s = self.string_value(v, key)?;
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !ok {
            self.err(
                &v.span(),
                format!("`{key}` \"{s}\" is not a valid id"),
                "ids use ASCII letters, digits, `-`, `_` and `.` only (at most 64), e.g. \"PKS-02\"; they must never change once findings exist",
            );
            return None;
        }
        Some(s)
    }

    /// Records `id` as seen, reporting a duplicate with the line of the first.
    pub(super) fn unique(
        &mut self,
        seen: &mut HashMap<String, usize>,
        id: &str,
        span: &Range<usize>,
        what: &str,
    ) -> bool {
        if let Some(&first) = seen.get(id) {
            let line = self.line_of(first);
            self.err(
                span,
                format!("duplicate {what} id \"{id}\" (first used on line {line})"),
                format!("every {what} needs its own id; rename one of them"),
            );
            false
        } else {
            seen.insert(id.to_owned(), span.start);
            true
        }
    }

    pub(super) fn number(&mut self, v: &Val<'_>, key: &str) -> Option<f64> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() => Some(n),
            _ => {
                self.err(&v.span(), format!("`{key}` must be a number"), "");
                None
            }
        }
    }
}
