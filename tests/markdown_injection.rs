//! People's text cannot forge structure in any Markdown the program
//! writes: 意見の取りまとめ, 評価一覧表, a meeting's minutes and
//! `notes export --format md`.

use plan_review::dataset;
use plan_review::export::evaluation::{Sources, evaluation};
use plan_review::export::minutes::meeting_minutes;
use plan_review::export::opinions::digest;
use plan_review::i18n::Lang;
use plan_review::notes::export::{Format, Selection, export};
use plan_review::notes::{DatasetRef, Event, Journal};
use plan_review::review::{OpinionLinks, Scale};

/// What a tester typed into every field.
const HOSTILE: &str = "正当な意見\n## 柱9\n### 意見 99（fake）\n**対応方針**（対応済み）\n<script>alert(1)</script>[x](javascript:alert(1))";
/// A meeting label holding a line break and a heading.
const LABEL: &str = "第3回\n## 偽の見出し";

fn journal(dir: &std::path::Path) -> Journal {
    let at: jiff::Timestamp = "2026-11-24T05:00:00Z".parse().unwrap();
    let dataset = DatasetRef {
        plan: "富里市協働のまちづくり推進計画".into(),
        report: "令和2年度計画の進捗状況".into(),
    };
    let mut j = Journal::open_as(dir, "佐藤").unwrap();
    let events = [
        Event::Opinion {
            id: "k3x9f2a".into(),
            at,
            text: HOSTILE.into(),
            links: OpinionLinks {
                measures: vec!["1-(2)-①".into()],
                ..OpinionLinks::default()
            },
            meeting: Some(LABEL.into()),
            by: None,
        },
        Event::Respond {
            id: "k3x9f2a".into(),
            at,
            text: Some(HOSTILE.into()),
            division: Some("課\n## 偽".into()),
            status: None,
            by: None,
        },
        Event::OpinionSummary {
            at,
            text: HOSTILE.into(),
            by: None,
        },
        Event::Decide {
            id: "d1".into(),
            at,
            code: "1-(2)-①".into(),
            grade: "B".into(),
            reason: HOSTILE.into(),
            direction: None,
            by: String::new(),
            dataset: Some(dataset.clone()),
        },
        Event::Add {
            id: "n1".into(),
            at,
            code: "1-(2)-①".into(),
            text: HOSTILE.into(),
            meeting: Some(LABEL.into()),
            dataset,
            by: None,
        },
    ];
    for event in &events {
        j.append(event).unwrap();
    }
    j
}

/// No line of `md` is a forged heading, opinion or answer, and no raw
/// HTML or link survives.
fn assert_inert(name: &str, md: &str) {
    for line in md.lines() {
        for forged in ["## 柱9", "### 意見 99", "**対応方針**（対応済み）", "## 偽"] {
            assert!(
                !line.trim_start_matches(['-', ' ']).starts_with(forged),
                "{name}: {line:?}\n{md}"
            );
        }
    }
    assert!(!md.contains("<script"), "{name}:\n{md}");
    assert!(!md.contains("[x](javascript"), "{name}:\n{md}");
}

#[test]
fn no_markdown_export_lets_text_forge_structure() {
    let dir = tempfile::tempdir().unwrap();
    let j = journal(dir.path());
    let plan = dataset::bundled().unwrap();
    let scale = Scale::default();
    let src = Sources {
        plan: &plan,
        notes: j.book(),
        reviews: j.reviews(),
        opinions: j.opinions(),
        scale: &scale,
    };
    let now = jiff::Timestamp::now();
    let opinions = digest(&plan, j.opinions(), Lang::Ja).markdown(&plan, Lang::Ja, now);
    assert_inert("opinions", &opinions);
    // The lines of one opinion stay lines: hard breaks, not one paragraph.
    assert!(
        opinions.contains("正当な意見  \n\\## 柱9  \n"),
        "{opinions}"
    );
    // The meeting label stays on the heading's line.
    assert!(
        opinions.contains("### 意見 1（k3x9f2a）　【第3回 ## 偽の見出し】\n"),
        "{opinions}"
    );
    assert_inert(
        "evaluation",
        &evaluation(src, Lang::Ja).markdown(Lang::Ja, now),
    );
    assert_inert("minutes", &meeting_minutes(src, None, Lang::Ja, now));
    let selection = Selection {
        meetings: vec![LABEL.into()],
        since: None,
    };
    let notes = export(&plan, j.book(), Format::Md, &selection, Lang::Ja);
    assert_inert("notes", &notes);
    assert!(
        notes.starts_with("# 議事メモ: 第3回 ## 偽の見出し\n"),
        "{notes}"
    );
}

#[test]
fn a_dataset_name_cannot_forge_a_heading_either() {
    let dir = tempfile::tempdir().unwrap();
    let j = journal(dir.path());
    let mut plan = dataset::bundled().unwrap();
    plan.plan = "## 偽の計画".into();
    plan.report = "<b>報告</b>".into();
    let scale = Scale::default();
    let src = Sources {
        plan: &plan,
        notes: j.book(),
        reviews: j.reviews(),
        opinions: j.opinions(),
        scale: &scale,
    };
    let now = jiff::Timestamp::now();
    let docs = [
        evaluation(src, Lang::Ja).markdown(Lang::Ja, now),
        digest(&plan, j.opinions(), Lang::Ja).markdown(&plan, Lang::Ja, now),
        export(&plan, j.book(), Format::Md, &Selection::default(), Lang::Ja),
    ];
    for md in &docs {
        assert!(md.contains("\\## 偽の計画 &lt;b>報告&lt;/b>  \n"), "{md}");
        assert_inert("with a hostile dataset", md);
    }
}
