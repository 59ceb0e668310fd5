//! The province's picture: the figures the summary's charts draw, and the
//! tables beside them show. Pass rates by topic (a checklist) and unit in
//! the latest campaign, the items still to remedy and overdue per unit,
//! and the pass rate of every topic across campaigns.

use std::collections::BTreeMap;

use serde::Serialize;

use super::counts::Counts;
use super::summary::TeamSummary;
use crate::ops::followup::Tally;

/// A topic: one checklist, numbered in the charts (its title in the key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Topic {
    pub checklist: String,
    pub title: String,
}

/// Pass rate of each unit (row) in each topic (column), in tenths of a
/// percent; none where the unit was not inspected on the topic, or nothing
/// applicable was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeatMap {
    pub campaign: String,
    pub units: Vec<String>,
    pub rates: Vec<Vec<Option<u32>>>,
}

/// A unit's items still to remedy (open or not accepted), and how many
/// of them are overdue, over every campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitFollowup {
    pub unit: String,
    pub to_remedy: usize,
    pub overdue: usize,
}

/// One campaign: the pass rate over all its units, and per topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendPoint {
    pub campaign: String,
    pub overall: Option<u32>,
    pub by_topic: Vec<Option<u32>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Picture {
    pub topics: Vec<Topic>,
    /// None when nothing was inspected.
    pub heat: Option<HeatMap>,
    /// None when the follow-up was not counted; empty when nothing is to
    /// remedy.
    pub followup: Option<Vec<UnitFollowup>>,
    /// Campaigns in order (their names sort as years do).
    pub trend: Vec<TrendPoint>,
}

/// The picture of `summary`, with each unit's follow-up tally by
/// (campaign, unit code) when it was counted.
pub fn build_picture(
    summary: &TeamSummary,
    followup: Option<&BTreeMap<(String, String), Tally>>,
) -> Picture {
    let mut topics: Vec<Topic> = Vec::new();
    for u in &summary.units {
        if !topics.iter().any(|t| t.checklist == u.checklist) {
            topics.push(Topic {
                checklist: u.checklist.clone(),
                title: u.checklist_title.clone(),
            });
        }
    }
    topics.sort_by(|a, b| a.checklist.cmp(&b.checklist));
    let topic_of = |id: &str| topics.iter().position(|t| t.checklist == id);

    // Counts by campaign, then by unit and topic; several inspections of one
    // unit on one topic in a campaign count together.
    let mut by_campaign: BTreeMap<&str, BTreeMap<&str, Vec<Counts>>> = BTreeMap::new();
    let mut names: BTreeMap<&str, &str> = BTreeMap::new();
    for u in &summary.units {
        let Some(t) = topic_of(&u.checklist) else {
            continue;
        };
        let row = by_campaign
            .entry(&u.campaign)
            .or_default()
            .entry(&u.unit)
            .or_insert_with(|| vec![Counts::default(); topics.len()]);
        row[t].merge(&u.counts);
        if !u.unit_name.trim().is_empty() {
            names.insert(&u.unit, &u.unit_name);
        }
    }
    let shown = |code: &str| names.get(code).map_or(code, |n| n).to_owned();

    let heat = by_campaign
        .iter()
        .next_back()
        .map(|(campaign, units)| HeatMap {
            campaign: (*campaign).to_owned(),
            units: units.keys().map(|u| shown(u)).collect(),
            rates: units
                .values()
                .map(|row| row.iter().map(Counts::pass_rate_permille).collect())
                .collect(),
        });

    let trend = by_campaign
        .iter()
        .map(|(campaign, units)| {
            let mut overall = Counts::default();
            let mut by_topic = vec![Counts::default(); topics.len()];
            for row in units.values() {
                for (t, c) in row.iter().enumerate() {
                    overall.merge(c);
                    by_topic[t].merge(c);
                }
            }
            TrendPoint {
                campaign: (*campaign).to_owned(),
                overall: overall.pass_rate_permille(),
                by_topic: by_topic.iter().map(Counts::pass_rate_permille).collect(),
            }
        })
        .collect();

    let followup = followup.map(|tallies| {
        let mut per_unit: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for ((_, unit), t) in tallies {
            let e = per_unit.entry(unit).or_default();
            e.0 += t.open + t.not_accepted;
            e.1 += t.overdue;
        }
        per_unit
            .into_iter()
            .filter(|(_, (to_remedy, _))| *to_remedy > 0)
            .map(|(unit, (to_remedy, overdue))| UnitFollowup {
                unit: shown(unit),
                to_remedy,
                overdue,
            })
            .collect()
    });

    Picture {
        topics,
        heat,
        followup,
        trend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::lang::Lang;
    use crate::report::model::{Classification, UnitRow, build_summary};

    fn row(unit: &str, checklist: &str, campaign: &str, pass: u32, fail: u32) -> UnitRow {
        UnitRow {
            unit: unit.into(),
            unit_name: format!("UBND {unit}"),
            checklist: checklist.into(),
            checklist_title: format!("Danh mục {checklist}"),
            campaign: campaign.into(),
            inspection: format!("{unit}-{checklist}-{campaign}"),
            counts: Counts {
                pass,
                fail,
                ..Counts::default()
            },
            pass_rate: String::new(),
            classification: Classification::NotAssessed,
            sections: Vec::new(),
            high_failures: Vec::new(),
        }
    }

    #[test]
    fn the_heat_map_is_the_latest_campaign_and_the_trend_every_one() {
        let s = build_summary(
            vec![
                row("X1", "a", "2025", 1, 1),
                row("X1", "a", "2026", 3, 1),
                row("X1", "b", "2026", 0, 2),
                row("X2", "b", "2026", 2, 0),
            ],
            Lang::Vi,
        );
        let p = build_picture(&s, None);
        assert_eq!(p.topics.len(), 2);
        assert_eq!(p.topics[1].title, "Danh mục b");
        let heat = p.heat.unwrap();
        assert_eq!(heat.campaign, "2026");
        assert_eq!(heat.units, ["UBND X1", "UBND X2"]);
        assert_eq!(heat.rates, [[Some(750), Some(0)], [None, Some(1000)]]);
        assert_eq!(p.trend.len(), 2);
        assert_eq!(p.trend[0].campaign, "2025");
        assert_eq!(p.trend[0].overall, Some(500));
        assert_eq!(p.trend[0].by_topic, [Some(500), None]);
        // 2026: 5 passed of 8 checked.
        assert_eq!(p.trend[1].overall, Some(625));
        assert!(p.followup.is_none());
    }

    #[test]
    fn the_follow_up_adds_every_campaign_and_leaves_out_units_with_nothing_to_remedy() {
        let s = build_summary(vec![row("X1", "a", "2026", 1, 1)], Lang::Vi);
        let t = |open, not_accepted, overdue, verified| Tally {
            open,
            not_accepted,
            overdue,
            verified,
            reported: 0,
        };
        let tallies = BTreeMap::from([
            (("2025".into(), "X1".into()), t(1, 1, 1, 0)),
            (("2026".into(), "X1".into()), t(2, 0, 0, 3)),
            (("2026".into(), "X2".into()), t(0, 0, 0, 4)),
        ]);
        let p = build_picture(&s, Some(&tallies));
        assert_eq!(
            p.followup.unwrap(),
            [UnitFollowup {
                unit: "UBND X1".into(),
                to_remedy: 4,
                overdue: 1
            }]
        );
    }
}
