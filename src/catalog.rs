//! Finds and loads checklists: the bundled ones plus any directories the
//! user names. Storage-free; only reads files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::core::checklist::Checklist;
use crate::core::checklist_parse::parse_checklist;
use crate::core::diagnostic::Diagnostic;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_checklists.rs"));
}

/// A loaded checklist and where it came from.
#[derive(Debug, Clone)]
pub struct Entry {
    pub checklist: Checklist,
    /// `checklists/<file>` for bundled ones, the file path otherwise.
    pub path: String,
    /// The exact source text, kept so exports can carry it.
    pub source: String,
}

/// A checklist file that failed to load.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub path: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    pub fn render(&self) -> String {
        self.diagnostics
            .iter()
            .map(|d| d.render(&self.path))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Every checklist available, keyed by id. Later sources override earlier
/// ones with the same id, so a province can replace a bundled checklist.
#[derive(Debug, Default)]
pub struct Catalog {
    pub entries: BTreeMap<String, Entry>,
    pub errors: Vec<LoadError>,
}

impl Catalog {
    /// The bundled checklists, then each of `dirs` in order.
    pub fn load(dirs: &[PathBuf]) -> Catalog {
        let mut cat = Catalog::default();
        for (name, text) in bundled::BUNDLED {
            cat.add(format!("checklists/{name}"), text.as_bytes());
        }
        for dir in dirs {
            cat.load_dir(dir);
        }
        cat
    }

    fn load_dir(&mut self, dir: &Path) {
        let read = match std::fs::read_dir(dir) {
            Ok(r) => r,
            Err(e) => {
                self.errors.push(LoadError {
                    path: dir.display().to_string(),
                    diagnostics: vec![Diagnostic {
                        line: 1,
                        column: 1,
                        message: format!("cannot read checklist directory: {e}"),
                        hint: Some("check the --checklists path or the config".into()),
                    }],
                });
                return;
            }
        };
        let mut files: Vec<PathBuf> = read
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for f in files {
            match read_limited(&f) {
                Ok(bytes) => self.add(f.display().to_string(), &bytes),
                Err(d) => self.errors.push(LoadError {
                    path: f.display().to_string(),
                    diagnostics: vec![d],
                }),
            }
        }
    }

    fn add(&mut self, path: String, bytes: &[u8]) {
        match parse_checklist(bytes) {
            Ok(checklist) => {
                let source = String::from_utf8_lossy(bytes).into_owned();
                self.entries.insert(
                    checklist.id.clone(),
                    Entry {
                        checklist,
                        path,
                        source,
                    },
                );
            }
            Err(diagnostics) => self.errors.push(LoadError { path, diagnostics }),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.get(id)
    }
}

/// Reads a checklist file: only a regular file (a FIFO would block for ever,
/// a device such as `/dev/zero` never ends), and never more than the size
/// limit, counted on what is read rather than on what the metadata claimed.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read as _;
    let io = |e: std::io::Error| Diagnostic {
        line: 1,
        column: 1,
        message: format!("cannot read file: {e}"),
        hint: None,
    };
    let not_regular = || Diagnostic {
        line: 1,
        column: 1,
        message: "not a regular file (a pipe, a device or a directory)".into(),
        hint: Some("give the path of a checklist .toml file".into()),
    };
    let limit = crate::core::checklist_parse::MAX_FILE_BYTES as u64;
    let too_big = |len: u64| Diagnostic {
        line: 1,
        column: 1,
        message: format!("file is {len} bytes or more; a checklist may be at most {limit} bytes"),
        hint: Some("is this really a checklist?".into()),
    };
    // Checked before opening: opening a FIFO waits for a writer.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(not_regular());
    }
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // And again on what was opened, in case the path changed in between.
    if !file.metadata().map_err(io)?.is_file() {
        return Err(not_regular());
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Parses one file for `parcheck validate`.
pub fn validate_file(path: &Path) -> Result<Checklist, Vec<Diagnostic>> {
    let bytes = read_limited(path).map_err(|d| vec![d])?;
    parse_checklist(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_checklist_is_valid() {
        let cat = Catalog::load(&[]);
        let errors: Vec<String> = cat.errors.iter().map(LoadError::render).collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        assert_eq!(cat.entries.len(), bundled::BUNDLED.len());
    }
}
