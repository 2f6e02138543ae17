//! The one path all text takes before it is shown, stored or exported:
//! sanitize (no control sequence survives), then redact (no secret survives).
//!
//! Speed comes from a literal prefilter, as the big secret scanners do: one
//! Aho-Corasick pass finds the rule keywords in a line, and only the rules
//! whose keyword occurs run their regex. A line with no keyword costs little
//! more than the scan itself.

mod literal;
mod rules;
pub mod sanitize;

pub use literal::{LiteralError, LiteralPrint, random_key};
pub use sanitize::{cut_raw, sanitize, sanitize_str};

use aho_corasick::AhoCorasick;
use regex::Regex;
use rules::Judge;
use std::borrow::Cow;
use std::collections::HashMap;

/// Lines longer than this are cut for display (after redaction).
pub const DEFAULT_MAX_LINE: usize = 16 * 1024;

/// Text that says what was removed without revealing any of it.
pub fn marker(rule: &str) -> String {
    format!("[REDACTED:{rule}]")
}

const MARKER_OPEN: &str = "[REDACTED:";

/// Passes after the first; each can only shrink the text into markers, and
/// in practice the second finds nothing.
const MAX_PASSES: usize = 4;

struct Rule {
    name: String,
    regex: Regex,
    group: usize,
    judge: Judge,
}

/// What the prefilter can trigger.
#[derive(Clone, Copy)]
enum Trigger {
    Rule(usize),
    Assignment,
}

pub struct Redactor {
    rules: Vec<Rule>,
    /// Rules without keywords (user patterns): they run on every line.
    unfiltered: Vec<usize>,
    prefilter: AhoCorasick,
    /// A case-sensitive superset of the keywords, in the spellings logs use
    /// (`token`, `Token`, `TOKEN`), small enough for a SIMD searcher: it
    /// decides which lines of a block need a closer look at all.
    block_filter: BlockFilter,
    triggers: Vec<Trigger>,
    assignment: Regex,
    /// Upper-cased key name → rule name, for keys whose value is always secret.
    strong_keys: HashMap<String, String>,
    literals: literal::Literals,
    max_line: usize,
}

/// Carries state across the lines of one source: a PEM private key spans
/// several lines, and every line inside it is redacted.
#[derive(Clone, Debug, Default)]
pub struct Stream {
    pem_lines: Option<usize>,
}

/// A PEM block longer than this is not a key; stop hiding lines.
const MAX_PEM_LINES: usize = 200;

#[derive(Default)]
pub struct Builder {
    patterns: Vec<(String, String)>,
    keys: Vec<(String, String)>,
    literal_key: Option<[u8; 32]>,
    prints: Vec<LiteralPrint>,
    max_line: Option<usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("redact rule `{name}`: invalid regex: {reason}")]
    Pattern { name: String, reason: String },
}

impl Builder {
    /// A user rule: every match of `pattern` is redacted (capture group 1
    /// if the pattern has one, else the whole match).
    pub fn pattern(mut self, name: &str, pattern: &str) -> Self {
        self.patterns.push((name.to_string(), pattern.to_string()));
        self
    }

    /// Key names whose assigned value is always a secret.
    pub fn keys<S: AsRef<str>>(mut self, name: &str, keys: impl IntoIterator<Item = S>) -> Self {
        self.keys.extend(
            keys.into_iter()
                .map(|k| (k.as_ref().to_ascii_uppercase(), name.to_string())),
        );
        self
    }

    /// The secret that keys literal fingerprints; one per database, so
    /// every console scrubs the same literals.
    pub fn literal_key(mut self, key: [u8; 32]) -> Self {
        self.literal_key = Some(key);
        self
    }

    /// Fingerprints of literals registered earlier.
    pub fn literal_prints(mut self, prints: impl IntoIterator<Item = LiteralPrint>) -> Self {
        self.prints.extend(prints);
        self
    }

    pub fn max_line(mut self, max: usize) -> Self {
        self.max_line = Some(max.max(64));
        self
    }

