//! The bundled playbooks: all load, all are compiled in, and each stays
//! faithful to the runbook it names as its source.

use std::path::Path;
use warroom::playbook::{Library, bundled_files};

#[test]
fn every_bundled_playbook_passes_the_checker() {
    let (lib, diags) = Library::bundled();
    assert!(
        diags.is_empty(),
        "{}",
        diags
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(lib.len(), bundled_files().len());
}

#[test]
fn every_file_in_playbooks_is_bundled_and_named_after_its_id() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("playbooks");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let bundled: Vec<String> = bundled_files().iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(on_disk, bundled);
    let (lib, _) = Library::bundled();
    for e in lib.entries() {
        assert!(
            bundled.contains(&format!("{}.toml", e.playbook.id)),
            "{} lives in another file",
            e.playbook.id
        );
    }
}

/// Lines with their indentation removed, so a command copied out of an
/// indented Markdown code block still matches.
fn flatten(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join("\n")
}

#[test]
fn commands_are_verbatim_from_the_named_seed() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!(
            "skipped: {} is not present in this checkout",
            seeds.display()
        );
        return;
    }
    let (lib, _) = Library::bundled();
    let mut commands = 0;
    for e in lib.entries() {
        let pb = &e.playbook;
        let source = pb
            .source
            .as_deref()
            .unwrap_or_else(|| panic!("{} names no source", pb.id));
        let seed = std::fs::read_to_string(seeds.join(source))
            .unwrap_or_else(|_| panic!("{}: no seed {source}", pb.id));
        let seed = flatten(&seed);
        for step in &pb.steps {
            for cmd in &step.commands {
                assert!(
                    seed.contains(&flatten(cmd)),
                    "{} / {}: not in {source}:\n{cmd}",
                    pb.id,
                    step.id
                );
                commands += 1;
            }
        }
    }
    assert!(
        commands > 40,
        "only {commands} commands across the bundled set"
    );
}

#[test]
fn the_seed_deadlines_are_kept() {
    let (lib, _) = Library::bundled();
    let deadlines = |id: &str| lib.get(id).unwrap().playbook.deadlines();
    assert_eq!(deadlines("secret-leak"), "15m / 1h / 24h");
    assert_eq!(deadlines("execution-plane-emergency"), "30s / 1m / 5m");
    for checklist in [
        "operational-verification",
        "pre-deployment-checklist",
        "post-deployment-checklist",
    ] {
        assert!(
            lib.get(checklist).unwrap().playbook.is_untimed(),
            "{checklist}"
        );
    }
}
