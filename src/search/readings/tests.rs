use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::cache::{self, Cache};
use super::*;

#[cfg(feature = "romaji")]
/// Where `query` is read in `text`, as original char indices.
fn read_in(text: &str, query: &str) -> Option<Vec<usize>> {
    let q = QueryReading::new(query)?;
    let r = Reading::new(text);
    q.finders.iter().find_map(|f| {
        let at = r.view().find_from(0, f)?;
        Some(r.original_chars(at, at + f.needle().len()))
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
    fn texts(&self, i: usize) -> Vec<std::borrow::Cow<'_, str>> {
        self.measures[i].iter().map(|t| t.as_str().into()).collect()
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
        // The checksum sees even a flip the structure cannot (a letter
        // for another), so nothing damaged loads.
        assert_eq!(cache.load(&source), None, "{what}: refused");
        assert_eq!(reread(&source, &cache), fresh, "{what}: rebuilt the same");
        assert_eq!(std::fs::read(&path).expect("rewritten"), written, "{what}");
    }
}

#[test]
fn letters_changed_at_the_same_length_are_seen_and_rebuilt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = texts(40);
    let cache = Cache::sized(&source, Some(dir.path().to_owned()), 0);
    let path = cache.path().expect("a cache file").to_owned();
    let fresh = reread(&source, &cache);
    let written = std::fs::read(&path).expect("cache written");
    // A word of romaji (コミュニティ's, without the kanji dictionary), as
    // it stands in the file, turned to q's.
    let word = fresh
        .iter()
        .flat_map(|d| (0..3).map(|f| d.field(f).romaji))
        .flat_map(|r| r.split(' '))
        .find(|w| w.len() >= 6)
        .expect("a word of romaji");
    let at = written
        .windows(word.len())
        .position(|w| w == word.as_bytes())
        .expect("the romaji is in the file");
    let mut damaged = written.clone();
    damaged[at..at + word.len()].fill(b'q');
    std::fs::write(&path, &damaged).expect("damage");
    assert_eq!(cache.load(&source), None);
    assert_eq!(reread(&source, &cache), fresh);
    assert_eq!(std::fs::read(&path).expect("rewritten"), written);
}

/// A cache written for `source` in a fresh directory, and its bytes.
fn written_cache(source: &Texts) -> (tempfile::TempDir, Cache, Vec<u8>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = Cache::sized(source, Some(dir.path().join("readings")), 0);
    let _ = reread(source, &cache);
    let bytes = std::fs::read(cache.path().expect("file")).expect("written");
    (dir, cache, bytes)
}

/// `load` for [`texts`]`(n)`, given two seconds: a hang fails the test
/// instead of freezing it.
fn load_in_time(n: usize, dir: &Path) -> Option<Vec<DocReading>> {
    let dir = dir.to_owned();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let source = texts(n);
        let cache = Cache::sized(&source, Some(dir), 0);
        let _ = tx.send(cache.load(&source));
    });
    rx.recv_timeout(std::time::Duration::from_secs(2))
        .expect("load returned in time")
}

#[cfg(unix)]
#[test]
fn a_link_or_a_pipe_in_the_caches_place_is_a_miss() {
    let source = texts(30);
    let (dir, cache, bytes) = written_cache(&source);
    let path = cache.path().expect("file").to_owned();
    let readings = dir.path().join("readings");
    assert!(load_in_time(30, &readings).is_some());

    // A link, even to a good cache, is not followed (it could as well
    // point at /dev/zero).
    let elsewhere = dir.path().join("elsewhere.bin");
    std::fs::write(&elsewhere, &bytes).expect("write");
    std::fs::remove_file(&path).expect("remove");
    std::os::unix::fs::symlink(&elsewhere, &path).expect("link");
    assert_eq!(load_in_time(30, &readings), None, "link");

    // A pipe nobody writes to does not hang the search.
    std::fs::remove_file(&path).expect("remove");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    assert_eq!(load_in_time(30, &readings), None, "pipe");
    // Rebuilt: the new file is renamed over the pipe.
    assert_eq!(reread(&source, &cache).len(), 30);
    assert_eq!(std::fs::read(&path).expect("rewritten"), bytes);
}

