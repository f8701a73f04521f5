//! `clv`: the CLV Lens engine on the command line.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use clv_engine::{analyze, AnalysisOptions, ModelOptions, Report, TimeUnit};

mod models_text;
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
        /// Unit of recency and T (customer table: days unless given; models: chosen from the
        /// data span unless given).
        #[arg(long, value_enum)]
        time_unit: Option<Unit>,
        #[command(flatten)]
        models: ModelArgs,
    },
}

/// Options of the customer-base models (BG/NBD, Pareto/NBD, Gamma-Gamma).
#[derive(clap::Args)]
struct ModelArgs {
    /// Fit the models on orders up to this date (YYYY-MM-DD) and validate them on the orders after.
    #[arg(long)]
    calibration_end: Option<NaiveDate>,
    /// Horizon of expected purchases, in the models' time units (default: the hold-out, or a year).
    #[arg(long)]
    horizon: Option<f64>,
    /// Months of the predicted CLV.
    #[arg(long, default_value_t = 12)]
    clv_months: u32,
    /// Monthly discount rate of the predicted CLV (0.01 = 1 % a month).
    #[arg(long, default_value_t = 0.01)]
    discount_monthly: f64,
    /// Do not fit the models.
    #[arg(long)]
    no_models: bool,
}

impl ModelArgs {
    fn options(&self, unit: Option<TimeUnit>) -> Result<ModelOptions, String> {
        if !(self.discount_monthly >= 0.0 && self.discount_monthly.is_finite()) {
            return Err("--discount-monthly must be a rate of 0 or more, e.g. 0.01".into());
        }
        let mut o = ModelOptions::new()
            .enabled(!self.no_models)
            .clv_months(self.clv_months)
            .discount_monthly(self.discount_monthly);
        if let Some(date) = self.calibration_end {
            o = o.calibration_end(date);
        }
        if let Some(unit) = unit {
            o = o.time_unit(unit);
        }
        if let Some(h) = self.horizon {
            if !(h > 0.0 && h.is_finite()) {
                return Err("--horizon must be a positive number of time units".into());
            }
            o = o.horizon(h);
        }
        Ok(o)
    }
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
            models,
        } => {
            let bytes =
                std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let unit = time_unit.map(|u| match u {
                Unit::Days => TimeUnit::Days,
                Unit::Weeks => TimeUnit::Weeks,
            });
            let mut options = AnalysisOptions::new()
                .time_unit(unit.unwrap_or(TimeUnit::Days))
                .models(models.options(unit)?);
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
        Format::Text => Ok(text::summary(report) + &models_text::summary(report)),
    }
}
