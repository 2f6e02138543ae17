//! Which playbook commands may run for this account, and remembering the
//! ones it allowed.
//!
//! Every member of the team can write the shared database, and with it the
//! playbook text stored for an incident: a `[[logs]] command` in that text
//! would run as whoever opens the incident, root included. So a command
//! runs by itself only when the stored text is, byte for byte, a playbook
//! compiled into this binary. Any other command is shown in full with
//! where it came from, and runs only once this account has said yes. The
//! yes is kept in the account's own state directory (one 0600 file per
//! database, incident and command), never in the database, which the
//! command's author can write.

use super::{Error, Session};
use crate::incident::display_id;
use crate::playbook::{LogTarget, Origin};
use crate::store::sha256_hex;
use chrono::Utc;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Why a command may run, or that it must wait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Its playbook is this bundled file, unchanged.
    Bundled(&'static str),
    /// This account allowed it for this incident before.
    Allowed,
    /// Not run until this account allows it.
    Ask,
}

impl Verdict {
    pub fn may_run(&self) -> bool {
        !matches!(self, Verdict::Ask)
    }
}

/// The decision itself: the stored playbook text (by its sha256, computed
/// from the text, never the digest it is filed under) is a bundled one, or
/// this account allowed the command; anything else waits.
pub fn decide(source_sha256: &str, allowed: bool) -> Verdict {
    match crate::playbook::bundled_by_sha256(source_sha256) {
        Some(file) => Verdict::Bundled(file),
        None if allowed => Verdict::Allowed,
        None => Verdict::Ask,
    }
}

