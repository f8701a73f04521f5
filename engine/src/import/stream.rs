//! [`StreamingImport`]: the importer fed chunk by chunk (the worker reads the browser `File` as a
//! stream), with memory bounded by the orders, not the file: the text is decoded incrementally
//! and only the record being read is kept.

use super::build::{Builder, NumberColumn};
use super::columns::{ColumnMap, Role};
use super::dates::DateOrder;
use super::decode::{self, TextDecoder, DETECT_BYTES};
use super::numbers::{parse_amount, DecimalSeparator, SeparatorEvidence};
use super::sniff;
use super::split::{Delimiter, Fields, Splitter};
use super::summary_input::rebuild_orders;
use super::{ColumnInfo, ImportInfo, ImportOptions, Imported};
use crate::error::{Error, ImportError, ImportErrorKind};
use crate::progress::{Progress, Stage};
use crate::warning::Warning;

/// Decoded text looked at to decide the structure before rows are read.
pub const SAMPLE_CHARS: usize = 256 * 1024;
/// Rows the tables are sized for up front, at most.
const MAX_RESERVED_ROWS: u64 = 20_000_000;
/// Records of the sample used to decide decimal separators and roles.
const SAMPLE_RECORDS: usize = 2_000;
/// Records cut before they are read, so their customers are looked up together.
const BATCH_RECORDS: usize = 32;

/// Reads a file pushed in chunks.
///
/// In the worker: build the options with [`ImportOptions::for_browser`] (and
/// [`ImportOptions::today`] from the page's clock), call [`StreamingImport::with_total_bytes`]
/// with the `File`'s size (a file over the limit is refused before a byte is read), then
/// [`StreamingImport::push`] each chunk as it arrives and post [`StreamingImport::progress`] to
/// the page; [`StreamingImport::finish`] hands back the orders for [`crate::Report::build`].
/// To cancel, drop the import. The first ~256 KiB are held until the structure is decided;
/// after that only the record being read is kept, so memory follows the orders, not the file.
///
/// ```
/// use clv_engine::import::{ImportOptions, StreamingImport};
///
/// let file = "customer,date,amount\nann,2024-03-05,10\nbob,2024-03-06,5\n".as_bytes();
/// let mut import = StreamingImport::new(ImportOptions::new()).with_total_bytes(file.len() as u64)?;
/// for chunk in file.chunks(7) {
///     import.push(chunk)?;
///     let _fraction = import.progress().fraction(); // for the progress bar
/// }
/// let imported = import.finish()?;
/// assert_eq!(imported.rows.imported, 2);
/// # Ok::<(), clv_engine::Error>(())
/// ```
pub struct StreamingImport {
    options: ImportOptions,
    bytes_in: u64,
    total_bytes: Option<u64>,
    state: State,
}

enum State {
    /// Collecting the first bytes to decide the encoding.
    Detecting(Vec<u8>),
    /// Collecting the first text to decide the structure.
    Sampling {
        decoder: TextDecoder,
        text: String,
        source: &'static str,
    },
    /// Reading rows.
    Reading(Box<Reader>),
    /// An error was returned; nothing more is read.
    Failed,
}

/// The state while reading rows.
pub(crate) struct Reader {
    decoder: TextDecoder,
    splitter: Splitter,
    fields: Fields,
    /// Records cut but not yet read, with their lines (see [`Reader::drain`]).
    batch: Vec<(u64, Fields)>,
    delimiter: Delimiter,
    header_line: Option<u64>,
    pub(crate) builder: Builder,
    pub(crate) info: ImportInfo,
    warnings: Vec<Warning>,
    date_order_hint: DateOrder,
    /// Data records in the sample the structure was decided on.
    sample_rows: u64,
}

impl StreamingImport {
    /// A new import with `options`.
    pub fn new(options: ImportOptions) -> Self {
        StreamingImport {
            options,
            bytes_in: 0,
            total_bytes: None,
            state: State::Detecting(Vec::new()),
        }
    }

