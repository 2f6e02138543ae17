//! The one path all text takes before it is shown, stored or exported:
//! sanitize (no control sequence survives), then redact (no secret survives).
//!
//! Speed comes from looking closely only where a secret can be. A block of
//! lines is scanned once for three things: a few dozen anchor substrings
//! (SIMD), runs of token characters long enough to be a credential, and
//! bytes to sanitize. Lines with none are copied as they are. In the
//! others, a secret-ish word counts only in key position (`token=`,
//! `"password":`), prefixed formats are confirmed where their prefix
//! stands (`tokens`), and a regex runs only for the few rules whose
//! keyword occurs. Nothing is allocated unless a secret is found.

mod buckets;
mod gate;
mod literal;
mod locate;
mod rules;
pub mod sanitize;
mod tokens;
mod words;

pub use literal::{LiteralError, LiteralPrint, random_key};
pub use sanitize::{cut_raw, sanitize, sanitize_str};

use aho_corasick::AhoCorasick;
use regex::Regex;
use regex_automata::{Input, meta, util::captures::Captures};
use rules::{Judge, ascii_blank};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Lines longer than this are cut for display (after redaction).
pub const DEFAULT_MAX_LINE: usize = 16 * 1024;

/// A number no other redactor or automaton of this process has: it tells
/// their entries apart in the per-thread memos (key verdicts, quiet text).
fn owner_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Text that says what was removed without revealing any of it.
pub fn marker(rule: &str) -> String {
    format!("[REDACTED:{rule}]")
}

const MARKER_OPEN: &str = "[REDACTED:";

/// The names markers carry besides those of rules and token formats.
const OWN_NAMES: &[&str] = &[
    "secret-assignment",
    "env-secret",
    "private-key",
    "literal",
    // `run` writes it over a value its command generated.
    "generated-secret",
];

/// Passes after the first; each can only shrink the text into markers, and
/// in practice the second finds nothing.
const MAX_PASSES: usize = 4;

/// A rule's regex, compiled when a line first needs it: most of the
/// hundreds of built-in rules never fire in a given log, and compiling all
/// of them was most of the start-up of `warroom redact` and the console.
struct LazyRegex {
    pattern: String,
    compiled: OnceLock<Compiled>,
}

/// A rule's regex, and the capture group that is its whole match, if one
/// is: `(eyJ….eyJ….…)`. Such a rule's secret is found without captures,
/// which for a long match cost far more than the search (the engine that
/// reports groups walks every state at every byte of the match).
///
/// The engine is the one the `regex` crate wraps, with that crate's
/// settings and limits, built from the pattern's one parse: the group test
/// reads the same tree, where it used to parse the pattern a second time
/// (a sixth of what compiling a rule cost).
struct Compiled {
    regex: meta::Regex,
    whole: Option<usize>,
}

impl Compiled {
    /// The error is worded as the `regex` crate words it.
    fn new(pattern: &str) -> Result<Compiled, String> {
        use regex_syntax::hir::HirKind;
        let hir = regex_syntax::parse(pattern).map_err(|e| e.to_string())?;
        let whole = match hir.kind() {
            HirKind::Capture(c) => usize::try_from(c.index).ok(),
            _ => None,
        };
        let config = meta::Config::new()
            .nfa_size_limit(Some(10 << 20))
            .hybrid_cache_capacity(2 << 20)
            .match_kind(regex_automata::MatchKind::LeftmostFirst)
            .utf8_empty(true);
        let regex = meta::Builder::new()
            .configure(config)
            .build_from_hir(&hir)
            .map_err(|e| match e.size_limit() {
                Some(limit) => format!("Compiled regex exceeds size limit of {limit} bytes."),
                None => e.to_string(),
            })?;
        Ok(Compiled { regex, whole })
    }
}

impl LazyRegex {
    /// A built-in pattern, compiled on first use (every one is compiled by
    /// a test).
    fn later(pattern: String) -> LazyRegex {
        LazyRegex {
            pattern,
            compiled: OnceLock::new(),
        }
    }

    /// A user's pattern, compiled at load so an error names its file.
    fn ready(pattern: &str, compiled: Compiled) -> LazyRegex {
        LazyRegex {
            pattern: pattern.to_string(),
            compiled: OnceLock::from(compiled),
        }
    }

    fn get(&self) -> &Compiled {
        self.compiled
            .get_or_init(|| Compiled::new(&self.pattern).expect("built-in patterns are tested"))
    }

    fn as_str(&self) -> &str {
        &self.pattern
    }
}

struct Rule {
    name: String,
    regex: LazyRegex,
    group: usize,
    judge: Judge,
    /// Lower wins when spans overlap (see `merge`).
    priority: usize,
    /// The secret is the first capture group that took part, from `group`
    /// on: a built-in rule offers a quoted and a bare value as alternatives.
    first_group: bool,
    /// One of these must occur in the line too (`rules::ALSO_NEEDS`).
    also_needs: Vec<memchr::memmem::Finder<'static>>,
    /// The match is a list, and each secret in it is the first group
    /// that took part in a match of this (`rules::EACH`).
    each: Option<LazyRegex>,
    /// Group 1 is a variable's name (`rules::NAMED`): a name that holds no
    /// secret (`PASSWORD_MIN_LENGTH`, `TOKEN_TTL`) makes its value none.
    named: bool,
    /// Reads the secret out of the match without the capture engine
    /// (`locate::LOCATE`).
    locate: Option<locate::Locate>,
    /// What the pattern needs right after each of its keywords.
    follows: Follows,
    /// What its matches hold anywhere in the line (`rules::LineNeeds`).
    line_needs: Option<LineNeeds>,
}

/// [`rules::LineNeeds`], its words in one automaton.
struct LineNeeds {
    words: AhoCorasick,
    then: fn(&[u8]) -> bool,
}

impl LineNeeds {
    fn new(needs: rules::LineNeeds) -> LineNeeds {
        LineNeeds {
            words: AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(needs.words)
                .expect("a few short words build"),
            then: needs.then,
        }
    }

    /// Whether `text` could hold a match of the rule. Overlapping, so a
    /// word followed by the wrong bytes hides no later one.
    fn holds(&self, text: &[u8]) -> bool {
        !text.is_ascii()
            || self
                .words
                .find_overlapping_iter(text)
                .any(|m| (self.then)(&text[m.end()..]))
    }
}

pub struct Redactor {
    /// Tells this redactor's remembered key verdicts from another's.
    id: u64,
    rules: Vec<Rule>,
    /// Rules without keywords (user patterns): they run on every line.
    unfiltered: Vec<usize>,
    /// A case-sensitive superset of the keywords, in the spellings logs use
    /// (`token`, `Token`, `TOKEN`), small enough for a SIMD searcher: with
    /// the run gate, it decides which lines of a block need a closer look,
    /// and in those lines where to look.
    block_filter: BlockFilter,
    /// Per anchor: the rule keywords it is part of, each confirmed where
    /// the anchor stands before its rule's regex runs.
    anchor_rules: Vec<AnchorKeywords>,
    /// What must follow a rule's keyword found with a run, by rule.
    run_follows: Vec<Follows>,
    /// Per anchor: whether it is part of a word that names a secret, so the
    /// key around it is worth a look.
    anchor_word: Vec<bool>,
    /// The literals of user patterns, ignoring case (the anchors only see
    /// the spellings given), and the rule of each.
    user_literals: Option<(AhoCorasick, Vec<usize>)>,
    /// Token prefixes, searched inside runs of token characters.
    prefixes: tokens::Prefixes,
    /// The anchor `PRIVATE`, when no other anchor can hide it, and the
    /// block searcher that finds it: a line the block scan found without
    /// it opens no PEM block.
    private_anchor: Option<(usize, usize)>,
    /// Upper-cased key name → rule name, for keys whose value is always secret.
    strong_keys: HashMap<String, String>,
    /// The shapes of `strong_keys`, to pass over the others cheaply.
    strong_shapes: Shapes,
    literals: literal::Literals,
    max_line: usize,
    /// Every rule name this redactor can write into a marker: only a
    /// marker that names one of them is taken for a marker (see
    /// [`Redactor::markers`]).
    names: HashSet<Box<str>>,
    /// The longest of `names`, in bytes.
    longest_name: usize,
}

/// Carries state across the lines of one source: a PEM private key spans
/// several lines, and every line inside it is redacted; a variable named
/// on one line (`- name: DB_PASSWORD`) may get its value on the next.
#[derive(Clone, Debug, Default)]
pub struct Stream {
    pem_lines: Option<usize>,
    /// Where key material starts on a key's lines behind a log prefix.
    pem_column: Option<usize>,
    /// The secret name the last line gave, and what it says of values.
    named: Option<(KeyVerdict, String)>,
}

impl Stream {
    /// Inside a multi-line private key, or after a secret's name: what
    /// follows depends on what came before, so a block cannot be cleaned
    /// apart from its predecessor.
    pub fn in_block(&self) -> bool {
        self.pem_lines.is_some() || self.named.is_some()
    }
}

/// A PEM block longer than this is not a key; stop hiding lines. Only
/// lines that look like key material (base64, armor headers) continue a
/// block, so the bound is generous: a PGP secret keyring with several
/// 4096-bit subkeys runs to hundreds of lines, and 200 once let the rest
/// of one show.
const MAX_PEM_LINES: usize = 4096;

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
        // Literals that make a rule's regex worth running, and the rule.
        let mut rule_keywords: Vec<(String, usize)> = Vec::new();
        let mut run_anchors: Vec<(String, usize, usize)> = Vec::new();
        for b in rules::builtins() {
            let regex = LazyRegex::later(b.pattern.to_string());
            for k in b.keywords {
                rule_keywords.push((k.to_string(), rules.len()));
            }
            let min_run = rules::MIN_RUN_FOR
                .iter()
                .find(|(n, _)| *n == b.name)
                .map_or(0, |&(_, m)| m);
            for a in b.run_anchors {
                run_anchors.push((a.to_string(), rules.len(), min_run));
            }
            let also_needs = rules::ALSO_NEEDS
                .iter()
                .find(|(n, _)| *n == b.name)
                .map(|(_, lits)| {
                    lits.iter()
                        .map(|l| memchr::memmem::Finder::new(*l))
                        .collect()
                })
                .unwrap_or_default();
            let each = of_rule(rules::EACH, &b).map(|p| LazyRegex::later(p.to_string()));
            let locate = of_rule(locate::LOCATE, &b).copied();
            // A format names what it found better than the context it
            // was found in (`Authorization: Bearer ghp_…` is a GitHub token).
            let priority = if rules::GENERIC.contains(&b.name) {
                GENERIC_PRIORITY + rules.len()
            } else {
                rules.len()
            };
            rules.push(Rule {
                name: b.name.to_string(),
                regex,
                group: b.group,
                judge: b.judge,
                priority,
                first_group: true,
                also_needs,
                each,
                named: rules::NAMED.contains(&b.name),
                locate,
                follows: Follows::of(&b),
                line_needs: b.line_needs.map(LineNeeds::new),
            });
        }
        let builtin_rules = rules.len();
        let mut strong_keys: HashMap<String, String> = rules::STRONG_KEYS
            .iter()
            .map(|k| (k.to_string(), "secret-assignment".to_string()))
            .collect();
        // A user key need not contain a secret-ish word, so it is an
        // anchor by itself (the built-in ones either contain one or hold
        // long values the run gate finds).
        let mut user_literals: Vec<String> = Vec::new();
        // An empty key would match every key; config and playbooks refuse
        // one, and a caller's is dropped here.
        for (key, name) in self.keys.into_iter().filter(|(k, _)| !k.trim().is_empty()) {
            user_literals.push(key.clone());
            strong_keys.insert(key, name);
        }
        let mut unfiltered = Vec::new();
        let mut pattern_literals: Vec<(String, usize)> = Vec::new();
        for (name, pattern) in self.patterns {
            let compiled = Compiled::new(&pattern).map_err(|e| BuildError::Pattern {
                name: name.clone(),
                reason: e.lines().last().unwrap_or("").trim().to_string(),
            })?;
            let group = usize::from(compiled.regex.captures_len() > 1);
            match required_literals(&pattern, true) {
                Some(lits) => {
                    // A pattern whose every match is a run (`gh[pousr]_` and
                    // 36 letters) is set off by its literals inside runs, in
                    // every spelling it can match, and not searched for on
                    // every candidate line.
                    let in_runs = matches_only_runs(&pattern)
                        .then(|| required_literals(&pattern, false))
                        .flatten();
                    if let Some(exact) = &in_runs {
                        for lit in exact {
                            run_anchors.push((lit.clone(), rules.len(), 0));
                        }
                    }
                    for lit in lits {
                        // A literal that is a built-in token prefix (`ghp_`)
                        // is found by the run gate already: its tokens are
                        // long runs.
                        if !tokens::is_prefix(&lit) {
                            user_literals.push(lit.clone());
                        }
                        if in_runs.is_none() {
                            pattern_literals.push((lit.clone(), rules.len()));
                        }
                        rule_keywords.push((lit, rules.len()));
                    }
                }
                None => unfiltered.push(rules.len()),
            }
            rules.push(Rule {
                name,
                regex: LazyRegex::ready(&pattern, compiled),
                group,
                judge: Judge::Always,
                priority: rules.len(),
                first_group: false,
                also_needs: Vec::new(),
                each: None,
                named: false,
                locate: None,
                follows: Follows::Anything,
                line_needs: None,
            });
        }
        let (builtin_anchors, user_anchors) = block_anchors(&user_literals);
        let anchors: Vec<String> = builtin_anchors
            .iter()
            .chain(&user_anchors)
            .cloned()
            .collect();
        // What each anchor sets off where it is found: the rules one of
        // whose keywords holds it, and a look at the key around it when it
        // is part of a word that names a secret.
        let lower: Vec<String> = anchors.iter().map(|a| a.to_ascii_lowercase()).collect();
        let anchor_rules: Vec<AnchorKeywords> = lower
            .iter()
            .map(|a| {
                let mut at = Vec::new();
                for (k, r) in &rule_keywords {
                    let kl = k.to_ascii_lowercase();
                    for (offset, _) in kl.match_indices(a.as_str()) {
                        at.push(KeywordAt::new(
                            *r,
                            kl.clone(),
                            offset..offset + a.len(),
                            rules[*r].follows,
                        ));
                    }
                }
                AnchorKeywords::new(at)
            })
            .collect();
        let anchor_word: Vec<bool> = lower
            .iter()
            .map(|a| {
                rules::ASSIGNMENT_KEYWORDS
                    .iter()
                    .chain(rules::STRONG_KEYS)
                    .any(|k| contains_ignore_case(k, a))
                    || strong_keys.keys().any(|k| contains_ignore_case(k, a))
            })
            .collect();
        // A keyword spelling no anchor covers (the block scan is case
        // sensitive) is looked for inside runs of token characters instead:
        // its rules match long runs (`$6$…`, `eyJ…`, `AWS_SECRET_ACCESS_KEY=`
        // and forty characters).
        for (k, r) in &rule_keywords {
            for spelling in spellings(k, rules[*r].regex.as_str().starts_with("(?i)")) {
                if anchors.iter().any(|a| spelling.contains(a.as_str())) {
                    continue;
                }
                if let Some(part) = longest_run_part(&spelling) {
                    run_anchors.push((part, *r, 0));
                }
            }
        }
        let run_follows = rules
            .iter()
            .enumerate()
            .map(|(r, rule)| {
                if r < builtin_rules && rules::SPACED_TOKEN.contains(&rule.name.as_str()) {
                    Follows::SpacedToken
                } else {
                    Follows::Anything
                }
            })
            .collect();
        let block_filter = BlockFilter::new(&builtin_anchors, &user_anchors);
        let private_anchor = anchors
            .iter()
            .position(|a| a == "PRIVATE")
            .filter(|_| !anchors.iter().any(|a| can_hide(a, "PRIVATE")))
            .and_then(|a| Some((a, block_filter.part_of(a)?)));
        let user_literals = (!pattern_literals.is_empty()).then(|| {
            let ac = AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(pattern_literals.iter().map(|(l, _)| l))
                .expect("literal automaton builds");
            (ac, pattern_literals.iter().map(|&(_, r)| r).collect())
        });
        let strong_shapes = Shapes::of(strong_keys.keys());
        let names = rules
            .iter()
            .map(|r| r.name.as_str())
            .chain(tokens::TOKENS.iter().map(|t| t.name))
            .chain(strong_keys.values().map(String::as_str))
            .chain(OWN_NAMES.iter().copied())
            .map(Box::from)
            .collect::<HashSet<Box<str>>>();
        let longest_name = names.iter().map(|n| n.len()).max().unwrap_or(0);
        let key = self.literal_key.unwrap_or_else(literal::random_key);
        Ok(Redactor {
            id: owner_id(),
            strong_shapes,
            rules,
            unfiltered,
            block_filter,
            anchor_rules,
            run_follows,
            anchor_word,
            user_literals,
            prefixes: tokens::Prefixes::new(&run_anchors),
            private_anchor,
            strong_keys,
            literals: literal::Literals::new(key, self.prints),
            max_line: self.max_line.unwrap_or(DEFAULT_MAX_LINE),
            names,
            longest_name,
        })
    }
}

/// A keyword as logs write it: as given, and for a case-insensitive rule
/// also in lower, UPPER and Capitalized case.
fn spellings(k: &str, insensitive: bool) -> Vec<String> {
    let mut out = vec![k.to_string()];
    if insensitive {
        let lower = k.to_ascii_lowercase();
        let mut cap = lower.clone();
        if let Some(first) = cap.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        out.extend([lower, k.to_ascii_uppercase(), cap]);
    }
    out.sort();
    out.dedup();
    out
}

/// The longest piece of `s` made of run bytes, if it is worth searching.
fn longest_run_part(s: &str) -> Option<String> {
    s.split(|c: char| !c.is_ascii() || !tokens::run_byte(c as u8))
        .max_by_key(|p| p.len())
        .filter(|p| p.len() >= 2)
        .map(str::to_string)
}

/// The built-in anchors, and the user's keys and pattern literals (each in
/// the spelling given, lower, UPPER and Capitalized words, as an HTTP
/// header or a config file writes it) that none of them covers.
fn block_anchors(user: &[String]) -> (Vec<String>, Vec<String>) {
    let builtin: Vec<String> = rules::WORD_ANCHORS
        .iter()
        .chain(rules::BLOCK_ANCHORS)
        .map(|s| s.to_string())
        .collect();
    let mut extra: Vec<String> = Vec::new();
    for u in user {
        let lower = u.to_ascii_lowercase();
        // Lower before Capitalized: a piece of the lower spelling that
        // holds no word's first letter is in both, one anchor for two.
        for spelling in [
            u.clone(),
            lower.clone(),
            u.to_ascii_uppercase(),
            capitalized(&lower),
        ] {
            // Most user keys already contain an anchor (`…_SECRET`); adding
            // them anyway would only slow the SIMD search down.
            if builtin
                .iter()
                .chain(&extra)
                .any(|a| spelling.contains(a.as_str()))
            {
                continue;
            }
            let inner = (spelling == lower)
                .then(|| inner_piece(&lower, &builtin))
                .flatten();
            extra.push(inner.unwrap_or_else(|| apart_from(&spelling, &builtin)));
        }
    }
    extra.sort();
    extra.dedup();
    (builtin, extra)
}

