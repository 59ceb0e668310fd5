//! The team roster: the members a team lead merges from, each a name and
//! the fingerprint of the device key they sign with (docs/signing.md).

use rusqlite::params;

use super::{Result, Store, StoreError};
use crate::core::signing::{PublicKey, normalise_fingerprint};

/// One member of the roster.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Member {
    pub fingerprint: String,
    pub name: String,
    /// When the member was added (RFC 3339, UTC).
    pub added_at: String,
}

/// The small file an inspector gives the team lead: their name and their
/// device's public key. Nothing secret is in it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemberKey {
    pub name: String,
    pub public_key: String,
}

impl MemberKey {
    /// The fingerprint of the key, or why the key is not one.
    pub fn fingerprint(&self) -> std::result::Result<String, String> {
        PublicKey::from_hex(&self.public_key).map(|k| k.fingerprint())
    }
}

impl Store {
    /// Every member, by name.
    pub fn team(&self) -> Result<Vec<Member>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT fingerprint, name, added_at FROM team_member ORDER BY name, fingerprint",
            )
            .map_err(|e| self.err(e))?;
        st.query_map([], |r| {
            Ok(Member {
                fingerprint: r.get(0)?,
                name: r.get(1)?,
                added_at: r.get(2)?,
            })
        })
        .and_then(Iterator::collect)
        .map_err(|e| self.err(e))
    }

    /// Adds (or renames) the member whose device key has this fingerprint.
    /// The name is checked by the caller; the fingerprint here.
    pub fn add_member(&self, fingerprint: &str, name: &str) -> Result<Member> {
        let fingerprint = normalise_fingerprint(fingerprint).ok_or_else(|| StoreError::Invalid {
            path: self.path.clone(),
            message: format!(
                "{fingerprint:?} is not a fingerprint: it is 16 letters A–Z and digits 2–7, shown in groups of four (XXXX-XXXX-XXXX-XXXX)"
            ),
        })?;
        let added_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        self.conn
            .execute(
                "INSERT INTO team_member(fingerprint, name, added_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(fingerprint) DO UPDATE SET name = excluded.name",
                params![fingerprint, name, added_at],
            )
            .map_err(|e| self.err(e))?;
        Ok(Member {
            fingerprint,
            name: name.to_owned(),
            added_at,
        })
    }

    /// This device's key with the name its member goes by, for the lead.
    pub fn member_key(&self, name: &str) -> MemberKey {
        MemberKey {
            name: name.to_owned(),
            public_key: self.public_key(),
        }
    }

    /// Whether a revision carries a signature (revisions made before
    /// parcheck signed them do not).
    pub fn is_signed(&self, rev_id: &str) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT count(*) FROM rev_signature WHERE rev_id = ?1",
                [rev_id],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
    }
}
