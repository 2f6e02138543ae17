//! The command line: clap definitions and the headless subcommands.
//!
//! Exit codes are a contract: 0 success, 1 an action was refused, 2 bad
//! input. Errors are one line on stderr; output goes to stdout.

mod completions;
pub mod drills;
mod hidden;
pub mod incidents;
mod manpages;
pub mod output;
mod playbooks;
mod redact;
mod store;
mod tail;
mod team;
mod watch;

use crate::app::{self, Context};
use crate::playbook::Diagnostic;
use clap::{CommandFactory, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "warroom",
    version = version_text(),
    about = "A terminal incident console: playbooks with deadlines, redacted live logs, one timeline.",
    long_about = "A terminal incident console. Responders follow a playbook whose phases count down \
to their deadlines, every action is recorded, and the record becomes the post-incident timeline.\n\n\
Exit codes: 0 success, 1 the action was refused, 2 bad input."
)]
pub struct Cli {
    /// Extra playbook directory; its files add to the bundled set and replace bundled playbooks with the same id.
    /// (Also `WARROOM_PLAYBOOKS=DIR`; an empty value counts as unset.)
    #[arg(long, global = true, value_name = "DIR")]
    pub playbooks: Option<PathBuf>,

    /// The incident database (default: WARROOM_DB, else `db` in your config, else in /etc/warroom/config.toml, else ~/.local/share/warroom/warroom.db; `warroom doctor` shows which).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Your display name on the timeline (default: WARROOM_ACTOR, SUDO_USER, else your account); the account from your uid is always recorded beside it.
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub actor: Option<String>,

    /// An extra log file for the console's log pane (repeatable).
    #[arg(long = "log", global = true, value_name = "PATH")]
    pub logs: Vec<PathBuf>,

    /// Draw with ASCII only, for fonts without box drawing.
    #[arg(long, global = true)]
    pub ascii: bool,

    /// Show the console's times in UTC (default: local time, its offset shown).
    #[arg(long, global = true)]
    pub utc: bool,

