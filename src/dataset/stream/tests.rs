use proptest::prelude::*;

use super::*;

/// What a whole-text parse makes of `text`.
fn whole(text: &str) -> Option<Plan> {
    serde_json::from_str::<Plan>(crate::bom::without_bom(text)).ok()
}

/// What the streaming parse makes of `text`, read `chunk` bytes at a time.
fn streamed(text: &str, chunk: usize) -> Option<Plan> {
    parse_reader(&mut text.as_bytes(), chunk, usize::MAX).expect("reading from memory")
}

/// The bundled plan with strings that look like JSON's own syntax: braces,
/// brackets, quotes and backslashes inside strings, in the outline and in
/// measures.
fn tricky() -> String {
    let mut plan = crate::dataset::bundled().expect("bundled");
    plan.pillars[0].title = Some("柱 { [ \"measures\": [ ] } \\".into());
    plan.pillars[0].sections[0].title = Some("\"pillars\"".into());
    let m = &mut plan.pillars[0].sections[0].measures[0];
    m.title = "a{b}\"c\\ ]] {{{".into();
    m.purpose = "\\\"}".into();
    serde_json::to_string_pretty(&plan).expect("serializes")
}

#[test]
fn read_in_chunks_of_any_size_the_plan_is_the_one_a_whole_parse_makes() {
    let texts = [
        crate::dataset::BUNDLED_JSON.to_owned(),
        tricky(),
        // No white space at all, and a byte order mark before it.
        format!(
            "\u{feff}{}",
            serde_json::to_string(&whole(&tricky()).expect("parses")).expect("serializes")
        ),
        // Windows line ends.
        tricky().replace('\n', "\r\n"),
    ];
    for (i, text) in texts.iter().enumerate() {
        let expected = whole(text).expect("a valid plan");
        for chunk in [1, 2, 3, 5, 64, 4096, 1 << 20] {
            assert_eq!(
                streamed(text, chunk).as_ref(),
                Some(&expected),
                "text {i}, chunk {chunk}"
            );
        }
    }
}

#[test]
fn what_a_whole_parse_refuses_the_stream_gives_up_on() {
    let refused = super::super::outline::tests::refused_variants(crate::dataset::BUNDLED_JSON);
    for (i, text) in refused.iter().enumerate() {
        assert_eq!(whole(text), None, "case {i} is refused");
        for chunk in [7, 1 << 20] {
            assert_eq!(streamed(text, chunk), None, "case {i}, chunk {chunk}");
        }
    }
}

#[test]
fn keys_it_cannot_read_plainly_leave_the_file_to_the_whole_parse() {
    // Valid JSON, and the same plan: but the scanner does not decode
    // escapes, so it does not know this key, and gives up rather than
    // guess.
    let text = crate::dataset::BUNDLED_JSON.replace("\"measures\"", "\"\\u006deasures\"");
    assert!(whole(&text).is_some());
    assert_eq!(streamed(&text, 4096), None);
}

#[test]
fn bytes_that_are_not_utf8_are_left_to_the_whole_parse() {
    let mut bytes = crate::dataset::BUNDLED_JSON.as_bytes().to_vec();
    let at = crate::dataset::BUNDLED_JSON
        .find("市民活動推進課")
        .expect("in the plan");
    bytes[at] = 0xff;
    let got = parse_reader(&mut bytes.as_slice(), 4096, usize::MAX).expect("reading from memory");
    assert_eq!(got, None);
}

#[test]
fn a_reader_that_fails_is_an_error() {
    struct Failing;
    impl Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk gone"))
        }
    }
    let error = parse_reader(&mut Failing, 4096, usize::MAX).expect_err("fails");
    assert_eq!(error.to_string(), "disk gone");
}

