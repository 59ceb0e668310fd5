//! The issuing details of the team's documents: who issues them, under
//! which number pattern and basis, who signs, who receives a copy and where
//! the unit reports back. Read from a team file (`--team FILE`) or the
//! `[issuer]` section of the configuration; see `docs/documents.md`.
//!
//! Nothing here is ever made up: a detail left out is printed as a blank
//! to fill in by hand, and makes the document a draft.

use serde::Deserialize;
use serde_spanned::Spanned;
use unicode_normalization::UnicodeNormalization;

use crate::core::diagnostic::Diagnostic;

/// The signatory of the conclusion notice.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// "KT.", "TM.", "TL." or "TUQ." when signing on behalf of someone.
    pub authority: Option<Spanned<String>>,
    /// Whom the signatory signs for, with the authority: "GIÁM ĐỐC".
    pub on_behalf_of: Option<String>,
    /// The signatory's own title: "PHÓ GIÁM ĐỐC", "TRƯỞNG ĐOÀN".
    pub title: Option<String>,
    pub name: Option<String>,
}

/// The issuing details (every key optional).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// The body above the issuing one: "UBND TỈNH VĨNH LONG".
    pub superior_body: Option<String>,
    /// The issuing body: "SỞ NỘI VỤ", "ĐOÀN KIỂM TRA CCHC".
    pub body: Option<String>,
    /// Symbol after the number of a notice: "TB-ĐKT" gives "Số: …/TB-ĐKT".
    pub notice_symbol: Option<String>,
    /// Symbol of the minutes: "BB-ĐKT".
    pub minutes_symbol: Option<String>,
    /// The place written before the date: "Vĩnh Long".
    pub place: Option<String>,
    /// The plan or decision the inspection rests on, one per entry.
    #[serde(default)]
    pub basis: Vec<String>,
    #[serde(default)]
    pub signatory: Signatory,
    /// The team leader and the secretary who sign the minutes.
    pub team_leader: Option<String>,
    pub secretary: Option<String>,
    /// Recipients after the inspected unit ("Nơi nhận").
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Who keeps the archive copy with the clerk: "ĐKT" gives "Lưu: VT, ĐKT.".
    pub archive: Option<String>,
    /// Where the unit sends its remediation report.
    pub report_to: Option<String>,
    /// Working days the unit has to report back (default 15).
    pub report_back_days: Option<Spanned<u32>>,
}

/// Every key an issuer table takes, for the error hint.
pub const KEYS: &str = "superior_body, body, notice_symbol, minutes_symbol, place, basis, \
     signatory (authority, on_behalf_of, title, name), team_leader, secretary, recipients, \
     archive, report_to, report_back_days";

const AUTHORITIES: [&str; 4] = ["KT.", "TM.", "TL.", "TUQ."];

/// Report-back period when the team file sets none: the common practice.
pub const DEFAULT_REPORT_BACK_DAYS: u32 = 15;

/// A detail of the issuer a document needs, named as the team file names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Body,
    NoticeSymbol,
    MinutesSymbol,
    Place,
    Basis,
    SignatoryTitle,
    SignatoryName,
    TeamLeader,
    ReportTo,
}

impl Detail {
    /// The key in the team file.
    pub fn key(self) -> &'static str {
        match self {
            Detail::Body => "body",
            Detail::NoticeSymbol => "notice_symbol",
            Detail::MinutesSymbol => "minutes_symbol",
            Detail::Place => "place",
            Detail::Basis => "basis",
            Detail::SignatoryTitle => "signatory.title",
            Detail::SignatoryName => "signatory.name",
            Detail::TeamLeader => "team_leader",
            Detail::ReportTo => "report_to",
        }
    }
}

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|s| s.trim().is_empty())
}

impl Issuer {
    /// Parses a team file whose top level is the issuer table; the
    /// diagnostic gives the line and column ("team.toml:3:1: unknown field …"
    /// once rendered with the file's name).
    pub fn parse(text: &str) -> Result<Issuer, Diagnostic> {
        let issuer: Issuer = toml::from_str(text).map_err(|e| {
            Diagnostic::at(
                text,
                e.span().map_or(0, |s| s.start),
                e.message().trim(),
                Some(format!("the keys of a team file: {KEYS}")),
            )
        })?;
        issuer.validated(text)
    }

    /// Checks the values serde cannot, and writes every text in NFC.
    pub fn validated(mut self, text: &str) -> Result<Issuer, Diagnostic> {
        if let Some(a) = &self.signatory.authority {
            let v = a.get_ref().trim();
            if !v.is_empty() && !AUTHORITIES.contains(&v) {
                return Err(Diagnostic::at(
                    text,
                    a.span().start,
                    format!("signatory.authority = \"{v}\" is not a signing authority"),
                    Some(
                        "write \"KT.\" (ký thay), \"TM.\" (thay mặt), \"TL.\" (thừa lệnh) or \"TUQ.\" (thừa ủy quyền), or leave it out"
                            .into(),
                    ),
                ));
            }
        }
        if let Some(d) = &self.report_back_days
            && *d.get_ref() == 0
        {
            return Err(Diagnostic::at(
                text,
                d.span().start,
                "report_back_days = 0: the unit needs at least one working day",
                Some("write the number of working days, e.g. report_back_days = 15".into()),
            ));
        }
        let nfc = |s: &mut Option<String>| {
            if let Some(v) = s {
                *v = v.trim().nfc().collect();
            }
        };
        for s in [
            &mut self.superior_body,
            &mut self.body,
            &mut self.notice_symbol,
            &mut self.minutes_symbol,
            &mut self.place,
            &mut self.signatory.on_behalf_of,
            &mut self.signatory.title,
            &mut self.signatory.name,
            &mut self.team_leader,
            &mut self.secretary,
            &mut self.archive,
            &mut self.report_to,
        ] {
            nfc(s);
        }
        for list in [&mut self.basis, &mut self.recipients] {
            *list = list
                .iter()
                .map(|s| s.trim().nfc().collect::<String>())
                .filter(|s| !s.is_empty())
                .collect();
        }
        Ok(self)
    }

