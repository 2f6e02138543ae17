//! The `when` language: a step's applicability condition.
//!
//! Deliberately small so a responder can read it at a glance:
//! `NAME == 'value'`, `NAME != 'value'`, `and`, `or`, `not` and parentheses.
//! NAME is an input id or a decision step id.
//!
//! ```text
//! expr  := or
//! or    := and ("or" and)*
//! and   := unary ("and" unary)*
//! unary := "not" unary | "(" expr ")" | NAME ("==" | "!=") STRING
//! ```

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Cmp(Comparison),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub name: String,
    pub equal: bool,
    pub value: String,
    /// Byte offsets of the name and the value inside the expression text,
    /// so the validator can point at the exact column of a bad reference.
    pub name_at: usize,
    pub value_at: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct WhenError {
    /// Byte offset inside the expression text.
    pub at: usize,
    pub message: String,
}

/// Nesting deeper than this is refused; no sane condition gets near it and
/// it keeps the recursive parser far from the stack's limit.
const MAX_DEPTH: usize = 32;

/// Long chains of `and`/`or` build deep trees too; a condition this long is
/// a mistake, not a runbook.
const MAX_TOKENS: usize = 256;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Name(String),
    Str(String),
    Eq,
    Ne,
    And,
    Or,
    Not,
    Open,
    Close,
}

fn lex(src: &str) -> Result<Vec<(usize, Tok)>, WhenError> {
    let mut out = Vec::new();
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'(' => {
                out.push((start, Tok::Open));
                i += 1;
            }
            b')' => {
                out.push((start, Tok::Close));
                i += 1;
            }
            b'=' | b'!' if bytes.get(i + 1) == Some(&b'=') => {
                out.push((start, if c == b'=' { Tok::Eq } else { Tok::Ne }));
                i += 2;
            }
            b'\'' | b'"' => {
                let Some(len) = src[i + 1..].find(c as char) else {
                    return Err(WhenError {
                        at: start,
                        message: "unterminated string".into(),
                    });
                };
                out.push((start, Tok::Str(src[i + 1..i + 1 + len].to_string())));
                i += len + 2;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'-' | b'.'))
                {
                    i += 1;
                }
                let word = &src[start..i];
                out.push((
                    start,
                    match word {
                        "and" => Tok::And,
                        "or" => Tok::Or,
                        "not" => Tok::Not,
                        _ => Tok::Name(word.to_string()),
                    },
                ));
            }
            _ => {
                let ch = src[i..].chars().next().unwrap_or('?');
                let hint = match ch {
                    '=' => " (comparisons use ==)",
                    '&' | '|' => " (use the words and, or)",
                    '!' => " (use the word not, or != to compare)",
                    _ => "",
                };
                return Err(WhenError {
                    at: start,
                    message: format!("unexpected `{ch}`{hint}"),
                });
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }

    fn here(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(at, _)| *at)
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, WhenError> {
        Err(WhenError {
            at: self.here(),
            message: message.into(),
        })
    }

    fn or(&mut self, depth: usize) -> Result<Expr, WhenError> {
        let mut left = self.and(depth)?;
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and(depth)?));
        }
        Ok(left)
    }

    fn and(&mut self, depth: usize) -> Result<Expr, WhenError> {
        let mut left = self.unary(depth)?;
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.unary(depth)?));
        }
        Ok(left)
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, WhenError> {
        if depth > MAX_DEPTH {
            return self.fail(format!("condition nested deeper than {MAX_DEPTH} levels"));
        }
        match self.peek().cloned() {
            Some(Tok::Not) => {
                self.pos += 1;
                Ok(Expr::Not(Box::new(self.unary(depth + 1)?)))
            }
            Some(Tok::Open) => {
                self.pos += 1;
                let inner = self.or(depth + 1)?;
                if self.peek() != Some(&Tok::Close) {
                    return self.fail("expected `)`");
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(Tok::Name(name)) => {
                let name_at = self.here();
                self.pos += 1;
                let equal = match self.peek() {
                    Some(Tok::Eq) => true,
                    Some(Tok::Ne) => false,
                    _ => return self.fail(format!("expected == or != after `{name}`")),
                };
                self.pos += 1;
                let value_at = self.here();
                let Some(Tok::Str(value)) = self.peek().cloned() else {
                    return self.fail("expected a quoted value such as 'yes'");
                };
                self.pos += 1;
                Ok(Expr::Cmp(Comparison {
                    name,
                    equal,
                    value,
                    name_at,
                    value_at,
                }))
            }
            Some(Tok::Str(_)) => {
                self.fail("a condition starts with a name, e.g. leaked == 'github-token'")
            }
            Some(_) => self.fail("expected a comparison, `not` or `(`"),
            None => self.fail("condition ends too early"),
        }
    }
}

/// Parses a condition; the error's offset points at the offending token.
pub fn parse(src: &str) -> Result<Expr, WhenError> {
    let toks = lex(src)?;
    if toks.len() > MAX_TOKENS {
        return Err(WhenError {
            at: 0,
            message: format!("condition longer than {MAX_TOKENS} words"),
        });
    }
    if toks.is_empty() {
        return Err(WhenError {
            at: 0,
            message: "empty condition".into(),
        });
    }
    let mut p = Parser {
        toks,
        pos: 0,
        end: src.len(),
    };
    let expr = p.or(0)?;
    if p.pos < p.toks.len() {
        return p.fail("expected `and`, `or` or the end of the condition");
    }
    Ok(expr)
}

impl Expr {
    /// Every comparison in the expression, left to right.
    pub fn comparisons(&self) -> Vec<&Comparison> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            match e {
                Expr::Cmp(c) => out.push(c),
                Expr::Not(a) => stack.push(a),
                Expr::And(a, b) | Expr::Or(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
            }
        }
        out
    }

    /// Three-valued evaluation: `None` while an answer the condition depends
    /// on is still unknown (an unanswered decision), so a step is neither
    /// shown as applicable nor dismissed too early.
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<String>) -> Option<bool> {
        match self {
            Expr::Cmp(c) => lookup(&c.name).map(|v| (v == c.value) == c.equal),
            Expr::Not(a) => a.eval(lookup).map(|v| !v),
            Expr::And(a, b) => match (a.eval(lookup), b.eval(lookup)) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            },
            Expr::Or(a, b) => match (a.eval(lookup), b.eval(lookup)) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            },
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Cmp(c) => write!(
                f,
                "{} {} '{}'",
                c.name,
                if c.equal { "==" } else { "!=" },
                c.value
            ),
            Expr::Not(a) => write!(f, "not {}", Paren(a)),
            Expr::And(a, b) => write!(f, "{} and {}", Paren(a), Paren(b)),
            Expr::Or(a, b) => write!(f, "{a} or {b}"),
        }
    }
}

