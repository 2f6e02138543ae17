//! The set of playbooks a responder can use: the bundled ones, compiled into
//! the binary, overlaid by the user's own directories.

use super::diag::{Diagnostic, at_file};
use super::{Playbook, parse};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_playbooks.rs"));
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    File(PathBuf),
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub playbook: Playbook,
    pub origin: Origin,
    /// A user file that replaced the bundled playbook of the same id.
    pub overrides_bundled: bool,
}

impl Entry {
    /// `bundled`, or the file path, noting an override.
    pub fn source_label(&self) -> String {
        match &self.origin {
            Origin::Bundled => "bundled".to_string(),
            Origin::File(p) if self.overrides_bundled => {
                format!("{} (overrides bundled)", p.display())
            }
            Origin::File(p) => p.display().to_string(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("playbooks directory {}: {reason}", path.display())]
    Dir { path: PathBuf, reason: String },
}

#[derive(Clone, Debug, Default)]
pub struct Library {
    entries: BTreeMap<String, Entry>,
}

/// Bundled file names and contents, for tests and `playbooks check`.
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    bundled::FILES
}

/// The text of bundled playbook `id` (its file is `ID.toml`).
pub fn bundled_source(id: &str) -> Option<&'static str> {
    bundled::FILES
        .iter()
        .find(|(name, _)| name.strip_suffix(".toml") == Some(id))
        .map(|(_, text)| *text)
}

/// The bundled file whose text has this sha256 (lowercase hex), if any.
///
/// A playbook's commands run without asking only when its text is one
/// compiled into this binary: the hashes are taken from the embedded text
/// itself (once, on first use), so they cannot drift from what was built.
pub fn bundled_by_sha256(digest: &str) -> Option<&'static str> {
    use sha2::{Digest, Sha256};
    use std::sync::OnceLock;
    static HASHES: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    let hashes = HASHES.get_or_init(|| {
        bundled::FILES
            .iter()
            .map(|(name, text)| {
                let hex = Sha256::digest(text.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                (hex, *name)
            })
            .collect()
    });
    hashes
        .iter()
        .find(|(hex, _)| hex == digest)
        .map(|(_, name)| *name)
}

impl Library {
    /// The bundled set alone. Every bundled file is checked by the test
    /// suite, so a failure here is a build defect; it is still reported, not
    /// panicked on.
    pub fn bundled() -> (Library, Vec<Diagnostic>) {
        let mut lib = Library::default();
        let mut diags = Vec::new();
        for (name, text) in bundled::FILES {
            let label = format!("playbooks/{name}");
            match parse(&label, text.as_bytes()) {
                Ok(pb) => {
                    lib.entries.insert(
                        pb.id.clone(),
                        Entry {
                            playbook: pb,
                            origin: Origin::Bundled,
                            overrides_bundled: false,
                        },
                    );
                }
                Err(d) => diags.extend(d),
            }
        }
        (lib, diags)
    }

    /// Bundled playbooks overlaid by each directory in turn (later ones win).
    /// Broken files are reported and left out; the rest stay usable, so one
    /// bad user file never takes the console down at 3 a.m.
    pub fn load(dirs: &[PathBuf]) -> Result<(Library, Vec<Diagnostic>), LoadError> {
        let (mut lib, mut diags) = Library::bundled();
        for dir in dirs {
            let files = toml_files(dir)?;
            let mut this_dir: BTreeMap<String, PathBuf> = BTreeMap::new();
            for path in files {
                match read_one(&path) {
                    Ok(pb) => {
                        if let Some(first) = this_dir.get(&pb.id) {
                            diags.push(at_file(
                                &path.display().to_string(),
                                1,
                                1,
                                format!(
                                    "playbook id `{}` is already defined in {}",
                                    pb.id,
                                    first.display()
                                ),
                            ));
                            continue;
                        }
                        this_dir.insert(pb.id.clone(), path.clone());
                        lib.insert_user(pb, path);
                    }
                    Err(d) => diags.extend(d),
                }
            }
        }
        Ok((lib, diags))
    }

    fn insert_user(&mut self, pb: Playbook, path: PathBuf) {
        let overrides_bundled = self
            .entries
            .get(&pb.id)
            .is_some_and(|e| e.origin == Origin::Bundled || e.overrides_bundled);
        self.entries.insert(
            pb.id.clone(),
            Entry {
                playbook: pb,
                origin: Origin::File(path),
                overrides_bundled,
            },
        );
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.get(id)
    }

    /// Entries sorted by id.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }

    pub fn ids(&self) -> Vec<&str> {
        self.entries.keys().map(String::as_str).collect()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn read_one(path: &Path) -> Result<Playbook, Vec<Diagnostic>> {
    let label = path.display().to_string();
    match crate::paths::read_capped(path, crate::paths::MAX_TEXT_FILE) {
        Ok(bytes) => parse(&label, &bytes),
        Err(crate::paths::ReadError::Missing) => {
            Err(vec![at_file(&label, 1, 1, "cannot read: no such file")])
        }
        Err(crate::paths::ReadError::Refused(why)) => Err(vec![at_file(&label, 1, 1, why)]),
    }
}

/// `*.toml` files directly inside `dir`, sorted by name.
fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let fail = |e: std::io::Error| LoadError::Dir {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(fail)? {
        let path = entry.map_err(fail)?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Checks files and directories named on the command line, as `playbooks
/// check PATH...` does: each file on its own, plus ids repeated across them.
pub fn check_files(paths: &[PathBuf]) -> Result<(Vec<Playbook>, Vec<Diagnostic>), LoadError> {
    let mut files: Vec<PathBuf> = Vec::new();
    for p in paths {
        if p.is_dir() {
            files.extend(toml_files(p)?);
        } else {
            files.push(p.clone());
        }
    }
    // The same file named twice (or a directory and a file in it) is one file.
    let mut seen_files = std::collections::HashSet::new();
    files.retain(|f| seen_files.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    let mut ok: Vec<Playbook> = Vec::new();
    let mut diags = Vec::new();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in files {
        match read_one(&path) {
            Ok(pb) => {
                if let Some(first) = seen.get(&pb.id) {
                    let msg = format!(
                        "playbook id `{}` is already defined in {}",
                        pb.id,
                        first.display()
                    );
                    diags.push(at_file(&path.display().to_string(), 1, 1, msg));
                    continue;
                }
                seen.insert(pb.id.clone(), path);
                ok.push(pb);
            }
            Err(d) => diags.extend(d),
        }
    }
    Ok((ok, diags))
}
