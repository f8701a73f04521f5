//! Cutting decoded text into records and records into fields.
//!
//! Quoted fields may hold delimiters, doubled quotes and line breaks. Lines end in LF or CRLF.
//! Works on text that arrives in pieces: a record is only handed out once its end has arrived.

use serde::{Deserialize, Serialize};

/// What separates the fields of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delimiter {
    /// One byte: `,` `;` tab `|` or any other ASCII character.
    Byte(u8),
    /// One or more spaces or tabs (fixed-width looking files such as CDNOW's); no quoting.
    Whitespace,
}

impl Delimiter {
    /// The delimiter in words, for the preview.
    pub fn describe(self) -> String {
        match self {
            Delimiter::Byte(b'\t') => "tab".into(),
            Delimiter::Byte(b) => (b as char).to_string(),
            Delimiter::Whitespace => "spaces".into(),
        }
    }
}

/// `text` without surrounding white space (Unicode's, so no-break spaces too), returning early
/// when both ends are visible ASCII, as nearly every cell is. Always inlined: it runs on every
/// cell, and the size-optimised builds (`opt-level = "z"`) would otherwise call it.
#[inline(always)]
pub(crate) fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Bytes of a word with every bit set except the top one.
const LOW_SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The top bit of each byte of `word` that equals `byte`, and no other bit. Exact: a byte's
/// low seven bits plus 0x7f carry into its top bit only when they are not all zero, and never
/// into the next byte.
#[inline(always)]
fn bytes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    !(((x & LOW_SEVEN).wrapping_add(LOW_SEVEN)) | x | LOW_SEVEN)
}

/// The longest record accepted, so a quote that is never closed cannot swallow the whole file.
pub(crate) const MAX_RECORD_BYTES: usize = 1 << 20;

/// Hands out complete records from text pushed in pieces.
#[derive(Debug, Default)]
pub(crate) struct Splitter {
    buf: String,
    /// Start of the record being scanned.
    start: usize,
    /// How far the current record has been scanned.
    pos: usize,
    in_quotes: bool,
    /// 1-based line of the record being scanned.
    line: u64,
    /// Line breaks inside the record being scanned.
    breaks: u64,
    /// Delimiter byte (quotes only open at the start of a field); `None` for whitespace files.
    delimiter: Option<u8>,
}

/// A record was too long: a quote opened at `line` is probably never closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RunawayQuote {
    /// Line where the record starts.
    pub line: u64,
}

impl Splitter {
    /// A splitter for records whose fields are separated by `delimiter`.
    pub fn new(delimiter: Delimiter) -> Self {
        Splitter {
            line: 1,
            delimiter: match delimiter {
                Delimiter::Byte(b) => Some(b),
                Delimiter::Whitespace => None,
            },
            ..Splitter::default()
        }
    }

