//! A large dataset file (over 4 MB) is parsed as it is read, a chunk at a
//! time; what it loads, warns of and refuses must be exactly what the
//! same text gives when parsed whole.

#[path = "../benches/common/generate.rs"]
#[allow(dead_code)] // the benchmarks' helpers
mod generate;

use std::path::{Path, PathBuf};

use plan_review::dataset::{self, Plan};

/// A generated plan of 2,000 measures (6.6 MB of JSON, 4.5 MB compact).
fn large_plan() -> Plan {
    let bundled = dataset::bundled().expect("bundled");
    generate::plan(&bundled, 2_000)
}

/// `text` written to a file in `dir`.
fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("written");
    assert!(
        text.len() > 4 << 20,
        "{name} is large enough to be streamed"
    );
    path
}

/// What loading the file says, in words: the plan and its warnings, or
/// the error.
fn from_file(path: &Path) -> String {
    match dataset::load_file_with_warnings(path) {
        Ok(loaded) => format!(
            "{}\n{:?}",
            serde_json::to_string(&loaded.plan).expect("serializes"),
            loaded.warnings
        ),
        Err(error) => format!("error: {error}"),
    }
}

/// What loading the same text from memory says (the whole-text path).
fn from_text(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("readable");
    let name = path.display().to_string();
    let loaded = dataset::utf8_text(&bytes, &name)
        .and_then(|text| dataset::load_str_with_warnings(text, &name));
    match loaded {
        Ok(loaded) => format!(
            "{}\n{:?}",
            serde_json::to_string(&loaded.plan).expect("serializes"),
            loaded.warnings
        ),
        Err(error) => format!("error: {error}"),
    }
}

#[test]
fn a_large_file_loads_the_plan_its_text_holds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = large_plan();
    let pretty = serde_json::to_string_pretty(&plan).expect("serializes");
    let files = [
        write(dir.path(), "pretty.json", pretty.as_bytes()),
        write(
            dir.path(),
            "bom-crlf.json",
            format!("\u{feff}{}", pretty.replace('\n', "\r\n")).as_bytes(),
        ),
        write(
            dir.path(),
            "compact.json",
            serde_json::to_string(&plan).expect("serializes").as_bytes(),
        ),
    ];
    for path in &files {
        let loaded = dataset::load_file(path).expect("loads");
        assert_eq!(loaded, plan, "{}", path.display());
        assert_eq!(from_file(path), from_text(path), "{}", path.display());
    }
}

#[test]
fn a_large_file_with_warnings_or_problems_is_told_of_with_lines() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = large_plan();
    let last = plan.measures().last().expect("measures").code;

    // A measure linking to itself: a warning, with its line.
    let mut warned = plan.clone();
    let m = warned.pillars[0].sections[0]
        .measures
        .get_mut(0)
        .expect("a measure");
    m.related = vec![m.code];
    let warned_path = write(
        dir.path(),
        "warned.json",
        serde_json::to_string_pretty(&warned)
            .expect("serializes")
            .as_bytes(),
    );
    let said = from_file(&warned_path);
    assert!(said.contains("line: Some("), "{said}");
    assert_eq!(said, from_text(&warned_path));

    // A related code that is not in the plan, in the last measure: an
    // error naming the file and the line.
    let pretty = serde_json::to_string_pretty(&plan).expect("serializes");
    let at = pretty.rfind("\"related\": [").expect("a related list");
    let broken = format!(
        "{}\"related\": [\"99-(1)-①\", {}",
        &pretty[..at],
        &pretty[at + "\"related\": [".len()..]
    );
    let broken = broken.replace("\"99-(1)-①\", ]", "\"99-(1)-①\"]");
    let broken_path = write(dir.path(), "broken.json", broken.as_bytes());
    let said = from_file(&broken_path);
    assert!(said.starts_with("error: "), "{said}");
    assert!(said.contains("99-(1)-①"), "{said}");
    assert!(
        said.contains(&format!("{}:", broken_path.display())),
        "{said}"
    );
    assert_eq!(said, from_text(&broken_path));
    assert!(said.contains(&format!("({last})")), "{said}");

    // Cut short, and with a byte that is not UTF-8: where, in lines and
    // columns.
    let cut_path = write(
        dir.path(),
        "cut.json",
        &pretty.as_bytes()[..pretty.len() - 100],
    );
    let said = from_file(&cut_path);
    assert!(said.starts_with("error: "), "{said}");
    assert_eq!(said, from_text(&cut_path));
    let mut bytes = pretty.clone().into_bytes();
    let at = pretty.len() * 3 / 4;
    let at = (at..)
        .find(|&i| pretty.is_char_boundary(i) && bytes[i] >= 0x80)
        .expect("kanji");
    bytes[at] = 0xff;
    let bad_path = write(dir.path(), "not-utf8.json", &bytes);
    let said = from_file(&bad_path);
    assert!(said.contains("is not UTF-8"), "{said}");
    assert_eq!(said, from_text(&bad_path));
}
