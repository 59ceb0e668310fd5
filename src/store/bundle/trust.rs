//! Whether a bundle's revisions come from who they say: every signature is
//! checked against its device's key, and, once the database keeps a team
//! roster, every device must be a member and sign in its member's name.
//! Runs on the checking thread with the other checks (docs/signing.md).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::Connection;

use super::file::{OpenBundle, reject};
use super::{MAX_NAME_BYTES, MergeOptions, NewMember, Result, TrustRefusal, Who, untrusted};
use crate::core::revision::Revision;
use crate::core::signing::{Context, MAX_SEAL_BYTES, PublicKey, SealBody, SealEntry};

/// What the target database says about devices, read before the checks.
pub(crate) struct Trust {
    /// Fingerprint → member name. Empty: no team is kept.
    roster: HashMap<String, String>,
    /// Device id → public key (hexadecimal) of every device known here.
    known_keys: HashMap<String, String>,
    own_device: String,
    trust_new: bool,
    allow_unsigned: bool,
    /// The devices `--trust-new` adds in this run, by fingerprint, over
    /// all its bundles: a device met under a second name in any of them
    /// is refused.
    added: std::sync::Mutex<HashMap<String, NewMember>>,
    /// The database file, read on the checking thread for the revisions it
    /// already holds (None: a database in memory).
    target: Option<String>,
}

impl Trust {
    pub(crate) fn load(
        conn: &Connection,
        own_device: &str,
        target: &str,
        opts: &MergeOptions,
    ) -> rusqlite::Result<Trust> {
        let roster = conn
            .prepare("SELECT fingerprint, name FROM team_member")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let known_keys = conn
            .prepare("SELECT device, public_key FROM device_key")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Trust {
            roster,
            known_keys,
            own_device: own_device.to_owned(),
            trust_new: opts.trust_new,
            allow_unsigned: opts.allow_unsigned,
            added: std::sync::Mutex::new(HashMap::new()),
            target: (target != ":memory:" && !target.is_empty()).then(|| target.to_owned()),
        })
    }

    /// A team is kept: devices must be members, revisions signed.
    fn enforcing(&self) -> bool {
        !self.roster.is_empty()
    }
}

struct Signed {
    unit_code: String,
    checklist_version: String,
    signature: String,
}

/// Checks one bundle's revisions as they are read.
pub(super) struct Verifier<'a> {
    file: &'a Path,
    trust: &'a Trust,
    /// Device → (key, fingerprint), from the bundle and the database.
    /// Shared, so that each revision's check takes its device's key
    /// without copying it.
    keys: HashMap<String, Option<std::rc::Rc<(PublicKey, String)>>>,
    bundle_keys: HashMap<String, String>,
    signatures: HashMap<String, Signed>,
    /// Revision id → the device whose checked seal vouches for it, and the
    /// seal's entry.
    sealed: HashMap<String, (String, SealEntry<'static>)>,
    /// A read-only connection to the database merged into, opened when a
    /// revision is not sealed (None inside: it cannot be opened).
    target: Option<Option<Connection>>,
    /// Finding key → inspection id; inspection id → (unit, checklist id).
    finding_inspection: HashMap<String, String>,
    inspections: HashMap<String, (String, String)>,
    /// Checklist id → the versions of its texts in the bundle.
    versions: HashMap<String, HashSet<String>>,
    /// The devices this bundle adds to the roster (first met here).
    new_members: Vec<NewMember>,
}

#[derive(serde::Deserialize)]
struct VersionOnly {
    version: Option<String>,
}

