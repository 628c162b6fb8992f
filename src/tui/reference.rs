//! The reference tables besides the key table: how one-line inputs edit,
//! and the query syntax. Help (`?`) shows them and a test keeps README's
//! tables in step, so the three never disagree.

/// One row: what is typed, and what it does (Japanese, English).
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// Keys or query text, as shown (in English where they are words).
    pub keys: &'static str,
    /// The keys in Japanese, where they are words.
    pub keys_ja: Option<&'static str>,
    /// Japanese description.
    pub ja: &'static str,
    /// English description.
    pub en: &'static str,
}

const fn row(keys: &'static str, ja: &'static str, en: &'static str) -> Row {
    Row {
        keys,
        keys_ja: None,
        ja,
        en,
    }
}

impl Row {
    /// The keys as shown in `lang`.
    pub fn keys_in(&self, lang: crate::i18n::Lang) -> &'static str {
        match (lang, self.keys_ja) {
            (crate::i18n::Lang::Ja, Some(ja)) => ja,
            _ => self.keys,
        }
    }
}

/// Editing keys of the one-line inputs (search line, picker, meeting
/// label), as readline has them.
pub const LINE_EDITING: &[Row] = &[
    row("Ctrl-a / Home", "行頭へ", "start of line"),
    row("Ctrl-e / End", "行末へ", "end of line"),
    row("Ctrl-u", "行頭まで削除", "delete to the start"),
    row("Ctrl-k", "行末まで削除", "delete to the end"),
    row("Ctrl-w", "1語削除", "delete a word"),
    Row {
        keys: "/ (again)",
        keys_ja: Some("/ (2回目)"),
        ja: "前の検索語は選択状態: 打つと置き換え、矢印で編集",
        en: "the old query is selected: typing replaces it, an arrow keeps it",
    },
    Row {
        keys: "paste",
        keys_ja: Some("貼り付け"),
        ja: "1行入力は1000文字まで",
        en: "one-line inputs take at most 1000 characters",
    },
];

/// The query syntax (as fzf's).
pub const QUERY_SYNTAX: &[Row] = &[
    row("協働 講座", "両方を含む (AND)", "both (terms are ANDed)"),
    row("研修 | 交流", "どちらか", "either"),
    row(
        "'サポート",
        "連続した一致のみ",
        "contiguous only (no fuzzy)",
    ),
    row(
        "^市民活動",
        "項目・列挙の先頭",
        "at the start of a field or list item",
    ),
    row(
        "講座$",
        "項目・列挙の末尾",
        "at the end of a field or list item",
    ),
    row("^企画課$", "項目・列挙の全体", "a whole field or list item"),
    row("!補助金", "含まない事業", "measures that do not mention it"),
    row(
        "課:企画 / div:企画",
        "部・課・主たる部署・関係部署のみ",
        "in 部/課/主たる部署/関係部署 only",
    ),
    row("対象:事業者 / target:", "対象者のみ", "in 対象者"),
    row("目的:交流 / purpose:", "目的のみ", "in 目的"),
];

use super::keys::{BINDINGS, Scope};

/// Where a scope's keys apply, as help and README name it (Japanese,
/// English), in the order they are listed.
pub const SCOPES: &[(Scope, &str, &str)] = &[
    (Scope::Tree, "ツリー", "tree"),
    (Scope::Detail, "詳細", "detail"),
    (Scope::Main, "共通", "anywhere"),
    (Scope::Search, "検索行 (文字を入力)", "search line"),
    (
        Scope::Departments,
        "部署の選択 (文字で絞り込み)",
        "department picker",
    ),
    (Scope::Editor, "メモの編集", "note editor"),
    (Scope::Confirm, "確認の質問", "question"),
    (Scope::Meeting, "会議名の入力", "meeting label"),
    (
        Scope::Rating,
        "評価の入力 (キーで評価、文字で理由)",
        "rating form",
    ),
    (Scope::Overview, "評価の概要", "review overview"),
    (Scope::OpinionForm, "意見・対応方針の入力", "opinion form"),
    (Scope::Register, "意見の一覧", "opinion register"),
    (Scope::Help, "ヘルプ", "help"),
];

/// README's key table, made from the key table and [`LINE_EDITING`].
pub fn markdown_keys() -> String {
    let mut out = String::from("| keys | where | what |\n| --- | --- | --- |\n");
    for (scope, _, en) in SCOPES {
        for b in BINDINGS.iter().filter(|b| b.scope == *scope) {
            let keys: Vec<String> = b.keys.iter().map(|k| format!("`{k}`")).collect();
            out.push_str(&format!("| {} | {en} | {} |\n", keys.join(" / "), b.help.1));
        }
    }
    for r in LINE_EDITING {
        out.push_str(&format!(
            "| `{}` | one-line inputs | {} |\n",
            r.keys.replace(" / ", "` / `"),
            r.en
        ));
    }
    out
}

/// README's query syntax table, made from [`QUERY_SYNTAX`].
pub fn markdown_query_syntax() -> String {
    let mut out = String::from("| query | meaning |\n| --- | --- |\n");
    for r in QUERY_SYNTAX {
        let keys = r.keys.replace(" / ", "` / `").replace('|', "\\|");
        out.push_str(&format!("| `{keys}` | {} |\n", r.en));
    }
    out
}
