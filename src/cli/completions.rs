//! `warroom completions bash|zsh|fish` and the hidden `warroom __complete`
//! helper the bash script calls for incident and playbook ids.
//!
//! The static part of every script is clap_complete's, from the same
//! command definitions as the parser. For bash, a wrapper in front of it
//! finds which positional slot the cursor is in (the tables it reads are
//! generated here from the clap tree) and, where the slot takes an
//! incident or a playbook, asks `warroom __complete` for the ids. The
//! helper only reads: the database is glanced at read-only and never
//! created, nothing prompts, and any problem prints nothing (Tab must
//! never answer with an error in the middle of a command line).

use super::Failure;
use super::output::emit;
use crate::app::Context;
use clap::{Arg, Command};
use std::fmt::Write as _;

/// The shells `warroom completions` writes a script for.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// What `warroom __complete` lists, one per line.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ids {
    /// Every incident in the database.
    Incidents,
    /// Incidents not yet resolved or closed.
    OpenIncidents,
    /// Playbooks: bundled, the user's and `--playbooks`.
    Playbooks,
}

impl Ids {
    fn as_str(self) -> &'static str {
        match self {
            Ids::Incidents => "incidents",
            Ids::OpenIncidents => "open-incidents",
            Ids::Playbooks => "playbooks",
        }
    }
}

/// Commands whose incident is one still being worked on: they move the
/// response along (steps, answers, runs, roles), and `warroom INCIDENT`
/// (`""`), which opens the console on it. The rest (`status`,
/// `note`, `export`, `verify`, `amend`, `follow-up`, `set-status`, ...)
/// are as useful after the incident is resolved, for the postmortem.
const OPEN_ONLY: &[&str] = &[
    "", "step", "answer", "run", "approve", "role", "assign", "leaked",
];

/// `warroom completions SHELL`: the script on stdout.
pub fn print(shell: Shell) -> Result<(), Failure> {
    emit(&script(shell))
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut cmd = super::command();
    let mut out = Vec::new();
    let generator = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(generator, &mut cmd, "warroom", &mut out);
    let generated = String::from_utf8_lossy(&out).into_owned();
    match shell {
        Shell::Bash => with_ids(&generated, &super::command()),
        Shell::Zsh | Shell::Fish => generated,
    }
}

/// `warroom __complete IDS`: the ids, one per line; nothing at all when
/// there is no database, no readable config, or anything else amiss.
pub fn helper(ctx: &Context, ids: Ids) -> Result<(), Failure> {
    let list = match ids {
        Ids::Incidents => incident_ids(ctx, false),
        Ids::OpenIncidents => incident_ids(ctx, true),
        Ids::Playbooks => playbook_ids(ctx),
    }
    .unwrap_or_default();
    let mut out = String::new();
    // The script hands these words to `compgen -W`, which expands `$(...)`
    // in them: only plain ids pass (incident ids are numbers, playbook
    // ids are checked when loaded; this holds whatever a file says).
    for id in list.iter().filter(|id| is_plain(id)) {
        out.push_str(id);
        out.push('\n');
    }
    if out.is_empty() {
        return Ok(());
    }
    // A closed pipe or a full disk is no reason to say anything either.
    let _ = emit(&out);
    Ok(())
}

fn is_plain(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

/// The incidents of the database in force (`--db`, `WARROOM_DB`, the
/// configs, the default), read without creating or changing anything.
/// A PostgreSQL server is not asked: a connection (DNS, TLS, a server
/// that does not answer) cannot promise to fit in a keystroke, so Tab
/// offers no ids there.
fn incident_ids(ctx: &Context, open_only: bool) -> Option<Vec<String>> {
    let choice = ctx.db_choice().ok()?;
    let crate::config::DbTarget::File(path) = choice.target() else {
        return None;
    };
    let store = crate::store::Store::peek(&path).ok()??;
    let list = store.list(!open_only).ok()?;
    Some(list.into_iter().map(|s| s.id).collect())
}

fn playbook_ids(ctx: &Context) -> Option<Vec<String>> {
    let (library, _) = ctx.library().ok()?;
    Some(library.entries().map(|e| e.playbook.id.clone()).collect())
}

/// What a positional slot takes, for the ids the helper can list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Incident,
    Playbook,
    Other,
}

