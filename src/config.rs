//! Configuration files: the user's `~/.config/warroom/config.toml`, then
//! the host's `/etc/warroom/config.toml` (`WARROOM_SYSTEM_CONFIG`).
//!
//! Both carry the same keys. A file with unknown keys is refused (with the
//! line), so a typo never silently disables a rule or splits a team.
//!
//! ```toml
//! db = "/var/lib/warroom/warroom.db"  # the shared incident database
//!
//! [[redact]]
//! name = "acme-api-key"
//! pattern = "acme_[0-9a-f]{32}"   # a regex; capture group 1 if it has one
//! keys = ["ACME_TOKEN"]           # and/or key names whose values are secret
//! ```
//!
//! Only the host's file may name hooks, which run for the whole team:
//!
//! ```toml
//! [escalation]
//! command = ["/usr/local/bin/page-oncall"]   # or: url = "https://..."
//! repeat = "10m"
//! [reminder]
//! every = "30m"                              # command or url optional
//! ```

mod target;

pub use target::{DbTarget, is_url, password_problem};

use crate::duration::Offset;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The incident database: an absolute path, or a `postgres://` URL
    /// (without a password).
    pub db: Option<PathBuf>,
    #[serde(default)]
    pub redact: Vec<RedactEntry>,
    /// How the console behaves for this responder (or host).
    #[serde(default)]
    pub console: ConsoleConfig,
    /// `[escalation]`: the hook run when a phase misses its deadline.
    /// Only the host's config may have it (see [`Layers::load`]).
    pub escalation: Option<EscalationConfig>,
    /// `[reminder]`: the commander's update reminder. Host only too.
    pub reminder: Option<ReminderConfig>,
    /// The two above, checked.
    #[serde(skip)]
    pub hooks: Hooks,
}

/// `[escalation]`: what runs when a phase misses its deadline, and how
/// often again while it stays missed.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationConfig {
    /// A program and its arguments, run without a shell.
    pub command: Option<Vec<String>>,
    /// Or a URL to POST a JSON body to.
    pub url: Option<String>,
    /// Run again this often while the phase stays missed and open.
    pub repeat: Option<String>,
}

/// `[reminder]`: remind the commander after `every` without a status
/// change or note; a hook is optional.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderConfig {
    pub every: String,
    pub command: Option<Vec<String>>,
    pub url: Option<String>,
}

/// Where a hook goes: a program (argv) or a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hook {
    Command(Vec<String>),
    Url(String),
}

impl std::fmt::Display for Hook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Hook::Command(argv) => write!(f, "command {}", argv.join(" ")),
            // A webhook URL often carries its token in the path: the host
            // is enough to say where it goes.
            Hook::Url(url) => {
                let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
                let host = rest.split(['/', '?', '#']).next().unwrap_or("");
                let host = host.rsplit('@').next().unwrap_or(host);
                let scheme = url.split_once("://").map_or("https", |(s, _)| s);
                write!(f, "POST {scheme}://{host}/…")
            }
        }
    }
}

/// The host's hooks, checked: what the watcher and every console run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hooks {
    /// The file they come from.
    pub file: PathBuf,
    /// The escalation hook, and its repeat (`None`: once per phase).
    pub escalation: Option<(Hook, Option<Offset>)>,
    /// The reminder's period, and its hook if it has one.
    pub reminder: Option<(Offset, Option<Hook>)>,
}

impl Hooks {
    pub fn any(&self) -> bool {
        self.escalation.is_some() || self.reminder.is_some()
    }
}

