//! Parquet for `clv score` (and a summary for `clv report`), since that is how warehouses
//! export: reading the columns of a summary one row group at a time, and writing the
//! predictions in row groups of [`ROWS_PER_GROUP`] rows, SNAPPY-compressed, with the CSV's
//! columns and a null where the CSV has an empty cell. Only the `parquet` crate's own column
//! and record APIs are used (no Arrow), and only the SNAPPY codec is compiled in: it is the
//! default of DuckDB, Spark, BigQuery and Snowflake exports.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

use clv_engine::export::Cell;
use parquet::basic::{Compression, ConvertedType, LogicalType, Repetition, Type as Physical};
use parquet::column::writer::ColumnWriter;
use parquet::data_type::ByteArray;
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::record::reader::RowIter;
use parquet::record::Field;
use parquet::schema::types::Type;

/// Rows of predictions buffered before they are written as one row group.
pub const ROWS_PER_GROUP: usize = 65_536;

/// True when the file is a regular file starting with Parquet's magic bytes `PAR1`. A pipe
/// (`/dev/stdin`, `<(…)`) is never looked into: its first bytes, once read here, would be gone
/// for the CSV reader, and Parquet cannot be read from a pipe anyway (its index is at the end).
pub fn is_parquet(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    File::open(path)
        .and_then(|mut f| {
            if !f.metadata()?.is_file() {
                return Ok(false);
            }
            f.read_exact(&mut magic).map(|_| &magic == b"PAR1")
        })
        .unwrap_or(false)
}

/// A cell of a Parquet file as the summary reader needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Null.
    Null,
    /// A number of any numeric type (decimals included).
    Number(f64),
    /// Text, or a value shown as text (a date, bytes).
    Text(String),
}

impl Value {
    /// The value written as text (a number as Rust writes it: the shortest that reads back).
    pub fn text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Number(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", *v as i64),
            Value::Number(v) => v.to_string(),
            Value::Text(t) => t.clone(),
        }
    }
}

fn value(field: &Field) -> Value {
    let n = |v: f64| Value::Number(v);
    match field {
        Field::Null => Value::Null,
        Field::Bool(b) => n(f64::from(u8::from(*b))),
        Field::Byte(v) => n(f64::from(*v)),
        Field::Short(v) => n(f64::from(*v)),
        Field::Int(v) => n(f64::from(*v)),
        Field::Long(v) => n(*v as f64),
        Field::UByte(v) => n(f64::from(*v)),
        Field::UShort(v) => n(f64::from(*v)),
        Field::UInt(v) => n(f64::from(*v)),
        Field::ULong(v) => n(*v as f64),
        Field::Float16(v) => n(f64::from(*v)),
        Field::Float(v) => n(f64::from(*v)),
        Field::Double(v) => n(*v),
        Field::Decimal(d) => {
            // Big-endian two's complement of at most 16 bytes, divided by 10^scale.
            let bytes = d.data();
            if bytes.is_empty() || bytes.len() > 16 {
                return Value::Null;
            }
            let mut wide = [if bytes[0] & 0x80 != 0 { 0xFF } else { 0 }; 16];
            wide[16 - bytes.len()..].copy_from_slice(bytes);
            n(i128::from_be_bytes(wide) as f64 / 10f64.powi(d.scale()))
        }
        Field::Str(s) => Value::Text(s.clone()),
        Field::Bytes(b) => Value::Text(String::from_utf8_lossy(b.data()).into_owned()),
        // Dates and times written here, with checked arithmetic: the crate's own text of a
        // date far outside the calendar panics.
        Field::Date(days) => chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|epoch| {
                epoch.checked_add_signed(chrono::Duration::try_days(i64::from(*days))?)
            })
            .map_or(n(f64::from(*days)), |d| Value::Text(d.to_string())),
        Field::TimestampMillis(ms) => chrono::DateTime::from_timestamp_millis(*ms)
            .map_or(n(*ms as f64), |t| {
                Value::Text(t.naive_utc().format("%Y-%m-%d %H:%M:%S").to_string())
            }),
        Field::TimestampMicros(us) => chrono::DateTime::from_timestamp_micros(*us)
            .map_or(n(*us as f64), |t| {
                Value::Text(t.naive_utc().format("%Y-%m-%d %H:%M:%S").to_string())
            }),
        Field::TimeMillis(v) => n(f64::from(*v)),
        Field::TimeMicros(v) => n(*v as f64),
        // Nested columns are refused before any row is read.
        Field::Group(_) | Field::ListInternal(_) | Field::MapInternal(_) => Value::Null,
    }
}

