//! warroom: a terminal incident console.
//!
//! Module arrows point one way: `cli` is the edge; `playbook` and
//! `duration` are pure and know nothing of terminals or storage.

pub mod app;
pub mod cli;
pub mod config;
pub mod drill;
pub mod duration;
pub mod export;
pub mod incident;
pub mod paths;
pub mod playbook;
pub mod redact;
pub mod store;
pub mod tail;
pub mod tui;
