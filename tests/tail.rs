//! Following files and commands through the library API, on real files in
//! temporary directories. Like GNU tail's own suite, each file scenario
//! runs twice: woken by change notification (with the poll backstop set so
//! slow that only notifications can pass the deadline), and by polling only.
//! Waits are bounded by deadlines, never by sleeps that assume timing.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, sync_channel};
use std::time::{Duration, Instant};
use warroom::redact::{DEFAULT_MAX_LINE, Redactor};
use warroom::tail::{
    Event, Follower, Line, NoticeKind, Options, Ring, SourceSpec, follow, print_files,
};

const DEADLINE: Duration = Duration::from_secs(5);

fn redactor() -> Arc<Redactor> {
    Arc::new(Redactor::builtin())
}

/// Notification mode proves notifications arrive (the 30 s backstop would
/// miss every deadline); polling mode proves the backstop alone suffices.
#[derive(Clone, Copy, Debug)]
enum Mode {
    Notify,
    Poll,
}

fn opts(mode: Mode) -> Options {
    match mode {
        Mode::Notify => Options {
            start_lines: 0,
            poll_interval: Duration::from_secs(30),
            watch: true,
            ..Options::default()
        },
        Mode::Poll => Options {
            start_lines: 0,
            poll_interval: Duration::from_millis(20),
            watch: false,
            ..Options::default()
        },
    }
}

struct Tail {
    rx: Receiver<Event>,
    events: Vec<Event>,
    follower: Option<Follower>,
}

impl Tail {
    fn files(paths: &[&Path], opts: Options) -> Tail {
        let sources = paths
            .iter()
            .map(|p| SourceSpec::File(p.to_path_buf()))
            .collect();
        Tail::start(sources, opts)
    }

    fn start(sources: Vec<SourceSpec>, opts: Options) -> Tail {
        let (tx, rx) = sync_channel(256);
        let follower = follow(sources, redactor(), opts, tx);
        Tail {
            rx,
            events: Vec::new(),
            follower: Some(follower),
        }
    }

    /// Receives until `done` holds for everything received so far.
    fn wait_for(&mut self, what: &str, done: impl Fn(&Tail) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        while !done(self) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "timed out waiting for {what}; got {:#?}",
                self.events
            );
            match self.rx.recv_timeout(left.min(Duration::from_millis(50))) {
                Ok(event) => self.events.push(event),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    assert!(
                        done(self),
                        "follower ended before {what}; got {:#?}",
                        self.events
                    );
                }
            }
        }
    }

    fn wait_line(&mut self, text: &str) {
        self.wait_for(&format!("line {text:?}"), |t| {
            t.texts().iter().any(|l| l == text)
        });
    }

    fn wait_notice(&mut self, kind: NoticeKind) {
        self.wait_for(&format!("notice {kind:?}"), |t| t.notices(kind) > 0);
    }

    /// Everything until the sources are done (not following). Generous:
    /// a debug build cleans megabytes of noise slowly.
    fn drain_all(&mut self) {
        let deadline = Instant::now() + 6 * DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "follower did not finish; got {:#?}",
                self.events
            );
            match self.rx.recv_timeout(left) {
                Ok(event) => self.events.push(event),
                Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
    }

    fn lines(&self) -> Vec<&Line> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Line(l) => Some(l),
                Event::Notice { .. } => None,
            })
            .collect()
    }

    fn texts(&self) -> Vec<String> {
        self.lines().iter().map(|l| l.text.clone()).collect()
    }

    fn notices(&self, kind: NoticeKind) -> usize {
        self.events
            .iter()
            .filter(|e| matches!(e, Event::Notice { kind: k, .. } if *k == kind))
            .count()
    }

    /// Lines and notices in arrival order, notices as `!Kind`.
    fn transcript(&self) -> Vec<String> {
        self.events
            .iter()
            .map(|e| match e {
                Event::Line(l) => l.text.clone(),
                Event::Notice { kind, .. } => format!("!{kind:?}"),
            })
            .collect()
    }

    fn stop(&mut self) -> Duration {
        let started = Instant::now();
        if let Some(f) = self.follower.take() {
            f.stop();
        }
        started.elapsed()
    }
}

fn append(path: &Path, bytes: &[u8]) {
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("open for append");
    f.write_all(bytes).expect("append");
}

fn seq(from: u32, to: u32) -> String {
    (from..=to).map(|i| format!("{i}\n")).collect()
}

