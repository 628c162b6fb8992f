//! Who is reviewing: `--reviewer NAME`, else `$PLAN_REVIEW_REVIEWER`, else
//! `reviewer = "…"` in the user's `config.toml`, else the OS user name.
//!
//! The name is kept as written inside every event; the file a reviewer
//! writes is named by [`slug`], which is safe on every file system.

use std::path::PathBuf;

use serde::Deserialize;

/// The environment variable naming the reviewer.
pub const ENV: &str = "PLAN_REVIEW_REVIEWER";

/// The user's config file name inside the platform's config directory.
pub const CONFIG_FILE: &str = "config.toml";

/// The longest reviewer name accepted, in characters.
const MAX_NAME: usize = 64;

/// Where the reviewer's name came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `--reviewer`.
    Flag,
    /// [`ENV`].
    Environment,
    /// The user's config file.
    ConfigFile(PathBuf),
    /// The operating system's user name.
    OsUser,
    /// Nothing named one ([`ANONYMOUS`]).
    Anonymous,
}

/// The name used when nothing names the reviewer.
pub const ANONYMOUS: &str = "anonymous";

/// The reviewer, and where the name came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewer {
    /// The name as written (trimmed).
    pub name: String,
    /// Where it came from.
    pub source: Source,
}

/// Why no usable reviewer name was found.
#[derive(Debug, thiserror::Error)]
pub enum ReviewerError {
    /// A name that is empty, too long or holds control characters.
    #[error("reviewer name from {from}: {why}")]
    BadName {
        /// Where the name came from.
        from: String,
        /// What is wrong with it.
        why: String,
    },
    /// The config file exists but is not usable.
    #[error("{}:{line}: {message}", path.display())]
    Config {
        /// The config file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Nothing named a reviewer.
    #[error("no reviewer name: give --reviewer NAME or set {ENV}")]
    Missing,
}

#[derive(Deserialize)]
struct UserConfig {
    reviewer: Option<String>,
}

/// The user's config file (`~/.config/plan-review/config.toml` on Linux).
pub fn config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("jp", "Tomisato", "plan-review")
        .map(|dirs| dirs.config_dir().join(CONFIG_FILE))
}

impl Reviewer {
    /// Resolves the reviewer: `flag`, then [`ENV`], then the config file,
    /// then the OS user name. A source that is present but unusable is an
    /// error rather than silently skipped, so nobody rates under a name
    /// they did not mean.
    pub fn resolve(flag: Option<&str>) -> Result<Self, ReviewerError> {
        if let Some(name) = flag {
            return Self::named(name, Source::Flag, "--reviewer");
        }
        if let Some(name) = std::env::var_os(ENV).filter(|v| !v.is_empty()) {
            return Self::named(&name.to_string_lossy(), Source::Environment, ENV);
        }
        if let Some(path) = config_path()
            && let Some(name) = read_config(&path)?
        {
            let from = path.display().to_string();
            return Self::named(&name, Source::ConfigFile(path), &from);
        }
        match os_user_name() {
            Some(name) => Self::named(&name, Source::OsUser, "the OS user name"),
            None => Err(ReviewerError::Missing),
        }
    }

    /// As [`Reviewer::resolve`], but when nothing names a reviewer at all
    /// (a container without `$USER`), `anonymous`, so notes keep working
    /// where they did before reviewers existed. Bad names are still errors.
    pub fn resolve_or_anonymous(flag: Option<&str>) -> Result<Self, ReviewerError> {
        match Self::resolve(flag) {
            Err(ReviewerError::Missing) => Ok(Self {
                name: ANONYMOUS.to_owned(),
                source: Source::Anonymous,
            }),
            other => other,
        }
    }

    /// A reviewer with this name, checked: not empty, at most 64
    /// characters, no control or invisible characters
    /// ([`crate::sanitize::is_invisible`]).
    pub fn named(name: &str, source: Source, from: &str) -> Result<Self, ReviewerError> {
        let name = name.trim();
        let bad = |why: &str| ReviewerError::BadName {
            from: from.to_owned(),
            why: why.to_owned(),
        };
        if name.is_empty() {
            return Err(bad("the name is empty"));
        }
        if name.chars().count() > MAX_NAME {
            return Err(bad("the name is longer than 64 characters"));
        }
        // Invisible characters too: `佐藤` with a zero-width space looks
        // like 佐藤 and would rate as someone else.
        if name
            .chars()
            .any(|c| crate::sanitize::needs_replacing(c) || crate::sanitize::is_invisible(c))
        {
            return Err(bad(
                "the name holds control or invisible characters (zero-width spaces, \
                 line separators)",
            ));
        }
        Ok(Self {
            name: name.to_owned(),
            source,
        })
    }

    /// The file-system-safe form of the name ([`slug`]).
    pub fn slug(&self) -> String {
        slug(&self.name)
    }
}

/// The OS user name: `$USER` (`$USERNAME` on Windows, `$LOGNAME`), else on
/// Linux the password database's name for this process's user.
fn os_user_name() -> Option<String> {
    let from_env = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()));
    from_env.or_else(passwd_name)
}

