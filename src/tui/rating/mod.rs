//! The rating form (`r`, and `R` for the committee's decision): one key
//! picks the grade, then the reason is typed (multi-line, the IME caret at
//! the cursor), then a direction is picked. The form owns its state, its
//! key handling ([`RatingForm::input`]) and its drawing ([`draw`]); it
//! knows nothing of the rest of the screen, and the update function acts
//! on what [`RatingForm::input`] returns.

pub mod draw;

use ratatui_textarea::{Input, Key, TextArea};

use crate::code::MeasureCode;
use crate::review::Scale;

pub use draw::draw;

/// Whose result the form records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// This reviewer's rating.
    Rating,
    /// The committee's decision (決定).
    Decision,
}

/// Which part of the form keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Picking the grade: a grade's key or label, or ↑/↓ and Enter.
    Grade,
    /// Typing the reason.
    Reason,
    /// Picking the direction.
    Direction,
}

/// What the update function does after a key in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing beyond the form.
    Keep,
    /// The key asked for something the form cannot give (a grade that is
    /// not on the scale): say so.
    NotOnScale,
    /// Text typed while choosing the direction went to the reason: say so.
    MovedToReason,
}

/// Whether a key types text (not a digit, which picks a direction).
fn is_text(input: &Input) -> bool {
    matches!(input.key, Key::Char(c) if !input.ctrl && !input.alt && !c.is_ascii_digit())
}

/// The open form.
#[derive(Debug)]
pub struct RatingForm {
    /// Rating or decision.
    pub kind: FormKind,
    /// The measure rated.
    pub code: MeasureCode,
    /// Where keys go.
    pub step: Step,
    /// The grade chosen (index into the scale), if any.
    pub grade: Option<usize>,
    /// The grade highlighted while choosing.
    pub grade_cursor: usize,
    /// The reason.
    pub reason: TextArea<'static>,
    /// The direction chosen (index into the scale's directions); `None`
    /// is "not given".
    pub direction: Option<usize>,
    /// The highlighted choice while choosing a direction: 0 is "not
    /// given", 1.. the scale's directions.
    pub direction_cursor: usize,
    /// What the form held when it opened, to tell whether anything changed.
    original: (Option<usize>, String, Option<usize>),
}

impl RatingForm {
    /// A form on `code`, filled with what was recorded before (grade key,
    /// reason, direction), if anything.
    pub fn new(
        kind: FormKind,
        code: MeasureCode,
        scale: &Scale,
        before: Option<(&str, &str, Option<&str>)>,
    ) -> Self {
        let grade = before.and_then(|(g, ..)| scale.position(g));
        let reason_text = before.map_or("", |(_, r, _)| r);
        let direction = before
            .and_then(|(.., d)| d)
            .and_then(|d| scale.directions().iter().position(|x| x == d));
        let reason = super::textarea::filled(reason_text);
        Self {
            kind,
            code,
            step: Step::Grade,
            grade,
            grade_cursor: grade.unwrap_or(0),
            reason,
            direction,
            direction_cursor: direction.map_or(0, |d| d + 1),
            original: (grade, reason_text.to_owned(), direction),
        }
    }

    /// The reason as typed.
    pub fn reason_text(&self) -> String {
        self.reason.lines().join("\n")
    }

    /// Whether anything differs from when the form opened.
    pub fn changed(&self) -> bool {
        (self.grade, self.reason_text(), self.direction) != self.original
    }

    /// Shift-Tab: the part before.
    pub fn previous_step(&mut self) {
        self.step = match (self.step, self.kind) {
            (Step::Grade, FormKind::Rating) => Step::Direction,
            (Step::Grade, FormKind::Decision) | (Step::Direction, _) => Step::Reason,
            (Step::Reason, _) => Step::Grade,
        };
    }

    /// Tab: the next part of the form (the grade must be chosen first).
    pub fn next_step(&mut self) {
        self.step = match (self.step, self.kind) {
            (Step::Grade, _) => {
                self.grade.get_or_insert(self.grade_cursor);
                Step::Reason
            }
            (Step::Reason, _) => Step::Direction,
            (Step::Direction, _) => Step::Grade,
        };
    }

    /// A key typed in the form.
    pub fn input(&mut self, input: Input, scale: &Scale) -> Outcome {
        match self.step {
            Step::Grade => self.grade_key(input, scale),
            Step::Reason => {
                self.reason.input(input);
                Outcome::Keep
            }
            Step::Direction => {
                if is_text(&input) {
                    // Text typed here is meant for the reason (a Tab too
                    // many after the grade key): it goes there, not away.
                    self.step = Step::Reason;
                    self.reason.input(input);
                    return Outcome::MovedToReason;
                }
                self.direction_key(input, scale);
                Outcome::Keep
            }
        }
    }

    /// Text pasted into the form: into the reason, line breaks kept.
    pub fn paste(&mut self, text: &str) {
        if self.step == Step::Grade {
            self.grade.get_or_insert(self.grade_cursor);
            self.step = Step::Reason;
        }
        if self.step == Step::Reason {
            self.reason.insert_str(text);
        }
    }

    fn grade_key(&mut self, input: Input, scale: &Scale) -> Outcome {
        let last = scale.grades().len().saturating_sub(1);
        match input.key {
            Key::Up | Key::Left => self.grade_cursor = self.grade_cursor.saturating_sub(1),
            Key::Down | Key::Right => self.grade_cursor = (self.grade_cursor + 1).min(last),
            Key::Enter => {
                self.grade = Some(self.grade_cursor);
                self.step = Step::Reason;
            }
            Key::Char(c) if !input.ctrl && !input.alt => {
                // One key picks the grade, in any width or case (`a`,
                // `Ａ`): the scale reads it.
                match scale.parse_grade(&c.to_string()) {
                    Ok(grade) => {
                        let index = scale.position(&grade.key).unwrap_or(0);
                        self.grade = Some(index);
                        self.grade_cursor = index;
                        self.step = Step::Reason;
                    }
                    Err(_) => return Outcome::NotOnScale,
                }
            }
            _ => {}
        }
        Outcome::Keep
    }

    fn direction_key(&mut self, input: Input, scale: &Scale) {
        let last = scale.directions().len();
        match input.key {
            Key::Up | Key::Left => {
                self.direction_cursor = self.direction_cursor.saturating_sub(1);
            }
            Key::Down | Key::Right => self.direction_cursor = (self.direction_cursor + 1).min(last),
            Key::Char(c @ '0'..='9') => {
                let n = usize::from(c as u8 - b'0');
                if n <= last {
                    self.direction_cursor = n;
                }
            }
            _ => return,
        }
        self.direction = self.direction_cursor.checked_sub(1);
    }
}