/// `lower` with the first letter of each word (after a byte that is not a
/// letter or digit) made a capital: `x-acme-key` as `X-Acme-Key`.
fn capitalized(lower: &str) -> String {
    let mut out = lower.as_bytes().to_vec();
    for i in 0..out.len() {
        if i == 0 || !out[i - 1].is_ascii_alphanumeric() {
            out[i].make_ascii_uppercase();
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| lower.to_string())
}

/// The longest piece of `lower` (at least [`MIN_USER_ANCHOR`] bytes) that
/// holds no word's first letter, so that it is written alike in lower case
/// and in Capitalized words, and that no `builtin` anchor can overlap (see
/// [`apart_from`]).
fn inner_piece(lower: &str, builtin: &[String]) -> Option<String> {
    let b = lower.as_bytes();
    if !lower.is_ascii() {
        return None;
    }
    let starts_word =
        |i: usize| b[i].is_ascii_alphabetic() && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
    let n = b.len();
    (MIN_USER_ANCHOR..=n)
        .rev()
        .flat_map(|len| (0..=n - len).map(move |from| from..from + len))
        .find(|r| {
            !r.clone().any(starts_word)
                && !builtin.iter().any(|a| can_overlap(&lower[r.clone()], a))
        })
        .map(|r| lower[r].to_string())
}

/// The longest piece of a user's anchor (at least four bytes) that none
/// of the `builtin` anchors can overlap, or the whole of it. A user
/// anchor joins the last Teddy searcher only where no hit there can hide
/// its own; one that can (`SUPABASE_…` after `…ONTRIBSYS`, which ends in
/// its first byte) pulls that built-in anchor into the word search
/// instead, which pushes a three-byte one (` -u`) out to Teddy: Teddy
/// then matches three bytes at each place, not four, and lets through
/// many more look-alikes in prose. Any piece of a key finds every line
/// the key is on, and the key around the hit is what is judged.
fn apart_from(anchor: &str, builtin: &[String]) -> String {
    let clear = |piece: &str| !builtin.iter().any(|b| can_overlap(piece, b));
    if clear(anchor) || !anchor.is_ascii() {
        return anchor.to_string();
    }
    let n = anchor.len();
    (MIN_USER_ANCHOR..n)
        .rev()
        .flat_map(|len| (0..=n - len).map(move |from| &anchor[from..from + len]))
        .find(|piece| clear(piece))
        .unwrap_or(anchor)
        .to_string()
}

/// The shortest piece of a user's anchor [`apart_from`] takes:
/// as long as a Teddy fingerprint, so it lets no more look-alikes through.
const MIN_USER_ANCHOR: usize = 4;

/// How many anchors one SIMD searcher takes: every built-in anchor the
/// word search leaves to Teddy, with a user's few, so that a block is
/// searched twice, not three times.
const ANCHORS_PER_SEARCHER: usize = 24;

/// At most this many user anchors join the last built-in searcher.
const FEW_JOIN: usize = 2;

/// Finds anchors in a block: Teddy (SIMD) where the CPU has it, else an
/// Aho-Corasick automaton. The anchors are split among several searchers,
/// so each stays small enough for the fastest kind.
struct BlockFilter {
    /// Each searcher, and the anchor index of each of its patterns.
    parts: Vec<(Searcher, Vec<usize>)>,
    /// The first searcher's anchors (the words that name a secret and a
    /// few others) searched exactly with AVX2, for blocks dense with them
    /// (see [`words`]). The hits are the same; only the cost differs.
    dense: Option<words::Words>,
}

/// A block whose first few kilobytes hold a word anchor every this many
/// bytes or less is searched for them with [`BlockFilter::dense`].
const DENSE_BYTES: usize = 256;

/// How much of a block is searched before choosing.
const SAMPLE_BYTES: usize = 4096;

enum Searcher {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl Searcher {
    fn find(&self, haystack: &[u8]) -> Option<usize> {
        match self {
            Searcher::Packed(s) => s.find(haystack).map(|m| m.start()),
            Searcher::Automaton(a) => a.find(haystack).map(|m| m.start()),
        }
    }

    /// Every hit in `haystack` as (start, end, pattern), in order.
    fn each(&self, haystack: &[u8], mut f: impl FnMut(usize, usize, usize)) {
        match self {
            Searcher::Packed(s) => {
                for m in s.find_iter(haystack) {
                    f(m.start(), m.end(), m.pattern().as_usize());
                }
            }
            Searcher::Automaton(a) => {
                for m in a.find_iter(haystack) {
                    f(m.start(), m.end(), m.pattern().as_usize());
                }
            }
        }
    }

    fn new<S: AsRef<[u8]>>(anchors: &[S]) -> Searcher {
        let packed = aho_corasick::packed::Config::new()
            .heuristic_pattern_limits(false)
            .builder()
            .extend(anchors)
            .build();
        match packed {
            Some(s) => Searcher::Packed(s),
            None => {
                Searcher::Automaton(AhoCorasick::new(anchors).expect("anchor automaton builds"))
            }
        }
    }
}

impl BlockFilter {
    fn new(builtin: &[String], user: &[String]) -> BlockFilter {
        let first = Self::in_bucket_order(Self::word_group(builtin, user), |i| &builtin[i]);
        let mut parts = Vec::new();
        let mut dense = None;
        if !first.is_empty() {
            let anchors = Self::spelled(builtin, &first);
            dense = words::Words::new(&anchors);
            parts.push((Searcher::new(&anchors), first.clone()));
        }
        // Teddy is fastest with few patterns (its slim kind packs them
        // into eight buckets): past a searcher's share, another one.
        let rest_ids: Vec<usize> = (0..builtin.len()).filter(|i| !first.contains(i)).collect();
        let rest: Vec<String> = rest_ids.iter().map(|&i| builtin[i].clone()).collect();
        let global = |r: usize| match rest_ids.get(r) {
            Some(&i) => i,
            None => builtin.len() + r - rest.len(),
        };
        let all: Vec<&String> = rest.iter().chain(user).collect();
        parts.extend(Self::groups(&rest, user).into_iter().map(|g| {
            let g = Self::in_bucket_order(g, |r| all[r]);
            let anchors: Vec<&String> = g.iter().map(|&r| all[r]).collect();
            (Searcher::new(&anchors), g.into_iter().map(global).collect())
        }));
        BlockFilter { parts, dense }
    }

    /// The first searcher's anchors: the words that name a secret, with
    /// a few other anchors, which both Teddy and `words` can search. The
    /// hits are the same either way, so a block dense with them is
    /// searched by `words` and any other by Teddy (see `collect`). The
    /// anchors of three bytes join first: without them, the other
    /// searchers hold only anchors of four bytes or more, and Teddy then
    /// matches four bytes at each place and lets far fewer look-alikes
    /// through. Then the longest, the rarest.
    fn word_group(builtin: &[String], user: &[String]) -> Vec<usize> {
        let words = builtin
            .iter()
            .take_while(|a| rules::WORD_ANCHORS.contains(&a.as_str()))
            .count();
        let mut first: Vec<usize> = (0..words).collect();
        if words == 0 {
            return first;
        }
        let mut partners: Vec<usize> = (words..builtin.len())
            .filter(|&i| builtin[i].len() >= 3)
            .collect();
        // Those a user anchor could overlap first: the user's join the last
        // Teddy searcher, which must hold none of them (see `groups`).
        let clashes = |i: usize| user.iter().any(|u| can_overlap(u, &builtin[i]));
        partners.sort_by_key(|&i| {
            (
                !clashes(i),
                builtin[i].len() >= 4,
                std::cmp::Reverse(builtin[i].len()),
            )
        });
        // A partner that needs a second lookup per place (past eight
        // prefixes) would cost every dense block more than it saves Teddy.
        let limit = words::Words::halves_needed(&Self::spelled(builtin, &first)).unwrap_or(0);
        for i in partners {
            if first.len() >= ANCHORS_PER_SEARCHER {
                break;
            }
            first.push(i);
            if words::Words::halves_needed(&Self::spelled(builtin, &first))
                .is_none_or(|h| h > limit)
            {
                first.pop();
            }
        }
        first
    }

    /// A searcher's anchors (`ids`, spelled by `spell`) in the order that
    /// pairs rare fingerprints in Teddy's buckets (see [`buckets`]).
    fn in_bucket_order<'a>(ids: Vec<usize>, spell: impl Fn(usize) -> &'a String) -> Vec<usize> {
        let anchors: Vec<&[u8]> = ids.iter().map(|&i| spell(i).as_bytes()).collect();
        buckets::order(&anchors)
            .into_iter()
            .map(|k| ids[k])
            .collect()
    }

    fn spelled<'a>(builtin: &'a [String], ids: &[usize]) -> Vec<&'a String> {
        ids.iter().map(|&i| &builtin[i]).collect()
    }

    /// The anchors of each searcher, by index (built-in ones first, then
    /// the user's), twenty-four to a searcher. A user's few anchors (the
    /// bundled playbooks add two) join the last built-in group instead of
    /// costing a pass over every block of their own, unless one could
    /// overlap an anchor there: a searcher reports hits that do not
    /// overlap, and both must be seen. The built-in anchors a user anchor
    /// could overlap go to the first groups to make room.
    fn groups(builtin: &[String], user: &[String]) -> Vec<Vec<usize>> {
        let user_ids: Vec<usize> = (builtin.len()..builtin.len() + user.len()).collect();
        let clashes = |i: usize| user.iter().any(|u| can_overlap(u, &builtin[i]));
        let mut order: Vec<usize> = (0..builtin.len()).collect();
        // Longest first after those: a searcher's fingerprint is as long
        // as its shortest anchor (up to four bytes), and a longer one lets
        // fewer look-alikes through.
        order.sort_by_key(|&i| (!clashes(i), std::cmp::Reverse(builtin[i].len().min(4))));
        let mut groups: Vec<Vec<usize>> = order
            .chunks(ANCHORS_PER_SEARCHER)
            .map(<[usize]>::to_vec)
            .collect();
        match groups.last_mut() {
            Some(last) if user.len() <= FEW_JOIN && !last.iter().any(|&i| clashes(i)) => {
                last.extend(user_ids);
            }
            _ => {
                // No room: the built-in groups as they were.
                groups = (0..builtin.len())
                    .collect::<Vec<_>>()
                    .chunks(ANCHORS_PER_SEARCHER)
                    .map(<[usize]>::to_vec)
                    .collect();
                groups.extend(user_ids.chunks(ANCHORS_PER_SEARCHER).map(<[usize]>::to_vec));
            }
        }
        groups.retain(|g| !g.is_empty());
        groups
    }

    fn find(&self, haystack: &[u8]) -> Option<usize> {
        self.parts
            .iter()
            .filter_map(|(s, _)| s.find(haystack))
            .min()
    }

    /// Which searcher finds `anchor`: its hits are that searcher's list
    /// in [`BlockFilter::collect`] and [`Known::anchors`].
    fn part_of(&self, anchor: usize) -> Option<usize> {
        self.parts.iter().position(|(_, ids)| ids.contains(&anchor))
    }

    /// Every anchor in `haystack`, as (start, end, anchor), searcher by
    /// searcher. With `known`, the block scan found them already.
    fn for_each(
        &self,
        haystack: &[u8],
        known: Option<&Known>,
        mut f: impl FnMut(usize, usize, usize),
    ) {
        if let Some(known) = known {
            for hits in known.anchors {
                for h in *hits {
                    f(h.start - known.offset, h.end - known.offset, h.anchor);
                }
            }
            return;
        }
        for (s, ids) in &self.parts {
            s.each(haystack, |start, end, p| f(start, end, ids[p]));
        }
    }

    /// Every anchor in `block`, one list per searcher, in order: found
    /// once for the whole block, then handed to each line that holds one.
    /// The lists in `out` are refilled, keeping what they hold room for.
    fn collect(&self, block: &[u8], out: &mut Vec<Vec<AnchorHit>>) {
        out.resize_with(self.parts.len(), Vec::new);
        for (k, ((s, ids), hits)) in self.parts.iter().zip(out.iter_mut()).enumerate() {
            hits.clear();
            let hit = |start: usize, end: usize, p: usize| AnchorHit {
                start,
                end,
                anchor: ids[p],
            };
            let Some(dense) = self.dense.as_ref().filter(|_| k == 0) else {
                s.each(block, |start, end, p| hits.push(hit(start, end, p)));
                continue;
            };
            // A sample of whole lines (no anchor holds a newline, so
            // no hit straddles the cut) tells how dense the block is.
            let cut = block
                .get(SAMPLE_BYTES..)
                .and_then(|rest| memchr::memchr(b'\n', rest))
                .map_or(block.len(), |i| SAMPLE_BYTES + i + 1);
            s.each(&block[..cut], |start, end, p| hits.push(hit(start, end, p)));
            let rest = &block[cut..];
            if hits.len() * DENSE_BYTES >= cut {
                // Room for the block's hits at the sample's rate, so
                // they are not copied again and again as the list grows.
                hits.reserve(rest.len() / cut * hits.len());
                dense.for_each(rest, |start, end, p| {
                    hits.push(hit(cut + start, cut + end, p));
                    true
                });
            } else {
                s.each(rest, |start, end, p| {
                    hits.push(hit(cut + start, cut + end, p))
                });
            }
        }
    }
}

/// Whether `a` and `b` can share a byte of some text: one holds the other,
/// or one ends with the other's beginning.
fn can_overlap(a: &str, b: &str) -> bool {
    a.contains(b) || b.contains(a) || can_hide(a, b) || can_hide(b, a)
}

/// Whether a hit of `a` can hide one of `b` from a searcher that reports
/// the leftmost of overlapping hits: `a` holds `b`, or starts before it
/// and ends inside it.
fn can_hide(a: &str, b: &str) -> bool {
    // Bytes, as the searchers see them: a user's key may hold a character
    // of several bytes, and a piece of it is no `str`.
    let (a, b) = (a.as_bytes(), b.as_bytes());
    (a != b && memchr::memmem::find(a, b).is_some())
        || (1..a.len().min(b.len())).any(|k| a.ends_with(&b[..k]))
}

/// An anchor found in a block: where, and which.
#[derive(Clone, Copy, Debug)]
struct AnchorHit {
    start: usize,
    end: usize,
    anchor: usize,
}

/// What the block scan already knows about a line that needs a closer
/// look: its anchors, per searcher, and its runs of token characters
/// (positions in the block; the line starts at `offset`), and whether it
/// is ASCII with nothing to sanitize. Only for the line as read, never
/// for text a pass changed.
#[derive(Clone, Copy)]
struct Known<'a> {
    offset: usize,
    anchors: &'a [&'a [AnchorHit]],
    runs: &'a [std::ops::Range<usize>],
    clean: bool,
}

impl Known<'_> {
    /// Whether the block scan found `anchor` in the line: in the hits of
    /// `part`, the searcher that finds it, not in every searcher's (the
    /// word searcher's are many on a busy auth log).
    fn holds(&self, (anchor, part): (usize, usize)) -> bool {
        self.anchors
            .get(part)
            .is_some_and(|hits| hits.iter().any(|h| h.anchor == anchor))
    }
}

/// Ordinary text no secret rule has any business matching: a rule that
/// matches most of it would erase every note, name and log line.
const ORDINARY: &[&str] = &[
    "a",
    "e",
    "x",
    "I",
    "1",
    "42",
    "-",
    ".",
    "/",
    " ",
    "alice",
    "the",
    "INFO",
    "incident",
    "rotate the key",
    "2026-12-01",
    "Nov 23 03:12:01 web-1 nanoclaw[812]: request handled in 12ms",
    "bob marked Assess scope done",
];

/// The shortest span a user rule may hide in ordinary text. No secret is
/// this short (a leaked value needs six characters), so a rule that cuts
/// out one or two characters (`\d`, `\s`, `[A-Z]`, `n`, `:`) is a
/// mistake, and would riddle every timestamp, note and name with markers
/// while matching few of [`ORDINARY`]'s texts whole.
const SHORTEST_HIDDEN: usize = 4;

/// Why a user's or a playbook's redact `pattern` must not be used, if it
/// must not: it matches the empty string (`.*`, `x?`), it matches a good
/// part of ordinary text (`.`, `\w+`, `[a-z]`), or it would cut a few
/// characters out of it (`\d`, `t`). Such a rule silently turns every
/// note and name into markers.
pub fn pattern_problem(pattern: &str) -> Option<String> {
    let re = Regex::new(pattern).ok()?;
    if re.is_match("") {
        return Some("matches the empty string, so it would erase everything".into());
    }
    let hits = ORDINARY.iter().filter(|t| re.is_match(t)).count();
    if hits * 3 >= ORDINARY.len() {
        return Some(format!(
            "matches ordinary text ({hits} of {} plain words and lines tried), so it would erase notes and names",
            ORDINARY.len()
        ));
    }
    // What the rule hides: its group 1 if it has one, else the match.
    let short = ORDINARY.iter().find_map(|t| {
        re.captures_iter(t)
            .filter_map(|c| c.get(1).or_else(|| c.get(0)))
            .find(|m| m.as_str().chars().count() < SHORTEST_HIDDEN)
            .map(|m| (m.as_str(), *t))
    });
    short.map(|(cut, text)| {
        format!(
            "would hide {cut:?} inside ordinary text like {text:?}; no secret is shorter than {SHORTEST_HIDDEN} characters"
        )
    })
}

/// Why a user's or a playbook's redact key must not be used, if it must
/// not: it is empty (it would name every key), or it holds a character no
/// key in a log is read with (ASCII letters, digits, `_`, `.`, `-`), so
/// its value would never be found while the responder trusts the rule.
pub fn key_problem(key: &str) -> Option<String> {
    if key.trim().is_empty() {
        return Some("is empty, which would name every key".into());
    }
    let c = key
        .chars()
        .find(|&c| !c.is_ascii() || !is_key_byte(c as u8))?;
    let hint = if c == ' ' {
        " (write a key of several words with `_`, as `client_secret`)"
    } else {
        ""
    };
    Some(format!(
        "holds {c:?}, which a key name in a log never holds, so its value would never be found: keys are ASCII letters, digits, `_`, `.` and `-`{hint}"
    ))
}

/// Literals one of which starts every match of `pattern`, lowercased, when
/// there is a short list of them long enough to be worth prefiltering on. A
/// user rule without one runs on every line, which costs speed, not safety.
fn required_literals(pattern: &str, lower: bool) -> Option<Vec<String>> {
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
        .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned())
        .map(|l| if lower { l.to_ascii_lowercase() } else { l })
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

/// Whether every match of `pattern` is made of run bytes only and is at
/// least `tokens::MIN_RUN` long: each then lies inside a run the gate
/// finds, with the literal it starts with.
fn matches_only_runs(pattern: &str) -> bool {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn run_bytes_only(h: &Hir) -> bool {
        match h.kind() {
            HirKind::Empty | HirKind::Look(_) => true,
            HirKind::Literal(l) => l.0.iter().all(|&b| tokens::run_byte(b)),
            HirKind::Class(Class::Unicode(c)) => c.ranges().iter().all(|r| {
                (r.start()..=r.end()).all(|ch| ch.is_ascii() && tokens::run_byte(ch as u8))
            }),
            HirKind::Class(Class::Bytes(c)) => c
                .ranges()
                .iter()
                .all(|r| (r.start()..=r.end()).all(tokens::run_byte)),
            HirKind::Repetition(r) => run_bytes_only(&r.sub),
            HirKind::Capture(c) => run_bytes_only(&c.sub),
            HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().all(run_bytes_only),
        }
    }
    regex_syntax::parse(pattern).is_ok_and(|hir| {
        run_bytes_only(&hir)
            && hir
                .properties()
                .minimum_len()
                .is_some_and(|n| n >= tokens::MIN_RUN)
    })
}

/// A found secret: byte range, the rule's name, and a priority (lower
/// wins) for naming spans that overlap.
#[derive(Clone, Debug)]
struct Hit<'r> {
    start: usize,
    end: usize,
    priority: usize,
    name: &'r str,
}

/// Regex rules rank by their index; tokens after them; then the
/// assignments and literals, which name what they found less precisely.
const TOKEN_PRIORITY: usize = 1_000;
const GENERIC_PRIORITY: usize = 5_000;
const ASSIGNMENT_PRIORITY: usize = 10_000;
const ENV_PRIORITY: usize = 15_000;
const LITERAL_PRIORITY: usize = 20_000;

