//! Where notes live: `--notes DIR`, else `$PLAN_REVIEW_NOTES`, else the
//! user's data directory (`directories`: `~/.local/share/plan-review` on
//! Linux, `~/Library/Application Support/jp.Tomisato.plan-review` on macOS,
//! `%APPDATA%\Tomisato\plan-review\data` on Windows).

use std::path::{Path, PathBuf};

/// The environment variable that moves the notes directory.
pub const ENV: &str = "PLAN_REVIEW_NOTES";

/// Where the notes directory came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `--notes`.
    Flag,
    /// [`ENV`].
    Environment,
    /// The platform's data directory.
    Default,
}

/// The notes directory to use, and why.
pub fn notes_dir(flag: Option<&Path>) -> Option<(PathBuf, Source)> {
    if let Some(path) = flag {
        return Some((path.to_owned(), Source::Flag));
    }
    if let Some(path) = std::env::var_os(ENV).filter(|v| !v.is_empty()) {
        return Some((PathBuf::from(path), Source::Environment));
    }
    directories::ProjectDirs::from("jp", "Tomisato", "plan-review")
        .map(|dirs| (dirs.data_dir().to_owned(), Source::Default))
}
