//! `warroom store migrate`: the store's schema, created or brought up to
//! date by whoever administers it.

use super::Failure;
use super::output::emit;
use crate::app::Context;
use crate::config::DbTarget;
use clap::Subcommand;

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
}

pub fn run(ctx: &Context, cmd: StoreCommand) -> Result<(), Failure> {
    match cmd {
        StoreCommand::Migrate => migrate(ctx),
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
