//! Text rules shared by every face: NFC storage, accent-insensitive search keys,
//! and display sanitising.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Vietnamese text is stored and compared in NFC so that the same word typed
/// on two keyboards (precomposed or combining marks) is the same string.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
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

/// Removes control characters (ESC, BEL, bidi overrides …) so that data shown
/// on a terminal can never move the cursor, change colours or reorder text.
/// Newlines and tabs are kept when `keep_newlines` is set.
pub fn sanitize_for_terminal(s: &str, keep_newlines: bool) -> String {
    s.chars()
        .filter(|&c| {
            if keep_newlines && (c == '\n' || c == '\t') {
                return true;
            }
            !(c.is_control() || is_bidi_control(c))
        })
        .collect()
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
}
