//! `clv`: the CLV Lens engine on the command line.

use std::process::ExitCode;

use clap::Parser;

mod args;
mod calc;
mod text;

use args::{Cli, Command, CustomersFormat, Format};

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

/// Runs one command and returns what to print.
fn run(cli: Cli) -> Result<String, String> {
    match cli.command {
        Command::Report {
            file,
            format,
            analysis,
        } => {
            let report = analysis.analyze_file(&file)?;
            match format {
                Format::Json => serde_json::to_string_pretty(&report).map_err(|e| e.to_string()),
                Format::Text => Ok(text::summary(&report)),
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
                    clv_engine::metrics::write_customers_csv(&report.customers, &[], &mut out)
                        .map_err(|e| e.to_string())?;
                    let text = String::from_utf8(out).map_err(|e| e.to_string())?;
                    Ok(text.trim_end().to_string())
                }
            }
        }
        Command::Calc(calc) => calc::run(&calc),
    }
}
