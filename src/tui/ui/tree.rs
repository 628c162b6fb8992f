//! The tree's items: pillars and sections by number with counts, measures
//! by code and title, 【再掲】 marked.

use ratatui::text::{Line, Span};
use tui_tree_widget::TreeItem;

use crate::dataset::Plan;
use crate::i18n::Msg;
use crate::tui::app::{NodeId, Options};
use crate::tui::theme::{self, Marks};

/// Builds the tree for `plan`. Cheap enough to do every frame.
pub fn tree_items(plan: &Plan, options: Options) -> Vec<TreeItem<'static, NodeId>> {
    let marks = Marks::new(options.ascii);
    let relisted = options.lang.text(Msg::Relisted);
    let branch = |label: String, title: Option<&str>, count: usize| {
        let mut spans = vec![Span::raw(label)];
        if let Some(title) = title {
            spans.push(Span::raw(format!(" {title}")));
        }
        spans.push(Span::styled(format!(" ({count})"), theme::DIM));
        Line::from(spans)
    };
    plan.pillars
        .iter()
        .filter_map(|pillar| {
            let sections: Vec<_> = pillar
                .sections
                .iter()
                .filter_map(|section| {
                    let leaves: Vec<_> = section
                        .measures
                        .iter()
                        .map(|m| {
                            let mut spans =
                                vec![Span::raw(format!("{} {}", marks.code(m.code), m.title))];
                            if m.relisted_from.is_some() {
                                spans.push(Span::styled(relisted, theme::DIM));
                            }
                            TreeItem::new_leaf(NodeId::Measure(m.code), Line::from(spans))
                        })
                        .collect();
                    let label = branch(
                        format!("{}-({})", pillar.number, section.number),
                        section.title.as_deref(),
                        leaves.len(),
                    );
                    TreeItem::new(
                        NodeId::Section(pillar.number, section.number),
                        label,
                        leaves,
                    )
                    .ok()
                })
                .collect();
            let count = pillar.sections.iter().map(|s| s.measures.len()).sum();
            let label = branch(pillar.number.to_string(), pillar.title.as_deref(), count);
            TreeItem::new(NodeId::Pillar(pillar.number), label, sections).ok()
        })
        .collect()
}
