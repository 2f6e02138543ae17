//! warroom: a terminal incident console.
//!
//! Arrows point one way, downward: the edges (`cli`, `tui`) use `app`,
//! which uses `store`, `playbook`, `redact` and the domain (`incident`,
//! `drill`); `export` renders what the domain holds. `incident`,
//! `playbook`, `redact` and `drill` know nothing of SQLite, terminals or
//! tokio. The README's "Architecture" section has the map.

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
pub mod run;
pub mod store;
pub mod tail;
pub mod tui;
