//! The Debian package `scripts/build-deb` makes, checked as an admin
//! would before installing it: what `dpkg-deb -c` and `-I` list (paths,
//! conffile, dependencies, maintainer scripts), what the files say once
//! extracted (a config warroom itself reads and that sets no database, a
//! unit `systemd-analyze verify` accepts, scripts that enable or start
//! nothing), and that nothing in it is a database.
//!
//! The package is `WARROOM_DEB`, else the newest
//! `<target>/debian/warroom_<version>-*.deb`. Without one the tests say so
//! and pass, unless `WARROOM_REQUIRE_PACKAGING=1` (CI builds the package
//! first and sets it).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn required() -> bool {
    std::env::var_os("WARROOM_REQUIRE_PACKAGING").is_some_and(|v| v == "1")
}

/// The target directory this test binary was built in.
fn target_dir() -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_warroom"));
    bin.parent().and_then(Path::parent).unwrap().to_path_buf()
}

fn find_deb() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("WARROOM_DEB") {
        return Some(PathBuf::from(p));
    }
    let prefix = format!("warroom_{}-", env!("CARGO_PKG_VERSION"));
    let dir = target_dir().join("debian");
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&prefix) && name.ends_with(".deb")
        })
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
        .map(|e| e.path())
}

fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The package, or `None` (after saying why) when this run may skip.
fn package() -> Option<PathBuf> {
    let why = if !have("dpkg-deb") {
        "dpkg-deb is not installed".to_string()
    } else {
        match find_deb() {
            Some(deb) if deb.is_file() => return Some(deb),
            Some(deb) => format!("{} does not exist", deb.display()),
            None => format!(
                "no package in {}/debian: run scripts/build-deb",
                target_dir().display()
            ),
        }
    };
    assert!(!required(), "WARROOM_REQUIRE_PACKAGING=1 but {why}");
    eprintln!("skipped: {why}");
    None
}

