//! `warroom tail [-f] [-n N] PATH...`: files to stdout, sanitized and
//! redacted; `-f` follows like `tail -F`.

use super::Failure;
use crate::redact::Redactor;
use std::io::{BufWriter, ErrorKind};
use std::path::PathBuf;
use std::sync::Arc;

/// `leaks`: when following, values registered as leaked on the database
/// while it runs are scrubbed from the lines printed after them.
pub fn run(
    paths: &[PathBuf],
    lines: usize,
    follow: bool,
    redactor: Redactor,
    mut leaks: Option<crate::app::live::Leaks>,
) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    let mut newer = || leaks.as_mut().and_then(|l| l.newer());
    match crate::tail::print_files_live(
        paths,
        lines,
        follow,
        Arc::new(redactor),
        &mut newer,
        &mut out,
        &mut err,
    ) {
        Ok(summary) if summary.errors > 0 => Err(Failure::Quiet(2)),
        Ok(_) => Ok(()),
        // `warroom tail -f log | head` ends when head has what it wants.
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Bad(format!("cannot write output: {e}"))),
    }
}
