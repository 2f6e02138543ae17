use super::*;
use crate::drill::Schedule;
use crate::playbook::{Playbook, Severity, parse};
use chrono::{DateTime, Duration, TimeZone, Utc};
use std::collections::BTreeMap;
use std::sync::Arc;

const PLAYBOOK: &str = r#"
id = "t"
title = "Test"
[[inputs]]
id = "kind"
prompt = "Kind?"
choices = ["token", "key"]

[[phases]]
id = "first"
title = "First"
due = "15m"
[[phases]]
id = "second"
title = "Second"
due = "1h"
[[phases]]
id = "later"
title = "Later"

[[steps]]
id = "assess"
phase = "first"
title = "Assess"
[[steps]]
id = "in-git"
phase = "first"
title = "In git?"
choices = ["yes", "no"]
[[steps]]
id = "revoke"
phase = "first"
title = "Revoke token"
when = "kind == 'token'"
after = ["assess"]
[[steps]]
id = "scrub"
phase = "second"
title = "Scrub history"
when = "in-git == 'yes'"
[[steps]]
id = "audit"
phase = "second"
title = "Audit"
after = ["revoke"]
[[steps]]
id = "postmortem"
phase = "later"
title = "Postmortem"
"#;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap()
}

fn playbook() -> Arc<Playbook> {
    Arc::new(parse("t.toml", PLAYBOOK.as_bytes()).unwrap())
}

/// An incident being built by applying decided commands, as the store does.
struct Sim {
    state: IncidentState,
    events: Vec<Event>,
    now: DateTime<Utc>,
}

impl Sim {
    fn new(inputs: &[(&str, &str)], speed: u32) -> Sim {
        Sim::of(playbook(), inputs, speed, speed > 1)
    }

    fn of(pb: Arc<Playbook>, inputs: &[(&str, &str)], speed: u32, drill: bool) -> Sim {
        let inputs: BTreeMap<String, String> = inputs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let first = Event {
            seq: 1,
            at: t0(),
            actor: Actor::account("alice"),
            kind: EventKind::Declared {
                playbook: "t".into(),
                playbook_sha256: "0".repeat(64),
                title: "Leak".into(),
                severity: Severity::P1,
                inputs,
                drill,
                speed,
            },
        };
        let state = IncidentState::declare(1, pb, &first).unwrap();
        Sim {
            state,
            events: vec![first],
            now: t0(),
        }
    }

    fn run(&mut self, who: &str, cmd: Command) -> Result<(), Refusal> {
        let kind = self.state.decide(cmd, &Actor::account(who), self.now)?;
        let e = Event {
            seq: self.state.last_seq + 1,
            at: self.now,
            actor: Actor::account(who),
            kind,
        };
        self.state.apply(&e).unwrap();
        self.events.push(e);
        Ok(())
    }

    fn ok(&mut self, cmd: Command) {
        self.run("alice", cmd).unwrap();
    }

    fn at(&mut self, minutes: i64) -> &mut Self {
        self.now = t0() + Duration::minutes(minutes);
        self
    }

    fn state_of(&self, step: &str) -> StepState {
        self.state.step_state(self.state.step_index(step).unwrap())
    }
}

fn start(s: &str) -> Command {
    Command::Start {
        step: s.into(),
        force: None,
        note: None,
    }
}
fn done(s: &str) -> Command {
    Command::Done {
        step: s.into(),
        force: None,
        note: None,
    }
}
fn answer(s: &str, c: &str) -> Command {
    Command::Answer {
        target: s.into(),
        choice: c.into(),
        note: None,
        force: None,
    }
}

#[test]
fn steps_move_pending_in_progress_done() {
    let mut sim = Sim::new(&[("kind", "token")], 1);
    assert_eq!(sim.state_of("assess"), StepState::Pending);
    sim.ok(start("assess"));
    assert_eq!(sim.state_of("assess"), StepState::InProgress);
    sim.ok(done("assess"));
    assert_eq!(sim.state_of("assess"), StepState::Done);
    // Straight from pending to done is allowed too.
    sim.ok(done("postmortem"));
    assert_eq!(sim.state_of("postmortem"), StepState::Done);
}

