//! Colours, border sets and marks, in one place. `--ascii` swaps every
//! East Asian ambiguous-width symbol for ASCII.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::{border, scrollbar};

use crate::code::MeasureCode;

/// Section headings in the detail pane.
pub const HEADING: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
/// The measure title at the top of the detail pane.
pub const TITLE: Style = Style::new().add_modifier(Modifier::BOLD);
/// Field labels (部等名 …).
pub const LABEL: Style = Style::new().fg(Color::Green);
/// Secondary text: counts, resolved arrows, the 【再掲】 mark.
pub const DIM: Style = Style::new().fg(Color::DarkGray);
/// Link numbers.
pub const LINK: Style = Style::new().fg(Color::Yellow);
/// The chosen link.
pub const LINK_CHOSEN: Style = Style::new().fg(Color::Black).bg(Color::Yellow);
/// The selected tree row.
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
/// Border of the pane with the keyboard.
pub const FOCUSED_BORDER: Style = Style::new().fg(Color::Cyan);
/// Border of the other pane.
pub const BORDER: Style = Style::new().fg(Color::DarkGray);
/// Key names in the hint bar.
pub const KEY: Style = Style::new().fg(Color::Black).bg(Color::Gray);
/// Matched characters of a search.
pub const MATCH: Style = Style::new()
    .fg(Color::Yellow)
    .add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED));
/// Hit counts on branches while filtering.
pub const HIT_COUNT: Style = Style::new().fg(Color::Yellow);
/// The 要確認 mark.
pub const FLAG_CHECK: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
/// The 確認済み mark.
pub const FLAG_DONE: Style = Style::new().fg(Color::Green);
/// A measure's note count in the tree.
pub const NOTE_COUNT: Style = Style::new().fg(Color::Magenta);
/// Active filters in the status line.
pub const FILTER: Style = Style::new().fg(Color::Black).bg(Color::Yellow);
/// The colour of a grade by its place on the scale (best first): green,
/// cyan, yellow, then red for the rest, so a four-level and a three-level
/// scale both read from good to bad.
pub fn grade(position: usize, levels: usize) -> Style {
    let color = match position {
        0 => Color::Green,
        p if p + 1 >= levels && levels > 2 => Color::Red,
        1 => Color::Cyan,
        2 => Color::Yellow,
        _ => Color::Red,
    };
    Style::new().fg(color)
}

/// A decided grade: the grade's colour as a solid badge.
pub fn grade_badge(position: usize, levels: usize) -> Style {
    let fg = grade(position, levels).fg.unwrap_or(Color::Reset);
    Style::new()
        .fg(Color::Black)
        .bg(fg)
        .add_modifier(Modifier::BOLD)
}

/// A warning that stays: notes cannot be saved.
pub const WARNING: Style = Style::new()
    .fg(Color::White)
    .bg(Color::Red)
    .add_modifier(Modifier::BOLD);
/// A message for the user in the hint bar.
pub const MESSAGE: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);

/// Symbols that depend on `--ascii`.
#[derive(Debug, Clone)]
pub struct Marks {
    /// Pane borders.
    pub border: border::Set<'static>,
    /// Scrollbar pieces.
    pub scrollbar: scrollbar::Set<'static>,
    /// Before a closed branch.
    pub closed: &'static str,
    /// Before an open branch.
    pub open: &'static str,
    /// Before an arrow cell's resolved plan.
    pub arrow: &'static str,
    /// Whether text from the data gets ASCII stand-ins for ambiguous marks.
    pub ascii: bool,
}

const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

const ASCII_SCROLLBAR: scrollbar::Set<'static> = scrollbar::Set {
    track: "|",
    thumb: "#",
    begin: "^",
    end: "v",
};

impl Marks {
    /// The marks for a terminal: Unicode, or ASCII with `ascii`.
    pub fn new(ascii: bool) -> Self {
        if ascii {
            Self {
                border: ASCII_BORDER,
                scrollbar: ASCII_SCROLLBAR,
                closed: "+ ",
                open: "- ",
                arrow: "->",
                ascii,
            }
        } else {
            Self {
                border: border::ROUNDED,
                scrollbar: scrollbar::VERTICAL,
                closed: "▸ ",
                open: "▾ ",
                arrow: "→",
                ascii,
            }
        }
    }

    /// A measure code as shown: `1-(2)-①`, or `1-(2)-1` in ASCII mode.
    pub fn code(&self, code: MeasureCode) -> String {
        if self.ascii {
            format!("{}-({})-{}", code.pillar, code.section, code.item)
        } else {
            code.to_string()
        }
    }

    /// Text from the data with ambiguous-width marks replaced in ASCII mode
    /// (■ → #, ○ → o, ① → (1), → → ->), unchanged otherwise.
    pub fn text(&self, text: &str) -> String {
        if !self.ascii {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '■' | '□' | '◆' | '◇' => out.push('#'),
                '○' | '●' | '◎' => out.push('o'),
                '※' => out.push('*'),
                '→' => out.push_str("->"),
                '←' => out.push_str("<-"),
                '─' | '━' => out.push('-'),
                '…' => out.push_str("..."),
                '①'..='⑳' => out.push_str(&format!("({})", c as u32 - '①' as u32 + 1)),
                _ => out.push(c),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_mode_replaces_ambiguous_marks() {
        let marks = Marks::new(true);
        assert_eq!(marks.text("■予算 ①→②"), "#予算 (1)->(2)");
        assert_eq!(marks.code(MeasureCode::new(1, 2, 3)), "1-(2)-3");
        assert_eq!(Marks::new(false).text("■予算"), "■予算");
    }
}