    pub fn build(self) -> Result<Redactor, BuildError> {
        let mut rules = Vec::new();
        let mut keywords: Vec<String> = Vec::new();
        let mut triggers = Vec::new();
        for b in rules::builtins() {
            let regex = Regex::new(b.pattern).expect("built-in patterns are tested");
            for k in b.keywords {
                keywords.push(k.to_string());
                triggers.push(Trigger::Rule(rules.len()));
            }
            rules.push(Rule {
                name: b.name.to_string(),
                regex,
                group: b.group,
                judge: b.judge,
            });
        }
        for k in rules::ASSIGNMENT_KEYWORDS {
            keywords.push(k.to_string());
            triggers.push(Trigger::Assignment);
        }
        let mut strong_keys: HashMap<String, String> = rules::STRONG_KEYS
            .iter()
            .map(|k| (k.to_string(), "secret-assignment".to_string()))
            .collect();
        for (key, name) in self.keys {
            // A user key need not contain a secret-ish word, so it must
            // trigger the assignment pass by itself.
            keywords.push(key.to_ascii_lowercase());
            triggers.push(Trigger::Assignment);
            strong_keys.insert(key, name);
        }
        let mut unfiltered = Vec::new();
        let mut user_literals: Vec<String> = strong_keys.keys().cloned().collect();
        for (name, pattern) in self.patterns {
            let regex = Regex::new(&pattern).map_err(|e| BuildError::Pattern {
                name: name.clone(),
                reason: e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
                    .to_string(),
            })?;
            let group = usize::from(regex.captures_len() > 1);
            match required_literals(&pattern) {
                Some(lits) => {
                    for lit in lits {
                        user_literals.push(lit.clone());
                        keywords.push(lit);
                        triggers.push(Trigger::Rule(rules.len()));
                    }
                }
                None => unfiltered.push(rules.len()),
            }
            rules.push(Rule {
                name,
                regex,
                group,
                judge: Judge::Always,
            });
        }
        let block_filter = BlockFilter::new(&block_anchors(&user_literals));
        let prefilter = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // A DFA costs some memory for ~100 keywords and scans fastest.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&keywords)
            .expect("keyword automaton builds");
        let assignment = Regex::new(ASSIGNMENT).expect("assignment pattern is tested");
        let key = self.literal_key.unwrap_or_else(literal::random_key);
        Ok(Redactor {
            rules,
            unfiltered,
            prefilter,
            block_filter,
            triggers,
            assignment,
            strong_keys,
            literals: literal::Literals::new(key, self.prints),
            max_line: self.max_line.unwrap_or(DEFAULT_MAX_LINE),
        })
    }
}

