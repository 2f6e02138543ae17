//! One file source, followed by name like `tail -F`.
//!
//! Each check, in this order: re-watch the parent directory if it was
//! re-created; look for truncation of the open file; read it to its end;
//! then stat the path. A different file there (rotation) is switched to only
//! after the old one is read to its end; a missing path keeps a renamed-away
//! file open (its writer may still be finishing) but lets a deleted one go.

use super::lines::{Splitter, last_lines_offset};
use super::watch::{Entry, Hub, Waker};
use super::{NoticeKind, Options, Sink};
use crate::redact::Stream;
use std::fs::{self, File, Metadata};
use std::io::{self, ErrorKind, Read, Seek, SeekFrom};
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// Read size: large enough to catch up quickly, small enough that a stop
/// is noticed between reads.
const CHUNK: usize = 64 * 1024;
/// How many bytes before our offset are compared to notice a file that was
/// truncated and rewritten past our offset between two checks.
const SIGNATURE: usize = 64;

/// Sets a file source up in the caller's thread, so that when `follow`
/// returns the starting point of every file is fixed: a line written after
/// it is followed, whatever the threads are doing. Sends nothing (the
/// receiver may not be reading yet); problems are reported by `run`.
pub(super) fn prepare(
    path: PathBuf,
    sink: Sink,
    waker: &Arc<Waker>,
    hub: Option<Arc<Hub>>,
    opts: Options,
) -> FileSource {
    let mut f = FileSource::new(path, sink, hub, waker, opts);
    if f.opts.follow {
        // Watch before the first read: data written in between must wake us.
        f.ensure_watch();
    }
    f.open_initial();
    f
}

pub(super) fn run(mut f: FileSource, waker: Arc<Waker>) {
    if !f.opts.follow {
        f.read_once();
        return;
    }
    while f.check() {
        waker.wait(f.opts.poll_interval);
        if f.sink.stopped() {
            break;
        }
    }
}

/// (st_dev, st_ino): what makes a file the same file.
type FileId = (u64, u64);

fn id_of(meta: &Metadata) -> FileId {
    (meta.dev(), meta.ino())
}

struct Open {
    file: File,
    id: FileId,
    offset: u64,
    /// The last bytes read, ending at `offset`.
    signature: Vec<u8>,
    /// Size and mtime when the signature was last compared.
    compared: Option<(u64, Option<SystemTime>)>,
}

/// Why we are not reading the path right now; a notice is given once per
/// change of reason, not every poll.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Waiting {
    None,
    Missing,
    NotRegular,
    Unreadable,
}

pub(super) struct FileSource {
    path: PathBuf,
    /// Absolute path and its parent, as the watcher reports them.
    abs: PathBuf,
    dir: PathBuf,
    sink: Sink,
    opts: Options,
    hub: Option<Arc<Hub>>,
    entry: Option<Arc<Entry>>,
    /// Identity of the parent directory we watch, if any.
    watched_dir: Option<FileId>,
    polling_reported: bool,
    /// A polling notice waiting for the first check to send it.
    polling_notice: Option<String>,
    /// Why the file could not be opened at the start, if it could not.
    initial_error: Option<String>,
    open: Option<Open>,
    splitter: Splitter,
    stream: Stream,
    waiting: Waiting,
    buf: Vec<u8>,
    /// The owner of the last file followed: a successor owned by someone
    /// else is announced.
    last_uid: Option<u32>,
}

