//! The importer against the real 令和2年度 report: every measure's values,
//! links, and proof that no line of the report is lost.

use plan_review::code::MeasureCode;
use plan_review::dataset::{self, Measure, Plan};
use plan_review::import::{cleanup::label_key, import_report};

const REPORT: &str = include_str!("../assets/report-r2.txt");

fn imported() -> Plan {
    import_report(REPORT, "report-r2.txt")
        .expect("the real report imports")
        .plan
}

fn code(text: &str) -> MeasureCode {
    MeasureCode::parse(text).expect("test codes are valid")
}

fn measure<'a>(plan: &'a Plan, text: &str) -> &'a Measure {
    plan.measure(code(text))
        .unwrap_or_else(|| panic!("{text} is in the dataset"))
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// (code, title, 部等名, 課等名, 目的 without white space), extracted from the
/// raw report by a separate script, not by the importer under test.
const MEASURES: [(&str, &str, &str, &str, &str); 35] = [
    (
        "1-(1)-①",
        "協働のまちづくりを推進する課の充実",
        "市民経済環境部",
        "市民活動推進課",
        "市役所内で、協働によるまちづくりをあらゆる分野で総合的かつ効果的に推進する体制を整えます。",
    ),
    (
        "1-(1)-②",
        "市民活動サポートセンター機能の充実",
        "市民経済環境部",
        "市民活動推進課",
        "市民活動を支援し、協働によるまちづくりの拠点として、市民活動サポートセンターに求められる機能を果たします。",
    ),
    (
        "1-(1)-③",
        "まちづくりコーディネーターの育成及び充実",
        "市民経済環境部",
        "市民活動推進課",
        "様々な活動をしている主体が情報を共有して交流することにより、更なる活動の充実や新たな発見や取組の発展につなげ、市民活動の充実を図るため、まちづくりコーディネーターを育成します。",
    ),
    (
        "1-(2)-①",
        "市民活動支援補助金の充実",
        "市民経済環境部",
        "市民活動推進課",
        "市民や様々な主体が行う自由で自発的な公益活動である市民活動を活性化させます。",
    ),
    (
        "1-(2)-②",
        "市民活動支援基金の検討",
        "市民経済環境部",
        "市民活動推進課",
        "市民活動を活性化するため活動資金の確保を行います。",
    ),
    (
        "1-(3)-①",
        "地域づくり協議会などの地域ネットワークの促進",
        "市民経済環境部",
        "市民活動推進課",
        "自治会や市民活動団体が連携を取れるようにそれぞれの団体をつなぐ組織やネットワークの構築を促進します。",
    ),
    (
        "2-(1)-①",
        "市民活動サポートセンター機能の充実",
        "市民経済環境部",
        "市民活動推進課",
        "市民活動を支援し、協働によるまちづくりの拠点として、市民活動サポートセンターに求められる機能を果たします。",
    ),
    (
        "2-(1)-②",
        "協働のまちづくり講座の開催",
        "市民経済環境部",
        "市民活動推進課",
        "市民の郷土愛を醸成し、地域の活動へ参加する意欲を持つ人材を発掘・育成し、市民活動を促進させます。",
    ),
    (
        "2-(1)-③",
        "情報交換の場づくり",
        "市民経済環境部",
        "市民活動推進課",
        "人と人が知り合うきっかけや、地域を知ることができる場をつくります。",
    ),
    (
        "2-(1)-④",
        "協働の担い手情報の充実と活用",
        "市民経済環境部",
        "市民活動推進課",
        "協働のまちづくりに関する人材情報（市民活動団体、まちづくりのサポーターなど）を充実させ活用します。",
    ),
    (
        "2-(1)-⑤",
        "市民活動感謝状贈呈制度の運用",
        "市民経済環境部",
        "市民活動推進課",
        "市民などが市民活動に関心を持ち、関わるきっかけとなるように制度を運用し市民活動を活性化します。",
    ),
    (
        "2-(1)-⑥",
        "とみさと協働塾の開催",
        "市民経済環境部",
        "市民活動推進課",
        "市民活動団体などが、継続して自立した活動が行えるようにします。また、これから活動を目指す人材の育成を行います。",
    ),
    (
        "2-(2)-①",
        "市民活動総合補償制度の運用",
        "市民経済環境部",
        "市民活動推進課",
        "市民が安心して市民活動に参加できるようにします。",
    ),
    (
        "2-(2)-②",
        "(仮称)地域活動ポイント(※)の検討",
        "市民経済環境部",
        "市民活動推進課",
        "ボランティア活動への意欲の向上を図ります。",
    ),
    (
        "3-(1)-①",
        "市民活動の実態及び意向調査",
        "市民経済環境部",
        "市民活動推進課",
        "地域に潜在する市民活動を行う団体を掘り起こし、団体がどのような活動をしていきたいのか、活動の意向についても調査します。団体情報を広く公開し活動の紹介を行い、また、市民活動団体などの情報を必要とする市民などに対し情報を提供していきます。",
    ),
    (
        "3-(2)-①",
        "活動事例の紹介",
        "市民経済環境部",
        "市民活動推進課",
        "協働の事例を市民にわかりやすく紹介し、協働を身近なものにします。",
    ),
    (
        "3-(2)-②",
        "協働PRリーフレットの作成",
        "市民経済環境部",
        "市民活動推進課",
        "協働によるまちづくりについて、市全体に浸透を図ります。",
    ),
    (
        "3-(2)-③",
        "とみさとふれあい講座の拡充",
        "総務部",
        "秘書広報課",
        "市民の市政への参画を推進するためにも、市民が、各種制度や市の取組情報を得られるような講座としてメニューを充実させ、実施します。",
    ),
    (
        "3-(2)-④",
        "市民活動団体などによる講座の検討",
        "市民経済環境部",
        "市民活動推進課",
        "協働の取組事例や市民活動団体などの活動を分かりやすく説明し、市民の協働への理解を深めます。",
    ),
    (
        "3-(2)-⑤",
        "協働専用情報発信ツールの運用",
        "市民経済環境部",
        "市民活動推進課",
        "情報を発信・共有するための情報発信ツールを運用します。",
    ),
    (
        "3-(2)-⑥",
        "市広報紙及びホームページの充実",
        "市民経済環境部",
        "市民活動推進課",
        "わかりやすく情報を編集するとともに、市民が活用・共有しやすい情報の提供をします。",
    ),
    (
        "3-(2)-⑦",
        "とみさと市民活動フェスタの開催",
        "市民経済環境部",
        "市民活動推進課",
        "団体の活動をより多くの市民に紹介、共有することにより市内の市民活動や市民活動団体などの活性化を図ります。また、団体同士の交流の場としても位置付けフェスタを実施します。",
    ),
    (
        "3-(2)-⑧",
        "地域フォーラムの開催",
        "市民経済環境部",
        "市民活動推進課",
        "地域の課題・困りごとを地域住民同士で共有し、地域連携や課題の解決に向けた話し合いのきっかけをつくります。",
    ),
    (
        "3-(3)-①",
        "協働の担い手情報の充実と活用",
        "市民経済環境部",
        "市民活動推進課",
        "協働のまちづくりに関する人材情報（市民活動団体、まちづくりのサポーターなど）を充実させ活用します。",
    ),
    (
        "3-(3)-②",
        "とみさとの情報コーナーの多様化",
        "市民経済環境部",
        "市民活動推進課",
        "情報を共有するための媒体の一つとして充実を図ります。",
    ),
    (
        "3-(3)-③",
        "社会福祉協議会などとの連携",
        "市民経済環境部",
        "市民活動推進課",
        "市民活動に関して情報交換する場を設けます。",
    ),
    (
        "4-(1)-①",
        "パブリックコメント制度の周知",
        "総務部",
        "企画課",
        "市民の市政に対する参画機会の一つとして制度の活用を促進します。",
    ),
    (
        "4-(1)-②",
        "市民提案機会の拡充",
        "総務部",
        "秘書広報課",
        "市政への参画機会を充実させます。",
    ),
    (
        "4-(1)-③",
        "審議会などへの公募委員による市民参画の推進",
        "総務部",
        "企画課",
        "市政に市民の視点からの意見を反映させ、市政への参画機会を増やします。",
    ),
    (
        "4-(1)-④",
        "市政への参画機会の拡充",
        "総務部",
        "企画課",
        "市民の市政への参画機会を多様化します。",
    ),
    (
        "4-(2)-①",
        "協働のまちづくりモデル事業の実施",
        "市民経済環境部",
        "市民活動推進課",
        "市民活動団体などと市が行う具体的な事業により協働を推進します。",
    ),
    (
        "4-(2)-②",
        "市民活動支援補助金の充実",
        "市民経済環境部",
        "市民活動推進課",
        "市民や様々な主体が行う自由で自発的な公益活動である市民活動を活性化させます。",
    ),
    (
        "5-(1)-①",
        "協働のまちづくりを推進する課の充実",
        "市民経済環境部",
        "市民活動推進課",
        "市役所内で、協働によるまちづくりをあらゆる分野で総合的かつ効果的に推進する体制を整えます。",
    ),
    (
        "5-(1)-②",
        "市政への参画機会の拡充",
        "総務部",
        "企画課",
        "市民の市政への参画機会を多様化します。",
    ),
    (
        "5-(2)-①",
        "職員研修の実施",
        "総務部",
        "総務課",
        "職員研修を充実することにより、意識の向上を図ります。",
    ),
];

