//! [`StreamingImport`]: the importer fed chunk by chunk (the worker reads the browser `File` as a
//! stream), with memory bounded by the orders, not the file: the text is decoded incrementally
//! and only the record being read is kept.
//!
//! This file drives the chunks (encoding detected, the sample held until the structure is
//! decided); `reader.rs` is the stage that turns decoded records into orders.

use super::build::Builder;
use super::decode::{self, TextDecoder, DETECT_BYTES};
use super::split;
use super::{ImportOptions, Imported};
use crate::error::{Error, ImportError, ImportErrorKind};
use crate::progress::{Progress, Stage};

mod reader;
use reader::Reader;

/// Decoded text looked at to decide the structure before rows are read.
pub(crate) const SAMPLE_CHARS: usize = 256 * 1024;
/// Rows the tables are sized for up front, at most.
const MAX_RESERVED_ROWS: u64 = 20_000_000;

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
    /// The orders kept and the bytes read when the per-order tables were last sized: the rate
    /// since then estimates the rest of the file's ([`make_room`]).
    sized_at: (u64, u64),
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
        /// True once the text holds a line end (the sample waits for one, up to an over-long
        /// line's worth, so a long first line is reported as such).
        line_end_seen: bool,
    },
    /// Reading rows.
    Reading(Box<Reader>),
    /// An error was returned; nothing more is read.
    Failed,
}

