//! Property tests of the merge laws on random histories.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use parcheck::core::register::{Arrival, Head, advance};
use parcheck::core::revision::Revision;
use parcheck::merge::{self, ExportScope, MergeOptions};
use parcheck::store::Store;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
    /// Inspector i sets field of finding to value.
    Edit(usize, usize, usize, u8),
    /// Inspector i settles the field: one revision naming every head.
    Resolve(usize, usize, usize, u8),
    /// Inspector i saves on a stale base: the value edited against one or
    /// two earlier revisions of the field (picked by the two numbers), as
    /// an editor that read the field long ago does.
    Stale(usize, usize, usize, u8, usize, Option<usize>),
    /// Inspector i merges the current bundle of inspector j.
    Sync(usize, usize),
}

fn step(n: usize) -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..n, 0..3usize, 0..2usize, 0..3u8).prop_map(|(i, f, k, v)| Step::Edit(i, f, k, v)),
        1 => (0..n, 0..3usize, 0..2usize, 0..3u8).prop_map(|(i, f, k, v)| Step::Resolve(i, f, k, v)),
        1 => (0..n, 0..3usize, 0..2usize, 0..3u8, 0..8usize, prop::option::of(0..8usize))
            .prop_map(|(i, f, k, v, a, b)| Step::Stale(i, f, k, v, a, b)),
        2 => (0..n, 0..n).prop_map(|(i, j)| Step::Sync(i, j)),
    ]
}

/// The definition of a register's heads, written independently of the
/// code under test: the revisions no revision of the register names as a
/// parent.
fn defined_heads(revs: &[Revision]) -> Vec<String> {
    let named: BTreeSet<&str> = revs
        .iter()
        .flat_map(|r| r.parents.iter().map(String::as_str))
        .collect();
    let mut heads: Vec<String> = revs
        .iter()
        .filter(|r| !named.contains(r.id.as_str()))
        .map(|r| r.id.clone())
        .collect();
    heads.sort();
    heads
}

/// The one head advance, applied from every cut of the history (heads of
/// the first k revisions, then the rest arriving at once), gives the
/// defined heads of the whole.
fn advance_matches_definition(revs: &[Revision]) -> Result<(), TestCaseError> {
    // Parents are older than their children: time order is a valid order
    // of arrival.
    let mut order: Vec<&Revision> = revs.iter().collect();
    order.sort_by(|a, b| (a.at_ms, &a.id).cmp(&(b.at_ms, &b.id)));
    let whole = defined_heads(revs);
    for k in 0..=order.len() {
        let prefix: Vec<Revision> = order[..k].iter().map(|r| (*r).clone()).collect();
        let before: Vec<Head> = defined_heads(&prefix)
            .into_iter()
            .map(|id| {
                let r = prefix.iter().find(|r| r.id == id).unwrap();
                Head {
                    rev_id: id,
                    value: r.value.clone(),
                    at_ms: r.at_ms,
                }
            })
            .collect();
        let parents: Vec<Vec<&str>> = order[k..]
            .iter()
            .map(|r| r.parents.iter().map(String::as_str).collect())
            .collect();
        let arrivals: Vec<Arrival<'_>> = order[k..]
            .iter()
            .zip(&parents)
            .map(|(r, p)| Arrival {
                id: &r.id,
                value: &r.value,
                at_ms: r.at_ms,
                parents: p,
            })
            .collect();
        let mut after: Vec<String> = advance(&before, &arrivals)
            .into_iter()
            .map(|h| h.rev_id)
            .collect();
        after.sort();
        prop_assert_eq!(&after, &whole, "cut at {}", k);
    }
    Ok(())
}

fn history() -> impl Strategy<Value = (usize, Vec<Step>, Vec<usize>)> {
    (2..=4usize).prop_flat_map(|n| {
        (
            Just(n),
            prop::collection::vec(step(n), 1..25),
            prop::collection::vec(0..n, 0..3),
        )
    })
}

