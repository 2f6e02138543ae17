//! From TOML text to a checked [`Playbook`], reporting every error of a file
//! at once, each at the line and column of the key or value it concerns.
//!
//! serde stops at the first error, so the document is parsed into toml's
//! spanned tree and read by hand: unknown keys, wrong types and missing
//! fields all become diagnostics, then the semantic checks run on what was
//! read, with the positions kept beside it.

use super::diag::{Diagnostic, Sink, at_file};
use super::when;
use super::*;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

type Value<'i> = Spanned<DeValue<'i>>;

/// Parses and checks one playbook file. `file` names it in diagnostics.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Playbook, Vec<Diagnostic>> {
    let src = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, col) = super::diag::LineIndex::new(valid).locate(valid.len());
            let byte = bytes[e.valid_up_to()];
            return Err(vec![at_file(
                file,
                line,
                col,
                format!("file is not UTF-8 text (byte 0x{byte:02x})"),
            )]);
        }
    };
    // A byte-order mark is harmless; blank it out so offsets stay put.
    let owned;
    let src = match src.strip_prefix('\u{feff}') {
        Some(rest) => {
            owned = format!("   {rest}");
            owned.as_str()
        }
        None => src,
    };
    if src.trim().is_empty() {
        return Err(vec![at_file(
            file,
            1,
            1,
            "file is empty (a playbook needs at least id, title, phases and steps)",
        )]);
    }

    let mut sink = Sink::new(file, src);
    let (doc, errors) = DeTable::parse_recoverable(src);
    if !errors.is_empty() {
        for e in errors {
            let at = e.span().map_or(0, |s| s.start);
            sink.error(at, format!("TOML syntax: {}", e.message().trim()));
        }
        return Err(sink.diags);
    }

    let mut reader = Reader { src, sink };
    let top = Table {
        entries: doc.get_ref(),
        allowed: TOP_KEYS,
        at: 0,
        what: "the playbook".into(),
    };
    let (playbook, at) = reader.playbook(&top);
    check(&mut reader, &playbook, &at);
    if reader.sink.diags.is_empty() {
        Ok(playbook)
    } else {
        reader.sink.diags.sort_by_key(|d| (d.line, d.col));
        Err(reader.sink.diags)
    }
}

/// A value with the byte offset it came from.
#[derive(Clone, Debug, Default)]
struct Loc<T> {
    v: T,
    at: usize,
}

/// Where the things semantic checks point at were found.
#[derive(Default)]
struct Positions {
    inputs: Vec<InputAt>,
    phases: Vec<PhaseAt>,
    steps: Vec<StepAt>,
    log_names: Vec<usize>,
    all_log_names: Vec<String>,
    injections: Vec<InjectAt>,
    redact: Vec<RedactAt>,
}

#[derive(Default)]
struct InputAt {
    id: usize,
    choices: Vec<usize>,
    default: usize,
}

#[derive(Default)]
struct PhaseAt {
    id: usize,
    due: usize,
}

#[derive(Default)]
struct StepAt {
    id: usize,
    phase: usize,
    after: Vec<usize>,
    /// Offset of the first character of the condition text, when it can be
    /// mapped character for character (no escapes); else of the value.
    when: usize,
    when_exact: bool,
    choices: Vec<usize>,
}

#[derive(Default)]
struct InjectAt {
    source: usize,
    expects: Vec<usize>,
}

#[derive(Default)]
struct RedactAt {
    pattern: usize,
    table: usize,
    /// Each key's place.
    keys: Vec<usize>,
}

struct Table<'t, 'i> {
    entries: &'t DeTable<'i>,
    /// The keys this table may have; also used to tell a typo from a gap.
    allowed: &'static [&'static str],
    /// Where to point when a required key is missing.
    at: usize,
    what: String,
}

impl<'t, 'i> Table<'t, 'i> {
    fn get(&self, key: &str) -> Option<&'t Value<'i>> {
        self.entries
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }
}

fn kind(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

const TOP_KEYS: &[&str] = &[
    "id", "title", "summary", "severity", "source", "roles", "inputs", "phases", "steps", "logs",
    "drill", "redact",
];
const INPUT_KEYS: &[&str] = &["id", "prompt", "choices", "default"];
const PHASE_KEYS: &[&str] = &["id", "title", "due", "due_origin", "summary"];
const STEP_KEYS: &[&str] = &[
    "id",
    "phase",
    "title",
    "body",
    "annotation",
    "commands",
    "checks",
    "role",
    "after",
    "when",
    "choices",
    "approval",
    "done_on_success",
    "timeout",
    "one_shell",
    "placeholders",
];
const LOG_KEYS: &[&str] = &["name", "path", "command"];
const DRILL_KEYS: &[&str] = &["inject"];
const INJECT_KEYS: &[&str] = &["at", "log", "source", "expects"];
const REDACT_KEYS: &[&str] = &["name", "pattern", "keys"];

struct Reader<'s> {
    src: &'s str,
    sink: Sink<'s>,
}