    /// Open the console on this incident (e.g. INC-4) instead of the list.
    #[arg(value_name = "INCIDENT")]
    pub incident: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Declare an incident from a playbook; prints only its id (e.g. INC-7).
    Declare {
        /// Playbook id (see `warroom playbooks list`).
        playbook: String,
        /// A one-line title (default: the playbook's title).
        #[arg(long)]
        title: Option<String>,
        /// P0..P3 (default: the playbook's).
        #[arg(long)]
        severity: Option<String>,
        /// Answer a playbook input: --set leaked=github-token (repeatable).
        #[arg(long = "set", value_name = "INPUT=VALUE")]
        set: Vec<String>,
        /// A rehearsal: marked DRILL everywhere.
        #[arg(long)]
        drill: bool,
        /// With --drill: run the clock N times faster (deadlines, T+ and signals).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3600))]
        speed: Option<u32>,
    },
    /// Rehearse a playbook: declare a drill and open the console on it.
    Drill {
        /// Playbook id (see `warroom playbooks list`).
        playbook: String,
        /// Run the clock N times faster: `--speed 60` rehearses 15 minutes in 15 seconds.
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=3600))]
        speed: u32,
        /// Answer a playbook input: --set leaked=github-token (repeatable).
        #[arg(long = "set", value_name = "INPUT=VALUE")]
        set: Vec<String>,
        /// A one-line title (default: the playbook's title).
        #[arg(long)]
        title: Option<String>,
    },
    /// List past drills with their scores (all playbooks, or one).
    Drills {
        /// Only drills of this playbook.
        playbook: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List open incidents (--all: every incident).
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show an incident: phases, deadlines and steps (default: the one open incident).
    Status {
        incident: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Move a step: start, done, skip (needs --reason) or reopen (needs --reason).
    Step {
        incident: String,
        step: String,
        action: StepAction,
        /// Why (required to skip or reopen, and with --force).
        #[arg(long)]
        reason: Option<String>,
        /// A note recorded with the change.
        #[arg(long)]
        note: Option<String>,
        /// Start or finish a blocked step anyway; needs --reason.
        #[arg(long)]
        force: bool,
        /// Start a step assigned to someone else without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Answer a decision step, or set a playbook input.
    Answer {
        incident: String,
        step: String,
        choice: String,
        /// Answer a decision whose prerequisites are open; needs --reason.
        #[arg(long)]
        force: bool,
        /// Why (with --force); the report lists the override.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Add a note to the timeline ("-" reads it from stdin).
    Note {
        incident: String,
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        /// The step the note is about.
        #[arg(long)]
        step: Option<String>,
    },
    /// Change the status: declared, investigating, mitigated, resolved, closed.
    SetStatus { incident: String, status: String },
    /// Change the severity: P0..P3.
    SetSeverity { incident: String, severity: String },
    /// Give an incident a new title (recorded on the timeline; one line).
    Rename {
        incident: String,
        #[arg(required = true, num_args = 1..)]
        title: Vec<String>,
    },
    /// Run a step's command, after showing it in full and asking; the run is recorded as evidence.
    ///
    /// Shows the exact command (placeholders filled), the shell, directory
    /// and account, and asks before running. It runs as you, in your login
    /// environment, with the step's timeout (default 5m); Ctrl-C stops it.
    /// Its output streams redacted; the event keeps the redacted output
    /// (first and last 32 KiB) and the SHA-256 of the raw output. Exit 1
    /// when it did not exit 0.
    Run {
        incident: String,
        step: String,
        /// Which of the step's commands (1..N) when it has several.
        #[arg(long, value_name = "N")]
        line: Option<usize>,
        /// A placeholder's value: `{{NAME}}` or a literal the step lists (`--set '<secret-name>=GH_TOKEN'`).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        /// Run without asking (a command from a playbook that is not bundled must have been confirmed once).
        #[arg(long)]
        yes: bool,
    },
    /// Approve a step that needs a second person (approval = true), or refuse it with --refuse.
    Approve {
        incident: String,
        step: String,
        /// Why (required with --refuse).
        #[arg(long)]
        reason: Option<String>,
        /// Say no: earlier approvals of the step stop counting.
        #[arg(long)]
        refuse: bool,
    },
    /// Take a role (commander, scribe, comms, or the playbook's), or hand yours over.
    ///
    /// `warroom role INC-1 commander` takes it (one held by someone else
    /// only with --force: a takeover, recorded as one); `--handoff-to
    /// ACCOUNT --note TEXT` hands a role you hold to another account.
    Role {
        incident: String,
        role: String,
        /// Hand the role you hold to this account.
        #[arg(long, value_name = "ACCOUNT", requires = "note")]
        handoff_to: Option<String>,
        /// What the next holder needs to know (with --handoff-to).
        #[arg(long)]
        note: Option<String>,
        /// Take over a role someone else holds.
        #[arg(long, conflicts_with = "handoff_to")]
        force: bool,
    },
    /// Assign a step to a responder's account (--clear takes it back).
    Assign {
        incident: String,
        step: String,
        #[arg(required_unless_present = "clear")]
        account: Option<String>,
        #[arg(long, conflicts_with = "account")]
        clear: bool,
    },
    /// Correct a timeline entry's text or time; the original stays in the chain.
    ///
    /// EVENT is the event's number (`status --json`, `export`, the console's
    /// timeline). `--text` replaces a note's or reason's words, `--at` its
    /// time (UTC); `--reason` is required.
    Amend {
        incident: String,
        event: u64,
        #[arg(long, required_unless_present = "at")]
        text: Option<String>,
        /// The corrected time, e.g. "2026-11-23 03:12:00" (UTC).
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        reason: String,
    },
    /// Add a follow-up action item for the postmortem, or change one's state.
    ///
    /// `warroom follow-up INC-7 "Rotate the CI token monthly" --owner carol --due 2026-12-15`
    /// adds one (owner defaults to you; --due takes a date or `7d` from today).
    /// `--done N`, `--drop N` and `--reopen N` change follow-up #N.
    #[command(name = "follow-up", visible_alias = "followup")]
    FollowUp {
        incident: String,
        /// What is to be done (one line).
        #[arg(num_args = 0.., required_unless_present_any = ["done", "drop", "reopen"], conflicts_with_all = ["done", "drop", "reopen"])]
        text: Vec<String>,
        /// Who owns it (default: you).
        #[arg(long)]
        owner: Option<String>,
        /// When it is due: YYYY-MM-DD, or a span from today such as 7d.
        #[arg(long)]
        due: Option<String>,
        /// Mark follow-up N done.
        #[arg(long, value_name = "N", conflicts_with_all = ["drop", "reopen", "owner", "due"])]
        done: Option<u32>,
        /// Mark follow-up N dropped (not to be done).
        #[arg(long, value_name = "N", conflicts_with_all = ["reopen", "owner", "due"])]
        drop: Option<u32>,
        /// Open follow-up N again.
        #[arg(long, value_name = "N", conflicts_with_all = ["owner", "due"])]
        reopen: Option<u32>,
    },
    /// Check an incident's hash chain against what vouches for it from outside the database.
    ///
    /// Prints the event count and the head hash. Without a record made
    /// outside the database the chain is only "internally consistent" (a
    /// member who can write the database can rewrite it and every hash);
    /// your own witness (kept by every write you make), `--expect` and
    /// `--against` show rewrites, cut events and deleted incidents since
    /// they were recorded. Exit 1 names the incident, event and problem.
    Verify {
        /// Incident id (INC-7); omit with --all.
        #[arg(required_unless_present = "all")]
        incident: Option<String>,
        /// A head hash recorded earlier (printed by `verify`, in every export).
        #[arg(long, value_name = "HASH", conflicts_with_all = ["against", "all"])]
        expect: Option<String>,
        /// An export written earlier (Markdown, JSON or CSV) to compare with.
        #[arg(long, value_name = "EXPORT", conflicts_with = "all")]
        against: Option<PathBuf>,
        /// Every incident, including ones you witnessed that are gone.
        #[arg(long, conflicts_with = "incident")]
        all: bool,
    },
    /// Write the post-incident report: Markdown (default), JSON or CSV.
    Export {
        /// Incident ids (INC-7); several make one report.
        incidents: Vec<String>,
        /// Every incident.
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
        format: ExportFormat,
        /// Write to FILE (created 0600, atomically) instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
        /// Only events at or after this time (RFC 3339, or YYYY-MM-DD HH:MM[:SS] UTC).
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        /// Only events at or before this time.
        #[arg(long, value_name = "TIME")]
        until: Option<String>,
    },
    /// Register a leaked value (read from stdin, never echoed) so it is scrubbed everywhere from now on.
    ///
    /// Only a keyed fingerprint is stored; the value itself never is.
    Leaked { incident: String },
    /// List, show and check playbooks.
    #[command(subcommand)]
    Playbooks(PlaybooksCommand),
    /// Print the end of files, sanitized and redacted; -f follows them like `tail -F`.
    Tail {
        /// Keep following: rotation, truncation and files that appear later are handled.
        #[arg(short, long)]
        follow: bool,
        /// Lines to show from the end of each file first.
        #[arg(short = 'n', long = "lines", value_name = "N", default_value_t = 10)]
        lines: usize,
        /// Files to print.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Show which database, config files and playbook directories are in use, and why.
    #[command(visible_alias = "where")]
    Doctor,
    /// Watch every open incident headless: record missed deadlines and drill signals, run the host's escalation and reminder hooks.
    ///
    /// Each second, for every open incident: missed deadlines and a drill's
    /// due signals are recorded, and the hooks in the host's config
    /// (`[escalation]`, `[reminder]`) run, each occurrence exactly once
    /// however many watchers and consoles are open. One line per action on
    /// stdout. SIGTERM, SIGINT or SIGHUP: exit 0 once running hooks are done.
    Watch {
        /// One pass, then exit (for tests and cron).
        #[arg(long)]
        once: bool,
    },
    /// Set up a host where several responders share one incident database.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Set up or move the incident store (`--db`): create or upgrade a PostgreSQL schema.
    #[command(subcommand)]
    Store(store::StoreCommand),
    /// Copy files (or stdin) to stdout with secrets and control sequences removed.
    Redact {
        /// Files to read; stdin when none.
        files: Vec<PathBuf>,
        /// Print how many secrets each rule removed, to stderr.
        #[arg(long)]
        stats: bool,
        /// Print every rule in force (name, what it finds, its shape) and exit.
        #[arg(long, conflicts_with_all = ["files", "stats"])]
        list_rules: bool,
    },
    /// Print a shell completion script: bash (which also completes incident and playbook ids), zsh or fish.
    ///
    /// `warroom completions bash > ~/.local/share/bash-completion/completions/warroom`
    /// for yourself; the Debian package installs all three. In bash, Tab after a
    /// command that takes an incident lists the incidents of the database in force
    /// (`--db` on the line, WARROOM_DB, the config files), read without writing.
    Completions {
        #[arg(value_enum)]
        shell: completions::Shell,
    },
}

/// `0.1.0 (commit 0123456789ab, schema 4)`, after the name in `warroom
/// --version`: what a bug report needs to say which build and which
/// database layout it is about.
fn version_text() -> &'static str {
    static TEXT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "{} (commit {}, schema {})",
            env!("CARGO_PKG_VERSION"),
            env!("WARROOM_GIT_COMMIT"),
            crate::store::SCHEMA_VERSION
        )
    });
    &TEXT
}

