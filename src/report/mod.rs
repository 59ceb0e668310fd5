//! Remediation reports: one unit's conclusion notice, and the team summary.
//! `model` computes; each format file only renders the model.

pub mod csv;
pub mod docx;
pub mod html;
pub mod json;
pub mod md;
pub mod model;
pub mod register;
pub mod strings;

use std::io::Write;
use std::path::Path;

/// Removes characters no format should carry: C0/C1 controls (except
/// newline and tab), bidi formatting characters and the XML-illegal
/// non-characters U+FFFE/U+FFFF.
pub fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            if c == '\n' || c == '\t' {
                return true;
            }
            !(c.is_control()
                || crate::core::text::is_bidi_control(c)
                || c == '\u{FFFE}'
                || c == '\u{FFFF}')
        })
        .collect()
}

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory, flushed to disk, renamed over the target, then the directory
/// flushed so the rename itself survives a power cut.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] for output produced by `fill` as it streams: the target
/// never holds a half-written file.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".parcheck-report-")
        .tempfile_in(&dir)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w)?;
        w.flush()?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    #[cfg(unix)]
    std::fs::File::open(&dir)?.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_controls_and_bidi() {
        assert_eq!(
            clean("a\u{1b}[2J\u{202E}b\u{0}\u{b}c\nd\u{FFFF}"),
            "a[2Jbc\nd"
        );
    }
}
