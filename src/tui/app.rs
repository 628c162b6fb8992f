//! The review screen's state: the plan (domain data, never changed here)
//! and the view state (focus, overlay, tree, scroll, history).

use std::sync::Arc;

use tui_tree_widget::TreeState;

use super::code_outline::CodeOutline;
use super::filter::{Filter, Picker};
use super::notes::NotesView;
use super::opinions::OpinionsView;
use super::review::ReviewView;
use super::search_job::SearchJob;
use crate::code::MeasureCode;
use crate::dataset::Plan;
use crate::i18n::Lang;
use crate::search::departments::Department;
use crate::search::{Index, departments};

/// A node of the tree, identified by numbers and codes, never by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeId {
    /// A pillar (柱) by number.
    Pillar(u32),
    /// A section (施策) by pillar and section number.
    Section(u32, u32),
    /// A measure (事業) by code.
    Measure(MeasureCode),
    /// Notes on measures the loaded dataset does not have (the last row,
    /// only when there are such notes).
    Orphans,
}

/// Which pane keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    /// The tree of pillars, sections and measures.
    #[default]
    Tree,
    /// The detail pane on the right.
    Detail,
    /// The search line at the top: keys type the query.
    Search,
}

/// What is drawn over the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overlay {
    /// Nothing.
    #[default]
    None,
    /// The key list.
    Help,
    /// The department picker.
    Departments,
    /// The note editor.
    Editor,
    /// A yes/no question (save? delete? restore a draft?).
    Confirm,
    /// The meeting-label line.
    Meeting,
    /// The rating form (a rating or the decision).
    Rating,
    /// The review overview, over the whole body.
    Overview,
    /// The opinion form (a new opinion or an answer).
    OpinionForm,
    /// The opinion register, over the whole body.
    Register,
}

/// A measure in the history, with the detail scroll it was left at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    /// The measure.
    pub code: MeasureCode,
    /// The first line of its detail that was shown.
    pub scroll: usize,
}

/// Whether the main loop goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RunState {
    /// Keep handling events.
    #[default]
    Running,
    /// Leave at the end of this turn.
    Quit,
    /// Hand the terminal back and stop (Ctrl-Z); running again on `fg`.
    Suspend,
}

/// Display options fixed at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Label language.
    pub lang: Lang,
    /// ASCII borders and marks, for terminals that draw ambiguous-width
    /// characters (─ ① ■ →) two columns wide.
    pub ascii: bool,
}

/// View state: everything about the screen that is not the plan.
#[derive(Debug)]
pub struct View {
    /// Display options.
    pub options: Options,
    /// Pane with the keyboard.
    pub focus: Focus,
    /// Overlay on top, if any.
    pub overlay: Overlay,
    /// Terminal size in cells (columns, rows).
    pub size: (u16, u16),
    /// First line of the detail pane shown.
    pub detail_scroll: usize,
    /// First line of the help overlay shown, when it needs scrolling.
    pub help_scroll: usize,
    /// The link chosen in the detail pane (index into its links).
    pub link_cursor: Option<usize>,
    /// Measures to go back to (most recent last).
    pub back: Vec<Visit>,
    /// Measures to go forward to (most recent last).
    pub forward: Vec<Visit>,
    /// The detail scroll to put back once the selection has moved (going
    /// back or forward returns to where the reader was).
    pub restore_scroll: Option<usize>,
    /// A short message for the user (a link that does not exist …),
    /// shown until the next action.
    pub message: Option<String>,
    /// The search line, department filter and their results.
    pub filter: Filter,
    /// The department picker's line and cursor.
    pub picker: Picker,
    /// Text to put on the clipboard, taken by the terminal loop (which
    /// alone writes to the terminal) after the update that set it.
    pub clipboard: Option<String>,
    /// Whether to go on.
    pub run: RunState,
}

/// Measures from which the screen builds the search index in the
/// background: 5,000 take about 70 ms to index here, more is worth not
/// waiting for before the first frame.
pub const BACKGROUND_INDEX_FROM: usize = 5000;

/// Measures from which the screen searches on a thread of its own. A
/// search through 100,000 takes about 45 ms here, too long to hold the
/// keys; through 10,000, 3–5 ms, well within a frame, and handing it to a
/// thread and back cost 0.5–1 ms more a keystroke (medians of 400
/// interleaved keystrokes).
pub const SEARCH_THREAD_FROM: usize = 20_000;

/// The whole application state.
#[derive(Debug)]
pub struct App {
    /// Domain data: the plan under review, shared with the search index.
    pub plan: Arc<Plan>,
    /// The plan's search index (derived from the plan once).
    pub index: Index,
    /// Every department in the plan, for the picker (derived once).
    pub departments: Vec<Department>,
    /// The plan's pillars, sections and measure codes, for laying out the
    /// tree (derived once).
    pub outline: CodeOutline,
    /// Notes: the journal, meeting label, editor and questions.
    pub notes: NotesView,
    /// The review: the scale, the rating form, the review filter and the
    /// overview (the ratings themselves are in the notes' journal).
    pub review: ReviewView,
    /// Opinions: the register and the opinion form (the opinions
    /// themselves are in the journal).
    pub opinions: OpinionsView,
    /// View state.
    pub view: View,
    /// The tree's selection and open branches.
    pub tree: TreeState<NodeId>,
    /// Where the tree is scrolled, and where its rows were drawn.
    pub tree_scroll: TreeScroll,
}

