//! Making untrusted bytes safe to show: no escape sequence, no control
//! character, no bidi override reaches the terminal, the database or an export.
//!
//! Everything dangerous is removed rather than replaced, on purpose: a secret
//! split by an escape sequence (`ghp_AAAA\x1b[0mBBBB`) is joined back
//! together, so the redactor that runs next still recognises it.

use std::borrow::Cow;

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
/// C1 String Terminator.
const ST: char = '\u{9c}';

/// Bidirectional formatting characters that can make text display in an
/// order other than the one it is stored in ("Trojan Source").
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// True when the bytes need no change: printable ASCII and tabs only, or
/// valid UTF-8 with none of the multi-byte characters we remove. Most log
/// lines take this path and are borrowed, not copied.
fn is_clean(raw: &[u8]) -> bool {
    // Printable ASCII and tabs, eight bytes at a time: the usual line.
    if super::first_dirty(raw).is_none() && memchr::memchr(b'\n', raw).is_none() {
        return true;
    }
    let mut ascii = true;
    for &b in raw {
        if b < 0x20 && b != b'\t' || b == 0x7f {
            return false;
        }
        ascii &= b < 0x80;
    }
    if ascii {
        return true;
    }
    // C1 controls and the soft hyphen are encoded C2 ..; bidi controls and
    // zero-width characters start E2 80 / E2 81, D8 9C, or EF BB (BOM).
    // Decode only lines that carry one of those lead bytes.
    match std::str::from_utf8(raw) {
        Ok(s) => {
            !raw.iter().any(|&b| matches!(b, 0xc2 | 0xe2 | 0xd8 | 0xef))
                || !s.chars().any(needs_removal_char)
        }
        Err(_) => false,
    }
}

/// Characters that show as nothing: a zero-width space, joiner or
/// non-joiner, a word joiner, a byte-order mark or a soft hyphen hidden in
/// a token would split it for the rules and still look whole on screen.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

fn needs_removal_char(c: char) -> bool {
    (c < ' ' && c != '\t')
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || is_bidi_control(c)
        || is_invisible(c)
}

/// Decodes bytes (invalid UTF-8 becomes U+FFFD) and removes escape
/// sequences (CSI, OSC, DCS, SOS, PM, APC, two-byte escapes), C0 controls
/// except tab, DEL, C1 controls and bidi controls.
pub fn sanitize(raw: &[u8]) -> Cow<'_, str> {
    // The usual log line: printable ASCII and tabs only.
    if super::first_dirty(raw).is_none() && memchr::memchr(b'\n', raw).is_none() {
        // SAFETY: `first_dirty` found no byte at or above 0x7f, so every
        // byte is ASCII, which is valid UTF-8.
        return Cow::Borrowed(unsafe { std::str::from_utf8_unchecked(raw) });
    }
    if is_clean(raw) {
        // SAFETY-free: is_clean only returns true for valid UTF-8.
        return Cow::Borrowed(std::str::from_utf8(raw).unwrap_or_default());
    }
    let text = String::from_utf8_lossy(raw);
    Cow::Owned(strip(&text))
}

/// [`sanitize`] for a line of a block, which holds no newline: one scan
/// for a byte to sanitize says whether it is the usual line.
pub fn sanitize_line(raw: &[u8]) -> Cow<'_, str> {
    debug_assert!(memchr::memchr(b'\n', raw).is_none());
    if super::first_dirty(raw).is_none() {
        // SAFETY: `first_dirty` found no byte at or above 0x7f, so every
        // byte is ASCII, which is valid UTF-8.
        return Cow::Borrowed(unsafe { std::str::from_utf8_unchecked(raw) });
    }
    sanitize(raw)
}

/// Same as [`sanitize`] for text that is already a `str`.
pub fn sanitize_str(text: &str) -> Cow<'_, str> {
    match sanitize(text.as_bytes()) {
        Cow::Borrowed(_) => Cow::Borrowed(text),
        Cow::Owned(s) => Cow::Owned(s),
    }
}

fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ESC => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | 'X' | '^' | '_') => skip_string(&mut chars),
                // nF escapes: intermediates, then one final character.
                Some(' '..='/') => {
                    while chars.next_if(|c| (' '..='/').contains(c)).is_some() {}
                    chars.next_if(|c| ('0'..='~').contains(c));
                }
                // Two-character escapes (ESC 7, ESC c, ESC =, …) end here;
                // anything else after ESC is ordinary text again.
                Some(next) if ('0'..='~').contains(&next) => {}
                Some(other) => push_visible(&mut out, other),
                None => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c => push_visible(&mut out, c),
        }
    }
    out
}

