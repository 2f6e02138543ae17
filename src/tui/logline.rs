//! How a log line is shown in a narrow pane: the source's label when
//! several sources share the pane, the syslog prefix (time, host, program)
//! once per run of lines from the same program, and a sideways scroll.

use std::sync::LazyLock;
use unicode_width::UnicodeWidthChar;

/// `Nov 23 03:10:01 web-1 nanoclaw[812]: ` — the syslog prefix, and
/// `web-1 nanoclaw` as what makes a run.
static SYSLOG: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (?P<host>\S+) (?P<prog>[^\s:\[]+)(?:\[\d+\])?: ",
    )
    .expect("the syslog prefix pattern compiles")
});

/// The syslog prefix of `text`: its length in bytes, and the host and
/// program it names.
pub fn syslog_prefix(text: &str) -> Option<(usize, String)> {
    let c = SYSLOG.captures(text)?;
    Some((c.get(0)?.end(), format!("{} {}", &c["host"], &c["prog"])))
}

/// The lines of a window as shown: with `compact`, a line from the same
/// host and program as the line above it loses its prefix (an indent
/// marks it); with `label`, each line starts with its source.
pub fn shown(lines: &[(&str, &str)], compact: bool, label: bool) -> Vec<String> {
    let mut previous: Option<String> = None;
    lines
        .iter()
        .map(|(source, text)| {
            let mut out = String::new();
            if label {
                out.push_str(&format!("{:<8} ", short(source, 8)));
            }
            // A run is one source's lines from one host and program.
            let prefix = syslog_prefix(text).map(|(end, run)| (end, format!("{source} {run}")));
            match (compact, prefix) {
                (true, Some((end, run))) if previous.as_deref() == Some(run.as_str()) => {
                    out.push_str("  ┆ ");
                    out.push_str(&text[end..]);
                    previous = Some(run);
                }
                (_, p) => {
                    out.push_str(text);
                    previous = p.map(|(_, run)| run);
                }
            }
            out
        })
        .collect()
}

/// `text` without its first `columns` display columns (a sideways scroll).
pub fn skip_columns(text: &str, columns: usize) -> &str {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        if used >= columns {
            return &text[i..];
        }
        used += c.width().unwrap_or(0);
    }
    ""
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let cut: String = s.chars().take(n - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_from_one_program_shows_its_prefix_once() {
        let lines = [
            ("app", "Nov 23 03:10:01 web-1 nanoclaw[812]: 401 burst"),
            ("app", "Nov 23 03:10:02 web-1 nanoclaw[812]: cockpit login"),
            ("app", "Nov 23 03:10:03 web-1 sshd[9]: accepted"),
            ("app", "plain line"),
        ];
        let out = shown(&lines, true, false);
        assert_eq!(out[0], "Nov 23 03:10:01 web-1 nanoclaw[812]: 401 burst");
        assert_eq!(out[1], "  ┆ cockpit login");
        assert_eq!(out[2], "Nov 23 03:10:03 web-1 sshd[9]: accepted");
        assert_eq!(out[3], "plain line");
        let full = shown(&lines, false, true);
        assert_eq!(
            full[1],
            "app      Nov 23 03:10:02 web-1 nanoclaw[812]: cockpit login"
        );
    }

    #[test]
    fn skipping_columns_counts_display_width() {
        assert_eq!(skip_columns("警告 ab", 2), "告 ab");
        assert_eq!(skip_columns("abc", 5), "");
        assert_eq!(skip_columns("abc", 0), "abc");
    }
}
