//! The PostgreSQL schema: versioned migrations in `warroom_meta`, run only
//! by `warroom store migrate` as the admin role, and the grants that let
//! the responder role append and read but never change the record.

use postgres::{Client, GenericClient, Transaction};

/// The schema (namespace) every table lives in; set as the `search_path`
/// of every connection.
pub const NAMESPACE: &str = "warroom";

/// The role responders are members of (`GRANT warroom_responder TO
/// alice`); created by the DBA, granted to by `store migrate`.
pub const RESPONDER_ROLE: &str = "warroom_responder";

/// Each entry moves the schema up one version, in the migration's
/// transaction. `at` and `payload` are text, hashed byte for byte (jsonb
/// would reorder keys); the triggers make the database itself refuse any
/// change to the record, for every role, and refuse an event claiming an
/// account other than the one connected (except for the schema's owner,
/// who copies whole histories with `store copy`).
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE warroom_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE incident_ids (id bigint PRIMARY KEY, at text NOT NULL);
CREATE TABLE events (
    incident  bigint NOT NULL,
    seq       bigint NOT NULL CHECK (seq >= 1),
    at        text   NOT NULL,
    actor     text   NOT NULL,
    account   text   NOT NULL,
    kind      text   NOT NULL,
    payload   text   NOT NULL,
    prev_hash text   NOT NULL,
    hash      text   NOT NULL,
    PRIMARY KEY (incident, seq)
);
CREATE INDEX events_by_kind ON events (kind, incident, seq);
CREATE TABLE heads (
    incident bigint PRIMARY KEY,
    seq      bigint NOT NULL,
    hash     text   NOT NULL
);
CREATE TABLE playbook_sources (sha256 text PRIMARY KEY, source text NOT NULL);
CREATE TABLE literals (
    print    text PRIMARY KEY,
    incident bigint,
    at       text NOT NULL,
    actor    text NOT NULL
);
CREATE UNLOGGED TABLE presence (
    session  text PRIMARY KEY,
    incident bigint NOT NULL,
    account  text NOT NULL,
    name     text NOT NULL,
    step     text,
    host     text NOT NULL,
    pid      integer NOT NULL,
    seen_ms  bigint NOT NULL
);
CREATE INDEX presence_by_incident ON presence (incident, seen_ms);

CREATE FUNCTION warroom_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'warroom: % on % is refused: the record is append-only',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION warroom_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION warroom_append_only();
CREATE TRIGGER incident_ids_append_only BEFORE UPDATE OR DELETE ON incident_ids
    FOR EACH ROW EXECUTE FUNCTION warroom_append_only();
CREATE TRIGGER literals_append_only BEFORE UPDATE OR DELETE ON literals
    FOR EACH ROW EXECUTE FUNCTION warroom_append_only();
CREATE TRIGGER playbook_sources_append_only BEFORE UPDATE OR DELETE ON playbook_sources
    FOR EACH ROW EXECUTE FUNCTION warroom_append_only();

CREATE FUNCTION warroom_own_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.account IS DISTINCT FROM session_user::text AND NOT EXISTS (
        SELECT 1 FROM pg_namespace n
        WHERE n.nspname = TG_TABLE_SCHEMA
          AND pg_has_role(session_user, n.nspowner, 'MEMBER')) THEN
        RAISE EXCEPTION 'warroom: an event by account % cannot be written as %',
            NEW.account, session_user USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER events_own_account BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION warroom_own_account();
"#];

/// The newest schema this binary knows.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// What `store migrate` grants the responder role after each migration:
/// append and read the record, move heads, keep presence; never change or
/// remove an event.
const GRANTS: &str = "
REVOKE ALL ON SCHEMA warroom FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA warroom FROM PUBLIC;
GRANT USAGE ON SCHEMA warroom TO warroom_responder;
GRANT SELECT, INSERT ON events, incident_ids, playbook_sources, literals
    TO warroom_responder;
GRANT SELECT ON warroom_meta TO warroom_responder;
GRANT SELECT, INSERT, UPDATE ON heads TO warroom_responder;
GRANT SELECT, INSERT, UPDATE, DELETE ON presence TO warroom_responder;
";

/// The schema version the server holds; 0 when there is no warroom schema
/// yet. Reads only.
pub fn stored_version(client: &mut impl GenericClient) -> Result<u32, postgres::Error> {
    let exists: bool = client
        .query_typed_one(
            "SELECT to_regclass('warroom.warroom_meta') IS NOT NULL",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let row = client.query_typed_opt(
        "SELECT value FROM warroom.warroom_meta WHERE key = 'schema_version'",
        &[],
    )?;
    Ok(row
        .and_then(|r| r.get::<_, String>(0).parse().ok())
        .unwrap_or(0))
}

/// What `store migrate` did.
#[derive(Debug, PartialEq, Eq)]
pub struct Migrated {
    pub from: u32,
    pub to: u32,
}

/// Why a migration did not run (nothing was changed).
#[derive(Debug)]
pub enum MigrateError {
    /// The server's schema is newer than this binary's.
    Newer(u32),
    /// The responder role to grant to does not exist.
    NoResponderRole,
    Db(postgres::Error),
}

impl From<postgres::Error> for MigrateError {
    fn from(e: postgres::Error) -> Self {
        MigrateError::Db(e)
    }
}

/// Creates or upgrades the schema and re-applies the grants, in one
/// transaction, one migrator at a time. `literal_key` makes the store's
/// leaked-value key when it has none.
pub fn migrate(client: &mut Client, literal_key: &str) -> Result<Migrated, MigrateError> {
    let mut tx = client.transaction()?;
    tx.batch_execute("SELECT pg_advisory_xact_lock(hashtext('warroom_migrate'))")?;
    // Read before anything writes: a newer schema is refused untouched.
    let from = stored_version(&mut tx)?;
    if from > SCHEMA_VERSION {
        return Err(MigrateError::Newer(from));
    }
    let role: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
            &[&RESPONDER_ROLE],
        )?
        .get(0);
    if !role {
        return Err(MigrateError::NoResponderRole);
    }
    tx.batch_execute("CREATE SCHEMA IF NOT EXISTS warroom; SET LOCAL search_path = warroom")?;
    for step in &MIGRATIONS[from as usize..] {
        tx.batch_execute(step)?;
    }
    set_version(&mut tx, SCHEMA_VERSION)?;
    tx.execute(
        "INSERT INTO warroom_meta (key, value) VALUES ('literal_key', $1) ON CONFLICT (key) DO NOTHING",
        &[&literal_key],
    )?;
    tx.batch_execute(GRANTS)?;
    tx.commit()?;
    Ok(Migrated {
        from,
        to: SCHEMA_VERSION,
    })
}

fn set_version(tx: &mut Transaction, version: u32) -> Result<(), postgres::Error> {
    tx.execute(
        "INSERT INTO warroom_meta (key, value) VALUES ('schema_version', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&version.to_string()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_refuses_changes_to_the_record() {
        let v1 = MIGRATIONS[0];
        assert!(v1.contains("PRIMARY KEY (incident, seq)"));
        assert!(v1.contains("BEFORE UPDATE OR DELETE ON events"));
        assert!(v1.contains("BEFORE INSERT ON events"));
        assert!(!GRANTS.contains("UPDATE, DELETE ON events"));
        assert!(
            !GRANTS.contains("ON warroom_meta TO") || !GRANTS.contains("INSERT ON warroom_meta")
        );
    }
}
