//! Read queries. Screens and reports read the derived `head` table; the
//! history reads `rev`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::{OptionalExtension, params};

use super::{Result, Store};
use crate::core::checklist::UnitKind;
use crate::core::finding::{ConflictSide, FindingState, RawValue};
use crate::core::register::{self, Field, Value};
use crate::core::revision::unit_entity;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnitInfo {
    pub code: String,
    pub name: String,
    pub kind: Option<UnitKind>,
    pub province: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionInfo {
    pub id: String,
    pub campaign: String,
    pub unit_code: String,
    pub checklist_id: String,
    /// Checklist version and source hash last recorded for this inspection.
    pub checklist_version: String,
    pub checklist_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionSummary {
    pub info: InspectionInfo,
    pub unit_name: String,
    /// Everyone who recorded a finding, in order of first contribution.
    pub inspectors: Vec<String>,
    pub first_at_ms: Option<i64>,
    pub last_at_ms: Option<i64>,
    /// Findings whose status is set (not `unchecked`).
    pub checked: usize,
    /// Registers of this inspection in conflict.
    pub conflicts: usize,
}

/// The current state of one finding plus what an editor needs to save
/// against it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FindingRow {
    pub item_id: String,
    pub state: FindingState,
    /// For each field key, the head revision ids read (the base of the next edit).
    pub bases: BTreeMap<String, Vec<String>>,
    /// Item content hashes the finding was recorded against.
    pub item_hashes: Vec<String>,
    pub last_author: String,
    pub updated_at_ms: i64,
}

impl FindingRow {
    /// Whether part of this finding was recorded against another meaning
    /// of the item (its content hash differs from `item`'s).
    pub fn item_changed(&self, item: &crate::core::checklist::Item) -> bool {
        self.item_hashes.iter().any(|h| *h != item.hash)
    }

    pub fn base(&self, field: &Field) -> Vec<String> {
        self.bases.get(&field.key()).cloned().unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub rev_id: String,
    pub at_ms: i64,
    pub author: String,
    pub device: String,
    pub unit_code: Option<String>,
    pub checklist_id: Option<String>,
    pub item_id: Option<String>,
    pub field: String,
    /// Values of the revisions this one replaced (several for a resolution).
    pub old_values: Vec<RawValue>,
    pub new_value: RawValue,
    /// Signed by its device. Revisions made before parcheck signed them
    /// are not, and are shown so.
    pub signed: bool,
}

impl Store {
    pub fn unit(&self, code: &str) -> Result<Option<UnitInfo>> {
        let exists: Option<String> = self
            .conn()
            .query_row("SELECT code FROM unit WHERE code = ?1", [code], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.err(e))?;
        if exists.is_none() {
            return Ok(None);
        }
        let mut u = UnitInfo {
            code: code.to_owned(),
            ..Default::default()
        };
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT field, value FROM head WHERE entity = ?1 ORDER BY at_ms DESC, rev_id DESC",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([unit_entity(code)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })
            .map_err(|e| self.err(e))?;
        let mut seen = std::collections::HashSet::new();
        for row in rows {
            let (key, value) = row.map_err(|e| self.err(e))?;
            if !seen.insert(key.clone()) {
                continue; // an older side of a conflict: the newest is shown
            }
            let Some(field) = Field::parse(&key) else {
                continue;
            };
            let decoded = Value::decode(&field, &value);
            match (field, decoded) {
                (Field::UnitName, Ok(Value::Text(t))) => u.name = t,
                (Field::UnitKind, Ok(Value::UnitKind(k))) => u.kind = Some(k),
                (Field::UnitProvince, Ok(Value::Text(t))) => u.province = t,
                _ => {}
            }
        }
        Ok(Some(u))
    }

    /// Every head of each field of a unit, newest first, with who wrote
    /// it: a field with several differing heads is in conflict.
    pub fn unit_heads(&self, code: &str) -> Result<BTreeMap<String, Vec<ConflictSide>>> {
        let e = |err| self.err(err);
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT h.field, h.rev_id, h.value, h.at_ms, r.author, r.device
                 FROM head h JOIN rev r ON r.id = h.rev_id WHERE h.entity = ?1
                 ORDER BY h.field, h.at_ms DESC, h.rev_id DESC",
            )
            .map_err(e)?;
        let rows = st
            .query_map([unit_entity(code)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    ConflictSide {
                        rev_id: r.get(1)?,
                        value: r.get(2)?,
                        at_ms: r.get(3)?,
                        author: r.get(4)?,
                        device: r.get(5)?,
                    },
                ))
            })
            .map_err(e)?;
        let mut out: BTreeMap<String, Vec<ConflictSide>> = BTreeMap::new();
        for row in rows {
            let (field, side) = row.map_err(e)?;
            out.entry(field).or_default().push(side);
        }
        Ok(out)
    }

    pub fn units(&self) -> Result<Vec<UnitInfo>> {
        let codes: Vec<String> = {
            let mut st = self
                .conn()
                .prepare("SELECT code FROM unit ORDER BY code")
                .map_err(|e| self.err(e))?;
            st.query_map([], |r| r.get(0))
                .map_err(|e| self.err(e))?
                .collect::<rusqlite::Result<_>>()
                .map_err(|e| self.err(e))?
        };
        let mut out = Vec::with_capacity(codes.len());
        for c in codes {
            if let Some(u) = self.unit(&c)? {
                out.push(u);
            }
        }
        Ok(out)
    }

    pub fn inspection(&self, id: &str) -> Result<Option<InspectionInfo>> {
        self.conn()
            .query_row(
                "SELECT i.id, i.campaign, i.unit_code, i.checklist_id,
                        (SELECT value FROM head h WHERE h.entity = i.id AND h.field = 'checklist' ORDER BY at_ms DESC LIMIT 1)
                 FROM inspection i WHERE i.id = ?1",
                [id],
                |r| Ok(inspection_info(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Every inspection on this database that is not removed, newest
    /// activity first: what the home screen, `findings`, the reports and
    /// the register show. Whether one is removed is
    /// [`register::removal_in_force`]'s to say.
    pub fn inspections(&self) -> Result<Vec<InspectionSummary>> {
        let removed = self.removed_inspection_ids()?;
        let mut all = self.all_inspections(None)?;
        all.retain(|s| !removed.contains(&s.info.id));
        Ok(all)
    }

    /// [`Store::inspections`] of one unit only, in the same order: what a
    /// unit's report or findings read, at the cost of that unit's
    /// inspections rather than of the whole database's.
    pub fn unit_inspections(&self, unit_code: &str) -> Result<Vec<InspectionSummary>> {
        let mut all = self.all_inspections(Some(unit_code))?;
        let mut removed = BTreeSet::new();
        for s in &all {
            if self.removal_in_force(&s.info.id)? {
                removed.insert(s.info.id.clone());
            }
        }
        all.retain(|s| !removed.contains(&s.info.id));
        Ok(all)
    }

    /// The removed inspections, newest activity first (to restore one).
    pub fn removed_inspections(&self) -> Result<Vec<InspectionSummary>> {
        let removed = self.removed_inspection_ids()?;
        if removed.is_empty() {
            return Ok(Vec::new());
        }
        let mut all = self.all_inspections(None)?;
        all.retain(|s| removed.contains(&s.info.id));
        Ok(all)
    }

    /// The ids of the removed inspections. Only inspections with a
    /// `removed` register are looked at further (one lookup each).
    pub fn removed_inspection_ids(&self) -> Result<BTreeSet<String>> {
        let e = |err| self.err(err);
        let mut st = self
            .conn()
            .prepare_cached(
                // Every inspection's heads lie in one range of `head` (see
                // `all_inspections`): one pass in key order.
                "SELECT h.entity, h.value FROM head h
                 WHERE h.entity >= 'i' AND h.entity < 'j' AND h.field = 'removed'
                   AND EXISTS (SELECT 1 FROM inspection i WHERE i.id = h.entity)",
            )
            .map_err(e)?;
        let rows = st
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, RawValue>(1)?))
            })
            .map_err(e)?;
        let mut heads: BTreeMap<String, Vec<RawValue>> = BTreeMap::new();
        for row in rows {
            let (id, value) = row.map_err(e)?;
            heads.entry(id).or_default().push(value);
        }
        let mut out = BTreeSet::new();
        for (id, values) in heads {
            let n = finding_revisions(self.conn(), &id).map_err(e)?;
            if register::removal_in_force(&values, n) {
                out.insert(id);
            }
        }
        Ok(out)
    }

    /// Whether one inspection is removed, looking at its own `removed`
    /// register only (as [`Store::removed_inspection_ids`] does for each).
    fn removal_in_force(&self, inspection_id: &str) -> Result<bool> {
        let e = |err| self.err(err);
        let mut st = self
            .conn()
            .prepare_cached("SELECT value FROM head WHERE entity = ?1 AND field = 'removed'")
            .map_err(e)?;
        let values: Vec<RawValue> = st
            .query_map([inspection_id], |r| r.get(0))
            .map_err(e)?
            .collect::<rusqlite::Result<_>>()
            .map_err(e)?;
        if values.is_empty() {
            return Ok(false);
        }
        let n = finding_revisions(self.conn(), inspection_id).map_err(e)?;
        Ok(register::removal_in_force(&values, n))
    }

    /// Whether this inspection is removed.
    pub fn is_removed(&self, inspection_id: &str) -> Result<bool> {
        Ok(self.removed_inspection_ids()?.contains(inspection_id))
    }

    /// Every inspection (of `unit` only, when given) with its kept figures,
    /// unit name and inspectors, in a fixed number of queries whatever the
    /// number of inspections: the home screen's first frame reads this.
    fn all_inspections(&self, unit: Option<&str>) -> Result<Vec<InspectionSummary>> {
        let conn = self.conn();
        let e = |err| self.err(err);
        // `?1` is the unit, or NULL for every unit (a condition of its own
        // for each, so that one unit is found through its index).
        let of_unit = |column: &str| match unit {
            None => "?1 IS NULL".to_owned(),
            Some(_) => format!("{column} = ?1"),
        };
        // The unit names, newest `name` head of each unit (as `unit` reads
        // it), one set-based read.
        let mut names: HashMap<String, String> = HashMap::new();
        {
            let mut st = conn
                .prepare_cached(&format!(
                    "SELECT u.code,
                            (SELECT h.value FROM head h WHERE h.entity = 'u:' || u.code AND h.field = 'name'
                             ORDER BY h.at_ms DESC, h.rev_id DESC LIMIT 1)
                     FROM unit u WHERE {}",
                    of_unit("u.code")
                ))
                .map_err(e)?;
            let rows = st
                .query_map([unit], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, RawValue>(1)?))
                })
                .map_err(e)?;
            for row in rows {
                let (code, value) = row.map_err(e)?;
                if let Ok(Value::Text(name)) = Value::decode(&Field::UnitName, &value) {
                    names.insert(code, name);
                }
            }
        }
        // Everyone who recorded a finding of each inspection, by first
        // contribution: one scan of the kept `inspection_author` rows.
        let mut inspectors: HashMap<String, Vec<String>> = HashMap::new();
        {
            let sql = match unit {
                None => "SELECT inspection_id, author FROM inspection_author
                         WHERE ?1 IS NULL ORDER BY inspection_id, first_at_ms, author"
                    .to_owned(),
                Some(_) => "SELECT a.inspection_id, a.author
                            FROM inspection i JOIN inspection_author a ON a.inspection_id = i.id
                            WHERE i.unit_code = ?1 ORDER BY a.inspection_id, a.first_at_ms, a.author"
                    .to_owned(),
            };
            let mut st = conn.prepare_cached(&sql).map_err(e)?;
            let rows = st
                .query_map([unit], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })
                .map_err(e)?;
            for row in rows {
                let (id, author) = row.map_err(e)?;
                inspectors.entry(id).or_default().push(author);
            }
        }
        // The checklist each inspection was last recorded against: its
        // newest `checklist` head. Every inspection's heads, and only
        // theirs, lie in one range of `head` (an inspection id is "i" and
        // hex digits: `revision::inspection_id`), read in one pass in key
        // order rather than looked up one inspection at a time.
        let mut checklists: HashMap<String, (i64, Option<String>)> = HashMap::new();
        if unit.is_none() {
            let mut st = conn
                .prepare_cached(
                    "SELECT entity, value, at_ms FROM head
                     WHERE entity >= 'i' AND entity < 'j' AND field = 'checklist'",
                )
                .map_err(e)?;
            let rows = st
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                })
                .map_err(e)?;
            for row in rows {
                let (id, value, at) = row.map_err(e)?;
                // The newest head; of heads written at the same moment,
                // the first in key order, as a lookup of one would give.
                match checklists.get_mut(&id) {
                    Some(kept) if kept.0 >= at => {}
                    Some(kept) => *kept = (at, value),
                    None => {
                        checklists.insert(id, (at, value));
                    }
                }
            }
        }
        // The inspections with their figures, kept per inspection as
        // findings change (see `inspection_stats`).
        let checklist_column = match unit {
            None => "NULL",
            Some(_) => {
                "(SELECT value FROM head h WHERE h.entity = i.id AND h.field = 'checklist' ORDER BY at_ms DESC LIMIT 1)"
            }
        };
        let mut st = conn
            .prepare_cached(&format!(
                "SELECT i.id, i.campaign, i.unit_code, i.checklist_id, {checklist_column},
                        s.checked, s.conflicts, s.first_at_ms, s.last_at_ms
                 FROM inspection i LEFT JOIN inspection_stats s ON s.inspection_id = i.id
                 WHERE {}",
                of_unit("i.unit_code")
            ))
            .map_err(e)?;
        let rows = st
            .query_map([unit], |r| {
                let n = |x: Option<i64>| x.and_then(|x| usize::try_from(x).ok()).unwrap_or(0);
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    n(r.get(5)?),
                    n(r.get(6)?),
                    r.get::<_, Option<i64>>(7)?,
                    r.get::<_, Option<i64>>(8)?,
                ))
            })
            .map_err(e)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, campaign, unit_code, checklist_id, checklist, checked, conflicts, first, last) =
                row.map_err(e)?;
            let checklist = match unit {
                None => checklists.remove(&id).and_then(|(_, v)| v),
                Some(_) => checklist,
            };
            let info = inspection_info(id, campaign, unit_code, checklist_id, checklist);
            out.push(InspectionSummary {
                unit_name: names.get(&info.unit_code).cloned().unwrap_or_default(),
                inspectors: inspectors.remove(&info.id).unwrap_or_default(),
                info,
                first_at_ms: first,
                last_at_ms: last,
                checked,
                conflicts,
            });
        }
        out.sort_by(|a, b| {
            b.last_at_ms
                .cmp(&a.last_at_ms)
                .then_with(|| a.info.unit_code.cmp(&b.info.unit_code))
        });
        Ok(out)
    }

    /// Authors of the findings of an inspection, by first contribution.
    pub fn inspectors(&self, inspection_id: &str) -> Result<Vec<String>> {
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT author FROM inspection_author WHERE inspection_id = ?1 ORDER BY first_at_ms, author",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([inspection_id], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The current state of every finding of an inspection that has any
    /// recorded field, keyed by item id.
    pub fn finding_rows(&self, inspection_id: &str) -> Result<BTreeMap<String, FindingRow>> {
        self.finding_rows_where("f.inspection_id = ?1", inspection_id)
    }

    /// The current state of one finding.
    pub fn finding_row(&self, inspection_id: &str, item_id: &str) -> Result<FindingRow> {
        let key = crate::core::revision::finding_key(inspection_id, item_id);
        let mut rows = self.finding_rows_where("f.key = ?1", &key)?;
        Ok(rows.remove(item_id).unwrap_or_else(|| FindingRow {
            item_id: item_id.to_owned(),
            ..Default::default()
        }))
    }

    fn finding_rows_where(
        &self,
        condition: &str,
        arg: &str,
    ) -> Result<BTreeMap<String, FindingRow>> {
        let sql = format!(
            "SELECT f.item_id, h.field, h.rev_id, h.value, h.at_ms, r.author, r.device, r.item_hash
             FROM finding f JOIN head h ON h.entity = f.key JOIN rev r ON r.id = h.rev_id
             WHERE {condition}
             ORDER BY f.item_id, h.field, h.at_ms DESC, h.rev_id DESC"
        );
        let mut st = self.conn().prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut rows = st.query(params![arg]).map_err(|e| self.err(e))?;
        let mut out: BTreeMap<String, FindingRow> = BTreeMap::new();
        let mut group: Vec<ConflictSide> = Vec::new();
        let mut group_key: Option<(String, String)> = None;
        let flush = |out: &mut BTreeMap<String, FindingRow>,
                     key: &(String, String),
                     sides: &mut Vec<ConflictSide>| {
            let row = out.get_mut(&key.0).expect("row created before its fields");
            row.bases.insert(
                key.1.clone(),
                sides.iter().map(|s| s.rev_id.clone()).collect(),
            );
            row.state.apply_register(&key.1, std::mem::take(sides));
        };
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let item: String = r.get(0).map_err(|e| self.err(e))?;
            let field: String = r.get(1).map_err(|e| self.err(e))?;
            let side = ConflictSide {
                rev_id: r.get(2).map_err(|e| self.err(e))?,
                value: r.get(3).map_err(|e| self.err(e))?,
                at_ms: r.get(4).map_err(|e| self.err(e))?,
                author: r.get(5).map_err(|e| self.err(e))?,
                device: r.get(6).map_err(|e| self.err(e))?,
            };
            let item_hash: Option<String> = r.get(7).map_err(|e| self.err(e))?;
            let key = (item.clone(), field);
            if group_key.as_ref() != Some(&key) {
                if let Some(k) = group_key.take() {
                    flush(&mut out, &k, &mut group);
                }
                group_key = Some(key);
            }
            let row = out.entry(item.clone()).or_insert_with(|| FindingRow {
                item_id: item,
                ..Default::default()
            });
            if side.at_ms > row.updated_at_ms {
                row.updated_at_ms = side.at_ms;
                row.last_author = side.author.clone();
            }
            if let Some(h) = item_hash
                && !row.item_hashes.contains(&h)
            {
                row.item_hashes.push(h);
            }
            group.push(side);
        }
        if let Some(k) = group_key.take() {
            flush(&mut out, &k, &mut group);
        }
        Ok(out)
    }

    /// The value of revision `rev_id` if it belongs to the register
    /// (`entity`, `field`); `None` when it does not.
    pub fn register_value(
        &self,
        rev_id: &str,
        entity: &str,
        field: &str,
    ) -> Result<Option<RawValue>> {
        self.conn()
            .query_row(
                "SELECT value FROM rev WHERE id = ?1 AND entity = ?2 AND field = ?3",
                [rev_id, entity, field],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The change history, oldest first, optionally for one unit and/or item.
    pub fn history(&self, unit: Option<&str>, item: Option<&str>) -> Result<Vec<HistoryEntry>> {
        let e = |err| self.err(err);
        // The revisions to show, found through the indexes of the unit's
        // inspections and findings rather than by scanning every revision.
        let picked = match (unit, item) {
            (Some(_), Some(_)) => {
                "SELECT r.id FROM inspection i JOIN finding f ON f.inspection_id = i.id
                 JOIN rev r ON r.entity = f.key WHERE i.unit_code = ?1 AND f.item_id = ?2"
            }
            (Some(_), None) => {
                "SELECT r.id FROM inspection i JOIN finding f ON f.inspection_id = i.id
                 JOIN rev r ON r.entity = f.key WHERE i.unit_code = ?1
                 UNION ALL SELECT r.id FROM inspection i JOIN rev r ON r.entity = i.id WHERE i.unit_code = ?1
                 UNION ALL SELECT r.id FROM rev r WHERE r.entity = 'u:' || ?1"
            }
            (None, Some(_)) => {
                "SELECT r.id FROM finding f JOIN rev r ON r.entity = f.key WHERE f.item_id = ?2"
            }
            (None, None) => "SELECT id FROM rev",
        };
        let sql = format!(
            "WITH picked(id) AS ({picked})
             SELECT r.id, r.at_ms, r.author, r.device, r.field, r.value,
                    coalesce(i.unit_code, i2.unit_code, CASE WHEN r.entity LIKE 'u:%' THEN substr(r.entity, 3) END),
                    coalesce(i.checklist_id, i2.checklist_id), f.item_id,
                    EXISTS (SELECT 1 FROM rev_signature s WHERE s.rev_id = r.id)
             FROM picked JOIN rev r ON r.id = picked.id
             LEFT JOIN finding f ON f.key = r.entity
             LEFT JOIN inspection i ON i.id = f.inspection_id
             LEFT JOIN inspection i2 ON i2.id = r.entity
             ORDER BY r.at_ms, r.id"
        );
        let mut st = self.conn().prepare(&sql).map_err(e)?;
        // Bind exactly the parameters the chosen query uses (?1 unit, ?2 item).
        let bound: Vec<Option<&str>> = match (unit, item) {
            (None, None) => vec![],
            (Some(_), None) => vec![unit],
            _ => vec![unit, item],
        };
        let mut parents = self
            .conn()
            .prepare("SELECT p.value FROM rev_parent rp JOIN rev p ON p.id = rp.parent_id WHERE rp.rev_id = ?1 ORDER BY p.at_ms, p.id")
            .map_err(e)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(bound), |r| {
                Ok(HistoryEntry {
                    rev_id: r.get(0)?,
                    at_ms: r.get(1)?,
                    author: r.get(2)?,
                    device: r.get(3)?,
                    field: r.get(4)?,
                    new_value: r.get(5)?,
                    unit_code: r.get(6)?,
                    checklist_id: r.get(7)?,
                    item_id: r.get(8)?,
                    old_values: Vec::new(),
                    signed: r.get(9)?,
                })
            })
            .map_err(e)?;
        let mut out = Vec::new();
        for row in rows {
            let mut h = row.map_err(e)?;
            if unit.is_some_and(|u| h.unit_code.as_deref() != Some(u)) {
                continue;
            }
            if item.is_some_and(|it| h.item_id.as_deref() != Some(it)) {
                continue;
            }
            h.old_values = parents
                .query_map([&h.rev_id], |r| r.get(0))
                .map_err(e)?
                .collect::<rusqlite::Result<_>>()
                .map_err(e)?;
            out.push(h);
        }
        Ok(out)
    }
}