/// The built-in anchors plus the user's keys and pattern literals, each in
/// lower, UPPER and the spelling given.
fn block_anchors(user: &[String]) -> Vec<String> {
    let mut out: Vec<String> = rules::BLOCK_ANCHORS.iter().map(|s| s.to_string()).collect();
    for u in user {
        for spelling in [u.clone(), u.to_ascii_lowercase(), u.to_ascii_uppercase()] {
            // Most user keys already contain an anchor (`…_SECRET`); adding
            // them anyway would only slow the SIMD search down.
            if !out.iter().any(|a| spelling.contains(a.as_str())) {
                out.push(spelling);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Finds the first anchor in a block: Teddy (SIMD) where the CPU has it,
/// else an Aho-Corasick automaton.
enum BlockFilter {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl BlockFilter {
    fn new(anchors: &[String]) -> BlockFilter {
        let packed = aho_corasick::packed::Config::new()
            .heuristic_pattern_limits(false)
            .builder()
            .extend(anchors)
            .build();
        match packed {
            Some(s) => BlockFilter::Packed(s),
            None => {
                BlockFilter::Automaton(AhoCorasick::new(anchors).expect("anchor automaton builds"))
            }
        }
    }

    fn find(&self, haystack: &[u8]) -> Option<usize> {
        match self {
            BlockFilter::Packed(s) => s.find(haystack).map(|m| m.start()),
            BlockFilter::Automaton(a) => a.find(haystack).map(|m| m.start()),
        }
    }
}

/// Literals one of which starts every match of `pattern`, lowercased, when
/// there is a short list of them long enough to be worth prefiltering on. A
/// user rule without one runs on every line, which costs speed, not safety.
fn required_literals(pattern: &str) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::Extractor;
    let hir = regex_syntax::parse(pattern).ok()?;
    let mut extractor = Extractor::new();
    extractor
        .limit_class(8)
        .limit_repeat(16)
        .limit_literal_len(32)
        .limit_total(64);
    let seq = extractor.extract(&hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.len() > 64 || lits.iter().any(|l| l.as_bytes().len() < 3) {
        return None;
    }
    let mut out: Vec<String> = lits
        .iter()
        .map(|l| String::from_utf8_lossy(l.as_bytes()).to_ascii_lowercase())
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

/// `key = value`, `key: value`, `"key": "value"`, `export KEY=value`.
/// JSON escaped inside a string (`\"password\":\"…\"`) counts too.
const ASSIGNMENT: &str = r#"(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)(?:\\?["'])?[ \t]*(?:=>|=|:)[ \t]*(?:\\"(?P<eq>[^"\\]*)\\"|"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"',;&})\]\\]+))"#;

/// A found secret: byte range, the rule's name, and a priority (lower
/// wins) for naming spans that overlap.
#[derive(Clone, Debug)]
struct Hit<'r> {
    start: usize,
    end: usize,
    priority: usize,
    name: &'r str,
}

const ASSIGNMENT_PRIORITY: usize = 10_000;
const LITERAL_PRIORITY: usize = 20_000;

/// Per-rule counts, for `warroom redact --stats`.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub counts: std::collections::BTreeMap<String, u64>,
}

impl Stats {
    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }
}

impl Redactor {
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// Built-in rules only, with a fresh literal key.
    pub fn builtin() -> Redactor {
        Builder::default().build().expect("built-in rules compile")
    }

    /// Registers a leaked value: from now on it is scrubbed wherever it
    /// appears. Only its keyed fingerprint is kept; store that to make the
    /// registration outlive this process.
    pub fn register_literal(&mut self, value: &str) -> Result<LiteralPrint, LiteralError> {
        let clean = sanitize_str(value);
        self.literals.register(clean.trim())
    }

    /// Adds a fingerprint registered elsewhere (another console, the store).
    pub fn add_literal_print(&mut self, print: LiteralPrint) {
        self.literals.add(print);
    }

    /// Redacts one line of already sanitized text.
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.redact_counting(text, None)
    }

    fn redact_counting<'a>(&self, text: &'a str, mut stats: Option<&mut Stats>) -> Cow<'a, str> {
        let Some(mut out) = self.replace_once(text, stats.as_deref_mut()) else {
            return Cow::Borrowed(text);
        };
        // A replacement can expose a neighbour: `AKIA…` glued to a JWT is
        // not a key until the JWT becomes a marker. Repeat to a fixed point
        // so redacting twice never finds more than redacting once.
        for _ in 0..MAX_PASSES {
            match self.replace_once(&out, stats.as_deref_mut()) {
                Some(next) => out = next,
                None => break,
            }
        }
        Cow::Owned(out)
    }

    /// One pass of find-and-replace; `None` when nothing was found.
    fn replace_once(&self, text: &str, mut stats: Option<&mut Stats>) -> Option<String> {
        let hits = self.find(text);
        if hits.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for h in merge(hits) {
            out.push_str(&text[last..h.start]);
            out.push_str(&marker(h.name));
            if let Some(s) = stats.as_deref_mut() {
                *s.counts.entry(h.name.to_string()).or_default() += 1;
            }
            last = h.end;
        }
        out.push_str(&text[last..]);
        Some(out)
    }

    /// Every secret span in `text`, except inside markers already there.
    fn find(&self, text: &str) -> Vec<Hit<'_>> {
        let mut hits = Vec::new();
        let mut fired = vec![false; self.rules.len()];
        let mut assignment = false;
        for m in self.prefilter.find_overlapping_iter(text) {
            match self.triggers[m.pattern().as_usize()] {
                Trigger::Rule(i) => fired[i] = true,
                Trigger::Assignment => assignment = true,
            }
        }
        for &i in &self.unfiltered {
            fired[i] = true;
        }
        for (i, rule) in self.rules.iter().enumerate().filter(|(i, _)| fired[*i]) {
            for caps in rule.regex.captures_iter(text) {
                if let Some(m) = caps.get(rule.group)
                    && !m.is_empty()
                    && judge(rule.judge, m.as_str())
                {
                    hits.push(Hit {
                        start: m.start(),
                        end: m.end(),
                        priority: i,
                        name: &rule.name,
                    });
                }
            }
        }
        if assignment {
            self.find_assignments(text, &mut hits);
        }
        self.literals.find(text, &mut |start, end| {
            hits.push(Hit {
                start,
                end,
                priority: LITERAL_PRIORITY,
                name: "literal",
            })
        });
        if !hits.is_empty() && text.contains(MARKER_OPEN) {
            // A hit inside an existing marker would rewrite the marker;
            // dropping those keeps redaction idempotent.
            let markers = existing_markers(text);
            hits.retain(|h| !markers.iter().any(|&(s, e)| s <= h.start && h.end <= e));
        }
        hits
    }

    /// Finds `key = value` pairs whose key names a secret. A value that is
    /// not a secret is searched again, because it may hold one:
    /// `"detail": "OS_HTTP_SECRET=…"`.
    fn find_assignments<'r>(&'r self, text: &str, hits: &mut Vec<Hit<'r>>) {
        let mut at = 0;
        while let Some(caps) = self.assignment.captures_at(text, at) {
            let key = caps.name("key").expect("the key group always takes part");
            if text[..key.start()].ends_with("//") {
                // `https://user:password@host` is a URL, not `user: password`;
                // url-credentials handles it without eating the host.
                at = key.end();
                continue;
            }
            let Some(value) = caps
                .name("eq")
                .or_else(|| caps.name("dq"))
                .or_else(|| caps.name("sq"))
                .or_else(|| caps.name("bare"))
            else {
                at = key.end();
                continue;
            };
            match self.assignment_rule(key.as_str(), value.as_str()) {
                Some(name) => {
                    hits.push(Hit {
                        start: value.start(),
                        end: value.end(),
                        priority: ASSIGNMENT_PRIORITY,
                        name,
                    });
                    at = value.end().max(key.end());
                }
                None => at = value.start().max(key.end()),
            }
        }
    }

    /// The rule name under which `value` is redacted, if `key` makes it a secret.
    fn assignment_rule(&self, key: &str, v: &str) -> Option<&str> {
        let plausible = !v.is_empty() && !is_placeholder(v) && !is_status_word(v);
        match self.strong_keys.get(&key.to_ascii_uppercase()) {
            Some(name) => plausible.then_some(name.as_str()),
            None => match classify_key(key)? {
                Strength::Strong => plausible.then_some("secret-assignment"),
                Strength::Heuristic => looks_secret(v).then_some("secret-assignment"),
            },
        }
    }

    /// Sanitizes and redacts one line from a log, keeping PEM state in
    /// `stream`, and cuts it for display.
    pub fn clean_line(&self, stream: &mut Stream, raw: &[u8]) -> String {
        self.clean_line_counting(stream, raw, None)
    }

    pub fn clean_line_counting(
        &self,
        stream: &mut Stream,
        raw: &[u8],
        stats: Option<&mut Stats>,
    ) -> String {
        let text = sanitize(raw);
        let redacted = self.redact_stream(stream, &text, stats);
        cut_display(redacted, self.max_line)
    }

    fn redact_stream<'a>(
        &self,
        stream: &mut Stream,
        text: &'a str,
        mut stats: Option<&mut Stats>,
    ) -> Cow<'a, str> {
        if let Some(n) = stream.pem_lines {
            if let Some(end) = pem_end(text) {
                stream.pem_lines = None;
                count(&mut stats, "private-key");
                let rest = self.redact_counting(&text[end..], stats);
                return Cow::Owned(format!("{}{rest}", marker("private-key")));
            }
            if n < MAX_PEM_LINES && looks_like_pem_body(text) {
                stream.pem_lines = Some(n + 1);
                if text.trim().is_empty() {
                    return Cow::Borrowed("");
                }
                count(&mut stats, "private-key");
                return Cow::Owned(marker("private-key"));
            }
            stream.pem_lines = None;
        }
        if opens_pem(text) {
            stream.pem_lines = Some(0);
        }
        self.redact_counting(text, stats)
    }

    /// Cleans a block of complete lines (each ending in `\n`) into `out`.
    /// The hot path of `warroom redact`: runs of lines with no keyword, no
    /// byte to sanitize and no excess length are copied in one piece, so
    /// text with no candidate costs little more than a scan.
    pub fn clean_lines(
        &self,
        stream: &mut Stream,
        block: &[u8],
        out: &mut Vec<u8>,
        mut stats: Option<&mut Stats>,
    ) {
        let every_line = !self.unfiltered.is_empty() || self.literals.active();
        let mut next_hit = Lazy::default();
        let mut next_dirty = Lazy::default();
        let mut run_start = 0;
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', block) {
            let line = &block[start..end];
            let slow = every_line
                || stream.pem_lines.is_some()
                || line.len() > self.max_line
                || next_hit.get(start, |from| {
                    self.block_filter.find(&block[from..]).map(|i| from + i)
                }) < end
                || next_dirty.get(start, |from| first_dirty(&block[from..]).map(|i| from + i))
                    < end;
            if slow {
                out.extend_from_slice(&block[run_start..start]);
                let clean = self.clean_line_counting(stream, line, stats.as_deref_mut());
                out.extend_from_slice(clean.as_bytes());
                out.push(b'\n');
                run_start = end + 1;
            }
            start = end + 1;
        }
        out.extend_from_slice(&block[run_start..start]);
        if start < block.len() {
            // A final line without its newline: cleaned, kept unterminated.
            let clean = self.clean_line_counting(stream, &block[start..], stats);
            out.extend_from_slice(clean.as_bytes());
        }
    }

    /// Free text typed by a responder (notes, reasons): may span lines;
    /// newlines are kept, everything else is sanitized and redacted.
    pub fn clean_text(&self, text: &str) -> String {
        // Most text has nothing to sanitize and no rule anchor: skip the
        // per-line work (exports clean every event's text again).
        if self.unfiltered.is_empty()
            && !self.literals.active()
            && first_dirty(text.as_bytes()).is_none_or(|i| {
                text.as_bytes()[i] == b'\n'
                    && !text
                        .bytes()
                        .any(|b| (b < 0x20 && b != b'\n' && b != b'\t') || b >= 0x7f)
            })
            && self.block_filter.find(text.as_bytes()).is_none()
        {
            return text.to_string();
        }
        let mut stream = Stream::default();
        let lines: Vec<String> = text
            .split('\n')
            .map(|line| {
                let clean = sanitize(line.as_bytes());
                self.redact_stream(&mut stream, &clean, None).into_owned()
            })
            .collect();
        lines.join("\n")
    }
}