    /// Says how big the file is (for progress), refusing it up front when it is over
    /// [`ImportOptions::max_bytes`].
    pub fn with_total_bytes(mut self, total: u64) -> Result<Self, Error> {
        if let Some(limit) = self.options.max_bytes {
            if total > limit {
                return Err(ImportError::new(ImportErrorKind::TooLarge {
                    bytes: total,
                    limit,
                })
                .into());
            }
        }
        self.total_bytes = Some(total);
        Ok(self)
    }

    /// Bytes pushed so far, out of the total when known.
    pub fn progress(&self) -> Progress {
        Progress::new(
            Stage::Reading,
            self.bytes_in,
            self.total_bytes.unwrap_or(self.bytes_in).max(self.bytes_in),
        )
    }

    /// Reads the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.bytes_in += chunk.len() as u64;
        let result = self.advance(chunk, false);
        if result.is_err() {
            self.state = State::Failed;
        }
        result
    }

    /// Reads what is left and hands back the orders and the account of every row.
    pub fn finish(mut self) -> Result<Imported, Error> {
        self.advance(&[], true)?;
        let State::Reading(reader) = std::mem::replace(&mut self.state, State::Failed) else {
            return Err(ImportError::new(ImportErrorKind::Empty).into());
        };
        reader.finish(&self.options, self.bytes_in)
    }

    fn advance(&mut self, chunk: &[u8], last: bool) -> Result<(), Error> {
        if let State::Detecting(raw) = &mut self.state {
            raw.extend_from_slice(chunk);
            if raw.len() < DETECT_BYTES && !last {
                return Ok(());
            }
            let raw = std::mem::take(raw);
            self.state = start_decoding(&raw, last, &self.options)?;
            return self.after_sampling(last);
        }
        if let State::Sampling { decoder, text, .. } = &mut self.state {
            decoder.decode(chunk, text, last);
            return self.after_sampling(last);
        }
        match &mut self.state {
            State::Reading(reader) => reader.read(chunk, last, &self.options),
            State::Failed => Err(ImportError::new(ImportErrorKind::Malformed(
                "the file could not be read".into(),
            ))
            .into()),
            _ => Ok(()),
        }
    }

    fn after_sampling(&mut self, last: bool) -> Result<(), Error> {
        let State::Sampling { text, .. } = &self.state else {
            return Ok(());
        };
        if text.len() < SAMPLE_CHARS && !last {
            return Ok(());
        }
        let State::Sampling {
            decoder,
            text,
            source,
        } = std::mem::replace(&mut self.state, State::Failed)
        else {
            return Ok(());
        };
        let mut reader = Reader::start(decoder, &text, source, last, &self.options)?;
        if let (Some(total), false) = (self.total_bytes, last) {
            // Size the tables once instead of growing them (and copying) as rows arrive.
            let per_row = text.len() as u64 / reader.sample_rows.max(1);
            let cap = self.options.max_rows.unwrap_or(MAX_RESERVED_ROWS);
            let rows = (total / per_row.max(1)).min(MAX_RESERVED_ROWS).min(cap);
            reader.builder.reserve(rows as usize);
        }
        reader.splitter.push(&text);
        reader.drain(false, &self.options)?;
        self.state = State::Reading(Box::new(reader));
        if last {
            if let State::Reading(reader) = &mut self.state {
                reader.read(&[], true, &self.options)?;
            }
        }
        Ok(())
    }
}

/// A reader with the structure decided from `bytes`, the start of a file (all of it when
/// `complete`), its records not yet read (for the preview).
pub(crate) fn preview_reader(
    bytes: &[u8],
    complete: bool,
    options: &ImportOptions,
) -> Result<Box<Reader>, Error> {
    let State::Sampling {
        mut decoder,
        mut text,
        source,
    } = start_decoding(bytes, complete, options)?
    else {
        return Err(ImportError::new(ImportErrorKind::Empty).into());
    };
    decoder.decode(&[], &mut text, complete);
    let mut reader = Reader::start(decoder, &text, source, complete, options)?;
    reader.splitter.push(&text);
    Ok(Box::new(reader))
}

