//! Keys to actions: one table drives the handler, the key-hint bar and the
//! help overlay, so they never disagree.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use ratatui_textarea::{Input, Key};

use super::app::{Focus, Overlay};
use crate::i18n::Lang;

/// Everything that can change the state. Produced from events by
/// [`action_for_event`], applied by [`super::update::update`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Leave the program.
    Quit,
    /// Hand the terminal back to the shell and stop (Ctrl-Z); `fg` resumes.
    Suspend,
    /// Close the innermost thing: the overlay, the editor, the search
    /// line's focus, then the filters. Never quits.
    Escape,
    /// Open or close the help overlay.
    ToggleHelp,
    /// Tree ↔ detail.
    SwitchFocus,
    /// Previous tree row, or scroll the detail up one line.
    Up,
    /// Next tree row, or scroll the detail down one line.
    Down,
    /// First tree row, or top of the detail.
    First,
    /// Last tree row, or end of the detail.
    Last,
    /// Close a branch or go to the parent.
    Left,
    /// Open a branch, go to its first child, or on a measure focus the detail.
    Right,
    /// Open/close a branch; on a measure focus the detail; in the detail
    /// follow the chosen link.
    Activate,
    /// Scroll the detail a page up.
    PageUp,
    /// Scroll the detail a page down.
    PageDown,
    /// Choose the next link in the detail.
    NextLink,
    /// Choose the previous link in the detail.
    PrevLink,
    /// Follow link number N (1-based) of the shown measure.
    FollowNumber(u8),
    /// Back through visited measures.
    Back,
    /// Forward through visited measures.
    Forward,
    /// A left click at (column, row).
    Click(u16, u16),
    /// Mouse wheel at (column, row); `true` is down.
    Wheel(u16, u16, bool),
    /// The terminal now has this many (columns, rows).
    Resize(u16, u16),
    /// Open the search line.
    OpenSearch,
    /// Open the department picker.
    OpenDepartments,
    /// A key for the text being typed (search line or picker).
    Edit(Input),
    /// Text pasted (bracketed paste) into whatever is being typed.
    Paste(String),
    /// Write a new note on the selected measure.
    AddNote,
    /// Edit the chosen note (or the newest).
    EditNote,
    /// Delete the chosen note (or the newest), after asking.
    DeleteNote,
    /// Bring back the note deleted last.
    UndoDelete,
    /// Cycle the measure's mark: 要確認 → 確認済み → none.
    CycleFlag,
    /// Set the meeting label stamped on new notes.
    SetMeeting,
    /// Cycle the notes filter: with notes → 要確認 → 確認済み → off.
    CycleNotesFilter,
    /// Save the note being edited.
    Save,
    /// Answer yes.
    Yes,
    /// Answer no.
    No,
    /// Copy the selected measure as plain text (OSC 52).
    Copy,
    /// Write an opinion on the selected measure, section or pillar.
    WriteOpinion,
    /// Open or close the opinion register.
    ToggleRegister,
    /// In the register: the next status filter.
    CycleStatusFilter,
    /// Write the current meeting's minutes to a file.
    ExportMinutes,
    /// Rate the selected measure (my rating).
    Rate,
    /// Record the committee's decision on the selected measure.
    Decide,
    /// Open or close the review overview.
    ToggleOverview,
    /// Cycle the review filter: unrated → disagreement → each grade → off.
    CycleReviewFilter,
    /// The next part of a form (grade → reason → direction).
    NextField,
    /// The part of a form before.
    PrevField,
    /// Search for the first "did you mean" suggestion instead.
    AcceptSuggestion,
    /// Show the hits as a ranked list instead of the tree, or back.
    ToggleHitList,
    /// Select the next hit in rank order.
    NextHit,
    /// Select the previous hit in rank order.
    PrevHit,
    /// The loop's periodic wake-up (every 200 ms without input).
    Tick,
    /// The search thread has answered (a large plan's search or
    /// suggestions): show what answers the query as typed now.
    SearchAnswered,
}

