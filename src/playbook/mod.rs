//! Playbooks: the runbooks responders follow, as pure data.
//!
//! A playbook is loaded from TOML (see the README's format reference),
//! checked strictly, and never changes afterwards. This module knows nothing
//! of SQLite, terminals or incidents in motion.

mod diag;
mod library;
mod parse;
pub mod when;

pub use diag::{Diagnostic, first_per_file};
pub use library::{
    Entry, Library, LoadError, Origin, bundled_by_sha256, bundled_files, bundled_source,
    check_files,
};
pub use parse::{edit_distance, parse};

use crate::duration::Offset;
use serde::Serialize;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Playbook {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    /// Default severity of an incident declared from this playbook.
    pub severity: Severity,
    /// The runbook this playbook was written from, if any.
    pub source: Option<String>,
    pub inputs: Vec<Input>,
    pub phases: Vec<Phase>,
    pub steps: Vec<Step>,
    pub logs: Vec<LogSource>,
    pub injections: Vec<Injection>,
    pub redact: Vec<RedactRule>,
    /// Roles beside the default ones ([`DEFAULT_ROLES`]).
    pub roles: Vec<String>,
}

/// The roles every incident has; a playbook may add its own.
pub const DEFAULT_ROLES: [&str; 3] = ["commander", "scribe", "comms"];

impl Playbook {
    /// A copy whose words for people (titles, summaries, prompts, bodies,
    /// commands, checks, roles, drill lines) went through `clean`; ids,
    /// choices and conditions, which steer the incident, stay as written.
    pub fn cleaned(&self, clean: &dyn Fn(&str) -> String) -> Playbook {
        let opt = |o: &Option<String>| o.as_deref().map(clean);
        let mut pb = self.clone();
        pb.title = clean(&pb.title);
        pb.summary = opt(&pb.summary);
        for i in &mut pb.inputs {
            i.prompt = clean(&i.prompt);
        }
        for p in &mut pb.phases {
            p.title = clean(&p.title);
            p.summary = opt(&p.summary);
        }
        for s in &mut pb.steps {
            s.title = clean(&s.title);
            s.body = opt(&s.body);
            s.annotation = opt(&s.annotation);
            s.role = opt(&s.role);
            s.commands = s.commands.iter().map(|c| clean(c)).collect();
            s.checks = s.checks.iter().map(|c| clean(c)).collect();
            if let Approval::Needed(Some(why)) = &s.run.approval {
                s.run.approval = Approval::Needed(Some(clean(why)));
            }
        }
        for inj in &mut pb.injections {
            inj.log = clean(&inj.log);
        }
        pb
    }
}

/// Who set a phase's deadline. Shown wherever the deadline is, so nobody
/// mistakes warroom's suggestion for the runbook's requirement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueOrigin {
    /// The source runbook's (or, with no source, the playbook author's).
    #[default]
    Source,
    /// warroom's suggestion where the source gives none.
    Suggested,
}

impl DueOrigin {
    pub fn parse(text: &str) -> Option<DueOrigin> {
        match text {
            "source" => Some(DueOrigin::Source),
            "suggested" => Some(DueOrigin::Suggested),
            _ => None,
        }
    }

    /// The mark put before a deadline: `~15m` is a suggestion.
    pub fn mark(self) -> &'static str {
        match self {
            DueOrigin::Source => "",
            DueOrigin::Suggested => "~",
        }
    }

    pub fn is_suggested(self) -> bool {
        self == DueOrigin::Suggested
    }
}

/// The one sentence explaining the `~` mark, for every legend.
pub const SUGGESTED_LEGEND: &str = "~ deadline suggested by warroom; the source gives none";

/// A question asked when an incident is declared; its answer can steer `when`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Input {
    pub id: String,
    pub prompt: String,
    /// Empty for free text.
    pub choices: Vec<String>,
    pub default: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Phase {
    pub id: String,
    pub title: String,
    /// Offset from the declaration; `None` for an untimed phase.
    pub due: Option<Offset>,
    /// Whether the deadline is the source runbook's or warroom's suggestion.
    pub due_origin: DueOrigin,
    pub summary: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub id: String,
    pub phase: String,
    pub title: String,
    pub body: Option<String>,
    /// The playbook editor's words, kept apart from the source's: an
    /// addition, a conflict in the source, an example shown as one.
    pub annotation: Option<String>,
    /// Shell commands, verbatim from the runbook; warroom never runs them.
    pub commands: Vec<String>,
    /// How a responder confirms the step worked.
    pub checks: Vec<String>,
    /// Who owns the step according to the runbook.
    pub role: Option<String>,
    /// Prerequisite step ids.
    pub after: Vec<String>,
    pub when: Option<Condition>,
    /// Non-empty for a decision step.
    pub choices: Vec<String>,
    /// How its commands are run from warroom, and who must agree first.
    pub run: RunSpec,
}

