//! The follow-up report (`report --all --followup`) in every format: the
//! document (Word, HTML, Markdown) in the layout of the notices, a workbook
//! of two sheets, CSV and JSON. Each only lays out
//! [`model::FollowupReport`](super::model::FollowupReport).

use std::io::Write;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use serde::Serialize;

use super::clean;
use super::compose::{number, or_blank, t};
use super::csv::{BOM, cell};
use super::document::{Block, Document, Signature, Table, date_text, place_date};
use super::issuer::Issuer;
use super::model::{FollowupCounts, FollowupLine, FollowupReport};
use crate::core::followup::days_left_text;
use crate::core::lang::Lang;

/// The column names of the per-unit table, in every format.
fn count_headers(lang: Lang) -> [String; 7] {
    [
        t(lang, "Số nội dung phải khắc phục", "Items to remedy"),
        super::strings::still_to_remedy(lang).to_owned(),
        super::strings::of_which_overdue(lang).to_owned(),
        t(
            lang,
            "Trong đó không được chấp nhận",
            "Of which not accepted",
        ),
        t(lang, "Đã báo cáo, chờ xác minh", "Reported, to verify"),
        t(lang, "Đã xác minh", "Verified"),
        t(lang, "Tỷ lệ đã khắc phục", "Share remedied"),
    ]
}

/// The figures under the first six headers. "Still to remedy" counts what
/// the unit has to act on: the open items and those not accepted (which
/// the next column singles out, as "overdue" does).
fn count_figures(c: &FollowupCounts) -> [usize; 6] {
    [
        c.items,
        c.open + c.not_accepted,
        c.overdue,
        c.not_accepted,
        c.reported,
        c.verified,
    ]
}

fn count_cells(lang: Lang, c: &FollowupCounts) -> Vec<String> {
    let mut cells: Vec<String> = count_figures(c).iter().map(usize::to_string).collect();
    cells.push(remedied_share(lang, c));
    cells
}

/// Verified items as a share of all, "62,5 %" (a dash when none).
fn remedied_share(lang: Lang, c: &FollowupCounts) -> String {
    let share = super::model::permille(c.verified as u32, c.items as u32);
    super::document::percent(lang, share)
}

fn campaign_word(lang: Lang) -> String {
    t(lang, "đợt", "campaign")
}

/// One overdue or reported item as a numbered paragraph.
fn item_para(lang: Lang, n: usize, l: &FollowupLine) -> Block {
    let mut text = format!(
        "{n}. {} ({} {} {}): {}",
        l.shown_unit(),
        t(lang, "mục", "item"),
        l.checklist,
        l.item,
        l.question.trim_end_matches(['.', ';'])
    );
    if !l.action.trim().is_empty() {
        text.push_str(&format!(
            " — {}: {}",
            t(lang, "yêu cầu", "required"),
            l.action.trim().trim_end_matches('.')
        ));
    }
    text.push_str(&format!("; {} {}", t(lang, "hạn", "due"), date_text(l.due)));
    if let Some(d) = l.working_days_overdue {
        text.push_str(&format!(", {}", days_left_text(-d, lang)));
    }
    if let Some(on) = l.reported_on {
        text.push_str(&format!(
            "; {} {}",
            t(
                lang,
                "đơn vị báo đã khắc phục ngày",
                "the unit reported it done on"
            ),
            date_text(on)
        ));
    }
    text.push('.');
    Block::para(text)
}

fn items_part(lang: Lang, lines: &[FollowupLine]) -> Vec<Block> {
    if lines.is_empty() {
        return vec![Block::para(t(lang, "Không có.", "None."))];
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| item_para(lang, i + 1, l))
        .collect()
}

