//! The bundled checklists' citations, one test per class of citation that
//! was found wrong once: an inspector copies them into official minutes.

use std::path::{Path, PathBuf};

use parcheck::core::checklist::{CheckKind, Checklist, Citation, Item};
use parcheck::core::checklist_parse::parse_checklist;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every bundled checklist, parsed from its file.
fn bundled() -> Vec<(String, Checklist)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("checklists"))
        .expect("checklists dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read checklist");
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            let c =
                parse_checklist(&bytes).unwrap_or_else(|d| panic!("{name} does not parse: {d:?}"));
            (name, c)
        })
        .collect()
}

fn all_items(lists: &[(String, Checklist)]) -> Vec<(&str, &Item)> {
    lists
        .iter()
        .flat_map(|(n, c)| c.items().map(move |(_, i)| (n.as_str(), i)))
        .collect()
}

/// The document a citation names, without a trailing "(sửa đổi bởi …)".
fn doc(c: &Citation) -> &str {
    c.document.split(" (").next().unwrap_or("").trim()
}

/// The list of texts the checklists were checked against.
fn checked_texts() -> Vec<String> {
    let path = root().join("docs/checked-texts.txt");
    let text = std::fs::read_to_string(&path).expect("docs/checked-texts.txt");
    let list: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    assert!(!list.is_empty(), "{} lists no text", path.display());
    list
}

fn fail_if_any(what: &str, bad: Vec<String>) {
    assert!(bad.is_empty(), "{what}:\n  {}", bad.join("\n  "));
}

#[test]
fn a_citation_is_verified_only_if_its_text_is_on_the_checked_list() {
    let lists = bundled();
    let checked = checked_texts();
    let bad = all_items(&lists)
        .into_iter()
        .flat_map(|(n, i)| {
            i.legal_basis
                .iter()
                .filter(|c| c.verified && !checked.iter().any(|t| t == doc(c)))
                .map(move |c| format!("{n} {}: {} is not a checked text", i.id, c.document))
        })
        .collect();
    fail_if_any("verified citations of texts not checked", bad);
}

#[test]
fn decree_30_annex_is_cited_by_part_section_and_clause() {
    let lists = bundled();
    let bad = all_items(&lists)
        .into_iter()
        .flat_map(|(n, i)| {
            i.legal_basis
                .iter()
                .filter(|c| doc(c) == "Nghị định 30/2020/NĐ-CP")
                .filter_map(|c| c.article.as_deref())
                .filter(|a| a.contains("Phụ lục I"))
                .filter(|a| !(a.contains("Phần ") && a.contains("mục ") && a.contains("khoản ")))
                .map(move |a| format!("{n} {}: {a}", i.id))
        })
        .collect();
    fail_if_any("Phụ lục I of Decree 30/2020 without Phần/mục/khoản", bad);
}

#[test]
fn form_fields_of_circular_01_2018_are_unverified() {
    // The forms annex is not in the texts checked; Điều 9 names the forms.
    let lists = bundled();
    let bad = all_items(&lists)
        .into_iter()
        .flat_map(|(n, i)| {
            i.legal_basis
                .iter()
                .filter(|c| doc(c) == "Thông tư 01/2018/TT-VPCP" && c.form.is_some())
                .filter(|c| c.verified && c.article.is_none())
                .map(move |c| format!("{n} {}: {}", i.id, c.display()))
        })
        .collect();
    fail_if_any("form content of Circular 01/2018 cited as verified", bad);
}

#[test]
fn an_unverified_citation_is_explained_in_the_guidance() {
    let lists = bundled();
    let bad = all_items(&lists)
        .into_iter()
        .filter(|(_, i)| i.legal_basis.iter().any(|c| !c.verified))
        .filter(|(_, i)| {
            let g = i.guidance.vi.to_lowercase();
            !["chưa đối chiếu", "chưa kiểm chứng", "không có trong"]
                .iter()
                .any(|k| g.contains(k))
        })
        .map(|(n, i)| format!("{n} {}", i.id))
        .collect();
    fail_if_any("unverified citations the guidance does not explain", bad);
}

#[test]
fn on_time_rates_divide_by_dossiers_received() {
    // Decree 61/2018 Art. 30.2.c: on-time dossiers over dossiers received.
    let lists = bundled();
    let bad = all_items(&lists)
        .into_iter()
        .filter_map(|(n, i)| match &i.kind {
            CheckKind::Ratio(r)
                if r.numerator.vi.contains("đúng hạn")
                    && r.numerator.vi.contains("hồ sơ")
                    && !r.numerator.vi.contains("phản ánh") =>
            {
                (!r.denominator.vi.contains("tiếp nhận"))
                    .then(|| format!("{n} {}: {}", i.id, r.denominator.vi))
            }
            _ => None,
        })
        .collect();
    fail_if_any("on-time rates not over dossiers received", bad);
}

#[test]
fn thresholds_say_where_they_come_from() {
    // A percentage is a legal rule only where a text says so; otherwise the
    // guidance names it a target.
    let lists = bundled();
    let bad = all_items(&lists)
        .into_iter()
        .filter(|(_, i)| matches!(i.kind, CheckKind::Ratio(_)))
        .filter(|(_, i)| {
            let g = i.guidance.vi.to_lowercase();
            !(g.contains("chỉ tiêu") || g.contains("không phải quy định") || g.contains("mức "))
        })
        .map(|(n, i)| format!("{n} {}", i.id))
        .collect();
    fail_if_any("ratio thresholds with no stated source", bad);
}