impl FileSource {
    fn new(
        path: PathBuf,
        sink: Sink,
        hub: Option<Arc<Hub>>,
        waker: &Arc<Waker>,
        opts: Options,
    ) -> Self {
        let abs = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
        let dir = abs
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| abs.clone());
        let entry = hub.as_ref().map(|h| {
            let entry = h.register(waker.clone());
            entry.add_name(abs.clone());
            entry.add_name(dir.clone());
            entry
        });
        FileSource {
            path,
            abs,
            dir,
            splitter: Splitter::new(opts.max_line_bytes),
            sink,
            opts,
            hub,
            entry,
            watched_dir: None,
            polling_reported: false,
            polling_notice: None,
            initial_error: None,
            open: None,
            stream: Stream::default(),
            waiting: Waiting::None,
            buf: vec![0; CHUNK],
            last_uid: None,
        }
    }

    /// `tail` without `-f`: the last lines, then the unfinished one.
    fn read_once(&mut self) {
        if let Some(why) = self.initial_error.take() {
            self.sink.notice(NoticeKind::Error, &why);
            return;
        }
        if self.drain() {
            self.finish_line();
        }
    }

    /// Opens the path if it names a regular file (None if it names
    /// something else). Checked before opening because opening a FIFO
    /// blocks until a writer comes, and a stop could not end that.
    fn open_path(&self) -> io::Result<Option<(File, Metadata)>> {
        if !fs::metadata(&self.path)?.is_file() {
            return Ok(None);
        }
        // Without blocking: a FIFO swapped in after the check above would
        // otherwise hang the follower in `open` until a writer came.
        let file = fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC)
            .open(&self.path)?;
        let meta = file.metadata()?;
        Ok(meta.is_file().then_some((file, meta)))
    }

    /// When following, a file that cannot be opened now is reported (and
    /// waited for) by the first check.
    fn open_initial(&mut self) {
        match self.open_path() {
            Ok(Some((file, meta))) => self.start_at_tail(file, &meta),
            Ok(None) => self.initial_error = Some("not a regular file".into()),
            Err(e) => self.initial_error = Some(format!("cannot open: {e}")),
        }
    }

    /// Opens at the start of the last `start_lines` lines.
    fn start_at_tail(&mut self, mut file: File, meta: &Metadata) {
        let offset = last_lines_offset(&mut file, meta.len(), self.opts.start_lines)
            .and_then(|at| file.seek(SeekFrom::Start(at)))
            .unwrap_or(0);
        self.adopt(file, meta, offset);
    }

    fn adopt(&mut self, file: File, meta: &Metadata, offset: u64) {
        // The bytes before a starting offset are what later checks compare.
        let mut signature = vec![0u8; SIGNATURE.min(offset as usize)];
        let at = offset - signature.len() as u64;
        if file.read_exact_at(&mut signature, at).is_err() {
            signature.clear();
        }
        self.open = Some(Open {
            file,
            id: id_of(meta),
            offset,
            signature,
            compared: None,
        });
        self.waiting = Waiting::None;
        self.last_uid = Some(meta.uid());
        self.watch_target();
    }

    /// One look at the file; false when the follow is over.
    fn check(&mut self) -> bool {
        self.ensure_watch();
        if let Some(text) = self.polling_notice.take()
            && !self.sink.notice(NoticeKind::Polling, &text)
        {
            return false;
        }
        if self.truncated() {
            if !self.finish_line()
                || !self.sink.notice(
                    NoticeKind::Truncated,
                    "file truncated; reading from its start",
                )
            {
                return false;
            }
            self.rewind();
        }
        if !self.drain() {
            return false;
        }
        match fs::metadata(&self.path) {
            Ok(meta) if !meta.is_file() => self.not_regular(),
            Ok(meta) => self.at_path(&meta),
            Err(e) if e.kind() == ErrorKind::NotFound => self.missing(),
            Err(e) => self.unreadable(&e),
        }
    }

    /// The path names a regular file: ours, a replacement, or a newcomer.
    fn at_path(&mut self, meta: &Metadata) -> bool {
        let was_open = match &self.open {
            Some(open) if open.id == id_of(meta) => return true,
            Some(_) => true,
            None => false,
        };
        // Open first, then ask the open file who it is: the path may change
        // again between a stat and an open.
        let (file, meta) = match self.open_path() {
            Ok(Some(pair)) => pair,
            Ok(None) => return self.not_regular(),
            Err(e) if e.kind() == ErrorKind::NotFound => return self.missing(),
            Err(e) => return self.unreadable(&e),
        };
        let unusual = self.unusual(&meta);
        if was_open {
            // Finish the old file before the new one starts.
            let text = unusual
                .unwrap_or_else(|| "file replaced (rotation); following the new file".into());
            if !self.retire() || !self.sink.notice(NoticeKind::Rotated, &text) {
                return false;
            }
        } else if let Some(text) = unusual.or_else(|| self.appeared_text().map(str::to_string))
            && !self.sink.notice(NoticeKind::Appeared, &text)
        {
            return false;
        }
        self.adopt(file, &meta, 0);
        self.drain()
    }

    /// When the path now leads somewhere unusual, what the responder must
    /// be told: a link, or a file of another owner than the last one
    /// followed, may be someone steering the pane to a file of their
    /// choosing, so the notice names the file now followed and its owner.
    fn unusual(&self, meta: &Metadata) -> Option<String> {
        let link = fs::symlink_metadata(&self.path).is_ok_and(|m| m.file_type().is_symlink());
        let other_owner = self.last_uid.is_some_and(|uid| uid != meta.uid());
        if !link && !other_owner {
            return None;
        }
        let target = fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone());
        let owner = |uid: u32| crate::paths::user_name(uid).unwrap_or_else(|| format!("uid {uid}"));
        let whose = match self.last_uid {
            Some(old) if old != meta.uid() => {
                format!("owner {}, not {} as before", owner(meta.uid()), owner(old))
            }
            _ => format!("owner {}", owner(meta.uid())),
        };
        Some(format!(
            "the path is now {}; following {} ({whose})",
            if link {
                "a symbolic link"
            } else {
                "another account's file"
            },
            target.display()
        ))
    }

    fn appeared_text(&self) -> Option<&'static str> {
        match self.waiting {
            Waiting::None => None,
            Waiting::Unreadable => Some("file readable now; following it from its start"),
            Waiting::Missing | Waiting::NotRegular => {
                Some("file appeared; following it from its start")
            }
        }
    }

    /// The path is gone. A renamed-away file stays open (its writer may
    /// not have switched yet); a deleted one is read to its end and closed
    /// so we do not hold its disk space.
    fn missing(&mut self) -> bool {
        let deleted = match &self.open {
            Some(open) => open.file.metadata().map(|m| m.nlink() == 0).unwrap_or(true),
            None => false,
        };
        if deleted {
            if !self.retire() {
                return false;
            }
            self.waiting = Waiting::Missing;
            return self.sink.notice(
                NoticeKind::Removed,
                "file removed; waiting for it to be re-created",
            );
        }
        if self.open.is_some() {
            return true;
        }
        self.wait_because(
            Waiting::Missing,
            NoticeKind::Missing,
            "file does not exist yet; waiting for it",
        )
    }

    fn not_regular(&mut self) -> bool {
        if self.open.is_some() && !self.retire() {
            return false;
        }
        self.wait_because(
            Waiting::NotRegular,
            NoticeKind::Error,
            "not a regular file; waiting for one",
        )
    }

    fn unreadable(&mut self, e: &io::Error) -> bool {
        if self.open.is_some() {
            // Keep reading what we have; the path may come back.
            return true;
        }
        self.wait_because(
            Waiting::Unreadable,
            NoticeKind::Error,
            &format!("cannot open: {e}"),
        )
    }

    fn wait_because(&mut self, why: Waiting, kind: NoticeKind, text: &str) -> bool {
        if self.waiting == why {
            return true;
        }
        self.waiting = why;
        self.sink.notice(kind, text)
    }

    /// Reads the open file to its end, emits its unfinished line, closes it.
    fn retire(&mut self) -> bool {
        let ok = self.drain() && self.finish_line();
        self.open = None;
        ok
    }

    fn finish_line(&mut self) -> bool {
        let (sink, stream) = (&self.sink, &mut self.stream);
        let max = self.splitter.max();
        self.splitter
            .finish(&mut |raw, cut| sink.line(stream, raw, cut, max))
    }

    fn rewind(&mut self) {
        if let Some(open) = &mut self.open {
            open.offset = open.file.seek(SeekFrom::Start(0)).unwrap_or(0);
            open.signature.clear();
            open.compared = None;
        }
    }

    /// True when the open file shrank below our offset, or the bytes just
    /// before our offset are no longer the ones we read (truncated and
    /// rewritten past our offset between two checks: `seq 10 > f;
    /// seq 20 40 > f`). Compared only when size or mtime changed.
    fn truncated(&mut self) -> bool {
        let Some(open) = &mut self.open else {
            return false;
        };
        let Ok(meta) = open.file.metadata() else {
            return false;
        };
        if meta.len() < open.offset {
            return true;
        }
        let now = (meta.len(), meta.modified().ok());
        if open.signature.is_empty() || open.compared == Some(now) {
            return false;
        }
        open.compared = Some(now);
        let mut bytes = [0u8; SIGNATURE];
        let sig = &mut bytes[..open.signature.len()];
        let at = open.offset - sig.len() as u64;
        match open.file.read_exact_at(sig, at) {
            Ok(()) => *sig != open.signature[..],
            Err(_) => true,
        }
    }

    /// Reads the open file to its current end; false when the follow is
    /// over. A read error closes the file: the next check opens the path
    /// again, and the error is reported once, not every poll.
    fn drain(&mut self) -> bool {
        match self.read_to_end() {
            Ok(more) => more,
            Err(e) => {
                self.open = None;
                self.waiting = Waiting::Unreadable;
                self.sink
                    .notice(NoticeKind::Error, &format!("read error: {e}"))
            }
        }
    }

    fn read_to_end(&mut self) -> io::Result<bool> {
        let Some(open) = &mut self.open else {
            return Ok(true);
        };
        let (sink, stream, splitter) = (&self.sink, &mut self.stream, &mut self.splitter);
        let max = splitter.max();
        loop {
            if sink.stopped() {
                return Ok(false);
            }
            let n = match open.file.read(&mut self.buf) {
                Ok(0) => return Ok(true),
                Ok(n) => n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let chunk = &self.buf[..n];
            open.offset += n as u64;
            remember(&mut open.signature, chunk);
            if !splitter.feed(chunk, &mut |raw, cut| sink.line(stream, raw, cut, max)) {
                return Ok(false);
            }
        }
    }

    /// (Re)watches the parent directory whenever it is a directory we are
    /// not watching yet: at start, and after it was removed and re-created
    /// (the old watch died with it; until then the poll backstop covers).
    fn ensure_watch(&mut self) {
        let Some(hub) = &self.hub else {
            return;
        };
        if let Some(why) = &hub.unavailable {
            let text = format!(
                "change notification unavailable ({why}); polling every {:?}",
                self.opts.poll_interval
            );
            self.report_polling(&text);
            return;
        }
        let current = fs::metadata(&self.dir)
            .ok()
            .filter(|m| m.is_dir())
            .map(|m| id_of(&m));
        if current.is_none() || current == self.watched_dir {
            self.watched_dir = current;
            return;
        }
        self.watched_dir = current;
        if let Err(why) = hub.watch_dir(&self.dir) {
            let text = format!(
                "cannot watch {} ({why}); polling every {:?}",
                self.dir.display(),
                self.opts.poll_interval
            );
            self.report_polling(&text);
        }
    }

    /// Once per source; sent by the next check.
    fn report_polling(&mut self, text: &str) {
        if !std::mem::replace(&mut self.polling_reported, true) {
            self.polling_notice = Some(text.to_string());
        }
    }

    /// A symlink's target lives elsewhere: watch the target's directory
    /// too, so appends to it wake us without waiting for the poll.
    fn watch_target(&mut self) {
        let (Some(hub), Some(entry)) = (&self.hub, &self.entry) else {
            return;
        };
        let Ok(target) = fs::canonicalize(&self.path) else {
            return;
        };
        if target == self.abs || !hub.has_watcher() {
            return;
        }
        if let Some(dir) = target.parent() {
            entry.add_name(target.clone());
            let _ = hub.watch_dir(dir);
        }
    }
}

