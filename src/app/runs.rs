//! Running a step's command from warroom: planning it (which command, its
//! placeholders, shell, directory, account, timeout, and where it comes
//! from), starting the step, and recording the run as evidence, for the
//! command line and the console alike.

use super::commands::{Allowed, CommandKey, command_sha256};
use super::{Error, Session};
use crate::incident::{Command, Refusal, RunRecord, StepState, display_id};
use crate::run::Plan;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// A plan with what the responder must know before saying yes.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub plan: Plan,
    /// Where the command comes from, in words.
    pub origin: String,
    /// From a bundled playbook, unchanged: no other member wrote it.
    pub bundled: bool,
    /// This account said yes to this very command of this incident before.
    pub allowed_before: bool,
    /// The playbook's reason for needing approval, if it does.
    pub approval: Option<String>,
    pub done_on_success: bool,
    key: CommandKey,
}

impl Prepared {
    /// What a confirmation shows, in full.
    pub fn describe(&self) -> String {
        let mut text = self.plan.describe();
        text.push_str(&format!("\nfrom {}", self.origin));
        if self.done_on_success {
            text.push_str("\nexit 0 marks the step done");
        }
        text
    }
}

/// Which command of a step: its only one, the one asked for, or the whole
/// block as one script when the step says so.
pub fn choose_command(
    step: &crate::playbook::Step,
    line: Option<usize>,
) -> Result<(Option<usize>, String), Error> {
    let n = step.commands.len();
    if step.run.one_shell {
        if line.is_some() {
            return Err(Error::Bad(format!(
                "step `{}` runs its {n} command lines as one script; leave out --line",
                step.id
            )));
        }
        return Ok((None, step.commands.join("\n")));
    }
    let index = match (line, n) {
        (_, 0) => return Err(Error::Bad(format!("step `{}` has no command", step.id))),
        (None, 1) => 1,
        (None, _) => {
            return Err(Error::Bad(format!(
                "step `{}` has {n} commands; choose one with --line 1..{n}",
                step.id
            )));
        }
        (Some(l), _) if (1..=n).contains(&l) => l,
        (Some(l), _) => {
            return Err(Error::Bad(format!(
                "step `{}` has no command {l} (it has {n})",
                step.id
            )));
        }
    };
    let command = step.commands[index - 1].clone();
    if command.trim_start().starts_with('#') {
        return Err(Error::Bad(format!(
            "command {index} of step `{}` is a comment, guidance to read, not to run",
            step.id
        )));
    }
    Ok((Some(index), command))
}

impl Session {
    /// Plans running `step`'s command (`line`, or its only one, or its
    /// block) in `cwd`, with `typed` values for its placeholders. Refused
    /// before anything runs when the step may not run now, or a
    /// placeholder is unfilled.
    pub fn prepare_run(
        &self,
        id: u64,
        step: &str,
        line: Option<usize>,
        typed: &BTreeMap<String, String>,
        cwd: &Path,
    ) -> Result<Prepared, Error> {
        let state = self.store.state(id)?;
        state.may_run(step, &self.actor).map_err(refusal)?;
        // The command comes from the very text that was hashed and judged
        // for its origin, not from a cached state.
        let prov = self.provenance(id)?;
        let st = prov
            .pb
            .step(step)
            .ok_or_else(|| Error::Bad(format!("no step `{step}`")))?;
        let (line, command) = choose_command(st, line)?;
        let script = crate::run::fill(&command, &st.run.placeholders, &state.inputs, typed)
            .map_err(|m| {
                Error::Bad(format!(
                    "{m}; give each with --set NAME=VALUE (nothing was run)"
                ))
            })?;
        let login = crate::paths::own_login()
            .ok_or_else(|| Error::Bad("cannot tell which account this is".into()))?;
        let plan = Plan {
            step: st.id.clone(),
            line,
            script,
            shell: crate::run::shell_for(&login.shell),
            cwd: cwd.to_path_buf(),
            account: self.actor.account.clone(),
            home: login.home,
            timeout: Duration::from_secs(st.run.timeout().as_secs()),
        };
        let key = CommandKey {
            database: prov.database.clone(),
            incident: id,
            command_sha256: command_sha256(std::slice::from_ref(&plan.script)),
        };
        let allowed_before = Allowed::mine().is_ok_and(|a| a.contains(&key));
        let approval = match &st.run.approval {
            crate::playbook::Approval::Needed(why) => {
                Some(why.clone().unwrap_or_else(|| "the playbook says so".into()))
            }
            crate::playbook::Approval::NotNeeded => None,
        };
        Ok(Prepared {
            origin: prov.origin.clone(),
            bundled: prov.bundled.is_some(),
            allowed_before,
            approval,
            done_on_success: st.run.done_on_success,
            plan,
            key,
        })
    }