#[test]
fn bundled_dataset_is_exactly_what_import_makes() {
    let json = serde_json::to_string_pretty(&imported()).expect("serializes") + "\n";
    assert!(
        json == dataset::BUNDLED_JSON,
        "assets/plan.json is stale: run `cargo run -- import assets/report-r2.txt -o assets/plan.json`"
    );
    assert_eq!(dataset::bundled().expect("bundled loads"), imported());
}

#[test]
fn plan_header_and_shape() {
    let plan = imported();
    assert_eq!(plan.schema_version, 1);
    assert_eq!(plan.plan, "富里市協働のまちづくり推進計画");
    assert_eq!(plan.report, "令和2年度計画の進捗状況");
    assert_eq!(plan.years, ["H28", "H29", "H30", "R1", "R2"]);
    assert_eq!(plan.pillars.len(), 5);
    let sections: Vec<String> = plan
        .pillars
        .iter()
        .flat_map(|p| {
            p.sections
                .iter()
                .map(move |s| format!("{}-({}):{}", p.number, s.number, s.measures.len()))
        })
        .collect();
    assert_eq!(
        sections,
        [
            "1-(1):3", "1-(2):2", "1-(3):1", "2-(1):6", "2-(2):2", "3-(1):1", "3-(2):8", "3-(3):3",
            "4-(1):4", "4-(2):2", "5-(1):2", "5-(2):1"
        ]
    );
    assert!(
        plan.pillars
            .iter()
            .all(|p| p.title.is_none() && p.sections.iter().all(|s| s.title.is_none()))
    );
}