#[test]
fn illegal_transitions_are_refused_with_who_and_when() {
    let mut sim = Sim::new(&[("kind", "token")], 1);
    sim.at(3).ok(start("assess"));
    let err = sim.run("bob", start("assess")).unwrap_err();
    assert!(
        matches!(&err, Refusal::Refused(m) if m.contains("already in progress") && m.contains("alice") && m.contains("03:03:00")),
        "{err}"
    );
    sim.ok(done("assess"));
    let err = sim.run("bob", done("assess")).unwrap_err();
    assert!(
        matches!(&err, Refusal::Refused(m) if m.contains("already done (by alice at 03:03:00 UTC)")),
        "{err}"
    );
    assert!(matches!(
        sim.run("bob", start("assess")),
        Err(Refusal::Refused(_))
    ));
    assert!(matches!(
        sim.run(
            "bob",
            Command::Reopen {
                step: "postmortem".into(),
                reason: "x".into()
            }
        ),
        Err(Refusal::Refused(_))
    ));
    assert!(matches!(
        sim.run(
            "bob",
            Command::Skip {
                step: "assess".into(),
                reason: "x".into()
            }
        ),
        Err(Refusal::Refused(_))
    ));
}

#[test]
fn skip_and_reopen_need_reasons() {
    let mut sim = Sim::new(&[("kind", "token")], 1);
    assert!(matches!(
        sim.run(
            "a",
            Command::Skip {
                step: "assess".into(),
                reason: "  ".into()
            }
        ),
        Err(Refusal::Invalid(_))
    ));
    sim.ok(Command::Skip {
        step: "assess".into(),
        reason: "done by the vendor".into(),
    });
    assert_eq!(sim.state_of("assess"), StepState::Skipped);
    assert!(matches!(
        sim.run(
            "a",
            Command::Reopen {
                step: "assess".into(),
                reason: "".into()
            }
        ),
        Err(Refusal::Invalid(_))
    ));
    sim.ok(Command::Reopen {
        step: "assess".into(),
        reason: "vendor did not".into(),
    });
    assert_eq!(sim.state_of("assess"), StepState::Pending);
    assert_eq!(sim.state.steps[0].reason.as_deref(), Some("vendor did not"));
}

#[test]
fn blocked_steps_need_an_override_with_a_reason() {
    let mut sim = Sim::new(&[("kind", "token")], 1);
    assert_eq!(sim.state_of("revoke"), StepState::Blocked);
    let err = sim.run("a", start("revoke")).unwrap_err();
    assert!(
        matches!(&err, Refusal::Refused(m) if m.contains("waiting for assess") && m.contains("--force")),
        "{err}"
    );
    sim.ok(Command::Start {
        step: "revoke".into(),
        force: Some("token is being abused now".into()),
        note: None,
    });
    assert_eq!(sim.state_of("revoke"), StepState::InProgress);
    assert_eq!(
        sim.state.steps[2].reason.as_deref(),
        Some("token is being abused now")
    );
    // Finishing a step started with an override needs no second one.
    sim.ok(done("revoke"));
    // Its dependant is free now.
    assert_eq!(sim.state_of("audit"), StepState::Pending);
    // A blocked step finished without being started needs one, though.
    let mut other = Sim::new(&[("kind", "token")], 1);
    assert!(
        matches!(other.run("a", done("revoke")), Err(Refusal::Refused(m)) if m.contains("to finish it anyway"))
    );
}

#[test]
fn when_and_answers_decide_applicability() {
    let mut sim = Sim::new(&[("kind", "key")], 1);
    assert_eq!(sim.state_of("revoke"), StepState::NotApplicable);
    assert!(
        matches!(sim.run("a", start("revoke")), Err(Refusal::Refused(m)) if m.contains("only when kind == 'token'"))
    );
    // Audit waits for revoke, which does not apply: not blocked.
    assert_eq!(sim.state_of("audit"), StepState::Pending);
    // Unanswered decision: the step is undecided, shown pending.
    assert_eq!(sim.state.applicable(&sim.state.playbook.steps[3]), None);
    assert!(
        matches!(sim.run("a", done("in-git")), Err(Refusal::Invalid(m)) if m.contains("is a decision"))
    );
    assert!(
        matches!(sim.run("a", answer("in-git", "maybe")), Err(Refusal::Invalid(m)) if m.contains("choices: yes, no"))
    );
    sim.ok(answer("in-git", "no"));
    assert_eq!(sim.state_of("scrub"), StepState::NotApplicable);
    assert!(
        matches!(sim.run("a", answer("in-git", "yes")), Err(Refusal::Refused(m)) if m.contains("already answered `no`"))
    );
    sim.ok(Command::Reopen {
        step: "in-git".into(),
        reason: "it was committed after all".into(),
    });
    sim.ok(answer("in-git", "yes"));
    assert_eq!(sim.state_of("scrub"), StepState::Pending);
    // Inputs can be changed later too.
    sim.ok(answer("kind", "token"));
    assert_eq!(sim.state_of("revoke"), StepState::Blocked);
    assert!(matches!(
        sim.run("a", answer("kind", "cert")),
        Err(Refusal::Invalid(_))
    ));
    assert!(
        matches!(sim.run("a", answer("nothing", "x")), Err(Refusal::Invalid(m)) if m.contains("kind, in-git"))
    );
}

