//! The optional configuration file (`config.toml` in the platform config
//! directory, or `--config FILE`).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Failure;
use crate::core::diagnostic::Diagnostic;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Your name, used as the author of every change.
    pub inspector: Option<String>,
    /// The inspection campaign (default: the current year).
    pub campaign: Option<String>,
    /// "vi" or "en".
    pub lang: Option<String>,
    /// Extra checklist directories.
    #[serde(default)]
    pub checklist_dirs: Vec<PathBuf>,
    /// Extra holiday calendar extending the bundled one.
    pub holidays: Option<PathBuf>,
}

impl Config {
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("vn", "parcheck", "parcheck")
            .map(|d| d.config_dir().join("config.toml"))
    }

    /// Loads the config: an explicit path must exist; the default may not.
    pub fn load(explicit: Option<&Path>) -> Result<Config, Failure> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match Self::default_path() {
                Some(p) if p.exists() => p,
                _ => return Ok(Config::default()),
            },
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Failure::error(format!("cannot read config {}: {e}", path.display())))?;
        toml::from_str(&text).map_err(|e| {
            let d = Diagnostic::at(
                &text,
                e.span().map_or(0, |s| s.start),
                e.message().trim(),
                None,
            );
            Failure::error(d.render(&path.display().to_string()))
                .with_hint("allowed keys: inspector, campaign, lang, checklist_dirs, holidays")
        })
    }
}
