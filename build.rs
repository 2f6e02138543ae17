//! Compiles every file in `playbooks/` into the binary, so `warroom` works
//! from any directory and adding a playbook needs no code change; and
//! records the git commit the binary was built from, for `--version`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    bundle_playbooks();
    record_commit();
}

fn bundle_playbooks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("playbooks");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("playbooks/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let mut out = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = dir.join(name);
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled_playbooks.rs");
    std::fs::write(target, out).unwrap();
}

/// `WARROOM_GIT_COMMIT`: the first 12 digits of the commit, from
/// `WARROOM_BUILD_COMMIT` when a packager sets it (a source tarball has no
/// `.git`), else from git, else "unknown". A build must never fail for
/// want of git.
fn record_commit() {
    println!("cargo::rerun-if-env-changed=WARROOM_BUILD_COMMIT");
    let from_env = std::env::var("WARROOM_BUILD_COMMIT")
        .ok()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    let commit = from_env
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo::rustc-env=WARROOM_GIT_COMMIT={commit}");
    for file in commit_files() {
        println!("cargo::rerun-if-changed={}", file.display());
    }
}

/// The files whose change means a new commit is checked out: HEAD, the
/// branch's ref and packed-refs. In a worktree `.git` is a file, so the
/// directories come from git itself. Only files that exist are named:
/// cargo reruns the script on every build for a path that is missing.
fn commit_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let abs = |p: String| {
        let p = PathBuf::from(p);
        if p.is_absolute() { p } else { root.join(p) }
    };
    let (Some(git_dir), Some(common)) = (
        git(&["rev-parse", "--git-dir"]).map(abs),
        git(&["rev-parse", "--git-common-dir"]).map(abs),
    ) else {
        return Vec::new();
    };
    let mut files = vec![git_dir.join("HEAD"), common.join("packed-refs")];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        files.push(common.join(branch));
    }
    files.into_iter().filter(|f| f.is_file()).collect()
}

/// One line of git's output, run in the crate's directory; `None` when git
/// is missing or this is not a checkout.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}