#[test]
fn phases_are_met_or_missed_at_the_boundary() {
    let mut sim = Sim::new(&[("kind", "key")], 1);
    // first: assess + in-git (revoke not applicable).
    sim.at(5).ok(done("assess"));
    let first = |s: &Sim, m: i64| s.state.phases(t0() + Duration::minutes(m))[0].clone();
    assert_eq!(first(&sim, 14).state, PhaseState::Open);
    assert_eq!(
        first(&sim, 15).state,
        PhaseState::Open,
        "exactly at the deadline is not late"
    );
    assert_eq!(first(&sim, 16).state, PhaseState::Missed);
    sim.at(15).ok(answer("in-git", "no"));
    let p = first(&sim, 30);
    assert_eq!(
        (p.state, p.completed_at),
        (PhaseState::Met, Some(t0() + Duration::minutes(15)))
    );
    // Completing after the deadline records a miss with its time.
    let mut late = Sim::new(&[("kind", "key")], 1);
    late.at(1).ok(done("assess"));
    late.at(16).ok(answer("in-git", "no"));
    assert_eq!(
        late.state.phases(t0() + Duration::minutes(20))[0].state,
        PhaseState::Missed
    );
    // Reopening makes a met phase open again.
    sim.at(20).ok(Command::Reopen {
        step: "assess".into(),
        reason: "wrong scope".into(),
    });
    assert_eq!(first(&sim, 20).state, PhaseState::Missed);
    // An untimed phase is never missed.
    assert_eq!(
        sim.state.phases(t0() + Duration::days(30))[2].state,
        PhaseState::Open
    );
}

#[test]
fn drills_scale_deadlines_and_the_elapsed_clock() {
    let sim = Sim::new(&[], 60);
    let phases = sim.state.phases(t0());
    assert_eq!(phases[0].due_at, Some(t0() + Duration::seconds(15)));
    assert_eq!(phases[1].due_at, Some(t0() + Duration::seconds(60)));
    assert_eq!(
        sim.state.elapsed(t0() + Duration::seconds(10)),
        Duration::minutes(10)
    );
}

#[test]
fn status_and_severity_change_and_closed_is_final() {
    let mut sim = Sim::new(&[], 1);
    sim.ok(Command::SetStatus(Status::Investigating));
    assert!(matches!(
        sim.run("a", Command::SetStatus(Status::Investigating)),
        Err(Refusal::Refused(_))
    ));
    sim.ok(Command::SetSeverity(Severity::P0));
    assert_eq!(sim.state.severity, Severity::P0);
    sim.ok(Command::SetStatus(Status::Closed));
    assert!(
        matches!(sim.run("a", start("assess")), Err(Refusal::Refused(m)) if m.contains("closed"))
    );
    sim.ok(Command::Note {
        text: "late finding".into(),
        step: None,
    });
    assert_eq!(sim.state.notes, 1);
}

#[test]
fn unknown_steps_name_the_valid_ones() {
    let mut sim = Sim::new(&[], 1);
    assert!(
        matches!(sim.run("a", start("asess")), Err(Refusal::Invalid(m)) if m.contains("unknown step `asess`") && m.contains("assess, in-git"))
    );
}

#[test]
fn the_fold_of_the_events_equals_the_state_built_step_by_step() {
    let mut sim = Sim::new(&[("kind", "token")], 1);
    sim.at(1).ok(start("assess"));
    sim.at(2).ok(done("assess"));
    sim.at(3).ok(answer("in-git", "yes"));
    sim.at(4).ok(Command::Skip {
        step: "scrub".into(),
        reason: "not pushed".into(),
    });
    let folded = IncidentState::fold(1, playbook(), &sim.events).unwrap();
    assert_eq!(format!("{:?}", folded), format!("{:?}", sim.state));
}

#[test]
fn ids_parse_in_every_spelling() {
    assert_eq!(parse_id("INC-7"), Some(7));
    assert_eq!(parse_id("inc-7"), Some(7));
    assert_eq!(parse_id("7"), Some(7));
    assert_eq!(parse_id("INC-0"), None);
    assert_eq!(parse_id("seven"), None);
    assert_eq!(display_id(12), "INC-12");
}

mod props {
    use super::*;
    use proptest::prelude::*;

    const STEPS: [&str; 6] = ["assess", "in-git", "revoke", "scrub", "audit", "postmortem"];