/// How many revisions the findings of an inspection have: what a removal
/// records having seen (see [`register::removal_in_force`]).
pub(crate) fn finding_revisions(
    conn: &rusqlite::Connection,
    inspection_id: &str,
) -> rusqlite::Result<u64> {
    conn.prepare_cached(
        "SELECT count(*) FROM finding f JOIN rev r ON r.entity = f.key WHERE f.inspection_id = ?1",
    )?
    .query_row([inspection_id], |r| r.get::<_, i64>(0))
    .map(|n| u64::try_from(n).unwrap_or(0))
}

fn inspection_info(
    id: String,
    campaign: String,
    unit_code: String,
    checklist_id: String,
    checklist: Option<String>,
) -> InspectionInfo {
    let (checklist_version, checklist_sha256) = match Value::decode(&Field::Checklist, &checklist) {
        Ok(Value::Checklist { version, sha256 }) => (version, sha256),
        _ => Default::default(),
    };
    InspectionInfo {
        id,
        campaign,
        unit_code,
        checklist_id,
        checklist_version,
        checklist_sha256,
    }
}

#[cfg(test)]
mod tests {
    use crate::core::revision::{finding_key, inspection_id, unit_entity};

    /// The home screen reads every inspection's heads as one range of
    /// `head` ('i' ≤ entity < 'j'): it holds every inspection id and
    /// nothing else.
    #[test]
    fn inspection_heads_are_one_range_of_entities() {
        let in_range = |e: &str| ("i".."j").contains(&e);
        for (campaign, unit, checklist) in [
            ("2026", "UBND-XA-01", "kiem-tra"),
            ("", "", ""),
            ("đợt 1", "Sở Nội vụ", "ds/ß"),
        ] {
            let id = inspection_id(campaign, unit, checklist);
            assert!(in_range(&id), "{id}");
            assert!(!in_range(&finding_key(&id, "M01")));
            assert!(!in_range(&unit_entity(unit)));
        }
    }
}
