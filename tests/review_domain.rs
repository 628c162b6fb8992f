//! The review's domain without storage or screen: tallies, disagreement,
//! the attention rules on the bundled R2 report, the overview's rows and
//! decisions (the scale is in `review_scale.rs`).

use jiff::Timestamp;
use plan_review::code::MeasureCode;
use plan_review::dataset;
use plan_review::notes::{Flag, NoteBook};
use plan_review::review::attention::{Reason, called_off};
use plan_review::review::{
    Decision, GroupKind, Rating, ReviewBook, Scale, Tally, attention, summary,
};

fn code(text: &str) -> MeasureCode {
    MeasureCode::parse(text).unwrap()
}

fn rating(id: &str, code: &str, reviewer: &str, grade: &str) -> Rating {
    Rating {
        id: id.into(),
        code: code.into(),
        reviewer: reviewer.into(),
        grade: grade.into(),
        reason: format!("{reviewer}の理由"),
        direction: Some("継続".into()),
        at: "2026-11-24T05:00:00Z".parse::<Timestamp>().unwrap(),
    }
}

#[test]
fn tallies_count_the_standing_ratings_in_scale_order() {
    let scale = Scale::default();
    let mut book = ReviewBook::default();
    book.record_rating(rating("1", "1-(1)-①", "佐藤", "B"));
    book.record_rating(rating("2", "1-(1)-①", "鈴木", "A"));
    book.record_rating(rating("3", "1-(1)-①", "高橋", "A"));
    // 佐藤 changes their mind: the latest rating wins, the first stays in
    // the history.
    book.record_rating(rating("4", "1-1-1", "佐藤", "A"));
    book.record_rating(rating("5", "1-(1)-②", "佐藤", "C"));
    let tally = book.tally(code("1-(1)-①"), &scale);
    assert_eq!(tally.to_string(), "A:3");
    assert_eq!(tally.total(), 3);
    assert_eq!(book.history(code("1-(1)-①")).len(), 4);
    assert_eq!(book.rating_by(code("1-(1)-①"), "佐藤").unwrap().id, "4");
    let reviewers: Vec<&str> = book
        .ratings(code("1-(1)-①"))
        .iter()
        .map(|r| r.reviewer.as_str())
        .collect();
    assert_eq!(reviewers, ["佐藤", "鈴木", "高橋"]);
    // The same event read twice (a sync tool's copy) counts once.
    book.record_rating(rating("2", "1-(1)-①", "鈴木", "A"));
    assert_eq!(book.tally(code("1-(1)-①"), &scale).total(), 3);

    let mixed = Tally::of(&scale, ["B", "A", "B", "X", "D"]);
    assert_eq!(mixed.to_string(), "A:1 B:2 D:1 X:1");
    assert_eq!(
        mixed.counts,
        [
            ("A".into(), 1),
            ("B".into(), 2),
            ("C".into(), 0),
            ("D".into(), 1)
        ]
    );
    assert_eq!(mixed.off_scale, [("X".into(), 1)]);
    assert_eq!(Tally::of(&scale, []).to_string(), "");
}

#[test]
fn disagreement_is_two_steps_or_more() {
    let scale = Scale::default();
    for (grades, spread, disagrees) in [
        (vec!["A", "B"], Some(1), false),
        (vec!["A", "A", "B"], Some(1), false),
        (vec!["A", "C"], Some(2), true),
        (vec!["B", "D", "C"], Some(2), true),
        (vec!["A", "D"], Some(3), true),
        (vec!["C"], Some(0), false),
        (vec![], None, false),
        // A grade the scale no longer has says nothing about distance.
        (vec!["A", "Z"], Some(0), false),
    ] {
        let tally = Tally::of(&scale, grades.iter().copied());
        assert_eq!(tally.spread, spread, "{grades:?}");
        assert_eq!(tally.disagrees(), disagrees, "{grades:?}");
    }
    assert_eq!(
        Tally::of(&scale, ["C", "A", "B"]).extremes(),
        Some(("A", "C"))
    );
}

#[test]
fn the_called_off_rule_finds_exactly_the_three_r2_measures() {
    let plan = dataset::bundled().unwrap();
    let found: Vec<(String, &str)> = plan
        .measures()
        .filter_map(|m| called_off(&plan, m).map(|w| (m.code.to_string(), w)))
        .collect();
    assert_eq!(
        found,
        [
            ("2-(1)-⑥".to_owned(), "延期"),
            ("3-(2)-③".to_owned(), "休止"),
            ("3-(3)-③".to_owned(), "中止"),
        ]
    );
    // Not these, though their text has 中止: a grantee dropped its own
    // project (1-(2)-①, 4-(2)-②), and one event of six was cancelled
    // (2-(1)-②).
    for c in ["1-(2)-①", "4-(2)-②", "2-(1)-②"] {
        assert!(plan.measure(code(c)).unwrap().achievements.contains("中止"));
    }
}