    fn command() -> impl Strategy<Value = Command> {
        let step = prop::sample::select(STEPS.to_vec()).prop_map(String::from);
        let reason = prop::sample::select(vec!["", "because"]).prop_map(String::from);
        let force =
            prop::option::of(prop::sample::select(vec!["urgent", ""]).prop_map(String::from));
        prop_oneof![
            (step.clone(), force.clone()).prop_map(|(step, force)| Command::Start {
                step,
                force,
                note: None
            }),
            (step.clone(), force).prop_map(|(step, force)| Command::Done {
                step,
                force,
                note: None
            }),
            (step.clone(), reason.clone())
                .prop_map(|(step, reason)| Command::Skip { step, reason }),
            (step.clone(), reason).prop_map(|(step, reason)| Command::Reopen { step, reason }),
            (
                prop::sample::select(vec!["in-git", "kind", "assess"]),
                prop::sample::select(vec!["yes", "no", "token", "key"])
            )
                .prop_map(|(t, c)| Command::Answer {
                    target: t.into(),
                    choice: c.into(),
                    note: None,
                    force: None,
                }),
            prop::sample::select(Status::ALL.to_vec()).prop_map(Command::SetStatus),
        ]
    }

    proptest! {
        #[test]
        fn random_commands_never_reach_an_illegal_state(cmds in prop::collection::vec((command(), 0i64..120), 0..60)) {
            let mut sim = Sim::new(&[("kind", "token")], 1);
            for (cmd, minute) in cmds {
                sim.now = t0() + Duration::minutes(minute.max((sim.now - t0()).num_minutes()));
                let target = match &cmd {
                    Command::Start { step, .. } | Command::Done { step, .. } => sim.state.step_index(step),
                    _ => None,
                };
                let before = target.map(|i| sim.state.step_state(i));
                let applied = sim.run("p", cmd).is_ok();
                // Work on a blocked step is only ever recorded with an override reason.
                if applied && before == Some(StepState::Blocked) {
                    let last = &sim.events.last().unwrap().kind;
                    let reason = match last {
                        EventKind::StepStarted { override_reason, .. } | EventKind::StepDone { override_reason, .. } => override_reason.clone(),
                        _ => None,
                    };
                    prop_assert!(reason.is_some_and(|r| !r.trim().is_empty()), "{:?}", last);
                }
                // Nothing happens to a step that does not apply.
                if applied && before == Some(StepState::NotApplicable) {
                    prop_assert!(false, "a not-applicable step moved");
                }
                let s = &sim.state;
                for (i, step) in s.playbook.steps.iter().enumerate() {
                    let st = s.step_state(i);
                    // A decision is done exactly when it has an answer.
                    if step.is_decision() {
                        prop_assert_eq!(st == StepState::Done, s.answers.contains_key(&step.id));
                    }
                    // Skips and reopens always carry their reason.
                    if st == StepState::Skipped {
                        prop_assert!(s.steps[i].reason.as_deref().is_some_and(|r| !r.is_empty()));
                    }
                }
                // A complete phase has a completion time and vice versa.
                for (p, phase) in s.playbook.phases.iter().enumerate() {
                    let complete = s.playbook.steps.iter().enumerate().filter(|(_, st)| st.phase == phase.id).all(|(j, _)| s.is_complete(j));
                    prop_assert_eq!(complete, s.phase_completed[p].is_some());
                }
            }
            let folded = IncidentState::fold(1, playbook(), &sim.events).unwrap();
            prop_assert_eq!(format!("{:?}", folded), format!("{:?}", sim.state));
        }
    }
}

/// The test playbook with two scripted drill signals.
fn drill_playbook() -> Arc<Playbook> {
    let text = format!(
        "{PLAYBOOK}
[[logs]]
name = \"api\"
path = \"/var/log/api.log\"

[[drill.inject]]
at = \"1m\"
source = \"api\"
log = \"401 auth denied x40 from 203.0.113.7\"

[[drill.inject]]
at = \"2m\"
log = \"login ok from 203.0.113.42\"
"
    );
    Arc::new(parse("t.toml", text.as_bytes()).unwrap())
}

fn ms(n: i64) -> Duration {
    Duration::milliseconds(n)
}