/// One rule as `warroom redact --list-rules` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    pub name: String,
    /// What it finds.
    pub what: String,
    /// The shape it matches, and an example made of its alphabet (never a
    /// real value).
    pub shape: String,
}

/// Per-rule counts, for `warroom redact --stats`.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub counts: std::collections::BTreeMap<String, u64>,
}

impl Stats {
    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    /// Adds another block's counts to these.
    pub fn add(&mut self, other: Stats) {
        for (rule, n) in other.counts {
            *self.counts.entry(rule).or_default() += n;
        }
    }
}

/// A table's entry for a built-in rule, named by the rule and its first
/// keyword (several rules share a name: `cli-password-flag`).
fn of_rule<'t, T>(table: &'t [(&str, &str, T)], b: &rules::Builtin) -> Option<&'t T> {
    table
        .iter()
        .find(|(n, k, _)| *n == b.name && b.keywords.first() == Some(k))
        .map(|(_, _, t)| t)
}

/// The groups of the first match at or after `start`, the text before
/// it still seen by look-arounds (as `regex::Regex::captures_at`).
fn captures_at(regex: &meta::Regex, text: &str, start: usize) -> Option<Captures> {
    let mut caps = regex.create_captures();
    regex.search_captures(&Input::new(text).range(start..), &mut caps);
    caps.is_match().then_some(caps)
}

/// The first capture group from `group` on that took part: a built-in
/// rule offers a quoted and a bare value as alternatives.
fn first_group(caps: &Captures, group: usize) -> Option<regex_automata::Span> {
    (group..caps.group_len()).find_map(|g| caps.get_group(g))
}

impl Redactor {
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// Every rule in force: the built-in formats and contexts, the key
    /// names that make a value secret, and the user's and playbooks' rules.
    pub fn list_rules(&self) -> Vec<RuleInfo> {
        let mut out = Vec::new();
        for b in rules::builtins() {
            out.push(RuleInfo {
                name: b.name.into(),
                what: b.what.into(),
                shape: b.example.into(),
            });
        }
        for t in tokens::TOKENS {
            out.push(RuleInfo {
                name: t.name.into(),
                what: t.what.into(),
                shape: format!("{}  e.g. {}", t.shape(), t.example()),
            });
        }
        out.push(RuleInfo {
            name: "secret-assignment".into(),
            what: "the value of a key that names a secret (password, secret, token, api_key, \
                   credential, session, …) in key position: `k=v`, `k: v`, `\"k\": \"v\"`, \
                   `\\\"k\\\":\\\"v\\\"`, `k => v`, `<k>v</k>`, `PASSWORD 'v'`; placeholders and \
                   status words are kept"
                .into(),
            shape: "password=S3cret  \"api_key\": \"aB3dE5gH7jK9mN1p\"".into(),
        });
        out.push(RuleInfo {
            name: "env-secret".into(),
            what: "a random-looking value (32+ hex, or 20+ mixed base64) assigned to any \
                   UPPER_SNAKE variable that does not name an id, hash or version"
                .into(),
            shape: "NEW_OS=3f9a0c…(64 hex)".into(),
        });
        out.push(RuleInfo {
            name: "private-key".into(),
            what: "every line of a multi-line PEM private key block, BEGIN to END".into(),
            shape: "-----BEGIN EC PRIVATE KEY-----".into(),
        });
        out.push(RuleInfo {
            name: "literal".into(),
            what: "a value registered with `warroom leaked` or `!` in the console (kept \
                   only as a keyed fingerprint)"
                .into(),
            shape: "any 6+ characters".into(),
        });
        let builtin_rules = rules::builtins().len();
        for r in self.rules.iter().skip(builtin_rules) {
            out.push(RuleInfo {
                name: r.name.clone(),
                what: "a user or playbook rule".into(),
                shape: r.regex.as_str().into(),
            });
        }
        // Keys whose value is always secret, one line per rule name.
        let mut by_name: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for (key, name) in &self.strong_keys {
            by_name.entry(name).or_default().push(key);
        }
        for (name, mut keys) in by_name {
            keys.sort_unstable();
            out.push(RuleInfo {
                name: name.into(),
                what: format!("any value assigned to {}", keys.join(", ")),
                shape: format!("{}=…", keys[0]),
            });
        }
        out
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

    /// Whether any leaked value is registered.
    pub fn has_literals(&self) -> bool {
        self.literals.active()
    }

    /// Adds a fingerprint registered elsewhere (another console, the store).
    pub fn add_literal_print(&mut self, print: LiteralPrint) {
        self.literals.add(print);
    }

    /// Redacts one line of already sanitized text.
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.redact_counting(text, None)
    }