/// Keeps the last SIGNATURE bytes read.
fn remember(signature: &mut Vec<u8>, chunk: &[u8]) {
    if chunk.len() >= SIGNATURE {
        signature.clear();
        signature.extend_from_slice(&chunk[chunk.len() - SIGNATURE..]);
        return;
    }
    signature.extend_from_slice(chunk);
    let excess = signature.len().saturating_sub(SIGNATURE);
    signature.drain(..excess);
}

#[cfg(test)]
mod tests {
    use super::super::{Event, Shared};
    use super::*;
    use crate::redact::Redactor;
    use std::sync::mpsc::{Receiver, sync_channel};

    /// A source stepped by hand, one check at a time: no thread, no timing.
    fn stepped(path: &Path) -> (FileSource, Receiver<Event>) {
        let (tx, rx) = sync_channel(1000);
        let sink = Sink {
            tx,
            shared: Arc::new(Shared::default()),
            redactor: Arc::new(Redactor::builtin()),
            label: Arc::from("f"),
        };
        let opts = Options {
            start_lines: 0,
            ..Options::default()
        };
        let f = prepare(
            path.to_path_buf(),
            sink,
            &Arc::new(Waker::default()),
            None,
            opts,
        );
        (f, rx)
    }

    fn received(rx: &Receiver<Event>) -> Vec<String> {
        rx.try_iter()
            .map(|e| match e {
                Event::Line(l) => l.text,
                Event::Notice { kind, .. } => format!("!{kind:?}"),
            })
            .collect()
    }

