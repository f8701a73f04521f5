//! Reading dates as shops write them, taking the date as written (a time or UTC offset after
//! it is ignored): `2024-03-05`, `2024-03-05 14:22:11 +0100`, `2024/3/5`, `20240305`,
//! `05.03.2024`, `5/3/2024` or `3/5/2024`, `2024年3月5日`, and Excel serial day numbers.
//!
//! Day-first vs month-first for `5/3/2024` is decided per column: a part over 12 settles a
//! value; values that read either way follow the column's decision.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// Day/month order of dates like `5/3/2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `5/3/2024` is 5 March.
    DayFirst,
    /// `5/3/2024` is May 3.
    MonthFirst,
}

/// One date cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateCell {
    /// The date is certain.
    Exact(NaiveDate),
    /// Certain, and evidence for the column's order (`25/3/2024` is day-first).
    Settles(NaiveDate, DateOrder),
    /// `a/b/year` with both parts ≤ 12 and different: the column's order decides.
    Either {
        /// The year.
        year: i32,
        /// First number.
        first: u8,
        /// Second number.
        second: u8,
    },
}

impl DateCell {
    /// The year written in the cell.
    pub(crate) fn year(self) -> i32 {
        match self {
            DateCell::Exact(d) | DateCell::Settles(d, _) => d.year(),
            DateCell::Either { year, .. } => year,
        }
    }

    /// The date under the column's order.
    pub(crate) fn resolve(self, order: DateOrder) -> Option<NaiveDate> {
        match self {
            DateCell::Exact(d) | DateCell::Settles(d, _) => Some(d),
            DateCell::Either {
                year,
                first,
                second,
            } => {
                let (day, month) = match order {
                    DateOrder::DayFirst => (first, second),
                    DateOrder::MonthFirst => (second, first),
                };
                NaiveDate::from_ymd_opt(year, month.into(), day.into())
            }
        }
    }
}

/// Excel's day 0 (serial numbers count from 1899-12-30, after the 1900 leap-year bug).
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default()
}

/// Serial numbers accepted as Excel dates: 1954-10-03 .. 2119-01-09.
const EXCEL_SERIALS: std::ops::Range<f64> = 20_000.0..80_000.0;

/// Reads a date cell; `None` when it is not a date.
pub(crate) fn parse_date(text: &str) -> Option<DateCell> {
    let t = super::split::trim(text);
    let b = t.as_bytes();
    // Fast path: ISO `YYYY-MM-DD` followed by nothing or a time.
    if let Some((y, m, d)) = iso_date(b) {
        if matches!(b.get(10), None | Some(b' ' | b'T')) {
            return NaiveDate::from_ymd_opt(y as i32, m, d).map(DateCell::Exact);
        }
        return None;
    }
    let head = t.split([' ', 'T']).next().unwrap_or(t);
    if head.len() == 8 && head.bytes().all(|c| c.is_ascii_digit()) {
        let (y, m, d) = (num(&b[..4])?, num(&b[4..6])?, num(&b[6..8])?);
        return NaiveDate::from_ymd_opt(y as i32, m, d).map(DateCell::Exact);
    }
    if let Some(cell) = cjk(t) {
        return Some(cell);
    }
    if let Some(cell) = parts(head) {
        return Some(cell);
    }
    excel_serial(t)
}

/// Year, month and day of text starting `YYYY-MM-DD`, read with no other pass.
fn iso_date(b: &[u8]) -> Option<(u32, u32, u32)> {
    let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2, ..] = b else {
        return None;
    };
    let d = |c: u8| c.wrapping_sub(b'0');
    let digits = d(y1) <= 9
        && d(y2) <= 9
        && d(y3) <= 9
        && d(y4) <= 9
        && d(m1) <= 9
        && d(m2) <= 9
        && d(d1) <= 9
        && d(d2) <= 9;
    if !digits {
        return None;
    }
    let n = |hi: u8, lo: u8| u32::from(d(hi)) * 10 + u32::from(d(lo));
    Some((n(y1, y2) * 100 + n(y3, y4), n(m1, m2), n(d1, d2)))
}

fn num(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 4 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0')))
}

/// `2024年3月5日`, optionally followed by a time.
fn cjk(t: &str) -> Option<DateCell> {
    let (y, rest) = t.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.split_once('日').map_or(rest, |(d, _)| d);
    let (y, m, d) = (
        num(y.trim().as_bytes())?,
        num(m.trim().as_bytes())?,
        num(d.trim().as_bytes())?,
    );
    NaiveDate::from_ymd_opt(y as i32, m, d).map(DateCell::Exact)
}