const FIELDS: [&str; 2] = ["status", "note"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn merge_laws((n, steps, dups) in history()) {
        let dir = tempfile::tempdir().unwrap();
        let mut stores: Vec<Store> = (0..n).map(|_| Store::open_in_memory().unwrap()).collect();
        let mut k = 0;
        let mut bundle = |s: &Store| -> PathBuf {
            k += 1;
            let p = dir.path().join(format!("{k}.bundle"));
            merge::export(s, &p, &ExportScope::All).unwrap();
            p
        };
        for st in &steps {
            match *st {
                Step::Edit(i, f, fld, v) => {
                    stores[i].write(&format!("I{i}"), |w| w.set_field(&format!("f{f}"), FIELDS[fld], Some(format!("\"{v}\"")), None, None)).unwrap();
                }
                Step::Resolve(i, f, fld, v) => {
                    stores[i].write(&format!("I{i}"), |w| w.resolve(&format!("f{f}"), FIELDS[fld], Some(format!("\"{v}\"")), None)).unwrap();
                }
                Step::Stale(i, f, fld, v, a, b) => {
                    let e = format!("f{f}");
                    let known = merge::register_revisions(&stores[i], &e, FIELDS[fld]).unwrap();
                    if !known.is_empty() {
                        let mut base = vec![known[a % known.len()].id.clone()];
                        base.extend(b.map(|b| known[b % known.len()].id.clone()));
                        stores[i].write(&format!("I{i}"), |w| w.set_field(&e, FIELDS[fld], Some(format!("\"{v}\"")), Some(&base), None)).unwrap();
                    }
                }
                Step::Sync(i, j) if i != j => {
                    let b = bundle(&stores[j]);
                    merge::merge_files(&mut stores[i], &[b], &MergeOptions::default()).unwrap();
                }
                Step::Sync(..) => {}
            }
        }
        // Local saves (edits, resolutions, stale bases) keep the defined heads.
        for s in &stores {
            for f in 0..3 {
                for fld in FIELDS {
                    let e = format!("f{f}");
                    let revs = merge::register_revisions(s, &e, fld).unwrap();
                    prop_assert_eq!(merge::stored_heads(s, &e, fld).unwrap(), defined_heads(&revs));
                }
            }
        }
        let bundles: Vec<PathBuf> = stores.iter().map(&mut bundle).collect();
        let mut union: BTreeSet<String> = BTreeSet::new();
        for s in &stores {
            union.extend(merge::revision_ids(s).unwrap());
        }
        // Forward, reverse, rotated, and with duplicates: one state.
        let mut orders: Vec<Vec<usize>> = vec![(0..n).collect(), (0..n).rev().collect()];
        orders.push((1..n).chain([0]).collect());
        let mut with_dups: Vec<usize> = (0..n).collect();
        with_dups.extend(&dups);
        orders.push(with_dups);
        let mut digests = BTreeSet::new();
        for (oi, o) in orders.iter().enumerate() {
            let mut lead = Store::open_in_memory().unwrap();
            if oi == 0 {
                let files: Vec<PathBuf> = o.iter().map(|&i| bundles[i].clone()).collect();
                merge::merge_files(&mut lead, &files, &MergeOptions::default()).unwrap();
            } else {
                for &i in o {
                    merge::merge_files(&mut lead, &[bundles[i].clone()], &MergeOptions::default()).unwrap();
                }
            }
            let d = merge::state_digest(&lead).unwrap();
            // Idempotent: merging everything again changes nothing.
            merge::merge_files(&mut lead, &bundles, &MergeOptions::default()).unwrap();
            prop_assert_eq!(&merge::state_digest(&lead).unwrap(), &d);
            // Union preserved.
            let ids: BTreeSet<String> = merge::revision_ids(&lead).unwrap().into_iter().collect();
            prop_assert_eq!(&ids, &union);
            // Conflicts exactly where concurrent heads differ.
            let listed: BTreeSet<(String, String)> = merge::conflicts(&lead).unwrap().into_iter().map(|c| (c.entity, c.field)).collect();
            let mut expected = BTreeSet::new();
            for f in 0..3 {
                for fld in FIELDS {
                    let e = format!("f{f}");
                    let heads = merge::stored_heads(&lead, &e, fld).unwrap();
                    // The stored heads equal the definition over the revision set,
                    // and so does the head advance from every cut of it.
                    let revs = merge::register_revisions(&lead, &e, fld).unwrap();
                    prop_assert_eq!(&heads, &defined_heads(&revs));
                    advance_matches_definition(&revs)?;
                    for r in &revs {
                        prop_assert!(r.hash_is_valid());
                    }
                    let vals: BTreeMap<String, Option<String>> = heads.iter().map(|h| {
                        let v: Option<String> = lead_value(&lead, h);
                        (h.clone(), v)
                    }).collect();
                    let distinct: BTreeSet<_> = vals.values().collect();
                    if distinct.len() > 1 {
                        expected.insert((e, fld.to_owned()));
                    }
                }
            }
            prop_assert_eq!(listed, expected);
            digests.insert(d);
        }
        prop_assert_eq!(digests.len(), 1);
    }
}

fn lead_value(s: &Store, rev: &str) -> Option<String> {
    merge::revision_value(s, rev).unwrap()
}
