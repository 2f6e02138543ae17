//! Where a rule's secret lies inside its match, read by hand.
//!
//! Asking the regex engine for a capture group costs far more than finding
//! the match: it walks every state of the pattern at every byte of the
//! match again (a JWT in an `Authorization: Bearer` header is 45,000 of the
//! line's 86,000 instructions). For the rules that secret lines hit most,
//! the group follows from the match by a few byte tests, because each
//! part of the pattern is forced: a quote or a blank the value cannot hold
//! must have been consumed before it. A reader answers `None` whenever the
//! match is outside what it was written for (a non-ASCII byte, where `\s`
//! and case folding reach further), and the caller then asks the engine.
//! Tests hold every reader to the engine's answer on the whole corpus and
//! on generated lines.

use std::ops::Range;

/// Reads the secret's span out of a match (relative to the match), or
/// `None` when only the capture engine can tell.
pub type Locate = fn(&str) -> Option<Range<usize>>;

/// Readers by (rule name, first keyword), as `rules::EACH` names its rules.
pub const LOCATE: &[(&str, &str, Locate)] = &[
    ("authorization-header", "authorization", authorization),
    ("bearer-token", "bearer", bearer),
    ("url-credentials", "://", url_password),
    ("crypt-hash", "$1$", crypt_hash),
    ("cli-password-flag", "mysql", glued_p),
    ("cli-password-flag", "redis-cli", after_blank),
];

/// `\s` on ASCII: the five controls and the space (`u8::is_ascii_whitespace`
/// leaves out the vertical tab, which `\s` holds).
fn blank(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// How many bytes from `at` on satisfy `class`.
fn run(b: &[u8], at: usize, class: impl Fn(u8) -> bool) -> usize {
    b.get(at..)
        .map_or(0, |rest| rest.iter().take_while(|&&c| class(c)).count())
}

/// `authorization\\?["']?\s*[:=]\s*\\?["']?(?:[A-Za-z][A-Za-z0-9_\-]*\s+)?([^\s"',;\\]{6,})`,
/// case-insensitive. Every optional part before the scheme is forced (the
/// value cannot start with a quote, blank or backslash); the scheme is
/// taken when a value of six follows it, else the value starts at the
/// scheme's first letter.
fn authorization(m: &str) -> Option<Range<usize>> {
    let b = m.as_bytes();
    if !b.is_ascii() || b.len() < 14 {
        return None;
    }
    let value = |c: u8| !blank(c) && !matches!(c, b'"' | b'\'' | b',' | b';' | b'\\');
    let mut p = 13;
    p += usize::from(b[p] == b'\\');
    p += usize::from(matches!(b.get(p), Some(b'"' | b'\'')));
    p += run(b, p, blank);
    if !matches!(b.get(p), Some(b':' | b'=')) {
        return None;
    }
    p += 1;
    p += run(b, p, blank);
    p += usize::from(b.get(p) == Some(&b'\\'));
    p += usize::from(matches!(b.get(p), Some(b'"' | b'\'')));
    let start = if b.get(p).is_some_and(u8::is_ascii_alphabetic) {
        let word = run(b, p, |c| {
            c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
        });
        let gap = run(b, p + word, blank);
        let after = p + word + gap;
        if gap > 0 && run(b, after, value) >= 6 {
            after
        } else {
            p
        }
    } else {
        p
    };
    let len = run(b, start, value);
    (len >= 6 && start + len == b.len()).then_some(start..b.len())
}

/// Token bytes of `bearer-token`, before its `=` padding.
fn bearer_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'~' | b'+' | b'/' | b'-')
}

/// `\bbearer\s+([A-Za-z0-9._~+/\-]{16,}=*)(?:[^A-Za-z0-9._~+/=\-]|$)`,
/// case-insensitive: the token is every token byte after the blanks, then
/// its padding; one character that ends it may close the match.
fn bearer(m: &str) -> Option<Range<usize>> {
    let b = m.as_bytes();
    if b.len() < 7 || !b[..6].eq_ignore_ascii_case(b"bearer") {
        return None;
    }
    let start = 6 + run(b, 6, blank);
    if start == 6 {
        return None;
    }
    let body = run(b, start, bearer_byte);
    let end = start + body + run(b, start + body, |c| c == b'=');
    // One byte that is no token byte may close it; a longer character
    // may be a token character to the engine (case folding puts the
    // Kelvin sign in `[A-Za-z]`), so that match goes to the engine.
    let closed = end == b.len() || (end + 1 == b.len() && !bearer_byte(b[end]) && b[end] != b'=');
    (body >= 16 && closed).then_some(start..end)
}

/// `scheme://user:password@`: the user holds no `:`, and neither does the
/// scheme, so the password starts after the first `:` past `://` and runs
/// to the closing `@`.
fn url_password(m: &str) -> Option<Range<usize>> {
    let b = m.as_bytes();
    let auth = memchr::memmem::find(b, b"://")? + 3;
    let start = auth + memchr::memchr(b':', &b[auth..])? + 1;
    let end = b.len().checked_sub(1)?;
    (b[end] == b'@' && start < end).then_some(start..end)
}

/// `(?:^|[^A-Za-z0-9$])(…)`: every hash starts with a `$` or a letter, and
/// the one character that may stand before it is neither, so the hash is
/// the match less that character.
fn crypt_hash(m: &str) -> Option<Range<usize>> {
    let first = m.chars().next()?;
    let start = if first == '$' || first.is_ascii_alphanumeric() {
        0
    } else {
        first.len_utf8()
    };
    Some(start..m.len())
}

/// A flag's value that ends the match: quoted whole (`'…'` or `"…"`: the
/// span inside the quotes, which cannot hold its quote), or bare from
/// where `bare_start` says.
fn flag_value(m: &str, bare_start: impl FnOnce(&[u8]) -> Option<usize>) -> Option<Range<usize>> {
    let b = m.as_bytes();
    // An audit record as `ausearch -i` prints it (`a0=redis-cli … a4=S3cret`)
    // names each argument: the engine's to read.
    if !b.is_ascii() || b.starts_with(b"a0=") {
        return None;
    }
    let last = *b.last()?;
    if matches!(last, b'\'' | b'"') {
        let end = b.len() - 1;
        // `\"S3cret\"` inside a JSON string: the engine's to read.
        if end > 0 && b[end - 1] == b'\\' {
            return None;
        }
        let open = memchr::memrchr(last, &b[..end])?;
        return (open + 1 < end).then_some(open + 1..end);
    }
    let start = bare_start(b)?;
    let bare = |c: u8| !blank(c) && !matches!(c, b'\'' | b'"' | b'\\');
    (start < b.len() && run(b, start, bare) == b.len() - start && last != b')')
        .then_some(start..b.len())
}

/// `mysql … -pSECRET`: a bare value holds no blank, so it starts after the
/// last blank and the `-p` glued to it.
fn glued_p(m: &str) -> Option<Range<usize>> {
    flag_value(m, |b| {
        let blank_at = b.iter().rposition(|&c| blank(c))?;
        b.get(blank_at + 1..blank_at + 3)
            .is_some_and(|f| f.eq_ignore_ascii_case(b"-p"))
            .then_some(blank_at + 3)
    })
}

/// `redis-cli … -a SECRET`: a bare value starts after the last blank.
fn after_blank(m: &str) -> Option<Range<usize>> {
    flag_value(m, |b| Some(b.iter().rposition(|&c| blank(c))? + 1))
}
