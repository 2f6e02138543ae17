//! Offsets such as `30s`, `15m`, `1h30m` or `7d`: phase deadlines and drill
//! injection times, counted from the declaration of an incident.

use std::fmt;

/// A non-negative offset in whole seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Offset(u64);

/// Why an offset did not parse; the message is shown to playbook authors.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OffsetError {
    #[error("empty duration (expected something like 30s, 15m, 1h or 7d)")]
    Empty,
    #[error("durations cannot be negative: `{0}`")]
    Negative(String),
    #[error(
        "`{0}` is not a duration (expected a number and a unit s, m, h or d, e.g. 15m or 1h30m)"
    )]
    Malformed(String),
    #[error("duration `{0}` is too large")]
    TooLarge(String),
}

const UNITS: [(char, u64); 4] = [('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)];

/// Nothing a responder schedules is further away than this; it also keeps
/// every later addition to a timestamp far from overflow.
const MAX_SECONDS: u64 = 10 * 365 * 86_400;

impl Offset {
    pub const ZERO: Offset = Offset(0);

    pub const fn from_secs(secs: u64) -> Self {
        Offset(secs)
    }

    pub fn as_secs(self) -> u64 {
        self.0
    }

    /// Parses `30s`, `15m`, `1h`, `24h`, `7d` and sequences such as `1h30m`.
    /// Units must appear from largest to smallest, each at most once, so a
    /// typo like `15m1h` is refused rather than silently summed.
    pub fn parse(text: &str) -> Result<Self, OffsetError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(OffsetError::Empty);
        }
        if t.starts_with('-') {
            return Err(OffsetError::Negative(t.to_string()));
        }
        let malformed = || OffsetError::Malformed(t.to_string());
        let mut total: u64 = 0;
        let mut digits = String::new();
        let mut next_unit = 0; // index into UNITS that the next unit may take
        for c in t.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let Some(pos) = UNITS.iter().position(|(u, _)| *u == c.to_ascii_lowercase()) else {
                return Err(malformed());
            };
            if digits.is_empty() || pos < next_unit {
                return Err(malformed());
            }
            let n: u64 = digits
                .parse()
                .map_err(|_| OffsetError::TooLarge(t.to_string()))?;
            total = n
                .checked_mul(UNITS[pos].1)
                .and_then(|v| v.checked_add(total))
                .ok_or_else(|| OffsetError::TooLarge(t.to_string()))?;
            digits.clear();
            next_unit = pos + 1;
        }
        if !digits.is_empty() {
            return Err(malformed());
        }
        if total > MAX_SECONDS {
            return Err(OffsetError::TooLarge(t.to_string()));
        }
        Ok(Offset(total))
    }
}

impl fmt::Display for Offset {
    /// The shortest exact spelling: `15m`, `1h`, `1h30m`, `7d`, `0s`. Below
    /// two days it stays in hours, because runbooks say "24 hours", not "1 day".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("0s");
        }
        let mut rest = self.0;
        for (unit, size) in UNITS {
            if unit == 'd' && self.0 < 2 * 86_400 {
                continue;
            }
            if rest >= size {
                write!(f, "{}{}", rest / size, unit)?;
                rest %= size;
            }
        }
        Ok(())
    }
}

impl serde::Serialize for Offset {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A follow-up's due date: `YYYY-MM-DD`, or a span from `today` such as
/// `7d` (rounded down to whole days). A date before today is refused: a
/// follow-up is due in the future.
pub fn due_date(text: &str, today: chrono::NaiveDate) -> Result<chrono::NaiveDate, String> {
    let t = text.trim();
    let date = match chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(d) => d,
        Err(_) => {
            let span = Offset::parse(t).map_err(|_| {
                format!("--due `{t}` is neither a date (YYYY-MM-DD) nor a span such as 7d")
            })?;
            let days = i64::try_from(span.as_secs() / 86_400).unwrap_or(i64::MAX);
            today
                .checked_add_signed(chrono::Duration::days(days.min(365 * 100)))
                .ok_or_else(|| format!("--due `{t}` is too far away"))?
        }
    };
    if date < today {
        return Err(format!("--due {date} is in the past (today is {today})"));
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_units_playbooks_use() {
        for (text, secs) in [
            ("30s", 30),
            ("1m", 60),
            ("15m", 900),
            ("1h", 3600),
            ("24h", 86_400),
            ("7d", 604_800),
            ("1h30m", 5400),
            ("1d2h3m4s", 93_784),
            (" 5m ", 300),
            ("0s", 0),
        ] {
            assert_eq!(Offset::parse(text), Ok(Offset(secs)), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_duration() {
        assert_eq!(Offset::parse(""), Err(OffsetError::Empty));
        assert!(matches!(
            Offset::parse("-5m"),
            Err(OffsetError::Negative(_))
        ));
        for bad in [
            "15",
            "m",
            "15x",
            "1.5h",
            "15m1h",
            "1h1h",
            "h1",
            "15 m",
            "ten minutes",
        ] {
            assert!(
                matches!(Offset::parse(bad), Err(OffsetError::Malformed(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            Offset::parse("99999999999999999999d"),
            Err(OffsetError::TooLarge(_))
        ));
        assert!(matches!(
            Offset::parse("3651d"),
            Err(OffsetError::TooLarge(_))
        ));
    }

    #[test]
    fn displays_the_shortest_exact_form_and_round_trips() {
        for (secs, text) in [
            (0, "0s"),
            (30, "30s"),
            (900, "15m"),
            (5400, "1h30m"),
            (86_400, "24h"),
            (90_061, "25h1m1s"),
            (172_800, "2d"),
            (604_800, "7d"),
        ] {
            assert_eq!(Offset(secs).to_string(), text);
            assert_eq!(Offset::parse(text), Ok(Offset(secs)));
        }
    }

    #[test]
    fn due_dates_are_dates_or_spans_from_today_and_never_past() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(due_date("2026-12-15", today), Ok(d(2026, 12, 15)));
        assert_eq!(due_date("7d", today), Ok(d(2026, 12, 8)));
        assert_eq!(due_date("36h", today), Ok(d(2026, 12, 2)));
        assert_eq!(due_date(" 2026-12-01 ", today), Ok(today));
        assert!(
            due_date("2026-11-30", today)
                .unwrap_err()
                .contains("in the past")
        );
        assert!(
            due_date("next week", today)
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!(due_date("2026-02-30", today).is_err());
    }
}
