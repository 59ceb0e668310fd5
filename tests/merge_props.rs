//! Property tests of the merge laws on random histories.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use parcheck::merge::{self, ExportScope, MergeOptions};
use parcheck::store::Store;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
    /// Inspector i sets field of finding to value.
    Edit(usize, usize, usize, u8),
    /// Inspector i merges the current bundle of inspector j.
    Sync(usize, usize),
}

fn step(n: usize) -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..n, 0..3usize, 0..2usize, 0..3u8).prop_map(|(i, f, k, v)| Step::Edit(i, f, k, v)),
        1 => (0..n, 0..n).prop_map(|(i, j)| Step::Sync(i, j)),
    ]
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
                Step::Sync(i, j) if i != j => {
                    let b = bundle(&stores[j]);
                    merge::merge_files(&mut stores[i], &[b], &MergeOptions::default()).unwrap();
                }
                Step::Sync(..) => {}
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
                    // The stored heads equal the pure derivation from the revision set.
                    let revs = merge::register_revisions(&lead, &e, fld).unwrap();
                    let mut derived = parcheck::core::revision::Register::resolve(&revs).head_ids();
                    derived.sort();
                    prop_assert_eq!(&heads, &derived);
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
