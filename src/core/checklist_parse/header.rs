//! The checklist header: format, id, version, title, framework, the kinds
//! of unit it applies to and its description; the sections follow.

use std::ops::Range;

use toml::de::DeTable;

use super::keys::TOP_KEYS;
use super::{FORMAT_VERSION, Walker};
use crate::core::checklist::{Checklist, Framework, UnitKind};

impl Walker<'_> {
    pub(super) fn checklist(
        &mut self,
        root: &DeTable<'_>,
        span: Range<usize>,
    ) -> Option<Checklist> {
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
}
