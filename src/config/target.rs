//! Which kind of store a `--db` / `WARROOM_DB` / config `db` value names:
//! a PostgreSQL server (`postgres://…`) or an SQLite file. Compiled with
//! or without the `postgres` feature, so a build without it can still say
//! why it cannot use a server.

use std::path::{Path, PathBuf};

/// Where the incidents live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbTarget {
    /// An SQLite file on this host.
    File(PathBuf),
    /// A PostgreSQL server, by its URL (never with a password in it).
    Postgres(String),
}

impl DbTarget {
    /// The target a configured value names.
    pub fn of(value: &Path) -> DbTarget {
        match value.to_str() {
            Some(text) if is_url(text) => DbTarget::Postgres(text.to_string()),
            _ => DbTarget::File(value.to_path_buf()),
        }
    }

    /// "SQLite" or "PostgreSQL", for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            DbTarget::File(_) => "SQLite",
            DbTarget::Postgres(_) => "PostgreSQL",
        }
    }
}

impl std::fmt::Display for DbTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbTarget::File(p) => write!(f, "{}", p.display()),
            DbTarget::Postgres(url) => f.write_str(url),
        }
    }
}

/// Whether a value names a PostgreSQL server rather than a file: it
/// starts with `postgres://` or `postgresql://` (any case). Anything
/// else, including a relative path named `postgres:`, is a file.
pub fn is_url(db: &str) -> bool {
    let lower = db.get(..13).unwrap_or(db).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// Why a server URL must not be used as given: a password in it would sit
/// in shell history, `ps` and config files. `None` when it has none (the
/// password then comes from `PGPASSFILE` or `~/.pgpass`).
pub fn password_problem(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let has_password = authority
        .rsplit_once('@')
        .is_some_and(|(userinfo, _)| userinfo.contains(':'));
    let in_query = rest.split_once('?').is_some_and(|(_, q)| {
        q.split('&')
            .any(|kv| kv.to_ascii_lowercase().starts_with("password="))
    });
    (has_password || in_query).then(|| {
        "the database URL carries a password; remove it and put the password in PGPASSFILE or ~/.pgpass".to_string()
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
            assert_eq!(DbTarget::of(Path::new(url)), DbTarget::Postgres(url.into()));
        }
        for path in [
            "/srv/warroom/warroom.db",
            "warroom.db",
            "postgres:/x",
            "./postgres://x",
            "",
        ] {
            assert!(!is_url(path), "{path}");
            assert_eq!(DbTarget::of(Path::new(path)), DbTarget::File(path.into()));
        }
    }

    #[test]
    fn a_password_in_the_url_is_refused() {
        assert!(password_problem("postgres://alice:s3cret@db1/warroom").is_some());
        assert!(password_problem("postgres://alice@db1/warroom?password=x").is_some());
        assert!(
            password_problem("postgres://alice@db1/warroom?sslmode=require&PASSWORD=x").is_some()
        );
        assert!(password_problem("postgres://alice@db1/warroom").is_none());
        assert!(password_problem("postgres://db1:5432/warroom").is_none());
        assert!(password_problem("postgres:///warroom?host=/run/postgresql").is_none());
    }
}
