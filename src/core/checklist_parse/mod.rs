//! Checklist TOML → [`Checklist`], reporting every problem with its line and
//! column (the generic walking is `toml_check`; the checklist's own rules
//! are here).

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::checklist::{
    CheckKind, Checklist, Citation, Deadline, DefectType, Direction, Framework, Item, RatioRule,
    SamplingRule, Section, Severity, Text, UnitKind,
};
use super::diagnostic::Diagnostic;
use super::toml_check::{self, Checker, Val};

/// Checklists are a few hundred kilobytes at most; anything far larger is a
/// wrong file, refused before parsing so memory and time stay bounded.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// The checklist format version this build reads.
pub const FORMAT_VERSION: i64 = 1;

/// Parses a checklist from raw file bytes. On failure returns every
/// diagnostic found, in file order.
pub fn parse_checklist(bytes: &[u8]) -> Result<Checklist, Vec<Diagnostic>> {
    let src = decode(bytes)?;
    let root = toml_check::parse(
        src,
        "fix the TOML syntax here; strings need quotes, tables `[name]`, arrays `[a, b]`",
    )?;
    let mut w = Walker(Checker::new(src));
    let checklist = w.checklist(root.get_ref(), root.span());
    let mut diags = w.0.into_sorted();
    if diags.is_empty()
        && let Some(c) = checklist
    {
        return Ok(c);
    }
    if diags.is_empty() {
        // Walker returned None without explaining why: never leave the user without a message.
        diags.push(Diagnostic::at(
            src,
            0,
            "the checklist could not be read",
            None,
        ));
    }
    Err(diags)
}

/// Accepts UTF-8 with or without a BOM; explains everything else.
fn decode(bytes: &[u8]) -> Result<&str, Vec<Diagnostic>> {
    let single = |message: &str, hint: &str| {
        Err(vec![Diagnostic {
            line: 1,
            column: 1,
            message: message.into(),
            hint: Some(hint.into()),
        }])
    };
    if bytes.len() > MAX_FILE_BYTES {
        return single(
            &format!(
                "file is {} bytes; a checklist may be at most {} bytes",
                bytes.len(),
                MAX_FILE_BYTES
            ),
            "is this really a checklist? split very large checklists into several files",
        );
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return single(
            "file is encoded as UTF-16",
            "save the file as UTF-8 (in Notepad: Save As → Encoding: UTF-8)",
        );
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            if s.trim().is_empty() {
                return single(
                    "file is empty",
                    "a checklist needs at least `id`, `version`, `title` and one [[section]]",
                );
            }
            Ok(s)
        }
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(valid).unwrap_or("");
            let (line, column) = super::diagnostic::line_col(prefix, prefix.len());
            Err(vec![Diagnostic {
                line,
                column,
                message: "file is not valid UTF-8 (is it a binary file, or in a legacy encoding such as TCVN3/VNI?)".into(),
                hint: Some("convert the file to UTF-8 Unicode; parcheck reads only UTF-8".into()),
            }])
        }
    }
}

/// The checklist's own rules, on top of the generic TOML checker.
struct Walker<'s>(Checker<'s>);

impl<'s> std::ops::Deref for Walker<'s> {
    type Target = Checker<'s>;
    fn deref(&self) -> &Checker<'s> {
        &self.0
    }
}

impl std::ops::DerefMut for Walker<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

