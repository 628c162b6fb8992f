//! The screen's search on a thread of its own, for large plans. A
//! search through 100,000 measures takes about 45 ms here, and a weak
//! query's suggestions over half a second: in the update they would
//! hold the keys and the screen that long. On this thread the typed text
//! shows at once, the last results stay on screen meanwhile, and only
//! the newest query is searched: queries typed while one was being
//! searched are skipped. A weak query's suggestions are computed on a
//! third thread once typing pauses, so that they never hold up the next
//! search.

use std::collections::HashSet;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::{Duration, Instant};

use super::code_table::CodeTable;
use crate::code::MeasureCode;
use crate::search::{DeptFilter, FEW_HITS, Hit, Index, Query, Suggestion};

/// How long typing must pause before a weak query's suggestions are
/// computed: the same pause as the loop's idle tick, which computes them
/// for a small plan.
const SUGGEST_PAUSE: Duration = Duration::from_millis(200);

/// One search to run: everything the answer depends on, taken when the
/// query, department or notes filter changed.
#[derive(Debug)]
pub struct Request {
    /// Which request this is: answers to older ones are stale.
    pub generation: u64,
    /// The index to search (cheap to clone: it is shared).
    pub index: Index,
    /// The query as typed.
    pub query: String,
    /// The chosen department, if any.
    pub dept: Option<DeptFilter>,
    /// What the notes and review filters let through, if they are on.
    pub allowed: Option<HashSet<MeasureCode>>,
}

impl Request {
    /// The hits, best first, with the notes and review filters applied.
    pub fn hits(&self) -> Vec<Hit> {
        let mut hits = self
            .index
            .search(&Query::parse(&self.query), self.dept.as_ref());
        if let Some(allowed) = &self.allowed {
            hits.retain(|h| allowed.contains(&h.code));
        }
        hits
    }

    /// Whether this query is weak enough to deserve suggestions when it
    /// finds `found` measures.
    pub fn wants_suggestions(&self, found: usize) -> bool {
        !Query::parse(&self.query).is_empty() && found < FEW_HITS
    }
}

/// What the search thread sends back.
#[derive(Debug)]
pub enum Answer {
    /// The hits of request `generation`, best first.
    Hits {
        /// The request answered.
        generation: u64,
        /// Its hits.
        hits: Vec<Hit>,
        /// Where each hit is in `hits`, built here too: 2 ms for 93,000
        /// hits that the screen's thread does not spend.
        by_code: CodeTable,
        /// The hits are few: suggestions follow
        /// ([`Request::wants_suggestions`]).
        weak: bool,
    },
    /// The suggestions for request `generation`, whose hits were few.
    Suggestions {
        /// The request answered.
        generation: u64,
        /// Queries to try, best first.
        suggestions: Vec<Suggestion>,
    },
}

impl Answer {
    /// The request this answers.
    fn generation(&self) -> u64 {
        match self {
            Self::Hits { generation, .. } | Self::Suggestions { generation, .. } => *generation,
        }
    }
}

/// Where the screen's searches run: in the update (a small plan, whose
/// searches take well under a frame) or on a thread of their own.
#[derive(Debug, Default)]
pub enum SearchJob {
    /// In the update, as the keys arrive.
    #[default]
    InPlace,
    /// On a thread of its own, started on the first search.
    OnThread(Option<Worker>),
}

/// The search thread's two ends of the conversation.
#[derive(Debug)]
pub struct Worker {
    requests: Sender<Request>,
    answers: Receiver<Answer>,
    /// An answer [`SearchJob::wait`] received, not yet taken.
    early: Option<Answer>,
    /// Answers to requests before this one are dropped unseen.
    current: u64,
}

impl SearchJob {
    /// Searches on a thread of their own.
    pub fn on_thread() -> Self {
        Self::OnThread(None)
    }

    /// Hands `request` to the search thread, starting it if need be.
    /// Gives the request back, for the caller to search in place, when
    /// searches run in place or the thread cannot be started (a process
    /// limit).
    #[must_use = "a request given back must be searched in place"]
    pub fn send(&mut self, request: Request) -> Option<Request> {
        let Self::OnThread(worker) = self else {
            return Some(request);
        };
        if worker.is_none() {
            *worker = Worker::start();
        }
        let Some(running) = worker else {
            return Some(request);
        };
        running.current = request.generation;
        match running.requests.send(request) {
            Ok(()) => None,
            Err(unsent) => {
                // The thread is gone (it panicked): started again next time.
                *worker = None;
                Some(unsent.0)
            }
        }
    }