/// Parenthesises an `or` when it sits inside a tighter operator.
struct Paren<'a>(&'a Expr);

impl fmt::Display for Paren<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Expr::Or(..) | Expr::And(..) => write!(f, "({})", self.0),
            e => write!(f, "{e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn eval(src: &str, answers: &[(&str, &str)]) -> Option<bool> {
        let map: HashMap<String, String> = answers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        parse(src).unwrap().eval(&|name| map.get(name).cloned())
    }

    #[test]
    fn evaluates_comparisons_and_connectives() {
        assert_eq!(
            eval("leaked == 'github-token'", &[("leaked", "github-token")]),
            Some(true)
        );
        assert_eq!(
            eval("leaked != 'github-token'", &[("leaked", "github-token")]),
            Some(false)
        );
        assert_eq!(
            eval("a == 'x' and b == \"y\"", &[("a", "x"), ("b", "y")]),
            Some(true)
        );
        assert_eq!(
            eval("a == 'x' and b == 'y'", &[("a", "x"), ("b", "n")]),
            Some(false)
        );
        assert_eq!(
            eval("a == 'x' or b == 'y'", &[("a", "n"), ("b", "y")]),
            Some(true)
        );
        assert_eq!(eval("not (a == 'x')", &[("a", "x")]), Some(false));
        assert_eq!(eval("not not a == 'x'", &[("a", "x")]), Some(true));
    }

    #[test]
    fn and_binds_tighter_than_or() {
        // a or (b and c): true through a alone.
        assert_eq!(
            eval(
                "a == '1' or b == '1' and c == '1'",
                &[("a", "1"), ("b", "0"), ("c", "0")]
            ),
            Some(true)
        );
        assert_eq!(
            eval(
                "(a == '1' or b == '1') and c == '1'",
                &[("a", "1"), ("b", "0"), ("c", "0")]
            ),
            Some(false)
        );
    }

    #[test]
    fn unknown_answers_stay_unknown_unless_decided_anyway() {
        assert_eq!(eval("a == 'x'", &[]), None);
        assert_eq!(eval("a == 'x' and b == 'y'", &[("a", "n")]), Some(false));
        assert_eq!(eval("a == 'x' or b == 'y'", &[("a", "x")]), Some(true));
        assert_eq!(eval("a == 'x' or b == 'y'", &[("a", "n")]), None);
    }

    #[test]
    fn errors_point_at_the_offending_token() {
        let cases = [
            ("", 0, "empty"),
            ("leaked = 'x'", 7, "=="),
            ("leaked == x", 10, "quoted"),
            ("leaked == 'x", 10, "unterminated"),
            ("(a == 'x'", 9, ")"),
            ("a == 'x' b == 'y'", 9, "end of the condition"),
            ("a == 'x' && b == 'y'", 9, "and, or"),
            ("'x' == a", 0, "starts with a name"),
            ("a == 'x' and", 12, "too early"),
        ];
        for (src, at, needle) in cases {
            let err = parse(src).unwrap_err();
            assert_eq!(err.at, at, "{src}: {err}");
            assert!(err.message.contains(needle), "{src}: {err}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!("{}a == 'x'{}", "(".repeat(40), ")".repeat(40));
        assert!(parse(&deep).unwrap_err().message.contains("nested deeper"));
        let deeper = format!("{}a == 'x'{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse(&deeper).is_err());
        let nots = format!("{}a == 'x'", "not ".repeat(10_000));
        assert!(parse(&nots).is_err());
        let long = vec!["a == 'x'"; 5_000].join(" and ");
        assert!(parse(&long).unwrap_err().message.contains("longer than"));
    }

    #[test]
    fn display_round_trips() {
        for src in [
            "a == 'x'",
            "not (a == 'x' or b != 'y') and c == 'z'",
            "a == 'x' or b == 'y' and c == 'z'",
        ] {
            let e = parse(src).unwrap();
            assert_eq!(parse(&e.to_string()).unwrap().to_string(), e.to_string());
        }
        assert_eq!(parse("(a == 'x')").unwrap().to_string(), "a == 'x'");
    }

    #[test]
    fn comparisons_lists_every_reference_with_offsets() {
        let e = parse("a == 'x' or not b != 'y'").unwrap();
        let c = e.comparisons();
        assert_eq!(c.len(), 2);
        assert_eq!(
            (c[0].name.as_str(), c[0].name_at, c[0].value_at),
            ("a", 0, 5)
        );
        assert_eq!(
            (c[1].name.as_str(), c[1].name_at, c[1].value_at),
            ("b", 16, 21)
        );
    }
}