#[test]
fn the_called_off_rule_needs_the_plan_to_say_jisshi() {
    let mut plan = dataset::bundled().unwrap();
    let measure = plan.pillars[2].sections[1].measures[2].clone();
    assert_eq!(measure.code.to_string(), "3-(2)-③");
    assert_eq!(called_off(&plan, &measure), Some("休止"));
    let mut changed = measure.clone();
    changed.schedule.last_mut().unwrap().plan = "検討".into();
    assert_eq!(called_off(&plan, &changed), None);
    // Later years keep continuing (→) the plan of the year they follow.
    changed.schedule.last_mut().unwrap().plan = "→".into();
    assert_eq!(called_off(&plan, &changed), Some("休止"));
    plan.years.push("R3".into());
    assert_eq!(called_off(&plan, &changed), None, "no plan for R3");
}

#[test]
fn the_attention_list_with_every_reason() {
    let mut plan = dataset::bundled().unwrap();
    // An empty 取組実績, as another year's report might have.
    plan.pillars[4].sections[1].measures[0].achievements = " \n".into();
    let scale = Scale::default();
    let mut notes = NoteBook::default();
    notes.apply(&plan_review::notes::Event::Flag {
        code: "1-(1)-②".into(),
        at: Timestamp::now(),
        flag: Some(Flag::NeedsCheck),
    });
    let mut reviews = ReviewBook::default();
    // Rate every measure A, then make 1-(1)-① disputed.
    for (i, m) in plan.measures().enumerate() {
        reviews.record_rating(rating(&format!("r{i}"), &m.code.to_string(), "佐藤", "A"));
    }
    reviews.record_rating(rating("x1", "1-(1)-①", "鈴木", "C"));
    // 1-(1)-③ is disputed but decided: settled.
    reviews.record_rating(rating("x2", "1-(1)-③", "鈴木", "D"));
    reviews.record_decision(Decision {
        id: "d1".into(),
        code: "1-(1)-③".into(),
        grade: "B".into(),
        reason: "協議の結果".into(),
        by: "事務局".into(),
        direction: None,
        at: Timestamp::now(),
    });
    // 1-(2)-② is not rated at all.
    let mut unrated = ReviewBook::default();
    for r in reviews.standing().filter(|r| r.code != "1-(2)-②") {
        unrated.record_rating(r.clone());
    }
    for d in reviews.decisions() {
        unrated.record_decision(d.clone());
    }
    let list = attention(&plan, &notes, &unrated, &scale);
    let keys: Vec<(String, Vec<&str>)> = list
        .iter()
        .map(|i| {
            (
                i.code.to_string(),
                i.reasons.iter().map(Reason::key).collect(),
            )
        })
        .collect();
    // What the meeting must discuss first, then what waits for a
    // rating; plan order within each.
    assert_eq!(
        keys,
        [
            ("1-(1)-①".to_owned(), vec!["disagreement"]),
            ("1-(1)-②".to_owned(), vec!["needs_check"]),
            ("2-(1)-⑥".to_owned(), vec!["called_off"]),
            ("3-(2)-③".to_owned(), vec!["called_off"]),
            ("3-(3)-③".to_owned(), vec!["called_off"]),
            ("5-(2)-①".to_owned(), vec!["no_achievements"]),
            ("1-(2)-②".to_owned(), vec!["not_rated"]),
        ]
    );
    assert_eq!(
        list[0].reasons[0],
        Reason::Disagreement {
            best: "A".into(),
            worst: "C".into()
        }
    );
    assert_eq!(
        list[0].reasons[0].describe(plan_review::i18n::Lang::Ja),
        "評価が分かれている（A〜C）"
    );
    // With nothing rated, every measure is on the list as not rated.
    let fresh = attention(&plan, &NoteBook::default(), &ReviewBook::default(), &scale);
    assert_eq!(fresh.len(), 35);
    assert!(fresh.iter().all(|i| i.reasons.contains(&Reason::NotRated)));
}

