//! The bundled playbooks say what their seed says, in the seed's order, and
//! mark what warroom added (issue 17): deadlines the seed does not give are
//! `suggested`, warroom's own words are annotations, and every drill signal
//! names the steps that answer it.
//!
//! Loaded through the library, exactly as the binary compiles them in.

use std::collections::BTreeSet;
use warroom::playbook::{DueOrigin, Library, Playbook, Step, bundled_files};

fn bundled(id: &str) -> Playbook {
    let (lib, diags) = Library::bundled();
    assert!(diags.is_empty(), "{diags:?}");
    lib.get(id)
        .unwrap_or_else(|| panic!("no bundled playbook {id}"))
        .playbook
        .clone()
}

fn step<'a>(pb: &'a Playbook, id: &str) -> &'a Step {
    pb.step(id)
        .unwrap_or_else(|| panic!("{}: no step {id}", pb.id))
}

fn when(pb: &Playbook, id: &str) -> String {
    step(pb, id)
        .when
        .as_ref()
        .map(|c| c.text.clone())
        .unwrap_or_default()
}

fn annotation(pb: &Playbook, id: &str) -> String {
    step(pb, id)
        .annotation
        .clone()
        .unwrap_or_else(|| panic!("{} / {id} has no annotation", pb.id))
}

/// Step ids in screen order (file order).
fn order(pb: &Playbook) -> Vec<&str> {
    pb.steps.iter().map(|s| s.id.as_str()).collect()
}

fn position(pb: &Playbook, id: &str) -> usize {
    pb.steps
        .iter()
        .position(|s| s.id == id)
        .unwrap_or_else(|| panic!("{}: no step {id}", pb.id))
}

/// Every step `id` waits for, directly or through other steps.
fn prerequisites(pb: &Playbook, id: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = step(pb, id).after.clone();
    while let Some(next) = todo.pop() {
        if seen.insert(next.clone()) {
            todo.extend(step(pb, &next).after.iter().cloned());
        }
    }
    seen
}

fn is_sourced_deadline(pb: &Playbook, phase: &str) -> bool {
    let p = pb.phase(phase).unwrap();
    p.due.is_some() && p.due_origin == DueOrigin::Source
}

// ---------------------------------------------------------------- deadlines

/// Seeds 000, 001 and 002 give no deadline anywhere ("immediately" at
/// most), so every clock in the playbooks written from them is warroom's.
#[test]
fn every_deadline_the_seed_does_not_give_is_marked_suggested() {
    let (lib, _) = Library::bundled();
    let mut timed = 0;
    for e in lib.entries() {
        let pb = &e.playbook;
        let source = pb.source.as_deref().unwrap_or_default();
        let seed_has_deadlines = source.starts_with("003_") || source.starts_with("004_");
        for p in pb.phases.iter().filter(|p| p.due.is_some()) {
            if !seed_has_deadlines {
                timed += 1;
                assert_eq!(
                    p.due_origin,
                    DueOrigin::Suggested,
                    "{} / phase {}: {source} gives no deadline",
                    pb.id,
                    p.id
                );
            }
        }
    }
    assert!(timed >= 21, "only {timed} suggested deadlines found");
    for id in [
        "credential-revocation",
        "pr-automation-abuse",
        "robodj-incident-response",
        "robodj-secret-revocation",
        "secret-rotation-emergency",
        "startup-secret-integrity",
        "suspected-secret-leak",
        "token-compromise",
        "webhook-spoof",
    ] {
        let pb = bundled(id);
        assert!(
            pb.phases.iter().any(|p| p.due.is_some()),
            "{id} lost its clocks"
        );
    }
}

/// 003's 15m / 1h / 24h and 004's 30s / 1m / 5m are the seeds' own.
#[test]
fn the_seed_deadlines_stay_the_sources() {
    let leak = bundled("secret-leak");
    for phase in ["immediate", "short-term", "long-term"] {
        assert!(is_sourced_deadline(&leak, phase), "secret-leak / {phase}");
    }
    let rollback = bundled("execution-plane-emergency");
    for phase in ["disable", "verify", "assess"] {
        assert!(
            is_sourced_deadline(&rollback, phase),
            "execution-plane-emergency / {phase}"
        );
    }
}