/// Decides the encoding from the first bytes and decodes them.
fn start_decoding(raw: &[u8], last: bool, options: &ImportOptions) -> Result<State, Error> {
    let (encoding, source) = match &options.encoding {
        Some(label) => (
            decode::by_label(label)
                .ok_or_else(|| ImportError::new(ImportErrorKind::UnknownEncoding(label.clone())))?,
            "chosen",
        ),
        None if encoding_rs::Encoding::for_bom(raw).is_some() => (decode::detect(raw, last), "bom"),
        None => (decode::detect(raw, last), "detected"),
    };
    let mut decoder = TextDecoder::new(encoding);
    let mut text = String::new();
    decoder.decode(raw, &mut text, last);
    Ok(State::Sampling {
        decoder,
        text,
        source,
    })
}

/// Control characters (Unicode's `Cc`, as `char::is_control`) other than tab and line breaks,
/// counted on the bytes instead of decoding every character: C0 controls and DEL are single
/// bytes, C1 controls (U+0080–U+009F) are 0xC2 followed by 0x80–0x9F.
fn control_characters(text: &str) -> usize {
    let bytes = text.as_bytes();
    let c0 = bytes
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n')) || b == 0x7f)
        .count();
    let c1 = memchr::memchr_iter(0xc2, bytes)
        .filter(|&at| bytes.get(at + 1).is_some_and(|b| (0x80..=0x9f).contains(b)))
        .count();
    c0 + c1
}

/// Locale hints: a `;` delimiter, a comma decimal separator or a Central/Eastern European
/// code page point to day-first dates; otherwise month-first only for `$` amounts.
fn date_order_hint(
    delimiter: Delimiter,
    decimal: DecimalSeparator,
    encoding: &str,
    sample: &str,
) -> DateOrder {
    let european = delimiter == Delimiter::Byte(b';')
        || decimal == DecimalSeparator::Comma
        || matches!(
            encoding,
            "windows-1250" | "windows-1251" | "ISO-8859-2" | "KOI8-R" | "IBM866"
        );
    let dollars = sample.contains('$') && !sample.contains("NT$");
    if !european && dollars {
        DateOrder::MonthFirst
    } else {
        DateOrder::DayFirst
    }
}

