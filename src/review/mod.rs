//! The review itself: the rating scale and directions ([`scale`]), who is
//! reviewing ([`reviewer`]), each reviewer's ratings and the committee's
//! decisions ([`ratings`]), tallies and disagreement ([`tally`]), the
//! overview's rows ([`mod@summary`]), the attention list ([`mod@attention`])
//! and the committee's opinions with their answers ([`opinions`]).
//!
//! This is domain only: it knows nothing of the screen. Ratings and
//! decisions are stored as events in the notes journal
//! ([`crate::notes::Event::Rate`], [`crate::notes::Event::Decide`]) and
//! replayed into a [`ReviewBook`] by [`crate::notes::Journal`].

pub mod attention;
pub mod opinions;
pub mod ratings;
pub mod reviewer;
pub mod scale;
pub mod summary;
pub mod tally;

pub use attention::{Item as AttentionItem, Reason as AttentionReason, attention};
pub use opinions::{Opinion, OpinionBook, OpinionLinks, OpinionStatus};
pub use ratings::{
    Decision, MeasureReview, Rating, ReviewBook, Shown, decision_event, event_id, rating_event,
};
pub use reviewer::Reviewer;
pub use scale::{Grade, SCALE_FILE, Scale, ScaleError};
pub use summary::{GroupKind, Row as SummaryRow, summary};
pub use tally::Tally;
