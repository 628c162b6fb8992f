//! Search on the real R2 dataset across the ways one word is written:
//! spelling variants, aliases, phrases with particles, and the titles in
//! 主な関連事業.

use plan_review::code::MeasureCode;
use plan_review::dataset::{self, Plan};
use plan_review::search::{Field, Hit, Index, Query};

fn plan() -> Plan {
    dataset::bundled().expect("bundled dataset loads")
}

fn run(plan: &Plan, query: &str) -> Vec<Hit> {
    Index::new(plan).search(&Query::parse(query), None)
}

fn codes(plan: &Plan, query: &str) -> Vec<String> {
    run(plan, query)
        .iter()
        .map(|h| h.code.to_string())
        .collect()
}

fn code(text: &str) -> MeasureCode {
    MeasureCode::parse(text).expect("valid code")
}

/// The highlighted runs of `field` in the hit for `measure`, each run as
/// the text shows it.
fn highlighted(plan: &Plan, query: &str, measure: &str, field: Field) -> Vec<String> {
    let hits = run(plan, query);
    let hit = hits
        .iter()
        .find(|h| h.code == code(measure))
        .unwrap_or_else(|| panic!("{measure} not found by {query}"));
    let text: Vec<char> = field
        .text(plan.measure(hit.code).unwrap(), plan)
        .chars()
        .collect();
    let mut runs: Vec<String> = Vec::new();
    let mut last = None;
    for &p in hit.positions(field) {
        if last.is_some_and(|l| l + 1 == p) {
            runs.last_mut().unwrap().push(text[p]);
        } else {
            runs.push(text[p].to_string());
        }
        last = Some(p);
    }
    runs
}

/// Measures whose text holds `needle` somewhere, as written.
fn written(plan: &Plan, needle: &str) -> Vec<String> {
    plan.measures()
        .filter(|m| Field::ALL.iter().any(|f| f.text(m, plan).contains(needle)))
        .map(|m| m.code.to_string())
        .collect()
}

#[test]
fn okurigana_variants_find_each_other_and_highlight_the_text_as_written() {
    let plan = plan();
    // 3-(2)-① writes 協働による取組を…; 5-(1)-① writes 協働への取り組み.
    assert_eq!(
        highlighted(&plan, "取り組み", "3-(2)-①", Field::CurrentIssues),
        ["取組"]
    );
    assert_eq!(
        highlighted(&plan, "取組", "5-(1)-①", Field::CurrentIssues),
        ["取り組み"]
    );
    let mut both = written(&plan, "取組");
    both.extend(written(&plan, "取り組み"));
    both.sort();
    both.dedup();
    let mut found = codes(&plan, "取り組み");
    found.sort();
    assert_eq!(found, both);
    assert_eq!(codes(&plan, "取組み").len(), both.len());
    // 話合い (3-(2)-⑧) and 話し合い are one word.
    assert!(codes(&plan, "話し合い").contains(&"3-(2)-⑧".to_owned()));
    assert_eq!(
        highlighted(&plan, "話し合い", "3-(2)-⑧", Field::CurrentIssues),
        ["話合い"]
    );
    // 分かりやすい and わかりやすい: the report writes both.
    let mut kana = written(&plan, "わかりやす");
    kana.extend(written(&plan, "分かりやす"));
    kana.sort();
    kana.dedup();
    let mut found = codes(&plan, "分かりやす");
    found.sort();
    assert_eq!(found, kana);
}

#[test]
fn the_verb_is_not_folded_into_the_noun() {
    let plan = plan();
    // 取り組む (様々な主体が取り組む) stays a verb: the noun does not find
    // a measure that only has the verb, and the verb finds only verbs.
    for c in codes(&plan, "'取り組む") {
        let m = plan.measure(code(&c)).unwrap();
        assert!(
            Field::ALL
                .iter()
                .any(|f| f.text(m, &plan).contains("取り組む")),
            "{c}"
        );
    }
    assert!(!codes(&plan, "'取り組む").is_empty());
    // 取り組 (the stem) still finds the noun, whichever way it is written.
    assert_eq!(
        highlighted(&plan, "'取り組", "3-(2)-①", Field::CurrentIssues),
        ["取組"]
    );
}

#[test]
fn old_kanji_in_a_query_find_the_common_form() {
    let plan = plan();
    // 冨里 is 富里; 廣報 is 広報.
    assert_eq!(codes(&plan, "冨里"), codes(&plan, "富里"));
    assert!(!codes(&plan, "富里").is_empty());
    assert_eq!(codes(&plan, "廣報"), codes(&plan, "広報"));
}

