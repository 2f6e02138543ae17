//! `warroom team init`: an admin sets up one incident database that every
//! responder on the host shares, and `warroom doctor`: which database,
//! config files and playbooks are in force, and why.

use super::Failure;
use super::output::emit;
use crate::app::Context;
use crate::config::{Config, Layers};
use crate::paths::write_atomically;
use crate::store::{Store, access};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

/// Mode of a team directory: group members read and write, nobody else
/// enters, and setgid so every file made in it belongs to the group.
const TEAM_DIR_MODE: u32 = 0o2770;

pub const DEFAULT_DIR: &str = "/var/lib/warroom";
pub const DEFAULT_GROUP: &str = "warroom";

/// Sets up (or checks) the shared directory, database and system config.
/// Every step is idempotent; a second run changes nothing and says so.
pub fn init(dir: &Path, group: &str) -> Result<(), Failure> {
    if !dir.is_absolute() {
        return Err(Failure::Bad(format!(
            "--dir must be an absolute path (it goes into the system config), not `{}`",
            dir.display()
        )));
    }
    let gid = crate::paths::group_id(group).ok_or_else(|| {
        Failure::Bad(format!(
            "group `{group}` does not exist: create it (`groupadd {group}`) and add the responders (`usermod -aG {group} alice`), or name an existing group with --group"
        ))
    })?;
    let mut changes = Vec::new();
    team_dir(dir, group, gid, &mut changes)?;
    let db = dir.join("warroom.db");
    team_db(&db, group, gid, &mut changes)?;
    let config = crate::paths::system_config_path();
    let config_done = system_config(&config, &db, &mut changes)?;
    let mut out = String::new();
    if changes.is_empty() {
        out.push_str(&format!(
            "nothing to change: {} (group {group}, mode 2770), {} and {} are already set up\n",
            dir.display(),
            db.display(),
            config.display()
        ));
    } else {
        for c in &changes {
            out.push_str(c);
            out.push('\n');
        }
    }
    match config_done {
        Ok(()) => {
            out.push_str(&format!(
                "members of group {group} now share {}; each can check with `warroom doctor`\n",
                db.display()
            ));
            emit(&out)
        }
        Err(lines) => {
            out.push_str(&lines);
            emit(&out)?;
            Err(Failure::Quiet(1))
        }
    }
}

fn team_dir(dir: &Path, group: &str, gid: u32, changes: &mut Vec<String>) -> Result<(), Failure> {
    let fail = |what: &str, e: std::io::Error| {
        Failure::Bad(format!("cannot {what} {}: {e}", dir.display()))
    };
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => {
            return Err(Failure::Bad(format!(
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

fn team_db(db: &Path, group: &str, gid: u32, changes: &mut Vec<String>) -> Result<(), Failure> {
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
                    Failure::Bad(format!(
                        "cannot change the group of {}: {e}",
                        file.display()
                    ))
                })?;
                fixed.push(format!("group is now {group}"));
            }
            if meta.mode() & 0o777 != 0o660 {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o660)).map_err(
                    |e| Failure::Bad(format!("cannot change the mode of {}: {e}", file.display())),
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
) -> Result<Result<(), String>, Failure> {
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
        let config: Config = crate::config::load(path).map_err(|e| Failure::Bad(e.0))?;
        match &config.db {
            Some(p) if p == db => return Ok(Ok(())),
            Some(other) => {
                return Err(Failure::Refused(format!(
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
    match write_atomically(path, text.as_bytes(), 0o644) {
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

/// What `doctor` found wrong, if anything.
pub fn doctor(ctx: &Context) -> Result<(), Failure> {
    let layers = Layers::load().map_err(|e| Failure::Bad(e.0))?;
    let mut out = String::new();
    let mut problem = None;
    match crate::config::resolve_db(ctx.db.as_deref(), &layers) {
        Some(choice) => {
            out.push_str(&format!("database   {}\n", choice.path.display()));
            out.push_str(&format!("  why      {}\n", choice.origin));
            let dir = access::directory(&choice.path);
            let shared = access::mode_for(&dir).group.is_some();
            out.push_str(&format!(
                "  kind     {}\n",
                if shared {
                    "shared: its directory is setgid, files are 0660 for the group"
                } else {
                    "private: files are 0600"
                }
            ));
            match std::fs::metadata(&choice.path) {
                Ok(m) => out.push_str(&format!("  file     {}\n", describe_file(&m))),
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => out
                    .push_str("  file     cannot be seen from your account (permission denied)\n"),
                Err(_) if !choice.configured() => {
                    out.push_str("  file     not created yet (made on first use)\n")
                }
                Err(_) => out.push_str("  file     does not exist yet\n"),
            }
            let usable = if choice.configured() || dir.exists() {
                access::check(&choice.path)
            } else {
                Ok(())
            };
            match usable {
                Ok(()) => out.push_str("  access   ok: you can read and write it\n"),
                Err(reason) => {
                    out.push_str(&format!("  access   NO: {reason}\n"));
                    problem = Some(format!("database {}: {reason}", choice.path.display()));
                }
            }
        }
        None => {
            out.push_str("database   none: no --db, WARROOM_DB, config `db`, or home directory\n");
            problem = Some("no database: pass --db PATH".into());
        }
    }
    out.push_str("config\n");
    let user = layers
        .user
        .as_ref()
        .map(|(p, c)| (p.clone(), c, "user"))
        .into_iter();
    let system = std::iter::once((layers.system.0.clone(), &layers.system.1, "system"));
    for (path, config, which) in user.chain(system) {
        let state = if !path.exists() {
            "not found".to_string()
        } else {
            let mut parts = Vec::new();
            if let Some(db) = &config.db {
                parts.push(format!("db = {}", db.display()));
            }
            if !config.redact.is_empty() {
                parts.push(format!("{} redact rules", config.redact.len()));
            }
            if parts.is_empty() {
                "found, empty".into()
            } else {
                parts.join(", ")
            }
        };
        out.push_str(&format!("  {which:<8} {} ({state})\n", path.display()));
    }
    out.push_str("playbooks\n");
    out.push_str(&format!(
        "  bundled  {} playbooks\n",
        crate::playbook::bundled_files().len()
    ));
    // Every place looked in, found or not (`playbook_dirs` keeps only the
    // ones in use).
    let user = crate::paths::user_playbooks_dir();
    for d in user.iter().chain(&ctx.extra_playbook_dir()) {
        let state = if d.is_dir() { "in use" } else { "not found" };
        out.push_str(&format!("  dir      {} ({state})\n", d.display()));
    }
    let actor = ctx.actor();
    out.push_str(&format!(
        "you        {actor} (account {} from your uid; events record it)\n",
        actor.account
    ));
    emit(&out)?;
    match problem {
        Some(p) => Err(Failure::Bad(p)),
        None => Ok(()),
    }
}

fn describe_file(m: &std::fs::Metadata) -> String {
    let owner = crate::paths::user_name(m.uid()).unwrap_or_else(|| m.uid().to_string());
    let group = crate::paths::group_name(m.gid()).unwrap_or_else(|| m.gid().to_string());
    format!(
        "mode {:04o}, owner {owner}, group {group}",
        m.mode() & 0o7777
    )
}