/// `[console]`: a responder's own config wins over the host's.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsoleConfig {
    /// Ring the terminal bell when a phase misses its deadline.
    pub bell: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedactEntry {
    pub name: String,
    pub pattern: Option<String>,
    #[serde(default)]
    pub keys: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// `~/.config/warroom/config.toml` (or under `$XDG_CONFIG_HOME`).
pub fn user_config_path() -> Option<PathBuf> {
    crate::paths::config_dir().map(|d| d.join("config.toml"))
}

/// Reads a config file; a missing file is an empty configuration.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = match crate::paths::read_trusted(path, crate::paths::MAX_TEXT_FILE) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
            let (line, col) = {
                let ok = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let ok = std::str::from_utf8(ok).unwrap_or("");
                line_col(ok, ok.len())
            };
            ConfigError(format!("{}:{line}:{col}: not UTF-8 text", path.display()))
        })?,
        Err(crate::paths::ReadError::Missing) => return Ok(Config::default()),
        Err(crate::paths::ReadError::Refused(why)) => {
            return Err(ConfigError(format!("{}:1:1: {why}", path.display())));
        }
    };
    let mut config: Config = toml::from_str(&text).map_err(|e| {
        let (line, col) = e.span().map_or((1, 1), |s| line_col(&text, s.start));
        ConfigError(format!(
            "{}:{line}:{col}: {}",
            path.display(),
            e.message().trim().replace('\n', " ")
        ))
    })?;
    if let Some(db) = &config.db {
        let at = || {
            let (line, col) = text
                .find("db")
                .map_or((1, 1), |offset| line_col(&text, offset));
            format!("{}:{line}:{col}", path.display())
        };
        match DbTarget::of(db) {
            DbTarget::Postgres(url) => {
                if let Some(problem) = password_problem(&url) {
                    return Err(ConfigError(format!("{}: `db`: {problem}", at())));
                }
            }
            DbTarget::File(_) if !db.is_absolute() => {
                return Err(ConfigError(format!(
                    "{}: `db` must be an absolute path or a postgres:// URL, not `{}`",
                    at(),
                    db.display()
                )));
            }
            DbTarget::File(_) => {}
        }
    }
    for (i, rule) in config.redact.iter().enumerate() {
        let at = |what: &str| {
            let (line, col) = nth_field(&text, i, what).map_or((1, 1), |o| line_col(&text, o));
            format!("{}:{line}:{col}", path.display())
        };
        if let Some(p) = rule.pattern.as_deref() {
            if let Err(e) = regex::Regex::new(p) {
                let reason = e.to_string();
                let reason = reason.lines().last().unwrap_or("").trim().to_string();
                return Err(ConfigError(format!(
                    "{}: `pattern` of redact rule `{}` is not a valid regex: {reason}",
                    at("pattern"),
                    rule.name
                )));
            }
            if let Some(problem) = crate::redact::pattern_problem(p) {
                return Err(ConfigError(format!(
                    "{}: `pattern` of redact rule `{}` {problem}",
                    at("pattern"),
                    rule.name
                )));
            }
        }
        if rule.keys.iter().any(|k| k.trim().is_empty()) {
            return Err(ConfigError(format!(
                "{}: redact rule `{}` has an empty key, which would name every key",
                at("keys"),
                rule.name
            )));
        }
        for key in &rule.keys {
            if let Some(problem) = crate::redact::key_problem(key) {
                return Err(ConfigError(format!(
                    "{}: key `{}` of redact rule `{}` {problem}",
                    at("keys"),
                    key.escape_debug(),
                    rule.name
                )));
            }
        }
        if rule.pattern.is_none() && rule.keys.is_empty() {
            return Err(ConfigError(format!(
                "{}: redact rule `{}` needs a `pattern` or `keys`",
                at("name"),
                rule.name
            )));
        }
    }
    config.hooks = hooks_of(path, &text, &config)?;
    Ok(config)
}

/// The `[escalation]` and `[reminder]` tables of a file, checked: exactly
/// one of `command` (an absolute program path, run without a shell) and
/// `url` (http or https), durations that parse.
fn hooks_of(path: &Path, text: &str, config: &Config) -> Result<Hooks, ConfigError> {
    let at = |table: &str, key: &str| {
        let start = text.find(&format!("[{table}]")).unwrap_or(0);
        let offset = text[start..]
            .find(key)
            .map_or(start, |o| start + o)
            .min(text.len());
        let (line, col) = line_col(text, offset);
        format!("{}:{line}:{col}", path.display())
    };
    let hook = |table: &str,
                command: &Option<Vec<String>>,
                url: &Option<String>,
                required: bool|
     -> Result<Option<Hook>, ConfigError> {
        match (command, url) {
            (Some(_), Some(_)) => Err(ConfigError(format!(
                "{}: `[{table}]` has both `command` and `url`; choose one",
                at(table, "url")
            ))),
            (None, None) if required => Err(ConfigError(format!(
                "{}: `[{table}]` needs a `command` (a program and its arguments) or a `url`",
                at(table, table)
            ))),
            (None, None) => Ok(None),
            (Some(argv), None) => {
                let program = argv.first().map(String::as_str).unwrap_or("");
                if !Path::new(program).is_absolute() {
                    return Err(ConfigError(format!(
                        "{}: `command` of `[{table}]` must start with an absolute program path (it runs without a shell or PATH), not `{program}`",
                        at(table, "command")
                    )));
                }
                Ok(Some(Hook::Command(argv.clone())))
            }
            (None, Some(url)) => {
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    return Err(ConfigError(format!(
                        "{}: `url` of `[{table}]` must be an http:// or https:// URL, not `{url}`",
                        at(table, "url")
                    )));
                }
                Ok(Some(Hook::Url(url.clone())))
            }
        }
    };
    let period = |table: &str, key: &str, text_value: &str| match Offset::parse(text_value) {
        Ok(o) if o.as_secs() > 0 => Ok(o),
        Ok(_) => Err(ConfigError(format!(
            "{}: `{key}` of `[{table}]` must be longer than zero",
            at(table, key)
        ))),
        Err(e) => Err(ConfigError(format!(
            "{}: `{key}` of `[{table}]`: {e}",
            at(table, key)
        ))),
    };
    let mut hooks = Hooks {
        file: path.to_path_buf(),
        ..Hooks::default()
    };
    if let Some(e) = &config.escalation {
        let h = hook("escalation", &e.command, &e.url, true)?.expect("required");
        let repeat = match &e.repeat {
            Some(r) => Some(period("escalation", "repeat", r)?),
            None => None,
        };
        hooks.escalation = Some((h, repeat));
    }
    if let Some(r) = &config.reminder {
        let every = period("reminder", "every", &r.every)?;
        hooks.reminder = Some((every, hook("reminder", &r.command, &r.url, false)?));
    }
    Ok(hooks)
}