#[test]
fn every_measure_has_the_reports_code_title_department_division_and_purpose() {
    let plan = imported();
    let got: Vec<&Measure> = plan.measures().collect();
    assert_eq!(got.len(), MEASURES.len());
    for (m, (code, title, department, division, purpose)) in got.iter().zip(MEASURES) {
        assert_eq!(m.code.to_string(), code);
        assert_eq!(m.title, title, "{code}");
        assert_eq!(m.department, department, "{code}");
        assert_eq!(m.division, division, "{code}");
        assert_eq!(squash(&m.purpose), purpose, "{code}");
        for (field, text) in [
            ("現状・課題", &m.current_issues),
            ("推進内容", &m.actions),
            ("完了の目安", &m.completion),
            ("取組実績", &m.achievements),
        ] {
            assert!(!text.trim().is_empty(), "{code} {field} is empty");
        }
        assert_eq!(m.schedule.len(), 5, "{code}");
    }
}

#[test]
fn relistings_point_at_their_originals() {
    let plan = imported();
    let relisted: Vec<(String, String)> = plan
        .measures()
        .filter_map(|m| m.relisted_from.map(|o| (m.code.to_string(), o.to_string())))
        .collect();
    assert_eq!(
        relisted,
        [
            ("2-(1)-①".to_string(), "1-(1)-②".to_string()),
            ("3-(3)-①".into(), "2-(1)-④".into()),
            ("4-(2)-②".into(), "1-(2)-①".into()),
            ("5-(1)-①".into(), "1-(1)-①".into()),
            ("5-(1)-②".into(), "4-(1)-④".into()),
        ]
    );
}

