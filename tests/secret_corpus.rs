//! The generated corpus (`scripts/gen-secret-corpus.py`): positive lines
//! from every credential format of gitleaks' default rules, secretlint's
//! recommended preset and trufflehog's detectors, plus secrets in context,
//! in ten framings; and look-alikes that must come out byte-identical.
//!
//! A positive passes when its output is exactly the line with the marked
//! span replaced by one `[REDACTED:<rule>]` marker: the secret is gone and
//! nothing around it was eaten.

use std::collections::BTreeSet;
use warroom::redact::Redactor;

fn corpus(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/secrets")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `(kind, framing, before, secret, after)` of every positive line.
pub fn positives() -> Vec<(String, String, String, String, String)> {
    corpus("positives.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let (kind, framing, line) = (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
            );
            let (before, rest) = line.split_once('⟦').expect("⟦");
            let (secret, after) = rest.split_once('⟧').expect("⟧");
            (
                kind.into(),
                framing.into(),
                before.into(),
                secret.into(),
                after.into(),
            )
        })
        .collect()
}

fn is_exact(out: &str, before: &str, after: &str) -> bool {
    // A JSON string's trailing `\n` escape may go with the key it ends
    // (`"private_key":"-----BEGIN…-----END PRIVATE KEY-----\n"`): it says
    // nothing, so the marker may take it too.
    let after_nl = after.strip_prefix("\\n");
    let Some(mid) = out.strip_prefix(before).and_then(|m| {
        m.strip_suffix(after)
            .or_else(|| after_nl.and_then(|a| m.strip_suffix(a)))
    }) else {
        return false;
    };
    mid.strip_prefix("[REDACTED:")
        .and_then(|m| m.strip_suffix(']'))
        .is_some_and(|name| {
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

#[test]
fn every_positive_is_redacted_exactly_and_every_look_alike_is_left_alone() {
    let red = Redactor::builtin();
    let positives = positives();
    let kinds: BTreeSet<&str> = positives.iter().map(|p| p.0.as_str()).collect();
    let framings: BTreeSet<&str> = positives.iter().map(|p| p.1.as_str()).collect();
    assert!(positives.len() >= 1_500, "{} positives", positives.len());
    assert!(kinds.len() >= 150, "{} kinds", kinds.len());
    assert!(framings.len() >= 6, "{framings:?}");
    let mut leaked = Vec::new();
    let mut inexact = Vec::new();
    for (kind, framing, before, secret, after) in &positives {
        let line = format!("{before}{secret}{after}");
        let out = red.redact(&line);
        if out.contains(secret.as_str()) {
            leaked.push(format!("{kind} [{framing}]: {out}"));
        } else if !is_exact(&out, before, after) {
            inexact.push(format!(
                "{kind} [{framing}]:\n    want {before}⟦…⟧{after}\n    got  {out}"
            ));
        }
    }
    let mut changed = Vec::new();
    let mut negatives = 0;
    for l in corpus("negatives.txt").lines() {
        if l.starts_with('#') || l.is_empty() {
            continue;
        }
        let (kind, line) = l.split_once('\t').expect("kind<TAB>line");
        negatives += 1;
        let out = red.redact(line);
        if out != line {
            changed.push(format!("{kind}: {out}"));
        }
    }
    assert!(negatives >= 1_000, "{negatives} negatives");
    let report = |name: &str, v: &[String]| {
        format!(
            "{name}: {}\n{}",
            v.len(),
            v.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
        )
    };
    assert!(
        leaked.is_empty() && inexact.is_empty() && changed.is_empty(),
        "{} positives over {} kinds in {} framings, {negatives} look-alikes\n{}\n{}\n{}",
        positives.len(),
        kinds.len(),
        framings.len(),
        report("secret still shown", &leaked),
        report("redacted, but not exactly the span", &inexact),
        report("look-alikes changed", &changed),
    );
}

#[test]
fn the_block_path_cleans_every_corpus_line_as_the_line_path_does() {
    // `warroom redact` cleans whole blocks, where what the block scan found
    // (anchors, runs, clean ASCII) sends most lines down a shorter path;
    // a line cleaned alone takes the general one. Both must agree.
    use warroom::redact::Stream;
    let red = Redactor::builtin();
    let mut lines: Vec<String> = positives()
        .into_iter()
        .map(|(_, _, before, secret, after)| format!("{before}{secret}{after}"))
        .collect();
    lines.extend(
        corpus("negatives.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t').map(|(_, line)| line.to_string())),
    );
    let block = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    let mut out = Vec::new();
    red.clean_lines(&mut Stream::default(), block.as_bytes(), &mut out, None);
    let mut stream = Stream::default();
    let want: String = lines
        .iter()
        .map(|l| format!("{}\n", red.clean_line(&mut stream, l.as_bytes())))
        .collect();
    let got = String::from_utf8(out).expect("UTF-8");
    for (g, w) in got.lines().zip(want.lines()) {
        assert_eq!(g, w);
    }
    assert_eq!(got.lines().count(), want.lines().count());
    assert!(lines.len() > 4_000, "{} lines", lines.len());
}

/// `cargo test --test secret_corpus -- --ignored --nocapture dump`: every
/// failing line, for working on the rules.
#[test]
#[ignore]
fn dump() {
    let red = Redactor::builtin();
    for (kind, framing, before, secret, after) in positives() {
        let line = format!("{before}{secret}{after}");
        let out = red.redact(&line);
        if out.contains(secret.as_str()) {
            println!("LEAK\t{kind}\t{framing}\t{line}");
        } else if !is_exact(&out, &before, &after) {
            println!("INEXACT\t{kind}\t{framing}\t{before}⟦{secret}⟧{after}\t=> {out}");
        }
    }
    for l in corpus("negatives.txt").lines() {
        if let Some((kind, line)) = l.split_once('\t')
            && !l.starts_with('#')
        {
            let out = red.redact(line);
            if out != line {
                println!("FP\t{kind}\t{out}");
            }
        }
    }
}
