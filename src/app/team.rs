//! `warroom team init`: an admin sets up one incident database that every
//! responder on the host shares.

use super::Error;
use crate::config::Config;
use crate::store::{Store, access};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Mode of a team directory: group members read and write, nobody else
/// enters, and setgid so every file made in it belongs to the group.
const TEAM_DIR_MODE: u32 = 0o2770;

pub const DEFAULT_DIR: &str = "/var/lib/warroom";
pub const DEFAULT_GROUP: &str = "warroom";

/// What `team init` did.
pub struct Setup {
    pub dir: PathBuf,
    pub db: PathBuf,
    pub config: PathBuf,
    pub group: String,
    /// What changed, one line each; empty when everything was in place.
    pub changes: Vec<String>,
    /// `Err(lines)`: the system config could not be written, and these
    /// are the lines an admin must add by hand.
    pub config_written: Result<(), String>,
}

/// Sets up (or checks) the shared directory, database and system config.
/// Every step is idempotent; a second run changes nothing and says so.
pub fn init(dir: &Path, group: &str) -> Result<Setup, Error> {
    if !dir.is_absolute() {
        return Err(Error::Bad(format!(
            "--dir must be an absolute path (it goes into the system config), not `{}`",
            dir.display()
        )));
    }
    let gid = crate::paths::group_id(group).ok_or_else(|| {
        Error::Bad(format!(
            "group `{group}` does not exist: create it (`groupadd {group}`) and add the responders (`usermod -aG {group} alice`), or name an existing group with --group"
        ))
    })?;
    let mut changes = Vec::new();
    team_dir(dir, group, gid, &mut changes)?;
    let db = dir.join("warroom.db");
    team_db(&db, group, gid, &mut changes)?;
    let config = crate::paths::system_config_path();
    let config_written = system_config(&config, &db, &mut changes)?;
    Ok(Setup {
        dir: dir.to_path_buf(),
        db,
        config,
        group: group.to_string(),
        changes,
        config_written,
    })
}

fn team_dir(dir: &Path, group: &str, gid: u32, changes: &mut Vec<String>) -> Result<(), Error> {
    let fail =
        |what: &str, e: std::io::Error| Error::Bad(format!("cannot {what} {}: {e}", dir.display()));
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => {
            return Err(Error::Bad(format!(
                "{} exists and is not a directory",
                dir.display()
            )));
        }
        Ok(_) => {}
        Err(_) => {
            std::fs::create_dir_all(dir).map_err(|e| fail("create", e))?;
            changes.push(format!("created {}", dir.display()));
        }
    }
    let meta = std::fs::metadata(dir).map_err(|e| fail("read", e))?;
    if meta.gid() != gid {
        std::os::unix::fs::chown(dir, None, Some(gid))
            .map_err(|e| fail("change the group of", e))?;
        changes.push(format!("{}: group is now {group}", dir.display()));
    }
    // After chown, which may clear the setgid bit.
    let meta = std::fs::metadata(dir).map_err(|e| fail("read", e))?;
    if meta.mode() & 0o7777 != TEAM_DIR_MODE {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(TEAM_DIR_MODE))
            .map_err(|e| fail("change the mode of", e))?;
        changes.push(format!(
            "{}: mode is now 2770 (was {:04o}; setgid: new files belong to {group})",
            dir.display(),
            meta.mode() & 0o7777
        ));
    }
    Ok(())
}

fn team_db(db: &Path, group: &str, gid: u32, changes: &mut Vec<String>) -> Result<(), Error> {
    let existed = db.exists();
    let before = if existed {
        crate::store::stored_version(db).ok()
    } else {
        None
    };
    // A database made before the team existed may be someone's private
    // 0600 file: hand it to the group first, so opening it works for all.
    if existed {
        for file in access::files(db) {
            let Ok(meta) = std::fs::metadata(&file) else {
                continue;
            };
            let mut fixed = Vec::new();
            if meta.gid() != gid {
                std::os::unix::fs::chown(&file, None, Some(gid)).map_err(|e| {
                    Error::Bad(format!(
                        "cannot change the group of {}: {e}",
                        file.display()
                    ))
                })?;
                fixed.push(format!("group is now {group}"));
            }
            if meta.mode() & 0o777 != 0o660 {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o660)).map_err(
                    |e| Error::Bad(format!("cannot change the mode of {}: {e}", file.display())),
                )?;
                fixed.push(format!(
                    "mode is now 0660 (was {:04o})",
                    meta.mode() & 0o777
                ));
            }
            if !fixed.is_empty() {
                changes.push(format!("{}: {}", file.display(), fixed.join(", ")));
            }
        }
    }
    let store = Store::open(db)?;
    drop(store);
    let now = crate::store::SCHEMA_VERSION;
    if !existed {
        changes.push(format!(
            "created {} (mode 0660, group {group}, schema {now})",
            db.display()
        ));
    } else if let Some(v) = before.filter(|v| *v < now) {
        changes.push(format!(
            "{}: schema upgraded from {v} to {now}",
            db.display()
        ));
    }
    Ok(())
}

/// Points the system config at the team database. `Ok(Err(lines))` when it
/// cannot be written: the lines an admin must add by hand.
fn system_config(
    path: &Path,
    db: &Path,
    changes: &mut Vec<String>,
) -> Result<Result<(), String>, Error> {
    let line = format!(
        "db = {}",
        toml::Value::String(db.to_string_lossy().into_owned())
    );
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Ok(Err(by_hand(path, &e.to_string(), &line)));
        }
    };
    if existing.is_some() {
        let config: Config = crate::config::load(path).map_err(|e| Error::Bad(e.0))?;
        match &config.db {
            Some(p) if p == db => return Ok(Ok(())),
            Some(other) => {
                return Err(Error::Refused(format!(
                    "{} already sets db = {}; to move the team, change that line to: {line}",
                    path.display(),
                    other.display()
                )));
            }
            None => {}
        }
    }
    // `db` is a top-level key: it goes before any `[[redact]]` table.
    let text = match &existing {
        Some(old) => format!("{line}\n{old}"),
        None => format!(
            "# The incident database every responder on this host shares\n# (written by `warroom team init`).\n{line}\n"
        ),
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.exists()
        && let Err(e) = std::fs::create_dir_all(parent)
    {
        return Ok(Err(by_hand(path, &e.to_string(), &line)));
    }
    // Responders read it: 0644, as /etc files are.
    match crate::paths::write_atomically(path, text.as_bytes(), 0o644) {
        Ok(()) => {
            changes.push(format!("{}: {line}", path.display()));
            Ok(Ok(()))
        }
        Err(e) => Ok(Err(by_hand(path, &e.to_string(), &line))),
    }
}

fn by_hand(path: &Path, why: &str, line: &str) -> String {
    format!(
        "cannot write {} ({why}); add this line at its top (run as root):\n\n{line}\n",
        path.display()
    )
}
