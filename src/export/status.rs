//! `warroom status --json`, and the incident object of the JSON export.

use crate::incident::{IncidentState, display_id};
use chrono::{DateTime, Utc};

/// `status --json`: the contract fields, and more.
pub fn status_json(s: &IncidentState, now: DateTime<Utc>) -> serde_json::Value {
    let phases: Vec<_> = s
        .phases(now)
        .into_iter()
        .zip(&s.playbook.phases)
        .map(|(v, p)| {
            serde_json::json!({
                "id": v.id, "title": p.title, "due_at": v.due_at, "due_origin": p.due.map(|_| p.due_origin), "state": v.state.as_str(), "completed_at": v.completed_at,
            })
        })
        .collect();
    let steps: Vec<_> = s
        .playbook
        .steps
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let r = &s.steps[i];
            serde_json::json!({
                "id": st.id, "phase": st.phase, "title": st.title, "state": s.step_state(i).as_str(),
                "by": r.by.as_ref().map(|a| a.to_string()), "by_account": r.by.as_ref().map(|a| a.account.clone()), "at": r.at, "decision": st.is_decision(),
                "answer": s.answers.get(&st.id), "reason": r.reason, "waiting_for": s.waiting_for(i),
                "assignee": r.assignee, "approved": s.approved(i), "runs": r.runs,
            })
        })
        .collect();
    let follow_ups: Vec<_> = s
        .follow_ups
        .iter()
        .map(|f| {
            serde_json::json!({
                "number": f.number, "text": f.text, "owner": f.owner, "due": f.due, "state": f.state,
                "added_by": f.added_by.to_string(), "added_at": f.added_at,
            })
        })
        .collect();
    let roles: serde_json::Map<String, serde_json::Value> = s
        .playbook
        .all_roles()
        .into_iter()
        .map(|r| {
            let held = s.roles.get(&r).map(
                |h| serde_json::json!({ "account": h.account, "name": h.name, "since": h.since }),
            );
            (r, held.unwrap_or(serde_json::Value::Null))
        })
        .collect();
    let amendments: Vec<_> = s
        .amendments
        .iter()
        .map(|(event, a)| {
            serde_json::json!({
                "event": event, "text": a.text, "at": a.at, "reason": a.reason,
                "by": a.by.to_string(), "amended_by_event": a.seq,
            })
        })
        .collect();
    serde_json::json!({
        "id": display_id(s.id), "roles": roles, "amendments": amendments, "title": s.title, "playbook": s.playbook.id, "severity": s.severity, "status": s.status,
        "drill": s.drill, "speed": s.speed, "declared_at": s.declared_at, "declared_by": s.declared_by.to_string(), "declared_by_account": &s.declared_by.account,
        "elapsed_seconds": s.elapsed(now).num_seconds(), "inputs": s.inputs, "answers": s.answers,
        "phases": phases, "steps": steps, "follow_ups": follow_ups, "events": s.last_seq,
    })
}