    /// The signing authority ("KT."), when one is set.
    pub fn authority(&self) -> Option<&str> {
        self.signatory
            .authority
            .as_ref()
            .map(|a| a.get_ref().trim())
            .filter(|a| !a.is_empty())
    }

    pub fn report_back_days(&self) -> u32 {
        self.report_back_days
            .as_ref()
            .map_or(DEFAULT_REPORT_BACK_DAYS, |d| *d.get_ref())
    }

    /// The details a conclusion notice needs that are blank.
    pub fn missing_for_notice(&self) -> Vec<Detail> {
        let mut out = Vec::new();
        let checks = [
            (blank(&self.body), Detail::Body),
            (blank(&self.notice_symbol), Detail::NoticeSymbol),
            (blank(&self.place), Detail::Place),
            (self.basis.is_empty(), Detail::Basis),
            (blank(&self.signatory.title), Detail::SignatoryTitle),
            (blank(&self.signatory.name), Detail::SignatoryName),
            (blank(&self.report_to), Detail::ReportTo),
        ];
        for (missing, d) in checks {
            if missing {
                out.push(d);
            }
        }
        out
    }

    /// The details the minutes need that are blank.
    pub fn missing_for_minutes(&self) -> Vec<Detail> {
        let checks = [
            (blank(&self.body), Detail::Body),
            (blank(&self.minutes_symbol), Detail::MinutesSymbol),
            (blank(&self.place), Detail::Place),
            (self.basis.is_empty(), Detail::Basis),
            (blank(&self.team_leader), Detail::TeamLeader),
        ];
        checks
            .into_iter()
            .filter(|(m, _)| *m)
            .map(|(_, d)| d)
            .collect()
    }
}

/// A diagnostic's first line, `name:line:col: message`, its hint left to
/// the caller.
pub fn render_without_hint(d: &Diagnostic, name: &str) -> String {
    format!("{name}:{}:{}: {}", d.line, d.column, d.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"
superior_body = "UBND TỈNH VĨNH LONG"
body = "SỞ NỘI VỤ"
notice_symbol = "TB-SNV"
minutes_symbol = "BB-ĐKT"
place = "Vĩnh Long"
basis = ["Kế hoạch số 45/KH-SNV ngày 10/01/2026 của Sở Nội vụ"]
team_leader = "Trần Văn Bình"
recipients = ["Như trên"]
archive = "CCHC"
report_to = "Sở Nội vụ (qua Phòng Cải cách hành chính)"
report_back_days = 10

[signatory]
authority = "KT."
on_behalf_of = "GIÁM ĐỐC"
title = "PHÓ GIÁM ĐỐC"
name = "Lê Thị Cúc"
"#;

    #[test]
    fn a_full_team_file_needs_nothing() {
        let i = Issuer::parse(FULL).expect("parses");
        assert!(i.missing_for_notice().is_empty());
        assert!(i.missing_for_minutes().is_empty());
        assert_eq!(i.authority(), Some("KT."));
        assert_eq!(i.report_back_days(), 10);
    }

    #[test]
    fn an_empty_team_file_misses_every_required_detail() {
        let i = Issuer::parse("").expect("parses");
        let keys: Vec<&str> = i.missing_for_notice().iter().map(|d| d.key()).collect();
        assert_eq!(
            keys,
            [
                "body",
                "notice_symbol",
                "place",
                "basis",
                "signatory.title",
                "signatory.name",
                "report_to"
            ]
        );
        assert_eq!(i.report_back_days(), DEFAULT_REPORT_BACK_DAYS);
    }

    #[test]
    fn an_unknown_key_is_an_error_at_its_line_and_column() {
        let e = Issuer::parse("body = \"SỞ NỘI VỤ\"\nsigner = \"An\"\n").expect_err("unknown key");
        let text = e.render("team.toml");
        assert!(
            text.starts_with("team.toml:2:1: unknown field `signer`"),
            "{text}"
        );
        assert!(text.contains("signatory (authority"), "{text}");
    }

    #[test]
    fn a_bad_authority_is_an_error_at_its_value() {
        let e = Issuer::parse("[signatory]\nauthority = \"Q.\"\n").expect_err("bad");
        let text = e.render("t.toml");
        assert!(text.starts_with("t.toml:2:13:"), "{text}");
        assert!(text.contains("\"KT.\""), "{text}");
    }

    #[test]
    fn zero_report_back_days_is_refused() {
        let e = Issuer::parse("report_back_days = 0\n").expect_err("zero");
        assert!(e.render("t.toml").starts_with("t.toml:1:20:"));
    }

    #[test]
    fn texts_are_nfc_and_trimmed() {
        // "Vĩnh" written with a combining tilde.
        let i = Issuer::parse("place = \"  Vi\u{303}nh Long \"\n").expect("parses");
        assert_eq!(i.place.as_deref(), Some("Vĩnh Long"));
    }
}