#[test]
fn related_codes_of_every_measure() {
    let plan = imported();
    let want: [(&str, &[&str]); 35] = [
        ("1-(1)-①", &["5-(2)-①"]),
        ("1-(1)-②", &["1-(1)-③", "4-(2)-①"]),
        ("1-(1)-③", &["1-(1)-②", "2-(1)-①"]),
        ("1-(2)-①", &["1-(2)-②"]),
        ("1-(2)-②", &["1-(2)-①", "4-(2)-②"]),
        ("1-(3)-①", &["3-(2)-⑧"]),
        ("2-(1)-①", &["1-(1)-③", "4-(2)-①"]),
        // The report writes 3-(2)-③ here; the title names 3-(3)-③.
        ("2-(1)-②", &["3-(3)-③"]),
        ("2-(1)-③", &["2-(1)-⑥"]),
        ("2-(1)-④", &["2-(1)-⑥", "3-(1)-①"]),
        ("2-(1)-⑤", &["3-(1)-①"]),
        ("2-(1)-⑥", &["2-(1)-④", "3-(3)-①"]),
        ("2-(2)-①", &[]),
        ("2-(2)-②", &[]),
        ("3-(1)-①", &["2-(1)-④", "2-(1)-⑤", "3-(2)-④"]),
        ("3-(2)-①", &["3-(2)-②", "3-(2)-⑤", "3-(2)-⑥", "4-(2)-①"]),
        ("3-(2)-②", &["2-(1)-②", "2-(1)-⑥"]),
        ("3-(2)-③", &[]),
        ("3-(2)-④", &["3-(1)-①", "2-(1)-②"]),
        ("3-(2)-⑤", &["3-(2)-⑥"]),
        ("3-(2)-⑥", &["3-(2)-⑤"]),
        ("3-(2)-⑦", &["3-(3)-③"]),
        ("3-(2)-⑧", &["1-(3)-①"]),
        ("3-(3)-①", &["2-(1)-⑥", "3-(1)-①"]),
        ("3-(3)-②", &[]),
        ("3-(3)-③", &["2-(1)-②", "3-(2)-⑦"]),
        ("4-(1)-①", &["3-(2)-⑥"]),
        ("4-(1)-②", &[]),
        ("4-(1)-③", &[]),
        ("4-(1)-④", &[]),
        ("4-(2)-①", &["3-(2)-①"]),
        ("4-(2)-②", &["1-(2)-②"]),
        ("5-(1)-①", &["5-(2)-①"]),
        ("5-(1)-②", &[]),
        ("5-(2)-①", &["1-(1)-①", "5-(1)-①"]),
    ];
    for (code, related) in want {
        let got: Vec<String> = measure(&plan, code)
            .related
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(got, related, "{code}");
    }
}

#[test]
fn the_code_title_slip_is_reported_as_a_warning() {
    let warnings = import_report(REPORT, "report-r2.txt")
        .expect("imports")
        .warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].measure.to_string(), "2-(1)-②");
    assert_eq!(warnings[0].line, 180);
    assert!(warnings[0].message.contains("3-(2)-③"));
    assert!(warnings[0].message.contains("3-(3)-③"));
}

#[test]
fn divisions_targets_and_implementers_split_outside_brackets() {
    let plan = imported();
    let m = measure(&plan, "2-(1)-②");
    assert_eq!(m.lead_division, "市民活動推進課(市民活動サポートセンター)");
    assert_eq!(
        m.related_divisions,
        ["社会福祉協議会", "教育委員会(学校教育課・生涯学習課)"]
    );
    assert_eq!(
        m.implementers,
        ["市", "地縁による団体", "市民活動団体", "事業者"]
    );
    assert_eq!(
        measure(&plan, "3-(1)-①").related_divisions,
        ["都市計画課", "産業経済課", "農業委員会"]
    );
    assert_eq!(
        measure(&plan, "3-(2)-②").implementers,
        ["市（市民活動団体と協働で）"]
    );
    assert_eq!(
        measure(&plan, "3-(2)-③").implementers,
        ["市(地縁による団体・市民活動団体と協働で)"]
    );
    // 関係部 / 署など wrapped over two lines or two cells leaves no fragment.
    for code in ["3-(2)-③", "3-(2)-⑥", "4-(1)-③", "5-(1)-②"] {
        assert!(measure(&plan, code).related_divisions.is_empty(), "{code}");
    }
    assert_eq!(measure(&plan, "1-(2)-②").related_divisions, ["企画課"]);
    assert_eq!(measure(&plan, "5-(2)-①").lead_division, "総務課");
}