/// The next position of something, searched once and reused until passed.
#[derive(Default)]
struct Lazy {
    at: Option<usize>,
    searched_from: Option<usize>,
}

impl Lazy {
    fn get(&mut self, from: usize, search: impl FnOnce(usize) -> Option<usize>) -> usize {
        let stale = match (self.searched_from, self.at) {
            (None, _) => true,
            (Some(_), Some(at)) => at < from,
            (Some(_), None) => false,
        };
        if stale {
            self.at = search(from);
            self.searched_from = Some(from);
        }
        self.at.unwrap_or(usize::MAX)
    }
}

/// First byte that sanitizing might change: a control (other than tab and
/// newline), DEL, or any non-ASCII byte (checked precisely on the slow path).
fn first_dirty(bytes: &[u8]) -> Option<usize> {
    let dirty = |b: u8| (b < 0x20 && b != b'\t' && b != b'\n') || b >= 0x7f;
    // Eight bytes at a time: a word with no byte below 0x20, none at 0x7f
    // and none at or above 0x80 is clean; only flagged words (newlines and
    // tabs flag too) are looked at byte by byte.
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let w = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
        let below_space = w.wrapping_sub(LO * 0x20) & !w;
        let del = (w ^ (LO * 0x7f)).wrapping_sub(LO) & !(w ^ (LO * 0x7f));
        if (below_space | del | w) & HI != 0
            && let Some(j) = bytes[i..i + 8].iter().position(|&b| dirty(b))
        {
            return Some(i + j);
        }
        i += 8;
    }
    bytes[i..].iter().position(|&b| dirty(b)).map(|j| i + j)
}

