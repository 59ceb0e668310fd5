//! Who records: the one rule choosing the inspector name every change
//! carries, and the check a typed name goes through.

use super::{OpsError, Result};
use crate::core::text::nfc;
use crate::store::Store;

/// The longest inspector name, in characters.
pub const MAX_NAME: usize = 80;

/// A name as typed: trimmed and NFC, 1–80 printable characters on one
/// line (no control, bidi or invisible character: a name is printed in
/// `history`, conflicts and reports, where such a character could forge a
/// line or reorder the text).
pub fn validate_inspector(name: &str) -> Result<String> {
    let n = nfc(name.trim());
    if n.is_empty()
        || n.chars().count() > MAX_NAME
        || n.chars().any(crate::core::text::is_unsafe_char)
    {
        return Err(OpsError::InspectorName(
            crate::core::text::sanitize_for_terminal(name, false),
        ));
    }
    Ok(n)
}

/// The inspector name in force: the name given (`--inspector`), else the
/// configured one, else the one kept for this database, else none. A name
/// given while none is kept yet is kept, so the next run knows it.
pub fn inspector(
    store: &Store,
    given: Option<&str>,
    configured: Option<&str>,
) -> Result<Option<String>> {
    if let Some(g) = given {
        let name = validate_inspector(g)?;
        if store.kept_inspector()?.is_none() {
            store.keep_inspector(&name)?;
        }
        return Ok(Some(name));
    }
    if let Some(c) = configured {
        return validate_inspector(c).map(Some).map_err(|e| match e {
            OpsError::InspectorName(n) => OpsError::ConfiguredInspectorName(n),
            other => other,
        });
    }
    // Kept by an earlier version, before names were checked this way.
    store
        .kept_inspector()?
        .map(|k| validate_inspector(&k))
        .transpose()
}

/// Keeps `name` (checked) as this database's inspector name, replacing
/// the one kept before; returns the name as kept.
pub fn keep_inspector(store: &Store, name: &str) -> Result<String> {
    let name = validate_inspector(name)?;
    store.keep_inspector(&name)?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_then_configured_then_kept() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(inspector(&store, None, None).unwrap(), None);
        assert_eq!(
            inspector(&store, None, Some("Cấu Hình"))
                .unwrap()
                .as_deref(),
            Some("Cấu Hình")
        );
        assert_eq!(store.kept_inspector().unwrap(), None, "config is not kept");
        assert_eq!(
            inspector(&store, Some(" An "), Some("Cấu Hình"))
                .unwrap()
                .as_deref(),
            Some("An")
        );
        assert_eq!(store.kept_inspector().unwrap().as_deref(), Some("An"));
        // A later name given does not replace the kept one.
        inspector(&store, Some("Bình"), None).unwrap();
        assert_eq!(
            inspector(&store, None, None).unwrap().as_deref(),
            Some("An")
        );
        keep_inspector(&store, "Bình").unwrap();
        assert_eq!(
            inspector(&store, None, None).unwrap().as_deref(),
            Some("Bình")
        );
    }

    #[test]
    fn names_are_checked_and_normalised() {
        // "Hùng" written with a combining grave accent becomes one character.
        let decomposed = "Hu\u{0300}ng";
        assert_eq!(validate_inspector(decomposed).unwrap(), "Hùng");
        assert!(validate_inspector("").is_err());
        assert!(validate_inspector("   ").is_err());
        assert!(validate_inspector("a\u{7}b").is_err());
        for forged in [
            "An\n2026-01-01 Lead",
            "An\rB",
            "An\u{202E}",
            "An\u{9b}2J",
            "\u{FEFF}An",
        ] {
            assert!(validate_inspector(forged).is_err(), "{forged:?}");
        }
        assert!(validate_inspector(&"x".repeat(81)).is_err());
        assert!(validate_inspector(&"ư".repeat(80)).is_ok());
        let store = Store::open_in_memory().unwrap();
        assert!(matches!(
            inspector(&store, None, Some(" ")),
            Err(OpsError::ConfiguredInspectorName(_))
        ));
    }
}
