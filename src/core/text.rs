//! Text rules shared by every face: NFC storage, accent-insensitive search keys,
//! and display sanitising.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Vietnamese text is stored and compared in NFC so that the same word typed
/// on two keyboards (precomposed or combining marks) is the same string.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// The text with its first letter in upper case: a label at the start of
/// a line ("phiếu kiểm soát" → "Phiếu kiểm soát").
pub fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text with its first letter in lower case: a label used
/// mid-sentence ("Kết quả" → "kết quả").
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A search key: lower case, diacritics removed, `đ` folded to `d`, runs of
/// whitespace collapsed. "Chữ  ký số" and "chu ky so" give the same key.
///
/// ```
/// use parcheck::core::text::fold;
/// assert_eq!(fold("Chữ  ký SỐ"), "chu ky so");
/// assert_eq!(fold("Đoàn kiểm tra"), fold("doan kiem tra"));
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        out.extend(c.to_lowercase());
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// True when every word of `query` is a word of `haystack`, ignoring case
/// and diacritics; the last word may be the start of one (it may still be
/// being typed). So "chu ky so" finds "chữ ký số" but not "chưa … kỳ … sơ".
/// Words are split at anything but letters and digits, the same way on
/// both sides ("d-01" finds "D-01"). An empty query matches everything.
pub fn matches_folded(haystack_folded: &str, query: &str) -> bool {
    fn words(s: &str) -> impl Iterator<Item = &str> + Clone {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
    }
    let query = fold(query);
    let hay = words(haystack_folded);
    let mut wanted = words(&query).peekable();
    while let Some(w) = wanted.next() {
        let found = if wanted.peek().is_some() {
            hay.clone().any(|h| h == w)
        } else {
            hay.clone().any(|h| h.starts_with(w))
        };
        if !found {
            return false;
        }
    }
    true
}

/// Characters that must never reach a terminal or a document from data:
/// control characters (C0 such as ESC, BEL, BS, NUL, CR; C1 such as U+009B,
/// a one-byte CSI), bidi formatting (U+202E …), the byte-order mark U+FEFF,
/// the line and paragraph separators and the Unicode non-characters
/// (U+FFFF …), which no real text contains.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || is_bidi_control(c)
        || is_noncharacter(c)
        || matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}')
}

/// Unicode non-characters: U+FDD0–U+FDEF and the last two code points of
/// every plane (U+FFFE, U+FFFF, U+1FFFE …).
pub fn is_noncharacter(c: char) -> bool {
    let n = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// Removes every [unsafe character](is_unsafe_char) so that data shown on
/// a terminal can never move the cursor, change colours, set the window
/// title or clipboard, or reorder text. Newlines and tabs are kept when
/// `keep_newlines` is set.
pub fn sanitize_for_terminal(s: &str, keep_newlines: bool) -> String {
    s.chars()
        .filter(|&c| {
            if keep_newlines && (c == '\n' || c == '\t') {
                return true;
            }
            !is_unsafe_char(c)
        })
        .collect()
}

/// Makes serialised JSON safe to print: every unsafe character left raw
/// (serde_json escapes only C0 controls; C1, bidi and non-characters pass
/// through) is written as a `\uXXXX` escape, so the data is unchanged for
/// a program reading it and inert on a terminal. Outside strings JSON has
/// only plain whitespace, so the escapes always land inside strings.
pub fn escape_json_unsafe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_unsafe_char(c) && !matches!(c, '\n' | '\t' | '\r' | ' ') {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Unicode bidirectional formatting characters: they can make text read in
/// a different order than it is stored (the "Trojan source" trick).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_letter_changes_case_with_its_marks() {
        assert_eq!(upper_first("phiếu kiểm soát"), "Phiếu kiểm soát");
        assert_eq!(upper_first("đơn vị"), "Đơn vị");
        assert_eq!(lower_first("Kết quả"), "kết quả");
        assert_eq!(lower_first("Ếch"), "ếch");
        assert_eq!(upper_first(""), "");
    }

    #[test]
    fn fold_removes_vietnamese_diacritics() {
        assert_eq!(fold("Chữ ký số"), "chu ky so");
        assert_eq!(fold("Đường  Vĩnh Hòa "), "duong vinh hoa");
        assert_eq!(fold("PHIẾU KIỂM SOÁT"), "phieu kiem soat");
    }

    #[test]
    fn fold_is_the_same_for_nfc_and_nfd_input() {
        let nfd: String = "Vĩnh Hòa".nfd().collect();
        assert_ne!(nfd, "Vĩnh Hòa");
        assert_eq!(fold(&nfd), fold("Vĩnh Hòa"));
    }

    #[test]
    fn search_matches_words_in_any_order() {
        let hay = fold("Kiểm tra chữ ký số trên văn bản đi");
        assert!(matches_folded(&hay, "chu ky so"));
        assert!(matches_folded(&hay, "so ky"));
        assert!(matches_folded(&hay, ""));
        assert!(!matches_folded(&hay, "niem yet"));
        // Words, not fragments: "chưa … kỳ … sơ" is not "chữ ký số".
        let other = fold("Chưa kiểm tra kỳ báo cáo sơ kết");
        assert!(!matches_folded(&other, "chu ky so"));
        // The last word may still be being typed.
        assert!(matches_folded(&hay, "chu ky s"));
        assert!(matches_folded(&hay, "van ban d"));
        assert!(!matches_folded(&hay, "an"), "no match inside a word");
        assert!(matches_folded(&fold("D-01 Có phiếu"), "d-01"));
        assert!(matches_folded(&fold("D-01 Có phiếu"), "d-0"));
    }

    #[test]
    fn nfc_composes_combining_marks() {
        let decomposed = "ho\u{0302}\u{0300} so\u{031B}";
        assert_eq!(nfc(decomposed), "hồ sơ");
    }

    #[test]
    fn sanitize_strips_escapes_and_bidi() {
        let s = "a\u{1b}[2Jb\u{202E}c\u{7}d\ne";
        assert_eq!(sanitize_for_terminal(s, false), "a[2Jbcde");
        assert_eq!(sanitize_for_terminal(s, true), "a[2Jbcd\ne");
    }

    #[test]
    fn every_hostile_character_is_unsafe_and_text_is_not() {
        for c in [
            '\u{1b}',
            '\u{7}',
            '\u{8}',
            '\0',
            '\r',
            '\u{9b}',
            '\u{202E}',
            '\u{FEFF}',
            '\u{FFFF}',
            '\u{FFFE}',
            '\u{FDD0}',
            '\u{10FFFF}',
            '\u{2066}',
        ] {
            assert!(is_unsafe_char(c), "{:04X}", u32::from(c));
        }
        for c in "Phiếu kiểm soát Đ đ ư 1/2 — “x” €".chars() {
            assert!(!is_unsafe_char(c), "{c}");
        }
    }

    #[test]
    fn json_keeps_its_data_but_no_raw_control() {
        let value = "a\u{9b}2J\u{202E}b\u{1b}c\u{FFFF}\u{10FFFF}";
        let json = serde_json::to_string_pretty(&serde_json::json!({ "t": value })).unwrap();
        let safe = escape_json_unsafe(&json);
        assert!(
            !safe.chars().any(|c| is_unsafe_char(c) && c != '\n'),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["t"], value);
    }
}