fn count(stats: &mut Option<&mut Stats>, name: &str) {
    if let Some(s) = stats.as_deref_mut() {
        *s.counts.entry(name.to_string()).or_default() += 1;
    }
}

/// Sorts hits and unites overlapping ones. The united span is named after
/// its most specific part: a private key inside a JSON value is shown as a
/// private key, not as a generic assignment.
fn merge(mut hits: Vec<Hit<'_>>) -> Vec<Hit<'_>> {
    hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        match out.last_mut() {
            Some(cur) if h.start < cur.end => {
                if h.priority < cur.priority {
                    cur.name = h.name;
                    cur.priority = h.priority;
                }
                cur.end = cur.end.max(h.end);
            }
            _ => out.push(h),
        }
    }
    out
}

fn existing_markers(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(MARKER_OPEN) {
        let start = from + i;
        let Some(close) = text[start..].find(']') else {
            break;
        };
        out.push((start, start + close + 1));
        from = start + close + 1;
    }
    out
}

fn judge(j: Judge, value: &str) -> bool {
    match j {
        Judge::Always => true,
        Judge::NotPlaceholder => !is_placeholder(value),
        Judge::Credential => value.len() >= 6 && !is_placeholder(value) && !is_status_word(value),
        Judge::Mixed => {
            value.bytes().any(|b| b.is_ascii_uppercase())
                && value.bytes().any(|b| b.is_ascii_lowercase())
                && value.bytes().any(|b| b.is_ascii_digit())
                && entropy(value) >= 3.0
        }
    }
}

