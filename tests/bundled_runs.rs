//! The bundled playbooks say what running their commands takes (issue 18):
//! destructive steps wait for a second account's approval, and every
//! stand-in a command holds is declared, so it never runs unfilled.
//!
//! Loaded through the library, exactly as the binary compiles them in.

use regex::Regex;
use warroom::playbook::{Approval, Library, Playbook, Step};

fn bundled() -> Vec<Playbook> {
    let (lib, diags) = Library::bundled();
    assert!(diags.is_empty(), "{diags:?}");
    lib.entries().map(|e| e.playbook.clone()).collect()
}

fn reason(step: &Step) -> Option<&str> {
    match &step.run.approval {
        Approval::Needed(Some(why)) if !why.trim().is_empty() => Some(why),
        _ => None,
    }
}

/// Commands that change production in a way a second person should see
/// first: revocation and rotation, history rewrites, deletes, switched-off
/// features, restarts. Tuned to what the bundled commands contain.
const DESTRUCTIVE_COMMANDS: &[&str] = &[
    r"\bsystemctl\s+(restart|stop|reload)\b",
    r"\bservice\s+\S+\s+(restart|stop)\b",
    r"\bdocker(-compose|\s+compose)\s+(up|down|restart|stop)\b",
    r"\bpm2\s+(restart|reload|stop|delete)\b",
    r"\bkubectl\s+(rollout\s+restart|set\s+env|delete|scale)\b",
    r"\bgit\s+(push\s+(--force|-f)\b|filter-repo\b|filter-branch\b)",
    r"(?i)\bDELETE\s+FROM\b",
    r"(?i)\b(DROP|TRUNCATE)\s",
    r"(?i)\brevoke",
    r"(?i)\brotate\b",
    r"\bgh\s+auth\s+refresh\b",
    r"\bsed\s+-i\b.*\.env\b",
    // Switching execution-plane features off.
    r"\bexport\s+\w+_ENABLED=0\b",
    r"\bunset\s+\w+_ENABLED\b",
];

/// Step titles that name such an action (most bundled steps have no
/// commands; approval also guards marking them done).
const DESTRUCTIVE_TITLES: &str = r"(?i)\b(revoke|rotate|restart|redeploy|disable|delete|purge|remove|invalidate|stop|isolate|roll back)\b";

/// Destructive steps that deliberately need no approval, and why.
const NO_APPROVAL: &[(&str, &str, &str)] = &[
    (
        "execution-plane-emergency",
        "disable-action-jobs-events",
        "the seed's 30-second Disable: the fail-safe direction (features become no-ops, no restart), \
         which must not wait for a second person",
    ),
    (
        "execution-plane-emergency",
        "disable-all-flags",
        "P0: the seed says disable all flags immediately, inside the 30-second Disable phase; the \
         fail-safe direction",
    ),
    (
        "robodj-incident-response",
        "rotate-secret-key",
        "generates a new value and stores it: nothing running changes until the approved redeploy, \
         and the old value stays valid until the approved revocation",
    ),
    (
        "robodj-incident-response",
        "rotate-v2-key",
        "generates a new value and stores it: nothing running changes until the approved redeploy, \
         and the old value stays valid until the approved revocation",
    ),
    (
        "startup-secret-integrity",
        "rotate-v2-key",
        "generates a new value only; storing, revoking and restarting are separate steps (revoke \
         and restart are approved)",
    ),
    (
        "startup-secret-integrity",
        "fix-expired",
        "replaces an expired key on a service that already failed closed; the revocation and the \
         restart are separate, approved steps",
    ),
    (
        "environment-hardening",
        "isolate-workspace-execution",
        "a hardening setting for the workspace environment, not taking anything out of service",
    ),
];

fn exempt(pb: &Playbook, step: &Step) -> bool {
    NO_APPROVAL
        .iter()
        .any(|(p, s, why)| *p == pb.id && *s == step.id && !why.is_empty())
}

