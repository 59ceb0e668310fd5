//! An item's legal basis: the documents (and articles or forms) it cites,
//! each verified against the official text unless marked otherwise.

use std::ops::Range;

use toml::de::DeTable;

use super::Walker;
use super::keys::CITATION_KEYS;
use crate::core::checklist::Citation;

impl Walker<'_> {
    pub(super) fn legal_basis(
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
}
