//! Files that travel to Windows laptops: output names Windows cannot open
//! are refused on every platform, before anything is opened or written,
//! in the interface language; and where the database lives by default.

mod common;

use common::Env;

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_report_named_for_a_windows_device_is_refused_in_vietnamese() {
    let env = Env::new().with_fixtures();
    let out_dir = env.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("CON.html");
    let err = env.fails(
        &[
            "report",
            "--unit",
            "XA-01",
            "--format",
            "html",
            "--out",
            out.to_str().unwrap(),
        ],
        1,
    );
    assert!(
        err.contains("error: --out: tên tệp “CON.html” không dùng được: “CON” là tên Windows dành cho thiết bị"),
        "{err}"
    );
    assert!(
        err.contains("hint: hãy đổi tên tệp trong --out, ví dụ “CON-1.html”"),
        "{err}"
    );
    assert!(files_in(&out_dir).is_empty(), "nothing written");
    assert!(!env.db().exists(), "refused before the database was opened");
}

#[test]
fn export_names_windows_drops_or_forbids_are_refused_in_english() {
    let env = Env::new().with_fixtures().args(&["--lang", "en"]);
    env.record("XA-01", "D-01", "fail", "An", &[]);
    for (name, why) in [
        ("nul.bundle", "\"nul\" is a name Windows keeps for a device"),
        ("lpt1", "\"lpt1\" is a name Windows keeps for a device"),
        ("team.bundle.", "it ends with a dot or a space"),
        ("team.bundle ", "it ends with a dot or a space"),
        ("a|b.bundle", "it contains “|”"),
        ("what?.bundle", "it contains “?”"),
    ] {
        let out = env.path().join(name);
        let err = env.fails(&["export", "--out", out.to_str().unwrap()], 1);
        assert!(
            err.contains(&format!(
                "error: --out: the file name \"{name}\" cannot be used: {why}"
            )),
            "{name:?}: {err}"
        );
        assert!(err.contains("hint: give --out another name"), "{err}");
        assert!(!out.exists(), "{name:?} not written");
    }
    // The name it suggests is accepted.
    let out = env.path().join("nul-1.bundle");
    env.ok(&["export", "--out", out.to_str().unwrap()]);
    assert!(out.is_file());
}

#[test]
fn a_device_name_in_a_folder_name_is_not_the_files_concern() {
    let env = Env::new().with_fixtures();
    env.record("XA-01", "D-01", "fail", "An", &[]);
    let folder = env.path().join("CON");
    std::fs::create_dir(&folder).unwrap();
    let out = folder.join("bao-cao.md");
    env.ok(&[
        "report",
        "--unit",
        "XA-01",
        "--format",
        "md",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(out.is_file());
}

/// Without `--db` or `PARCHECK_DB` the database is `parcheck.db` in the
/// platform's (local) data directory: `$XDG_DATA_HOME/parcheck` on Linux.
#[cfg(target_os = "linux")]
#[test]
fn the_default_database_is_in_the_data_directory() {
    let env = Env::new().with_fixtures();
    let out = env
        .command(&common::record_args("XA-01", "D-01", "pass", "An", &[]))
        .env_remove("PARCHECK_DB")
        .output()
        .unwrap();
    common::expect_code(&out, 0, &["record"]);
    assert!(
        env.path().join("xdg-data/parcheck/parcheck.db").is_file(),
        "{:?}",
        files_in(&env.path().join("xdg-data"))
    );
    assert!(!env.db().exists());
}
