//! "Did you mean": when a query finds nothing or very little, nearby words
//! of the plan's own vocabulary, by reading and by character edits.

use serde::Serialize;

use super::Index;

/// Why a suggestion was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    /// A word of the plan a few edits away (まちずくり → まちづくり).
    Typo,
    /// A word of the plan read the same way (協動 → 協働).
    SameReading,
}

/// A query to try instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The whole query with the corrected term, ready to search.
    pub query: String,
    /// Why.
    pub kind: SuggestionKind,
}

impl Index {
    /// Suggestions for `query` (as typed), best first; empty when the query
    /// finds enough as it is.
    pub fn suggest(&self, query: &str) -> Vec<Suggestion> {
        let _ = query;
        Vec::new()
    }
}
