//! Files that appear whole or not at all: written under a temporary name in
//! the target's directory, flushed to disk, renamed over the target, and the
//! directory flushed so the rename itself survives a power cut. A
//! temporary left behind by a killed run (or a power cut) is removed by
//! the next run that writes into the same directory.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes the output of `fill` to `path` atomically.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut tmp = temp_in_dir_of(path, TEMP_PREFIX)?;
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

/// The name every temporary file of ours starts with.
pub const TEMP_PREFIX: &str = ".parcheck-";

/// How old a temporary must be before a sweep may remove it: a writer
/// creates its file and locks it in the same instant, so this only covers
/// that instant (and files of a parcheck that did not lock them).
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// A temporary file in the directory `path` will live in (a rename across
/// filesystems would not be atomic), locked for as long as it is open so
/// that [`sweep_stale`] in another run leaves it alone. Stale temporaries
/// of ours in that directory (an interrupted export or report) are removed
/// first.
pub fn temp_in_dir_of(path: &Path, prefix: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = dir_of(path);
    sweep_stale(&dir);
    let tmp = tempfile::Builder::new().prefix(prefix).tempfile_in(&dir)?;
    hold(tmp.as_file())?;
    Ok(tmp)
}

/// Marks a temporary as in use by this process until `file` is closed
/// (an advisory lock, which a killed process loses).
#[cfg(unix)]
fn hold(file: &std::fs::File) -> std::io::Result<()> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => {
            Err(std::io::Error::other("temporary file already in use"))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// On Windows a lock is mandatory and would stop SQLite writing the file;
/// an open file cannot be deleted there anyway, which is what keeps a
/// sweep off a file in use.
#[cfg(not(unix))]
fn hold(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

/// Removes the temporaries of ours in `dir` that no live process holds:
/// names starting with [`TEMP_PREFIX`], regular files, not modified for
/// [`STALE_AFTER`], whose lock (see [`temp_in_dir_of`]) can be taken — the
/// process that made them is gone. SQLite's `-journal`, `-wal` and `-shm`
/// files of such a file go with it. Errors are ignored: a sweep only
/// tidies up. Returns how many files it removed.
pub fn sweep_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !name.starts_with(TEMP_PREFIX) {
            continue;
        }
        let path = entry.path();
        let main = ["-journal", "-wal", "-shm"]
            .iter()
            .find_map(|s| name.strip_suffix(s))
            .map(|m| dir.join(m));
        match main {
            // A side file goes with its main file, or alone once that is gone.
            Some(main) => {
                if !main.exists() && is_stale(&path) && std::fs::remove_file(&path).is_ok() {
                    removed += 1;
                }
            }
            None => {
                if is_stale(&path) && unheld(&path) && std::fs::remove_file(&path).is_ok() {
                    removed += 1;
                    for s in ["-journal", "-wal", "-shm"] {
                        let mut side = path.clone().into_os_string();
                        side.push(s);
                        let _ = std::fs::remove_file(side);
                    }
                }
            }
        }
    }
    removed
}

/// A regular file (never a link or a directory) not modified lately.
fn is_stale(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| {
        m.is_file()
            && m.modified()
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age >= STALE_AFTER)
    })
}

/// No process holds the file's lock.
#[cfg(unix)]
fn unheld(path: &Path) -> bool {
    std::fs::File::open(path).is_ok_and(|f| f.try_lock_shared().is_ok())
}

#[cfg(not(unix))]
fn unheld(_path: &Path) -> bool {
    true
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

    fn age(path: &Path, secs: u64) {
        let then = std::time::SystemTime::now() - std::time::Duration::from_secs(secs);
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(then)
            .unwrap();
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn the_next_write_removes_our_stale_temporaries_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // What an export and a report killed mid-way leave (with the
        // export's SQLite journal), an hour ago.
        for name in [
            ".parcheck-a1B2c3",
            ".parcheck-export-x9Y8z7",
            ".parcheck-export-x9Y8z7-journal",
        ] {
            std::fs::write(d.join(name), b"half").unwrap();
            age(&d.join(name), 3600);
        }
        // Not ours, or not stale: kept.
        std::fs::write(d.join("report.html"), b"mine").unwrap();
        age(&d.join("report.html"), 3600);
        std::fs::write(d.join(".parcheck-fresh1"), b"being written").unwrap();
        std::fs::create_dir(d.join(".parcheck-dir")).unwrap();
        write_with(&d.join("out.csv"), |w| w.write_all(b"ok")).unwrap();
        assert_eq!(
            names(d),
            [
                ".parcheck-dir",
                ".parcheck-fresh1",
                "out.csv",
                "report.html"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_temporary_a_live_writer_holds_is_never_removed() {
        let dir = tempfile::tempdir().unwrap();
        let held = temp_in_dir_of(&dir.path().join("x.html"), TEMP_PREFIX).unwrap();
        age(held.path(), 3600);
        assert_eq!(sweep_stale(dir.path()), 0);
        assert!(held.path().exists());
        // The writer is gone (a killed process loses its lock the same way).
        let path = held.into_temp_path().keep().unwrap();
        assert_eq!(sweep_stale(dir.path()), 1);
        assert!(!path.exists());
    }
}