impl Action {
    /// Whether this action acts on the hits, so that, pressed while the
    /// search thread is still at the query just typed (or at the
    /// suggestion a Tab waits for), it must wait for that answer to act
    /// as it would on a small plan (Enter then `j` moves from the best
    /// hit, Esc clears the filter just typed).
    /// Typing does not wait: the keys of a query are never held. Nor do
    /// quitting and suspending, nor Tab, which is remembered instead
    /// (see [`super::filter::Filter::ready_to_accept`]).
    pub fn waits_for_search(&self) -> bool {
        !matches!(
            self,
            Self::Edit(_)
                | Self::Paste(_)
                | Self::Tick
                | Self::SearchAnswered
                | Self::Quit
                | Self::Suspend
                | Self::Resize(..)
                | Self::AcceptSuggestion
        )
    }
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Main screen, either pane.
    Main,
    /// Main screen, tree focused.
    Tree,
    /// Main screen, detail focused.
    Detail,
    /// Help overlay open.
    Help,
    /// Typing in the search line.
    Search,
    /// The department picker open.
    Departments,
    /// Writing a note.
    Editor,
    /// A yes/no question open.
    Confirm,
    /// Typing the meeting label.
    Meeting,
    /// The rating form open.
    Rating,
    /// The review overview open.
    Overview,
    /// Writing an opinion or an answer.
    OpinionForm,
    /// The opinion register open.
    Register,
}

pub use super::bindings::{BINDINGS, Binding};

impl Binding {
    /// The description in `lang`.
    pub fn describe(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.help.0,
            Lang::En => self.help.1,
        }
    }
}

/// A key's name as shown: arrows are East Asian ambiguous width, so ASCII
/// mode spells them out.
pub fn display_key(name: &str, ascii: bool) -> &str {
    match (name, ascii) {
        ("↑", true) => "Up",
        ("↓", true) => "Down",
        ("←", true) => "Left",
        ("→", true) => "Right",
        _ => name,
    }
}

/// The scope keys currently act in.
pub fn scope(focus: Focus, overlay: Overlay) -> Scope {
    match (overlay, focus) {
        (Overlay::Help, _) => Scope::Help,
        (Overlay::Departments, _) => Scope::Departments,
        (Overlay::Editor, _) => Scope::Editor,
        (Overlay::Confirm, _) => Scope::Confirm,
        (Overlay::Meeting, _) => Scope::Meeting,
        (Overlay::Rating, _) => Scope::Rating,
        (Overlay::Overview, _) => Scope::Overview,
        (Overlay::OpinionForm, _) => Scope::OpinionForm,
        (Overlay::Register, _) => Scope::Register,
        (Overlay::None, Focus::Search) => Scope::Search,
        (Overlay::None, Focus::Tree) => Scope::Tree,
        (Overlay::None, Focus::Detail) => Scope::Detail,
    }
}

/// The bindings that apply in `scope` (its own and the main screen's).
pub fn active(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| {
        b.scope == scope || (b.scope == Scope::Main && matches!(scope, Scope::Tree | Scope::Detail))
    })
}

/// The name a key event is listed under in [`BINDINGS`].
fn key_name(key: &KeyEvent) -> Option<String> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char(c) if ctrl => format!("Ctrl-{}", c.to_ascii_lowercase()),
        KeyCode::Char(' ') => "Space".into(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        _ => return None,
    })
}

/// The action a key press means in `scope`. Releases and repeats of
/// non-press kinds are ignored (crossterm reports releases on Windows).
pub fn action_for_key(key: &KeyEvent, scope: Scope) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    // Job control works wherever the keyboard is, as in a shell: with raw
    // mode on, Ctrl-Z arrives as a key, not as SIGTSTP.
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if key.code == KeyCode::Char('z') && ctrl {
        return Some(Action::Suspend);
    }
    // Ctrl-C quits from anywhere, as `q` does on the main screen (an open
    // note is kept as a draft on the way out).
    if key.code == KeyCode::Char('c') && ctrl {
        return Some(Action::Quit);
    }
    let typing = matches!(
        scope,
        Scope::Search
            | Scope::Departments
            | Scope::Editor
            | Scope::Meeting
            | Scope::Rating
            | Scope::OpinionForm
    );
    let name = key_name(key);
    let bound = name.as_deref().and_then(|name| {
        active(scope)
            .find(|b| b.keys.contains(&name))
            .map(|b| b.action.clone())
    });
    if typing {
        // Everything not bound edits the line (Backspace, ←, Ctrl-u, text).
        return bound.or_else(|| {
            let input = Input::from(*key);
            (input.key != Key::Null).then_some(Action::Edit(input))
        });
    }
    if !matches!(scope, Scope::Help | Scope::Overview | Scope::Register)
        && let KeyCode::Char(c @ '1'..='9') = key.code
        && !key.modifiers.contains(KeyModifiers::CONTROL)
    {
        return Some(Action::FollowNumber(c as u8 - b'0'));
    }
    bound
}

