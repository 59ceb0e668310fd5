//! How the removal of an inspection merges (docs/merge.md): a removal
//! removes what its author saw; a finding recorded elsewhere without it,
//! or a restore, brings the inspection back; merge order does not matter.

mod common;

use common::Env;

fn env() -> Env {
    Env::new().with_fixtures().args(&["--campaign", "2026"])
}

/// Exports `from` into a bundle named `name` and merges it into each of `into`.
fn send(from: &Env, name: &str, into: &[&Env]) -> String {
    let bundle = from.path().join(name);
    let path = bundle.to_str().unwrap().to_owned();
    from.ok(&["export", "--out", &path]);
    for e in into {
        e.ok(&["merge", &path]);
    }
    path
}

fn units(e: &Env) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = e
        .findings()
        .iter()
        .map(|f| {
            (
                f["unit"].as_str().unwrap().to_owned(),
                f["item"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_removal_merges_and_a_finding_it_did_not_see_brings_the_inspection_back() {
    let (an, binh, lead) = (env(), env(), env());
    an.record("XA-01", "D-01", "fail", "An", &[]);
    an.record("XA-02", "D-01", "pass", "An", &[]);
    send(&an, "an1.pcb", &[&binh, &lead]);

    // An removes XA-01; the lead, who has seen nothing more, follows.
    an.ok(&["remove", "--unit", "XA-01", "--inspector", "An"]);
    let removal = send(&an, "an2.pcb", &[&lead]);
    assert_eq!(units(&lead), [("XA-02".into(), "D-01".into())]);
    assert_eq!(
        lead.ok(&["conflicts"]),
        "không có xung đột nào chưa giải quyết\n"
    );

    // Meanwhile Bình, who never saw the removal, records on XA-01.
    binh.record("XA-01", "D-02", "partial", "Bình", &[]);
    let binh_bundle = send(&binh, "binh.pcb", &[&lead]);
    let back = units(&lead);
    assert!(back.contains(&("XA-01".into(), "D-01".into())), "{back:?}");
    assert!(back.contains(&("XA-01".into(), "D-02".into())), "{back:?}");

    // The other order gives the same.
    let other = env();
    for b in [&binh_bundle, &removal] {
        other.ok(&["merge", b]);
    }
    assert_eq!(units(&other), back);

    // Removed again by the lead, having seen everything: it stays removed
    // there, and on Bình's laptop once the lead's bundle comes back.
    lead.ok(&["remove", "--unit", "XA-01", "--inspector", "Lead"]);
    send(&lead, "lead.pcb", &[&binh]);
    assert_eq!(units(&binh), [("XA-02".into(), "D-01".into())]);
}

#[test]
fn a_removal_and_a_concurrent_restore_show_the_inspection_and_a_conflict() {
    let (an, binh, lead) = (env(), env(), env());
    an.record("XA-01", "D-01", "fail", "An", &[]);
    an.ok(&["remove", "--unit", "XA-01"]);
    send(&an, "an1.pcb", &[&binh, &lead]);
    assert!(lead.findings().is_empty());
    // Bình restores it while An removes it again after a restore of his own.
    binh.ok(&["restore", "--unit", "XA-01", "--inspector", "Bình"]);
    an.ok(&["restore", "--unit", "XA-01"]);
    an.ok(&["remove", "--unit", "XA-01"]);
    send(&an, "an2.pcb", &[&lead]);
    send(&binh, "binh.pcb", &[&lead]);
    assert_eq!(
        units(&lead),
        [("XA-01".into(), "D-01".into())],
        "a restore wins"
    );
    let out = lead.run(&["conflicts"]);
    common::expect_code(&out, 1, &["conflicts"]);
    let (listed, _) = common::text(out);
    assert!(listed.contains("XA-01 demo xoá cuộc kiểm tra:"), "{listed}");
    // Settled by a removal superseding both sides.
    lead.ok(&["remove", "--unit", "XA-01", "--inspector", "Lead"]);
    assert!(lead.findings().is_empty());
    assert_eq!(
        lead.ok(&["conflicts"]),
        "không có xung đột nào chưa giải quyết\n"
    );
}