fn strings(range: std::ops::RangeInclusive<u32>) -> Vec<String> {
    range.map(|i| i.to_string()).collect()
}

/// Each scenario as a notification test and a polling test.
macro_rules! both_modes {
    ($($name:ident),* $(,)?) => {
        mod notify {
            $(#[test] fn $name() { super::$name(super::Mode::Notify) })*
        }
        mod poll {
            $(#[test] fn $name() { super::$name(super::Mode::Poll) })*
        }
    };
}

both_modes!(
    missing_file_appears_later,
    rename_rotation_50_times,
    copytruncate,
    rewritten_smaller_prints_the_new_content,
    rewritten_larger_prints_the_new_content,
    delete_and_recreate,
    partial_line_completed_later,
    many_files_each_line_tagged,
    escapes_and_secret_in_an_appended_line,
    symlink_followed_by_name,
);

fn missing_file_appears_later(mode: Mode) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("later.log");
    let mut t = Tail::files(&[&path], opts(mode));
    t.wait_notice(NoticeKind::Missing);
    append(&path, b"first\nsecond\n");
    t.wait_line("second");
    assert_eq!(t.transcript(), ["!Missing", "!Appeared", "first", "second"]);
    t.stop();
}

/// GNU's `inotify-rotate`: rename-rotation 50 times, each time with lines
/// written to the old file after the rename. No line may be lost or
/// duplicated, and the old file's lines come before the new file's.
fn rename_rotation_50_times(mode: Mode) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    let old = dir.path().join("app.log.1");
    append(&path, b"");
    let mut t = Tail::files(&[&path], opts(mode));
    let mut expected = Vec::new();
    for i in 0..50 {
        let mut writer = OpenOptions::new().append(true).open(&path).unwrap();
        for j in 0..5 {
            writeln!(writer, "r{i}-{j}").unwrap();
        }
        fs::rename(&path, &old).unwrap();
        // The application has not reopened yet: it still writes to the old file.
        writeln!(writer, "r{i}-5").unwrap();
        writeln!(writer, "r{i}-6").unwrap();
        drop(writer);
        append(&path, format!("r{i}-7\n").as_bytes());
        expected.extend((0..8).map(|j| format!("r{i}-{j}")));
        // Rotations minutes apart, as on a real host: wait for the switch.
        t.wait_line(&format!("r{i}-7"));
    }
    assert_eq!(t.texts(), expected);
    assert_eq!(t.notices(NoticeKind::Rotated), 50);
    t.stop();
}

/// logrotate's copytruncate: the file is copied, then truncated in place.
fn copytruncate(mode: Mode) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    append(&path, b"");
    let mut t = Tail::files(&[&path], opts(mode));
    append(&path, b"before 1\nbefore 2\n");
    t.wait_line("before 2");
    fs::copy(&path, dir.path().join("app.log.1")).unwrap();
    OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(0)
        .unwrap();
    append(&path, b"after 1\n");
    t.wait_line("after 1");
    assert_eq!(t.texts(), ["before 1", "before 2", "after 1"]);
    assert_eq!(t.notices(NoticeKind::Truncated), 1);
    t.stop();
}

/// `seq 10 > f; seq 11 15 > f` must print 11..15.
fn rewritten_smaller_prints_the_new_content(mode: Mode) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    fs::write(&path, "").unwrap();
    let mut t = Tail::files(&[&path], opts(mode));
    fs::write(&path, seq(1, 10)).unwrap();
    t.wait_line("10");
    fs::write(&path, seq(11, 15)).unwrap();
    t.wait_line("15");
    assert_eq!(t.texts(), strings(1..=15));
    t.stop();
}

/// Truncated and rewritten past our offset between two looks: the size
/// alone does not show it, the changed bytes before our offset do.
fn rewritten_larger_prints_the_new_content(mode: Mode) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    fs::write(&path, "").unwrap();
    let mut t = Tail::files(&[&path], opts(mode));
    fs::write(&path, seq(1, 10)).unwrap();
    t.wait_line("10");
    fs::write(&path, seq(100, 130)).unwrap();
    t.wait_line("130");
    let mut expected = strings(1..=10);
    expected.extend(strings(100..=130));
    assert_eq!(t.texts(), expected);
    t.stop();
}

