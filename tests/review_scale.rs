//! The rating scale and its file (`plan-review.toml`): the default, grades
//! in any form, a team's own scale, and every way a file can be refused
//! (with the file and the line).

use std::path::Path;

use plan_review::review::{Scale, ScaleError};

#[test]
fn the_default_scale_and_directions() {
    let scale = Scale::default();
    let keys: Vec<(&str, &str)> = scale
        .grades()
        .iter()
        .map(|g| (g.key.as_str(), g.label.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("A", "順調"),
            ("B", "概ね順調"),
            ("C", "やや遅れ"),
            ("D", "遅れ")
        ]
    );
    assert!(scale.grades().iter().all(|g| !g.description.is_empty()));
    assert_eq!(
        scale.directions(),
        ["継続", "改善して継続", "拡充", "縮小", "完了", "廃止"]
    );
}

#[test]
fn grades_are_read_in_any_width_case_or_by_label() {
    let scale = Scale::default();
    for (typed, key) in [
        ("A", "A"),
        ("a", "A"),
        ("Ａ", "A"),
        ("ａ", "A"),
        (" b ", "B"),
        ("順調", "A"),
        ("概ね順調", "B"),
        ("やや遅れ", "C"),
        ("遅れ", "D"),
        ("ｄ", "D"),
    ] {
        assert_eq!(scale.parse_grade(typed).unwrap().key, key, "{typed}");
    }
    let err = scale.parse_grade("E").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`E` is not a grade on the scale; use one of: A (順調), B (概ね順調), C (やや遅れ), D (遅れ)"
    );
    assert!(scale.parse_grade("").is_err());
    assert!(scale.parse_grade("順").is_err(), "no prefix matching");
    assert_eq!(
        scale.parse_direction("改善して継続").unwrap(),
        "改善して継続"
    );
    let err = scale.parse_direction("続ける").unwrap_err();
    assert!(
        err.to_string().contains("継続, 改善して継続, 拡充"),
        "{err}"
    );
}

#[test]
fn a_team_scale_file_replaces_the_default() {
    let text = r#"
directions = ["継続", "見直し", "終了"]

[[grade]]
key = "S"
label = "計画以上"
description = "計画を上回っている"

[[grade]]
key = "A"
label = "計画どおり"

[[grade]]
key = "B"
label = "遅れ"
"#;
    let scale = Scale::from_toml(text, Path::new("plan-review.toml")).unwrap();
    let keys: Vec<&str> = scale.grades().iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, ["S", "A", "B"]);
    assert_eq!(scale.grades()[0].description, "計画を上回っている");
    assert_eq!(scale.grades()[1].description, "");
    assert_eq!(scale.directions(), ["継続", "見直し", "終了"]);
    assert_eq!(scale.parse_grade("ｓ").unwrap().key, "S");
    assert_eq!(scale.position("B"), Some(2));
    // Leaving the grades out keeps the default scale.
    let only = Scale::from_toml("directions = [\"継続\"]\n", Path::new("x.toml")).unwrap();
    assert_eq!(only.grades().len(), 4);
    assert_eq!(only.directions(), ["継続"]);
}

