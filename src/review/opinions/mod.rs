//! The committee's opinions (意見) and the divisions' answers (対応方針),
//! the register 意見の取りまとめ is written from.
//!
//! An opinion is about measures, a pillar or a section (or the plan as a
//! whole when it names none). Its answer has a text, the division
//! responsible and a [`OpinionStatus`]. Everything is stored as events in
//! the notes journal ([`crate::notes::Event::Opinion`],
//! [`crate::notes::Event::OpinionEdit`], [`crate::notes::Event::Respond`],
//! [`crate::notes::Event::OpinionSummary`]) and replayed into an
//! [`OpinionBook`] by [`crate::notes::Journal::opinions`]; a later change
//! by anyone wins field by field, and the journal keeps every change.
//!
//! Domain only: nothing here knows the screen.

mod book;
mod new;
mod status;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::code::MeasureCode;

pub use book::{FindError, OpinionBook};
pub use new::{
    LinkError, edit_event, new_opinion_id, opinion_event, parse_links, parse_section,
    response_event, summary_event,
};
pub use status::{OpinionStatus, StatusError};

/// What an opinion is about. Stored as written in the journal; the codes
/// are the dataset's `1-(2)-①` form when entered through
/// [`parse_links`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpinionLinks {
    /// Measures, in the order given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<String>,
    /// A pillar (柱) number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pillar: Option<u32>,
    /// A section (施策), `1-(2)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

impl OpinionLinks {
    /// The measures whose codes parse, in the order given.
    pub fn measure_codes(&self) -> Vec<MeasureCode> {
        self.measures
            .iter()
            .filter_map(|c| MeasureCode::parse(c))
            .collect()
    }

    /// The section as (pillar, section), when one is given and parses.
    pub fn section_numbers(&self) -> Option<(u32, u32)> {
        self.section.as_deref().and_then(parse_section)
    }

    /// The pillar the opinion is filed under in 意見の取りまとめ: the one
    /// named, else the section's, else the first (in plan order) of its
    /// measures'; `None` for an opinion on the whole plan.
    pub fn pillar_number(&self) -> Option<u32> {
        self.pillar
            .or_else(|| self.section_numbers().map(|(p, _)| p))
            .or_else(|| self.measure_codes().iter().map(|c| c.pillar).min())
    }

    /// Whether nothing is linked (an opinion on the whole plan).
    pub fn is_empty(&self) -> bool {
        self.measures.is_empty() && self.pillar.is_none() && self.section.is_none()
    }
}

/// The answer to an opinion as it stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Response {
    /// 対応方針 / 対応状況; empty until someone answers.
    pub text: String,
    /// The division responsible (担当課); empty until named.
    pub division: String,
    /// Where the answer stands.
    pub status: OpinionStatus,
    /// Who entered the latest change to the answer.
    pub by: Option<String>,
    /// When the answer last changed.
    pub at: Option<Timestamp>,
}

/// One change to an opinion, as the journal recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// When.
    pub at: Timestamp,
    /// Who (empty in a journal that did not say).
    pub by: String,
    /// `added`, `edited` or `responded`.
    pub kind: &'static str,
    /// For a response that set one, the new status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<OpinionStatus>,
}

/// An opinion as it stands after every event so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Opinion {
    /// Short unique id (`saved ID` prints it; `opinions respond ID` takes it).
    pub id: String,
    /// The opinion.
    pub text: String,
    /// What it is about.
    pub links: OpinionLinks,
    /// The meeting it was given in.
    pub meeting: Option<String>,
    /// Who wrote it down (the journal's reviewer).
    pub author: String,
    /// When it was written down.
    pub at: Timestamp,
    /// When it was last edited, if ever.
    pub edited: Option<Timestamp>,
    /// The answer.
    pub response: Response,
    /// Every change, oldest first.
    pub history: Vec<Change>,
}

impl Opinion {
    /// Whether the opinion names this measure.
    pub fn is_on_measure(&self, code: MeasureCode) -> bool {
        self.links.measure_codes().contains(&code)
    }

    /// Whether the opinion is about this measure directly, or about its
    /// section or pillar as a whole (what the detail pane shows).
    pub fn concerns(&self, code: MeasureCode) -> bool {
        self.is_on_measure(code)
            || self.links.pillar == Some(code.pillar)
            || self.links.section_numbers() == Some((code.pillar, code.section))
    }
}

/// The 総括 as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The text.
    pub text: String,
    /// Who set it.
    pub by: String,
    /// When.
    pub at: Timestamp,
}
