//! Parsing single cells: dates, amounts, customer keys.

use chrono::NaiveDate;

/// The customer key: trimmed and lower-cased, so `Ann@Shop.com ` and `ann@shop.com` are one
/// customer (PRODUCT.md, "customer key").
pub fn customer_key(text: &str) -> String {
    text.trim().to_lowercase()
}

/// Parses an ISO date (`2024-03-05`, also with a time after it, taken as written) or a compact
/// `20240305`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let date_part = text.get(..10).unwrap_or(text);
    if let Ok(d) = NaiveDate::parse_from_str(date_part, "%Y-%m-%d") {
        // Anything after the date must be a time part, not more digits of something else.
        let rest = &text[date_part.len()..];
        if rest.is_empty() || rest.starts_with([' ', 'T']) {
            return Some(d);
        }
        return None;
    }
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(text, "%Y%m%d").ok();
    }
    None
}

/// Parses a plain amount: `1234.56`, `-12`, optionally with a leading `$`, `€` or `£`.
pub fn parse_amount(text: &str) -> Option<f64> {
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    let t = t.trim_start_matches(['$', '€', '£']).trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let v: f64 = t.parse().ok()?;
    v.is_finite().then_some(if negative { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        assert_eq!(parse_date("2024-03-05"), Some(d));
        assert_eq!(parse_date(" 2024-03-05 14:22:11 +0100"), Some(d));
        assert_eq!(parse_date("2024-03-05T23:59:00Z"), Some(d));
        assert_eq!(parse_date("20240305"), Some(d));
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("2024-03-051"), None);
        assert_eq!(parse_date("soon"), None);
        assert_eq!(parse_date("é"), None);
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("1234.56"), Some(1234.56));
        assert_eq!(parse_amount("-12"), Some(-12.0));
        assert_eq!(parse_amount("$19.90"), Some(19.9));
        assert_eq!(parse_amount("- € 5"), Some(-5.0));
        assert_eq!(parse_amount("1e309"), None);
        assert_eq!(parse_amount("NaN"), None);
        assert_eq!(parse_amount("12 apples"), None);
        assert_eq!(parse_amount(""), None);
    }

    #[test]
    fn customer_keys_are_trimmed_and_lower_cased() {
        assert_eq!(customer_key("  Ann@Shop.COM "), "ann@shop.com");
    }
}
