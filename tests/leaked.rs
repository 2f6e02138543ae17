//! `warroom leaked`: a leaked value registered once is scrubbed everywhere,
//! and only its fingerprint is stored.

mod common;

use common::Sandbox;

#[test]
fn a_registered_value_is_scrubbed_from_notes_redact_and_never_stored() {
    let sb = Sandbox::new();
    let db = sb.path().join("w.db");
    let cmd = || {
        let mut c = sb.cmd();
        c.env("WARROOM_DB", &db);
        c
    };
    cmd()
        .args(["declare", "token-compromise"])
        .assert()
        .success()
        .stdout("INC-1\n");
    let secret = "corp-internal-pw-Zx81";
    cmd()
        .args(["leaked", "INC-1"])
        .write_stdin(format!("{secret}\n"))
        .assert()
        .success()
        .stdout(
            "INC-1: a value of 21 characters will be scrubbed from logs, notes and exports (event 2)\n",
        );
    cmd()
        .arg("redact")
        .write_stdin(format!("login with {secret} ok\n"))
        .assert()
        .success()
        .stdout("login with [REDACTED:literal] ok\n");
    cmd()
        .args(["note", "INC-1", &format!("they used {secret}!")])
        .assert()
        .success();
    cmd().args(["verify", "INC-1"]).assert().success();
    for file in ["w.db", "w.db-wal"] {
        if let Ok(bytes) = std::fs::read(sb.path().join(file)) {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{file} holds the value"
            );
        }
    }
    cmd()
        .args(["leaked", "INC-1"])
        .write_stdin("abc\n")
        .assert()
        .code(2);
    cmd()
        .args(["leaked", "INC-9"])
        .write_stdin(format!("{secret}\n"))
        .assert()
        .code(2);
}