#[test]
fn a_small_file_is_left_to_the_whole_parse() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("plan.json");
    std::fs::write(&path, crate::dataset::BUNDLED_JSON).expect("written");
    assert_eq!(parse_file(&path).expect("readable"), None);
    // Nor does it open what it cannot look at: the whole path says why.
    assert_eq!(
        parse_file(&dir.path().join("missing.json")).expect("not opened"),
        None
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The promise: the stream never gives a plan a whole parse would
    /// not, whatever is done to the text.
    #[test]
    fn the_stream_never_makes_a_plan_the_whole_parse_does_not(
        at in 0.0f64..1.0,
        edit in prop::sample::select(vec!["", "{", "}", "[", "]", "\"", "\\", ",", ":", "0", " ", "\"x\"", "\"measures\": [", "}]"]),
        cut in 0usize..4,
        chunk in prop::sample::select(vec![1usize, 3, 17, 4096]),
    ) {
        let text = tricky();
        let mut at = ((text.len() as f64) * at) as usize;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + cut).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let edited = format!("{}{edit}{}", &text[..at], &text[end..]);
        let stream = streamed(&edited, chunk);
        if stream.is_some() {
            prop_assert_eq!(stream, whole(&edited));
        }
    }
}

#[test]
fn a_large_file_is_parsed_as_it_is_read() {
    let mut plan = crate::dataset::bundled().expect("bundled");
    // Long fields in every measure: past the size from which it streams.
    let sentence = "市民と行政が協働してまちづくりを進めます。\\n{\"x\": [1]}\n";
    let measures = plan
        .pillars
        .iter_mut()
        .flat_map(|p| &mut p.sections)
        .flat_map(|s| &mut s.measures);
    for (i, m) in measures.enumerate() {
        // The first longer than a chunk.
        m.achievements = sentence.repeat(if i == 0 { 12_000 } else { 2_500 });
    }
    let text = serde_json::to_string_pretty(&plan).expect("serializes");
    assert!(text.len() > PARALLEL_FROM_BYTES, "{} bytes", text.len());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("plan.json");
    std::fs::write(&path, &text).expect("written");
    assert_eq!(parse_file(&path).expect("readable"), Some(plan));
}

#[test]
fn an_outline_past_its_cap_or_nesting_past_serdes_limit_is_given_up() {
    let text = crate::dataset::BUNDLED_JSON;
    let outline_len = {
        let plan = parse_reader(&mut text.as_bytes(), 4096, usize::MAX).expect("reading");
        assert!(plan.is_some());
        let mut scanner = Scanner::default();
        scanner.scan(text.as_bytes()).expect("scans");
        scanner.outline.len()
    };
    let at_cap = parse_reader(&mut text.as_bytes(), 4096, outline_len).expect("reading");
    assert!(at_cap.is_some(), "an outline of exactly the cap is kept");
    let under = parse_reader(&mut text.as_bytes(), 4096, outline_len - 1).expect("reading");
    assert_eq!(under, None);
    // Megabytes of brackets: refused at the 129th, not kept.
    let deep = "[".repeat(1 << 20);
    let mut scanner = Scanner::default();
    assert_eq!(scanner.scan(deep.as_bytes()), None);
    assert_eq!(scanner.stack.len(), MAX_DEPTH);
    assert!(scanner.at < 200, "stopped at byte {}", scanner.at);
}

#[test]
fn the_cap_is_an_eighth_of_the_file_and_never_under_16_mb() {
    assert_eq!(outline_cap(0), 16 << 20);
    assert_eq!(outline_cap(500 << 20), (500 << 20) / 8);
}

#[test]
fn streamed_measures_keep_no_spare_room_in_their_lists() {
    let plan = streamed(crate::dataset::BUNDLED_JSON, 4096).expect("parses");
    let mut lists = 0;
    for m in plan.measures() {
        assert_eq!(m.schedule.capacity(), m.schedule.len(), "{}", m.code);
        assert_eq!(m.targets.capacity(), m.targets.len(), "{}", m.code);
        assert_eq!(m.implementers.capacity(), m.implementers.len());
        assert_eq!(m.related.capacity(), m.related.len());
        assert_eq!(m.related_divisions.capacity(), m.related_divisions.len());
        lists += m.schedule.len() + m.targets.len();
    }
    // The bundled plan's measures have five years each and targets.
    assert!(lists > 5 * 35, "{lists}");
}