impl Reader {
    fn start(
        decoder: TextDecoder,
        text: &str,
        source: &'static str,
        last: bool,
        options: &ImportOptions,
    ) -> Result<Reader, Error> {
        if text.trim().is_empty() {
            return Err(ImportError::new(ImportErrorKind::Empty).into());
        }
        let controls = control_characters(text);
        if text.contains('\0') || controls * 100 > text.len().max(1) {
            return Err(ImportError::new(ImportErrorKind::NotText).into());
        }
        let delimiter = options
            .delimiter
            .unwrap_or_else(|| sniff::sniff_delimiter(text, last));
        let records = sniff::sample_records(text, delimiter, last, SAMPLE_RECORDS);
        let guess = sniff::find_header(&records, options.has_header);
        let data: Vec<(u64, Vec<String>)> = records
            .into_iter()
            .filter(|(line, _)| guess.line.is_none_or(|h| *line > h))
            .collect();
        let (map, headers) = match guess.line {
            Some(_) => (
                ColumnMap::detect(&guess.headers, &options.column_map),
                guess.headers.clone(),
            ),
            None => {
                let numbers: Vec<String> = (1..=guess.columns).map(|i| i.to_string()).collect();
                let map = if options.column_map.is_empty() {
                    sniff::infer_roles(&data, guess.columns)
                } else {
                    ColumnMap::from_overrides(&options.column_map, &numbers)
                };
                (map, numbers)
            }
        };
        let missing = map.missing();
        if let Some(role) = missing.first() {
            let kind = match guess.line {
                None => ImportErrorKind::NoHeader {
                    columns: guess.columns,
                    missing: *role,
                },
                Some(_) => ImportErrorKind::MissingColumn {
                    role: *role,
                    found: headers.clone(),
                },
            };
            let err = ImportError::new(kind);
            return Err(match guess.line {
                Some(line) => err.at_line(line),
                None => err,
            }
            .into());
        }
        let mut warnings = Vec::new();
        if guess.line.is_none() && options.column_map.is_empty() {
            // Each guessed role's 1-based column number, under the role's name.
            let guessed: Vec<(Role, usize)> =
                [Role::Customer, Role::Date, Role::Amount, Role::Quantity]
                    .iter()
                    .filter_map(|r| map.index(*r).map(|i| (*r, i + 1)))
                    .collect();
            warnings.push(Warning::NoHeader { guessed });
        }
        let number_column = |role: Role| {
            let index = map.index(role);
            let mut evidence = SeparatorEvidence::default();
            if let Some(i) = index {
                for (_, f) in &data {
                    if let Some(a) = f.get(i).and_then(|c| parse_amount(c)) {
                        evidence.add(&a);
                    }
                }
            }
            (index, evidence)
        };
        let (amount_index, amount_evidence) = number_column(Role::Amount);
        let comma_hint = delimiter == Delimiter::Byte(b';')
            || matches!(
                decoder.encoding().name(),
                "windows-1250" | "windows-1251" | "ISO-8859-2" | "KOI8-R" | "IBM866"
            );
        let hinted = if comma_hint {
            DecimalSeparator::Comma
        } else {
            DecimalSeparator::Dot
        };
        let amount_sep = options
            .decimal_separator
            .or(amount_evidence.decided())
            .unwrap_or(hinted);
        let column = |role: Role| {
            let (index, evidence) = number_column(role);
            NumberColumn {
                index,
                separator: options
                    .decimal_separator
                    .or(evidence.decided())
                    .unwrap_or(amount_sep),
                evidence: SeparatorEvidence::default(),
            }
        };
        let amount = NumberColumn {
            index: amount_index,
            separator: amount_sep,
            evidence: SeparatorEvidence::default(),
        };
        let builder = Builder::new(
            map.clone(),
            headers.clone(),
            amount,
            column(Role::Refunded),
            column(Role::Quantity),
        );
        let encoding = decoder.encoding().name().to_string();
        let date_order_hint = date_order_hint(delimiter, amount_sep, &encoding, text);
        let columns = headers
            .iter()
            .enumerate()
            .map(|(i, h)| ColumnInfo {
                number: i + 1,
                header: h.clone(),
                role: map.role_of(i),
                segment: !map.is_summary() && map.role_of(i).is_none_or(|r| r.is_segment()),
            })
            .collect();
        let info = ImportInfo {
            encoding,
            encoding_source: source.to_string(),
            delimiter: delimiter.describe(),
            preset: map.preset,
            header_line: guess.line,
            columns,
            date_order: None,
            decimal_separator: amount_sep,
            bytes: 0,
        };
        Ok(Reader {
            decoder,
            splitter: Splitter::new(delimiter),
            fields: Fields::default(),
            batch: Vec::with_capacity(BATCH_RECORDS),
            delimiter,
            header_line: guess.line,
            builder,
            info,
            warnings,
            date_order_hint,
            sample_rows: data.len() as u64,
        })
    }

    fn read(&mut self, chunk: &[u8], last: bool, options: &ImportOptions) -> Result<(), Error> {
        let decoder = &mut self.decoder;
        self.splitter
            .push_with(|buf| decoder.decode(chunk, buf, last));
        self.drain(last, options)
    }