    /// This account confirmed the command: remember it (for a command from
    /// a playbook that is not bundled, so `--yes` may run it later), and
    /// start the step if nobody has, so everyone sees it is being worked
    /// on. Checks again that it may run: someone may have moved meanwhile.
    pub fn begin_run(&mut self, id: u64, p: &Prepared, now: DateTime<Utc>) -> Result<(), Error> {
        if !p.bundled
            && !p.allowed_before
            && let Ok(allowed) = Allowed::mine()
        {
            allowed.record(&p.key, &p.plan.script, &p.origin)?;
        }
        let state = self.store.state(id)?;
        state.may_run(&p.plan.step, &self.actor).map_err(refusal)?;
        let i = state
            .playbook
            .steps
            .iter()
            .position(|s| s.id == p.plan.step)
            .unwrap_or_default();
        if state.step_state(i) == StepState::Pending {
            let start = Command::Start {
                step: p.plan.step.clone(),
                force: None,
                note: None,
            };
            self.apply(id, start, now)?;
        }
        Ok(())
    }

    /// Records a finished run on the timeline, and marks the step done
    /// when it exited 0 and the step says so. Returns the run's event
    /// number and, when it was marked done, that event's.
    pub fn finish_run(
        &mut self,
        id: u64,
        record: RunRecord,
        done_on_success: bool,
        now: DateTime<Utc>,
    ) -> Result<(u64, Option<u64>), Error> {
        let succeeded = record.succeeded();
        let step = record.step.clone();
        let run = self.apply(id, Command::RecordRun(Box::new(record)), now)?;
        let mut done = None;
        if succeeded && done_on_success {
            let state = self.store.state(id)?;
            let open = state
                .playbook
                .steps
                .iter()
                .position(|s| s.id == step)
                .is_some_and(|i| state.step_state(i) == StepState::InProgress);
            if open {
                let cmd = Command::Done {
                    step,
                    force: None,
                    note: Some("marked done by a run that exited 0".into()),
                };
                done = Some(self.apply(id, cmd, now)?.event.seq);
            }
        }
        Ok((run.event.seq, done))
    }
}

fn refusal(r: Refusal) -> Error {
    match r {
        Refusal::Invalid(m) => Error::Bad(m),
        Refusal::Refused(m) => Error::Refused(m),
    }
}

/// The one-line outcome of a recorded run, for a terminal.
pub fn summary(id: u64, r: &RunRecord, seq: u64, done: Option<u64>) -> String {
    let done = done
        .map(|d| format!("; step marked done (event {d})"))
        .unwrap_or_default();
    let cut = if r.output_cut > 0 {
        format!(", {} bytes cut from the middle", r.output_cut)
    } else {
        String::new()
    };
    format!(
        "{}: ran {} in {:.1}s: {} (output {} bytes, sha256 {}{cut}; event {seq}){done}",
        display_id(id),
        r.step,
        r.duration_ms as f64 / 1000.0,
        r.result(),
        r.output_bytes,
        r.output_sha256
    )
}
