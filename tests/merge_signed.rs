//! Signed bundles: a bundle whose content changed after it was signed, or
//! whose device is not in the team or signs in another member's name, is
//! refused with the team lead's database unchanged; a bundle re-exported by
//! a team lead still verifies.

use std::path::{Path, PathBuf};

use parcheck::catalog::Catalog;
use parcheck::core::finding::Status;
use parcheck::core::revision::Revision;
use parcheck::core::signing::{Context, DeviceKey, PublicKey, SealBody, SealEntry};
use parcheck::merge::{self, ExportScope, MergeError, MergeOptions};
use parcheck::ops::{self, Actor, Edit, UnitInput};
use parcheck::store::Store;
use sha2::{Digest, Sha256};

struct Team {
    dir: tempfile::TempDir,
    lead: Store,
    /// An's and Bình's bundles.
    an: PathBuf,
    binh: PathBuf,
}

fn catalog() -> Catalog {
    Catalog::load(&[PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/checklists/valid"
    ))])
}

/// Records on a device as `author`: the unit XA-01 of the demo checklist,
/// a status and a note per item. Returns the device's store.
fn record(dir: &Path, db: &str, author: &str, edits: &[(&str, Status, &str)]) -> Store {
    let cat = catalog();
    let entry = ops::entry(&cat, "demo").unwrap();
    let mut s = Store::open(&dir.join(db)).unwrap();
    let actor = Actor {
        inspector: author.into(),
        campaign: "2026".into(),
    };
    let unit = UnitInput {
        code: "XA-01".into(),
        name: Some("Xã An Phú".into()),
        ..Default::default()
    };
    let insp = ops::open_inspection(&mut s, &cat, &actor, "demo", &unit).unwrap();
    for (item, st, note) in edits {
        let it = ops::item(entry, item).unwrap();
        let e = [Edit::Status(*st), Edit::Note((*note).into())];
        ops::apply_edits(&mut s, &actor, &insp, it, &e, None).unwrap();
    }
    s
}

fn export(s: &Store, dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    merge::export(s, &p, &ExportScope::All).unwrap();
    p
}

/// An and Bình record conflicting findings; the lead's roster has both.
fn team() -> Team {
    let dir = tempfile::tempdir().unwrap();
    let a = record(
        dir.path(),
        "an.db",
        "An",
        &[
            ("D-01", Status::Pass, "đủ hồ sơ"),
            ("D-02", Status::Fail, "thiếu"),
        ],
    );
    let b = record(
        dir.path(),
        "binh.db",
        "Bình",
        &[("D-01", Status::Fail, "thiếu sổ")],
    );
    let an = export(&a, dir.path(), "an.bundle");
    let binh = export(&b, dir.path(), "binh.bundle");
    let lead = Store::open(&dir.path().join("lead.db")).unwrap();
    lead.add_member(&a.fingerprint(), "An").unwrap();
    lead.add_member(&b.fingerprint(), "Bình").unwrap();
    Team {
        dir,
        lead,
        an,
        binh,
    }
}

fn merge_opts(
    t: &mut Team,
    files: &[PathBuf],
    opts: &MergeOptions,
) -> merge::Result<Vec<merge::MergeSummary>> {
    merge::merge_files(&mut t.lead, files, opts)
}