fn delete_and_recreate(mode: Mode) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    append(&path, b"");
    let mut t = Tail::files(&[&path], opts(mode));
    append(&path, b"old 1\nold 2\n");
    t.wait_line("old 2");
    fs::remove_file(&path).unwrap();
    t.wait_notice(NoticeKind::Removed);
    append(&path, b"new 1\n");
    t.wait_line("new 1");
    assert_eq!(t.texts(), ["old 1", "old 2", "new 1"]);
    assert_eq!(t.notices(NoticeKind::Appeared), 1);
    t.stop();
}

/// The directory's watch dies with it; the poll backstop finds the new
/// directory, watches it again and reports the file has appeared.
#[test]
fn parent_directory_removed_and_recreated() {
    for watch in [true, false] {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("logs");
        let path = dir.join("app.log");
        fs::create_dir(&dir).unwrap();
        append(&path, b"");
        let o = Options {
            start_lines: 0,
            poll_interval: Duration::from_millis(50),
            watch,
            ..Options::default()
        };
        let mut t = Tail::files(&[&path], o);
        append(&path, b"one\n");
        t.wait_line("one");
        fs::remove_dir_all(&dir).unwrap();
        t.wait_notice(NoticeKind::Removed);
        fs::create_dir(&dir).unwrap();
        append(&path, b"two\n");
        t.wait_line("two");
        append(&path, b"three\n");
        t.wait_line("three");
        assert_eq!(t.texts(), ["one", "two", "three"]);
        assert_eq!(t.notices(NoticeKind::Appeared), 1);
        t.stop();
    }
}

fn partial_line_completed_later(mode: Mode) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    append(&path, b"");
    let mut t = Tail::files(&[&path], opts(mode));
    append(&path, b"whole\npar");
    t.wait_line("whole");
    append(&path, b"tial\n");
    t.wait_line("partial");
    assert_eq!(t.texts(), ["whole", "partial"]);
    // An unfinished line is held, not emitted, when following stops.
    append(&path, b"unfinished");
    append(&path, b"\nafter\nheld");
    t.wait_line("after");
    t.stop();
    assert!(!t.texts().iter().any(|l| l == "held"));
}

fn many_files_each_line_tagged(mode: Mode) {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = (0..6)
        .map(|i| dir.path().join(format!("f{i}.log")))
        .collect();
    for p in &paths {
        append(p, b"");
    }
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let mut t = Tail::files(&refs, opts(mode));
    for round in 0..20 {
        for (i, p) in paths.iter().enumerate() {
            append(p, format!("f{i} {round}\n").as_bytes());
        }
    }
    t.wait_for("120 lines", |t| t.lines().len() >= 120);
    for (i, p) in paths.iter().enumerate() {
        let label = p.display().to_string();
        let mine: Vec<String> = t
            .lines()
            .iter()
            .filter(|l| *l.source == *label)
            .map(|l| l.text.clone())
            .collect();
        let expected: Vec<String> = (0..20).map(|round| format!("f{i} {round}")).collect();
        assert_eq!(mine, expected, "lines of {label}");
    }
    t.stop();
}

fn escapes_and_secret_in_an_appended_line(mode: Mode) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    append(&path, b"");
    let mut t = Tail::files(&[&path], opts(mode));
    append(
        &path,
        b"auth token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\x1b]2;pwned\x07 ok\n\x1b[2Jcleared\x07\x08\r\n",
    );
    t.wait_line("cleared");
    let texts = t.texts();
    assert!(texts[0].contains("[REDACTED:github-token]"), "{texts:?}");
    for line in &texts {
        assert!(!line.contains("ghp_"), "{line:?}");
        assert!(!line.contains("pwned"), "{line:?}");
        assert_clean(line);
    }
    t.stop();
}

/// A symlink is followed by name: when it is pointed elsewhere, the new
/// target is followed from its start.
fn symlink_followed_by_name(mode: Mode) {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.log");
    let second = dir.path().join("second.log");
    let link = dir.path().join("current.log");
    append(&first, b"");
    append(&second, b"second 1\n");
    std::os::unix::fs::symlink(&first, &link).unwrap();
    let mut t = Tail::files(&[&link], opts(mode));
    append(&first, b"first 1\n");
    t.wait_line("first 1");
    let tmp = dir.path().join("current.tmp");
    std::os::unix::fs::symlink(&second, &tmp).unwrap();
    fs::rename(&tmp, &link).unwrap();
    append(&second, b"second 2\n");
    t.wait_line("second 2");
    assert_eq!(t.texts(), ["first 1", "second 1", "second 2"]);
    assert_eq!(t.lines()[0].source.as_ref(), link.display().to_string());
    t.stop();
}

