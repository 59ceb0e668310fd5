//! Vietnamese text on the Windows console, for both faces.
//!
//! Text written to a console window is right whatever the console's code
//! page: the standard library writes it through the console's
//! wide-character API. Bytes that leave through a pipe are another matter
//! (`parcheck findings | more`): the program reading them decodes them in
//! the console's output code page, an ANSI one (1258, 850, 437 …) unless
//! it is UTF-8 (65001), and parcheck always writes UTF-8. So the code page
//! is UTF-8 while parcheck runs, and the one before is put back when it
//! ends: the console, and the shell in it, outlive parcheck.
//!
//! Elsewhere terminals take UTF-8 as they are, and this does nothing.

/// Keeps the console in UTF-8 until dropped.
#[must_use = "the previous code page comes back when this is dropped"]
pub struct Utf8Output {
    #[cfg(windows)]
    previous: u32,
}

/// Switches the console's output to UTF-8 (Windows; elsewhere nothing).
pub fn utf8_output() -> Utf8Output {
    #[cfg(windows)]
    {
        Utf8Output {
            previous: windows::set_output_code_page(windows::UTF8),
        }
    }
    #[cfg(not(windows))]
    Utf8Output {}
}

impl Drop for Utf8Output {
    fn drop(&mut self) {
        #[cfg(windows)]
        if self.previous != 0 && self.previous != windows::UTF8 {
            windows::set_output_code_page(self.previous);
        }
    }
}

#[cfg(windows)]
#[allow(unsafe_code)]
mod windows {
    use windows_sys::Win32::System::Console::{GetConsoleOutputCP, SetConsoleOutputCP};

    /// `CP_UTF8`.
    pub(super) const UTF8: u32 = 65001;

    /// Sets the output code page and returns the one before (0 when there
    /// is no console, e.g. output redirected from a service: then nothing
    /// is set and nothing will be restored).
    pub(super) fn set_output_code_page(page: u32) -> u32 {
        // SAFETY: both calls take and return plain integers; without a
        // console they fail harmlessly (0).
        unsafe {
            let previous = GetConsoleOutputCP();
            if previous != 0 {
                SetConsoleOutputCP(page);
            }
            previous
        }
    }
}