/// One command of the tree as the bash wrapper needs it.
#[derive(Debug)]
struct Shape {
    /// `""` for warroom itself, `"status"`, `"playbooks show"`.
    path: String,
    /// Its positional slots, in order.
    slots: Vec<Slot>,
    /// The last slot takes any number of words (`export INC-1 INC-2`).
    last_repeats: bool,
    /// Its own options that take a value (`--reason`, `-o`).
    value_options: Vec<String>,
    /// Its subcommands: (the name typed, which may be an alias; the name).
    subcommands: Vec<(String, String)>,
}

/// An incident slot is an argument named `incident(s)` or shown as
/// INCIDENT; a playbook slot one named `playbook`.
fn slot(arg: &Arg) -> Slot {
    let id = arg.get_id().as_str();
    let shown_as_incident = arg
        .get_value_names()
        .is_some_and(|names| names.iter().any(|n| n.as_str() == "INCIDENT"));
    if id == "incident" || id == "incidents" || shown_as_incident {
        Slot::Incident
    } else if id == "playbook" {
        Slot::Playbook
    } else {
        Slot::Other
    }
}

fn takes_value(arg: &Arg) -> bool {
    !arg.is_positional() && arg.get_action().takes_values()
}

/// `--reason` and `-r`, with visible aliases: every way to type it.
fn spellings(arg: &Arg) -> Vec<String> {
    let longs = arg.get_long_and_visible_aliases().unwrap_or_default();
    let shorts = arg.get_short_and_visible_aliases().unwrap_or_default();
    longs
        .into_iter()
        .map(|l| format!("--{l}"))
        .chain(shorts.into_iter().map(|s| format!("-{s}")))
        .collect()
}

/// Every visible command of the tree, parents first.
fn shapes(cmd: &Command, path: &str, out: &mut Vec<Shape>) {
    let positionals: Vec<&Arg> = cmd.get_positionals().collect();
    let mut subcommands = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name().to_string();
        subcommands.push((name.clone(), name.clone()));
        for alias in sub.get_visible_aliases() {
            subcommands.push((alias.to_string(), name.clone()));
        }
    }
    out.push(Shape {
        path: path.to_string(),
        slots: positionals.iter().map(|a| slot(a)).collect(),
        last_repeats: positionals
            .last()
            .is_some_and(|a| a.get_num_args().is_some_and(|n| n.max_values() > 1)),
        value_options: cmd
            .get_arguments()
            .filter(|a| takes_value(a) && !a.is_global_set())
            .flat_map(spellings)
            .collect(),
        subcommands,
    });
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let sub_path = if path.is_empty() {
            sub.get_name().to_string()
        } else {
            format!("{path} {}", sub.get_name())
        };
        shapes(sub, &sub_path, out);
    }
}

/// What the helper lists for slot `slot` of the command at `path`.
fn ids_for(path: &str, slot: Slot) -> Option<Ids> {
    match slot {
        Slot::Incident if OPEN_ONLY.contains(&path) => Some(Ids::OpenIncidents),
        Slot::Incident => Some(Ids::Incidents),
        Slot::Playbook => Some(Ids::Playbooks),
        Slot::Other => None,
    }
}

/// The bash script: clap_complete's function renamed `_warroom_clap`, and
/// in front of it `_warroom`, which completes ids where the slot takes one
/// and hands every other position to clap's.
fn with_ids(generated: &str, cmd: &Command) -> String {
    let renamed = generated.replacen("_warroom() {", "_warroom_clap() {", 1);
    assert_ne!(
        renamed, generated,
        "clap_complete's bash function is no longer `_warroom() {{`"
    );
    let mut all = Vec::new();
    shapes(cmd, "", &mut all);
    let globals: Vec<String> = cmd
        .get_arguments()
        .filter(|a| takes_value(a) && a.is_global_set())
        .flat_map(spellings)
        .collect();
    format!(
        "{renamed}\n{}",
        WRAPPER
            .replace("@SLOTS@", &slot_cases(&all))
            .replace("@VALUES@", &value_cases(&all, &globals))
            .replace("@SUBCOMMANDS@", &subcommand_cases(&all))
    )
}

