//! The two documents a unit receives, and the team summary, composed as
//! [`Document`]s: what each part says, in the interface language. The
//! words follow the practice of such notices (docs/documents.md); every
//! issuing detail comes from the team file, a blank where none is given.
//!
//! Nothing internal reaches the body: no inspection ids, no file paths or
//! hashes (evidence is named by its reference or file name), no conflicts
//! or stored field names. Those belong to the draft's annex, for the team.

use super::document::{
    BLANK, Block, Document, Signature, Span, Table, date_text, day_text, percent, place_date,
};
use super::draft::Reason;
use super::issuer::Issuer;
use super::model::{Counts, RemediationItem, TeamSummary, UnitReport};
use super::strings::{severity, status};
use crate::core::checklist::Deadline;
use crate::core::finding::Status;
use crate::core::lang::Lang;

pub(super) fn t(lang: Lang, vi: &str, en: &str) -> String {
    match lang {
        Lang::Vi => vi.to_owned(),
        Lang::En => en.to_owned(),
    }
}

pub(super) fn or_blank(s: &Option<String>) -> String {
    match s.as_deref() {
        Some(v) if !v.is_empty() => v.to_owned(),
        _ => BLANK.to_owned(),
    }
}

/// "Số: ……/TB-ĐKT": the number is given by the clerk when it is issued.
pub(super) fn number(lang: Lang, symbol: &Option<String>) -> String {
    let label = t(lang, "Số", "No.");
    format!("{label}: {BLANK}/{}", or_blank(symbol))
}

/// The basis lines as the Decree writes them: one a line, each ending
/// with ";", the last with ".".
fn basis(lang: Lang, issuer: &Issuer) -> Vec<String> {
    let lead = t(lang, "Căn cứ", "Pursuant to");
    let lines: Vec<String> = if issuer.basis.is_empty() {
        vec![format!("{lead} {BLANK}")]
    } else {
        issuer
            .basis
            .iter()
            .map(|b| {
                let b = b.trim_end_matches([';', '.', ',']).trim_end();
                if b.starts_with(&lead) {
                    b.to_owned()
                } else {
                    format!("{lead} {b}")
                }
            })
            .collect()
    };
    let n = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| format!("{l}{}", if i + 1 == n { "." } else { ";" }))
        .collect()
}

fn unit_name(r: &UnitReport) -> String {
    if r.header.unit_name.is_empty() {
        r.header.unit_code.clone()
    } else {
        r.header.unit_name.clone()
    }
}

/// "từ ngày 02/03/2026 đến ngày 04/03/2026", or one day.
fn period(r: &UnitReport) -> String {
    let lang = r.lang;
    match (&r.header.first_day, &r.header.last_day) {
        (Some(a), Some(b)) if a == b => t(lang, "ngày ", "on ") + &day_text(a),
        (Some(a), Some(b)) => match lang {
            Lang::Vi => format!("từ ngày {} đến ngày {}", day_text(a), day_text(b)),
            Lang::En => format!("from {} to {}", day_text(a), day_text(b)),
        },
        _ => t(lang, "ngày ", "on ") + BLANK,
    }
}