/// The names of the file's top-level columns.
pub fn column_names(path: &Path) -> Result<Vec<String>, String> {
    let reader = open(path)?;
    let schema = reader.metadata().file_metadata().schema();
    Ok(schema
        .get_fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect())
}

fn open(path: &Path) -> Result<SerializedFileReader<File>, String> {
    let file = File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    SerializedFileReader::new(file)
        .map_err(|e| format!("{}: not a Parquet file we can read: {e}", path.display()))
}

/// Calls `each` with the values of the columns `wanted` (indices into [`column_names`]) of
/// every row, in order, with the row's number (1 = the first row); one row group is in memory
/// at a time.
pub fn for_each_row(
    path: &Path,
    wanted: &[usize],
    mut each: impl FnMut(u64, &[Value]) -> Result<(), String>,
) -> Result<(), String> {
    let reader = open(path)?;
    let fields = reader.metadata().file_metadata().schema().get_fields();
    let mut projected: Vec<parquet::schema::types::TypePtr> = Vec::with_capacity(wanted.len());
    let mut names = Vec::with_capacity(wanted.len());
    for &i in wanted {
        let field = fields.get(i).ok_or("column out of range")?;
        if !field.is_primitive() {
            return Err(format!(
                "{}: column `{}` is nested (a list, map or struct), not a number or text",
                path.display(),
                field.name()
            ));
        }
        names.push(field.name().to_string());
        if !projected.iter().any(|p| p.name() == field.name()) {
            projected.push(field.clone());
        }
    }
    let root = reader.metadata().file_metadata().schema();
    let projection = Type::group_type_builder(root.name())
        .with_fields(projected)
        .build()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let failed = |e: parquet::errors::ParquetError| format!("{}: {e}", path.display());
    let mut values = vec![Value::Null; wanted.len()];
    let mut number = 0u64;
    for g in 0..reader.num_row_groups() {
        let group = reader.get_row_group(g).map_err(failed)?;
        let rows =
            RowIter::from_row_group(Some(projection.clone()), group.as_ref()).map_err(failed)?;
        for row in rows {
            let row = row.map_err(failed)?;
            for (slot, name) in values.iter_mut().zip(&names) {
                *slot = row
                    .get_column_iter()
                    .find(|(n, _)| *n == name)
                    .map_or(Value::Null, |(_, f)| value(f));
            }
            number += 1;
            each(number, &values)?;
        }
    }
    Ok(())
}

/// The whole file as CSV text with a header, for the importer (`clv report` of a Parquet
/// summary or order file). Refuses nested columns.
pub fn to_csv(path: &Path) -> Result<Vec<u8>, String> {
    let names = column_names(path)?;
    let all: Vec<usize> = (0..names.len()).collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    let failed = |e: csv::Error| format!("{}: {e}", path.display());
    out.write_record(&names).map_err(failed)?;
    for_each_row(path, &all, |_, values| {
        out.write_record(values.iter().map(Value::text))
            .map_err(failed)
    })?;
    out.into_inner()
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The type of a column of predictions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// UTF-8 text.
    Text,
    /// A whole number (INT64).
    Int,
    /// A number (DOUBLE).
    Number,
    /// A day (INT32 DATE).
    Date,
}

/// One column's values of the row group being gathered, with its definition levels (0 = null).
enum Buffer {
    Text(Vec<ByteArray>, Vec<i16>),
    Int(Vec<i64>, Vec<i16>),
    Number(Vec<f64>, Vec<i16>),
    Date(Vec<i32>, Vec<i16>),
}

impl Buffer {
    fn new(kind: Kind) -> Self {
        match kind {
            Kind::Text => Buffer::Text(Vec::new(), Vec::new()),
            Kind::Int => Buffer::Int(Vec::new(), Vec::new()),
            Kind::Number => Buffer::Number(Vec::new(), Vec::new()),
            Kind::Date => Buffer::Date(Vec::new(), Vec::new()),
        }
    }

    fn push(&mut self, cell: &Cell) {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        match (self, *cell) {
            (Buffer::Text(v, d), Cell::Text(t)) if !t.is_empty() => {
                v.push(ByteArray::from(t));
                d.push(1);
            }
            (Buffer::Int(v, d), Cell::Int(i)) => {
                v.push(i);
                d.push(1);
            }
            (Buffer::Number(v, d), Cell::Number(x)) if x.is_finite() => {
                v.push(x);
                d.push(1);
            }
            (Buffer::Number(v, d), Cell::Int(i)) => {
                v.push(i as f64);
                d.push(1);
            }
            (Buffer::Date(v, d), Cell::Date(day)) => {
                v.push((day - epoch).num_days() as i32);
                d.push(1);
            }
            (
                Buffer::Text(_, d) | Buffer::Int(_, d) | Buffer::Number(_, d) | Buffer::Date(_, d),
                _,
            ) => d.push(0),
        }
    }

