//! 意見の取りまとめ as a printable workbook: sheet 総括 with the summary,
//! then sheet 意見 with one row per opinion in the Markdown's order.

use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use super::opinions::{Digest, no_summary, targets};
use super::sheet::{Cell, Column, cut_notice, fit, write_table};
use super::{Spreadsheet, XlsxError};
use crate::dataset::Plan;
use crate::i18n::Lang;

impl Digest<'_> {
    /// The workbook, with a line for each cell cut to Excel's limit.
    pub fn xlsx(&self, plan: &Plan, lang: Lang) -> Result<Spreadsheet, XlsxError> {
        let ja = lang == Lang::Ja;
        let mut book = Workbook::new();
        let summary_title = if ja { "総括" } else { "Summary" };
        let sheet = book.add_worksheet();
        sheet.set_name(summary_title)?;
        let bold = Format::new().set_bold().set_font_name("游ゴシック");
        let wrap = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_font_name("游ゴシック");
        sheet.write_string_with_format(0, 0, format!("{}　{}", self.plan, self.report), &bold)?;
        sheet.write_string_with_format(1, 0, summary_title, &bold)?;
        let text = self
            .summary
            .map_or_else(|| no_summary(lang), |s| s.text.as_str());
        let (text, omitted) = fit(text, lang);
        let mut cut: Vec<String> = omitted
            .map(|n| cut_notice(summary_title, 2, 0, summary_title, n, lang))
            .into_iter()
            .collect();
        sheet.write_string_with_format(2, 0, &text, &wrap)?;
        sheet.set_column_width(0, 100)?;
        sheet.set_paper_size(9);
        sheet.set_landscape();
        sheet.set_print_fit_to_pages(1, 0);

        let headers: [&str; 9] = if ja {
            [
                "No.",
                "区分",
                "対象",
                "会議",
                "意見",
                "対応方針",
                "担当課",
                "状況",
                "ID",
            ]
        } else {
            [
                "No.", "group", "about", "meeting", "opinion", "response", "division", "status",
                "ID",
            ]
        };
        let bounds = [
            (5.0, 6.0),
            (10.0, 24.0),
            (20.0, 36.0),
            (10.0, 20.0),
            (30.0, 50.0),
            (30.0, 50.0),
            (12.0, 20.0),
            (10.0, 12.0),
            (9.0, 10.0),
        ];
        let columns: Vec<Column> = headers
            .iter()
            .zip(bounds)
            .map(|(h, (min, max))| Column::new(*h, min, max))
            .collect();
        let mut rows = Vec::new();
        for group in &self.groups {
            for o in &group.opinions {
                rows.push(vec![
                    Cell::from(rows.len() + 1),
                    Cell::from(group.heading.as_str()),
                    Cell::Text(targets(plan, o, lang).join("\n")),
                    Cell::Text(o.meeting.clone().unwrap_or_default()),
                    Cell::Text(o.text.clone()),
                    Cell::Text(o.response.text.clone()),
                    Cell::Text(o.response.division.clone()),
                    Cell::from(o.response.status.label(lang)),
                    Cell::Text(o.id.clone()),
                ]);
            }
        }
        let title = if ja { "意見" } else { "Opinions" };
        let sheet = book.add_worksheet();
        sheet.set_name(title)?;
        cut.extend(write_table(
            sheet,
            if ja {
                "意見の取りまとめ"
            } else {
                "Committee opinions"
            },
            &columns,
            &rows,
            lang,
        )?);
        Ok(Spreadsheet {
            bytes: book.save_to_buffer()?,
            cut,
        })
    }
}