impl<'s> Reader<'s> {
    fn error(&mut self, at: usize, msg: impl Into<String>) {
        self.sink.error(at, msg);
    }

    fn unknown_keys(&mut self, t: &Table) {
        let allowed = t.allowed;
        for (k, _) in t.entries.iter() {
            let key = k.get_ref().as_ref();
            if allowed.contains(&key) {
                continue;
            }
            let hint = match closest(key, allowed) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("expected one of: {}", allowed.join(", ")),
            };
            self.error(
                k.span().start,
                format!("unknown key `{key}` in {}; {hint}", t.what),
            );
        }
    }

    /// Playbook text is shown on responders' terminals: no control
    /// characters or bidi overrides, and line breaks only where text may
    /// span lines.
    fn printable(&mut self, key: &str, t: &Table, text: &str, at: usize) {
        const MULTI_LINE: &[&str] = &["body", "summary", "commands", "checks"];
        let multi = MULTI_LINE.contains(&key);
        let bad = text.chars().find(|&c| {
            let control = c.is_control() && !(multi && (c == '\n' || c == '\t' || c == '\r'));
            control || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        });
        if let Some(c) = bad {
            let what = if c == '\n' {
                "a line break".to_string()
            } else {
                format!("the control character U+{:04X}", c as u32)
            };
            self.error(
                at,
                format!(
                    "`{key}` in {} contains {what}; playbook text must be printable",
                    t.what
                ),
            );
        }
    }

    fn string(&mut self, t: &Table, key: &str, required: bool) -> Option<Loc<String>> {
        let Some(v) = t.get(key) else {
            // A misspelt key is already reported with "did you mean";
            // saying the right one is missing too would be noise.
            let misspelt = t.entries.iter().any(|(k, _)| {
                let k = k.get_ref().as_ref();
                !t.allowed.contains(&k) && closest(k, t.allowed) == Some(key)
            });
            if required && !misspelt {
                self.error(
                    t.at,
                    format!("{} is missing the required key `{key}`", t.what),
                );
            }
            return None;
        };
        match v.get_ref() {
            DeValue::String(s) if required && s.trim().is_empty() => {
                self.error(
                    v.span().start,
                    format!("`{key}` in {} must not be empty", t.what),
                );
                None
            }
            DeValue::String(s) => {
                self.printable(key, t, s, v.span().start);
                Some(Loc {
                    v: s.to_string(),
                    at: v.span().start,
                })
            }
            other => {
                self.error(
                    v.span().start,
                    format!(
                        "`{key}` in {} must be a string, not {}",
                        t.what,
                        kind(other)
                    ),
                );
                None
            }
        }
    }

    fn boolean(&mut self, t: &Table, key: &str) -> bool {
        match t.get(key).map(|v| (v.span().start, v.get_ref())) {
            None => false,
            Some((_, DeValue::Boolean(b))) => *b,
            Some((at, other)) => {
                let found = kind(other);
                self.error(
                    at,
                    format!("`{key}` in {} must be true or false, not {found}", t.what),
                );
                false
            }
        }
    }

    /// `approval = true`, or the reason it is needed as a string.
    fn approval(&mut self, t: &Table) -> Approval {
        match t.get("approval").map(|v| (v.span().start, v.get_ref())) {
            None | Some((_, DeValue::Boolean(false))) => Approval::NotNeeded,
            Some((_, DeValue::Boolean(true))) => Approval::Needed(None),
            Some((_, DeValue::String(_))) => match self.string(t, "approval", true) {
                Some(why) => Approval::Needed(Some(why.v)),
                None => Approval::Needed(None),
            },
            Some((at, other)) => {
                let found = kind(other);
                self.error(
                    at,
                    format!(
                        "`approval` in {} must be true, false or the reason it is needed, not {found}",
                        t.what
                    ),
                );
                Approval::NotNeeded
            }
        }
    }

    fn strings(&mut self, t: &Table, key: &str) -> Vec<Loc<String>> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            let found = kind(v.get_ref());
            self.error(
                v.span().start,
                format!(
                    "`{key}` in {} must be an array of strings, not {found}",
                    t.what
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::String(s) => {
                    self.printable(key, t, s, item.span().start);
                    out.push(Loc {
                        v: s.to_string(),
                        at: item.span().start,
                    })
                }
                other => self.error(
                    item.span().start,
                    format!(
                        "`{key}` in {} must contain only strings, not {}",
                        t.what,
                        kind(other)
                    ),
                ),
            }
        }
        out
    }

    /// An array of tables such as `[[steps]]`; `what` names one entry.
    fn tables<'t, 'i>(
        &mut self,
        t: &Table<'t, 'i>,
        key: &str,
        what: &str,
        allowed: &'static [&'static str],
    ) -> Vec<Table<'t, 'i>> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            let found = kind(v.get_ref());
            self.error(
                v.span().start,
                format!("`{key}` must be an array of tables (write [[{key}]]), not {found}"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (n, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::Table(entries) => out.push(Table {
                    entries,
                    allowed,
                    at: item.span().start,
                    what: format!("{what} #{}", n + 1),
                }),
                other => self.error(
                    item.span().start,
                    format!("each `{key}` entry must be a table, not {}", kind(other)),
                ),
            }
        }
        out
    }

    fn playbook(&mut self, top: &Table) -> (Playbook, Positions) {
        self.unknown_keys(top);
        let mut at = Positions::default();
        let id = self.string(top, "id", true);
        let title = self.string(top, "title", true);
        let summary = self.string(top, "summary", false).map(|l| l.v);
        let source = self.string(top, "source", false).map(|l| l.v);
        let severity = match self.string(top, "severity", false) {
            None => Severity::P2,
            Some(l) => Severity::parse(&l.v).unwrap_or_else(|| {
                self.error(
                    l.at,
                    format!("unknown severity `{}` (expected P0, P1, P2 or P3)", l.v),
                );
                Severity::P2
            }),
        };
        if let Some(id) = &id {
            self.check_id(id, "playbook id");
        }
        let inputs = self
            .tables(top, "inputs", "input", INPUT_KEYS)
            .iter()
            .map(|t| self.input(t, &mut at))
            .collect();
        let phases = self
            .tables(top, "phases", "phase", PHASE_KEYS)
            .iter()
            .map(|t| self.phase(t, &mut at))
            .collect();
        let steps = self
            .tables(top, "steps", "step", STEP_KEYS)
            .iter()
            .map(|t| self.step(t, &mut at))
            .collect();
        let logs = self
            .tables(top, "logs", "log source", LOG_KEYS)
            .iter()
            .filter_map(|t| self.log(t, &mut at))
            .collect();
        let injections = self.drill(top, &mut at);
        let roles = self.roles(top);
        let redact = self
            .tables(top, "redact", "redact rule", REDACT_KEYS)
            .iter()
            .map(|t| self.redact_rule(t, &mut at))
            .collect();
        let playbook = Playbook {
            id: id.map(|l| l.v).unwrap_or_default(),
            title: title.map(|l| l.v).unwrap_or_default(),
            summary,
            severity,
            source,
            inputs,
            phases,
            steps,
            logs,
            injections,
            redact,
            roles,
        };
        (playbook, at)
    }

    /// `roles = ["security-lead"]`: roles beside commander, scribe and
    /// comms, named like ids.
    fn roles(&mut self, top: &Table) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in self.strings(top, "roles") {
            let ok = !r.v.is_empty()
                && r.v
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !ok {
                self.error(
                    r.at,
                    format!(
                        "role `{}` must be lowercase letters, digits and dashes",
                        r.v
                    ),
                );
            } else if DEFAULT_ROLES.contains(&r.v.as_str()) || out.contains(&r.v) {
                self.error(
                    r.at,
                    format!(
                        "role `{}` is listed twice (commander, scribe and comms are always there)",
                        r.v
                    ),
                );
            } else {
                out.push(r.v);
            }
        }
        out
    }

    /// Names an entry by its id once known, so later messages read
    /// "step `rotate-all`" rather than "step #4".
    fn named(&mut self, t: &mut Table, kind: &str) -> Loc<String> {
        let id = self.string(t, "id", true).unwrap_or_default();
        if !id.v.is_empty() {
            t.what = format!("{kind} `{}`", id.v);
            self.check_id(&id, &format!("{kind} id"));
        }
        id
    }

    fn check_id(&mut self, id: &Loc<String>, what: &str) {
        let ok = id.v.len() <= 64
            && id
                .v
                .starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && id
                .v
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            self.error(
                id.at,
                format!("{what} `{}` must be lowercase letters, digits and dashes (at most 64), e.g. rotate-all", id.v),
            );
        }
    }

    fn input(&mut self, t: &Table, at: &mut Positions) -> Input {
        let mut t = Table {
            entries: t.entries,
            allowed: t.allowed,
            at: t.at,
            what: t.what.clone(),
        };
        let id = self.named(&mut t, "input");
        self.unknown_keys(&t);
        let prompt = self
            .string(&t, "prompt", true)
            .map(|l| l.v)
            .unwrap_or_default();
        let choices = self.strings(&t, "choices");
        let default = self.string(&t, "default", false);
        at.inputs.push(InputAt {
            id: id.at,
            choices: choices.iter().map(|c| c.at).collect(),
            default: default.as_ref().map_or(t.at, |d| d.at),
        });
        Input {
            id: id.v,
            prompt,
            choices: choices.into_iter().map(|c| c.v).collect(),
            default: default.map(|d| d.v),
        }
    }

    fn phase(&mut self, t: &Table, at: &mut Positions) -> Phase {
        let mut t = Table {
            entries: t.entries,
            allowed: t.allowed,
            at: t.at,
            what: t.what.clone(),
        };
        let id = self.named(&mut t, "phase");
        self.unknown_keys(&t);
        let title = self
            .string(&t, "title", true)
            .map(|l| l.v)
            .unwrap_or_default();
        let summary = self.string(&t, "summary", false).map(|l| l.v);
        let due = self.string(&t, "due", false);
        let due_at = due.as_ref().map_or(t.at, |d| d.at);
        let due = due.and_then(|d| match Offset::parse(&d.v) {
            Ok(o) if o == Offset::ZERO => {
                self.error(
                    d.at,
                    format!("`due` of {} must be after the declaration, not 0", t.what),
                );
                None
            }
            Ok(o) => Some(o),
            Err(e) => {
                self.error(d.at, format!("`due` of {}: {e}", t.what));
                None
            }
        });
        let due_origin = self.due_origin(&t, due.is_some());
        at.phases.push(PhaseAt {
            id: id.at,
            due: due_at,
        });
        Phase {
            id: id.v,
            title,
            due,
            due_origin,
            summary,
        }
    }

    /// Whose deadline this is. Only a timed phase may say; a playbook that
    /// says nothing means its own deadline, which is the source's.
    fn due_origin(&mut self, t: &Table, timed: bool) -> DueOrigin {
        let Some(origin) = self.string(t, "due_origin", false) else {
            return DueOrigin::Source;
        };
        if !timed {
            self.error(
                origin.at,
                format!(
                    "`due_origin` of {} has no `due` to describe; remove it or add a deadline",
                    t.what
                ),
            );
        }
        match DueOrigin::parse(&origin.v) {
            Some(o) => o,
            None => {
                self.error(
                    origin.at,
                    format!(
                        "`due_origin` of {} must be \"source\" or \"suggested\", not {:?}",
                        t.what, origin.v
                    ),
                );
                DueOrigin::Source
            }
        }
    }

    fn step(&mut self, t: &Table, at: &mut Positions) -> Step {
        let mut t = Table {
            entries: t.entries,
            allowed: t.allowed,
            at: t.at,
            what: t.what.clone(),
        };
        let id = self.named(&mut t, "step");
        self.unknown_keys(&t);
        let phase = self.string(&t, "phase", true).unwrap_or_default();
        let title = self
            .string(&t, "title", true)
            .map(|l| l.v)
            .unwrap_or_default();
        let body = self.string(&t, "body", false).map(|l| l.v);
        let annotation = self.string(&t, "annotation", false).map(|l| l.v);
        let role = self.string(&t, "role", false).map(|l| l.v);
        let commands = self
            .strings(&t, "commands")
            .into_iter()
            .map(|l| l.v)
            .collect();
        let checks = self
            .strings(&t, "checks")
            .into_iter()
            .map(|l| l.v)
            .collect();
        let after = self.strings(&t, "after");
        let choices = self.strings(&t, "choices");
        let approval = self.approval(&t);
        let done_on_success = self.boolean(&t, "done_on_success");
        let one_shell = self.boolean(&t, "one_shell");
        let placeholders: Vec<String> = self
            .strings(&t, "placeholders")
            .into_iter()
            .map(|l| l.v)
            .collect();
        let timeout = self
            .string(&t, "timeout", false)
            .and_then(|d| match Offset::parse(&d.v) {
                Ok(o) if o == Offset::ZERO => {
                    self.error(
                        d.at,
                        format!("`timeout` of {} must be longer than 0", t.what),
                    );
                    None
                }
                Ok(o) => Some(o),
                Err(e) => {
                    self.error(d.at, format!("`timeout` of {}: {e}", t.what));
                    None
                }
            });
        let choices_key = t.get("choices").map_or(t.at, |v| v.span().start);
        if t.get("choices")
            .is_some_and(|v| matches!(v.get_ref(), DeValue::Array(a) if a.is_empty()))
        {
            self.error(
                choices_key,
                format!(
                    "`choices` of {} is empty; remove it or list the answers",
                    t.what
                ),
            );
        }
        let mut step_at = StepAt {
            id: id.at,
            phase: phase.at,
            after: after.iter().map(|a| a.at).collect(),
            choices: choices.iter().map(|c| c.at).collect(),
            ..Default::default()
        };
        let when = self.string(&t, "when", false).and_then(|w| {
            let (offset, exact) = text_start(self.src, t.get("when").map(|v| v.span()), &w.v);
            step_at.when = offset;
            step_at.when_exact = exact;
            match when::parse(&w.v) {
                Ok(expr) => Some(Condition { text: w.v, expr }),
                Err(e) => {
                    let pos = if exact { offset + e.at } else { offset };
                    self.error(pos, format!("`when` of {}: {e}", t.what));
                    None
                }
            }
        });
        at.steps.push(step_at);
        Step {
            id: id.v,
            phase: phase.v,
            title,
            body,
            annotation,
            commands,
            checks,
            role,
            after: after.into_iter().map(|a| a.v).collect(),
            when,
            choices: choices.into_iter().map(|c| c.v).collect(),
            run: RunSpec {
                approval,
                done_on_success,
                timeout,
                one_shell,
                placeholders,
            },
        }
    }

    fn log(&mut self, t: &Table, at: &mut Positions) -> Option<LogSource> {
        let mut t = Table {
            entries: t.entries,
            allowed: t.allowed,
            at: t.at,
            what: t.what.clone(),
        };
        let t = &mut t;
        self.unknown_keys(t);
        let name = self.string(t, "name", false);
        if let Some(n) = &name {
            t.what = format!("log source `{}`", n.v);
            // Known even if the source itself turns out broken, so a drill
            // injection naming it is not reported as unknown too.
            at.all_log_names.push(n.v.clone());
        }
        let path = self.string(t, "path", false);
        let command = t
            .get("command")
            .map(|v| (v.span().start, self.strings(t, "command")));
        at.log_names.push(name.as_ref().map_or(t.at, |n| n.at));
        let target = match (path, command) {
            (Some(p), None) => LogTarget::Path(p.v),
            (None, Some((_, argv))) if !argv.is_empty() => {
                LogTarget::Command(argv.into_iter().map(|a| a.v).collect())
            }
            (None, Some((pos, _))) => {
                self.error(pos, format!("`command` of {} must name a program, e.g. [\"journalctl\", \"-fu\", \"nginx\"]", t.what));
                return None;
            }
            (Some(p), Some(_)) => {
                self.error(
                    p.at,
                    format!("{} has both `path` and `command`; give one", t.what),
                );
                return None;
            }
            (None, None) => {
                self.error(t.at, format!("{} needs a `path` or a `command`", t.what));
                return None;
            }
        };
        Some(LogSource {
            name: name.map(|n| n.v),
            target,
        })
    }

    fn drill(&mut self, top: &Table, at: &mut Positions) -> Vec<Injection> {
        let Some(v) = top.get("drill") else {
            return Vec::new();
        };
        let DeValue::Table(entries) = v.get_ref() else {
            self.error(
                v.span().start,
                format!("`drill` must be a table, not {}", kind(v.get_ref())),
            );
            return Vec::new();
        };
        let drill = Table {
            entries,
            allowed: DRILL_KEYS,
            at: v.span().start,
            what: "[drill]".into(),
        };
        self.unknown_keys(&drill);
        let mut out = Vec::new();
        for t in self.tables(&drill, "inject", "drill injection", INJECT_KEYS) {
            self.unknown_keys(&t);
            let when = self.string(&t, "at", true);
            let log = self.string(&t, "log", true);
            let source = self.string(&t, "source", false);
            let expects = self.strings(&t, "expects");
            at.injections.push(InjectAt {
                source: source.as_ref().map_or(t.at, |s| s.at),
                expects: expects.iter().map(|e| e.at).collect(),
            });
            let offset = when.and_then(|w| match Offset::parse(&w.v) {
                Ok(o) => Some(o),
                Err(e) => {
                    self.error(w.at, format!("`at` of {}: {e}", t.what));
                    None
                }
            });
            out.push(Injection {
                at: offset.unwrap_or_default(),
                log: log.map(|l| l.v).unwrap_or_default(),
                source: source.map(|s| s.v),
                expects: expects.into_iter().map(|e| e.v).collect(),
            });
        }
        out
    }

    fn redact_rule(&mut self, t: &Table, at: &mut Positions) -> RedactRule {
        self.unknown_keys(t);
        let name = self
            .string(t, "name", true)
            .map(|l| l.v)
            .unwrap_or_default();
        let pattern = self.string(t, "pattern", false);
        let keys = self.strings(t, "keys");
        at.redact.push(RedactAt {
            pattern: pattern.as_ref().map_or(t.at, |p| p.at),
            table: t.at,
            keys: keys.iter().map(|k| k.at).collect(),
        });
        RedactRule {
            name,
            pattern: pattern.map(|p| p.v),
            keys: keys.into_iter().map(|k| k.v).collect(),
        }
    }
}