impl<'a> Verifier<'a> {
    /// Reads the bundle's keys, signatures and identity rows (each table by
    /// a scan, as the merge copies it).
    pub(super) fn read(b: &OpenBundle, file: &'a Path, trust: &'a Trust) -> Result<Verifier<'a>> {
        let bad = |err: rusqlite::Error| reject(file, format!("cannot read the bundle: {err}"));
        let src = &b.conn;
        let mut v = Verifier {
            file,
            trust,
            keys: HashMap::new(),
            bundle_keys: HashMap::new(),
            signatures: HashMap::new(),
            sealed: HashMap::new(),
            target: None,
            finding_inspection: HashMap::new(),
            inspections: HashMap::new(),
            versions: HashMap::new(),
            new_members: Vec::new(),
        };
        if b.version >= 5 {
            let mut st = src
                .prepare("SELECT device, public_key FROM device_key NOT INDEXED")
                .map_err(bad)?;
            let mut rows = st.query([]).map_err(bad)?;
            while let Some(r) = rows.next().map_err(bad)? {
                let device: String = r.get(0).map_err(bad)?;
                let key: String = r.get(1).map_err(bad)?;
                if device.len() > MAX_NAME_BYTES {
                    return Err(reject(file, "a device id is too long"));
                }
                if let Some(known) = trust.known_keys.get(&device)
                    && *known != key
                {
                    return Err(untrusted(
                        file,
                        TrustRefusal::KeyChanged {
                            device: device.clone(),
                            fingerprint: fingerprint_or_bad(&key),
                            known: fingerprint_or_bad(known),
                        },
                    ));
                }
                v.bundle_keys.insert(device, key);
            }
            let mut st = src
                .prepare(
                    "SELECT rev_id, unit_code, checklist_version, signature FROM rev_signature NOT INDEXED",
                )
                .map_err(bad)?;
            let mut rows = st.query([]).map_err(bad)?;
            while let Some(r) = rows.next().map_err(bad)? {
                let row: [String; 4] = [
                    r.get(0).map_err(bad)?,
                    r.get(1).map_err(bad)?,
                    r.get(2).map_err(bad)?,
                    r.get(3).map_err(bad)?,
                ];
                if row.iter().any(|s| s.len() > MAX_NAME_BYTES) {
                    return Err(reject(
                        file,
                        format!("the signature of revision {} is too long", row[0]),
                    ));
                }
                let [id, unit_code, checklist_version, signature] = row;
                v.signatures.insert(
                    id,
                    Signed {
                        unit_code,
                        checklist_version,
                        signature,
                    },
                );
            }
            v.read_seals(b)?;
        }
        let mut st = src
            .prepare("SELECT key, inspection_id FROM finding NOT INDEXED")
            .map_err(bad)?;
        let mut rows = st.query([]).map_err(bad)?;
        while let Some(r) = rows.next().map_err(bad)? {
            v.finding_inspection
                .insert(r.get(0).map_err(bad)?, r.get(1).map_err(bad)?);
        }
        let mut st = src
            .prepare("SELECT id, unit_code, checklist_id FROM inspection NOT INDEXED")
            .map_err(bad)?;
        let mut rows = st.query([]).map_err(bad)?;
        while let Some(r) = rows.next().map_err(bad)? {
            v.inspections.insert(
                r.get(0).map_err(bad)?,
                (r.get(1).map_err(bad)?, r.get(2).map_err(bad)?),
            );
        }
        // A checklist text's version is written in the text, which its
        // SHA-256 binds: the `version` column must say the same.
        let mut st = src
            .prepare(
                "SELECT sha256, checklist_id, version, source FROM checklist_source NOT INDEXED",
            )
            .map_err(bad)?;
        let mut rows = st.query([]).map_err(bad)?;
        while let Some(r) = rows.next().map_err(bad)? {
            let sha: String = r.get(0).map_err(bad)?;
            let checklist: String = r.get(1).map_err(bad)?;
            let version: String = r.get(2).map_err(bad)?;
            let source: String = r.get(3).map_err(bad)?;
            if let Ok(VersionOnly {
                version: Some(written),
            }) = toml::from_str::<VersionOnly>(&source)
                && written != version
            {
                return Err(reject(
                    file,
                    format!(
                        "checklist text {sha} is version {written:?} but the bundle says {version:?}: the bundle was altered"
                    ),
                ));
            }
            v.versions.entry(checklist).or_default().insert(version);
        }
        Ok(v)
    }

    /// Checks every seal of the bundle against its device's key (one
    /// signature per seal) and indexes the revisions it vouches for.
    fn read_seals(&mut self, b: &OpenBundle) -> Result<()> {
        let file = self.file;
        let bad = |err: rusqlite::Error| reject(file, format!("cannot read the bundle: {err}"));
        let mut st = b
            .conn
            .prepare(
                "SELECT device, length(CAST(body AS BLOB)), body, signature FROM seal NOT INDEXED",
            )
            .map_err(bad)?;
        let mut rows = st.query([]).map_err(bad)?;
        while let Some(r) = rows.next().map_err(bad)? {
            let device: String = r.get(0).map_err(bad)?;
            let len: i64 = r.get(1).map_err(bad)?;
            if device.len() > MAX_NAME_BYTES || len > MAX_SEAL_BYTES as i64 {
                return Err(untrusted(
                    file,
                    TrustRefusal::SealTooLong { device, bytes: len },
                ));
            }
            let body: String = r.get(2).map_err(bad)?;
            let signature: String = r.get(3).map_err(bad)?;
            let Some(found) = self.key_of(&device)? else {
                return Err(untrusted(file, TrustRefusal::SealWithoutKey { device }));
            };
            let (key, fp) = (&found.0, &found.1);
            let altered = || {
                untrusted(
                    file,
                    TrustRefusal::SealAltered {
                        device: device.clone(),
                        fingerprint: fp.clone(),
                    },
                )
            };
            if !key.verifies_seal(&body, &signature) {
                return Err(altered());
            }
            let parsed = SealBody::parse(&body).map_err(|_| altered())?;
            if parsed.device != device {
                return Err(altered());
            }
            for e in parsed.revisions {
                let e = SealEntry {
                    rev_id: e.rev_id.into_owned().into(),
                    hash: e.hash.into_owned().into(),
                    unit_code: e.unit_code.into_owned().into(),
                    checklist_version: e.checklist_version.into_owned().into(),
                };
                self.sealed
                    .insert(e.rev_id.to_string(), (device.clone(), e));
            }
        }
        Ok(())
    }

    /// Whether a seal of the revision's own device vouches for the
    /// revision as it travels: its content and the unit and checklist
    /// version its signature row names.
    fn sealed(&self, rev: &Revision, signed: &Signed) -> bool {
        self.sealed.get(&rev.id).is_some_and(|(device, e)| {
            *device == rev.device
                && e.hash == rev.hash
                && e.unit_code == signed.unit_code
                && e.checklist_version == signed.checklist_version
        })
    }

    /// Whether the database merged into already holds this very revision
    /// with this very signature: it was checked when it arrived there.
    fn held_here(&mut self, rev: &Revision, signed: &Signed) -> bool {
        let trust = self.trust;
        let conn = self.target.get_or_insert_with(|| {
            let path = trust.target.as_ref()?;
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let c = Connection::open_with_flags(path, flags).ok()?;
            // Never wait for the merge's own write lock (with a rollback
            // journal, the merge may hold it): a revision not found here
            // has its signature checked instead.
            c.busy_timeout(std::time::Duration::ZERO).ok()?;
            Some(c)
        });
        let Some(conn) = conn else { return false };
        conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM rev r JOIN rev_signature s ON s.rev_id = r.id
             WHERE r.id = ?1 AND r.hash = ?2 AND s.unit_code = ?3
               AND s.checklist_version = ?4 AND s.signature = ?5)",
        )
        .and_then(|mut st| {
            st.query_row(
                rusqlite::params![
                    rev.id,
                    rev.hash,
                    signed.unit_code,
                    signed.checklist_version,
                    signed.signature
                ],
                |r| r.get::<_, bool>(0),
            )
        })
        .unwrap_or(false)
    }

    fn key_of(&mut self, device: &str) -> Result<Option<std::rc::Rc<(PublicKey, String)>>> {
        if !self.keys.contains_key(device) {
            let hex = self
                .bundle_keys
                .get(device)
                .or_else(|| self.trust.known_keys.get(device));
            let parsed = match hex {
                None => None,
                Some(h) => {
                    let k = PublicKey::from_hex(h)
                        .map_err(|e| reject(self.file, format!("device {device}: {e}")))?;
                    let fp = k.fingerprint();
                    Some(std::rc::Rc::new((k, fp)))
                }
            };
            self.keys.insert(device.to_owned(), parsed);
        }
        Ok(self.keys.get(device).cloned().flatten())
    }

    /// The unit and checklist id the bundle's identity rows give an entity.
    fn place<'s>(&'s self, entity: &'s str) -> Option<(&'s str, Option<&'s str>)> {
        if let Some(code) = entity.strip_prefix("u:") {
            return Some((code, None));
        }
        let inspection = self
            .finding_inspection
            .get(entity)
            .map(String::as_str)
            .unwrap_or(entity);
        self.inspections
            .get(inspection)
            .map(|(u, c)| (u.as_str(), Some(c.as_str())))
    }

    /// Checks one revision (its content hash already checked).
    pub(super) fn check(&mut self, rev: &Revision) -> Result<()> {
        let file = self.file;
        let who = || Who {
            rev_id: rev.id.clone(),
            author: rev.author.clone(),
            device: rev.device.clone(),
        };
        // Taken out: an id given twice is refused by the caller anyway.
        let Some(signed) = self.signatures.remove(&rev.id) else {
            if self.trust.enforcing() && !self.trust.allow_unsigned {
                return Err(untrusted(file, TrustRefusal::Unsigned { rev: who() }));
            }
            return Ok(());
        };
        let ctx = Context {
            unit_code: &signed.unit_code,
            checklist_version: &signed.checklist_version,
        };
        if let Some((unit, checklist)) = self.place(&rev.entity) {
            if unit != signed.unit_code {
                return Err(untrusted(
                    file,
                    TrustRefusal::WrongUnit {
                        rev: who(),
                        signed: signed.unit_code.clone(),
                        placed: unit.to_owned(),
                    },
                ));
            }
            if let Some(versions) = checklist.and_then(|c| self.versions.get(c))
                && !signed.checklist_version.is_empty()
                && !versions.contains(&signed.checklist_version)
            {
                return Err(untrusted(
                    file,
                    TrustRefusal::WrongVersion {
                        rev: who(),
                        signed: signed.checklist_version.clone(),
                    },
                ));
            }
        }
        let own = rev.device == self.trust.own_device;
        let trust = self.trust;
        let Some(found) = self.key_of(&rev.device)? else {
            return Err(untrusted(file, TrustRefusal::NoKey { rev: who() }));
        };
        let (key, fp) = (&found.0, &found.1);
        // A revision travels under a seal (its signature row empty) or with
        // its own signature; one the database holds already as it comes
        // was checked when it arrived there.
        if signed.signature.is_empty() {
            if !self.sealed(rev, &signed) {
                return Err(untrusted(file, TrustRefusal::NotSealed { rev: who() }));
            }
        } else if !self.held_here(rev, &signed) && !key.verifies(rev, &ctx, &signed.signature) {
            return Err(untrusted(file, TrustRefusal::Altered { rev: who() }));
        }
        if own || !(trust.enforcing() || trust.trust_new) {
            return Ok(());
        }
        match trust.roster.get(fp) {
            Some(name) if *name == rev.author => Ok(()),
            Some(name) => Err(untrusted(
                file,
                TrustRefusal::OtherMembersName {
                    rev: who(),
                    fingerprint: fp.clone(),
                    member: name.clone(),
                },
            )),
            None if trust.trust_new => {
                let mut added = trust.added.lock().unwrap_or_else(|e| e.into_inner());
                if !added.contains_key(fp) {
                    // A name is one member's: a new device cannot take it
                    // from a member, or from another new device.
                    let holder = trust
                        .roster
                        .iter()
                        .find(|(_, name)| **name == rev.author)
                        .map(|(f, _)| f.clone())
                        .or_else(|| {
                            added
                                .values()
                                .find(|m| m.name == rev.author)
                                .map(|m| m.fingerprint.clone())
                        });
                    if let Some(other) = holder {
                        return Err(untrusted(
                            file,
                            TrustRefusal::NameTaken {
                                rev: who(),
                                fingerprint: fp.clone(),
                                holder: other,
                            },
                        ));
                    }
                }
                let m = added.entry(fp.clone()).or_insert_with(|| {
                    let m = NewMember {
                        device: rev.device.clone(),
                        fingerprint: fp.clone(),
                        name: rev.author.clone(),
                    };
                    self.new_members.push(m.clone());
                    m
                });
                if m.name != rev.author {
                    return Err(untrusted(
                        file,
                        TrustRefusal::TwoNames {
                            device: rev.device.clone(),
                            fingerprint: fp.clone(),
                            first: m.name.clone(),
                            second: rev.author.clone(),
                        },
                    ));
                }
                Ok(())
            }
            None => Err(untrusted(
                file,
                TrustRefusal::NotInTeam {
                    rev: who(),
                    fingerprint: fp.clone(),
                },
            )),
        }
    }

    /// The devices `--trust-new` adds, by name.
    pub(super) fn finish(self) -> Vec<NewMember> {
        let mut v = self.new_members;
        v.sort_by(|a, b| (&a.name, &a.fingerprint).cmp(&(&b.name, &b.fingerprint)));
        v
    }
}

fn fingerprint_or_bad(hex: &str) -> String {
    PublicKey::from_hex(hex)
        .map(|k| k.fingerprint())
        .unwrap_or_else(|_| "invalid".into())
}
