//! Scoring a drill: how the team did against the playbook's clock.
//!
//! Every figure is in playbook time (wall-clock time multiplied by the
//! drill's speed), so a drill at `--speed 60` is scored against the same
//! 15-minute deadline a real incident has.

use crate::incident::score::{PhaseScore, ScoreCard, SignalScore, SkippedStep, StepScore};
use crate::incident::{Event, EventKind, IncidentState, StepState};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// Playbook time of `at` in whole seconds: the wall-clock milliseconds
/// since `origin`, times `speed`, divided by 1000 and rounded down. Every
/// figure on a score card goes through this one function.
pub fn playbook_secs(origin: DateTime<Utc>, at: DateTime<Utc>, speed: u32) -> i64 {
    let ms = i128::from((at - origin).num_milliseconds());
    let scaled = (ms * i128::from(speed.max(1))).div_euclid(1000);
    i64::try_from(scaled).unwrap_or(if scaled < 0 { i64::MIN } else { i64::MAX })
}

fn offset_secs(o: crate::duration::Offset) -> i64 {
    i64::try_from(o.as_secs()).unwrap_or(i64::MAX)
}

/// What a signal is: the line that was shown and the steps meant to
/// answer it.
struct Signal<'a> {
    /// The line as recorded when it was injected (redacted like every
    /// event), and as the playbook has it.
    lines: [&'a str; 2],
    expects: &'a [String],
}

/// Two log lines are the same line when they read the same, whatever the
/// spacing around or inside them.
fn same_line(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

impl Signal<'_> {
    /// Does this event plausibly respond to the signal? A pin of its line,
    /// a note (written words are a deliberate reaction, and what they say
    /// is not for warroom to judge), or a move of a step the injection
    /// expects: started, finished, skipped, answered, or reopened (the
    /// signal showing it was not really done). Anything else, a step it
    /// does not expect included, does not. Listed exhaustively so a new
    /// kind of event has to be classified here.
    fn answered_by(&self, kind: &EventKind) -> bool {
        match kind {
            EventKind::LogPinned { line, .. } => self.lines.iter().any(|l| same_line(l, line)),
            EventKind::NoteAdded { .. } => true,
            EventKind::StepStarted { step, .. }
            | EventKind::StepDone { step, .. }
            | EventKind::StepSkipped { step, .. }
            | EventKind::StepReopened { step, .. }
            | EventKind::Answered { step, .. }
            | EventKind::Approved { step, .. }
            | EventKind::ApprovalRefused { step, .. }
            | EventKind::Assigned { step, .. } => self.expects.contains(step),
            // Running an expected step's command answers it too.
            EventKind::CommandRun(run) => self.expects.contains(&run.step),
            EventKind::Declared { .. }
            | EventKind::InputSet { .. }
            | EventKind::StatusChanged { .. }
            | EventKind::SeverityChanged { .. }
            | EventKind::LiteralRegistered { .. }
            | EventKind::DrillInjected { .. }
            | EventKind::DrillScored { .. }
            | EventKind::DeadlineMissed { .. }
            | EventKind::Renamed { .. }
            | EventKind::RoleTaken { .. }
            | EventKind::RoleHandedOff { .. }
            | EventKind::Amended { .. }
            | EventKind::Escalated { .. }
            | EventKind::Reminded { .. }
            | EventKind::HookRan { .. }
            | EventKind::DrillEnded { .. }
            | EventKind::FollowUpAdded { .. }
            | EventKind::FollowUpChanged { .. } => false,
        }
    }
}

