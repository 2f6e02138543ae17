//! The user's configuration file, `~/.config/warroom/config.toml`.
//!
//! Today it carries extra redaction rules; a file with unknown keys is
//! refused (with the line), so a typo never silently disables a rule.
//!
//! ```toml
//! [[redact]]
//! name = "acme-api-key"
//! pattern = "acme_[0-9a-f]{32}"   # a regex; capture group 1 if it has one
//! keys = ["ACME_TOKEN"]           # and/or key names whose values are secret
//! ```

use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub redact: Vec<RedactEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedactEntry {
    pub name: String,
    pub pattern: Option<String>,
    #[serde(default)]
    pub keys: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// `~/.config/warroom/config.toml` (or under `$XDG_CONFIG_HOME`).
pub fn user_config_path() -> Option<PathBuf> {
    crate::paths::config_dir().map(|d| d.join("config.toml"))
}

/// Reads a config file; a missing file is an empty configuration.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => {
            return Err(ConfigError(format!(
                "{}:1:1: cannot read: {e}",
                path.display()
            )));
        }
    };
    let config: Config = toml::from_str(&text).map_err(|e| {
        let (line, col) = e.span().map_or((1, 1), |s| line_col(&text, s.start));
        ConfigError(format!(
            "{}:{line}:{col}: {}",
            path.display(),
            e.message().trim().replace('\n', " ")
        ))
    })?;
    for (i, rule) in config.redact.iter().enumerate() {
        if rule.pattern.is_none() && rule.keys.is_empty() {
            return Err(ConfigError(format!(
                "{}: redact rule #{} `{}` needs a `pattern` or `keys`",
                path.display(),
                i + 1,
                rule.name
            )));
        }
    }
    Ok(config)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rules_and_refuses_unknown_keys_with_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.toml");
        std::fs::write(
            &good,
            "[[redact]]\nname = \"acme\"\npattern = \"acme_[0-9]{4}\"\n",
        )
        .unwrap();
        assert_eq!(load(&good).unwrap().redact[0].name, "acme");
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "[[redact]]\nname = \"acme\"\npatern = \"x\"\n").unwrap();
        let err = load(&bad).unwrap_err().0;
        assert!(
            err.starts_with(&format!("{}:3:1: unknown field `patern`", bad.display())),
            "{err}"
        );
        assert!(
            load(&dir.path().join("missing.toml"))
                .unwrap()
                .redact
                .is_empty()
        );
    }
}
