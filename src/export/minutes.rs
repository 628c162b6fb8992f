//! One meeting's minutes, for the screen's minutes key: the meeting's
//! notes (as `notes export` writes them), the ratings and decisions as
//! they stand, and the opinions given at the meeting with their answers.

use jiff::Timestamp;

use super::evaluation::{Sources, directions, table};
use super::opinions::{Digest, Group};
use crate::i18n::Lang;
use crate::notes::export::{self as notes_export, Selection, same_meeting};
use crate::notes::local_time;

/// The minutes of `meeting` (every note and opinion when `None`) in
/// Markdown. Ratings and decisions carry no meeting label, so the minutes
/// give each rated or decided measure's as they stand when written: each
/// reviewer's grade with the reason, the decision with its reason, and
/// the direction (the decision's, else the reviewers').
pub fn meeting_minutes(
    src: Sources<'_>,
    meeting: Option<&str>,
    lang: Lang,
    written: Timestamp,
) -> String {
    let ja = lang == Lang::Ja;
    let selection = Selection {
        meetings: meeting.map(str::to_owned).into_iter().collect(),
        since: None,
    };
    let mut out = notes_export::export(
        src.plan,
        src.notes,
        notes_export::Format::Md,
        &selection,
        lang,
    );

    out.push_str(&format!(
        "\n## {}\n\n",
        if ja {
            format!("評価（{} 時点）", local_time(written))
        } else {
            format!("Ratings (as of {})", local_time(written))
        }
    ));
    let headers: Vec<String> = if ja {
        ["番号", "事業名", "評価", "決定", "決定理由", "今後の方向性"]
    } else {
        [
            "code",
            "title",
            "ratings",
            "decision",
            "reason",
            "direction",
        ]
    }
    .map(str::to_owned)
    .to_vec();
    let rows: Vec<Vec<String>> = src
        .plan
        .measures()
        .filter_map(|m| {
            let ratings = src.reviews.ratings(m.code);
            let decision = src.reviews.decision(m.code);
            if ratings.is_empty() && decision.is_none() {
                return None;
            }
            // One line per reviewer (a `<br>` in the table's cell).
            let given: Vec<String> = ratings
                .iter()
                .map(|r| {
                    if r.reason.trim().is_empty() {
                        format!("{} {}", r.reviewer, r.grade)
                    } else if ja {
                        format!("{} {}（{}）", r.reviewer, r.grade, r.reason)
                    } else {
                        format!("{} {} ({})", r.reviewer, r.grade, r.reason)
                    }
                })
                .collect();
            Some(vec![
                m.code.to_string(),
                lang.measure_title(m),
                given.join("\n"),
                decision.map(|d| d.grade.clone()).unwrap_or_default(),
                decision.map(|d| d.reason.clone()).unwrap_or_default(),
                directions(src.reviews, m.code).join(if ja { "、" } else { ", " }),
            ])
        })
        .collect();
    if rows.is_empty() {
        out.push_str(if ja {
            "（評価なし）\n"
        } else {
            "(none)\n"
        });
    } else {
        table(&mut out, &headers, rows.into_iter());
    }

    let opinions: Vec<_> = src
        .opinions
        .all()
        .iter()
        .filter(|o| {
            meeting.is_none_or(|m| o.meeting.as_deref().is_some_and(|l| same_meeting(l, m)))
        })
        .collect();
    out.push_str(&format!("\n## {}\n", if ja { "意見" } else { "Opinions" }));
    if opinions.is_empty() {
        out.push_str(if ja {
            "\n（意見なし）\n"
        } else {
            "\n(none)\n"
        });
        return out;
    }
    // The same blocks as 意見の取りまとめ, in one group without its title.
    let digest = Digest {
        plan: String::new(),
        report: String::new(),
        summary: None,
        groups: vec![Group {
            pillar: None,
            heading: String::new(),
            opinions,
        }],
    };
    out.push_str(&digest.opinion_blocks(src.plan, lang));
    out
}
