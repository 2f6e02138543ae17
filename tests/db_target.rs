//! Choosing the store: a `postgres://` URL from `--db`, `WARROOM_DB` or
//! config `db` selects PostgreSQL; a password in it is refused in one line
//! that names where it came from and never repeats it (exit 2); `doctor`
//! says which store is in use and why.

mod common;

use common::Sandbox;

const WITH_PASSWORD: &str = "postgres://alice:s3cretpw@db1/warroom";

fn refused(out: std::process::Output, from: &str) {
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("PGPASSFILE or ~/.pgpass"), "{err}");
    assert!(err.contains(from), "{err}");
    assert!(!err.contains("s3cretpw"), "{err}");
}

#[test]
fn a_password_in_the_url_is_refused_naming_its_source() {
    let sb = Sandbox::new();
    refused(
        sb.cmd()
            .args(["--db", WITH_PASSWORD, "list"])
            .output()
            .unwrap(),
        "from --db",
    );
    refused(
        sb.cmd()
            .env("WARROOM_DB", WITH_PASSWORD)
            .arg("list")
            .output()
            .unwrap(),
        "from WARROOM_DB",
    );
    let config = sb.write(
        "config/warroom/config.toml",
        format!("db = \"{WITH_PASSWORD}\"\n"),
    );
    refused(
        sb.cmd().arg("doctor").output().unwrap(),
        &format!("{}:1:1", config.display()),
    );
}

#[test]
fn doctor_names_the_store_and_why() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    let out = sb
        .cmd()
        .args(["--db"])
        .arg(&db)
        .arg("doctor")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("  store    SQLite\n  why      from --db\n"),
        "{text}"
    );
}
