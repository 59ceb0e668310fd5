//! When a document is still a draft: the points the team must settle
//! before it can be issued, each with how to settle it. The same list
//! makes the draft's annex and `--final`'s refusal.

use crate::core::finding::Field;
use crate::core::lang::Lang;
use crate::core::text::lower_first;

use super::issuer::{Detail, Issuer};
use super::model::UnitReport;

/// Which document of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Biên bản kiểm tra, signed on site.
    Minutes,
    /// Thông báo kết luận kiểm tra, issued afterwards.
    Notice,
}

/// One point that keeps a document a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Items whose findings the inspectors recorded differently:
    /// (item, field key, the authors of the sides).
    Conflicts(Vec<(String, String, Vec<String>)>),
    /// Statuses that contradict their recorded sample or ratio: (item, why).
    Inconsistent(Vec<(String, String)>),
    /// Deadlines counted on holiday schedules not yet confirmed.
    UnconfirmedHolidays(Vec<i32>),
    /// Issuing details left blank.
    Blank(Vec<Detail>),
}

/// A register's field in words, mid-sentence, for the team's annex; an
/// unknown key as stored.
fn field_words(lang: Lang, key: &str) -> String {
    Field::parse(key).map_or_else(|| key.to_owned(), |f| lower_first(&f.label(lang)))
}

impl Reason {
    /// What is not settled, in words.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::Conflicts(list), _) => {
                let items: Vec<String> = list
                    .iter()
                    .map(|(item, field, who)| {
                        format!("{item} ({}: {})", field_words(lang, field), who.join(" / "))
                    })
                    .collect();
                match lang {
                    Lang::Vi => format!(
                        "Kết quả ghi nhận chưa thống nhất giữa các thành viên đoàn: {}.",
                        items.join("; ")
                    ),
                    Lang::En => format!(
                        "The team members recorded different findings: {}.",
                        items.join("; ")
                    ),
                }
            }
            (Reason::Inconsistent(list), _) => {
                let items: Vec<String> =
                    list.iter().map(|(i, why)| format!("{i}: {why}")).collect();
                match lang {
                    Lang::Vi => format!(
                        "Kết quả mâu thuẫn với dữ liệu đã ghi nhận: {}.",
                        items.join("; ")
                    ),
                    Lang::En => format!(
                        "Results contradict the recorded data: {}.",
                        items.join("; ")
                    ),
                }
            }
            (Reason::UnconfirmedHolidays(years), _) => {
                let y: Vec<String> = years.iter().map(i32::to_string).collect();
                match lang {
                    Lang::Vi => format!(
                        "Thời hạn được tính theo lịch nghỉ lễ, Tết năm {} chưa được đối chiếu với thông báo chính thức.",
                        y.join(", ")
                    ),
                    Lang::En => format!(
                        "Deadlines are counted on the holiday schedule of {}, not yet checked against the official announcement.",
                        y.join(", ")
                    ),
                }
            }
            (Reason::Blank(details), _) => {
                let k: Vec<&str> = details.iter().map(|d| d.key()).collect();
                match lang {
                    Lang::Vi => format!("Thông tin ban hành còn để trống: {}.", k.join(", ")),
                    Lang::En => format!("Issuing details left blank: {}.", k.join(", ")),
                }
            }
        }
    }

    /// How to settle it.
    pub fn settle(&self, lang: Lang, unit: &str) -> String {
        match (self, lang) {
            (Reason::Conflicts(list), Lang::Vi) => format!(
                "Xem bằng `parcheck conflicts`, rồi thống nhất từng nội dung bằng `parcheck resolve --unit {unit} --item {} --field …` (hoặc phím c trên màn hình kiểm tra).",
                list.first().map_or("…", |c| c.0.as_str())
            ),
            (Reason::Conflicts(list), Lang::En) => format!(
                "List them with `parcheck conflicts`, then settle each with `parcheck resolve --unit {unit} --item {} --field …` (or the c key on the inspection screen).",
                list.first().map_or("…", |c| c.0.as_str())
            ),
            (Reason::Inconsistent(_), Lang::Vi) => format!(
                "Sửa kết quả hoặc mẫu, tỷ lệ đã ghi cho khớp (parcheck record --unit {unit} --item … --status …, hoặc trên màn hình kiểm tra)."
            ),
            (Reason::Inconsistent(_), Lang::En) => format!(
                "Correct the status or the recorded sample or ratio so they agree (parcheck record --unit {unit} --item … --status …, or on the inspection screen)."
            ),
            (Reason::UnconfirmedHolidays(_), Lang::Vi) => "Khi có thông báo chính thức, bổ sung lịch nghỉ đã đối chiếu (confirmed = true) bằng --holidays FILE (xem docs/working-days.md).".into(),
            (Reason::UnconfirmedHolidays(_), Lang::En) => "Once the official schedule is out, add it checked (confirmed = true) with --holidays FILE (see docs/working-days.md).".into(),
            (Reason::Blank(_), Lang::Vi) => "Điền các mục này trong tệp thông tin đoàn (--team FILE) hoặc mục [issuer] của tệp cấu hình (xem docs/documents.md).".into(),
            (Reason::Blank(_), Lang::En) => "Fill them in the team file (--team FILE) or the [issuer] section of the configuration (see docs/documents.md).".into(),
        }
    }
}

/// Every point that keeps `kind` of this report a draft.
pub fn reasons(r: &UnitReport, issuer: &Issuer, kind: Kind) -> Vec<Reason> {
    let mut out = Vec::new();
    let mut conflicts = Vec::new();
    for it in &r.remediation {
        for c in &it.conflicts {
            conflicts.push((it.item.clone(), c.field.clone(), authors(&c.sides)));
        }
    }
    for (item, c) in &r.other_conflicts {
        conflicts.push((item.clone(), c.field.clone(), authors(&c.sides)));
    }
    if !conflicts.is_empty() {
        out.push(Reason::Conflicts(conflicts));
    }
    if !r.inconsistent.is_empty() {
        out.push(Reason::Inconsistent(r.inconsistent.clone()));
    }
    let years: Vec<i32> = r
        .schedules
        .iter()
        .filter(|s| !s.confirmed)
        .map(|s| s.year)
        .collect();
    if !years.is_empty() {
        out.push(Reason::UnconfirmedHolidays(years));
    }
    let blank = match kind {
        Kind::Notice => issuer.missing_for_notice(),
        Kind::Minutes => issuer.missing_for_minutes(),
    };
    if !blank.is_empty() {
        out.push(Reason::Blank(blank));
    }
    out
}

fn authors(sides: &[(String, String)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (a, _) in sides {
        if !out.contains(a) {
            out.push(a.clone());
        }
    }
    out
}