    fn clear(&mut self) {
        match self {
            Buffer::Text(v, d) => (v.clear(), d.clear()),
            Buffer::Int(v, d) => (v.clear(), d.clear()),
            Buffer::Number(v, d) => (v.clear(), d.clear()),
            Buffer::Date(v, d) => (v.clear(), d.clear()),
        };
    }

    fn write(&self, writer: &mut ColumnWriter) -> parquet::errors::Result<usize> {
        match (self, writer) {
            (Buffer::Text(v, d), ColumnWriter::ByteArrayColumnWriter(w)) => {
                w.write_batch(v, Some(d), None)
            }
            (Buffer::Int(v, d), ColumnWriter::Int64ColumnWriter(w)) => {
                w.write_batch(v, Some(d), None)
            }
            (Buffer::Number(v, d), ColumnWriter::DoubleColumnWriter(w)) => {
                w.write_batch(v, Some(d), None)
            }
            (Buffer::Date(v, d), ColumnWriter::Int32ColumnWriter(w)) => {
                w.write_batch(v, Some(d), None)
            }
            _ => Err(parquet::errors::ParquetError::General(
                "column type differs from the schema".into(),
            )),
        }
    }
}

/// Writes rows of cells as a Parquet file (every column optional).
pub struct ParquetTable<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    columns: Vec<Buffer>,
    rows: usize,
}

fn schema(columns: &[(&str, Kind)]) -> parquet::errors::Result<Type> {
    let fields = columns
        .iter()
        .map(|(name, kind)| {
            let (physical, logical, converted) = match kind {
                Kind::Text => (
                    Physical::BYTE_ARRAY,
                    Some(LogicalType::String),
                    ConvertedType::UTF8,
                ),
                Kind::Int => (Physical::INT64, None, ConvertedType::NONE),
                Kind::Number => (Physical::DOUBLE, None, ConvertedType::NONE),
                Kind::Date => (
                    Physical::INT32,
                    Some(LogicalType::Date),
                    ConvertedType::DATE,
                ),
            };
            Type::primitive_type_builder(name, physical)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(logical)
                .with_converted_type(converted)
                .build()
                .map(Arc::new)
        })
        .collect::<parquet::errors::Result<Vec<_>>>()?;
    Type::group_type_builder("clv_predictions")
        .with_fields(fields)
        .build()
}

impl<W: Write + Send> ParquetTable<W> {
    /// A file with these columns, written to `sink`.
    pub fn new(sink: W, columns: &[(&str, Kind)]) -> Result<Self, String> {
        let failed = |e: parquet::errors::ParquetError| format!("cannot write Parquet: {e}");
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("clv {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = SerializedFileWriter::new(
            sink,
            Arc::new(schema(columns).map_err(failed)?),
            Arc::new(properties),
        )
        .map_err(failed)?;
        Ok(ParquetTable {
            writer,
            columns: columns.iter().map(|(_, k)| Buffer::new(*k)).collect(),
            rows: 0,
        })
    }

    /// Adds one row (cells in the order of the columns); writes a row group when full.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), String> {
        for (column, cell) in self.columns.iter_mut().zip(cells) {
            column.push(cell);
        }
        self.rows += 1;
        if self.rows == ROWS_PER_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), String> {
        if self.rows == 0 {
            return Ok(());
        }
        let failed = |e: parquet::errors::ParquetError| format!("cannot write Parquet: {e}");
        let mut group = self.writer.next_row_group().map_err(failed)?;
        for column in &mut self.columns {
            let Some(mut writer) = group.next_column().map_err(failed)? else {
                break;
            };
            column.write(writer.untyped()).map_err(failed)?;
            writer.close().map_err(failed)?;
            column.clear();
        }
        group.close().map_err(failed)?;
        self.rows = 0;
        Ok(())
    }

    /// Writes what is left and the file's footer.
    pub fn finish(mut self) -> Result<(), String> {
        self.flush()?;
        self.writer
            .close()
            .map(|_| ())
            .map_err(|e| format!("cannot write Parquet: {e}"))
    }
}
