//! `clv`: the CLV Lens engine on the command line.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use clv_engine::{analyze, AnalysisOptions, Report, TimeUnit};

mod import_args;
mod text;

use import_args::ImportArgs;

/// Customer lifetime value and RFM from an order export, on your own machine.
#[derive(Parser)]
#[command(name = "clv", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse an order export and print the report.
    Report {
        /// The order export (CSV).
        file: std::path::PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The date the analysis is made at (YYYY-MM-DD); defaults to the last order date.
        #[arg(long)]
        analysis_date: Option<NaiveDate>,
        /// Unit of recency and T.
        #[arg(long, value_enum, default_value_t = Unit::Days)]
        time_unit: Unit,
        /// Also write the skipped rows (line, column, reason) to this CSV file.
        #[arg(long)]
        skipped_csv: Option<std::path::PathBuf>,
        #[command(flatten)]
        import: ImportArgs,
    },
    /// Show how a file would be read (encoding, delimiter, columns, first rows) as JSON.
    Preview {
        /// The order export (CSV).
        file: std::path::PathBuf,
        #[command(flatten)]
        import: ImportArgs,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// The full report as JSON.
    Json,
    /// A readable summary.
    Text,
}

#[derive(Clone, Copy, ValueEnum)]
enum Unit {
    Days,
    Weeks,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("clv: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<String, String> {
    match cli.command {
        Command::Report {
            file,
            format,
            analysis_date,
            time_unit,
            skipped_csv,
            import,
        } => {
            let bytes =
                std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let unit = match time_unit {
                Unit::Days => TimeUnit::Days,
                Unit::Weeks => TimeUnit::Weeks,
            };
            let mut options = AnalysisOptions::new()
                .time_unit(unit)
                .import(import.options(unit)?);
            if let Some(date) = analysis_date {
                options = options.analysis_date(date);
            }
            let report =
                analyze(&bytes, &options).map_err(|e| format!("{}: {e}", file.display()))?;
            if let Some(path) = skipped_csv {
                std::fs::write(&path, clv_engine::skipped_rows_csv(&report.skipped_rows))
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
            render(&report, format)
        }
        Command::Preview { file, import } => {
            let bytes =
                std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let start = &bytes[..bytes.len().min(PREVIEW_BYTES)];
            let preview = clv_engine::preview(
                start,
                start.len() == bytes.len(),
                &import.options(TimeUnit::Days)?,
            )
            .map_err(|e| format!("{}: {e}", file.display()))?;
            serde_json::to_string_pretty(&preview).map_err(|e| e.to_string())
        }
    }
}

/// Bytes of the file the preview looks at (what the app reads before the analysis).
const PREVIEW_BYTES: usize = 1 << 20;

fn render(report: &Report, format: Format) -> Result<String, String> {
    match format {
        Format::Json => serde_json::to_string_pretty(report).map_err(|e| e.to_string()),
        Format::Text => Ok(text::summary(report)),
    }
}