/// The report as a document, dated `date`, in the notices' layout.
pub fn document(r: &FollowupReport, issuer: &Issuer, date: NaiveDate) -> Document {
    let lang = r.lang;
    let mut rows: Vec<Vec<String>> = r
        .units
        .iter()
        .map(|u| {
            let mut row = vec![u.shown().to_owned(), u.campaign.clone()];
            row.extend(count_cells(lang, &u.counts));
            row
        })
        .collect();
    let mut total = vec![t(lang, "Tổng", "Total"), String::new()];
    total.extend(count_cells(lang, &r.totals));
    rows.push(total);
    let mut header = vec![t(lang, "Đơn vị", "Unit"), t(lang, "Đợt", "Campaign")];
    header.extend(count_headers(lang));
    let mut blocks = vec![
        Block::para(format!(
            "{} {}; {}",
            t(lang, "Số liệu tính đến ngày", "Figures as of"),
            date_text(r.as_of),
            t(
                lang,
                "thời hạn khắc phục tính theo ngày làm việc kể từ ngày thông báo kết luận kiểm tra.",
                "deadlines count in working days from the conclusion notice."
            )
        )),
        Block::Heading(t(
            lang,
            "I. TÌNH HÌNH KHẮC PHỤC THEO ĐƠN VỊ",
            "I. REMEDIATION BY UNIT",
        )),
        Block::Table(Table {
            widths: vec![22, 8, 11, 10, 10, 11, 9, 9, 10],
            numeric: vec![false, false, true, true, true, true, true, true, true],
            header,
            rows,
        }),
        Block::Heading(t(
            lang,
            "II. CÁC NỘI DUNG QUÁ HẠN CHƯA KHẮC PHỤC",
            "II. OVERDUE ITEMS",
        )),
    ];
    blocks.extend(items_part(lang, &r.overdue));
    blocks.push(Block::Heading(t(
        lang,
        "III. CÁC NỘI DUNG ĐƠN VỊ ĐÃ BÁO CÁO, CHỜ XÁC MINH",
        "III. ITEMS REPORTED DONE, AWAITING VERIFICATION",
    )));
    blocks.extend(items_part(lang, &r.awaiting_verification));
    Document {
        lang,
        title: t(
            lang,
            "Kết quả theo dõi khắc phục sau kiểm tra cải cách hành chính",
            "Follow-up of the administrative reform inspection",
        ),
        author: issuer
            .body
            .clone()
            .filter(|x| !x.is_empty())
            .unwrap_or_else(|| t(lang, "Đoàn kiểm tra", "Inspection team")),
        date,
        draft: false,
        superior_body: issuer.superior_body.clone().filter(|x| !x.is_empty()),
        body: or_blank(&issuer.body),
        number: number(lang, &None),
        place_date: place_date(lang, issuer.place.as_deref(), date),
        kind: t(lang, "BÁO CÁO", "REPORT"),
        subject: t(
            lang,
            "Kết quả theo dõi, đôn đốc việc khắc phục tồn tại, hạn chế sau kiểm tra công tác cải cách hành chính",
            "Follow-up of the shortcomings found by the administrative reform inspection",
        ),
        basis: Vec::new(),
        blocks,
        signatures: vec![Signature {
            lines: vec![t(lang, "TRƯỞNG ĐOÀN", "TEAM LEADER")],
            hint: None,
            name: or_blank(&issuer.team_leader),
        }],
        recipients: None,
        annex: None,
    }
}

/// The item columns of the workbook's item sheets and of the CSV.
fn line_headers(lang: Lang) -> [String; 10] {
    [
        t(lang, "Đơn vị (mã)", "Unit code"),
        t(lang, "Đơn vị", "Unit"),
        campaign_word(lang),
        t(lang, "Danh mục", "Checklist"),
        t(lang, "Mục", "Item"),
        t(lang, "Nội dung", "Question"),
        t(lang, "Yêu cầu khắc phục", "Action required"),
        t(lang, "Hạn", "Due"),
        t(lang, "Tình trạng", "State"),
        t(lang, "Số ngày làm việc quá hạn", "Working days overdue"),
    ]
}

