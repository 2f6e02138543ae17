//! Who is acting, which database, which playbooks and which redaction
//! rules: resolved from the global flags, the environment and the config
//! files, the same way for the command line and the console.

use super::Error;
use crate::config::DbTarget;
use crate::config::{DbChoice, Layers};
use crate::incident::Actor;
use crate::playbook::{Diagnostic, Library};
use crate::redact::Redactor;
use crate::store::{IncidentStore, Store, StoreError};
use std::path::PathBuf;

/// The global choices a responder made on the command line.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// `--playbooks DIR`.
    pub playbooks: Option<PathBuf>,
    /// `--db PATH`.
    pub db: Option<PathBuf>,
    /// `--as NAME`.
    pub actor: Option<String>,
}

impl Context {
    /// The account from the uid; the display name from `--as`, else
    /// `WARROOM_ACTOR`, else `SUDO_USER` (run through sudo), else the
    /// account. `$USER` is not consulted: anyone can set it.
    pub fn actor(&self) -> Actor {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let account = crate::paths::os_account().unwrap_or_else(|| "unknown".into());
        let name = self
            .actor
            .clone()
            .filter(|v| !v.trim().is_empty())
            .or_else(|| env("WARROOM_ACTOR"))
            .or_else(|| env("SUDO_USER"))
            .map(|n| n.trim().to_string())
            .unwrap_or_else(|| account.clone());
        Actor::named(name, account)
    }

    /// The database in force and why (see `config::resolve_db`). A
    /// server URL with a password in it is refused, naming where it came
    /// from (a config file's is refused as the file is read).
    pub fn db_choice(&self) -> Result<DbChoice, Error> {
        let layers = Layers::load().map_err(|e| Error::Bad(e.0))?;
        let choice = crate::config::resolve_db(self.db.as_deref(), &layers).ok_or_else(|| {
            Error::Bad("cannot tell where your data directory is; pass --db PATH".into())
        })?;
        if let DbTarget::Postgres(url) = choice.target()
            && let Some(problem) = crate::config::password_problem(&url)
        {
            return Err(Error::Bad(format!(
                "{problem} (the URL came {})",
                choice.origin
            )));
        }
        Ok(choice)
    }

    /// Opens the database in force: an SQLite file or a PostgreSQL server.
    pub fn open_store(&self) -> Result<Box<dyn IncidentStore>, Error> {
        let choice = self.db_choice()?;
        match choice.target() {
            DbTarget::File(_) => Ok(Box::new(open_file(&choice)?)),
            DbTarget::Postgres(url) => open_server(&url, &choice),
        }
    }

    /// The database in force, for a command that only reads it. When a
    /// file cannot be opened for writing because its disk is full, it is
    /// opened read-only instead: a responder can still see and export the
    /// record while someone frees space.
    pub fn open_store_to_read(&self) -> Result<Box<dyn IncidentStore>, Error> {
        let first = match self.open_store() {
            Ok(store) => return Ok(store),
            Err(e) => e,
        };
        let choice = self.db_choice()?;
        if !matches!(choice.target(), DbTarget::File(_))
            || !disk_full(&choice.path)
            || !choice.path.exists()
        {
            return Err(first);
        }
        match Store::open_read_only(&choice.path) {
            Ok(store) => {
                tracing::warn!(db = %choice.path.display(), "disk full: opened read-only");
                Ok(Box::new(store))
            }
            Err(_) => Err(first),
        }
    }

    /// The database in force if it already exists, for commands that only
    /// read registered leaked values (`redact`, `tail`); never creates a
    /// file (a server is always there to ask). `Ok(None)` when there is
    /// none to read; an error when there is one that cannot be opened (the
    /// caller decides whether that matters).
    pub fn existing_store(&self) -> Result<Option<Box<dyn IncidentStore>>, Error> {
        let Ok(layers) = Layers::load() else {
            return Ok(None);
        };
        let Some(choice) = crate::config::resolve_db(self.db.as_deref(), &layers) else {
            return Ok(None);
        };
        if matches!(choice.target(), DbTarget::File(_)) && !choice.path.exists() {
            return Ok(None);
        }
        self.open_store().map(Some)
    }

