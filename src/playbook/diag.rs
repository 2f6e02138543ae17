//! Diagnostics for playbook files: `FILE:LINE:COL: message`, one per line.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

/// The first problem of each file, in order: what is said of playbooks
/// that did not load (one warning per file on stderr, one status line in
/// the console).
pub fn first_per_file(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut seen = std::collections::BTreeSet::new();
    diags.iter().filter(|d| seen.insert(&d.file)).collect()
}

/// Maps byte offsets to line and column without rescanning the file per error.
pub struct LineIndex<'s> {
    src: &'s str,
    starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    pub fn new(src: &'s str) -> Self {
        let starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { src, starts }
    }

    /// 1-based (line, column) of a byte offset; offsets past the end land on
    /// the last position, and an offset inside a character counts from its start.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.src.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !self.src.is_char_boundary(end) {
            end -= 1;
        }
        (line + 1, self.src[start..end].chars().count() + 1)
    }
}

/// Collects diagnostics for one file.
pub struct Sink<'s> {
    file: String,
    index: LineIndex<'s>,
    pub diags: Vec<Diagnostic>,
}

impl<'s> Sink<'s> {
    pub fn new(file: &str, src: &'s str) -> Self {
        Sink {
            file: file.to_string(),
            index: LineIndex::new(src),
            diags: Vec::new(),
        }
    }

    pub fn error(&mut self, offset: usize, message: impl Into<String>) {
        let (line, col) = self.index.locate(offset);
        // One line per diagnostic, whatever the message carries.
        let message = message.into().replace(['\n', '\r'], " ");
        self.diags.push(Diagnostic {
            file: self.file.clone(),
            line,
            col,
            message,
        });
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.index.locate(offset).0
    }
}

/// A diagnostic for a whole file (unreadable, empty, not UTF-8 …).
pub fn at_file(file: &str, line: usize, col: usize, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        line,
        col,
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_character_columns() {
        let src = "ab\nc→d\n\nlast";
        let idx = LineIndex::new(src);
        assert_eq!(idx.locate(0), (1, 1));
        assert_eq!(idx.locate(2), (1, 3));
        assert_eq!(idx.locate(3), (2, 1));
        // `d` sits after a three-byte arrow: byte 7, column 3.
        assert_eq!(idx.locate(7), (2, 3));
        // Inside the arrow counts as the arrow.
        assert_eq!(idx.locate(5), (2, 2));
        assert_eq!(idx.locate(9), (3, 1));
        assert_eq!(idx.locate(10), (4, 1));
        assert_eq!(idx.locate(10_000), (4, 5));
    }

    #[test]
    fn messages_stay_on_one_line() {
        let mut sink = Sink::new("f.toml", "x");
        sink.error(0, "first\nsecond");
        assert_eq!(sink.diags[0].to_string(), "f.toml:1:1: first second");
    }
}
