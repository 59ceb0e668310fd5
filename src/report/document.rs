//! An administrative document laid out as Decree 30/2020 (Phụ lục I) has
//! it: the header block, the document type and subject, the basis, the
//! body as headings, numbered paragraphs and compact tables, the signature
//! and the recipients. `compose` fills it from a report; the Word, HTML
//! and Markdown renderers only lay it out, so the formats agree.

use chrono::{Datelike, NaiveDate};

use crate::core::lang::Lang;

/// The visible blank a detail nobody gave leaves, to fill in by hand.
pub const BLANK: &str = "……";

/// A run of text in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Span {
    pub fn plain(t: impl Into<String>) -> Span {
        Span {
            text: t.into(),
            bold: false,
            italic: false,
        }
    }
    pub fn bold(t: impl Into<String>) -> Span {
        Span {
            bold: true,
            ..Span::plain(t)
        }
    }
    pub fn italic(t: impl Into<String>) -> Span {
        Span {
            italic: true,
            ..Span::plain(t)
        }
    }
}

/// A compact table: a header row and rows of plain cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Column widths in percent of the text width (they sum to 100).
    pub widths: Vec<u32>,
    /// Columns whose cells are figures (right-aligned).
    pub numeric: Vec<bool>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A part's heading ("I. KẾT QUẢ ĐẠT ĐƯỢC"), kept with what follows.
    Heading(String),
    /// A body paragraph: justified, first line indented.
    Para(Vec<Span>),
    Table(Table),
    /// Dotted lines left for handwriting (the unit's comments).
    Lines(usize),
}

impl Block {
    pub fn para(t: impl Into<String>) -> Block {
        Block::Para(vec![Span::plain(t)])
    }
}

/// A signature column: authority and title lines (bold capitals), the
/// hint and space to sign, the name (bold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub lines: Vec<String>,
    pub hint: Option<String>,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub lang: Lang,
    /// The document's title, in its properties and the HTML title.
    pub title: String,
    /// Who the document comes from, in its properties.
    pub author: String,
    pub date: NaiveDate,
    /// "DỰ THẢO" on every page, and the annex for the team.
    pub draft: bool,
    pub superior_body: Option<String>,
    pub body: String,
    /// "Số: ……/TB-ĐKT".
    pub number: String,
    /// "Vĩnh Long, ngày 04 tháng 12 năm 2026".
    pub place_date: String,
    /// "THÔNG BÁO", "BIÊN BẢN".
    pub kind: String,
    pub subject: String,
    /// The basis lines, in italics under the subject.
    pub basis: Vec<String>,
    pub blocks: Vec<Block>,
    /// One signature on the right, or several side by side (minutes).
    pub signatures: Vec<Signature>,
    /// "Nơi nhận:" and its entries; none for the minutes.
    pub recipients: Option<(String, Vec<String>)>,
    /// The annex for the team: a title and its blocks (drafts only).
    pub annex: Option<(String, Vec<Block>)>,
}

/// The national title and motto, in capitals as the Decree writes them.
pub const NATIONAL_TITLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// The word a draft carries on every page.
pub fn draft_mark(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "DỰ THẢO",
        Lang::En => "DRAFT",
    }
}

/// A date as running text writes it: 04/12/2026.
pub fn date_text(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A stored YYYY-MM-DD day as running text writes it.
pub fn day_text(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map_or_else(|_| iso.to_owned(), date_text)
}

/// The date line of the header: "Vĩnh Long, ngày 04 tháng 12 năm 2026";
/// a blank where the place is not given.
pub fn place_date(lang: Lang, place: Option<&str>, d: NaiveDate) -> String {
    let place = place.unwrap_or(BLANK);
    match lang {
        Lang::Vi => format!(
            "{place}, ngày {:02} tháng {:02} năm {}",
            d.day(),
            d.month(),
            d.year()
        ),
        Lang::En => format!("{place}, {}", d.format("%-d %B %Y")),
    }
}

/// A pass rate in tenths of a percent, as the language writes it:
/// "9,0 %" in Vietnamese, "9.0%" in English; "—" when there is none.
pub fn percent(lang: Lang, permille: Option<u32>) -> String {
    match (permille, lang) {
        (None, _) => "—".to_owned(),
        (Some(p), Lang::Vi) => format!("{},{} %", p / 10, p % 10),
        (Some(p), Lang::En) => format!("{}.{}%", p / 10, p % 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers_as_documents_write_them() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(date_text(d), "04/12/2026");
        assert_eq!(day_text("2026-02-03"), "03/02/2026");
        assert_eq!(
            place_date(Lang::Vi, Some("Vĩnh Long"), d),
            "Vĩnh Long, ngày 04 tháng 12 năm 2026"
        );
        assert_eq!(
            place_date(Lang::Vi, None, d),
            "……, ngày 04 tháng 12 năm 2026"
        );
        assert_eq!(
            place_date(Lang::En, Some("Vĩnh Long"), d),
            "Vĩnh Long, 4 December 2026"
        );
        assert_eq!(percent(Lang::Vi, Some(90)), "9,0 %");
        assert_eq!(percent(Lang::En, Some(667)), "66.7%");
        assert_eq!(percent(Lang::Vi, None), "—");
    }
}