/// Where the text of a string value starts, and whether offsets inside the
/// text map one to one onto the file (true unless escapes intervene).
fn text_start(src: &str, span: Option<Range<usize>>, text: &str) -> (usize, bool) {
    let Some(span) = span else { return (0, false) };
    let raw = src.get(span.clone()).unwrap_or_default();
    let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else {
        1
    };
    match raw.get(quote..) {
        Some(rest) if rest.starts_with(text) => (span.start + quote, true),
        _ => (span.start, false),
    }
}

/// The allowed key nearest to a misspelt one, if it is near enough to be a typo.
fn closest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| (edit_distance(key, a), *a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 4) && *d < a.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

/// Levenshtein distance, for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Cross-references: ids, phases, prerequisites, conditions, deadlines.
fn check(r: &mut Reader, pb: &Playbook, at: &Positions) {
    if pb.phases.is_empty() {
        r.error(
            0,
            "the playbook has no phases; add at least one [[phases]] entry",
        );
    }
    if pb.steps.is_empty() {
        r.error(
            0,
            "the playbook has no steps; add at least one [[steps]] entry",
        );
    }
    check_duplicates(
        r,
        "input",
        pb.inputs
            .iter()
            .map(|i| i.id.as_str())
            .zip(at.inputs.iter().map(|a| a.id)),
    );
    check_duplicates(
        r,
        "phase",
        pb.phases
            .iter()
            .map(|p| p.id.as_str())
            .zip(at.phases.iter().map(|a| a.id)),
    );
    check_duplicates(
        r,
        "step",
        pb.steps
            .iter()
            .map(|s| s.id.as_str())
            .zip(at.steps.iter().map(|a| a.id)),
    );
    let names = pb
        .logs
        .iter()
        .zip(&at.log_names)
        .filter_map(|(l, a)| l.name.as_deref().map(|n| (n, *a)));
    check_duplicates(r, "log source name", names);
    check_inputs(r, pb, at);
    check_phases(r, pb, at);
    check_steps(r, pb, at);
    check_cycles(r, pb, at);
    check_drill_and_redact(r, pb, at);
}