#[test]
fn a_file_larger_than_the_plan_could_need_is_not_read() {
    let source = texts(30);
    let (_dir, cache, bytes) = written_cache(&source);
    let path = cache.path().expect("file").to_owned();
    let len = bytes.len() as u64;
    let text: usize = source.measures.iter().flatten().map(String::len).sum();
    // A real cache is about the size of its text (1.1× here), far under
    // the limit of 16× the text and a mebibyte.
    assert!(len < 2 * text as u64, "{len} bytes for {text} of text");
    let cache = cache.with_cap(len);
    assert!(cache.load(&source).is_some(), "at the limit");
    let cache = cache.with_cap(len - 1);
    assert_eq!(cache.load(&source), None, "one byte over");
    // The plan's own limit: a few gigabytes (sparse, no disk used) are
    // refused before a byte is read.
    let cache = Cache::sized(&source, path.parent().map(Path::to_owned), 0);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open");
    file.set_len(3 << 30).expect("sparse file");
    let start = std::time::Instant::now();
    assert_eq!(cache.load(&source), None);
    assert!(start.elapsed() < std::time::Duration::from_millis(500));
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
    // The whole digest is checked, not only the part that names the file:
    // one bit changed in its last byte, and the file is not this plan's.
    let mut forged = bytes.clone();
    forged[8 + 4 + 31] ^= 1;
    std::fs::write(cache.path().expect("file"), &forged).expect("forge");
    assert_eq!(cache.load(&one), None);
    std::fs::write(cache.path().expect("file"), &bytes).expect("restore");
    assert!(cache.load(&one).is_some());
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
    Store::warm(&source, false);
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
    Store::warm(&source, false);
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert!(source.store.ready().is_none());
    assert!(!source.store.pending());
    assert_eq!(source.store.get(&*source).map(<[_]>::len), Some(600));
}

/// Texts whose first measure panics the first two times it is read: a
/// build that dies (a worker's panic is caught, and its measures read
/// again on the build's own thread, which then dies too).
struct Dies {
    texts: Texts,
    died: std::sync::atomic::AtomicUsize,
}

impl Source for Dies {
    fn store(&self) -> &Store {
        &self.texts.store
    }
    fn measures(&self) -> usize {
        self.texts.measures()
    }
    fn texts(&self, i: usize) -> Vec<std::borrow::Cow<'_, str>> {
        if i == 0 && self.died.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < 2 {
            panic!("a reading failed");
        }
        self.texts.texts(i)
    }
}

#[test]
fn waiting_for_a_background_build_ends_with_it_even_when_it_dies() {
    // Finishes: the wait ends with the readings ready.
    let source = Arc::new(texts(600));
    source.store.set_cache_dir(None);
    Store::warm(&source, false);
    source.store.wait_for_background();
    assert_eq!(source.store.ready().map(<[_]>::len), Some(600));

    // Dies on its first measure: the wait ends all the same, and a search
    // then reads them itself.
    let source = Arc::new(Dies {
        texts: texts(600),
        died: std::sync::atomic::AtomicUsize::new(0),
    });
    source.store().set_cache_dir(None);
    Store::warm(&source, false);
    // Waited for on another thread, so that a wait that never ends fails
    // the test instead of hanging it.
    let (done, waited) = std::sync::mpsc::channel();
    let waiting = Arc::clone(&source);
    std::thread::spawn(move || {
        waiting.store().wait_for_background();
        let _ = done.send(());
    });
    let ended = waited.recv_timeout(std::time::Duration::from_secs(30));
    assert!(ended.is_ok(), "still waiting for a build that died");
    assert!(source.died.load(std::sync::atomic::Ordering::SeqCst) >= 2);
    assert!(source.store().ready().is_none());
    assert!(!source.store().pending());
    let built = source.store().get(&*source).expect("read on this thread");
    assert_eq!(
        built,
        reread(&source.texts, &Cache::sized(&source.texts, None, 0)).as_slice()
    );
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
    // Other programs' files, however like ours, stay.
    let unrelated: Vec<_> = [
        "notes.txt",
        "firmware0.bin",
        "firmware1.bin",
        "00000000000000AB.v1.bin",
        "0000000000000000.v1.bin.bak",
        "000000000000000.v1.bin",
        "0000000000000000.vx.bin",
    ]
    .iter()
    .map(|name| dir.path().join(name))
    .collect();
    for path in &unrelated {
        std::fs::write(path, b"keep").expect("write");
    }
    // Let the new file be the newest even on coarse clocks.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let source = texts(20);
    let cache = Cache::sized(&source, Some(dir.path().to_owned()), 0);
    let _ = reread(&source, &cache);
    let ours = old.iter().filter(|p| p.exists()).count();
    assert_eq!(ours, 7, "seven old ones and the new one");
    assert!(cache.path().expect("file").exists(), "the new one is kept");
    for path in &unrelated {
        assert!(path.exists(), "{}", path.display());
    }
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn a_linked_cache_directory_is_neither_written_nor_pruned() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("firmware");
    std::fs::create_dir_all(target.join("readings")).expect("mkdir");
    for i in 0..10 {
        for at in [target.clone(), target.join("readings")] {
            std::fs::write(at.join(format!("{i:016x}.v1.bin")), b"theirs").expect("write");
        }
    }
    let before = (names(&target), names(&target.join("readings")));
    let source = texts(20);
    // The readings directory a link, then the plan-review one above it.
    let linked = dir.path().join("readings");
    std::os::unix::fs::symlink(&target, &linked).expect("link");
    let parent = dir.path().join("plan-review");
    std::os::unix::fs::symlink(&target, &parent).expect("link");
    for readings in [linked, parent.join("readings")] {
        let cache = Cache::sized(&source, Some(readings.clone()), 0);
        assert_eq!(reread(&source, &cache).len(), 20);
        assert_eq!(
            (names(&target), names(&target.join("readings"))),
            before,
            "{}",
            readings.display()
        );
    }
}

