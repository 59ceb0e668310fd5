//! A register's field and value in the interface language, as the
//! conflicts pane shows them: "Kết quả: Đạt một phần", a sampled record's
//! defect labels, working days — never the stored codes.

use crate::core::checklist::{Deadline, Item};
use crate::core::finding::{Field, RawValue, display_value};
use crate::core::lang::Lang;
use crate::core::register::Value;
use crate::tui::strings::Strings;

use super::inspection::status_name;

/// The field's name: "Kết quả", "Ghi chú", "Phiếu kiểm soát HS-01" … (one
/// name for every face: [`Field::label_for`]); an unknown key as stored.
pub fn field(item: &Item, lang: Lang, key: &str) -> String {
    Field::parse(key).map_or_else(|| key.to_owned(), |f| f.label_for(item, lang))
}

/// One side's value, in words; a multi-line note keeps its lines.
pub fn value(s: &Strings, item: &Item, lang: Lang, key: &str, raw: &RawValue) -> String {
    let Some(f) = Field::parse(key) else {
        return display_value(raw);
    };
    match Value::decode(&f, raw) {
        Ok(Value::Cleared) => s.removed.into(),
        Ok(Value::Status(st)) => status_name(s, st).into(),
        Ok(Value::Text(t)) => t,
        Ok(Value::Defects(d)) if d.is_empty() => s.no_defect.into(),
        Ok(Value::Defects(d)) => {
            let label = |id: &String| {
                item.kind
                    .defects()
                    .iter()
                    .find(|x| x.id == *id)
                    .map_or_else(|| id.clone(), |x| x.label.get(lang).to_owned())
            };
            d.iter().map(label).collect::<Vec<_>>().join("; ")
        }
        Ok(Value::Ratio(r)) => format!("{}/{}", r.numerator, r.denominator),
        Ok(Value::Deadline(Deadline::Immediately)) => s.immediately.into(),
        Ok(Value::Deadline(Deadline::WorkingDays(n))) => format!("{n} {}", s.working_days),
        Ok(Value::Evidence(e)) => e.display(),
        Ok(Value::Sampling(p)) => {
            format!("{} {}, {} {}", s.population, p.population, s.seed, p.seed)
        }
        Ok(Value::Reported(r)) => format!("{}: {}", r.done_on.format("%d/%m/%Y"), r.action),
        Ok(Value::Verdict(v)) => match v.outcome {
            crate::core::followup::Outcome::Verified => "✓".into(),
            crate::core::followup::Outcome::NotAccepted => format!("✗ {}", v.reason),
        },
        // Unit and inspection fields do not appear beside an item.
        Ok(
            Value::UnitKind(_)
            | Value::Checklist { .. }
            | Value::Removed { .. }
            | Value::Finished { .. }
            | Value::Date(_),
        )
        | Err(_) => display_value(raw),
    }
}
