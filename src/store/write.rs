//! Writing revisions inside one IMMEDIATE transaction.

use rusqlite::{OptionalExtension, Transaction, params};

use super::observations::ObservationItems;
use super::{Result, sqlite_err};
use crate::catalog::Entry;
use crate::core::checklist::UnitKind;
use crate::core::finding::{Field, RawValue};
use crate::core::register::{self, Head, Value};
use crate::core::revision::{self, Revision, finding_key, inspection_id, unit_entity};
use crate::core::signing::{Context, DeviceKey};

/// What a field write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    /// The field already had this value; nothing was written.
    Unchanged,
    Saved {
        rev_id: String,
    },
    /// Saved, but the field had been changed elsewhere (another window or
    /// process) since it was read: both changes are kept and, if they
    /// differ, the field is now a conflict to resolve.
    ChangedElsewhere {
        rev_id: String,
    },
}

pub struct Writer<'a> {
    tx: Transaction<'a>,
    device: &'a str,
    key: &'a DeviceKey,
    author: &'a str,
    path: &'a str,
    /// Last timestamp handed out by this store (see [`super::Store`]).
    clock: &'a std::cell::Cell<i64>,
    observations: &'a ObservationItems,
}

impl<'a> Writer<'a> {
    pub(super) fn new(
        tx: Transaction<'a>,
        device: &'a str,
        key: &'a DeviceKey,
        author: &'a str,
        path: &'a str,
        clock: &'a std::cell::Cell<i64>,
        observations: &'a ObservationItems,
    ) -> Self {
        Writer {
            tx,
            device,
            key,
            author,
            path,
            clock,
            observations,
        }
    }

