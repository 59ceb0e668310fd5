//! Interface and report language.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// A measured percentage as the language writes it: one decimal, with
    /// a decimal comma in Vietnamese ("9,0 %") and a point in English.
    pub fn percent(self, pct: f64) -> String {
        self.decimal(&format!("{pct:.1}")) + " %"
    }

    /// A number as written in the language (the decimal separator).
    pub fn decimal(self, plain: &str) -> String {
        match self {
            Lang::Vi => plain.replace('.', ","),
            Lang::En => plain.to_owned(),
        }
    }

    /// The Vietnamese or the English form of a message, as the language
    /// asks: one call site holds both, so neither can be forgotten.
    pub fn pick<T>(self, vi: T, en: T) -> T {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_use_the_language_separator() {
        assert_eq!(Lang::Vi.percent(37.0 * 100.0 / 412.0), "9,0 %");
        assert_eq!(Lang::En.percent(12.25), "12.2 %");
        assert_eq!(Lang::Vi.decimal("2.5"), "2,5");
    }
}
