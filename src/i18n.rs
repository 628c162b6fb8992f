//! The one message table: every label the program shows, in Japanese and
//! English. Code asks for a [`Msg`] and never spells a label itself.

/// Display language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// 日本語 (default).
    #[default]
    Ja,
    /// English.
    En,
}

impl Lang {
    /// The language the environment asks for: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set decides; a locale naming another
    /// language (`en_US.UTF-8`) gives English. `C`/`POSIX` name no language,
    /// so they keep the Japanese default.
    pub fn from_env() -> Self {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
        Self::from_locale(locale.as_deref())
    }

    /// The language for a locale string such as `ja_JP.UTF-8`.
    pub fn from_locale(locale: Option<&str>) -> Self {
        match locale {
            Some(v) if v.starts_with("ja") || v == "C" || v.starts_with("C.") || v == "POSIX" => {
                Self::Ja
            }
            Some(_) => Self::En,
            None => Self::Ja,
        }
    }

    /// A measure's title as lists show it, with 【再掲】 (` [relisted]`)
    /// when the measure lists another one again.
    pub fn measure_title(self, m: &crate::dataset::Measure) -> String {
        if m.relisted_from.is_some() {
            format!("{}{}", m.title, self.text(Msg::Relisted))
        } else {
            m.title.clone()
        }
    }

    /// The text of `msg` in this language.
    pub fn text(self, msg: Msg) -> &'static str {
        let (ja, en) = msg.texts();
        match self {
            Self::Ja => ja,
            Self::En => en,
        }
    }
}

macro_rules! messages {
    ($($name:ident => $ja:literal, $en:literal;)*) => {
        /// A label or message shown to people.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $(#[doc = $ja] $name,)* }
        impl Msg {
            fn texts(self) -> (&'static str, &'static str) {
                match self { $(Self::$name => ($ja, $en),)* }
            }
        }
    };
}

messages! {
    Department => "部等名", "Department";
    Division => "課等名", "Division";
    LeadDivision => "主たる部署", "Lead division";
    RelatedDivisions => "関係部署など", "Related divisions";
    Targets => "対象者", "Targets";
    Implementers => "実施主体", "Implementers";
    CurrentIssues => "現状・課題", "Current issues";
    Purpose => "目的", "Purpose";
    Actions => "推進内容", "Actions";
    Achievements => "取組実績", "Achievements";
    Completion => "完了の目安", "Completion";
    Schedule => "年次計画", "Schedule";
    Related => "主な関連事業", "Related measures";
    // Written right after a title: the English mark brings its own space.
    Relisted => "【再掲】", " [relisted]";
    RelistedFrom => "再掲元", "Relisted from";
    NoneValue => "なし", "none";
    Pillar => "柱", "Pillar";
    Section => "施策", "Section";
    Measures => "事業", "measures";
    Hits => "件", "hits";
    Notes => "メモ", "Notes";
    Orphans => "孤立したメモ", "Orphaned notes";
    OrphansExplained => "この計画にない事業番号のメモです。削除されず、ここに残ります。", "Notes on codes this plan does not have. They are kept, here.";
    Edited => "編集", "edited";
    Meeting => "会議", "meeting";
    NoHits => "該当なし", "no hits";
    NotesLabel => "メモ", "notes";
    ReadingsPending => "読みを準備中…", "preparing readings…";
    IndexPending => "索引を準備中…", "indexing the plan…";
    Searching => "検索中…", "searching…";
    RankedNeedsSearch => "検索すると結果を順位順に並べます", "Hits will be listed by rank once you search";
    HitsNeedSearch => "n / N は検索結果を順に移ります（/ で検索）", "n / N walk search hits (/ to search)";
    NothingPasses => "該当なし（Esc で絞り込み解除）", "nothing passes (Esc clears the filters)";
    NotesReadOnly => "メモは保存できません（閲覧のみ）", "Notes cannot be saved (browsing only)";
    SearchLabel => "検索", "search";
    DepartmentLabel => "部署", "department";
    AllDepartments => "すべての部署（絞り込み解除）", "All departments (clear filter)";
    PickDepartment => "部署で絞り込み", "Filter by department";
    Decision => "決定", "Decision";
    Rating => "評価", "Rating";
    Ratings => "評価", "ratings";
    Reviewer => "評価者", "Reviewer";
    Direction => "今後の方向性", "Direction";
    Reason => "理由", "Reason";
    Rated => "評価済み", "rated";
    Decided => "決定済み", "decided";
    NeedsCheck => "要確認", "to check";
    NoteCount => "メモ", "notes";
    NotRatedYet => "評価はまだありません", "No ratings yet";
    NothingNeedsAttention => "協議が必要な事業はありません", "Nothing needs the meeting's time";
    Scale => "評価の尺度", "Rating scale";
    Directions => "今後の方向性", "Directions";
    ScaleFrom => "設定ファイル", "Settings file";
    DefaultScale => "（既定。メモのフォルダに plan-review.toml を置くと変えられます）", "(default; put a plan-review.toml in the notes folder to change it)";
    WholePlan => "計画全体", "Whole plan";
    LeadDepartment => "主たる部署", "Lead division";
    Tally => "集計", "tally";
    UnknownGrade => "評価の尺度にない評価です", "is not a grade on the scale";
    UseOneOf => "使えるもの", "use one of";
    UnknownDirection => "今後の方向性の一覧にありません", "is not a direction";
    ReasonDisagreement => "評価が分かれている", "reviewers disagree";
    ReasonLowGrade => "と評価", "rated";
    ReasonNeedsCheck => "要確認", "marked to check";
    ReasonCalledOff => "年次計画は実施だが、取組実績に", "planned to run, but the achievements say";
    ReasonNoAchievements => "取組実績が空", "no achievements reported";
    ReasonNotRated => "未評価", "not rated yet";
    NotInPlan => "（この計画にない事業）", "(not in this plan)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_text() {
        assert_eq!(Lang::Ja.text(Msg::Purpose), "目的");
        assert_eq!(Lang::En.text(Msg::Purpose), "Purpose");
    }

    #[test]
    fn locale_picks_language() {
        assert_eq!(Lang::from_locale(Some("ja_JP.UTF-8")), Lang::Ja);
        assert_eq!(Lang::from_locale(Some("C.UTF-8")), Lang::Ja);
        assert_eq!(Lang::from_locale(None), Lang::Ja);
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("de_DE")), Lang::En);
    }
}