/// No ESC, no C0 control but tab, no DEL, no C1 control.
fn assert_clean(text: &str) {
    for c in text.chars() {
        let bad = (c < ' ' && c != '\t') || ('\u{7f}'..='\u{9f}').contains(&c);
        assert!(!bad, "control {c:?} in {text:?}");
    }
}

#[test]
fn start_lines_like_tail_n() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    fs::write(&path, seq(1, 20)).unwrap();
    let once = Options {
        start_lines: 3,
        follow: false,
        ..Options::default()
    };
    let mut t = Tail::files(&[&path], once);
    t.drain_all();
    assert_eq!(t.texts(), ["18", "19", "20"]);

    let followed = Options {
        start_lines: 2,
        ..opts(Mode::Notify)
    };
    let mut t = Tail::files(&[&path], followed);
    append(&path, b"21\n");
    t.wait_line("21");
    assert_eq!(t.texts(), ["19", "20", "21"]);
    t.stop();
}

#[test]
fn not_following_emits_the_unfinished_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    fs::write(&path, "a\nb").unwrap();
    let mut t = Tail::files(
        &[&path],
        Options {
            start_lines: usize::MAX,
            follow: false,
            ..Options::default()
        },
    );
    t.drain_all();
    assert_eq!(t.texts(), ["a", "b"]);
}

#[test]
fn not_following_a_missing_file_is_an_error_notice() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tail::files(
        &[&dir.path().join("nope")],
        Options {
            follow: false,
            ..Options::default()
        },
    );
    t.drain_all();
    assert_eq!(t.transcript(), ["!Error"]);
}

/// A 10 MB line without a newline: cut at the limit, the rest dropped up
/// to its newline, the next line intact.
#[test]
fn ten_megabyte_line_without_newline_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.log");
    append(&path, b"");
    let mut t = Tail::files(&[&path], opts(Mode::Notify));
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..10 {
        append(&path, &chunk);
    }
    t.wait_notice(NoticeKind::LineCut);
    append(&path, b"rest of the huge line\nnext\n");
    t.wait_line("next");
    let texts = t.texts();
    assert_eq!(texts.len(), 2, "one cut line, then the next");
    let cap = Options::default().max_line_bytes.min(DEFAULT_MAX_LINE);
    // The cap plus the redactor's "[… N bytes cut]" marker.
    assert!(texts[0].len() <= cap + 64, "{} bytes", texts[0].len());
    assert!(texts[0].starts_with("xxxx"));
    assert_eq!(texts[1], "next");
    t.stop();
}

#[test]
fn invalid_utf8_and_a_binary_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("latin1.log");
    fs::write(&text, b"caf\xe9 \xff\xfe ok\n\xc3\x28 \x9b2J \x1b[31mred\n").unwrap();
    let binary = dir.path().join("blob.bin");
    // Deterministic noise with every byte value, no guarantee of newlines.
    let mut x: u32 = 0x1234_5678;
    let noise: Vec<u8> = (0..3 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    fs::write(&binary, &noise).unwrap();
    let nul_only = dir.path().join("zeros.bin");
    fs::write(&nul_only, vec![0u8; 2 << 20]).unwrap();
    let o = Options {
        start_lines: usize::MAX,
        follow: false,
        max_line_bytes: 64 * 1024,
        ..Options::default()
    };
    let mut t = Tail::files(&[&text, &binary, &nul_only], o);
    t.drain_all();
    let texts = t.texts();
    assert!(
        texts.contains(&"caf\u{fffd} \u{fffd}\u{fffd} ok".to_string()),
        "{texts:?}"
    );
    assert!(texts.iter().any(|l| l.ends_with("red")));
    assert!(texts.len() > 3);
    for line in &texts {
        assert_clean(line);
        assert!(line.len() <= DEFAULT_MAX_LINE + 64);
    }
}

