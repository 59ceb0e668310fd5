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

/// Appends typed text to a one-line prompt, composing as it goes.
pub fn push(buf: &mut String, text: &str) {
    buf.push_str(text);
    *buf = nfc(buf);
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
        push(&mut buf, "\u{0303}nh");
        assert_eq!(buf, "Vĩnh");
    }
}
