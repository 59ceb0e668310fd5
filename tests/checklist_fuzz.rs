//! The loader never panics, whatever it is given.

use parcheck::core::checklist_parse::parse_checklist;
use proptest::prelude::*;

const DEMO: &str = include_str!("fixtures/checklists/valid/demo.toml");

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse_checklist(&bytes);
    }

    #[test]
    fn mutated_checklists_never_panic(pos in 0usize..DEMO.len(), len in 0usize..40, insert in ".{0,12}") {
        let mut s = DEMO.as_bytes().to_vec();
        let end = (pos + len).min(s.len());
        s.splice(pos..end, insert.bytes());
        if let Err(diags) = parse_checklist(&s) {
            prop_assert!(!diags.is_empty());
            for d in diags {
                prop_assert!(d.line >= 1 && d.column >= 1);
            }
        }
    }

    #[test]
    fn arbitrary_valid_toml_never_panics(v in arb_toml()) {
        let text = toml::to_string(&v).unwrap_or_default();
        let _ = parse_checklist(text.as_bytes());
    }
}

/// Arbitrary TOML documents whose keys are often the checklist's own keys,
/// so the walker's type checks are exercised.
fn arb_toml() -> impl Strategy<Value = toml::Table> {
    let key = prop_oneof![
        Just("id".to_owned()),
        Just("version".to_owned()),
        Just("title".to_owned()),
        Just("framework".to_owned()),
        Just("applies_to".to_owned()),
        Just("section".to_owned()),
        Just("item".to_owned()),
        Just("kind".to_owned()),
        Just("defects".to_owned()),
        Just("sampling".to_owned()),
        Just("threshold".to_owned()),
        Just("deadline".to_owned()),
        Just("legal_basis".to_owned()),
        Just("severity".to_owned()),
        "[a-z_]{1,8}",
    ];
    let leaf = prop_oneof![
        any::<i64>().prop_map(toml::Value::Integer),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(toml::Value::Float),
        any::<bool>().prop_map(toml::Value::Boolean),
        ".{0,10}".prop_map(toml::Value::String),
        prop_oneof![
            Just("sampled"),
            Just("ratio"),
            Just("yes_no"),
            Just("high"),
            Just("2025"),
            Just("immediately")
        ]
        .prop_map(|s| toml::Value::String(s.to_owned())),
    ];
    let value = leaf.prop_recursive(4, 64, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(toml::Value::Array),
            proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..5)
                .prop_map(|m| toml::Value::Table(m.into_iter().collect())),
        ]
    });
    proptest::collection::btree_map(key, value, 0..8).prop_map(|m| m.into_iter().collect())
}

#[test]
fn large_files_are_bounded() {
    // Just under the cap: parsed, with a clear error rather than a hang.
    let mut big = String::from(DEMO);
    while big.len() < 7 * 1024 * 1024 {
        big.push_str(
            "# một dòng chú thích rất dài để làm tệp lớn hơn, không có nội dung gì khác\n",
        );
    }
    big.push_str("x = [");
    let errs = parse_checklist(big.as_bytes()).expect_err("unterminated array");
    assert!(
        errs[0].line > 50_000,
        "error located near the end: {:?}",
        errs[0]
    );
    // Over the cap: refused before parsing.
    let huge = vec![b'#'; parcheck::core::checklist_parse::MAX_FILE_BYTES + 1];
    let errs = parse_checklist(&huge).expect_err("too large");
    assert!(errs[0].message.contains("at most"), "{:?}", errs[0]);
}

#[test]
fn deeply_nested_arrays_are_an_error_not_a_crash() {
    let deep = format!("id = {}{}", "[".repeat(50_000), "]".repeat(50_000));
    let deep_tables = format!("id = {}1{}", "{a = ".repeat(5_000), "}".repeat(5_000));
    for text in [deep, deep_tables] {
        let errs = parse_checklist(text.as_bytes()).expect_err("too deep");
        // One syntax error on the only line, where the nesting gives out.
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].line, 1, "{errs:?}");
        assert!(
            errs[0].message.starts_with("TOML syntax error: "),
            "{errs:?}"
        );
    }
}
