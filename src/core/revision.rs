//! Revisions: every change is an immutable record naming the revisions it
//! supersedes. A register's current value is derived from the set of its
//! revisions alone, so merging databases is set union — commutative,
//! associative and idempotent by construction — and a concurrent change is
//! a visible conflict instead of a silent overwrite.

use sha2::{Digest, Sha256};

use super::finding::RawValue;
use super::register;

/// One change of one field of one entity (a finding, a unit, an inspection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// UUIDv7: unique without coordination and ordered by creation time.
    pub id: String,
    pub entity: String,
    pub field: String,
    pub value: RawValue,
    /// The revisions of the same register this one supersedes, sorted.
    /// Empty for a first value; several for a resolution.
    pub parents: Vec<String>,
    pub author: String,
    /// Random id of the database the change was made in.
    pub device: String,
    /// Milliseconds since the Unix epoch (UTC), monotonic per device.
    pub at_ms: i64,
    /// Content hash of the checklist item when the change was made.
    pub item_hash: Option<String>,
    /// SHA-256 over all of the above; recomputed on merge.
    pub hash: String,
}

impl Revision {
    /// Builds a revision and its content hash.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: String,
        entity: String,
        field: String,
        value: RawValue,
        mut parents: Vec<String>,
        author: String,
        device: String,
        at_ms: i64,
        item_hash: Option<String>,
    ) -> Revision {
        parents.sort();
        parents.dedup();
        let mut r = Revision {
            id,
            entity,
            field,
            value,
            parents,
            author,
            device,
            at_ms,
            item_hash,
            hash: String::new(),
        };
        r.hash = r.content_hash();
        r
    }

    /// The canonical hash: each field length-prefixed, absent values marked,
    /// parents in sorted order.
    pub fn content_hash(&self) -> String {
        let mut h = Sha256::new();
        let mut put = |tag: u8, s: Option<&str>| {
            h.update([tag]);
            match s {
                None => h.update([0]),
                Some(s) => {
                    h.update([1]);
                    h.update((s.len() as u64).to_le_bytes());
                    h.update(s.as_bytes());
                }
            }
        };
        put(1, Some(&self.id));
        put(2, Some(&self.entity));
        put(3, Some(&self.field));
        put(4, self.value.as_deref());
        let mut parents = self.parents.clone();
        parents.sort();
        for p in &parents {
            put(5, Some(p));
        }
        put(6, Some(&self.author));
        put(7, Some(&self.device));
        put(8, Some(&self.at_ms.to_string()));
        put(9, self.item_hash.as_deref());
        hex(&h.finalize())
    }

    pub fn hash_is_valid(&self) -> bool {
        self.hash == self.content_hash()
    }
}

/// Lower-case hexadecimal. Called for every revision a merge checks, so it
/// avoids a formatter call per byte.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

fn digest_id(prefix: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    format!("{prefix}{}", hex(&h.finalize()[..16]))
}

/// An inspection is identified by what it is, not by who created it: two
/// inspectors who start the same inspection on different laptops meet.
pub fn inspection_id(campaign: &str, unit_code: &str, checklist_id: &str) -> String {
    digest_id("i", &["inspection", campaign, unit_code, checklist_id])
}

/// A finding is identified by (inspection campaign, unit, checklist item).
pub fn finding_key(inspection_id: &str, item_id: &str) -> String {
    digest_id("f", &["finding", inspection_id, item_id])
}

pub fn unit_entity(code: &str) -> String {
    format!("u:{code}")
}

/// The heads of one register derived from all its revisions: the head
/// advance from nothing ([`register::advance`]), newest first.
pub fn heads_of(revs: &[Revision]) -> Vec<register::Head> {
    let parents: Vec<Vec<&str>> = revs
        .iter()
        .map(|r| r.parents.iter().map(String::as_str).collect())
        .collect();
    let arrivals: Vec<register::Arrival<'_>> = revs
        .iter()
        .zip(&parents)
        .map(|(r, p)| register::Arrival {
            id: &r.id,
            value: &r.value,
            at_ms: r.at_ms,
            parents: p,
        })
        .collect();
    register::advance(&[], &arrivals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev(id: &str, value: &str, parents: &[&str], at: i64) -> Revision {
        Revision::new(
            id.into(),
            "f1".into(),
            "status".into(),
            Some(value.into()),
            parents.iter().map(|s| s.to_string()).collect(),
            "An".into(),
            "dev".into(),
            at,
            None,
        )
    }

    #[test]
    fn hex_is_lower_case_two_digits_per_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_eq!(hex(&[]), "");
    }

    fn ids(heads: &[register::Head]) -> Vec<&str> {
        heads.iter().map(|h| h.rev_id.as_str()).collect()
    }

    fn conflict(heads: &[register::Head]) -> bool {
        register::in_conflict(heads.iter().map(|h| &h.value))
    }

    #[test]
    fn linear_history_has_one_head() {
        let revs = vec![rev("a", "1", &[], 1), rev("b", "2", &["a"], 2)];
        let heads = heads_of(&revs);
        assert_eq!(ids(&heads), ["b"]);
        assert!(!conflict(&heads));
        assert_eq!(heads[0].value, Some("2".to_string()));
    }

    #[test]
    fn concurrent_different_values_conflict_until_resolved() {
        let mut revs = vec![
            rev("a", "1", &[], 1),
            rev("b", "2", &["a"], 2),
            rev("c", "3", &["a"], 3),
        ];
        let heads = heads_of(&revs);
        assert!(conflict(&heads));
        assert_eq!(ids(&heads), ["c", "b"]);
        revs.push(rev("d", "2", &["b", "c"], 4));
        let heads = heads_of(&revs);
        assert!(!conflict(&heads));
        assert_eq!(ids(&heads), ["d"]);
    }

    #[test]
    fn concurrent_equal_values_do_not_conflict() {
        let revs = vec![rev("b", "2", &[], 2), rev("c", "2", &[], 3)];
        assert!(!conflict(&heads_of(&revs)));
    }

    #[test]
    fn hash_detects_any_change() {
        let r = rev("a", "1", &["p"], 1);
        assert!(r.hash_is_valid());
        let mut t = r.clone();
        t.value = Some("2".into());
        assert!(!t.hash_is_valid());
        let mut t = r.clone();
        t.value = None;
        assert!(!t.hash_is_valid());
        let mut t = r.clone();
        t.author = "Bình".into();
        assert!(!t.hash_is_valid());
    }

    #[test]
    fn identities_are_deterministic_and_distinct() {
        let a = inspection_id("2026", "XA-01", "phieu-kiem-soat");
        assert_eq!(a, inspection_id("2026", "XA-01", "phieu-kiem-soat"));
        assert_ne!(a, inspection_id("2026", "XA-0", "1phieu-kiem-soat"));
        assert_ne!(finding_key(&a, "PKS-01"), finding_key(&a, "PKS-02"));
    }
}