/// 003: triage (10-30) and escalation (113-117) have no deadline in the
/// seed; prevention (103-111) neither. Triage and escalation stay beside
/// what needs them and say so; prevention is untimed.
#[test]
fn secret_leak_says_which_steps_it_placed_in_a_timed_phase() {
    let pb = bundled("secret-leak");
    for id in [
        "assess-scope",
        "github-token-leaked",
        "worker-secret-leaked",
        "exposure-timeline",
        "check-exploitation",
    ] {
        assert_eq!(step(&pb, id).phase, "immediate");
        assert!(
            annotation(&pb, id).contains("no deadline"),
            "triage step {id}"
        );
    }
    for id in [
        "user-data-accessed",
        "consult-legal",
        "token-misused",
        "contact-github-support",
        "worker-compromised",
        "isolate-worker",
    ] {
        assert!(
            annotation(&pb, id).contains("no deadline"),
            "escalation step {id}"
        );
    }
    let prevention = step(&pb, "verify-prevention");
    assert!(
        pb.phase(&prevention.phase).unwrap().due.is_none(),
        "prevention has no deadline in the seed"
    );
}

// ---------------------------------------------------------------- 003

/// 003:85 "Remove from history (if not yet pushed)": the purge asks whether
/// the commit was pushed at all, not only whether it went public.
#[test]
fn the_history_purge_applies_only_if_not_yet_pushed() {
    let pb = bundled("secret-leak");
    let pushed = step(&pb, "git-pushed");
    assert!(pushed.is_decision());
    assert!(
        !pushed.title.contains("public"),
        "git-pushed must ask whether it was pushed: {}",
        pushed.title
    );
    assert!(
        when(&pb, "purge-git-history").contains("git-pushed == 'no'"),
        "{}",
        when(&pb, "purge-git-history")
    );
    assert!(when(&pb, "pushed-public").contains("git-pushed == 'yes'"));
    assert!(step(&pb, "pushed-public").is_decision());
    assert!(when(&pb, "treat-fully-compromised").contains("pushed-public == 'yes'"));
}

// ---------------------------------------------------------------- 004

/// 004:281-286: the rollback's first action is Disable (30 seconds).
#[test]
fn the_rollback_disables_first() {
    let pb = bundled("execution-plane-emergency");
    assert_eq!(pb.steps[0].id, "disable-action-jobs-events");
    assert_eq!(pb.steps[0].phase, "disable");
    assert!(pb.steps[0].after.is_empty());
    let level = step(&pb, "severity-level");
    assert!(position(&pb, "severity-level") > 0);
    assert!(
        level
            .after
            .contains(&"disable-action-jobs-events".to_string())
    );
}

/// 004:274-277 gives the P1-P3 responses no deadline.
#[test]
fn the_level_responses_carry_no_source_deadline() {
    let pb = bundled("execution-plane-emergency");
    for id in [
        "isolate-tenant",
        "tighten-rate-limits",
        "investigate-audit-gap",
    ] {
        let phase = &step(&pb, id).phase;
        assert!(
            !is_sourced_deadline(&pb, phase),
            "{id} sits in `{phase}`, a deadline the seed does not give"
        );
    }
}

/// 004:212-217 are an example override; the RLS test, the security
/// validation check and "if in doubt answer p0" are warroom's.
#[test]
fn the_rollback_labels_its_examples_and_additions() {
    let pb = bundled("execution-plane-emergency");
    assert!(annotation(&pb, "tighten-rate-limits").contains("example"));
    assert!(!annotation(&pb, "verify-rls-isolation").is_empty());
    assert!(annotation(&pb, "reenable-features").contains("security validation"));
    let level = step(&pb, "severity-level");
    assert!(annotation(&pb, "severity-level").contains("p0"));
    assert!(
        !level
            .body
            .as_deref()
            .unwrap_or_default()
            .contains("in doubt"),
        "the p0 advice is warroom's, not the seed's body"
    );
}

