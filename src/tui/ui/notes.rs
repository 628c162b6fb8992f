//! The note editor, the yes/no question and the meeting-label line, drawn
//! over the main screen. Each puts the terminal's cursor at its caret, so
//! an input method opens its candidates there.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::dataset::Plan;
use crate::i18n::Lang;
use crate::notes::local_time;
use crate::text::wrap;
use crate::tui::app::View;
use crate::tui::notes::{NotesView, Question};
use crate::tui::rating::FormKind;

/// A box of `w` x `h` (clamped to `area`) in the middle of `area`.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width.saturating_sub(2)).max(1);
    let h = h.min(area.height.saturating_sub(2)).max(1);
    Rect::new(
        area.x + (area.width.saturating_sub(w)) / 2,
        area.y + (area.height.saturating_sub(h)) / 2,
        w,
        h,
    )
}

fn popup(frame: &mut Frame<'_>, rect: Rect, title: &str, view: &View) -> Rect {
    super::popup(frame, rect, title, view.options.ascii)
}

/// The note editor: most of the screen, the measure in its title.
pub fn draw_editor(frame: &mut Frame<'_>, area: Rect, view: &View, notes: &NotesView, plan: &Plan) {
    let Some(editor) = &notes.editor else { return };
    let lang = view.options.lang;
    let w = (area.width * 4 / 5).max(30);
    let h = (area.height * 3 / 5).max(8);
    let rect = centred(area, w, h);
    let title = plan
        .measure(editor.code)
        .map_or(String::new(), |m| m.title.clone());
    let verb = match (lang, editor.note_id.is_some()) {
        (Lang::Ja, false) => "新しいメモ",
        (Lang::Ja, true) => "メモを編集",
        (Lang::En, false) => "New note",
        (Lang::En, true) => "Edit note",
    };
    let meeting = notes
        .meeting
        .as_ref()
        .map(|m| format!(" 【{m}】"))
        .unwrap_or_default();
    let inner = popup(
        frame,
        rect,
        &format!(" {verb}: {} {title}{meeting} ", editor.code),
        view,
    );
    frame.render_widget(&editor.text, inner);
    // The real cursor at the caret, for the input method.
    super::place_caret(frame, inner, &editor.text);
}

/// The question, with what answers mean.
/// `form`: the kind of rating form open, if any; a decision (決定) is
/// named as such.
pub fn draw_question(
    frame: &mut Frame<'_>,
    area: Rect,
    view: &View,
    notes: &NotesView,
    form: Option<FormKind>,
) {
    let Some(question) = &notes.question else {
        return;
    };
    let ja = view.options.lang == Lang::Ja;
    let book = notes.book();
    let mut text = match question {
        Question::SaveOpinionBeforeClosing(_) => if ja {
            "意見を保存しますか？"
        } else {
            "Save the opinion?"
        }
        .to_owned(),
        Question::SaveRatingBeforeClosing(_) => match (ja, form) {
            (true, Some(FormKind::Decision)) => "決定を保存しますか？",
            (true, _) => "評価を保存しますか？",
            (false, Some(FormKind::Decision)) => "Save the decision?",
            (false, _) => "Save the rating?",
        }
        .to_owned(),
        Question::SaveBeforeClosing(_) => if ja {
            "メモを保存しますか？"
        } else {
            "Save the note?"
        }
        .to_owned(),
        Question::Delete(id) => {
            let body = book
                .and_then(|b| b.get(id))
                .map(|n| n.text.lines().next().unwrap_or_default().to_owned())
                .unwrap_or_default();
            if ja {
                format!("このメモを削除しますか？（u で元に戻せます）\n「{body}」")
            } else {
                format!("Delete this note? (u undoes)\n\"{body}\"")
            }
        }
        Question::RestoreDraft(path) => {
            let draft = notes.drafts.iter().find(|(p, _)| p == path).map(|(_, d)| d);
            let (code, at, body) = draft.map_or_else(Default::default, |d| {
                (
                    d.code.clone(),
                    local_time(d.saved_at),
                    d.text.lines().next().unwrap_or_default().to_owned(),
                )
            });
            if ja {
                format!(
                    "保存されなかった下書きがあります（{code}、{at}）。\n「{body}」\n開きますか？ n で破棄します。"
                )
            } else {
                format!(
                    "An unsaved draft was left ({code}, {at}).\n\"{body}\"\nOpen it? n discards it."
                )
            }
        }
    };
    text.push_str(if ja {
        "\n\ny: はい   n: いいえ   Esc: 戻る"
    } else {
        "\n\ny: yes   n: no   Esc: back"
    });
    let w = area.width.saturating_sub(4).min(64);
    let inner_w = usize::from(w.saturating_sub(2)).max(1);
    let lines: Vec<Line<'static>> = text
        .lines()
        .flat_map(|l| {
            if l.is_empty() {
                vec![String::new()]
            } else {
                wrap(l, inner_w)
            }
        })
        .map(Line::from)
        .collect();
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = centred(area, w, h);
    let title = if ja { " 確認 " } else { " Confirm " };
    let inner = popup(frame, rect, title, view);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The meeting-label line.
pub fn draw_meeting(frame: &mut Frame<'_>, area: Rect, view: &View, notes: &NotesView) {
    let Some(input) = &notes.meeting_input else {
        return;
    };
    let title = match view.options.lang {
        Lang::Ja => " 会議名（新しいメモに付きます。空で解除） ",
        Lang::En => " Meeting label (stamped on new notes; empty clears) ",
    };
    let rect = centred(area, area.width.saturating_sub(4).min(60), 3);
    let inner = popup(frame, rect, title, view);
    super::input_line::draw(frame, inner, Span::raw(""), input, Span::raw(""), true);
}