/// The checklists covered, by title.
fn topics(r: &UnitReport) -> String {
    r.checklists
        .iter()
        .map(|c| c.title.clone())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The counts in one sentence, with the pass rate and classification.
fn counts_sentence(r: &UnitReport) -> String {
    let lang = r.lang;
    let c = &r.counts;
    let rate = percent(lang, c.pass_rate_permille());
    let cls = r.classification.label(lang);
    match lang {
        Lang::Vi => {
            let mut s = format!(
                "Đoàn kiểm tra đã kiểm tra {} nội dung: {} nội dung đạt, {} nội dung đạt một phần, {} nội dung không đạt",
                c.checked(),
                c.pass,
                c.partial,
                c.fail
            );
            if c.na > 0 {
                s.push_str(&format!("; {} nội dung không áp dụng đối với đơn vị", c.na));
            }
            if c.noted > 0 {
                s.push_str(&format!("; ghi nhận {} nội dung", c.noted));
            }
            if c.unchecked > 0 {
                s.push_str(&format!("; {} nội dung chưa kiểm tra", c.unchecked));
            }
            s.push_str(&format!(". Tỷ lệ đạt {rate}; xếp loại: {cls}."));
            s
        }
        Lang::En => {
            let mut s = format!(
                "The team checked {} items: {} passed, {} partly passed, {} failed",
                c.checked(),
                c.pass,
                c.partial,
                c.fail
            );
            if c.na > 0 {
                s.push_str(&format!("; {} did not apply to the unit", c.na));
            }
            if c.noted > 0 {
                s.push_str(&format!("; {} observations recorded", c.noted));
            }
            if c.unchecked > 0 {
                s.push_str(&format!("; {} were not checked", c.unchecked));
            }
            s.push_str(&format!(". Pass rate {rate}; classification: {cls}."));
            s
        }
    }
}

fn counts_cells(lang: Lang, c: &Counts) -> Vec<String> {
    vec![
        c.pass.to_string(),
        c.partial.to_string(),
        c.fail.to_string(),
        c.na.to_string(),
        percent(lang, c.pass_rate_permille()),
    ]
}

/// The compact table of results by section.
fn sections_table(r: &UnitReport) -> Block {
    let lang = r.lang;
    let mut rows: Vec<Vec<String>> = r
        .sections
        .iter()
        .map(|s| {
            let mut row = vec![s.title.clone()];
            row.extend(counts_cells(lang, &s.counts));
            row
        })
        .collect();
    let mut total = vec![t(lang, "Tổng", "Total")];
    total.extend(counts_cells(lang, &r.counts));
    rows.push(total);
    Block::Table(Table {
        widths: vec![40, 11, 13, 13, 11, 12],
        numeric: vec![false, true, true, true, true, true],
        header: vec![
            t(lang, "Phần", "Section"),
            status(lang, Status::Pass).to_owned(),
            status(lang, Status::Partial).to_owned(),
            status(lang, Status::Fail).to_owned(),
            status(lang, Status::Na).to_owned(),
            t(lang, "Tỷ lệ đạt", "Pass rate"),
        ],
        rows,
    })
}

/// The strengths: per section, the items that passed, by name.
fn strengths(r: &UnitReport) -> Vec<Block> {
    let lang = r.lang;
    let mut out = Vec::new();
    let mut sections: Vec<(&str, Vec<String>)> = Vec::new();
    for p in &r.passed {
        let entry = format!("{} ({})", p.question.trim_end_matches(['?', '.']), p.item);
        match sections.iter_mut().find(|(s, _)| *s == p.section) {
            Some((_, list)) => list.push(entry),
            None => sections.push((&p.section, vec![entry])),
        }
    }
    if sections.is_empty() {
        out.push(Block::para(t(
            lang,
            "Chưa có nội dung nào được đánh giá đạt yêu cầu.",
            "No item was found to meet the requirements.",
        )));
    }
    let lead = t(
        lang,
        "Các nội dung đơn vị thực hiện đạt yêu cầu:",
        "The items the unit carries out as required:",
    );
    if !sections.is_empty() {
        out.push(Block::para(lead));
    }
    for (n, (section, items)) in sections.iter().enumerate() {
        out.push(Block::Para(vec![
            Span::plain(format!("{}. ", n + 1)),
            Span::italic(format!("{section}: ")),
            Span::plain(format!("{}.", items.join("; "))),
        ]));
    }
    out
}

/// A shortcoming as a numbered paragraph: the question, what was found,
/// the evidence and the legal basis.
fn shortcoming(lang: Lang, n: usize, it: &RemediationItem) -> Block {
    let mut spans = vec![
        Span::plain(format!("{n}. ")),
        Span::bold(format!(
            "{} ({}; {}, {} {})",
            it.question.trim_end_matches(['?', '.']),
            it.item,
            status(lang, it.status),
            t(lang, "mức độ", "severity"),
            severity(lang, it.severity).to_lowercase()
        )),
        Span::plain(": "),
    ];
    if it.finding.is_empty() {
        spans.push(Span::plain(t(
            lang,
            "chưa đáp ứng yêu cầu.",
            "does not meet the requirement.",
        )));
    } else {
        spans.push(Span::plain(it.finding.join("\n")));
    }
    if !it.evidence_names.is_empty() {
        spans.push(Span::plain(format!(
            "\n{}: {}.",
            t(lang, "Minh chứng", "Evidence"),
            it.evidence_names.join("; ")
        )));
    }
    if !it.legal_basis.is_empty() {
        spans.push(Span::italic(format!(
            "\n({}: {})",
            t(lang, "Căn cứ", "Legal basis"),
            it.legal_basis.join("; ")
        )));
    }
    Block::Para(spans)
}

/// The deadline as the notice states it: "10 ngày làm việc, chậm nhất
/// ngày 18/12/2026", or "Ngay".
pub fn deadline(lang: Lang, it: &RemediationItem) -> String {
    match (it.deadline, it.due) {
        (Deadline::WorkingDays(n), Some(d)) => match lang {
            Lang::Vi => format!("{n} ngày làm việc, chậm nhất ngày {}", date_text(d)),
            Lang::En => format!("{n} working days, by {}", date_text(d)),
        },
        (Deadline::WorkingDays(n), None) => match lang {
            Lang::Vi => format!("{n} ngày làm việc"),
            Lang::En => format!("{n} working days"),
        },
        (Deadline::Immediately, _) => t(lang, "Ngay", "Immediately"),
    }
}

/// How deadlines are counted, without the team's caveats.
fn deadline_rule(r: &UnitReport) -> Option<String> {
    if r.schedules.is_empty() {
        return None;
    }
    Some(t(
        r.lang,
        "Thời hạn tính theo ngày làm việc kể từ ngày ký Thông báo này, không kể thứ Bảy, Chủ nhật, ngày nghỉ lễ, Tết và ngày nghỉ bù.",
        "Deadlines count working days from the date of this notice, not counting Saturdays, Sundays, public holidays and compensatory days off.",
    ))
}

fn requirements_table(r: &UnitReport) -> Block {
    let lang = r.lang;
    let rows = r
        .remediation
        .iter()
        .enumerate()
        .map(|(i, it)| {
            vec![
                (i + 1).to_string(),
                format!("{} ({})", it.action, it.item),
                deadline(lang, it),
                it.responsible.clone().unwrap_or_else(|| unit_name(r)),
            ]
        })
        .collect();
    Block::Table(Table {
        widths: vec![7, 53, 22, 18],
        numeric: vec![true, false, false, false],
        header: vec![
            t(lang, "TT", "No."),
            t(lang, "Yêu cầu khắc phục", "Required action"),
            t(lang, "Thời hạn", "Deadline"),
            t(lang, "Trách nhiệm", "Responsible"),
        ],
        rows,
    })
}

fn observations(r: &UnitReport) -> Vec<Block> {
    r.observations
        .iter()
        .enumerate()
        .map(|(i, o)| {
            Block::Para(vec![
                Span::plain(format!("{}. ", i + 1)),
                Span::bold(format!(
                    "{} ({})",
                    o.question.trim_end_matches(['?', '.']),
                    o.item
                )),
                Span::plain(format!(": {}", o.note)),
            ])
        })
        .collect()
}

/// The annex of a draft: each point to settle and how, for the team.
fn annex(r: &UnitReport, reasons: &[Reason]) -> Option<(String, Vec<Block>)> {
    if reasons.is_empty() {
        return None;
    }
    let lang = r.lang;
    let mut blocks = vec![Block::Para(vec![Span::italic(t(
        lang,
        "Phụ lục này dành cho Đoàn kiểm tra, không gửi kèm văn bản. Văn bản chỉ được ban hành khi các điểm dưới đây đã được xử lý.",
        "This annex is for the inspection team and is not sent with the document. The document can be issued once the points below are settled.",
    ))])];
    for (i, reason) in reasons.iter().enumerate() {
        blocks.push(Block::Para(vec![
            Span::plain(format!("{}. ", i + 1)),
            Span::plain(format!("{} ", reason.text(lang))),
            Span::italic(reason.settle(lang, &r.header.unit_code)),
        ]));
    }
    Some((
        t(
            lang,
            "PHỤ LỤC: CÁC ĐIỂM CẦN XỬ LÝ TRƯỚC KHI BAN HÀNH",
            "ANNEX: POINTS TO SETTLE BEFORE ISSUING",
        ),
        blocks,
    ))
}

fn author(issuer: &Issuer, r: &UnitReport) -> String {
    issuer
        .body
        .clone()
        .filter(|b| !b.is_empty())
        .or_else(|| issuer.signatory.name.clone().filter(|n| !n.is_empty()))
        .unwrap_or_else(|| r.header.inspectors.join(", "))
}

/// The conclusion notice (Thông báo kết luận kiểm tra).
pub fn notice(r: &UnitReport, issuer: &Issuer, reasons: &[Reason]) -> Document {
    let lang = r.lang;
    let unit = unit_name(r);
    let body_name = or_blank(&issuer.body);
    let mut b = Vec::new();
    b.push(Block::para(match lang {
        Lang::Vi => format!(
            "Thực hiện kế hoạch kiểm tra, {}, Đoàn kiểm tra đã kiểm tra công tác cải cách hành chính tại {unit} về: {}. Trên cơ sở kết quả kiểm tra, {body_name} thông báo kết luận kiểm tra như sau:",
            period(r),
            topics(r)
        ),
        Lang::En => format!(
            "Under the inspection plan, {}, the inspection team inspected the administrative reform work of {unit} on: {}. On the results of the inspection, {body_name} gives its conclusions as follows:",
            period(r),
            topics(r)
        ),
    }));
    b.push(Block::Heading(t(
        lang,
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "I. STRENGTHS",
    )));
    b.push(Block::para(counts_sentence(r)));
    b.push(sections_table(r));
    b.extend(strengths(r));
    b.push(Block::Heading(t(
        lang,
        "II. TỒN TẠI, HẠN CHẾ",
        "II. SHORTCOMINGS",
    )));
    if r.remediation.is_empty() {
        b.push(Block::para(t(
            lang,
            "Không có tồn tại, hạn chế phải khắc phục.",
            "No shortcoming to remedy.",
        )));
    }
    for (i, it) in r.remediation.iter().enumerate() {
        b.push(shortcoming(lang, i + 1, it));
    }
    let mut part = 3;
    let roman = ["I", "II", "III", "IV", "V", "VI"];
    if !r.observations.is_empty() {
        b.push(Block::Heading(format!(
            "{}. {}",
            roman[part - 1],
            t(lang, "GHI NHẬN KHÁC", "OTHER OBSERVATIONS")
        )));
        b.extend(observations(r));
        part += 1;
    }
    b.push(Block::Heading(format!(
        "{}. {}",
        roman[part - 1],
        t(lang, "YÊU CẦU KHẮC PHỤC", "REQUIRED REMEDIATION")
    )));
    part += 1;
    if r.remediation.is_empty() {
        b.push(Block::para(t(
            lang,
            "Đơn vị tiếp tục duy trì các kết quả đã đạt được.",
            "The unit keeps up the results achieved.",
        )));
    } else {
        b.push(Block::para(match lang {
            Lang::Vi => format!(
                "{unit} tổ chức khắc phục các tồn tại, hạn chế nêu trên theo các yêu cầu sau:"
            ),
            Lang::En => format!("{unit} remedies the shortcomings above as follows:"),
        }));
        b.push(requirements_table(r));
        if let Some(rule) = deadline_rule(r) {
            b.push(Block::Para(vec![Span::italic(rule)]));
        }
    }
    b.push(Block::Heading(format!(
        "{}. {}",
        roman[part - 1],
        t(lang, "TỔ CHỨC THỰC HIỆN", "FOLLOW-UP")
    )));
    let report_to = or_blank(&issuer.report_to);
    let back = match r.report_back {
        Some(rb) => match lang {
            Lang::Vi => format!(
                "{unit} báo cáo kết quả khắc phục bằng văn bản, kèm theo minh chứng, gửi về {report_to} chậm nhất ngày {} ({} ngày làm việc kể từ ngày ký Thông báo này).",
                date_text(rb.date),
                rb.working_days
            ),
            Lang::En => format!(
                "{unit} reports the results of its remediation in writing, with evidence, to {report_to} by {} ({} working days from the date of this notice).",
                date_text(rb.date),
                rb.working_days
            ),
        },
        None => match lang {
            Lang::Vi => format!(
                "{unit} báo cáo kết quả khắc phục bằng văn bản, kèm theo minh chứng, gửi về {report_to} chậm nhất ngày {BLANK}."
            ),
            Lang::En => format!(
                "{unit} reports the results of its remediation in writing, with evidence, to {report_to} by {BLANK}."
            ),
        },
    };
    b.push(Block::para(back));
    b.push(Block::para(match lang {
        Lang::Vi => format!(
            "Trên đây là Thông báo kết luận kiểm tra công tác cải cách hành chính tại {unit}./."
        ),
        Lang::En => format!(
            "This is the conclusion notice of the administrative reform inspection of {unit}."
        ),
    }));

    let mut lines = Vec::new();
    match (issuer.authority(), &issuer.signatory.on_behalf_of) {
        (Some(a), on_behalf) => {
            lines.push(format!("{a} {}", or_blank(on_behalf)));
            lines.push(or_blank(&issuer.signatory.title));
        }
        (None, _) => lines.push(or_blank(&issuer.signatory.title)),
    }
    let mut recipients = vec![format!(
        "- {unit} ({});",
        t(lang, "để thực hiện", "for action")
    )];
    recipients.extend(issuer.recipients.iter().map(|x| {
        format!(
            "- {};",
            x.trim_start_matches(['-', ' '])
                .trim_end_matches([';', '.'])
        )
    }));
    recipients.push(format!(
        "- {}: VT, {}.",
        t(lang, "Lưu", "File"),
        or_blank(&issuer.archive)
    ));
    Document {
        lang,
        title: match lang {
            Lang::Vi => format!("Thông báo kết luận kiểm tra cải cách hành chính — {unit}"),
            Lang::En => format!("Administrative reform inspection conclusion notice — {unit}"),
        },
        author: author(issuer, r),
        date: r.conclusion_date,
        draft: !reasons.is_empty(),
        superior_body: issuer.superior_body.clone().filter(|s| !s.is_empty()),
        body: body_name,
        number: number(lang, &issuer.notice_symbol),
        place_date: place_date(lang, issuer.place.as_deref(), r.conclusion_date),
        kind: t(lang, "THÔNG BÁO", "NOTICE"),
        subject: match lang {
            Lang::Vi => format!("Kết luận kiểm tra công tác cải cách hành chính tại {unit}"),
            Lang::En => format!("Conclusions of the administrative reform inspection of {unit}"),
        },
        basis: basis(lang, issuer),
        blocks: b,
        signatures: vec![Signature {
            lines,
            hint: None,
            name: or_blank(&issuer.signatory.name),
        }],
        recipients: Some((t(lang, "Nơi nhận:", "Recipients:"), recipients)),
        annex: annex(r, reasons),
    }
}

/// The inspection minutes (Biên bản kiểm tra), signed on site.
pub fn minutes(r: &UnitReport, issuer: &Issuer, reasons: &[Reason]) -> Document {
    let lang = r.lang;
    let unit = unit_name(r);
    let leader = or_blank(&issuer.team_leader);
    let mut b = Vec::new();
    b.push(Block::para(match lang {
        Lang::Vi => format!(
            "Hôm nay, {}, tại {unit}, Đoàn kiểm tra tiến hành kiểm tra công tác cải cách hành chính và lập biên bản như sau:",
            place_date(lang, None, r.conclusion_date)
                .trim_start_matches(&format!("{BLANK}, "))
        ),
        Lang::En => format!(
            "Today, {}, at {unit}, the inspection team inspected the administrative reform work and records the following:",
            date_text(r.conclusion_date)
        ),
    }));
    b.push(Block::Heading(t(lang, "I. THÀNH PHẦN", "I. PRESENT")));
    let members: Vec<String> = r.header.inspectors.clone();
    b.push(Block::Para(vec![
        Span::plain(t(lang, "1. Đoàn kiểm tra: ", "1. The inspection team: ")),
        Span::plain(match lang {
            Lang::Vi => format!(
                "Trưởng đoàn {leader}; các thành viên: {}; thư ký: {}.",
                if members.is_empty() {
                    BLANK.to_owned()
                } else {
                    members.join(", ")
                },
                or_blank(&issuer.secretary)
            ),
            Lang::En => format!(
                "team leader {leader}; members: {}; secretary: {}.",
                if members.is_empty() {
                    BLANK.to_owned()
                } else {
                    members.join(", ")
                },
                or_blank(&issuer.secretary)
            ),
        }),
    ]));
    b.push(Block::Para(vec![Span::plain(match lang {
        Lang::Vi => format!("2. Đại diện {unit}: {BLANK}"),
        Lang::En => format!("2. For {unit}: {BLANK}"),
    })]));
    b.push(Block::Lines(1));
    b.push(Block::Heading(t(
        lang,
        "II. NỘI DUNG KIỂM TRA",
        "II. WHAT WAS CHECKED",
    )));
    for (i, c) in r.checklists.iter().enumerate() {
        b.push(Block::Para(vec![
            Span::plain(format!("{}. ", i + 1)),
            Span::bold(c.title.clone()),
            Span::plain(format!(": {}", c.scope)),
        ]));
    }
    b.push(Block::para(match lang {
        Lang::Vi => format!("Thời gian ghi nhận kết quả: {}.", period(r)),
        Lang::En => format!("Findings recorded {}.", period(r)),
    }));
    b.push(Block::Heading(t(
        lang,
        "III. KẾT QUẢ KIỂM TRA",
        "III. FINDINGS",
    )));
    b.push(Block::para(counts_sentence(r)));
    b.push(sections_table(r));
    b.push(Block::Heading(t(
        lang,
        "1. Nội dung đạt yêu cầu",
        "1. What meets the requirements",
    )));
    b.extend(strengths(r));
    b.push(Block::Heading(t(
        lang,
        "2. Tồn tại, hạn chế",
        "2. Shortcomings",
    )));
    if r.remediation.is_empty() {
        b.push(Block::para(t(lang, "Không có.", "None.")));
    }
    for (i, it) in r.remediation.iter().enumerate() {
        b.push(shortcoming(lang, i + 1, it));
    }
    let mut sub = 3;
    if !r.observations.is_empty() {
        b.push(Block::Heading(format!(
            "{sub}. {}",
            t(lang, "Ghi nhận khác", "Other observations")
        )));
        b.extend(observations(r));
        sub += 1;
    }
    if !r.unchecked.is_empty() {
        b.push(Block::Heading(format!(
            "{sub}. {}",
            t(lang, "Nội dung chưa kiểm tra", "Items not checked")
        )));
        let list: Vec<String> = r
            .unchecked
            .iter()
            .map(|u| format!("{} ({})", u.question.trim_end_matches(['?', '.']), u.item))
            .collect();
        b.push(Block::para(format!("{}.", list.join("; "))));
    }
    b.push(Block::Heading(t(
        lang,
        "IV. Ý KIẾN CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA",
        "IV. COMMENTS OF THE INSPECTED UNIT",
    )));
    b.push(Block::Lines(5));
    b.push(Block::para(t(
        lang,
        "Biên bản kết thúc vào hồi …… giờ …… cùng ngày, được lập thành 02 bản có giá trị như nhau, mỗi bên giữ 01 bản; đã đọc lại cho những người tham dự cùng nghe, thống nhất và ký tên dưới đây.",
        "The minutes closed at …… on the same day, made in 2 copies of equal value, one for each side; read out to those present, agreed and signed below.",
    )));
    let hint = Some(t(lang, "(Ký, ghi rõ họ tên)", "(Signature and full name)"));
    Document {
        lang,
        title: match lang {
            Lang::Vi => format!("Biên bản kiểm tra cải cách hành chính — {unit}"),
            Lang::En => format!("Administrative reform inspection minutes — {unit}"),
        },
        author: author(issuer, r),
        date: r.conclusion_date,
        draft: !reasons.is_empty(),
        superior_body: issuer.superior_body.clone().filter(|s| !s.is_empty()),
        body: or_blank(&issuer.body),
        number: number(lang, &issuer.minutes_symbol),
        place_date: place_date(lang, issuer.place.as_deref(), r.conclusion_date),
        kind: t(lang, "BIÊN BẢN", "MINUTES"),
        subject: match lang {
            Lang::Vi => format!("Kiểm tra công tác cải cách hành chính tại {unit}"),
            Lang::En => format!("Administrative reform inspection of {unit}"),
        },
        basis: basis(lang, issuer),
        blocks: b,
        signatures: vec![
            Signature {
                lines: vec![t(lang, "ĐẠI DIỆN ĐƠN VỊ", "FOR THE UNIT")],
                hint: hint.clone(),
                name: BLANK.to_owned(),
            },
            Signature {
                lines: vec![t(lang, "THƯ KÝ", "SECRETARY")],
                hint: hint.clone(),
                name: or_blank(&issuer.secretary),
            },
            Signature {
                lines: vec![t(lang, "TRƯỞNG ĐOÀN", "TEAM LEADER")],
                hint,
                name: leader,
            },
        ],
        recipients: None,
        annex: annex(r, reasons),
    }
}

/// The team summary (the team's report) in the same layout.
pub fn summary(s: &TeamSummary, issuer: &Issuer, date: chrono::NaiveDate) -> Document {
    let lang = s.lang;
    let mut rows = Vec::new();
    for u in &s.units {
        let mut row = vec![
            format!("{} {}", u.unit, u.unit_name).trim().to_owned(),
            u.checklist.clone(),
        ];
        row.extend(counts_cells(lang, &u.counts));
        row.push(u.classification.label(lang).to_owned());
        rows.push(row);
    }
    let mut total = vec![t(lang, "Tổng", "Total"), String::new()];
    total.extend(counts_cells(lang, &s.totals));
    total.push(String::new());
    rows.push(total);
    let mut b = vec![
        Block::Heading(t(lang, "I. KẾT QUẢ THEO ĐƠN VỊ", "I. RESULTS BY UNIT")),
        Block::Table(Table {
            widths: vec![24, 12, 8, 10, 10, 9, 11, 16],
            numeric: vec![false, false, true, true, true, true, true, false],
            header: vec![
                t(lang, "Đơn vị", "Unit"),
                t(lang, "Danh mục", "Checklist"),
                status(lang, Status::Pass).to_owned(),
                status(lang, Status::Partial).to_owned(),
                status(lang, Status::Fail).to_owned(),
                status(lang, Status::Na).to_owned(),
                t(lang, "Tỷ lệ đạt", "Pass rate"),
                t(lang, "Xếp loại", "Classification"),
            ],
            rows,
        }),
        Block::Para(vec![Span::italic(
            super::model::Classification::rule(lang)
                .replace("70%", "70 %")
                .replace("90%", "90 %"),
        )]),
        Block::Heading(t(
            lang,
            "II. ĐƠN VỊ CÓ NỘI DUNG MỨC ĐỘ CAO KHÔNG ĐẠT",
            "II. UNITS WITH A FAILED HIGH-SEVERITY ITEM",
        )),
    ];
    let mut any = false;
    for u in s.units.iter().filter(|u| !u.high_failures.is_empty()) {
        any = true;
        b.push(Block::para(format!(
            "- {} ({}): {}.",
            if u.unit_name.is_empty() {
                &u.unit
            } else {
                &u.unit_name
            },
            u.checklist,
            u.high_failures.join(", ")
        )));
    }
    if !any {
        b.push(Block::para(t(lang, "Không có.", "None.")));
    }
    Document {
        lang,
        title: t(
            lang,
            "Tổng hợp kết quả kiểm tra cải cách hành chính",
            "Administrative reform inspection: team summary",
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
            "Tổng hợp kết quả kiểm tra công tác cải cách hành chính",
            "Summary of the administrative reform inspection results",
        ),
        basis: Vec::new(),
        blocks: b,
        signatures: vec![Signature {
            lines: vec![t(lang, "TRƯỞNG ĐOÀN", "TEAM LEADER")],
            hint: None,
            name: or_blank(&issuer.team_leader),
        }],
        recipients: None,
        annex: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basis_lines_end_as_the_decree_writes_them() {
        let i = Issuer {
            basis: vec![
                "Kế hoạch số 45/KH-SNV ngày 10/01/2026;".into(),
                "Căn cứ Quyết định số 12/QĐ-SNV.".into(),
            ],
            ..Default::default()
        };
        assert_eq!(
            basis(Lang::Vi, &i),
            [
                "Căn cứ Kế hoạch số 45/KH-SNV ngày 10/01/2026;",
                "Căn cứ Quyết định số 12/QĐ-SNV."
            ]
        );
        assert_eq!(basis(Lang::Vi, &Issuer::default()), ["Căn cứ ……."]);
        assert_eq!(number(Lang::Vi, &Some("TB-ĐKT".into())), "Số: ……/TB-ĐKT");
        assert_eq!(number(Lang::Vi, &None), "Số: ……/……");
    }
}