    fn redact_counting<'a>(&self, text: &'a str, stats: Option<&mut Stats>) -> Cow<'a, str> {
        self.redact_known(text, stats, None)
    }

    fn redact_known<'a>(
        &self,
        text: &'a str,
        mut stats: Option<&mut Stats>,
        known: Option<&Known>,
    ) -> Cow<'a, str> {
        let Some((out, exposed)) = self.replace_once(text, stats.as_deref_mut(), known) else {
            return Cow::Borrowed(text);
        };
        Cow::Owned(self.settle(out, exposed, stats))
    }

    /// The passes after the first, while a replacement may have exposed
    /// more (see [`Redactor::replace_once`]).
    fn settle(&self, mut out: String, mut exposed: bool, mut stats: Option<&mut Stats>) -> String {
        // A replacement can expose a neighbour: `AKIA…` glued to a JWT is
        // not a key until the JWT becomes a marker. Repeat to a fixed point
        // so redacting twice never finds more than redacting once; a
        // marker between blanks, quotes or separators exposes nothing, and
        // most secret lines stop after one pass.
        for _ in 0..MAX_PASSES {
            if !exposed {
                break;
            }
            match self.replace_once(&out, stats.as_deref_mut(), None) {
                Some((next, more)) => (out, exposed) = (next, more),
                None => break,
            }
        }
        out
    }

    /// One pass of find-and-replace; `None` when nothing was found. With
    /// the text, whether a marker now touches a byte that could be part of
    /// a token or key (see [`exposes`]), so another pass could find more.
    fn replace_once(
        &self,
        text: &str,
        stats: Option<&mut Stats>,
        known: Option<&Known>,
    ) -> Option<(String, bool)> {
        let (hits, unsettled) = self.find(text, known);
        if hits.is_empty() {
            return None;
        }
        Some(self.replace_found(text, hits, unsettled, stats))
    }

    /// [`Redactor::replace_once`] with the hits found.
    fn replace_found(
        &self,
        text: &str,
        hits: Vec<Hit<'_>>,
        unsettled: bool,
        mut stats: Option<&mut Stats>,
    ) -> (String, bool) {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        let mut exposed = unsettled;
        for h in merge(hits) {
            exposed |= exposes(text.as_bytes(), h.start, h.end);
            out.push_str(&text[last..h.start]);
            // As `marker` writes it, without a string of its own.
            out.push_str(MARKER_OPEN);
            out.push_str(h.name);
            out.push(']');
            if let Some(s) = stats.as_deref_mut() {
                match s.counts.get_mut(h.name) {
                    Some(n) => *n += 1,
                    None => {
                        s.counts.insert(h.name.to_string(), 1);
                    }
                }
            }
            last = h.end;
        }
        out.push_str(&text[last..]);
        (out, exposed)
    }

    /// Every secret span in `text`, except inside markers already there.
    /// Allocates only when something is found. With the spans, whether
    /// another pass is due once they are markers: a regex ran, or a hit
    /// inside an existing marker was set aside. The other finders read
    /// only runs and keys, which a marker changes only where it touches
    /// them (see [`exposes`]).
    fn find(&self, text: &str, known: Option<&Known>) -> (Vec<Hit<'_>>, bool) {
        let bytes = text.as_bytes();
        let mut hits = Vec::new();
        let mut regex_ran = false;
        let mut fired = Fired::new(self.rules.len());
        // Where the last key checked started, so a key holding two words
        // (`SECRET_TOKEN`) is judged once.
        let mut last_key = usize::MAX;
        self.block_filter
            .for_each(bytes, known, |start, end, anchor| {
                let keywords = &self.anchor_rules[anchor];
                keywords.each_probed(bytes, start, |i| {
                    let k = &keywords.keywords[i];
                    if k.at(bytes, start) && !self.in_marker(bytes, start) {
                        fired.set(k.rule);
                    }
                });
                if self.anchor_word[anchor] {
                    self.assignment_at(text, start, end, &mut last_key, &mut hits);
                }
            });
        let mut from = 0;
        // Whether an audit argument is written in hex: looked at decoded
        // (below). A flag, not a list, on a path every line takes.
        let mut encoded = false;
        // Where body stretches end, for the whole line (see
        // `tokens::Stretches`), made at the first token prefix.
        let mut stretches = None;
        let mut look = |run: std::ops::Range<usize>| {
            // The key or word just before the run is searched with it, for
            // rule keywords that stand there (`AccountKey=…`, `Bearer …`).
            let word = word_before(bytes, run.start);
            encoded |= audit_key(bytes, run.start, &word);
            let scan = word.start.max(from)..run.end;
            from = run.end;
            self.prefixes.scan(
                bytes,
                scan,
                run.start,
                &mut |i, start, end| {
                    hits.push(Hit {
                        start,
                        end,
                        priority: TOKEN_PRIORITY + i,
                        name: tokens::TOKENS[i].name,
                    })
                },
                &mut |r, end| {
                    if self.run_follows[r].holds(bytes, end) && !self.in_marker(bytes, end - 1) {
                        fired.set(r);
                    }
                },
                &mut stretches,
            );
            if let Some(hit) = self.assigned_run(text, run, word) {
                hits.push(hit);
            }
        };
        match known {
            // The block scan found the line's runs.
            Some(k) => {
                for run in k.runs {
                    look(run.start - k.offset..run.end - k.offset);
                }
            }
            None => {
                let mut seek = 0;
                while let Some(run) = next_run(bytes, seek) {
                    seek = run.end;
                    look(run);
                }
            }
        }
        if encoded {
            regex_ran |= self.decoded_hits(text, known, &mut hits);
        }
        for &i in &self.unfiltered {
            fired.set(i);
        }
        if let Some((ac, rules)) = &self.user_literals {
            for m in ac.find_iter(text) {
                fired.set(rules[m.pattern().as_usize()]);
            }
        }
        // Only the rules a keyword fired: a handful of set bits, not a
        // walk over every rule.
        fired.for_each(|i| {
            let rule = &self.rules[i];
            if !self.also_found(rule, bytes) {
                return;
            }
            regex_ran = true;
            let mut found = |start: usize, end: usize| {
                if start < end && judge(rule.judge, &text[start..end]) {
                    hits.push(Hit {
                        start,
                        end,
                        priority: rule.priority,
                        name: &rule.name,
                    });
                }
            };
            let compiled = rule.regex.get();
            // The secret is the whole match: the same matches, without
            // asking where the groups are.
            if rule.group == 0 || compiled.whole == Some(rule.group) {
                for m in compiled.regex.find_iter(text) {
                    found(m.start(), m.end());
                }
                return;
            }
            if let Some(locate) = rule.locate {
                for m in compiled.regex.find_iter(text) {
                    match locate(&text[m.range()]) {
                        Some(r) => found(m.start() + r.start, m.start() + r.end),
                        None => {
                            if let Some(g) = captures_at(&compiled.regex, text, m.start())
                                .and_then(|c| first_group(&c, rule.group))
                            {
                                found(g.start, g.end);
                            }
                        }
                    }
                }
                return;
            }
            for caps in compiled.regex.captures_iter(text) {
                let m = if rule.first_group && rule.group > 0 {
                    first_group(&caps, rule.group)
                } else {
                    caps.get_group(rule.group)
                };
                let Some(m) = m else { continue };
                if rule.named
                    && caps
                        .get_group(1)
                        .is_some_and(|n| classify_key(&text[n.range()]).is_none())
                {
                    continue;
                }
                match &rule.each {
                    None => found(m.start, m.end),
                    // A list (`--from-literal=a=… --from-literal=b=…`):
                    // every item in one pass, however many there are.
                    Some(each) => {
                        for item in each.get().regex.captures_iter(&text[m.range()]) {
                            if let Some(v) = (1..item.group_len()).find_map(|g| item.get_group(g)) {
                                found(m.start + v.start, m.start + v.end);
                            }
                        }
                    }
                }
            }
        });
        if self.literals.active() {
            self.literals.find(text, &mut |start, end| {
                hits.push(Hit {
                    start,
                    end,
                    priority: LITERAL_PRIORITY,
                    name: "literal",
                })
            });
        }
        // A regex reads more than the bytes next to a marker (`Bearer
        // abc…=` is a token only once what followed the `=` is a marker),
        // so a line where one ran is looked at again.
        let mut unsettled = regex_ran;
        if !hits.is_empty() && text.contains(MARKER_OPEN) {
            // A hit inside an existing marker would rewrite the marker;
            // dropping those keeps redaction idempotent.
            let markers = self.markers(text);
            let before = hits.len();
            hits.retain(|h| !markers.iter().any(|&(s, e)| h.start < e && s < h.end));
            unsettled |= hits.len() < before;
        }
        (hits, unsettled)
    }

    /// Secrets inside audit arguments written in hex (see [`audit_key`]):
    /// the line is looked at again with each of them decoded in place (an
    /// `aN=` argument in quotes, as auditd writes a plain one; the command
    /// line of `proctitle=` with its NULs as blanks), and an argument that
    /// holds a secret is hidden whole. Whether a regex ran. A decoded
    /// argument may hold hex of its own, half as long: the depth is
    /// bounded by the line's length halved at each level.
    fn decoded_hits<'r>(
        &'r self,
        text: &str,
        known: Option<&Known>,
        hits: &mut Vec<Hit<'r>>,
    ) -> bool {
        let b = text.as_bytes();
        let runs: Vec<std::ops::Range<usize>> = match known {
            Some(k) => k
                .runs
                .iter()
                .map(|r| r.start - k.offset..r.end - k.offset)
                .collect(),
            None => std::iter::successors(next_run(b, 0), |r| next_run(b, r.end)).collect(),
        };
        let encoded = runs.into_iter().filter(|run| {
            let word = word_before(b, run.start);
            audit_key(b, run.start, &word)
        });
        let mut line = String::with_capacity(text.len());
        // Where each decoded argument lies in `line`, and its run.
        let mut spans = Vec::new();
        let mut last = 0;
        for run in encoded {
            let hex = &b[run.clone()];
            let Some(decoded) = audit_hex(hex).then(|| decode_hex_text(hex)).flatten() else {
                continue;
            };
            line.push_str(&text[last..run.start]);
            let quote = if b[..run.start].ends_with(b"proctitle=") {
                ""
            } else {
                "\""
            };
            line.push_str(quote);
            let start = line.len();
            line.push_str(&decoded);
            spans.push((start..line.len(), run.clone()));
            line.push_str(quote);
            last = run.end;
        }
        if spans.is_empty() {
            return false;
        }
        line.push_str(&text[last..]);
        let (found, regex_ran) = self.find(&line, None);
        for h in found {
            if let Some((_, run)) = spans
                .iter()
                .find(|(s, _)| h.start < s.end && s.start < h.end)
            {
                hits.push(Hit {
                    start: run.start,
                    end: run.end,
                    priority: h.priority,
                    name: h.name,
                });
            }
        }
        regex_ran
    }

    /// The markers in `text`, as (start, end). Only `[REDACTED:name]` with
    /// a name this redactor writes counts: `[REDACTED:` in a log line
    /// (typed by anyone who controls a field) must not shield what
    /// follows it up to the next `]`.
    fn markers(&self, text: &str) -> Vec<(usize, usize)> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(i) = memchr::memmem::find(&b[from..], MARKER_OPEN.as_bytes()) {
            let start = from + i;
            match self.marker_from(b, start) {
                Some(end) => {
                    out.push((start, end));
                    from = end;
                }
                None => from = start + 1,
            }
        }
        out
    }

    /// Where the marker this redactor wrote that opens at `open` ends, if
    /// one does. Its `]` is looked for only as far as the longest name
    /// reaches, so text full of `[REDACTED:` costs linear time.
    fn marker_from(&self, b: &[u8], open: usize) -> Option<usize> {
        if !b[open..].starts_with(MARKER_OPEN.as_bytes()) {
            return None;
        }
        let name_start = open + MARKER_OPEN.len();
        let reach = b.len().min(name_start + self.longest_name + 1);
        let len = memchr::memchr(b']', &b[name_start..reach])?;
        let name = std::str::from_utf8(&b[name_start..name_start + len]).ok()?;
        self.names.contains(name).then_some(name_start + len + 1)
    }

    /// Whether `text` holds one of the literals `rule` also needs
    /// (`rules::ALSO_NEEDS`), if it needs any, and what its matches hold
    /// (`rules::LineNeeds`). As a keyword, a literal
    /// inside a marker is part of a rule's name (`password` in
    /// `[REDACTED:cli-password-flag]`), not of the text.
    fn also_found(&self, rule: &Rule, text: &[u8]) -> bool {
        (rule.also_needs.is_empty()
            || rule
                .also_needs
                .iter()
                .any(|f| f.find_iter(text).any(|at| !self.in_marker(text, at))))
            && rule.line_needs.as_ref().is_none_or(|n| n.holds(text))
    }

    /// Whether byte `pos` lies inside a marker this redactor wrote. A rule
    /// keyword there is part of a rule's name (`-token` in
    /// `[REDACTED:github-token]`), not of the text: it sets off no regex
    /// when a line is looked at again after its secrets became markers.
    /// Only the nearest `[` before `pos` is looked at, so this costs next
    /// to nothing, and only where a keyword fires a rule.
    fn in_marker(&self, b: &[u8], pos: usize) -> bool {
        let from = pos.saturating_sub(MARKER_OPEN.len() + self.longest_name);
        memchr::memrchr(b'[', &b[from..=pos])
            .and_then(|i| self.marker_from(b, from + i))
            .is_some_and(|end| pos < end)
    }

    /// A run of token characters that is the value of a key (`KEY=run`,
    /// `"key": "run"`): secret when the key says so, or when the key is an
    /// UPPER_SNAKE variable and the value looks generated (`NEW_OS=` and
    /// 64 hex in a shell trace), unless the name says it is an id, a hash
    /// or a version. Catches keys no anchor names (`honeycombWritekey`).
    fn assigned_run(
        &self,
        text: &str,
        run: std::ops::Range<usize>,
        word: std::ops::Range<usize>,
    ) -> Option<Hit<'_>> {
        let b = text.as_bytes();
        let mut i = run.start;
        // The value's opening quote, plain or JSON-escaped.
        let quoted = i > 0 && matches!(b[i - 1], b'"' | b'\'');
        if quoted {
            i -= 1;
            while i > 0 && b[i - 1] == b'\\' {
                i -= 1;
            }
        }
        // `invalid mysql_root_password 'S3cret'`: an identifier, a space,
        // a quoted value, as exceptions write it.
        if quoted && i > 1 && b[i - 1] == b' ' && is_key_byte(b[i - 2]) {
            let key_end = i - 1;
            let key_start = key_end - key_bytes_before(&b[..key_end]);
            let (vs, ve) = quoted_after_identifier(b, key_start, key_end)
                .filter(|&(vs, _)| vs == run.start)?;
            let name = self.assignment_rule(&text[key_start..key_end], &text[vs..ve])?;
            return Some(Hit {
                start: vs,
                end: ve,
                priority: ASSIGNMENT_PRIORITY,
                name,
            });
        }
        while i > 0 && b[i - 1] == b' ' {
            i -= 1;
        }
        // An item of a list that is the value (`api_keys: ["Xk2m…",
        // "Yk2m…"]`): the key is the list's.
        let in_list = i > 0 && matches!(b[i - 1], b'[' | b',');
        if in_list {
            if stand_in(&b[run.start..run.end]) {
                return None;
            }
            i = list_open(b, i, run.start)?;
            while i > 0 && b[i - 1] == b' ' {
                i -= 1;
            }
        }
        let sep = i.checked_sub(1)?;
        if b[sep] != b'=' && b[sep] != b':' {
            return None;
        }
        let mut key_end = sep;
        if key_end > 0 && b[key_end - 1] == b'=' {
            // `=>`'s first half was the separator's: not a key.
            return None;
        }
        while key_end > 0 && b[key_end - 1] == b' ' {
            key_end -= 1;
        }
        if key_end > 0 && matches!(b[key_end - 1], b'"' | b'\'') {
            key_end -= 1;
            while key_end > 0 && b[key_end - 1] == b'\\' {
                key_end -= 1;
            }
        }
        // The word before the run, found already, is most often the key.
        let key_start = if key_end == word.end {
            word.start
        } else {
            key_end - key_bytes_before(&b[..key_end])
        };
        // `scheme://user:password@host` is url-credentials' to read; a key
        // after a `/` names a secret (`checksum/secret: …`), and one glued
        // to a colon is a part of a name (`arn:aws:…:123456789012:secret:…`,
        // `AROA…:botocore-session-…`).
        let glued = glued_key(text, key_start);
        if key_start == key_end || text[..key_start].ends_with('/') || glued {
            return None;
        }
        // The value: the run and its base64 padding (a run holds no quote
        // to cut it at).
        let mut end = run.end;
        while b.get(end) == Some(&b'=') {
            end += 1;
        }
        debug_assert!(
            !b[run.start..end]
                .iter()
                .any(|c| matches!(c, b'"' | b'\'' | b'\\'))
        );
        let key = &text[key_start..key_end];
        // A key that never names a secret (`"request_id": "…"`) has its
        // value read only if it may be the second word of a key of two.
        let verdict = self.key_verdict(key);
        if verdict != KeyVerdict::Never || (key_start >= 2 && b[key_start - 1] == b' ') {
            // The whole value the key is given (`ASANA_PAT=1/2345:abcd` is
            // more than its first run), when it can be read; else the run.
            let (vs, ve) = assigned_value(b, key_end)
                .filter(|&(vs, ve)| !in_list && vs <= run.start && run.start < ve)
                .unwrap_or((run.start, end));
            if let Some(name) = self
                .rule_for(verdict, key, &text[vs..ve])
                .or_else(|| self.two_word_key(b, key_start, key_end, &text[vs..ve]))
            {
                return Some(Hit {
                    start: vs,
                    end: ve,
                    priority: ASSIGNMENT_PRIORITY,
                    name,
                });
            }
        }
        // UPPER_SNAKE: most keys fail at their first small letter. A name
        // without `_` has its digits at the end (`AROAIS5LXD…:` is an id).
        let env = key.len() >= 2
            && !key.as_bytes()[0].is_ascii_digit()
            && key
                .bytes()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
            && key.bytes().any(|c| c.is_ascii_uppercase())
            && (key.contains('_')
                || key
                    .trim_end_matches(|c: char| c.is_ascii_digit())
                    .bytes()
                    .all(|c| c.is_ascii_uppercase()));
        if !env {
            return None;
        }
        // The whole value (`NEW_OS=<20>:<20>` is more than its first run),
        // when it looks random as a whole; else the run.
        let whole = assigned_value(b, key_end).filter(|&(vs, ve)| {
            !in_list
                && vs == run.start
                && ve > end
                && text[vs..ve].contains(':')
                && looks_random(&text[vs..ve].replace(':', ""))
        });
        let (vs, ve) = whole.unwrap_or((run.start, end));
        let value = &text[vs..ve];
        // 40 hex under a name that says nothing is a git commit far more
        // often than a generated secret (`PREV=`, `LAST_DEPLOYED=`).
        let commit = value.len() == 40 && value.bytes().all(|c| c.is_ascii_hexdigit());
        ((whole.is_some() || looks_random(value)) && !commit && !names_no_secret(key)).then_some(
            Hit {
                start: vs,
                end: ve,
                priority: ENV_PRIORITY,
                name: "env-secret",
            },
        )
    }

    /// A key of two words (`"api key": …`, `Api Key: …`, `private key =
    /// …`) judged as one (`api_key`), when the last word alone named no
    /// secret. Only on a long run's path, so prose costs nothing here.
    fn two_word_key(&self, b: &[u8], key_start: usize, key_end: usize, v: &str) -> Option<&str> {
        if key_start < 2 || b[key_start - 1] != b' ' {
            return None;
        }
        let mut first = key_start - 1;
        while first > 0 && b[first - 1].is_ascii_alphanumeric() {
            first -= 1;
        }
        let before = first.checked_sub(1).map(|i| b[i]);
        // The first word must start the key: after a quote, a blank, a
        // brace or the line's start (`the api key: …` is prose, but so is
        // any sentence; a word joined to more than one other is not
        // judged).
        if first + 1 >= key_start
            || !matches!(before, None | Some(b'"' | b'\'' | b'{' | b',' | b'\t'))
        {
            return None;
        }
        let mut joined = [0u8; 64];
        let (a, k) = (&b[first..key_start - 1], &b[key_start..key_end]);
        let len = a.len() + 1 + k.len();
        let out = joined.get_mut(..len)?;
        out[..a.len()].copy_from_slice(a);
        out[a.len()] = b'_';
        out[a.len() + 1..].copy_from_slice(k);
        self.assignment_rule(std::str::from_utf8(out).ok()?, v)
    }

    /// A secret-ish word at `at..end` counts only in key position: the key
    /// around it is followed by `=`, `:` or `=>` (after an optional closing
    /// quote, plain or JSON-escaped). Prose ("session started", "auth
    /// failed for bob") is passed over after a few byte comparisons.
    fn assignment_at<'r>(
        &'r self,
        text: &str,
        at: usize,
        end: usize,
        last_key: &mut usize,
        hits: &mut Vec<Hit<'r>>,
    ) {
        let b = text.as_bytes();
        let mut key_start = at - key_bytes_before(&b[..at]);
        let key_end = end + key_bytes_after(&b[end..]);
        let word_start = key_start;
        // A key starts with a letter or `_`: `--password=` is `password`.
        while key_start < key_end && !(b[key_start].is_ascii_alphabetic() || b[key_start] == b'_') {
            key_start += 1;
        }
        if key_start >= key_end || key_start == *last_key {
            return;
        }
        *last_key = key_start;
        // A key whose name never holds a secret ends here (`"token_count":
        // 1`, `auth_method=oidc`), unless it can be a word of a quoted key
        // of several (`"token count x": …`), which is judged as one.
        let may_be_spaced = in_spaced_key(b, word_start, key_end);
        // Prose ("auth failed", "invalid token for") has no value to read:
        // it ends here, before the key is judged.
        let direct = may_assign(b, key_end);
        if !direct {
            // `ENV DB_PASSWORD Xk2m…` (a Dockerfile) and `<password>S3cret
            // </password>` (an element named for a secret) hold a value
            // without a separator. Prose pays a byte test or two here.
            let env = dockerfile_env(b, key_start, key_end);
            if env.is_some() || !may_be_spaced {
                if let Some((vs, ve)) = env.or_else(|| element_text(b, key_start, key_end)) {
                    let key = &text[key_start..key_end];
                    if let Some(name) = self.rule_for(self.key_verdict(key), key, &text[vs..ve]) {
                        hits.push(Hit {
                            start: vs,
                            end: ve,
                            priority: ASSIGNMENT_PRIORITY,
                            name,
                        });
                    }
                }
                return;
            }
        }
        let verdict = (!may_be_spaced).then(|| self.key_verdict(&text[key_start..key_end]));
        if verdict == Some(KeyVerdict::Never) {
            return;
        }
        // `https://user:password@host` is a URL, not `user: password`;
        // url-credentials handles it without eating the host. A word glued
        // to a colon before it is part of a colon-separated name
        // (`arn:aws:secretsmanager:…:secret:db`), not a key.
        let glued = glued_key(text, key_start);
        // `checksum/secret: 3013…` and `…/agent-inject-secret-db: database/…`
        // (Kubernetes annotations) name a secret; they do not hold one.
        if text[..key_start].ends_with('/') || glued {
            return;
        }
        let spaced = || {
            may_be_spaced
                .then(|| spaced_quoted_key(b, key_start, key_end))
                .flatten()
        };
        // Prose inside quotes (`"msg":"auth failed: bad token"`) may only
        // be part of a spaced key: no value follows the word itself.
        let read = || {
            assigned_value(b, key_end).or_else(|| quoted_after_identifier(b, key_start, key_end))
        };
        let (key, (value_start, value_end)) = match direct.then(read).flatten() {
            Some(v) => (Cow::Borrowed(&text[key_start..key_end]), v),
            // `"pass word": …`, `"Client Secret": …`: a quoted key of
            // several words, judged as `pass_word`, `Client_Secret`.
            None => match spaced() {
                Some((start, end, v)) => (Cow::Owned(text[start..end].replace(' ', "_")), v),
                None => return,
            },
        };
        let value = &text[value_start..value_end];
        // `password:  24 bytes`: `kubectl describe secret` gives sizes.
        if value.bytes().all(|c| c.is_ascii_digit()) && b[value_end..].starts_with(b" bytes") {
            return;
        }
        // The plain key's verdict is known already when it was looked up.
        let verdict = match (&key, verdict) {
            (Cow::Borrowed(_), Some(v)) => v,
            _ => self.key_verdict(&key),
        };
        // `"api_keys": ["Xk2m…", "Yk2m…"]`, `secrets: [Xk2m…]`: every item
        // of the list is judged as the key's value.
        if b[value_start] == b'[' && !value.starts_with(MARKER_OPEN) {
            list_items(b, value_start, |start, end| {
                if let Some(name) = self
                    .rule_for(verdict, &key, &text[start..end])
                    .filter(|_| !stand_in(&b[start..end]))
                {
                    hits.push(Hit {
                        start,
                        end,
                        priority: ASSIGNMENT_PRIORITY,
                        name,
                    });
                }
            });
            return;
        }
        if let Some(name) = self.rule_for(verdict, &key, value) {
            hits.push(Hit {
                start: value_start,
                end: value_end,
                priority: ASSIGNMENT_PRIORITY,
                name,
            });
        }
    }

    /// The rule name under which `value` is redacted, if `key` makes it a secret.
    fn assignment_rule(&self, key: &str, v: &str) -> Option<&str> {
        if v.is_empty() {
            return None;
        }
        self.rule_for(self.key_verdict(key), key, v)
    }

    /// [`Redactor::assignment_rule`] with the key's verdict at hand.
    fn rule_for(&self, verdict: KeyVerdict, key: &str, v: &str) -> Option<&str> {
        // Every kind of key needs a value that could be a secret; most
        // candidate pairs of a busy log end here (`auth=ok`, `"token": ""`).
        if v.is_empty() {
            return None;
        }
        let class = match verdict {
            // Most pairs of a busy log name no secret (`request_id`).
            KeyVerdict::Never => return None,
            KeyVerdict::Strong => None,
            // A short value is a secret only under a key that always holds
            // one (`password=abc`) or names a password or secret;
            // `session_id=834` and `"auth": "ok"` stop here.
            KeyVerdict::Named { long: true, .. } if v.len() < 8 => return None,
            KeyVerdict::Named { class, .. } => Some(class),
        };
        if is_placeholder(v) || is_status_word(v) || names_no_value(key, v) {
            return None;
        }
        let Some(class) = class else {
            return self.strong_key(key);
        };
        match class {
            Strength::Strong => Some("secret-assignment"),
            Strength::Heuristic => looks_secret(v).then_some("secret-assignment"),
            Strength::Random => looks_random(v).then_some("secret-assignment"),
        }
    }

    /// What `key`'s name says of its values. A busy log repeats a few keys
    /// on every line (`session_id`, `token_count`), so the verdict is
    /// remembered (per thread, per redactor) after the first look.
    fn key_verdict(&self, key: &str) -> KeyVerdict {
        let judge = || self.judge_key(key);
        KEY_MEMO.with(|memo| memo.borrow_mut().get(self.id, key.as_bytes(), judge))
    }

    /// [`Redactor::key_verdict`] as judged afresh.
    fn judge_key(&self, key: &str) -> KeyVerdict {
        if self.strong_key(key).is_some() {
            return KeyVerdict::Strong;
        }
        match classify_key(key) {
            None => KeyVerdict::Never,
            Some(class) => KeyVerdict::Named {
                class,
                long: !["pass", "secret", "pwd"]
                    .iter()
                    .any(|w| contains_ignore_case(key, w)),
            },
        }
    }

    /// The rule of a key whose value is always secret, looked up without
    /// allocating.
    fn strong_key(&self, key: &str) -> Option<&str> {
        // Most keys judged are not strong: a bit per (length, first and
        // last letter) says so without hashing.
        if !self.strong_shapes.may_hold(key.as_bytes()) {
            return None;
        }
        let mut buf = [0u8; 64];
        let upper = buf.get_mut(..key.len())?;
        upper.copy_from_slice(key.as_bytes());
        upper.make_ascii_uppercase();
        let upper = std::str::from_utf8(upper).ok()?;
        self.strong_keys.get(upper).map(String::as_str)
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
        let redacted = self.redact_stream(stream, &text, stats, None);
        cut_display(redacted, self.max_line)
    }

    /// As [`Redactor::clean_line_counting`], for the block path: a line
    /// that needs no change becomes a piece of the input, nothing copied;
    /// a changed one is written to `cleaned`.
    fn clean_line_into(
        &self,
        stream: &mut Stream,
        line: std::ops::Range<usize>,
        block: &[u8],
        out: &mut Pieces,
        mut stats: Option<&mut Stats>,
        known: Option<&Known>,
    ) {
        let raw = &block[line.clone()];
        // The usual line of a busy log: ASCII, outside a key block, with a
        // keyword or a run that turns out to hide nothing. Found and done
        // here, without the general path's copies and compares.
        if let Some(k) = known
            && k.clean
            && !stream.in_block()
            && raw.len() <= self.max_line
            && self.private_anchor.is_some_and(|a| !k.holds(a))
        {
            // SAFETY: as below, the block scan found the line ASCII.
            let text = unsafe { std::str::from_utf8_unchecked(raw) };
            let (hits, unsettled) = self.find(text, Some(k));
            if may_name(text) {
                stream.named = self.names_secret(text);
            }
            if hits.is_empty() {
                out.input(line);
                return;
            }
            let (first, exposed) = self.replace_found(text, hits, unsettled, stats.as_deref_mut());
            let redacted = self.settle(first, exposed, stats);
            out.cleaned(cut_display(Cow::Owned(redacted), self.max_line).as_bytes());
            return;
        }
        let text = match known {
            Some(k) if k.clean => {
                debug_assert!(raw.iter().all(|&b| !gate::dirty(b)));
                // SAFETY: the block scan found no dirty byte in the line,
                // so none at or above 0x7f: it is ASCII, valid UTF-8 (the
                // scan is tested against the byte-by-byte reference).
                Cow::Borrowed(unsafe { std::str::from_utf8_unchecked(raw) })
            }
            _ => sanitize::sanitize_line(raw),
        };
        // What the block scan knows holds for the line as read only.
        let known = known.filter(|_| matches!(text, Cow::Borrowed(_)));
        let redacted = self.redact_stream(stream, &text, stats, known);
        // The usual line comes back as the very bytes read: no compare.
        let untouched = match &redacted {
            Cow::Borrowed(r) if r.as_ptr() == raw.as_ptr() && r.len() == raw.len() => true,
            r => r.as_bytes() == raw,
        };
        if redacted.len() <= self.max_line && untouched {
            out.input(line);
        } else if redacted.len() <= self.max_line {
            out.cleaned(redacted.as_bytes());
        } else {
            out.cleaned(cut_display(redacted, self.max_line).as_bytes());
        }
    }

    fn redact_stream<'a>(
        &self,
        stream: &mut Stream,
        text: &'a str,
        mut stats: Option<&mut Stats>,
        known: Option<&Known>,
    ) -> Cow<'a, str> {
        if let Some(n) = stream.pem_lines {
            if let Some(end) = pem_end(text) {
                stream.pem_lines = None;
                stream.pem_column = None;
                count(&mut stats, "private-key");
                // A log's own prefix on the line (`app-1  | `, a syslog
                // header) stays; key material before END does not.
                let begin = text.find("-----END").unwrap_or(0);
                let keep = pem_prefix(&text[..begin]);
                let rest = self.redact_counting(&text[end..], stats);
                return Cow::Owned(format!("{keep}{}{rest}", marker("private-key")));
            }
            if n < MAX_PEM_LINES && looks_like_pem_body(text) {
                stream.pem_lines = Some(n + 1);
                if text.trim().is_empty() {
                    return Cow::Borrowed("");
                }
                count(&mut stats, "private-key");
                return Cow::Owned(marker("private-key"));
            }
            // Each line of the key behind a prefix: the prefix stays.
            if n < MAX_PEM_LINES
                && let Some(at) = prefixed_pem_body(text, stream.pem_column)
            {
                stream.pem_lines = Some(n + 1);
                stream.pem_column = Some(at);
                count(&mut stats, "private-key");
                return Cow::Owned(format!("{}{}", &text[..at], marker("private-key")));
            }
            stream.pem_lines = None;
            stream.pem_column = None;
        }
        if let Some((verdict, key)) = stream.named.take()
            && let Some(cleaned) = self.named_value(verdict, &key, text, &mut stats)
        {
            return Cow::Owned(cleaned);
        }
        // The block scan knows whether the line holds `PRIVATE` at all.
        let private = known.is_none_or(|k| self.private_anchor.is_none_or(|a| k.holds(a)));
        if private && opens_pem(text) {
            stream.pem_lines = Some(0);
            stream.pem_column = None;
        }
        if may_name(text) {
            stream.named = self.names_secret(text);
        }
        self.redact_known(text, stats, known)
    }

    /// The key a line names when it is only a name whose value comes on
    /// the next line, and says that value is secret: Kubernetes' `env`
    /// (`- name: DB_PASSWORD` then `value: …`), pretty-printed JSON
    /// (`"name": "DB_PASSWORD",` then `"value": "…"`).
    fn names_secret(&self, text: &str) -> Option<(KeyVerdict, String)> {
        let t = text.trim_start_matches([' ', '\t']);
        let t = t.strip_prefix('-').map_or(t, |t| t.trim_start_matches(' '));
        let t = t
            .strip_prefix("\"name\"")
            .or_else(|| t.strip_prefix("name"))?;
        let t = t.trim_start_matches(' ').strip_prefix(':')?.trim();
        let t = t.strip_suffix(',').unwrap_or(t).trim_end();
        let key = unquoted(t);
        if key.is_empty() || !key.bytes().all(is_key_byte) {
            return None;
        }
        let verdict = self.key_verdict(key);
        (verdict != KeyVerdict::Never).then(|| (verdict, key.to_string()))
    }

    /// `text` cleaned, when it is the `value: …` line after a secret's
    /// name and its value is a secret under that name.
    fn named_value(
        &self,
        verdict: KeyVerdict,
        key: &str,
        text: &str,
        stats: &mut Option<&mut Stats>,
    ) -> Option<String> {
        let t = text.trim_start_matches([' ', '\t']);
        let t = t
            .strip_prefix("\"value\"")
            .or_else(|| t.strip_prefix("value"))?;
        let t = t.trim_start_matches(' ').strip_prefix(':')?;
        let rest = t.trim_start_matches(' ');
        let body = rest.trim_end();
        let body = body.strip_suffix(',').unwrap_or(body);
        let value = unquoted(body);
        let name = self.rule_for(verdict, key, value)?;
        count(stats, name);
        // The value's place: after the quote it may open with.
        let start = text.len() - rest.len() + (body.len() - value.len()) / 2;
        let end = start + value.len();
        Some(format!(
            "{}{}{}",
            &text[..start],
            marker(name),
            self.redact_counting(&text[end..], stats.as_deref_mut())
        ))
    }

    /// Cleans a block of complete lines (each ending in `\n`) into `out`.
    pub fn clean_lines(
        &self,
        stream: &mut Stream,
        block: &[u8],
        out: &mut Vec<u8>,
        stats: Option<&mut Stats>,
    ) {
        let mut pieces = Pieces::default();
        self.clean_pieces(stream, block, &mut pieces, stats);
        for piece in pieces.iter(block) {
            out.extend_from_slice(piece);
        }
    }

    /// Cleans a block of complete lines (each ending in `\n`; a final line
    /// without one is kept unterminated) into `out` as pieces: the hot path
    /// of `warroom redact`. Lines with no keyword, no byte to sanitize and
    /// no excess length are not visited one by one: the stretch up to the
    /// next line that needs a look becomes one piece of the input, so text
    /// with no candidate costs little more than the scans that find one.
    pub fn clean_pieces(
        &self,
        stream: &mut Stream,
        block: &[u8],
        out: &mut Pieces,
        mut stats: Option<&mut Stats>,
    ) {
        let every_line = !self.unfiltered.is_empty() || self.literals.active();
        let BlockScan {
            mut hits,
            mut marks,
        } = std::mem::take(&mut out.scan);
        // Every anchor of the block, searched once; `cursor[k]` is the first
        // of searcher k's hits not yet passed.
        self.block_filter.collect(block, &mut hits);
        let mut cursor = vec![0; hits.len()];
        let mut in_line: Vec<&[AnchorHit]> = vec![&[]; hits.len()];
        // Every run, and every chunk with a byte to sanitize, found in
        // one pass; `run` and `dirt` are the first not yet passed.
        // Where most lines hold an anchor, most are looked at one by one:
        // their ends come from the same pass, not a search per line.
        let dense = hits.iter().map(Vec::len).sum::<usize>() * DENSE_BYTES >= block.len();
        if dense {
            marks.find_with_lines(block);
        } else {
            marks.find(block);
        }
        let (mut run, mut dirt, mut nl) = (0, 0, 0);
        // Where the complete lines end: a final line without its newline
        // is cleaned apart, below.
        let complete = memchr::memrchr(b'\n', block).map_or(0, |i| i + 1);
        let mut start = 0;
        while start < complete {
            while marks
                .dirty
                .get(dirt)
                .is_some_and(|&d| d + gate::CHUNK <= start)
            {
                dirt += 1;
            }
            let end = if dense {
                while marks.lines[nl] < start {
                    nl += 1;
                }
                marks.lines[nl]
            } else {
                start + memchr::memchr(b'\n', &block[start..complete]).expect("a complete line")
            };
            // Where few lines need a look, the stretch of lines up to the
            // next one that does is copied at once. (Where most do, each
            // line is looked at: its hits are counted below anyway.)
            if !dense {
                while marks.runs.get(run).is_some_and(|r| r.start < start) {
                    run += 1;
                }
                // A chunk that began in an earlier line may reach into this one.
                let mut next = marks.dirty.get(dirt).map_or(usize::MAX, |&d| d.max(start));
                next = next.min(marks.runs.get(run).map_or(usize::MAX, |r| r.start));
                for (c, list) in cursor.iter_mut().zip(&hits) {
                    while list.get(*c).is_some_and(|h| h.start < start) {
                        *c += 1;
                    }
                    next = next.min(list.get(*c).map_or(usize::MAX, |h| h.start));
                }
                if !every_line && !stream.in_block() && next > end {
                    // Every line before the one holding `next` is copied as
                    // it is, unless one is too long to show.
                    let upto = if next >= complete {
                        complete
                    } else {
                        memchr::memrchr(b'\n', &block[start..next]).map_or(start, |i| start + i + 1)
                    };
                    let clean_to = long_line(block, start, upto, self.max_line).unwrap_or(upto);
                    out.input(start..clean_to);
                    if clean_to >= complete {
                        break;
                    }
                    if clean_to > start {
                        start = clean_to;
                        continue;
                    }
                }
            }
            // Lines are taken in order from here on (a dense block skips
            // none), so the cursors stand at this line's first hit and run.
            for ((line, list), c) in in_line.iter_mut().zip(&hits).zip(&mut cursor) {
                let rest = &list[*c..];
                // A line holds a few hits: counted, not bisected, and
                // passed for the next line at once.
                let n = rest.iter().take_while(|h| h.start < end).count();
                *line = &rest[..n];
                *c += n;
            }
            let runs = &marks.runs[run..];
            let n = runs.iter().take_while(|r| r.start < end).count();
            run += n;
            let clean = marks.dirty.get(dirt).is_none_or(|&d| d >= end);
            if dense
                && n == 0
                && clean
                && in_line.iter().all(|hits| hits.is_empty())
                && !every_line
                && !stream.in_block()
                && end - start <= self.max_line
            {
                // Nothing in the line: as it is.
                out.input(start..end + 1);
                start = end + 1;
                continue;
            }
            let known = Known {
                offset: start,
                anchors: &in_line,
                runs: &runs[..n],
                clean,
            };
            self.clean_line_into(
                stream,
                start..end,
                block,
                out,
                stats.as_deref_mut(),
                Some(&known),
            );
            out.input(end..end + 1);
            start = end + 1;
        }
        if complete < block.len() {
            // A final line without its newline: cleaned, kept unterminated.
            let clean = self.clean_line_counting(stream, &block[complete..], stats);
            out.cleaned(clean.as_bytes());
        }
        out.scan = BlockScan { hits, marks };
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
            && next_run(text.as_bytes(), 0).is_none()
        {
            return text.to_string();
        }
        let mut stream = Stream::default();
        let lines: Vec<String> = text
            .split('\n')
            .map(|line| {
                let clean = sanitize(line.as_bytes());
                self.redact_stream(&mut stream, &clean, None, None)
                    .into_owned()
            })
            .collect();
        lines.join("\n")
    }
}