    /// Reads every complete record waiting in the splitter, in batches: up to
    /// [`BATCH_RECORDS`] records are cut, their customers looked up together (see
    /// [`Builder::known_customer`]), then the rows are read in order. Nothing changes but
    /// when the look-ups wait for memory: the rows, their order and the errors are the same.
    fn drain(&mut self, last: bool, options: &ImportOptions) -> Result<(), Error> {
        let mut fingerprints = [None; BATCH_RECORDS];
        loop {
            let mut cut = 0;
            let mut stop = Ok(true); // Ok(true): records may remain; Ok(false): none left
            while cut < BATCH_RECORDS {
                if self.batch.len() == cut {
                    self.batch.push((0, Fields::default()));
                }
                let (line, fields) = &mut self.batch[cut];
                *line = match self.splitter.next_plain_record(fields) {
                    Some(line) => line,
                    None => match self.splitter.next_record(last) {
                        Ok(Some((line, record))) => {
                            fields.split(record, self.delimiter);
                            line
                        }
                        Ok(None) => {
                            stop = Ok(false);
                            break;
                        }
                        Err(e) => {
                            stop = Err(e);
                            break;
                        }
                    },
                };
                if self.header_line.is_some_and(|h| *line <= h) || fields.is_blank() {
                    continue;
                }
                cut += 1;
            }
            let batch = &self.batch[..cut];
            for ((_, fields), fp) in batch.iter().zip(&mut fingerprints) {
                *fp = self.builder.customer_fingerprint(fields);
            }
            let mut known = [None; BATCH_RECORDS];
            for (fp, customer) in fingerprints[..cut].iter().zip(&mut known) {
                *customer = fp.and_then(|fp| self.builder.known_customer(fp));
            }
            for ((line, fields), customer) in batch.iter().zip(known) {
                if let Some(limit) = options.max_rows {
                    if self.builder.rows.total >= limit {
                        return Err(ImportError::new(ImportErrorKind::TooManyRows { limit })
                            .at_line(*line)
                            .into());
                    }
                }
                self.builder.row_of_customer(*line, fields, customer);
            }
            match stop {
                Ok(true) => {}
                Ok(false) => return Ok(()),
                Err(e) => {
                    return Err(ImportError::new(ImportErrorKind::UnclosedQuote)
                        .at_line(e.line)
                        .into())
                }
            }
        }
    }

    /// The next data record (for the preview): line and fields.
    pub(crate) fn next_data_record(&mut self, last: bool) -> Option<(u64, Fields)> {
        loop {
            let (line, record) = self.splitter.next_record(last).ok()??;
            if self.header_line.is_some_and(|h| line <= h) {
                continue;
            }
            self.fields.split(record, self.delimiter);
            if !self.fields.is_blank() {
                return Some((line, self.fields.clone()));
            }
        }
    }

    /// The date order used when the dates say nothing.
    pub(crate) fn date_order_hint(&self) -> DateOrder {
        self.date_order_hint
    }

