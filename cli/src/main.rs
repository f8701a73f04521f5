//! `clv`: the CLV Lens engine on the command line.

use std::process::ExitCode;

use clap::Parser;

mod args;
mod calc;
mod import_args;
mod model_args;
mod models_text;
mod text;

use args::{Cli, Command, CustomersFormat, Format};
use clv_engine::metrics::ExtraColumn;
use clv_engine::{CustomerPrediction, Report};

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

/// Bytes of the file the preview looks at (what the app reads before the analysis).
const PREVIEW_BYTES: usize = 1 << 20;

/// Runs one command and returns what to print.
fn run(cli: Cli) -> Result<String, String> {
    match cli.command {
        Command::Report {
            file,
            format,
            skipped_csv,
            analysis,
        } => {
            let report = analysis.analyze_file(&file)?;
            if let Some(path) = skipped_csv {
                std::fs::write(
                    &path,
                    clv_engine::export::skipped_rows_csv(&report.skipped_rows).text,
                )
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
            match format {
                Format::Json => serde_json::to_string_pretty(&report).map_err(|e| e.to_string()),
                Format::Text => Ok(text::summary(&report) + &models_text::summary(&report)),
            }
        }
        Command::Customers {
            file,
            format,
            analysis,
        } => {
            let report = analysis.analyze_file(&file)?;
            match format {
                CustomersFormat::Json => {
                    serde_json::to_string_pretty(&report.customers).map_err(|e| e.to_string())
                }
                CustomersFormat::Csv => {
                    let mut out = Vec::new();
                    let predictions = prediction_columns(&report);
                    let extra: Vec<ExtraColumn> = CustomerPrediction::COLUMNS
                        .iter()
                        .zip(&predictions)
                        .map(|(header, values)| ExtraColumn { header, values })
                        .collect();
                    clv_engine::metrics::write_customers_csv(&report.customers, &extra, &mut out)
                        .map_err(|e| e.to_string())?;
                    let text = String::from_utf8(out).map_err(|e| e.to_string())?;
                    Ok(text.trim_end().to_string())
                }
            }
        }
        Command::Preview { file, import } => {
            let bytes =
                std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let start = &bytes[..bytes.len().min(PREVIEW_BYTES)];
            let preview = clv_engine::preview(
                start,
                start.len() == bytes.len(),
                &import.options(clv_engine::TimeUnit::Days)?,
            )
            .map_err(|e| format!("{}: {e}", file.display()))?;
            serde_json::to_string_pretty(&preview).map_err(|e| e.to_string())
        }
        Command::Calc(calc) => calc::run(&calc),
    }
}

/// The model columns of `clv customers`, one vector per column of [`CustomerPrediction::COLUMNS`]
/// in the order of `report.customers` (NaN, written as an empty cell, where a customer has no
/// prediction, e.g. when the models are off or could not be fitted).
fn prediction_columns(report: &Report) -> Vec<Vec<f64>> {
    let by_id: std::collections::HashMap<&str, &CustomerPrediction> = report
        .predictions
        .iter()
        .map(|p| (p.customer_id.as_str(), p))
        .collect();
    (0..CustomerPrediction::COLUMNS.len())
        .map(|col| {
            report
                .customers
                .iter()
                .map(|c| {
                    by_id
                        .get(c.customer_id.as_str())
                        .and_then(|p| p.values()[col])
                        .unwrap_or(f64::NAN)
                })
                .collect()
        })
        .collect()
}