/// Keys allowed in each kind of table, for unknown-key detection.
const TOP_KEYS: &[&str] = &[
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
const SECTION_KEYS: &[&str] = &["id", "title", "title_en", "item"];
const ITEM_KEYS: &[&str] = &[
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
    "numerator",
    "numerator_en",
    "denominator",
    "denominator_en",
    "threshold",
    "pass_when",
];
const CITATION_KEYS: &[&str] = &["document", "article", "form", "verified"];
const DEFECT_KEYS: &[&str] = &["id", "label", "label_en"];
const SAMPLING_KEYS: &[&str] = &["min", "percent", "max"];
const SAMPLED_ONLY: &[&str] = &["record", "record_en", "defects", "sampling"];
const RATIO_ONLY: &[&str] = &[
    "numerator",
    "numerator_en",
    "denominator",
    "denominator_en",
    "threshold",
    "pass_when",
];
const KINDS: &[&str] = &["yes_no", "sampled", "ratio", "observation"];

impl Walker<'_> {
    /// A required, non-empty string.
    fn req_string(
        &mut self,
        t: &DeTable<'_>,
        span: &Range<usize>,
        key: &str,
        what: &str,
        hint: &str,
    ) -> Option<String> {
        let v = self.required(t, span, key, what, hint)?;
        self.nonempty_string(v, key, hint)
    }

    fn opt_string(&mut self, t: &DeTable<'_>, key: &str) -> Option<String> {
        let v = t.get(key)?;
        self.string_value(v, key).filter(|s| !s.trim().is_empty())
    }

    /// A required Vietnamese text `key` with its optional English `key_en`.
    fn req_text(
        &mut self,
        t: &DeTable<'_>,
        span: &Range<usize>,
        key: &str,
        what: &str,
        hint: &str,
    ) -> Option<Text> {
        let vi = self.req_string(t, span, key, what, hint);
        let en = self.opt_string(t, &format!("{key}_en"));
        vi.map(|vi| Text { vi, en })
    }

    fn opt_text(&mut self, t: &DeTable<'_>, key: &str) -> Option<Text> {
        let vi = self.opt_string(t, key);
        let en = self.opt_string(t, &format!("{key}_en"));
        vi.map(|vi| Text { vi, en })
    }

    fn id_value(&mut self, v: &Val<'_>, key: &str) -> Option<String> {
        let s = self.string_value(v, key)?;
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !ok {
            self.err(
                &v.span(),
                format!("`{key}` \"{s}\" is not a valid id"),
                "ids use ASCII letters, digits, `-`, `_` and `.` only (at most 64), e.g. \"PKS-02\"; they must never change once findings exist",
            );
            return None;
        }
        Some(s)
    }

    fn checklist(&mut self, root: &DeTable<'_>, span: Range<usize>) -> Option<Checklist> {
        let top = "the checklist header";
        self.unknown_keys(root, TOP_KEYS, top);
        if let Some(v) = root.get("format") {
            match v.get_ref().as_integer().and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok()) {
                Some(FORMAT_VERSION) => {}
                Some(n) if n > FORMAT_VERSION => self.err(
                    &v.span(),
                    format!("checklist format {n} is newer than this parcheck understands (format {FORMAT_VERSION})"),
                    "update parcheck, or ask the author for a format 1 checklist",
                ),
                _ => self.err(&v.span(), "`format` must be the integer 1", "write `format = 1` or leave it out"),
            }
        }
        let id = self
            .required(
                root,
                &span,
                "id",
                top,
                "add a stable id, e.g. id = \"phieu-kiem-soat\"",
            )
            .and_then(|v| self.id_value(v, "id"));
        let version = self.req_string(
            root,
            &span,
            "version",
            top,
            "add a version, e.g. version = \"2025.1\"; raise it whenever items change",
        );
        let title = self.req_text(
            root,
            &span,
            "title",
            top,
            "add a Vietnamese title; `title_en` is optional",
        );
        let framework = self
            .required(root, &span, "framework", top, "add framework = \"2025\" (Decree 118/2025 + Circular 03/2025) or \"2018\"")
            .and_then(|v| {
                let s = self.string_value(v, "framework")?;
                let f = Framework::ALL.iter().find(|(c, _)| *c == s).map(|(_, f)| *f);
                if f.is_none() {
                    self.err(
                        &v.span(),
                        format!("unknown framework \"{s}\""),
                        "use \"2025\" (Decree 118/2025/NĐ-CP + Circular 03/2025/TT-VPCP) or \"2018\" (Decree 61/2018/NĐ-CP + Circular 01/2018/TT-VPCP)",
                    );
                }
                f
            });
        let applies_to = self.applies_to(root, &span);
        let description = self.req_text(
            root,
            &span,
            "description",
            top,
            "add a short description of what the checklist covers",
        );
        let sections = self.sections(root, &span);
        Some(Checklist {
            id: id?,
            version: version?,
            title: title?,
            framework: framework?,
            applies_to: applies_to?,
            description: description?,
            sections: sections?,
        })
    }

    fn applies_to(&mut self, root: &DeTable<'_>, span: &Range<usize>) -> Option<Vec<UnitKind>> {
        let allowed: Vec<&str> = UnitKind::ALL.iter().map(|k| k.code()).collect();
        let hint = format!("list the kinds of unit, from: {}", allowed.join(", "));
        let v = self.required(root, span, "applies_to", "the checklist header", &hint)?;
        let arr = self.array_of(v, "applies_to", &hint)?;
        if arr.is_empty() {
            self.err(
                &v.span(),
                "`applies_to` must name at least one kind of unit",
                &hint,
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for e in arr.iter() {
            let Some(s) = self.string_value(e, "applies_to") else {
                ok = false;
                continue;
            };
            match UnitKind::from_code(&s) {
                Some(k) if !out.contains(&k) => out.push(k),
                Some(_) => {}
                None => {
                    ok = false;
                    self.err(&e.span(), format!("unknown kind of unit \"{s}\""), &hint);
                }
            }
        }
        ok.then_some(out)
    }

    fn sections(&mut self, root: &DeTable<'_>, span: &Range<usize>) -> Option<Vec<Section>> {
        let hint =
            "add at least one section: [[section]] with id and title, then [[section.item]] tables";
        let v = self.required(root, span, "section", "the checklist", hint)?;
        let arr = self.array_of(v, "section", hint)?;
        if arr.is_empty() {
            self.err(&v.span(), "the checklist has no sections", hint);
            return None;
        }
        let mut section_ids: HashMap<String, usize> = HashMap::new();
        let mut item_ids: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::new();
        let mut ok = true;
        for sv in arr.iter() {
            match self.section(sv, &mut section_ids, &mut item_ids) {
                Some(s) => out.push(s),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// Records `id` as seen, reporting a duplicate with the line of the first.
    fn unique(
        &mut self,
        seen: &mut HashMap<String, usize>,
        id: &str,
        span: &Range<usize>,
        what: &str,
    ) -> bool {
        if let Some(&first) = seen.get(id) {
            let (line, _) = super::diagnostic::line_col(self.src, first);
            self.err(
                span,
                format!("duplicate {what} id \"{id}\" (first used on line {line})"),
                format!("every {what} needs its own id; rename one of them"),
            );
            false
        } else {
            seen.insert(id.to_owned(), span.start);
            true
        }
    }

    fn section(
        &mut self,
        sv: &Val<'_>,
        section_ids: &mut HashMap<String, usize>,
        item_ids: &mut HashMap<String, usize>,
    ) -> Option<Section> {
        let what = "a section";
        let t = self.table_of(sv, "a [[section]]", "")?;
        let span = sv.span();
        self.unknown_keys(t, SECTION_KEYS, what);
        let id = self
            .required(t, &span, "id", what, "add id = \"...\" to the section")
            .and_then(|v| {
                let id = self.id_value(v, "id")?;
                self.unique(section_ids, &id, &v.span(), "section")
                    .then_some(id)
            });
        let title = self.req_text(
            t,
            &span,
            "title",
            what,
            "add a Vietnamese title to the section",
        );
        let items = match t.get("item") {
            None => {
                self.err(
                    &span,
                    "empty section: it has no items",
                    "add [[section.item]] tables after the section, or remove the section",
                );
                None
            }
            Some(v) => {
                let arr = self.array_of(v, "item", "write items as [[section.item]] tables")?;
                if arr.is_empty() {
                    self.err(
                        &v.span(),
                        "empty section: it has no items",
                        "add [[section.item]] tables, or remove the section",
                    );
                    None
                } else {
                    let mut items = Vec::new();
                    let mut ok = true;
                    for iv in arr.iter() {
                        match self.item(iv, item_ids) {
                            Some(i) => items.push(i),
                            None => ok = false,
                        }
                    }
                    ok.then_some(items)
                }
            }
        };
        Some(Section {
            id: id?,
            title: title?,
            items: items?,
        })
    }

    fn item(&mut self, iv: &Val<'_>, item_ids: &mut HashMap<String, usize>) -> Option<Item> {
        let t = self.table_of(iv, "an item", "")?;
        let span = iv.span();
        let id = self
            .required(
                t,
                &span,
                "id",
                "an item",
                "add id = \"...\" to the item, e.g. id = \"LOG-01\"",
            )
            .and_then(|v| {
                let id = self.id_value(v, "id")?;
                self.unique(item_ids, &id, &v.span(), "item").then_some(id)
            });
        let what = match &id {
            Some(id) => format!("item \"{id}\""),
            None => "an item".to_owned(),
        };
        self.unknown_keys(t, ITEM_KEYS, &what);
        let question = self.req_text(
            t,
            &span,
            "question",
            &what,
            "add the question the inspector answers",
        );
        let guidance = self.req_text(
            t,
            &span,
            "guidance",
            &what,
            "say how to check: where to look, what to sample",
        );
        let legal_basis = self.legal_basis(t, &span, &what);
        let severity = self
            .required(
                t,
                &span,
                "severity",
                &what,
                "add severity = \"high\", \"medium\" or \"low\"",
            )
            .and_then(|v| {
                let s = self.string_value(v, "severity")?;
                let sev = Severity::from_code(&s);
                if sev.is_none() {
                    self.err(
                        &v.span(),
                        format!("invalid severity \"{s}\""),
                        "severity is \"high\", \"medium\" or \"low\"",
                    );
                }
                sev
            });
        let kind = self.kind(t, &span, &what);
        let action = self.req_text(
            t,
            &span,
            "action",
            &what,
            "add the default required action for the unit",
        );
        let deadline = self.deadline(t, &span, &what);
        let evidence = self.req_text(
            t,
            &span,
            "evidence",
            &what,
            "say which evidence to collect (documents, photos, record codes)",
        );
        let responsible = self.opt_text(t, "responsible");
        let question = question?;
        let kind = kind?;
        let hash = Item::compute_hash(&question, &kind);
        Some(Item {
            id: id?,
            question,
            guidance: guidance?,
            legal_basis: legal_basis?,
            severity: severity?,
            kind,
            action: action?,
            deadline: deadline?,
            evidence: evidence?,
            responsible,
            hash,
        })
    }

    fn deadline(&mut self, t: &DeTable<'_>, span: &Range<usize>, what: &str) -> Option<Deadline> {
        let hint = format!(
            "deadline is a number of working days from 1 to {}, or \"immediately\"",
            Deadline::MAX_WORKING_DAYS
        );
        let v = self.required(t, span, "deadline", what, &hint)?;
        let d = match v.get_ref() {
            DeValue::String(s) => Deadline::from_code(s).filter(|d| *d == Deadline::Immediately),
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| (1..=Deadline::MAX_WORKING_DAYS).contains(n))
                .map(Deadline::WorkingDays),
            _ => None,
        };
        if d.is_none() {
            let shown = self.src.get(v.span()).unwrap_or("?").to_owned();
            self.err(&v.span(), format!("invalid deadline {shown}"), &hint);
        }
        d
    }

    fn legal_basis(
        &mut self,
        t: &DeTable<'_>,
        span: &Range<usize>,
        what: &str,
    ) -> Option<Vec<Citation>> {
        let hint = "cite at least one document: legal_basis = [{ document = \"Nghị định 61/2018/NĐ-CP\", article = \"Điều 18\" }]";
        let v = self.required(t, span, "legal_basis", what, hint)?;
        let arr = self.array_of(v, "legal_basis", hint)?;
        if arr.is_empty() {
            self.err(&v.span(), format!("{what} cites no legal basis"), hint);
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for cv in arr.iter() {
            let Some(ct) = self.table_of(cv, "a legal_basis entry", "") else {
                ok = false;
                continue;
            };
            let cspan = cv.span();
            self.unknown_keys(ct, CITATION_KEYS, "a legal_basis entry");
            let document = self.req_string(
                ct,
                &cspan,
                "document",
                "a legal_basis entry",
                "name the document, e.g. \"Thông tư 01/2018/TT-VPCP\"",
            );
            let article = self.opt_string(ct, "article");
            let form = self.opt_string(ct, "form");
            let verified = match ct.get("verified") {
                None => Some(true),
                Some(v) => {
                    let b = v.get_ref().as_bool();
                    if b.is_none() {
                        self.err(&v.span(), "`verified` must be true or false", "write verified = false for a citation not checked against the official text");
                    }
                    b
                }
            };
            match (document, verified) {
                (Some(document), Some(verified)) => out.push(Citation {
                    document,
                    article,
                    form,
                    verified,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn kind(&mut self, t: &DeTable<'_>, span: &Range<usize>, what: &str) -> Option<CheckKind> {
        let hint = format!("kind is one of: {}", KINDS.join(", "));
        let v = self.required(t, span, "kind", what, &hint)?;
        let k = self.string_value(v, "kind")?;
        if !KINDS.contains(&k.as_str()) {
            self.err(&v.span(), format!("invalid kind \"{k}\""), &hint);
            return None;
        }
        // Keys that belong to another kind are mistakes, not decoration.
        for (key, val) in t.iter() {
            let name: &str = key.get_ref();
            let misplaced = (SAMPLED_ONLY.contains(&name) && k != "sampled")
                || (RATIO_ONLY.contains(&name) && k != "ratio");
            if misplaced {
                let owner = if SAMPLED_ONLY.contains(&name) {
                    "sampled"
                } else {
                    "ratio"
                };
                self.err(
                    &key.span(),
                    format!(
                        "`{name}` only applies to kind = \"{owner}\", but this item is \"{k}\""
                    ),
                    format!("remove `{name}`, or change the kind to \"{owner}\""),
                );
                let _ = val;
            }
        }
        match k.as_str() {
            "yes_no" => Some(CheckKind::YesNo),
            "observation" => Some(CheckKind::Observation),
            "sampled" => self.sampled(t, span, what),
            _ => self.ratio(t, span, what),
        }
    }

    fn sampled(&mut self, t: &DeTable<'_>, span: &Range<usize>, what: &str) -> Option<CheckKind> {
        let record = self.req_text(
            t,
            span,
            "record",
            what,
            "say what a sampled record is, e.g. record = \"phiếu kiểm soát\"",
        );
        let hint = "a sampled item lists its defect types: defects = [{ id = \"no-time\", label = \"Thiếu giờ giao\" }]";
        let defects = match t.get("defects") {
            None => {
                self.err(span, format!("sampled {what} has no defect types"), hint);
                None
            }
            Some(v) => self.defects(v, what, hint),
        };
        let sampling = match t.get("sampling") {
            None => Some(None),
            Some(v) => self.sampling(v).map(Some),
        };
        Some(CheckKind::Sampled {
            record: record?,
            defects: defects?,
            sampling: sampling?,
        })
    }

    fn defects(&mut self, v: &Val<'_>, what: &str, hint: &str) -> Option<Vec<DefectType>> {
        let arr = self.array_of(v, "defects", hint)?;
        if arr.is_empty() {
            self.err(
                &v.span(),
                format!("sampled {what} has no defect types"),
                hint,
            );
            return None;
        }
        if arr.len() > 9 {
            self.err(
                &v.span(),
                "at most 9 defect types per item",
                "the sample editor toggles defects with keys 1–9; split the item",
            );
            return None;
        }
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        let mut ok = true;
        for dv in arr.iter() {
            let Some(dt) = self.table_of(dv, "a defect type", "") else {
                ok = false;
                continue;
            };
            let dspan = dv.span();
            self.unknown_keys(dt, DEFECT_KEYS, "a defect type");
            let id = self
                .required(dt, &dspan, "id", "a defect type", "add id = \"...\"")
                .and_then(|v| {
                    let id = self.id_value(v, "id")?;
                    self.unique(&mut seen, &id, &v.span(), "defect type")
                        .then_some(id)
                });
            let label = self.req_text(
                dt,
                &dspan,
                "label",
                "a defect type",
                "add a Vietnamese label",
            );
            match (id, label) {
                (Some(id), Some(label)) => out.push(DefectType { id, label }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn number(&mut self, v: &Val<'_>, key: &str) -> Option<f64> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() => Some(n),
            _ => {
                self.err(&v.span(), format!("`{key}` must be a number"), "");
                None
            }
        }
    }

    fn sampling(&mut self, v: &Val<'_>) -> Option<SamplingRule> {
        let hint = "sampling = { min = 5, percent = 10, max = 30 } samples max(min, percent % of the population), at most max";
        let t = self.table_of(v, "`sampling`", "")?;
        let span = v.span();
        self.unknown_keys(t, SAMPLING_KEYS, "`sampling`");
        let count = |w: &mut Self, key: &str| -> Option<u32> {
            let v = w.required(t, &span, key, "`sampling`", hint)?;
            let n = w.number(v, key)?;
            if n.fract() != 0.0 || !(0.0..=100_000.0).contains(&n) {
                w.err(
                    &v.span(),
                    format!("`{key}` must be a whole number from 0 to 100000"),
                    hint,
                );
                return None;
            }
            Some(n as u32)
        };
        let min = count(self, "min");
        let max = count(self, "max");
        let percent = self
            .required(t, &span, "percent", "`sampling`", hint)
            .and_then(|pv| {
                let p = self.number(pv, "percent")?;
                if !(0.0..=100.0).contains(&p) {
                    self.err(
                        &pv.span(),
                        format!("sampling percent {p} is outside 0–100 %"),
                        hint,
                    );
                    return None;
                }
                Some(p)
            });
        let (min, max, percent) = (min?, max?, percent?);
        if max == 0 || min > max {
            self.err(
                &span,
                format!(
                    "sampling min ({min}) must not exceed max ({max}), and max must be at least 1"
                ),
                hint,
            );
            return None;
        }
        Some(SamplingRule { min, percent, max })
    }

    fn ratio(&mut self, t: &DeTable<'_>, span: &Range<usize>, what: &str) -> Option<CheckKind> {
        let numerator = self.req_text(
            t,
            span,
            "numerator",
            what,
            "say what is counted, e.g. numerator = \"Hồ sơ trực tuyến\"",
        );
        let denominator = self.req_text(
            t,
            span,
            "denominator",
            what,
            "say what it is divided by, e.g. denominator = \"Tổng số hồ sơ\"",
        );
        let threshold = self
            .required(
                t,
                span,
                "threshold",
                what,
                "add threshold = <percent that passes>, from 0 to 100",
            )
            .and_then(|v| {
                let n = self.number(v, "threshold")?;
                if !(0.0..=100.0).contains(&n) {
                    self.err(
                        &v.span(),
                        format!("threshold {n} is outside 0–100 %"),
                        "the threshold is a percentage, e.g. threshold = 30 for 30 %",
                    );
                    return None;
                }
                Some(n)
            });
        let pass_when = match t.get("pass_when") {
            None => Some(Direction::AtLeast),
            Some(v) => {
                let s = self.string_value(v, "pass_when")?;
                match s.as_str() {
                    "at_least" => Some(Direction::AtLeast),
                    "at_most" => Some(Direction::AtMost),
                    _ => {
                        self.err(
                            &v.span(),
                            format!("invalid pass_when \"{s}\""),
                            "pass_when is \"at_least\" (default) or \"at_most\"",
                        );
                        None
                    }
                }
            }
        };
        Some(CheckKind::Ratio(RatioRule {
            numerator: numerator?,
            denominator: denominator?,
            threshold: threshold?,
            pass_when: pass_when?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
id = "demo"
version = "1"
title = "Thử"
framework = "2025"
applies_to = ["commune_pc"]
description = "Mô tả"

[[section]]
id = "s1"
title = "Phần 1"

[[section.item]]
id = "A-01"
question = "Có sổ không?"
guidance = "Xem sổ"
legal_basis = [{ document = "Thông tư 01/2018/TT-VPCP", article = "Điều 10" }]
severity = "high"
kind = "yes_no"
action = "Lập sổ"
deadline = 15
evidence = "Ảnh chụp sổ"
"#;

    fn errors(src: &str) -> Vec<Diagnostic> {
        parse_checklist(src.as_bytes()).expect_err("expected errors")
    }

    #[test]
    fn minimal_checklist_parses() {
        let c = parse_checklist(MINIMAL.as_bytes()).unwrap();
        assert_eq!(c.id, "demo");
        assert_eq!(c.item_count(), 1);
        assert_eq!(c.sections[0].items[0].deadline, Deadline::WorkingDays(15));
    }

    #[test]
    fn unknown_key_gets_a_suggestion_at_its_position() {
        let src = MINIMAL.replace("severity = \"high\"", "severty = \"high\"");
        let e = errors(&src);
        let unknown = e
            .iter()
            .find(|d| d.message.contains("unknown key `severty`"))
            .unwrap();
        assert_eq!(unknown.hint.as_deref(), Some("did you mean `severity`?"));
        let line = src.lines().position(|l| l.starts_with("severty")).unwrap() + 1;
        assert_eq!((unknown.line, unknown.column), (line, 1));
        // The missing `severity` is reported too: every error, not just the first.
        assert!(
            e.iter()
                .any(|d| d.message.contains("missing required key `severity`"))
        );
    }

    #[test]
    fn text_is_normalised_to_nfc() {
        let src = MINIMAL.replace("Có sổ không?", "Co\u{0301} sô\u{0309} không?");
        let c = parse_checklist(src.as_bytes()).unwrap();
        assert_eq!(c.sections[0].items[0].question.vi, "Có sổ không?");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(MINIMAL.replace('\n', "\r\n").as_bytes());
        assert!(parse_checklist(&bytes).is_ok());
    }

    #[test]
    fn hostile_bytes_are_errors_not_panics() {
        for input in [
            &b""[..],
            b"\0\0\0",
            b"\xff\xfei\x00d\x00",
            b"\x89PNG\r\n\x1a\n\0\0",
            b"id = \"x\0\"",
            b"a = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        ] {
            let e = parse_checklist(input).expect_err("must fail");
            assert!(!e.is_empty());
        }
        let deep = format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_checklist(deep.as_bytes()).is_err());
    }
}