fn check_duplicates<'a>(r: &mut Reader, what: &str, items: impl Iterator<Item = (&'a str, usize)>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (id, pos) in items {
        if id.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(id) {
            let line = r.sink.line_of(*first);
            r.error(
                pos,
                format!("duplicate {what} `{id}` (first defined on line {line})"),
            );
        } else {
            seen.insert(id, pos);
        }
    }
}

fn check_choices(r: &mut Reader, owner: &str, choices: &[String], positions: &[usize]) {
    let mut seen = HashSet::new();
    for (c, pos) in choices.iter().zip(positions) {
        if c.trim().is_empty() {
            r.error(*pos, format!("{owner} has an empty choice"));
        } else if !seen.insert(c.as_str()) {
            r.error(*pos, format!("{owner} lists the choice `{c}` twice"));
        }
    }
}

fn check_inputs(r: &mut Reader, pb: &Playbook, at: &Positions) {
    for (input, pos) in pb.inputs.iter().zip(&at.inputs) {
        let owner = format!("input `{}`", input.id);
        check_choices(r, &owner, &input.choices, &pos.choices);
        if let Some(d) = &input.default
            && !input.choices.is_empty()
            && !input.choices.contains(d)
        {
            r.error(
                pos.default,
                format!(
                    "default `{d}` of {owner} is not one of its choices ({})",
                    input.choices.join(", ")
                ),
            );
        }
        if pb.step(&input.id).is_some_and(Step::is_decision) {
            r.error(pos.id, format!("input `{}` has the same id as a decision step; `when` could not tell them apart", input.id));
        }
    }
}

