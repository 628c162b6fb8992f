//! The search line and the department filter: what is typed, what it
//! found, and the department picker. The state lives here; only
//! [`super::update::update`] changes it.

use std::collections::HashSet;
use std::time::Duration;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use ratatui_textarea::TextArea;

use super::code_table::CodeTable;
use super::notes::NotesFilter;
use super::search_job::{Answer, Request, SearchJob};
use crate::code::MeasureCode;
use crate::i18n::Msg;
use crate::search::departments::Department;
use crate::search::{DeptFilter, Hit, Index, Query, Suggestion, fold, reads_as};

/// The measures the filters let through, best first.
#[derive(Debug, Default)]
pub struct Results {
    /// Hits, best first.
    pub hits: Vec<Hit>,
    /// Where each hit is in `hits`: the tree asks it of every measure.
    by_code: CodeTable,
}

impl Results {
    fn new(hits: Vec<Hit>) -> Self {
        let by_code = CodeTable::new(hits.iter().map(|h| h.code));
        Self { hits, by_code }
    }

    /// The hit for `code`, if it passed.
    pub fn get(&self, code: MeasureCode) -> Option<&Hit> {
        self.by_code.get(code).and_then(|i| self.hits.get(i))
    }

    /// How many measures passed.
    pub fn len(&self) -> usize {
        self.hits.len()
    }

    /// Whether nothing passed.
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }
}

/// How the measures a filter lets through are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HitLayout {
    /// In the plan's tree, in plan order.
    #[default]
    Tree,
    /// As a flat list, best hit first.
    Ranked,
}

/// Where the selection goes once a search's hits are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterSearch {
    /// To the best hit (the query changed).
    BestHit,
    /// It stays where it is if it still shows, else goes to the first
    /// row (notes or readings changed under the same query).
    KeepVisible,
}

/// What [`Filter::take_answers`] took in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Answered {
    /// New hits are shown: the selection goes where this says.
    pub placed: Option<AfterSearch>,
    /// The suggestions Tab waited for are in: take the first.
    pub accept: bool,
}

/// What the filter waits for from the search thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Awaiting {
    /// Nothing: what shows answers the query as typed.
    #[default]
    Nothing,
    /// The hits of request `generation`; the last ones show meanwhile.
    Hits {
        /// The request waited for.
        generation: u64,
        /// Where the selection goes when they come.
        then: AfterSearch,
    },
    /// The suggestions for request `generation`, whose few hits show.
    Suggestions {
        /// The request whose hits show.
        generation: u64,
    },
}

/// The search line, the chosen department and their results.
#[derive(Debug, Default)]
pub struct Filter {
    /// The query being typed (one line).
    pub input: TextArea<'static>,
    /// The chosen department, if any.
    pub dept: Option<DeptFilter>,
    /// The notes filter (measures with notes, or with a mark).
    pub notes: NotesFilter,
    /// What passed; `None` when no filter is active (the whole tree shows).
    pub results: Option<Results>,
    /// Queries to try when the query finds nothing or little, best first.
    pub suggestions: Vec<Suggestion>,
    /// Whether the query is weak and its suggestions are not computed yet:
    /// they wait for a pause in typing (see [`Filter::suggest_if_due`]).
    pub suggestions_due: bool,
    /// Tree or ranked list.
    pub layout: HitLayout,
    /// The query may match readings still being built: the results may
    /// grow when they arrive, and the search runs again then.
    pub readings_pending: bool,
    /// The index is still being built (a large plan, just opened): the
    /// search waits for it rather than freeze the screen, and runs when it
    /// is ready.
    pub index_pending: bool,
    /// Where searches run: in the update, or on a thread for a large plan.
    pub job: SearchJob,
    /// What the search thread still owes.
    pub awaiting: Awaiting,
    /// The number of the last search asked for: the search thread's
    /// answers to earlier ones are dropped.
    pub generation: u64,
    /// Tab was pressed before the search thread's suggestions came: the
    /// first is taken when they do, unless the query changes first.
    pub accept_pending: bool,
}

impl Filter {
    /// The query as typed.
    pub fn query_text(&self) -> String {
        self.input.lines().join(" ")
    }

    /// Whether a query or a department is narrowing the tree.
    pub fn is_active(&self) -> bool {
        self.results.is_some()
    }

