//! The module map holds: arrows point one way (see the README's
//! "Architecture" section), no two files import each other, and the pure
//! domain names no SQLite, terminal or async runtime.
//!
//! "File A imports file B" means A's code (not its tests) names an item
//! that B defines: `use` trees and `crate::`/`super::` paths are resolved
//! through `pub use` re-exports to the file that defines the item. A
//! `pub use` in a `mod.rs` is the module's public face, not a use.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Which top-level modules each module may use. Anything not listed here
/// (std, external crates) is not checked, except the banned crates below.
const ALLOWED: &[(&str, &[&str])] = &[
    ("duration", &[]),
    ("paths", &[]),
    ("redact", &[]),
    // A playbook's `[[redact]]` rules are checked by the rule engine;
    // playbook files are read the one careful way (`paths::read_capped`).
    ("playbook", &["duration", "redact", "paths"]),
    ("incident", &["playbook", "duration"]),
    ("drill", &["incident", "playbook", "duration"]),
    ("config", &["paths", "redact", "duration"]),
    // Names a replacement file's owner (`paths::user_name`).
    ("tail", &["redact", "paths"]),
    // Runs a step's command and returns the record of it; the account's
    // login and the host come from `paths`.
    ("run", &["incident", "redact", "duration", "paths"]),
    (
        "store",
        &["incident", "playbook", "redact", "paths", "duration"],
    ),
    (
        "export",
        &["incident", "drill", "redact", "playbook", "duration"],
    ),
    (
        "app",
        &[
            "store", "incident", "playbook", "redact", "drill", "config", "paths", "duration",
            "run",
        ],
    ),
    (
        "tui",
        &[
            "app", "tail", "redact", "incident", "playbook", "drill", "duration", "paths", "run",
        ],
    ),
    (
        "cli",
        &[
            "app", "tui", "export", "store", "incident", "playbook", "drill", "redact", "tail",
            "config", "paths", "duration", "run",
        ],
    ),
];

/// The domain compiles and tests without these.
const PURE: &[&str] = &["incident", "playbook", "redact", "drill", "duration"];
const BANNED_IN_PURE: &[&str] = &["rusqlite", "ratatui", "crossterm", "tokio"];

struct Module {
    file: PathBuf,
    /// Code without comments, string contents or tests.
    code: String,
    /// `pub use` re-exports: name → absolute path of what it names.
    reexports: BTreeMap<String, Vec<String>>,
    /// Paths this module's code uses, absolute.
    uses: Vec<Vec<String>>,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `src/a/b.rs` → `[a, b]`; `src/a/mod.rs` → `[a]`; `src/lib.rs` → `[]`.
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code with comments and the insides of string and char literals
/// blanked, cut where its test module starts.
fn code_of(text: &str) -> String {
    let text = match text.find("\n#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    let b = text.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'r' if b.get(i + 1) == Some(&b'#') || (b.get(i + 1) == Some(&b'"')) => {
                // A raw string: r"..." or r#"..."#.
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                j += 1;
                while j < b.len() && !b[j..].starts_with(&close) {
                    j += 1;
                }
                out.push_str("\"\"");
                i = j + close.len();
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                out.push_str("\"\"");
                i += 1;
            }
            b'\'' if b.get(i + 2) == Some(&b'\'') || b.get(i + 1) == Some(&b'\\') => {
                // A char literal (lifetimes have no closing quote).
                i += 1;
                while i < b.len() && b[i] != b'\'' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                out.push_str("' '");
                i += 1;
            }
            c => {
                out.push(c as char);
                i += 1;
            }
        }
    }
    out
}

/// Expands a use tree (`a::{b, c::{d, self}}`) into paths.
fn expand(tree: &str, prefix: &[String], out: &mut Vec<(Vec<String>, String)>) {
    let tree = tree.trim();
    if tree.is_empty() {
        return;
    }
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let mut base = prefix.to_vec();
        base.extend(head);
        let inner = &tree[open + 1..tree.rfind('}').unwrap()];
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..i], &base, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], &base, out);
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((p, a)) => (p.trim(), a.trim().to_string()),
        None => (tree, String::new()),
    };
    let mut full = prefix.to_vec();
    full.extend(path.split("::").map(|s| s.trim().to_string()));
    if full.last().is_some_and(|l| l == "self") {
        full.pop();
    }
    let name = if alias.is_empty() {
        full.last().cloned().unwrap_or_default()
    } else {
        alias
    };
    out.push((full, name));
}

/// A path as written in `module`, made absolute; `None` for std and
/// external crates. (A `foo.rs` or `foo/mod.rs` file is module `foo`.)
fn absolute(
    path: &[String],
    module: &[String],
    known: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let (first, rest) = path.split_first()?;
    let mut abs = match first.as_str() {
        "crate" | "warroom" => Vec::new(),
        "self" => module.to_vec(),
        "super" => {
            let mut p = module.to_vec();
            p.pop();
            let mut rest = rest;
            while rest.first().is_some_and(|s| s == "super") {
                p.pop();
                rest = &rest[1..];
            }
            p.extend(rest.iter().cloned());
            return Some(p);
        }
        // A child module named without `self::`, as `use app::App;`.
        child => {
            let mut p = module.to_vec();
            p.push(child.to_string());
            if !known.contains(&p) {
                return None;
            }
            p
        }
    };
    abs.extend(rest.iter().cloned());
    Some(abs)
}