/// The action a terminal event means, if any.
pub fn action_for_event(event: &Event, scope: Scope) -> Option<Action> {
    match event {
        Event::Key(key) => action_for_key(key, scope),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Paste(text)
            if !matches!(
                scope,
                Scope::Help | Scope::Confirm | Scope::Overview | Scope::Register
            ) =>
        {
            Some(Action::Paste(text.clone()))
        }
        Event::Mouse(MouseEvent {
            kind, column, row, ..
        }) => match kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(*column, *row)),
            MouseEventKind::ScrollDown => Some(Action::Wheel(*column, *row, true)),
            MouseEventKind::ScrollUp => Some(Action::Wheel(*column, *row, false)),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_agree() {
        for scope in [Scope::Tree, Scope::Detail] {
            assert_eq!(
                action_for_key(&press(KeyCode::Char('j')), scope),
                Some(Action::Down)
            );
            assert_eq!(
                action_for_key(&press(KeyCode::Down), scope),
                Some(Action::Down)
            );
            assert_eq!(
                action_for_key(&press(KeyCode::Char('G')), scope),
                Some(Action::Last)
            );
        }
        assert_eq!(
            action_for_key(&press(KeyCode::Char('h')), Scope::Tree),
            Some(Action::Left)
        );
    }

    #[test]
    fn only_presses_count() {
        let mut release = press(KeyCode::Char('q'));
        release.kind = KeyEventKind::Release;
        assert_eq!(action_for_key(&release, Scope::Tree), None);
    }

    #[test]
    fn digits_follow_links_and_ctrl_keys_are_distinct() {
        assert_eq!(
            action_for_key(&press(KeyCode::Char('3')), Scope::Detail),
            Some(Action::FollowNumber(3))
        );
        let ctrl_o = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL);
        assert_eq!(action_for_key(&ctrl_o, Scope::Tree), Some(Action::Back));
        assert_eq!(
            action_for_key(&press(KeyCode::Char('o')), Scope::Tree),
            Some(Action::ToggleOverview)
        );
    }

    #[test]
    fn help_scope_closes_and_scrolls_only() {
        assert_eq!(
            action_for_key(&press(KeyCode::Char('q')), Scope::Help),
            Some(Action::Escape)
        );
        assert_eq!(
            action_for_key(&press(KeyCode::Char('j')), Scope::Help),
            Some(Action::Down)
        );
        assert_eq!(
            action_for_key(&press(KeyCode::Char('1')), Scope::Help),
            None
        );
        assert_eq!(
            action_for_key(&press(KeyCode::Char('n')), Scope::Help),
            None
        );
    }

    #[test]
    fn every_listed_key_name_is_one_the_handler_produces() {
        // A typo in the table would show a key in help that does nothing.
        let producible = [
            "↑",
            "↓",
            "←",
            "→",
            "Enter",
            "Space",
            "Esc",
            "Tab",
            "Shift-Tab",
            "Backspace",
            "Home",
            "End",
            "PgUp",
            "PgDn",
            "Ctrl-o",
            "Ctrl-i",
            "Ctrl-s",
            "Ctrl-z",
            "Ctrl-c",
            "Ctrl-u",
            "Ctrl-w",
            "Ctrl-a",
            "Ctrl-e",
            "Ctrl-k",
            "1-9",
        ];
        for b in BINDINGS {
            for k in b.keys {
                let single_char = k.chars().count() == 1;
                assert!(
                    single_char || producible.contains(k),
                    "unknown key name {k}"
                );
            }
        }
    }
}