#[test]
fn a_phrase_finds_what_its_words_typed_apart_find() {
    let plan = plan();
    // 1-(2)-② says 基金 itself and 補助金 only in its linked measures'
    // titles; 1-(2)-① and 4-(2)-② say 補助金 and 基金 only in 1-(2)-②'s
    // title they link to. As words typed apart, none is found; as a
    // phrase, the parts found only in linked titles do not count either.
    assert_eq!(codes(&plan, "補助金 基金"), Vec::<String>::new());
    assert_eq!(codes(&plan, "補助金の基金"), codes(&plan, "補助金 基金"));
    // With 関連: those titles are asked for, as words and as a phrase.
    assert!(!codes(&plan, "関連:補助金の基金").is_empty());
    // Phrases whose words the measures hold find the same measures as
    // their words typed apart.
    let sorted = |query: &str| {
        let mut found = codes(&plan, query);
        found.sort();
        found
    };
    assert_eq!(sorted("地域の担い手"), ["2-(1)-④", "2-(1)-⑥", "3-(3)-①"]);
    assert_eq!(sorted("地域の担い手"), sorted("地域 担い手"));
    assert_eq!(sorted("情報の発信"), sorted("情報 発信"));
    assert_eq!(sorted("情報の発信").len(), 8);
}

#[test]
fn related_program_titles_are_searched_when_asked_for() {
    let plan = plan();
    // 1-(2)-② 市民活動支援基金の検討 names 1-(2)-① and 4-(2)-②, both
    // 市民活動支援補助金の充実, and says 補助金 nowhere itself: a plain
    // search leaves it out, 関連: finds it.
    assert!(!codes(&plan, "補助金").contains(&"1-(2)-②".to_owned()));
    let hits = run(&plan, "関連:補助金");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].code, code("1-(2)-②"));
    assert_eq!(hits[0].best, Some(Field::RelatedPrograms));
    assert_eq!(
        highlighted(&plan, "関連:補助金", "1-(2)-②", Field::RelatedPrograms),
        ["補助金", "補助金"]
    );
    // Its text is the titles, joined as lists are.
    let m = plan.measure(code("1-(2)-②")).unwrap();
    assert_eq!(
        Field::RelatedPrograms.text(m, &plan),
        "市民活動支援補助金の充実・市民活動支援補助金の充実"
    );
    // 関連: restricts to it; 関係: stays 関係部署.
    assert_eq!(
        codes(&plan, "関連:フォーラム"),
        ["1-(3)-①"],
        "1-(3)-① lists 3-(2)-⑧ 地域フォーラムの開催"
    );
    assert_eq!(codes(&plan, "programs:フォーラム"), ["1-(3)-①"]);
    assert!(codes(&plan, "関係:フォーラム").is_empty());
}

#[test]
fn a_phrase_found_as_typed_ranks_above_its_words_found_apart() {
    let plan = plan();
    // 1-(1)-② and its re-listing say サポートセンターの機能 as typed.
    assert_eq!(
        written(&plan, "サポートセンターの機能"),
        ["1-(1)-②", "2-(1)-①"]
    );
    let hits = run(&plan, "サポートセンターの機能");
    let found: Vec<String> = hits.iter().map(|h| h.code.to_string()).collect();
    assert_eq!(found[..2], ["1-(1)-②", "2-(1)-①"]);
    // Then measures holding both words apart, each word highlighted.
    assert!(found.len() > 2, "{found:?}");
    assert!(hits[1].score > hits[2].score);
    for hit in &hits[2..] {
        let m = plan.measure(hit.code).unwrap();
        let all: String = Field::ALL.iter().map(|f| f.text(m, &plan)).collect();
        assert!(
            all.contains("サポートセンター") && all.contains("機能"),
            "{}",
            hit.code
        );
    }
    // 'exact: as typed only.
    assert_eq!(codes(&plan, "'サポートセンターの機能"), found[..2]);
}