/// Scores a drill that ended at `end` (wall clock). `state` is the fold of
/// `events`, all of the incident's events in order. Events after `end` are
/// not part of the drill: they neither answer a signal nor time a step.
///
/// All decisions are taken on the whole playbook seconds shown, so the
/// card agrees with itself: a phase is met exactly when its margin is not
/// negative, and a response is never earlier than its signal.
pub fn compute(state: &IncidentState, events: &[Event], end: DateTime<Utc>) -> ScoreCard {
    let speed = state.speed.max(1);
    let pt = |at: DateTime<Utc>| playbook_secs(state.declared_at, at, speed);
    let duration_secs = pt(end);
    let pb = &state.playbook;
    let during: Vec<&Event> = events.iter().filter(|e| e.at <= end).collect();

    let phases = state
        .phases(end)
        .into_iter()
        .zip(&pb.phases)
        .map(|(view, phase)| {
            let due_secs = phase.due.map(offset_secs);
            // Completed after the end is not completed in the drill.
            let completed_secs = view
                .completed_at
                .map(pt)
                .filter(|done| *done <= duration_secs);
            let (met, margin_secs) = match (due_secs, completed_secs) {
                (Some(due), Some(done)) => (Some(done <= due), Some(due - done)),
                // Its deadline passed before the drill ended: missed.
                (Some(due), None) if duration_secs > due => {
                    (Some(false), Some(due - duration_secs))
                }
                // Not due yet when the drill ended (or untimed): neither
                // met nor missed, and not counted either way.
                (Some(_), None) | (None, None) => (None, None),
                (None, Some(_)) => (Some(true), None),
            };
            PhaseScore {
                id: phase.id.clone(),
                title: phase.title.clone(),
                due_secs,
                due_origin: phase.due_origin,
                completed_secs,
                met,
                margin_secs,
            }
        })
        .collect();

    // The first record of each injection, in playbook order.
    let mut recorded: BTreeMap<usize, &Event> = BTreeMap::new();
    for e in &during {
        if let EventKind::DrillInjected { index, .. } = &e.kind {
            recorded.entry(*index).or_insert(e);
        }
    }
    let signals = recorded
        .into_iter()
        .map(|(index, e)| {
            let (source, line) = match &e.kind {
                EventKind::DrillInjected { source, line, .. } => (source.clone(), line.as_str()),
                _ => (String::new(), ""),
            };
            let inj = pb.injections.get(index);
            // Scheduled time, not when the event was written (the console
            // may have been closed when the signal fell due).
            let at_secs = inj.map_or_else(|| pt(e.at), |inj| offset_secs(inj.at));
            let signal = Signal {
                lines: [line, inj.map_or(line, |inj| inj.log.as_str())],
                expects: inj.map_or(&[], |inj| inj.expects.as_slice()),
            };
            let first = during
                .iter()
                .filter(|r| signal.answered_by(&r.kind))
                .map(|r| (pt(r.at), r))
                .filter(|(t, _)| *t >= at_secs)
                .min_by_key(|(t, r)| (*t, r.seq));
            SignalScore {
                index,
                source,
                at_secs,
                response_secs: first.map(|(t, _)| t - at_secs),
                responder: first.map(|(_, r)| r.actor.to_string()),
            }
        })
        .collect();

    let mut steps = Vec::new();
    let mut skipped = Vec::new();
    for (i, step) in pb.steps.iter().enumerate() {
        let st = state.step_state(i);
        if st == StepState::NotApplicable {
            continue;
        }
        let mine = || {
            during
                .iter()
                .filter(|e| e.kind.step() == Some(step.id.as_str()))
        };
        let started_secs = mine()
            .filter(|e| matches!(e.kind, EventKind::StepStarted { .. }))
            .map(|e| pt(e.at))
            .min();
        let finished_secs = if matches!(st, StepState::Done | StepState::Skipped) {
            mine()
                .filter(|e| {
                    matches!(
                        e.kind,
                        EventKind::StepDone { .. }
                            | EventKind::Answered { .. }
                            | EventKind::StepSkipped { .. }
                    )
                })
                .map(|e| pt(e.at))
                .max()
        } else {
            None
        };
        steps.push(StepScore {
            id: step.id.clone(),
            title: step.title.clone(),
            state: st.as_str().to_string(),
            started_secs,
            finished_secs,
            // A step finished without being started took no measurable
            // time: counting from the declaration would invent one.
            took_secs: started_secs.zip(finished_secs).map(|(s, f)| f - s),
        });
        if st == StepState::Skipped {
            let last_skip = || {
                events.iter().rev().find_map(|e| match &e.kind {
                    EventKind::StepSkipped { step: s, reason } if *s == step.id => {
                        Some(reason.clone())
                    }
                    _ => None,
                })
            };
            skipped.push(SkippedStep {
                id: step.id.clone(),
                title: step.title.clone(),
                reason: state.steps[i]
                    .reason
                    .clone()
                    .or_else(last_skip)
                    .unwrap_or_default(),
            });
        }
    }

    ScoreCard {
        speed,
        duration_secs,
        phases,
        signals,
        steps,
        skipped,
        declared_at: Some(state.declared_at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::score::Tally;
    use crate::incident::{Actor, Status};
    use crate::playbook::{DueOrigin, Severity, parse};
    use chrono::{Duration, TimeZone};
    use std::sync::Arc;

    const PLAYBOOK: &str = r#"
id = "score"
title = "Score test"

[[inputs]]
id = "kind"
prompt = "Kind?"
choices = ["token", "key"]

[[phases]]
id = "triage"
title = "Triage"
due = "15m"
[[phases]]
id = "contain"
title = "Contain"
due = "30m"
[[phases]]
id = "recover"
title = "Recover"
due = "1h"
due_origin = "suggested"
[[phases]]
id = "review"
title = "Review"

[[steps]]
id = "assess"
phase = "triage"
title = "Assess impact"
[[steps]]
id = "page"
phase = "triage"
title = "Page the owner"
[[steps]]
id = "block"
phase = "contain"
title = "Block traffic"
[[steps]]
id = "rotate"
phase = "contain"
title = "Rotate keys"
[[steps]]
id = "restore"
phase = "recover"
title = "Restore service"
[[steps]]
id = "verify"
phase = "recover"
title = "Verify in staging"
[[steps]]
id = "notes"
phase = "review"
title = "Write notes"
[[steps]]
id = "cleanup"
phase = "review"
title = "Clean up keys"
when = "kind == 'key'"

[[logs]]
name = "api"
path = "/var/log/api.log"
[[logs]]
name = "db"
path = "/var/log/db.log"

[[drill.inject]]
at = "5m"
source = "api"
log = "api: 500 errors spiking"
expects = ["block"]
[[drill.inject]]
at = "40m"
source = "db"
log = "db: replication lag 90s"
expects = ["restore", "verify"]
[[drill.inject]]
at = "50m"
source = "db"
log = "db: never injected in this drill"
"#;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap()
    }

    /// Events at wall-clock times given in milliseconds after `t0` for a
    /// drill at speed 60; `stretch` multiplies them for slower drills so
    /// the playbook times stay the same.
    struct Script {
        events: Vec<Event>,
        stretch: i64,
    }

    impl Script {
        fn new(speed: u32) -> Script {
            let mut s = Script {
                events: Vec::new(),
                stretch: 60 / i64::from(speed),
            };
            s.push(
                0,
                Actor::account("alice"),
                EventKind::Declared {
                    playbook: "score".into(),
                    playbook_sha256: "0".repeat(64),
                    title: "Drill".into(),
                    severity: Severity::P2,
                    inputs: [("kind".to_string(), "token".to_string())].into(),
                    drill: true,
                    speed,
                },
            );
            s
        }

        fn at(&self, ms: i64) -> DateTime<Utc> {
            t0() + Duration::milliseconds(ms * self.stretch)
        }

        fn push(&mut self, ms: i64, actor: Actor, kind: EventKind) {
            let seq = self.events.len() as u64 + 1;
            let at = self.at(ms);
            self.events.push(Event {
                seq,
                at,
                actor,
                kind,
            });
        }

        fn card(&self, end_ms: i64) -> ScoreCard {
            let pb = Arc::new(parse("score.toml", PLAYBOOK.as_bytes()).unwrap());
            let state = IncidentState::fold(1, pb, &self.events).unwrap();
            compute(&state, &self.events, self.at(end_ms))
        }
    }

    fn alice() -> Actor {
        Actor::account("alice")
    }
    fn bob() -> Actor {
        Actor::named("bob", "oncall")
    }
    fn carol() -> Actor {
        Actor::account("carol")
    }
    fn started(step: &str) -> EventKind {
        EventKind::StepStarted {
            step: step.into(),
            override_reason: None,
            note: None,
        }
    }
    fn done(step: &str) -> EventKind {
        EventKind::StepDone {
            step: step.into(),
            override_reason: None,
            note: None,
        }
    }
    /// Signal `index` as the console records it: the playbook's line.
    fn injected(index: usize, source: &str) -> EventKind {
        let line = ["api: 500 errors spiking", "db: replication lag 90s"][index];
        EventKind::DrillInjected {
            index,
            source: source.into(),
            line: line.into(),
        }
    }

    /// Wall times below are for speed 60; playbook time = wall × 60.
    fn scripted(speed: u32) -> Script {
        let mut s = Script::new(speed);
        // +4s → 240 s: before the first signal (300 s), so no response to it.
        s.push(4_000, alice(), started("assess"));
        // Signal 0 is due at 5m = 300 s but written late, at +5.5s → 330 s.
        s.push(5_500, alice(), injected(0, "api"));
        // +6.259s → 6259 ms × 60 = 375540 ms → 375 s (rounded down).
        s.push(
            6_259,
            bob(),
            EventKind::NoteAdded {
                text: "api 500s, looking".into(),
                step: None,
            },
        );
        s.push(8_000, alice(), done("assess")); // 480 s
        s.push(
            9_000,
            bob(),
            EventKind::StepReopened {
                step: "assess".into(),
                reason: "wrong region".into(),
            },
        ); // 540 s
        s.push(10_000, alice(), done("assess")); // 600 s
        s.push(12_500, carol(), done("page")); // 750 s, never started
        s.push(13_000, alice(), started("block")); // 780 s
        s.push(20_000, alice(), done("block")); // 1200 s
        s.push(21_000, alice(), started("rotate")); // 1260 s
        s.push(32_000, alice(), done("rotate")); // 1920 s
        s.push(33_000, carol(), started("restore")); // 1980 s
        s.push(
            34_000,
            bob(),
            EventKind::StepSkipped {
                step: "verify".into(),
                reason: "no staging env".into(),
            },
        ); // 2040 s
        // Signal 1 at 40m = 2400 s, written on time; nobody reacts before the end.
        s.push(40_000, alice(), injected(1, "db"));
        // After the end (+70s): not part of the drill, so not a response,
        // though it pins the very line.
        s.push(
            75_000,
            carol(),
            EventKind::LogPinned {
                source: "drill:db".into(),
                line: "db: replication lag 90s".into(),
            },
        );
        s
    }

    /// Every figure, computed by hand. The drill ends at wall +70s → 4200 s.
    fn expected(speed: u32) -> ScoreCard {
        ScoreCard {
            speed,
            duration_secs: 4200,
            phases: vec![
                // assess done again at 600 s, page done at 750 s → complete
                // at 750 s; due 15m = 900 s → met, 900 − 750 = 150 s to spare.
                PhaseScore {
                    id: "triage".into(),
                    title: "Triage".into(),
                    due_secs: Some(900),
                    due_origin: DueOrigin::Source,
                    completed_secs: Some(750),
                    met: Some(true),
                    margin_secs: Some(150),
                },
                // rotate done at wall +32s → 1920 s; due 30m = 1800 s →
                // missed by 1800 − 1920 = −120 s.
                PhaseScore {
                    id: "contain".into(),
                    title: "Contain".into(),
                    due_secs: Some(1800),
                    due_origin: DueOrigin::Source,
                    completed_secs: Some(1920),
                    met: Some(false),
                    margin_secs: Some(-120),
                },
                // restore still in progress; due 1h = 3600 s (warroom's
                // suggestion) passed before the end at 4200 s → missed,
                // 3600 − 4200 = −600 s.
                PhaseScore {
                    id: "recover".into(),
                    title: "Recover".into(),
                    due_secs: Some(3600),
                    due_origin: DueOrigin::Suggested,
                    completed_secs: None,
                    met: Some(false),
                    margin_secs: Some(-600),
                },
                // Untimed, notes still pending (cleanup does not apply).
                PhaseScore {
                    id: "review".into(),
                    title: "Review".into(),
                    due_secs: None,
                    due_origin: DueOrigin::Source,
                    completed_secs: None,
                    met: None,
                    margin_secs: None,
                },
            ],
            signals: vec![
                // Scheduled 300 s (not the 330 s it was written at); bob's
                // note at 375 s → 375 − 300 = 75 s.
                SignalScore {
                    index: 0,
                    source: "api".into(),
                    at_secs: 300,
                    response_secs: Some(75),
                    responder: Some("bob (via oncall)".into()),
                },
                // 40m = 2400 s; nothing answers before the end at 4200 s.
                SignalScore {
                    index: 1,
                    source: "db".into(),
                    at_secs: 2400,
                    response_secs: None,
                    responder: None,
                },
            ],
            steps: vec![
                // First start 240 s, last done 600 s → 360 s.
                step(
                    "assess",
                    "Assess impact",
                    "done",
                    Some(240),
                    Some(600),
                    Some(360),
                ),
                // Never started: done, but no duration to speak of.
                step("page", "Page the owner", "done", None, Some(750), None),
                // 1200 − 780 = 420 s.
                step(
                    "block",
                    "Block traffic",
                    "done",
                    Some(780),
                    Some(1200),
                    Some(420),
                ),
                // 1920 − 1260 = 660 s.
                step(
                    "rotate",
                    "Rotate keys",
                    "done",
                    Some(1260),
                    Some(1920),
                    Some(660),
                ),
                step(
                    "restore",
                    "Restore service",
                    "in_progress",
                    Some(1980),
                    None,
                    None,
                ),
                // Skipped at 2040 s without a start: no duration.
                step(
                    "verify",
                    "Verify in staging",
                    "skipped",
                    None,
                    Some(2040),
                    None,
                ),
                step("notes", "Write notes", "pending", None, None, None),
                // cleanup is not applicable (kind is token) and left out.
            ],
            skipped: vec![SkippedStep {
                id: "verify".into(),
                title: "Verify in staging".into(),
                reason: "no staging env".into(),
            }],
            declared_at: Some(t0()),
        }
    }

    fn step(
        id: &str,
        title: &str,
        state: &str,
        started_secs: Option<i64>,
        finished_secs: Option<i64>,
        took_secs: Option<i64>,
    ) -> StepScore {
        StepScore {
            id: id.into(),
            title: title.into(),
            state: state.into(),
            started_secs,
            finished_secs,
            took_secs,
        }
    }

    #[test]
    fn score_of_a_drill_at_speed_60() {
        let card = scripted(60).card(70_000);
        let want = expected(60);
        // Field by field first, for readable failures.
        assert_eq!(card.speed, 60);
        assert_eq!(card.duration_secs, 4200);
        assert_eq!(card.phases, want.phases);
        assert_eq!(card.signals, want.signals);
        assert_eq!(card.steps, want.steps);
        assert_eq!(card.skipped, want.skipped);
        assert_eq!(card, want);
        // 1 of 3 timed phases met: 1 of the source's 2, none of the 1
        // suggested; 1 of 2 signals answered, median 75 s.
        assert_eq!(
            card.summary(),
            "1/3 phases met (source 1/2, suggested ~0/1) · 1/2 signals answered (median 1m15s) · 1 skipped"
        );
    }

    #[test]
    fn score_of_the_same_drill_at_speed_1() {
        // The same script with every wall time × 60: the same playbook times.
        let card = scripted(1).card(70_000);
        assert_eq!(card.speed, 1);
        assert_eq!(card, expected(1));
    }

    #[test]
    fn score_survives_a_serde_round_trip_and_reads_old_cards() {
        let card = scripted(60).card(70_000);
        let json = serde_json::to_string(&card).unwrap();
        assert_eq!(serde_json::from_str::<ScoreCard>(&json).unwrap(), card);
        let mut old: serde_json::Value = serde_json::from_str(&json).unwrap();
        old.as_object_mut().unwrap().remove("declared_at");
        // Cards recorded before deadlines said whose they are.
        for p in old["phases"].as_array_mut().unwrap() {
            assert!(p.as_object_mut().unwrap().remove("due_origin").is_some());
        }
        let back: ScoreCard = serde_json::from_value(old).unwrap();
        assert_eq!(back.declared_at, None);
        let mut want = card.phases.clone();
        want[2].due_origin = DueOrigin::Source;
        assert_eq!(back.phases, want);
        // A word from a later version is not passed off as the source's.
        let mut new: serde_json::Value = serde_json::from_str(&json).unwrap();
        new["phases"][0]["due_origin"] = "policy".into();
        let back: ScoreCard = serde_json::from_value(new).unwrap();
        assert_eq!(back.phases[0].due_origin, DueOrigin::Suggested);
        // The origin is written as a word.
        assert!(json.contains(r#""due_origin":"suggested""#), "{json}");
    }

    #[test]
    fn score_counts_an_untimed_phase_met_once_complete_and_leaves_open_ones_undecided() {
        let mut s = scripted(60);
        s.events.pop(); // the pin after the end
        // Notes done at wall +50s → 3000 s: review complete, untimed → met.
        s.push(50_000, alice(), done("notes"));
        // Ended at wall +59s → 3540 s: recover (due 3600 s) not due yet.
        let card = s.card(59_000);
        assert_eq!(card.duration_secs, 3540);
        let recover = &card.phases[2];
        assert_eq!((recover.met, recover.margin_secs), (None, None));
        let review = &card.phases[3];
        assert_eq!(review.completed_secs, Some(3000));
        assert_eq!((review.met, review.margin_secs), (Some(true), None));
        // 1 of 2 decided phases met: the untimed one is not counted, nor
        // is recover, not due yet.
        assert_eq!(card.phases_met(), 1);
        assert_eq!(card.phases_decided(), 2);
        assert_eq!(card.phases_timed(), 3);
        assert_eq!(
            card.summary(),
            "1/2 phases met (1 not due) · 1/2 signals answered (median 1m15s) · 1 skipped"
        );
    }

    #[test]
    fn score_counts_the_due_second_itself_as_on_time() {
        let mut s = scripted(60);
        s.events.pop(); // the pin after the end
        // rotate done at wall +30s instead of +32s → 1800 s, exactly the
        // 30m = 1800 s deadline: met, 0 s to spare.
        let rotate = s
            .events
            .iter()
            .position(|e| e.kind == done("rotate"))
            .unwrap();
        s.events[rotate].at = s.at(30_000);
        // A note at exactly +40s → 2400 s answers signal 1 (due 2400 s) in 0 s.
        s.push(
            40_000,
            carol(),
            EventKind::NoteAdded {
                text: "lag".into(),
                step: None,
            },
        );
        let card = s.card(70_000);
        let contain = &card.phases[1];
        assert_eq!(contain.completed_secs, Some(1800));
        assert_eq!((contain.met, contain.margin_secs), (Some(true), Some(0)));
        assert_eq!(card.signals[1].response_secs, Some(0));
        assert_eq!(card.signals[1].responder.as_deref(), Some("carol"));
        // 2 of 3 timed phases; median of 75 s and 0 s is the upper one.
        assert_eq!(
            card.summary(),
            "2/3 phases met (source 2/2, suggested ~0/1) · 2/2 signals answered (median 1m15s) · 1 skipped"
        );
    }

    /// The scripted drill without the pin after its end, so whatever is
    /// pushed next is the only action after signal 1 (at 2400 s).
    fn after_signal_1() -> Script {
        let mut s = scripted(60);
        s.events.pop();
        s
    }

    fn note(text: &str, step: Option<&str>) -> EventKind {
        EventKind::NoteAdded {
            text: text.into(),
            step: step.map(Into::into),
        }
    }

    fn pinned(line: &str) -> EventKind {
        EventKind::LogPinned {
            source: "drill:db".into(),
            line: line.into(),
        }
    }

    #[test]
    fn score_unrelated_actions_after_a_signal_do_not_answer_it() {
        let mut s = after_signal_1();
        // Signal 1 expects restore or verify; none of these is about it.
        s.push(41_000, alice(), started("notes")); // 2460 s
        s.push(41_500, bob(), done("notes"));
        s.push(
            42_000,
            carol(),
            EventKind::StatusChanged {
                from: Status::Declared,
                to: Status::Investigating,
            },
        );
        s.push(
            42_500,
            carol(),
            EventKind::SeverityChanged {
                from: Severity::P2,
                to: Severity::P1,
            },
        );
        s.push(
            43_000,
            bob(),
            EventKind::InputSet {
                input: "kind".into(),
                value: "key".into(),
            },
        );
        // A pin of some other line is evidence of something else.
        s.push(44_000, carol(), pinned("db: vacuum finished"));
        let card = s.card(70_000);
        assert_eq!(card.signals[1].response_secs, None, "{:?}", card.signals);
        assert_eq!(card.signals[1].responder, None);
        // Signal 0 is still answered by bob's note at 375 s.
        assert_eq!(card.signals[0].response_secs, Some(75));
        assert_eq!(card.signals_answered(), 1);
    }

    #[test]
    fn score_a_step_the_signal_expects_answers_it() {
        let mut s = after_signal_1();
        s.push(41_000, alice(), started("notes")); // 2460 s: unrelated
        s.push(43_000, carol(), done("restore")); // 2580 s: expected
        let card = s.card(70_000);
        assert_eq!(card.signals[1].response_secs, Some(2580 - 2400));
        assert_eq!(card.signals[1].responder.as_deref(), Some("carol"));

        // Reopening an expected step (the signal shows it was not done)
        // answers too: verify, skipped at 2040 s, reopened at 2520 s.
        let mut s = after_signal_1();
        s.push(
            42_000,
            bob(),
            EventKind::StepReopened {
                step: "verify".into(),
                reason: "the lag says restore is not over".into(),
            },
        );
        let card = s.card(70_000);
        assert_eq!(card.signals[1].response_secs, Some(2520 - 2400));
        assert_eq!(
            card.signals[1].responder.as_deref(),
            Some("bob (via oncall)")
        );
    }

    #[test]
    fn score_a_step_the_signal_expects_answers_it_only_after_the_signal() {
        // block (expected by signal 0 at 300 s) was started at 780 s, after
        // bob's note at 375 s: the note is the first response, not block.
        let card = after_signal_1().card(70_000);
        assert_eq!(
            card.signals[0].responder.as_deref(),
            Some("bob (via oncall)")
        );
        // Without the note, block's start at 780 s is: 780 − 300 = 480 s.
        let mut s = after_signal_1();
        s.events
            .retain(|e| !matches!(e.kind, EventKind::NoteAdded { .. }));
        let card = s.card(70_000);
        assert_eq!(card.signals[0].response_secs, Some(480));
        assert_eq!(card.signals[0].responder.as_deref(), Some("alice"));
        // assess (not expected) was done again at 480 s and 600 s before
        // that, and page at 750 s: none of them counted.
    }

    #[test]
    fn score_a_pin_of_the_injected_line_answers_it() {
        let mut s = after_signal_1();
        s.push(44_000, carol(), pinned("db: vacuum finished")); // 2640 s
        // The line as the log pane shows it; spacing does not matter.
        s.push(45_000, carol(), pinned("db:  replication lag 90s ")); // 2700 s
        let card = s.card(70_000);
        assert_eq!(card.signals[1].response_secs, Some(2700 - 2400));
        assert_eq!(card.signals[1].responder.as_deref(), Some("carol"));
        // That pin is of signal 1's line, not signal 0's.
        assert_eq!(card.signals[0].response_secs, Some(75));
    }

    #[test]
    fn score_a_note_answers_a_signal() {
        let mut s = after_signal_1();
        s.push(41_000, alice(), started("notes")); // 2460 s: unrelated
        s.push(44_000, bob(), note("db lag, watching it", None)); // 2640 s
        let card = s.card(70_000);
        assert_eq!(card.signals[1].response_secs, Some(240));
        assert_eq!(
            card.signals[1].responder.as_deref(),
            Some("bob (via oncall)")
        );
        // A note written on a step is still a note.
        let mut s = after_signal_1();
        s.push(42_000, carol(), note("lag seen", Some("notes"))); // 2520 s
        let card = s.card(70_000);
        assert_eq!(card.signals[1].response_secs, Some(120));
    }

    #[test]
    fn score_phases_not_due_when_the_drill_ends_are_neither_met_nor_missed() {
        // Ended at 10 minutes of playbook time: triage (15m) complete,
        // contain (30m) and recover (~1h) open and not due yet.
        let mut s = Script::new(60);
        s.push(2_000, alice(), started("assess")); // 120 s
        s.push(3_000, alice(), done("assess")); // 180 s
        s.push(4_000, bob(), done("page")); // 240 s
        s.push(5_000, alice(), started("block")); // 300 s
        let card = s.card(10_000);
        assert_eq!(card.duration_secs, 600);
        let met: Vec<Option<bool>> = card.phases.iter().map(|p| p.met).collect();
        assert_eq!(met, [Some(true), None, None, None]);
        assert_eq!(card.phases[1].margin_secs, None);
        assert_eq!(card.phases[2].margin_secs, None);
        assert_eq!(
            crate::drill::card::phase_result(&card.phases[1]),
            "not done, not due yet"
        );
        // 1 of 1 decided phase met; the 2 not due are counted apart, not
        // as failures.
        assert_eq!(
            (
                card.phases_met(),
                card.phases_decided(),
                card.phases_timed()
            ),
            (1, 1, 3)
        );
        assert_eq!(
            card.summary(),
            "1/1 phases met (2 not due) · 0/0 signals answered · 0 skipped"
        );
        assert_eq!(
            card.compact(),
            "1/1 met (source 1/1, ~0/0) · 0/0 signals · 0 skipped"
        );
    }

    #[test]
    fn score_a_phase_completed_after_the_end_is_not_completed_in_the_drill() {
        let mut s = Script::new(60);
        s.push(3_000, alice(), done("assess")); // 180 s
        s.push(12_000, bob(), done("page")); // 720 s, after the end
        let card = s.card(10_000); // 600 s
        assert_eq!(card.phases[0].completed_secs, None);
        assert_eq!(card.phases[0].met, None, "not due at 600 s");
    }

    #[test]
    fn score_counts_source_and_suggested_deadlines_apart() {
        let card = scripted(60).card(70_000);
        // triage met and contain missed: the source's; recover missed: a
        // suggestion.
        let origins: Vec<DueOrigin> = card.phases.iter().map(|p| p.due_origin).collect();
        assert_eq!(
            origins,
            [
                DueOrigin::Source,
                DueOrigin::Source,
                DueOrigin::Suggested,
                DueOrigin::Source
            ]
        );
        let tally = |met, decided, timed| Tally {
            met,
            decided,
            timed,
        };
        assert_eq!(card.tally(Some(DueOrigin::Source)), tally(1, 2, 2));
        assert_eq!(card.tally(Some(DueOrigin::Suggested)), tally(0, 1, 1));
        assert_eq!(card.tally(None), tally(1, 3, 3));
        assert_eq!(card.phases_ratio(), "1/2 ~0/1");
        assert_eq!(
            card.phases_split().as_deref(),
            Some("source 1/2, suggested ~0/1")
        );
        assert_eq!(
            card.compact(),
            "1/3 met (source 1/2, ~0/1) · 1/2 signals (1m15s) · 1 skipped"
        );

        // Every deadline the source's: no split, no mark.
        let mut only_source = card.clone();
        only_source.phases[2].due_origin = DueOrigin::Source;
        assert!(!only_source.has_suggested());
        assert_eq!(only_source.phases_split(), None);
        assert_eq!(only_source.phases_ratio(), "1/3");
        assert_eq!(
            only_source.summary(),
            "1/3 phases met · 1/2 signals answered (median 1m15s) · 1 skipped"
        );
        assert_eq!(
            only_source.compact(),
            "1/3 met · 1/2 signals (1m15s) · 1 skipped"
        );

        // Every deadline a suggestion: said so, with no empty source part.
        let mut only_suggested = card.clone();
        for p in &mut only_suggested.phases {
            p.due_origin = DueOrigin::Suggested;
        }
        assert_eq!(only_suggested.phases_ratio(), "~1/3");
        assert_eq!(
            only_suggested.summary(),
            "1/3 phases met (suggested ~1/3) · 1/2 signals answered (median 1m15s) · 1 skipped"
        );
        assert_eq!(
            only_suggested.compact(),
            "~1/3 met · 1/2 signals (1m15s) · 1 skipped"
        );
    }

    #[test]
    fn score_playbook_secs_rounds_down_in_milliseconds() {
        let t = t0();
        // 1 ms at speed 999 → 0.999 s → 0; 1001 ms at speed 1 → 1 s.
        assert_eq!(playbook_secs(t, t + Duration::milliseconds(1), 999), 0);
        assert_eq!(playbook_secs(t, t + Duration::milliseconds(1001), 1), 1);
        // 6259 ms × 60 = 375540 ms → 375 s.
        assert_eq!(playbook_secs(t, t + Duration::milliseconds(6259), 60), 375);
        // Speed 0 is treated as 1.
        assert_eq!(playbook_secs(t, t + Duration::seconds(5), 0), 5);
    }
}