    pub(super) fn e(&self) -> impl Fn(rusqlite::Error) -> super::StoreError + '_ {
        move |err| sqlite_err(self.path, err)
    }

    pub(super) fn commit(self) -> Result<()> {
        let path = self.path;
        self.tx.commit().map_err(|e| sqlite_err(path, e))
    }

    pub(crate) fn tx(&self) -> &Transaction<'a> {
        &self.tx
    }

    pub fn author(&self) -> &str {
        self.author
    }

    /// The time of a new revision: the wall clock, but always later than
    /// the `prior` revisions and than anything this store wrote before, so
    /// local changes are totally ordered and a change sorts after what it
    /// replaced even when the laptop's clock was set back.
    fn tick(&mut self, prior: &[String]) -> Result<i64> {
        let mut floor = self.clock.get();
        let mut st = self
            .tx
            .prepare_cached("SELECT at_ms FROM rev WHERE id = ?1")
            .map_err(self.e())?;
        for p in prior {
            if let Some(at) = st
                .query_row([p], |r| r.get::<_, i64>(0))
                .optional()
                .map_err(self.e())?
            {
                floor = floor.max(at);
            }
        }
        let now = chrono::Utc::now()
            .timestamp_millis()
            .max(floor.saturating_add(1));
        self.clock.set(now);
        Ok(now)
    }

    /// Creates the unit if new and records the given descriptive fields
    /// where they differ from what is stored.
    pub fn ensure_unit(
        &mut self,
        code: &str,
        name: Option<&str>,
        kind: Option<UnitKind>,
        province: Option<&str>,
    ) -> Result<()> {
        self.tx
            .execute("INSERT OR IGNORE INTO unit(code) VALUES (?1)", [code])
            .map_err(self.e())?;
        let entity = unit_entity(code);
        let text = |v: Option<&str>| {
            v.filter(|v| !v.trim().is_empty())
                .map(|v| Value::Text(v.to_owned()))
        };
        let fields = [
            (Field::UnitName, text(name)),
            (Field::UnitKind, kind.map(Value::UnitKind)),
            (Field::UnitProvince, text(province)),
        ];
        for (field, value) in fields {
            if let Some(v) = value {
                self.set_field(&entity, &field.key(), v.encode(), None, None)?;
            }
        }
        Ok(())
    }

    /// Creates the inspection of `unit_code` against this checklist in this
    /// campaign if new, and records the checklist version in use.
    pub fn ensure_inspection(
        &mut self,
        campaign: &str,
        unit_code: &str,
        entry: &Entry,
    ) -> Result<String> {
        let id = inspection_id(campaign, unit_code, &entry.checklist.id);
        self.tx
            .execute("INSERT OR IGNORE INTO unit(code) VALUES (?1)", [unit_code])
            .map_err(self.e())?;
        self.tx
            .execute(
                "INSERT OR IGNORE INTO inspection(id, campaign, unit_code, checklist_id) VALUES (?1, ?2, ?3, ?4)",
                params![id, campaign, unit_code, entry.checklist.id],
            )
            .map_err(self.e())?;
        let sha = source_sha256(&entry.source);
        self.tx
            .execute(
                "INSERT OR IGNORE INTO checklist_source(sha256, checklist_id, version, source) VALUES (?1, ?2, ?3, ?4)",
                params![sha, entry.checklist.id, entry.checklist.version, entry.source],
            )
            .map_err(self.e())?;
        let value = Value::Checklist {
            version: entry.checklist.version.clone(),
            sha256: sha,
        };
        self.set_field(&id, &Field::Checklist.key(), value.encode(), None, None)?;
        Ok(id)
    }

    /// Sets one field of the finding for `item_id` in an inspection.
    pub fn set_finding_field(
        &mut self,
        inspection: &str,
        item_id: &str,
        item_hash: &str,
        field: &Field,
        value: RawValue,
        base: Option<&[String]>,
    ) -> Result<WriteOutcome> {
        let key = finding_key(inspection, item_id);
        self.tx
            .execute(
                "INSERT OR IGNORE INTO finding(key, inspection_id, item_id) VALUES (?1, ?2, ?3)",
                params![key, inspection, item_id],
            )
            .map_err(self.e())?;
        self.set_field(&key, &field.key(), value, base, Some(item_hash))
    }

    /// The current heads of a register, newest first.
    pub fn heads(&self, entity: &str, field: &str) -> Result<Vec<Head>> {
        let mut st = self
            .tx
            .prepare_cached("SELECT rev_id, value, at_ms FROM head WHERE entity = ?1 AND field = ?2 ORDER BY at_ms DESC, rev_id DESC")
            .map_err(self.e())?;
        let rows = st
            .query_map([entity, field], |r| {
                Ok(Head {
                    rev_id: r.get(0)?,
                    value: r.get(1)?,
                    at_ms: r.get(2)?,
                })
            })
            .map_err(self.e())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.e())
    }

    /// Writes a new value for a register.
    ///
    /// `base` is the set of heads the editor saw when it read the value.
    /// Without a base the current heads are used, except that an ordinary
    /// edit of a field in conflict continues only the newest side: settling
    /// a conflict is always an explicit resolution ([`Writer::resolve`]).
    pub fn set_field(
        &mut self,
        entity: &str,
        field: &str,
        value: RawValue,
        base: Option<&[String]>,
        item_hash: Option<&str>,
    ) -> Result<WriteOutcome> {
        let heads = self.heads(entity, field)?;
        let in_conflict = register::in_conflict(heads.iter().map(|h| &h.value));
        let parents: Vec<String> = match base {
            Some(b) => b.to_vec(),
            None if in_conflict => heads.iter().take(1).map(|h| h.rev_id.clone()).collect(),
            None => heads.iter().map(|h| h.rev_id.clone()).collect(),
        };
        let current = heads.first().map(|h| &h.value);
        let stale = {
            let mut b = parents.clone();
            b.sort();
            let mut h: Vec<String> = heads.iter().map(|h| h.rev_id.clone()).collect();
            h.sort();
            base.is_some() && b != h
        };
        let unchanged = if stale || in_conflict {
            false
        } else {
            match current {
                Some(cur) => *cur == value,
                None => value.is_none(),
            }
        };
        if unchanged {
            return Ok(WriteOutcome::Unchanged);
        }
        let rev_id = self.insert_local(entity, field, value, parents, item_hash, &heads)?;
        Ok(if stale {
            WriteOutcome::ChangedElsewhere { rev_id }
        } else {
            WriteOutcome::Saved { rev_id }
        })
    }

    /// Settles a register: a new revision superseding every current head.
    pub fn resolve(
        &mut self,
        entity: &str,
        field: &str,
        value: RawValue,
        item_hash: Option<&str>,
    ) -> Result<String> {
        let heads = self.heads(entity, field)?;
        let parents = heads.iter().map(|h| h.rev_id.clone()).collect();
        self.insert_local(entity, field, value, parents, item_hash, &heads)
    }

    /// Removes (`removed`) or restores an inspection: a revision of its
    /// `removed` register superseding every head, a removal recording how
    /// many revisions of the inspection's findings it saw (see
    /// [`register::removal_in_force`]). None, and nothing written, when
    /// the inspection already is as asked.
    pub fn set_removed(&mut self, inspection: &str, removed: bool) -> Result<Option<String>> {
        let field = Field::Removed.key();
        let heads = self.heads(inspection, &field)?;
        let seen = super::read::finding_revisions(&self.tx, inspection).map_err(self.e())?;
        if register::removal_in_force(heads.iter().map(|h| &h.value), seen) == removed {
            return Ok(None);
        }
        let value = if removed {
            Value::Removed {
                findings_seen: seen,
            }
            .encode()
        } else {
            None
        };
        self.resolve(inspection, &field, value, None).map(Some)
    }

    fn insert_local(
        &mut self,
        entity: &str,
        field: &str,
        value: RawValue,
        parents: Vec<String>,
        item_hash: Option<&str>,
        heads_before: &[Head],
    ) -> Result<String> {
        // Later than what it replaces and than every current head, so the
        // newest head is always this device's latest word on the field.
        let mut prior: Vec<String> = parents.clone();
        prior.extend(heads_before.iter().map(|h| h.rev_id.clone()));
        let at = self.tick(&prior)?;
        let secs = u64::try_from(at.div_euclid(1000)).unwrap_or(0);
        let nanos = u32::try_from(at.rem_euclid(1000) * 1_000_000).unwrap_or(0);
        let id = uuid::Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, secs, nanos))
            .to_string();
        let rev = Revision::new(
            id.clone(),
            entity.to_owned(),
            field.to_owned(),
            value,
            parents,
            self.author.to_owned(),
            self.device.to_owned(),
            at,
            item_hash.map(str::to_owned),
        );
        self.insert_revision(&rev)?;
        self.sign(&rev)?;
        let parent_ids: Vec<&str> = rev.parents.iter().map(String::as_str).collect();
        let after = register::advance(
            heads_before,
            &[register::Arrival {
                id: &rev.id,
                value: &rev.value,
                at_ms: rev.at_ms,
                parents: &parent_ids,
            }],
        );
        super::heads::HeadTable::new(&self.tx)
            .and_then(|mut t| t.replace(entity, field, heads_before, &after))
            .map_err(self.e())?;
        self.update_stats(&rev, heads_before, &after)?;
        Ok(id)
    }

    /// Keeps `inspection_stats` and `inspection_author` in step with a local
    /// write to a finding, from the register's heads before and after it.
    fn update_stats(&self, rev: &Revision, before: &[Head], after: &[Head]) -> Result<()> {
        let finding: Option<(String, String)> = self
            .tx
            .prepare_cached("SELECT inspection_id, item_id FROM finding WHERE key = ?1")
            .and_then(|mut st| {
                st.query_row([&rev.entity], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .map_err(self.e())?;
        let Some((inspection, item_id)) = finding else {
            return Ok(()); // a unit or inspection field: no finding figures
        };
        let other = match rev.field.as_str() {
            "status" => Field::Note.key(),
            "note" => Field::Status.key(),
            _ => String::new(),
        };
        let observation = !other.is_empty()
            && self
                .observations
                .of_inspection(&self.tx, &inspection)
                .map_err(self.e())?
                .contains(&item_id);
        let other_heads = if observation {
            self.heads(&rev.entity, &other)?
        } else {
            Vec::new()
        };
        let (d_checked, d_conflicts) =
            super::heads::figures_delta(&rev.field, before, after, observation, &other_heads);
        self.tx
            .prepare_cached(
                "INSERT INTO inspection_stats(inspection_id, checked, conflicts, first_at_ms, last_at_ms)
                 VALUES (?1, max(?2, 0), max(?3, 0), ?4, ?4)
                 ON CONFLICT(inspection_id) DO UPDATE SET
                    checked = checked + ?2, conflicts = conflicts + ?3,
                    first_at_ms = min(coalesce(first_at_ms, ?4), ?4),
                    last_at_ms = max(coalesce(last_at_ms, ?4), ?4)",
            )
            .and_then(|mut st| st.execute(params![inspection, d_checked, d_conflicts, rev.at_ms]))
            .map_err(self.e())?;
        // A unit's report-back or a later verdict does not make its author
        // one of the inspection's inspectors.
        if Field::parse(&rev.field).is_some_and(|f| f.is_followup()) {
            return Ok(());
        }
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO inspection_author(inspection_id, author, first_at_ms) VALUES (?1, ?2, ?3)",
            )
            .and_then(|mut st| st.execute(params![inspection, rev.author, rev.at_ms]))
            .map_err(self.e())?;
        Ok(())
    }

    /// Signs a revision made here, with the unit and checklist version of
    /// the inspection it belongs to (docs/signing.md).
    fn sign(&self, rev: &Revision) -> Result<()> {
        let (unit, version) = self.context(rev)?;
        let ctx = Context {
            unit_code: &unit,
            checklist_version: &version,
        };
        let signature = self.key.sign(rev, &ctx);
        super::rev_row::insert_signature(&self.tx, &rev.id, &ctx, &signature).map_err(self.e())
    }

    /// The unit code and checklist version a revision is signed with: a
    /// unit's fields name the unit and no version; an inspection's and its
    /// findings' name the inspection's unit and the checklist version it
    /// uses (for the revision that sets that version, the version it sets).
    fn context(&self, rev: &Revision) -> Result<(String, String)> {
        if let Some(code) = rev.entity.strip_prefix("u:") {
            return Ok((code.to_owned(), String::new()));
        }
        let inspection: String = self
            .tx
            .prepare_cached("SELECT inspection_id FROM finding WHERE key = ?1")
            .and_then(|mut st| st.query_row([&rev.entity], |r| r.get(0)).optional())
            .map_err(self.e())?
            .unwrap_or_else(|| rev.entity.clone());
        let unit: String = self
            .tx
            .prepare_cached("SELECT unit_code FROM inspection WHERE id = ?1")
            .and_then(|mut st| st.query_row([&inspection], |r| r.get(0)).optional())
            .map_err(self.e())?
            .unwrap_or_default();
        let checklist = Field::Checklist.key();
        let value: Option<String> = if rev.entity == inspection && rev.field == checklist {
            rev.value.clone()
        } else {
            self.heads(&inspection, &checklist)?
                .into_iter()
                .next()
                .and_then(|h| h.value)
        };
        Ok((unit, checklist_version_of(value.as_deref())))
    }

    /// Inserts a revision row and its parent edges (no head maintenance).
    /// Returns false when it was already present.
    pub(crate) fn insert_revision(&self, rev: &Revision) -> Result<bool> {
        super::rev_row::insert(&self.tx, rev).map_err(self.e())
    }
}

/// The version named by an inspection's `checklist` value ('' if none).
pub(crate) fn checklist_version_of(value: Option<&str>) -> String {
    value
        .and_then(|v| serde_json::from_str::<serde_json::Value>(v).ok())
        .and_then(|v| v.get("version").and_then(|s| s.as_str()).map(str::to_owned))
        .unwrap_or_default()
}

/// Recomputes the figures of one inspection from its findings' heads and
/// revisions. Used after a merge, which may change many registers at once;
/// local writes keep the figures up to date incrementally.
pub(crate) fn recompute_inspection_stats(
    conn: &rusqlite::Connection,
    inspection: &str,
    observations: &ObservationItems,
) -> rusqlite::Result<()> {
    let observation_items = observations.of_inspection(conn, inspection)?;
    let mut st = conn.prepare_cached(
        "SELECT f.item_id, h.field, h.value FROM finding f JOIN head h ON h.entity = f.key
             WHERE f.inspection_id = ?1 ORDER BY f.item_id, h.field, h.at_ms DESC, h.rev_id DESC",
    )?;
    let rows = st.query_map([inspection], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, RawValue>(2)?,
        ))
    })?;
    // One finding's registers at a time: its status and newest note decide
    // whether it is done; every register may be in conflict.
    struct Finding {
        item: String,
        status: Vec<RawValue>,
        note: Option<RawValue>,
    }
    let (mut checked, mut conflicts) = (0i64, 0i64);
    let mut finding: Option<Finding> = None;
    let mut register: Option<String> = None;
    let mut values: Vec<RawValue> = Vec::new();
    let close_register = |values: &mut Vec<RawValue>, conflicts: &mut i64| {
        *conflicts += i64::from(register::in_conflict(values.iter()));
        values.clear();
    };
    let close_finding = |f: &Finding| {
        register::is_done_heads(
            observation_items.contains(&f.item),
            f.status.iter(),
            f.note.as_ref(),
        )
    };
    for row in rows {
        let (item, field, value) = row?;
        if finding.as_ref().is_none_or(|f| f.item != item) {
            close_register(&mut values, &mut conflicts);
            register = None;
            if let Some(f) = finding.take() {
                checked += i64::from(close_finding(&f));
            }
            finding = Some(Finding {
                item,
                status: Vec::new(),
                note: None,
            });
        }
        let f = finding.as_mut().expect("set above");
        if register.as_deref() != Some(field.as_str()) {
            close_register(&mut values, &mut conflicts);
            register = Some(field.clone());
        }
        if field == "status" {
            f.status.push(value.clone());
        } else if field == "note" && f.note.is_none() {
            f.note = Some(value.clone());
        }
        values.push(value);
    }
    close_register(&mut values, &mut conflicts);
    if let Some(f) = finding.take() {
        checked += i64::from(close_finding(&f));
    }
    conn.execute(
        "INSERT INTO inspection_stats(inspection_id, checked, conflicts, first_at_ms, last_at_ms)
             SELECT ?1, ?2, ?3, min(r.at_ms), max(r.at_ms)
             FROM finding f JOIN rev r ON r.entity = f.key WHERE f.inspection_id = ?1
             ON CONFLICT(inspection_id) DO UPDATE SET checked = excluded.checked,
                conflicts = excluded.conflicts, first_at_ms = excluded.first_at_ms,
                last_at_ms = excluded.last_at_ms",
        params![inspection, checked, conflicts],
    )?;
    conn.execute(
        "INSERT INTO inspection_author(inspection_id, author, first_at_ms)
             SELECT ?1, r.author, min(r.at_ms) FROM finding f JOIN rev r ON r.entity = f.key
             WHERE f.inspection_id = ?1 AND r.field NOT LIKE 'followup:%' GROUP BY r.author
             ON CONFLICT(inspection_id, author) DO UPDATE SET
                first_at_ms = min(first_at_ms, excluded.first_at_ms)",
        [inspection],
    )?;
    Ok(())
}

/// Content address of a checklist source text.
pub fn source_sha256(source: &str) -> String {
    use sha2::{Digest, Sha256};
    revision::hex(&Sha256::digest(source.as_bytes()))
}