fn check_phases(r: &mut Reader, pb: &Playbook, at: &Positions) {
    let used: HashSet<&str> = pb.steps.iter().map(|s| s.phase.as_str()).collect();
    let mut latest: Option<(&Phase, Offset)> = None;
    let mut untimed_before: Option<&Phase> = None;
    for (phase, pos) in pb.phases.iter().zip(&at.phases) {
        match (phase.due, latest) {
            (Some(due), Some((prev, prev_due))) if due < prev_due => r.error(
                pos.due,
                format!(
                    "phase `{}` is due at {due}, before the earlier phase `{}` ({prev_due}); phases go in deadline order",
                    phase.id, prev.id
                ),
            ),
            (Some(_), _) if untimed_before.is_some() => r.error(
                pos.due,
                format!(
                    "timed phase `{}` follows the untimed phase `{}`; untimed phases come last",
                    phase.id,
                    untimed_before.map_or("", |p| p.id.as_str())
                ),
            ),
            _ => {}
        }
        match phase.due {
            Some(due) => latest = Some((phase, due)),
            None => untimed_before = untimed_before.or(Some(phase)),
        }
        if !phase.id.is_empty() && !used.contains(phase.id.as_str()) {
            r.error(pos.id, format!("phase `{}` has no steps", phase.id));
        }
    }
}

