use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::cache::{self, Cache};
use super::*;

#[cfg(feature = "romaji")]
/// Where `query` is read in `text`, as original char indices.
fn read_in(text: &str, query: &str) -> Option<Vec<usize>> {
    let q = QueryReading::new(query)?;
    let r = Reading::new(text);
    q.forms().iter().find_map(|f| {
        let at = r.view().find_from(0, f)?;
        Some(r.original_chars(at, at + f.len()))
    })
}

#[cfg(feature = "romaji")]
#[test]
fn reads_kanji_and_maps_back() {
    assert_eq!(read_in("市の補助金を行う", "hojokin"), Some(vec![2, 3, 4]));
    // Inside a long compound, only the part read is marked.
    assert_eq!(
        read_in("市民活動支援補助金", "hojokin"),
        Some(vec![6, 7, 8])
    );
    // Okurigana read with its kanji, then split off.
    let r = Reading::new("行う");
    assert_eq!(r.romaji(), "okonau");
    assert_eq!(r.original_chars(0, 5), vec![0]);
    assert_eq!(r.original_chars(0, 6), vec![0, 1]);
}

#[cfg(feature = "romaji")]
#[test]
fn report_words_in_every_spelling() {
    let cases: &[(&str, &[&str], &[usize])] = &[
        (
            "市民協働の推進",
            &["kyodo", "kyoudou", "kyōdō", "きょうどう"],
            &[2, 3],
        ),
        (
            "情報の発信",
            &["jouhou", "jyouhou", "zyouhou", "jôhô", "joho"],
            &[0, 1],
        ),
        ("相談窓口", &["soudan", "sōdan", "sodan"], &[0, 1]),
        ("地域の担い手", &["chiiki", "tiiki", "ちいき"], &[0, 1]),
        (
            "コミュニティ活動",
            &["komyuniti", "komyunitei", "komyunithi", "komyunitexi"],
            &[0, 1, 2, 3, 4, 5],
        ),
        (
            "市民フォーラムの開催",
            &["foramu", "fo-ramu", "fooramu"],
            &[2, 3, 4, 5, 6],
        ),
    ];
    for (text, typed, chars) in cases {
        for q in *typed {
            assert_eq!(read_in(text, q).as_deref(), Some(*chars), "{q} in {text}");
        }
    }
}

#[cfg(feature = "romaji")]
#[test]
fn reading_matches_start_and_end_on_units() {
    // 日(木): 日 and 木 are apart in the text.
    assert_eq!(read_in("12月16日(木)", "chiiki"), None);
    // 毎日記録 reads mainitikiroku: "tiki" starts inside 日's reading.
    assert_eq!(read_in("毎日記録する", "chiiki"), None);
    assert_eq!(read_in("毎日記録する", "kiroku"), Some(vec![2, 3]));
    // The same doubled vowel on both sides: 地域 is found.
    assert_eq!(read_in("毎日の地域活動", "chiiki"), Some(vec![3, 4]));
    // Kana mora by mora: a word inside a katakana compound or after a
    // particle, but never half a mora (ショ is one).
    assert_eq!(
        read_in("コミュニティセンター", "senta"),
        Some(vec![6, 7, 8, 9])
    );
    assert_eq!(
        read_in("協働のまちづくり", "machizukuri"),
        Some(vec![3, 4, 5, 6, 7])
    );
    assert_eq!(read_in("ワークショップ", "yoppu"), None);
}

#[test]
fn kana_queries_are_read_too() {
    let forms = |q: &str| QueryReading::new(q).map(|r| r.forms().to_vec());
    assert_eq!(forms("きょうどう"), Some(vec!["kyodo".to_owned()]));
    assert_eq!(forms("kyoudou"), Some(vec!["kyodo".to_owned()]));
    assert_eq!(forms("a"), None);
    assert_eq!(forms("npo"), None);
    assert_eq!(
        forms("komyunitei"),
        Some(vec!["komyunitei".to_owned(), "komyuniti".to_owned()])
    );
}

/// Measures' texts for building readings without an index.
struct Texts {
    measures: Vec<Vec<String>>,
    store: Store,
}

impl Source for Texts {
    fn store(&self) -> &Store {
        &self.store
    }
    fn measures(&self) -> usize {
        self.measures.len()
    }
    fn texts(&self, i: usize) -> impl Iterator<Item = &str> {
        self.measures[i].iter().map(String::as_str)
    }
}

fn texts(n: usize) -> Texts {
    let words = [
        "市民協働の推進",
        "地域の担い手",
        "情報の発信",
        "コミュニティ",
        "12月16日(木)",
    ];
    Texts {
        measures: (0..n)
            .map(|i| {
                (0..3)
                    .map(|f| format!("{}{}{i}", words[(i + f) % 5], words[(i * 7 + f) % 5]))
                    .collect()
            })
            .collect(),
        store: Store::default(),
    }
}

