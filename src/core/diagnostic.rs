//! Errors that point at a place in a file, the way a compiler reports them.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters (not bytes), so that it matches
    /// what an editor shows on a Vietnamese line.
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    /// Builds a diagnostic at byte `offset` of `src`.
    pub fn at(src: &str, offset: usize, message: impl Into<String>, hint: Option<String>) -> Self {
        let (line, column) = line_col(src, offset);
        Diagnostic {
            line,
            column,
            message: message.into(),
            hint,
        }
    }

    /// `path:line:col: message` and, on the next line, the hint.
    pub fn render(&self, path: &str) -> String {
        let mut s = format!("{path}:{}:{}: {}", self.line, self.column, self.message);
        if let Some(h) = &self.hint {
            s.push_str("\n  hint: ");
            s.push_str(h);
        }
        s
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Where each line of a text starts, so that many positions are found by a
/// binary search instead of a scan from the start each (which made a file
/// with thousands of errors cost quadratic time).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(src: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            src.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The same as [`line_col`], for the text this index was built from.
    pub fn line_col(&self, src: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let column = src[self.starts[line - 1]..offset].chars().count() + 1;
        (line, column)
    }
}

/// 1-based line and character column of byte `offset` (clamped to the text,
/// and moved back to a character boundary).
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let src = "a = 1\ntiêu_đề = x\n";
        let off = src.find('x').unwrap();
        assert_eq!(line_col(src, off), (2, 11));
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 10_000), (3, 1));
    }

    #[test]
    fn the_line_index_agrees_with_the_scan_everywhere() {
        let src = "a = 1\r\ntiêu_đề = x\n\n\nư\nlast";
        let index = LineIndex::new(src);
        for offset in 0..src.len() + 3 {
            assert_eq!(
                index.line_col(src, offset),
                line_col(src, offset),
                "{offset}"
            );
        }
    }
}