#[cfg(target_os = "linux")]
fn passwd_name() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    // /proc/self belongs to the process's user: its uid without libc calls
    // (this crate forbids unsafe code).
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        (fields.nth(1)? == uid && !name.is_empty()).then(|| name.to_owned())
    })
}

#[cfg(not(target_os = "linux"))]
fn passwd_name() -> Option<String> {
    None
}

/// The `reviewer` of a config file; `None` when the file or the key is
/// missing.
fn read_config(path: &std::path::Path) -> Result<Option<String>, ReviewerError> {
    // A few lines; never a FIFO or an endless device.
    let text = match crate::notes::files::read_small(path, 64 * 1024, true) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(ReviewerError::Config {
                path: path.to_owned(),
                line: 0,
                message: format!("cannot read: {e}"),
            });
        }
    };
    let config: UserConfig = toml::from_str(&text).map_err(|e| ReviewerError::Config {
        path: path.to_owned(),
        line: super::scale::line_of(&text, e.span().map_or(0, |s| s.start)),
        message: e.message().trim().to_owned(),
    })?;
    Ok(config.reviewer)
}

/// A name as a file name that is the same on every file system and
/// never collides with another name's: ASCII lower-case letters, digits,
/// `-` and `_` stay, every other byte (upper case too, since Windows and
/// macOS ignore case) becomes `~XX`. A name that would be a device name
/// on Windows (`con`, `nul`, `com1` …) gets its last byte encoded too.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for byte in name.bytes() {
        match byte {
            b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => out.push(char::from(byte)),
            _ => out.push_str(&format!("~{byte:02X}")),
        }
    }
    const DEVICES: [&str; 4] = ["con", "prn", "aux", "nul"];
    let device = DEVICES.contains(&out.as_str())
        || (out.len() == 4
            && (out.starts_with("com") || out.starts_with("lpt"))
            && out.as_bytes()[3].is_ascii_digit());
    if device && let Some(last) = out.pop() {
        out.push_str(&format!("~{:02X}", last as u32));
    }
    // File names end at 255 bytes on most file systems: a long name keeps
    // its start (readable) and a hash of the whole (distinct). The hash
    // follows `~~`, which no name's own slug holds (a `~` in a name is
    // always written `~7E`, and every `~` is followed by two hex digits),
    // so another name cannot be chosen to land on this file. (Before
    // 0.2 the marker was `-`, which a name ending in `-<hash>` could
    // copy; such files are still read with the rest of `journal/`.)
    if out.len() > MAX_SLUG {
        out.truncate(MAX_SLUG - HASH_MARK.len() - 16);
        out.push_str(&format!("{HASH_MARK}{:016x}", fnv1a(name.as_bytes())));
    }
    out
}

/// What goes before the hash of a long name's slug: never in a slug
/// otherwise.
const HASH_MARK: &str = "~~";

/// The longest slug, in bytes, leaving room for `.jsonl` and `.lock`.
const MAX_SLUG: usize = 120;

/// FNV-1a, 64 bits: stable across releases and platforms, unlike std's
/// hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_distinct_and_stable() {
        assert_eq!(slug("yamada"), "yamada");
        assert_eq!(slug("Yamada"), "~59amada");
        assert_eq!(slug("山田"), "~E5~B1~B1~E7~94~B0");
        assert_eq!(slug("a b/c"), "a~20b~2Fc");
        assert_eq!(slug("con"), "co~6E");
        assert_eq!(slug("com1"), "com~31");
        assert_ne!(slug("A"), slug("a"));
        // 64 Japanese characters would be 576 bytes: cut, with a hash.
        let long = slug(&"働".repeat(64));
        assert_eq!(long.len(), 120);
        assert_ne!(long, slug(&format!("{}x", "働".repeat(63))));
        assert!(long.is_ascii());
        assert_eq!(&long[102..104], "~~", "{long}");
    }

    #[test]
    fn a_plain_name_cannot_take_a_long_names_file() {
        // 123 bytes of slug: cut to 103 bytes, then the hash.
        let long = format!("{}a{}", "A".repeat(34), "A".repeat(6));
        let hash = format!("{:016x}", fnv1a(long.as_bytes()));
        // A short name spelling the cut slug and the hash itself, as the
        // old `-<hash>` marker let it.
        for marker in ["-", "_", "~"] {
            let plain = format!("{}a{marker}{hash}", "A".repeat(34));
            assert!(plain.chars().count() <= MAX_NAME);
            assert_ne!(slug(&plain), slug(&long), "{plain}");
        }
        assert_eq!(
            slug(&long),
            format!("{}~~{hash}", "~41".repeat(34)),
            "the cut start stays readable"
        );
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(
            Reviewer::named("  佐藤 ", Source::Flag, "--reviewer")
                .unwrap()
                .name,
            "佐藤"
        );
        for bad in [
            "",
            "  ",
            "a\u{1b}[2J",
            &"x".repeat(65),
            "佐\u{200b}藤",
            "佐\u{2028}藤",
            "\u{feff}佐藤",
            "佐\u{2060}藤",
        ] {
            assert!(
                Reviewer::named(bad, Source::Flag, "--reviewer").is_err(),
                "{bad:?}"
            );
        }
    }
}
