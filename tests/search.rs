//! The search engine on the real R2 dataset: syntax, normalization,
//! romaji, departments, field prefixes and ranking.

use plan_review::code::MeasureCode;
use plan_review::dataset::{self, Plan};
use plan_review::search::{DeptFilter, Field, Hit, Index, Query, departments};

fn plan() -> Plan {
    dataset::bundled().expect("bundled dataset loads")
}

fn run(query: &str) -> Vec<Hit> {
    let plan = plan();
    Index::new(&plan).search(&Query::parse(query), None)
}

/// Codes of the hits, best first, in the dataset's normalized form.
fn codes(query: &str) -> Vec<String> {
    run(query).iter().map(|h| h.code.to_string()).collect()
}

fn code(text: &str) -> MeasureCode {
    MeasureCode::parse(text).expect("valid code")
}

/// The highlighted chars of `field` in the hit for `measure`.
fn highlighted(query: &str, measure: &str, field: Field) -> String {
    let plan = plan();
    let hits = Index::new(&plan).search(&Query::parse(query), None);
    let hit = hits
        .iter()
        .find(|h| h.code == code(measure))
        .unwrap_or_else(|| panic!("{measure} not found by {query}"));
    let text: Vec<char> = field
        .text(plan.measure(hit.code).unwrap(), &plan)
        .chars()
        .collect();
    hit.positions(field).iter().map(|&i| text[i]).collect()
}

#[test]
fn title_hits_outrank_body_hits() {
    // 補助金 is in two titles and in the body of two more measures, once
    // each: 3-(1)-① in 推進内容, 2-(1)-② in 取組実績 (a report of what
    // was done counts a little less than what the measure sets out to do).
    // 1-(2)-②, whose 主な関連事業 is the title 1-(2)-①, is found with
    // `関連:` only (tests/search_forms.rs).
    assert_eq!(
        codes("補助金"),
        ["1-(2)-①", "4-(2)-②", "3-(1)-①", "2-(1)-②"]
    );
    let hits = run("補助金");
    assert_eq!(hits[0].best, Some(Field::Title));
    assert_eq!(hits[2].best, Some(Field::Actions));
    assert_eq!(hits[3].best, Some(Field::Achievements));
    assert!(hits[1].score > hits[2].score);
}

#[test]
fn exact_hits_are_not_buried_by_scattered_ones() {
    // 協働 講座: both words in 2-(1)-②'s title (協働のまちづくり講座の開催).
    let codes = codes("協働 講座");
    assert_eq!(codes[0], "2-(1)-②");
    // A scattered 市…民…会 (three kanji) in long body text is not a hit:
    // no measure says 市民会 or holds it tightly.
    assert!(
        run("市民会")
            .iter()
            .all(|h| h.fields.iter().all(|f| f.field != Field::Achievements))
    );
}

#[test]
fn fuzzy_matches_short_fields_tightly() {
    // サポセン: an abbreviation of サポートセンター, fuzzy in titles.
    let hits = run("サポセン");
    let found: Vec<String> = hits.iter().map(|h| h.code.to_string()).collect();
    assert!(found.contains(&"1-(1)-②".to_owned()), "{found:?}");
    assert_eq!(highlighted("サポセン", "1-(1)-②", Field::Title), "サポセン");
}

#[test]
fn width_forms_case_and_kana_are_folded_but_display_is_original() {
    assert_eq!(codes("ＮＰＯ"), codes("npo"));
    assert!(!codes("npo").is_empty());
    assert_eq!(codes("PR"), codes("pr"));
    assert_eq!(codes("pr")[0], "3-(2)-②");
    assert_eq!(highlighted("pr", "3-(2)-②", Field::Title), "PR");
    // Hiragana finds katakana, and the highlight is the katakana shown.
    assert_eq!(codes("こーでぃねーたー"), codes("コーディネーター"));
    assert_eq!(codes("こーでぃねーたー")[0], "1-(1)-③");
    assert_eq!(
        highlighted("こーでぃねーたー", "1-(1)-③", Field::Title),
        "コーディネーター"
    );
    // Half-width katakana with sound marks.
    assert_eq!(codes("ﾎﾞﾗﾝﾃｨｱ"), codes("ボランティア"));
    // Full-width brackets in 3-(2)-②'s lead division meet ASCII ones.
    let plan = plan();
    let lead = &plan.measure(code("3-(2)-②")).unwrap().lead_division;
    assert!(lead.contains('（'), "the report writes it full-width");
    assert!(codes("^市民活動推進課(市民活動").contains(&"3-(2)-②".to_owned()));
}

#[test]
fn codes_match_in_any_form() {
    for form in ["1-2-1", "１－（２）－①", "1-(2)-①", "1.2.1"] {
        assert_eq!(codes(form), ["1-(2)-①"], "{form}");
    }
    assert_eq!(codes("1-(2)"), ["1-(2)-①", "1-(2)-②"]);
    assert_eq!(codes("3-3").len(), 3);
    // 1-1 is a prefix of 1-(1)-… only, not of 1-(1)-①'s neighbours 1-(10)…
    assert!(codes("1-1").iter().all(|c| c.starts_with("1-(1)-")));
}

