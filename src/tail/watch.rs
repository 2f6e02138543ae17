//! Waking source threads: a flag-and-condvar per thread, set by change
//! notifications or by a stop, with a timeout that makes the poll backstop.

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// Wakes one thread. Wake-ups that arrive while it is busy are not lost:
/// the flag stays set until the next wait, and many coalesce into one.
#[derive(Default)]
pub(super) struct Waker {
    flag: Mutex<bool>,
    cv: Condvar,
}

impl Waker {
    pub(super) fn wake(&self) {
        *lock(&self.flag) = true;
        self.cv.notify_all();
    }

    /// Waits until woken or `timeout` passes; clears the flag.
    pub(super) fn wait(&self, timeout: Duration) {
        let guard = lock(&self.flag);
        let (mut guard, _) = self
            .cv
            .wait_timeout_while(guard, timeout, |woken| !*woken)
            .unwrap_or_else(|e| e.into_inner());
        *guard = false;
    }
}

/// One inotify (or platform) watcher shared by every file source, and the
/// table that routes its events to the threads that care.
pub(super) struct Hub {
    watcher: Mutex<Option<RecommendedWatcher>>,
    entries: Arc<Mutex<Vec<Arc<Entry>>>>,
    /// Why there is no watcher, when there is none although one was wanted.
    pub(super) unavailable: Option<String>,
}

/// A source's interest: the paths whose events wake it.
pub(super) struct Entry {
    names: Mutex<Vec<PathBuf>>,
    waker: Arc<Waker>,
}

impl Entry {
    pub(super) fn add_name(&self, path: PathBuf) {
        let mut names = lock(&self.names);
        if !names.contains(&path) {
            names.push(path);
        }
    }

    fn matches(&self, paths: &[PathBuf]) -> bool {
        let names = lock(&self.names);
        paths.iter().any(|p| names.contains(p))
    }
}

impl Hub {
    pub(super) fn new(enabled: bool) -> Hub {
        let entries: Arc<Mutex<Vec<Arc<Entry>>>> = Arc::default();
        if !enabled {
            return Hub {
                watcher: Mutex::new(None),
                entries,
                unavailable: None,
            };
        }
        let routes = entries.clone();
        let handler = move |res: notify::Result<notify::Event>| route(&routes, res);
        let (watcher, unavailable) = match notify::recommended_watcher(handler) {
            Ok(w) => (Some(w), None),
            Err(e) => (None, Some(e.to_string())),
        };
        Hub {
            watcher: Mutex::new(watcher),
            entries,
            unavailable,
        }
    }

    pub(super) fn register(&self, waker: Arc<Waker>) -> Arc<Entry> {
        let entry = Arc::new(Entry {
            names: Mutex::new(Vec::new()),
            waker,
        });
        lock(&self.entries).push(entry.clone());
        entry
    }

    /// Watches a directory (non-recursively). Watching one twice, or again
    /// after it was re-created, is fine: the watcher keys watches by path.
    /// Ok(false) when there is no watcher to add it to.
    pub(super) fn watch_dir(&self, dir: &Path) -> Result<bool, String> {
        match lock(&self.watcher).as_mut() {
            Some(w) => w
                .watch(dir, RecursiveMode::NonRecursive)
                .map(|()| true)
                .map_err(|e| e.to_string()),
            None => Ok(false),
        }
    }

    pub(super) fn has_watcher(&self) -> bool {
        lock(&self.watcher).is_some()
    }
}

/// Wakes every source an event names. An error or an overflowed queue
/// (a rescan with no paths) may hide anything, so it wakes everyone.
fn route(entries: &Mutex<Vec<Arc<Entry>>>, res: notify::Result<notify::Event>) {
    let entries = lock(entries);
    match res {
        Ok(event) if !event.need_rescan() && !event.paths.is_empty() => {
            for entry in entries.iter().filter(|e| e.matches(&event.paths)) {
                entry.waker.wake();
            }
        }
        _ => entries.iter().for_each(|e| e.waker.wake()),
    }
}

/// A lock that survives a panicked holder: the data here (flags, lists of
/// wakers and paths) stays consistent whatever the holder was doing.
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
