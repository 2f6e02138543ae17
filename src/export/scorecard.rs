//! A drill's score card in words: for the terminal when a drill ends, and
//! as a section of the Markdown report.

use super::cell;
use crate::drill::Earlier;
use crate::drill::card::{median, phase_result as result, ratio, response, trend, worked_on};
use crate::incident::score::{PhaseScore, ScoreCard, short};
use crate::playbook::SUGGESTED_LEGEND;
use chrono::{DateTime, Utc};
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// The terminal width the text is laid out for.
const WIDTH: usize = 80;
/// Left margin of table rows.
const INDENT: &str = "  ";
/// Space between table columns.
const GAP: &str = "  ";

/// Text from a playbook, an event or the caller, made safe for one line:
/// escape sequences and control characters removed, any run of whitespace
/// (tabs and newlines included) shown as one space.
fn clean(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    crate::redact::sanitize_str(&spaced)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` in exactly `width` columns: cut with `…` when longer, padded
/// with spaces when shorter.
fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    if text.width() <= width {
        out.push_str(text);
    } else if width > 0 {
        for c in text.chars() {
            out.push(c);
            if out.width() > width - 1 {
                out.pop();
                break;
            }
        }
        out.push('…');
    }
    let used = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// One table row: every cell but the last padded to its width, the last
/// cut to what is left of the line.
fn row(cells: &[(&str, usize)], last: &str) -> String {
    let mut line = INDENT.to_string();
    for (text, width) in cells {
        line.push_str(&fit(text, *width));
        line.push_str(GAP);
    }
    let room = WIDTH.saturating_sub(line.width());
    line.push_str(&fit(last, room));
    line.trim_end().to_string()
}

/// Words of `text` in lines of at most `WIDTH` columns: the first after
/// `first`, the rest after `rest` (both as wide as each other).
fn wrap(first: &str, rest: &str, text: &str) -> Vec<String> {
    let room = WIDTH.saturating_sub(first.width()).max(10);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word = word.to_string();
        // A word longer than a whole line is cut into pieces.
        while word.width() > room {
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            let mut piece = String::new();
            let mut chars = word.chars();
            for c in chars.by_ref() {
                piece.push(c);
                if piece.width() > room {
                    piece.pop();
                    word = std::iter::once(c).chain(chars).collect();
                    break;
                }
            }
            lines.push(piece);
        }
        if current.is_empty() {
            current = word;
        } else if current.width() + 1 + word.width() <= room {
            current.push(' ');
            current.push_str(&word);
        } else {
            lines.push(std::mem::replace(&mut current, word));
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            format!("{}{l}", if i == 0 { first } else { rest })
                .trim_end()
                .to_string()
        })
        .collect()
}

fn t_plus(secs: i64) -> String {
    format!("T+{}", short(secs))
}

fn opt_t_plus(secs: Option<i64>) -> String {
    secs.map_or_else(|| "-".to_string(), t_plus)
}

/// A phase's deadline: "T+15m00s", "~T+1h00m" for warroom's suggestion,
/// or "untimed".
fn due(p: &PhaseScore) -> String {
    p.due_secs.map_or_else(
        || "untimed".to_string(),
        |d| format!("{}{}", p.due_origin.mark(), t_plus(d)),
    )
}

/// The summary's parts on as few lines of at most `WIDTH` columns as
/// they fit, joined with " · ".
fn summary_lines(card: &ScoreCard) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for part in card.summary_parts() {
        match lines.last_mut() {
            Some(last) if last.width() + " · ".width() + part.width() <= WIDTH => {
                last.push_str(" · ");
                last.push_str(&part);
            }
            _ => lines.extend(wrap("", "", &part)),
        }
    }
    lines
}

/// How to read "1/2 ~0/1" in a trend's phases column.
const TREND_SPLIT: &str =
    "Phases met: against the source's deadlines, then against the suggested (~)";

/// Does any drill in the trend run on a suggested deadline?
fn trend_has_suggested(card: &ScoreCard, earlier: &[Earlier]) -> bool {
    card.has_suggested() || earlier.iter().any(|e| e.card.has_suggested())
}

fn date(at: Option<DateTime<Utc>>) -> String {
    at.map_or_else(
        || "-".to_string(),
        |d| d.format("%Y-%m-%d %H:%M UTC").to_string(),
    )
}

/// Plain text for the terminal: at most 80 columns, no colour, no control
/// characters.
pub fn text(label: &str, card: &ScoreCard, earlier: &[Earlier]) -> String {
    let label = clean(label);
    let tail = format!(" (drill at {}x, {})", card.speed, short(card.duration_secs));
    let head = "Score card for ";
    let room = WIDTH.saturating_sub(head.width() + tail.width());
    let mut lines = vec![format!("{head}{}{tail}", fit(&label, room).trim_end())];
    lines.extend(summary_lines(card));

    lines.push(String::new());
    lines.push("Phases".into());
    lines.push(row(&[("Phase", 26), ("Due", 9), ("Done at", 8)], "Result"));
    for p in &card.phases {
        lines.push(row(
            &[
                (&clean(&p.title), 26),
                (&due(p), 9),
                (&opt_t_plus(p.completed_secs), 8),
            ],
            &result(p),
        ));
    }
    if card.has_suggested() {
        lines.extend(wrap(INDENT, INDENT, SUGGESTED_LEGEND));
    }

    if !card.signals.is_empty() {
        lines.push(String::new());
        lines.push("Signals".into());
        lines.push(row(&[("At", 8), ("Source", 20), ("Response", 11)], "By"));
        for s in &card.signals {
            let by = s.responder.as_deref().map(clean).unwrap_or_default();
            lines.push(row(
                &[
                    (&t_plus(s.at_secs), 8),
                    (&clean(&s.source), 20),
                    (&response(s), 11),
                ],
                &by,
            ));
        }
    }

    if card.steps.iter().any(worked_on) {
        lines.push(String::new());
        lines.push("Time per step".into());
        lines.push(row(
            &[("Step", 26), ("State", 11), ("Started", 8), ("Finished", 8)],
            "Took",
        ));
        for s in card.steps.iter().filter(|s| worked_on(s)) {
            let took = s.took_secs.map_or_else(|| "-".to_string(), short);
            lines.push(row(
                &[
                    (&clean(&s.title), 26),
                    (&clean(&s.state), 11),
                    (&opt_t_plus(s.started_secs), 8),
                    (&opt_t_plus(s.finished_secs), 8),
                ],
                &took,
            ));
        }
    }

    if !card.skipped.is_empty() {
        lines.push(String::new());
        lines.push("Skipped".into());
        for s in &card.skipped {
            let reason = clean(&s.reason);
            let reason = if reason.is_empty() {
                "no reason given".to_string()
            } else {
                reason
            };
            let entry = format!("{}: {reason}", clean(&s.title));
            lines.extend(wrap("  - ", "    ", &entry));
        }
    }

    if !earlier.is_empty() {
        lines.push(String::new());
        lines.push("Trend".into());
        let cols = [
            ("Drill", 14),
            ("Date", 20),
            ("Phases met", 10),
            ("Signals answered", 16),
        ];
        lines.push(row(&cols, "Median"));
        for t in trend(card, earlier) {
            let c = t.card;
            lines.push(row(
                &[
                    (&clean(t.id), 14),
                    (&date(t.declared_at), 20),
                    (&c.phases_ratio(), 10),
                    (&ratio(c.signals_answered(), c.signals.len()), 16),
                ],
                &median(c),
            ));
        }
        if trend_has_suggested(card, earlier) {
            lines.extend(wrap(INDENT, INDENT, TREND_SPLIT));
            lines.extend(wrap(INDENT, INDENT, SUGGESTED_LEGEND));
        }
    }

    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// A Markdown table cell from any text.
fn md(text: &str) -> String {
    cell(&clean(text))
}

/// A `### Drill score` section for the Markdown report.
pub fn markdown(card: &ScoreCard, earlier: &[Earlier]) -> String {
    let mut out = String::from("### Drill score\n\n");
    let _ = writeln!(
        out,
        "Drill at {}x, {} of playbook time: {}.\n",
        card.speed,
        short(card.duration_secs),
        card.summary()
    );

    out.push_str("#### Phases\n\n| Phase | Due | Done at | Result |\n|---|---|---|---|\n");
    for p in &card.phases {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            md(&p.title),
            due(p),
            opt_t_plus(p.completed_secs),
            result(p)
        );
    }
    out.push('\n');
    if card.has_suggested() {
        let _ = writeln!(out, "{SUGGESTED_LEGEND}\n");
    }

    if !card.signals.is_empty() {
        out.push_str("#### Signals\n\n| At | Source | Response | By |\n|---|---|---|---|\n");
        for s in &card.signals {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                t_plus(s.at_secs),
                md(&s.source),
                response(s),
                s.responder.as_deref().map(md).unwrap_or_default()
            );
        }
        out.push('\n');
    }

    if card.steps.iter().any(worked_on) {
        out.push_str(
            "#### Time per step\n\n| Step | State | Started | Finished | Took |\n|---|---|---|---|---|\n",
        );
        for s in card.steps.iter().filter(|s| worked_on(s)) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md(&s.title),
                md(&s.state),
                opt_t_plus(s.started_secs),
                opt_t_plus(s.finished_secs),
                s.took_secs.map_or_else(|| "-".to_string(), short)
            );
        }
        out.push('\n');
    }

    if !card.skipped.is_empty() {
        out.push_str("#### Skipped steps\n\n| Step | Reason |\n|---|---|\n");
        for s in &card.skipped {
            let reason = if clean(&s.reason).is_empty() {
                "no reason given".to_string()
            } else {
                md(&s.reason)
            };
            let _ = writeln!(out, "| {} | {reason} |", md(&s.title));
        }
        out.push('\n');
    }

    if !earlier.is_empty() {
        out.push_str(
            "#### Trend\n\n| Drill | Date | Phases met | Signals answered | Median response |\n|---|---|---|---|---|\n",
        );
        for t in trend(card, earlier) {
            let c = t.card;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&clean(t.id)),
                date(t.declared_at),
                c.phases_ratio(),
                ratio(c.signals_answered(), c.signals.len()),
                median(c)
            );
        }
        out.push('\n');
        if trend_has_suggested(card, earlier) {
            // Apart, so no two `~` share a paragraph (a pair strikes through).
            let _ = writeln!(out, "{TREND_SPLIT}.\n\n{SUGGESTED_LEGEND}\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::score::{PhaseScore, SignalScore, SkippedStep, StepScore};
    use crate::playbook::DueOrigin;
    use chrono::TimeZone;

    fn phase(
        id: &str,
        title: &str,
        due: Option<i64>,
        done: Option<i64>,
        met: Option<bool>,
        margin: Option<i64>,
    ) -> PhaseScore {
        PhaseScore {
            id: id.into(),
            title: title.into(),
            due_secs: due,
            due_origin: DueOrigin::Source,
            completed_secs: done,
            met,
            margin_secs: margin,
        }
    }

    fn step(title: &str, state: &str, s: Option<i64>, f: Option<i64>) -> StepScore {
        StepScore {
            id: title.to_lowercase().replace(' ', "-"),
            title: title.into(),
            state: state.into(),
            started_secs: s,
            finished_secs: f,
            took_secs: f.map(|f| f - s.unwrap_or(0)),
        }
    }

    fn card() -> ScoreCard {
        ScoreCard {
            speed: 60,
            duration_secs: 4200,
            phases: vec![
                phase(
                    "triage",
                    "Triage | first look",
                    Some(900),
                    Some(708),
                    Some(true),
                    Some(192),
                ),
                phase(
                    "contain",
                    "Contain",
                    Some(1800),
                    Some(1865),
                    Some(false),
                    Some(-65),
                ),
                phase(
                    "recover",
                    "Recover",
                    Some(3600),
                    None,
                    Some(false),
                    Some(-600),
                ),
                phase("review", "Review", None, None, None, None),
            ],
            signals: vec![
                SignalScore {
                    index: 0,
                    source: "api".into(),
                    at_secs: 300,
                    response_secs: Some(75),
                    responder: Some("bob (via oncall)".into()),
                },
                SignalScore {
                    index: 1,
                    source: "db".into(),
                    at_secs: 2400,
                    response_secs: None,
                    responder: None,
                },
            ],
            steps: vec![
                step("Assess impact", "done", Some(240), Some(600)),
                step("Page the owner", "done", None, Some(750)),
                step(
                    "A step title far too long for any column of a terminal table, by design",
                    "in_progress",
                    Some(1980),
                    None,
                ),
                step("Write notes", "pending", None, None),
            ],
            skipped: vec![SkippedStep {
                id: "verify".into(),
                title: "Verify in \u{1b}[31mstaging".into(),
                reason: "no staging environment exists for this service yet, so \
                         verification waits for the next business day\tand\nthe owner"
                    .into(),
            }],
            declared_at: Some(Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap()),
        }
    }

    fn earlier() -> Vec<Earlier> {
        let mut older = card();
        older.signals[1].response_secs = Some(30);
        older.signals[1].responder = Some("carol".into());
        older.phases[1].met = Some(true);
        // Given newest first: the trend still lists them oldest first.
        vec![
            Earlier {
                id: "INC-5".into(),
                declared_at: Utc.with_ymd_and_hms(2026, 11, 16, 3, 0, 0).unwrap(),
                card: card(),
            },
            Earlier {
                id: "INC-2".into(),
                declared_at: Utc.with_ymd_and_hms(2026, 11, 9, 14, 30, 0).unwrap(),
                card: older,
            },
        ]
    }

    fn assert_terminal_safe(out: &str) {
        for line in out.lines() {
            assert!(line.width() <= 80, "{} columns: {line:?}", line.width());
            assert!(
                !line.chars().any(char::is_control),
                "control character in {line:?}"
            );
        }
    }

    #[test]
    fn score_text_shows_every_figure() {
        let out = text("INC-7", &card(), &[]);
        assert_terminal_safe(&out);
        for want in [
            "Score card for INC-7 (drill at 60x, 1h10m)",
            "1/3 phases met · 1/2 signals answered (median 1m15s) · 1 skipped",
            "T+15m00s",
            "T+11m48s",
            "met, 3m12s to spare",
            "missed by 1m05s",
            "not done, missed by 10m00s",
            "untimed",
            "T+5m00s",
            "api",
            "1m15s",
            "bob (via oncall)",
            "no response",
            "T+4m00s",
            "T+10m00s",
            "6m00s",
            "12m30s",
            "A step title far too long",
            "…",
            "Verify in staging: no staging environment",
            "the owner",
        ] {
            assert!(out.contains(want), "missing {want:?} in\n{out}");
        }
        // Every deadline the source's: no mark, no legend.
        assert!(!out.contains('~') && !out.contains("suggested"), "{out}");
        // Only steps someone worked on get a time.
        assert!(!out.contains("Write notes"), "{out}");
        assert!(!out.contains("Trend"), "{out}");
        // The phase row reads across.
        let triage = out.lines().find(|l| l.contains("Triage")).unwrap();
        assert!(
            triage.contains("T+15m00s") && triage.ends_with("met, 3m12s to spare"),
            "{triage:?}"
        );
        let db = out.lines().find(|l| l.contains("T+40m00s")).unwrap();
        assert!(db.contains("db") && db.ends_with("no response"), "{db:?}");
    }

    #[test]
    fn score_text_trend_lists_oldest_first_and_this_drill_last() {
        let out = text("INC-7", &card(), &earlier());
        assert_terminal_safe(&out);
        let trend: Vec<&str> = out.lines().skip_while(|l| *l != "Trend").skip(2).collect();
        assert_eq!(trend.len(), 3, "{out}");
        assert!(trend[0].contains("INC-2") && trend[0].contains("2026-11-09 14:30 UTC"));
        assert!(
            trend[0].contains("2/3") && trend[0].contains("2/2"),
            "{}",
            trend[0]
        );
        assert!(trend[1].contains("INC-5") && trend[1].contains("2026-11-16 03:00 UTC"));
        assert!(trend[2].contains("this drill") && trend[2].contains("2026-11-23 03:00 UTC"));
        assert!(
            trend[2].contains("1/3") && trend[2].contains("1/2"),
            "{}",
            trend[2]
        );
        // Median of 30 s and 75 s (the upper of two).
        assert!(trend[0].ends_with("1m15s"), "{}", trend[0]);
    }

    #[test]
    fn score_text_keeps_hostile_labels_on_one_line() {
        let label = format!("INC-9\n\u{1b}]0;pwned\u{7}{}", "x".repeat(200));
        let out = text(&label, &card(), &earlier());
        assert_terminal_safe(&out);
        assert!(out.starts_with("Score card for INC-9 x"), "{out}");
        assert!(
            out.lines()
                .next()
                .unwrap()
                .ends_with("(drill at 60x, 1h10m)")
        );
        assert!(!out.contains("pwned"), "{out}");
    }

    #[test]
    fn score_markdown_has_the_section_and_escapes_cells() {
        let out = markdown(&card(), &[]);
        assert!(out.starts_with("### Drill score\n"), "{out}");
        assert!(
            out.contains("| Triage \\| first look | T+15m00s | T+11m48s | met, 3m12s to spare |")
        );
        assert!(out.contains("| Contain | T+30m00s | T+31m05s | missed by 1m05s |"));
        assert!(out.contains("| T+40m00s | db | no response |  |"), "{out}");
        assert!(out.contains("| T+5m00s | api | 1m15s | bob (via oncall) |"));
        assert!(out.contains("| Page the owner | done | - | T+12m30s | 12m30s |"));
        assert!(out.contains("in\\_progress"));
        assert!(out.contains("| Verify in staging | no staging environment"));
        assert!(!out.contains('\u{1b}'));
        assert!(!out.contains("#### Trend"));
        // Every table row has as many cells as its header: no stray `|`.
        for line in out.lines().filter(|l| l.starts_with('|')) {
            let cells = line.replace("\\|", "").matches('|').count() - 1;
            assert!((2..=5).contains(&cells), "{line}");
        }
    }

    /// The card with recover's deadline warroom's suggestion, and triage
    /// (the source's) not due yet.
    fn mixed() -> ScoreCard {
        let mut c = card();
        c.phases[2].due_origin = DueOrigin::Suggested;
        c
    }

    #[test]
    fn score_text_marks_suggested_deadlines_and_counts_them_apart() {
        let out = text("INC-7", &mixed(), &[]);
        assert_terminal_safe(&out);
        let lines: Vec<&str> = out.lines().collect();
        // The summary, too long for one line, breaks between its parts.
        assert_eq!(
            lines[1..3],
            [
                "1/3 phases met (source 1/2, suggested ~0/1)",
                "1/2 signals answered (median 1m15s) · 1 skipped"
            ],
            "{out}"
        );
        let recover = lines.iter().find(|l| l.contains("Recover")).unwrap();
        assert!(
            recover.contains("~T+1h00m") && recover.ends_with("not done, missed by 10m00s"),
            "{recover:?}"
        );
        let contain = lines.iter().find(|l| l.contains("Contain")).unwrap();
        assert!(
            contain.contains(" T+30m00s") && !contain.contains('~'),
            "{contain:?}"
        );
        // The legend right under the phases.
        let review = lines.iter().position(|l| l.contains("Review")).unwrap();
        assert_eq!(
            lines[review + 1],
            "  ~ deadline suggested by warroom; the source gives none"
        );
    }

    #[test]
    fn score_text_counts_phases_not_due_apart() {
        let mut c = mixed();
        // Ended at 20 minutes: contain (30m) and recover (~1h) not due.
        c.duration_secs = 1200;
        for p in &mut c.phases[1..3] {
            p.completed_secs = None;
            p.met = None;
            p.margin_secs = None;
        }
        let out = text("INC-7", &c, &[]);
        assert_terminal_safe(&out);
        assert!(out.contains("1/1 phases met (2 not due)"), "{out}");
        let contain = out.lines().find(|l| l.contains("Contain")).unwrap();
        assert!(contain.ends_with("not done, not due yet"), "{contain:?}");
    }

    #[test]
    fn score_trend_splits_phases_when_a_drill_ran_on_suggestions() {
        // This drill on the source's deadlines only, an earlier one not.
        let mut earlier = earlier();
        earlier[1].card = mixed();
        let out = text("INC-7", &card(), &earlier);
        assert_terminal_safe(&out);
        let trend: Vec<&str> = out.lines().skip_while(|l| *l != "Trend").collect();
        assert!(
            trend[2].contains("INC-2") && trend[2].contains("1/2 ~0/1"),
            "{out}"
        );
        assert!(
            trend[4].contains("this drill") && trend[4].contains("1/3"),
            "{out}"
        );
        assert!(trend[5].contains("source's deadlines"), "{out}");
        assert!(
            trend[6].contains("~ deadline suggested by warroom"),
            "{out}"
        );
        // Above, this drill's phases carry no mark and no legend.
        let above: Vec<&str> = out.lines().take_while(|l| *l != "Trend").collect();
        assert!(!above.join("\n").contains('~'), "{out}");

        let md = markdown(&card(), &earlier);
        assert!(
            md.contains("| INC-2 | 2026-11-09 14:30 UTC | 1/2 ~0/1 |"),
            "{md}"
        );
        assert!(
            md.contains("\n\n~ deadline suggested by warroom; the source gives none\n"),
            "{md}"
        );
    }

    #[test]
    fn score_markdown_marks_suggested_deadlines_with_the_legend() {
        let out = markdown(&mixed(), &[]);
        assert!(
            out.contains(": 1/3 phases met (source 1/2, suggested ~0/1) · 1/2 signals"),
            "{out}"
        );
        assert!(
            out.contains("| Recover | ~T+1h00m | - | not done, missed by 10m00s |"),
            "{out}"
        );
        assert!(out.contains("| Contain | T+30m00s |"), "{out}");
        let phases = out.split("#### Phases").nth(1).unwrap();
        let legend = phases.split("\n\n").nth(2).unwrap();
        assert_eq!(
            legend,
            "~ deadline suggested by warroom; the source gives none"
        );
        // No paragraph holds two `~` (GitHub would strike between them).
        for para in out.split("\n\n").filter(|p| !p.starts_with('|')) {
            assert!(para.matches('~').count() <= 1, "{para:?}");
        }
    }

    #[test]
    fn score_markdown_trend_table_with_earlier_drills() {
        let out = markdown(&card(), &earlier());
        let trend = out.split("#### Trend\n\n").nth(1).expect("a trend table");
        let rows: Vec<&str> = trend.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(
            rows,
            [
                "| Drill | Date | Phases met | Signals answered | Median response |",
                "|---|---|---|---|---|",
                "| INC-2 | 2026-11-09 14:30 UTC | 2/3 | 2/2 | 1m15s |",
                "| INC-5 | 2026-11-16 03:00 UTC | 1/3 | 1/2 | 1m15s |",
                "| this drill | 2026-11-23 03:00 UTC | 1/3 | 1/2 | 1m15s |",
            ]
        );
    }
}