    fn finish(self: Box<Self>, options: &ImportOptions, bytes: u64) -> Result<Imported, Error> {
        let Reader {
            decoder,
            builder,
            mut info,
            mut warnings,
            date_order_hint,
            ..
        } = *self;
        let order = options.date_order.unwrap_or(date_order_hint);
        let finished = builder.finish(order, options.date_order.is_some(), options.today);
        if decoder.replaced {
            let encoding = decoder.encoding().name();
            warnings.push(Warning::UndecodableCharacters {
                encoding: encoding.to_string(),
            });
        }
        warnings.extend(finished.warnings);
        info.date_order = finished.date_order;
        info.bytes = bytes;
        let mut imported = Imported {
            log: finished.log,
            rows: finished.rows,
            skipped_rows: finished.skipped,
            warnings,
            info,
            customer_summary: None,
            analysis_date_hint: None,
        };
        if let Some(rows) = finished.summary {
            let (log, end, warning) =
                rebuild_orders(&rows, options.summary_time_unit, options.summary_end_date);
            imported.log = log;
            imported.analysis_date_hint = Some(end);
            imported.warnings.push(warning);
            imported.customer_summary = Some(rows);
        }
        Ok(imported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::generated_order_export;

    /// A generated export past the sample size with awkward rows spliced in: a new customer
    /// twice in a row, a non-ASCII key, a line item of the previous order, a bad date.
    fn awkward_export() -> (Vec<u8>, u64) {
        let file = String::from_utf8(generated_order_export(9_000)).unwrap_or_default();
        let mut out = String::new();
        let mut spliced = 0;
        for (i, line) in file.lines().enumerate() {
            out.push_str(line);
            out.push('\n');
            if i % 997 == 5 {
                spliced += 1;
                out.push_str(&format!("#n{i},New{i}@Shop.com,2024-05-01,10.00,web\n"));
                out.push_str(&format!("#m{i},new{i}@shop.com ,2024-05-02,11.50,pos\n"));
                out.push_str(&format!("#m{i},NEW{i}@shop.com,2024-05-02,1.25,pos\n"));
                out.push_str(&format!("#p{i},Łukasz{i}@Shop.pl,2024-05-03,7,web\n"));
                out.push_str(&format!("#q{i},łukasz{i}@shop.pl,2024-05-04,8,\n"));
                out.push_str(&format!("#r{i},Customer7@Example.com,soon,9,web\n"));
            }
        }
        (out.into_bytes(), spliced)
    }

    #[test]
    fn control_characters_counted_on_bytes_as_on_chars() {
        let text: String = (0u32..0x3000)
            .filter_map(char::from_u32)
            .chain("a\tb\r\n\u{7f}\u{80}\u{9f}\u{a0}¡€日本".chars())
            .collect();
        let want = text
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
            .count();
        assert_eq!(control_characters(&text), want);
        assert_eq!(control_characters("order_id,email\n#1,ą@x\r\n"), 0);
    }

    #[test]
    fn rows_read_in_batches_or_one_by_one_give_the_same_result() {
        let (file, spliced) = awkward_export();
        assert!(file.len() > 2 * SAMPLE_CHARS);
        let batched = crate::read_orders(&file, &ImportOptions::new()).unwrap();
        // Chunks shorter than a row: after the sample, each push completes at most one row.
        let mut import = StreamingImport::new(ImportOptions::new());
        for chunk in file.chunks(50) {
            import.push(chunk).unwrap();
        }
        let one_by_one = import.finish().unwrap();
        assert_eq!(batched, one_by_one);
        let customers = &batched.log.customers;
        assert!(customers.iter().any(|c| c == "łukasz5@shop.pl"));
        assert_eq!(
            customers.iter().filter(|c| c.starts_with("new5@")).count(),
            1
        );
        assert_eq!(spliced, 10);
        assert_eq!(batched.rows.merged, spliced);
        assert_eq!(batched.rows.skipped, spliced);
    }

    #[test]
    fn an_unclosed_quote_is_reported_after_the_rows_before_it() {
        let (mut file, _) = awkward_export();
        file.extend_from_slice(b"#z,\"open,2024-01-01,1,web\n");
        file.extend_from_slice(&b"#y,a@b.c,2024-01-01,1,web\n".repeat(50_000));
        let err = crate::read_orders(&file, &ImportOptions::new()).unwrap_err();
        let lines = file.iter().filter(|&&b| b == b'\n').count() as u64;
        assert_eq!(
            err,
            Error::from(ImportError::new(ImportErrorKind::UnclosedQuote).at_line(lines - 50_000))
        );
        let limited = ImportOptions {
            max_rows: Some(1_000),
            ..ImportOptions::new()
        };
        let err = crate::read_orders(&file, &limited).unwrap_err();
        assert_eq!(
            err,
            Error::from(
                ImportError::new(ImportErrorKind::TooManyRows { limit: 1_000 }).at_line(1_002)
            )
        );
    }
}
