//! Writing command output to stdout without panicking on a closed pipe
//! (`warroom playbooks list | head -3`).

use super::Failure;
use std::io::{ErrorKind, Write};

pub fn emit(text: &str) -> Result<(), Failure> {
    let text = printable(text);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Bad(format!("cannot write output: {e}"))),
    }
}

/// Output with no control sequence in it, line by line. What we print
/// comes from the database, which any member of the team can write
/// directly: an escape sequence planted in a note must not reach another
/// responder's terminal through `status` or `export`.
pub(super) fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let plain = text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t');
    if plain {
        return std::borrow::Cow::Borrowed(text);
    }
    let lines: Vec<std::borrow::Cow<'_, str>> =
        text.split('\n').map(crate::redact::sanitize_str).collect();
    std::borrow::Cow::Owned(lines.join("\n"))
}

/// Pads `rows` into aligned columns; the last column is not padded.
pub fn table(rows: &[Vec<String>]) -> String {
    // Cells come from the database, which any team member can write: a
    // newline in one would print a forged row.
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| crate::incident::one_line(c)).collect())
        .collect();
    let rows = rows.as_slice();
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                let pad = widths[c] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn printed_text_keeps_its_lines_and_loses_escapes() {
        assert_eq!(super::printable("a\tb\nc\n"), "a\tb\nc\n");
        assert_eq!(
            super::printable("note: \u{1b}]0;pwned\u{7}ok\n│ café\n"),
            "note: ok\n│ café\n"
        );
    }
}
