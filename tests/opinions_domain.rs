//! The opinion register: opinions, edits, answers and the 総括 through the
//! real journal, with two reviewers' files replayed in time order.

use plan_review::code::MeasureCode;
use plan_review::dataset;
use plan_review::notes::{Event, Journal};
use plan_review::review::opinions::{
    LinkError, OpinionLinks, OpinionStatus, new_opinion_id, parse_links,
};

fn code(text: &str) -> MeasureCode {
    MeasureCode::parse(text).unwrap()
}

fn opinion(id: &str, at: &str, text: &str, links: OpinionLinks) -> Event {
    Event::Opinion {
        id: id.into(),
        at: at.parse().unwrap(),
        text: text.into(),
        links,
        meeting: Some("第3回推進委員会".into()),
        by: None,
    }
}

fn respond(
    id: &str,
    at: &str,
    text: Option<&str>,
    division: Option<&str>,
    status: Option<OpinionStatus>,
) -> Event {
    Event::Respond {
        id: id.into(),
        at: at.parse().unwrap(),
        text: text.map(Into::into),
        division: division.map(Into::into),
        status,
        by: None,
    }
}

fn on_measure(c: &str) -> OpinionLinks {
    OpinionLinks {
        measures: vec![c.into()],
        ..OpinionLinks::default()
    }
}

fn on_pillar(p: u32) -> OpinionLinks {
    OpinionLinks {
        pillar: Some(p),
        ..OpinionLinks::default()
    }
}

#[test]
fn add_respond_edit_and_status_changes_stand_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open_as(dir.path(), "佐藤").unwrap();
    j.append(&opinion(
        "a1b2c3d",
        "2026-11-24T05:00:00Z",
        "補助金の周知を広げること",
        on_measure("1-(2)-①"),
    ))
    .unwrap();
    j.append(&respond(
        "a1b2c3d",
        "2026-11-24T05:01:00Z",
        Some("広報とSNSで周知する"),
        Some("市民活動推進課"),
        Some(OpinionStatus::InProgress),
    ))
    .unwrap();
    // Only the status changes: text and division stay.
    j.append(&respond(
        "a1b2c3d",
        "2026-11-24T05:02:00Z",
        None,
        None,
        Some(OpinionStatus::Done),
    ))
    .unwrap();
    j.append(&Event::OpinionEdit {
        id: "a1b2c3d".into(),
        at: "2026-11-24T05:03:00Z".parse().unwrap(),
        text: Some("補助金の周知を全地区に広げること".into()),
        links: None,
        meeting: None,
        by: None,
    })
    .unwrap();
    let book = j.opinions();
    let o = book.get("a1b2c3d").unwrap();
    assert_eq!(o.text, "補助金の周知を全地区に広げること");
    assert_eq!(o.links.measures, ["1-(2)-①"]);
    assert_eq!(o.meeting.as_deref(), Some("第3回推進委員会"));
    assert_eq!(o.author, "佐藤");
    assert_eq!(o.response.text, "広報とSNSで周知する");
    assert_eq!(o.response.division, "市民活動推進課");
    assert_eq!(o.response.status, OpinionStatus::Done);
    assert_eq!(o.edited, Some("2026-11-24T05:03:00Z".parse().unwrap()));
    let kinds: Vec<(&str, Option<OpinionStatus>)> =
        o.history.iter().map(|c| (c.kind, c.status)).collect();
    assert_eq!(
        kinds,
        [
            ("added", None),
            ("responded", Some(OpinionStatus::InProgress)),
            ("responded", Some(OpinionStatus::Done)),
            ("edited", None)
        ]
    );
    assert_eq!(book.for_measure(code("1-(2)-①")).len(), 1);
    assert_eq!(book.count(code("1-(2)-②")), 0);
    assert_eq!(book.with_status(OpinionStatus::Done).len(), 1);
    assert!(book.with_status(OpinionStatus::Open).is_empty());
    // The same again after a fresh read of the file.
    let again = Journal::open_as(dir.path(), "田中").unwrap();
    assert_eq!(again.opinions().all(), book.all());
}