/// Shannon entropy in bits per byte.
fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    for b in s.bytes() {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Values that stand in for a secret rather than being one.
pub fn is_placeholder(v: &str) -> bool {
    let t = v.trim_matches(|c| c == '"' || c == '\'');
    let lower = t.to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "changeme",
        "change-me",
        "change_me",
        "changeit",
        "example",
        "placeholder",
        "dummy",
        "redacted",
        "<redacted>",
        "secret",
        "password",
        "null",
        "none",
        "nil",
        "undefined",
        "todo",
        "tbd",
        "fixme",
        "your-secret-here",
        "replace_me",
        "replace-me",
        "xxx",
        // Authorization schemes: the word before a credential, never one.
        "bearer",
        "basic",
        "digest",
        "negotiate",
        "test",
        "...",
        "…",
    ];
    t.is_empty()
        || WORDS.contains(&lower.as_str())
        || t.starts_with(MARKER_OPEN)
        || t.starts_with("${")
        || t.starts_with("$(")
        || t.starts_with("{{")
        || (t.starts_with('<') && t.ends_with('>'))
        || (t.starts_with('$')
            && t[1..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_'))
        || (t.starts_with('%') && t.len() <= 4)
        || t.chars()
            .all(|c| matches!(c, '*' | 'x' | 'X' | '.' | '#' | '-' | '•' | '…'))
        || lower.starts_with("your_")
        || lower.starts_with("your-")
}

/// Words a log writes after a secret-named key that are not the secret:
/// `password: required`, `token=expired`.
fn is_status_word(v: &str) -> bool {
    const WORDS: &[&str] = &[
        "required",
        "invalid",
        "missing",
        "expired",
        "incorrect",
        "wrong",
        "changed",
        "reset",
        "updated",
        "true",
        "false",
        "empty",
        "hidden",
        "masked",
        "set",
        "unset",
        "yes",
        "no",
        "on",
        "off",
        "ok",
        "failed",
        "denied",
        "rotated",
        "revoked",
        "present",
        "absent",
        "valid",
        "accepted",
        "rejected",
        "mismatch",
        "ignored",
    ];
    WORDS.contains(&v.to_ascii_lowercase().as_str())
}

/// A value under a merely secret-ish key must look like a credential: long
/// enough, not a plain word or number, and not a placeholder.
fn looks_secret(v: &str) -> bool {
    if v.len() < 8 || is_placeholder(v) || is_status_word(v) {
        return false;
    }
    // A path is where a secret lives, not the secret: `secret_file=/etc/app/key`.
    if v.starts_with('/') || v.starts_with("./") || v.starts_with("~/") {
        return false;
    }
    let classes = [
        v.bytes().any(|b| b.is_ascii_lowercase()),
        v.bytes().any(|b| b.is_ascii_uppercase()),
        v.bytes().any(|b| b.is_ascii_digit()),
        v.bytes().any(|b| !b.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|&&c| c)
    .count();
    let word_like = v
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'_');
    !word_like && (classes >= 2 || v.len() >= 24) && entropy(v) >= 2.5
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strength {
    /// Any non-placeholder value is a secret.
    Strong,
    /// The value must also look like a secret.
    Heuristic,
}

/// Key name segments, split at `_`, `.`, `-` and camelCase humps, lowercased.
fn segments(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if matches!(c, '_' | '.' | '-') {
            out.push(std::mem::take(&mut cur));
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    out.push(cur);
    out.retain(|s| !s.is_empty());
    out
}

/// Decides from a key's name whether its value is (or may be) a secret.
fn classify_key(key: &str) -> Option<Strength> {
    const NOT_SECRET_SUFFIX: &[&str] = &[
        "id",
        "ids",
        "type",
        "name",
        "names",
        "count",
        "ttl",
        "expiry",
        "expires",
        "expiration",
        "at",
        "hours",
        "minutes",
        "seconds",
        "secs",
        "ms",
        "days",
        "path",
        "file",
        "dir",
        "url",
        "uri",
        "endpoint",
        "host",
        "length",
        "len",
        "size",
        "enabled",
        "disabled",
        "required",
        "policy",
        "version",
        "header",
        "prefix",
        "format",
        "scope",
        "scopes",
        "mode",
        "provider",
        "method",
        "source",
        "store",
        "backend",
        "status",
        "hint",
        "label",
        "kind",
        "field",
        "fields",
        "env",
        "var",
        "ref",
        "arn",
        "limit",
        "max",
        "min",
        "used",
        "remaining",
        "rotated",
        "created",
        "updated",
        "age",
        "algorithm",
        "alg",
        "fingerprint",
        "issuer",
        "audience",
        "uses",
        "tokens",
        "secrets",
        "keys",
        "index",
        "usage",
        "strength",
        "policy",
        "rotation",
    ];
    let segs = segments(key);
    let last = segs.last()?;
    // A session id is a bearer credential, whatever its `id` suffix says.
    const SESSION: &[&str] = &[
        "session",
        "sessionid",
        "sessid",
        "connectsid",
        "phpsessid",
        "jsessionid",
    ];
    if SESSION.contains(&segs.concat().as_str()) {
        return Some(Strength::Heuristic);
    }
    if NOT_SECRET_SUFFIX.contains(&last.as_str()) {
        return None;
    }
    const STRONG: &[&str] = &["password", "passwd", "passphrase", "secret"];
    if segs.iter().any(|s| STRONG.contains(&s.as_str())) {
        return Some(Strength::Strong);
    }
    // `PWD` and `OLDPWD` are the shell's working directory; `db_pwd` is not.
    if segs.iter().any(|s| s == "pwd") && segs.len() > 1 {
        return Some(Strength::Strong);
    }
    let joined: String = segs.concat();
    const HEURISTIC: &[&str] = &[
        "token",
        "apikey",
        "accesskey",
        "privatekey",
        "accountkey",
        "credential",
        "signingkey",
        "encryptionkey",
        "masterkey",
        "sessionkey",
        "passw",
    ];
    if HEURISTIC.iter().any(|h| joined.contains(h)) || segs.iter().any(|s| s == "auth") {
        return Some(Strength::Heuristic);
    }
    let env_style = key
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    if env_style && last == "key" && segs.len() > 1 {
        return Some(Strength::Heuristic);
    }
    None
}

fn opens_pem(text: &str) -> bool {
    match (text.rfind("-----BEGIN"), text.rfind("PRIVATE KEY-----")) {
        (Some(begin), Some(_)) => {
            let after = &text[begin..];
            after.contains("PRIVATE KEY-----") && !after.contains("-----END")
        }
        _ => false,
    }
}

/// Byte offset just past an END PRIVATE KEY marker, if the line has one.
fn pem_end(text: &str) -> Option<usize> {
    let i = text.find("-----END")?;
    let rest = &text[i..];
    let j = rest.find("PRIVATE KEY-----")?;
    Some(i + j + "PRIVATE KEY-----".len())
}

fn looks_like_pem_body(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        || t.starts_with("Proc-Type:")
        || t.starts_with("DEK-Info:")
}

/// Cuts a redacted line to `max` bytes at a character boundary and says how much went.
fn cut_display(text: Cow<'_, str>, max: usize) -> String {
    if text.len() <= max {
        return text.into_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{} [… {} bytes cut]", &text[..end], text.len() - end)
}

#[cfg(test)]
mod tests;