/// `"status:0") REPLY=incidents ;;` for every slot that takes ids.
fn slot_cases(all: &[Shape]) -> String {
    let mut out = String::new();
    for shape in all {
        for (i, s) in shape.slots.iter().enumerate() {
            let Some(ids) = ids_for(&shape.path, *s) else {
                continue;
            };
            let (path, ids) = (&shape.path, ids.as_str());
            if i + 1 == shape.slots.len() && shape.last_repeats {
                // Every later word fills the same slot.
                let _ = writeln!(
                    out,
                    "        \"{path}:\"*) (( $2 >= {i} )) && REPLY={ids} || REPLY= ;;"
                );
            } else {
                let _ = writeln!(out, "        \"{path}:{i}\") REPLY={ids} ;;");
            }
        }
    }
    out
}

/// `"step") case $2 in --reason|--note) return 0 ;; esac ;;`, and the
/// global options (`--db`) for every command.
fn value_cases(all: &[Shape], globals: &[String]) -> String {
    let mut out = String::new();
    if !globals.is_empty() {
        let _ = writeln!(
            out,
            "    case $2 in {}) return 0 ;; esac",
            globals.join("|")
        );
    }
    let _ = writeln!(out, "    case $1 in");
    for shape in all.iter().filter(|s| !s.value_options.is_empty()) {
        let _ = writeln!(
            out,
            "        \"{}\") case $2 in {}) return 0 ;; esac ;;",
            shape.path,
            shape.value_options.join("|")
        );
    }
    let _ = writeln!(out, "    esac");
    out
}

/// `":followup") REPLY=follow-up ;;`: a word that enters a subcommand.
fn subcommand_cases(all: &[Shape]) -> String {
    let mut out = String::new();
    for shape in all {
        for (typed, name) in &shape.subcommands {
            let full = if shape.path.is_empty() {
                name.clone()
            } else {
                format!("{} {name}", shape.path)
            };
            let _ = writeln!(
                out,
                "        \"{}:{typed}\") REPLY=\"{full}\" ;;",
                shape.path
            );
        }
    }
    out
}

/// The bash side. `@...@` are filled from the clap tree by [`with_ids`].
const WRAPPER: &str = r#"# Incident and playbook ids, from the database and playbooks in force
# (the command line's --db and --playbooks, WARROOM_DB, the config files),
# through `warroom __complete`, which only reads and never prompts.

# REPLY: what positional slot $2 (from 0) of command "$1" takes.
__warroom_slot() {
    case "$1:$2" in
@SLOTS@        *) REPLY= ;;
    esac
}

# Whether option $2 of command "$1" takes the next word as its value.
__warroom_takes_value() {
@VALUES@    return 1
}

# REPLY: the command that word $2 enters from command "$1", if any.
__warroom_subcommand() {
    case "$1:$2" in
@SUBCOMMANDS@        *) REPLY= ;;
    esac
}