#[test]
fn two_reviewers_files_replay_in_time_order_and_the_later_edit_wins() {
    let dir = tempfile::tempdir().unwrap();
    let mut sato = Journal::open_as(dir.path(), "佐藤").unwrap();
    let mut tanaka = Journal::open_as(dir.path(), "田中").unwrap();
    sato.append(&opinion(
        "op5aaaa",
        "2026-11-24T05:00:00Z",
        "柱5全体の進め方",
        on_pillar(5),
    ))
    .unwrap();
    // 田中 answers later in time, but 佐藤's file sorts first by name too:
    // only time decides here.
    tanaka
        .append(&respond(
            "op5aaaa",
            "2026-11-24T06:00:00Z",
            Some("田中の回答"),
            Some("企画課"),
            Some(OpinionStatus::InProgress),
        ))
        .unwrap();
    // 佐藤 wrote an earlier answer (slower clock, later sync): it comes
    // first in merge order, so 田中's later answer stands.
    sato.append(&respond(
        "op5aaaa",
        "2026-11-24T05:30:00Z",
        Some("佐藤の回答"),
        None,
        Some(OpinionStatus::WontDo),
    ))
    .unwrap();
    sato.append(&Event::OpinionSummary {
        at: "2026-11-24T07:00:00Z".parse().unwrap(),
        text: "総括（佐藤）".into(),
        by: None,
    })
    .unwrap();
    tanaka
        .append(&Event::OpinionSummary {
            at: "2026-11-24T07:05:00Z".parse().unwrap(),
            text: "総括（田中）".into(),
            by: None,
        })
        .unwrap();
    for reader in ["佐藤", "田中", "鈴木"] {
        let j = Journal::open_as(dir.path(), reader).unwrap();
        let o = j.opinions().get("op5aaaa").unwrap();
        assert_eq!(o.response.text, "田中の回答", "as read by {reader}");
        assert_eq!(o.response.division, "企画課");
        assert_eq!(o.response.status, OpinionStatus::InProgress);
        assert_eq!(o.response.by.as_deref(), Some("田中"));
        let whos: Vec<&str> = o.history.iter().map(|c| c.by.as_str()).collect();
        assert_eq!(whos, ["佐藤", "佐藤", "田中"]);
        let summary = j.opinions().summary().unwrap();
        assert_eq!(
            (summary.text.as_str(), summary.by.as_str()),
            ("総括（田中）", "田中")
        );
        // A pillar opinion concerns every measure of the pillar, names none.
        assert_eq!(j.opinions().concerning(code("5-(1)-①")).len(), 1);
        assert!(j.opinions().for_measure(code("5-(1)-①")).is_empty());
        assert_eq!(j.opinions().in_pillar(Some(5)).len(), 1);
    }
    // The journal keeps both answers: nothing was rewritten.
    let sato_file = std::fs::read_to_string(sato.path()).unwrap();
    assert!(sato_file.contains("佐藤の回答"));
}

#[test]
fn a_response_to_an_unknown_opinion_and_a_repeated_add_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open_as(dir.path(), "佐藤").unwrap();
    j.append(&respond(
        "nothere",
        "2026-11-24T05:00:00Z",
        Some("x"),
        None,
        None,
    ))
    .unwrap();
    j.append(&opinion(
        "dup0001",
        "2026-11-24T05:01:00Z",
        "一回目",
        on_pillar(1),
    ))
    .unwrap();
    j.append(&opinion(
        "dup0001",
        "2026-11-24T05:02:00Z",
        "二回目",
        on_pillar(2),
    ))
    .unwrap();
    assert_eq!(j.opinions().all().len(), 1);
    assert_eq!(j.opinions().all()[0].text, "一回目");
}

#[test]
fn ids_are_short_and_avoid_taken_ones_and_prefixes_find_them() {
    let mut seen = std::collections::HashSet::new();
    for _ in 0..2000 {
        let id = new_opinion_id(|id| seen.contains(id));
        assert_eq!(id.len(), 7);
        assert!(
            id.chars()
                .all(|c| "0123456789abcdefghjkmnpqrstvwxyz".contains(c)),
            "{id}"
        );
        assert!(seen.insert(id));
    }
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open_as(dir.path(), "佐藤").unwrap();
    j.append(&opinion(
        "k3x9f2a",
        "2026-11-24T05:00:00Z",
        "一",
        on_pillar(1),
    ))
    .unwrap();
    j.append(&opinion(
        "k3y0000",
        "2026-11-24T05:01:00Z",
        "二",
        on_pillar(2),
    ))
    .unwrap();
    assert_eq!(j.opinions().find("K3X").unwrap().text, "一");
    let ambiguous = j.opinions().find("k3").unwrap_err().to_string();
    assert!(ambiguous.contains("k3x9f2a, k3y0000"), "{ambiguous}");
    let unknown = j.opinions().find("zzz").unwrap_err().to_string();
    assert!(unknown.contains("k3x9f2a, k3y0000"), "{unknown}");
}

#[test]
fn links_are_checked_against_the_plan_and_stored_in_its_forms() {
    let plan = dataset::bundled().unwrap();
    let links = parse_links(
        &plan,
        &["1-2-1".into(), "１－（２）－①".into()],
        Some("５"),
        Some("1-2"),
    )
    .unwrap();
    assert_eq!(links.measures, ["1-(2)-①"]);
    assert_eq!(links.pillar, Some(5));
    assert_eq!(links.section.as_deref(), Some("1-(2)"));
    assert_eq!(links.pillar_number(), Some(5));
    let e = parse_links(&plan, &["9-9-9".into()], None, None).unwrap_err();
    assert!(matches!(e, LinkError::Measure { .. }));
    assert!(e.to_string().contains("1-(1)-①"), "{e}");
    let e = parse_links(&plan, &[], Some("7"), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no pillar `7` in this dataset; the pillars are: 1 2 3 4 5"
    );
    let e = parse_links(&plan, &[], None, Some("1-9")).unwrap_err();
    assert!(e.to_string().contains("1-(1) 1-(2)"), "{e}");
}
