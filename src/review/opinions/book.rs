//! Every opinion and the 総括, replayed from the journal's events in merge
//! order: the opinion as first written, then each edit and response
//! replacing only the fields it gives.

use std::collections::HashMap;

use jiff::Timestamp;

use super::{Change, Opinion, OpinionStatus, Response, Summary};
use crate::code::MeasureCode;
use crate::notes::Event;

/// Every opinion, in the order they were written, and the 総括.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpinionBook {
    opinions: Vec<Opinion>,
    /// Position of each id in `opinions`: every answer and edit looks its
    /// opinion up, so replaying thousands stays linear.
    index: HashMap<String, usize>,
    summary: Option<Summary>,
}

/// Why an id names no opinion.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FindError {
    /// No opinion has this id (or an id starting with it).
    #[error("no opinion `{given}`; the opinions are: {known}")]
    Unknown {
        /// What was given.
        given: String,
        /// The ids there are, or `(none yet)`.
        known: String,
    },
    /// Several opinions' ids start with what was given.
    #[error("`{given}` could be any of {matches}; give more of the id")]
    Ambiguous {
        /// What was given.
        given: String,
        /// The ids it starts.
        matches: String,
    },
}

impl OpinionBook {
    /// Applies one event; events that are not about opinions are ignored,
    /// and so are edits and responses to an opinion not (yet) read (its
    /// line was cut short). An opinion whose id is already recorded (the
    /// same event in a sync tool's conflict copy) is ignored too. The
    /// event's strings are expected sanitized (the journal does it).
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::Opinion {
                id,
                at,
                text,
                links,
                meeting,
                by,
            } => {
                if self.get(id).is_some() {
                    return;
                }
                let by = by.clone().unwrap_or_default();
                self.index.insert(id.clone(), self.opinions.len());
                self.opinions.push(Opinion {
                    id: id.clone(),
                    text: text.clone(),
                    links: links.clone(),
                    meeting: meeting.clone(),
                    author: by.clone(),
                    at: *at,
                    edited: None,
                    response: Response::default(),
                    history: vec![change(*at, &by, "added", None)],
                });
            }
            Event::OpinionEdit {
                id,
                at,
                text,
                links,
                meeting,
                by,
            } => {
                let Some(o) = self.get_mut(id) else { return };
                if let Some(text) = text {
                    o.text.clone_from(text);
                }
                if let Some(links) = links {
                    o.links = links.clone();
                }
                if let Some(meeting) = meeting {
                    o.meeting = (!meeting.is_empty()).then(|| meeting.clone());
                }
                o.edited = Some(*at);
                o.history
                    .push(change(*at, by.as_deref().unwrap_or(""), "edited", None));
            }
            Event::Respond {
                id,
                at,
                text,
                division,
                status,
                by,
            } => {
                let Some(o) = self.get_mut(id) else { return };
                let r = &mut o.response;
                if let Some(text) = text {
                    r.text.clone_from(text);
                }
                if let Some(division) = division {
                    r.division.clone_from(division);
                }
                if let Some(status) = status {
                    r.status = *status;
                }
                r.by.clone_from(by);
                r.at = Some(*at);
                o.history.push(change(
                    *at,
                    by.as_deref().unwrap_or(""),
                    "responded",
                    *status,
                ));
            }
            Event::OpinionSummary { at, text, by } => {
                self.summary = Some(Summary {
                    text: text.clone(),
                    by: by.clone().unwrap_or_default(),
                    at: *at,
                });
            }
            _ => {}
        }
    }

    /// Every opinion, in the order written.
    pub fn all(&self) -> &[Opinion] {
        &self.opinions
    }

    /// The opinion with exactly this id.
    pub fn get(&self, id: &str) -> Option<&Opinion> {
        self.index.get(id).map(|&i| &self.opinions[i])
    }

    fn get_mut(&mut self, id: &str) -> Option<&mut Opinion> {
        self.index.get(id).map(|&i| &mut self.opinions[i])
    }

    /// The opinion an id typed by a person names: the exact id, else the
    /// one id it starts (case and width ignored), so `opinions respond
    /// 3k7` works when nothing else starts with `3k7`.
    pub fn find(&self, given: &str) -> Result<&Opinion, FindError> {
        let wanted: String = unicode_normalization::UnicodeNormalization::nfkc(given.trim())
            .collect::<String>()
            .to_lowercase();
        if let Some(o) = self.get(&wanted) {
            return Ok(o);
        }
        let matches: Vec<&Opinion> = self
            .opinions
            .iter()
            .filter(|o| !wanted.is_empty() && o.id.starts_with(&wanted))
            .collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(FindError::Unknown {
                given: given.to_owned(),
                known: if self.opinions.is_empty() {
                    "(none yet)".to_owned()
                } else {
                    self.ids().join(", ")
                },
            }),
            many => Err(FindError::Ambiguous {
                given: given.to_owned(),
                matches: many
                    .iter()
                    .map(|o| o.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// Every id, in the order written.
    pub fn ids(&self) -> Vec<&str> {
        self.opinions.iter().map(|o| o.id.as_str()).collect()
    }

    /// The opinions that name this measure, in the order written.
    pub fn for_measure(&self, code: MeasureCode) -> Vec<&Opinion> {
        self.opinions
            .iter()
            .filter(|o| o.is_on_measure(code))
            .collect()
    }

    /// The opinions about this measure, its section or its pillar (what
    /// a measure's detail shows), in the order written.
    pub fn concerning(&self, code: MeasureCode) -> Vec<&Opinion> {
        self.opinions.iter().filter(|o| o.concerns(code)).collect()
    }

    /// How many opinions name this measure.
    pub fn count(&self, code: MeasureCode) -> usize {
        self.opinions
            .iter()
            .filter(|o| o.is_on_measure(code))
            .count()
    }

    /// How many opinions name each measure, in one pass (for tables of
    /// every measure, where [`OpinionBook::count`] per row would read
    /// every opinion again).
    pub fn counts(&self) -> HashMap<MeasureCode, usize> {
        let mut counts = HashMap::new();
        for o in &self.opinions {
            let mut codes = o.links.measure_codes();
            codes.sort();
            codes.dedup();
            for code in codes {
                *counts.entry(code).or_insert(0) += 1;
            }
        }
        counts
    }

    /// The opinions filed under a pillar
    /// ([`super::OpinionLinks::pillar_number`]); `None`: those on the
    /// whole plan.
    pub fn in_pillar(&self, pillar: Option<u32>) -> Vec<&Opinion> {
        self.opinions
            .iter()
            .filter(|o| o.links.pillar_number() == pillar)
            .collect()
    }

    /// The opinions whose answer has this status, in the order written.
    pub fn with_status(&self, status: OpinionStatus) -> Vec<&Opinion> {
        self.opinions
            .iter()
            .filter(|o| o.response.status == status)
            .collect()
    }

    /// The 総括, once set.
    pub fn summary(&self) -> Option<&Summary> {
        self.summary.as_ref()
    }
}

fn change(at: Timestamp, by: &str, kind: &'static str, status: Option<OpinionStatus>) -> Change {
    Change {
        at,
        by: by.to_owned(),
        kind,
        status,
    }
}