#[test]
fn temporary_files_left_by_a_killed_write_are_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let left = |name: &str, modified| {
        let path = dir.path().join(name);
        let file = std::fs::File::create(&path).expect("create");
        file.set_modified(modified).expect("set time");
        path
    };
    let stale = [
        left(".readings-a1B2c3", hour_ago),
        left(".tmpXy12Z9", hour_ago),
    ];
    // One still being written by another instance, and someone else's.
    let fresh = left(".readings-q9W8e7", std::time::SystemTime::now());
    let other = left(".other-a1B2c3", hour_ago);
    let source = texts(20);
    let cache = Cache::sized(&source, Some(dir.path().to_owned()), 0);
    let _ = reread(&source, &cache);
    for path in &stale {
        assert!(!path.exists(), "{}", path.display());
    }
    assert!(fresh.exists());
    assert!(other.exists());
    // Our own write left no temporary file of its own.
    let mut expected = vec![
        ".other-a1B2c3".to_owned(),
        ".readings-q9W8e7".to_owned(),
        cache
            .path()
            .expect("file")
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned(),
    ];
    expected.sort();
    assert_eq!(names(dir.path()), expected);
}

#[cfg(feature = "romaji")]
#[test]
fn a_measure_is_matched_field_by_field_on_aligned_units() {
    let doc = read_doc(["協働と協働、そして協働", "日(木)に開く", "きょうどう"]);
    let query = QueryReading::new("kyodo").expect("long enough");
    let read = |m: &[(usize, ReadingMatch)]| -> Vec<(usize, String)> {
        m.iter()
            .map(|(f, r)| (*f, doc.field(*f).romaji()[r.at..r.end].to_owned()))
            .collect()
    };
    let all = doc.matches(&query);
    let kyodo = |f: usize| (f, "kyodo".to_owned());
    assert_eq!(read(&all), [kyodo(0), kyodo(0), kyodo(0), kyodo(2)]);
    // In order within a field, and apart.
    assert!(all[0].1.end <= all[1].1.at && all[1].1.end <= all[2].1.at);
    // Highlights map back to the chars read.
    let (_, first) = all[0];
    assert_eq!(doc.field(0).original_chars(first.at, first.end), [0, 1]);
    // A reading glued across units is not a match: 日(木) reads niti ki,
    // and "tiki" is not 地域.
    let tiki = QueryReading::new("tiiki").expect("long enough");
    assert!(doc.matches(&tiki).is_empty());
    // A cache round trip keeps the boundaries the matches rely on.
    let encoded = cache::encode(&7.into(), std::slice::from_ref(&doc));
    let texts = ["協働と協働、そして協働", "日(木)に開く", "きょうどう"];
    let source = Texts {
        measures: vec![texts.iter().map(|t| (*t).to_owned()).collect()],
        store: Store::default(),
    };
    let decoded = cache::decode(&encoded, &7.into(), &source).expect("decodes");
    assert_eq!(decoded[0], doc);
    assert_eq!(decoded[0].matches(&query), all);
    // Two forms: a field is matched under the first form found there, and
    // the answer comes in field order whichever form found it.
    let doc = read_doc(["コミュニティ", "コミュニテイとコミュニティ"]);
    let query = QueryReading::new("komyunitei").expect("long enough");
    assert_eq!(query.forms(), ["komyunitei", "komyuniti"]);
    let found: Vec<(usize, String)> = doc
        .matches(&query)
        .iter()
        .map(|(f, r)| (*f, doc.field(*f).romaji()[r.at..r.end].to_owned()))
        .collect();
    assert_eq!(
        found,
        [(0, "komyuniti".to_owned()), (1, "komyunitei".to_owned())]
    );
}