/// The whole command tree, as parsed: also what completions and man pages
/// are generated from.
pub fn command() -> clap::Command {
    Cli::command()
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Md,
    Json,
    Csv,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepAction {
    Start,
    Done,
    Skip,
    Reopen,
}

#[derive(Subcommand, Debug)]
pub enum TeamCommand {
    /// Run once by an admin: a setgid directory owned by GROUP (2770), the
    /// database in it (0660), and /etc/warroom/config.toml pointing at it.
    /// Running it again changes nothing.
    Init {
        /// Where the shared database lives.
        #[arg(long, default_value = team::DEFAULT_DIR)]
        dir: PathBuf,
        /// The responders' group.
        #[arg(long, default_value = team::DEFAULT_GROUP)]
        group: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum PlaybooksCommand {
    /// List every playbook with its deadlines and where it comes from.
    List,
    /// Show one playbook's phases, steps and commands.
    Show {
        /// Playbook id, as printed by `warroom playbooks list`.
        id: String,
    },
    /// Check playbook files strictly; with no PATH, the bundled and configured set.
    Check {
        /// Files or directories of `*.toml` playbooks.
        paths: Vec<PathBuf>,
    },
}

/// Why a command did not succeed, mapped onto the exit-code contract.
#[derive(Debug)]
pub enum Failure {
    /// Bad input: exit 2.
    Bad(String),
    /// Playbook problems, one `FILE:LINE:COL: message` each: exit 2.
    Diagnostics(Vec<Diagnostic>),
    /// Already reported on stderr; exit with this code.
    Quiet(u8),
    /// The action was refused: exit 1.
    Refused(String),
}

impl From<app::Error> for Failure {
    fn from(e: app::Error) -> Self {
        match e {
            app::Error::Bad(m) => Failure::Bad(m),
            app::Error::Diagnostics(d) => Failure::Diagnostics(d),
            app::Error::Refused(m) => Failure::Refused(m),
        }
    }
}

impl From<crate::playbook::LoadError> for Failure {
    fn from(e: crate::playbook::LoadError) -> Self {
        app::Error::from(e).into()
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Self {
        app::Error::from(e).into()
    }
}

pub fn main() -> ExitCode {
    if let Some(code) = hidden::run_if_asked() {
        return code;
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return bad_arguments(e),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(failure),
    }
}

/// Help and version print as clap renders them; a bad flag or value is
/// bad input like any other: one line, exit 2.
fn bad_arguments(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit();
    }
    // clap's message runs up to the first blank line ("the following
    // required arguments were not provided:" continues on the next lines);
    // the usage and tips after it are what `--help` is for.
    let text = e.render().to_string();
    let message: Vec<&str> = text
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.trim().trim_start_matches("error: "))
        .collect();
    report(Failure::Bad(format!(
        "{} (see warroom --help)",
        message.join(" ")
    )))
}

/// Most an error line shows: it echoes what it was given (an id, a step
/// name, candidate names), and a 100 KB argument must not become a
/// 100 KB line.
const MAX_ERROR_CHARS: usize = 600;

/// An error as one safe line: no control sequence, no newline, no
/// secret, capped. Errors echo what they were given, and a token pasted
/// where an id belongs, or typed into a playbook's `due`, must not come
/// back on a shared screen. The built-in rules only: the config that adds
/// rules may be what failed.
pub(crate) fn error_line(msg: &str) -> String {
    static RULES: std::sync::OnceLock<crate::redact::Redactor> = std::sync::OnceLock::new();
    let flat = crate::incident::one_line(&crate::redact::sanitize_str(msg));
    let flat = RULES
        .get_or_init(crate::redact::Redactor::builtin)
        .redact(&flat)
        .into_owned();
    let total = flat.chars().count();
    if total <= MAX_ERROR_CHARS {
        return flat;
    }
    let kept: String = flat.chars().take(MAX_ERROR_CHARS).collect();
    format!("{kept}… (cut: {total} characters in all)")
}

fn report(failure: Failure) -> ExitCode {
    let mut err = std::io::stderr().lock();
    let code = match failure {
        Failure::Bad(msg) => {
            let _ = writeln!(err, "warroom: {}", error_line(&msg));
            2
        }
        Failure::Diagnostics(diags) => {
            for d in diags {
                let _ = writeln!(err, "{}", error_line(&d.to_string()));
            }
            2
        }
        Failure::Quiet(code) => code,
        Failure::Refused(msg) => {
            let _ = writeln!(err, "warroom: {}", error_line(&msg));
            1
        }
    };
    ExitCode::from(code)
}

pub fn run(cli: Cli) -> Result<(), Failure> {
    let ctx = context(&cli);
    match cli.command {
        None => {
            let open = cli
                .incident
                .as_deref()
                .map(|text| {
                    crate::incident::parse_id(text).ok_or_else(|| {
                        Failure::Bad(format!(
                            "`{text}` is neither a command nor an incident id (expected something like INC-4; see warroom --help)"
                        ))
                    })
                })
                .transpose()?;
            needs_terminal()?;
            console(crate::tui::Options {
                ctx,
                logs: cli.logs.clone(),
                ascii: cli.ascii,
                utc: cli.utc,
                open,
            })
        }
        Some(Command::Drill {
            playbook,
            speed,
            set,
            title,
        }) => {
            // Checked before the drill is declared: no orphan incident.
            needs_terminal()?;
            let id = incidents::declare_new(
                &ctx,
                &incidents::NewIncident {
                    playbook,
                    title,
                    severity: None,
                    set,
                    drill: true,
                    speed: Some(speed),
                },
            )?;
            console(crate::tui::Options {
                ctx,
                logs: cli.logs.clone(),
                ascii: cli.ascii,
                utc: cli.utc,
                open: Some(id),
            })
        }
        Some(Command::Drills { playbook, json }) => drills::list(&ctx, playbook.as_deref(), json),
        Some(Command::Playbooks(sub)) => playbooks::run(&ctx, sub),
        Some(Command::Team(TeamCommand::Init { dir, group })) => team::init(&dir, &group),
        Some(Command::Doctor) => team::doctor(&ctx),
        Some(Command::Store(sub)) => store::run(&ctx, sub),
        Some(Command::Watch { once }) => watch::run(&ctx, once),
        Some(Command::Completions { shell }) => completions::print(shell),
        Some(
            cmd @ (Command::Declare { .. }
            | Command::List { .. }
            | Command::Status { .. }
            | Command::Step { .. }
            | Command::Answer { .. }
            | Command::Note { .. }
            | Command::SetStatus { .. }
            | Command::SetSeverity { .. }
            | Command::Rename { .. }
            | Command::FollowUp { .. }
            | Command::Run { .. }
            | Command::Role { .. }
            | Command::Assign { .. }
            | Command::Amend { .. }
            | Command::Approve { .. }
            | Command::Verify { .. }
            | Command::Leaked { .. }
            | Command::Export { .. }),
        ) => incidents::run(&ctx, cmd),
        Some(Command::Tail {
            follow,
            lines,
            paths,
        }) => {
            let store = existing_store(&ctx);
            let (library, diags) = ctx.library()?;
            warn_unloaded(&diags);
            let redactor = app::redactor(&library, store.as_ref())?;
            let leaks = match store {
                Some(store) if follow => Some(app::live::Leaks::new(store, library)?),
                _ => None,
            };
            tail::run(&paths, lines, follow, redactor, leaks)
        }
        Some(Command::Redact {
            list_rules: true, ..
        }) => redact::list_rules(&ctx.redactor(None)?),
        Some(Command::Redact { files, stats, .. }) => {
            let (library, diags) = ctx.library()?;
            warn_unloaded(&diags);
            let store = existing_store(&ctx);
            redact::run(&files, stats, &app::redactor(&library, store.as_deref())?)
        }
    }
}

/// The console draws on a terminal and reads keys from it. Without one
/// (`ssh host warroom` without `-t`, cron, setsid) it would fail halfway
/// or spin; say so in one line first.
fn needs_terminal() -> Result<(), Failure> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return Ok(());
    }
    Err(Failure::Bad(
        "the console needs a terminal on stdin and stdout: over SSH use `ssh -t`; without one, use a subcommand (`warroom list`, `warroom status INC-N`, `warroom --help`)".into(),
    ))
}

