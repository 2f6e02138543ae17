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

/// "permission denied" with the one thing the responder can do about it,
/// which depends on why: not in the file's group, a group without read
/// and write, or a file that is nobody's to share (root's or another
/// account's own group).
fn denied(path: &Path, meta: Option<&Metadata>, what: &str) -> String {
    let Some(meta) = meta else {
        return format!("{what}: permission denied");
    };
    let gid = meta.gid();
    let group = crate::paths::group_name(gid).unwrap_or_else(|| gid.to_string());
    let owner = account_name(meta.uid());
    let mode = meta.permissions().mode() & 0o7777;
    let me = crate::paths::os_account().unwrap_or_else(|| "YOU".into());
    let shown = path.display();
    // A group that exists for one account (root, or a user's own group)
    // is no team to join: the file must be handed to the team instead.
    let personal = gid == 0 || group == owner;
    let fix = if mode & 0o060 == 0 {
        format!(
            "{shown} is {owner}'s alone (mode {mode:04o}, group {group}): to share it, an admin runs `warroom team init` on its directory, or {owner} runs `chmod g+rw {shown}` if its group is the team's"
        )
    } else if personal {
        format!(
            "{shown} belongs to {owner}:{group} (mode {mode:04o}), not to a team group: an admin runs `warroom team init` on its directory to hand it to the team"
        )
    } else if !crate::paths::in_group(gid) {
        format!(
            "you ({me}) are not in its group `{group}`: ask an admin to run `usermod -aG {group} {me}`, then log in again"
        )
    } else if mode & 0o060 != 0o060 {
        format!(
            "{shown} is mode {mode:04o}, the group `{group}` needs read and write: ask {owner} or an admin to run `chmod g+rw {shown}`"
        )
    } else {
        format!("{shown} is mode {mode:04o}, owner {owner}, group `{group}`")
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
/// Another process creating it at the same moment is no failure: the file
/// is there either way, and `check_files` judged what is there.
pub fn create(path: &Path, mode: Mode) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode.bits)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
        Err(e) => return Err(e),
    };
    file.set_permissions(std::fs::Permissions::from_mode(mode.bits))?;
    if let Some(gid) = mode.group {
        std::os::unix::fs::fchown(&file, None, Some(gid))?;
    }
    Ok(())
}

/// Opens an existing file without following a link and without blocking
/// (a FIFO planted in its place would hang a plain open). `Ok(None)` when
/// there is nothing there.
pub fn open_no_follow(path: &Path) -> std::io::Result<Option<std::fs::File>> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC | libc::O_NOCTTY)
        .open(path)
    {
        Ok(f) => Ok(Some(f)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn account_name(uid: u32) -> String {
    crate::paths::user_name(uid).unwrap_or_else(|| format!("uid {uid}"))
}

/// Checks the database and its `-wal` and `-shm` as they are, without
/// following links: each that exists must be a regular file, owned by this
/// account, root or the directory's owner, and not world-writable.
///
/// A member of a team directory can plant entries there. A link named
/// `warroom.db-wal` would otherwise turn root's next open (and the mode
/// fixing after it) against the link's target; a database another account
/// made stays theirs to open to anyone with `chmod`.
pub fn check_files(path: &Path) -> Result<(), String> {
    let dir = directory(path);
    let dir_owner = std::fs::metadata(&dir).map(|m| m.uid()).ok();
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    for file in files(path) {
        let meta = match std::fs::symlink_metadata(&file) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("cannot inspect {}: {e}", file.display())),
        };
        let t = meta.file_type();
        if t.is_symlink() {
            let to = std::fs::read_link(&file)
                .map(|t| format!(" (to {})", t.display()))
                .unwrap_or_default();
            return Err(format!(
                "{} is a symbolic link{to}; warroom never opens its database through a link, which anyone who can write the directory may plant: remove it",
                file.display()
            ));
        }
        if !t.is_file() {
            return Err(format!(
                "{} is {}, not a database file",
                file.display(),
                crate::paths::kind_of(&t)
            ));
        }
        let owner = meta.uid();
        if owner != me && owner != 0 && Some(owner) != dir_owner {
            let dir_owner = dir_owner.map_or_else(|| "unknown".into(), account_name);
            return Err(format!(
                "{} belongs to {}, who is neither you, root nor the owner of {} ({dir_owner}); its owner can open it to anyone: an admin should check it and run `warroom team init`",
                file.display(),
                account_name(owner),
                dir.display()
            ));
        }
        if meta.mode() & 0o002 != 0 {
            return Err(format!(
                "{} is world-writable (mode {:04o}): anyone on this host could rewrite the record; its owner should run `chmod o-rwx {}`",
                file.display(),
                meta.mode() & 0o7777,
                file.display()
            ));
        }
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
///
/// Each entry is pinned with an `O_PATH` descriptor that does not follow a
/// link, so an entry swapped for a link after `check_files` changes nothing
/// but itself. `O_PATH` matters twice: closing an ordinary descriptor of
/// the database would drop every lock SQLite holds on it in this process.
pub fn settle(path: &Path, mode: Mode) {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    for file in files(path) {
        let Ok(c) = std::ffi::CString::new(file.as_os_str().as_bytes()) else {
            continue;
        };
        // SAFETY: `c` is NUL-terminated and outlives the call; a valid
        // descriptor returned is owned by `fd` alone.
        let fd = unsafe {
            let raw = libc::open(
                c.as_ptr(),
                libc::O_PATH | libc::O_NOFOLLOW | libc::O_CLOEXEC,
            );
            if raw < 0 {
                continue;
            }
            OwnedFd::from_raw_fd(raw)
        };
        // SAFETY: an all-zero stat is a valid value for fstat to overwrite.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: `fd` is open and `st` is writable for the call.
        if unsafe { libc::fstat(fd.as_raw_fd(), &mut st) } != 0
            || st.st_mode & libc::S_IFMT != libc::S_IFREG
            || st.st_uid != me
        {
            continue;
        }
        let old = st.st_mode & 0o777;
        let bits = if mode.group.is_some() {
            mode.bits
        } else {
            // A private database keeps its mode, minus anything the world
            // could use.
            old & 0o770
        };
        if bits != old {
            // chmod through the descriptor's /proc entry reaches exactly
            // the pinned file (fchmod refuses O_PATH descriptors).
            let via = format!("/proc/self/fd/{}", fd.as_raw_fd());
            let _ = std::fs::set_permissions(via, std::fs::Permissions::from_mode(bits));
        }
        if let Some(gid) = mode.group
            && st.st_gid != gid
        {
            // SAFETY: `fd` is open; AT_EMPTY_PATH makes the call act on it.
            unsafe {
                libc::fchownat(
                    fd.as_raw_fd(),
                    c"".as_ptr(),
                    u32::MAX,
                    gid,
                    libc::AT_EMPTY_PATH,
                );
            }
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