#[test]
fn a_cache_read_in_small_parts_reads_the_same_and_refuses_the_same_damage() {
    let source = texts(40);
    let docs: Vec<DocReading> = (0..40)
        .map(|i| {
            let t = source.texts(i);
            read_doc(t.iter().map(AsRef::as_ref))
        })
        .collect();
    let encoded = cache::encode(&11.into(), &docs);
    // Parts from one byte up to past the whole file: records cut anywhere.
    for part in [1, 2, 3, 7, 64, 1000, encoded.len(), encoded.len() + 1] {
        let read = cache::decode_in_parts(&encoded[..], &11.into(), &source, part);
        assert_eq!(read.as_deref(), Some(&docs[..]), "part {part}");
        // One letter of a reading changed: the checksum refuses it.
        let at = encoded.len() / 2
            + (0..)
                .find(|k| encoded[encoded.len() / 2 + k].is_ascii_lowercase())
                .unwrap();
        let mut damaged = encoded.clone();
        damaged[at] = if damaged[at] == b'a' { b'b' } else { b'a' };
        assert!(
            cache::decode_in_parts(&damaged[..], &11.into(), &source, part).is_none(),
            "part {part}"
        );
        // Cut short, or with a byte too many.
        let short = &encoded[..encoded.len() - 1];
        assert!(
            cache::decode_in_parts(short, &11.into(), &source, part).is_none(),
            "part {part}"
        );
        let mut long = encoded.clone();
        long.push(0);
        assert!(
            cache::decode_in_parts(&long[..], &11.into(), &source, part).is_none(),
            "part {part}"
        );
        // Another plan's key.
        assert!(cache::decode_in_parts(&encoded[..], &12.into(), &source, part).is_none());
    }
}

#[test]
fn a_cache_record_claiming_more_units_than_its_text_has_is_refused_without_reading_on() {
    let source = texts(1);
    let t = source.texts(0);
    let doc = read_doc(t.iter().map(AsRef::as_ref));
    let good = cache::encode(&5.into(), std::slice::from_ref(&doc));
    // The header (magic, version, key, checksum) and the measure count as
    // written; then a first field with no romaji and a million units of
    // three bytes each: under the size limit, and a lie.
    let mut hostile = good[..cache::HEADER].to_vec();
    hostile.push(u8::try_from(t.len()).expect("few fields"));
    hostile.push(0); // romaji length
    hostile.extend_from_slice(&[0xc0, 0x84, 0x3d]); // 1,000,000 units
    for _ in 0..1_000_000 {
        hostile.extend_from_slice(&[0xff, 0, 0]);
    }
    /// Counts the bytes the decoder reads.
    struct Counting<'a>(&'a [u8], usize);
    impl std::io::Read for Counting<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.read(buf)?;
            self.1 += n;
            Ok(n)
        }
    }
    let mut reader = Counting(&hostile, 0);
    assert!(cache::decode_in_parts(&mut reader, &5.into(), &source, 4096).is_none());
    // Refused on its first part, not read to the end.
    assert!(reader.1 <= 4096, "read {} bytes", reader.1);
    // The same file, honest, still reads.
    assert_eq!(
        cache::decode_in_parts(&good[..], &5.into(), &source, 4096).as_deref(),
        Some(std::slice::from_ref(&doc))
    );
}

/// One measure's readings, packed alone.
fn read_doc<'a>(fields: impl IntoIterator<Item = &'a str>) -> DocReading {
    let mut packer = packed::Packer::default();
    packer.read(&mut read::Reader::default(), fields);
    packer.finish().pop().expect("one measure")
}
