//! The checklist commands, driven through the real binary.

mod common;

use std::path::{Path, PathBuf};

use common::{Env, fixtures};

/// The expectation of an invalid fixture: `LINE:COL: message fragment`,
/// from its first-line comment or from a `.expect` file beside it.
fn expectation(path: &Path) -> String {
    let side = path.with_extension("expect");
    if side.exists() {
        return std::fs::read_to_string(side)
            .expect("read expect")
            .trim()
            .to_owned();
    }
    let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("# expect: "))
        .unwrap_or_else(|| panic!("{} has no `# expect:` line", path.display()))
        .to_owned()
}

#[test]
fn every_invalid_fixture_reports_its_error_at_its_position() {
    let dir = fixtures().join("invalid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("invalid fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 15, "one fixture per error class");
    let env = Env::new();
    for f in files {
        let want = expectation(&f);
        let (pos, msg) = want.split_once(": ").expect("LINE:COL: message");
        let stderr = env.fails(&["validate", f.to_str().expect("utf-8 path")], 1);
        let prefix = format!("{}:{pos}: ", f.display());
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&prefix) && l.contains(msg)),
            "{}: expected `{prefix}…{msg}…`, got:\n{stderr}",
            f.display()
        );
        assert!(
            stderr.contains("hint: "),
            "{}: every error carries a hint:\n{stderr}",
            f.display()
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn validate_reports_every_error_not_just_the_first() {
    let env = Env::new();
    let f = env.path().join("many.toml");
    let base = std::fs::read_to_string(fixtures().join("valid/demo.toml")).expect("demo");
    let text = base
        .replace("severity = \"high\"", "severty = \"high\"")
        .replace("kind = \"observation\"", "kind = \"checkbox\"")
        .replace("threshold = 30", "threshold = -5");
    std::fs::write(&f, text).expect("write");
    let stderr = env.fails(&["validate", f.to_str().expect("utf-8")], 1);
    for fragment in [
        "unknown key `severty`",
        "invalid kind \"checkbox\"",
        "threshold -5 is outside",
    ] {
        assert!(stderr.contains(fragment), "missing {fragment}:\n{stderr}");
    }
}

#[test]
fn bundled_checklists_validate_and_list_as_json() {
    let files: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists"))
            .expect("checklists dir")
            .map(|e| e.expect("entry").path().display().to_string())
            .filter(|p| p.ends_with(".toml"))
            .collect();
    assert!(!files.is_empty());
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    let env = Env::new();
    let (_, said) = env.ok_with_stderr(&args);
    // One line per file, in the interface language (Vietnamese by default).
    assert_eq!(said.lines().count(), files.len(), "{said}");
    assert!(
        said.lines()
            .all(|l| l.contains(": hợp lệ (") && l.ends_with(" mục)")),
        "{said}"
    );
    let listed = env.ok(&["checklists"]);
    assert!(
        listed.ends_with(&format!(" danh mục, {} mục\n", {
            let j = env.json(&["checklists", "--json"]);
            j.as_array()
                .unwrap()
                .iter()
                .map(|c| c["items"].as_u64().unwrap())
                .sum::<u64>()
        })),
        "{listed}"
    );
    let english = env.ok(&["--lang", "en", "checklists"]);
    assert!(english.contains(" checklists, "), "{english}");

    let list = env.json(&["checklists", "--json"]);
    let arr = list.as_array().expect("array");
    assert_eq!(arr.len(), files.len());
    let mut total = 0;
    for c in arr {
        let obj = c.as_object().expect("object");
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["id", "items", "path", "sections", "title", "version"]
        );
        total += obj["items"].as_u64().expect("items count");
    }
    assert!(total >= 70, "at least 70 items in all, found {total}");
}

#[test]
fn show_json_has_items_with_hash_and_defects() {
    let c = Env::new().with_fixtures().json(&["show", "demo", "--json"]);
    let items: Vec<&serde_json::Value> = c["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .flat_map(|s| s["items"].as_array().expect("items"))
        .collect();
    assert_eq!(items.len(), 4);
    for it in &items {
        for key in ["id", "kind", "severity", "question", "legal_basis", "hash"] {
            assert!(!it[key].is_null(), "item lacks {key}: {it}");
        }
    }
    let sampled = items
        .iter()
        .find(|i| i["kind"] == "sampled")
        .expect("a sampled item");
    assert_eq!(sampled["defects"].as_array().expect("defects").len(), 2);
}

#[test]
fn unknown_checklist_and_bad_usage_have_documented_exit_codes() {
    let env = Env::new();
    // Worded in the interface language: Vietnamese unless told otherwise.
    let stderr = env.fails(&["show", "no-such-checklist"], 1);
    assert!(
        stderr.starts_with("lỗi: Không có danh mục kiểm tra “no-such-checklist”"),
        "{stderr}"
    );
    let stderr = env.fails(&["--lang", "en", "show", "no-such-checklist"], 1);
    assert!(stderr.contains("error: unknown checklist"), "{stderr}");
    env.fails(&["validate"], 2);
    env.fails(&["frobnicate"], 2);
    let help = env.ok(&["record", "--help"]);
    assert!(help.contains("--sample"), "{help}");
}

#[test]
fn config_adds_checklist_directories_and_user_checklists_override_bundled() {
    let env = Env::new();
    let own = env.path().join("own");
    std::fs::create_dir(&own).expect("mkdir");
    let demo = std::fs::read_to_string(fixtures().join("valid/demo.toml")).expect("demo");
    std::fs::write(own.join("demo.toml"), &demo).expect("write");
    // A province's edited copy of a bundled checklist replaces it.
    let bundled = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/so-hoa.toml"),
    )
    .expect("bundled so-hoa");
    std::fs::write(
        own.join("so-hoa-tinh.toml"),
        bundled.replace("version = \"2025.2\"", "version = \"2025.2-tinh\""),
    )
    .expect("write");
    // Given with --config, which takes the place of PARCHECK_CONFIG.
    let config = env.path().join("team-config.toml");
    std::fs::write(
        &config,
        format!("checklist_dirs = [{:?}]\n", own.display().to_string()),
    )
    .expect("config");
    let list = env.json(&[
        "checklists",
        "--json",
        "--config",
        config.to_str().expect("utf-8"),
    ]);
    let list = list.as_array().expect("array");
    assert!(list.iter().any(|c| c["id"] == "demo"));
    let so_hoa = list
        .iter()
        .find(|c| c["id"] == "so-hoa")
        .expect("so-hoa listed once");
    assert_eq!(so_hoa["version"], "2025.2-tinh");
    assert_eq!(list.iter().filter(|c| c["id"] == "so-hoa").count(), 1);

    // A config with a typo is an error that names the file, line and column.
    std::fs::write(&config, "inspektor = \"An\"\n").expect("config");
    let stderr = env.fails(
        &["checklists", "--config", config.to_str().expect("utf-8")],
        2,
    );
    assert!(
        stderr.contains(&format!("{}:1:1:", config.display())),
        "{stderr}"
    );
}

#[test]
fn the_full_screen_app_without_a_terminal_is_a_clear_error() {
    let env = Env::new();
    for args in [
        &[][..],
        &["inspect", "--checklist", "demo", "--unit", "X"][..],
    ] {
        let out = env
            .command(args)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run");
        common::expect_code(&out, 2, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("needs a terminal"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert!(
        !env.db().exists(),
        "nothing opened or written without a terminal"
    );
}