fn push_visible(out: &mut String, c: char) {
    if !needs_removal_char(c) {
        out.push(c);
    }
}

/// CSI: parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, one final
/// byte 0x40-0x7E. A malformed sequence ends at the first other character,
/// which is kept as text.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.next_if(|c| ('0'..='?').contains(c)).is_some() {}
    while chars.next_if(|c| (' '..='/').contains(c)).is_some() {}
    chars.next_if(|c| ('@'..='~').contains(c));
}

/// OSC, DCS, SOS, PM, APC: everything up to BEL, ESC \ or ST. An
/// unterminated string swallows the rest of the line: a terminal would
/// have treated it as part of the sequence too.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            BEL | ST => return,
            ESC => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

/// Cuts `raw` to at most `max` bytes without ending inside a token: the cut
/// backs off to the last separator in the final stretch, so no prefix of a
/// secret that straddles the limit survives on its own.
pub fn cut_raw(raw: &[u8], max: usize) -> &[u8] {
    if raw.len() <= max {
        return raw;
    }
    let head = &raw[..max];
    let window = max.saturating_sub(1024);
    match head[window..]
        .iter()
        .rposition(|b| b.is_ascii_whitespace() || b",;\"'<>()[]{}|".contains(b))
    {
        Some(i) => &head[..window + i],
        None => &head[..window],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(raw: &[u8]) -> String {
        sanitize(raw).into_owned()
    }

    #[test]
    fn clean_lines_are_borrowed() {
        assert!(matches!(sanitize(b"plain\tascii line"), Cow::Borrowed(_)));
        assert!(matches!(
            sanitize("caf\u{e9} \u{2192} ok".as_bytes()),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn removes_escape_sequences_of_every_kind() {
        assert_eq!(s(b"a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(s(b"x\x1b[2Jy"), "xy");
        assert_eq!(s(b"x\x1b]2;title\x07y"), "xy");
        assert_eq!(
            s(b"x\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\y"),
            "xlinky"
        );
        assert_eq!(s(b"x\x1bPq#0;2;0;0;0\x1b\\y"), "xy");
        assert_eq!(s(b"x\x1b_apc\x1b\\y\x1b^pm\x07z"), "xyz");
        assert_eq!(s(b"x\x1b(By\x1b7z\x1bc"), "xyz");
        // Unterminated OSC swallows the rest: a terminal would too.
        assert_eq!(s(b"x\x1b]0;never ends"), "x");
        assert_eq!(s(b"x\x1b"), "x");
    }

    #[test]
    fn removes_c0_c1_del_and_bidi_but_keeps_tab() {
        assert_eq!(s(b"a\tb\rc\x08d\x00e\x7ff\x07g"), "a\tbcdefg");
        assert_eq!(s("a\u{9b}2Jb\u{85}c\u{9d}0;t\u{9c}d".as_bytes()), "abcd");
        assert_eq!(
            s("user\u{202e}gnp.exe\u{202c} \u{2066}x\u{2069}".as_bytes()),
            "usergnp.exe x"
        );
    }

    #[test]
    fn invalid_utf8_becomes_replacement_characters() {
        assert_eq!(s(b"ok \xff\xfe end"), "ok \u{fffd}\u{fffd} end");
        // A lone 8-bit CSI byte is invalid UTF-8, not a control.
        assert_eq!(s(b"a\x9b2Jb"), "a\u{fffd}2Jb");
    }

    #[test]
    fn a_secret_split_by_escapes_is_joined_back() {
        assert_eq!(
            s(b"ghp_AAAA\x1b[0mBBBB\x1b]0;x\x07CCCC"),
            "ghp_AAAABBBBCCCC"
        );
    }

    #[test]
    fn cut_backs_off_to_a_separator() {
        let mut line = b"key=".to_vec();
        line.extend(std::iter::repeat_n(b'a', 2000));
        line.extend(b" ghp_");
        line.extend(std::iter::repeat_n(b'B', 36));
        let cut = cut_raw(&line, 2010);
        assert!(cut.len() <= 2010);
        assert!(!cut.windows(4).any(|w| w == b"ghp_"));
        assert_eq!(cut_raw(b"short", 10), b"short");
    }
}