/// Cleaned output as pieces: spans of the input block that stay as they
/// are, and text that changed, held in one buffer. Written with one
/// vectored write, the unchanged bulk of a log is never copied.
#[derive(Default)]
pub struct Pieces {
    parts: Vec<Part>,
    cleaned: Vec<u8>,
    /// What the block scan found in the last block: kept, so the next
    /// block fills the same lists instead of growing new ones (a busy
    /// log's block holds tens of thousands of hits).
    scan: BlockScan,
}

/// A block's anchor hits, one list per searcher, and its marks.
#[derive(Default)]
struct BlockScan {
    hits: Vec<Vec<AnchorHit>>,
    marks: gate::Marks,
}

#[derive(Clone, Debug, PartialEq)]
enum Part {
    Input(std::ops::Range<usize>),
    Cleaned(std::ops::Range<usize>),
}

impl Pieces {
    pub fn clear(&mut self) {
        self.parts.clear();
        self.cleaned.clear();
    }

    fn input(&mut self, span: std::ops::Range<usize>) {
        if span.is_empty() {
            return;
        }
        match self.parts.last_mut() {
            Some(Part::Input(last)) if last.end == span.start => last.end = span.end,
            _ => self.parts.push(Part::Input(span)),
        }
    }

    fn cleaned(&mut self, text: &[u8]) {
        let from = self.cleaned.len();
        self.cleaned.extend_from_slice(text);
        let to = self.cleaned.len();
        match self.parts.last_mut() {
            Some(Part::Cleaned(last)) if last.end == from => last.end = to,
            _ => self.parts.push(Part::Cleaned(from..to)),
        }
    }

    /// The pieces in order, taking unchanged spans from `block` (the block
    /// they were cleaned from).
    pub fn iter<'a>(&'a self, block: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.parts.iter().map(move |p| match p {
            Part::Input(r) => &block[r.clone()],
            Part::Cleaned(r) => &self.cleaned[r.clone()],
        })
    }
}

/// The start of the first line in `block[start..upto]` (whole lines) longer
/// than `max` bytes, if any. Jumps from line end to line end `max` bytes
/// apart instead of visiting each: a window of `max + 1` bytes with no
/// newline in it holds a line too long.
fn long_line(block: &[u8], start: usize, upto: usize, max: usize) -> Option<usize> {
    let mut line = start;
    while upto - line > max {
        let window = &block[line..=line + max];
        match memchr::memrchr(b'\n', window) {
            Some(i) => line += i + 1,
            None => return Some(line),
        }
    }
    None
}

/// First byte that sanitizing might change: a control (other than tab and
/// newline), DEL, or any non-ASCII byte (checked precisely on the slow path).
pub(crate) fn first_dirty(bytes: &[u8]) -> Option<usize> {
    // Every line a busy log sends to the slow path is checked here first:
    // thirty-two bytes at a time where the CPU can.
    gate::next_dirty(bytes, 0)
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

/// Whether replacing `start..end` by a marker can change what a later pass
/// sees: only when a byte next to it could continue a token, key or value
/// (`run_byte`: letters, digits, `_-+/.~$!%`), or when a colon follows it:
/// a key after a word and a colon is read as part of a name
/// (`…:123456789012:secret:db`, see [`glued_key`]), and after a marker it
/// is a key again (`ghp_…:OS_HTTP_SECRET=x`). Nor after the `=` padding
/// of a long token: a spaced token (`Bearer …==`) ends only where neither
/// a token byte nor `=` follows, as a marker's `[` does. A marker between
/// blanks, quotes, `=`, `@` or brackets leaves its neighbours' words, runs
/// and keys as they were, so the first pass already judged them.
fn exposes(text: &[u8], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|i| text[i]);
    let after = text.get(end).copied();
    before.is_some_and(tokens::run_byte)
        || after.is_some_and(|b| b == b':' || tokens::run_byte(b))
        || ends_padded_token(&text[..start])
}

/// Whether `text` ends with `=` padding after a spaced token's body of
/// sixteen bytes or more (see [`spaced_token_follows`]).
fn ends_padded_token(text: &[u8]) -> bool {
    let unpadded = text.iter().rposition(|&c| c != b'=').map_or(0, |i| i + 1);
    unpadded < text.len()
        && text[..unpadded]
            .iter()
            .rev()
            .take_while(|&&c| spaced_token_byte(c))
            .nth(SPACED_TOKEN_BODY - 1)
            .is_some()
}

fn judge(j: Judge, value: &str) -> bool {
    match j {
        Judge::Always => true,
        // GitHub's fixed password where the token is the URL's user (see
        // the `github-token` rule); here, not in `is_placeholder`, which
        // every value of a busy log passes through.
        Judge::NotPlaceholder => {
            !is_placeholder(value) && !matches!(value, "x-oauth-basic" | "x-oauth-token")
        }
        Judge::Credential => {
            // `Digest username="alice", …`: a parameter's name.
            let parameter = value
                .strip_suffix('=')
                .is_some_and(|n| n.bytes().all(|c| c.is_ascii_lowercase()));
            value.len() >= 6
                && !parameter
                && !is_placeholder(value)
                && !is_status_word(value)
                && !is_word_pair(value)
        }
        Judge::Flag => !is_placeholder(value) && !looks_like_path(value),
        Judge::Argument => {
            !is_placeholder(value)
                && !is_prose_word(value)
                && !is_status_word(value)
                && !is_keystroke(value)
                && !is_word_list(value)
        }
        Judge::Random => looks_random(value) && !is_identifier(value),
        Judge::Issued => {
            !is_placeholder(value)
                && !is_pair(value)
                && value.bytes().any(|b| b.is_ascii_digit())
                && value.bytes().any(|b| b.is_ascii_lowercase())
        }
    }
}

/// `x-amz-checksum-sha256`, `us-east-1`, `db_primary.v2`: short lower-case
/// words (each maybe ending in digits) joined by punctuation name a thing;
/// an issued secret has long random stretches.
fn is_identifier(v: &str) -> bool {
    // Each piece between `-`, `_`, `.`, `/` and `:` is small letters, then
    // digits, twelve bytes at most: read in one pass that stops at the
    // first piece that is not (a token's thirteenth byte, most often).
    let (mut len, mut digits) = (0, false);
    for c in v.bytes() {
        if matches!(c, b'-' | b'_' | b'.' | b'/' | b':') {
            (len, digits) = (0, false);
            continue;
        }
        len += 1;
        let fits = match c {
            b'a'..=b'z' => !digits,
            b'0'..=b'9' => {
                digits = true;
                true
            }
            _ => false,
        };
        if !fits || len > 12 {
            return false;
        }
    }
    true
}

/// `2026-01-09T20:49:07Z`, `2026-01-09`: a time, not a secret.
fn is_timestamp(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// `token_count=3`: another key and its value, not a secret.
fn is_pair(v: &str) -> bool {
    let b = v.as_bytes();
    let key = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
        .count();
    // `abc==` is base64 padding, not a pair.
    key > 0
        && b[0].is_ascii_alphabetic()
        && b.get(key) == Some(&b'=')
        && b.get(key + 1).is_some_and(|c| *c != b'=')
}

/// `role:admin`: a label, not a credential.
fn is_word_pair(v: &str) -> bool {
    v.split_once(':').is_some_and(|(a, b)| {
        [a, b]
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|c| c.is_ascii_lowercase() || c == b'_'))
    })
}

/// A file a flag names rather than the secret itself.
fn looks_like_path(v: &str) -> bool {
    v.starts_with('/')
        || v.starts_with("./")
        || v.starts_with("~/")
        || v.starts_with('$')
        || [
            ".pem", ".key", ".json", ".txt", ".crt", ".p12", ".jks", ".yaml", ".yml", ".env",
        ]
        .iter()
        .any(|ext| v.ends_with(ext))
}

/// Shannon entropy in bits per byte.
pub(crate) fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    // The bytes that occur: only those are visited, in byte order (the
    // order of the sum, so the result is the same to the last bit).
    let mut seen = [0u64; 4];
    for b in s.bytes() {
        counts[usize::from(b)] += 1;
        seen[usize::from(b >> 6)] |= 1 << (b & 63);
    }
    let n = s.len() as f64;
    // A byte's term depends only on its count, and a long value's bytes
    // mostly occur once, twice or three times: each small count's term is
    // worked out once (the same expression, so the same bits).
    let mut terms = [f64::NAN; 8];
    let mut h = -0.0;
    for (w, mut bits) in seen.into_iter().enumerate() {
        while bits != 0 {
            let c = counts[w * 64 + bits.trailing_zeros() as usize];
            bits &= bits - 1;
            let term = |c: u32| {
                let p = f64::from(c) / n;
                -p * p.log2()
            };
            h += match terms.get_mut(c as usize) {
                Some(t) if t.is_nan() => {
                    *t = term(c);
                    *t
                }
                Some(t) => *t,
                None => term(c),
            };
        }
    }
    h
}

/// Values that stand in for a secret rather than being one.
pub fn is_placeholder(v: &str) -> bool {
    let t = v.trim_matches(|c| c == '"' || c == '\'');
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
        "n/a",
        // A type where code declares one: `password: str`.
        "str",
        "string",
        "bytes",
        "secretstr",
    ];
    t.is_empty()
        || (t.len() <= 20 && WORDS.iter().any(|w| w.eq_ignore_ascii_case(t)))
        || t.starts_with(MARKER_OPEN)
        // `[REDACTED]`, `[FILTERED]`, `<base64 user:pass>`, `ENC[AES256…]`
        // (sops), `os.environ['X']`: a stand-in or an expression.
        || t.starts_with('[')
        || t.starts_with('<')
        || t.starts_with("ENC[")
        // What Terraform and consoles print in a secret's place:
        // `(sensitive value)`, `(known after apply)`, `(hidden)`.
        || (t.starts_with('(')
            && t.len() > 2
            && t[1..].trim_end_matches(')').bytes().all(|c| c.is_ascii_lowercase()))
        // Code, not a value: `getpass.getpass()`, `env::var("X")`, `%(x)s`,
        // `os.environ['X']`, `os.getenv("X")`.
        || t.ends_with('(')
        || names_code(t)
        // A YAML tag (`!vault |`, `!Ref Secret`) or block scalar marker.
        || (t.starts_with('!') && t.len() <= 12 && t[1..].bytes().all(|c| c.is_ascii_alphabetic()))
        || t == "|"
        || t == ">"
        || t.ends_with("...")
        || t.ends_with('…')
        || t.starts_with("${")
        || t.starts_with("$(")
        // A command's output in its place: `` `cat ~/.token` ``.
        || t.starts_with('`')
        || t.starts_with("{{")
        || (t.starts_with('<') && t.ends_with('>'))
        || (t.starts_with('$')
            && t[1..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_'))
        || (t.starts_with('%') && t.len() <= 4)
        // A Windows variable: `%DB_PASSWORD%` (cmd), `$env:DB_PASSWORD`
        // (PowerShell).
        || windows_variable(t)
        || t.chars()
            .all(|c| matches!(c, '*' | 'x' | 'X' | '.' | '#' | '-' | '•' | '…'))
        || t.get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("your_") || p.eq_ignore_ascii_case("your-"))
}

/// `%NAME%`, `!NAME!` or `$env:NAME`: a variable, as cmd (plain or with
/// delayed expansion) and PowerShell write one.
fn windows_variable(t: &str) -> bool {
    let name = |n: &str| !n.is_empty() && n.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
    let cmd = ['%', '!'].into_iter().any(|q| {
        t.strip_prefix(q)
            .and_then(|r| r.strip_suffix(q))
            .is_some_and(name)
    });
    let powershell = t.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("$env:")) && name(&t[5..]);
    cmd || powershell
}

/// One character, or only escapes (`printf '\\n' | sudo -S true`, `echo y
/// | sudo -S …`): a keystroke for a prompt, not a password.
fn is_keystroke(v: &str) -> bool {
    let escapes = v.len() >= 2
        && v.len().is_multiple_of(2)
        && v.as_bytes()
            .chunks(2)
            .all(|e| e[0] == b'\\' && matches!(e[1], b'n' | b'r' | b't'));
    v.chars().count() == 1 || escapes
}

/// A file of passwords to try (`nxc smb … -u users.txt -p passwords.txt`,
/// `-p rockyou.lst`): the brute-force tools take one where a password
/// stands. Names and dots only before the extension.
fn is_word_list(v: &str) -> bool {
    v.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && ["txt", "lst", "list", "dic", "dict"]
                .iter()
                .any(|e| ext.eq_ignore_ascii_case(e))
            && stem
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'/'))
    })
}

/// One of the small words a sentence goes on with after naming a flag or
/// a command ("the -pw option exposes…", "net use \\fs01\share to see…",
/// "sqlplus and/or SQLcl"), trailing punctuation aside: never the value
/// the flag takes in a command.
fn is_prose_word(v: &str) -> bool {
    const WORDS: &[&str] = &[
        "a",
        "an",
        "and",
        "are",
        "argument",
        "as",
        "at",
        "be",
        "but",
        "can",
        "first",
        "flag",
        "flags",
        "for",
        "from",
        "if",
        "in",
        "instead",
        "is",
        "it",
        "must",
        "not",
        "of",
        "on",
        "only",
        "option",
        "options",
        "or",
        "parameter",
        "should",
        "so",
        "switch",
        "that",
        "the",
        "then",
        "this",
        "to",
        "when",
        "which",
        "with",
        "you",
    ];
    let w = v.trim_end_matches(['.', ',', ';', ':', '?', '!', ')']);
    WORDS.contains(&w)
}