#[cfg(feature = "romaji")]
#[test]
fn romaji_finds_readings_with_or_without_long_vowels() {
    assert_eq!(codes("hojokin"), codes("補助金"));
    assert_eq!(codes("kyodo"), codes("kyoudou"));
    // Ranked as the kanji are: the same evidence, read.
    assert_eq!(codes("kyodo")[..4], codes("協働")[..4]);
    assert_eq!(highlighted("kyodo", "1-(1)-①", Field::Title), "協働");
    assert_eq!(codes("kikakuka")[..4], codes("企画課")[..4]);
    assert_eq!(
        highlighted("kikakuka", "4-(1)-①", Field::Division),
        "企画課"
    );
    // Kana queries are read too: きょうどう finds 協働.
    assert_eq!(codes("きょうどう")[0], codes("協働")[0]);
    // Hepburn and kunrei meet: hisho / hisyo → 秘書広報課.
    assert_eq!(codes("hisho"), ["3-(2)-③", "4-(1)-②"]);
    assert_eq!(codes("hisyo"), codes("hisho"));
}

#[test]
fn exact_prefix_suffix_whole_and_exclusion() {
    // 'term: contiguous only, so no fuzzy hits.
    let exact = run("'サポセン");
    assert!(exact.is_empty());
    // ^: field start. Every ^協働 hit starts a field with 協働.
    let plan = plan();
    for hit in run("^協働") {
        let m = plan.measure(hit.code).unwrap();
        for f in &hit.fields {
            let text: Vec<char> = f.field.text(m, &plan).chars().collect();
            let p = f.positions[0];
            assert!(
                p == 0 || matches!(text[p - 1], '・' | ' ' | '\n'),
                "{} {:?} at {p}",
                hit.code,
                f.field
            );
        }
    }
    let top = &run("^協働")[0];
    assert_eq!(top.best, Some(Field::Title));
    assert!(plan.measure(top.code).unwrap().title.starts_with("協働"));
    // ^…$: a whole field or list item.
    assert_eq!(
        codes("^企画課$"),
        ["4-(1)-①", "4-(1)-③", "4-(1)-④", "5-(1)-②", "1-(2)-②"]
    );
    // !: excluded.
    let all_subsidy = codes("補助金");
    let without = codes("補助金 !講座");
    assert!(without.len() < all_subsidy.len());
    assert!(
        !without.contains(&"2-(1)-②".to_owned()),
        "協働のまちづくり講座"
    );
    assert!(without.iter().all(|c| all_subsidy.contains(c)));
    // Only an exclusion: every measure not mentioning it.
    let no_subsidy = codes("!補助金");
    assert_eq!(no_subsidy.len(), 35 - all_subsidy.len());
}

#[test]
fn or_groups() {
    let either = codes("研修 | 交流");
    let training = codes("研修");
    let exchange = codes("交流");
    for c in training.iter().chain(&exchange) {
        assert!(either.contains(c), "{c}");
    }
    assert_eq!(either.len(), {
        let mut all = training.clone();
        all.extend(exchange.clone());
        all.sort();
        all.dedup();
        all.len()
    });
    assert_eq!(either[0], "5-(2)-①", "職員研修の実施: a title hit");
}

#[test]
fn field_prefixes_restrict_terms() {
    // 交流 is in many bodies but in the 目的 of two measures only; the
    // shorter 目的 (the denser mention) first.
    assert_eq!(codes("目的:交流"), ["3-(2)-⑦", "1-(1)-③"]);
    assert_eq!(codes("purpose:交流"), codes("目的:交流"));
    // 課: covers 課等名, 主たる部署 and 関係部署.
    assert_eq!(codes("課:企画").len(), 5);
    assert_eq!(codes("div:企画"), codes("課:企画"));
    assert_eq!(codes("課:企画 !周知"), ["4-(1)-④", "5-(1)-②", "1-(2)-②"]);
    let business = codes("対象:事業者");
    assert_eq!(codes("target:事業者"), business);
    let plan = plan();
    for c in &business {
        let m = plan.measure(code(c)).unwrap();
        assert!(m.targets.iter().any(|t| t == "事業者"), "{c}");
    }
    let with_business = plan
        .measures()
        .filter(|m| m.targets.iter().any(|t| t == "事業者"))
        .count();
    assert_eq!(business.len(), with_business);
}