/// The configuration files in force, most specific first.
pub struct Layers {
    pub user: Option<(PathBuf, Config)>,
    pub system: (PathBuf, Config),
}

impl Layers {
    /// Reads the user's and the host's files; missing ones are empty.
    pub fn load() -> Result<Layers, ConfigError> {
        let user = match user_config_path() {
            Some(p) => {
                let c = load(&p)?;
                refuse_hooks(&p, &c)?;
                Some((p, c))
            }
            None => None,
        };
        let system_path = crate::paths::system_config_path();
        let system = load(&system_path)?;
        if system.escalation.is_some() || system.reminder.is_some() {
            hooks_file_trusted(&system_path)?;
        }
        Ok(Layers {
            user,
            system: (system_path, system),
        })
    }

    /// The host's escalation and reminder hooks (checked when loaded).
    pub fn hooks(&self) -> Hooks {
        self.system.1.hooks.clone()
    }

    /// Every file's configuration, user first.
    pub fn all(&self) -> impl Iterator<Item = &Config> {
        self.user
            .iter()
            .map(|(_, c)| c)
            .chain(std::iter::once(&self.system.1))
    }
}

/// A responder's own config may not name hooks: any member writes theirs,
/// and a hook runs for the whole team (from every console and the
/// watcher). One line naming the file and the key.
fn refuse_hooks(path: &Path, config: &Config) -> Result<(), ConfigError> {
    let key = if config.escalation.is_some() {
        "escalation"
    } else if config.reminder.is_some() {
        "reminder"
    } else {
        return Ok(());
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let (line, col) = text
        .find(&format!("[{key}"))
        .map_or((1, 1), |o| line_col(&text, o));
    Err(ConfigError(format!(
        "{}:{line}:{col}: `[{key}]` is read only from the host's config ({}), never from your own: a hook runs for the whole team",
        path.display(),
        crate::paths::system_config_path().display()
    )))
}

/// A config that names hooks decides what runs, as every responder and
/// the watcher: beyond `read_trusted` (yours or root's, not writable by
/// every account), no group may write it either.
fn hooks_file_trusted(path: &Path) -> Result<(), ConfigError> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path)
        .map_err(|e| ConfigError(format!("{}:1:1: cannot read: {e}", path.display())))?;
    if meta.mode() & 0o022 != 0 {
        return Err(ConfigError(format!(
            "{}:1:1: names escalation or reminder hooks but is writable by its group (mode {:04o}): run `chmod go-w` on it",
            path.display(),
            meta.mode() & 0o7777
        )));
    }
    Ok(())
}

/// Why this database: the first of `--db`, `WARROOM_DB`, the user's
/// config, the host's config, the per-user default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbOrigin {
    Flag,
    Env,
    UserConfig(PathBuf),
    SystemConfig(PathBuf),
    Default,
}