impl StreamingImport {
    /// A new import with `options`.
    pub fn new(options: ImportOptions) -> Self {
        StreamingImport {
            options,
            bytes_in: 0,
            total_bytes: None,
            sized_at: (0, 0),
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
        result.map_err(|e| self.with_share_read(e))
    }

    /// Fills in how much of the file was read when the orders kept reached their limit.
    fn with_share_read(&self, mut e: Error) -> Error {
        if let Error::Import(ImportError {
            kind: ImportErrorKind::TooManyOrders { percent, .. },
            ..
        }) = &mut e
        {
            if let Some(total) = self.total_bytes.filter(|t| *t > 0) {
                *percent = Some((self.bytes_in.min(total) * 100 / total) as u8);
            }
        }
        e
    }

    /// Reads what is left and hands back the orders and the account of every row.
    pub fn finish(mut self) -> Result<Imported, Error> {
        if let Err(e) = self.advance(&[], true) {
            return Err(self.with_share_read(e));
        }
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
        if let State::Sampling {
            decoder,
            text,
            line_end_seen,
            ..
        } = &mut self.state
        {
            let before = text.len();
            decoder.decode(chunk, text, last);
            *line_end_seen |= has_line_end(&text[before..]);
            return self.after_sampling(last);
        }
        match &mut self.state {
            State::Reading(reader) => {
                if let Some(total) = self.total_bytes {
                    let done = self.bytes_in - chunk.len() as u64;
                    let read = Read {
                        chunk: chunk.len() as u64,
                        done,
                        total,
                    };
                    if make_room(&mut reader.builder, &self.options, read, self.sized_at) {
                        self.sized_at = (reader.builder.order_count() as u64, done);
                    }
                }
                reader.read(chunk, last, &self.options)
            }
            State::Failed => Err(ImportError::new(ImportErrorKind::Malformed(
                "the file could not be read".into(),
            ))
            .into()),
            _ => Ok(()),
        }
    }

    fn after_sampling(&mut self, last: bool) -> Result<(), Error> {
        let State::Sampling {
            text,
            line_end_seen,
            ..
        } = &self.state
        else {
            return Ok(());
        };
        let enough =
            text.len() >= SAMPLE_CHARS && (*line_end_seen || text.len() > split::MAX_RECORD_BYTES);
        if !enough && !last {
            return Ok(());
        }
        let State::Sampling {
            decoder,
            text,
            source,
            ..
        } = std::mem::replace(&mut self.state, State::Failed)
        else {
            return Ok(());
        };
        let mut reader = Reader::start(decoder, &text, source, last, &self.options)?;
        if let (Some(total), false) = (self.total_bytes, last) {
            // Size the tables once instead of growing them (and copying) as rows arrive: the
            // file's rows at the rate of line ends in the sample (every row a new order at
            // most), [`SAMPLE_MARGIN`] over. [`make_room`] corrects the estimate early as
            // reading goes.
            let newline = if text.contains('\n') { '\n' } else { '\r' };
            let lines = text.matches(newline).count() as u64;
            let rows = over(scale(lines, total, self.bytes_in), SAMPLE_MARGIN);
            reader
                .builder
                .reserve(reserve_cap(&self.options, rows) as usize);
        }
        reader.splitter.push(&text);
        reader.drain(false, &self.options)?;
        self.sized_at = (reader.builder.order_count() as u64, self.bytes_in);
        self.state = State::Reading(Box::new(reader));
        if last {
            if let State::Reading(reader) = &mut self.state {
                reader.read(&[], true, &self.options)?;
            }
        }
        Ok(())
    }
}

/// The share the per-order tables are sized over the orders expected when they are resized
/// (10 %, as 1/10). A table that runs out grows by a copy; in the browser's worker, whose
/// memory never shrinks, the copy of a table of millions of orders near the end of the file
/// left the old one's space behind (160 MB on ten million orders) when the sample's estimate
/// was right to within a chunk. Room never written to costs no memory (its pages are never
/// touched), and what is left over at the end goes in place.
const ROOM_MARGIN: u64 = 10;

/// The share the tables are sized over the sample's estimate (5 %, as 1/20): a sample's rows
/// are often a little longer or shorter than the file's (order numbers gain a digit, the
/// newest orders come first), and even a growth a tenth of the way in leaves the old table's
/// space in the worker's memory. On ten million orders listed newest first the sample's
/// estimate was 0.6 % short.
const SAMPLE_MARGIN: u64 = 20;

/// `orders` and a `1/share` more (`share` is [`ROOM_MARGIN`] or [`SAMPLE_MARGIN`]).
fn over(orders: u64, share: u64) -> u64 {
    orders.saturating_add(orders / share)
}

/// Where the reading is: the next chunk's bytes, and the bytes read of the file's total.
#[derive(Clone, Copy)]
struct Read {
    chunk: u64,
    done: u64,
    total: u64,
}

/// Before a chunk is read: sizes the per-order tables for the file's orders, exactly, with
/// [`ROOM_MARGIN`], when
/// - they may not hold the orders the chunk brings at the rate so far (for at most twice
///   those kept then, so an estimate from a file's dense start stays bounded), or
/// - a tenth of the file read since they were last sized (`sized_at`: orders kept, bytes
///   read), they will not hold the file's orders: the sooner they grow, the fewer orders the
///   copy moves.
///
/// The file's orders are those kept and the rest of the file's at the rate since the tables
/// were last sized (the whole file's rate when that is less than a tenth of it): a file whose
/// rows change length part way is estimated from its recent rows. Says whether it sized them.
fn make_room(
    builder: &mut Builder,
    options: &ImportOptions,
    Read { chunk, done, total }: Read,
    (kept_then, done_then): (u64, u64),
) -> bool {
    let kept = builder.order_count() as u64;
    let room = builder.order_room() as u64;
    // A tenth of the file read since then: its rate is the one to go by.
    let recent = done.saturating_sub(done_then) >= (total / 10).max(1);
    let (orders, bytes) = if recent {
        (kept.saturating_sub(kept_then), done - done_then)
    } else {
        (kept, done)
    };
    // The orders this chunk may bring at the rate, twice over, and the file's.
    let coming = scale(orders, chunk, bytes).saturating_mul(2) + 64;
    let expected = kept.saturating_add(scale(orders, total.saturating_sub(done), bytes));
    let projected = if room < coming {
        over(expected, ROOM_MARGIN)
            .saturating_add(coming)
            .min(kept.saturating_mul(2) + coming)
    } else if recent && kept + room < expected / 50 * 51 {
        over(expected, ROOM_MARGIN)
    } else {
        return false;
    };
    builder.reserve(reserve_cap(options, projected) as usize);
    true
}

/// `orders` within what the limits let a file keep (one order beyond the limit of orders is
/// read before reading stops) and [`MAX_RESERVED_ROWS`].
fn reserve_cap(options: &ImportOptions, orders: u64) -> u64 {
    let limit = options.max_rows.unwrap_or(MAX_RESERVED_ROWS).min(
        options
            .max_orders
            .map_or(MAX_RESERVED_ROWS, |n| n.saturating_add(1)),
    );
    orders.min(MAX_RESERVED_ROWS).min(limit)
}

/// `count` × `total` / `part`, without overflow; `count` when `part` is 0.
fn scale(count: u64, total: u64, part: u64) -> u64 {
    if part == 0 {
        return count;
    }
    u64::try_from(u128::from(count) * u128::from(total) / u128::from(part)).unwrap_or(u64::MAX)
}

/// A reader with the structure decided from `bytes`, the start of a file (all of it when
/// `complete`), its records not yet read (for the preview). A file missing a role the
/// analysis needs is opened all the same, the roles listed in its `missing`.
pub(crate) fn preview_reader(
    bytes: &[u8],
    complete: bool,
    options: &ImportOptions,
) -> Result<Box<Reader>, Error> {
    let State::Sampling {
        mut decoder,
        mut text,
        source,
        ..
    } = start_decoding(bytes, complete, options)?
    else {
        return Err(ImportError::new(ImportErrorKind::Empty).into());
    };
    decoder.decode(&[], &mut text, complete);
    let mut reader = Reader::open(decoder, &text, source, complete, options, false)?;
    reader.splitter.push(&text);
    Ok(Box::new(reader))
}

/// True when `text` holds a line end (LF or CR).
fn has_line_end(text: &str) -> bool {
    memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_some()
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
        line_end_seen: has_line_end(&text),
        text,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::generated_order_export;
    use chrono::NaiveDate;

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
    fn an_unclosed_quote_leaves_out_its_line_and_no_other() {
        let (mut file, spliced) = awkward_export();
        let before = crate::read_orders(&file, &ImportOptions::new()).unwrap();
        file.extend_from_slice(b"#z,\"open,2024-01-01,1,web\n");
        file.extend_from_slice(&b"#y,a@b.c,2024-01-01,1,web\n".repeat(50_000));
        let lines = file.iter().filter(|&&b| b == b'\n').count() as u64;
        let got = crate::read_orders(&file, &ImportOptions::new()).unwrap();
        assert_eq!(got.rows.total, before.rows.total + 50_001);
        assert_eq!(got.rows.skipped, spliced + 1);
        assert_eq!(got.rows.merged, before.rows.merged + 49_999);
        let broken = got
            .skipped_rows
            .iter()
            .find(|row| row.reason.code() == "unclosed_quote")
            .unwrap();
        assert_eq!(broken.line, lines - 50_000);
        assert_eq!(broken.column.as_deref(), Some("email"));
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

    /// Feeds `file` in chunks of `chunk` bytes with its size known, as the worker does.
    fn stream(file: &[u8], chunk: usize, options: ImportOptions) -> Result<Imported, Error> {
        let mut import = StreamingImport::new(options).with_total_bytes(file.len() as u64)?;
        for piece in file.chunks(chunk) {
            import.push(piece)?;
        }
        import.finish()
    }

    #[test]
    fn an_export_listing_the_newest_order_first_reads_the_same_orders() {
        let (file, spliced) = awkward_export();
        let text = String::from_utf8(file).unwrap_or_default();
        let mut lines = text.lines();
        let mut newest_first = format!("{}\n", lines.next().unwrap_or_default());
        for line in lines.collect::<Vec<_>>().into_iter().rev() {
            newest_first.push_str(line);
            newest_first.push('\n');
        }
        let orders = |imported: &Imported| {
            let log = &imported.log;
            let mut all: Vec<(String, String, NaiveDate, u64)> = (log.orders.iter().enumerate())
                .map(|(i, o)| {
                    let id = log.order_id(i).unwrap_or_default().into_owned();
                    let customer = log.customers[o.customer as usize].clone();
                    (id, customer, o.date, o.amount.to_bits())
                })
                .collect();
            all.sort();
            all
        };
        let oldest = stream(text.as_bytes(), 1 << 12, ImportOptions::new()).unwrap();
        let newest = stream(newest_first.as_bytes(), 1 << 12, ImportOptions::new()).unwrap();
        assert_eq!(orders(&oldest), orders(&newest));
        assert_eq!(oldest.rows, newest.rows);
        assert_eq!(newest.rows.merged, spliced);
        assert!(newest.log.orders.len() > 9_000);
    }

    /// The orders the per-order tables have room for after each chunk of `file`, read with its
    /// size known.
    fn rooms(file: &[u8], chunk: usize) -> Vec<usize> {
        let mut import = StreamingImport::new(ImportOptions::new())
            .with_total_bytes(file.len() as u64)
            .unwrap();
        let mut out = Vec::new();
        for piece in file.chunks(chunk) {
            import.push(piece).unwrap();
            if let State::Reading(reader) = &import.state {
                out.push(reader.builder.order_count() + reader.builder.order_room());
            }
        }
        out
    }

    #[test]
    fn the_order_tables_do_not_grow_late_in_the_file() {
        // Rows of one length: the sample's estimate is right to within a few rows, and the
        // tables grow (are copied) early if at all, not at the end.
        let mut even = String::from("order_id,email,date,total\n");
        for i in 0..200_000 {
            even.push_str(&format!(
                "#{},c{:05}@x.y,2024-01-01,10\n",
                100_000 + i,
                i % 1000
            ));
        }
        let room = rooms(even.as_bytes(), 1 << 16);
        let last_growth = room.windows(2).rposition(|w| w[0] != w[1]).unwrap_or(0);
        assert!(
            last_growth < room.len() / 5,
            "{last_growth} of {}",
            room.len()
        );
        assert!(room[room.len() - 1] >= 200_000);
        // Long rows in the sample, short ones after: grown once the rate is known (a tenth of
        // the file read), not at the end.
        let mut uneven = String::from("order_id,email,date,total\n");
        for i in 0..300_000 {
            let email = if i < 4_000 {
                format!("a-customer-with-a-long-address-{i:06}@a-shop-with-a-long-domain.com")
            } else {
                format!("c{}@x.y", i % 1000)
            };
            uneven.push_str(&format!("#{},{email},2024-01-01,10\n", 100_000 + i));
        }
        let room = rooms(uneven.as_bytes(), 1 << 16);
        let last_growth = room.windows(2).rposition(|w| w[0] != w[1]).unwrap_or(0);
        assert!(
            last_growth > 0 && last_growth < room.len() / 5,
            "{last_growth} of {}",
            room.len()
        );
        assert!(room[room.len() - 1] >= 300_000);
    }

    #[test]
    fn reading_stops_where_the_orders_kept_go_beyond_the_limit() {
        // Orders #1..#6 of three customers on lines 2..7, then a row of a fourth customer, then
        // more rows of #1..#3 (line items of orders kept).
        let mut file = String::from("order_id,email,date,total\n");
        for i in 1..=6 {
            file.push_str(&format!("#{i},c{}@x.y,2024-01-0{i},10\n", i % 3));
        }
        let items: String = (1..=3)
            .map(|i| format!("#{i},c{}@x.y,2024-01-0{i},5\n", i % 3))
            .collect();
        let weight = crate::limits::CUSTOMER_IN_ORDERS;
        assert!(weight >= 2, "a customer weighs more than an order");
        let limit = |n| ImportOptions::new().max_orders(n).for_browser();
        assert_eq!(limit(4).max_orders, Some(4), "a smaller limit stays");
        assert_eq!(
            limit(u64::MAX).max_orders,
            Some(crate::limits::BROWSER_MAX_ORDERS),
            "a larger one is lowered"
        );
        // Three customers and four orders fit exactly; the fifth order's row (line 6) is past.
        let exact = 4 + 3 * weight;
        for chunk in [7, 1 << 16] {
            let err = stream(file.as_bytes(), chunk, limit(exact)).unwrap_err();
            let Error::Import(e) = &err else {
                panic!("{err:?}")
            };
            assert_eq!(e.line, Some(6), "the fifth order's row");
            let ImportErrorKind::TooManyOrders {
                limit,
                orders,
                customers,
                percent,
            } = e.kind
            else {
                panic!("{err:?}")
            };
            assert_eq!((limit, orders, customers), (exact, 5, 3));
            let percent = percent.expect("the file's size is known");
            // The share of the bytes received: a file this small is held whole as the sample.
            assert_eq!(percent, 100);
            assert!(
                err.to_string()
                    .contains("5 orders of 3 customers were read"),
                "{err}"
            );
        }
        // Past the sample, the share is of the bytes received when reading stopped: 20,001
        // orders of 30,000 rows.
        let mut big = String::from("order_id,email,date,total\n");
        for i in 0..30_000 {
            big.push_str(&format!("#{i},c{}@x.y,2024-01-01,10\n", i % 3));
        }
        let err = stream(big.as_bytes(), 4096, limit(20_000 + 3 * weight)).unwrap_err();
        let Error::Import(ImportError {
            kind:
                ImportErrorKind::TooManyOrders {
                    orders,
                    percent: Some(percent),
                    ..
                },
            line,
            ..
        }) = err
        else {
            panic!("{err:?}")
        };
        assert_eq!((orders, line), (20_001, Some(20_002)));
        assert!((66..=68).contains(&percent), "{percent}");
        // A new customer weighs more than a new order: one short of room for the third
        // customer stops at its first row (line 4).
        let err = stream(file.as_bytes(), 7, limit(3 + 3 * weight - 1)).unwrap_err();
        assert_eq!(err.line(), Some(4));
        // Six orders fit, and rows that only add to orders kept count nothing.
        let with_items = format!("{file}{items}");
        let read = stream(with_items.as_bytes(), 7, limit(6 + 3 * weight)).unwrap();
        assert_eq!(read.log.orders.len(), 6);
        assert_eq!(read.rows.total, 9);
        // Without the size (no share to say), and natively no limit.
        let mut unsized_import = StreamingImport::new(ImportOptions::new().max_orders(5));
        let err = unsized_import
            .push(file.as_bytes())
            .and_then(|()| unsized_import.finish());
        assert!(matches!(
            err,
            Err(Error::Import(ImportError {
                kind: ImportErrorKind::TooManyOrders { percent: None, .. },
                ..
            }))
        ));
        let all = crate::read_orders(file.as_bytes(), &ImportOptions::new()).unwrap();
        assert_eq!(all.log.orders.len(), 6);
    }
}