#[test]
fn a_measure_rated_at_the_bottom_of_the_scale_needs_attention() {
    let plan = dataset::bundled().unwrap();
    let scale = Scale::default();
    let notes = NoteBook::default();
    let mut reviews = ReviewBook::default();
    for (i, m) in plan.measures().enumerate() {
        reviews.record_rating(rating(&format!("r{i}"), &m.code.to_string(), "佐藤", "A"));
        reviews.record_rating(rating(&format!("s{i}"), &m.code.to_string(), "鈴木", "A"));
    }
    // Both reviewers agree 3-(2)-⑧ is behind: no disagreement, still D.
    reviews.record_rating(rating("d1", "3-(2)-⑧", "佐藤", "D"));
    reviews.record_rating(rating("d2", "3-(2)-⑧", "鈴木", "D"));
    // One reviewer's D on 1-(1)-② (C elsewhere would be no reason).
    reviews.record_rating(rating("d3", "1-(1)-②", "鈴木", "D"));
    // A D settled by a decision of B is not; a decision of D is.
    reviews.record_rating(rating("d4", "4-(1)-①", "鈴木", "D"));
    let decide = |id: &str, code: &str, grade: &str| Decision {
        id: id.into(),
        code: code.into(),
        grade: grade.into(),
        reason: String::new(),
        by: "事務局".into(),
        direction: None,
        at: Timestamp::now(),
    };
    reviews.record_decision(decide("e1", "4-(1)-①", "B"));
    reviews.record_decision(decide("e2", "5-(1)-①", "D"));
    let list = attention(&plan, &notes, &reviews, &scale);
    let low: Vec<(String, Vec<&str>)> = list
        .iter()
        .filter(|i| i.reasons.iter().any(|r| r.key() == "low_grade"))
        .map(|i| {
            (
                i.code.to_string(),
                i.reasons.iter().map(Reason::key).collect(),
            )
        })
        .collect();
    assert_eq!(
        low,
        [
            ("1-(1)-②".to_owned(), vec!["disagreement", "low_grade"]),
            ("3-(2)-⑧".to_owned(), vec!["low_grade"]),
            ("5-(1)-①".to_owned(), vec!["low_grade"]),
        ]
    );
    let reason = &list
        .iter()
        .find(|i| i.code.to_string() == "3-(2)-⑧")
        .unwrap()
        .reasons[0];
    assert_eq!(
        *reason,
        Reason::LowGrade {
            grade: "D".into(),
            label: "遅れ".into()
        }
    );
    assert_eq!(
        reason.describe(plan_review::i18n::Lang::Ja),
        "遅れ（D）と評価"
    );
    assert_eq!(
        reason.describe(plan_review::i18n::Lang::En),
        "rated D (遅れ)"
    );
}

#[test]
fn summary_rows_per_pillar_section_and_department() {
    let plan = dataset::bundled().unwrap();
    let scale = Scale::default();
    let mut notes = NoteBook::default();
    notes.apply(&plan_review::notes::Event::Flag {
        code: "1-(1)-②".into(),
        at: Timestamp::now(),
        flag: Some(Flag::NeedsCheck),
    });
    notes.apply(&plan_review::notes::Event::Add {
        id: "n1".into(),
        at: Timestamp::now(),
        code: "1-(1)-①".into(),
        text: "メモ".into(),
        meeting: None,
        dataset: plan_review::notes::DatasetRef::of(&plan),
        by: None,
    });
    let mut reviews = ReviewBook::default();
    reviews.record_rating(rating("1", "1-(1)-①", "佐藤", "A"));
    reviews.record_rating(rating("2", "1-(1)-①", "鈴木", "B"));
    reviews.record_rating(rating("3", "1-(2)-①", "佐藤", "C"));
    reviews.record_rating(rating("4", "4-(1)-①", "佐藤", "A"));
    reviews.record_decision(Decision {
        id: "d".into(),
        code: "1-(1)-①".into(),
        grade: "A".into(),
        reason: String::new(),
        by: "事務局".into(),
        direction: None,
        at: Timestamp::now(),
    });
    let rows = summary(&plan, &notes, &reviews, &scale);
    let whole = &rows[0];
    assert_eq!(whole.kind, GroupKind::Plan);
    assert_eq!((whole.measures, whole.rated, whole.decided), (35, 3, 1));
    assert_eq!(whole.ratings.to_string(), "A:2 B:1 C:1");
    assert_eq!(whole.decisions.to_string(), "A:1");
    assert_eq!((whole.needs_check, whole.notes), (1, 1));

    let pillars: Vec<(&str, usize, usize)> = rows
        .iter()
        .filter(|r| r.kind == GroupKind::Pillar)
        .map(|r| (r.key.as_str(), r.measures, r.rated))
        .collect();
    assert_eq!(
        pillars,
        [
            ("1", 6, 2),
            ("2", 8, 0),
            ("3", 12, 0),
            ("4", 6, 1),
            ("5", 3, 0)
        ]
    );
    let section = rows
        .iter()
        .find(|r| r.kind == GroupKind::Section && r.key == "1-(1)")
        .unwrap();
    assert_eq!(
        (section.measures, section.rated, section.decided),
        (3, 1, 1)
    );
    assert_eq!(section.codes[0], code("1-(1)-①"));
    assert_eq!(
        rows.iter().filter(|r| r.kind == GroupKind::Section).count(),
        12
    );

    let departments: Vec<(&str, usize)> = rows
        .iter()
        .filter(|r| r.kind == GroupKind::Department)
        .map(|r| (r.key.as_str(), r.measures))
        .collect();
    // The two spellings of the support centre (（） and ()) are one row.
    assert_eq!(
        departments,
        [
            ("市民活動推進課(市民活動サポートセンター)", 15),
            ("市民活動推進課", 13),
            ("企画課", 4),
            ("秘書広報課", 2),
            ("総務課", 1),
        ]
    );
    let total: usize = departments.iter().map(|d| d.1).sum();
    assert_eq!(total, 35);
}

