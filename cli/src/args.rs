//! Command-line arguments.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use clv_engine::rfm::rules::SegmentRule;
use clv_engine::{
    analyze, AnalysisOptions, AnalyticsOptions, ImportOptions, Imported, Report, StreamingImport,
    TimeUnit,
};

use crate::import_args::ImportArgs;
use crate::model_args::ModelArgs;
use crate::output_format::{CustomersFormat, Format};

/// Customer lifetime value and RFM from an order export, on your own machine.
#[derive(Parser)]
#[command(name = "clv", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Analyse an order export and print the report.
    Report {
        /// The order export or per-customer summary (CSV, or Parquet: read as the CSV of its
        /// columns, a row's line being its row number + 1).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Indent the JSON (compact, one line, by default).
        #[arg(long)]
        pretty: bool,
        /// Also write the skipped rows (line, column, reason) to this CSV file.
        #[arg(long)]
        skipped_csv: Option<PathBuf>,
        /// Also write each RFM segment's customers and the win-back list as contact lists
        /// (`champions-klaviyo.csv`, `win-back-shopify.csv`…) into this folder.
        #[arg(long)]
        contacts_dir: Option<PathBuf>,
        /// The tools the contact lists are laid out for (klaviyo, mailchimp, shopify;
        /// repeat or separate with commas; all three by default).
        #[arg(long, value_delimiter = ',')]
        contacts_tool: Vec<String>,
        #[command(flatten)]
        analysis: AnalysisArgs,
    },
    /// Print the per-customer table (orders, revenue, RFM scores, segment…).
    Customers {
        /// The order export or per-customer summary (CSV, or Parquet as for `report`).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CustomersFormat::Csv)]
        format: CustomersFormat,
        /// Indent the JSON (compact, one line, by default).
        #[arg(long)]
        pretty: bool,
        #[command(flatten)]
        analysis: AnalysisArgs,
    },
    /// The CLV calculator: CLV from average order value, purchases, CAC and margin, with the
    /// growth levers.
    Calc(crate::calc::CalcArgs),
    /// Print the SQL that gives, in your warehouse, the per-customer summary (or its compressed
    /// tuples) that `report` and `score` read: run it there, export the result, analyse that.
    Sql(crate::sql_args::SqlArgs),
    /// Predict per customer (P(alive), expected purchases, expected order value, predicted CLV)
    /// for a summary of any size, streamed: fits on the file (or takes --params), writes CSV.
    Score(crate::score::ScoreArgs),
    /// Show how a file would be read (encoding, delimiter, columns, first rows) as JSON.
    Preview {
        /// The order export (CSV).
        file: PathBuf,
        #[command(flatten)]
        import: ImportArgs,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Unit {
    Days,
    Weeks,
}

/// How to look at the orders (shared by `report` and `customers`).
#[derive(Args)]
pub struct AnalysisArgs {
    /// The date the analysis is made at (YYYY-MM-DD); defaults to the last order date. Between
    /// 1900-01-01 and 2200-12-31, and not before the first order.
    #[arg(long)]
    analysis_date: Option<NaiveDate>,
    /// Unit of recency and T (customer table: days unless given; models: chosen from the data
    /// span unless given).
    #[arg(long, value_enum)]
    time_unit: Option<Unit>,
    /// Gross margin as a fraction (0.2 = 20 %); CLVs are multiplied by it.
    #[arg(long)]
    margin: Option<f64>,
    /// Cost to acquire a customer per value of the segment column, e.g. `ads=12.5,email=2`.
    #[arg(long)]
    cac: Option<String>,
    /// Column to segment customers by (value on each customer's first order).
    #[arg(long)]
    segment_by: Option<String>,
    /// Days without an order after which a customer is on the win-back list.
    #[arg(long)]
    win_back_after_days: Option<u32>,
    /// A JSON file with your own RFM segment rules: `[{"name": "Whales", "monetary": {"min": 5,
    /// "max": 5}}, …]`, first match wins (see docs/report.md).
    #[arg(long)]
    rfm_rules: Option<PathBuf>,
    #[command(flatten)]
    import: ImportArgs,
    #[command(flatten)]
    models: ModelArgs,
}

impl AnalysisArgs {
    /// The engine's options.
    pub fn options(&self) -> Result<AnalysisOptions, String> {
        let mut analytics = AnalyticsOptions::new();
        if let Some(m) = self.margin {
            analytics = analytics.margin(m);
        }
        if let Some(text) = &self.cac {
            analytics = analytics.cac(parse_cac(text)?);
        }
        if let Some(column) = &self.segment_by {
            analytics = analytics.segment_by(column.clone());
        }
        if let Some(days) = self.win_back_after_days {
            analytics = analytics.win_back_after_days(days);
        }
        if let Some(path) = &self.rfm_rules {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let rules: Vec<SegmentRule> = serde_json::from_str(&text)
                .map_err(|e| format!("{}: not a list of RFM rules: {e}", path.display()))?;
            analytics = analytics.rfm_rules(rules);
        }
        let unit = self.time_unit.map(|u| match u {
            Unit::Days => TimeUnit::Days,
            Unit::Weeks => TimeUnit::Weeks,
        });
        let table_unit = unit.unwrap_or(TimeUnit::Days);
        let mut options = AnalysisOptions::new()
            .time_unit(table_unit)
            .import(self.import.options(table_unit)?)
            .analytics(analytics)
            .models(self.models.options(unit)?);
        if let Some(date) = self.analysis_date {
            options = options.analysis_date(date);
        }
        Ok(options)
    }

    /// Reads and analyses a file (a Parquet file is read as the CSV of its columns).
    pub fn analyze_file(&self, file: &Path) -> Result<Report, String> {
        let options = self.options()?;
        if crate::parquet_io::is_parquet(file) {
            let bytes = crate::parquet_io::to_csv(file)?;
            return analyze(&bytes, &options).map_err(|e| format!("{}: {e}", file.display()));
        }
        let imported = read_streamed(file, &options.import)?;
        Report::build(imported, &options).map_err(|e| format!("{}: {e}", file.display()))
    }
}

/// Bytes read from a file at a time.
const CHUNK_BYTES: usize = 1 << 20;

/// The orders of a text file, read in chunks of [`CHUNK_BYTES`] through the engine's
/// [`StreamingImport`] as the browser's worker reads them: memory follows the orders kept, not
/// the file's size, so a file larger than the machine's memory can be analysed. A pipe or
/// other file of unknown size is read the same way.
pub fn read_streamed(file: &Path, options: &ImportOptions) -> Result<Imported, String> {
    let cannot_read = |e: std::io::Error| format!("cannot read {}: {e}", file.display());
    let in_file = |e: clv_engine::Error| format!("{}: {e}", file.display());
    let mut source = std::fs::File::open(file).map_err(cannot_read)?;
    let mut import = StreamingImport::new(options.clone());
    if let Some(size) = source
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
    {
        import = import.with_total_bytes(size).map_err(in_file)?;
    }
    let mut chunk = vec![0; CHUNK_BYTES];
    loop {
        match source.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => import.push(&chunk[..n]).map_err(in_file)?,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(cannot_read(e)),
        }
    }
    import.finish().map_err(in_file)
}

/// Parses `value=cac,value=cac` (values may contain spaces; the last `=` splits).
pub fn parse_cac(text: &str) -> Result<Vec<(String, f64)>, String> {
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (value, cac) = part
                .rsplit_once('=')
                .ok_or_else(|| format!("--cac: `{part}` is not value=amount"))?;
            let cac: f64 = cac
                .trim()
                .parse()
                .map_err(|_| format!("--cac: `{cac}` is not a number"))?;
            Ok((value.trim().to_string(), cac))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cac_list() {
        assert_eq!(
            parse_cac("ads=12.5, email = 2").unwrap(),
            vec![("ads".to_string(), 12.5), ("email".to_string(), 2.0)]
        );
        assert!(parse_cac("ads").is_err());
        assert!(parse_cac("ads=cheap").is_err());
    }
}