fn list(ids: impl Iterator<Item = impl AsRef<str>>) -> String {
    let all: Vec<String> = ids
        .map(|s| s.as_ref().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if all.is_empty() {
        "none defined".into()
    } else {
        all.join(", ")
    }
}

/// A cycle of hundreds of steps is shown by its ends, not in full.
fn cycle_text(names: &[&str]) -> String {
    if names.len() <= 12 {
        return names.join(" → ");
    }
    let head = names[..5].join(" → ");
    let tail = names[names.len() - 2..].join(" → ");
    format!("{head} → … ({} more) → {tail}", names.len() - 7)
}

fn check_steps(r: &mut Reader, pb: &Playbook, at: &Positions) {
    // Sets, not scans: a generated playbook may have tens of thousands of steps.
    let steps: HashSet<&str> = pb.steps.iter().map(|s| s.id.as_str()).collect();
    let phases: HashSet<&str> = pb.phases.iter().map(|p| p.id.as_str()).collect();
    let decisions: HashMap<&str, &Step> = pb
        .steps
        .iter()
        .filter(|s| s.is_decision())
        .map(|s| (s.id.as_str(), s))
        .collect();
    for (step, pos) in pb.steps.iter().zip(&at.steps) {
        let owner = format!("step `{}`", step.id);
        // With no phases at all, that one error says it; a line per step
        // would bury the root cause.
        if !pb.phases.is_empty() && !step.phase.is_empty() && !phases.contains(step.phase.as_str())
        {
            let known = list(pb.phases.iter().map(|p| &p.id));
            r.error(
                pos.phase,
                format!(
                    "{owner} names an unknown phase `{}` (phases: {known})",
                    step.phase
                ),
            );
        }
        for (pre, pre_at) in step.after.iter().zip(&pos.after) {
            if !steps.contains(pre.as_str()) {
                r.error(
                    *pre_at,
                    format!("{owner} lists an unknown prerequisite `{pre}` in `after`"),
                );
            }
        }
        check_choices(r, &owner, &step.choices, &pos.choices);
        if let Some(cond) = &step.when {
            check_condition(r, pb, &decisions, step, cond, pos);
        }
    }
}

/// Every name a condition tests must be an input or a decision step, and
/// every value one of its answers, or the condition could never be true.
fn check_condition(
    r: &mut Reader,
    pb: &Playbook,
    decisions: &HashMap<&str, &Step>,
    step: &Step,
    cond: &Condition,
    pos: &StepAt,
) {
    let place = |offset: usize| {
        if pos.when_exact {
            pos.when + offset
        } else {
            pos.when
        }
    };
    for c in cond.expr.comparisons() {
        let choices: Option<&[String]> = if let Some(input) = pb.input(&c.name) {
            Some(&input.choices)
        } else if let Some(decision) = decisions.get(c.name.as_str()) {
            if decision.id == step.id {
                r.error(
                    place(c.name_at),
                    format!("`when` of step `{}` tests its own answer", step.id),
                );
                continue;
            }
            Some(&decision.choices)
        } else {
            None
        };
        match choices {
            None => {
                let known = list(
                    pb.inputs.iter().map(|i| i.id.clone()).chain(
                        pb.steps
                            .iter()
                            .filter(|s| s.is_decision())
                            .map(|s| s.id.clone()),
                    ),
                );
                r.error(
                    place(c.name_at),
                    format!("`when` of step `{}` names `{}`, which is neither an input nor a decision step (known: {known})", step.id, c.name),
                );
            }
            Some(choices) if !choices.is_empty() && !choices.contains(&c.value) => r.error(
                place(c.value_at),
                format!(
                    "`when` of step `{}`: `{}` is not a choice of `{}` (choices: {})",
                    step.id,
                    c.value,
                    c.name,
                    choices.join(", ")
                ),
            ),
            Some(_) => {}
        }
    }
}

/// Reports each prerequisite cycle once, at the step where it was entered.
fn check_cycles(r: &mut Reader, pb: &Playbook, at: &Positions) {
    let index: HashMap<&str, usize> = pb
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    // 0 = unvisited, 1 = on the current path, 2 = finished.
    let mut mark = vec![0u8; pb.steps.len()];
    for start in 0..pb.steps.len() {
        if mark[start] != 0 {
            continue;
        }
        // Iterative DFS: (node, next prerequisite to look at); keeps the
        // stack off the call stack for long chains.
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = 1;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let after = &pb.steps[node].after;
            if *next >= after.len() {
                mark[node] = 2;
                path.pop();
                continue;
            }
            let pre = &after[*next];
            let edge = *next;
            *next += 1;
            let Some(&target) = index.get(pre.as_str()) else {
                continue;
            };
            match mark[target] {
                0 => {
                    mark[target] = 1;
                    path.push((target, 0));
                }
                1 => {
                    let from = path.iter().position(|(n, _)| *n == target).unwrap_or(0);
                    let mut names: Vec<&str> = path[from..]
                        .iter()
                        .map(|(n, _)| pb.steps[*n].id.as_str())
                        .collect();
                    names.push(&pb.steps[target].id);
                    r.error(
                        at.steps[node].after[edge],
                        format!("prerequisite cycle: {}", cycle_text(&names)),
                    );
                }
                _ => {}
            }
        }
    }
}

