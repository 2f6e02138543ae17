//! Who may open the database file, and with which mode it is made.
//!
//! A database in a setgid directory is a team's: it and its `-wal` and
//! `-shm` files are 0660 and belong to the directory's group, whatever the
//! umask of whoever happened to create them. Anywhere else it is private,
//! 0600. Never world-readable or world-writable.
//!
//! Opening checks access first, so a responder who cannot use the team's
//! database is told which file, why, and which group to join — instead of
//! a bare "unable to open database file".

use std::fs::Metadata;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The mode a database file gets in its directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mode {
    pub bits: u32,
    /// The group of a shared (setgid) directory.
    pub group: Option<u32>,
}

const SETGID: u32 = 0o2000;

/// The directory holding `path` (`.` for a bare file name).
pub fn directory(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// 0660 and the directory's group in a setgid directory, else 0600.
pub fn mode_for(dir: &Path) -> Mode {
    match std::fs::metadata(dir) {
        Ok(m) if m.mode() & SETGID != 0 => Mode {
            bits: 0o660,
            group: Some(m.gid()),
        },
        _ => Mode {
            bits: 0o600,
            group: None,
        },
    }
}

/// Whether this process may do `what` (`libc::R_OK` and friends) to `path`:
/// `Err` carries the errno's kind.
fn may(path: &Path, what: libc::c_int) -> Result<(), std::io::Error> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    // SAFETY: `c` is a valid NUL-terminated string for the whole call.
    if unsafe { libc::access(c.as_ptr(), what) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Checks that the database at `path` can be opened for writing (or
/// created), and says in words why not.
pub fn check(path: &Path) -> Result<(), String> {
    let dir = directory(path);
    match std::fs::metadata(&dir) {
        Ok(m) if !m.is_dir() => return Err(format!("{} is not a directory", dir.display())),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!("its directory {} does not exist", dir.display()));
        }
        Err(_) => {
            return Err(format!(
                "cannot reach its directory {}: permission denied",
                dir.display()
            ));
        }
    }
    if may(&dir, libc::X_OK).is_err() {
        let meta = std::fs::metadata(&dir).ok();
        return Err(denied(&dir, meta.as_ref(), "cannot enter its directory"));
    }
    match std::fs::metadata(path) {
        Ok(meta) => {
            if let Err(e) = may(path, libc::R_OK | libc::W_OK) {
                return Err(refusal(path, &meta, &e, "cannot read and write it"));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.to_string()),
    }
    // SQLite keeps `-wal` and `-shm` files beside the database, so the
    // directory must be writable even when the file already is.
    if let Err(e) = may(&dir, libc::W_OK) {
        let meta = std::fs::metadata(&dir).ok();
        return Err(match meta {
            Some(m) => refusal(
                &dir,
                &m,
                &e,
                "cannot create files in its directory (needed for the -wal and -shm files)",
            ),
            None => e.to_string(),
        });
    }
    Ok(())
}

fn refusal(path: &Path, meta: &Metadata, e: &std::io::Error, what: &str) -> String {
    if e.raw_os_error() == Some(libc::EROFS) {
        return "the file system is read-only".into();
    }
    denied(path, Some(meta), what)
}

/// "permission denied" with the one thing the responder can do about it.
fn denied(path: &Path, meta: Option<&Metadata>, what: &str) -> String {
    let Some(meta) = meta else {
        return format!("{what}: permission denied");
    };
    let gid = meta.gid();
    let group = crate::paths::group_name(gid).unwrap_or_else(|| gid.to_string());
    let mode = meta.permissions().mode() & 0o7777;
    let me = crate::paths::os_account().unwrap_or_else(|| "YOU".into());
    let fix = if !crate::paths::in_group(gid) {
        format!(
            "you ({me}) are not in its group `{group}`: ask an admin to run `usermod -aG {group} {me}`, then log in again"
        )
    } else if mode & 0o060 != 0o060 {
        format!(
            "{} is mode {mode:04o}, the group `{group}` needs read and write: ask an admin to run `chmod g+rw {}`",
            path.display(),
            path.display()
        )
    } else {
        format!("{} is mode {mode:04o}, group `{group}`", path.display())
    };
    format!("{what}: permission denied; {fix}")
}

/// For a team database, while it is being opened: lets the group read and
/// write what this process creates (the world still gets nothing). SQLite
/// deletes `-wal` and `-shm` when the last connection closes, and the next
/// responder's process recreates them when it opens the database; under a
/// 022 umask they would be 0640 for a moment, and a teammate opening them
/// then would silently get a read-only database. The old umask comes back
/// when the guard drops, so exports and configs keep their own modes.
pub struct SharedUmask(libc::mode_t);

impl SharedUmask {
    pub fn set() -> SharedUmask {
        // SAFETY: umask only swaps the process's file-creation mask.
        let old = unsafe { libc::umask(0o007) };
        // SAFETY: as above.
        unsafe { libc::umask((old & !0o070) | 0o007) };
        SharedUmask(old)
    }
}

impl Drop for SharedUmask {
    fn drop(&mut self) {
        // SAFETY: as above.
        unsafe { libc::umask(self.0) };
    }
}

/// Creates an empty database file with exactly `mode`, whatever the umask.
pub fn create(path: &Path, mode: Mode) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode.bits)
        .open(path)?;
    file.set_permissions(std::fs::Permissions::from_mode(mode.bits))?;
    if let Some(gid) = mode.group {
        std::os::unix::fs::fchown(&file, None, Some(gid))?;
    }
    Ok(())
}

/// The database and the `-wal` and `-shm` files SQLite keeps beside it.
pub fn files(path: &Path) -> [PathBuf; 3] {
    ["", "-wal", "-shm"].map(|suffix| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// After opening: the database and the `-wal`/`-shm` files we own get the
/// directory's mode and group (SQLite copies the database's mode to them,
/// but a restrictive umask or an older private file can leave them
/// unreadable to the team). Files owned by others are left alone; they
/// were settled by their owner.
pub fn settle(path: &Path, mode: Mode) {
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    for file in files(path) {
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        if meta.uid() != me {
            continue;
        }
        let old = meta.mode() & 0o777;
        let bits = if mode.group.is_some() {
            mode.bits
        } else {
            // A private database keeps its mode, minus anything the world
            // could use.
            old & 0o770
        };
        if bits != old {
            let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(bits));
        }
        if let Some(gid) = mode.group
            && meta.gid() != gid
        {
            let _ = std::os::unix::fs::chown(&file, None, Some(gid));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_directory_is_private_and_a_setgid_one_is_shared() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            mode_for(dir.path()),
            Mode {
                bits: 0o600,
                group: None
            }
        );
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o2770)).unwrap();
        let gid = std::fs::metadata(dir.path()).unwrap().gid();
        assert_eq!(
            mode_for(dir.path()),
            Mode {
                bits: 0o660,
                group: Some(gid)
            }
        );
    }

    #[test]
    fn a_missing_directory_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("nope/warroom.db");
        let err = check(&db).unwrap_err();
        assert_eq!(
            err,
            format!(
                "its directory {} does not exist",
                dir.path().join("nope").display()
            )
        );
    }

    #[test]
    fn creation_ignores_the_umask() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        create(
            &db,
            Mode {
                bits: 0o660,
                group: None,
            },
        )
        .unwrap();
        assert_eq!(std::fs::metadata(&db).unwrap().mode() & 0o777, 0o660);
    }
}
