//! `warroom team init`: an admin sets up one incident database that every
//! responder on the host shares.

use super::Error;
use crate::config::Config;
use crate::store::{Store, access};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Mode of a team directory: group members read and write, nobody else
/// enters; setgid, so every file made in it belongs to the group; sticky,
/// so a member can neither delete nor replace a file that is not theirs
/// (the database and its companions are the directory owner's).
const TEAM_DIR_MODE: u32 = 0o3770;

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
    // The directory's owner owns the database; an owner outside the team
    // (someone who made the directory earlier) could do anything with it.
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me && meta.uid() != 0 && !crate::paths::account_in_group(meta.uid(), gid) {
        let was = crate::paths::user_name(meta.uid()).unwrap_or_else(|| meta.uid().to_string());
        std::os::unix::fs::chown(dir, Some(me), None).map_err(|e| fail("take over", e))?;
        changes.push(format!(
            "{}: owner is now {} (was {was}, who is not in {group})",
            dir.display(),
            crate::paths::os_account().unwrap_or_else(|| me.to_string())
        ));
    }
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
            "{}: mode is now 3770 (was {:04o}; setgid: new files belong to {group}; sticky: members cannot replace the database's files)",
            dir.display(),
            meta.mode() & 0o7777
        ));
    }
    Ok(())
}

fn team_db(db: &Path, group: &str, gid: u32, changes: &mut Vec<String>) -> Result<(), Error> {
    let dir = access::directory(db);
    let owner = std::fs::metadata(&dir)
        .map(|m| m.uid())
        .map_err(|e| Error::Bad(format!("cannot read {}: {e}", dir.display())))?;
    // Settle every file before SQLite opens any: a planted link or another
    // account's file is refused here, and a member's (from before the
    // team existed) is handed to the directory's owner.
    for file in access::files(db) {
        take_over(&file, owner, gid, group, changes)?;
    }
    let existed = db.exists();
    let before = if existed {
        crate::store::stored_version(db).ok()
    } else {
        None
    };
    // Opening creates the database, `-wal` and `-shm` as this account (the
    // directory's owner when root runs it), and keeps them: the store
    // persists the WAL in a team directory.
    let store = Store::open(db)?;
    drop(store);
    for file in access::files(db) {
        take_over(&file, owner, gid, group, changes)?;
    }
    let now = crate::store::SCHEMA_VERSION;
    if !existed {
        changes.push(format!(
            "created {} and its -wal and -shm (mode 0660, group {group}, schema {now})",
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

/// Makes one of the database's files the directory owner's, 0660 and the
/// team's group, through a descriptor opened without following a link. A
/// link, a non-file, or a file of an account outside the group is refused:
/// it was planted, and what it holds cannot be trusted.
fn take_over(
    file: &Path,
    owner: u32,
    gid: u32,
    group: &str,
    changes: &mut Vec<String>,
) -> Result<(), Error> {
    let refuse =
        |why: String| Error::Refused(format!("{}: {why}; nothing was changed", file.display()));
    let meta = match std::fs::symlink_metadata(file) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(refuse(e.to_string())),
    };
    if meta.file_type().is_symlink() {
        let to = std::fs::read_link(file)
            .map(|t| format!(" to {}", t.display()))
            .unwrap_or_default();
        return Err(refuse(format!(
            "a symbolic link{to}, which a member may have planted: remove it and run `team init` again"
        )));
    }
    if !meta.file_type().is_file() {
        return Err(refuse(
            "not a regular file: remove it and run `team init` again".into(),
        ));
    }
    let uid = meta.uid();
    if uid != owner && uid != 0 && !crate::paths::account_in_group(uid, gid) {
        let who = crate::paths::user_name(uid).unwrap_or_else(|| uid.to_string());
        return Err(refuse(format!(
            "made by {who}, who is not in {group}: move it away (it may hold anything) and run `team init` again"
        )));
    }
    let Some(f) = access::open_no_follow(file).map_err(|e| refuse(e.to_string()))? else {
        return Ok(());
    };
    let meta = f.metadata().map_err(|e| refuse(e.to_string()))?;
    if !meta.file_type().is_file() {
        return Err(refuse("replaced while being checked".into()));
    }
    let mut fixed = Vec::new();
    if meta.uid() != owner || meta.gid() != gid {
        std::os::unix::fs::fchown(&f, Some(owner), Some(gid))
            .map_err(|e| refuse(format!("cannot change its owner: {e}")))?;
        if meta.uid() != owner {
            let was = crate::paths::user_name(meta.uid()).unwrap_or_else(|| meta.uid().to_string());
            fixed.push(format!("owner was {was}"));
        }
        if meta.gid() != gid {
            fixed.push(format!("group is now {group}"));
        }
    }
    if meta.mode() & 0o7777 != 0o660 {
        f.set_permissions(std::fs::Permissions::from_mode(0o660))
            .map_err(|e| refuse(format!("cannot change its mode: {e}")))?;
        fixed.push(format!(
            "mode is now 0660 (was {:04o})",
            meta.mode() & 0o7777
        ));
    }
    if !fixed.is_empty() {
        changes.push(format!("{}: {}", file.display(), fixed.join(", ")));
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
    let existing = match crate::paths::read_capped(path, crate::paths::MAX_TEXT_FILE) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(crate::paths::ReadError::Missing) => None,
        Err(crate::paths::ReadError::Refused(why)) => {
            return Ok(Err(by_hand(path, &why, &line)));
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