/// How a step's commands run (`e` in the console, `warroom run`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RunSpec {
    /// A second Unix account must approve before it is run or marked done.
    pub approval: Approval,
    /// A run that exits 0 marks the step done.
    pub done_on_success: bool,
    /// How long a run may take (default [`RunSpec::DEFAULT_TIMEOUT`]).
    pub timeout: Option<Offset>,
    /// The commands are one script, run in one shell ("run these in one
    /// shell"), not lines to pick from.
    pub one_shell: bool,
    /// Literal texts in the commands that stand for a value the responder
    /// types (`<secret-name>`, `my-app`): a command holding one never runs.
    pub placeholders: Vec<String>,
}

impl RunSpec {
    pub const DEFAULT_TIMEOUT: Offset = Offset::from_secs(300);

    pub fn timeout(&self) -> Offset {
        self.timeout.unwrap_or(Self::DEFAULT_TIMEOUT)
    }
}

/// Whether a step needs a second person's approval, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Approval {
    #[default]
    NotNeeded,
    /// With the playbook's reason, when it gives one.
    Needed(Option<String>),
}

impl Approval {
    pub fn is_needed(&self) -> bool {
        matches!(self, Approval::Needed(_))
    }
}

impl Step {
    pub fn is_decision(&self) -> bool {
        !self.choices.is_empty()
    }
}

/// A parsed `when`, kept with its source text for display and export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub text: String,
    pub expr: when::Expr,
}

impl Serialize for Condition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogTarget {
    Path(String),
    /// Program and arguments, spawned without a shell.
    Command(Vec<String>),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogSource {
    pub name: Option<String>,
    pub target: LogTarget,
}

impl LogSource {
    /// What a responder sees as the line's origin: the name, else the path or program.
    pub fn label(&self) -> String {
        match (&self.name, &self.target) {
            (Some(name), _) => name.clone(),
            (None, LogTarget::Path(p)) => p.clone(),
            (None, LogTarget::Command(argv)) => argv.join(" "),
        }
    }
}

/// A scripted log line for drills.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Injection {
    pub at: Offset,
    pub log: String,
    pub source: Option<String>,
    /// Steps whose start, finish or answer responds to this signal.
    pub expects: Vec<String>,
}

/// Extra redaction for this playbook's secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RedactRule {
    pub name: String,
    pub pattern: Option<String>,
    pub keys: Vec<String>,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub enum Severity {
    P0,
    P1,
    P2,
    P3,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Severity::P0, Severity::P1, Severity::P2, Severity::P3];

    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::P0 => "P0",
            Severity::P1 => "P1",
            Severity::P2 => "P2",
            Severity::P3 => "P3",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Playbook {
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    pub fn phase(&self, id: &str) -> Option<&Phase> {
        self.phases.iter().find(|p| p.id == id)
    }

    pub fn input(&self, id: &str) -> Option<&Input> {
        self.inputs.iter().find(|i| i.id == id)
    }

    /// Steps of one phase, in file order.
    pub fn steps_in<'a>(&'a self, phase: &'a str) -> impl Iterator<Item = &'a Step> + 'a {
        self.steps.iter().filter(move |s| s.phase == phase)
    }

    /// True when no phase has a deadline: a checklist rather than an incident clock.
    pub fn is_untimed(&self) -> bool {
        self.phases.iter().all(|p| p.due.is_none())
    }

    /// `15m / 1h / 24h`, or `untimed`.
    /// Every role of an incident of this playbook: the defaults, then its own.
    pub fn all_roles(&self) -> Vec<String> {
        DEFAULT_ROLES
            .iter()
            .map(|r| r.to_string())
            .chain(self.roles.iter().cloned())
            .collect()
    }

    /// Whether any deadline is warroom's suggestion (a legend is owed).
    pub fn has_suggested_deadline(&self) -> bool {
        self.phases
            .iter()
            .any(|p| p.due.is_some() && p.due_origin.is_suggested())
    }

    /// The deadlines in phase order, `~` marking a suggested one.
    pub fn deadlines(&self) -> String {
        let dues: Vec<String> = self
            .phases
            .iter()
            .filter_map(|p| p.due.map(|d| format!("{}{d}", p.due_origin.mark())))
            .collect();
        if dues.is_empty() {
            "untimed".to_string()
        } else {
            dues.join(" / ")
        }
    }
}
