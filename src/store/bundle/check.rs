//! Checking a bundle before anything of it is merged: identity rows are
//! the pure functions of their ids they claim to be, every revision matches
//! its content hash and the size limits, parent edges name revisions of the
//! bundle's own register, and the manifest matches the content. Runs on
//! the checking thread while the previous bundle merges.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::file::{OpenBundle, reject};
use super::trust::{Trust, Verifier};
use super::{MAX_NAME_BYTES, MAX_VALUE_BYTES, Result};
use crate::core::finding::{Evidence, RawValue, climbs_out};
use crate::core::revision::{Revision, finding_key, hex, inspection_id};
use crate::store::rev_row::{self, rev_columns};

fn check_len(file: &Path, what: &str, s: &str, max: usize) -> Result<()> {
    if s.len() > max {
        return Err(reject(
            file,
            format!("{what} is {} bytes long (at most {max} allowed)", s.len()),
        ));
    }
    Ok(())
}

/// Revision ids (its own and its parents') are UUIDs written the one way
/// this program writes them, and the author is a name on one printable
/// line: anything else in a bundle was made by hand and would reach a
/// terminal or a report verbatim.
fn check_ids_and_author(file: &Path, rev: &Revision) -> Result<()> {
    // 36 characters is the hyphenated form; lower case is how it is written.
    let canonical = |s: &str| {
        s.len() == 36
            && !s.bytes().any(|b| b.is_ascii_uppercase())
            && uuid::Uuid::try_parse(s).is_ok()
    };
    for id in std::iter::once(&rev.id).chain(&rev.parents) {
        if !canonical(id) {
            return Err(reject(
                file,
                format!(
                    "a revision id is not a UUID: {:?}",
                    crate::core::text::sanitize_for_terminal(id, false)
                ),
            ));
        }
    }
    if rev.author.trim().is_empty() || rev.author.chars().any(crate::core::text::is_unsafe_char) {
        return Err(reject(
            file,
            format!(
                "revision {} has an author name with control or invisible characters: {:?}",
                rev.id,
                crate::core::text::sanitize_for_terminal(&rev.author, false)
            ),
        ));
    }
    Ok(())
}

/// Evidence paths that climb out with `..` are refused.
fn check_evidence(file: &Path, rev: &Revision) -> Result<()> {
    if !rev.field.starts_with("evidence:") {
        return Ok(());
    }
    let Some(v) = &rev.value else { return Ok(()) };
    if let Ok(Evidence::File { path, .. }) = serde_json::from_str::<Evidence>(v)
        && climbs_out(&path)
    {
        {
            return Err(reject(
                file,
                format!(
                    "revision {} has an evidence path that climbs out with \"..\": {path:?}",
                    rev.id
                ),
            ));
        }
    }
    Ok(())
}

/// A revision of a checked bundle, as the head update needs it.
pub(super) struct BundleRev {
    pub(super) id: String,
    /// Index into [`Checked::registers`].
    pub(super) reg: usize,
    pub(super) value: RawValue,
    pub(super) at_ms: i64,
    pub(super) parents: Vec<Parent>,
}

/// A parent named by a bundle revision.
pub(super) enum Parent {
    /// A revision of the same bundle (same register: checked), by index.
    InBundle(usize),
    /// A revision the database must already have.
    Elsewhere(String),
}

/// What checking a bundle yields: every row is what it claims to be, and
/// the bundle's own graph of revisions, worked out on the checking thread.
pub(super) struct Checked {
    pub(super) registers: Vec<(String, String)>,
    pub(super) register_index: HashMap<(String, String), usize>,
    pub(super) revs: Vec<BundleRev>,
    /// Indexes of `revs` in id order.
    pub(super) by_id: Vec<usize>,
    pub(super) source_device: Option<String>,
    /// The bundle carries signatures and device keys (schema 5 on).
    pub(super) signed: bool,
    /// Devices not in the roster that `--trust-new` adds to it.
    pub(super) new_members: Vec<super::NewMember>,
}

impl Checked {
    pub(super) fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id
            .binary_search_by(|&i| self.revs[i].id.as_str().cmp(id))
            .ok()
            .map(|k| self.by_id[k])
    }
}

