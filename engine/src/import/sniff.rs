//! Finding a file's structure from its first records: the delimiter, the header row (even below
//! a title line) or that there is none, and the roles of a header-less file's columns from the
//! shapes of their values.

use super::columns::{normalise, ColumnMap, Role};
use super::dates::parse_date;
use super::numbers::parse_amount;
use super::split::{Delimiter, Fields, Splitter};

/// Records looked at to decide the structure.
const SNIFF_RECORDS: usize = 60;
/// Rows above the header that may hold a title.
const MAX_TITLE_ROWS: usize = 10;

/// The records of the sample, cut with `delimiter` (blank ones left out, and those that cannot
/// be read: an unclosed quote, an over-long line). A quote still open at the end of a sample
/// that is not the whole file, after running over a line end, is taken for an unclosed one so
/// the records below it are looked at.
pub(crate) fn sample_records(
    text: &str,
    delimiter: Delimiter,
    whole: bool,
    limit: usize,
) -> Vec<(u64, Vec<String>)> {
    let mut splitter = Splitter::new(delimiter);
    splitter.push(text);
    let mut fields = Fields::default();
    let mut out = Vec::new();
    while out.len() < limit {
        match splitter.next_record(whole) {
            Ok(Some((line, record))) => {
                fields.split(record, delimiter);
                if !fields.is_blank() {
                    out.push((line, fields.to_vec()));
                }
            }
            Err(_) => {}
            Ok(None) => {
                if whole || splitter.give_up_quote().is_none() {
                    break;
                }
            }
        }
    }
    out
}

/// Picks the delimiter whose field counts are the most consistent over the first records.
pub(crate) fn sniff_delimiter(text: &str, whole: bool) -> Delimiter {
    let candidates = [
        Delimiter::Byte(b','),
        Delimiter::Byte(b';'),
        Delimiter::Byte(b'\t'),
        Delimiter::Byte(b'|'),
        Delimiter::Whitespace,
    ];
    let mut best = (Delimiter::Byte(b','), 0.0f64);
    for delimiter in candidates {
        let records = sample_records(text, delimiter, whole, SNIFF_RECORDS);
        let counts: Vec<usize> = records.iter().map(|(_, f)| f.len()).collect();
        let Some(mode) = mode(&counts) else { continue };
        if mode < 2 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&c| c == mode).count() as f64 / counts.len() as f64;
        // Consistency first; more columns break ties; spaces only when nothing else fits.
        let penalty = if delimiter == Delimiter::Whitespace {
            0.9
        } else {
            1.0
        };
        let score = agreeing * penalty + (mode as f64).min(50.0) * 1e-4;
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

/// The most frequent value (the largest on a tie).
pub(crate) fn mode(counts: &[usize]) -> Option<usize> {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let mut best: Option<(usize, usize)> = None;
    for chunk in sorted.chunk_by(|a, b| a == b) {
        if best.is_none_or(|(_, n)| chunk.len() >= n) {
            best = Some((chunk[0], chunk.len()));
        }
    }
    best.map(|(v, _)| v)
}

/// Where the header is, if there is one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeaderGuess {
    /// Line of the header row; `None` when the file has no header.
    pub line: Option<u64>,
    /// Header names (empty without a header).
    pub headers: Vec<String>,
    /// Number of columns of the data rows.
    pub columns: usize,
}

/// Fields up to the last one that is not empty.
pub(crate) fn filled(fields: &[String]) -> usize {
    fields
        .iter()
        .rposition(|f| !f.trim().is_empty())
        .map_or(0, |i| i + 1)
}

/// True when a cell reads as data (a number or a date) rather than a name.
fn looks_like_data(cell: &str) -> bool {
    let c = cell.trim();
    !c.is_empty() && (parse_amount(c).is_some() || parse_date(c).is_some())
}

