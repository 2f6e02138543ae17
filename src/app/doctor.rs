//! `warroom doctor`: which database, config files and playbook
//! directories are in force, why, and whether this account can use them.

use super::{Context, Error};
use crate::config::{DbChoice, Layers};
use crate::incident::Actor;
use crate::store::access;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

/// Everything `doctor` found.
pub struct Diagnosis {
    /// `None`: no `--db`, `WARROOM_DB`, config `db` or home directory.
    pub database: Option<Database>,
    /// The user's config file (when there is a home), then the host's.
    pub configs: Vec<ConfigFile>,
    /// How many playbooks are compiled in.
    pub bundled: usize,
    /// Every playbook directory looked in, and whether it exists.
    pub playbook_dirs: Vec<(PathBuf, bool)>,
    pub actor: Actor,
    /// The host's escalation and reminder hooks, and their file.
    pub hooks: crate::config::Hooks,
}

/// The database in force.
pub struct Database {
    pub choice: DbChoice,
    /// For a PostgreSQL server: its version, the schema's, and the
    /// account events are recorded as (when it could be reached).
    pub server: Option<String>,
    /// Its directory is setgid: files are 0660 for the group.
    pub shared: bool,
    pub file: FileState,
    /// Whether this account can read and write it, or why not.
    pub access: Result<(), String>,
}

/// What is on disk at the database's path.
pub enum FileState {
    Present {
        mode: u32,
        owner: String,
        group: String,
    },
    /// It may exist, but this account cannot see it.
    Hidden,
    /// Not there yet; the per-user default is made on first use.
    Missing { made_on_first_use: bool },
    /// Not a file: a PostgreSQL server.
    Server,
}

/// One config file.
pub struct ConfigFile {
    /// "user" or "system".
    pub which: &'static str,
    pub path: PathBuf,
    pub found: bool,
    pub db: Option<PathBuf>,
    pub redact_rules: usize,
}

impl Diagnosis {
    /// What would stop this account from working, in one line.
    pub fn problem(&self) -> Option<String> {
        match &self.database {
            None => Some("no database: pass --db PATH".into()),
            Some(db) => db
                .access
                .as_ref()
                .err()
                .map(|reason| format!("database {}: {reason}", db.choice.path.display())),
        }
    }
}

impl Context {
    /// Looks at everything `doctor` reports. Only config files that do not
    /// parse are an error here; everything else is in the diagnosis.
    pub fn diagnose(&self) -> Result<Diagnosis, Error> {
        let layers = Layers::load().map_err(|e| Error::Bad(e.0))?;
        let choice = crate::config::resolve_db(self.db.as_deref(), &layers);
        if choice.is_some() {
            // A password in a server URL: refused before anything shows it.
            self.db_choice()?;
        }
        let database = choice.map(database);
        let mut configs = Vec::new();
        if let Some((path, config)) = &layers.user {
            configs.push(config_file("user", path, config));
        }
        configs.push(config_file("system", &layers.system.0, &layers.system.1));
        // Every place looked in, found or not (`playbook_dirs` keeps only
        // the ones in use).
        let playbook_dirs = crate::paths::user_playbooks_dir()
            .into_iter()
            .chain(self.extra_playbook_dir())
            .map(|d| {
                let found = d.is_dir();
                (d, found)
            })
            .collect();
        Ok(Diagnosis {
            database,
            configs,
            bundled: crate::playbook::bundled_files().len(),
            playbook_dirs,
            actor: self.actor(),
            hooks: layers.hooks(),
        })
    }
}

fn database(choice: DbChoice) -> Database {
    if let crate::config::DbTarget::Postgres(url) = choice.target() {
        let (server, access) = match server(&url) {
            Ok(about) => (Some(about), Ok(())),
            Err(reason) => (None, Err(reason)),
        };
        return Database {
            choice,
            server,
            shared: true,
            file: FileState::Server,
            access,
        };
    }
    let dir = access::directory(&choice.path);
    let shared = access::mode_for(&dir).group.is_some();
    let file = match std::fs::metadata(&choice.path) {
        Ok(m) => FileState::Present {
            mode: m.mode() & 0o7777,
            owner: crate::paths::user_name(m.uid()).unwrap_or_else(|| m.uid().to_string()),
            group: crate::paths::group_name(m.gid()).unwrap_or_else(|| m.gid().to_string()),
        },
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => FileState::Hidden,
        Err(_) => FileState::Missing {
            made_on_first_use: !choice.configured(),
        },
    };
    let access = if choice.configured() || dir.exists() {
        access::check(&choice.path)
    } else {
        Ok(())
    };
    Database {
        choice,
        server: None,
        shared,
        file,
        access,
    }
}

/// Connects as a responder would: the server's version, the schema's and
/// the account events are recorded as; or why it cannot be used.
#[cfg(feature = "postgres")]
fn server(url: &str) -> Result<String, String> {
    use crate::store::postgres::{PgStore, SCHEMA_VERSION};
    let store = PgStore::open(url).map_err(|e| match e {
        crate::store::StoreError::Open { reason, .. } => reason,
        other => other.to_string(),
    })?;
    let version = store.server_version().map_err(|e| e.to_string())?;
    Ok(format!(
        "PostgreSQL {version}, warroom schema {SCHEMA_VERSION}; your events are recorded as account {} (the server's session_user)",
        store.account()
    ))
}

#[cfg(not(feature = "postgres"))]
fn server(_url: &str) -> Result<String, String> {
    Err("this warroom was built without PostgreSQL support (cargo feature `postgres`)".into())
}

fn config_file(
    which: &'static str,
    path: &std::path::Path,
    config: &crate::config::Config,
) -> ConfigFile {
    ConfigFile {
        which,
        path: path.to_path_buf(),
        found: path.exists(),
        db: config.db.clone(),
        redact_rules: config.redact.len(),
    }
}