#[test]
fn drill_signals_fall_due_at_scaled_times_and_are_recorded_once() {
    // Speed 60: a signal at playbook minute 1 is due one wall second in.
    let mut sim = Sim::of(drill_playbook(), &[], 60, true);
    assert_eq!(sim.state.injection_due(0), Some(t0() + ms(1_000)));
    assert_eq!(sim.state.injection_due(1), Some(t0() + ms(2_000)));
    assert!(sim.state.due_injections(t0() + ms(999)).is_empty());
    assert_eq!(sim.state.due_injections(t0() + ms(1_000)), vec![0]);
    assert_eq!(sim.state.due_injections(t0() + ms(2_000)), vec![0, 1]);

    sim.now = t0() + ms(1_000);
    sim.ok(Command::Inject { index: 0 });
    let e = sim.events.last().unwrap();
    assert_eq!(
        e.kind,
        EventKind::DrillInjected {
            index: 0,
            source: "api".into(),
            line: "401 auth denied x40 from 203.0.113.7".into()
        }
    );
    assert_eq!(sim.state.due_injections(t0() + ms(2_000)), vec![1]);
    // Two consoles racing: the second is refused, not recorded twice.
    assert!(matches!(
        sim.run("bob", Command::Inject { index: 0 }),
        Err(Refusal::Refused(_))
    ));
    assert!(matches!(
        sim.run("bob", Command::Inject { index: 7 }),
        Err(Refusal::Invalid(_))
    ));
    // A signal without a source is labelled as the drill's.
    sim.now = t0() + ms(2_000);
    sim.ok(Command::Inject { index: 1 });
    assert!(matches!(
        &sim.events.last().unwrap().kind,
        EventKind::DrillInjected { source, .. } if source == "drill"
    ));
    assert!(
        sim.state
            .due_injections(t0() + Duration::days(1))
            .is_empty()
    );

    // Deadlines run on the same clock: the 15-minute phase is due at 15 s.
    assert_eq!(sim.state.phases(t0())[0].due_at, Some(t0() + ms(15_000)));
    assert_eq!(
        sim.state.phases(t0() + ms(15_001))[0].state,
        PhaseState::Missed
    );
    assert_eq!(
        sim.state.phases(t0() + ms(15_000))[0].state,
        PhaseState::Open
    );
}

#[test]
fn signals_never_reach_a_real_incident_or_an_ended_drill() {
    let mut real = Sim::of(drill_playbook(), &[], 1, false);
    assert!(
        real.state
            .due_injections(t0() + Duration::days(1))
            .is_empty()
    );
    assert!(matches!(
        real.run("alice", Command::Inject { index: 0 }),
        Err(Refusal::Invalid(m)) if m.contains("not a drill")
    ));
    assert!(matches!(
        real.run("alice", Command::Score(Box::default())),
        Err(Refusal::Invalid(_))
    ));

    let mut drill = Sim::of(drill_playbook(), &[], 60, true);
    drill.ok(Command::SetStatus(Status::Resolved));
    assert!(
        drill
            .state
            .due_injections(t0() + Duration::days(1))
            .is_empty()
    );
    drill.ok(Command::Score(Box::default()));
    assert!(drill.state.score.is_some());
    assert!(matches!(
        drill.run("alice", Command::Score(Box::default())),
        Err(Refusal::Refused(m)) if m.contains("already scored")
    ));
}

#[test]
fn a_drill_is_decided_when_no_phase_is_open() {
    // Speed 60: phases due at 15 s and 60 s; the third is untimed, so it
    // is decided only once its step is done.
    let mut sim = Sim::of(drill_playbook(), &[("kind", "key")], 60, true);
    assert!(!sim.state.phases_decided(t0() + ms(61_000)));
    sim.now = t0() + ms(70_000);
    sim.ok(start("postmortem"));
    sim.ok(done("postmortem"));
    assert!(sim.state.phases_decided(t0() + ms(70_000)));
    assert!(!sim.state.phases_decided(t0() + ms(30_000)));
}

#[test]
fn an_unknown_step_suggests_the_one_whose_words_match() {
    let mut sim = Sim::new(&[], 1);
    let err = sim.run("alice", start("scrub-git-history")).unwrap_err();
    assert!(
        matches!(&err, Refusal::Invalid(m) if m.contains("did you mean `scrub`")),
        "{err:?}"
    );
    // Nothing in common: the full list instead.
    let err = sim.run("alice", start("zzz")).unwrap_err();
    assert!(
        matches!(&err, Refusal::Invalid(m) if m.contains("steps: assess, in-git")),
        "{err:?}"
    );
}

#[test]
fn a_resolved_incident_stops_its_clocks_and_reopening_restarts_them() {
    let mut sim = Sim::new(&[], 1);
    sim.at(10).ok(Command::SetStatus(Status::Resolved));
    let later = t0() + Duration::hours(5);
    assert_eq!(sim.state.elapsed(later), Duration::minutes(10));
    // The 15-minute phase was not due when it ended: not missed.
    assert_eq!(sim.state.phases(later)[0].state, PhaseState::Open);
    sim.at(20).ok(Command::SetStatus(Status::Investigating));
    assert_eq!(sim.state.elapsed(later), Duration::hours(5));
    assert_eq!(sim.state.phases(later)[0].state, PhaseState::Missed);
}

