//! Sections and their items: ids unique across the checklist, the fields
//! every item has, and the deadline.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::Walker;
use super::keys::{ITEM_KEYS, SECTION_KEYS};
use crate::core::checklist::{Deadline, Item, Section, Severity};
use crate::core::toml_check::Val;

impl Walker<'_> {
    pub(super) fn sections(
        &mut self,
        root: &DeTable<'_>,
        span: &Range<usize>,
    ) -> Option<Vec<Section>> {
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
}