/// 004:316-325: GDPR deletion is its own playbook, its SQL verbatim.
#[test]
fn gdpr_deletion_is_its_own_playbook_with_the_seeds_sql() {
    let pb = bundled("gdpr-data-deletion");
    assert_eq!(pb.source.as_deref(), Some("004_15c4ecf025a63625.txt"));
    let commands: Vec<&str> = pb
        .steps
        .iter()
        .flat_map(|s| s.commands.iter().map(String::as_str))
        .collect();
    // Copied from seed 004, lines 321-324.
    assert_eq!(
        commands,
        [
            "-- Delete all tenant data",
            "DELETE FROM jobforge_events WHERE tenant_id = 'tenant-to-delete';",
            "DELETE FROM jobforge_jobs WHERE tenant_id = 'tenant-to-delete';",
            "DELETE FROM jobforge_audit_logs WHERE tenant_id = 'tenant-to-delete';",
        ]
    );
    assert!(
        pb.steps.iter().all(|s| s.checks.is_empty()),
        "the seed gives no checks"
    );
    for p in &pb.phases {
        assert!(
            p.due.is_none() || p.due_origin == DueOrigin::Suggested,
            "the seed gives GDPR deletion no deadline"
        );
    }
    assert!(
        bundled("execution-plane-emergency")
            .steps
            .iter()
            .all(|s| !s.commands.iter().any(|c| c.contains("DELETE FROM"))),
        "the rollback does not carry the deletion"
    );
}

// ---------------------------------------------------------------- 001

/// 001:6-8: identify, notify, then access.
#[test]
fn emergency_pre_checks_follow_the_seed() {
    let pb = bundled("secret-rotation-emergency");
    assert_eq!(
        order(&pb)[..3],
        [
            "identify-consumers",
            "notify-escalate",
            "check-store-access"
        ]
    );
}

/// 001:29-30 revoke before 43's verification; the seed's Rollback (43)
/// says to keep the old secret until then. Shown in the seed's order, the
/// conflict named in an annotation rather than as a second instruction.
#[test]
fn emergency_rotation_keeps_the_seed_order_and_flags_the_conflict() {
    let pb = bundled("secret-rotation-emergency");
    let create = step(&pb, "create-new-secret");
    assert!(
        !create
            .body
            .as_deref()
            .unwrap_or_default()
            .contains("Keep the previous"),
        "two incompatible instructions in the body"
    );
    assert!(annotation(&pb, "create-new-secret").contains("Rollback"));
    assert!(position(&pb, "revoke-compromised") < position(&pb, "rerun-tests"));
    assert!(
        step(&pb, "rerun-tests")
            .after
            .contains(&"revoke-compromised".to_string())
    );
}

/// 001:16 "if staging/testing first" is a decision; 001:47's post-rotation
/// has no condition.
#[test]
fn routine_rotation_asks_whether_staging_comes_first() {
    let pb = bundled("secret-rotation-routine");
    let staging = step(&pb, "staging-first");
    assert!(staging.is_decision());
    for id in ["update-ci-reference", "deploy-staging"] {
        assert!(
            when(&pb, id).contains("staging-first == 'yes'"),
            "{id}: {}",
            when(&pb, id)
        );
    }
    assert!(position(&pb, "staging-first") < position(&pb, "update-ci-reference"));
    let derived = step(&pb, "rotate-derived");
    assert!(
        derived.when.is_none() || derived.annotation.is_some(),
        "rotate-derived's condition is not the seed's"
    );
}

// ---------------------------------------------------------------- 000

/// 000:94-96 in order.
#[test]
fn pr_automation_abuse_follows_the_seed() {
    let pb = bundled("pr-automation-abuse");
    assert_eq!(
        order(&pb),
        [
            "disable-shipping-actions",
            "inspect-policy-logs",
            "require-manual-approval"
        ]
    );
}

