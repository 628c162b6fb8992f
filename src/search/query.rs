//! The query language, as fzf users know it: space-separated terms are
//! ANDed; `'term` exact, `^term` prefix, `term$` suffix, `^term$` whole,
//! `!term` excludes, `a | b` ORs. A field prefix restricts a term:
//! `課:企画`, `対象:事業者`, `目的:交流`, or `div:`, `target:`, `purpose:`.

use super::Field;
use super::aliases::Aliases;
use super::fold::{fold, is_kana, is_latin_word};
use super::phrase::content_words;

/// How a term must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// Contiguous where possible, else a tight fuzzy match in short fields,
    /// else by reading (romaji).
    Fuzzy,
    /// `'term`: contiguous only.
    Exact,
    /// `^term`: at the start of the field (or of a list item).
    Prefix,
    /// `term$`: at the end of the field (or of a list item).
    Suffix,
    /// `^term$`: the whole field (or a whole list item).
    Whole,
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term as typed, without its operators.
    pub raw: String,
    /// The term folded for matching.
    pub needle: String,
    /// How it must match.
    pub kind: MatchKind,
    /// `!term`: measures that match are left out.
    pub negated: bool,
    /// The fields it may match; `None` means all.
    pub fields: Option<&'static [Field]>,
    /// A code or code prefix (`1-2`, `1-(2)-①`), folded to `1-2-1` form:
    /// matches the code field only.
    pub code: Option<String>,
    /// Latin or kana terms may also match readings.
    pub reading: bool,
    /// A phrase's content words, folded (地域の担い手 → 地域, 担い手):
    /// looked for on their own when the phrase is not found as typed.
    /// Empty for a term that is not such a phrase.
    pub parts: Vec<String>,
    /// For an alternative an alias added (not typed), the alias word it
    /// stands for, as the alias table writes it.
    pub via: Option<String>,
}

/// A parsed query: every group must match; a group matches when any of its
/// terms does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Groups of alternatives (`a | b`), all required.
    pub groups: Vec<Vec<Term>>,
}

impl Query {
    /// Parses `text`. Never fails: operators without a term are ignored,
    /// so a half-typed query is a valid one.
    pub fn parse(text: &str) -> Self {
        let mut groups: Vec<Vec<Term>> = Vec::new();
        let mut join_next = false;
        for token in text.split(|c: char| c.is_whitespace() || c == '\u{3000}') {
            if token.is_empty() {
                continue;
            }
            if token == "|" || token == "｜" {
                join_next = !groups.is_empty();
                continue;
            }
            let Some(term) = Term::parse(token) else {
                continue;
            };
            match groups.last_mut() {
                Some(group) if join_next => {
                    // `a | a` asks nothing more than `a`.
                    if !group.contains(&term) {
                        group.push(term);
                    }
                }
                _ => groups.push(vec![term]),
            }
            join_next = false;
        }
        // A term repeated (`取り組 取り組 …`, as a paste may hold) asks
        // nothing more, and each copy would cost a pass over the plan.
        let mut unique: Vec<Vec<Term>> = Vec::with_capacity(groups.len());
        for group in groups {
            if !unique.contains(&group) {
                unique.push(group);
            }
        }
        Self { groups: unique }
    }

    /// Whether the query asks nothing.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The query with every typed word of an alias group joined by the
    /// group's other words, as alternatives that say which word they are
    /// (`PC` also looks for パソコン). Exact and excluded terms are not
    /// expanded: `'PC` and `!PC` mean PC as typed.
    pub fn with_aliases(&self, aliases: &Aliases) -> Self {
        if aliases.is_empty() {
            return self.clone();
        }
        let groups = self
            .groups
            .iter()
            .map(|group| {
                let mut out = group.clone();
                let expands =
                    |t: &&Term| !t.negated && t.code.is_none() && t.kind != MatchKind::Exact;
                for term in group.iter().filter(expands) {
                    for word in aliases.alternatives(&term.needle) {
                        out.push(Term {
                            raw: word.to_owned(),
                            needle: fold(word),
                            kind: term.kind,
                            negated: false,
                            fields: term.fields,
                            code: None,
                            // A reading of an alias is one step too far
                            // from what was typed.
                            reading: false,
                            parts: Vec::new(),
                            via: Some(word.to_owned()),
                        });
                    }
                }
                out
            })
            .collect();
        Self { groups }
    }