/// Finds the header row: the first record with the data rows' column count whose cells are
/// names, not values. `has_header` forces the answer.
pub(crate) fn find_header(records: &[(u64, Vec<String>)], has_header: Option<bool>) -> HeaderGuess {
    let counts: Vec<usize> = records.iter().map(|(_, f)| f.len()).collect();
    let columns = mode(&counts).unwrap_or(0);
    // Fields up to the last filled one: data rows may end in delimiters their header lacks.
    let filled_counts: Vec<usize> = records.iter().map(|(_, f)| filled(f)).collect();
    let filled_columns = mode(&filled_counts).unwrap_or(0);
    let candidate = records.iter().take(MAX_TITLE_ROWS + 1).find(|(_, f)| {
        f.len() == columns
            || (f.len() > columns && columns > 0)
            || (filled(f) == f.len() && f.len() >= filled_columns && filled_columns > 1)
    });
    let Some((line, fields)) = candidate else {
        return HeaderGuess {
            line: None,
            headers: vec![],
            columns,
        };
    };
    let known = fields
        .iter()
        .filter(|h| {
            let n = normalise(h);
            !n.is_empty()
                && ColumnMap::detect(std::slice::from_ref(*h), &[])
                    .role_of(0)
                    .is_some()
        })
        .count();
    let data_cells = fields.iter().filter(|c| looks_like_data(c)).count();
    let is_header = match has_header {
        Some(choice) => choice,
        None => known > 0 || data_cells == 0,
    };
    if !is_header {
        return HeaderGuess {
            line: None,
            headers: vec![],
            columns,
        };
    }
    HeaderGuess {
        line: Some(*line),
        headers: fields.iter().map(|h| h.trim().to_string()).collect(),
        columns: columns.max(fields.len()),
    }
}

/// Guesses the roles of a header-less file's columns from their values: the date column, the
/// amount (a number with decimals, or the last numeric column), a small whole number as
/// quantity, and the first text-or-id column as the customer.
pub(crate) fn infer_roles(records: &[(u64, Vec<String>)], columns: usize) -> ColumnMap {
    let share = |i: usize, test: &dyn Fn(&str) -> bool| {
        let cells: Vec<&str> = records
            .iter()
            .filter_map(|(_, f)| f.get(i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if cells.is_empty() {
            0.0
        } else {
            cells.iter().filter(|c| test(c)).count() as f64 / cells.len() as f64
        }
    };
    let is_date = |c: &str| parse_date(c).is_some();
    let is_number = |c: &str| parse_amount(c).is_some();
    let has_decimals = |c: &str| is_number(c) && (c.contains('.') || c.contains(','));
    let headers: Vec<String> = (1..=columns).map(|i| i.to_string()).collect();
    let mut overrides = Vec::new();
    let mut taken = vec![false; columns];
    let mut pick = |role: Role, test: &dyn Fn(usize) -> bool, taken: &mut Vec<bool>| {
        if let Some(i) = (0..columns).find(|&i| !taken[i] && test(i)) {
            taken[i] = true;
            overrides.push((role, super::columns::ColumnRef::Number(i + 1)));
        }
    };
    pick(Role::Date, &|i| share(i, &is_date) > 0.9, &mut taken);
    pick(
        Role::Amount,
        &|i| share(i, &has_decimals) > 0.5 && share(i, &is_number) > 0.9,
        &mut taken,
    );
    pick(
        Role::Quantity,
        &|i| {
            share(i, &|c: &str| {
                c.len() <= 3 && c.bytes().all(|b| b.is_ascii_digit())
            }) > 0.9
        },
        &mut taken,
    );
    pick(Role::Customer, &|_| true, &mut taken);
    ColumnMap::from_overrides(&overrides, &headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(
            sniff_delimiter("a,b,c\n1,2,3\n", true),
            Delimiter::Byte(b',')
        );
        assert_eq!(
            sniff_delimiter("a;b;c\n1,5;2;3\n", true),
            Delimiter::Byte(b';')
        );
        assert_eq!(
            sniff_delimiter("a\tb\n1\t2\n", true),
            Delimiter::Byte(b'\t')
        );
        assert_eq!(sniff_delimiter("a|b\n1|2\n", true), Delimiter::Byte(b'|'));
        assert_eq!(
            sniff_delimiter(
                " customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n",
                true
            ),
            Delimiter::Whitespace
        );
        assert_eq!(
            sniff_delimiter("\"a,1\";b\n\"x,2\";y\n", true),
            Delimiter::Byte(b';')
        );
    }

    #[test]
    fn header_below_a_title_and_no_header() {
        let text =
            "Orders export, March\ncustomer,date,amount\nann,2024-03-01,5\nbob,2024-03-02,6\n";
        let records = sample_records(text, Delimiter::Byte(b','), true, 60);
        let guess = find_header(&records, None);
        assert_eq!(guess.line, Some(2));
        assert_eq!(guess.headers, vec!["customer", "date", "amount"]);
        let text = "00001 19970101 1 11.77\n00002 19970112 1 12.00\n00002 19970112 5 77.00\n";
        let records = sample_records(text, Delimiter::Whitespace, true, 60);
        let guess = find_header(&records, None);
        assert_eq!(guess.line, None);
        let map = infer_roles(&records, guess.columns);
        assert_eq!(map.index(Role::Date), Some(1));
        assert_eq!(map.index(Role::Amount), Some(3));
        assert_eq!(map.index(Role::Quantity), Some(2));
        assert_eq!(map.index(Role::Customer), Some(0));
    }
}