impl std::fmt::Display for DbOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbOrigin::Flag => f.write_str("from --db"),
            DbOrigin::Env => f.write_str("from WARROOM_DB"),
            DbOrigin::UserConfig(p) => write!(f, "from `db` in {}", p.display()),
            DbOrigin::SystemConfig(p) => write!(f, "from `db` in {}", p.display()),
            DbOrigin::Default => {
                f.write_str("the per-user default: no --db, WARROOM_DB or `db` in a config file")
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbChoice {
    pub path: PathBuf,
    pub origin: DbOrigin,
}

impl DbChoice {
    /// A file or a server.
    pub fn target(&self) -> DbTarget {
        DbTarget::of(&self.path)
    }

    /// Someone chose this database; if it cannot be opened, that is an
    /// error, never a reason to use a private one instead.
    pub fn configured(&self) -> bool {
        self.origin != DbOrigin::Default
    }
}

/// Picks the database, first found wins. `None`: no choice and no home
/// directory to put a default in.
pub fn resolve_db(flag: Option<&Path>, layers: &Layers) -> Option<DbChoice> {
    let choose = |path: PathBuf, origin| Some(DbChoice { path, origin });
    if let Some(p) = flag {
        return choose(p.to_path_buf(), DbOrigin::Flag);
    }
    if let Some(p) = std::env::var_os("WARROOM_DB").filter(|v| !v.is_empty()) {
        return choose(PathBuf::from(p), DbOrigin::Env);
    }
    if let Some((file, Config { db: Some(p), .. })) = &layers.user {
        return choose(p.clone(), DbOrigin::UserConfig(file.clone()));
    }
    if let (file, Config { db: Some(p), .. }) = &layers.system {
        return choose(p.clone(), DbOrigin::SystemConfig(file.clone()));
    }
    let dir = crate::paths::data_dir()?;
    choose(dir.join("warroom.db"), DbOrigin::Default)
}

/// Where `field` of the `i`-th `[[redact]]` table is written (the table's
/// header when it has no such field).
fn nth_field(text: &str, i: usize, field: &str) -> Option<usize> {
    let table = text.match_indices("[[redact]]").nth(i)?.0;
    let next = text[table + 1..]
        .find("[[")
        .map_or(text.len(), |n| table + 1 + n);
    Some(text[table..next].find(field).map_or(table, |p| table + p))
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rules_and_refuses_unknown_keys_with_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.toml");
        std::fs::write(
            &good,
            "[[redact]]\nname = \"acme\"\npattern = \"acme_[0-9]{4}\"\n",
        )
        .unwrap();
        assert_eq!(load(&good).unwrap().redact[0].name, "acme");
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "[[redact]]\nname = \"acme\"\npatern = \"x\"\n").unwrap();
        let err = load(&bad).unwrap_err().0;
        assert!(
            err.starts_with(&format!("{}:3:1: unknown field `patern`", bad.display())),
            "{err}"
        );
        assert!(
            load(&dir.path().join("missing.toml"))
                .unwrap()
                .redact
                .is_empty()
        );
    }

    #[test]
    fn db_is_an_absolute_path_or_a_url_without_a_password() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        let read = |text: &str| {
            std::fs::write(&file, text).unwrap();
            load(&file)
        };
        assert!(read("db = \"postgres://alice@db1/warroom\"\n").is_ok());
        let err = read("\ndb = \"postgres://alice:pw@db1/warroom\"\n")
            .unwrap_err()
            .0;
        assert!(
            err.starts_with(&format!("{}:2:1: `db`: ", file.display()))
                && err.contains("PGPASSFILE"),
            "{err}"
        );
        assert!(!err.contains("pw@"), "{err}");
        let err = read("db = \"warroom.db\"\n").unwrap_err().0;
        assert!(err.contains("absolute path or a postgres:// URL"), "{err}");
    }

    #[test]
    fn hooks_need_one_target_an_absolute_program_and_durations() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        let err = |text: &str| {
            std::fs::write(&file, text).unwrap();
            load(&file).unwrap_err().0
        };
        assert!(
            err("[escalation]\ncommand = [\"/bin/true\"]\nurl = \"https://x\"\n")
                .contains("has both `command` and `url`")
        );
        assert!(err("[escalation]\nrepeat = \"10m\"\n").contains("needs a `command`"));
        assert!(err("[escalation]\ncommand = [\"page\"]\n").contains("absolute program path"));
        assert!(err("[escalation]\ncommand = []\n").contains("absolute program path"));
        assert!(err("[reminder]\nevery = \"0s\"\n").contains("longer than zero"));
        assert!(err("[reminder]\nevery = \"soon\"\n").contains(":2:1: `every` of `[reminder]`"));
        assert!(
            err("[reminder]\nevery = \"5m\"\nurl = \"ftp://x\"\n").contains("http:// or https://")
        );
        std::fs::write(
            &file,
            "[escalation]\nurl = \"https://user:pw@hooks.example.com/T0/SECRET?x=1\"\n[reminder]\nevery = \"30m\"\n",
        )
        .unwrap();
        let hooks = load(&file).unwrap().hooks;
        let (hook, repeat) = hooks.escalation.unwrap();
        assert_eq!(repeat, None);
        assert_eq!(hook.to_string(), "POST https://hooks.example.com/…");
        assert_eq!(hooks.reminder, Some((Offset::from_secs(1800), None)));
    }
}
