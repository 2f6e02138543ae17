//! Post-incident exports: a Markdown report for the postmortem, JSON for
//! tools, CSV for spreadsheets. Every text passes through the redactor
//! again, so a rule added after an event was stored still applies.

mod markdown;
mod recorded;
pub mod report;
pub mod scorecard;
mod status;

use crate::incident::{Event, IncidentState, display_id};
use crate::redact::Redactor;
use chrono::{DateTime, Utc};

pub use markdown::markdown;
pub use recorded::{Recorded, recorded};
pub use status::status_json;

/// Version of the JSON export's shape.
pub const SCHEMA_VERSION: u32 = 1;

/// One incident as exported: its state, all its events with their chain
/// hashes, and the window of time the timeline covers.
pub struct Exported {
    pub state: IncidentState,
    pub events: Vec<(Event, String)>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// For a scored drill: earlier scored drills of its playbook (the trend).
    pub earlier: Vec<crate::drill::Earlier>,
}

impl Exported {
    /// The whole history, without a time window or a drill trend.
    pub fn whole(state: IncidentState, events: Vec<(Event, String)>) -> Exported {
        Exported {
            state,
            events,
            since: None,
            until: None,
            earlier: Vec::new(),
        }
    }

    /// The events inside `[since, until]`.
    pub fn in_window(&self) -> impl Iterator<Item = &(Event, String)> {
        self.events.iter().filter(|(e, _)| {
            self.since.is_none_or(|s| e.at >= s) && self.until.is_none_or(|u| e.at <= u)
        })
    }

    /// The last event and its hash: what `warroom verify` vouches for.
    pub fn last(&self) -> Option<&(Event, String)> {
        self.events.last()
    }
}

/// Escapes text for a Markdown table cell or a line: nothing in it can
/// break the table, start a code span, or turn into HTML or a link.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// `12m 05s`, `3h 04m`, `2d 1h 00m`: a span in words a report reads well.
pub fn span(d: chrono::Duration) -> String {
    let s = d.num_seconds().abs();
    match (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60) {
        (0, 0, 0, sec) => format!("{sec}s"),
        (0, 0, m, sec) => format!("{m}m {sec:02}s"),
        (0, h, m, _) => format!("{h}h {m:02}m"),
        (d, h, m, _) => format!("{d}d {h}h {m:02}m"),
    }
}

/// `T+hh:mm:ss` of an instant, drill speed applied.
pub fn t_plus(state: &IncidentState, at: DateTime<Utc>) -> String {
    let d = crate::incident::clock::scale(state.declared_at, at, state.speed) - state.declared_at;
    let s = d.num_seconds().max(0);
    format!("T+{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The free text of an event, already redacted once, redacted again.
fn text(e: &Event, x: &Exported, r: &Redactor) -> String {
    r.clean_text(&crate::incident::describe(e, &x.state.playbook))
}

/// The complete incidents and their events, for tools.
pub fn json(items: &[Exported], r: &Redactor, now: DateTime<Utc>) -> String {
    let one = |x: &Exported| {
        let mut incident = status_json(&x.state, now);
        if let Some(obj) = incident.as_object_mut() {
            obj.insert("title".into(), r.clean_text(&x.state.title).into());
            obj.insert(
                "last_event_hash".into(),
                x.last().map(|(_, h)| h.clone()).into(),
            );
            // With the hash, the head `verify --against` checks, even when
            // a time window leaves the last event out of `events`.
            obj.insert("last_event_seq".into(), x.last().map(|(e, _)| e.seq).into());
            // What the Markdown report shows, as data.
            obj.insert(
                "report".into(),
                serde_json::to_value(report::Report::of(x, r, now)).unwrap_or_default(),
            );
        }
        let events: Vec<serde_json::Value> = x
            .in_window()
            .map(|(e, hash)| {
                let mut payload = serde_json::to_value(&e.kind).unwrap_or_default();
                redact_json(&mut payload, r);
                let mut v = serde_json::json!({
                    "seq": e.seq, "at": e.at, "t_plus": t_plus(&x.state, e.at), "actor": r.clean_text(&e.actor.to_string()),
                    "account": &e.actor.account, "kind": e.kind.name(), "step": e.kind.step(), "text": text(e, x, r), "hash": hash,
                });
                if let (Some(obj), Some(extra)) = (v.as_object_mut(), payload.as_object()) {
                    for (k, val) in extra {
                        if k != "kind" && !obj.contains_key(k) {
                            obj.insert(k.clone(), val.clone());
                        }
                    }
                }
                // The event as recorded stays as it is; a correction of it
                // rides beside it.
                if let (Some(obj), Some(a)) = (v.as_object_mut(), x.state.amendments.get(&e.seq)) {
                    obj.insert(
                        "corrected".into(),
                        serde_json::json!({
                            "text": a.text.as_deref().map(|t| r.clean_text(t)), "at": a.at,
                            "reason": r.clean_text(&a.reason), "by": r.clean_text(&a.by.to_string()),
                            "event": a.seq,
                        }),
                    );
                }
                v
            })
            .collect();
        serde_json::json!({ "schema_version": SCHEMA_VERSION, "incident": incident, "events": events })
    };
    let value = match items {
        [single] => one(single),
        many => serde_json::Value::Array(many.iter().map(one).collect()),
    };
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

fn redact_json(v: &mut serde_json::Value, r: &Redactor) {
    match v {
        serde_json::Value::String(s) => *s = r.clean_text(s),
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| redact_json(x, r)),
        serde_json::Value::Object(o) => o.values_mut().for_each(|x| redact_json(x, r)),
        _ => {}
    }
}

/// One row per event (RFC 4180), with a header row.
pub fn csv(items: &[Exported], r: &Redactor) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record([
        "incident", "seq", "at", "t_plus", "actor", "kind", "step", "text", "hash",
    ]);
    for x in items {
        for (e, hash) in x.in_window() {
            let _ = w.write_record([
                display_id(x.state.id),
                e.seq.to_string(),
                e.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                t_plus(&x.state, e.at),
                r.clean_text(&e.actor.to_string()),
                e.kind.name().to_string(),
                e.kind.step().unwrap_or("").to_string(),
                text(e, x, r),
                hash.clone(),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