fn run(program: &str, args: &[&str], deb: &Path) -> String {
    let out = Command::new(program).args(args).arg(deb).output().unwrap();
    assert!(out.status.success(), "{program} {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The package's paths as `dpkg-deb -c` lists them, without the leading
/// `.` (`/usr/bin/warroom`).
fn contents(deb: &Path) -> Vec<String> {
    run("dpkg-deb", &["-c"], deb)
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .map(|p| p.trim_start_matches('.').to_string())
        .collect()
}

/// The package's files, extracted into a fresh directory.
fn extract(deb: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("dpkg-deb")
        .arg("-x")
        .arg(deb)
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    dir
}

#[test]
fn the_package_holds_the_binary_pages_completions_config_unit_and_docs() {
    let Some(deb) = package() else { return };
    let paths = contents(&deb);
    for expected in [
        "/usr/bin/warroom",
        "/usr/share/man/man1/warroom.1.gz",
        "/usr/share/man/man1/warroom-status.1.gz",
        "/usr/share/man/man1/warroom-watch.1.gz",
        "/usr/share/man/man1/warroom-playbooks-show.1.gz",
        "/usr/share/man/man5/warroom-playbook.5.gz",
        "/usr/share/bash-completion/completions/warroom",
        "/usr/share/zsh/vendor-completions/_warroom",
        "/usr/share/fish/vendor_completions.d/warroom.fish",
        "/etc/warroom/config.toml",
        "/usr/lib/systemd/system/warroom-watch.service",
        "/usr/share/doc/warroom/README.md",
        "/usr/share/doc/warroom/copyright",
    ] {
        assert!(paths.iter().any(|p| p == expected), "{expected}: {paths:?}");
    }
    // Installing makes no database: none is shipped, nothing goes to
    // /var, and no page or script is left uncompressed in man/.
    for p in &paths {
        assert!(!p.ends_with(".db") && !p.starts_with("/var"), "{p}");
        if p.starts_with("/usr/share/man/") && !p.ends_with('/') {
            assert!(p.ends_with(".gz"), "{p}");
        }
    }
    let bin = paths
        .iter()
        .filter(|p| p.starts_with("/usr/bin/") && !p.ends_with('/'))
        .count();
    assert_eq!(bin, 1, "{paths:?}");
}

#[test]
fn the_control_data_names_conffile_dependencies_and_scripts() {
    let Some(deb) = package() else { return };
    let info = run("dpkg-deb", &["-I"], &deb);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.trim_start().strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no {name} in:\n{info}"))
            .to_string()
    };
    assert_eq!(field("Package"), "warroom");
    assert!(
        field("Version").starts_with(&format!("{}-", env!("CARGO_PKG_VERSION"))),
        "{info}"
    );
    let depends = field("Depends");
    assert!(depends.contains("libc6"), "{depends}");
    assert!(depends.contains("adduser"), "{depends}");
    // `1473 bytes,    42 lines   *  postinst   #!/bin/sh`: the control
    // archive's members.
    for member in ["postinst", "prerm", "postrm", "conffiles"] {
        assert!(
            info.lines()
                .any(|l| l.contains(" bytes,") && l.split_whitespace().any(|w| w == member)),
            "{member} missing from:\n{info}"
        );
    }
    let control = tempfile::tempdir().unwrap();
    let out = Command::new("dpkg-deb")
        .arg("-e")
        .arg(&deb)
        .arg(control.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let listed = std::fs::read_to_string(control.path().join("conffiles")).unwrap();
    assert_eq!(
        listed.lines().collect::<Vec<_>>(),
        ["/etc/warroom/config.toml"]
    );
    scripts_enable_and_start_nothing(control.path());
}

/// The maintainer scripts parse, make the account, and never enable or
/// start the watcher: `team init` comes first, and it is the admin's.
fn scripts_enable_and_start_nothing(control: &Path) {
    for name in ["postinst", "prerm", "postrm"] {
        let script = control.join(name);
        let out = Command::new("sh").arg("-n").arg(&script).output().unwrap();
        assert!(out.status.success(), "{name}: {out:?}");
        let text = std::fs::read_to_string(&script).unwrap();
        for line in text.lines().map(str::trim).filter(|l| !l.starts_with('#')) {
            for verb in ["enable", " start ", "restart ", "reload-or"] {
                let allowed = line.contains("try-restart") || line.contains("disable");
                assert!(allowed || !line.contains(verb), "{name}: {line}");
            }
            assert!(!line.contains("team init"), "{name}: {line}");
        }
    }
    let postinst = std::fs::read_to_string(control.join("postinst")).unwrap();
    assert!(postinst.contains("adduser --system"), "{postinst}");
}

#[test]
fn the_packaged_config_is_read_by_warroom_and_sets_no_database() {
    let Some(deb) = package() else { return };
    let root = extract(&deb);
    let path = root.path().join("etc/warroom/config.toml");
    let config = warroom::config::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(config.db.is_none());
    assert!(config.redact.is_empty());
    assert!(!config.hooks.any());
    // It is there to be read: commented, and saying how a db gets set.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("warroom team init"), "{text}");
    // As the host's config, warroom falls back to the per-user default.
    let sandbox = common::Sandbox::new();
    let out = sandbox
        .cmd()
        .arg("doctor")
        .env("WARROOM_SYSTEM_CONFIG", &path)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("per-user default"), "{out:?}");
}

#[test]
fn the_packaged_completion_script_is_the_binarys_own() {
    let Some(deb) = package() else { return };
    let root = extract(&deb);
    let packaged = std::fs::read_to_string(
        root.path()
            .join("usr/share/bash-completion/completions/warroom"),
    )
    .unwrap();
    let out = common::Sandbox::new()
        .cmd()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert_eq!(packaged, String::from_utf8(out.stdout).unwrap());
}

#[test]
fn the_unit_runs_the_watcher_as_warroom_hardened_and_verifies() {
    let Some(deb) = package() else { return };
    let root = extract(&deb);
    let unit_path = root
        .path()
        .join("usr/lib/systemd/system/warroom-watch.service");
    let unit = std::fs::read_to_string(&unit_path).unwrap();
    let has_line = |l: &str| unit.lines().any(|u| u.trim() == l);
    for line in [
        "ExecStart=/usr/bin/warroom watch",
        "User=warroom",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=-/var/lib/warroom",
        "StateDirectory=warroom-watch",
        "KillMode=mixed",
        "WantedBy=multi-user.target",
    ] {
        assert!(has_line(line), "{line} missing:\n{unit}");
    }
    // The binary the unit names is the one the package installs.
    assert!(root.path().join("usr/bin/warroom").is_file());
    if !have("systemd-analyze") {
        assert!(!required(), "systemd-analyze is not installed");
        eprintln!("skipped systemd-analyze verify: not installed");
        return;
    }
    verify_unit(root.path());
}

/// `systemd-analyze verify` on the packaged unit. The binary it names is
/// the extracted package's (the test host has none in /usr/bin), so the
/// copy verified differs from the packaged file in that path alone; its
/// Documentation= pages are looked up in the package's man directory.
/// verify exits 0 even for an unknown key or a bad value, so anything it
/// says about the unit is a failure too.
fn verify_unit(root: &Path) {
    let packaged =
        std::fs::read_to_string(root.join("usr/lib/systemd/system/warroom-watch.service")).unwrap();
    let binary = root.join("usr/bin/warroom");
    let copy = packaged.replace("/usr/bin/warroom", binary.to_str().unwrap());
    assert_ne!(copy, packaged);
    let dir = tempfile::tempdir().unwrap();
    let unit = dir.path().join("warroom-watch.service");
    std::fs::write(&unit, copy).unwrap();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&unit)
        .env("MANPATH", root.join("usr/share/man"))
        .env("SYSTEMD_LOG_COLOR", "0")
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "systemd-analyze verify: {said}");
    let about_ours: Vec<&str> = said.lines().filter(|l| l.contains("warroom")).collect();
    assert!(about_ours.is_empty(), "{about_ours:?}");
}
