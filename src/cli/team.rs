//! `warroom team init` and `warroom doctor`, in lines.

use super::Failure;
use super::output::emit;
use crate::app::doctor::{Database, Diagnosis, FileState};
use crate::app::{self, Context};
use std::path::Path;

pub const DEFAULT_DIR: &str = "/var/lib/warroom";
pub const DEFAULT_GROUP: &str = "warroom";

/// `warroom team init`: what changed (or that nothing had to), and the
/// lines to add by hand when the system config cannot be written (exit 1).
pub fn init(dir: &Path, group: &str) -> Result<(), Failure> {
    let setup = app::team::init(dir, group)?;
    let mut out = String::new();
    if setup.changes.is_empty() {
        out.push_str(&format!(
            "nothing to change: {} (group {}, mode 2770), {} and {} are already set up\n",
            setup.dir.display(),
            setup.group,
            setup.db.display(),
            setup.config.display()
        ));
    } else {
        for c in &setup.changes {
            out.push_str(c);
            out.push('\n');
        }
    }
    match setup.config_written {
        Ok(()) => {
            out.push_str(&format!(
                "members of group {} now share {}; each can check with `warroom doctor`\n",
                setup.group,
                setup.db.display()
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

/// `warroom doctor`: what is in force and why, in lines; exit 2 when this
/// account cannot use the database.
pub fn doctor(ctx: &Context) -> Result<(), Failure> {
    let d = ctx.diagnose()?;
    emit(&render_diagnosis(&d))?;
    match d.problem() {
        Some(p) => Err(Failure::Bad(p)),
        None => Ok(()),
    }
}

/// Which escalation and reminder hooks run, and from which file: only the
/// host's config may name them.
fn hooks(h: &crate::config::Hooks) -> String {
    let from = format!("from {}", h.file.display());
    let escalation = match &h.escalation {
        Some((hook, Some(repeat))) => format!("{hook}, again every {repeat} ({from})"),
        Some((hook, None)) => format!("{hook}, once per missed phase ({from})"),
        None => format!(
            "none (only {} may define [escalation])",
            crate::paths::system_config_path().display()
        ),
    };
    let reminder = match &h.reminder {
        Some((every, Some(hook))) => format!("after {every} without an update, {hook} ({from})"),
        Some((every, None)) => {
            format!("after {every} without an update, on the timeline only ({from})")
        }
        None => format!(
            "none (only {} may define [reminder])",
            crate::paths::system_config_path().display()
        ),
    };
    format!("hooks\n  escalation {escalation}\n  reminder   {reminder}\n")
}

/// What the database is, from the file's own mode when it exists (a
/// file is never called private when its group or the world can use it),
/// else from what its directory will make of it.
fn kind(db: &Database) -> String {
    match &db.file {
        FileState::Present { mode, owner, group } => {
            if mode & 0o007 != 0 {
                format!(
                    "OPEN TO EVERY ACCOUNT on this host (mode {mode:04o}): it should be 0660 or 0600"
                )
            } else if mode & 0o070 != 0 {
                format!("shared with the group {group} (mode {mode:04o})")
            } else {
                format!("private to {owner} (mode {mode:04o})")
            }
        }
        _ if db.shared => {
            "shared: its directory is setgid, files will be 0660 for the group".into()
        }
        _ => "private: files will be 0600".into(),
    }
}

fn render_diagnosis(d: &Diagnosis) -> String {
    let mut out = String::new();
    match &d.database {
        Some(db) => {
            out.push_str(&format!("database   {}\n", db.choice.path.display()));
            out.push_str(&format!("  store    {}\n", db.choice.target().kind()));
            out.push_str(&format!("  why      {}\n", db.choice.origin));
            if let Some(about) = &db.server {
                out.push_str(&format!("  server   {about}\n"));
            }
            if !matches!(db.file, FileState::Server) {
                out.push_str(&format!("  kind     {}\n", kind(db)));
            }
            out.push_str(
                match &db.file {
                    FileState::Present { mode, owner, group } => {
                        format!("  file     mode {mode:04o}, owner {owner}, group {group}\n")
                    }
                    FileState::Hidden => {
                        "  file     cannot be seen from your account (permission denied)\n".into()
                    }
                    FileState::Missing {
                        made_on_first_use: true,
                    } => "  file     not created yet (made on first use)\n".into(),
                    FileState::Missing { .. } => "  file     does not exist yet\n".into(),
                    FileState::Server => String::new(),
                }
                .as_str(),
            );
            match &db.access {
                Ok(()) => out.push_str("  access   ok: you can read and write it\n"),
                Err(reason) => out.push_str(&format!("  access   NO: {reason}\n")),
            }
        }
        None => {
            out.push_str("database   none: no --db, WARROOM_DB, config `db`, or home directory\n")
        }
    }
    out.push_str("config\n");
    for c in &d.configs {
        let state = if !c.found {
            "not found".to_string()
        } else {
            let mut parts = Vec::new();
            if let Some(db) = &c.db {
                parts.push(format!("db = {}", db.display()));
            }
            if c.redact_rules > 0 {
                parts.push(format!("{} redact rules", c.redact_rules));
            }
            if parts.is_empty() {
                "found, empty".into()
            } else {
                parts.join(", ")
            }
        };
        out.push_str(&format!(
            "  {:<8} {} ({state})\n",
            c.which,
            c.path.display()
        ));
    }
    out.push_str(&hooks(&d.hooks));
    out.push_str("playbooks\n");
    out.push_str(&format!("  bundled  {} playbooks\n", d.bundled));
    for (dir, found) in &d.playbook_dirs {
        let state = if *found { "in use" } else { "not found" };
        out.push_str(&format!("  dir      {} ({state})\n", dir.display()));
    }
    out.push_str(&format!(
        "you        {} (account {} from your uid; events record it)\n",
        d.actor, d.actor.account
    ));
    out
}