fn check_drill_and_redact(r: &mut Reader, pb: &Playbook, at: &Positions) {
    for (inj, pos) in pb.injections.iter().zip(&at.injections) {
        if let Some(src) = &inj.source
            && !at.all_log_names.iter().any(|n| n == src)
        {
            let known = list(at.all_log_names.iter());
            r.error(
                pos.source,
                format!(
                    "drill injection names an unknown log source `{src}` (named sources: {known})"
                ),
            );
        }
        for (step, step_at) in inj.expects.iter().zip(&pos.expects) {
            if pb.step(step).is_none() {
                r.error(
                    *step_at,
                    format!("drill injection expects an unknown step `{step}` in `expects`"),
                );
            }
        }
    }
    for (rule, pos) in pb.redact.iter().zip(&at.redact) {
        match &rule.pattern {
            Some(p) => {
                if let Err(e) = regex::Regex::new(p) {
                    let first = e
                        .to_string()
                        .lines()
                        .last()
                        .unwrap_or("invalid")
                        .trim()
                        .trim_start_matches("error: ")
                        .to_string();
                    r.error(
                        pos.pattern,
                        format!(
                            "`pattern` of redact rule `{}` is not a valid regex: {first}",
                            rule.name
                        ),
                    );
                } else if let Some(problem) = crate::redact::pattern_problem(p) {
                    r.error(
                        pos.pattern,
                        format!("`pattern` of redact rule `{}` {problem}", rule.name),
                    );
                }
            }
            None if rule.keys.is_empty() => r.error(
                pos.table,
                format!("redact rule `{}` needs a `pattern` or `keys`", rule.name),
            ),
            None => {}
        }
        for (key, &key_at) in rule.keys.iter().zip(&pos.keys) {
            if let Some(problem) = crate::redact::key_problem(key) {
                r.error(
                    key_at,
                    format!(
                        "key `{}` of redact rule `{}` {problem}",
                        key.escape_debug(),
                        rule.name
                    ),
                );
            }
        }
    }
}
