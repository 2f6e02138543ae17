//! The log pane's memory: the newest lines, bounded in count and in bytes.

use super::Line;
use std::collections::VecDeque;

/// A bounded buffer of the newest lines. When full, the oldest line goes
/// and [`Ring::dropped`] counts it, so the screen can say how many were lost
/// in a burst. Bounded in bytes as well as lines: a burst of long lines
/// must not cost what 100,000 of them at the display limit would.
#[derive(Debug)]
pub struct Ring {
    lines: VecDeque<Line>,
    capacity: usize,
    max_bytes: usize,
    bytes: usize,
    dropped: u64,
}

impl Ring {
    pub const DEFAULT_CAPACITY: usize = 100_000;
    pub const DEFAULT_MAX_BYTES: usize = 64 << 20;

    /// A ring of at most `capacity` lines (at least one).
    pub fn new(capacity: usize) -> Ring {
        Ring::with_limits(capacity, usize::MAX)
    }

    /// At most `capacity` lines and about `max_bytes` of text (the newest
    /// line is always kept, whatever its size).
    pub fn with_limits(capacity: usize, max_bytes: usize) -> Ring {
        let capacity = capacity.max(1);
        Ring {
            // Grown as lines arrive: an idle pane costs nothing.
            lines: VecDeque::with_capacity(capacity.min(1024)),
            capacity,
            max_bytes,
            bytes: 0,
            dropped: 0,
        }
    }

    pub fn push(&mut self, line: Line) {
        self.bytes += cost(&line);
        self.lines.push_back(line);
        while self.lines.len() > self.capacity
            || (self.bytes > self.max_bytes && self.lines.len() > 1)
        {
            if let Some(old) = self.lines.pop_front() {
                self.bytes -= cost(&old);
                self.dropped += 1;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Replaces the text of every line for which `f` gives a new one (a
    /// value registered as leaked after the line arrived).
    pub fn rewrite(&mut self, mut f: impl FnMut(&str) -> Option<String>) {
        for line in &mut self.lines {
            if let Some(text) = f(&line.text) {
                self.bytes -= cost(line);
                line.text = text;
                self.bytes += cost(line);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The `i`th line held, oldest first.
    pub fn get(&self, i: usize) -> Option<&Line> {
        self.lines.get(i)
    }

    /// Oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Line> + ExactSizeIterator {
        self.lines.iter()
    }

    /// How many lines were evicted to make room.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// How many lines were ever pushed; line `get(i)` was the
    /// `dropped() + i`th, a stable number for pins and scroll anchors.
    pub fn total(&self) -> u64 {
        self.dropped + self.lines.len() as u64
    }
}

impl Default for Ring {
    fn default() -> Ring {
        Ring::with_limits(Ring::DEFAULT_CAPACITY, Ring::DEFAULT_MAX_BYTES)
    }
}

/// Roughly what a line holds on the heap (its text; the source is shared).
fn cost(line: &Line) -> usize {
    line.text.len() + std::mem::size_of::<Line>()
}