/// Reads a whole bundle and checks it: identity rows are the pure functions
/// of their ids they claim to be, every revision matches its content hash
/// and stays within the size limits, parent edges name revisions of the
/// bundle, and the manifest's count and SHA-256 match the content.
pub(super) fn check_bundle(b: &OpenBundle, file: &Path, trust: &Trust) -> Result<Checked> {
    let bad = |err: rusqlite::Error| reject(file, format!("cannot read the bundle: {err}"));
    let src = &b.conn;

    let check = |table: &str, columns: &[&str], mismatch: &dyn Fn(&[String]) -> Option<String>| {
        let mut st = src
            .prepare(&format!(
                "SELECT {} FROM {table} NOT INDEXED",
                columns.join(", ")
            ))
            .map_err(bad)?;
        let mut rows = st.query([]).map_err(bad)?;
        while let Some(r) = rows.next().map_err(bad)? {
            let values = (0..columns.len())
                .map(|i| r.get::<_, String>(i))
                .collect::<rusqlite::Result<Vec<String>>>()
                .map_err(bad)?;
            if let Some(reason) = mismatch(&values) {
                return Err(reject(file, reason));
            }
        }
        Ok(())
    };
    let mut verifier = Verifier::read(b, file, trust)?;
    check("unit", &["code"], &|v| {
        (v[0].len() > MAX_NAME_BYTES).then(|| {
            format!(
                "a unit code is {} bytes long (at most {MAX_NAME_BYTES} allowed)",
                v[0].len()
            )
        })
    })?;
    check(
        "inspection",
        &["id", "campaign", "unit_code", "checklist_id"],
        &|v| {
            (inspection_id(&v[1], &v[2], &v[3]) != v[0]).then(|| {
                format!(
                    "inspection {} does not match its campaign, unit and checklist",
                    v[0]
                )
            })
        },
    )?;
    check("finding", &["key", "inspection_id", "item_id"], &|v| {
        (finding_key(&v[1], &v[2]) != v[0])
            .then(|| format!("finding {} does not match its inspection and item", v[0]))
    })?;
    check(
        "checklist_source",
        &["sha256", "checklist_id", "version", "source"],
        &|v| {
            (hex(&Sha256::digest(v[3].as_bytes())) != v[0])
                .then(|| format!("checklist source {} does not match its text", v[0]))
        },
    )?;

    // Revisions and their parent edges, read the way the merge will copy
    // them (a scan of each table, `NOT INDEXED`): an index that disagrees
    // with its table cannot show this check one row and the copy another.
    let mut parents_of: HashMap<String, Vec<String>> = HashMap::new();
    {
        let mut st = src
            .prepare("SELECT rev_id, parent_id FROM rev_parent NOT INDEXED")
            .map_err(bad)?;
        let mut rows = st.query([]).map_err(bad)?;
        while let Some(r) = rows.next().map_err(bad)? {
            parents_of
                .entry(r.get(0).map_err(bad)?)
                .or_default()
                .push(r.get(1).map_err(bad)?);
        }
    }
    let mut rev_st = src
        .prepare(concat!("SELECT ", rev_columns!(), " FROM rev NOT INDEXED"))
        .map_err(bad)?;
    let mut revs = rev_st.query([]).map_err(bad)?;
    let mut registers: Vec<(String, String)> = Vec::new();
    let mut register_index: HashMap<(String, String), usize> = HashMap::new();
    let mut out: Vec<BundleRev> = Vec::new();
    let mut hashes: Vec<String> = Vec::new();
    let mut raw_parents: Vec<Vec<String>> = Vec::new();
    while let Some(r) = revs.next().map_err(bad)? {
        let mut rev = rev_row::read(r).map_err(bad)?;
        rev.parents = parents_of.remove(&rev.id).unwrap_or_default();
        for (what, s) in [
            ("a revision id", &rev.id),
            ("an entity", &rev.entity),
            ("a field name", &rev.field),
            ("an author", &rev.author),
            ("a device", &rev.device),
            ("a hash", &rev.hash),
        ] {
            check_len(file, what, s, MAX_NAME_BYTES)?;
        }
        if let Some(v) = &rev.value
            && v.len() > MAX_VALUE_BYTES
        {
            return Err(reject(
                file,
                format!(
                    "revision {} has a value of {} bytes (at most {MAX_VALUE_BYTES} allowed)",
                    rev.id,
                    v.len()
                ),
            ));
        }
        if !rev.hash_is_valid() {
            return Err(reject(
                file,
                format!(
                    "revision {} does not match its content hash (edited or damaged)",
                    rev.id
                ),
            ));
        }
        check_ids_and_author(file, &rev)?;
        check_evidence(file, &rev)?;
        verifier.check(&rev)?;
        hashes.push(rev.hash);
        let key = (rev.entity, rev.field);
        let reg = match register_index.get(&key) {
            Some(&i) => i,
            None => {
                registers.push(key.clone());
                register_index.insert(key, registers.len() - 1);
                registers.len() - 1
            }
        };
        raw_parents.push(rev.parents);
        out.push(BundleRev {
            id: rev.id,
            reg,
            value: rev.value,
            at_ms: rev.at_ms,
            parents: Vec::new(),
        });
    }
    if let Some(child) = parents_of.keys().min() {
        return Err(reject(
            file,
            format!("parent edge of unknown revision {child}"),
        ));
    }
    // The content digest runs over the revisions in id order; the same
    // order shows a revision id given twice.
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_unstable_by(|&a, &b| out[a].id.cmp(&out[b].id));
    let mut content = Sha256::new();
    for (n, &i) in order.iter().enumerate() {
        if n > 0 && out[order[n - 1]].id == out[i].id {
            return Err(reject(
                file,
                format!("revision {} appears twice", out[i].id),
            ));
        }
        content.update(out[i].id.as_bytes());
        content.update(b":");
        content.update(hashes[i].as_bytes());
        content.update(b"\n");
    }
    // Parents within the bundle must be of the same register.
    let mut checked = Checked {
        registers,
        register_index,
        revs: out,
        by_id: order,
        source_device: None,
        signed: b.version >= 5,
        new_members: verifier.finish(),
    };
    for (i, parents) in raw_parents.into_iter().enumerate() {
        for p in parents {
            let parent = match checked.index_of(&p) {
                Some(j) => {
                    if checked.revs[j].reg != checked.revs[i].reg {
                        return Err(reject(
                            file,
                            format!("a revision names a parent {p} that belongs to another field"),
                        ));
                    }
                    Parent::InBundle(j)
                }
                None => Parent::Elsewhere(p),
            };
            checked.revs[i].parents.push(parent);
        }
    }
    let manifest = |k: &str| {
        b.manifest
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    if !b.manifest.is_empty() {
        if manifest("revisions") != Some(checked.revs.len().to_string()) {
            return Err(reject(
                file,
                "the manifest's revision count does not match the content",
            ));
        }
        if manifest("content_sha256") != Some(hex(&content.finalize())) {
            return Err(reject(
                file,
                "the manifest's SHA-256 does not match the content",
            ));
        }
    }
    checked.source_device = manifest("source_device");
    Ok(checked)
}
