//! The record-to-order stage of [`StreamingImport`](super::StreamingImport): the structure
//! decided from the sample, then each decoded record read into the [`Builder`].

use crate::error::{Error, ImportError, ImportErrorKind};
use crate::import::build::{Builder, NumberColumn};
use crate::import::columns::{ColumnMap, Role};
use crate::import::dates::DateOrder;
use crate::import::decode::TextDecoder;
use crate::import::numbers::{parse_amount, DecimalSeparator, SeparatorEvidence};
use crate::import::sniff;
use crate::import::split::{Broken, Delimiter, Fields, Splitter, MAX_RECORD_BYTES};
use crate::import::summary_input::rebuild_orders;
use crate::import::{ColumnInfo, ImportInfo, ImportOptions, Imported};
use crate::warning::Warning;

/// Records of the sample used to decide decimal separators and roles.
const SAMPLE_RECORDS: usize = 2_000;
/// Records cut before they are read, so their customers are looked up together.
const BATCH_RECORDS: usize = 32;

/// The state while reading rows.
pub(crate) struct Reader {
    decoder: TextDecoder,
    pub(super) splitter: Splitter,
    fields: Fields,
    /// Records cut but not yet read, with their lines (see [`Reader::drain`]).
    batch: Vec<(u64, Fields)>,
    delimiter: Delimiter,
    header_line: Option<u64>,
    pub(crate) builder: Builder,
    pub(crate) info: ImportInfo,
    warnings: Vec<Warning>,
    date_order_hint: DateOrder,
    /// Roles the analysis needs that no column has (empty when the file can be read).
    pub(crate) missing: Vec<Role>,
}

/// Control characters a text file may hold, whatever its size, before it is taken for binary.
const STRAY_CONTROLS: usize = 8;

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

/// Why [`Reader::drain`] stopped cutting a batch.
enum Stop {
    /// The batch is full; more records may be waiting.
    More,
    /// No complete record is left.
    Done,
    /// A record could not be read; it comes after the batch.
    Broken(Broken),
}

/// Refuses the row at `line` when the rows read have reached the limit.
fn check_row_limit(builder: &Builder, line: u64, options: &ImportOptions) -> Result<(), Error> {
    match options.max_rows {
        Some(limit) if builder.rows.total >= limit => {
            Err(ImportError::new(ImportErrorKind::TooManyRows { limit })
                .at_line(line)
                .into())
        }
        _ => Ok(()),
    }
}

/// Stops at the row at `line` when the orders kept, each customer counting as
/// [`crate::limits::CUSTOMER_IN_ORDERS`] more, went beyond the limit (the file's share read is
/// filled in by the caller, which knows the bytes).
fn check_order_limit(builder: &Builder, line: u64, options: &ImportOptions) -> Result<(), Error> {
    let Some(limit) = options.max_orders else {
        return Ok(());
    };
    let (orders, customers) = (
        builder.order_count() as u64,
        builder.customer_count() as u64,
    );
    if crate::limits::orders_kept(orders, customers) <= limit {
        return Ok(());
    }
    Err(ImportError::new(ImportErrorKind::TooManyOrders {
        limit,
        orders,
        customers,
        percent: None,
    })
    .at_line(line)
    .into())
}

