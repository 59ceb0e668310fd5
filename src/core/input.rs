//! What people type, parsed once: the command line and the screen read
//! ratios, sampled records, deadlines, statuses and evidence through these
//! functions, so both accept exactly the same text.

use super::checklist::Deadline;
use super::finding::{Evidence, RatioValue, Status};

/// Text that does not parse as the value a field needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("\"{0}\" is not a ratio; write it as NUMERATOR/DENOMINATOR, e.g. 120/400")]
    Ratio(String),
    #[error(
        "\"{0}\" is not a deadline; give a number of working days from 1 to {max}, or \"immediately\" (\"ngay\")",
        max = Deadline::MAX_WORKING_DAYS
    )]
    Deadline(String),
    #[error("\"{0}\" is not a status; use pass, partial, fail, na or unchecked")]
    Status(String),
    #[error("\"{0}\" is not a whole number")]
    Number(String),
    #[error("evidence needs a document number, or file:PATH for a file")]
    EmptyEvidence,
}

/// `NUMERATOR/DENOMINATOR`, spaces allowed around either number.
pub fn ratio(s: &str) -> Result<RatioValue, InputError> {
    s.split_once('/')
        .and_then(|(n, d)| {
            Some(RatioValue {
                numerator: n.trim().parse().ok()?,
                denominator: d.trim().parse().ok()?,
            })
        })
        .ok_or_else(|| InputError::Ratio(s.trim().to_owned()))
}

/// A number of working days, or "immediately" — also as inspectors type
/// it in Vietnamese, with or without diacritics ("ngay", "ngày", "ngay lập
/// tức").
pub fn deadline(s: &str) -> Result<Deadline, InputError> {
    let folded = super::text::fold(s);
    if matches!(folded.as_str(), "ngay" | "ngay lap tuc") {
        return Ok(Deadline::Immediately);
    }
    Deadline::from_code(s).ok_or_else(|| InputError::Deadline(s.trim().to_owned()))
}

/// A status code (`pass`, `partial`, `fail`, `na`, `unchecked`).
pub fn status(s: &str) -> Result<Status, InputError> {
    Status::from_code(s.trim()).ok_or_else(|| InputError::Status(s.trim().to_owned()))
}

/// A non-negative whole number (a population size).
pub fn number(s: &str) -> Result<u32, InputError> {
    s.trim()
        .parse()
        .map_err(|_| InputError::Number(s.trim().to_owned()))
}

/// `CODE=DEFECT,DEFECT` (`CODE=` or `CODE` alone: a compliant record).
pub fn sample(s: &str) -> (String, Vec<String>) {
    match s.split_once('=') {
        Some((code, defects)) => (code.trim().to_owned(), defect_list(defects)),
        None => (s.trim().to_owned(), Vec::new()),
    }
}

/// `DEFECT,DEFECT`: the defect ids of one record (empty: compliant).
pub fn defect_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What an evidence entry names: a document number, or a file to hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceInput {
    Document(String),
    File(std::path::PathBuf),
}

/// `file:PATH` names a file; anything else is a document number.
pub fn evidence(s: &str) -> Result<EvidenceInput, InputError> {
    let s = s.trim();
    match s.strip_prefix("file:") {
        Some(p) if !p.trim().is_empty() => Ok(EvidenceInput::File(p.trim().into())),
        Some(_) => Err(InputError::EmptyEvidence),
        None if s.is_empty() => Err(InputError::EmptyEvidence),
        None => Ok(EvidenceInput::Document(s.to_owned())),
    }
}

impl EvidenceInput {
    /// The document form needs no I/O; a file is hashed by the caller.
    pub fn document(&self) -> Option<Evidence> {
        match self {
            EvidenceInput::Document(r) => Some(Evidence::Document {
                reference: r.clone(),
            }),
            EvidenceInput::File(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_parse_with_spaces_and_refuse_other_text() {
        assert_eq!(
            ratio(" 120 / 400 "),
            Ok(RatioValue {
                numerator: 120,
                denominator: 400
            })
        );
        assert_eq!(ratio("120"), Err(InputError::Ratio("120".into())));
        assert_eq!(ratio("a/b"), Err(InputError::Ratio("a/b".into())));
        assert!(ratio("-1/4").is_err());
    }

    #[test]
    fn samples_and_defect_lists() {
        assert_eq!(
            sample("HS-1=a, b"),
            ("HS-1".into(), vec!["a".into(), "b".into()])
        );
        assert_eq!(sample("HS-2="), ("HS-2".into(), vec![]));
        assert_eq!(sample("HS-3"), ("HS-3".into(), vec![]));
        assert_eq!(defect_list(" ,x,,y "), vec!["x".to_owned(), "y".to_owned()]);
    }

    #[test]
    fn deadlines_statuses_and_evidence() {
        assert_eq!(deadline("10"), Ok(Deadline::WorkingDays(10)));
        assert_eq!(deadline("immediately"), Ok(Deadline::Immediately));
        for typed in ["ngay", "ngày", " Ngày ", "ngay lập tức", "NGAY LAP TUC"] {
            assert_eq!(deadline(typed), Ok(Deadline::Immediately), "{typed}");
        }
        assert!(deadline("ngày mai").is_err());
        assert!(deadline("0").is_err() && deadline("251").is_err());
        assert_eq!(status("fail"), Ok(Status::Fail));
        assert!(status("bad").is_err());
        assert_eq!(
            evidence("file: /tmp/a.pdf"),
            Ok(EvidenceInput::File("/tmp/a.pdf".into()))
        );
        assert_eq!(
            evidence("Biên bản 12/BB"),
            Ok(EvidenceInput::Document("Biên bản 12/BB".into()))
        );
        assert_eq!(evidence("file:"), Err(InputError::EmptyEvidence));
        assert_eq!(number("x"), Err(InputError::Number("x".into())));
    }
}