/// Merges `file`, expects a refusal mentioning `needle`, and checks that
/// the lead's database did not change.
fn expect_refused(t: &mut Team, file: &Path, needle: &str) {
    let before = merge::state_digest(&t.lead).unwrap();
    let roster = t.lead.team().unwrap();
    let err = merge_opts(t, &[file.to_path_buf()], &MergeOptions::default()).unwrap_err();
    assert!(
        matches!(
            err,
            MergeError::Rejected { .. } | MergeError::Untrusted { .. }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains(needle),
        "{err} (expected {needle:?})"
    );
    assert_eq!(merge::state_digest(&t.lead).unwrap(), before);
    assert_eq!(t.lead.team().unwrap(), roster);
}

fn copy_of(t: &Team, from: &Path, name: &str) -> PathBuf {
    let p = t.dir.path().join(name);
    std::fs::copy(from, &p).unwrap();
    p
}

/// Runs `sql` on a bundle, then recomputes every content hash and the
/// manifest, as anyone who read `core/revision.rs` can.
fn tamper(p: &Path, sql: &str) {
    let c = rusqlite::Connection::open(p).unwrap();
    c.execute_batch(sql).unwrap();
    rehash(&c);
}

fn rehash(c: &rusqlite::Connection) {
    let revs: Vec<Revision> = c
        .prepare("SELECT id, entity, field, value, author, device, at_ms, item_hash FROM rev")
        .unwrap()
        .query_map([], |r| {
            Ok(Revision::new(
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                Vec::new(),
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for mut r in revs {
        r.parents = c
            .prepare("SELECT parent_id FROM rev_parent WHERE rev_id = ?1")
            .unwrap()
            .query_map([&r.id], |x| x.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let hash = r.content_hash();
        c.execute("UPDATE rev SET hash = ?1 WHERE id = ?2", [&hash, &r.id])
            .unwrap();
    }
    let mut h = Sha256::new();
    let mut n = 0;
    let mut st = c.prepare("SELECT id, hash FROM rev ORDER BY id").unwrap();
    let mut rows = st.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        let (id, hash): (String, String) = (r.get(0).unwrap(), r.get(1).unwrap());
        h.update(format!("{id}:{hash}\n").as_bytes());
        n += 1;
    }
    let sha = parcheck::core::revision::hex(&h.finalize());
    c.execute(
        "UPDATE manifest SET value = ?1 WHERE key = 'content_sha256'",
        [sha],
    )
    .unwrap();
    c.execute(
        "UPDATE manifest SET value = ?1 WHERE key = 'revisions'",
        [n.to_string()],
    )
    .unwrap();
}

fn one(c: &rusqlite::Connection, sql: &str) -> String {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_team_s_bundles_merge_and_their_revisions_are_signed() {
    let mut t = team();
    let (an, binh) = (t.an.clone(), t.binh.clone());
    let s = merge_opts(&mut t, &[an, binh], &MergeOptions::default()).unwrap();
    assert!(s[0].new_revisions > 0 && s[1].new_revisions > 0);
    assert_eq!(s[1].new_conflicts, 2, "D-01's status and note differ");
    for id in merge::revision_ids(&t.lead).unwrap() {
        assert!(t.lead.is_signed(&id).unwrap(), "{id}");
    }
}

#[test]
fn a_forged_note_with_its_hash_recomputed_is_refused() {
    let mut t = team();
    let p = copy_of(&t, &t.an.clone(), "forged-note.bundle");
    tamper(
        &p,
        "UPDATE rev SET value = '\"đã kiểm tra, đủ\"' WHERE field = 'note'",
    );
    expect_refused(&mut t, &p, "does not match its signature");
}

#[test]
fn a_renamed_author_is_refused() {
    let mut t = team();
    let p = copy_of(&t, &t.an.clone(), "renamed.bundle");
    tamper(&p, "UPDATE rev SET author = 'Trưởng đoàn'");
    expect_refused(&mut t, &p, "does not match its signature");
}

/// A resolution settling An's and Bình's conflict, written into An's
/// bundle in the lead's name: signed with a key that is not An's, or not
/// signed at all.
#[test]
fn a_forged_resolution_is_refused() {
    let mut t = team();
    let both = t.dir.path().join("both.db");
    {
        let mut s = Store::open(&both).unwrap();
        merge::merge_files(
            &mut s,
            &[t.an.clone(), t.binh.clone()],
            &MergeOptions::default(),
        )
        .unwrap();
    }
    let base = export(&Store::open(&both).unwrap(), t.dir.path(), "both.bundle");
    let c = rusqlite::Connection::open(&base).unwrap();
    let entity = one(
        &c,
        "SELECT entity FROM rev WHERE field = 'status' GROUP BY entity HAVING count(*) > 1",
    );
    let heads: Vec<String> = c
        .prepare("SELECT id FROM rev WHERE entity = ?1 AND field = 'status'")
        .unwrap()
        .query_map([&entity], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let an_device = one(&c, "SELECT device FROM rev WHERE author = 'An' LIMIT 1");
    let version = one(
        &c,
        "SELECT checklist_version FROM rev_signature WHERE checklist_version <> '' LIMIT 1",
    );
    drop(c);
    let forged = Revision::new(
        "01900000-0000-7000-8000-000000000001".into(),
        entity,
        "status".into(),
        Some("\"pass\"".into()),
        heads,
        "Trưởng đoàn".into(),
        an_device,
        4_000_000_000_000,
        None,
    );
    for (name, signed) in [("signed.bundle", true), ("unsigned.bundle", false)] {
        let p = copy_of(&t, &base, name);
        {
            let c = rusqlite::Connection::open(&p).unwrap();
            c.execute(
                "INSERT INTO rev(id, entity, field, value, author, device, at_ms, item_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8)",
                rusqlite::params![forged.id, forged.entity, forged.field, forged.value, forged.author, forged.device, forged.at_ms, forged.hash],
            )
            .unwrap();
            for parent in &forged.parents {
                c.execute(
                    "INSERT INTO rev_parent(rev_id, parent_id) VALUES (?1, ?2)",
                    [&forged.id, parent],
                )
                .unwrap();
            }
            if signed {
                let key = DeviceKey::generate().unwrap();
                let ctx = Context {
                    unit_code: "XA-01",
                    checklist_version: &version,
                };
                c.execute(
                    "INSERT INTO rev_signature(rev_id, unit_code, checklist_version, signature) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![forged.id, ctx.unit_code, ctx.checklist_version, key.sign(&forged, &ctx)],
                )
                .unwrap();
            }
            rehash(&c);
        }
        let needle = if signed {
            "does not match its signature"
        } else {
            "is not signed"
        };
        expect_refused(&mut t, &p, needle);
    }
}

#[test]
fn a_changed_unit_code_is_refused() {
    let mut t = team();
    // The unit's name moved to another unit code, hash recomputed.
    let p = copy_of(&t, &t.an.clone(), "unit.bundle");
    tamper(
        &p,
        "INSERT INTO unit(code) VALUES ('XA-02');
         UPDATE rev SET entity = 'u:XA-02' WHERE entity = 'u:XA-01';",
    );
    expect_refused(
        &mut t,
        &p,
        "was signed for unit \"XA-01\" but the bundle places it in unit \"XA-02\"",
    );
    // The same, with the signed unit code changed to match.
    let p = copy_of(&t, &t.an.clone(), "unit-both.bundle");
    tamper(
        &p,
        "INSERT INTO unit(code) VALUES ('XA-02');
         UPDATE rev SET entity = 'u:XA-02' WHERE entity = 'u:XA-01';
         UPDATE rev_signature SET unit_code = 'XA-02' WHERE unit_code = 'XA-01' AND checklist_version = '';",
    );
    expect_refused(&mut t, &p, "does not match its signature");
    // The unit code the signature names, changed.
    let p = copy_of(&t, &t.an.clone(), "unit-sig.bundle");
    tamper(&p, "UPDATE rev_signature SET unit_code = 'XA-02'");
    expect_refused(&mut t, &p, "was signed for unit \"XA-02\"");
}

#[test]
fn a_changed_checklist_version_is_refused() {
    let mut t = team();
    let p = copy_of(&t, &t.an.clone(), "version.bundle");
    tamper(&p, "UPDATE checklist_source SET version = '2099.9'");
    expect_refused(&mut t, &p, "but the bundle says \"2099.9\"");
    let p = copy_of(&t, &t.an.clone(), "version-sig.bundle");
    tamper(
        &p,
        "UPDATE rev_signature SET checklist_version = '2099.9' WHERE checklist_version <> ''",
    );
    expect_refused(&mut t, &p, "checklist version \"2099.9\"");
}

#[test]
fn an_unknown_device_is_refused_until_trusted() {
    let mut t = team();
    let c = record(
        t.dir.path(),
        "cuong.db",
        "Cường",
        &[("D-03", Status::Pass, "")],
    );
    let p = export(&c, t.dir.path(), "cuong.bundle");
    expect_refused(
        &mut t,
        &p,
        &format!("not in the team (fingerprint {})", c.fingerprint()),
    );
    let opts = MergeOptions {
        trust_new: true,
        ..Default::default()
    };
    let s = merge_opts(&mut t, &[p], &opts).unwrap();
    assert_eq!(s[0].new_members.len(), 1);
    assert_eq!(s[0].new_members[0].name, "Cường");
    assert_eq!(s[0].new_members[0].fingerprint, c.fingerprint());
    let names: Vec<String> = t.lead.team().unwrap().into_iter().map(|m| m.name).collect();
    assert_eq!(names, ["An", "Bình", "Cường"]);
}

fn trusting() -> MergeOptions {
    MergeOptions {
        trust_new: true,
        ..Default::default()
    }
}

/// The gap `--trust-new` left: one new device under two names, each in its
/// own bundle of the same run, was added under the first and merged under
/// both.
#[test]
fn trust_new_refuses_one_device_under_two_names_across_bundles() {
    let mut t = team();
    let dir = t.dir.path().to_owned();
    let c = record(&dir, "cuong.db", "Cường", &[("D-03", Status::Pass, "")]);
    let first = export(&c, &dir, "cuong-1.bundle");
    drop(c);
    let c = record(&dir, "cuong.db", "Dũng", &[("D-04", Status::Fail, "thiếu")]);
    let second = export(&c, &dir, "cuong-2.bundle");
    // Only what the device recorded as Dũng.
    tamper(
        &second,
        "DELETE FROM rev_parent WHERE rev_id IN (SELECT id FROM rev WHERE author <> 'Dũng');
         DELETE FROM rev_signature WHERE rev_id IN (SELECT id FROM rev WHERE author <> 'Dũng');
         DELETE FROM rev WHERE author <> 'Dũng';",
    );
    let before = merge::state_digest(&t.lead).unwrap();
    let err = merge_opts(&mut t, &[first.clone(), second.clone()], &trusting()).unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "(fingerprint {}) signs in two names, \"Cường\" and \"Dũng\"",
            c.fingerprint()
        )),
        "{err}"
    );
    assert_eq!(merge::state_digest(&t.lead).unwrap(), before);
    assert_eq!(t.lead.team().unwrap().len(), 2);
    // Each on its own is one name, and merges.
    let s = merge_opts(&mut t, &[first], &trusting()).unwrap();
    assert_eq!(s[0].new_members[0].name, "Cường");
    // Then the device is a member named Cường: as Dũng it is refused.
    expect_refused(&mut t, &second, "belongs to team member \"Cường\"");
    let err = merge_opts(&mut t, &[second], &trusting()).unwrap_err();
    assert!(
        err.to_string().contains("belongs to team member \"Cường\""),
        "{err}"
    );
}

/// `--trust-new` gives no member's name to a second device: not a name in
/// the roster, nor one another new device of the same run takes.
#[test]
fn trust_new_does_not_give_a_member_s_name_to_another_device() {
    let mut t = team();
    let dir = t.dir.path().to_owned();
    let fake = record(&dir, "fake-an.db", "An", &[("D-03", Status::Pass, "")]);
    let p = export(&fake, &dir, "fake-an.bundle");
    let before = merge::state_digest(&t.lead).unwrap();
    let err = merge_opts(&mut t, &[p], &trusting()).unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "(fingerprint {}), in the name of \"An\", which belongs to the device with fingerprint",
            fake.fingerprint()
        )),
        "{err}"
    );
    assert_eq!(merge::state_digest(&t.lead).unwrap(), before);

    let c1 = record(&dir, "c1.db", "Cường", &[("D-03", Status::Pass, "")]);
    let c2 = record(&dir, "c2.db", "Cường", &[("D-04", Status::Pass, "")]);
    let (p1, p2) = (
        export(&c1, &dir, "c1.bundle"),
        export(&c2, &dir, "c2.bundle"),
    );
    let err = merge_opts(&mut t, &[p1, p2], &trusting()).unwrap_err();
    assert!(
        err.to_string()
            .contains("which belongs to the device with fingerprint"),
        "{err}"
    );
    assert_eq!(merge::state_digest(&t.lead).unwrap(), before);
    assert_eq!(t.lead.team().unwrap().len(), 2);
}

/// Swaps a bundle's device key for `key` and renames every author, then
/// re-signs every revision with `key`, as a forger holding only a bundle
/// can. Returns the re-signed seal entries.
fn re_sign(p: &Path, key: &DeviceKey) -> Vec<SealEntry<'static>> {
    let c = rusqlite::Connection::open(p).unwrap();
    c.execute("UPDATE device_key SET public_key = ?1", [key.public_hex()])
        .unwrap();
    c.execute("UPDATE rev SET author = 'Trưởng đoàn'", [])
        .unwrap();
    rehash(&c);
    let revs: Vec<(Revision, String, String)> = c
        .prepare("SELECT r.id, r.entity, r.field, r.value, r.author, r.device, r.at_ms, r.item_hash, s.unit_code, s.checklist_version FROM rev r JOIN rev_signature s ON s.rev_id = r.id")
        .unwrap()
        .query_map([], |r| {
            let mut rev = Revision::new(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, Vec::new(), r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?);
            rev.parents = Vec::new();
            Ok((rev, r.get(8)?, r.get(9)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut entries = Vec::new();
    for (mut rev, unit, version) in revs {
        rev.hash = one(&c, &format!("SELECT hash FROM rev WHERE id = '{}'", rev.id));
        let ctx = Context {
            unit_code: &unit,
            checklist_version: &version,
        };
        c.execute(
            "UPDATE rev_signature SET signature = ?1 WHERE rev_id = ?2",
            [key.sign(&rev, &ctx), rev.id.clone()],
        )
        .unwrap();
        entries.push(SealEntry {
            rev_id: rev.id.into(),
            hash: rev.hash.into(),
            unit_code: unit.into(),
            checklist_version: version.into(),
        });
    }
    entries
}

/// A key swapped for the attacker's, every revision re-signed with it: with
/// the device's seals left as they were, the seals no longer verify; with
/// them removed or re-made with the attacker's key, the key is not the
/// team member's.
#[test]
fn a_bundle_re_signed_with_another_key_is_refused() {
    let mut t = team();
    let key = DeviceKey::generate().unwrap();
    let kept = copy_of(&t, &t.an.clone(), "resigned.bundle");
    re_sign(&kept, &key);
    expect_refused(
        &mut t,
        &kept,
        "does not match its signature: the bundle was altered",
    );

    let removed = copy_of(&t, &t.an.clone(), "resigned-unsealed.bundle");
    re_sign(&removed, &key);
    tamper(&removed, "DELETE FROM seal");
    expect_refused(&mut t, &removed, "not in the team");

    let resealed = copy_of(&t, &t.an.clone(), "resealed.bundle");
    let entries = re_sign(&resealed, &key);
    {
        let c = rusqlite::Connection::open(&resealed).unwrap();
        let device = one(&c, "SELECT device FROM seal LIMIT 1");
        c.execute("DELETE FROM seal", []).unwrap();
        for seal in key.seal(&device, entries) {
            c.execute(
                "INSERT INTO seal(signature, device, body) VALUES (?1, ?2, ?3)",
                [&seal.signature, &seal.device, &seal.body],
            )
            .unwrap();
        }
    }
    expect_refused(&mut t, &resealed, "not in the team");
}

/// An export seals the device's revisions: one seal for a small bundle,
/// covering every revision with the signature it travels with.
#[test]
fn an_export_seals_its_own_revisions_in_one_signature() {
    let t = team();
    let c = rusqlite::Connection::open(&t.an).unwrap();
    let seals: Vec<(String, String, String)> = c
        .prepare("SELECT device, body, signature FROM seal")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(seals.len(), 1);
    let (device, body, signature) = &seals[0];
    assert_eq!(*device, one(&c, "SELECT DISTINCT device FROM rev"));
    let key = PublicKey::from_hex(&one(&c, "SELECT public_key FROM device_key")).unwrap();
    assert!(key.verifies_seal(body, signature));
    let parsed = SealBody::parse(body).unwrap();
    let mut sealed: Vec<[String; 4]> = parsed
        .revisions
        .iter()
        .map(|e| [&e.rev_id, &e.hash, &e.unit_code, &e.checklist_version].map(|s| s.to_string()))
        .collect();
    sealed.sort();
    let rows: Vec<[String; 4]> = c
        .prepare("SELECT r.id, r.hash, s.unit_code, s.checklist_version FROM rev r JOIN rev_signature s ON s.rev_id = r.id ORDER BY r.id")
        .unwrap()
        .query_map([], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(sealed, rows);
    // The seal stands for each revision's own signature, left out.
    assert_eq!(
        one(
            &c,
            "SELECT count(*) || '' FROM rev_signature WHERE signature <> ''"
        ),
        "0"
    );
    // Every revision of the bundle is signed, and sealed.
    assert_eq!(
        rows.len().to_string(),
        one(&c, "SELECT count(*) || '' FROM rev")
    );
}

/// A seal whose body was edited (a revision's hash swapped for a forged
/// one's) without its signature is refused, as is one beyond the size
/// bound; a sealed revision whose own signature was replaced no longer
/// matches its seal and is checked, and refused, by that signature.
#[test]
fn altered_and_oversized_seals_are_refused() {
    let mut t = team();
    let edited = copy_of(&t, &t.an.clone(), "edited-seal.bundle");
    tamper(
        &edited,
        "UPDATE rev SET value = '\"đã kiểm tra, đủ\"' WHERE field = 'note'",
    );
    {
        let c = rusqlite::Connection::open(&edited).unwrap();
        let mut body = one(&c, "SELECT body FROM seal");
        let pairs: Vec<(String, String)> = c
            .prepare("SELECT id, hash FROM rev WHERE field = 'note'")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&body).unwrap();
        for (id, hash) in pairs {
            let old = parsed["revisions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e[0] == id.as_str())
                .unwrap()[1]
                .as_str()
                .unwrap()
                .to_owned();
            body = body.replace(&old, &hash);
        }
        c.execute("UPDATE seal SET body = ?1", [body]).unwrap();
    }
    expect_refused(&mut t, &edited, "seal of device");

    let big = copy_of(&t, &t.an.clone(), "big-seal.bundle");
    tamper(
        &big,
        &format!(
            "UPDATE seal SET body = body || '{}'",
            " ".repeat(parcheck::core::signing::MAX_SEAL_BYTES)
        ),
    );
    expect_refused(&mut t, &big, "at most 1000000 allowed");

    let swapped = copy_of(&t, &t.an.clone(), "swapped-signature.bundle");
    tamper(
        &swapped,
        &format!(
            "UPDATE rev_signature SET signature = '{}' WHERE rev_id = (SELECT min(rev_id) FROM rev_signature)",
            "ab".repeat(64)
        ),
    );
    expect_refused(&mut t, &swapped, "does not match its signature");
}

/// What a merge checks is the seal: revisions that travel without their
/// own signatures are taken on the seal's one signature, and refused
/// without it.
#[test]
fn a_merge_checks_the_seal_not_each_revision() {
    let dir = tempfile::tempdir().unwrap();
    let key = DeviceKey::generate().unwrap();
    let p = dir.path().join("sealed.bundle");
    let mut w = merge::BundleWriter::create(&p).unwrap();
    w.execute("INSERT INTO unit(code) VALUES ('XA-01')", [])
        .unwrap();
    let ctx = Context {
        unit_code: "XA-01",
        checklist_version: "",
    };
    let mut entries = Vec::new();
    for i in 0..3 {
        let r = Revision::new(
            format!("0190a000-0000-7000-8000-00000000000{i}"),
            "u:XA-01".into(),
            format!("name{i}"),
            Some("\"Xã An Phú\"".into()),
            Vec::new(),
            "An".into(),
            "dev-an".into(),
            1_700_000_000_000 + i,
            None,
        );
        w.add_revision(&r).unwrap();
        w.add_signature(&r.id, &ctx, "").unwrap();
        entries.push(SealEntry {
            rev_id: r.id.clone().into(),
            hash: r.hash.clone().into(),
            unit_code: "XA-01".into(),
            checklist_version: "".into(),
        });
    }
    w.add_device_key("dev-an", &key.public_hex()).unwrap();
    let seals = key.seal("dev-an", entries);
    for s in &seals {
        w.add_seal(s).unwrap();
    }
    w.finish("dev-an").unwrap();
    let mut lead = Store::open(&dir.path().join("lead.db")).unwrap();
    let fp = PublicKey::from_hex(&key.public_hex())
        .unwrap()
        .fingerprint();
    lead.add_member(&fp, "An").unwrap();
    let s = merge::merge_files(
        &mut lead,
        std::slice::from_ref(&p),
        &MergeOptions::default(),
    )
    .unwrap();
    assert_eq!(s[0].new_revisions, 3);
    // Without the seal, the same revisions are checked one by one.
    let unsealed = dir.path().join("unsealed.bundle");
    std::fs::copy(&p, &unsealed).unwrap();
    tamper(&unsealed, "DELETE FROM seal");
    let mut other = Store::open(&dir.path().join("other.db")).unwrap();
    other.add_member(&fp, "An").unwrap();
    let err = merge::merge_files(&mut other, &[unsealed], &MergeOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("does not match its signature, its device's seal"),
        "{err}"
    );
}

/// A team lead's re-export passes on the seals it received: one per
/// inspector here, and another database checks the inspectors' revisions
/// by them. A unit's re-export carries the same seals, though they list
/// revisions it does not.
#[test]
fn a_re_export_passes_on_the_inspectors_seals() {
    let mut t = team();
    let (an, binh) = (t.an.clone(), t.binh.clone());
    merge_opts(
        &mut t,
        &[an.clone(), binh.clone()],
        &MergeOptions::default(),
    )
    .unwrap();
    let again = export(&t.lead, t.dir.path(), "lead-all.bundle");
    let seal_of = |p: &Path| -> Vec<String> {
        let c = rusqlite::Connection::open(p).unwrap();
        c.prepare("SELECT signature FROM seal ORDER BY signature")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let mut expected = [seal_of(&an), seal_of(&binh)].concat();
    expected.sort();
    assert_eq!(seal_of(&again), expected);

    // A bundle of part of a device's revisions: the seal lists more.
    let part = copy_of(&t, &an, "an-part.bundle");
    tamper(
        &part,
        "DELETE FROM rev_signature WHERE rev_id IN (SELECT id FROM rev WHERE field = 'note');
         DELETE FROM rev WHERE field = 'note';",
    );
    let mut other = Store::open(&t.dir.path().join("part.db")).unwrap();
    for m in t.lead.team().unwrap() {
        other.add_member(&m.fingerprint, &m.name).unwrap();
    }
    let s = merge::merge_files(
        &mut other,
        std::slice::from_ref(&part),
        &MergeOptions::default(),
    )
    .unwrap();
    assert!(s[0].new_revisions > 0);
    for id in merge::revision_ids(&other).unwrap() {
        assert!(other.is_signed(&id).unwrap(), "{id}");
    }
}

#[test]
fn a_device_cannot_sign_in_another_member_s_name() {
    let mut t = team();
    // Bình's laptop, recording as An.
    let dir = t.dir.path().to_owned();
    let b = record(&dir, "binh.db", "An", &[("D-04", Status::Pass, "")]);
    let p = export(&b, &dir, "binh-as-an.bundle");
    expect_refused(&mut t, &p, "belongs to team member \"Bình\"");
}

#[test]
fn unsigned_revisions_are_refused_by_a_team_unless_allowed_and_stay_unsigned() {
    let mut t = team();
    let p = copy_of(&t, &t.an.clone(), "unsigned.bundle");
    tamper(&p, "DELETE FROM rev_signature");
    expect_refused(&mut t, &p, "is not signed");
    let opts = MergeOptions {
        allow_unsigned: true,
        ..Default::default()
    };
    merge_opts(&mut t, &[p], &opts).unwrap();
    let ids = merge::revision_ids(&t.lead).unwrap();
    assert!(!ids.is_empty());
    for id in ids {
        assert!(!t.lead.is_signed(&id).unwrap());
    }
}

/// The lead merges the team's bundles and exports everything: another
/// database that knows the team verifies every revision of it, each by its
/// own device's signature.
#[test]
fn a_re_exported_bundle_verifies_end_to_end() {
    let mut t = team();
    let (an, binh) = (t.an.clone(), t.binh.clone());
    merge_opts(&mut t, &[an, binh], &MergeOptions::default()).unwrap();
    let again = export(&t.lead, t.dir.path(), "lead.bundle");
    let roster = t.lead.team().unwrap();
    let mut other = Store::open(&t.dir.path().join("other.db")).unwrap();
    for m in &roster {
        other.add_member(&m.fingerprint, &m.name).unwrap();
    }
    merge::merge_files(
        &mut other,
        std::slice::from_ref(&again),
        &MergeOptions::default(),
    )
    .unwrap();
    assert_eq!(
        merge::state_digest(&other).unwrap(),
        merge::state_digest(&t.lead).unwrap()
    );
    for id in merge::revision_ids(&other).unwrap() {
        assert!(other.is_signed(&id).unwrap(), "{id}");
    }
    // A fresh database with no team takes it too, and --trust-new lists
    // the devices it adds.
    let mut fresh = Store::open(&t.dir.path().join("fresh.db")).unwrap();
    let opts = MergeOptions {
        trust_new: true,
        ..Default::default()
    };
    let s = merge::merge_files(&mut fresh, &[again], &opts).unwrap();
    let names: Vec<&str> = s[0].new_members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["An", "Bình"]);
}

/// A database from before signing: its revisions show as unsigned in
/// `history`; on its first open by this parcheck it gets a key, and what
/// it records from then on is signed.
#[test]
fn revisions_from_before_signing_show_unsigned_and_an_upgraded_database_signs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    drop(record(
        dir.path(),
        "old.db",
        "An",
        &[("D-01", Status::Pass, "cũ")],
    ));
    {
        // What a database of schema 4 holds: no signatures, no key.
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(
            "DELETE FROM rev_signature; DELETE FROM device_key; DELETE FROM meta WHERE key = 'signing_key';",
        )
        .unwrap();
    }
    let old = merge::revision_ids(&Store::open(&db).unwrap()).unwrap();
    let s = record(dir.path(), "old.db", "An", &[("D-01", Status::Fail, "mới")]);
    let history = s.history(Some("XA-01"), None).unwrap();
    assert!(history.len() > old.len());
    for h in &history {
        assert_eq!(h.signed, !old.contains(&h.rev_id), "{}", h.rev_id);
    }
    // The new key is the device's, and its new revisions verify.
    let p = export(&s, dir.path(), "old.bundle");
    let mut lead = Store::open(&dir.path().join("lead.db")).unwrap();
    lead.add_member(&s.fingerprint(), "An").unwrap();
    let opts = MergeOptions {
        allow_unsigned: true,
        ..Default::default()
    };
    merge::merge_files(&mut lead, &[p], &opts).unwrap();
    assert_eq!(
        lead.history(None, None)
            .unwrap()
            .iter()
            .filter(|h| !h.signed)
            .count(),
        old.len()
    );
}
