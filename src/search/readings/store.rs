//! Where a plan's readings live: built on first need or in the background,
//! used as soon as they are ready, cancelled when no one needs them.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, Weak};

use super::{DocReading, build, cache};

/// What readings are built from: the measures' field texts, and the store
/// they go to. The search index implements it.
pub trait Source: Send + Sync + 'static {
    /// The store of this source's readings.
    fn store(&self) -> &Store;
    /// How many measures there are.
    fn measures(&self) -> usize;
    /// Measure `i`'s field texts, in field order.
    fn texts(&self, i: usize) -> Vec<Cow<'_, str>>;
    /// What [`Store::warm`] waits for, when asked to, before reading: the
    /// index builds its folded corpus, so that a screen starting up does
    /// not fold and read on the same cores at once.
    fn prepare(&self) {}
}

/// A plan's readings: empty until built.
#[derive(Debug, Default)]
pub struct Store {
    ready: OnceLock<Vec<DocReading>>,
    /// A background build was started: searches do not wait for it.
    background: AtomicBool,
    /// Set to stop a background build between chunks.
    cancel: AtomicBool,
    /// Where readings are cached; `None` inside is "do not cache".
    cache_dir: OnceLock<Option<PathBuf>>,
}

impl Store {
    /// The readings, when ready.
    pub fn ready(&self) -> Option<&[DocReading]> {
        self.ready.get().map(Vec::as_slice)
    }

    /// The readings: ready ones, or built now (from the cache when it
    /// holds them). While a background build runs, `None`: the caller
    /// answers with what it has rather than wait.
    pub fn get<S: Source>(&self, source: &S) -> Option<&[DocReading]> {
        if let Some(r) = self.ready() {
            return Some(r);
        }
        if self.background.load(Ordering::Acquire) && !self.cancel.load(Ordering::Acquire) {
            return None;
        }
        let built = self.ready.get_or_init(|| {
            let never = AtomicBool::new(false);
            let cache = cache::Cache::new(source, self.cache_dir());
            build::all(source, &cache, &never).unwrap_or_default()
        });
        Some(built)
    }

    /// Whether readings are being built in the background and not ready.
    pub fn pending(&self) -> bool {
        self.ready.get().is_none()
            && self.background.load(Ordering::Acquire)
            && !self.cancel.load(Ordering::Acquire)
    }

    /// Starts building in the background, unless ready or started; with
    /// `prepared`, after [`Source::prepare`]. The thread holds the source
    /// only while it works on a round of measures: once every other
    /// holder has dropped it, the build stops.
    pub fn warm<S: Source>(source: &Arc<S>, prepared: bool) {
        let store = source.store();
        if store.ready().is_some() || store.background.swap(true, Ordering::AcqRel) {
            return;
        }
        let weak: Weak<S> = Arc::downgrade(source);
        let spawned = std::thread::Builder::new()
            .name("readings".into())
            .spawn(move || {
                // However the build ends, even by a panic, it is no longer
                // under way: no one waits for it in vain.
                let _stopped = Stopped(weak.clone());
                if prepared && let Some(source) = weak.upgrade() {
                    source.prepare();
                }
                build::detached(&weak);
            });
        if spawned.is_err() {
            // No thread: searches build the readings when they need them.
            store.background.store(false, Ordering::Release);
        }
    }

    /// Waits while a background build is under way and not ready.
    pub fn wait_for_background(&self) {
        while self.pending() {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Stops a background build at its next chunk; searches then build
    /// readings themselves when they need them.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Release);
    }

    pub(super) fn cancelled(&self) -> &AtomicBool {
        &self.cancel
    }

    pub(super) fn finish(&self, readings: Vec<DocReading>) {
        let _ = self.ready.set(readings);
    }

    #[cfg(test)]
    /// Sets where readings are cached (`None`: nowhere). Only before the
    /// first build; later calls change nothing.
    pub fn set_cache_dir(&self, dir: Option<PathBuf>) {
        let _ = self.cache_dir.set(dir);
    }

    pub(super) fn cache_dir(&self) -> Option<PathBuf> {
        self.cache_dir.get_or_init(cache::default_dir).clone()
    }
}

/// Marks a source's background build as over when dropped.
struct Stopped<S: Source>(Weak<S>);

impl<S: Source> Drop for Stopped<S> {
    fn drop(&mut self) {
        if let Some(source) = self.0.upgrade() {
            source.store().background.store(false, Ordering::Release);
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        self.cancel();
    }
}