#[test]
fn a_phrase_not_in_the_report_finds_its_words_together() {
    let plan = plan();
    // Nobody writes ホームページでの周知; 4-(1)-① says ホームページなどで周知.
    assert!(written(&plan, "ホームページでの周知").is_empty());
    let found = codes(&plan, "ホームページでの周知");
    assert_eq!(found[0], "4-(1)-①");
    assert_eq!(
        highlighted(&plan, "ホームページでの周知", "4-(1)-①", Field::Actions),
        ["ホームページ", "周知"]
    );
    // Every hit holds both words.
    for c in &found {
        let m = plan.measure(code(c)).unwrap();
        let all: String = Field::ALL.iter().map(|f| f.text(m, &plan)).collect();
        assert!(all.contains("ホームページ") && all.contains("周知"), "{c}");
    }
    // All words are required: no measure holds 地域, 担い手 and 支援 as
    // whole words in one place, and the phrase finds nothing rather than
    // any one of them.
    let every_word = plan
        .measures()
        .filter(|m| {
            let all: String = Field::ALL.iter().map(|f| f.text(m, &plan)).collect();
            ["地域", "担い手", "支援"].iter().all(|w| all.contains(w))
        })
        .count();
    assert_eq!(codes(&plan, "地域の担い手への支援").len(), every_word);
    // 情報の発信: 3-(2)-⑤'s title 協働専用情報発信ツールの運用 comes first.
    assert_eq!(codes(&plan, "情報の発信")[0], "3-(2)-⑤");
}

#[test]
fn an_alias_finds_the_report_word_and_says_so() {
    let plan = plan();
    // The report writes パソコン (講師：パソコンit塾) and never PC.
    assert!(written(&plan, "PC").is_empty());
    let hits = run(&plan, "PC");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].code, code("2-(1)-②"));
    assert_eq!(hits[0].via(Field::Achievements), Some("パソコン"));
    assert_eq!(
        highlighted(&plan, "ｐｃ", "2-(1)-②", Field::Achievements),
        ["パソコン"]
    );
    // Typed as the report writes it, it is a literal hit, scored higher.
    let literal = run(&plan, "パソコン");
    assert_eq!(literal[0].via(Field::Achievements), None);
    assert!(literal[0].score > hits[0].score);
    // --json carries it with the field.
    let json = serde_json::to_value(&hits[0]).unwrap();
    let field = json["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "achievements")
        .unwrap();
    assert_eq!(field["via"], "パソコン");
    assert!(
        serde_json::to_value(&literal[0]).unwrap()["fields"][0]
            .get("via")
            .is_none()
    );
}

#[test]
fn an_alias_finds_the_same_measures_as_the_word_but_ranks_them_lower() {
    let plan = plan();
    let mut short = codes(&plan, "社協");
    let mut long = codes(&plan, "社会福祉協議会");
    assert_eq!(long.len(), written(&plan, "社会福祉協議会").len());
    short.sort();
    long.sort();
    assert_eq!(short, long);
    let literal = run(&plan, "社会福祉協議会");
    let alias = run(&plan, "社協");
    assert!(alias[0].score < literal[0].score);
}

#[test]
fn an_alias_in_katakana_or_latin_matches_whole_words_only() {
    let plan = plan();
    // ライン typed finds オンライン, as any substring does; LINE's alias
    // ライン must not, or LINE would find online seminars.
    assert!(!codes(&plan, "ライン").is_empty());
    assert!(codes(&plan, "LINE").is_empty());
}

#[test]
fn a_team_alias_file_adds_words_and_a_bad_one_leaves_the_shipped_ones() {
    use plan_review::search::{ALIAS_FILE, Aliases};
    let plan = plan();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(ALIAS_FILE),
        "[[alias]]\nwords = [\"ふれあい講座\", \"出張講座\"]\n",
    )
    .unwrap();
    let (aliases, problem) = Aliases::load(dir.path());
    assert!(problem.is_none());
    let index = Index::new(&plan).with_aliases(aliases);
    let hits = index.search(&Query::parse("出張講座"), None);
    assert_eq!(hits[0].code, code("3-(2)-③"), "とみさとふれあい講座の拡充");
    assert_eq!(hits[0].via(Field::Title), Some("ふれあい講座"));
    assert!(run(&plan, "出張講座").is_empty(), "not without the file");
    // A broken file: reported, and PC still finds パソコン.
    std::fs::write(dir.path().join(ALIAS_FILE), "[[alias]]\nwords = 3\n").unwrap();
    let (aliases, problem) = Aliases::load(dir.path());
    assert!(problem.unwrap().to_string().contains(":2:9: "));
    let index = Index::new(&plan).with_aliases(aliases);
    assert_eq!(index.search(&Query::parse("PC"), None).len(), 1);
}