    /// Whether any term may match readings (so the readings are needed).
    pub fn wants_readings(&self) -> bool {
        self.groups.iter().flatten().any(|t| t.reading)
    }
}

/// Field prefixes, Japanese and English. `課:` means any organisational
/// field, as coordinators say 課 for all of them.
const FIELD_PREFIXES: &[(&[&str], &[Field])] = &[
    (&["番号", "code"], &[Field::Code]),
    (&["題", "題名", "事業", "事業名", "title"], &[Field::Title]),
    (&["部", "部等", "部等名", "dept"], &[Field::Department]),
    (
        &["課", "部署", "div", "division"],
        &[
            Field::Department,
            Field::Division,
            Field::LeadDivision,
            Field::RelatedDivisions,
        ],
    ),
    (&["主", "主たる部署", "lead"], &[Field::LeadDivision]),
    (&["関係", "関係部署", "related"], &[Field::RelatedDivisions]),
    (&["対象", "対象者", "target"], &[Field::Targets]),
    (&["主体", "実施主体", "by"], &[Field::Implementers]),
    (
        &["現状", "課題", "現状・課題", "issues"],
        &[Field::CurrentIssues],
    ),
    (&["目的", "purpose"], &[Field::Purpose]),
    (&["推進", "推進内容", "内容", "actions"], &[Field::Actions]),
    (&["実績", "取組実績", "results"], &[Field::Achievements]),
    (&["完了", "完了の目安", "completion"], &[Field::Completion]),
    // 関連, not 関係 (関係部署 above), and `programs`, as `related` is
    // taken by 関係部署.
    (
        &["関連", "関連事業", "主な関連事業", "programs"],
        &[Field::RelatedPrograms],
    ),
];

impl Term {
    /// Parses one token; `None` when nothing is left to match.
    fn parse(token: &str) -> Option<Self> {
        let mut rest = token;
        let mut negated = false;
        if let Some(r) = rest.strip_prefix(['!', '！']) {
            negated = true;
            rest = r;
        }
        let mut fields = None;
        if let Some((name, r)) = rest.split_once([':', '：']) {
            let name = name.to_lowercase();
            if let Some((_, f)) = FIELD_PREFIXES
                .iter()
                .find(|(names, _)| names.contains(&&*name))
            {
                fields = Some(*f);
                rest = r;
            }
        }
        if !negated && let Some(r) = rest.strip_prefix(['!', '！']) {
            negated = true;
            rest = r;
        }
        let mut kind = MatchKind::Fuzzy;
        if let Some(r) = rest.strip_prefix(['\'', '’']) {
            kind = MatchKind::Exact;
            rest = r;
        } else if let Some(r) = rest.strip_prefix('^') {
            kind = MatchKind::Prefix;
            rest = r;
        }
        if rest.len() > 1
            && let Some(r) = rest.strip_suffix('$')
        {
            kind = match kind {
                MatchKind::Prefix => MatchKind::Whole,
                _ => MatchKind::Suffix,
            };
            rest = r;
        }
        if negated && kind == MatchKind::Fuzzy {
            // fzf: `!term` excludes exact matches only.
            kind = MatchKind::Exact;
        }
        let needle = fold(rest);
        if needle.trim().is_empty() {
            return None;
        }
        let code = code_key(&needle);
        let reading = code.is_none() && (is_latin_word(&needle) || is_kana(&needle));
        let parts = if kind == MatchKind::Fuzzy && code.is_none() {
            content_words(rest)
        } else {
            Vec::new()
        };
        Some(Self {
            raw: rest.to_owned(),
            needle,
            kind,
            negated,
            fields,
            code,
            reading,
            parts,
            via: None,
        })
    }
}

