//! An item's check kind: the `kind` key, keys misplaced on another kind,
//! and a sampled item's record and defect types.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::DeTable;

use super::Walker;
use super::keys::{DEFECT_KEYS, KINDS, RATIO_ONLY, SAMPLED_ONLY};
use crate::core::checklist::{CheckKind, DefectType};
use crate::core::toml_check::Val;

impl Walker<'_> {
    pub(super) fn kind(
        &mut self,
        t: &DeTable<'_>,
        span: &Range<usize>,
        what: &str,
    ) -> Option<CheckKind> {
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
        let group = match t.get("sample_group") {
            None => Some(None),
            Some(v) => self.id_value(v, "sample_group").map(Some),
        };
        Some(CheckKind::Sampled {
            record: record?,
            defects: defects?,
            sampling: sampling?,
            group: group?,
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
}
