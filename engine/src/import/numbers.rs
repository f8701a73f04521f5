//! Reading amounts as shops write them: `1234.56`, `1,234.56`, `1 234,56`, `1.234,56`,
//! `12,50 zł`, `€ 12,50`, `$1,234.56`, `NT$1,234`, `(12.00)`, `−12.00`.
//!
//! Whether `,` or `.` is the decimal separator is decided per column from all its values: a
//! value that can only be read one way (`12,50`, `1,234.56`) is evidence; values that read
//! either way (`1,234`) follow the column's decision.

use super::skip_reason::SkipReason;
use crate::limits::MAX_AMOUNT;
use serde::{Deserialize, Serialize};

/// The decimal separator of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecimalSeparator {
    /// `1,234.56`
    #[default]
    Dot,
    /// `1 234,56` or `1.234,56`
    Comma,
}

/// One amount cell, read both ways.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Amount {
    /// Value if `.` is the decimal separator.
    pub dot: Option<f64>,
    /// Value if `,` is the decimal separator.
    pub comma: Option<f64>,
    /// The currency written next to the number, if any (`zł`, `€`, `USD`…).
    pub currency: Option<&'static str>,
}

impl Amount {
    /// The value under the column's separator, or the only reading there is.
    pub fn value(&self, separator: DecimalSeparator) -> Option<f64> {
        match separator {
            DecimalSeparator::Dot => self.dot.or(self.comma),
            DecimalSeparator::Comma => self.comma.or(self.dot),
        }
    }

    /// True when the two readings differ (so the column's decision matters).
    pub(crate) fn is_ambiguous(&self) -> bool {
        matches!((self.dot, self.comma), (Some(a), Some(b)) if a != b)
    }
}

/// The value of an amount, refund or quantity cell, or [`SkipReason::NumberTooLarge`] beyond
/// ±[`MAX_AMOUNT`]: no order is worth a trillion, and below it every sum of a file stays finite.
pub(crate) fn within_amount_limit(value: f64, text: &str) -> Result<f64, SkipReason> {
    within_limit(value, text, MAX_AMOUNT)
}

/// `value`, or [`SkipReason::NumberTooLarge`] when its magnitude is beyond `limit` (or it is not
/// finite).
pub(crate) fn within_limit(value: f64, text: &str, limit: f64) -> Result<f64, SkipReason> {
    if value.abs() <= limit {
        Ok(value)
    } else {
        Err(SkipReason::NumberTooLarge {
            text: text.to_string(),
            limit,
        })
    }
}

/// Currency marks recognised around a number; longest first so `NT$` wins over `$`.
const CURRENCIES: [&str; 31] = [
    "NT$", "US$", "HK$", "C$", "A$", "R$", "руб.", "руб", "грн", "zł", "zl", "kr", "Kč", "Ft",
    "￥", "lei", "CHF", "р.", "$", "€", "£", "¥", "₽", "₴", "₸", "₹", "₩", "₪", "元", "円", "р",
];

/// Reads an amount cell. `None` when it is not a number; infinite when it has more digits than
/// an `f64` holds (callers refuse it with [`within_limit`]).
pub(crate) fn parse_amount(text: &str) -> Option<Amount> {
    let t = super::split::trim(text);
    // Fast path: plain `-123.45`.
    if let Some((v, has_point)) = plain_number(t) {
        return Some(Amount {
            dot: Some(v),
            comma: if has_point { None } else { Some(v) },
            currency: None,
        });
    }
    let (negative, t) = strip_sign(t);
    let (currency, t) = strip_currency(t);
    let (negative2, t) = strip_sign(t);
    let negative = negative ^ negative2;
    if t.is_empty() || !t.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    let sign = if negative { -1.0 } else { 1.0 };
    let dot = read_digits(t, '.').map(|v| v * sign);
    let comma = read_digits(t, ',').map(|v| v * sign);
    if dot.is_none() && comma.is_none() {
        return None;
    }
    Some(Amount {
        dot,
        comma,
        currency,
    })
}