/// Where the tree is scrolled and where it drew its rows last, for clicks.
/// Drawing keeps the selected row in view, moving the offset the least.
#[derive(Debug, Default)]
pub struct TreeScroll {
    /// The first row drawn.
    pub offset: usize,
    /// Where the rows were drawn.
    pub area: ratatui::layout::Rect,
    /// Each drawn row's first line and path, top to bottom.
    pub drawn: Vec<(u16, Vec<NodeId>)>,
}

impl TreeScroll {
    /// The path of the row drawn at `at`, if any.
    pub fn rendered_at(&self, at: ratatui::layout::Position) -> Option<&[NodeId]> {
        if !self.area.contains(at) {
            return None;
        }
        self.drawn
            .iter()
            .rev()
            .find(|(y, _)| at.y >= *y)
            .map(|(_, path)| path.as_slice())
    }
}

impl App {
    /// A fresh screen on `plan`: every pillar open, the first measure selected.
    pub fn new(plan: Plan, options: Options, size: (u16, u16)) -> Self {
        let plan = Arc::new(plan);
        let large = plan.measures().nth(BACKGROUND_INDEX_FROM).is_some();
        let mut filter = Filter::default();
        if plan.measures().nth(SEARCH_THREAD_FROM).is_some() {
            filter.job = SearchJob::on_thread();
        }
        let mut app = Self {
            // A large plan's screen draws before its index is ready; a
            // small one's index is ready before anyone could type.
            index: if large {
                Index::in_background(plan.clone())
            } else {
                Index::shared(plan.clone())
            },
            departments: departments(&plan),
            outline: CodeOutline::new(&plan),
            notes: NotesView::default(),
            review: ReviewView::default(),
            opinions: OpinionsView::default(),
            plan,
            view: View {
                options,
                focus: Focus::Tree,
                overlay: Overlay::None,
                size,
                detail_scroll: 0,
                help_scroll: 0,
                link_cursor: None,
                back: Vec::new(),
                forward: Vec::new(),
                restore_scroll: None,
                message: None,
                filter,
                picker: Picker::default(),
                clipboard: None,
                run: RunState::Running,
            },
            tree: TreeState::default(),
            tree_scroll: TreeScroll::default(),
        };
        app.open_all();
        let first_measure = app.plan.measures().next().map(|m| m.code);
        let first_pillar = app.plan.pillars.first().map(|p| p.number);
        if let Some(code) = first_measure {
            app.select_measure(code);
        } else if let Some(number) = first_pillar {
            app.tree.select(vec![NodeId::Pillar(number)]);
        }
        app
    }

    /// Opens every pillar and section.
    pub fn open_all(&mut self) {
        // Each keystroke of a search opens every branch again: a path
        // already open is not built again (a large plan has thousands).
        for pillar in &self.plan.pillars {
            let p = NodeId::Pillar(pillar.number);
            if !self.tree.opened().contains(&[p][..]) {
                self.tree.open(vec![p]);
            }
            for section in &pillar.sections {
                let path = [p, NodeId::Section(pillar.number, section.number)];
                if !self.tree.opened().contains(&path[..]) {
                    self.tree.open(path.to_vec());
                }
            }
        }
    }

    /// The ratings and decisions with the scale and this reviewer, when
    /// notes (and so ratings) are on.
    pub fn review_records(&self) -> Option<super::review::ReviewRecords<'_>> {
        self.notes
            .journal
            .as_ref()
            .map(|j| super::review::ReviewRecords {
                reviews: j.reviews(),
                scale: &self.review.scale,
                me: j.reviewer(),
            })
    }

    /// The selected node, if any.
    pub fn selected(&self) -> Option<NodeId> {
        self.tree.selected().last().copied()
    }

    /// The selected measure's code, if a measure is selected.
    pub fn selected_measure(&self) -> Option<MeasureCode> {
        match self.selected() {
            Some(NodeId::Measure(code)) => Some(code),
            _ => None,
        }
    }

    /// Selects a measure, opening its pillar and section so it is visible.
    /// Returns false when the plan has no such measure.
    pub fn select_measure(&mut self, code: MeasureCode) -> bool {
        if self.plan.measure(code).is_none() {
            return false;
        }
        let pillar = NodeId::Pillar(code.pillar);
        let section = NodeId::Section(code.pillar, code.section);
        self.tree.open(vec![pillar]);
        self.tree.open(vec![pillar, section]);
        self.tree
            .select(vec![pillar, section, NodeId::Measure(code)]);
        true
    }
}