    /// Appends text. Records already handed out are dropped from the buffer.
    pub fn push(&mut self, text: &str) {
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.pos -= self.start;
            self.start = 0;
        }
        self.buf.push_str(text);
    }

    /// Appends text written by `write` straight into the buffer (no copy through a scratch
    /// string). Records already handed out are dropped from the buffer first.
    pub(crate) fn push_with(&mut self, write: impl FnOnce(&mut String)) {
        self.push("");
        write(&mut self.buf);
    }

    /// The next record cut straight into `fields` and its 1-based line, when it is a plain one:
    /// no quote before its line break, which has already arrived. One pass over its bytes, eight
    /// at a time, finds the delimiters and the line end together (instead of finding the end,
    /// then the delimiters). `None` leaves everything as it was: read the record with
    /// [`Splitter::next_record`] and [`Fields::split`].
    pub(crate) fn next_plain_record(&mut self, fields: &mut Fields) -> Option<u64> {
        let d = self.delimiter?;
        if self.in_quotes || self.pos != self.start || matches!(d, b'"' | b'\n' | 0) {
            return None;
        }
        let start = self.start;
        let rest = self.buf.as_bytes().get(start..)?;
        fields.text.clear();
        fields.bounds.clear();
        let mut field_start = 0;
        let mut base = 0;
        let mut unread = rest;
        'scan: while !unread.is_empty() {
            let word = match unread.split_first_chunk::<8>() {
                Some((eight, more)) => {
                    unread = more;
                    u64::from_le_bytes(*eight)
                }
                None => {
                    let mut word = [0u8; 8]; // zero padding matches none of the bytes looked for
                    word[..unread.len()].copy_from_slice(unread);
                    unread = &[];
                    u64::from_le_bytes(word)
                }
            };
            let mut hits =
                bytes_equal(word, d) | bytes_equal(word, b'\n') | bytes_equal(word, b'"');
            while hits != 0 {
                let at = base + (hits.trailing_zeros() / 8) as usize;
                hits &= hits - 1;
                match rest[at] {
                    b'\n' => {
                        let end = if at > field_start && rest[at - 1] == b'\r' {
                            at - 1
                        } else {
                            at
                        };
                        let Some(record) = self.buf.get(start..start + end) else {
                            break 'scan;
                        };
                        fields.bounds.push((field_start, end));
                        fields.text.push_str(record);
                        let line = self.line;
                        self.line += self.breaks + 1;
                        self.breaks = 0;
                        self.start = start + at + 1;
                        self.pos = self.start;
                        return Some(line);
                    }
                    b'"' => break 'scan, // the general path reads quoted records
                    _ => {
                        fields.bounds.push((field_start, at));
                        field_start = at + 1;
                    }
                }
            }
            base += 8;
        }
        fields.text.clear();
        fields.bounds.clear();
        None
    }

    /// The next complete record and its 1-based line, without the line ending. With `last`,
    /// the text after the final line break is a record too.
    pub fn next_record(&mut self, last: bool) -> Result<Option<(u64, &str)>, RunawayQuote> {
        let bytes = self.buf.as_bytes();
        let mut i = self.pos;
        let newlines = |range: &[u8]| memchr::memchr_iter(b'\n', range).count() as u64;
        while i < bytes.len() {
            if self.in_quotes {
                let Some(q) = memchr::memchr(b'"', &bytes[i..]).map(|off| i + off) else {
                    self.breaks += newlines(&bytes[i..]);
                    i = bytes.len();
                    break;
                };
                self.breaks += newlines(&bytes[i..q]);
                match bytes.get(q + 1) {
                    Some(b'"') => i = q + 2, // an escaped quote
                    Some(_) => {
                        self.in_quotes = false;
                        i = q + 1;
                    }
                    None if last => {
                        self.in_quotes = false;
                        i = q + 1;
                    }
                    None => {
                        i = q; // an escaped quote may follow in the next piece
                        break;
                    }
                }
                continue;
            }
            let found = match self.delimiter {
                Some(_) => memchr::memchr2(b'\n', b'"', &bytes[i..]),
                None => memchr::memchr(b'\n', &bytes[i..]),
            };
            let Some(at) = found.map(|off| i + off) else {
                i = bytes.len();
                break;
            };
            if bytes[at] == b'"' {
                let at_field_start = at == self.start || Some(bytes[at - 1]) == self.delimiter;
                self.in_quotes = at_field_start;
                i = at + 1;
                continue;
            }
            let (start, mut end) = (self.start, at);
            if end > start && bytes[end - 1] == b'\r' {
                end -= 1;
            }
            let line = self.line;
            self.line += self.breaks + 1;
            self.breaks = 0;
            self.start = at + 1;
            self.pos = at + 1;
            return Ok(Some((line, &self.buf[start..end])));
        }
        self.pos = i;
        if self.pos - self.start > MAX_RECORD_BYTES {
            return Err(RunawayQuote { line: self.line });
        }
        if last && self.start < bytes.len() && self.pos == bytes.len() {
            let (start, mut end) = (self.start, bytes.len());
            if bytes[end - 1] == b'\r' {
                end -= 1;
            }
            let line = self.line;
            self.line += self.breaks + 1;
            self.breaks = 0;
            self.in_quotes = false;
            self.start = bytes.len();
            return Ok(Some((line, &self.buf[start..end])));
        }
        Ok(None)
    }
}