/// Whether `t` holds `::` or `%(`, or `environ` or `getenv` in any case:
/// two vector searches for their rarest bytes, where four substring
/// searches cost more than the short values judged here.
fn names_code(t: &str) -> bool {
    let b = t.as_bytes();
    let at = |i: usize, w: &[u8]| {
        b.get(i..i + w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w))
    };
    // Both words hold a `v`, which random values seldom do.
    memchr::memchr2_iter(b':', b'%', b).any(|i| at(i, b"::") || at(i, b"%("))
        || memchr::memchr2_iter(b'v', b'V', b).any(|i| {
            i.checked_sub(2).is_some_and(|s| at(s, b"environ"))
                || i.checked_sub(5).is_some_and(|s| at(s, b"getenv"))
        })
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
        // PAM's management groups: `pam_unix(passwd:chauthtok)`.
        "chauthtok",
        "granted",
        "allowed",
        "forbidden",
        "unauthorized",
        "refused",
        "auth",
        "account",
        "session",
        "active",
        "inactive",
        "pending",
        "enabled",
        "disabled",
        // A sentence or a log message after a key word used as a prefix:
        // `error: password: must be…`, `[INFO] secret: loaded …`,
        // `aws_secretsmanager_secret.db: Refreshing state...` (Terraform).
        "must",
        "not",
        "is",
        "was",
        "are",
        "be",
        "has",
        "have",
        "will",
        "can",
        "cannot",
        "should",
        "could",
        "would",
        "this",
        "that",
        "the",
        "loaded",
        "loading",
        "found",
        "saved",
        "stored",
        "synced",
        "created",
        "deleted",
        "removed",
        "generated",
        "unchanged",
        "refreshing",
        "reading",
        "creation",
        "creating",
        "modifying",
        "modifications",
        "destroying",
        "destruction",
        "still",
    ];
    v.len() <= 13 && WORDS.iter().any(|w| w.eq_ignore_ascii_case(v))
}

/// A value that a key word's place does not make a secret, by its shape:
/// an error's name (`auth: TokenExpiredException`), code
/// (`client.get_secret_value(`, `settings.OAUTH_CLIENT_SECRET`,
/// `refresh_token=refresh_token`), a file path or a resource's name
/// (`/etc/ssl/private/server.key`, `kube-system/bootstrap-token-626d9r`),
/// or punctuation alone (`"reset_password=","page"` reads `,`).
fn names_no_value(key: &str, v: &str) -> bool {
    !v.bytes().any(|c| c.is_ascii_alphanumeric())
        || v == key
        // Vault's audit log writes every secret as its keyed HMAC, so
        // that entries can be matched without revealing it.
        || v.starts_with("hmac-sha")
        || is_error_name(v)
        || is_code(v)
        || is_file_path(v)
        || is_resource_name(v)
}

/// `TokenExpiredException`, `PasswordTooShort`, `NoCredentialProviders`:
/// a CamelCase name that ends the way errors and states are named.
fn is_error_name(v: &str) -> bool {
    const ENDS: &[&str] = &[
        "Error",
        "Exception",
        "Failed",
        "Failure",
        "Required",
        "Timeout",
        "NotFound",
        "Revoked",
        "Denied",
        "Expired",
        "Invalid",
        "TooShort",
        "TooLong",
        "Mismatch",
        "Missing",
        "Unavailable",
        "Refused",
        "Rejected",
        "Locked",
        "Disabled",
        "Exceeded",
        "Forbidden",
        "Unauthorized",
        "Providers",
    ];
    v.len() <= 64
        && v.as_bytes()[0].is_ascii_uppercase()
        && v.bytes().all(|c| c.is_ascii_alphanumeric())
        && ENDS.iter().any(|e| v.len() > e.len() && v.ends_with(e))
}

/// Code rather than a value: a name called or indexed (`client.refresh(`,
/// `request.form[`, `Optional[str`), or a dotted path of plain names
/// (`settings.OAUTH_CLIENT_SECRET`), which no generated secret is: those
/// hold digits.
fn is_code(v: &str) -> bool {
    let name = |c: u8| c.is_ascii_alphabetic() || c == b'_';
    let b = v.as_bytes();
    // Names without digits: a password holds some, and may hold `(`.
    let head = b.iter().take_while(|&&c| name(c) || c == b'.').count();
    let (called, rest) = (&v[..head], &b[(head + 1).min(b.len())..]);
    let code = head > 1
        && name(b[0])
        && match b.get(head) {
            Some(b'(') => called.contains(['.', '_']),
            Some(b'[') => called.contains('.') || rest.iter().all(|&c| name(c)),
            _ => false,
        };
    if code {
        return true;
    }
    head == b.len()
        && b[0].is_ascii_lowercase()
        && v.contains('.')
        && v.split('.')
            .all(|seg| !seg.is_empty() && seg.bytes().all(name))
}

/// `/etc/ssl/private/server.key`, `./certs/tls.key`: a file, not its content.
fn is_file_path(v: &str) -> bool {
    (v.starts_with('/') || v.starts_with("./") || v.starts_with("~/"))
        && v.bytes().filter(|&c| c == b'/').count() >= 2
        && v.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'/' | b'.' | b'_' | b'-' | b'~'))
}

/// `kube-system/bootstrap-token-626d9r`, `database/creds/auth-api`: a
/// secret's name in a store, in small letters, each part starting with one.
fn is_resource_name(v: &str) -> bool {
    // A dash or a path of three parts: `hunter2/abc` may be a password.
    (v.contains('-') || v.matches('/').count() >= 2)
        && v.contains('/')
        && v.split('/').all(|seg| {
            seg.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
                && seg.bytes().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'-' | b'_' | b'.')
                })
        })
}

/// `needle` (lower case ASCII) in `haystack`, ignoring ASCII case.
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    if h.len() < n.len() {
        return false;
    }
    // Compare only where the first letter stands, in either case: values
    // judged here can be long (a JWT), and most hold few of those letters.
    let last_start = h.len() - n.len();
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), &h[..=last_start])
        .any(|i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// A value under a merely secret-ish key must look like a credential: long
/// enough, not a plain word or number, and not a placeholder. Its one
/// caller ([`Redactor::rule_for`]) has ruled out placeholders and status
/// words already. The cheap tests go first: a secret line's value can be
/// a hundred bytes long, and most values judged fail on their letters.
fn looks_secret(v: &str) -> bool {
    debug_assert!(!is_placeholder(v) && !is_status_word(v));
    if v.len() < 8 {
        return false;
    }
    // The kinds of byte the value holds, a bit each.
    let kinds = v.bytes().fold(0u8, |k, b| k | BYTE_KIND[usize::from(b)]);
    // Lower-case words and punctuation (`component=auth`, `db-primary.local`)
    // name things; an issued credential has digits or capitals.
    let word_like = kinds & (UPPER | DIGIT) == 0;
    let classes = kinds.count_ones();
    if word_like || (classes < 2 && v.len() < 24) {
        return false;
    }
    // A path is where a secret lives, not the secret: `secret_file=/etc/app/key`.
    if v.starts_with('/') || v.starts_with("./") || v.starts_with("~/") {
        return false;
    }
    !is_pair(v) && !is_timestamp(v) && !is_identifier(v) && entropy(v) >= 2.5
}

const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;
const OTHER: u8 = 8;

/// Each byte's kind, for [`looks_secret`]: one load and an OR per byte of
/// a value that may be a hundred bytes long.
const BYTE_KIND: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            OTHER
        };
        b += 1;
    }
    t
};

/// What a key's name says of the values assigned to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyVerdict {
    /// No value is a secret (`request_id`, `token_count`).
    Never,
    /// Every value but a placeholder is (`STRONG_KEYS`, the user's keys).
    Strong,
    /// Judged by [`classify_key`]; with `long`, a value shorter than eight
    /// bytes is not (the name says nothing of a password or secret).
    Named { class: Strength, long: bool },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strength {
    /// Any non-placeholder value is a secret.
    Strong,
    /// The value must also look like a secret.
    Heuristic,
    /// A `…_key` of any kind: only a random-looking value is a secret
    /// (`sort_key=created_at` is not).
    Random,
}

/// Key name segments, split at `_`, `.`, `-` and camelCase humps, lowercased.
/// A key's name split at `_`, `.`, `-` and camelCase humps, lower-cased,
/// without allocating: `joined` is the segments run together and `parts`
/// their ranges in it.
struct Segments {
    buf: [u8; 128],
    len: usize,
    parts: [(u8, u8); 16],
    n: usize,
}

impl Segments {
    /// `None` for a key too long or in too many parts to be a name.
    fn of(key: &str) -> Option<Segments> {
        let mut s = Segments {
            buf: [0; 128],
            len: 0,
            parts: [(0, 0); 16],
            n: 0,
        };
        let mut start = 0;
        let mut prev_lower = false;
        let close = |s: &mut Segments, start: &mut usize| -> Option<()> {
            if s.len > *start {
                *s.parts.get_mut(s.n)? = (*start as u8, s.len as u8);
                s.n += 1;
            }
            *start = s.len;
            Some(())
        };
        for c in key.bytes() {
            if matches!(c, b'_' | b'.' | b'-') {
                close(&mut s, &mut start)?;
                prev_lower = false;
                continue;
            }
            if c.is_ascii_uppercase() && prev_lower {
                close(&mut s, &mut start)?;
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            *s.buf.get_mut(s.len)? = c.to_ascii_lowercase();
            s.len += 1;
        }
        close(&mut s, &mut start)?;
        Some(s)
    }

    fn joined(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }

    fn get(&self, i: usize) -> &str {
        let (a, b) = self.parts[i];
        &self.joined()[a as usize..b as usize]
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.n).map(|i| self.get(i))
    }

    fn last(&self) -> Option<&str> {
        self.n.checked_sub(1).map(|i| self.get(i))
    }
}

/// Decides from a key's name whether its value is (or may be) a secret.
fn classify_key(key: &str) -> Option<Strength> {
    // A match, not a list: compiled to a few length and byte compares.
    let not_secret_suffix = |s: &str| {
        matches!(
            s,
            "id" |
            "ids" |
            "type" |
            "name" |
            "names" |
            "count" |
            "ttl" |
            "expiry" |
            "expires" |
            "expiration" |
            "at" |
            "hours" |
            "minutes" |
            "seconds" |
            "secs" |
            "ms" |
            "days" |
            "path" |
            "file" |
            "dir" |
            "url" |
            "uri" |
            "endpoint" |
            "host" |
            "length" |
            "len" |
            "size" |
            "enabled" |
            "disabled" |
            "required" |
            "policy" |
            "version" |
            "header" |
            "prefix" |
            "format" |
            "scope" |
            "scopes" |
            "mode" |
            "provider" |
            "method" |
            "source" |
            "store" |
            "backend" |
            "status" |
            "hint" |
            "label" |
            "kind" |
            "field" |
            "fields" |
            "env" |
            "var" |
            "ref" |
            "arn" |
            "limit" |
            "max" |
            "min" |
            "used" |
            "remaining" |
            "rotated" |
            "created" |
            "updated" |
            "age" |
            "algorithm" |
            "alg" |
            "fingerprint" |
            "issuer" |
            "audience" |
            "uses" |
            "tokens" |
            "secrets" |
            "keys" |
            "index" |
            "usage" |
            "strength" |
            "rotation" |
            "state" |
            "stage" |
            // A file's name: `credentials.json: '{…}'` holds a file, whose
            // secrets the other rules find one by one.
            "json" |
            "yaml" |
            "yml" |
            "toml" |
            "xml" |
            "conf" |
            "cfg" |
            "ini" |
            "phase" |
            "level" |
            "role" |
            "owner" |
            "region" |
            "zone" |
            "group" |
            // Settings of a secret, not the secret: `PASSWORD_HASH_ITERATIONS=3`,
            // `passwordEncoder=bcrypt`, `SECRET_ROTATION_SCHEDULE=rate(30 days)`.
            "iterations" |
            "rounds" |
            "encoder" |
            "algo" |
            "cost" |
            "changed" |
            "schedule" |
            "lambda" |
            "project" |
            "manager" |
            // A digest of a secret identifies it and cannot be reversed:
            // `token_sha256=…`, `secret_checksum=sha256:…`.
            "sha1" |
            "sha256" |
            "sha512" |
            "md5" |
            "checksum" |
            "digest" |
            // A source file (`SecretManagerClient.java:132`, `src/secret.rs:77`):
            // a stack frame's line number follows it.
            "java" |
            "kt" |
            "scala" |
            "groovy" |
            "go" |
            "rs" |
            "py" |
            "rb" |
            "js" |
            "mjs" |
            "cjs" |
            "jsx" |
            "ts" |
            "tsx" |
            "php" |
            "cs" |
            "cc" |
            "cpp" |
            "hpp" |
            "swift" |
            "ex" |
            "exs" |
            "erl" |
            "dart" |
            "lua"
        )
    };
    let segs = Segments::of(key)?;
    let last = segs.last()?;
    // `password_hash` holds a crackable hash of a password; `token_hash`
    // and `secret_hash` a digest of a random value, which is no secret.
    if last == "hash" {
        let of_password = segs
            .iter()
            .any(|s| matches!(s, "password" | "passwd" | "pass" | "pwd" | "passphrase"));
        return of_password.then_some(Strength::Strong);
    }
    // A list of secrets (`api_keys`, `client_secrets`, `access_tokens`) is
    // judged as one of them; but the same plurals count things
    // (`max_tokens: 4096`, `sort_keys=true`), so only a value that looks
    // random is taken for a secret. The singular is the key less its `s`.
    if matches!(last, "keys" | "tokens" | "secrets") {
        return classify_key(&key[..key.len() - 1]).map(|_| Strength::Random);
    }
    // A session id is a bearer credential, whatever its `id` suffix says.
    const SESSION: &[&str] = &[
        "session",
        "sessionid",
        "sessid",
        "connectsid",
        "phpsessid",
        "jsessionid",
    ];
    let concat = segs.joined();
    if SESSION.contains(&concat)
        || concat.ends_with("sessionid")
        || matches!(last, "session" | "sessid" | "sid")
    {
        return Some(Strength::Heuristic);
    }
    if not_secret_suffix(last) {
        return None;
    }
    // Made to be shipped to browsers and apps; a GPG key id or fingerprint
    // (`GPG_KEY=76A7…`, as official images set it); a WebSocket handshake
    // nonce (`Sec-WebSocket-Key`).
    if segs
        .iter()
        .any(|s| matches!(s, "publishable" | "public" | "pub" | "socket"))
        || (segs.iter().any(|s| s == "gpg")
            && !segs
                .iter()
                .any(|s| matches!(s, "private" | "secret" | "passphrase" | "password")))
    {
        return None;
    }
    const STRONG: &[&str] = &["password", "passwd", "passphrase", "secret", "pass"];
    if segs.iter().any(|s| STRONG.contains(&s)) {
        return Some(Strength::Strong);
    }
    // `PWD` and `OLDPWD` are the shell's working directory (its value is a
    // path, which is no secret); `db_pwd` and `pwd=Xk2m…` are passwords.
    if segs.iter().any(|s| s == "pwd") {
        return Some(if segs.n > 1 {
            Strength::Strong
        } else {
            Strength::Heuristic
        });
    }
    // `db_pw`, `PW`: a password as often as not, but `pw` is short enough
    // to abbreviate other things (`pw_state=on`), so the value must look
    // like one. Found only where the value is a run (no anchor looks for
    // `pw` in text).
    if segs.iter().any(|s| s == "pw") {
        return Some(Strength::Heuristic);
    }
    // A place in a listing, handed to anyone who pages through it:
    // `NextToken`, `nextPageToken`, `ContinuationToken`.
    if last == "token"
        && segs.n >= 2
        && matches!(segs.get(segs.n - 2), "next" | "page" | "continuation")
    {
        return None;
    }
    let joined = segs.joined();
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
    if HEURISTIC.iter().any(|h| joined.contains(h))
        || segs.iter().any(|s| s == "auth" || s == "pat")
    {
        return Some(Strength::Heuristic);
    }
    // `CACHE_KEY=node-f509…` names a cache entry, as `cache_key` does.
    let env_style = key
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    if env_style && last == "key" && segs.n > 1 && !segs.iter().any(|s| s == "cache") {
        return Some(Strength::Heuristic);
    }
    // `cache_key`, `honeycombWritekey`, `licensekey`; not the keys that
    // name records (`cache_key`, `sort_key`, `idempotency_key`).
    const RECORD: &[&str] = &[
        "cache",
        "sort",
        "partition",
        "primary",
        "foreign",
        "idempotency",
        "routing",
        "object",
        "bucket",
        "s3",
        "row",
        "lookup",
    ];
    if segs.iter().any(|s| RECORD.contains(&s)) {
        return None;
    }
    if (last == "key" && segs.n > 1) || (last.ends_with("key") && last.len() > 3) {
        return Some(Strength::Random);
    }
    None
}

fn opens_pem(text: &str) -> bool {
    // Most lines have no PRIVATE at all: one SIMD search says so.
    // (The searcher is built once: building it costs more than searching a line.)
    static PRIVATE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"PRIVATE"));
    if PRIVATE.find(text.as_bytes()).is_none() {
        return false;
    }
    let Some(begin) = text.rfind("-----BEGIN") else {
        return false;
    };
    let after = &text[begin..];
    private_marker_end(after).is_some() && !after.contains("-----END")
}

/// Just past `PRIVATE KEY-----` or `PRIVATE KEY BLOCK-----` (PGP) in `text`.
fn private_marker_end(text: &str) -> Option<usize> {
    let i = text.find("PRIVATE KEY")? + "PRIVATE KEY".len();
    let rest = &text[i..];
    let tail = if rest.starts_with(" BLOCK-----") {
        " BLOCK-----".len()
    } else if rest.starts_with("-----") {
        "-----".len()
    } else {
        return None;
    };
    Some(i + tail)
}

/// Byte offset just past an END PRIVATE KEY marker, if the line has one.
fn pem_end(text: &str) -> Option<usize> {
    let i = text.find("-----END")?;
    Some(i + private_marker_end(&text[i..])?)
}

/// What comes before a key line's material and is kept: a log prefix
/// (ending in a blank, `|` or `:`), not key material.
fn pem_prefix(before: &str) -> &str {
    if before.trim().is_empty() || looks_like_pem_body(before) {
        return "";
    }
    before
}

/// Where the key material starts on a line that carries a log prefix
/// (`Dec  1 03:00:00 h app[1]: MIIEvQ…`, `app-1  | MIIEvQ…`): the last
/// blank-separated word, when it is key material. The first such line
/// needs a full-looking line of it; later ones (the last is short) need
/// only to start where the first did.
fn prefixed_pem_body(text: &str, column: Option<usize>) -> Option<usize> {
    let t = text.trim_end();
    let at = t.rfind([' ', '\t', '|'])? + 1;
    let body = &t[at..];
    let material = !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    let placed = match column {
        Some(c) => c == at,
        None => body.len() >= 16,
    };
    (material && placed).then_some(at)
}

fn looks_like_pem_body(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        || t.starts_with("Proc-Type:")
        || t.starts_with("DEK-Info:")
        || t.starts_with("Version:")
        || t.starts_with("Comment:")
}

/// A rule keyword that holds an anchor `offset` bytes in (lower case).
struct KeywordAt {
    rule: usize,
    keyword: String,
    /// Where the anchor starts in the keyword, and its length.
    offset: usize,
    anchor_len: usize,
    /// What must follow the keyword for the rule to match there.
    follows: Follows,
    /// A keyword of up to 16 bytes as two little-endian words and the
    /// masks of its bytes: compared with the text folded eight bytes at a
    /// time (most anchor hits are checked against several keywords).
    spelled: Option<words::Spelled>,
}

