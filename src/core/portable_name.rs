//! Names of files that travel. A bundle or a report written on one laptop
//! is opened on another, most often a Windows one, so a name Windows
//! cannot open is refused on every platform, before anything is written:
//! a device name (`CON`, `NUL.txt`), a name ending in a dot or a space
//! (Windows drops them, so the file would be found under another name),
//! or a character Windows forbids in names.
//!
//! Only the file's own name is checked: its folders are already there on
//! the machine it is written on, and do not travel with it.

use super::lang::Lang;

/// Why a file name cannot be used on Windows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// A device name, as written (`con`, `LPT1`), with or without an
    /// extension after it.
    Reserved(String),
    /// The name ends with a dot or a space.
    TrailingDotOrSpace,
    /// One of `< > : " / \ | ? *`, or a control character.
    Character(char),
}

/// The names Windows keeps for devices, in any case and whatever follows
/// the first dot (`nul.tar.gz` is the device too); `¹ ² ³` count as digits.
const DEVICES: &[&str] = &["CON", "PRN", "AUX", "NUL"];
const NUMBERED_DEVICES: &[&str] = &["COM", "LPT"];
const DEVICE_DIGITS: &str = "0123456789¹²³";
const FORBIDDEN: &[char] = &['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

/// Checks one file name (not a path) against what Windows accepts.
pub fn check(name: &str) -> Result<(), NameProblem> {
    if let Some(c) = name.chars().find(|&c| forbidden(c)) {
        return Err(NameProblem::Character(c));
    }
    if name.ends_with(['.', ' ']) {
        return Err(NameProblem::TrailingDotOrSpace);
    }
    let stem = device_part(name);
    if is_device(stem) {
        return Err(NameProblem::Reserved(stem.to_owned()));
    }
    Ok(())
}

/// A name close to `name` that [`check`] accepts: forbidden characters
/// become `-`, trailing dots and spaces go, and a device name gets `-1`
/// (`CON.html` → `CON-1.html`).
pub fn portable_alternative(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| if forbidden(c) { '-' } else { c })
        .collect();
    let trimmed = replaced.trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        return "parcheck".to_owned();
    }
    let stem = device_part(trimmed);
    if is_device(stem) {
        let rest = &trimmed[trimmed.find('.').unwrap_or(trimmed.len())..];
        return format!("{stem}-1{rest}");
    }
    trimmed.to_owned()
}

impl NameProblem {
    /// The refusal of `name`, given as `arg`, in `lang`: what is wrong,
    /// and the fix (a name that would be accepted).
    pub fn describe(&self, arg: &str, name: &str, lang: Lang) -> (String, String) {
        let fixed = portable_alternative(name);
        match lang {
            Lang::Vi => {
                let why = match self {
                    NameProblem::Reserved(stem) => format!(
                        "“{stem}” là tên Windows dành cho thiết bị (CON, PRN, AUX, NUL, \
                         COM0–COM9, LPT0–LPT9), dù có phần mở rộng hay không"
                    ),
                    NameProblem::TrailingDotOrSpace => {
                        "tên kết thúc bằng dấu chấm hoặc dấu cách, Windows sẽ bỏ đi".to_owned()
                    }
                    NameProblem::Character(c) => format!(
                        "tên có ký tự {} mà Windows không cho phép trong tên tệp \
                         (< > : \" / \\ | ? * và ký tự điều khiển)",
                        shown(*c)
                    ),
                };
                (
                    format!(
                        "{arg}: tên tệp “{name}” không dùng được: {why}, \
                         nên tệp sẽ không mở được trên máy Windows"
                    ),
                    format!("hãy đổi tên tệp trong {arg}, ví dụ “{fixed}”"),
                )
            }
            Lang::En => {
                let why = match self {
                    NameProblem::Reserved(stem) => format!(
                        "\"{stem}\" is a name Windows keeps for a device (CON, PRN, AUX, NUL, \
                         COM0–COM9, LPT0–LPT9), with or without an extension"
                    ),
                    NameProblem::TrailingDotOrSpace => {
                        "it ends with a dot or a space, which Windows drops".to_owned()
                    }
                    NameProblem::Character(c) => format!(
                        "it contains {}, which Windows does not allow in file names \
                         (< > : \" / \\ | ? * and control characters)",
                        shown(*c)
                    ),
                };
                (
                    format!(
                        "{arg}: the file name \"{name}\" cannot be used: {why}, \
                         so the file could not be opened on a Windows computer"
                    ),
                    format!("give {arg} another name, e.g. \"{fixed}\""),
                )
            }
        }
    }
}

fn forbidden(c: char) -> bool {
    FORBIDDEN.contains(&c) || c.is_control()
}

/// The part Windows compares with its device names: up to the first dot,
/// without the spaces before it (`nul .txt` is the device too).
fn device_part(name: &str) -> &str {
    name.split('.').next().unwrap_or(name).trim_end_matches(' ')
}

