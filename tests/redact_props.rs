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

/// The generated corpus (tests/fixtures/secrets): every positive as
/// (line with the secret, the secret), and every look-alike line.
type Corpus = (Vec<(String, String)>, Vec<String>);

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/secrets");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let positives = read("positives.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let line = l.splitn(3, '\t').nth(2).unwrap();
            let (before, rest) = line.split_once('⟦').unwrap();
            let (secret, after) = rest.split_once('⟧').unwrap();
            (format!("{before}{secret}{after}"), secret.to_string())
        })
        .collect();
    let negatives = read("negatives.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split_once('\t').unwrap().1.to_string())
        .collect();
    (positives, negatives)
});

/// The corpus look-alikes that can stand before other text: not those
/// ending in an empty assignment (`DB_PASSWORD=`), which would make the
/// next piece its value, a secret if it looks like one.
static ORDINARY_NEGATIVES: LazyLock<Vec<String>> = LazyLock::new(|| {
    CORPUS
        .1
        .iter()
        .filter(|n| !n.trim_end().ends_with(['=', ':']))
        .cloned()
        .collect()
});

/// Ordinary log text: words, numbers, punctuation and look-alikes, but
/// nothing a reader would call a secret. No lone `=` or `:`: glued to a
/// word like `auth` they would make the next piece its value, and a 64-hex
/// value under `auth =` may well be a secret.
fn ordinary() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[a-z]{1,8}",
        "[0-9]{1,5}",
        Just("session started".to_string()),
        Just("auth failed for bob".to_string()),
        Just("component=auth".to_string()),
        Just("token_count=3".to_string()),
        Just("level=info".to_string()),
        Just("\"user\": \"bob\"".to_string()),
        "[ ,;()\\[\\]{}|-]",
        (0..ORDINARY_NEGATIVES.len()).prop_map(|i| ORDINARY_NEGATIVES[i].clone()),
    ];
    prop::collection::vec(word, 0..8).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3_000, ..ProptestConfig::default() })]

    /// Any line with any corpus secret put into it comes out without the
    /// secret, also behind a marker's opening typed into a field earlier
    /// in the line and closed later (`[REDACTED:x … ]`): only markers
    /// the redactor writes are left alone.
    #[test]
    fn an_inserted_secret_never_survives(
        before in ordinary(),
        after in ordinary(),
        pick in 0usize..100_000,
        fake_marker in any::<bool>(),
    ) {
        let (line, secret) = &CORPUS.0[pick % CORPUS.0.len()];
        let text = if fake_marker {
            format!("[REDACTED:x {before} {line} {after} ]")
        } else {
            format!("{before} {line} {after}")
        };
        let out = RED.clean_line(&mut Stream::default(), text.as_bytes());
        prop_assert!(!out.contains(secret.as_str()), "{:?} survived in {:?}", secret, out);
    }

    /// Text with no secret comes out byte for byte as it went in.
    #[test]
    fn ordinary_text_is_left_alone(text in ordinary()) {
        let out = RED.clean_line(&mut Stream::default(), text.as_bytes());
        prop_assert_eq!(out, text);
    }
}