#[test]
fn department_filter_alone_and_with_a_query() {
    let plan = plan();
    let index = Index::new(&plan);
    let social = DeptFilter::new("社会福祉協議会");
    let hits = index.search(&Query::default(), Some(&social));
    assert_eq!(hits.len(), 7);
    for hit in &hits {
        let m = plan.measure(hit.code).unwrap();
        assert!(m.related_divisions.iter().any(|d| d == "社会福祉協議会"));
    }
    // Plan order when there is no query.
    let order: Vec<_> = hits.iter().map(|h| h.code).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    // The unit inside brackets: 市民活動サポートセンター is the lead of 15.
    let center = DeptFilter::new("市民活動サポートセンター");
    assert_eq!(index.search(&Query::default(), Some(&center)).len(), 15);
    // Combined with a query.
    let with_query = index.search(&Query::parse("講座"), Some(&social));
    assert!(!with_query.is_empty());
    assert!(with_query.len() < hits.len());
    assert!(
        with_query
            .iter()
            .all(|h| social.matches(plan.measure(h.code).unwrap()))
    );
}

#[test]
fn departments_list_every_unit_with_counts() {
    let list = departments(&plan());
    let get = |name: &str| {
        list.iter()
            .find(|d| d.name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(get("市民経済環境部").measures, 28);
    assert_eq!(get("総務部").measures, 7);
    assert_eq!(get("企画課").measures, 5);
    assert_eq!(get("生涯学習課").measures, 5);
    assert_eq!(get("学校教育課").measures, 1);
    assert_eq!(list[0].name, "市民経済環境部", "部 come first");
    assert_eq!(list.len(), 16);
}

#[test]
fn snippets_point_at_the_match() {
    let plan = plan();
    let hits = run("書き方セミナー");
    let hit = &hits[0];
    let field = hit.best.unwrap();
    let m = plan.measure(hit.code).unwrap();
    let (text, positions) =
        plan_review::search::snippet(&field.text(m, &plan), hit.positions(field), 30);
    let chars: Vec<char> = text.chars().collect();
    let shown: String = positions.iter().map(|&i| chars[i]).collect();
    assert_eq!(shown, "書き方セミナー");
    assert!(plan_review::text::width(&text) <= 30);
}

#[test]
#[cfg(feature = "romaji")]
fn romaji_finds_the_same_measures_as_the_kanji_and_no_dates() {
    // `chiiki` found six date lines (日(木) read as niti+ki) and none of the
    // 地域 measures (地 ti + 域 iki kept the long vowel apart).
    let mut kanji = codes("地域");
    let mut romaji = codes("chiiki");
    assert_eq!(kanji.len(), 14);
    kanji.sort();
    romaji.sort();
    assert_eq!(romaji, kanji);
    assert_eq!(codes("tiiki").len(), 14, "kunrei spelling");
    assert_eq!(codes("ちいき").len(), 14, "kana");
    // Every 地域 of the title, as the kanji query highlights them.
    assert_eq!(highlighted("chiiki", "1-(3)-①", Field::Title), "地域地域");
    assert_eq!(
        highlighted("chiiki", "1-(3)-①", Field::Title),
        highlighted("地域", "1-(3)-①", Field::Title)
    );
}

#[cfg(feature = "romaji")]
#[test]
fn romaji_typed_every_way_finds_what_the_written_word_finds() {
    let words: &[(&str, &[&str])] = &[
        ("協働", &["kyoudou", "kyōdō", "kyodo", "きょうどう"]),
        ("情報", &["jouhou", "jyouhou", "zyouhou", "jôhô", "joho"]),
        ("相談", &["soudan", "sōdan", "sodan"]),
        ("地域", &["chiiki", "tiiki", "ちいき"]),
        ("コミュニティ", &["komyuniti", "komyunitei", "komyunithi"]),
        ("フォーラム", &["forum", "foramu", "fo-ramu"]),
        ("ボランティア", &["borantia", "boranthia", "boranteia"]),
    ];
    for (word, typed) in words {
        let written = codes(word);
        assert!(!written.is_empty(), "{word} is in the report");
        for q in *typed {
            let found = codes(q);
            let missing: Vec<_> = written.iter().filter(|c| !found.contains(c)).collect();
            assert!(
                missing.is_empty(),
                "{q} misses {missing:?} that {word} finds"
            );
        }
    }
}

#[cfg(feature = "romaji")]
#[test]
fn reading_hits_cover_whole_words_and_say_so() {
    let plan = plan();
    let index = Index::new(&plan);
    // chiiki: every field found only by reading highlights a word read
    // chiiki (地域), never a slice glued across words such as 日(木).
    for hit in index.search(&Query::parse("chiiki"), None) {
        let m = plan.measure(hit.code).expect("measure");
        for f in hit.fields.iter().filter(|f| f.by_reading) {
            let text: Vec<char> = f.field.text(m, &plan).chars().collect();
            let marked: String = f.positions.iter().map(|&i| text[i]).collect();
            assert!(marked.contains("地域"), "{}: {marked}", hit.code);
            assert!(!marked.contains('日'), "{}: {marked}", hit.code);
        }
    }
    // The same word written is a literal match, typed in romaji a reading
    // match.
    let written = index.search(&Query::parse("協働"), None);
    assert!(written[0].fields.iter().all(|f| !f.by_reading));
    let read = index.search(&Query::parse("kyodo"), None);
    let title = read[0].fields.iter().find(|f| f.field == Field::Title);
    assert_eq!(title.map(|f| f.by_reading), Some(true));
}
