//! The conclusion date of each unit and campaign, recorded once
//! (`followup conclude`) so that a deadline does not move with the day it
//! is asked: which date a command counts from is
//! `core::followup::conclusion_date`'s rule, read here from the store for
//! the command line and the screen alike.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::FollowupError;
use crate::core::followup::{self, ConclusionSource, StoredConclusion};
use crate::core::register::{Field, Value};
use crate::ops::{self, Actor};
use crate::report::build::BuildError;
use crate::store::{Store, StoreError};

/// The date a unit's deadlines count from, for a unit in a campaign.
pub trait ConclusionDateOf {
    fn date_of(&self, campaign: &str, unit: &str) -> NaiveDate;
}

/// One date for every unit (a date given, as before dates were stored).
impl ConclusionDateOf for NaiveDate {
    fn date_of(&self, _campaign: &str, _unit: &str) -> NaiveDate {
        *self
    }
}

impl ConclusionDateOf for &ConclusionDates {
    fn date_of(&self, campaign: &str, unit: &str) -> NaiveDate {
        self.of(campaign, unit).0
    }
}

/// A date given with a command that differs from the one recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub campaign: String,
    pub unit: String,
    pub given: NaiveDate,
    pub stored: StoredConclusion,
}

/// Every unit's conclusion date as a command sees it: the date given with
/// it, else the stored one, else today.
#[derive(Debug, Clone)]
pub struct ConclusionDates {
    given: Option<NaiveDate>,
    today: NaiveDate,
    /// By (campaign, unit).
    stored: BTreeMap<(String, String), StoredConclusion>,
}

impl ConclusionDates {
    /// The dates stored in `store`, with the date `given` with the command
    /// (if any) and `today`.
    pub fn read(
        store: &Store,
        given: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<ConclusionDates, StoreError> {
        let heads = store.inspection_heads(&Field::ConclusionDate)?;
        let mut by_unit: BTreeMap<(String, String), Vec<Option<String>>> = BTreeMap::new();
        if !heads.is_empty() {
            for s in store.inspections()? {
                if let Some(h) = heads.get(&s.info.id) {
                    by_unit
                        .entry((s.info.campaign.clone(), s.info.unit_code.clone()))
                        .or_default()
                        .extend(h.iter().cloned());
                }
            }
        }
        let stored = by_unit
            .into_iter()
            .filter_map(|(k, h)| followup::stored_conclusion(&h).map(|s| (k, s)))
            .collect();
        Ok(ConclusionDates {
            given,
            today,
            stored,
        })
    }

    /// The date `unit`'s deadlines in `campaign` count from, and where it
    /// comes from.
    pub fn of(&self, campaign: &str, unit: &str) -> (NaiveDate, ConclusionSource) {
        let (date, source, _) =
            followup::conclusion_date(self.given, self.stored(campaign, unit), self.today);
        (date, source)
    }

    /// The date recorded for `unit` in `campaign`.
    pub fn stored(&self, campaign: &str, unit: &str) -> Option<StoredConclusion> {
        self.stored
            .get(&(campaign.to_owned(), unit.to_owned()))
            .copied()
    }

    /// The units (all, or those `keep` says) whose recorded date differs
    /// from the one given with the command.
    pub fn disagreements(&self, keep: impl Fn(&str, &str) -> bool) -> Vec<Disagreement> {
        self.stored
            .iter()
            .filter(|((c, u), _)| keep(c, u))
            .filter_map(|((c, u), s)| {
                match followup::conclusion_date(self.given, Some(*s), self.today) {
                    (given, ConclusionSource::Given, Some(stored)) => Some(Disagreement {
                        campaign: c.clone(),
                        unit: u.clone(),
                        given,
                        stored,
                    }),
                    _ => None,
                }
            })
            .collect()
    }
}

/// What `conclude` recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concluded {
    pub unit: String,
    pub campaign: String,
    pub date: NaiveDate,
    /// The date recorded before (none the first time).
    pub before: Option<StoredConclusion>,
    /// The inspections (checklists) the date was recorded on.
    pub checklists: Vec<String>,
}

