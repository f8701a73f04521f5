//! `clv`: the CLV Lens engine on the command line.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use clv_engine::{analyze, AnalysisOptions, Report, TimeUnit};

mod text;

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
        } => {
            let bytes =
                std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let mut options = AnalysisOptions::new().time_unit(match time_unit {
                Unit::Days => TimeUnit::Days,
                Unit::Weeks => TimeUnit::Weeks,
            });
            if let Some(date) = analysis_date {
                options = options.analysis_date(date);
            }
            let report =
                analyze(&bytes, &options).map_err(|e| format!("{}: {e}", file.display()))?;
            render(&report, format)
        }
    }
}

fn render(report: &Report, format: Format) -> Result<String, String> {
    match format {
        Format::Json => serde_json::to_string_pretty(report).map_err(|e| e.to_string()),
        Format::Text => Ok(text::summary(report)),
    }
}
