//! The numeric rules of two check kinds: a sampled item's sample size
//! (`sampling`) and a ratio item's threshold and direction.

use std::ops::Range;

use toml::de::DeTable;

use super::Walker;
use super::keys::SAMPLING_KEYS;
use crate::core::checklist::{CheckKind, Direction, RatioRule, SamplingRule};
use crate::core::toml_check::Val;

impl Walker<'_> {
    pub(super) fn sampling(&mut self, v: &Val<'_>) -> Option<SamplingRule> {
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

    pub(super) fn ratio(
        &mut self,
        t: &DeTable<'_>,
        span: &Range<usize>,
        what: &str,
    ) -> Option<CheckKind> {
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