/// Powers of ten that are exact in an `f64`.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A plain amount, `-123.45`: digits with at most one `.` inside, not three decimals (`1.234`
/// could also be one thousand two hundred thirty-four), read in one pass over the bytes.
/// `Some((value, has_point))`.
///
/// Up to 2⁵³ as digits and 22 decimals the value is the digits divided by an exact power of
/// ten: one correctly rounded division, so the same `f64` as `str::parse` (Clinger's fast
/// path, W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990); longer
/// numbers go through `str::parse`.
fn plain_number(t: &str) -> Option<(f64, bool)> {
    let bytes = t.as_bytes();
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let mut mantissa = 0u64;
    let mut count = 0usize;
    let mut point = None; // digits before the point
    for &b in digits {
        let digit = b.wrapping_sub(b'0');
        if digit <= 9 {
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
            count += 1;
        } else if b == b'.' && point.is_none() {
            point = Some(count);
        } else {
            return None;
        }
    }
    let decimals = point.map_or(0, |p| count - p);
    let whole = point.unwrap_or(count);
    if whole == 0 || (point.is_some() && (decimals == 0 || decimals == 3)) {
        return None;
    }
    let exact = count <= 19 && mantissa <= 1 << 53;
    let value = match EXACT_POWERS_OF_TEN.get(decimals) {
        Some(power) if exact => {
            let v = mantissa as f64 / power;
            if negative {
                -v
            } else {
                v
            }
        }
        // Beyond f64 (over 308 digits) the value is infinite: still a number, which the
        // limits then refuse as too large rather than as no number.
        _ => t.parse().ok()?,
    };
    Some((value, point.is_some()))
}

/// Strips `-`, `−`, a trailing `-` or parentheses; true when the number is negative.
fn strip_sign(t: &str) -> (bool, &str) {
    let t = t.trim();
    if let Some(rest) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        return (true, rest.trim());
    }
    for minus in ['-', '−', '–'] {
        if let Some(rest) = t.strip_prefix(minus) {
            return (true, rest.trim_start());
        }
        if let Some(rest) = t.strip_suffix(minus) {
            return (true, rest.trim_end());
        }
    }
    if let Some(rest) = t.strip_prefix('+') {
        return (false, rest.trim_start());
    }
    (false, t)
}

/// Strips a currency mark or ISO code before or after the number.
fn strip_currency(t: &str) -> (Option<&'static str>, &str) {
    for mark in CURRENCIES {
        if let Some(rest) = t.strip_prefix(mark) {
            return (Some(mark), rest.trim_start());
        }
        if let Some(rest) = t.strip_suffix(mark) {
            return (Some(mark), rest.trim_end());
        }
    }
    // A three-letter ISO code such as `PLN 12,50` or `12.50 EUR`.
    let code = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase());
    if let Some((head, tail)) = t.split_once(' ') {
        if code(head) {
            return (Some(iso_code(head)), tail.trim_start());
        }
    }
    if let Some((head, tail)) = t.rsplit_once(' ') {
        if code(tail) {
            return (Some(iso_code(tail)), head.trim_end());
        }
    }
    (None, t)
}

fn iso_code(code: &str) -> &'static str {
    const CODES: [&str; 12] = [
        "USD", "EUR", "GBP", "PLN", "RUB", "UAH", "CNY", "TWD", "HKD", "JPY", "CHF", "SEK",
    ];
    CODES.into_iter().find(|c| *c == code).unwrap_or("other")
}

/// Reads digits with `decimal` as the decimal separator and the other of `.`/`,`, spaces
/// (plain, no-break, narrow no-break) and `'` as group separators; groups after the first must
/// have 3 digits.
fn read_digits(t: &str, decimal: char) -> Option<f64> {
    let (int_part, frac_part) = match t.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let is_group = |c: char| {
        matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'') || (c == '.' || c == ',') && c != decimal
    };
    let mut digits = String::with_capacity(t.len());
    let mut group_len: Option<usize> = None; // digits since the last group separator
    let mut first_group = 0usize;
    for c in int_part.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            match group_len.as_mut() {
                Some(n) => *n += 1,
                None => first_group += 1,
            }
        } else if is_group(c) {
            if let Some(n) = group_len {
                if n != 3 {
                    return None;
                }
            }
            if first_group == 0 || first_group > 3 && group_len.is_none() {
                return None;
            }
            group_len = Some(0);
        } else {
            return None;
        }
    }
    if group_len.is_some_and(|n| n != 3) {
        return None;
    }
    if let Some(frac) = frac_part {
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push('.');
        digits.push_str(frac);
    }
    if digits.is_empty() || digits.starts_with('.') && int_part.is_empty() && frac_part.is_none() {
        return None;
    }
    // Infinite beyond 308 digits: a number too large, which the limits refuse as such.
    digits.parse().ok()
}