    /// Runs the search again after the query, department or notes filter
    /// changed; `allowed` is what the notes filter lets through. Whether
    /// the results are in (see [`Filter::search`]).
    pub fn refresh(&mut self, index: &Index, allowed: Option<&HashSet<MeasureCode>>) -> bool {
        self.search(index, allowed.cloned(), AfterSearch::BestHit)
    }

    /// Runs the search again after the query, department or notes filter
    /// changed; `allowed` is what the notes and review filters let
    /// through. Whether the results are in: on a search thread they come
    /// later ([`Filter::take_answers`]), and `then` says where the
    /// selection goes when they do.
    pub fn search(
        &mut self,
        index: &Index,
        allowed: Option<HashSet<MeasureCode>>,
        then: AfterSearch,
    ) -> bool {
        let text = self.query_text();
        let query = Query::parse(&text);
        let filtering = !(query.is_empty() && self.dept.is_none() && allowed.is_none());
        self.index_pending = filtering && index.building();
        self.readings_pending = !self.index_pending && index.readings_pending(&query);
        // Whatever the thread is still searching answers an older query.
        self.generation += 1;
        self.job.forget_before(self.generation);
        self.awaiting = Awaiting::Nothing;
        self.accept_pending = false;
        self.suggestions.clear();
        self.suggestions_due = false;
        if !filtering {
            self.show(None);
            return true;
        }
        if self.index_pending {
            self.show(Some(Vec::new()));
            return true;
        }
        let request = Request {
            generation: self.generation,
            index: index.clone(),
            query: text,
            dept: self.dept.clone(),
            allowed,
        };
        match self.job.send(request) {
            None => {
                self.awaiting = Awaiting::Hits {
                    generation: self.generation,
                    then,
                };
                false
            }
            Some(request) => {
                let hits = request.hits();
                // Suggestions for a weak query cost several searches (and,
                // the first time, the vocabulary): not on a keystroke, on
                // the pause after it.
                self.suggestions_due = request.wants_suggestions(hits.len());
                self.show(Some(hits));
                true
            }
        }
    }

    /// Shows `hits` (or the whole tree for `None`).
    fn show(&mut self, hits: Option<Vec<Hit>>) {
        self.show_results(hits.map(Results::new));
    }

    fn show_results(&mut self, results: Option<Results>) {
        // The hits replaced are freed off the keystroke's path.
        crate::parallel::drop_later(std::mem::replace(&mut self.results, results));
    }

    /// Whether a key that acts on the hits must wait for the search
    /// thread: the hits of the query as typed are not in, or Tab is
    /// waiting for a suggestion that will replace the query.
    pub fn holds_keys(&self) -> bool {
        match self.awaiting {
            Awaiting::Hits { .. } => true,
            Awaiting::Suggestions { .. } => self.accept_pending,
            Awaiting::Nothing => false,
        }
    }

    /// Waits at most `wait` for the search thread's next answer, if one
    /// is owed (kept for [`Filter::take_answers`]).
    pub fn wait_for_answer(&mut self, wait: Duration) {
        if self.awaiting != Awaiting::Nothing {
            self.job.wait(wait);
        }
    }

    /// Takes what the search thread has answered about the query as it
    /// is now; older answers are dropped. Says where the selection should
    /// go, when new hits came in, and whether a suggestion Tab asked for
    /// is in.
    pub fn take_answers(&mut self) -> Answered {
        let mut answered = Answered::default();
        while let Some(answer) = self.job.answer() {
            match (answer, self.awaiting) {
                (
                    Answer::Hits {
                        generation,
                        hits,
                        by_code,
                        weak,
                    },
                    Awaiting::Hits {
                        generation: g,
                        then,
                    },
                ) if generation == g => {
                    self.suggestions_due = weak;
                    self.awaiting = if weak {
                        Awaiting::Suggestions { generation }
                    } else {
                        // Nothing to suggest: Tab does nothing, as in place.
                        self.accept_pending = false;
                        Awaiting::Nothing
                    };
                    self.show_results(Some(Results { hits, by_code }));
                    answered.placed = Some(then);
                }
                (
                    Answer::Suggestions {
                        generation,
                        suggestions,
                    },
                    Awaiting::Suggestions { generation: g },
                ) if generation == g => {
                    self.suggestions = suggestions;
                    self.suggestions_due = false;
                    self.awaiting = Awaiting::Nothing;
                    answered.accept = std::mem::take(&mut self.accept_pending);
                }
                _ => {}
            }
        }
        if !self.job.running() {
            // The thread is gone: nothing more will come.
            self.awaiting = Awaiting::Nothing;
            self.accept_pending = false;
        }
        answered
    }