/// The `1-2-1` form of a folded code or code prefix (`1-(2)`, `1.2.1`), if
/// the term is one: digits joined by dashes or dots, brackets dropped.
pub fn code_key(folded: &str) -> Option<String> {
    let has_digit = folded.chars().any(|c| c.is_ascii_digit());
    let has_joint = folded.contains(['-', '.', '(']);
    let only_code_chars = folded
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '(' | ')'));
    if !(has_digit && has_joint && only_code_chars) {
        return None;
    }
    let parts: Vec<&str> = folded
        .split(['-', '.', '(', ')'])
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty() && parts.len() <= 3).then(|| parts.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Term {
        let q = Query::parse(text);
        assert_eq!(q.groups.len(), 1, "{text}");
        assert_eq!(q.groups[0].len(), 1, "{text}");
        q.groups[0][0].clone()
    }

    #[test]
    fn operators() {
        assert_eq!(one("協働").kind, MatchKind::Fuzzy);
        assert_eq!(one("'協働").kind, MatchKind::Exact);
        assert_eq!(one("^市民").kind, MatchKind::Prefix);
        assert_eq!(one("課$").kind, MatchKind::Suffix);
        assert_eq!(one("^企画課$").kind, MatchKind::Whole);
        let not = one("!補助金");
        assert!(not.negated);
        assert_eq!(not.kind, MatchKind::Exact);
        assert_eq!(not.needle, "補助金");
        // `$` alone is a term, not an operator.
        assert_eq!(one("$").needle, "$");
    }

    #[test]
    fn repeated_terms_are_asked_once() {
        assert_eq!(Query::parse("取り組 取り組 取り組").groups.len(), 1);
        let q = Query::parse("協働 | 協働 | 講座 補助金 協働 | 協働 | 講座");
        assert_eq!(q.groups.len(), 2);
        assert_eq!(q.groups[0].len(), 2);
    }

    #[test]
    fn or_groups_and_full_width_space() {
        let q = Query::parse("交流 | 研修　補助金");
        assert_eq!(q.groups.len(), 2);
        assert_eq!(q.groups[0].len(), 2);
        assert_eq!(q.groups[0][1].needle, "研修");
        assert_eq!(q.groups[1][0].needle, "補助金");
        // A dangling bar is harmless.
        assert_eq!(Query::parse("| 協働 |").groups.len(), 1);
    }

    #[test]
    fn field_prefixes_in_both_languages_and_widths() {
        let t = one("課:企画");
        assert_eq!(t.needle, "企画");
        assert!(t.fields.unwrap().contains(&Field::LeadDivision));
        assert_eq!(one("target:事業者").fields, Some(&[Field::Targets][..]));
        assert_eq!(one("目的：交流").fields, Some(&[Field::Purpose][..]));
        let t = one("!課:^企画");
        assert!(t.negated);
        assert_eq!(t.kind, MatchKind::Prefix);
        // Not a field name: the colon is part of the term.
        assert_eq!(one("http://x").needle, "http://x");
        assert!(Query::parse("課:").is_empty());
    }

    #[test]
    fn codes_in_any_form() {
        for form in ["1-2-1", "１－（２）－①", "1-(2)-①", "1.2.1"] {
            assert_eq!(one(form).code.as_deref(), Some("1-2-1"), "{form}");
        }
        assert_eq!(one("1-(2)").code.as_deref(), Some("1-2"));
        assert_eq!(one("600").code, None);
        assert_eq!(one("2020-2021-3-4").code, None);
    }

    #[test]
    fn phrases_keep_their_content_words() {
        assert_eq!(
            one("地域の担い手への支援").parts,
            ["地域", "担い手", "支援"]
        );
        assert!(one("担い手").parts.is_empty());
        // Exact means as typed: no cutting.
        assert!(one("'地域の担い手").parts.is_empty());
    }

    #[test]
    fn alias_words_expand_to_alternatives_that_say_so() {
        let aliases = Aliases::shipped();
        let q = Query::parse("PC 講座").with_aliases(&aliases);
        assert_eq!(q.groups.len(), 2);
        let pc = &q.groups[0];
        assert_eq!(pc.len(), 2);
        assert_eq!(pc[1].needle, "ぱそこん");
        assert_eq!(pc[1].via.as_deref(), Some("パソコン"));
        assert!(pc[0].via.is_none());
        assert_eq!(q.groups[1].len(), 1);
        // Field prefixes and operators carry over; exclusions do not expand.
        let q = Query::parse("対象:^PC").with_aliases(&aliases);
        assert_eq!(q.groups[0][1].kind, MatchKind::Prefix);
        assert_eq!(q.groups[0][1].fields, Some(&[Field::Targets][..]));
        assert_eq!(
            Query::parse("!PC").with_aliases(&aliases).groups[0].len(),
            1
        );
    }

    #[test]
    fn readings_for_latin_and_kana_terms() {
        assert!(one("hojokin").reading);
        assert!(one("きょうどう").reading);
        assert!(!one("協働").reading);
        assert!(Query::parse("kyodo 協働").wants_readings());
    }
}