#[test]
fn titles_names_and_reasons_become_one_line() {
    use super::one_line;
    assert_eq!(one_line("db\nINC-9  open  forged"), "db INC-9 open forged");
    assert_eq!(one_line("  a\r\n\tb\x1b[2Jc  "), "a b [2Jc");
    assert_eq!(one_line("\n\n"), "");
    assert_eq!(super::Actor::named("eve\nINC-1", "eve").name, "eve INC-1");
}

#[test]
fn the_declared_row_names_the_inputs_given() {
    let (lib, _) = crate::playbook::Library::bundled();
    let pb = lib.get("secret-rotation-routine").unwrap().playbook.clone();
    let mut inputs = std::collections::BTreeMap::new();
    inputs.insert("secret-name".to_string(), "PROXY_JWT_SECRET".to_string());
    inputs.insert("secret-store".to_string(), "vault".to_string());
    let kind = EventKind::Declared {
        playbook: pb.id.clone(),
        playbook_sha256: "0".repeat(64),
        title: "Rotate".into(),
        severity: Severity::P2,
        inputs,
        drill: false,
        speed: 1,
    };
    let event = Event {
        seq: 1,
        at: Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap(),
        actor: Actor::account("alice"),
        kind,
    };
    let text = super::describe(&event, &pb);
    assert!(
        text.ends_with("; secret-name: PROXY_JWT_SECRET, secret-store: vault"),
        "{text}"
    );
}

#[test]
fn a_missed_deadline_is_recorded_once_and_only_once_missed() {
    let mut sim = Sim::new(&[], 1);
    // Not due yet: refused, nothing to record.
    sim.now = t0() + Duration::minutes(14);
    assert!(sim.state.misses_to_record(sim.now).is_empty());
    assert!(matches!(
        sim.run(
            "alice",
            Command::RecordMiss {
                phase: "first".into()
            }
        ),
        Err(Refusal::Refused(_))
    ));
    // Past due and undone: one console records it; the other is refused.
    sim.now = t0() + Duration::minutes(16);
    assert_eq!(
        sim.state.misses_to_record(sim.now),
        vec!["first".to_string()]
    );
    sim.ok(Command::RecordMiss {
        phase: "first".into(),
    });
    assert!(matches!(
        sim.events.last().unwrap().kind,
        EventKind::DeadlineMissed { ref phase, due_at } if phase == "first" && due_at == t0() + Duration::minutes(15)
    ));
    assert!(matches!(
        sim.run(
            "bob",
            Command::RecordMiss {
                phase: "first".into()
            }
        ),
        Err(Refusal::Refused(_))
    ));
    assert!(sim.state.misses_to_record(sim.now).is_empty());
    assert!(matches!(
        sim.run(
            "bob",
            Command::RecordMiss {
                phase: "nope".into()
            }
        ),
        Err(Refusal::Invalid(_))
    ));
}

#[test]
fn a_rename_is_one_line_recorded_and_folded() {
    let mut sim = Sim::new(&[], 1);
    sim.ok(Command::Rename("GitHub token\nin CI logs".into()));
    assert_eq!(sim.state.title, "GitHub token in CI logs");
    assert!(matches!(
        sim.events.last().unwrap().kind,
        EventKind::Renamed { ref from, ref to } if from == "Leak" && to == "GitHub token in CI logs"
    ));
    assert!(matches!(
        sim.run("bob", Command::Rename("GitHub token in CI logs".into())),
        Err(Refusal::Refused(_))
    ));
    assert!(matches!(
        sim.run("bob", Command::Rename(" \n ".into())),
        Err(Refusal::Invalid(_))
    ));
}

const APPROVAL_PLAYBOOK: &str = r#"
id = "a"
title = "Approval"
[[phases]]
id = "p"
title = "P"
[[steps]]
id = "purge"
phase = "p"
title = "Purge history"
commands = ["git push --force"]
approval = "rewrites history everyone has pulled"
[[steps]]
id = "look"
phase = "p"
title = "Look"
commands = ["ls"]
"#;

fn approval_sim() -> Sim {
    let pb = Arc::new(parse("a.toml", APPROVAL_PLAYBOOK.as_bytes()).unwrap());
    Sim::of(pb, &[], 1, false)
}

fn approve(step: &str) -> Command {
    Command::Approve {
        step: step.into(),
        reason: None,
    }
}