/// The workbook: the per-unit table, then the overdue items and those
/// awaiting verification, each on its own sheet with a frozen header.
pub fn xlsx(r: &FollowupReport) -> Result<Vec<u8>, XlsxError> {
    let lang = r.lang;
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let body = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let date = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let bold = body.clone().set_bold();

    let mut units = Worksheet::new();
    units.set_name(t(lang, "Theo đơn vị", "By unit"))?;
    let mut header = vec![
        t(lang, "Đơn vị (mã)", "Unit code"),
        t(lang, "Đơn vị", "Unit"),
        campaign_word(lang),
    ];
    header.extend(count_headers(lang));
    for (c, h) in header.iter().enumerate() {
        units.write_string_with_format(0, c as u16, h, &head)?;
        units.set_column_width(c as u16, if c < 2 { 28 } else { 13 })?;
    }
    let mut row = 1u32;
    for u in &r.units {
        units.write_string_with_format(row, 0, clean(&u.unit), &body)?;
        units.write_string_with_format(row, 1, clean(&u.unit_name), &body)?;
        units.write_string_with_format(row, 2, clean(&u.campaign), &body)?;
        for (i, n) in count_figures(&u.counts).iter().enumerate() {
            units.write_number_with_format(row, 3 + i as u16, *n as f64, &body)?;
        }
        units.write_string_with_format(row, 9, remedied_share(lang, &u.counts), &body)?;
        row += 1;
    }
    units.write_string_with_format(row, 0, t(lang, "Tổng", "Total"), &bold)?;
    for (i, n) in count_figures(&r.totals).iter().enumerate() {
        units.write_number_with_format(row, 3 + i as u16, *n as f64, &bold)?;
    }
    units.write_string_with_format(row, 9, remedied_share(lang, &r.totals), &bold)?;
    units.set_freeze_panes(1, 0)?;

    let mut book = Workbook::new();
    book.push_worksheet(units);
    for (name, lines) in [
        (t(lang, "Quá hạn", "Overdue"), &r.overdue),
        (
            t(lang, "Chờ xác minh", "Awaiting verification"),
            &r.awaiting_verification,
        ),
    ] {
        let mut s = Worksheet::new();
        s.set_name(name)?;
        for (c, h) in line_headers(lang).iter().enumerate() {
            s.write_string_with_format(0, c as u16, h, &head)?;
            let width = match c {
                5 | 6 => 40,
                1 => 26,
                _ => 13,
            };
            s.set_column_width(c as u16, width)?;
        }
        for (i, l) in lines.iter().enumerate() {
            let row = i as u32 + 1;
            for (c, v) in [
                &l.unit,
                &l.unit_name,
                &l.campaign,
                &l.checklist,
                &l.item,
                &l.question,
                &l.action,
            ]
            .into_iter()
            .enumerate()
            {
                s.write_string_with_format(row, c as u16, clean(v), &body)?;
            }
            s.write_datetime_with_format(row, 7, l.due, &date)?;
            s.write_string_with_format(row, 8, l.state.label(lang), &body)?;
            match l.working_days_overdue {
                Some(d) => s.write_number_with_format(row, 9, d as f64, &body)?,
                None => s.write_blank(row, 9, &body)?,
            };
        }
        s.set_freeze_panes(1, 0)?;
        book.push_worksheet(s);
    }
    book.save_to_buffer()
}

/// CSV: one row per unit and campaign, then the total (`level` says which),
/// in the interface language's headers, as the register's CSV.
pub fn csv<W: Write>(r: &FollowupReport, mut out: W) -> csv::Result<()> {
    let lang = r.lang;
    out.write_all(BOM)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let mut header = vec![
        t(lang, "Cấp", "Level"),
        t(lang, "Đơn vị (mã)", "Unit code"),
        t(lang, "Đơn vị", "Unit"),
        campaign_word(lang),
    ];
    header.extend(count_headers(lang));
    w.write_record(&header)?;
    for u in &r.units {
        let mut rec = vec![
            t(lang, "đơn vị", "unit"),
            cell(&u.unit),
            cell(&u.unit_name),
            cell(&u.campaign),
        ];
        rec.extend(count_cells(lang, &u.counts));
        w.write_record(&rec)?;
    }
    let mut rec = vec![
        t(lang, "tổng", "total"),
        String::new(),
        String::new(),
        String::new(),
    ];
    rec.extend(count_cells(lang, &r.totals));
    w.write_record(&rec)?;
    w.flush()?;
    Ok(())
}

#[derive(Serialize)]
struct FollowupJson {
    format: &'static str,
    kind: &'static str,
    lang: &'static str,
    as_of: NaiveDate,
    totals: FollowupCounts,
    units: Vec<super::model::FollowupUnit>,
    overdue: Vec<FollowupLine>,
    awaiting_verification: Vec<FollowupLine>,
}

/// JSON (docs/report-json.md): the model, strings cleaned of control and
/// bidi characters.
pub fn json(r: &FollowupReport) -> String {
    let line = |l: &FollowupLine| FollowupLine {
        campaign: clean(&l.campaign),
        unit: clean(&l.unit),
        unit_name: clean(&l.unit_name),
        checklist: clean(&l.checklist),
        item: clean(&l.item),
        question: clean(&l.question),
        action: clean(&l.action),
        ..l.clone()
    };
    let j = FollowupJson {
        format: super::json::FORMAT,
        kind: "followup",
        lang: r.lang.code(),
        as_of: r.as_of,
        totals: r.totals,
        units: r
            .units
            .iter()
            .map(|u| super::model::FollowupUnit {
                campaign: clean(&u.campaign),
                unit: clean(&u.unit),
                unit_name: clean(&u.unit_name),
                counts: u.counts,
            })
            .collect(),
        overdue: r.overdue.iter().map(line).collect(),
        awaiting_verification: r.awaiting_verification.iter().map(line).collect(),
    };
    let mut out = serde_json::to_string_pretty(&j).unwrap_or_default();
    out.push('\n');
    out
}