fn load() -> BTreeMap<Vec<String>, Module> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let paths: BTreeSet<Vec<String>> = files
        .iter()
        .filter(|f| !f.ends_with("main.rs"))
        .map(|f| module_path(f))
        .collect();
    let use_stmt = regex::Regex::new(r"(?s)(\bpub(\([^)]*\))?\s+)?\buse\s+([^;]+);").unwrap();
    let inline = regex::Regex::new(r"\b(crate|super)(::[A-Za-z_][A-Za-z0-9_]*)+").unwrap();
    let mut modules = BTreeMap::new();
    for file in files {
        if file.ends_with("main.rs") || file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let module = module_path(&file);
        let is_mod = file.ends_with("mod.rs") || file.ends_with("lib.rs");
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        let mut reexports = BTreeMap::new();
        let mut uses = Vec::new();
        for m in use_stmt.captures_iter(&code) {
            let public = m.get(1).is_some();
            let mut trees = Vec::new();
            expand(&m[3], &[], &mut trees);
            for (path, name) in trees {
                let Some(abs) = absolute(&path, &module, &paths) else {
                    continue;
                };
                if public && is_mod {
                    reexports.insert(name, abs);
                } else {
                    uses.push(abs);
                }
            }
        }
        let without_uses = use_stmt.replace_all(&code, "");
        for m in inline.find_iter(&without_uses) {
            let path: Vec<String> = m.as_str().split("::").map(String::from).collect();
            if let Some(abs) = absolute(&path, &module, &paths) {
                uses.push(abs);
            }
        }
        modules.insert(
            module,
            Module {
                file,
                code,
                reexports,
                uses,
            },
        );
    }
    modules
}

/// The module (file) that defines what `path` names.
fn defining(
    path: &[String],
    modules: &BTreeMap<Vec<String>, Module>,
    depth: usize,
) -> Option<Vec<String>> {
    let mut n = path.len();
    while n > 0 && !modules.contains_key(&path[..n]) {
        n -= 1;
    }
    let module = path[..n].to_vec();
    let Some(name) = path.get(n) else {
        return Some(module);
    };
    if depth < 8
        && let Some(target) = modules.get(&module).and_then(|m| m.reexports.get(name))
    {
        let mut next = target.clone();
        next.extend(path[n + 1..].iter().cloned());
        return defining(&next, modules, depth + 1);
    }
    Some(module)
}

fn edges(modules: &BTreeMap<Vec<String>, Module>) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    modules
        .iter()
        .map(|(from, m)| {
            let to = m
                .uses
                .iter()
                .filter_map(|p| defining(p, modules, 0))
                .filter(|t| t != from && !t.is_empty())
                .collect();
            (from.clone(), to)
        })
        .collect()
}

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "crate".into()
    } else {
        module.join("::")
    }
}

#[test]
fn no_two_files_import_each_other() {
    let modules = load();
    assert!(modules.len() > 40, "found only {} files", modules.len());
    let edges = edges(&modules);
    let mut pairs = Vec::new();
    for (a, tos) in &edges {
        for b in tos {
            if a < b && edges.get(b).is_some_and(|back| back.contains(a)) {
                pairs.push(format!(
                    "{} <-> {}",
                    modules[a].file.display(),
                    modules[b].file.display()
                ));
            }
        }
    }
    assert!(
        pairs.is_empty(),
        "files importing each other:\n{}",
        pairs.join("\n")
    );
}

/// Arrows go by the path a file writes: naming `crate::app::Summary` uses
/// the application layer's face, whatever module defines the type.
#[test]
fn arrows_point_one_way() {
    let modules = load();
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = BTreeSet::new();
    for (from, m) in &modules {
        let Some(top) = from.first() else { continue };
        let may = allowed
            .get(top.as_str())
            .unwrap_or_else(|| panic!("module `{top}` is not in the ALLOWED table"));
        for to in &m.uses {
            let Some(target) = to.first() else { continue };
            if target != top && !may.contains(&target.as_str()) {
                wrong.insert(format!("{} uses {}", name(from), name(to)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows the map forbids:\n{}",
        wrong.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_domain_knows_no_storage_terminal_or_runtime() {
    let modules = load();
    let mut wrong = Vec::new();
    for (path, m) in &modules {
        if !path.first().is_some_and(|t| PURE.contains(&t.as_str())) {
            continue;
        }
        for krate in BANNED_IN_PURE {
            if m.code.contains(&format!("{krate}::")) {
                wrong.push(format!("{} names {krate}", m.file.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The checker itself: a planted mutual import and a forbidden arrow are
/// found, so the tests above cannot pass by seeing nothing.
#[test]
fn the_checker_sees_imports_through_reexports() {
    let modules = load();
    let edges = edges(&modules);
    let of = |m: &str| -> Vec<String> { m.split("::").map(String::from).collect() };
    // tui::mod uses app::context (through `pub use context::Context`).
    assert!(
        edges[&of("tui")].contains(&of("app::context")),
        "{:?}",
        edges[&of("tui")]
    );
    // app::drills uses drill::mod (Schedule is defined there).
    assert!(edges[&of("app::drills")].contains(&of("drill")));
    let mut trees = Vec::new();
    expand("crate::a::{b, c::{d as e, self}}", &[], &mut trees);
    let got: Vec<String> = trees
        .iter()
        .map(|(p, n)| format!("{}={n}", p.join("::")))
        .collect();
    assert_eq!(got, ["crate::a::b=b", "crate::a::c::d=e", "crate::a::c=c"]);
}