#[test]
fn schedules_keep_merged_cells() {
    let plan = imported();
    let plans = |c: &str| -> Vec<String> {
        measure(&plan, c)
            .schedule
            .iter()
            .map(|e| e.plan.to_string())
            .collect()
    };
    assert_eq!(
        plans("1-(2)-①"),
        ["実施", "見直し・実施", "→", "→", "見直し・実施"]
    );
    assert_eq!(
        plans("1-(2)-②"),
        ["実施・仕組み検討", "→ →", "実施", "→ →", "→ →"]
    );
    assert_eq!(plans("2-(2)-②"), ["検討", "→", "実施", "→", "→"]);
    let resolved: Vec<String> = measure(&plan, "1-(2)-②")
        .resolved_schedule()
        .iter()
        .map(|(_, p, _)| p.to_string())
        .collect();
    assert_eq!(
        resolved,
        [
            "実施・仕組み検討",
            "実施・仕組み検討",
            "実施",
            "実施",
            "実施"
        ]
    );
}

#[test]
fn achievements_keep_amounts_and_dates_across_pages_and_free_lines() {
    let plan = imported();
    let cases: [(&str, &[&str]); 12] = [
        // continuation page after the table
        (
            "1-(1)-①",
            &[
                "・第1回庁内協働推進員連絡会 令和2年4月16日(木) 議題",
                "(4) 推進計画策定スケジュールについて",
                "・第4回協働のまちづくり推進本部会議 令和3年2月22日(月)",
            ],
        ),
        // free lines after the table
        (
            "1-(2)-①",
            &[
                "○令和2年度予算額 600,000円",
                "→1団体が事業を中止としましたので、110,000円",
                "【第4期募集】",
                "審査会 令和2年10月16日（金）13：30～",
            ],
        ),
        (
            "1-(2)-②",
            &["賛同店舗 25店舗 金額 36,246円", "令和2年度合計 67,807円"],
        ),
        // a lone 取組実績 label, then free lines
        (
            "2-(1)-②",
            &[
                "■団体の資金調達講座",
                "日時：令和2年7月4日（土）14:00～16:00",
                "講師：(株) プロシードジャパン代表取締役 吉川 亮氏",
            ],
        ),
        (
            "2-(1)-⑤",
            &[
                "■令和3年3月22日（月）に感謝状贈呈式を実施しました。",
                "・令和2年度感謝状贈呈数 8件（4団体・4個人）",
            ],
        ),
        // <p>取組実績</p> as the label
        (
            "2-(1)-⑥",
            &[
                "・参加者：9名延べ31名",
                "→新型コロナウイルス感染症感染防止のため令和3年度に延期",
            ],
        ),
        (
            "3-(2)-③",
            &[
                "■市で行っている講座メニュー R2年度 57メニュー",
                "講座開催回数 0回 参加人数 1人",
            ],
        ),
        (
            "4-(1)-①",
            &["■12件の各種計画策定でパブリックコメントを実施し、28件の意見が寄せられました。"],
        ),
        ("4-(1)-②", &["■市政へのご意見受付件数・・・84件"]),
        (
            "4-(1)-③",
            &["■16機関で合計53名(延べ人数)を公募委員として登用しました。"],
        ),
        (
            "4-(2)-②",
            &[
                "○令和2年度予算額 600,000円",
                "○審査会 令和2年10月16日（金）13：30～",
            ],
        ),
        (
            "5-(2)-①",
            &[
                "日時：令和2年11月17日（火）13：30～15：00",
                "場所：すこやかセンター2階会議室1",
            ],
        ),
    ];
    for (code, lines) in cases {
        let m = measure(&plan, code);
        let got: Vec<&str> = m.achievements.lines().collect();
        for line in lines {
            assert!(
                got.iter().any(|l| l.starts_with(line)),
                "{code}: no line starting `{line}` in\n{}",
                m.achievements
            );
        }
    }
}

