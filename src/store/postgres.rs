//! The PostgreSQL store (issue 20): groundwork only, behind the
//! `postgres` cargo feature, off by default. No client crate yet: this
//! holds the schema the plan in `docs/STORE.md` describes and telling a
//! server URL from a file path. The store itself, implementing
//! [`super::IncidentStore`], comes next.

/// The schema's first version, created by `warroom store migrate --db URL`
/// as the admin role. `at` and `payload` are text, hashed byte for byte
/// (jsonb would reorder keys); the trigger makes the database itself
/// refuse any change to the record, for every role. Run inside the
/// `warroom` schema (`CREATE SCHEMA IF NOT EXISTS warroom; SET LOCAL
/// search_path = warroom`), in the migration's transaction.
pub const SCHEMA_V1: &str = r#"
CREATE TABLE warroom_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE incident_ids (id bigint PRIMARY KEY, at text NOT NULL);
CREATE TABLE events (
    incident  bigint NOT NULL,
    seq       bigint NOT NULL CHECK (seq >= 1),
    at        text   NOT NULL,
    actor     text   NOT NULL,
    account   text   NOT NULL DEFAULT '',
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
INSERT INTO warroom_meta (key, value) VALUES ('schema_version', '1');
"#;

/// What `store migrate` grants the responder role after each migration:
/// append and read the record, move heads, keep presence; never change or
/// remove an event.
pub const GRANTS: &str = "
REVOKE ALL ON ALL TABLES IN SCHEMA warroom FROM PUBLIC;
GRANT USAGE ON SCHEMA warroom TO warroom_responder;
GRANT SELECT, INSERT ON events, incident_ids, playbook_sources, literals, warroom_meta
    TO warroom_responder;
GRANT SELECT, INSERT, UPDATE ON heads TO warroom_responder;
GRANT SELECT, INSERT, UPDATE, DELETE ON presence TO warroom_responder;
";

/// Whether a `--db` / `WARROOM_DB` / config `db` value names a PostgreSQL
/// server rather than a file: it starts with `postgres://` or
/// `postgresql://` (any case). Anything else, including a relative path
/// named `postgres:`, is a file.
pub fn is_url(db: &str) -> bool {
    let lower = db.get(..13).unwrap_or(db).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// Why a server URL must not be used as given: a password in it would sit
/// in shell history, `ps` and config files. `None` when it has none (the
/// client reads `PGPASSFILE` or `~/.pgpass`).
pub fn password_problem(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let userinfo = authority.rsplit_once('@')?.0;
    let has_password = userinfo.contains(':');
    let in_query = rest
        .split_once('?')
        .is_some_and(|(_, q)| q.split('&').any(|kv| kv.starts_with("password=")));
    (has_password || in_query).then(|| {
        "the database URL carries a password; remove it and put it in PGPASSFILE or ~/.pgpass"
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_urls_are_told_from_paths() {
        for url in [
            "postgres://alice@db1/warroom",
            "postgresql://db1:5433/warroom?sslmode=require",
            "POSTGRES:///warroom?host=/run/postgresql",
        ] {
            assert!(is_url(url), "{url}");
        }
        for path in [
            "/srv/warroom/warroom.db",
            "warroom.db",
            "postgres:/x",
            "./postgres://x",
            "",
        ] {
            assert!(!is_url(path), "{path}");
        }
    }

    #[test]
    fn a_password_in_the_url_is_refused() {
        assert!(password_problem("postgres://alice:s3cret@db1/warroom").is_some());
        assert!(password_problem("postgres://alice@db1/warroom?password=x").is_some());
        assert!(password_problem("postgres://alice@db1/warroom").is_none());
        assert!(password_problem("postgres:///warroom?host=/run/postgresql").is_none());
    }

    #[test]
    fn the_schema_refuses_changes_to_the_record() {
        assert!(SCHEMA_V1.contains("PRIMARY KEY (incident, seq)"));
        assert!(SCHEMA_V1.contains("BEFORE UPDATE OR DELETE ON events"));
        assert!(!GRANTS.contains("UPDATE, DELETE ON events"));
    }
}
