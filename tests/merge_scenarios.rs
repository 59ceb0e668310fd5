//! Merge scenarios on real database files.

use std::path::{Path, PathBuf};

use parcheck::merge::{self, ExportScope, MergeOptions};
use parcheck::store::Store;

fn set(s: &mut Store, who: &str, entity: &str, field: &str, v: &str) {
    s.write(who, |w| {
        w.set_field(entity, field, Some(format!("\"{v}\"")), None, None)
    })
    .unwrap();
}

fn export(s: &Store, dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    merge::export(s, &p, &ExportScope::All).unwrap();
    p
}

fn merge_in(s: &mut Store, files: &[PathBuf]) -> Vec<merge::MergeSummary> {
    merge::merge_files(s, files, &MergeOptions::default()).unwrap()
}

#[test]
fn different_items_merge_without_conflict() {
    let d = tempfile::tempdir().unwrap();
    let mut a = Store::open(&d.path().join("a.db")).unwrap();
    let mut b = Store::open(&d.path().join("b.db")).unwrap();
    set(&mut a, "An", "f1", "status", "pass");
    set(&mut b, "Bình", "f2", "status", "fail");
    let (ba, bb) = (
        export(&a, d.path(), "a.bundle"),
        export(&b, d.path(), "b.bundle"),
    );
    let mut lead = Store::open(&d.path().join("lead.db")).unwrap();
    let s = merge_in(&mut lead, &[ba, bb]);
    assert_eq!((s[0].new_revisions, s[1].new_revisions), (1, 1));
    assert_eq!(s.iter().map(|x| x.new_conflicts).sum::<u64>(), 0);
    assert!(merge::conflicts(&lead).unwrap().is_empty());
    assert_eq!(merge::revision_ids(&lead).unwrap().len(), 2);
}

#[test]
fn same_item_same_value_is_not_a_conflict() {
    let d = tempfile::tempdir().unwrap();
    let mut a = Store::open(&d.path().join("a.db")).unwrap();
    let mut b = Store::open(&d.path().join("b.db")).unwrap();
    set(&mut a, "An", "f1", "status", "pass");
    set(&mut b, "Bình", "f1", "status", "pass");
    let (ba, bb) = (
        export(&a, d.path(), "a.bundle"),
        export(&b, d.path(), "b.bundle"),
    );
    let mut lead = Store::open(&d.path().join("lead.db")).unwrap();
    merge_in(&mut lead, &[ba, bb]);
    assert!(merge::conflicts(&lead).unwrap().is_empty());
    assert_eq!(
        merge::stored_heads(&lead, "f1", "status").unwrap().len(),
        2,
        "both kept, they agree"
    );
}

#[test]
fn conflict_is_listed_resolved_and_settles_back_home() {
    let d = tempfile::tempdir().unwrap();
    let mut a = Store::open(&d.path().join("a.db")).unwrap();
    let mut b = Store::open(&d.path().join("b.db")).unwrap();
    set(&mut a, "An", "f1", "status", "pass");
    set(&mut b, "Bình", "f1", "status", "fail");
    let (ba, bb) = (
        export(&a, d.path(), "a.bundle"),
        export(&b, d.path(), "b.bundle"),
    );
    let mut lead = Store::open(&d.path().join("lead.db")).unwrap();
    let s = merge_in(&mut lead, &[ba, bb]);
    assert_eq!(s[1].new_conflicts, 1);
    let c = merge::conflicts(&lead).unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].field, "status");
    let mut authors: Vec<_> = c[0].sides.iter().map(|s| s.author.clone()).collect();
    authors.sort();
    assert_eq!(authors, ["An", "Bình"]);
    lead.write("Lead", |w| {
        w.resolve("f1", "status", Some("\"partial\"".into()), None)
    })
    .unwrap();
    assert!(merge::conflicts(&lead).unwrap().is_empty());
    // The resolution goes back to An, who still has the conflict-free "pass"
    // but also receives Bình's side: it settles there too.
    let back = export(&lead, d.path(), "lead.bundle");
    merge_in(&mut a, &[back]);
    assert!(merge::conflicts(&a).unwrap().is_empty());
    let heads = merge::stored_heads(&a, "f1", "status").unwrap();
    assert_eq!(heads.len(), 1);
    assert_eq!(
        merge::state_digest(&a).unwrap(),
        merge::state_digest(&lead).unwrap()
    );
}

