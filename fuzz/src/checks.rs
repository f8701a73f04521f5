//! What must hold for any input, whatever its bytes: the fuzz targets run these, and so do the
//! named regression tests (`engine/tests/fuzz_regressions.rs` includes this file), so a crash
//! found once is checked on every test run.
//!
//! A broken property panics: libFuzzer records the input, the regression test fails.

use chrono::{Duration, NaiveDate};
use clv_engine::import::{ColumnRef, DateOrder, DecimalSeparator, Delimiter, Role};
use clv_engine::{
    analyze, read_orders, AnalysisOptions, ImportOptions, Imported, Report, StreamingImport,
    TimeUnit,
};

use crate::json_numbers;

/// Reads bytes as option choices, then as the rest of the input.
pub struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    /// Starts reading `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Bytes(data)
    }

    /// The next byte (0 once the input is used up).
    pub fn byte(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().map_or((0, &[][..]), |(a, b)| (*a, b));
        self.0 = rest;
        first
    }

    fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        for b in &mut out {
            *b = self.byte();
        }
        out
    }

    /// The next four bytes as an `i32`.
    pub fn i32(&mut self) -> i32 {
        i32::from_le_bytes(self.array())
    }

    /// The next four bytes as a `u32`.
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.array())
    }

    /// The next eight bytes as any `f64`, NaN and infinities included.
    pub fn f64(&mut self) -> f64 {
        f64::from_le_bytes(self.array())
    }

    /// What is left.
    pub fn rest(self) -> &'a [u8] {
        self.0
    }
}

/// Import options chosen by two bytes: delimiter, encoding, header or not, date order,
/// decimal separator.
fn import_options(bytes: &mut Bytes) -> ImportOptions {
    let a = bytes.byte();
    let b = bytes.byte();
    let mut options = ImportOptions::new();
    options.delimiter = match a % 7 {
        1 => Some(Delimiter::Byte(b',')),
        2 => Some(Delimiter::Byte(b';')),
        3 => Some(Delimiter::Byte(b'\t')),
        4 => Some(Delimiter::Byte(b'|')),
        5 => Some(Delimiter::Whitespace),
        _ => None,
    };
    options.encoding = match (a / 7) % 6 {
        1 => Some("windows-1251".into()),
        2 => Some("utf-16le".into()),
        3 => Some("big5".into()),
        4 => Some("windows-1250".into()),
        _ => None,
    };
    if b & 1 == 1 {
        options.has_header = Some(false);
        options.column_map = vec![
            (Role::Customer, ColumnRef::Number(1)),
            (Role::Date, ColumnRef::Number(2)),
            (Role::Amount, ColumnRef::Number(3)),
        ];
    }
    options.date_order = match (b >> 1) % 3 {
        1 => Some(DateOrder::DayFirst),
        2 => Some(DateOrder::MonthFirst),
        _ => None,
    };
    options.decimal_separator = match (b >> 3) % 3 {
        1 => Some(DecimalSeparator::Dot),
        2 => Some(DecimalSeparator::Comma),
        _ => None,
    };
    options
}

/// Reads `file` in chunks of `chunk` bytes, as the worker does.
fn read_streaming(file: &[u8], options: &ImportOptions, chunk: usize) -> Result<Imported, String> {
    let mut import = StreamingImport::new(options.clone())
        .with_total_bytes(file.len() as u64)
        .map_err(|e| e.to_string())?;
    for piece in file.chunks(chunk.max(1)) {
        import.push(piece).map_err(|e| e.to_string())?;
    }
    import.finish().map_err(|e| e.to_string())
}

/// Every row is accounted for and every amount is a number.
fn check_imported(imported: &Imported) {
    let rows = &imported.rows;
    assert_eq!(
        rows.total,
        rows.imported + rows.merged + rows.skipped,
        "rows must add up: {rows:?}"
    );
    assert!(imported.skipped_rows.len() as u64 <= rows.skipped);
    if rows.skipped > 0 {
        assert!(!imported.skipped_rows.is_empty(), "skipped rows are listed");
    }
    for order in &imported.log.orders {
        assert!(order.amount.is_finite(), "amount {}", order.amount);
    }
}

