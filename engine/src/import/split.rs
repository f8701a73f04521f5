//! Cutting decoded text into records and records into fields.
//!
//! Quoted fields may hold delimiters, doubled quotes and line breaks. Lines end in LF, CRLF or a
//! lone CR (old Mac Excel), mixed as they come. A quote that is never closed, an over-long line:
//! each is cut out as a [`Broken`] record, and reading goes on with the next line.
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

/// The longest record accepted: a longer one is left out as too long (when no quote is open)
/// or, when a quote opened in it runs over line ends, as an unclosed quote.
pub(crate) const MAX_RECORD_BYTES: usize = 1 << 20;

/// Characters of a broken record kept to show where its quote opened.
const EXCERPT_CHARS: usize = 40;

/// A quote that has run over a line end in the record being scanned. Offsets are from the
/// record's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    /// Where the quote opened.
    quote: usize,
    /// The first line end after it.
    line_end: usize,
    /// Where the line after that line end starts.
    next: usize,
}

/// Hands out complete records from text pushed in pieces.
///
/// A line ends at LF, CRLF or a lone CR (old Mac Excel), in any mix. A quoted field may run
/// over line ends, but a quote that does so and then
/// - is never closed, or only after [`MAX_RECORD_BYTES`],
/// - is closed by a quote followed by something else than a delimiter or a line end, or
/// - leaves a record whose field count does not fit the file's (see [`Splitter::set_width`])
///
/// is taken for a broken one: its first line is handed out as [`Broken::UnclosedQuote`] and
/// reading starts again at the next line, so a stray quote never swallows the rows after it.
/// Each byte is looked at a bounded number of times: a quote opening inside text already
/// scanned as quoted closes within its own run of quotes.
#[derive(Debug, Default)]
pub(crate) struct Splitter {
    buf: String,
    /// Start of the record being scanned.
    start: usize,
    /// How far the current record has been scanned.
    pos: usize,
    in_quotes: bool,
    /// Offset (from `start`) of the quote that opened the field being scanned.
    quote: usize,
    /// The first quote of the record that ran over a line end.
    span: Option<Span>,
    /// 1-based line of the record being scanned.
    line: u64,
    /// Line breaks inside the record being scanned.
    breaks: u64,
    /// Delimiter byte (quotes only open at the start of a field); `None` for whitespace files.
    delimiter: Option<u8>,
    /// Fewest and most fields a record has, once the structure is known.
    width: Option<(usize, usize)>,
    /// Bytes of an over-long record being skipped to its line end.
    discarding: Option<u64>,
}

/// A record that could not be read, already cut out: the caller accounts for it and asks for
/// the next record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Broken {
    /// A quote opened in field `field` (0-based) of the record at `line` runs over the line end
    /// and is never closed where a record could end; only that line is left out.
    UnclosedQuote {
        /// Line of the record.
        line: u64,
        /// 0-based field where the quote opened.
        field: usize,
        /// The line from the quote on, shortened.
        text: String,
    },
    /// The record at `line` is `bytes` long (UTF-8), more than [`MAX_RECORD_BYTES`].
    TooLong {
        /// Line of the record.
        line: u64,
        /// Its length in bytes of UTF-8 text.
        bytes: u64,
    },
}

impl Broken {
    /// Line of the record.
    pub fn line(&self) -> u64 {
        match self {
            Broken::UnclosedQuote { line, .. } | Broken::TooLong { line, .. } => *line,
        }
    }
}

/// Line breaks in `bytes` (LF, CRLF, lone CR), and the first one's start and length.
fn line_breaks(bytes: &[u8]) -> (u64, Option<(usize, usize)>) {
    let mut count = 0;
    let mut first = None;
    for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        let len = match (bytes[at], bytes.get(at + 1)) {
            (b'\r', Some(b'\n')) => 2,
            (b'\n', _) if at > 0 && bytes[at - 1] == b'\r' => continue, // counted at its CR
            _ => 1,
        };
        count += 1;
        first.get_or_insert((at, len));
    }
    (count, first)
}