#[test]
fn destructive_commands_need_a_second_person() {
    let patterns: Vec<Regex> = DESTRUCTIVE_COMMANDS
        .iter()
        .map(|p| Regex::new(p).unwrap())
        .collect();
    let mut missing = Vec::new();
    let mut matched = 0;
    for pb in bundled() {
        for step in &pb.steps {
            let hit = step
                .commands
                .iter()
                .find_map(|c| patterns.iter().find(|p| p.is_match(c)).map(|p| (c, p)));
            let Some((cmd, pattern)) = hit else { continue };
            matched += 1;
            if reason(step).is_none() && !exempt(&pb, step) {
                missing.push(format!(
                    "{} / {}: `{cmd}` matches {pattern} but has no approval reason",
                    pb.id, step.id
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // The list must keep finding what it was written for.
    assert!(matched >= 7, "only {matched} steps matched");
}

#[test]
fn destructive_titles_need_a_second_person() {
    let title = Regex::new(DESTRUCTIVE_TITLES).unwrap();
    let mut missing = Vec::new();
    for pb in bundled() {
        for step in pb.steps.iter().filter(|s| !s.is_decision()) {
            if title.is_match(&step.title) && reason(step).is_none() && !exempt(&pb, step) {
                missing.push(format!("{} / {}: {}", pb.id, step.id, step.title));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "destructive steps without an approval reason:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_allow_listed_step_exists_and_really_goes_without_approval() {
    let pbs = bundled();
    for (p, s, why) in NO_APPROVAL {
        assert!(why.len() > 20, "{p} / {s}: say why");
        let pb = pbs
            .iter()
            .find(|pb| pb.id == *p)
            .unwrap_or_else(|| panic!("no bundled playbook {p}"));
        let step = pb
            .step(s)
            .unwrap_or_else(|| panic!("{p}: no step {s} (stale allow-list entry)"));
        assert!(
            !step.run.approval.is_needed(),
            "{p} / {s} needs approval now: drop it from the allow-list"
        );
    }
}

#[test]
fn every_approval_gives_its_reason() {
    for pb in bundled() {
        for step in &pb.steps {
            if step.run.approval.is_needed() {
                let why = reason(step).unwrap_or_else(|| {
                    panic!("{} / {}: approval without a reason", pb.id, step.id)
                });
                assert!(
                    why.len() >= 30,
                    "{} / {}: the reason says too little: {why:?}",
                    pb.id,
                    step.id
                );
            }
        }
    }
}

#[test]
fn the_seeds_destructive_actions_are_marked() {
    let pbs = bundled();
    let marked = |p: &str, s: &str| {
        let pb = pbs.iter().find(|pb| pb.id == p).unwrap();
        let step = pb.step(s).unwrap_or_else(|| panic!("{p}: no step {s}"));
        reason(step).is_some()
    };
    for (p, s) in [
        // Rotating and revoking production credentials.
        ("secret-leak", "rotate-all"),
        ("secret-leak", "revoke-github-token"),
        ("secret-leak", "rotate-worker-secret"),
        ("token-compromise", "revoke-token"),
        ("credential-revocation", "disable-credential"),
        ("secret-rotation-emergency", "revoke-compromised"),
        ("secret-rotation-routine", "revoke-previous"),
        ("secret-lifecycle-rotate", "revoke-prior-version"),
        ("robodj-secret-revocation", "disable-old-versions"),
        // Rewriting git history.
        ("secret-leak", "purge-git-history"),
        // The GDPR deletes.
        ("gdpr-data-deletion", "delete-tenant-data"),
        // Disabling production features.
        ("pr-automation-abuse", "disable-shipping-actions"),
        ("execution-plane-emergency", "isolate-tenant"),
        // Restarting production services.
        ("secret-rotation-emergency", "redeploy-services"),
        ("robodj-secret-revocation", "restart-services"),
        ("robodj-incident-response", "redeploy"),
    ] {
        assert!(marked(p, s), "{p} / {s} needs a second person's approval");
    }
    let total: usize = pbs
        .iter()
        .map(|pb| pb.steps.iter().filter(|s| reason(s).is_some()).count())
        .sum();
    assert!(total >= 40, "only {total} steps need approval");
}

/// Stand-ins the bundled commands hold besides `<...>` tokens: the seeds'
/// example names and elided clauses.
const STAND_INS: &[&str] = &[
    "my-app",
    "PROXY_JWT_SECRET",
    "WHERE ...",
    "tenant-to-delete",
    "tenant-123",
    "YOUR_",
    "example.com",
];

#[test]
fn every_stand_in_in_a_command_is_a_declared_placeholder() {
    let angle = Regex::new(r"<[A-Za-z][A-Za-z0-9_ -]*>").unwrap();
    let mut missing = Vec::new();
    let mut found = 0;
    for pb in bundled() {
        for step in &pb.steps {
            let declared = &step.run.placeholders;
            let covered = |text: &str| declared.iter().any(|p| p.contains(text));
            for cmd in &step.commands {
                let mut wanted: Vec<&str> = angle.find_iter(cmd).map(|m| m.as_str()).collect();
                wanted.extend(STAND_INS.iter().filter(|s| cmd.contains(*s)));
                if cmd.contains("...") {
                    wanted.push("...");
                }
                for w in wanted {
                    found += 1;
                    if !covered(w) {
                        missing.push(format!("{} / {}: {w:?} in `{cmd}`", pb.id, step.id));
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "stand-ins not in `placeholders`:\n{}",
        missing.join("\n")
    );
    assert!(found >= 8, "only {found} stand-ins found");
}

#[test]
fn every_declared_placeholder_occurs_in_a_command_of_its_step() {
    for pb in bundled() {
        for step in &pb.steps {
            for p in &step.run.placeholders {
                assert!(
                    !p.trim().is_empty(),
                    "{} / {}: empty placeholder",
                    pb.id,
                    step.id
                );
                assert!(
                    step.commands.iter().any(|c| c.contains(p.as_str())),
                    "{} / {}: placeholder {p:?} is in none of its commands",
                    pb.id,
                    step.id
                );
            }
        }
    }
}

#[test]
fn run_keys_sit_only_on_steps_that_have_commands_to_run() {
    for pb in bundled() {
        for step in &pb.steps {
            let run = &step.run;
            if run.one_shell || run.done_on_success || run.timeout.is_some() {
                assert!(
                    !step.commands.is_empty(),
                    "{} / {}: run keys without commands",
                    pb.id,
                    step.id
                );
            }
            assert!(
                !(step.is_decision() && run.done_on_success),
                "{} / {}: a decision is done when answered",
                pb.id,
                step.id
            );
        }
    }
}

#[test]
fn commands_that_share_shell_state_run_in_one_shell() {
    // A line that assigns or exports a variable, or changes directory, and
    // a later line that uses it: run one by one, the later line would see
    // nothing.
    let assign = Regex::new(r"(?m)^\s*(export\s+)?([A-Z_][A-Z0-9_]*)=").unwrap();
    for pb in bundled() {
        for step in &pb.steps {
            if step.run.one_shell {
                continue;
            }
            for (i, cmd) in step.commands.iter().enumerate() {
                for cap in assign.captures_iter(cmd) {
                    let var = format!("${}", &cap[2]);
                    let used_later = step.commands[i + 1..].iter().any(|c| c.contains(&var));
                    assert!(
                        !used_later,
                        "{} / {}: {var} is set in one line and used in a later one; one_shell = true",
                        pb.id, step.id
                    );
                }
            }
        }
    }
    let pbs = bundled();
    let leak = pbs.iter().find(|pb| pb.id == "secret-leak").unwrap();
    assert!(leak.step("rotate-all").unwrap().run.one_shell);
}