fn reread(source: &Texts, cache: &Cache) -> Vec<DocReading> {
    build::all(source, cache, &AtomicBool::new(false)).expect("not cancelled")
}

#[test]
fn damaged_caches_are_rebuilt_with_the_same_readings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = texts(60);
    let cache = Cache::sized(&source, Some(dir.path().to_owned()), 0);
    let path = cache.path().expect("a cache file").to_owned();
    let fresh = reread(&source, &cache);
    let written = std::fs::read(&path).expect("cache written");
    assert_eq!(
        cache.load(&source).as_ref(),
        Some(&fresh),
        "read back as written"
    );

    let mut damages: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", written[..written.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("one byte more", [written.as_slice(), &[0]].concat()),
    ];
    let mut version = written.clone();
    version[8..12].copy_from_slice(&(cache::VERSION + 1).to_le_bytes());
    damages.push(("wrong version", version));
    // Every 211th byte flipped in turn: headers, offsets, romaji, units.
    for at in (0..written.len()).step_by(211) {
        let mut flipped = written.clone();
        flipped[at] ^= 0x5a;
        damages.push(("flipped", flipped));
    }
    for (what, bytes) in damages {
        std::fs::write(&path, &bytes).expect("damage the cache");
        if let Some(loaded) = cache.load(&source) {
            // A flip the checks cannot see (a letter for another) may load,
            // but never anything out of bounds: every field reads safely.
            for d in &loaded {
                for f in 0..3 {
                    let v = d.field(f);
                    let _ = v.original_chars(0, v.romaji.len());
                }
            }
            continue;
        }
        assert_eq!(reread(&source, &cache), fresh, "{what}: rebuilt the same");
        assert_eq!(std::fs::read(&path).expect("rewritten"), written, "{what}");
    }
}

#[test]
fn another_plan_does_not_use_this_plans_cache() {
    let dir = tempfile::tempdir().expect("temp dir");
    let one = texts(40);
    let mut other = texts(40);
    other.measures[7][1].push('改');
    let cache = Cache::sized(&one, Some(dir.path().to_owned()), 0);
    let _ = reread(&one, &cache);
    let bytes = std::fs::read(cache.path().expect("file")).expect("written");
    let other_cache = Cache::sized(&other, Some(dir.path().to_owned()), 0);
    assert_ne!(cache.path(), other_cache.path());
    // Even under the other plan's name, the key inside says no.
    std::fs::write(other_cache.path().expect("file"), &bytes).expect("plant");
    assert_eq!(other_cache.load(&other), None);
}

#[test]
fn an_unwritable_cache_dir_means_no_cache() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"not a dir").expect("write");
    let source = texts(20);
    let cache = Cache::sized(&source, Some(blocker.join("readings")), 0);
    let docs = reread(&source, &cache);
    assert_eq!(docs.len(), 20);
    assert_eq!(cache.load(&source), None);
}

#[test]
fn background_builds_finish_and_stop_when_dropped() {
    let source = Arc::new(texts(600));
    source.store.set_cache_dir(None);
    Store::warm(&source);
    let start = std::time::Instant::now();
    while source.store.ready().is_none() && start.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let ready = source.store.ready().expect("built in the background");
    assert_eq!(
        ready,
        reread(&source, &Cache::sized(&*source, None, 0)).as_slice()
    );

    // Cancelled: the store is not filled, and a search builds it itself.
    let source = Arc::new(texts(600));
    source.store.set_cache_dir(None);
    source.store.cancel();
    Store::warm(&source);
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert!(source.store.ready().is_none());
    assert!(!source.store.pending());
    assert_eq!(source.store.get(&*source).map(<[_]>::len), Some(600));
}

#[test]
fn only_the_newest_caches_are_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old: Vec<_> = (0..10)
        .map(|i| dir.path().join(format!("{i:016x}.v1.bin")))
        .collect();
    for path in &old {
        std::fs::write(path, b"old").expect("write");
    }
    let unrelated = dir.path().join("notes.txt");
    std::fs::write(&unrelated, b"keep").expect("write");
    // Let the new file be the newest even on coarse clocks.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let source = texts(20);
    let cache = Cache::sized(&source, Some(dir.path().to_owned()), 0);
    let _ = reread(&source, &cache);
    let bins = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".bin"))
        .count();
    assert_eq!(bins, 8);
    assert!(cache.path().expect("file").exists(), "the new one is kept");
    assert!(unrelated.exists());
}