/// No `null` where the report promises a number (docs/report.md).
fn check_report_json(report: &Report) {
    let json = serde_json::to_value(report).expect("the report serialises");
    let bad = json_numbers::report_nulls(&json);
    assert!(bad.is_empty(), "null where a number is documented: {bad:?}");
}

/// Bytes → orders with options chosen by the first bytes: the in-memory and the streaming
/// reader agree (whatever the chunk size), rows add up, and the descriptive report of what
/// was read has no `null` where a number is promised.
pub fn check_import(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let options = import_options(&mut bytes);
    let chunk = 1 + usize::from(bytes.byte() % 61);
    let file = bytes.rest();
    let whole = read_orders(file, &options);
    let streamed = read_streaming(file, &options, chunk);
    match (&whole, &streamed) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "streaming in chunks of {chunk} reads the same"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), *b),
        _ => panic!(
            "in memory: {:?}; in chunks of {chunk}: {:?}",
            whole.as_ref().map(|i| i.rows),
            streamed.as_ref().map(|i| i.rows)
        ),
    }
    let Ok(imported) = whole else { return };
    check_imported(&imported);
    let mut options = AnalysisOptions::new().import(options);
    options.models.enabled = false;
    if let Ok(report) = Report::build(imported, &options) {
        check_report_json(&report);
    }
}

/// A date `days` from 2000-01-01, or year 1 / 9999 when that falls outside the calendar.
fn date(days: i32) -> NaiveDate {
    let base = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    base.checked_add_signed(Duration::days(i64::from(days)))
        .unwrap_or(if days < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

/// A number as a file may write it: plain, huge, tiny, NaN or infinite.
fn amount_text(bytes: &mut Bytes) -> String {
    match bytes.byte() % 4 {
        0 => format!("{}", bytes.f64()),
        1 => format!("{:.2}", f64::from(bytes.u32() % 100_000) / 100.0),
        2 => format!("-{}", bytes.byte()),
        _ => format!("{}", bytes.byte()),
    }
}

/// Arbitrary orders (or a per-customer summary) and arbitrary option values → the whole
/// analysis with the models: no panic, no hang (libFuzzer's timeout), no `null` where a number
/// is promised.
pub fn check_analysis(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let flags = bytes.byte();
    let mut options = AnalysisOptions::new();
    options.time_unit = if flags & 1 == 1 {
        TimeUnit::Weeks
    } else {
        TimeUnit::Days
    };
    options.models.enabled = flags & 2 == 2;
    if flags & 4 == 4 {
        options.analytics.margin = Some(bytes.f64());
    }
    if flags & 8 == 8 {
        options.models.horizon = Some(bytes.f64());
    }
    if flags & 16 == 16 {
        options.models.clv_months = bytes.u32();
        options.models.discount_monthly = bytes.f64();
    }
    if flags & 32 == 32 {
        options.analysis_date = Some(date(bytes.i32()));
    }
    if flags & 64 == 64 {
        options.models.calibration_end = Some(date(bytes.i32()));
    }
    let summary = flags & 128 == 128;
    let customers = 1 + u32::from(bytes.byte());
    let mut csv = String::from(if summary {
        "customer_id,frequency,recency,T,monetary_value\n"
    } else {
        "customer_id,date,amount\n"
    });
    for _ in 0..400 {
        if bytes.0.is_empty() {
            break;
        }
        let customer = bytes.u32() % customers;
        let line = if summary {
            let f = amount_text(&mut bytes);
            let r = amount_text(&mut bytes);
            let t = amount_text(&mut bytes);
            let m = amount_text(&mut bytes);
            format!("c{customer},{f},{r},{t},{m}\n")
        } else {
            // Mostly near each other, sometimes anywhere in the calendar.
            let days = match bytes.byte() % 8 {
                0 => bytes.i32(),
                _ => i32::from(bytes.byte()) * 3,
            };
            let amount = amount_text(&mut bytes);
            format!("c{customer},{},{amount}\n", date(days))
        };
        csv.push_str(&line);
    }
    if let Ok(report) = analyze(csv.as_bytes(), &options) {
        check_report_json(&report);
    }
}