#[test]
fn a_command_source_is_restarted_after_it_exits() {
    let argv = ["sh", "-c", "echo one; echo two >&2; exit 3"]
        .map(String::from)
        .to_vec();
    let mut t = Tail::start(vec![SourceSpec::Command(argv)], opts(Mode::Notify));
    t.wait_for("two runs", |t| t.texts().len() >= 4);
    let transcript = t.transcript();
    let mut first_run = transcript[..2].to_vec();
    first_run.sort();
    assert_eq!(first_run, ["one", "two"]);
    assert_eq!(transcript[2], "!Exited");
    let notice = t.events.iter().find_map(|e| match e {
        Event::Notice { text, source, .. } => Some((text.clone(), source.clone())),
        Event::Line(_) => None,
    });
    let (text, source) = notice.unwrap();
    assert_eq!(text, "command exited with 3; restarting in 1s");
    assert_eq!(source.as_ref(), "sh -c echo one; echo two >&2; exit 3");
    assert!(t.stop() < Duration::from_secs(3));
}

#[test]
fn a_missing_command_is_reported_and_retried() {
    let argv = vec!["warroom-test-no-such-command".to_string()];
    let mut t = Tail::start(vec![SourceSpec::Command(argv)], opts(Mode::Notify));
    t.wait_notice(NoticeKind::Error);
    let Event::Notice { text, .. } = &t.events[0] else {
        panic!("expected a notice: {:?}", t.events);
    };
    assert!(
        text.starts_with("cannot start warroom-test-no-such-command:"),
        "{text}"
    );
    assert!(text.ends_with("restarting in 1s"), "{text}");
    t.wait_for("a retry", |t| t.notices(NoticeKind::Error) >= 2);
    t.stop();
}

#[test]
fn command_output_is_cleaned_and_labels_are_redacted() {
    let argv = [
        "sh",
        "-c",
        "printf 'password=S3cr3tValue99\\033[1m bold\\n'",
        "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
    ]
    .map(String::from)
    .to_vec();
    let o = Options {
        follow: false,
        ..Options::default()
    };
    let mut t = Tail::start(vec![SourceSpec::Command(argv)], o);
    t.drain_all();
    let lines = t.lines();
    assert_eq!(lines.len(), 1, "{:?}", t.events);
    assert_eq!(lines[0].text, "password=[REDACTED:secret-assignment] bold");
    assert!(
        lines[0].source.contains("[REDACTED:github-token]"),
        "{}",
        lines[0].source
    );
}

#[test]
fn ring_evicts_the_oldest_and_counts_them() {
    let line = |i: usize| Line {
        source: Arc::from("s"),
        text: format!("line {i}"),
    };
    let mut ring = Ring::new(3);
    for i in 0..5 {
        ring.push(line(i));
    }
    assert_eq!(ring.len(), 3);
    assert_eq!(ring.dropped(), 2);
    assert_eq!(ring.total(), 5);
    assert_eq!(ring.get(0).unwrap().text, "line 2");
    assert_eq!(ring.iter().last().unwrap().text, "line 4");
    assert!(ring.get(3).is_none());

    let mut by_bytes = Ring::with_limits(1000, 400);
    for i in 0..100 {
        by_bytes.push(line(i));
    }
    assert!(by_bytes.len() < 100 && by_bytes.len() > 1);
    assert_eq!(by_bytes.dropped() as usize + by_bytes.len(), 100);
    assert_eq!(Ring::default().capacity(), 100_000);
}

/// A receiver that never reads, a long file, a command that never ends and
/// a missing file: stop still returns at once.
#[test]
fn stop_returns_promptly() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.log");
    fs::write(&big, seq(1, 200_000)).unwrap();
    let (tx, rx) = sync_channel(1);
    let sources = vec![
        SourceSpec::File(big),
        SourceSpec::File(dir.path().join("missing.log")),
        SourceSpec::Command(vec!["sleep".into(), "1000".into()]),
    ];
    let follower = follow(
        sources,
        redactor(),
        Options {
            start_lines: usize::MAX,
            ..Options::default()
        },
        tx,
    );
    // Let the channel fill.
    let deadline = Instant::now() + DEADLINE;
    while rx.try_recv().is_err() && Instant::now() < deadline {
        std::thread::yield_now();
    }
    let started = Instant::now();
    follower.stop();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "stop took {:?}",
        started.elapsed()
    );
    drop(rx);
}

