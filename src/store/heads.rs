//! The derived `head` table and the per-inspection figures, kept in step
//! with the register rules of `core::register` by both a local save and a
//! merge.

use rusqlite::{Connection, OptionalExtension, params};

use crate::core::register::{self, Head};

/// Writes the derived `head` table, its two statements prepared once for
/// all the registers a save or a merged bundle moves.
pub(crate) struct HeadTable<'c> {
    delete: rusqlite::CachedStatement<'c>,
    insert: rusqlite::CachedStatement<'c>,
}

impl<'c> HeadTable<'c> {
    pub(crate) fn new(conn: &'c Connection) -> rusqlite::Result<HeadTable<'c>> {
        Ok(HeadTable {
            delete: conn.prepare_cached(
                "DELETE FROM head WHERE entity = ?1 AND field = ?2 AND rev_id = ?3",
            )?,
            insert: conn.prepare_cached(
                "INSERT INTO head(entity, field, rev_id, value, at_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
        })
    }

    /// Rewrites the stored heads of one register from `before` to `after`
    /// (both as [`register::advance`] gives them).
    pub(crate) fn replace(
        &mut self,
        entity: &str,
        field: &str,
        before: &[Head],
        after: &[Head],
    ) -> rusqlite::Result<()> {
        for h in before {
            if !after.iter().any(|a| a.rev_id == h.rev_id) {
                self.delete.execute(params![entity, field, h.rev_id])?;
            }
        }
        for h in after {
            if !before.iter().any(|b| b.rev_id == h.rev_id) {
                self.insert
                    .execute(params![entity, field, h.rev_id, h.value, h.at_ms])?;
            }
        }
        Ok(())
    }
}

/// How a register's move from `before` to `after` changes its inspection's
/// figures: (done findings, registers in conflict). A finding is done by
/// its status, or on an observation item by its note too
/// ([`register::is_done_heads`]); `other` holds the current heads of the
/// finding's other such register (the note when `field` is the status, and
/// the reverse), newest first, and is only read for observation items.
pub(crate) fn figures_delta(
    field: &str,
    before: &[Head],
    after: &[Head],
    observation: bool,
    other: &[Head],
) -> (i64, i64) {
    let done = |hs: &[Head]| match field {
        "status" => register::is_done_heads(
            observation,
            hs.iter().map(|h| &h.value),
            other.first().map(|h| &h.value),
        ),
        "note" if observation => register::is_done_heads(
            observation,
            other.iter().map(|h| &h.value),
            hs.first().map(|h| &h.value),
        ),
        _ => false,
    };
    let conflict = |hs: &[Head]| register::in_conflict(hs.iter().map(|h| &h.value));
    (
        i64::from(done(after)) - i64::from(done(before)),
        i64::from(conflict(after)) - i64::from(conflict(before)),
    )
}

/// A register a merge moved: its heads before and after, newest first.
pub(crate) struct Moved<'a> {
    pub entity: &'a str,
    pub field: &'a str,
    pub before: &'a [Head],
    pub after: &'a [Head],
}

/// Moves the kept per-inspection figures (`inspection_stats`,
/// `inspection_author`) by what a merged bundle changed, from the heads
/// before and after of the registers it moved and the revisions of the
/// bundle (attached as `schema`), instead of reading every revision of
/// every touched inspection again: the same figures as
/// [`super::recompute_inspection_stats`] (a property test checks it), at a
/// cost proportional to the bundle. Revisions the database already had
/// change none of the times and authors, so the bundle's are taken whole.
///
/// An inspection whose `checklist` register moved may have changed which
/// items are observations, and so whether findings the bundle did not
/// touch are done: those few are recomputed whole.
pub(crate) fn apply_merged_figures(
    conn: &Connection,
    observations: &super::ObservationItems,
    moved: &[Moved<'_>],
    schema: &str,
) -> rusqlite::Result<()> {
    use std::collections::{BTreeMap, BTreeSet, HashMap};

    let checklist = crate::core::register::Field::Checklist.key();
    // Which inspection and item each finding entity is (units and
    // inspections have no finding figures).
    let mut finding_of: HashMap<&str, Option<(String, String)>> = HashMap::new();
    {
        let mut st =
            conn.prepare_cached("SELECT inspection_id, item_id FROM finding WHERE key = ?1")?;
        for e in moved.iter().map(|m| m.entity) {
            if !finding_of.contains_key(e) {
                let f = st
                    .query_row([e], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                finding_of.insert(e, f);
            }
        }
    }
    let recompute: BTreeSet<&str> = moved
        .iter()
        .filter(|m| m.field == checklist)
        .map(|m| m.entity)
        .collect();
    #[derive(Default)]
    struct Delta {
        checked: i64,
        conflicts: i64,
    }
    let mut deltas: BTreeMap<String, Delta> = BTreeMap::new();
    // A finding's status and note registers, as (before, after), when moved.
    type Pair<'m> = (
        Option<(&'m [Head], &'m [Head])>,
        Option<(&'m [Head], &'m [Head])>,
    );
    let mut done_inputs: HashMap<&str, Pair<'_>> = HashMap::new();
    for m in moved {
        let Some(Some((inspection, _))) = finding_of.get(m.entity) else {
            continue;
        };
        if recompute.contains(inspection.as_str()) {
            continue;
        }
        let conflict = |hs: &[Head]| register::in_conflict(hs.iter().map(|h| &h.value));
        let d = deltas.entry(inspection.clone()).or_default();
        d.conflicts += i64::from(conflict(m.after)) - i64::from(conflict(m.before));
        match m.field {
            "status" => done_inputs.entry(m.entity).or_default().0 = Some((m.before, m.after)),
            "note" => done_inputs.entry(m.entity).or_default().1 = Some((m.before, m.after)),
            _ => {}
        }
    }
    {
        let mut current = conn.prepare_cached(
            "SELECT rev_id, value, at_ms FROM head WHERE entity = ?1 AND field = ?2
             ORDER BY at_ms DESC, rev_id DESC",
        )?;
        let mut heads_now = |entity: &str, field: &str| -> rusqlite::Result<Vec<Head>> {
            current
                .query_map(params![entity, field], |r| {
                    Ok(Head {
                        rev_id: r.get(0)?,
                        value: r.get(1)?,
                        at_ms: r.get(2)?,
                    })
                })?
                .collect()
        };
        for (entity, (status, note)) in &done_inputs {
            let Some(Some((inspection, item))) = finding_of.get(entity) else {
                continue;
            };
            let observation = observations.of_inspection(conn, inspection)?.contains(item);
            // Only an observation's note counts; a register the bundle did
            // not move is the same before and after.
            if !observation && status.is_none() {
                continue;
            }
            let kept_status;
            let (s_before, s_after) = match status {
                Some(pair) => *pair,
                None => {
                    kept_status = heads_now(entity, "status")?;
                    (&kept_status[..], &kept_status[..])
                }
            };
            let kept_note;
            let (n_before, n_after) = match note {
                Some(pair) => *pair,
                None if observation => {
                    kept_note = heads_now(entity, "note")?;
                    (&kept_note[..], &kept_note[..])
                }
                None => (&[][..], &[][..]),
            };
            let done = |s: &[Head], n: &[Head]| {
                register::is_done_heads(
                    observation,
                    s.iter().map(|h| &h.value),
                    n.first().map(|h| &h.value),
                )
            };
            let d = deltas.entry(inspection.clone()).or_default();
            d.checked += i64::from(done(s_after, n_after)) - i64::from(done(s_before, n_before));
        }
    }
    let mut stats = conn.prepare_cached(
        "INSERT INTO inspection_stats(inspection_id, checked, conflicts)
         VALUES (?1, max(?2, 0), max(?3, 0))
         ON CONFLICT(inspection_id) DO UPDATE SET
            checked = checked + ?2, conflicts = conflicts + ?3",
    )?;
    for (inspection, d) in &deltas {
        stats.execute(params![inspection, d.checked, d.conflicts])?;
    }
    // First and last change, and who recorded any, of each inspection the
    // bundle holds findings of.
    conn.execute(
        &format!(
            "INSERT INTO inspection_stats(inspection_id, first_at_ms, last_at_ms)
             SELECT f.inspection_id, min(b.at_ms), max(b.at_ms)
             FROM {schema}.rev AS b NOT INDEXED CROSS JOIN main.finding AS f ON f.key = b.entity
             WHERE true GROUP BY f.inspection_id
             ON CONFLICT(inspection_id) DO UPDATE SET
                first_at_ms = coalesce(min(first_at_ms, excluded.first_at_ms), excluded.first_at_ms),
                last_at_ms = coalesce(max(last_at_ms, excluded.last_at_ms), excluded.last_at_ms)"
        ),
        [],
    )?;
    // As a local save: a report-back or a verdict does not make its author
    // one of the inspection's inspectors.
    conn.execute(
        &format!(
            "INSERT INTO inspection_author(inspection_id, author, first_at_ms)
             SELECT f.inspection_id, b.author, min(b.at_ms)
             FROM {schema}.rev AS b NOT INDEXED CROSS JOIN main.finding AS f ON f.key = b.entity
             WHERE b.field NOT LIKE 'followup:%' GROUP BY f.inspection_id, b.author
             ON CONFLICT(inspection_id, author) DO UPDATE SET
                first_at_ms = min(first_at_ms, excluded.first_at_ms)"
        ),
        [],
    )?;
    for inspection in recompute {
        super::recompute_inspection_stats(conn, inspection, observations)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::catalog::Entry;
    use crate::core::finding::{Field, Status, encode};
    use crate::core::revision::finding_key;
    use crate::merge::{self, ExportScope, MergeOptions};
    use crate::store::Store;

    /// A checklist of a yes/no item and an observation item (whose note
    /// makes it done).
    fn entry() -> Entry {
        let mut source = String::from(
            "format = 1\nid = \"t\"\nversion = \"1\"\ntitle = \"T\"\nframework = \"2025\"\napplies_to = [\"commune_pc\"]\ndescription = \"x\"\n\n[[section]]\nid = \"s\"\ntitle = \"S\"\n",
        );
        for (id, kind) in [("A-1", "yes_no"), ("B-1", "observation")] {
            source.push_str(&format!(
                "\n[[section.item]]\nid = \"{id}\"\nquestion = \"Q?\"\nguidance = \"G\"\nlegal_basis = [{{ document = \"Nghị định 61/2018/NĐ-CP\" }}]\nseverity = \"low\"\nkind = \"{kind}\"\naction = \"Sửa.\"\ndeadline = 10\nevidence = \"Ảnh.\"\n"
            ));
        }
        let checklist = crate::core::checklist_parse::parse_checklist(source.as_bytes())
            .expect("test checklist parses");
        Entry {
            checklist,
            path: "t.toml".into(),
            source,
        }
    }

    #[derive(Debug, Clone)]
    enum Step {
        /// Inspector i sets item k's status (field 0) or note (field 1).
        Edit(usize, usize, usize, u8),
        /// Inspector i settles item k's field whatever its heads.
        Resolve(usize, usize, usize, u8),
        /// Inspector i merges inspector j's export.
        Sync(usize, usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => (0..3usize, 0..2usize, 0..2usize, 0..3u8).prop_map(|(i, k, f, v)| Step::Edit(i, k, f, v)),
            1 => (0..3usize, 0..2usize, 0..2usize, 0..3u8).prop_map(|(i, k, f, v)| Step::Resolve(i, k, f, v)),
            3 => (0..3usize, 0..3usize).prop_map(|(i, j)| Step::Sync(i, j)),
        ]
    }

    /// The figures a merge keeps, and everyone it counts, are what a
    /// recomputation from every revision gives.
    fn figures_match_recompute(s: &Store, inspection: &str) -> Result<(), TestCaseError> {
        let has: i64 = s
            .conn()
            .query_row(
                "SELECT count(*) FROM finding f JOIN rev r ON r.entity = f.key WHERE f.inspection_id = ?1",
                [inspection],
                |r| r.get(0),
            )
            .unwrap();
        if has == 0 {
            return Ok(());
        }
        let kept = s.figures(inspection);
        let authors = |s: &Store| -> Vec<(String, i64)> {
            let mut st = s
                .conn()
                .prepare("SELECT author, first_at_ms FROM inspection_author WHERE inspection_id = ?1 ORDER BY author")
                .unwrap();
            st.query_map([inspection], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let kept_authors = authors(s);
        let mut st = s
            .conn()
            .prepare(
                "SELECT r.author, min(r.at_ms) FROM finding f JOIN rev r ON r.entity = f.key
                 WHERE f.inspection_id = ?1 GROUP BY r.author ORDER BY r.author",
            )
            .unwrap();
        let defined: Vec<(String, i64)> = st
            .query_map([inspection], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        s.recompute_figures(inspection);
        prop_assert_eq!(kept, s.figures(inspection));
        prop_assert_eq!(kept_authors, defined);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn merged_figures_equal_a_recomputation(steps in prop::collection::vec(step(), 1..40)) {
            let dir = tempfile::tempdir().unwrap();
            let e = entry();
            let names = ["An", "Bình", "Cường"];
            let mut stores: Vec<Store> = (0..3)
                .map(|i| Store::open(&dir.path().join(format!("{i}.db"))).unwrap())
                .collect();
            let mut inspection = String::new();
            for s in &mut stores {
                inspection = s.write("setup", |w| w.ensure_inspection("2026", "XA-01", &e)).unwrap();
            }
            let items: Vec<(String, String)> = e
                .checklist
                .items()
                .map(|(_, it)| (it.id.clone(), it.hash.clone()))
                .collect();
            let value = |f: usize, v: u8| match f {
                0 => encode::status([Status::Pass, Status::Fail, Status::Unchecked][usize::from(v)]),
                _ => encode::text(["", "ghi chú", "khác"][usize::from(v)]),
            };
            let field = |f: usize| if f == 0 { Field::Status } else { Field::Note };
            for (n, st) in steps.iter().enumerate() {
                match st {
                    Step::Edit(i, k, f, v) => {
                        let (item, hash) = &items[*k];
                        stores[*i]
                            .write(names[*i], |w| {
                                w.set_finding_field(&inspection, item, hash, &field(*f), value(*f, *v), None)
                            })
                            .unwrap();
                    }
                    Step::Resolve(i, k, f, v) => {
                        let (item, hash) = &items[*k];
                        let key = finding_key(&inspection, item);
                        stores[*i]
                            .write(names[*i], |w| {
                                w.set_finding_field(&inspection, item, hash, &field(*f), value(*f, *v), None)?;
                                w.resolve(&key, &field(*f).key(), value(*f, *v), Some(hash))
                            })
                            .unwrap();
                    }
                    Step::Sync(i, j) => {
                        if i == j {
                            continue;
                        }
                        let b = dir.path().join(format!("{n}.bundle"));
                        merge::export(&stores[*j], &b, &ExportScope::All).unwrap();
                        merge::merge_files(&mut stores[*i], &[b], &MergeOptions::default()).unwrap();
                        figures_match_recompute(&stores[*i], &inspection)?;
                    }
                }
            }
            // Everything merged into a fresh database, in one merge.
            let mut lead = Store::open(&dir.path().join("lead.db")).unwrap();
            let mut bundles = Vec::new();
            for (k, s) in stores.iter().enumerate() {
                let b = dir.path().join(format!("all-{k}.bundle"));
                merge::export(s, &b, &ExportScope::All).unwrap();
                bundles.push(b);
            }
            merge::merge_files(&mut lead, &bundles, &MergeOptions::default()).unwrap();
            figures_match_recompute(&lead, &inspection)?;
        }
    }
}