#[test]
fn a_step_needing_approval_needs_an_account_other_than_its_starter() {
    let mut sim = approval_sim();
    let alice = Actor::account("alice");
    // Not run and not done without an approval.
    let no = sim.state.may_run("purge", &alice).unwrap_err();
    assert!(
        no.to_string().contains("needs another account's approval"),
        "{no}"
    );
    assert!(no.to_string().contains("rewrites history"), "{no}");
    sim.run("alice", start("purge")).unwrap();
    assert!(matches!(
        sim.run("alice", done("purge")),
        Err(Refusal::Refused(_))
    ));
    // The starter's own approval is refused, by account: a display name
    // that says otherwise changes nothing.
    let own = sim.run("alice", approve("purge")).unwrap_err();
    assert!(own.to_string().contains("your own"), "{own}");
    // Another account approves: now anyone may run it, the approver too.
    sim.run("bob", approve("purge")).unwrap();
    assert!(sim.state.may_run("purge", &alice).is_ok());
    assert!(sim.state.may_run("purge", &Actor::account("bob")).is_ok());
    assert!(matches!(
        sim.run("bob", approve("purge")),
        Err(Refusal::Refused(_))
    ));
    // Reopening voids the approval; so does a refusal.
    sim.run("alice", done("purge")).unwrap();
    sim.run(
        "alice",
        Command::Reopen {
            step: "purge".into(),
            reason: "pushed again".into(),
        },
    )
    .unwrap();
    assert!(sim.state.may_run("purge", &alice).is_err());
    sim.run("bob", approve("purge")).unwrap();
    sim.run(
        "carol",
        Command::RefuseApproval {
            step: "purge".into(),
            reason: "wait for the backup".into(),
        },
    )
    .unwrap();
    assert!(sim.state.may_run("purge", &alice).is_err());
    // A step without approval runs freely; approving it is bad input.
    assert!(sim.state.may_run("look", &alice).is_ok());
    assert!(matches!(
        sim.run("bob", approve("look")),
        Err(Refusal::Invalid(_))
    ));
}

#[test]
fn an_approval_before_the_start_counts_only_for_another_starter() {
    let mut sim = approval_sim();
    sim.run("bob", approve("purge")).unwrap();
    // Bob approved, then would start it himself by running it: one person.
    assert!(sim.state.may_run("purge", &Actor::account("bob")).is_err());
    // Alice runs it: two people.
    assert!(sim.state.may_run("purge", &Actor::account("alice")).is_ok());
    sim.run("bob", start("purge")).unwrap();
    let e = sim.run("bob", done("purge")).unwrap_err();
    assert!(
        e.to_string().contains("who started it, does not count"),
        "{e}"
    );
}

#[test]
fn a_run_is_recorded_even_on_a_closed_incident_and_counted_on_its_step() {
    let mut sim = approval_sim();
    sim.run("alice", Command::SetStatus(Status::Closed))
        .unwrap();
    let run = RunRecord {
        step: "look".into(),
        line: Some(1),
        command: "ls".into(),
        shell: "/bin/bash".into(),
        host: "h".into(),
        cwd: "/".into(),
        started_at: t0(),
        duration_ms: 5,
        end: RunEnd::Exited,
        exit_code: Some(0),
        signal: None,
        output_sha256: "0".repeat(64),
        output_bytes: 0,
        output: String::new(),
        output_cut: 0,
    };
    sim.run("alice", Command::RecordRun(Box::new(run))).unwrap();
    assert_eq!(sim.state.steps[1].runs, 1);
    assert!(sim.state.may_run("look", &Actor::account("alice")).is_err());
}

#[test]
fn roles_are_taken_handed_over_and_taken_over_only_on_purpose() {
    let mut sim = Sim::new(&[], 1);
    let take = |role: &str, force| Command::TakeRole {
        role: role.into(),
        force,
    };
    sim.run("alice", take("commander", false)).unwrap();
    assert_eq!(sim.state.roles["commander"].account, "alice");
    assert!(matches!(
        sim.run("alice", take("commander", false)),
        Err(Refusal::Refused(_))
    ));
    let held = sim.run("bob", take("commander", false)).unwrap_err();
    assert!(
        held.to_string().contains("alice holds the commander role"),
        "{held}"
    );
    assert!(matches!(
        sim.run("bob", take("pilot", false)),
        Err(Refusal::Invalid(_))
    ));
    // Only the holder hands it over, and both accounts are on the record.
    let hand = |to: &str| Command::HandOff {
        role: "commander".into(),
        to: to.into(),
        note: "going off shift".into(),
    };
    assert!(matches!(
        sim.run("bob", hand("carol")),
        Err(Refusal::Refused(_))
    ));
    sim.run("alice", hand("bob")).unwrap();
    let e = sim.events.last().unwrap();
    assert_eq!(e.actor.account, "alice");
    assert!(matches!(&e.kind, EventKind::RoleHandedOff { to, .. } if to == "bob"));
    assert_eq!(sim.state.roles["commander"].account, "bob");
    // A takeover says from whom.
    sim.run("carol", take("commander", true)).unwrap();
    assert!(matches!(
        &sim.events.last().unwrap().kind,
        EventKind::RoleTaken { from: Some(f), .. } if f == "bob"
    ));
}