#[test]
fn long_text_is_plain_lines_without_html_or_layout_spaces() {
    let plan = imported();
    for m in plan.measures() {
        for text in [
            &m.current_issues,
            &m.purpose,
            &m.actions,
            &m.completion,
            &m.achievements,
        ] {
            assert!(
                !text.contains('<') && !text.contains('>'),
                "{}: HTML left in {text}",
                m.code
            );
            assert!(
                text.lines().all(|l| !l.is_empty() && l.trim() == l),
                "{}: untidy lines in {text}",
                m.code
            );
        }
    }
    let m = measure(&plan, "2-(1)-③");
    assert_eq!(
        m.purpose,
        "人と人が知り合うきっかけや、地域を知ることができる場をつくります。"
    );
    assert!(m.actions.contains(
        "定期的に開催されるようにします。とみさと協働塾の修了者である、まちづくりのサポーター"
    ));
    let m = measure(&plan, "1-(1)-②");
    assert!(m.current_issues.starts_with("平成28年3月に"));
    let items: Vec<&str> = m.actions.lines().filter(|l| l.starts_with('・')).collect();
    assert_eq!(
        items,
        [
            "・相談対応力",
            "・調査、情報収集力",
            "・情報の編集、発信力",
            "・コーディネート、ネットワーキング力",
            "・資源の掘り起こし、提供力",
            "・人材育成力",
            "・政策提言力"
        ]
    );
    let m = measure(&plan, "1-(1)-③");
    assert_eq!(m.achievements.lines().count(), 4);
    assert!(m.achievements.lines().all(|l| l.starts_with('■')));
}

/// Every line of report content ends up in some field: each cell of each
/// line, with white space, tags, markdown bullets and codes aside, appears in
/// the dataset's text.
#[test]
fn nothing_in_the_report_is_lost() {
    let plan = imported();
    let mut corpus = format!("{}{}", plan.plan, plan.report);
    for m in plan.measures() {
        for text in [
            &*m.title,
            &m.department,
            &m.division,
            &m.current_issues,
            &m.purpose,
            &m.actions,
            &m.lead_division,
            &m.completion,
            &m.achievements,
        ] {
            corpus.push_str(text);
            corpus.push('\n');
        }
        for list in [&m.targets, &m.implementers, &m.related_divisions] {
            corpus.push_str(&list.join("・"));
            corpus.push('\n');
        }
        corpus.extend(m.schedule.iter().map(|e| format!("{}{}\n", e.year, e.plan)));
    }
    let corpus = squash(&corpus);
    let labels = [
        "部等名",
        "課等名",
        "事業名",
        "現状・課題",
        "目的",
        "推進内容",
        "主な関連事業",
        "対象者",
        "実施主体",
        "主たる部署",
        "関係部署など",
        "関係部",
        "署など",
        "完了の目安",
        "年次計画",
        "取組実績",
    ];
    let tag = regex::Regex::new(r"</?[A-Za-z][^>]*>").expect("regex");
    let bullet = regex::Regex::new(r"^(\s*[-*]\s+)+").expect("regex");
    let mut checked = 0;
    for (n, line) in REPORT.lines().enumerate() {
        for cell in line.split('\t') {
            let cell = bullet.replace(&tag.replace_all(cell, ""), "").to_string();
            let key = label_key(&cell);
            if key.is_empty()
                || labels.contains(&key.as_str())
                || key.ends_with("進捗状況")
                || key.chars().all(|c| c == '-')
            {
                continue;
            }
            // Codes are stored as links; what surrounds them must be text.
            let mut rest = cell.clone();
            for (c, range) in MeasureCode::find_in_report_text(&cell).into_iter().rev() {
                assert!(
                    plan.measure(c).is_some(),
                    "line {}: code {c} is not in the dataset",
                    n + 1
                );
                rest.replace_range(range, "\n");
            }
            for piece in rest.split('\n') {
                let piece = squash(piece).replace("【再掲】", "");
                if !piece.is_empty() {
                    assert!(
                        corpus.contains(&piece),
                        "line {}: `{piece}` is missing from the dataset",
                        n + 1
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 400, "only {checked} cells checked");
}