#[test]
fn one_measures_review_as_one_reviewer_sees_it() {
    let scale = Scale::default();
    let mut book = ReviewBook::default();
    let c = code("2-(1)-⑥");
    assert_eq!(book.shown(c, "佐藤"), None);
    book.record_rating(rating("1", "2-(1)-⑥", "鈴木", "A"));
    assert_eq!(
        book.shown(c, "佐藤"),
        None,
        "others' grades are not my badge"
    );
    book.record_rating(rating("2", "2-(1)-⑥", "佐藤", "C"));
    book.record_rating(rating("3", "2-(1)-⑥", "高橋", "B"));
    assert_eq!(
        book.shown(c, "佐藤").map(|s| s.grade().to_owned()),
        Some("C".into())
    );
    assert!(matches!(
        book.shown(c, "佐藤"),
        Some(plan_review::review::Shown::Mine(_))
    ));
    let view = book.measure(c, "佐藤", &scale);
    assert_eq!(view.mine.unwrap().grade, "C");
    let others: Vec<&str> = view.others.iter().map(|r| r.reviewer.as_str()).collect();
    assert_eq!(others, ["鈴木", "高橋"]);
    assert_eq!(view.tally.to_string(), "A:1 B:1 C:1");
    assert!(view.disagrees);
    assert_eq!(view.decision, None);
    book.record_decision(Decision {
        id: "d".into(),
        code: "2-(1)-⑥".into(),
        grade: "B".into(),
        reason: "延期は妥当".into(),
        by: "事務局".into(),
        direction: None,
        at: Timestamp::now(),
    });
    assert!(
        matches!(book.shown(c, "佐藤"), Some(plan_review::review::Shown::Decided(d)) if d.grade == "B")
    );
    assert_eq!(
        book.measure(c, "佐藤", &scale).decision.unwrap().reason,
        "延期は妥当"
    );
}

#[test]
fn a_decision_carries_a_direction_and_old_decisions_still_load() {
    use plan_review::notes::{Event, Journal};
    let old = r#"{"op":"decide","id":"d","at":"2026-11-24T09:00:00Z","code":"1-(2)-①","grade":"B","reason":"決定","by":"佐藤"}"#;
    let event: Event = serde_json::from_str(old).unwrap();
    // Written back unchanged: no `direction` field appears.
    assert_eq!(serde_json::to_string(&event).unwrap(), old);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.jsonl"), format!("{old}\n")).unwrap();
    let mut journal = Journal::open_as(dir.path(), "事務局").unwrap();
    let code = plan_review::code::MeasureCode::new(1, 2, 1);
    assert_eq!(journal.reviews().decision(code).unwrap().direction, None);

    let plan = plan_review::dataset::bundled().unwrap();
    let scale = Scale::default();
    let grade = scale.parse_grade("C").unwrap();
    let direction = scale.parse_direction("拡充").unwrap();
    let event = plan_review::review::decision_event(&plan, code, grade, "協議", Some(direction));
    journal.append(&event).unwrap();
    let again = Journal::open_as(dir.path(), "x").unwrap();
    let decision = again.reviews().decision(code).unwrap();
    assert_eq!(
        (
            decision.grade.as_str(),
            decision.direction.as_deref(),
            decision.by.as_str()
        ),
        ("C", Some("拡充"), "事務局")
    );
}