#[test]
fn misplaced_articles_are_not_cited_again() {
    // Each pair was once cited for a rule the article does not contain.
    let wrong: [(&str, &str, &str); 4] = [
        // a condition for upgrading level 3 to 4, not a target
        ("Thông tư 01/2018/TT-VPCP", "Điều 21, khoản 1, điểm c", ""),
        // errors and lost dossiers, not rescheduling
        ("Nghị định 61/2018/NĐ-CP", "Điều 21", "hẹn lại"),
        // the drafting of procedures, not extra papers at the counter
        (
            "Nghị định 63/2010/NĐ-CP",
            "Điều 8, khoản 2",
            "ngoài danh mục",
        ),
        // the extension notice, not status notifications
        (
            "Nghị định 61/2018/NĐ-CP",
            "Điều 19, khoản 9",
            "thông báo tình trạng",
        ),
    ];
    let lists = bundled();
    let mut bad = Vec::new();
    for (n, i) in all_items(&lists) {
        for c in &i.legal_basis {
            for (d, a, topic) in wrong {
                if doc(c) == d
                    && c.article.as_deref() == Some(a)
                    && (topic.is_empty() || i.question.vi.contains(topic))
                {
                    bad.push(format!("{n} {}: {d}, {a}", i.id));
                }
            }
        }
    }
    fail_if_any("articles cited for what they do not say", bad);
}

#[test]
fn analogies_from_other_ministries_are_not_bases() {
    // Circular 21/2016/TT-BGTVT governs only the transport ministry.
    let lists = bundled();
    let bad = all_items(&lists)
        .into_iter()
        .filter(|(_, i)| {
            i.legal_basis
                .iter()
                .any(|c| doc(c) == "Thông tư 21/2016/TT-BGTVT")
        })
        .filter(|(_, i)| {
            i.legal_basis
                .iter()
                .any(|c| doc(c) == "Thông tư 21/2016/TT-BGTVT" && c.verified)
                || !i.guidance.vi.contains("tham khảo")
        })
        .map(|(n, i)| format!("{n} {}", i.id))
        .collect();
    fail_if_any("Circular 21/2016/TT-BGTVT cited as a basis", bad);
}

#[test]
fn the_checked_list_is_documented() {
    let doc = std::fs::read_to_string(root().join("docs/checklist-format.md")).expect("doc");
    assert!(
        doc.contains("checked-texts.txt"),
        "docs/checklist-format.md names the list"
    );
    assert!(Path::new(&root().join("docs/checked-texts.txt")).exists());
}

#[test]
fn a_2018_basis_has_its_2025_counterpart_unverified() {
    let pairs = [
        ("Nghị định 61/2018/NĐ-CP", "Nghị định 118/2025/NĐ-CP"),
        ("Thông tư 01/2018/TT-VPCP", "Thông tư 03/2025/TT-VPCP"),
    ];
    let lists = bundled();
    let mut bad = Vec::new();
    for (n, i) in all_items(&lists) {
        for c in &i.legal_basis {
            if pairs.iter().any(|(_, new)| doc(c) == *new) && c.verified {
                bad.push(format!("{n} {}: {} marked verified", i.id, c.document));
            }
        }
        let cites = |d: &str| i.legal_basis.iter().any(|c| doc(c) == d);
        let old = pairs.iter().any(|(old, _)| cites(old));
        let new = pairs.iter().any(|(_, new)| cites(new));
        if old && !new {
            bad.push(format!(
                "{n} {}: 2018 basis without its 2025 counterpart",
                i.id
            ));
        }
    }
    fail_if_any("2025 counterparts", bad);
}

#[test]
fn every_checklist_says_which_texts_apply_to_which_dossiers() {
    for (n, c) in bundled() {
        for (lang, text) in [
            ("vi", Some(&c.description.vi)),
            ("en", c.description.en.as_ref()),
        ] {
            let text = text.unwrap_or_else(|| panic!("{n}: no {lang} description"));
            for needle in [
                "01/07/2025",
                "15/09/2025",
                "118/2025",
                "03/2025",
                "61/2018",
                "01/2018",
            ] {
                assert!(
                    text.contains(needle),
                    "{n} ({lang}): description lacks {needle}"
                );
            }
        }
    }
    let dvc = bundled()
        .into_iter()
        .find(|(n, _)| n == "dich-vu-cong-truc-tuyen.toml")
        .expect("online services checklist");
    for needle in ["01/07/2026", "42/2022", "224/2026"] {
        assert!(
            dvc.1.description.vi.contains(needle),
            "online services: {needle}"
        );
    }
}

#[test]
fn the_checks_the_source_articles_name_exist() {
    // Fees, return of results, follow-up of the previous inspection, use of
    // digital signatures, commune centres after 01/07/2025, public post.
    let lists = bundled();
    let items = all_items(&lists);
    for id in [
        "VH-12", "VH-13", "VH-14", "VH-15", "VH-16", "VH-17", "VH-18", "VH-19", "KS-11", "KS-12",
        "KS-13",
    ] {
        let (_, i) = items
            .iter()
            .find(|(_, i)| i.id == id)
            .unwrap_or_else(|| panic!("{id} missing"));
        assert!(
            i.legal_basis.iter().any(|c| c.verified),
            "{id}: at least one basis from the texts checked"
        );
    }
}