/// Three numbers separated by `-`, `/` or `.`: year first, or year last (day/month order
/// decided by the column; with dots, day first as everywhere dots are used).
fn parts(head: &str) -> Option<DateCell> {
    let sep = head.bytes().find(|c| matches!(c, b'-' | b'/' | b'.'))?;
    let mut it = head.split(sep as char);
    let (a, b, c) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let (na, nb, nc) = (num(a.as_bytes())?, num(b.as_bytes())?, num(c.as_bytes())?);
    if a.len() == 4 {
        return NaiveDate::from_ymd_opt(na as i32, nb, nc).map(DateCell::Exact);
    }
    if a.len() > 2 || b.len() > 2 || !(c.len() == 4 || c.len() == 2) {
        return None;
    }
    let year = if c.len() == 2 {
        if nc < 70 {
            2000 + nc as i32
        } else {
            1900 + nc as i32
        }
    } else {
        nc as i32
    };
    if sep == b'.' {
        return NaiveDate::from_ymd_opt(year, nb, na).map(DateCell::Exact);
    }
    let (first, second) = (u8::try_from(na).ok()?, u8::try_from(nb).ok()?);
    let settled = |order: DateOrder| {
        DateCell::Either {
            year,
            first,
            second,
        }
        .resolve(order)
        .map(|d| DateCell::Settles(d, order))
    };
    match (first > 12, second > 12) {
        (true, true) => None,
        (true, false) => settled(DateOrder::DayFirst),
        (false, true) => settled(DateOrder::MonthFirst),
        (false, false) if first == second => {
            NaiveDate::from_ymd_opt(year, nb, na).map(DateCell::Exact)
        }
        (false, false) if first == 0 || second == 0 => None,
        (false, false) => Some(DateCell::Either {
            year,
            first,
            second,
        }),
    }
}

/// An Excel serial day number (`45356` or `45356.5`) in a plausible range.
fn excel_serial(t: &str) -> Option<DateCell> {
    if !t.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        return None;
    }
    let v: f64 = t.parse().ok()?;
    if !EXCEL_SERIALS.contains(&v) {
        return None;
    }
    excel_epoch()
        .checked_add_signed(Duration::days(v.floor() as i64))
        .map(DateCell::Exact)
}

/// What a date column's values said about its day/month order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct OrderEvidence {
    /// Values only readable day-first.
    pub day_first: u64,
    /// Values only readable month-first.
    pub month_first: u64,
    /// Values readable either way.
    pub either: u64,
}

impl OrderEvidence {
    /// Counts one value.
    pub fn add(&mut self, cell: &DateCell) {
        match cell {
            DateCell::Settles(_, DateOrder::DayFirst) => self.day_first += 1,
            DateCell::Settles(_, DateOrder::MonthFirst) => self.month_first += 1,
            DateCell::Either { .. } => self.either += 1,
            DateCell::Exact(_) => {}
        }
    }

    /// The order the values point to, or `None` when nothing settles it.
    pub fn decided(&self) -> Option<DateOrder> {
        match self.day_first.cmp(&self.month_first) {
            std::cmp::Ordering::Greater => Some(DateOrder::DayFirst),
            std::cmp::Ordering::Less => Some(DateOrder::MonthFirst),
            std::cmp::Ordering::Equal => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn read(text: &str, order: DateOrder) -> Option<NaiveDate> {
        parse_date(text)?.resolve(order)
    }

    #[test]
    fn the_issue_s_examples() {
        let march5 = d(2024, 3, 5);
        for text in [
            "2024-03-05",
            "2024-03-05 14:22:11 +0100",
            "2024-03-05T23:59:00Z",
            "2024-03-05 23:30:00 -0800",
            "05.03.2024",
            "5.3.2024",
            "20240305",
            "2024/3/5",
            "2024/03/05 10:00",
            "2024年3月5日",
            "2024年3月5日 14:22",
            "5/3/2024",
            "5/3/24",
            "45356",
        ] {
            assert_eq!(read(text, DateOrder::DayFirst), Some(march5), "{text}");
        }
        assert_eq!(read("3/5/2024", DateOrder::MonthFirst), Some(march5));
        assert_eq!(
            parse_date("25/3/2024"),
            Some(DateCell::Settles(d(2024, 3, 25), DateOrder::DayFirst))
        );
        assert_eq!(
            parse_date("3/25/2024"),
            Some(DateCell::Settles(d(2024, 3, 25), DateOrder::MonthFirst))
        );
        assert_eq!(parse_date("3/3/2024"), Some(DateCell::Exact(d(2024, 3, 3))));
    }

    #[test]
    fn not_dates() {
        for text in [
            "",
            "soon",
            "2024-02-30",
            "2024-03-051",
            "13/13/2024",
            "0/3/2024",
            "12",
            "1.5",
            "é",
            "2024年",
            "99999999",
        ] {
            assert_eq!(read(text, DateOrder::DayFirst), None, "{text}");
        }
    }
}