#[test]
fn a_correction_keeps_the_original_and_changes_only_what_it_may() {
    let mut sim = Sim::new(&[], 1);
    sim.at(2)
        .run(
            "alice",
            Command::Note {
                text: "token revoked at 03:01".into(),
                step: None,
            },
        )
        .unwrap();
    sim.at(3)
        .run("alice", Command::SetStatus(Status::Investigating))
        .unwrap();
    let amend = |event, text: Option<&str>, at: Option<DateTime<Utc>>| Command::Amend {
        event,
        text: text.map(String::from),
        at,
        reason: "typo".into(),
    };
    sim.at(5);
    sim.run("bob", amend(2, Some("token revoked at 03:02"), None))
        .unwrap();
    sim.run("bob", amend(2, None, Some(t0() + Duration::minutes(1))))
        .unwrap();
    let a = &sim.state.amendments[&2];
    assert_eq!(a.text.as_deref(), Some("token revoked at 03:02"));
    assert_eq!(a.at, Some(t0() + Duration::minutes(1)));
    // The original is still event 2.
    assert!(
        matches!(&sim.events[1].kind, EventKind::NoteAdded { text, .. } if text == "token revoked at 03:01")
    );
    // A status change has no words; the declaration and corrections none to correct.
    assert!(matches!(
        sim.run("bob", amend(3, Some("x"), None)),
        Err(Refusal::Invalid(_))
    ));
    assert!(
        sim.run("bob", amend(3, None, Some(t0() + Duration::minutes(2))))
            .is_ok()
    );
    assert!(matches!(
        sim.run("bob", amend(1, None, Some(t0()))),
        Err(Refusal::Invalid(_))
    ));
    assert!(matches!(
        sim.run("bob", amend(4, Some("x"), None)),
        Err(Refusal::Invalid(_))
    ));
    assert!(matches!(
        sim.run("bob", amend(99, Some("x"), None)),
        Err(Refusal::Invalid(_))
    ));
    // Not before the declaration, not in the future, not without a reason.
    assert!(
        sim.run("bob", amend(2, None, Some(t0() - Duration::minutes(1))))
            .is_err()
    );
    assert!(
        sim.run("bob", amend(2, None, Some(t0() + Duration::hours(1))))
            .is_err()
    );
    let no_reason = Command::Amend {
        event: 2,
        text: Some("x".into()),
        at: None,
        reason: " ".into(),
    };
    assert!(sim.run("bob", no_reason).is_err());
}

#[test]
fn each_escalation_and_reminder_is_claimed_once() {
    let mut sim = Sim::new(&[], 1);
    let claim = |n| Command::ClaimEscalation {
        phase: "first".into(),
        occurrence: n,
    };
    // Not before the deadline.
    assert!(matches!(
        sim.at(10).run("a", claim(1)),
        Err(Refusal::Refused(_))
    ));
    sim.at(16);
    sim.run("a", claim(1)).unwrap();
    assert!(matches!(
        &sim.events.last().unwrap().kind,
        EventKind::Escalated {
            late_secs: 60,
            occurrence: 1,
            ..
        }
    ));
    // The second process to try loses.
    assert!(matches!(sim.run("b", claim(1)), Err(Refusal::Refused(_))));
    assert!(matches!(sim.run("b", claim(3)), Err(Refusal::Refused(_))));
    sim.at(26).run("b", claim(2)).unwrap();
    assert_eq!(sim.state.escalations["first"], 2);
    sim.run("a", Command::ClaimReminder { occurrence: 1 })
        .unwrap();
    assert!(matches!(
        sim.run("b", Command::ClaimReminder { occurrence: 1 }),
        Err(Refusal::Refused(_))
    ));
    assert!(matches!(
        &sim.events.last().unwrap().kind,
        EventKind::Reminded {
            quiet_secs: 1560,
            ..
        }
    ));
}

#[test]
fn an_assignment_is_shown_on_its_step_and_can_be_taken_back() {
    let mut sim = Sim::new(&[], 1);
    let assign = |to: Option<&str>| Command::Assign {
        step: "assess".into(),
        to: to.map(String::from),
    };
    sim.run("alice", assign(Some("bob"))).unwrap();
    assert_eq!(sim.state.steps[0].assignee.as_deref(), Some("bob"));
    assert!(matches!(
        sim.run("alice", assign(Some("bob"))),
        Err(Refusal::Refused(_))
    ));
    sim.run("alice", assign(None)).unwrap();
    assert_eq!(sim.state.steps[0].assignee, None);
}
