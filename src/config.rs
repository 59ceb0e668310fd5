//! The optional configuration file (`config.toml` in the platform config
//! directory, or `--config FILE`).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_spanned::Spanned;

use crate::core::diagnostic::Diagnostic;
use crate::core::lang::Lang;
use crate::session::Failure;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Your name, used as the author of every change.
    pub inspector: Option<String>,
    /// The inspection campaign (default: the current year).
    pub campaign: Option<String>,
    /// "vi" or "en"; checked when the file is loaded.
    lang: Option<Spanned<String>>,
    /// Extra checklist directories.
    #[serde(default)]
    pub checklist_dirs: Vec<PathBuf>,
    /// Extra holiday calendar extending the bundled one.
    pub holidays: Option<PathBuf>,
    /// The issuing details of the documents (see `docs/documents.md`).
    pub issuer: Option<crate::report::issuer::Issuer>,
}

/// The keys a configuration may have, after "allowed keys" in either
/// language.
const KEYS: &str = "inspector, campaign, lang, checklist_dirs, holidays, [issuer]; \
     [issuer]: superior_body, body, notice_symbol, minutes_symbol, place, basis, \
     [issuer.signatory] (authority, on_behalf_of, title, name), team_leader, secretary, \
     recipients, archive, report_to, report_back_days";

fn keys_hint(lang: Lang) -> String {
    lang.pick(
        format!("các khóa được phép: {KEYS}"),
        format!("allowed keys: {KEYS}"),
    )
}

impl Config {
    /// The configured interface language (validated on load).
    pub fn lang(&self) -> Option<Lang> {
        self.lang
            .as_ref()
            .and_then(|l| Lang::from_code(l.get_ref()))
    }

    /// Loads the config: an explicit path must exist; the default may not.
    /// Errors are worded in `lang` (the `--lang` given, else Vietnamese:
    /// the file's own `lang` cannot be trusted before it is read).
    pub fn load(explicit: Option<&Path>, lang: Lang) -> Result<Config, Failure> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match crate::session::default_config_path() {
                Some(p) if p.exists() => p,
                _ => return Ok(Config::default()),
            },
        };
        let shown = crate::core::text::sanitize_for_terminal(&path.display().to_string(), false);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Failure::error(lang.pick(
                format!("không đọc được tệp cấu hình {shown}: {e}"),
                format!("cannot read config {shown}: {e}"),
            ))
            .with_hint(lang.pick(
                "kiểm tra đường dẫn của --config, hoặc bỏ --config để dùng tệp mặc định",
                "check the --config path, or leave --config out to use the default file",
            ))
            .in_language(lang)
        })?;
        Self::parse(&text, &shown, lang)
    }

    /// Parses a config text; `name` is the file named in errors.
    pub fn parse(text: &str, name: &str, lang: Lang) -> Result<Config, Failure> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let d = Diagnostic::at(
                text,
                e.span().map_or(0, |s| s.start),
                e.message().trim(),
                None,
            );
            Failure::error(d.render(name))
                .with_hint(keys_hint(lang))
                .in_language(lang)
        })?;
        if let Some(l) = &config.lang
            && Lang::from_code(l.get_ref()).is_none()
        {
            let d = Diagnostic::at(
                text,
                l.span().start,
                lang.pick(
                    format!(
                        "lang = \"{}\" không phải ngôn ngữ parcheck dùng được",
                        l.get_ref()
                    ),
                    format!(
                        "lang = \"{}\" is not a language parcheck speaks",
                        l.get_ref()
                    ),
                ),
                None,
            );
            return Err(Failure::error(d.render(name))
                .with_hint(lang.pick(
                    "đặt lang = \"vi\" (tiếng Việt) hoặc lang = \"en\" (tiếng Anh)",
                    "set lang = \"vi\" (Vietnamese) or lang = \"en\" (English)",
                ))
                .in_language(lang));
        }
        if let Some(issuer) = config.issuer.take() {
            let issuer = issuer.validated(text).map_err(|d| {
                let hint = d.hint.clone();
                let f = Failure::error(crate::report::issuer::render_without_hint(&d, name));
                match hint {
                    Some(h) => f.with_hint(h),
                    None => f,
                }
                .in_language(lang)
            })?;
            config.issuer = Some(issuer);
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_language_is_an_error_at_its_value() {
        let err =
            Config::parse("inspector = \"An\"\nlang = \"fr\"\n", "c.toml", Lang::En).unwrap_err();
        assert!(err.message.starts_with("c.toml:2:8"), "{}", err.message);
        assert!(err.message.contains("\"fr\""), "{}", err.message);
        assert!(err.hint.unwrap().contains("\"vi\""));
        let err = Config::parse("lang = \"fr\"\n", "c.toml", Lang::Vi).unwrap_err();
        assert!(
            err.message.contains("không phải ngôn ngữ"),
            "{}",
            err.message
        );
        assert!(err.hint.unwrap().contains("tiếng Việt"));
    }

    #[test]
    fn known_languages_and_no_language() {
        assert_eq!(
            Config::parse("lang = \"en\"", "c", Lang::Vi)
                .unwrap()
                .lang(),
            Some(Lang::En)
        );
        assert_eq!(Config::parse("", "c", Lang::Vi).unwrap().lang(), None);
        let err = Config::parse("colour = 1", "c", Lang::Vi).unwrap_err();
        let hint = err.hint.unwrap();
        assert!(hint.starts_with("các khóa được phép: ") && hint.contains("checklist_dirs"));
    }

    #[test]
    fn an_issuer_section_is_read_and_checked_like_every_key() {
        let c = Config::parse(
            "lang = \"vi\"\n[issuer]\nbody = \"SỞ NỘI VỤ\"\n[issuer.signatory]\nname = \"Lê Cúc\"\n",
            "c.toml",
            Lang::Vi,
        )
        .unwrap();
        let i = c.issuer.unwrap();
        assert_eq!(i.body.as_deref(), Some("SỞ NỘI VỤ"));
        assert_eq!(i.signatory.name.as_deref(), Some("Lê Cúc"));
        let err = Config::parse(
            "[issuer]\nbody = \"X\"\nsymbol = \"TB\"\n",
            "c.toml",
            Lang::En,
        )
        .unwrap_err();
        assert!(err.message.starts_with("c.toml:3:1:"), "{}", err.message);
        assert!(err.message.contains("`symbol`"), "{}", err.message);
        assert!(err.hint.unwrap().contains("notice_symbol"));
        let err = Config::parse(
            "[issuer.signatory]\nauthority = \"XX\"\n",
            "c.toml",
            Lang::En,
        )
        .unwrap_err();
        assert!(err.message.starts_with("c.toml:2:13:"), "{}", err.message);
        assert!(err.hint.unwrap().contains("KT."));
    }
}
