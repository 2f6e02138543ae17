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
    // SAFETY: getpwuid_r writes only into the buffers we pass and returns
    // a pointer into them; both outlive every use below.
    unsafe {
        let uid = libc::getuid();
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 4096];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return Some(format!("uid{uid}"));
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
