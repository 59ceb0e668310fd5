//! Text typed into the editors and prompts, kept in NFC as it is typed.
//! A Vietnamese keyboard in "tổ hợp" mode (or any NFD input) sends a
//! letter and then its diacritic as a separate combining mark; composed at
//! once, the cursor moves by letter and no mark is left beside it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
use unicode_normalization::char::is_combining_mark;

use crate::core::text::nfc;

/// Passes a key to an editor; a combining mark is composed with the
/// letter before the cursor. Returns whether the text changed.
pub fn input(ta: &mut TextArea<'_>, key: KeyEvent) -> bool {
    if let KeyCode::Char(mark) = key.code
        && !key.modifiers.contains(KeyModifiers::CONTROL)
        && is_combining_mark(mark)
    {
        let ratatui_textarea::DataCursor(row, col) = ta.cursor();
        let before = col
            .checked_sub(1)
            .and_then(|c| ta.lines().get(row).and_then(|l| l.chars().nth(c)));
        if let Some(letter) = before {
            let composed = nfc(&format!("{letter}{mark}"));
            ta.delete_char();
            ta.insert_str(composed);
            return true;
        }
    }
    ta.input(key)
}

/// A note editor holding `lines`, soft-wrapped at words (a long word at
/// letters) so a note is read whole in a narrow pane, the cursor at the end.
pub fn editor(lines: Vec<String>) -> TextArea<'static> {
    let mut ta = TextArea::new(lines);
    ta.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
    ta.move_cursor(ratatui_textarea::CursorMove::Bottom);
    ta.move_cursor(ratatui_textarea::CursorMove::End);
    ta
}

/// The largest char boundary of `s` at or before `at`.
fn floor_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Inserts typed text at `cursor` (a byte offset) of a one-line prompt,
/// composing it with the letter before (a tổ hợp keyboard's mark); returns
/// the cursor after it.
pub fn insert(buf: &mut String, cursor: usize, text: &str) -> usize {
    let cursor = floor_boundary(buf, cursor);
    let head = nfc(&format!("{}{text}", &buf[..cursor]));
    let at = head.len();
    *buf = format!("{head}{}", &buf[cursor..]);
    at
}

/// The cursor one letter to the left.
pub fn left(buf: &str, cursor: usize) -> usize {
    let cursor = floor_boundary(buf, cursor);
    buf[..cursor]
        .char_indices()
        .next_back()
        .map_or(0, |(i, _)| i)
}

/// The cursor one letter to the right.
pub fn right(buf: &str, cursor: usize) -> usize {
    let cursor = floor_boundary(buf, cursor);
    buf[cursor..]
        .chars()
        .next()
        .map_or(cursor, |c| cursor + c.len_utf8())
}

/// Deletes the letter before the cursor; returns the new cursor.
pub fn backspace(buf: &mut String, cursor: usize) -> usize {
    let to = floor_boundary(buf, cursor);
    let from = left(buf, to);
    buf.replace_range(from..to, "");
    from
}

/// Deletes the letter under the cursor.
pub fn delete(buf: &mut String, cursor: usize) {
    let from = floor_boundary(buf, cursor);
    let to = right(buf, from);
    buf.replace_range(from..to, "");
}

/// Deletes the word before the cursor (and the spaces after it), as
/// Ctrl+W does in a shell; returns the new cursor.
pub fn delete_word(buf: &mut String, cursor: usize) -> usize {
    let to = floor_boundary(buf, cursor);
    let head = &buf[..to];
    let word_end = head.trim_end().len();
    let from = head[..word_end]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    buf.replace_range(from..to, "");
    from
}

