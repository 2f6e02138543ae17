//! Leaked values registered at run time, scrubbed by fingerprint.
//!
//! A responder types the leaked value once. warroom keeps only a keyed
//! fingerprint of it: its length, a keyed rolling hash that finds candidate
//! windows in one pass over a line, and an HMAC-SHA256 that confirms them.
//! Neither gives the value back; both need the per-database key.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::fmt;

type HmacSha256 = Hmac<Sha256>;

/// Shorter literals would scrub ordinary words.
pub const MIN_LITERAL: usize = 6;
pub const MAX_LITERAL: usize = 8 * 1024;

const P: u64 = (1 << 61) - 1;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LiteralPrint {
    len: usize,
    roll: u64,
    mac: [u8; 32],
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum LiteralError {
    #[error("the value is too short to scrub safely (at least {MIN_LITERAL} characters)")]
    TooShort,
    #[error("the value is too long (at most {MAX_LITERAL} bytes)")]
    TooLong,
    #[error("not a literal fingerprint: {0}")]
    Malformed(String),
}

impl fmt::Display for LiteralPrint {
    /// `len:roll:mac` in hex; the form the store keeps.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{:016x}:", self.len, self.roll)?;
        for b in self.mac {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for LiteralPrint {
    type Err = LiteralError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || LiteralError::Malformed(s.chars().take(80).collect());
        let mut parts = s.split(':');
        let (Some(len), Some(roll), Some(mac), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let len: usize = len.parse().map_err(|_| bad())?;
        let roll = u64::from_str_radix(roll, 16).map_err(|_| bad())?;
        if mac.len() != 64 || !(MIN_LITERAL..=MAX_LITERAL).contains(&len) {
            return Err(bad());
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&mac[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(LiteralPrint {
            len,
            roll,
            mac: out,
        })
    }
}

pub struct Literals {
    key: [u8; 32],
    base: u64,
    prints: Vec<LiteralPrint>,
}

fn mulmod(a: u64, b: u64) -> u64 {
    ((u128::from(a) * u128::from(b)) % u128::from(P)) as u64
}

impl Literals {
    pub fn new(key: [u8; 32], prints: Vec<LiteralPrint>) -> Self {
        let base = {
            let mut mac = HmacSha256::new_from_slice(&key).expect("any key length");
            mac.update(b"warroom rolling base");
            let bytes = mac.finalize().into_bytes();
            let raw = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes"));
            (raw % (P - 1024)) + 512
        };
        let mut me = Literals {
            key,
            base,
            prints: Vec::new(),
        };
        for p in prints {
            me.add(p);
        }
        me
    }

    fn mac(&self, bytes: &[u8]) -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("any key length");
        mac.update(bytes);
        mac.finalize().into_bytes().into()
    }

    fn roll(&self, bytes: &[u8]) -> u64 {
        bytes
            .iter()
            .fold(0, |h, &b| (mulmod(h, self.base) + u64::from(b) + 1) % P)
    }

    pub fn register(&mut self, value: &str) -> Result<LiteralPrint, LiteralError> {
        if value.chars().count() < MIN_LITERAL {
            return Err(LiteralError::TooShort);
        }
        if value.len() > MAX_LITERAL {
            return Err(LiteralError::TooLong);
        }
        let print = LiteralPrint {
            len: value.len(),
            roll: self.roll(value.as_bytes()),
            mac: self.mac(value.as_bytes()),
        };
        self.add(print.clone());
        Ok(print)
    }

    pub fn active(&self) -> bool {
        !self.prints.is_empty()
    }

    pub fn add(&mut self, print: LiteralPrint) {
        if !self.prints.contains(&print) {
            self.prints.push(print);
            self.prints.sort_by_key(|p| p.len);
        }
    }

    /// Calls `hit(start, end)` for every window of `text` equal to a
    /// registered literal: one rolling pass per distinct length.
    pub fn find(&self, text: &str, hit: &mut dyn FnMut(usize, usize)) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < self.prints.len() {
            let len = self.prints[i].len;
            let group_end = self.prints[i..]
                .iter()
                .position(|p| p.len != len)
                .map_or(self.prints.len(), |n| i + n);
            let group = &self.prints[i..group_end];
            i = group_end;
            if bytes.len() < len {
                continue;
            }
            // base^(len-1): the weight of the byte leaving the window.
            let top = (1..len).fold(1, |acc, _| mulmod(acc, self.base));
            let mut h = self.roll(&bytes[..len]);
            let mut start = 0;
            loop {
                if group.iter().any(|p| p.roll == h) {
                    let mac = self.mac(&bytes[start..start + len]);
                    if group.iter().any(|p| p.mac == mac) {
                        hit(start, start + len);
                    }
                }
                if start + len >= bytes.len() {
                    break;
                }
                let out = mulmod(u64::from(bytes[start]) + 1, top);
                h = (h + P - out) % P;
                h = (mulmod(h, self.base) + u64::from(bytes[start + len]) + 1) % P;
                start += 1;
            }
        }
    }
}

/// A fresh random key for a process that has no database key yet.
pub fn random_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        use std::io::Read;
        if f.read_exact(&mut key).is_ok() {
            return key;
        }
    }
    // No /dev/urandom: derive from the randomly seeded std hasher.
    use std::hash::{BuildHasher, Hasher};
    for chunk in key.chunks_mut(8) {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        chunk.copy_from_slice(&h.finish().to_le_bytes());
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(l: &Literals, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        l.find(text, &mut |s, e| out.push((s, e)));
        out
    }

    #[test]
    fn finds_a_registered_value_anywhere_and_only_there() {
        let mut l = Literals::new([7; 32], Vec::new());
        l.register("hunter2-prod").unwrap();
        assert_eq!(spans(&l, "hunter2-prod"), vec![(0, 12)]);
        assert_eq!(
            spans(&l, "pw=hunter2-prod; again hunter2-prodhunter2-prod"),
            vec![(3, 15), (23, 35), (35, 47)]
        );
        assert!(spans(&l, "hunter2-pro hunter2_prod").is_empty());
    }

    #[test]
    fn a_fingerprint_works_in_another_process_with_the_same_key() {
        let mut first = Literals::new([9; 32], Vec::new());
        let print = first.register("s3cr3t-value").unwrap();
        let stored = print.to_string();
        assert!(!stored.contains("s3cr3t"));
        let second = Literals::new([9; 32], vec![stored.parse().unwrap()]);
        assert_eq!(spans(&second, "x s3cr3t-value y"), vec![(2, 14)]);
        // Another database's key does not match it.
        let other = Literals::new([1; 32], vec![stored.parse().unwrap()]);
        assert!(spans(&other, "x s3cr3t-value y").is_empty());
    }

    #[test]
    fn refuses_values_too_short_to_scrub() {
        let mut l = Literals::new([0; 32], Vec::new());
        assert_eq!(l.register("abc"), Err(LiteralError::TooShort));
        assert!("1:2:3".parse::<LiteralPrint>().is_err());
    }
}
