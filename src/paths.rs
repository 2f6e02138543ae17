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