/// For the commands that clean a stream (`redact`, `tail`): a playbook
/// that failed to load brings none of its `[[redact]]` rules, so the
/// responder is told on stderr, once per file, before any output. The
/// stream is still cleaned by every other rule: a pipeline does not stop
/// for a typo in an unrelated playbook.
fn warn_unloaded(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in crate::playbook::first_per_file(diags) {
        let _ = writeln!(
            err,
            "warroom: warning: {}; the playbook is not loaded, so none of its [[redact]] rules apply",
            error_line(&d.to_string()),
        );
    }
}

/// Runs the console. Once the terminal is restored, a drill's score card
/// goes to the responder's scrollback, where it stays.
fn console(opts: crate::tui::Options) -> Result<(), Failure> {
    if let Some(card) = crate::tui::run(opts)? {
        output::emit(&drills::render(&card))?;
    }
    Ok(())
}

fn context(cli: &Cli) -> Context {
    Context {
        playbooks: cli.playbooks.clone(),
        db: cli.db.clone(),
        actor: cli.actor.clone(),
    }
}

/// The store for `redact` and `tail`, if there is one: they only read the
/// registered leaked values, so one that cannot be opened is a warning.
fn existing_store(ctx: &Context) -> Option<Box<dyn crate::store::IncidentStore>> {
    ctx.existing_store().unwrap_or_else(|e| {
        eprintln!(
            "warroom: warning: {}",
            error_line(&format!("registered leaked values not loaded: {e}"))
        );
        None
    })
}
