//! Files that appear whole or not at all: written under a temporary name in
//! the target's directory, flushed to disk, renamed over the target, and the
//! directory flushed so the rename itself survives a power cut.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes the output of `fill` to `path` atomically.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut tmp = temp_in_dir_of(path, ".parcheck-")?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w)?;
        w.flush()?;
    }
    #[cfg(unix)]
    {
        // Reports and bundles are shared: readable by others like any document.
        // (On Windows a new file takes its folder's permissions, as any
        // document saved there does: nothing to set.)
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    persist(tmp.into_temp_path(), path)
}

/// A temporary file in the directory `path` will live in (a rename across
/// filesystems would not be atomic).
pub fn temp_in_dir_of(path: &Path, prefix: &str) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempfile_in(dir_of(path))
}

/// Flushes the finished temporary file, renames it to `path` and flushes
/// the directory.
pub fn persist(tmp: tempfile::TempPath, path: &Path) -> std::io::Result<()> {
    std::fs::File::open(&tmp)?.sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // Windows cannot open a folder to flush it; NTFS journals the rename
    // itself (see docs/windows.md).
    #[cfg(unix)]
    std::fs::File::open(dir_of(path))?.sync_all()?;
    Ok(())
}

fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("report.html");
        write_with(&p, |w| w.write_all(b"first")).unwrap();
        let err = write_with(&p, |w| {
            w.write_all(b"half of the sec")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"first");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    }
}