/// The part of a one-line prompt's text that fits `width` columns with
/// the cursor in view: (text before the cursor, the letter under it, text
/// after). The start scrolls only as far as the cursor needs; one column
/// is kept for the cursor itself.
pub fn window(buf: &str, cursor: usize, width: usize) -> (String, Option<char>, String) {
    use unicode_width::UnicodeWidthChar;
    let cursor = floor_boundary(buf, cursor);
    let (head, tail) = buf.split_at(cursor);
    let mut under = tail.chars();
    let at = under.next();
    let at_w = at.map_or(1, |c| c.width().unwrap_or(0).max(1));
    // Keep as much of the text before the cursor as fits.
    let room = width.saturating_sub(at_w);
    let mut shown_head = Vec::new();
    let mut used = 0;
    for c in head.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        shown_head.push(c);
    }
    let head: String = shown_head.into_iter().rev().collect();
    let mut rest = room - used;
    let mut after = String::new();
    for c in under {
        let w = c.width().unwrap_or(0);
        if w > rest {
            break;
        }
        rest -= w;
        after.push(c);
    }
    (head, at, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(ta: &mut TextArea<'_>, s: &str) {
        for c in s.chars() {
            input(ta, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn decomposed_typing_is_composed_letter_by_letter() {
        let mut ta = TextArea::default();
        // "Hùng" as a tổ hợp keyboard sends it: u, then U+0300.
        typed(&mut ta, "Hu\u{0300}ng");
        assert_eq!(ta.lines(), ["Hùng"]);
        assert_eq!(ta.cursor(), (0, 4), "four letters, four steps");
        // ệ: e + circumflex + dot below, in either order of marks.
        typed(&mut ta, " e\u{0323}\u{0302}");
        assert_eq!(ta.lines(), ["Hùng ệ"]);
        // A mark with nothing before it is kept as typed.
        let mut ta = TextArea::default();
        typed(&mut ta, "\u{0301}");
        assert_eq!(ta.lines(), ["\u{0301}"]);
        let mut buf = String::from("Vi");
        let at = insert(&mut buf, 2, "\u{0303}nh");
        assert_eq!((buf.as_str(), at), ("Vĩnh", "Vĩnh".len()));
    }

    #[test]
    fn one_line_editing_moves_by_letter_and_composes_in_the_middle() {
        let mut buf = String::from("Xa Vinh Hoa");
        // Cursor after "Vi": a tổ hợp tilde composes with the i.
        let at = insert(&mut buf, 5, "\u{0303}");
        assert_eq!((buf.as_str(), at), ("Xa Vĩnh Hoa", "Xa Vĩ".len()));
        assert_eq!(left(&buf, at), "Xa V".len(), "one letter, not one byte");
        assert_eq!(right(&buf, "Xa V".len()), at);
        let at = insert(&mut buf, 2, "\u{0303}");
        assert_eq!(&buf[..at], "Xã");
        let at = backspace(&mut buf, at);
        assert_eq!((buf.as_str(), at), ("X Vĩnh Hoa", 1));
        delete(&mut buf, 0);
        assert_eq!(buf, " Vĩnh Hoa");
        let end = buf.len();
        let at = delete_word(&mut buf, end);
        assert_eq!((buf.as_str(), at), (" Vĩnh ", " Vĩnh ".len()));
        let at = delete_word(&mut buf, at);
        assert_eq!((buf.as_str(), at), (" ", 1));
        assert_eq!(delete_word(&mut buf, 1), 0);
        assert_eq!(buf, "");
        assert_eq!(
            (left(&buf, 0), right(&buf, 0), backspace(&mut buf, 0)),
            (0, 0, 0)
        );
    }

    #[test]
    fn a_long_prompt_scrolls_to_its_cursor() {
        let text = "Ủy ban nhân dân xã Vĩnh Hòa";
        // All of it fits: nothing is cut.
        let (h, at, t) = window(text, 0, 40);
        assert_eq!(
            (h.as_str(), at, t.as_str()),
            ("", Some('Ủ'), "y ban nhân dân xã Vĩnh Hòa")
        );
        // The cursor at the end of a 10-column window: the last 9 letters.
        let (h, at, t) = window(text, text.len(), 10);
        assert_eq!((h.as_str(), at, t.as_str()), (" Vĩnh Hòa", None, ""));
        // The cursor in the middle: what is before it, then what follows.
        let mid = text.find("xã").unwrap();
        let (h, at, t) = window(text, mid, 10);
        assert_eq!((h.as_str(), at, t.as_str()), ("nhân dân ", Some('x'), ""));
    }
}