/// 000:22-26 has no owner branch.
#[test]
fn credential_revocation_labels_its_owner_branch() {
    let pb = bundled("credential-revocation");
    for id in ["owner-affected", "owner-recovery"] {
        assert!(annotation(&pb, id).contains("Not in the seed"), "{id}");
    }
}

// ---------------------------------------------------------------- 002

/// 002:61-78 are policy statements; the procedures built on them say so.
#[test]
fn playbooks_built_from_policy_statements_say_what_is_constructed() {
    for id in ["startup-secret-integrity", "pre-release-secret-gate"] {
        let pb = bundled(id);
        assert!(
            pb.summary
                .as_deref()
                .unwrap_or_default()
                .contains("construction"),
            "{id}: the summary does not say what is constructed"
        );
        for s in pb.steps.iter().filter(|s| s.is_decision()) {
            assert!(
                s.annotation.is_some(),
                "{id} / {}: warroom's decision",
                s.id
            );
        }
    }
    let startup = bundled("startup-secret-integrity");
    for id in [
        "fix-missing-key",
        "fix-placeholder",
        "fix-invalid-format",
        "fix-expired",
    ] {
        assert!(annotation(&startup, id).contains("onstructed"), "{id}");
    }
}

/// 002:39-43: the check runs before services start.
#[test]
fn revocation_checks_before_starting_services() {
    let pb = bundled("robodj-secret-revocation");
    let check = step(&pb, "run-secret-check");
    assert!(
        check
            .commands
            .iter()
            .any(|c| c == "python config/check_runtime_secrets.py --require-env-only")
    );
    assert!(position(&pb, "run-secret-check") < position(&pb, "restart-services"));
    assert!(prerequisites(&pb, "restart-services").contains("run-secret-check"));
}

/// 002:55-59 and 48-52: each stage waits for the one before it.
#[test]
fn stages_follow_the_seed_order() {
    for id in ["robodj-incident-response", "robodj-secret-revocation"] {
        let pb = bundled(id);
        for pair in pb.phases.windows(2) {
            let (earlier, later) = (&pair[0], &pair[1]);
            let earlier_steps: BTreeSet<String> =
                pb.steps_in(&earlier.id).map(|s| s.id.clone()).collect();
            for s in pb.steps_in(&later.id) {
                let pre = prerequisites(&pb, &s.id);
                assert!(
                    pre.iter().any(|p| earlier_steps.contains(p)),
                    "{id} / {} ({}) does not wait for stage {}",
                    s.id,
                    later.id,
                    earlier.id
                );
            }
        }
    }
}

// ---------------------------------------------------------------- drills

/// Every `[[drill.inject]]` names the steps that answer it, or is preceded
/// by a comment saying it is noise that needs none.
#[test]
fn every_drill_signal_expects_steps_or_is_marked_as_noise() {
    let (lib, _) = Library::bundled();
    let mut signals = 0;
    for (name, text) in bundled_files() {
        let id = name.strip_suffix(".toml").unwrap();
        let pb = &lib.get(id).unwrap().playbook;
        let chunks: Vec<&str> = text.split("[[drill.inject]]").collect();
        assert_eq!(chunks.len() - 1, pb.injections.len(), "{id}");
        for (i, inj) in pb.injections.iter().enumerate() {
            signals += 1;
            if !inj.expects.is_empty() {
                for e in &inj.expects {
                    assert!(pb.step(e).is_some(), "{id}: expects unknown {e}");
                }
                continue;
            }
            let before = chunks[i].trim_end().lines().last().unwrap_or_default();
            assert!(
                before.starts_with('#') && before.to_lowercase().contains("noise"),
                "{id}: drill signal at {} expects no step and is not marked as noise:\n{}",
                inj.at,
                inj.log
            );
        }
    }
    assert!(signals >= 34, "only {signals} drill signals");
}
