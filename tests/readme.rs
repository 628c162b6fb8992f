//! README.md tells a newcomer the truth: the Rust version Cargo.toml
//! requires, how to install and how to pass options through cargo.

const README: &str = include_str!("../README.md");
const CARGO_TOML: &str = include_str!("../Cargo.toml");

fn rust_version() -> &'static str {
    CARGO_TOML
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .map(|v| v.trim_matches('"'))
        .expect("Cargo.toml sets rust-version")
}

#[test]
fn readme_names_the_rust_version_cargo_toml_requires() {
    let version = rust_version();
    assert!(
        README.contains(&format!("Rust {version} or newer")),
        "README should say `Rust {version} or newer`"
    );
    // No other toolchain version is named anywhere.
    for line in README.lines().filter(|l| l.contains("or newer")) {
        assert!(line.contains(version), "{line}");
    }
}

#[test]
fn readme_says_how_to_install_and_pass_options_through_cargo() {
    for needed in [
        "cargo install --path .",
        "~/.cargo/bin",
        "cargo run --release -- --lang en",
    ] {
        assert!(README.contains(needed), "README lacks `{needed}`");
    }
}

#[test]
fn readme_points_at_nothing_that_is_not_there() {
    assert!(!README.contains("the screen above"));
}
