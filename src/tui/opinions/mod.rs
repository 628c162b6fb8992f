//! Opinions on the screen: the register (`O`) listing every opinion with
//! its answer, filtered by status, and the form that writes an opinion on
//! a measure, section or pillar (`i`) or answers one (Enter in the
//! register). The pane owns its state, its keys and its drawing
//! ([`draw`]); the update function stores what the form returns.

pub mod draw;

pub use draw::{draw_form, draw_register};

use ratatui_textarea::{Input, Key, TextArea};

use crate::review::{OpinionLinks, OpinionStatus};

/// What the form writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// A new opinion with these links; `target` names them for the title.
    New {
        /// Measures, section or pillar.
        links: OpinionLinks,
        /// `1-(2)-① 市民活動支援補助金の充実`, `柱 5`.
        target: String,
    },
    /// The answer to opinion `id` (対応方針, division, status).
    Respond {
        /// The opinion.
        id: String,
        /// When its answer last changed as the form opened: a save after
        /// someone else's change keeps both texts instead of replacing.
        base: Option<jiff::Timestamp>,
        /// The opinion's text, shown while answering.
        opinion: String,
    },
}

/// Which field keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The opinion's or the answer's text.
    Text,
    /// The division in charge (answers only).
    Division,
    /// The status (answers only).
    Status,
}

/// The open form.
#[derive(Debug)]
pub struct OpinionForm {
    /// New opinion or answer.
    pub kind: FormKind,
    /// Where keys go.
    pub field: Field,
    /// The text.
    pub text: TextArea<'static>,
    /// The division (one line).
    pub division: TextArea<'static>,
    /// The status chosen.
    pub status: OpinionStatus,
    original: (String, String, OpinionStatus),
}

impl OpinionForm {
    /// A form for a new opinion.
    pub fn new_opinion(links: OpinionLinks, target: String) -> Self {
        Self::with(FormKind::New { links, target }, "", "", OpinionStatus::Open)
    }

    /// A form answering `opinion`, filled with its answer so far.
    pub fn respond(opinion: &crate::review::Opinion) -> Self {
        let r = &opinion.response;
        let kind = FormKind::Respond {
            id: opinion.id.clone(),
            base: r.at,
            opinion: opinion.text.clone(),
        };
        Self::with(kind, &r.text, &r.division, r.status)
    }

    fn with(kind: FormKind, text: &str, division: &str, status: OpinionStatus) -> Self {
        Self {
            kind,
            field: Field::Text,
            text: super::textarea::filled(text),
            division: super::textarea::filled(division),
            status,
            original: (text.to_owned(), division.to_owned(), status),
        }
    }

    /// The text as typed.
    pub fn text(&self) -> String {
        self.text.lines().join("\n")
    }

    /// The division as typed.
    pub fn division(&self) -> String {
        self.division.lines().join(" ").trim().to_owned()
    }

    /// Whether anything differs from when the form opened.
    pub fn changed(&self) -> bool {
        (self.text(), self.division(), self.status) != self.original
    }

    /// Tab: the next field (answers have three; a new opinion one).
    pub fn next_field(&mut self) {
        self.field = match (&self.kind, self.field) {
            (FormKind::New { .. }, _) => Field::Text,
            (FormKind::Respond { .. }, Field::Text) => Field::Division,
            (FormKind::Respond { .. }, Field::Division) => Field::Status,
            (FormKind::Respond { .. }, Field::Status) => Field::Text,
        };
    }

    /// A key typed in the form.
    pub fn input(&mut self, input: Input) {
        match self.field {
            Field::Text => {
                self.text.input(input);
            }
            Field::Division => {
                if input.key != Key::Enter && self.division.input(input) {
                    let line = self.division();
                    self.division = super::textarea::filled(&cap(&line));
                }
            }
            Field::Status => {
                let all = OpinionStatus::ALL;
                let at = all.iter().position(|s| *s == self.status).unwrap_or(0);
                let next = match input.key {
                    Key::Left | Key::Up => at.saturating_sub(1),
                    Key::Right | Key::Down => (at + 1).min(all.len() - 1),
                    Key::Char(c @ '1'..='4') => usize::from(c as u8 - b'1'),
                    _ => at,
                };
                self.status = all[next];
            }
        }
    }

    /// Text pasted into the form: line breaks kept in the text, one line in
    /// the division.
    pub fn paste(&mut self, text: &str) {
        match self.field {
            Field::Text => {
                self.text.insert_str(text);
            }
            Field::Division => {
                self.division.insert_str(text.replace('\n', " "));
                let line = self.division();
                self.division = super::textarea::filled(&cap(&line));
            }
            Field::Status => {}
        }
    }
}

/// A division name is one line of at most
/// [`crate::tui::update::MAX_LINE_CHARS`] characters, like the other
/// one-line inputs.
fn cap(line: &str) -> String {
    line.chars()
        .take(crate::tui::update::MAX_LINE_CHARS)
        .collect()
}

/// The register's state: which opinion is chosen and the status filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Register {
    /// Row chosen.
    pub cursor: usize,
    /// Only opinions with this status, when set.
    pub status: Option<OpinionStatus>,
}

impl Register {
    /// The next status filter: each status, then all.
    pub fn cycle_status(&mut self) {
        let all = OpinionStatus::ALL;
        self.status = match self.status {
            None => Some(all[0]),
            Some(s) => all
                .iter()
                .position(|x| *x == s)
                .and_then(|i| all.get(i + 1))
                .copied(),
        };
        self.cursor = 0;
    }

    /// Moves the cursor by `down` (or up) within `len` rows.
    pub fn step(&mut self, down: bool, len: usize) {
        self.cursor = if down {
            (self.cursor + 1).min(len.saturating_sub(1))
        } else {
            self.cursor.saturating_sub(1)
        };
    }
}

/// The opinions' view state.
#[derive(Debug, Default)]
pub struct OpinionsView {
    /// The form, when open.
    pub form: Option<OpinionForm>,
    /// The register's state.
    pub register: Register,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> Input {
        Input {
            key: Key::Char(c),
            ..Input::default()
        }
    }

    #[test]
    fn an_answer_has_text_division_and_status() {
        let mut form = OpinionForm::with(
            FormKind::Respond {
                id: "abc".into(),
                base: None,
                opinion: "意見".into(),
            },
            "",
            "",
            OpinionStatus::Open,
        );
        for c in "検討します".chars() {
            form.input(key(c));
        }
        form.next_field();
        for c in "市民活動推進課".chars() {
            form.input(key(c));
        }
        form.next_field();
        form.input(key('2'));
        assert_eq!(form.text(), "検討します");
        assert_eq!(form.division(), "市民活動推進課");
        assert_eq!(form.status, OpinionStatus::InProgress);
        assert!(form.changed());
    }

    #[test]
    fn the_status_filter_cycles_through_every_status_then_all() {
        let mut r = Register::default();
        let mut seen = Vec::new();
        for _ in 0..5 {
            r.cycle_status();
            seen.push(r.status);
        }
        assert_eq!(
            seen,
            [
                Some(OpinionStatus::Open),
                Some(OpinionStatus::InProgress),
                Some(OpinionStatus::Done),
                Some(OpinionStatus::WontDo),
                None
            ]
        );
    }
}
