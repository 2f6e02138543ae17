//! `warroom store migrate`: the store's schema, created or brought up to
//! date by whoever administers it. `warroom store copy FROM TO`: every
//! incident moved from one store to another, chains verified on both sides.

use super::Failure;
use super::output::emit;
use crate::app::Context;
use crate::config::DbTarget;
use crate::store::Store;
use crate::store::copy::{CopyStore, Outcome, copy_incident, prepare, short};
use clap::Subcommand;
use std::path::{Path, PathBuf};

#[derive(Subcommand, Debug)]
pub enum StoreCommand {
    /// Create or upgrade the schema of the store named by --db (or WARROOM_DB, or config `db`).
    ///
    /// On PostgreSQL, run it as the admin role (the owner of the warroom
    /// schema): it creates the tables, the triggers that keep the record
    /// append-only, and the grants that let the `warroom_responder` role
    /// append and read events but never change them. Responders need no
    /// DDL rights. A schema newer than this warroom is refused untouched.
    /// An SQLite file is migrated whenever it is opened; this does the same.
    Migrate,
    /// Copy every incident from one store to another: an SQLite file or a postgres:// URL on either side.
    ///
    /// Events are copied as stored, so their hashes do not change: each
    /// incident's chain is verified in FROM before and in TO after, and
    /// written in one transaction. Running it again is safe: an incident
    /// TO already has is skipped, one TO has only the start of is
    /// completed, and one with the same number but a different chain is
    /// refused (exit 1) with nothing written for it. Leaked values go with
    /// their incidents; their fingerprints need FROM's key, which TO takes
    /// only while it holds no incidents (else the copy is refused). Into
    /// PostgreSQL, run it as the admin role (the schema's owner): copied
    /// events keep the accounts that wrote them.
    Copy {
        /// The store to read: an SQLite file or postgres://user@host/db.
        from: PathBuf,
        /// The store to write: an SQLite file (created if absent) or postgres://user@host/db.
        to: PathBuf,
    },
}

pub fn run(ctx: &Context, cmd: StoreCommand) -> Result<(), Failure> {
    match cmd {
        StoreCommand::Migrate => migrate(ctx),
        StoreCommand::Copy { from, to } => copy(&from, &to),
    }
}

fn migrate(ctx: &Context) -> Result<(), Failure> {
    let choice = ctx.db_choice()?;
    match choice.target() {
        DbTarget::File(path) => {
            ctx.open_store()?;
            emit(&format!(
                "SQLite {}: schema {} (up to date)\n",
                path.display(),
                crate::store::SCHEMA_VERSION
            ))
        }
        DbTarget::Postgres(url) => migrate_server(&url, &choice.origin),
    }
}

#[cfg(feature = "postgres")]
fn migrate_server(url: &str, origin: &crate::config::DbOrigin) -> Result<(), Failure> {
    use crate::store::postgres::{PgStore, schema::RESPONDER_ROLE};
    let done = PgStore::migrate(url).map_err(|e| match e {
        crate::store::StoreError::Open { reason, .. } => {
            Failure::Bad(format!("database {url} ({origin}): {reason}"))
        }
        other => other.into(),
    })?;
    let what = if done.from == done.to {
        format!("schema {} (up to date)", done.to)
    } else if done.from == 0 {
        format!("schema {} created", done.to)
    } else {
        format!("schema {} upgraded to {}", done.from, done.to)
    };
    emit(&format!(
        "PostgreSQL {url}: {what}; {RESPONDER_ROLE} may append and read events, never change them\n"
    ))
}

#[cfg(not(feature = "postgres"))]
fn migrate_server(url: &str, origin: &crate::config::DbOrigin) -> Result<(), Failure> {
    Err(Failure::Bad(format!(
        "database {url} ({origin}): this warroom was built without PostgreSQL support (cargo feature `postgres`)"
    )))
}

/// Opens one side of a copy. The source file must exist and is only read;
/// the target file is created if absent.
fn open_side(value: &Path, writing: bool) -> Result<Box<dyn CopyStore>, Failure> {
    let target = DbTarget::of(value);
    match target {
        DbTarget::File(path) => {
            if !writing && !path.exists() {
                return Err(Failure::Bad(format!(
                    "{}: no such database",
                    path.display()
                )));
            }
            let store = if writing {
                Store::open(&path)
            } else {
                Store::open_read_only(&path)
            };
            Ok(Box::new(store?))
        }
        DbTarget::Postgres(url) => {
            if let Some(problem) = crate::config::password_problem(&url) {
                return Err(Failure::Bad(problem));
            }
            open_server_side(&url)
        }
    }
}

#[cfg(feature = "postgres")]
fn open_server_side(url: &str) -> Result<Box<dyn CopyStore>, Failure> {
    Ok(Box::new(crate::store::postgres::PgStore::open(url)?))
}

#[cfg(not(feature = "postgres"))]
fn open_server_side(url: &str) -> Result<Box<dyn CopyStore>, Failure> {
    Err(Failure::Bad(format!(
        "database {url}: this warroom was built without PostgreSQL support (cargo feature `postgres`)"
    )))
}

fn same_store(a: &Path, b: &Path) -> bool {
    match (DbTarget::of(a), DbTarget::of(b)) {
        (DbTarget::File(a), DbTarget::File(b)) => {
            a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
        }
        (DbTarget::Postgres(a), DbTarget::Postgres(b)) => a == b,
        _ => false,
    }
}

fn copy(from: &Path, to: &Path) -> Result<(), Failure> {
    if same_store(from, to) {
        return Err(Failure::Bad(format!(
            "FROM and TO are the same store ({}): nothing to copy",
            from.display()
        )));
    }
    let source = open_side(from, false)?;
    let mut target = open_side(to, true)?;
    prepare(source.as_ref(), target.as_mut())?;
    let (mut copied, mut there, mut refused) = (0, 0, 0);
    for id in source.known_ids()? {
        let line = match copy_incident(source.as_ref(), target.as_mut(), id) {
            Ok(Outcome::Copied {
                events,
                appended,
                head,
            }) => {
                copied += 1;
                let what = if appended == events {
                    format!("{events} events")
                } else {
                    format!("{appended} of {events} events")
                };
                format!("INC-{id}: copied ({what}, head {})", short(&head))
            }
            Ok(Outcome::AlreadyThere { events, head }) => {
                there += 1;
                format!(
                    "INC-{id}: already there ({events} events, head {})",
                    short(&head)
                )
            }
            Ok(Outcome::Refused(why)) => {
                refused += 1;
                format!("INC-{id}: refused: {why}")
            }
            Err(
                e @ (crate::store::StoreError::Refused(_)
                | crate::store::StoreError::Invalid(_)
                | crate::store::StoreError::Fold { .. }),
            ) => {
                refused += 1;
                format!("INC-{id}: refused: {e}")
            }
            Err(e) if e.is_busy() => {
                refused += 1;
                format!("INC-{id}: refused: {e}")
            }
            Err(e) => return Err(e.into()),
        };
        emit(&format!("{line}\n"))?;
    }
    emit(&format!(
        "{} to {}: {copied} copied, {there} already there, {refused} refused\n",
        from.display(),
        to.display()
    ))?;
    if refused > 0 {
        return Err(Failure::Quiet(1));
    }
    Ok(())
}