#[test]
fn dropping_the_receiver_ends_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    fs::write(&path, seq(1, 1000)).unwrap();
    let (tx, rx) = sync_channel(4);
    let follower = follow(
        vec![SourceSpec::File(path.clone())],
        redactor(),
        opts(Mode::Poll),
        tx,
    );
    drop(rx);
    append(&path, b"more\n");
    let deadline = Instant::now() + DEADLINE;
    while !follower.is_finished() {
        assert!(Instant::now() < deadline, "threads still running");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn print_files_like_tail() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.log");
    let b = dir.path().join("b.log");
    let empty = dir.path().join("empty.log");
    let missing = dir.path().join("missing.log");
    fs::write(&a, "a1\na2\na3\n").unwrap();
    fs::write(&b, "b1\x1b[31m\nb2").unwrap();
    fs::write(&empty, "").unwrap();

    let (mut out, mut err) = (Vec::new(), Vec::new());
    let summary = print_files(
        std::slice::from_ref(&a),
        2,
        false,
        redactor(),
        &mut out,
        &mut err,
    )
    .unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "a2\na3\n");
    assert_eq!(summary.errors, 0);

    let (mut out, mut err) = (Vec::new(), Vec::new());
    let paths = [a.clone(), b.clone(), empty.clone(), missing.clone()];
    let summary = print_files(&paths, 10, false, redactor(), &mut out, &mut err).unwrap();
    let expected = format!(
        "==> {} <==\na1\na2\na3\n\n==> {} <==\nb1\nb2\n\n==> {} <==\n",
        a.display(),
        b.display(),
        empty.display()
    );
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    assert_eq!(summary.errors, 1);
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.starts_with(&format!("warroom: {}: cannot open:", missing.display())),
        "{err}"
    );
}

/// Collects output; fails like a closed pipe once it has seen "quit"
/// (the newline after it is the write that fails).
#[derive(Clone, Default)]
struct PipeOut(Arc<std::sync::Mutex<Vec<u8>>>);

impl PipeOut {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for PipeOut {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut all = self.0.lock().unwrap();
        if String::from_utf8_lossy(&all).contains("quit") {
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        all.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `warroom tail -f a b` follows both under headers and ends when its
/// output is closed.
#[test]
fn print_files_follows_until_the_output_closes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.log");
    let b = dir.path().join("b.log");
    fs::write(&a, "a1\n").unwrap();
    fs::write(&b, "b1\n").unwrap();
    let out = PipeOut::default();
    let printer = {
        let (out, paths) = (out.clone(), vec![a.clone(), b.clone()]);
        std::thread::spawn(move || {
            let (mut out, mut err) = (out, Vec::new());
            print_files(&paths, 10, true, redactor(), &mut out, &mut err)
        })
    };
    let wait = |what: &str| {
        let deadline = Instant::now() + DEADLINE;
        while !out.text().contains(what) {
            assert!(Instant::now() < deadline, "no {what:?} in {:?}", out.text());
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    wait("a1\n");
    wait("b1\n");
    append(&a, b"a2\n");
    wait("a2\n");
    append(&b, b"quit\n");
    let result = printer.join().unwrap();
    assert_eq!(result.unwrap_err().kind(), std::io::ErrorKind::BrokenPipe);
    let text = out.text();
    assert!(
        text.contains(&format!("==> {} <==\n", a.display())),
        "{text}"
    );
    assert!(
        text.contains(&format!("==> {} <==\n", b.display())),
        "{text}"
    );
    assert!(
        text.ends_with(&format!("==> {} <==\nquit", b.display())),
        "{text}"
    );
}

/// A followed path replaced by a link to another file (another owner's,
/// when the test can make one) is announced with the file now followed,
/// not passed off as a rotation.
#[test]
fn a_path_replaced_by_a_link_names_the_file_now_followed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    let other = dir.path().join("someone-elses.log");
    append(&path, b"");
    append(&other, b"");
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        std::os::unix::fs::chown(&other, Some(65534), None).unwrap();
    }
    let mut t = Tail::files(&[&path], opts(Mode::Notify));
    append(&path, b"mine\n");
    t.wait_line("mine");
    // Swapped in one step, as an attacker would: a link renamed over it.
    let link = dir.path().join("swap");
    std::os::unix::fs::symlink(&other, &link).unwrap();
    fs::rename(&link, &path).unwrap();
    append(&other, b"theirs\n");
    t.wait_line("theirs");
    let texts: Vec<String> = t
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Notice { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    let notice = texts
        .iter()
        .find(|n| n.contains("symbolic link"))
        .unwrap_or_else(|| panic!("no notice names the link: {texts:?}"));
    assert!(notice.contains("someone-elses.log"), "{notice}");
    if root {
        assert!(notice.contains("not root as before"), "{notice}");
    }
    t.stop();
}