/// `text`'s first [`EXCERPT_CHARS`] characters, with `…` when cut.
fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// Fields of `record` and how many are left once empty trailing ones are dropped.
pub(crate) fn field_counts(fields: &Fields) -> (usize, usize) {
    let filled = (0..fields.len())
        .rev()
        .find(|&i| fields.get(i).is_some_and(|f| !f.trim().is_empty()))
        .map_or(0, |i| i + 1);
    (fields.len(), filled)
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

    /// Says how many fields a record has: from `fewest` (fields after that may be missing) to
    /// `most` (empty fields after that do not count). A quoted field that runs over a line end
    /// and leaves a record outside these bounds is taken for an unclosed quote.
    pub fn set_width(&mut self, fewest: usize, most: usize) {
        if most >= 2 {
            self.width = Some((fewest.min(most), most.max(fewest)));
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
    /// its line end has already arrived, and any quoted field is a simple one (`"a, b"`: it
    /// opens at the field's start, closes right before a delimiter or the line end, and holds
    /// no quote or line break). One pass over its bytes, eight at a time, finds the delimiters
    /// and the line end together (instead of finding the end, then the delimiters); a quoted
    /// field is skipped to its closing quote and cut without its quotes, as
    /// [`Fields::split`] cuts it. `None` leaves everything as it was: read the record with
    /// [`Splitter::next_record`] and [`Fields::split`].
    pub(crate) fn next_plain_record(&mut self, fields: &mut Fields) -> Option<u64> {
        let d = self.delimiter?;
        if self.in_quotes
            || self.pos != self.start
            || self.discarding.is_some()
            || matches!(d, b'"' | b'\n' | b'\r' | 0)
        {
            return None;
        }
        let start = self.start;
        let rest = self.buf.as_bytes().get(start..)?;
        fields.text.clear();
        fields.bounds.clear();
        let mut field_start = 0;
        // A quoted field that closed right before the line end: its content.
        let mut quoted_last = None;
        let mut base = 0;
        'scan: while base < rest.len() && base <= MAX_RECORD_BYTES {
            let word = match rest.get(base..base + 8) {
                Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or([0; 8])),
                None => {
                    let mut word = [0u8; 8]; // zero padding matches none of the bytes looked for
                    word[..rest.len() - base].copy_from_slice(&rest[base..]);
                    u64::from_le_bytes(word)
                }
            };
            let mut hits = bytes_equal(word, d)
                | bytes_equal(word, b'\n')
                | bytes_equal(word, b'\r')
                | bytes_equal(word, b'"');
            while hits != 0 {
                let at = base + (hits.trailing_zeros() / 8) as usize;
                hits &= hits - 1;
                match rest[at] {
                    byte @ (b'\n' | b'\r') => {
                        let next = match (byte, rest.get(at + 1)) {
                            (b'\r', Some(b'\n')) => at + 2,
                            (b'\r', None) => break 'scan, // a LF may follow in the next piece
                            _ => at + 1,
                        };
                        if at > MAX_RECORD_BYTES {
                            break 'scan; // the general path says it is too long
                        }
                        let Some(record) = self.buf.get(start..start + at) else {
                            break 'scan;
                        };
                        fields
                            .bounds
                            .push(quoted_last.take().unwrap_or((field_start, at)));
                        fields.text.push_str(record);
                        let line = self.line;
                        self.line += self.breaks + 1;
                        self.breaks = 0;
                        self.start = start + next;
                        self.pos = self.start;
                        return Some(line);
                    }
                    b'"' if at == field_start => {
                        // A quoted field: to its closing quote, which must be a simple one.
                        let inside = at + 1;
                        let Some(close) = memchr::memchr(b'"', &rest[inside..]) else {
                            break 'scan;
                        };
                        let close = inside + close;
                        if close > MAX_RECORD_BYTES
                            || memchr::memchr2(b'\n', b'\r', &rest[inside..close]).is_some()
                        {
                            break 'scan;
                        }
                        match rest.get(close + 1) {
                            Some(&after) if after == d => {
                                fields.bounds.push((inside, close));
                                field_start = close + 2;
                                base = close + 2;
                            }
                            Some(b'\n' | b'\r') => {
                                quoted_last = Some((inside, close));
                                base = close + 1;
                            }
                            // An escaped quote, text after the closing quote, or the record's
                            // end still to come: the general path reads it.
                            _ => break 'scan,
                        }
                        continue 'scan;
                    }
                    b'"' => {} // inside a field: a quote like any other character
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
    /// the text after the final line end is a record too. `Err` hands out a record that could
    /// not be read (already cut out: call again for the next one).
    pub fn next_record(&mut self, last: bool) -> Result<Option<(u64, &str)>, Broken> {
        if self.discarding.is_some() {
            match self.discard(last) {
                Ok(()) => return Ok(None),
                Err(broken) => return Err(broken),
            }
        }
        let bytes = self.buf.as_bytes();
        let mut i = self.pos;
        while i < bytes.len() {
            if self.in_quotes {
                let found = memchr::memchr(b'"', &bytes[i..]).map(|off| i + off);
                let mut end = found.unwrap_or(bytes.len());
                if found.is_none() && !last && bytes[end - 1] == b'\r' {
                    end -= 1; // a LF may follow: count the line end once it is known
                }
                let (breaks, first) = line_breaks(&bytes[i..end]);
                self.breaks += breaks;
                if let (None, Some((at, len))) = (self.span, first) {
                    let line_end = i + at - self.start;
                    self.span = Some(Span {
                        quote: self.quote,
                        line_end,
                        next: line_end + len,
                    });
                }
                let Some(q) = found else {
                    i = end;
                    break;
                };
                match bytes.get(q + 1) {
                    Some(b'"') => i = q + 2, // an escaped quote
                    Some(&after) => {
                        self.in_quotes = false;
                        i = q + 1;
                        let clean = Some(after) == self.delimiter || matches!(after, b'\n' | b'\r');
                        if let (Some(span), false) = (self.span, clean) {
                            return Err(self.recover(span));
                        }
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
                Some(_) => memchr::memchr3(b'\n', b'\r', b'"', &bytes[i..]),
                None => memchr::memchr2(b'\n', b'\r', &bytes[i..]),
            };
            let Some(at) = found.map(|off| i + off) else {
                i = bytes.len();
                break;
            };
            if bytes[at] == b'"' {
                let at_field_start = at == self.start || Some(bytes[at - 1]) == self.delimiter;
                if at_field_start {
                    self.in_quotes = true;
                    self.quote = at - self.start;
                }
                i = at + 1;
                continue;
            }
            let next = match (bytes[at], bytes.get(at + 1)) {
                (b'\r', Some(b'\n')) => at + 2,
                (b'\r', None) if !last => {
                    i = at; // a LF may follow in the next piece
                    break;
                }
                _ => at + 1,
            };
            return self.hand_out(at, next);
        }
        self.pos = i;
        if self.pos - self.start > MAX_RECORD_BYTES {
            if let Some(span) = self.span {
                return Err(self.recover(span));
            }
            self.discarding = Some((self.pos - self.start) as u64);
            self.start = self.pos;
            self.in_quotes = false;
            return match self.discard(last) {
                Ok(()) => Ok(None),
                Err(broken) => Err(broken),
            };
        }
        if last && self.start < bytes.len() && self.pos == bytes.len() {
            if self.in_quotes {
                // The quote is never closed.
                let span = self.span.unwrap_or(Span {
                    quote: self.quote,
                    line_end: bytes.len() - self.start,
                    next: bytes.len() - self.start,
                });
                return Err(self.recover(span));
            }
            return self.hand_out(bytes.len(), bytes.len());
        }
        Ok(None)
    }

    /// Hands out the record from `start` to `end`, the next starting at `next`; or, when it is
    /// too long or its quoted line breaks leave it the wrong shape, what is wrong with it.
    fn hand_out(&mut self, end: usize, next: usize) -> Result<Option<(u64, &str)>, Broken> {
        let (start, line) = (self.start, self.line);
        if end - start > MAX_RECORD_BYTES {
            self.line += self.breaks + 1;
            self.breaks = 0;
            self.span = None;
            self.start = next;
            self.pos = next;
            return Err(Broken::TooLong {
                line,
                bytes: (end - start) as u64,
            });
        }
        if let (Some(span), Some((fewest, most)), Some(d)) = (self.span, self.width, self.delimiter)
        {
            let mut fields = Fields::default();
            fields.split(&self.buf[start..end], Delimiter::Byte(d));
            let (all, filled) = field_counts(&fields);
            if all < fewest || filled > most {
                return Err(self.recover(span));
            }
        }
        self.line += self.breaks + 1;
        self.breaks = 0;
        self.span = None;
        self.in_quotes = false;
        self.start = next;
        self.pos = next;
        Ok(Some((line, &self.buf[start..end])))
    }

    /// Cuts out the first line of the record being scanned, whose quote at `span` is taken for
    /// an unclosed one, and starts again at the next line.
    fn recover(&mut self, span: Span) -> Broken {
        let start = self.start;
        let first_line = &self.buf[start..start + span.line_end];
        let field = match self.delimiter {
            Some(d) => {
                let mut before = Fields::default();
                before.split(&first_line[..span.quote], Delimiter::Byte(d));
                before.len().saturating_sub(1)
            }
            None => 0,
        };
        let broken = Broken::UnclosedQuote {
            line: self.line,
            field,
            text: excerpt(&first_line[span.quote..]),
        };
        // Line breaks only occur inside quotes, so the first one follows this quote.
        self.line += 1;
        self.breaks = 0;
        self.in_quotes = false;
        self.span = None;
        self.start = start + span.next;
        self.pos = self.start;
        broken
    }

    /// Skips an over-long record to its line end, dropping the text as it goes.
    fn discard(&mut self, last: bool) -> Result<(), Broken> {
        let so_far = self.discarding.unwrap_or(0);
        let bytes = self.buf.as_bytes();
        let rest = &bytes[self.start..];
        let found = memchr::memchr2(b'\n', b'\r', rest).and_then(|at| {
            match (rest[at], rest.get(at + 1)) {
                (b'\r', Some(b'\n')) => Some((at, at + 2)),
                (b'\r', None) if !last => None, // a LF may follow in the next piece
                _ => Some((at, at + 1)),
            }
        });
        let Some((at, next)) = found.or(last.then_some((rest.len(), rest.len()))) else {
            let keep = usize::from(rest.last() == Some(&b'\r'));
            self.discarding = Some(so_far + (rest.len() - keep) as u64);
            self.start = bytes.len() - keep;
            self.pos = self.start;
            return Ok(());
        };
        let broken = Broken::TooLong {
            line: self.line,
            bytes: so_far + at as u64,
        };
        self.line += self.breaks + 1;
        self.breaks = 0;
        self.span = None;
        self.discarding = None;
        self.start += next;
        self.pos = self.start;
        Err(broken)
    }

    /// At the end of a sample that stops inside a quote that has run over a line end: that
    /// quote taken for an unclosed one (see [`Splitter::next_record`]), so the records after
    /// it can be looked at.
    pub(crate) fn give_up_quote(&mut self) -> Option<Broken> {
        let span = self.span.filter(|_| self.in_quotes)?;
        Some(self.recover(span))
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

    /// What the splitter hands out, a record's fields or what was wrong with it, by line.
    type Out = Vec<(u64, Vec<String>)>;

    fn broken_fields(broken: Broken) -> (u64, Vec<String>) {
        match broken {
            Broken::UnclosedQuote { line, field, text } => {
                (line, vec![format!("!quote in field {field}: {text}")])
            }
            Broken::TooLong { line, bytes } => (line, vec![format!("!{bytes} bytes")]),
        }
    }

    fn records_with(text: &str, delimiter: Delimiter, piece: usize, width: Option<usize>) -> Out {
        let mut s = Splitter::new(delimiter);
        if let Some(w) = width {
            s.set_width(w, w);
        }
        let mut fields = Fields::default();
        let mut out = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        let mut read = |s: &mut Splitter, last: bool, out: &mut Out| loop {
            match s.next_record(last) {
                Ok(Some((line, rec))) => {
                    fields.split(rec, delimiter);
                    out.push((line, fields.to_vec()));
                }
                Ok(None) => break,
                Err(broken) => out.push(broken_fields(broken)),
            }
        };
        for chunk in chars.chunks(piece.max(1)) {
            s.push(&chunk.iter().collect::<String>());
            read(&mut s, false, &mut out);
        }
        read(&mut s, true, &mut out);
        out
    }

    fn records(text: &str, delimiter: Delimiter, piece: usize) -> Out {
        records_with(text, delimiter, piece, None)
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

    #[test]
    fn cr_alone_and_mixed_line_ends_each_end_a_line() {
        let text = "a,b\r1,2\n3,4\r\n\"x\ry\",5\r\n6,\"p\r\nq\"\r7,8\r";
        for piece in 1..=8 {
            for read in [records, records_fast] {
                assert_eq!(
                    read(text, Delimiter::Byte(b','), piece),
                    vec![
                        (1, v(&["a", "b"])),
                        (2, v(&["1", "2"])),
                        (3, v(&["3", "4"])),
                        (4, v(&["x\ry", "5"])),
                        (6, v(&["6", "p\r\nq"])),
                        (8, v(&["7", "8"])),
                    ],
                    "piece {piece}"
                );
            }
        }
        assert_eq!(
            records("a b\r1 2\r", Delimiter::Whitespace, 1),
            vec![(1, v(&["a", "b"])), (2, v(&["1", "2"]))]
        );
    }

    /// Records read with the plain fast path wherever it applies, the general path otherwise.
    fn records_fast(text: &str, delimiter: Delimiter, piece: usize) -> Out {
        let mut s = Splitter::new(delimiter);
        let mut fields = Fields::default();
        let mut out = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        let mut read = |s: &mut Splitter, last: bool, out: &mut Out| loop {
            if let Some(line) = s.next_plain_record(&mut fields) {
                out.push((line, fields.to_vec()));
                continue;
            }
            match s.next_record(last) {
                Ok(Some((line, rec))) => {
                    fields.split(rec, delimiter);
                    out.push((line, fields.to_vec()));
                }
                Ok(None) => break,
                Err(broken) => out.push(broken_fields(broken)),
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
            "a,\"open\nb,c\nd,e\"x\n",
            "",
            "\n\n",
            "\r\r",
            // Simple quoted fields, read by the fast path: first, middle, last before LF, CR
            // LF and CR; empty; long across words; with a delimiter and non-ASCII inside.
            "\"a\",b,\"c, d\"\n\"\",\"\",\"\"\r\nx,\"a quoted field longer than a word\"\ry,\"ż, ł\"\n",
            // And those it leaves to the general path: an escaped quote, text after the closing
            // quote, a quote inside a field, a quote never closed, a line break inside.
            "\"a\"\"b\",c\n\"a\"b,c\nab\"c,\"d\"\n\"x\",\"y\"z\n\"p,q\nr\",s\n\"open,end",
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

    proptest::proptest! {
        #[test]
        fn any_text_is_read_by_the_fast_path_as_by_the_general_path(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "bc", ",", "\"", "\"\"", "\n", "\r", "\r\n", "ą", " ", "0123456789"]),
                0..60,
            ),
            piece in 1usize..40,
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(
                records_fast(&text, Delimiter::Byte(b','), piece),
                records(&text, Delimiter::Byte(b','), piece),
                "{:?} piece {}", text, piece
            );
        }
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
    fn a_quote_never_closed_leaves_out_its_line_only() {
        let text = "a,b,c\n1,\"x,3\n4,5,6\n7,8,9\n";
        for piece in 1..=7 {
            assert_eq!(
                records(text, Delimiter::Byte(b','), piece),
                vec![
                    (1, v(&["a", "b", "c"])),
                    (2, v(&["!quote in field 1: \"x,3"])),
                    (3, v(&["4", "5", "6"])),
                    (4, v(&["7", "8", "9"])),
                ],
                "piece {piece}"
            );
        }
        // On the last line, without a line end.
        assert_eq!(
            records("a,b\n1,\"x", Delimiter::Byte(b','), 2),
            vec![(1, v(&["a", "b"])), (2, v(&["!quote in field 1: \"x"]))]
        );
    }

    #[test]
    fn a_quote_closed_rows_later_with_text_after_it_is_unclosed() {
        // Row 2's quote would close at row 4's first quote, which a letter follows.
        let text = "id,name,amount\n1,\"Ann,10\n2,Bob,20\n3,\"Cy\",30\n";
        for piece in 1..=7 {
            assert_eq!(
                records(text, Delimiter::Byte(b','), piece),
                vec![
                    (1, v(&["id", "name", "amount"])),
                    (2, v(&["!quote in field 1: \"Ann,10"])),
                    (3, v(&["2", "Bob", "20"])),
                    (4, v(&["3", "Cy", "30"])),
                ],
                "piece {piece}"
            );
        }
    }

    #[test]
    fn a_quote_that_leaves_the_wrong_field_count_is_unclosed_when_the_width_is_known() {
        // Closed cleanly at row 4, but rows 2 to 4 would make one record of 5 fields.
        let text = "id,name,amount\n1,\"Ann,10\n2,Bob,20\n3,Cy\",30,x,y\n5,Di,50\n";
        let got = records_with(text, Delimiter::Byte(b','), 3, Some(3));
        assert_eq!(
            got,
            vec![
                (1, v(&["id", "name", "amount"])),
                (2, v(&["!quote in field 1: \"Ann,10"])),
                (3, v(&["2", "Bob", "20"])),
                (4, v(&["3", "Cy\"", "30", "x", "y"])),
                (5, v(&["5", "Di", "50"])),
            ]
        );
    }

    #[test]
    fn multi_line_quoted_fields_that_fit_are_kept() {
        let text = "name,address,amount\r\nAnn,\"1 Main St\r\nApt 4, Floor 2\",10\r\n\"Bob\nJr\",\"x\",20\r\n";
        for piece in 1..=7 {
            assert_eq!(
                records_with(text, Delimiter::Byte(b','), piece, Some(3)),
                vec![
                    (1, v(&["name", "address", "amount"])),
                    (2, v(&["Ann", "1 Main St\r\nApt 4, Floor 2", "10"])),
                    (4, v(&["Bob\nJr", "x", "20"])),
                ],
                "piece {piece}"
            );
        }
    }

    #[test]
    fn over_long_records_are_cut_out_with_their_length() {
        let long = "x".repeat(MAX_RECORD_BYTES + 10);
        let text = format!("a,b\n1,{long}\n2,3\r{long}\r\n4,5");
        for piece in [1 << 16, 1 << 21] {
            assert_eq!(
                records(&text, Delimiter::Byte(b','), piece),
                vec![
                    (1, v(&["a", "b"])),
                    (2, vec![format!("!{} bytes", long.len() + 2)]),
                    (3, v(&["2", "3"])),
                    (4, vec![format!("!{} bytes", long.len())]),
                    (5, v(&["4", "5"])),
                ],
                "piece {piece}"
            );
        }
        // A quote that opens a long field on one line is no unclosed quote, just too long.
        let text = format!("a,b\n1,\"{long}\"\n2,3\n");
        assert_eq!(
            records(&text, Delimiter::Byte(b','), 1 << 16),
            vec![
                (1, v(&["a", "b"])),
                (2, vec![format!("!{} bytes", long.len() + 4)]),
                (3, v(&["2", "3"])),
            ]
        );
        // One that runs over line ends is an unclosed quote.
        let lines = "x\n".repeat(MAX_RECORD_BYTES / 2 + 1);
        let text = format!("a\n\"open\n{lines}");
        let got = records(&text, Delimiter::Byte(b','), 1 << 16);
        assert_eq!(got[1], (2, v(&["!quote in field 0: \"open"])));
        assert_eq!(got.len(), 2 + MAX_RECORD_BYTES / 2 + 1);
    }

    #[test]
    fn many_unclosed_quotes_take_time_in_proportion_to_the_text() {
        // Every line opens a quote that runs to the end: each is cut out after one look.
        let text = "a,b\n".to_string() + &"1,\"x\n".repeat(20_000);
        let started = std::time::Instant::now();
        let got = records_with(&text, Delimiter::Byte(b','), 1 << 12, Some(2));
        assert_eq!(got.len(), 20_001);
        assert!(got[1..].iter().all(|(_, f)| f[0].starts_with("!quote")));
        assert!(started.elapsed().as_secs() < 5);
    }
}