fn invalid(text: &str) -> (usize, String) {
    match Scale::from_toml(text, Path::new("/team/plan-review.toml")) {
        Err(ScaleError::Invalid {
            line,
            message,
            path,
        }) => {
            assert_eq!(path, Path::new("/team/plan-review.toml"));
            let err = Scale::from_toml(text, Path::new("/team/plan-review.toml")).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with(&format!("/team/plan-review.toml:{line}: ")),
                "{err}"
            );
            (line, message)
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn a_bad_scale_file_names_the_file_and_the_line() {
    // Not TOML at all.
    let (line, _) = invalid("[[grade]]\nkey = \"A\"\nlabel = 順調\n");
    assert_eq!(line, 3);
    // A typo in a field name.
    let (line, message) = invalid("[[grade]]\nkey = \"A\"\nlable = \"順調\"\n");
    assert_eq!(line, 3, "{message}");
    assert!(message.contains("lable"), "{message}");
    // A key given twice, in another width.
    let (line, message) = invalid(
        "[[grade]]\nkey = \"A\"\nlabel = \"順調\"\n\n[[grade]]\nkey = \"Ａ\"\nlabel = \"遅れ\"\n",
    );
    assert_eq!(line, 6);
    assert!(message.contains("names two grades"), "{message}");
    // One grade is no scale.
    let (line, message) = invalid("\n[[grade]]\nkey = \"A\"\nlabel = \"順調\"\n");
    assert_eq!(line, 2);
    assert!(message.contains("at least two"), "{message}");
    // An empty label, a repeated direction, an empty list.
    let (line, _) =
        invalid("[[grade]]\nkey = \"A\"\nlabel = \"\"\n[[grade]]\nkey = \"B\"\nlabel = \"b\"\n");
    assert_eq!(line, 3);
    let (line, message) = invalid("directions = [\n  \"継続\",\n  \"継続\",\n]\n");
    assert_eq!(line, 3);
    assert!(message.contains("listed twice"), "{message}");
    let (line, _) = invalid("\ndirections = []\n");
    assert_eq!(line, 2);
}

#[test]
fn invisible_or_line_breaking_characters_are_refused_in_the_scale() {
    let two = |key: &str, label: &str| {
        format!(
            "[[grade]]\nkey = \"A\"\nlabel = \"順調\"\n\n[[grade]]\nkey = \"{key}\"\nlabel = \"{label}\"\n"
        )
    };
    // A key that is a zero-width space, a label with one, a label with a
    // line separator, a key behind a byte order mark.
    for (text, line) in [
        (two("\\u200b", "遅れ"), 6),
        (two("B", "遅\\u200bれ"), 7),
        (two("B", "遅れ\\u2028"), 7),
        (two("\\ufeffB", "遅れ"), 6),
        (two("B", "遅\\u2060れ"), 7),
    ] {
        let (got, message) = invalid(&text);
        assert_eq!(got, line, "{text}: {message}");
        assert!(message.contains("visible text on one line"), "{message}");
    }
    let (line, message) = invalid("directions = [\n  \"継続\",\n  \"継\\u200b続\",\n]\n");
    assert_eq!(line, 3);
    assert!(message.contains("visible text"), "{message}");
    let (line, _) = invalid("directions = [\"継続\", \"\\u2029\"]\n");
    assert_eq!(line, 1);
}

#[test]
fn a_multi_line_description_is_refused_with_its_line() {
    let text = "[[grade]]\nkey = \"A\"\nlabel = \"順調\"\ndescription = \"予定どおり\"\n\n\
                [[grade]]\nkey = \"B\"\nlabel = \"遅れ\"\ndescription = \"\"\"\n遅れている\nA  順調  偽の行\"\"\"\n";
    let (line, message) = invalid(text);
    assert_eq!(line, 9, "{message}");
    assert!(
        message.contains("description must be one line"),
        "{message}"
    );
    let (line, _) = invalid(
        "[[grade]]\nkey = \"A\"\nlabel = \"順調\"\ndescription = \"a\\u2028b\"\n[[grade]]\nkey = \"B\"\nlabel = \"b\"\n",
    );
    assert_eq!(line, 4);
    // One line, surrounding spaces trimmed, is fine.
    let scale = Scale::from_toml(
        "[[grade]]\nkey = \"A\"\nlabel = \"順調\"\ndescription = \"  予定どおり \"\n[[grade]]\nkey = \"B\"\nlabel = \"b\"\n",
        Path::new("x.toml"),
    )
    .unwrap();
    assert_eq!(scale.grades()[0].description, "予定どおり");
}

#[test]
fn a_missing_scale_file_means_the_default_and_a_bad_one_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(Scale::load(dir.path()).unwrap(), Scale::default());
    std::fs::write(dir.path().join("plan-review.toml"), "[[grade]\n").unwrap();
    let err = Scale::load(dir.path()).unwrap_err();
    assert!(err.to_string().contains("plan-review.toml:1: "), "{err}");
}