    /// Tab: whether the first suggestion can be taken now. On a search
    /// thread that has not sent the suggestions (or even the hits) yet,
    /// Tab is remembered and taken when they come ([`Answered::accept`]),
    /// rather than computing them here while the keys wait; in place,
    /// they are computed now if owed.
    pub fn ready_to_accept(&mut self, index: &Index) -> bool {
        if self.awaiting != Awaiting::Nothing {
            self.accept_pending = true;
            return false;
        }
        self.suggest_now(index);
        !self.suggestions.is_empty()
    }

    /// Computes the suggestions a weak query is owed, once typing pauses
    /// (the loop's idle tick), unless the search thread is at them.
    /// Returns whether there are new ones to show.
    pub fn suggest_if_due(&mut self, index: &Index) -> bool {
        if matches!(self.awaiting, Awaiting::Suggestions { .. }) {
            return false;
        }
        self.suggest_now(index)
    }

    /// Computes the suggestions a weak query is owed now (never while
    /// the search thread owes them). Returns whether there are new ones
    /// to show.
    fn suggest_now(&mut self, index: &Index) -> bool {
        if !self.suggestions_due {
            return false;
        }
        self.suggestions_due = false;
        self.suggestions = index.suggest(&self.query_text());
        !self.suggestions.is_empty()
    }

    /// Why the hits shown may not be the final answer to the filters as
    /// they are, if they may not: the index is being built, the search
    /// thread is at the query, or nothing passed yet and readings that
    /// could add hits are being built. Said instead of a count, or of
    /// "nothing passes".
    pub fn unsettled(&self) -> Option<Msg> {
        if self.index_pending {
            Some(Msg::IndexPending)
        } else if matches!(self.awaiting, Awaiting::Hits { .. }) {
            Some(Msg::Searching)
        } else if self.readings_pending && self.results.as_ref().is_some_and(Results::is_empty) {
            Some(Msg::ReadingsPending)
        } else {
            None
        }
    }

    /// The hits in rank order while a filter is active, else nothing.
    pub fn ranked(&self) -> &[Hit] {
        self.results.as_ref().map_or(&[], |r| &r.hits)
    }

    /// Whether the ranked list replaces the tree now.
    pub fn shows_ranked(&self) -> bool {
        self.layout == HitLayout::Ranked && self.is_active()
    }

    /// Whether the index or readings the last search lacked are ready now.
    pub fn readings_arrived(&self, index: &Index) -> bool {
        (self.index_pending && !index.building())
            || (self.readings_pending && !index.readings_pending(&Query::parse(&self.query_text())))
    }

    /// The hit for `code` when a filter is active.
    pub fn hit(&self, code: MeasureCode) -> Option<&Hit> {
        self.results.as_ref().and_then(|r| r.get(code))
    }
}

/// The department picker's own line and cursor.
#[derive(Debug, Default)]
pub struct Picker {
    /// What is typed to narrow the list.
    pub input: TextArea<'static>,
    /// The highlighted row of [`picker_entries`].
    pub cursor: usize,
}

/// The picker's rows for what is typed: first "all departments" (which
/// clears the filter), then the departments whose name fuzzily matches the
/// typed text (folded, so widths and kana agree) or reads as it (romaji or
/// kana), best match first.
pub fn picker_entries<'a>(
    departments: &'a [Department],
    typed: &str,
) -> Vec<Option<&'a Department>> {
    let needle = fold(typed.trim());
    let mut scored: Vec<(i64, &Department)> = if needle.is_empty() {
        departments.iter().map(|d| (0, d)).collect()
    } else {
        let matcher = SkimMatcherV2::default();
        departments
            .iter()
            .filter_map(|d| {
                let score = matcher
                    .fuzzy_match(&fold(&d.name), &needle)
                    // Romaji typed without the IME: kikaku finds 企画課.
                    .or_else(|| reads_as(&d.name, &needle).then_some(0))?;
                Some((score, d))
            })
            .collect()
    };
    // Stable: equal scores keep the list's order (部 first, then by size).
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    std::iter::once(None)
        .chain(scored.into_iter().map(|(_, d)| Some(d)))
        .collect()
}