# The ids of kind $1, for the warroom being completed.
__warroom_ids() {
    local bin=${COMP_WORDS[0]}
    [[ $bin == "~/"* ]] && bin=$HOME/${bin#"~/"}
    [[ $bin == */* && -x $bin ]] || bin=warroom
    "$bin" __complete "$1" "${__warroom_pass[@]}" 2>/dev/null </dev/null
}

_warroom() {
    local cur=${COMP_WORDS[COMP_CWORD]} word want= path= rest= REPLY
    local -i i index=0
    local -a __warroom_pass=()
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word=${COMP_WORDS[i]}
        if [[ -n $want ]]; then
            # bash splits `--db=FILE` at the `=` into three words.
            [[ $word == = ]] && continue
            [[ $word == "~/"* ]] && word=$HOME/${word#"~/"}
            [[ $want == --db || $want == --playbooks ]] && __warroom_pass+=("$want" "$word")
            want=
            continue
        fi
        if [[ -z $rest && $word == -- ]]; then
            rest=1
            continue
        fi
        if [[ -z $rest && $word == -* ]]; then
            __warroom_takes_value "$path" "$word" && want=$word
            continue
        fi
        if (( index == 0 )) && [[ -z $rest ]]; then
            __warroom_subcommand "$path" "$word"
            if [[ -n $REPLY ]]; then
                path=$REPLY
                continue
            fi
        fi
        index+=1
    done
    # An option, or an option's value: clap's script knows those.
    if [[ -n $want || ( -z $rest && $cur == -* ) ]]; then
        _warroom_clap "$@"
        return
    fi
    __warroom_slot "$path" "$index"
    local ids=$REPLY
    if [[ -z $ids ]]; then
        _warroom_clap "$@"
        return
    fi
    local -a found
    mapfile -t found < <(compgen -W "$(__warroom_ids "$ids")" -- "$cur")
    if [[ -z $path ]]; then
        # warroom itself: a subcommand, or an incident to open the console on.
        _warroom_clap "$@"
        COMPREPLY+=("${found[@]}")
    else
        COMPREPLY=("${found[@]}")
        # No id matches: say nothing rather than offer file names.
        compopt +o default +o bashdefault 2>/dev/null
    fi
    return 0
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<Shape> {
        let mut out = Vec::new();
        shapes(&super::super::command(), "", &mut out);
        out
    }

    fn shape<'a>(all: &'a [Shape], path: &str) -> &'a Shape {
        all.iter().find(|s| s.path == path).unwrap()
    }

    #[test]
    fn incident_slots_come_from_the_clap_tree() {
        let all = all();
        let incident_first: Vec<&str> = all
            .iter()
            .filter(|s| s.slots.first() == Some(&Slot::Incident))
            .map(|s| s.path.as_str())
            .collect();
        for path in [
            "",
            "status",
            "step",
            "answer",
            "note",
            "set-status",
            "run",
            "approve",
            "role",
            "assign",
            "amend",
            "follow-up",
            "verify",
            "export",
            "leaked",
        ] {
            assert!(incident_first.contains(&path), "{path}: {incident_first:?}");
        }
        assert!(shape(&all, "export").last_repeats);
        assert!(!shape(&all, "status").last_repeats);
        assert_eq!(shape(&all, "declare").slots, [Slot::Playbook]);
        assert_eq!(shape(&all, "drill").slots, [Slot::Playbook]);
        // STEP and CHOICE are not incidents.
        assert_eq!(
            shape(&all, "answer").slots,
            [Slot::Incident, Slot::Other, Slot::Other]
        );
    }

    #[test]
    fn every_open_only_command_takes_an_incident() {
        let all = all();
        for path in OPEN_ONLY {
            let s = shape(&all, path);
            assert_eq!(s.slots.first(), Some(&Slot::Incident), "{path}");
        }
    }

    #[test]
    fn the_bash_tables_name_options_slots_and_aliases() {
        let bash = script(Shell::Bash);
        assert!(bash.contains("_warroom_clap() {"));
        assert!(bash.contains("\"status:0\") REPLY=incidents ;;"));
        assert!(bash.contains("\"step:0\") REPLY=open-incidents ;;"));
        assert!(bash.contains("\"export:\"*) (( $2 >= 0 )) && REPLY=incidents || REPLY= ;;"));
        assert!(bash.contains("\"declare:0\") REPLY=playbooks ;;"));
        assert!(bash.contains("\":followup\") REPLY=\"follow-up\" ;;"));
        assert!(bash.contains("\"playbooks:show\") REPLY=\"playbooks show\" ;;"));
        assert!(bash.contains("case $2 in --playbooks|--db|--as|--log) return 0 ;; esac"));
        assert!(bash.contains("\"export\") case $2 in --format|--output|-o|--since|--until)"));
        assert!(!bash.contains("__complete)"), "the helper is not offered");
    }

    #[test]
    fn only_plain_ids_reach_compgen() {
        assert!(is_plain("INC-12"));
        assert!(is_plain("secret-leak"));
        assert!(!is_plain("$(touch x)"));
        assert!(!is_plain("a b"));
        assert!(!is_plain(""));
    }
}
