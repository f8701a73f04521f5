//! The one CSV writer: every file the app and `clv` write leaves through [`CsvTable`].

use std::borrow::Cow;

use chrono::NaiveDate;

/// One cell of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Text from the data (customer ids, names, reasons): neutralised and quoted as needed.
    Text(&'a str),
    /// A number; non-finite numbers are written as an empty cell.
    Number(f64),
    /// A whole number.
    Int(i64),
    /// A day, written ISO `YYYY-MM-DD`.
    Date(NaiveDate),
    /// Nothing (a value that does not exist, e.g. a prediction of a model that was not fitted).
    Empty,
}

impl Cell<'_> {
    /// Money, rounded to cents: `12.345678` → `12.35`.
    pub fn money(value: f64) -> Self {
        Cell::Number(round_to(value, 100.0))
    }

    /// Money that may be missing (an empty cell).
    pub fn money_or_empty(value: Option<f64>) -> Self {
        value.map_or(Cell::Empty, Cell::money)
    }

    /// A share, probability, ratio or average, rounded to four places: `0.123456` → `0.1235`.
    pub fn share(value: f64) -> Self {
        Cell::Number(round_to(value, 10_000.0))
    }

    /// A share that may be missing (an empty cell).
    pub fn share_or_empty(value: Option<f64>) -> Self {
        value.map_or(Cell::Empty, Cell::share)
    }
}

/// `value` rounded to 1 / `per_unit` (the nearest double to k / `per_unit`, which prints as
/// the short decimal); non-finite values stay as they are (written as empty cells).
fn round_to(value: f64, per_unit: f64) -> f64 {
    if value.is_finite() {
        let rounded = (value * per_unit).round() / per_unit;
        // -0.00 would print as "-0".
        if rounded == 0.0 {
            0.0
        } else {
            rounded
        }
    } else {
        value
    }
}

impl<'a> From<Option<f64>> for Cell<'a> {
    fn from(value: Option<f64>) -> Self {
        value.map_or(Cell::Empty, Cell::Number)
    }
}

/// The end of every line of every file: CRLF, as RFC 4180 (section 2, rule 1) asks, which
/// every spreadsheet reads.
pub const LINE_END: &str = "\r\n";

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Text a spreadsheet will show as text: a leading `'` when it would otherwise run it as a
/// formula.
fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A text cell as written to the file: neutralised against formula injection, then quoted if
/// it holds a comma, a quote or a line break.
fn text_cell(text: &str) -> Cow<'_, str> {
    let guarded = neutralise(text);
    if guarded.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", guarded.replace('"', "\"\"")))
    } else {
        guarded
    }
}

/// A CSV file being written row by row: a header row, then rows as rectangular as the header,
/// each ending with [`LINE_END`].
#[derive(Debug, Clone, Default)]
pub struct CsvTable {
    text: String,
    columns: usize,
    /// The header row's names, and its length in bytes with its line end.
    header: Vec<String>,
    header_len: usize,
}

impl CsvTable {
    /// A file with this header row (headers are text cells too).
    pub fn new<S: AsRef<str>>(header: &[S]) -> Self {
        let mut table = CsvTable {
            text: String::new(),
            columns: header.len(),
            header: header.iter().map(|h| h.as_ref().to_string()).collect(),
            header_len: 0,
        };
        let cells: Vec<Cell<'_>> = header.iter().map(|h| Cell::Text(h.as_ref())).collect();
        table.row(&cells);
        table.header_len = table.text.len();
        table
    }

    /// The header row's names.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Bytes of the header row with its line end (while the text has not been taken).
    pub(crate) fn header_len(&self) -> usize {
        self.header_len
    }

    /// Appends a row. A row with fewer cells than the header is padded with empty cells, so
    /// the file stays rectangular.
    pub fn row(&mut self, cells: &[Cell<'_>]) {
        use std::fmt::Write;
        for i in 0..cells.len().max(self.columns) {
            if i > 0 {
                self.text.push(',');
            }
            match cells.get(i).copied().unwrap_or(Cell::Empty) {
                Cell::Text(t) => self.text.push_str(&text_cell(t)),
                Cell::Number(v) if v.is_finite() => {
                    let _ = write!(self.text, "{v}");
                }
                Cell::Number(_) | Cell::Empty => {}
                Cell::Int(v) => {
                    let _ = write!(self.text, "{v}");
                }
                Cell::Date(d) => {
                    let _ = write!(self.text, "{}", d.format("%Y-%m-%d"));
                }
            }
        }
        self.text.push_str(LINE_END);
    }

    /// The text written so far, handed over (the table goes on empty): a file of any length
    /// is written in pieces (`clv score`), never held whole.
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.text)
    }

    /// The file's text.
    pub fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        let mut t = CsvTable::new(&["id", "amount", "day", "note"]);
        t.row(&[
            Cell::Text("=HYPERLINK(\"http://x\")"),
            Cell::Number(-12.5),
            Cell::Date(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()),
            Cell::Text("@SUM(A1)"),
        ]);
        t.row(&[
            Cell::Text("+1"),
            Cell::Int(-3),
            Cell::Empty,
            Cell::Text("\tx"),
        ]);
        t.row(&[Cell::Text("-2+3"), Cell::Number(f64::NAN)]);
        t.row(&[
            Cell::Text("a,b"),
            Cell::Text("say \"hi\""),
            Cell::Text("\rx"),
        ]);
        assert_eq!(
            t.finish(),
            "id,amount,day,note\r\n\
             \"'=HYPERLINK(\"\"http://x\"\")\",-12.5,2024-03-05,'@SUM(A1)\r\n\
             '+1,-3,,'\tx\r\n\
             '-2+3,,,\r\n\
             \"a,b\",\"say \"\"hi\"\"\",\"'\rx\",\r\n"
        );
    }

    #[test]
    fn money_to_cents_and_shares_to_four_places() {
        let mut t = CsvTable::new(&["money", "share", "none"]);
        t.row(&[
            Cell::money(12.345678),
            Cell::share(0.123456),
            Cell::money_or_empty(None),
        ]);
        t.row(&[
            Cell::money(-0.001),
            Cell::share(1.0 / 3.0),
            Cell::share(f64::NAN),
        ]);
        t.row(&[
            Cell::money(0.1 + 0.2),
            Cell::share(2.0),
            Cell::money(1e9 / 7.0),
        ]);
        assert_eq!(
            t.finish(),
            "money,share,none\r\n12.35,0.1235,\r\n0,0.3333,\r\n0.3,2,142857142.86\r\n"
        );
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(text_cell("anna@shop.lv"), Cow::Borrowed(_)));
        assert_eq!(text_cell("Rīga"), "Rīga");
    }
}
