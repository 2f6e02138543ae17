//! Property tests for the one text path: sanitize, then redact.

use proptest::prelude::*;
use std::sync::LazyLock;
use warroom::redact::{Redactor, Stream, sanitize};

/// Building the rule set is the slow part; share one across cases.
static RED: LazyLock<Redactor> = LazyLock::new(Redactor::builtin);

/// Pieces that exercise the rules: secrets, keys, separators, quotes,
/// escape sequences and markers, glued in random orders.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("token=".to_string()),
        Just("ghp_0123456789abcdefghijklmnopqrstuvwxyzAB".to_string()),
        Just("AKIAIOSFODNN7ABCDEFG".to_string()),
        Just("OS_HTTP_SECRET=".to_string()),
        Just("\"password\": \"".to_string()),
        Just("Authorization: Bearer ".to_string()),
        Just("https://user:".to_string()),
        Just("@host/".to_string()),
        Just("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_string()),
        Just("[REDACTED:github-token]".to_string()),
        Just("-----BEGIN PRIVATE KEY-----".to_string()),
        Just("\\n".to_string()),
        Just("\x1b[31m".to_string()),
        Just("\x1b]2;title\x07".to_string()),
        Just("\u{9b}2J".to_string()),
        Just("\u{202e}".to_string()),
        "[ =:'\",;]{1,2}",
        "[A-Za-z0-9_\\-]{1,24}",
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn redacting_twice_equals_redacting_once(text in line()) {
        let red = &*RED;
        let once = red.clean_line(&mut Stream::default(), text.as_bytes());
        let twice = red.clean_line(&mut Stream::default(), once.as_bytes());
        prop_assert_eq!(twice, once);
    }

    #[test]
    fn no_output_carries_an_escape_or_c1_control(bytes in prop::collection::vec(any::<u8>(), 0..200), text in line()) {
        let red = &*RED;
        for input in [bytes.as_slice(), text.as_bytes()] {
            let out = red.clean_line(&mut Stream::default(), input);
            prop_assert!(!out.chars().any(|c| c == '\x1b' || (c.is_control() && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c)), "{:?}", out);
            let s = sanitize(input);
            prop_assert!(!s.chars().any(|c| c.is_control() && c != '\t'), "{:?}", s);
        }
    }

    #[test]
    fn sanitizing_is_idempotent(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let once = sanitize(&bytes).into_owned();
        prop_assert_eq!(sanitize(once.as_bytes()).into_owned(), once);
    }

}

proptest! {
    // Each case builds its own redactor to register a literal: fewer cases.
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn a_registered_literal_never_survives(
        secret in "[A-Za-z0-9!#%&*+./:;=?@^_~-]{8,40}",
        before in "[ -~]{0,30}",
        after in "[ -~]{0,30}",
        splits in prop::collection::vec((0usize..40, prop_oneof![Just("\x1b[0m"), Just("\x1b]0;x\x07"), Just("\x07"), Just("\r"), Just("\u{202e}")]), 0..4),
    ) {
        let mut red = Redactor::builtin();
        red.register_literal(&secret).unwrap();
        // Split the secret with escape sequences and controls at random points.
        let mut split = secret.clone();
        for (at, esc) in splits {
            let at = at.min(split.len());
            if split.is_char_boundary(at) {
                split.insert_str(at, esc);
            }
        }
        let out = red.clean_line(&mut Stream::default(), format!("{before}{split}{after}").as_bytes());
        prop_assert!(!out.contains(&secret), "{:?} survived in {:?}", secret, out);
    }
}