#[test]
fn bundle_merged_twice_changes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let mut a = Store::open(&d.path().join("a.db")).unwrap();
    set(&mut a, "An", "f1", "status", "pass");
    set(&mut a, "An", "f1", "status", "fail");
    let ba = export(&a, d.path(), "a.bundle");
    let mut lead = Store::open(&d.path().join("lead.db")).unwrap();
    merge_in(&mut lead, std::slice::from_ref(&ba));
    let once = merge::state_digest(&lead).unwrap();
    let s = merge_in(&mut lead, &[ba]);
    assert_eq!((s[0].new_revisions, s[0].known_revisions), (0, 2));
    assert!(s[0].already_imported);
    assert_eq!(merge::state_digest(&lead).unwrap(), once);
}

#[test]
fn three_bundles_in_every_order_give_one_state() {
    let d = tempfile::tempdir().unwrap();
    let mut stores: Vec<Store> = (0..3)
        .map(|i| Store::open(&d.path().join(format!("{i}.db"))).unwrap())
        .collect();
    for (i, s) in stores.iter_mut().enumerate() {
        set(s, &format!("I{i}"), "f1", "status", &format!("v{i}"));
        set(s, &format!("I{i}"), &format!("f{}", i + 2), "note", "x");
    }
    let bundles: Vec<PathBuf> = stores
        .iter()
        .enumerate()
        .map(|(i, s)| export(s, d.path(), &format!("{i}.bundle")))
        .collect();
    let orders = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    let mut digests = Vec::new();
    for (n, o) in orders.iter().enumerate() {
        let mut lead = Store::open(&d.path().join(format!("lead{n}.db"))).unwrap();
        for &i in o {
            merge_in(&mut lead, &[bundles[i].clone()]);
        }
        assert_eq!(merge::conflicts(&lead).unwrap().len(), 1);
        digests.push(merge::state_digest(&lead).unwrap());
    }
    assert!(digests.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn dry_run_reports_but_changes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let mut a = Store::open(&d.path().join("a.db")).unwrap();
    set(&mut a, "An", "f1", "status", "pass");
    let ba = export(&a, d.path(), "a.bundle");
    let mut lead = Store::open(&d.path().join("lead.db")).unwrap();
    set(&mut lead, "Lead", "f1", "status", "fail");
    let before = merge::state_digest(&lead).unwrap();
    let s = merge::merge_files(
        &mut lead,
        &[ba],
        &MergeOptions {
            dry_run: true,
            detail: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(s[0].new_revisions, 1);
    assert_eq!(s[0].changes.len(), 1);
    assert!(s[0].changes[0].conflict);
    assert_eq!(merge::state_digest(&lead).unwrap(), before);
}

/// After a merge, the home screen's figures (progress, conflicts, team)
/// describe the merged findings.
#[test]
fn inspection_figures_follow_the_merge() {
    use parcheck::catalog::Catalog;
    use parcheck::core::finding::Status;
    use parcheck::ops::{self, Actor, Edit, UnitInput};
    let d = tempfile::tempdir().unwrap();
    let cat = Catalog::load(&[PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/checklists/valid"
    ))]);
    let entry = ops::entry(&cat, "demo").unwrap();
    let unit = UnitInput {
        code: "XA-01".into(),
        ..Default::default()
    };
    let record = |db: &str, who: &str, edits: &[(&str, Status)]| {
        let mut s = Store::open(&d.path().join(db)).unwrap();
        let actor = Actor {
            inspector: who.into(),
            campaign: "2026".into(),
        };
        let insp = ops::open_inspection(&mut s, &cat, &actor, "demo", &unit).unwrap();
        for (item, st) in edits {
            let it = ops::item(entry, item).unwrap();
            ops::apply_edits(&mut s, &actor, &insp, it, &[Edit::Status(*st)], None).unwrap();
        }
        export(&s, d.path(), &format!("{db}.bundle"))
    };
    let a = record(
        "a.db",
        "An",
        &[("D-01", Status::Pass), ("D-02", Status::Fail)],
    );
    let b = record(
        "b.db",
        "Bình",
        &[("D-01", Status::Fail), ("D-03", Status::Pass)],
    );
    let mut lead = Store::open(&d.path().join("lead.db")).unwrap();
    merge_in(&mut lead, &[a, b]);
    let list = lead.inspections().unwrap();
    assert_eq!(list.len(), 1, "both inspectors' inspection is the same one");
    let s = &list[0];
    assert_eq!(s.checked, 3, "D-01, D-02, D-03");
    assert_eq!(s.conflicts, 1, "D-01: pass against fail");
    let mut who = s.inspectors.clone();
    who.sort();
    assert_eq!(who, ["An", "Bình"]);
}