fn is_device(stem: &str) -> bool {
    let upper = stem.to_uppercase();
    if DEVICES.contains(&upper.as_str()) {
        return true;
    }
    NUMBERED_DEVICES.iter().any(|prefix| {
        upper.strip_prefix(prefix).is_some_and(|digit| {
            let mut chars = digit.chars();
            matches!((chars.next(), chars.next()), (Some(d), None) if DEVICE_DIGITS.contains(d))
        })
    })
}

/// A character as the message shows it: control characters by code.
fn shown(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("“{c}”")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reserved(stem: &str) -> Result<(), NameProblem> {
        Err(NameProblem::Reserved(stem.to_owned()))
    }

    #[test]
    fn device_names_are_refused_in_any_case_with_or_without_extensions() {
        assert_eq!(check("CON"), reserved("CON"));
        assert_eq!(check("con.html"), reserved("con"));
        assert_eq!(check("Nul.tar.gz"), reserved("Nul"));
        assert_eq!(check("prn.docx"), reserved("prn"));
        assert_eq!(check("AUX.bundle"), reserved("AUX"));
        assert_eq!(check("nul .txt"), reserved("nul"));
        for n in 0..=9 {
            assert_eq!(check(&format!("COM{n}.csv")), reserved(&format!("COM{n}")));
            assert_eq!(check(&format!("lpt{n}")), reserved(&format!("lpt{n}")));
        }
        assert_eq!(check("COM¹.md"), reserved("COM¹"));
        assert_eq!(check("LPT³"), reserved("LPT³"));
    }

    #[test]
    fn names_that_only_look_like_devices_are_accepted() {
        for ok in [
            "CONCLUSION.docx",
            "con-1.html",
            "bao-cao-con.html",
            "COM10.csv",
            "LPT.md",
            "COM",
            "nulls.json",
            "my.con",
            ".con",
            "Biên bản UBND xã Vĩnh Hòa.docx",
            "report.html",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn trailing_dots_and_spaces_are_refused() {
        for bad in ["report.", "report ", "report.html.", "bao cao . ", "..."] {
            assert_eq!(check(bad), Err(NameProblem::TrailingDotOrSpace), "{bad:?}");
        }
    }

    #[test]
    fn characters_windows_forbids_are_refused() {
        for c in ['<', '>', ':', '"', '|', '?', '*', '\\', '\u{1}', '\t'] {
            let name = format!("a{c}b.html");
            assert_eq!(check(&name), Err(NameProblem::Character(c)), "{name:?}");
        }
        // A path written for Windows, given on another platform, is one name.
        assert_eq!(
            check("C:\\Users\\an\\report.html"),
            Err(NameProblem::Character(':'))
        );
    }

    #[test]
    fn the_alternative_is_close_to_the_name_and_accepted() {
        assert_eq!(portable_alternative("CON.html"), "CON-1.html");
        assert_eq!(portable_alternative("nul .txt"), "nul-1.txt");
        assert_eq!(portable_alternative("lpt1"), "lpt1-1");
        assert_eq!(portable_alternative("report.html. "), "report.html");
        assert_eq!(portable_alternative("a:b?.csv"), "a-b-.csv");
        assert_eq!(portable_alternative(". ."), "parcheck");
        assert_eq!(portable_alternative("report.html"), "report.html");
    }

    proptest::proptest! {
        #[test]
        fn every_alternative_passes_the_check(name in "\\PC{1,12}|(?i)(con|nul|com[0-9]|lpt[1-3])[. :]{0,3}[a-z]{0,3}") {
            let alt = portable_alternative(&name);
            proptest::prop_assert_eq!(check(&alt), Ok(()), "{:?} -> {:?}", name, alt);
            if check(&name).is_ok() {
                proptest::prop_assert_eq!(alt, name);
            }
        }
    }

    #[test]
    fn refusals_name_the_argument_the_problem_and_a_fix_in_both_languages() {
        let problem = check("CON.html").unwrap_err();
        let (msg, hint) = problem.describe("--out", "CON.html", Lang::Vi);
        assert_eq!(
            msg,
            "--out: tên tệp “CON.html” không dùng được: “CON” là tên Windows dành cho \
             thiết bị (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9), dù có phần mở rộng hay \
             không, nên tệp sẽ không mở được trên máy Windows"
        );
        assert_eq!(hint, "hãy đổi tên tệp trong --out, ví dụ “CON-1.html”");
        let (msg, hint) = check("report. ")
            .unwrap_err()
            .describe("--out", "report. ", Lang::En);
        assert_eq!(
            msg,
            "--out: the file name \"report. \" cannot be used: it ends with a dot or a \
             space, which Windows drops, so the file could not be opened on a Windows computer"
        );
        assert_eq!(hint, "give --out another name, e.g. \"report\"");
        let (msg, _) = check("a\u{7}.csv")
            .unwrap_err()
            .describe("--out", "a\u{7}.csv", Lang::En);
        assert!(msg.contains("it contains U+0007"), "{msg}");
    }
}
