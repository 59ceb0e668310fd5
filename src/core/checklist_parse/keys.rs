//! The keys each kind of checklist table allows, for unknown-key detection,
//! and the keys that belong to one check kind only.

/// Keys allowed in each kind of table, for unknown-key detection.
pub(super) const TOP_KEYS: &[&str] = &[
    "format",
    "id",
    "version",
    "title",
    "title_en",
    "framework",
    "applies_to",
    "description",
    "description_en",
    "section",
];
pub(super) const SECTION_KEYS: &[&str] = &["id", "title", "title_en", "item"];
pub(super) const ITEM_KEYS: &[&str] = &[
    "id",
    "question",
    "question_en",
    "guidance",
    "guidance_en",
    "legal_basis",
    "severity",
    "kind",
    "action",
    "action_en",
    "deadline",
    "evidence",
    "evidence_en",
    "responsible",
    "responsible_en",
    "record",
    "record_en",
    "defects",
    "sampling",
    "sample_group",
    "numerator",
    "numerator_en",
    "denominator",
    "denominator_en",
    "threshold",
    "pass_when",
];
pub(super) const CITATION_KEYS: &[&str] = &["document", "article", "form", "verified"];
pub(super) const DEFECT_KEYS: &[&str] = &["id", "label", "label_en"];
pub(super) const SAMPLING_KEYS: &[&str] = &["min", "percent", "max"];
pub(super) const SAMPLED_ONLY: &[&str] =
    &["record", "record_en", "defects", "sampling", "sample_group"];
pub(super) const RATIO_ONLY: &[&str] = &[
    "numerator",
    "numerator_en",
    "denominator",
    "denominator_en",
    "threshold",
    "pass_when",
];
pub(super) const KINDS: &[&str] = &["yes_no", "sampled", "ratio", "observation"];