/// The rule keywords an anchor is part of, each with one byte to try
/// before the whole keyword: most anchor hits are tried against several
/// keywords and fail on that byte.
struct AnchorKeywords {
    /// Per keyword: the byte's place from the anchor's start, and the
    /// byte with 0x20 set. Setting it in the text's byte too folds case
    /// in one OR; the bytes it confuses (`@` and `` ` ``) only cost the
    /// whole compare.
    probes: Vec<(isize, u8)>,
    keywords: Vec<KeywordAt>,
    /// The same probes tried all at once, where the CPU can (see
    /// [`Lanes`]).
    lanes: Option<Lanes>,
}

impl AnchorKeywords {
    fn new(keywords: Vec<KeywordAt>) -> AnchorKeywords {
        let probes: Vec<(isize, u8)> = keywords
            .iter()
            .map(|k| {
                let (at, byte) = k.probe();
                (at, byte | 0x20)
            })
            .collect();
        let lanes = Lanes::of(&probes);
        AnchorKeywords {
            probes,
            keywords,
            lanes,
        }
    }

    /// Calls `f` with each keyword (by index, in order) whose probe byte
    /// stands where it should around the hit at `start`.
    fn each_probed(&self, text: &[u8], start: usize, mut f: impl FnMut(usize)) {
        if let Some(mut bits) = self.lanes.as_ref().and_then(|l| l.passing(text, start)) {
            while bits != 0 {
                f(bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
            return;
        }
        for (i, &(at, byte)) in self.probes.iter().enumerate() {
            // Most hits fail here, on one byte of each keyword.
            if text
                .get(start.wrapping_add_signed(at))
                .is_some_and(|&t| t | 0x20 == byte)
            {
                f(i);
            }
        }
    }
}

/// An anchor's probes as one compare: the sixteen bytes before a hit and
/// the sixteen from it, each probe's byte shuffled into a lane of its own,
/// folded and compared with the probe's byte at once. The busiest anchors
/// of an auth log (`ass`, `uth`) try a dozen keywords and more at every
/// hit, which one by one is a load, a compare and a branch apiece.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Lanes {
    /// Per lane, where in the sixteen bytes before the hit its probe's byte
    /// is, or 0x80 (which picks a zero byte).
    before: [u8; 16],
    /// Likewise in the sixteen bytes from the hit.
    from: [u8; 16],
    /// Per lane, the probe's byte with 0x20 set; zero in a lane with no
    /// probe, which a folded byte (0x20 or more) never equals.
    want: [u8; 16],
}

/// Fewer probes than this are tried one by one, for less than the loads
/// and the shuffle.
const FEW_PROBES: usize = 3;

impl Lanes {
    /// `None` where the CPU lacks SSSE3, or the probes are too few, too
    /// many or too far from the anchor for one compare.
    fn of(probes: &[(isize, u8)]) -> Option<Lanes> {
        if !(FEW_PROBES..=16).contains(&probes.len()) || !ssse3() {
            return None;
        }
        let mut lanes = Lanes {
            before: [0x80; 16],
            from: [0x80; 16],
            want: [0; 16],
        };
        for (lane, &(at, byte)) in probes.iter().enumerate() {
            match at {
                -16..=-1 => lanes.before[lane] = u8::try_from(at + 16).ok()?,
                0..=15 => lanes.from[lane] = u8::try_from(at).ok()?,
                _ => return None,
            }
            lanes.want[lane] = byte;
        }
        Some(lanes)
    }

    /// Bit i: probe i's byte stands at its place around `start`, as the
    /// one-by-one loop finds it. `None` within sixteen bytes of either end
    /// of `text`, where the loads would not fit.
    fn passing(&self, text: &[u8], start: usize) -> Option<u32> {
        let before = text
            .get(start.checked_sub(16)?..start)?
            .first_chunk::<16>()?;
        let from = text.get(start..)?.first_chunk::<16>()?;
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `of` builds lanes only where the CPU has SSSE3.
        return Some(unsafe { self.passing_ssse3(before, from) });
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = (before, from);
            None
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "ssse3")]
    fn passing_ssse3(&self, before: &[u8; 16], from: &[u8; 16]) -> u32 {
        use std::arch::x86_64::*;
        // SAFETY: each load reads one sixteen-byte array.
        let load = |b: &[u8; 16]| unsafe { _mm_loadu_si128(b.as_ptr().cast()) };
        let picked = _mm_or_si128(
            _mm_shuffle_epi8(load(before), load(&self.before)),
            _mm_shuffle_epi8(load(from), load(&self.from)),
        );
        let folded = _mm_or_si128(picked, _mm_set1_epi8(0x20));
        _mm_movemask_epi8(_mm_cmpeq_epi8(folded, load(&self.want))) as u32
    }
}

fn ssse3() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("ssse3")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// What a built-in rule's pattern needs right after its keyword; user
/// rules need nothing known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Follows {
    Anything,
    /// A separator (`rules::KEYED`): see [`separator_follows`].
    Separator,
    /// The end of a quoted name and a comma (`rules::NAMED`): see
    /// [`name_end_follows`]; and before the keyword, the name's start
    /// after `"name":` ([`name_opens_before`]).
    NameEnd,
    /// Blanks and a long token (`rules::SPACED_TOKEN`): see
    /// [`spaced_token_follows`].
    SpacedToken,
    /// A user and a password in one argument
    /// (`rules::AfterKeyword::UserPassword`): see [`user_password_follows`].
    UserPassword,
}

impl Follows {
    fn of(rule: &rules::Builtin) -> Follows {
        if rules::KEYED.contains(&rule.name) {
            Follows::Separator
        } else if rules::NAMED.contains(&rule.name) {
            Follows::NameEnd
        } else if rule.after_keyword == Some(rules::AfterKeyword::UserPassword) {
            Follows::UserPassword
        } else {
            Follows::Anything
        }
    }
}

impl KeywordAt {
    /// The keyword holds the anchor at `anchor` (byte range).
    fn new(
        rule: usize,
        keyword: String,
        anchor: std::ops::Range<usize>,
        follows: Follows,
    ) -> KeywordAt {
        let spelled = words::spelled(keyword.as_bytes());
        KeywordAt {
            rule,
            keyword,
            offset: anchor.start,
            anchor_len: anchor.len(),
            follows,
            spelled,
        }
    }

    /// The keyword's byte farthest from the anchor, by its place from the
    /// anchor's start: the nearest ones are the anchor's usual neighbours
    /// (`t` before `oken`). A keyword that is its anchor gets the anchor's
    /// first byte, which is always there.
    fn probe(&self) -> (isize, u8) {
        let k = self.keyword.as_bytes();
        let after = k.len() - self.offset - self.anchor_len;
        if after >= self.offset && after > 0 {
            ((k.len() - 1 - self.offset) as isize, k[k.len() - 1])
        } else {
            (-(self.offset as isize), k[0])
        }
    }

    /// Is the whole keyword written around the anchor found at `start`
    /// (and followed by what its rule needs there)?
    fn at(&self, text: &[u8], start: usize) -> bool {
        let Some(s) = start.checked_sub(self.offset) else {
            return false;
        };
        let end = s + self.keyword.len();
        // The keyword is lower case already: only the text is folded.
        let written = match (&self.spelled, text.get(s..).and_then(<[u8]>::first_chunk)) {
            (Some(spelled), Some(window)) => {
                words::spells(spelled, words::halves(window).map(ascii_lowercase))
            }
            // Near the end of the line, or a long keyword: byte by byte.
            _ => text.get(s..end).is_some_and(|w| {
                w.iter()
                    .zip(self.keyword.as_bytes())
                    .all(|(a, k)| a.to_ascii_lowercase() == *k)
            }),
        };
        // A named rule's keyword stands inside the quoted name after
        // `"name":` (`"name": "DB_PASSWORD"`), not in any quoted word that
        // a comma follows (`"component":"token",`, on every line of a
        // busy JSON log).
        written
            && self.follows.holds(text, end)
            && (self.follows != Follows::NameEnd || name_opens_before(text, s))
    }
}

/// Eight bytes with each ASCII capital letter made small, at once: a byte's
/// top bit, after adding 0x3f and 0x25 to its low seven bits, says whether
/// it is at least `A` and more than `Z`; a letter between gets 0x20.
fn ascii_lowercase(x: u64) -> u64 {
    const EACH: u64 = 0x0101_0101_0101_0101;
    let low = x & (0x7f * EACH);
    let at_least_a = low + 0x3f * EACH;
    let past_z = low + 0x25 * EACH;
    let upper = !x & (at_least_a ^ past_z) & (0x80 * EACH);
    x | (upper >> 2)
}

impl Follows {
    /// Whether what follows a keyword ending at `end` lets its rule match.
    fn holds(self, text: &[u8], end: usize) -> bool {
        match self {
            Follows::Anything => true,
            Follows::Separator => separator_follows(text, end),
            Follows::NameEnd => name_end_follows(text, end),
            Follows::SpacedToken => spaced_token_follows(text, end),
            Follows::UserPassword => user_password_follows(text, end),
        }
    }
}

/// Whether `\?["']?\s*[:=]` can match at `i`, as a keyed rule's pattern
/// continues after its keyword. Undecided (true) at a byte that is not
/// ASCII: the pattern's `\s` takes Unicode blanks.
fn separator_follows(b: &[u8], mut i: usize) -> bool {
    if b.get(i) == Some(&b'\\') {
        i += 1;
    }
    if matches!(b.get(i), Some(b'"' | b'\'')) {
        i += 1;
    }
    blanks_then(b, i, |c| c == b':' || c == b'=')
}

/// Whether `[A-Za-z0-9_.\-]*"\s*,` can match at `i`, as a named rule's
/// pattern continues after its keyword inside the quoted name.
fn name_end_follows(b: &[u8], mut i: usize) -> bool {
    // A keyword that closes the name itself (`pass"`, for `"SMTP_PASS"`).
    if i > 0 && b[i - 1] == b'"' {
        return blanks_then(b, i, |c| c == b',');
    }
    // The name's bytes are key bytes: one table load each. Most keywords
    // tried here stand in a key (`"token_count":`), not a quoted name.
    while b.get(i).is_some_and(|&c| is_key_byte(c)) {
        i += 1;
    }
    b.get(i) == Some(&b'"') && blanks_then(b, i + 1, |c| c == b',')
}

/// Whether `"name"\s*:\s*"[A-Za-z0-9_.\-]*` can end at `i`, as a named
/// rule's pattern reads before its keyword. Undecided (true) at a blank
/// that is not ASCII.
fn name_opens_before(b: &[u8], mut i: usize) -> bool {
    while i > 0 && is_key_byte(b[i - 1]) {
        i -= 1;
    }
    if i == 0 || b[i - 1] != b'"' {
        return false;
    }
    let Some(i) = blanks_before(b, i - 1) else {
        return true;
    };
    if i == 0 || b[i - 1] != b':' {
        return false;
    }
    let Some(i) = blanks_before(b, i - 1) else {
        return true;
    };
    i >= 6 && b[i - 6..i].eq_ignore_ascii_case(b"\"name\"")
}

/// Where the blanks that end at `i` start; `None` (undecided) at a byte
/// that is not ASCII, which may end a Unicode blank.
fn blanks_before(b: &[u8], mut i: usize) -> Option<usize> {
    while i > 0 {
        match b[i - 1] {
            c if ascii_blank(c) => i -= 1,
            0x80.. => return None,
            _ => break,
        }
    }
    Some(i)
}

/// Whether `\s+[A-Za-z0-9._~+/\-]{16,}=*(?:[^A-Za-z0-9._~+/=\-]|$)` can
/// match at `i`, as a spaced-token rule's pattern continues after its
/// keyword. Undecided (true) at a blank that is not ASCII.
fn spaced_token_follows(b: &[u8], mut i: usize) -> bool {
    let start = i;
    loop {
        match b.get(i) {
            Some(&c) if ascii_blank(c) => i += 1,
            Some(0x80..) => return true,
            _ => break,
        }
    }
    if i == start {
        return false;
    }
    let body = i;
    while b.get(i).is_some_and(|&c| spaced_token_byte(c)) {
        i += 1;
    }
    if i - body < SPACED_TOKEN_BODY {
        return false;
    }
    while b.get(i) == Some(&b'=') {
        i += 1;
    }
    // The token ends here: at the end, or before a byte that is neither
    // token nor padding (the class takes no `=`, so nothing else can).
    !b.get(i).is_some_and(|&c| spaced_token_byte(c) || c == b'=')
}

/// Whether `[\s=]*` and an argument holding `:` or `,` can follow at `i`,
/// as a user-and-password rule's pattern continues after `-u` or `--user`:
/// a quoted argument up to its closing quote (`'bob smith,S3cret'`), a bare
/// one up to a blank. Undecided (true) at a byte that is not ASCII.
fn user_password_follows(b: &[u8], mut i: usize) -> bool {
    loop {
        match b.get(i) {
            Some(&c) if ascii_blank(c) || c == b'=' => i += 1,
            Some(0x80..) => return true,
            _ => break,
        }
    }
    let split = |c: &u8| matches!(c, b':' | b',' | 0x80..);
    match b.get(i) {
        Some(&quote @ (b'\'' | b'"')) => {
            let inside = &b[i + 1..];
            let end = memchr::memchr(quote, inside).unwrap_or(inside.len());
            inside[..end].iter().any(split)
        }
        _ => b[i..].iter().take_while(|&&c| !ascii_blank(c)).any(split),
    }
}

/// The shortest body of a spaced token (`rules::SPACED_TOKEN`).
const SPACED_TOKEN_BODY: usize = 16;

/// A byte of a spaced token's body: `[A-Za-z0-9._~+/\-]`.
fn spaced_token_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'~' | b'+' | b'/' | b'-')
}

/// Whether, after blanks from `i`, the next byte is one `want` accepts.
/// Undecided (true) at a byte that is not ASCII: a pattern's `\s` takes
/// Unicode blanks.
fn blanks_then(b: &[u8], mut i: usize, want: impl Fn(u8) -> bool) -> bool {
    while let Some(&c) = b.get(i) {
        match c {
            c if ascii_blank(c) => i += 1,
            0x80.. => return true,
            c => return want(c),
        }
    }
    false
}

/// Which regex rules a line's keywords fired, without allocating for the
/// usual few dozen rules.
struct Fired {
    small: u128,
    more: Vec<bool>,
}

impl Fired {
    fn new(rules: usize) -> Fired {
        Fired {
            small: 0,
            more: if rules > 128 {
                vec![false; rules - 128]
            } else {
                Vec::new()
            },
        }
    }

    fn set(&mut self, i: usize) {
        if i < 128 {
            self.small |= 1 << i;
        } else {
            self.more[i - 128] = true;
        }
    }

    /// Every rule set, in rule order.
    fn for_each(&self, mut f: impl FnMut(usize)) {
        let mut bits = self.small;
        while bits != 0 {
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            f(i);
        }
        for (j, &set) in self.more.iter().enumerate() {
            if set {
                f(128 + j);
            }
        }
    }
}

/// The key or word before a run: back over a separator (`=`, `: `, `"`,
/// `\"`, `=>`, blanks) and then over key bytes.
fn word_before(b: &[u8], start: usize) -> std::ops::Range<usize> {
    let mut i = start;
    let mut gap = 0;
    while i > 0
        && gap < 4
        && matches!(
            b[i - 1],
            b' ' | b'\t' | b'"' | b'\'' | b'\\' | b'=' | b':' | b'>'
        )
    {
        i -= 1;
        gap += 1;
    }
    let end = i;
    end - key_bytes_before(&b[..end])..end
}

/// Whether `word`, just before the run starting at `run_start`, is the
/// key `word=` of that run under which Linux audit writes an argument in
/// hex when it holds a blank, a quote or a NUL: `a2=2D705333…` in an
/// `EXECVE` record, `proctitle=6D7973…` (the whole command line). Every
/// run passes here: most fail at the first compare.
#[inline]
fn audit_key(b: &[u8], run_start: usize, word: &std::ops::Range<usize>) -> bool {
    let key = &b[word.clone()];
    run_start == word.end + 1
        && b.get(word.end) == Some(&b'=')
        && match key.first() {
            Some(b'a') => key.len() >= 2 && key[1..].iter().all(u8::is_ascii_digit),
            Some(b'p') => key == b"proctitle",
            _ => false,
        }
}

/// Whether `hex` is what audit writes: upper-case hex digits, two a byte.
fn audit_hex(hex: &[u8]) -> bool {
    hex.len().is_multiple_of(2)
        && hex
            .iter()
            .all(|&c| c.is_ascii_digit() || (b'A'..=b'F').contains(&c))
}

/// Hex-encoded text, decoded, with NULs (between a command line's
/// arguments) as blanks; `None` unless it is UTF-8 with no other control.
fn decode_hex_text(hex: &[u8]) -> Option<String> {
    let nibble = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        _ => c - b'A' + 10,
    };
    let bytes: Vec<u8> = hex
        .chunks_exact(2)
        .map(|pair| match (nibble(pair[0]) << 4) | nibble(pair[1]) {
            0 => b' ',
            byte => byte,
        })
        .collect();
    let text = String::from_utf8(bytes).ok()?;
    (!text.chars().any(char::is_control)).then_some(text)
}

/// How many key bytes `b` ends with. Walked without an index, so without
/// a bounds check per byte: keys are walked on every candidate line.
fn key_bytes_before(b: &[u8]) -> usize {
    b.iter().rev().take_while(|&&c| is_key_byte(c)).count()
}

/// How many key bytes `b` starts with (see [`key_bytes_before`]).
fn key_bytes_after(b: &[u8]) -> usize {
    b.iter().take_while(|&&c| is_key_byte(c)).count()
}

/// A double-quoted key of up to four words around the word at
/// `word_start..word_end` (`"pass word"`, `"Client Secret"`), followed by
/// a value: the key's span and the value's. Only inside quotes: in prose a
/// word before `:` is not a key.
fn spaced_quoted_key(
    b: &[u8],
    word_start: usize,
    word_end: usize,
) -> Option<(usize, usize, (usize, usize))> {
    // The key's closing quote is the first after the word (the words
    // between hold none), and a separator must follow it: in prose the
    // quote, if any, closes a value (`"msg":"auth failed",`).
    let window = &b[word_end..b.len().min(word_end + 42)];
    let closing = word_end + memchr::memchr(b'"', window)?;
    if !may_assign(b, closing) {
        return None;
    }
    let word =
        |i: usize| i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-');
    let mut start = word_start;
    let mut spaces = 0;
    while start > 0 && b[start - 1] != b'"' {
        match b[start - 1] {
            b' ' => spaces += 1,
            c if word(start - 1) || c == b'.' => {}
            _ => return None,
        }
        if spaces > 3 || word_start - start > 40 {
            return None;
        }
        start -= 1;
    }
    let mut end = word_end;
    while end < b.len() && b[end] != b'"' {
        match b[end] {
            b' ' => spaces += 1,
            _ if word(end) || b[end] == b'.' => {}
            _ => return None,
        }
        if spaces > 3 || end - word_end > 40 {
            return None;
        }
        end += 1;
    }
    if start == 0 || spaces == 0 || end >= b.len() || b[start] == b' ' || b[end - 1] == b' ' {
        return None;
    }
    Some((start, end, assigned_value(b, end)?))
}

/// Whether the key bytes `start..end` can be part of a quoted key of
/// several words, as [`spaced_quoted_key`] reads one: each side is a blank
/// or a double quote, and not both quotes.
fn in_spaced_key(b: &[u8], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|i| b[i]);
    let after = b.get(end).copied();
    matches!(before, Some(b' ' | b'"'))
        && matches!(after, Some(b' ' | b'"'))
        && (before == Some(b' ') || after == Some(b' '))
}

/// Verdicts on keys lately judged by [`Redactor::key_verdict`]: a
/// small table indexed by a hash of the key, each slot keeping the last
/// key that fell there. A miss only costs the judgement.
struct KeyMemo {
    slots: [MemoSlot; MEMO_SLOTS],
}

