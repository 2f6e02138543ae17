//! The redaction corpus: for every built-in rule, lines in several log
//! formats that must be redacted (recall) and look-alikes that must not
//! (false positives). Files: tests/fixtures/redact/<rule>.txt.
//!
//! `+ line` marks the secret with ⟦ ⟧: the expected output is the line with
//! that span replaced by `[REDACTED:<rule>]`. `- line` must come out
//! unchanged. Lines starting with `#` are comments.

mod common;

use std::path::Path;
use warroom::redact::{Redactor, Stream};

struct Case {
    file: String,
    line_no: usize,
    input: String,
    expected: String,
    secret: Option<String>,
}

fn cases(path: &Path, rule: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(pos) = line.strip_prefix("+ ") {
            let (before, rest) = pos
                .split_once('⟦')
                .unwrap_or_else(|| panic!("{file}:{}: no ⟦", i + 1));
            let (secret, after) = rest
                .split_once('⟧')
                .unwrap_or_else(|| panic!("{file}:{}: no ⟧", i + 1));
            out.push(Case {
                file,
                line_no: i + 1,
                input: format!("{before}{secret}{after}"),
                expected: format!("{before}[REDACTED:{rule}]{after}"),
                secret: Some(secret.to_string()),
            });
        } else if let Some(neg) = line.strip_prefix("- ") {
            out.push(Case {
                file,
                line_no: i + 1,
                input: neg.to_string(),
                expected: neg.to_string(),
                secret: None,
            });
        }
    }
    out
}

#[test]
fn every_rule_has_full_recall_and_no_false_positives() {
    let dir = common::fixtures().join("redact");
    let red = Redactor::builtin();
    let mut failures = Vec::new();
    let (mut positives, mut negatives, mut files) = (0, 0, 0);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let rule = path.file_stem().unwrap().to_string_lossy().into_owned();
        let cases = cases(&path, &rule);
        let pos = cases.iter().filter(|c| c.secret.is_some()).count();
        let neg = cases.len() - pos;
        assert!(
            pos >= 3 && neg >= 3,
            "{rule}: {pos} positives, {neg} negatives; at least 3 of each"
        );
        positives += pos;
        negatives += neg;
        files += 1;
        for c in cases {
            let got = red.clean_line(&mut Stream::default(), c.input.as_bytes());
            if got != c.expected {
                failures.push(format!(
                    "{}:{}\n  input:    {}\n  expected: {}\n  got:      {}",
                    c.file, c.line_no, c.input, c.expected, got
                ));
            }
            if let Some(secret) = &c.secret {
                // No prefix or suffix of the secret may survive either.
                let edge = secret.len().min(8);
                for part in [&secret[..edge], &secret[secret.len() - edge..]] {
                    if secret.len() >= 12 && got.contains(part) && !c.expected.contains(part) {
                        failures.push(format!(
                            "{}:{}: `{part}` of the secret survived in {got}",
                            c.file, c.line_no
                        ));
                    }
                }
            }
        }
    }
    assert!(files >= 29, "{files} rule files");
    eprintln!("corpus: {files} rules, {positives} positives, {negatives} negatives");
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        positives + negatives,
        failures.join("\n")
    );
}