    /// `--playbooks`, else `WARROOM_PLAYBOOKS` (an empty value counts as
    /// unset).
    pub fn extra_playbook_dir(&self) -> Option<PathBuf> {
        self.playbooks.clone().or_else(|| {
            std::env::var_os("WARROOM_PLAYBOOKS")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
    }

    /// The playbook directories in force: the user's config dir (if it
    /// exists), then `--playbooks` / `WARROOM_PLAYBOOKS`, later ones
    /// winning.
    pub fn playbook_dirs(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = crate::paths::user_playbooks_dir()
            .into_iter()
            .filter(|d| d.is_dir())
            .collect();
        dirs.extend(self.extra_playbook_dir());
        dirs
    }

    /// The playbook library; problems in user files come back beside it
    /// (for the caller to report) and do not stop the command.
    /// Whether the console rings the bell on a missed deadline: the
    /// responder's config, else the host's, else no.
    pub fn bell(&self) -> Result<bool, Error> {
        let layers = Layers::load().map_err(|e| Error::Bad(e.0))?;
        Ok(layers.all().find_map(|c| c.console.bell).unwrap_or(false))
    }

    pub fn library(&self) -> Result<(Library, Vec<Diagnostic>), Error> {
        Ok(Library::load(&self.playbook_dirs())?)
    }

    /// The redactor for a command (see [`redactor`]), loading the library.
    pub fn redactor(&self, store: Option<&dyn IncidentStore>) -> Result<Redactor, Error> {
        let (library, _) = self.library()?;
        redactor(&library, store)
    }
}

/// The one redactor every text goes through: the built-in rules, the
/// config files' rules, and every loaded playbook's own `[[redact]]` rules,
/// so a secret a runbook names is scrubbed everywhere. With a store, also
/// every leaked value registered in it.
pub fn redactor<S: IncidentStore + ?Sized>(
    library: &Library,
    store: Option<&S>,
) -> Result<Redactor, Error> {
    let mut builder = Redactor::builder();
    if let Some(store) = store {
        builder = builder
            .literal_key(store.literal_key()?)
            .literal_prints(store.literal_prints()?);
    }
    let layers = Layers::load().map_err(|e| Error::Bad(e.0))?;
    let from_config = layers
        .all()
        .flat_map(|c| &c.redact)
        .map(|r| (&r.name, &r.pattern, &r.keys));
    let from_playbooks = library
        .entries()
        .flat_map(|e| &e.playbook.redact)
        .map(|r| (&r.name, &r.pattern, &r.keys));
    for (name, pattern, keys) in from_config.chain(from_playbooks) {
        if let Some(p) = pattern {
            builder = builder.pattern(name, p);
        }
        builder = builder.keys(name, keys);
    }
    builder.build().map_err(|e| Error::Bad(e.to_string()))
}

/// A playbook as it may be shown: its words for people (titles, bodies,
/// commands, checks, prompts) through the redactor, so a runbook that
/// quotes a token by mistake does not put it on a screen or in a report.
pub fn shown_playbook(
    pb: &crate::playbook::Playbook,
    redactor: &Redactor,
) -> std::sync::Arc<crate::playbook::Playbook> {
    std::sync::Arc::new(pb.cleaned(&|t| redactor.clean_text(t)))
}

/// Opens the SQLite file in force. The per-user default is created with
/// its directory; a database someone configured must already be
/// reachable: when it is not, that is one line naming the file, the
/// reason and the group to join, never a private database that would
/// split the team.
fn open_file(choice: &DbChoice) -> Result<Store, Error> {
    if !choice.configured() {
        let dir = crate::store::access::directory(&choice.path);
        if !dir.exists() {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&dir)
                .map_err(|e| Error::Bad(format!("cannot create {}: {e}", dir.display())))?;
        }
    }
    Store::open(&choice.path).map_err(|e| match e {
        StoreError::Open { path, .. } if disk_full(&path) => Error::Bad(format!(
            "database {} ({}): its disk is full; free some space and try again (list, status, verify and export still read it)",
            path.display(),
            choice.origin
        )),
        StoreError::Open { path, reason } if choice.configured() => Error::Bad(format!(
            "database {} ({}): {reason}",
            path.display(),
            choice.origin
        )),
        other => other.into(),
    })
}

/// Connects to the PostgreSQL server in force; one line naming the URL,
/// where it came from and why not.
#[cfg(feature = "postgres")]
fn open_server(url: &str, choice: &DbChoice) -> Result<Box<dyn IncidentStore>, Error> {
    match crate::store::postgres::PgStore::open(url) {
        Ok(store) => Ok(Box::new(store)),
        Err(StoreError::Open { reason, .. }) => Err(Error::Bad(format!(
            "database {url} ({}): {reason}",
            choice.origin
        ))),
        Err(other) => Err(other.into()),
    }
}

#[cfg(not(feature = "postgres"))]
fn open_server(url: &str, choice: &DbChoice) -> Result<Box<dyn IncidentStore>, Error> {
    Err(Error::Bad(format!(
        "database {url} ({}): this warroom was built without PostgreSQL support (cargo feature `postgres`)",
        choice.origin
    )))
}

/// Whether the file system holding `path` has no space left for us.
fn disk_full(path: &std::path::Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let dir = crate::store::access::directory(path);
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: an all-zero statvfs is valid for the call to overwrite; `c`
    // is NUL-terminated and outlives it.
    unsafe {
        let mut st: libc::statvfs = std::mem::zeroed();
        libc::statvfs(c.as_ptr(), &mut st) == 0 && st.f_bavail == 0
    }
}
