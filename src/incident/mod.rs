//! Incidents: a playbook in motion. Pure domain: events, the step state
//! machine, the fold from events to state, phase deadlines, and the clock.
//! No I/O here; `store` persists events and `cli`/`tui` drive commands.

pub mod clock;
mod command;
mod describe;
mod event;
pub mod score;
mod state;

pub use clock::{Clock, FixedClock, RealClock, ScaledClock};
pub use command::{Command, Refusal};
pub use describe::{Shown, corrected_timeline, describe};
pub use event::{Actor, Event, EventKind, FollowUpState, RunEnd, RunRecord, Status, one_line};
pub use state::{
    Amendment, Correctable, FoldError, FollowUp, IncidentState, PhaseState, PhaseView, Progress,
    RoleHolder, StepRecord, StepState,
};

/// `INC-7` for incident 7.
pub fn display_id(id: u64) -> String {
    format!("INC-{id}")
}

/// Accepts `INC-7`, `inc-7` or `7`.
pub fn parse_id(text: &str) -> Option<u64> {
    let t = text.trim();
    let digits = t
        .strip_prefix("INC-")
        .or_else(|| t.strip_prefix("inc-"))
        .unwrap_or(t);
    digits.parse().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests;
