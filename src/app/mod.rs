//! The application layer: what the command line and the console share.
//!
//! Who is acting and which store, opening it with its access checks,
//! loading the playbooks and building the redactor, applying a command to
//! an incident (with a drill's due signals first and a lost race turned
//! into a refusal), registering leaked values and ending drills. It returns
//! typed results and typed refusals and never prints: `cli` turns them into
//! lines and exit codes, `tui` into screen state and status-line messages.

pub mod commands;
mod context;
pub mod doctor;
pub mod drills;
pub mod escalation;
mod incidents;
pub mod live;
pub mod runs;
pub mod team;
pub mod verify;
pub mod witness;

pub use crate::store::Summary;
pub use context::{Context, redactor, shown_playbook};
pub use incidents::{Applied, Leaked, NewIncident, Session, check, find_playbook};

use crate::playbook::{Diagnostic, LoadError};
use crate::store::StoreError;

/// Why an operation did not succeed. The edges map these onto the exit
/// codes (2, 1, 2) or the console's status line.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: an unknown incident or playbook, a bad value, a database
    /// that cannot be used.
    #[error("{0}")]
    Bad(String),
    /// Playbook problems, one `FILE:LINE:COL: message` each.
    #[error("{} playbook problem(s)", .0.len())]
    Diagnostics(Vec<Diagnostic>),
    /// The incident's state refused the action (an illegal transition, or
    /// another responder got there first).
    #[error("{0}")]
    Refused(String),
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Refused(m) => Error::Refused(m),
            e if e.is_busy() => {
                Error::Refused("the database stayed busy; nothing was recorded, try again".into())
            }
            other => Error::Bad(other.to_string()),
        }
    }
}

impl From<LoadError> for Error {
    fn from(e: LoadError) -> Self {
        Error::Bad(e.to_string())
    }
}

#[cfg(test)]
mod tests;
