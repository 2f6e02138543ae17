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

/// An account as its login sees it: name, home directory and shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Login {
    pub name: String,
    pub home: PathBuf,
    pub shell: PathBuf,
}

/// The login of the account running warroom (the real uid: never one
/// taken from the environment).
pub fn own_login() -> Option<Login> {
    // SAFETY: getuid has no preconditions.
    let uid = unsafe { libc::getuid() };
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
        let text = |p: *const libc::c_char| {
            if p.is_null() {
                String::new()
            } else {
                std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
            }
        };
        Some(Login {
            name: text(pwd.pw_name),
            home: PathBuf::from(text(pwd.pw_dir)),
            shell: PathBuf::from(text(pwd.pw_shell)),
        })
    }
}

/// This host's name ("localhost" when it cannot be read).
pub fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: gethostname writes at most `buf.len()` bytes into `buf`.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return "localhost".into();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
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

/// Whether the account `uid` belongs to group `gid`, as its primary group
/// or a supplementary one (from the group database, not this process).
pub fn account_in_group(uid: u32, gid: u32) -> bool {
    let Some(name) = user_name(uid) else {
        return false;
    };
    let Ok(cname) = std::ffi::CString::new(name) else {
        return false;
    };
    let mut buf = vec![0 as libc::c_char; 16 * 1024];
    // SAFETY: getpwuid_r writes only into `pwd` and `buf`; getgrouplist
    // writes at most `n` entries into `groups`, and `cname` outlives it.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        if libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) != 0
            || result.is_null()
        {
            return false;
        }
        if pwd.pw_gid == gid {
            return true;
        }
        let mut n: libc::c_int = 256;
        let mut groups = vec![0 as libc::gid_t; n as usize];
        if libc::getgrouplist(cname.as_ptr(), pwd.pw_gid, groups.as_mut_ptr(), &mut n) < 0 {
            return false;
        }
        groups[..n.max(0) as usize].contains(&gid)
    }
}

/// What a directory entry is, in words for a refusal ("a FIFO").
pub fn kind_of(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_file() {
        "a regular file"
    } else if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

/// Why a small file (a config, a playbook) could not be read, in words.
#[derive(Debug)]
pub enum ReadError {
    Missing,
    /// One phrase: "is a FIFO, not a regular file", "is 9 MiB; …".
    Refused(String),
}

/// Reads a config or playbook file of at most `cap` bytes. It is opened
/// without blocking and checked before a byte is read: a FIFO would hang
/// a plain read, and a device (`/dev/zero`) would grow memory without end,
/// whatever name or link leads to it.
pub fn read_capped(path: &std::path::Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    read_capped_with(path, cap).map(|(bytes, _)| bytes)
}

/// As [`read_capped`], for a file that steers warroom (a config names the
/// database and adds redaction rules): it must also belong to this account
/// or root, and not be writable by everyone. Checked on the file read,
/// whatever link led to it.
pub fn read_trusted(path: &std::path::Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    use std::os::unix::fs::MetadataExt;
    let (bytes, meta) = read_capped_with(path, cap)?;
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me && meta.uid() != 0 {
        let owner = user_name(meta.uid()).unwrap_or_else(|| format!("uid {}", meta.uid()));
        return Err(ReadError::Refused(format!(
            "belongs to {owner}, not to you or root: another account could steer your warroom with it"
        )));
    }
    if meta.mode() & 0o002 != 0 {
        return Err(ReadError::Refused(format!(
            "is writable by every account (mode {:04o}): run `chmod o-w` on it",
            meta.mode() & 0o7777
        )));
    }
    Ok(bytes)
}

fn read_capped_with(
    path: &std::path::Path,
    cap: u64,
) -> Result<(Vec<u8>, std::fs::Metadata), ReadError> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let file = match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ReadError::Missing),
        Err(e) => return Err(ReadError::Refused(format!("cannot read: {e}"))),
    };
    let meta = file
        .metadata()
        .map_err(|e| ReadError::Refused(format!("cannot read: {e}")))?;
    let t = meta.file_type();
    if !t.is_file() {
        return Err(ReadError::Refused(format!(
            "is {}, not a regular file",
            kind_of(&t)
        )));
    }
    let too_big = |n: u64| {
        ReadError::Refused(format!(
            "is {n} bytes or more; at most {} MiB is read",
            cap / (1024 * 1024)
        ))
    };
    if meta.len() > cap {
        return Err(too_big(meta.len()));
    }
    // The file may grow while it is read: never take more than the cap.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Refused(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > cap {
        return Err(too_big(cap + 1));
    }
    Ok((bytes, meta))
}

/// Playbooks and configs are a few kilobytes; nothing larger is read.
pub const MAX_TEXT_FILE: u64 = 4 * 1024 * 1024;