/// What the values of one amount column said about its decimal separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct SeparatorEvidence {
    /// Values that can only be read with `.` as the decimal separator.
    pub dot_only: u64,
    /// Values that can only be read with `,`.
    pub comma_only: u64,
    /// Values that read differently either way (`1,234`).
    pub ambiguous: u64,
}

impl SeparatorEvidence {
    /// Counts one value.
    pub fn add(&mut self, amount: &Amount) {
        match (amount.dot, amount.comma) {
            (Some(_), None) => self.dot_only += 1,
            (None, Some(_)) => self.comma_only += 1,
            _ if amount.is_ambiguous() => self.ambiguous += 1,
            _ => {}
        }
    }

    /// The separator the evidence points to, or `None` when it says nothing.
    pub fn decided(&self) -> Option<DecimalSeparator> {
        match self.dot_only.cmp(&self.comma_only) {
            std::cmp::Ordering::Greater => Some(DecimalSeparator::Dot),
            std::cmp::Ordering::Less => Some(DecimalSeparator::Comma),
            std::cmp::Ordering::Equal => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str, sep: DecimalSeparator) -> Option<f64> {
        parse_amount(text)?.value(sep)
    }

    #[test]
    fn the_issue_s_examples() {
        use DecimalSeparator::*;
        for (text, want) in [
            ("1234.56", 1234.56),
            ("1,234.56", 1234.56),
            ("1 234,56", 1234.56),
            ("1\u{a0}234,56", 1234.56),
            ("1\u{202f}234,56", 1234.56),
            ("1.234,56", 1234.56),
            ("12,50 zł", 12.5),
            ("€ 12,50", 12.5),
            ("$1,234.56", 1234.56),
            ("NT$1,234", 1234.0),
            ("1 234 ₽", 1234.0),
            ("(12.00)", -12.0),
            ("-12.00", -12.0),
            ("−12.00", -12.0),
            ("-$5", -5.0),
            ("12.50 EUR", 12.5),
            ("0", 0.0),
        ] {
            assert_eq!(value(text, Dot), Some(want), "{text}");
        }
        assert_eq!(value("1,234", Comma), Some(1.234));
        assert_eq!(value("1,234", Dot), Some(1234.0));
        assert_eq!(parse_amount("NT$1,234").unwrap().currency, Some("NT$"));
    }

    #[test]
    fn not_numbers() {
        for text in [
            "",
            "abc",
            "12 apples",
            "1e309",
            "NaN",
            "1,2,3",
            "12,34.56,7",
            "--",
            "$",
            ".",
            "1.2.3",
        ] {
            assert_eq!(value(text, DecimalSeparator::Dot), None, "{text}");
        }
    }

    #[test]
    fn plain_numbers_read_as_the_standard_parser_does() {
        for text in [
            "0",
            "-0",
            "-0.00",
            "007.50",
            "12.5",
            "0.1",
            "0.30",
            "1234.56",
            "-9876.54",
            "9007199254740993",
            "9007199254740993.5",
            "123456789012345678901234",
            "1.0000000000000000000000001",
            "0.0000000000000000000001",
            "4503599627370497.5",
        ] {
            let want: f64 = text.parse().unwrap();
            let (got, point) = plain_number(text).unwrap();
            assert_eq!(got.to_bits(), want.to_bits(), "{text}");
            assert_eq!(point, text.contains('.'), "{text}");
        }
        for text in [
            "", "-", ".5", "5.", "1.234", "1.2.3", "+5", "--5", "1e5", "1,5",
        ] {
            assert_eq!(plain_number(text), None, "{text}");
        }
    }

    #[test]
    fn evidence() {
        let mut e = SeparatorEvidence::default();
        for t in ["12,50", "3,99", "1,234", "10"] {
            e.add(&parse_amount(t).unwrap());
        }
        assert_eq!(
            e,
            SeparatorEvidence {
                dot_only: 0,
                comma_only: 2,
                ambiguous: 1
            }
        );
        assert_eq!(e.decided(), Some(DecimalSeparator::Comma));
    }
}
