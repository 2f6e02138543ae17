//! Connecting to the server: the URL, the password from `PGPASSFILE` or
//! `~/.pgpass` (the client crate does not read it, libpq does), and TLS
//! through rustls when the URL asks for it (`sslmode=require`) or the
//! server offers it (`prefer`, the default).

use postgres::Client;
use postgres::config::{Config, Host};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

/// The Debian/libpq default socket directory, used when the URL names no
/// host (`postgres:///warroom`), as `psql` would.
const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";

/// Opens a connection; the error is one line for the responder.
pub fn connect(url: &str) -> Result<Client, String> {
    let config = config(url)?;
    config.connect(tls()?).map_err(|e| super::describe(&e))
}

/// A connection that stays open for hours, named so a DBA can tell it in
/// `pg_stat_activity`; keepalives let the kernel notice a dead link that
/// never said goodbye.
pub fn connect_named(url: &str, name: &str) -> Result<Client, String> {
    let mut config = config(url)?;
    config
        .application_name(name)
        .keepalives(true)
        .keepalives_idle(std::time::Duration::from_secs(30));
    config.connect(tls()?).map_err(|e| super::describe(&e))
}

/// The connection settings: the URL, plus what libpq would add (the OS
/// account as user, the local socket as host, the password file).
pub fn config(url: &str) -> Result<Config, String> {
    let mut config =
        Config::from_str(url).map_err(|e| format!("not a usable PostgreSQL URL: {e}"))?;
    if config.get_user().is_none_or(str::is_empty) {
        let account = crate::paths::os_account().ok_or("no user in the URL and no OS account")?;
        config.user(&account);
    }
    if config.get_hosts().is_empty() {
        config.host_path(DEFAULT_SOCKET_DIR);
    }
    if config.get_password().is_none()
        && let Some(password) = password_from_file(&config)
    {
        config.password(password);
    }
    config.application_name("warroom");
    config.connect_timeout(std::time::Duration::from_secs(10));
    Ok(config)
}

/// TLS through rustls with ring (already built for `ureq`): the roots in
/// `PGSSLROOTCERT` or `~/.postgresql/root.crt` when there are any (a
/// company CA), else the public web roots.
fn tls() -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    let mut roots = rustls::RootCertStore::empty();
    match root_cert_file() {
        Some(file) => {
            use rustls::pki_types::CertificateDer;
            use rustls::pki_types::pem::PemObject;
            let certs = CertificateDer::pem_file_iter(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            for cert in certs {
                let cert = cert.map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                roots
                    .add(cert)
                    .map_err(|e| format!("{}: {e}", file.display()))?;
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

fn root_cert_file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PGSSLROOTCERT").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let home = home()?;
    Some(home.join(".postgresql/root.crt")).filter(|p| p.is_file())
}

fn home() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf())
}

/// `PGPASSFILE`, else `~/.pgpass`.
fn password_file() -> Option<PathBuf> {
    std::env::var_os("PGPASSFILE")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| home().map(|h| h.join(".pgpass")))
}

/// The password for this connection from the password file, as libpq
/// finds it: the first line whose host, port, database and user match
/// (`*` matches anything). A file others can read is ignored, as libpq
/// does, so a password never comes from a file the team can see.
fn password_from_file(config: &Config) -> Option<String> {
    let file = password_file()?;
    let text = read_private(&file)?;
    let host = match config.get_hosts().first()? {
        Host::Tcp(name) => name.clone(),
        Host::Unix(dir) => unix_host_name(dir),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user()?;
    let db = config.get_dbname().unwrap_or(user);
    lookup(&text, [&host, &port, db, user])
}

/// libpq matches a socket connection to the default directory as
/// `localhost`, any other directory by its path.
fn unix_host_name(dir: &Path) -> String {
    if dir == Path::new(DEFAULT_SOCKET_DIR) || dir == Path::new("/run/postgresql") {
        "localhost".into()
    } else {
        dir.display().to_string()
    }
}

fn read_private(file: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(file).ok()?;
    if meta.mode() & 0o077 != 0 {
        tracing::warn!(file = %file.display(), "password file ignored: others can read it (chmod 0600)");
        return None;
    }
    std::fs::read_to_string(file).ok()
}

/// The password of the first line matching `[host, port, database, user]`.
fn lookup(text: &str, want: [&str; 4]) -> Option<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = split_fields(line);
            if fields.len() != 5 {
                return None;
            }
            let matches = fields[..4]
                .iter()
                .zip(want)
                .all(|(field, want)| field == "*" || field == want);
            matches.then(|| fields[4].clone())
        })
}

/// `host:port:db:user:password`, where `\:` and `\\` stand for themselves.
fn split_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut().expect("one field").extend(chars.next()),
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_file_is_read_as_libpq_reads_it() {
        let text = "# comment\n\
                    db1:5432:warroom:bob:bobs\n\
                    *:*:warroom:alice:a\\:b\\\\c\n\
                    localhost:5432:*:*:local\n";
        assert_eq!(
            lookup(text, ["db1", "5432", "warroom", "alice"]).as_deref(),
            Some("a:b\\c")
        );
        assert_eq!(
            lookup(text, ["db1", "5432", "warroom", "bob"]).as_deref(),
            Some("bobs")
        );
        assert_eq!(
            lookup(text, ["localhost", "5432", "other", "carol"]).as_deref(),
            Some("local")
        );
        assert_eq!(lookup(text, ["db2", "5432", "other", "carol"]), None);
    }

    #[test]
    fn a_url_without_user_or_host_gets_libpq_defaults() {
        let config = config("postgres:///warroom").unwrap();
        assert!(config.get_user().is_some());
        assert_eq!(
            config.get_hosts(),
            [Host::Unix(PathBuf::from(DEFAULT_SOCKET_DIR))]
        );
        assert!(super::config("postgres://db1:notaport/x").is_err());
    }
}