/// The hash a command is remembered by. Each argument is length-prefixed,
/// so `["sh -c", "x"]` and `["sh", "-c x"]` are different commands.
pub fn command_sha256(argv: &[String]) -> String {
    let mut h = Sha256::new();
    for arg in argv {
        h.update((arg.len() as u64).to_le_bytes());
        h.update(arg.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// What one confirmation is about: one command of one incident of one
/// database. The database is part of it because incident numbers are per
/// database: INC-1 of a private database is not INC-1 of the team's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandKey {
    pub database: String,
    pub incident: u64,
    pub command_sha256: String,
}

impl CommandKey {
    fn file_name(&self) -> String {
        let id = format!(
            "{}\0{}\0{}",
            self.database, self.incident, self.command_sha256
        );
        format!("{}.json", sha256_hex(&id))
    }
}

/// The record kept for a confirmation: the key again (checked on reading,
/// so a stray or truncated file allows nothing) and, for a person looking
/// at the directory, what was allowed, from where and when.
#[derive(serde::Serialize, serde::Deserialize)]
struct Record {
    database: String,
    incident: u64,
    command_sha256: String,
    command: String,
    origin: String,
    allowed_at: String,
}

/// The confirmations this account gave, in a directory only it can write.
#[derive(Clone, Debug)]
pub struct Allowed {
    dir: PathBuf,
}

impl Allowed {
    /// `allowed-commands` in this account's own state directory (created
    /// 0700; refused when it is a link, another's, or not a directory).
    pub fn mine() -> Result<Allowed, Error> {
        crate::paths::own_state_dir("allowed-commands")
            .map(|dir| Allowed { dir })
            .map_err(|e| Error::Bad(format!("cannot keep confirmations: {e}")))
    }

    /// In `dir`, which the caller made (tests).
    pub fn at(dir: &Path) -> Allowed {
        Allowed {
            dir: dir.to_path_buf(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether this account allowed `key`. Only a regular file of our own
    /// that nobody else can write, naming exactly this key, counts.
    pub fn contains(&self, key: &CommandKey) -> bool {
        use std::os::unix::fs::MetadataExt;
        let path = self.dir.join(key.file_name());
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return false;
        };
        // SAFETY: geteuid has no preconditions.
        let me = unsafe { libc::geteuid() };
        if !meta.file_type().is_file() || meta.uid() != me || meta.mode() & 0o022 != 0 {
            return false;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            return false;
        };
        serde_json::from_str::<Record>(&text).is_ok_and(|r| {
            r.database == key.database
                && r.incident == key.incident
                && r.command_sha256 == key.command_sha256
        })
    }

    /// Remembers that this account allows `key`; `command` and `origin`
    /// are the cleaned words it was shown. Written atomically, 0600.
    pub fn record(&self, key: &CommandKey, command: &str, origin: &str) -> Result<PathBuf, Error> {
        let record = Record {
            database: key.database.clone(),
            incident: key.incident,
            command_sha256: key.command_sha256.clone(),
            command: command.to_string(),
            origin: origin.to_string(),
            allowed_at: Utc::now().to_rfc3339(),
        };
        let mut text = serde_json::to_string_pretty(&record).expect("a record serializes");
        text.push('\n');
        let path = self.dir.join(key.file_name());
        crate::paths::write_atomically(&path, text.as_bytes(), 0o600)
            .map_err(|e| Error::Bad(format!("cannot write {}: {e}", path.display())))?;
        Ok(path)
    }
}

/// A playbook log source as this account may use it.
#[derive(Clone, Debug)]
pub enum LogSource {
    /// A file to follow: reading is not running, so no question arises.
    File {
        name: Option<String>,
        path: PathBuf,
    },
    Command(Box<CommandSource>),
}

/// A playbook command, with the words to show for it and its verdict.
#[derive(Clone, Debug)]
pub struct CommandSource {
    pub name: Option<String>,
    /// What would run: never shown as is.
    pub argv: Vec<String>,
    pub key: CommandKey,
    pub verdict: Verdict,
    /// Each argument sanitized and redacted, for a dialog that lists them.
    pub shown_argv: Vec<String>,
    /// The whole command on one line, shell-quoted, sanitized and redacted.
    pub shown: String,
    /// Redaction or sanitizing changed what is shown: the responder is not
    /// seeing every byte of what they are asked to allow.
    pub masked: bool,
    /// The playbook in a few words: "playbook `disk-full`".
    pub playbook: String,
    /// Why it is not trusted as is: "not a bundled playbook", or that it
    /// differs from the bundled one of that id.
    pub why: String,
    /// Where it comes from in full: playbook, its file when this account
    /// has the same text loaded, the incident and who declared it.
    pub origin: String,
}

/// Quotes an argument the way a shell would need it, so the one-line form
/// shows where each argument begins and ends.
fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_@%+=:,./-".contains(&b));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// Where an incident's playbook comes from: the stored text's digest,
/// whether it is a bundled file unchanged, and that in words.
pub struct Provenance {
    pub database: String,
    pub digest: String,
    pub bundled: Option<&'static str>,
    /// "playbook `disk-full`".
    pub playbook: String,
    /// Why it is not trusted as is (empty when bundled).
    pub why: String,
    /// Where it comes from in full, cleaned.
    pub origin: String,
    /// The playbook parsed from the very text that was hashed.
    pub pb: crate::playbook::Playbook,
}

impl Session {
    /// Where incident `id`'s playbook comes from (see [`Provenance`]).
    pub fn provenance(&self, id: u64) -> Result<Provenance, Error> {
        let declared = self.store.declared_source(id)?;
        let digest = sha256_hex(&declared.text);
        let label = format!("<{} as declared>", declared.playbook);
        let pb = crate::playbook::parse(&label, declared.text.as_bytes()).map_err(|d| {
            Error::Bad(format!(
                "the playbook stored with {} does not load: {}",
                display_id(id),
                d.first().map(|d| d.message.clone()).unwrap_or_default()
            ))
        })?;
        let database = std::fs::canonicalize(self.store.path())
            .unwrap_or_else(|_| self.store.path().to_path_buf())
            .display()
            .to_string();
        let clean = |t: &str| self.redactor.clean_text(t);
        let bundled = crate::playbook::bundled_by_sha256(&digest);
        let playbook = clean(&format!("playbook `{}`", pb.id));
        let why = match (bundled, crate::playbook::bundled_source(&pb.id)) {
            (Some(_), _) => String::new(),
            (None, Some(_)) => clean(&format!("changed from the bundled playbook `{}`", pb.id)),
            (None, None) => "not a bundled playbook".to_string(),
        };
        let origin = match bundled {
            Some(file) => clean(&format!("bundled playbook `{}` ({file})", pb.id)),
            None => {
                let file = self.file_with_text(&pb.id, &digest);
                let from = file
                    .map(|f| format!(" from {}", f.display()))
                    .unwrap_or_default();
                clean(&format!(
                    "playbook `{}`{from}, stored in {} by {} ({why})",
                    pb.id,
                    display_id(id),
                    declared.declared_by
                ))
            }
        };
        Ok(Provenance {
            database,
            digest,
            bundled,
            playbook,
            why,
            origin,
            pb,
        })
    }

    /// The incident's playbook log sources, each command with its verdict
    /// for this account. The commands come from the very text that was
    /// hashed (parsed here, not taken from a cached state), so what runs
    /// is what was judged. `allowed` is `None` when this account has no
    /// usable place for confirmations: then nothing counts as allowed.
    pub fn log_sources(&self, id: u64, allowed: Option<&Allowed>) -> Result<Vec<LogSource>, Error> {
        let Provenance {
            database,
            digest,
            playbook,
            why,
            origin,
            pb,
            ..
        } = self.provenance(id)?;
        let clean = |t: &str| self.redactor.clean_text(t);
        let mut out = Vec::new();
        for log in &pb.logs {
            match &log.target {
                LogTarget::Path(p) => out.push(LogSource::File {
                    name: log.name.clone(),
                    path: PathBuf::from(p),
                }),
                LogTarget::Command(argv) => {
                    let key = CommandKey {
                        database: database.clone(),
                        incident: id,
                        command_sha256: command_sha256(argv),
                    };
                    let verdict = decide(&digest, allowed.is_some_and(|a| a.contains(&key)));
                    let raw = argv
                        .iter()
                        .map(|a| shell_quote(a))
                        .collect::<Vec<_>>()
                        .join(" ");
                    let shown = clean(&raw);
                    let shown_argv: Vec<String> = argv.iter().map(|a| clean(a)).collect();
                    let masked = shown != raw || shown_argv.iter().zip(argv).any(|(s, a)| s != a);
                    out.push(LogSource::Command(Box::new(CommandSource {
                        name: log.name.clone(),
                        argv: argv.clone(),
                        key,
                        verdict,
                        shown_argv,
                        shown,
                        masked,
                        playbook: playbook.clone(),
                        why: why.clone(),
                        origin: origin.clone(),
                    })));
                }
            }
        }
        Ok(out)
    }

    /// Records that this account allows the command whose hash is
    /// `command_sha256` in incident `id`, and returns it ready to run. The
    /// incident's sources are read again first: the command allowed is one
    /// the playbook holds now, with exactly the arguments that were shown.
    pub fn allow_command(
        &self,
        id: u64,
        command_sha256: &str,
        allowed: &Allowed,
    ) -> Result<CommandSource, Error> {
        let found = self
            .log_sources(id, Some(allowed))?
            .into_iter()
            .find_map(|s| match s {
                LogSource::Command(c) if c.key.command_sha256 == command_sha256 => Some(*c),
                _ => None,
            });
        let Some(mut source) = found else {
            return Err(Error::Refused(format!(
                "that command is no longer in the playbook of {}; nothing was run",
                display_id(id)
            )));
        };
        if source.verdict == Verdict::Ask {
            allowed.record(&source.key, &source.shown, &source.origin)?;
            source.verdict = Verdict::Allowed;
        }
        Ok(source)
    }

    /// The user playbook file of this id whose text is exactly the stored
    /// one, if this account has it loaded: "from FILE" in the origin.
    fn file_with_text(&self, id: &str, digest: &str) -> Option<PathBuf> {
        let entry = self.library.get(id)?;
        let Origin::File(path) = &entry.origin else {
            return None;
        };
        let text = std::fs::read_to_string(path).ok()?;
        (sha256_hex(&text) == digest).then(|| path.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::NewIncident;
    use crate::incident::Actor;
    use crate::playbook::Library;
    use crate::redact::Redactor;
    use crate::store::Store;
    use std::os::unix::fs::PermissionsExt;
    use std::sync::Arc;

    const WITH_COMMAND: &str = r#"
id = "disk-full"
title = "Disk full"

[[phases]]
id = "only"
title = "Only phase"

[[steps]]
id = "look"
phase = "only"
title = "Look"

[[logs]]
name = "df"
command = ["sh", "-c", "df -h; echo token=ghp_0123456789abcdefghijABCDEFGHIJ012345"]

[[logs]]
path = "/var/log/syslog"
"#;

    fn key(db: &str, incident: u64, argv: &[&str]) -> CommandKey {
        let argv: Vec<String> = argv.iter().map(|a| a.to_string()).collect();
        CommandKey {
            database: db.into(),
            incident,
            command_sha256: command_sha256(&argv),
        }
    }

    /// A session on `db` with the bundled playbooks and those in `dir`.
    fn session(db: &Path, dir: Option<&Path>, account: &str) -> Session {
        let dirs: Vec<PathBuf> = dir.into_iter().map(Path::to_path_buf).collect();
        let (library, _) = Library::load(&dirs).unwrap();
        let store = Store::open(db).unwrap();
        // No config files: the built-in rules alone.
        let redactor = Arc::new(Redactor::builder().build().unwrap());
        Session {
            leaked_known: 0,
            store: Box::new(store),
            library,
            redactor,
            actor: Actor::account(account),
            // Witnesses stay in the test's directory, not the real home.
            witness_dir: db.parent().map(|d| d.join("witness")),
        }
    }

    fn declare(s: &mut Session, playbook: &str) -> u64 {
        let new = NewIncident {
            playbook: playbook.into(),
            ..NewIncident::default()
        };
        s.declare(&new, Utc::now()).unwrap()
    }

    fn commands(sources: Vec<LogSource>) -> Vec<CommandSource> {
        sources
            .into_iter()
            .filter_map(|s| match s {
                LogSource::Command(c) => Some(*c),
                LogSource::File { .. } => None,
            })
            .collect()
    }

    #[test]
    fn only_the_text_of_a_bundled_playbook_runs_without_asking() {
        for (name, text) in crate::playbook::bundled_files() {
            assert_eq!(decide(&sha256_hex(text), false), Verdict::Bundled(name));
            // A confirmation changes nothing for a bundled playbook.
            assert_eq!(decide(&sha256_hex(text), true), Verdict::Bundled(name));
            // One byte more and it is somebody's playbook.
            let changed = format!("{text}\n");
            assert_eq!(decide(&sha256_hex(&changed), false), Verdict::Ask);
            assert_eq!(decide(&sha256_hex(&changed), true), Verdict::Allowed);
        }
        assert_eq!(decide("not a digest", false), Verdict::Ask);
        assert!(!Verdict::Ask.may_run());
        assert!(Verdict::Allowed.may_run() && Verdict::Bundled("x.toml").may_run());
    }

    #[test]
    fn a_command_is_its_exact_arguments() {
        let h =
            |argv: &[&str]| command_sha256(&argv.iter().map(|a| a.to_string()).collect::<Vec<_>>());
        assert_ne!(h(&["sh -c", "x"]), h(&["sh", "-c x"]));
        assert_ne!(h(&["ab"]), h(&["a", "b"]));
        assert_ne!(h(&["a", ""]), h(&["a"]));
        assert_eq!(
            h(&["journalctl", "-fu", "x"]),
            h(&["journalctl", "-fu", "x"])
        );
    }

    #[test]
    fn a_confirmation_is_for_one_command_of_one_incident_of_one_database() {
        let dir = tempfile::tempdir().unwrap();
        let allowed = Allowed::at(dir.path());
        let k = key("/team/warroom.db", 3, &["sh", "-c", "tail -f x"]);
        assert!(!allowed.contains(&k));
        let path = allowed
            .record(&k, "sh -c 'tail -f x'", "playbook `x`")
            .unwrap();
        assert!(allowed.contains(&k));
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(!allowed.contains(&key("/team/warroom.db", 4, &["sh", "-c", "tail -f x"])));
        assert!(!allowed.contains(&key("/home/me/warroom.db", 3, &["sh", "-c", "tail -f x"])));
        assert!(!allowed.contains(&key("/team/warroom.db", 3, &["sh", "-c", "tail -f y"])));
        // Another session reading the same directory sees it (remembered).
        assert!(Allowed::at(dir.path()).contains(&k));
    }

    #[test]
    fn only_a_private_record_naming_the_key_counts() {
        let dir = tempfile::tempdir().unwrap();
        let allowed = Allowed::at(dir.path());
        let k = key("/db", 1, &["id"]);
        let other = key("/db", 2, &["id"]);
        let path = allowed.record(&other, "id", "x").unwrap();
        // The record of another key under this key's name: not a yes.
        let mine = dir.path().join(k.file_name());
        std::fs::rename(&path, &mine).unwrap();
        assert!(!allowed.contains(&k));
        // Garbage, a link to a good record, a record others may write: no.
        std::fs::write(&mine, "{").unwrap();
        assert!(!allowed.contains(&k));
        std::fs::remove_file(&mine).unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let real = Allowed::at(elsewhere.path()).record(&k, "id", "x").unwrap();
        std::os::unix::fs::symlink(&real, &mine).unwrap();
        assert!(!allowed.contains(&k));
        std::fs::remove_file(&mine).unwrap();
        allowed.record(&k, "id", "x").unwrap();
        assert!(allowed.contains(&k));
        std::fs::set_permissions(&mine, std::fs::Permissions::from_mode(0o622)).unwrap();
        assert!(!allowed.contains(&k));
    }

    #[test]
    fn a_bundled_incident_runs_its_command_and_a_file_playbook_asks() {
        let dir = tempfile::tempdir().unwrap();
        let books = dir.path().join("playbooks");
        std::fs::create_dir(&books).unwrap();
        std::fs::write(books.join("disk-full.toml"), WITH_COMMAND).unwrap();
        let db = dir.path().join("w.db");
        let mut s = session(&db, Some(&books), "alice");
        let bundled = declare(&mut s, "secret-leak");
        let theirs = declare(&mut s, "disk-full");
        let allowed = Allowed::at(&dir.path().join("allowed"));
        std::fs::create_dir(allowed.dir()).unwrap();

        let cmds = commands(s.log_sources(bundled, Some(&allowed)).unwrap());
        assert_eq!(cmds.len(), 1);
        assert_eq!(cmds[0].verdict, Verdict::Bundled("secret-leak.toml"));

        let sources = s.log_sources(theirs, Some(&allowed)).unwrap();
        assert!(sources.iter().any(
            |s| matches!(s, LogSource::File { path, .. } if path == Path::new("/var/log/syslog"))
        ));
        let cmds = commands(sources);
        assert_eq!(cmds.len(), 1);
        let c = &cmds[0];
        assert_eq!(c.verdict, Verdict::Ask);
        // Shown redacted and marked so; the origin names the file and the incident.
        assert!(!c.shown.contains("ghp_0123"), "{}", c.shown);
        assert!(
            c.shown.starts_with("sh -c 'df -h; echo token="),
            "{}",
            c.shown
        );
        assert!(c.masked);
        assert_eq!(c.shown_argv.len(), 3);
        assert_eq!(c.playbook, "playbook `disk-full`");
        assert_eq!(c.why, "not a bundled playbook");
        assert!(
            c.origin
                .contains(&books.join("disk-full.toml").display().to_string()),
            "{}",
            c.origin
        );
        assert!(
            c.origin.contains("stored in INC-2 by alice"),
            "{}",
            c.origin
        );

        // Allowed once, it runs from then on, for this incident only.
        let ran = s
            .allow_command(theirs, &c.key.command_sha256, &allowed)
            .unwrap();
        assert_eq!(ran.argv, c.argv);
        assert_eq!(ran.verdict, Verdict::Allowed);
        let again = commands(s.log_sources(theirs, Some(&allowed)).unwrap());
        assert_eq!(again[0].verdict, Verdict::Allowed);
        let third = declare(&mut s, "disk-full");
        let cmds = commands(s.log_sources(third, Some(&allowed)).unwrap());
        assert_eq!(cmds[0].verdict, Verdict::Ask);
        // Without a place for confirmations, nothing counts as allowed.
        let cmds = commands(s.log_sources(theirs, None).unwrap());
        assert_eq!(cmds[0].verdict, Verdict::Ask);
        // A command that is not in the playbook cannot be allowed.
        let refused = s.allow_command(theirs, &command_sha256(&["id".into()]), &allowed);
        assert!(matches!(refused, Err(Error::Refused(_))), "{refused:?}");
    }

    /// A member rewrites the text stored under a bundled playbook's digest:
    /// the digest still says "bundled", the text does not, and the text is
    /// what is hashed (and what would run).
    #[test]
    fn a_bundled_digest_over_changed_text_asks() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.db");
        let mut s = session(&db, None, "alice");
        let id = declare(&mut s, "secret-leak");
        let bundled = crate::playbook::bundled_source("secret-leak").unwrap();
        let planted = bundled.replace(
            r#"command = ["journalctl", "-fu", "nanoclaw"]"#,
            r#"command = ["sh", "-c", "id > /tmp/owned"]"#,
        );
        assert_ne!(planted, bundled);
        let conn = rusqlite::Connection::open(&db).unwrap();
        let n = conn
            .execute(
                "UPDATE playbook_sources SET source = ?1 WHERE sha256 = ?2",
                [&planted, &sha256_hex(bundled)],
            )
            .unwrap();
        assert_eq!(n, 1);
        let allowed = Allowed::at(dir.path());
        let cmds = commands(s.log_sources(id, Some(&allowed)).unwrap());
        assert_eq!(cmds.len(), 1);
        assert_eq!(cmds[0].argv, ["sh", "-c", "id > /tmp/owned"]);
        assert_eq!(cmds[0].verdict, Verdict::Ask);
        assert_eq!(
            cmds[0].why,
            "changed from the bundled playbook `secret-leak`"
        );
    }
}
