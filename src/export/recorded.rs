//! Reading back what an export recorded of each incident's hash chain, so
//! `verify --against` can compare the database with a report made earlier.
//! Any of the three formats: JSON carries every exported event's hash,
//! CSV the same, Markdown the last event's number and hash in its footer.

use std::collections::BTreeMap;

/// Event numbers and hashes an export recorded, per incident number,
/// ascending by event number.
pub type Recorded = BTreeMap<u64, Vec<(u64, String)>>;

/// The heads recorded in an export's text; an error says why the text is
/// not an export warroom wrote.
pub fn recorded(text: &str) -> Result<Recorded, String> {
    let trimmed = text.trim_start();
    let mut out = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        from_json(trimmed)?
    } else if trimmed.starts_with("incident,seq,") {
        from_csv(trimmed)?
    } else {
        from_markdown(text)
    };
    for points in out.values_mut() {
        points.sort();
        points.dedup();
    }
    out.retain(|_, points| !points.is_empty());
    if out.is_empty() {
        return Err("it records no event hashes (not a warroom export?)".into());
    }
    Ok(out)
}

fn is_hash(h: &str) -> bool {
    h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit())
}

fn from_json(text: &str) -> Result<Recorded, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        one => vec![one],
    };
    let mut out = Recorded::new();
    for item in &items {
        let incident = &item["incident"];
        let Some(id) = incident["id"].as_str().and_then(crate::incident::parse_id) else {
            return Err("an item has no incident id (not a warroom JSON export?)".into());
        };
        let points = out.entry(id).or_default();
        for e in item["events"].as_array().into_iter().flatten() {
            if let (Some(seq), Some(hash)) = (e["seq"].as_u64(), e["hash"].as_str())
                && is_hash(hash)
            {
                points.push((seq, hash.to_ascii_lowercase()));
            }
        }
        // The head, even when a time window left its event out.
        if let (Some(seq), Some(hash)) = (
            incident["last_event_seq"].as_u64(),
            incident["last_event_hash"].as_str(),
        ) && is_hash(hash)
        {
            points.push((seq, hash.to_ascii_lowercase()));
        }
    }
    Ok(out)
}

fn from_csv(text: &str) -> Result<Recorded, String> {
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("no `{name}` column (not a warroom CSV export?)"))
    };
    let (incident, seq, hash) = (column("incident")?, column("seq")?, column("hash")?);
    let mut out = Recorded::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| format!("row {}: {e}", i + 2))?;
        let id = crate::incident::parse_id(&row[incident]);
        let n = row[seq].parse::<u64>().ok();
        let h = &row[hash];
        match (id, n) {
            (Some(id), Some(n)) if is_hash(h) => {
                out.entry(id).or_default().push((n, h.to_ascii_lowercase()))
            }
            _ => return Err(format!("row {} is not an event with a hash", i + 2)),
        }
    }
    Ok(out)
}

/// The footer `Last event: #N at …, hash `H`.` under each incident's
/// heading (`# INC-7: …`, `## DRILL INC-7: …`).
fn from_markdown(text: &str) -> Recorded {
    let mut out = Recorded::new();
    let mut current = None;
    for line in text.lines() {
        if line.starts_with('#')
            && let Some(at) = line.find("INC-")
        {
            let digits: String = line[at + 4..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(id) = digits.parse::<u64>() {
                current = Some(id);
            }
            continue;
        }
        let Some(rest) = line.strip_prefix("Last event: #") else {
            continue;
        };
        let seq: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let hash = rest
            .split_once("hash `")
            .and_then(|(_, h)| h.split_once('`'))
            .map(|(h, _)| h);
        if let (Some(id), Ok(seq), Some(hash)) = (current, seq.parse::<u64>(), hash)
            && is_hash(hash)
        {
            out.entry(id)
                .or_default()
                .push((seq, hash.to_ascii_lowercase()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(c: char) -> String {
        c.to_string().repeat(64)
    }

    #[test]
    fn markdown_footers_are_read_under_their_incident() {
        let md = format!(
            "# INC-3: leak\n\ntext\n---\n\nLast event: #5 at 2026-11-23 03:12:00 UTC, hash `{}`. Check…\n\n## DRILL INC-12: x\nLast event: #2 at t, hash `{}`.\n",
            h('a'),
            h('B')
        );
        let r = recorded(&md).unwrap();
        assert_eq!(r[&3], vec![(5, h('a'))]);
        assert_eq!(r[&12], vec![(2, h('b'))]);
    }

    #[test]
    fn json_gives_every_event_and_the_head() {
        let one = serde_json::json!({
            "incident": {"id": "INC-4", "last_event_hash": h('c'), "last_event_seq": 3},
            "events": [{"seq": 1, "hash": h('a')}, {"seq": 2, "hash": h('b')}],
        });
        let r = recorded(&one.to_string()).unwrap();
        assert_eq!(r[&4], vec![(1, h('a')), (2, h('b')), (3, h('c'))]);
        let many = serde_json::Value::Array(vec![one.clone(), one]);
        assert_eq!(recorded(&many.to_string()).unwrap().len(), 1);
    }

    #[test]
    fn csv_rows_give_every_event() {
        let csv = format!(
            "incident,seq,at,t_plus,actor,kind,step,text,hash\r\nINC-2,1,t,T+0,a,declared,,x,{}\r\nINC-2,2,t,T+0,a,note_added,,\"a, b\",{}\r\n",
            h('1'),
            h('2')
        );
        assert_eq!(recorded(&csv).unwrap()[&2], vec![(1, h('1')), (2, h('2'))]);
    }

    #[test]
    fn text_that_is_no_export_is_refused() {
        assert!(recorded("hello\n").is_err());
        assert!(recorded("{\"a\": 1}").is_err());
        assert!(recorded("{not json").is_err());
    }
}