/// Records `date` as the conclusion date of `unit` in `campaign` (chosen
/// as every command chooses: `ops::select_inspections`), on each of its
/// inspections, superseding what was recorded there (a disputed date is
/// settled by recording it again). All in one transaction.
pub fn conclude(
    store: &mut Store,
    actor: &Actor,
    unit: &str,
    campaign: &str,
    date: NaiveDate,
) -> Result<Concluded, FollowupError> {
    let chosen = ops::select_inspections(
        store,
        &ops::Selector {
            unit: Some(unit),
            checklist: None,
            inspection: None,
            campaign,
        },
    )
    .map_err(|e| FollowupError::Build(BuildError::Ops(e)))?;
    let campaign = chosen[0].info.campaign.clone();
    let before = ConclusionDates::read(store, None, date)?.stored(&campaign, unit);
    let value = Value::Date(date).encode();
    let key = Field::ConclusionDate.key();
    store.write(&actor.inspector, |w| {
        for s in &chosen {
            let current: Vec<_> = w
                .heads(&s.info.id, &key)?
                .into_iter()
                .map(|h| h.value)
                .collect();
            // Recorded already, undisputed: nothing to write.
            if current.len() == 1 && current[0] == value {
                continue;
            }
            w.resolve(&s.info.id, &key, value.clone(), None)?;
        }
        Ok(())
    })?;
    Ok(Concluded {
        unit: unit.to_owned(),
        campaign,
        date,
        before,
        checklists: chosen.iter().map(|s| s.info.checklist_id.clone()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::ops::{UnitInput, open_inspection};

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_date_recorded_once_counts_for_every_checklist_of_the_unit() {
        let catalog = Catalog::load(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/checklists"
        ))]);
        let mut store = Store::open_in_memory().unwrap();
        let actor = Actor {
            inspector: "Nguyễn Văn An".into(),
            campaign: "2026".into(),
        };
        let unit = UnitInput {
            code: "UBND-XA-A".into(),
            name: Some("UBND xã A".into()),
            ..Default::default()
        };
        for id in ["niem-yet-cong-khai", "so-theo-doi-ho-so"] {
            open_inspection(&mut store, &catalog, &actor, id, &unit).unwrap();
        }
        let today = date("2026-04-01");
        let none = ConclusionDates::read(&store, None, today).unwrap();
        assert_eq!(
            none.of("2026", "UBND-XA-A"),
            (today, ConclusionSource::Today)
        );

        let done = conclude(&mut store, &actor, "UBND-XA-A", "2026", date("2026-03-02")).unwrap();
        assert_eq!(done.checklists.len(), 2);
        assert_eq!(done.before, None);
        let dates = ConclusionDates::read(&store, None, today).unwrap();
        assert_eq!(
            dates.of("2026", "UBND-XA-A"),
            (date("2026-03-02"), ConclusionSource::Stored)
        );
        assert_eq!(dates.of("2026", "UBND-XA-B").1, ConclusionSource::Today);
        assert!(dates.disagreements(|_, _| true).is_empty());

        let given = ConclusionDates::read(&store, Some(date("2026-03-09")), today).unwrap();
        assert_eq!(given.of("2026", "UBND-XA-A").0, date("2026-03-09"));
        let d = given.disagreements(|_, _| true);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].stored.date, date("2026-03-02"));
        assert!(given.disagreements(|_, u| u != "UBND-XA-A").is_empty());

        // Recording the same date again writes nothing; another replaces it.
        let again = conclude(&mut store, &actor, "UBND-XA-A", "2026", date("2026-03-02")).unwrap();
        assert_eq!(again.before.map(|s| s.date), Some(date("2026-03-02")));
        conclude(&mut store, &actor, "UBND-XA-A", "2026", date("2026-03-05")).unwrap();
        let dates = ConclusionDates::read(&store, None, today).unwrap();
        assert_eq!(dates.of("2026", "UBND-XA-A").0, date("2026-03-05"));
        assert!(conclude(&mut store, &actor, "UBND-XA-Z", "2026", today).is_err());
    }
}
