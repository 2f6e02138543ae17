//! Where the domain gets the time from: never the system directly, so tests
//! can fix it and drills can speed it up.

use chrono::{DateTime, Duration, Utc};
use std::sync::Mutex;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
pub struct RealClock;

impl Clock for RealClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved; for tests.
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock(Mutex::new(at))
    }

    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += by;
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Playbook time for a drill: from `origin` on, `speed` times faster than
/// the clock it wraps. At speed 60 a 24-hour playbook takes 24 minutes.
pub struct ScaledClock<C: Clock> {
    pub inner: C,
    pub origin: DateTime<Utc>,
    pub speed: u32,
}

impl<C: Clock> Clock for ScaledClock<C> {
    fn now(&self) -> DateTime<Utc> {
        scale(self.origin, self.inner.now(), self.speed)
    }
}

/// `origin + (at - origin) × speed`: a wall-clock instant as playbook time.
pub fn scale(origin: DateTime<Utc>, at: DateTime<Utc>, speed: u32) -> DateTime<Utc> {
    if speed <= 1 {
        return at;
    }
    let elapsed = at - origin;
    origin + elapsed * i32::try_from(speed).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn scaled_time_runs_faster_from_its_origin() {
        let origin = Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap();
        let inner = FixedClock::new(origin);
        let clock = ScaledClock {
            inner,
            origin,
            speed: 60,
        };
        assert_eq!(clock.now(), origin);
        clock.inner.advance(Duration::seconds(15));
        assert_eq!(clock.now(), origin + Duration::minutes(15));
        assert_eq!(
            scale(origin, origin + Duration::seconds(10), 1),
            origin + Duration::seconds(10)
        );
    }
}
