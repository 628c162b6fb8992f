//! The `d` overlay: every department with its number of measures,
//! narrowed by what is typed, the chosen one highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::i18n::Msg;
use crate::search::departments::Department;
use crate::text::{pad, truncate, width};
use crate::tui::app::View;
use crate::tui::filter::picker_entries;
use crate::tui::theme::{self, Marks};

/// Draws the picker centred over `area`, with the terminal cursor in its
/// input line.
pub fn draw(frame: &mut Frame<'_>, area: Rect, view: &View, departments: &[Department]) {
    let lang = view.options.lang;
    let typed = view.picker.input.lines().join(" ");
    let entries = picker_entries(departments, &typed);
    let name_width = departments
        .iter()
        .map(|d| width(&d.name))
        .max()
        .unwrap_or(0);
    // Counts right-aligned to the longest (five digits on a large plan).
    let count_width = departments
        .iter()
        .map(|d| d.measures.to_string().len())
        .max()
        .unwrap_or(0)
        .max(3);
    let row_text = |entry: Option<&Department>| match entry {
        None => lang.text(Msg::AllDepartments).to_owned(),
        Some(d) => {
            let roles: Vec<&str> = d.roles.iter().map(|r| r.label(lang)).collect();
            format!(
                "{}  {:>count_width$}  {}",
                pad(&d.name, name_width),
                d.measures,
                roles.join("・")
            )
        }
    };
    let widest = entries
        .iter()
        .map(|e| width(&row_text(*e)))
        .max()
        .unwrap_or(0);
    let w = u16::try_from(widest + 4)
        .unwrap_or(u16::MAX)
        .clamp(20, 72)
        .min(area.width.saturating_sub(2));
    let h = u16::try_from(entries.len() + 4)
        .unwrap_or(u16::MAX)
        .min(area.height.saturating_sub(2));
    if w < 6 || h < 4 {
        return;
    }
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let title = format!(" {} ", lang.text(Msg::PickDepartment));
    let block = Block::bordered()
        .border_set(Marks::new(view.options.ascii).border)
        .border_style(theme::FOCUSED_BORDER)
        .title(truncate(&title, usize::from(w.saturating_sub(2))));
    let inner = block.inner(rect);
    super::clear_popup(frame, rect);
    frame.render_widget(block, rect);

    // The input line, with the real cursor at its caret.
    super::input_line::draw(
        frame,
        Rect { height: 1, ..inner },
        Span::styled("> ", theme::LINK),
        &view.picker.input,
        Span::raw(""),
        true,
    );

    // The list, scrolled to keep the cursor row in view.
    let list_area = Rect {
        y: inner.y + 2,
        height: inner.height.saturating_sub(2),
        ..inner
    };
    let visible = usize::from(list_area.height).max(1);
    let cursor = view.picker.cursor.min(entries.len().saturating_sub(1));
    let skip = cursor.saturating_sub(visible - 1);
    let lines: Vec<Line<'static>> = entries
        .iter()
        .enumerate()
        .skip(skip)
        .take(visible)
        .map(|(i, e)| {
            let text = truncate(&row_text(*e), usize::from(list_area.width));
            let chosen =
                view.filter.dept.as_ref().map(|f| f.name.as_str()) == e.map(|d| d.name.as_str());
            let style = if i == cursor {
                theme::SELECTED
            } else if chosen {
                theme::MATCH
            } else {
                ratatui::style::Style::new()
            };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list_area);
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use crate::i18n::Lang;
    use crate::tui::app::{App, Options};

    /// The cell column of the last digit of each row's count.
    fn count_ends(counts: &[usize]) -> Vec<u16> {
        let plan = crate::dataset::bundled().expect("bundled");
        let app = App::new(
            plan,
            Options {
                lang: Lang::Ja,
                ascii: false,
            },
            (120, 40),
        );
        let mut departments = app.departments.clone();
        departments.truncate(counts.len());
        for (d, &n) in departments.iter_mut().zip(counts) {
            d.measures = n;
        }
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        terminal
            .draw(|f| super::draw(f, f.area(), &app.view, &departments))
            .expect("draws");
        let buffer = terminal.backend().buffer();
        let mut ends = Vec::new();
        for y in 0..buffer.area.height {
            let digit = |x: u16| buffer[(x, y)].symbol().chars().all(|c| c.is_ascii_digit());
            let blank = |x: u16| buffer[(x, y)].symbol() == " ";
            // A count: digits, then the two spaces before the roles.
            let end = (1..buffer.area.width.saturating_sub(2)).find(|&x| {
                digit(x) && !buffer[(x, y)].symbol().is_empty() && blank(x + 1) && blank(x + 2)
            });
            ends.extend(end);
        }
        ends
    }

    #[test]
    fn counts_line_up_however_many_digits_they_have() {
        let ends = count_ends(&[5776, 14235, 7, 120]);
        assert_eq!(ends.len(), 4, "{ends:?}");
        assert!(ends.iter().all(|&x| x == ends[0]), "{ends:?}");
        let ends = count_ends(&[3, 12, 345]);
        assert_eq!(ends.len(), 3, "{ends:?}");
        assert!(ends.iter().all(|&x| x == ends[0]), "{ends:?}");
    }
}