    #[test]
    fn a_rewrite_past_our_offset_is_seen_by_the_changed_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, "").unwrap();
        let (mut f, rx) = stepped(&path);
        fs::write(&path, "1\n2\n3\n").unwrap();
        assert!(f.check());
        assert_eq!(received(&rx), ["1", "2", "3"]);
        // Truncated and rewritten longer between two checks.
        fs::write(&path, "10\n20\n30\n40\n").unwrap();
        assert!(f.check());
        assert_eq!(received(&rx), ["!Truncated", "10", "20", "30", "40"]);
        // Plain appends are not mistaken for a rewrite.
        append(&path, b"50\n");
        assert!(f.check());
        assert_eq!(received(&rx), ["50"]);
    }

    #[test]
    fn a_renamed_away_file_is_finished_before_the_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, "a\n").unwrap();
        let (mut f, rx) = stepped(&path);
        append(&path, b"b\n");
        let old = dir.path().join("f.1");
        fs::rename(&path, &old).unwrap();
        assert!(f.check());
        // Gone from its name, but its writer may still be writing to it.
        append(&old, b"c\npart");
        assert!(f.check());
        assert_eq!(received(&rx), ["b", "c"]);
        fs::write(&path, "new\n").unwrap();
        append(&old, b"ial\n");
        assert!(f.check());
        assert!(f.check());
        assert_eq!(received(&rx), ["partial", "!Rotated", "new"]);
    }

    #[test]
    fn a_deleted_file_is_let_go_and_its_return_announced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, "").unwrap();
        let (mut f, rx) = stepped(&path);
        append(&path, b"last words");
        fs::remove_file(&path).unwrap();
        assert!(f.check());
        assert!(f.open.is_none(), "a deleted file is not held open");
        assert!(f.check());
        fs::write(&path, "back\n").unwrap();
        assert!(f.check());
        assert_eq!(
            received(&rx),
            ["last words", "!Removed", "!Appeared", "back"]
        );
    }

    fn append(path: &Path, bytes: &[u8]) {
        use std::io::Write;
        let mut file = fs::OpenOptions::new().append(true).open(path).unwrap();
        file.write_all(bytes).unwrap();
    }

    #[test]
    fn signature_keeps_the_last_bytes() {
        let mut sig = Vec::new();
        remember(&mut sig, b"abc");
        assert_eq!(sig, b"abc");
        remember(&mut sig, &[b'x'; 70]);
        assert_eq!(sig.len(), 64);
        remember(&mut sig, b"yz");
        assert_eq!(sig.len(), 64);
        assert!(sig.ends_with(b"xyz"));
    }
}