/// The first line of `text` that is not blank, when it is longer than a record may be: its
/// line and length (as far as `text` goes).
fn first_long_line(text: &str) -> Option<(u64, u64)> {
    let mut line = 1;
    let mut rest = text.as_bytes();
    loop {
        let end = memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
        if rest[..end].iter().any(|b| !b.is_ascii_whitespace()) {
            return (end > MAX_RECORD_BYTES).then_some((line, end as u64));
        }
        if end == rest.len() {
            return None;
        }
        let next = if rest[end] == b'\r' && rest.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            end + 1
        };
        rest = &rest[next..];
        line += 1;
    }
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
    /// Decides the structure (delimiter, header, roles, decimal separators) from the decoded
    /// start of the file, `text` (all of it when `last`); its records are not read yet.
    /// Refuses a file in which a role the analysis needs has no column.
    pub(super) fn start(
        decoder: TextDecoder,
        text: &str,
        source: &'static str,
        last: bool,
        options: &ImportOptions,
    ) -> Result<Reader, Error> {
        Reader::open(decoder, text, source, last, options, true)
    }

    /// As [`Reader::start`]; with `require_roles` false, a file missing a needed role is
    /// still opened (for the preview), with those roles in [`Reader::missing`].
    pub(super) fn open(
        decoder: TextDecoder,
        text: &str,
        source: &'static str,
        last: bool,
        options: &ImportOptions,
        require_roles: bool,
    ) -> Result<Reader, Error> {
        if text.trim().is_empty() {
            return Err(ImportError::new(ImportErrorKind::Empty).into());
        }
        // Binary files are full of control characters; a text file may hold a few stray ones
        // (a form feed pasted into a note), which a small file must not be refused for.
        let controls = control_characters(text);
        if text.contains('\0') || (controls > STRAY_CONTROLS && controls * 100 > text.len()) {
            return Err(ImportError::new(ImportErrorKind::NotText).into());
        }
        let delimiter = options
            .delimiter
            .unwrap_or_else(|| sniff::sniff_delimiter(text, last));
        let records = sniff::sample_records(text, delimiter, last, SAMPLE_RECORDS);
        if records.is_empty() {
            if let Some((line, bytes)) = first_long_line(text) {
                return Err(ImportError::new(ImportErrorKind::LineTooLong {
                    bytes,
                    limit: MAX_RECORD_BYTES as u64,
                })
                .at_line(line)
                .into());
            }
        }
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
        crate::import::options::check_column_map(&options.column_map, &headers).map_err(|e| {
            match guess.line {
                Some(line) => e.at_line(line),
                None => e,
            }
        })?;
        let missing = map.missing();
        if let Some(role) = missing.first().filter(|_| require_roles) {
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
        let separator_evidence = |role: Role| {
            let mut evidence = SeparatorEvidence::default();
            if let Some(i) = map.index(role) {
                for (_, f) in &data {
                    if let Some(a) = f.get(i).and_then(|c| parse_amount(c)) {
                        evidence.add(&a);
                    }
                }
            }
            evidence
        };
        let amount_evidence = separator_evidence(Role::Amount);
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
            let evidence = separator_evidence(role);
            NumberColumn {
                separator: options
                    .decimal_separator
                    .or(evidence.decided())
                    .unwrap_or(amount_sep),
                evidence: SeparatorEvidence::default(),
            }
        };
        let amount = NumberColumn {
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
        let mut splitter = Splitter::new(delimiter);
        let counts: Vec<usize> = data.iter().map(|(_, f)| f.len()).collect();
        let data_width = sniff::mode(&counts).unwrap_or(headers.len());
        splitter.set_width(headers.len().min(data_width), headers.len().max(data_width));
        Ok(Reader {
            decoder,
            splitter,
            fields: Fields::default(),
            batch: Vec::with_capacity(BATCH_RECORDS),
            delimiter,
            header_line: guess.line,
            builder,
            info,
            warnings,
            date_order_hint,
            missing,
        })
    }

    /// Decodes `chunk` and reads the records it completes.
    pub(super) fn read(
        &mut self,
        chunk: &[u8],
        last: bool,
        options: &ImportOptions,
    ) -> Result<(), Error> {
        let decoder = &mut self.decoder;
        self.splitter
            .push_with(|buf| decoder.decode(chunk, buf, last));
        self.drain(last, options)
    }

    /// Reads every complete record waiting in the splitter, in batches: up to
    /// [`BATCH_RECORDS`] records are cut, their customers looked up together (see
    /// [`Builder::known_customer`]), then the rows are read in order. Nothing changes but
    /// when the look-ups wait for memory: the rows, their order and the errors are the same.
    pub(super) fn drain(&mut self, last: bool, options: &ImportOptions) -> Result<(), Error> {
        let mut fingerprints = [None; BATCH_RECORDS];
        loop {
            let mut cut = 0;
            let mut stop = Stop::More;
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
                            stop = Stop::Done;
                            break;
                        }
                        Err(broken) => {
                            stop = Stop::Broken(broken);
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
                check_row_limit(&self.builder, *line, options)?;
                self.builder.row_of_customer(*line, fields, customer);
                check_order_limit(&self.builder, *line, options)?;
            }
            match stop {
                Stop::More => {}
                Stop::Done => return Ok(()),
                Stop::Broken(broken) => {
                    let line = broken.line();
                    if self.header_line.is_none_or(|h| line > h) {
                        check_row_limit(&self.builder, line, options)?;
                        self.builder.broken_row(broken);
                    }
                }
            }
        }
    }

    /// The next data record (for the preview): line and fields.
    pub(crate) fn next_data_record(&mut self, last: bool) -> Option<(u64, Fields)> {
        loop {
            let (line, record) = match self.splitter.next_record(last) {
                Ok(record) => record?,
                Err(_) => continue, // the full import lists it as a skipped row
            };
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

    /// Hands back the orders and the account of every row, once the whole file is read.
    pub(super) fn finish(
        self: Box<Self>,
        options: &ImportOptions,
        bytes: u64,
    ) -> Result<Imported, Error> {
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
            let (log, end, rebuilt) =
                rebuild_orders(&rows, options.summary_time_unit, options.summary_end_date);
            imported.log = log;
            imported.analysis_date_hint = Some(end);
            imported.warnings.extend(rebuilt);
            imported.customer_summary = Some(rows);
        }
        Ok(imported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
