//! Where warroom looks for its files (XDG base directories on Linux).

use std::path::PathBuf;

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "warroom")
}

/// `~/.config/warroom` (or `$XDG_CONFIG_HOME/warroom`).
pub fn config_dir() -> Option<PathBuf> {
    project().map(|p| p.config_dir().to_path_buf())
}

/// The user's own playbooks: `~/.config/warroom/playbooks`.
pub fn user_playbooks_dir() -> Option<PathBuf> {
    config_dir().map(|d| d.join("playbooks"))
}

/// `~/.local/share/warroom` (or `$XDG_DATA_HOME/warroom`).
pub fn data_dir() -> Option<PathBuf> {
    project().map(|p| p.data_dir().to_path_buf())
}

/// The operating-system account running this process, from its uid (not
/// from `$USER`, which anyone can set).
pub fn os_account() -> Option<String> {
    // SAFETY: getuid has no preconditions.
    let uid = unsafe { libc::getuid() };
    Some(user_name(uid).unwrap_or_else(|| format!("uid{uid}")))
}

/// An account's name from its uid.
pub fn user_name(uid: u32) -> Option<String> {
    let mut buf = vec![0 as libc::c_char; 16 * 1024];
    // SAFETY: getpwuid_r writes only into `pwd` and `buf` and returns
    // pointers into them; both outlive every use below.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        Some(
            std::ffi::CStr::from_ptr(pwd.pw_name)
                .to_string_lossy()
                .into_owned(),
        )
    }
}

/// Where the console writes its own diagnostics: `~/.local/state/warroom`
/// (never the terminal it is drawing on).
pub fn state_dir() -> Option<PathBuf> {
    project().map(|p| {
        p.state_dir()
            .map_or_else(|| p.data_dir().to_path_buf(), |d| d.to_path_buf())
    })
}

/// The system-wide configuration file: `/etc/warroom/config.toml`, or the
/// path in `WARROOM_SYSTEM_CONFIG` (for tests and unusual hosts).
pub fn system_config_path() -> PathBuf {
    std::env::var_os("WARROOM_SYSTEM_CONFIG")
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from("/etc/warroom/config.toml"), PathBuf::from)
}

/// A group's name from its id (`None` when the system does not know it).
pub fn group_name(gid: u32) -> Option<String> {
    let mut buf = vec![0 as libc::c_char; 16 * 1024];
    // SAFETY: getgrgid_r writes only into `grp` and `buf`, which outlive
    // every use of the pointers it returns.
    unsafe {
        let mut grp: libc::group = std::mem::zeroed();
        let mut result: *mut libc::group = std::ptr::null_mut();
        let rc = libc::getgrgid_r(gid, &mut grp, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc != 0 || result.is_null() || grp.gr_name.is_null() {
            return None;
        }
        Some(
            std::ffi::CStr::from_ptr(grp.gr_name)
                .to_string_lossy()
                .into_owned(),
        )
    }
}

/// A group's id from its name.
pub fn group_id(name: &str) -> Option<u32> {
    let cname = std::ffi::CString::new(name).ok()?;
    let mut buf = vec![0 as libc::c_char; 16 * 1024];
    // SAFETY: as in `group_name`; `cname` outlives the call.
    unsafe {
        let mut grp: libc::group = std::mem::zeroed();
        let mut result: *mut libc::group = std::ptr::null_mut();
        let rc = libc::getgrnam_r(
            cname.as_ptr(),
            &mut grp,
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        );
        if rc != 0 || result.is_null() {
            return None;
        }
        Some(grp.gr_gid)
    }
}

/// Whether this process holds `gid` (as its group or a supplementary one).
/// A responder added to a group only gets it at their next login.
pub fn in_group(gid: u32) -> bool {
    // SAFETY: getegid has no preconditions; getgroups writes at most
    // `len` entries into the buffer we size from its first answer.
    unsafe {
        if libc::getegid() == gid {
            return true;
        }
        let n = libc::getgroups(0, std::ptr::null_mut());
        if n <= 0 {
            return false;
        }
        let mut groups = vec![0 as libc::gid_t; n as usize];
        let n = libc::getgroups(n, groups.as_mut_ptr());
        n > 0 && groups[..n as usize].contains(&gid)
    }
}

/// Whether this process runs as root (who can read any file, so checks of
/// permissions mean little for it).
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Writes `bytes` to `path` with `mode` through a temporary file, fsync and
/// rename: a reader sees the old file or the new one, never half of one.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&tmp)?;
        // The umask may have taken bits the file needs (a config others
        // must read).
        f.set_permissions(std::fs::Permissions::from_mode(mode))?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // The rename is durable once the directory is.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A directory of this account's own state (`what` under [`state_dir`]),
/// created 0700 when missing. Records that vouch for this account (the
/// heads it wrote, the commands it allowed) live here, never in the shared
/// database, which every team member can write. Refused when it is a
/// symlink, not a directory, owned by another account, or open to others.
pub fn own_state_dir(what: &str) -> std::io::Result<PathBuf> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
    let base = state_dir()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no home directory"))?;
    let dir = base.join(what);
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)?;
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    let meta = std::fs::symlink_metadata(&dir)?;
    let refuse = |why: String| std::io::Error::new(std::io::ErrorKind::PermissionDenied, why);
    if !meta.file_type().is_dir() {
        return Err(refuse(format!(
            "{} is not a directory (a symlink?)",
            dir.display()
        )));
    }
    if meta.uid() != me {
        return Err(refuse(format!(
            "{} belongs to uid {}, not to you",
            dir.display(),
            meta.uid()
        )));
    }
    if meta.mode() & 0o077 != 0 {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(dir)
}
