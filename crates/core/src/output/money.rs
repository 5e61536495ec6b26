//! Money as the reader's locale writes it: digits grouped by thousands, the
//! currency's sign where it is known ("$12,345.67", "12.345,67 €"), its code
//! otherwise.

/// How a locale groups digits and marks decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    /// 12,345.67 (English, and where the locale is unknown).
    #[default]
    Comma,
    /// 12.345,67 (German, Dutch, Spanish, Italian, Portuguese, …).
    Dot,
    /// 12 345,67 (French, Nordic, Polish, Russian, Czech, …).
    Space,
}

impl Grouping {
    /// From a POSIX locale name such as `de_DE.UTF-8` (the language part
    /// decides); `C`, `POSIX`, empty and unknown names give [`Grouping::Comma`].
    pub fn from_locale(name: &str) -> Self {
        let language = name
            .split(['_', '.', '-', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match language.as_str() {
            "de" | "nl" | "es" | "it" | "pt" | "id" | "tr" | "da" | "el" | "ro" | "hr" | "sl" => {
                Grouping::Dot
            }
            "fr" | "sv" | "nb" | "nn" | "no" | "fi" | "pl" | "ru" | "cs" | "sk" | "uk" | "hu"
            | "bg" | "et" | "lt" | "lv" => Grouping::Space,
            _ => Grouping::Comma,
        }
    }

    /// From the environment's locale (`LC_ALL`, then `LC_MONETARY`, then `LANG`).
    pub fn from_env() -> Self {
        ["LC_ALL", "LC_MONETARY", "LANG"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .map_or_else(Grouping::default, |l| Grouping::from_locale(&l))
    }
}

/// `value` to the cent, grouped, with the currency.
pub fn money(value: f64, currency: &str, grouping: Grouping) -> String {
    let (thousands, decimal) = match grouping {
        Grouping::Comma => (",", "."),
        Grouping::Dot => (".", ","),
        // A narrow no-break space: the groups never break across lines.
        Grouping::Space => ("\u{202f}", ","),
    };
    let cents = (value.abs() * 100.0).round();
    // Beyond 2^53 cents a float holds no exact cent: shown as it is.
    if !cents.is_finite() || cents > 9.0e15 {
        return format!("{value} {currency}");
    }
    let cents = cents as u64;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push_str(thousands);
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && cents > 0 { "-" } else { "" };
    let number = format!("{grouped}{decimal}{:02}", cents % 100);
    let symbol = match currency.to_ascii_uppercase().as_str() {
        "USD" => Some("$"),
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        "JPY" => Some("¥"),
        _ => None,
    };
    match (symbol, grouping) {
        (Some(s), Grouping::Comma) => format!("{sign}{s}{number}"),
        (Some(s), _) => format!("{sign}{number} {s}"),
        (None, _) => format!("{sign}{number} {currency}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_as_the_locale_writes_them() {
        assert_eq!(money(12345.678, "USD", Grouping::Comma), "$12,345.68");
        assert_eq!(money(12345.678, "EUR", Grouping::Dot), "12.345,68 €");
        assert_eq!(
            money(1234567.0, "EUR", Grouping::Space),
            "1\u{202f}234\u{202f}567,00 €"
        );
        assert_eq!(money(999.5, "CHF", Grouping::Comma), "999.50 CHF");
        assert_eq!(money(-1000.0, "USD", Grouping::Comma), "-$1,000.00");
        assert_eq!(money(0.0, "USD", Grouping::Comma), "$0.00");
        assert_eq!(Grouping::from_locale("de_DE.UTF-8"), Grouping::Dot);
        assert_eq!(Grouping::from_locale("fr_FR"), Grouping::Space);
        assert_eq!(Grouping::from_locale("en_US.UTF-8"), Grouping::Comma);
        assert_eq!(Grouping::from_locale("C"), Grouping::Comma);
    }
}
