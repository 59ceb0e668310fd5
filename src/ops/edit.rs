//! Edits of a finding: what either face asks to change, checked against
//! the checklist item before anything is written.

use super::{OpsError, Result};
use crate::core::checklist::{CheckKind, Deadline, Item};
use crate::core::finding::{
    Evidence, Field, NOT_FOUND, RatioValue, RawValue, SamplingPlan, Status, encode,
};
use crate::core::input;
use crate::core::sampling;
use crate::core::text::nfc;

/// One edit of one finding. Every face expresses its edits this way.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Status(Status),
    Note(String),
    /// Adds or replaces a sampled record with the defects it shows.
    Sample {
        code: String,
        defects: Vec<String>,
    },
    RemoveSample(String),
    Ratio(Option<RatioValue>),
    /// Population size and seed; the sample size follows the item's rule.
    SamplingPlan {
        population: u32,
        seed: u64,
    },
    /// The draw of a sample group, the same on each of its items: its size
    /// is the strictest rule of the group's (see `ops::group_draw`).
    GroupSamplingPlan {
        population: u32,
        seed: u64,
        size: u32,
    },
    AddEvidence(Evidence),
    RemoveEvidence(String),
    ActionOverride(Option<String>),
    DeadlineOverride(Option<Deadline>),
}

impl Edit {
    /// The register this edit writes and its encoded value, after checking
    /// it against the item.
    pub fn to_field(&self, item: &Item) -> Result<(Field, RawValue)> {
        Ok(match self {
            Edit::Status(s) => (Field::Status, encode::status(*s)),
            Edit::Note(n) => (Field::Note, encode::text(&nfc(n))),
            Edit::Sample { code, defects } => {
                let CheckKind::Sampled { defects: known, .. } = &item.kind else {
                    return Err(OpsError::NotSampled(item.id.clone()));
                };
                let code = nfc(code.trim());
                if code.is_empty()
                    || code.chars().count() > 80
                    || code.chars().any(char::is_control)
                {
                    return Err(OpsError::RecordCode);
                }
                for d in defects {
                    // A record not found on site is an outcome of its own.
                    if d != NOT_FOUND && !known.iter().any(|k| &k.id == d) {
                        return Err(OpsError::UnknownDefect {
                            item: item.id.clone(),
                            defect: d.clone(),
                            known: known.iter().map(|k| k.id.clone()).collect(),
                        });
                    }
                }
                (Field::Sample(code), encode::sample(defects))
            }
            Edit::RemoveSample(code) => (Field::Sample(nfc(code.trim())), None),
            Edit::Ratio(r) => {
                // Clearing a ratio is always allowed (one recorded before an
                // item changed kind can be removed).
                if r.is_some() && !matches!(item.kind, CheckKind::Ratio(_)) {
                    return Err(OpsError::NotRatio(item.id.clone()));
                }
                if let Some(r) = r
                    && r.numerator > r.denominator
                {
                    return Err(OpsError::RatioAbove {
                        numerator: r.numerator,
                        denominator: r.denominator,
                    });
                }
                (Field::Ratio, r.and_then(encode::ratio))
            }
            Edit::SamplingPlan { population, seed } => {
                let CheckKind::Sampled {
                    sampling: Some(rule),
                    ..
                } = &item.kind
                else {
                    return Err(OpsError::NoSamplingRule(item.id.clone()));
                };
                if *population > 1_000_000 {
                    return Err(OpsError::PopulationTooLarge(*population));
                }
                let size = rule.sample_size(*population);
                let plan = SamplingPlan {
                    population: *population,
                    seed: *seed,
                    drawn: sampling::draw(*population, size, *seed),
                };
                (Field::Sampling, encode::sampling(&plan))
            }
            Edit::GroupSamplingPlan {
                population,
                seed,
                size,
            } => {
                if !matches!(item.kind, CheckKind::Sampled { .. }) {
                    return Err(OpsError::NotSampled(item.id.clone()));
                }
                if *population > 1_000_000 {
                    return Err(OpsError::PopulationTooLarge(*population));
                }
                let plan = SamplingPlan {
                    population: *population,
                    seed: *seed,
                    drawn: sampling::draw(*population, (*size).min(*population), *seed),
                };
                (Field::Sampling, encode::sampling(&plan))
            }
            Edit::AddEvidence(e) => (Field::Evidence(evidence_id(e)), encode::evidence(e)),
            Edit::RemoveEvidence(id) => (Field::Evidence(id.clone()), None),
            Edit::ActionOverride(a) => (
                Field::ActionOverride,
                a.as_deref().map(nfc).and_then(|a| encode::text(&a)),
            ),
            Edit::DeadlineOverride(d) => (Field::DeadlineOverride, d.and_then(encode::deadline)),
        })
    }
}

/// Evidence ids follow the content, so the same document or file recorded
/// by two inspectors is one piece of evidence.
pub fn evidence_id(e: &Evidence) -> String {
    use sha2::{Digest, Sha256};
    let basis = match e {
        Evidence::Document { reference } => format!("doc\0{}", crate::core::text::fold(reference)),
        Evidence::File { sha256, .. } => format!("file\0{sha256}"),
    };
    crate::core::revision::hex(&Sha256::digest(basis.as_bytes())[..6])
}

/// Evidence for a file on disk: its name and SHA-256.
pub fn file_evidence(path: &std::path::Path) -> Result<Evidence> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let unreadable = |e: std::io::Error| OpsError::EvidenceFile {
        kind: e.kind(),
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut f = std::fs::File::open(path).map_err(unreadable)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf).map_err(unreadable)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    // Stored by its name alone: the bundle travels, the folders do not.
    Ok(Evidence::File {
        path: crate::core::finding::file_name(&path.display().to_string()).to_owned(),
        sha256: crate::core::revision::hex(&h.finalize()),
    })
}

/// Evidence as typed (`file:PATH`, the path of an existing file, or a
/// document number): a file is read and hashed here, the one place either
/// face does it.
pub fn evidence(text: &str) -> Result<Evidence> {
    let parsed = input::evidence(text).map_err(|e| OpsError::input("evidence", e))?;
    match parsed {
        input::EvidenceInput::File(p) => file_evidence(&p),
        // A path typed without `file:` that names a file is that file.
        input::EvidenceInput::Document(d) if std::path::Path::new(&d).is_file() => {
            file_evidence(std::path::Path::new(&d))
        }
        doc => Ok(doc.document().expect("a document needs no file")),
    }
}