/// A key as its first and last eight bytes (overlapping, or zero-padded
/// when shorter) and its length: the whole key when it is at most 16
/// bytes long, as most are; a longer one's slot keeps its bytes too.
#[derive(Clone, Copy, PartialEq, Eq)]
struct MemoKey {
    len: usize,
    first: u64,
    last: u64,
}

impl MemoKey {
    fn of(key: &[u8]) -> MemoKey {
        let n = key.len();
        // Whole words where the key has eight bytes, as most do: two loads,
        // not two copies of a length known only now.
        let (first, last) = match (key.first_chunk::<8>(), key.last_chunk::<8>()) {
            (Some(f), Some(l)) => (u64::from_le_bytes(*f), u64::from_le_bytes(*l)),
            _ => {
                let mut w = [0u8; 8];
                w[..n].copy_from_slice(key);
                let w = u64::from_le_bytes(w);
                (w, w)
            }
        };
        MemoKey {
            len: n,
            first,
            last,
        }
    }

    fn slot(&self) -> usize {
        let h = (self.first ^ self.last.rotate_left(29) ^ self.len as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> 56) as usize & (MEMO_SLOTS - 1)
    }
}

#[derive(Clone, Copy)]
struct MemoSlot {
    owner: u64,
    key: MemoKey,
    /// The bytes of a key longer than sixteen.
    long: [u8; MEMO_KEY],
    verdict: KeyVerdict,
}

/// Keys longer than this are judged every time.
const MEMO_KEY: usize = 30;
const MEMO_SLOTS: usize = 256;

const EMPTY_SLOT: MemoSlot = MemoSlot {
    // Redactors are numbered from 1: this slot holds no one's key.
    owner: 0,
    key: MemoKey {
        len: 0,
        first: 0,
        last: 0,
    },
    long: [0; MEMO_KEY],
    verdict: KeyVerdict::Never,
};

thread_local! {
    static KEY_MEMO: std::cell::RefCell<KeyMemo> =
        const { std::cell::RefCell::new(KeyMemo { slots: [EMPTY_SLOT; MEMO_SLOTS] }) };
}

impl KeyMemo {
    fn get(&mut self, owner: u64, key: &[u8], judge: impl FnOnce() -> KeyVerdict) -> KeyVerdict {
        if key.len() > MEMO_KEY {
            return judge();
        }
        let k = MemoKey::of(key);
        let slot = &mut self.slots[k.slot()];
        if slot.owner == owner && slot.key == k && (k.len <= 16 || slot.long[..k.len] == *key) {
            return slot.verdict;
        }
        let verdict = judge();
        slot.owner = owner;
        slot.key = k;
        slot.long[..key.len()].copy_from_slice(key);
        slot.verdict = verdict;
        verdict
    }
}

/// A set of key shapes (length, first and last byte, ignoring case), as
/// 1024 bits: a key whose shape is not in it is none of the keys.
struct Shapes([u64; 16]);

impl Shapes {
    fn of<'a>(keys: impl Iterator<Item = &'a String>) -> Shapes {
        let mut s = Shapes([0; 16]);
        for k in keys {
            let bit = Shapes::bit(k.as_bytes());
            s.0[bit / 64] |= 1 << (bit % 64);
        }
        s
    }

    fn bit(key: &[u8]) -> usize {
        let (first, last) = match key {
            [] => (0, 0),
            [f, .., l] => (f.to_ascii_uppercase(), l.to_ascii_uppercase()),
            [f] => (f.to_ascii_uppercase(), f.to_ascii_uppercase()),
        };
        (key.len() * 97 + usize::from(first) * 31 + usize::from(last)) % 1024
    }

    fn may_hold(&self, key: &[u8]) -> bool {
        let bit = Shapes::bit(key);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// Bytes of a key name: `db.password`, `API-KEY`, `client_secret`.
fn is_key_byte(b: u8) -> bool {
    // One load instead of six compares: keys are walked byte by byte on
    // every candidate line of a busy log.
    KEY_BYTES[usize::from(b)]
}

const KEY_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-');
        b += 1;
    }
    t
};

/// The value assigned after a key ending at `key_end`: an optional closing
/// quote (`"`, `'`, or JSON-escaped `\"`), blanks, `=>`, `=` or `:`,
/// blanks, then a JSON-escaped, double-quoted, single-quoted or bare value.
fn assigned_value(b: &[u8], key_end: usize) -> Option<(usize, usize)> {
    let mut i = key_end;
    // The key's closing quote: plain, or escaped once or more (JSON inside
    // JSON inside JSON writes `\\\"`).
    let escapes = b[i..].iter().take_while(|&&c| c == b'\\').count();
    if b.get(i + escapes) == Some(&b'"') {
        i += escapes + 1;
    } else if matches!(b.get(i), Some(b'\'')) {
        i += 1;
    }
    let before = i;
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    let spaced_before = i > before;
    let equals = b.get(i) == Some(&b'=');
    match b.get(i) {
        Some(b'=') if b.get(i + 1) == Some(&b'>') => i += 2,
        // `auth::password::check` is a path in code, not an assignment.
        Some(b':') if b.get(i + 1) == Some(&b':') => return None,
        Some(b'=' | b':') => i += 1,
        _ => return None,
    }
    let after = i;
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    // `secret= user=bob` is an empty value in logfmt; `secret = x` (as
    // config files write) and `secret: x` are not.
    if equals && !spaced_before && i > after {
        return None;
    }
    let until = |from: usize, stop: &dyn Fn(usize) -> bool| {
        let mut j = from;
        while j < b.len() && !stop(j) {
            j += 1;
        }
        j
    };
    let escapes = b[i..].iter().take_while(|&&c| c == b'\\').count();
    if escapes > 0 && b.get(i + escapes) == Some(&b'"') {
        let start = i + escapes + 1;
        let end = until(start, &|j| b[j] == b'"' || b[j] == b'\\');
        // Only a value that ends where it should, at the same escaped quote.
        let closing = b[end..].iter().take_while(|&&c| c == b'\\').count();
        return (closing == escapes && b.get(end + closing) == Some(&b'"')).then_some((start, end));
    }
    if let Some(&q @ (b'"' | b'\'')) = b.get(i) {
        let start = i + 1;
        // A double-quoted value may hold an escaped quote: `"Xk2\"Lr7"`.
        let mut end = start;
        loop {
            end += memchr::memchr2(q, b'\\', &b[end.min(b.len())..])?;
            if b[end] == q {
                return Some((start, end));
            }
            // A backslash: inside double quotes it escapes the next byte.
            end += if q == b'"' { 2 } else { 1 };
        }
    }
    let stop = |j: usize, amp: bool| {
        b[j].is_ascii_whitespace()
            || matches!(
                b[j],
                b'"' | b'\'' | b',' | b';' | b'}' | b')' | b']' | b'\\'
            )
            || (amp && b[j] == b'&')
    };
    let from = after_braced_scheme(b, i).unwrap_or(i);
    let mut amp = true;
    let mut end = until(from, &|j| stop(j, amp));
    loop {
        match b.get(end) {
            // `DB_PASSWORD=S3cr\$et`: what a shell escapes is the value's,
            // not its end (the rules' `shell_esc!`).
            Some(b'\\') if b.get(end + 1).is_some_and(|&c| shell_escaped(c)) => {}
            // A `&` ends a query parameter's value; elsewhere it is part of
            // one (`SECRET_KEY=django-insecure-hvpk!a-&j+…`).
            Some(b'&') if amp && !in_query(b, key_end) => amp = false,
            _ => break,
        }
        end = until(end + 1 + usize::from(b[end] == b'\\'), &|j| stop(j, amp));
    }
    // `Secret=…: connection refused`: the colon ends the sentence.
    while end > i + 1 && matches!(b[end - 1], b':' | b'.') {
        end -= 1;
    }
    (end > i).then_some((i, end))
}

/// A byte that a backslash before it escapes in a shell word: ASCII
/// punctuation but a quote (see `rules::shell_esc!`).
fn shell_escaped(c: u8) -> bool {
    c.is_ascii_punctuation() && c != b'"' && c != b'\''
}

/// Whether `text` may be a line that only names a variable (see
/// [`Redactor::names_secret`]): most lines are not, by their first byte
/// (a date, a brace, a word), and are told so without a call.
#[inline(always)]
fn may_name(text: &str) -> bool {
    matches!(
        text.as_bytes().first(),
        Some(b' ' | b'\t' | b'-' | b'"' | b'n')
    )
}

/// Whether the key starting at `key_start` is glued to a word and a colon
/// before it, and so part of a name (`arn:aws:…:123456789012:secret:db`);
/// PowerShell's `$env:DB_PASSWORD` is a variable all the same.
fn glued_key(text: &str, key_start: usize) -> bool {
    text[..key_start].strip_suffix(':').is_some_and(|before| {
        before.ends_with(|c: char| c.is_ascii_alphanumeric())
            && !before
                .get(before.len().saturating_sub(4)..)
                .is_some_and(|t| t.eq_ignore_ascii_case("$env"))
    })
}

/// `ENV DB_PASSWORD Xk2m…`: a Dockerfile's older form of `ENV`, a name and
/// its value apart by blanks. The value's span, when `b` is such a line.
fn dockerfile_env(b: &[u8], key_start: usize, key_end: usize) -> Option<(usize, usize)> {
    // Most lines start with a date, a brace or a word: one compare.
    if !matches!(b.first(), Some(b'E' | b' ' | b'\t')) {
        return None;
    }
    let blank = |c: &u8| *c == b' ' || *c == b'\t';
    let lead = b.iter().take_while(|c| blank(c)).count();
    let gap = b.get(lead + 3..key_start)?;
    if !b[lead..].starts_with(b"ENV") || gap.is_empty() || !gap.iter().all(blank) {
        return None;
    }
    let start = key_end + b[key_end..].iter().take_while(|c| blank(c)).count();
    let end = start
        + b[start..]
            .iter()
            .take_while(|c| !c.is_ascii_whitespace())
            .count();
    (start > key_end && end > start).then_some((start, end))
}

/// `{SSHA}EfatjsUq…` (LDAP), `{PBKDF2-SHA512}…`: where the value after a
/// scheme in braces starts, when `b[i..]` begins with one.
fn after_braced_scheme(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let n = b[i + 1..]
        .iter()
        .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || **c == b'-')
        .count();
    ((2..=20).contains(&n) && b.get(i + 1 + n) == Some(&b'}')).then_some(i + 2 + n)
}

/// Whether the key ending at `key_end` is a URL's query parameter
/// (`?token=…&x=1`), whose value ends at the next `&`.
fn in_query(b: &[u8], key_end: usize) -> bool {
    let start = key_end - key_bytes_before(&b[..key_end]);
    start > 0 && matches!(b[start - 1], b'?' | b'&')
}

/// `"x"` or `'x'` without its quotes; anything else as it is.
fn unquoted(t: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner;
        }
    }
    t
}

/// Whether a list item is a stand-in for a value, as in `password=[FILTERED]`
/// or `[REDACTED]`: capitals (and `_`, `-`, `*`, `.`) only, which no
/// generated secret is.
fn stand_in(item: &[u8]) -> bool {
    item.iter()
        .all(|&c| c.is_ascii_uppercase() || matches!(c, b'_' | b'-' | b'*' | b'.'))
}

/// Where the list holding an item opens (its `[`), given the end `i` of
/// what precedes the item: a `[`, or a `,` after other items. The walk
/// back stops after 16 items or 1 KiB before `item`, so a long line of
/// commas costs no more than that per run.
fn list_open(b: &[u8], mut i: usize, item: usize) -> Option<usize> {
    let blanks = |mut i: usize| {
        while i > 0 && b[i - 1] == b' ' {
            i -= 1;
        }
        i
    };
    for _ in 0..16 {
        match b[i.checked_sub(1)?] {
            b'[' => return Some(i - 1),
            b',' if item - i < 1024 => i = blanks(i - 1),
            _ => return None,
        }
        // The item before: quoted (plainly or JSON-escaped) or bare.
        match *b.get(i.checked_sub(1)?)? {
            q @ (b'"' | b'\'') => {
                let mut close = i - 1;
                while close > 0 && b[close - 1] == b'\\' {
                    close -= 1;
                }
                i = memchr::memrchr(q, &b[..close])?;
                while i > 0 && b[i - 1] == b'\\' {
                    i -= 1;
                }
            }
            _ => {
                while i > 0 && !matches!(b[i - 1], b',' | b'[' | b' ' | b'"' | b'\'' | b':' | b'=')
                {
                    i -= 1;
                }
            }
        }
        i = blanks(i);
    }
    None
}

/// The items of a list that is a key's value, on its line: `["a", "b"]`,
/// `['a','b']`, `[a, b]`, `[\"a\", \"b\"]`; each item's span, in order,
/// to `f`. The list starts at `open` (a `[`). Reading stops at the list's
/// end, at the line's end, and at an item that is an object or a list
/// (whose keys are judged on their own).
fn list_items(b: &[u8], open: usize, mut f: impl FnMut(usize, usize)) {
    let blanks = |mut i: usize| {
        while matches!(b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        i
    };
    let mut i = open + 1;
    loop {
        i = blanks(i);
        let escapes = b[i.min(b.len())..]
            .iter()
            .take_while(|&&c| c == b'\\')
            .count();
        match b.get(i + escapes) {
            None | Some(b']' | b'[' | b'{') => return,
            Some(&q @ (b'"' | b'\'')) => {
                let start = i + escapes + 1;
                let stop = if escapes > 0 { b'\\' } else { q };
                let Some(len) = memchr::memchr(stop, &b[start.min(b.len())..]) else {
                    return;
                };
                f(start, start + len);
                i = start + len + escapes + 1;
            }
            Some(_) => {
                let start = i;
                while i < b.len() && !matches!(b[i], b',' | b']' | b' ' | b'\t') {
                    i += 1;
                }
                f(start, i);
            }
        }
        i = blanks(i);
        if b.get(i) != Some(&b',') {
            return;
        }
        i += 1;
    }
}

/// Whether a value can follow a key ending at `key_end`, as
/// [`assigned_value`] or [`quoted_after_identifier`] read one: a closing
/// quote (escaped or not), blanks and `=` or `:`, or a blank and an
/// opening quote. False only where both find nothing.
fn may_assign(b: &[u8], key_end: usize) -> bool {
    let mut i = key_end;
    if matches!(b.get(i), Some(b' ')) && matches!(b.get(i + 1), Some(b'"' | b'\'')) {
        return true;
    }
    while b.get(i) == Some(&b'\\') {
        i += 1;
    }
    if matches!(b.get(i), Some(b'"' | b'\'')) {
        i += 1;
    }
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    matches!(b.get(i), Some(b'=' | b':'))
}

/// `invalid mysql_root_password 'S3cret'`, as exceptions write it: an
/// identifier (snake_case or camelCase, never a plain word of prose) that
/// names a secret, a space, and a quoted value.
fn quoted_after_identifier(b: &[u8], key_start: usize, key_end: usize) -> Option<(usize, usize)> {
    if b.get(key_end) != Some(&b' ') {
        return None;
    }
    let q = *b.get(key_end + 1)?;
    if q != b'\'' && q != b'"' {
        return None;
    }
    let key = &b[key_start..key_end];
    let identifier = key.contains(&b'_')
        || key
            .windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    // SQL writes a password so: `ALTER ROLE app WITH PASSWORD 'S3cret'`.
    let password = [&b"password"[..], b"passwd", b"passphrase"]
        .iter()
        .any(|w| key.eq_ignore_ascii_case(w));
    if !identifier && !password {
        return None;
    }
    let start = key_end + 2;
    let len = b[start..].iter().position(|&c| c == q)?;
    // `KEY "user": "bob"`: the quoted word is the next JSON key, not a value.
    let json_key = q == b'"' && b.get(start + len + 1) == Some(&b':');
    (len > 0 && !json_key).then_some((start, start + len))
}

/// The text of an XML element whose name is the key at `key_start..key_end`
/// (`<password>S3cret</password>`, `<db:Password>…`, `<client_secret
/// encrypted="false">…`), when an end tag follows it on the line. Prose
/// pays a test of the byte after the word and, after a blank, of the
/// byte before it.
fn element_text(b: &[u8], key_start: usize, key_end: usize) -> Option<(usize, usize)> {
    let after = *b.get(key_end)?;
    if after != b'>' && after != b' ' {
        return None;
    }
    let mut open = key_start.checked_sub(1)?;
    // A namespace prefix: `<db:password>`.
    if b[open] == b':' {
        open = open.checked_sub(key_bytes_before(&b[..open]) + 1)?;
    }
    if b[open] != b'<' {
        return None;
    }
    // Attributes run to the tag's end; a self-closing tag has no text.
    let tag_end = match after {
        b'>' => key_end,
        _ => {
            let at = key_end + memchr::memchr2(b'>', b'<', &b[key_end..])?;
            if b[at] != b'>' || b[at - 1] == b'/' {
                return None;
            }
            at
        }
    };
    let start = tag_end + 1;
    let len = b[start..].iter().position(|&c| c == b'<')?;
    (len > 0 && b.get(start + len + 1) == Some(&b'/')).then_some((start, start + len))
}

/// The next run of token characters at least `tokens::MIN_RUN` long, at or
/// after `from` (`gate::next_run`).
fn next_run(b: &[u8], from: usize) -> Option<std::ops::Range<usize>> {
    gate::next_run(b, from)
}

/// Names of values that look random and are not secrets: commits,
/// digests, ids, versions.
fn names_no_secret(key: &str) -> bool {
    const WORDS: &[&str] = &[
        "sum",
        "sums",
        "prev",
        "last",
        "deployed",
        "correlation",
        "bundle",
        "ca",
        "cert",
        "payload",
        "data",
        "body",
        "cache",
        "page",
        "cursor",
        "sha",
        "sha1",
        "sha256",
        "sha512",
        "md5",
        "commit",
        "hash",
        "digest",
        "checksum",
        "crc",
        "etag",
        "id",
        "ids",
        "uuid",
        "guid",
        "trace",
        // W3C trace context (`TRACEPARENT=00-<trace>-<span>-01`).
        "traceparent",
        "tracestate",
        "span",
        "request",
        "req",
        "version",
        "ver",
        "rev",
        "revision",
        "build",
        "image",
        "tag",
        "ref",
        "head",
        "fingerprint",
        "nonce",
        "run",
        "job",
        "pipeline",
        "hostname",
        "host",
        "path",
        "dir",
        "file",
        "url",
        "name",
        "node",
        "pod",
        "container",
        "instance",
        "checkout",
        "branch",
        "release",
        "public",
        "pub",
        "gpg",
    ];
    key.split('_')
        .any(|seg| WORDS.contains(&seg.to_ascii_lowercase().as_str()))
}

/// Random enough to be a generated secret: long, no plain word or path,
/// and either long hex or mixed-class text of high entropy.
fn looks_random(v: &str) -> bool {
    if v.len() < 16 || v.len() > 4096 || v.contains("..") || v.starts_with('/') {
        return false;
    }
    let hex = v.bytes().all(|c| c.is_ascii_hexdigit());
    if hex {
        return v.len() >= 32 && entropy(v) >= 3.0;
    }
    let alnumish = v
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'_' | b'-'));
    let classes = [
        v.bytes().any(|c| c.is_ascii_lowercase()),
        v.bytes().any(|c| c.is_ascii_uppercase()),
        v.bytes().any(|c| c.is_ascii_digit()),
    ]
    .iter()
    .filter(|&&c| c)
    .count();
    alnumish
        && v.len() >= 20
        && classes >= 2
        && v.bytes().any(|c| c.is_ascii_digit())
        && entropy(v) >= if v.len() >= 24 { 3.7 } else { 4.0 }
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