    /// Answers to requests before `generation` are of no use any more:
    /// the query changed, or the filters went.
    pub fn forget_before(&mut self, generation: u64) {
        if let Self::OnThread(Some(worker)) = self {
            worker.current = generation;
        }
    }

    /// Waits at most `wait` for an answer to the current request,
    /// keeping it for [`SearchJob::answer`].
    pub fn wait(&mut self, wait: Duration) {
        let deadline = Instant::now() + wait;
        while let Self::OnThread(Some(worker)) = self {
            if worker.fresh_early() {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match worker.answers.recv_timeout(left) {
                Ok(answer) if answer.generation() < worker.current => {}
                Ok(answer) => worker.early = Some(answer),
                Err(RecvTimeoutError::Timeout) => return,
                Err(RecvTimeoutError::Disconnected) => *self = Self::on_thread(),
            }
        }
    }

    /// The next answer to the current request, if one is in.
    pub fn answer(&mut self) -> Option<Answer> {
        let Self::OnThread(Some(worker)) = self else {
            return None;
        };
        if worker.fresh_early() {
            return worker.early.take();
        }
        loop {
            match worker.answers.try_recv() {
                Ok(answer) if answer.generation() < worker.current => {}
                Ok(answer) => return Some(answer),
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => {
                    *self = Self::on_thread();
                    return None;
                }
            }
        }
    }

    /// Whether a search thread is there to answer.
    pub fn running(&self) -> bool {
        matches!(self, Self::OnThread(Some(_)))
    }
}

impl Worker {
    /// Whether an answer to the current request was received early;
    /// drops one to an older request.
    fn fresh_early(&mut self) -> bool {
        if self
            .early
            .as_ref()
            .is_some_and(|a| a.generation() < self.current)
        {
            self.early = None;
        }
        self.early.is_some()
    }

    fn start() -> Option<Self> {
        let (requests, incoming) = mpsc::channel();
        let (outgoing, answers) = mpsc::channel();
        std::thread::Builder::new()
            .name("search".into())
            .spawn(move || serve(&incoming, &outgoing))
            .ok()?;
        Some(Self {
            requests,
            answers,
            early: None,
            current: 0,
        })
    }
}

/// A weak query's suggestions to compute, once typing pauses.
struct Wish {
    generation: u64,
    index: Index,
    query: String,
}

/// The search thread: answers the newest request, and hands a weak
/// query's suggestions to a thread of their own, so that a query typed
/// while they are computed (half a second or more on a large plan) is
/// not kept waiting. Ends when the screen drops its end.
fn serve(requests: &Receiver<Request>, answers: &Sender<Answer>) {
    let (wishes, wished) = mpsc::channel();
    let to_screen = answers.clone();
    let suggester = std::thread::Builder::new()
        .name("suggest".into())
        .spawn(move || suggest(&wished, &to_screen))
        .ok()
        .map(|_| wishes);
    while let Ok(mut request) = requests.recv() {
        // Keys typed while the last search ran: only the newest counts.
        while let Ok(newer) = requests.try_recv() {
            request = newer;
        }
        let hits = request.hits();
        let weak = request.wants_suggestions(hits.len());
        let generation = request.generation;
        let by_code = CodeTable::new(hits.iter().map(|h| h.code));
        let answer = Answer::Hits {
            generation,
            hits,
            by_code,
            weak,
        };
        if answers.send(answer).is_err() {
            return;
        }
        let wish = weak.then(|| Wish {
            generation,
            index: request.index,
            query: request.query,
        });
        match (&suggester, wish) {
            // `None` tells the suggester that what it waits on is stale.
            (Some(suggester), wish) => {
                let _ = suggester.send(wish);
            }
            // No thread for them: here, at once.
            (None, Some(wish)) => {
                let suggestions = wish.index.suggest(&wish.query);
                let _ = answers.send(Answer::Suggestions {
                    generation,
                    suggestions,
                });
            }
            (None, None) => {}
        }
    }
}

/// The suggestions thread: computes the newest wish once no newer one
/// (or word that it is stale) has come for [`SUGGEST_PAUSE`].
fn suggest(wishes: &Receiver<Option<Wish>>, answers: &Sender<Answer>) {
    let mut waiting: Option<Wish> = None;
    loop {
        let next = match &waiting {
            Some(_) => wishes.recv_timeout(SUGGEST_PAUSE),
            None => wishes.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match next {
            Ok(newer) => waiting = newer,
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {
                let Some(wish) = waiting.take() else {
                    continue;
                };
                let suggestions = wish.index.suggest(&wish.query);
                let answer = Answer::Suggestions {
                    generation: wish.generation,
                    suggestions,
                };
                if answers.send(answer).is_err() {
                    return;
                }
            }
        }
    }
}