/// The fields of one record, reusing their storage from record to record.
#[derive(Debug, Default, Clone)]
pub(crate) struct Fields {
    text: String,
    /// Start and end of each field in `text`.
    bounds: Vec<(usize, usize)>,
}

impl Fields {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Field `i` (0-based), if the record has it.
    #[inline(always)]
    pub fn get(&self, i: usize) -> Option<&str> {
        let &(start, end) = self.bounds.get(i)?;
        self.text.get(start..end)
    }

    /// All fields.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// True when every field is empty or spaces (a blank line, or one of only delimiters).
    pub(crate) fn is_blank(&self) -> bool {
        // Nearly every record starts with a visible character: decided by one byte.
        let starts_visible = self
            .bounds
            .first()
            .and_then(|&(start, end)| self.text.as_bytes()[start..end].first())
            .is_some_and(u8::is_ascii_graphic);
        !starts_visible && self.iter().all(|field| field.trim().is_empty())
    }

    /// The fields as owned strings.
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }

    /// Cuts `record` into fields.
    pub fn split(&mut self, record: &str, delimiter: Delimiter) {
        self.text.clear();
        self.bounds.clear();
        match delimiter {
            Delimiter::Whitespace => {
                for field in record.split_ascii_whitespace() {
                    self.push(field);
                }
            }
            Delimiter::Byte(d) => {
                if !self.split_unquoted(record, d) {
                    self.text.clear();
                    self.bounds.clear();
                    self.split_quoted(record, d);
                }
            }
        }
    }

    /// Cuts a record without quotes in one pass: one copy of the record, fields are the spans
    /// between delimiters. False (leaving partial fields) when a quote is met.
    fn split_unquoted(&mut self, record: &str, d: u8) -> bool {
        let bytes = record.as_bytes();
        let mut start = 0;
        for at in memchr::memchr2_iter(d, b'"', bytes) {
            if bytes[at] == b'"' {
                return false;
            }
            self.bounds.push((start, at));
            start = at + 1;
        }
        self.bounds.push((start, record.len()));
        self.text.push_str(record);
        true
    }

    fn push(&mut self, field: &str) {
        let start = self.text.len();
        self.text.push_str(field);
        self.bounds.push((start, self.text.len()));
    }

    fn split_quoted(&mut self, record: &str, d: u8) {
        let b = record.as_bytes();
        let find =
            |from: usize, what: u8| b[from..].iter().position(|&c| c == what).map(|p| p + from);
        let mut i = 0;
        loop {
            let start = self.text.len();
            if b.get(i) == Some(&b'"') {
                i += 1;
                loop {
                    match find(i, b'"') {
                        Some(q) if b.get(q + 1) == Some(&b'"') => {
                            self.text.push_str(&record[i..=q]);
                            i = q + 2;
                        }
                        Some(q) => {
                            self.text.push_str(&record[i..q]);
                            i = q + 1;
                            break;
                        }
                        None => {
                            self.text.push_str(&record[i..]);
                            i = b.len();
                            break;
                        }
                    }
                }
            }
            // Unquoted field, or what stands between a closing quote and the delimiter.
            let end = find(i, d).unwrap_or(b.len());
            self.text.push_str(&record[i..end]);
            self.bounds.push((start, self.text.len()));
            if end >= b.len() {
                break;
            }
            i = end + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str, delimiter: Delimiter, piece: usize) -> Vec<(u64, Vec<String>)> {
        let mut s = Splitter::new(delimiter);
        let mut fields = Fields::default();
        let mut out = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        for chunk in chars.chunks(piece.max(1)) {
            s.push(&chunk.iter().collect::<String>());
            while let Some((line, rec)) = s.next_record(false).unwrap() {
                fields.split(rec, delimiter);
                out.push((line, fields.to_vec()));
            }
        }
        while let Some((line, rec)) = s.next_record(true).unwrap() {
            fields.split(rec, delimiter);
            out.push((line, fields.to_vec()));
        }
        out
    }

    fn v(fields: &[&str]) -> Vec<String> {
        fields.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn quotes_line_breaks_and_crlf_in_any_piece_size() {
        let text = "a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\r\n\r\nlast,5\" screen";
        for piece in [1, 2, 3, 7, 100] {
            assert_eq!(
                records(text, Delimiter::Byte(b','), piece),
                vec![
                    (1, v(&["a", "b"])),
                    (2, v(&["x, \"y\"", "two\nlines"])),
                    (4, v(&[""])),
                    (5, v(&["last", "5\" screen"])),
                ],
                "piece {piece}"
            );
        }
    }

    /// Records read with the plain fast path wherever it applies, the general path otherwise.
    fn records_fast(text: &str, delimiter: Delimiter, piece: usize) -> Vec<(u64, Vec<String>)> {
        let mut s = Splitter::new(delimiter);
        let mut fields = Fields::default();
        let mut out = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        let mut read = |s: &mut Splitter, last: bool, out: &mut Vec<_>| loop {
            if let Some(line) = s.next_plain_record(&mut fields) {
                out.push((line, fields.to_vec()));
                continue;
            }
            match s.next_record(last).unwrap() {
                Some((line, rec)) => {
                    fields.split(rec, delimiter);
                    out.push((line, fields.to_vec()));
                }
                None => break,
            }
        };
        for chunk in chars.chunks(piece.max(1)) {
            s.push(&chunk.iter().collect::<String>());
            read(&mut s, false, &mut out);
        }
        read(&mut s, true, &mut out);
        out
    }

    #[test]
    fn plain_records_read_in_one_pass_as_by_the_general_path() {
        let texts = [
            "a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\r\n\r\nlast,5\" screen",
            "order_id,email,date\n#1001,Ann@Shop.com,2024-03-05 10:00:00 +0100\n#1002,,\n,\n\n",
            "a,bcdefgh,ijklmnopq,\r\n,,,\r\nxyz\rabc,1\r\r\n",
            "long field without any delimiter at all, well, some\nend",
            "ąę,żółw,日本\n\"q\",x\ny,\"z\"\n",
            "",
            "\n\n",
        ];
        for text in texts {
            for piece in [1, 2, 3, 7, 9, 100] {
                assert_eq!(
                    records_fast(text, Delimiter::Byte(b','), piece),
                    records(text, Delimiter::Byte(b','), piece),
                    "{text:?} piece {piece}"
                );
            }
        }
        assert_eq!(
            records_fast("a;b\n1;2\n", Delimiter::Byte(b';'), 100),
            vec![(1, v(&["a", "b"])), (2, v(&["1", "2"]))]
        );
    }

    #[test]
    fn equal_bytes_are_found_exactly() {
        for byte in [0u8, 1, b',', b'"', b'\n', 0x7f, 0x80, 0xff] {
            for other in [0u8, 1, b',', b'"', b'\n', 0x7f, 0x80, 0xfe, 0xff] {
                let word = u64::from_le_bytes([byte, other, byte, byte, other, other, byte, other]);
                let want: u64 = [byte, other, byte, byte, other, other, byte, other]
                    .iter()
                    .enumerate()
                    .filter(|(_, &b)| b == byte)
                    .map(|(i, _)| 0x80u64 << (8 * i))
                    .sum();
                assert_eq!(bytes_equal(word, byte), want, "{byte} {other}");
            }
        }
    }

    #[test]
    fn whitespace_runs() {
        assert_eq!(
            records(" 00001 19970101  1   11.77\r\n", Delimiter::Whitespace, 4),
            vec![(1, v(&["00001", "19970101", "1", "11.77"]))]
        );
    }

    #[test]
    fn runaway_quote_is_reported_with_its_line() {
        let mut s = Splitter::new(Delimiter::Byte(b','));
        s.push("a\n\"open");
        assert!(s.next_record(false).unwrap().is_some());
        s.push(&"x\n".repeat(MAX_RECORD_BYTES / 2 + 1));
        assert_eq!(s.next_record(false), Err(RunawayQuote { line: 2 }));
    }
}
