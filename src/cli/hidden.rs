//! The commands only warroom's own files call: `warroom __complete IDS`
//! (from the bash completion script) and `warroom __manpages DIR` (from
//! `scripts/build-deb`). They are parsed apart from the public command
//! tree, so `--help`, the completion scripts and the man pages, which are
//! all generated from that tree, never offer them.

use super::{Failure, bad_arguments, completions, manpages, report};
use crate::app::Context;
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "warroom", disable_help_subcommand = true)]
enum Hidden {
    /// The ids the bash completion offers, one per line.
    #[command(name = "__complete")]
    Complete {
        #[arg(value_enum)]
        ids: completions::Ids,
        /// As warroom's own --db.
        #[arg(long, value_name = "PATH")]
        db: Option<PathBuf>,
        /// As warroom's own --playbooks.
        #[arg(long, value_name = "DIR")]
        playbooks: Option<PathBuf>,
    },
    /// Writes every man page into DIR.
    #[command(name = "__manpages")]
    Manpages {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

/// Runs a hidden command when the first argument names one; `None` for
/// everything else, which the public parser handles.
pub fn run_if_asked() -> Option<ExitCode> {
    let first = std::env::args_os().nth(1)?;
    if !first.to_string_lossy().starts_with("__") {
        return None;
    }
    let hidden = match Hidden::try_parse() {
        Ok(h) => h,
        Err(e) => return Some(bad_arguments(e)),
    };
    Some(match run(hidden) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(failure),
    })
}

fn run(hidden: Hidden) -> Result<(), Failure> {
    match hidden {
        Hidden::Complete { ids, db, playbooks } => {
            let ctx = Context {
                db,
                playbooks,
                actor: None,
            };
            completions::helper(&ctx, ids)
        }
        Hidden::Manpages { dir } => manpages::write_all(&dir),
    }
}
