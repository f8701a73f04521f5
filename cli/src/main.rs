//! `clv`: the CLV Lens engine on the command line.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::Parser;

mod args;
mod calc;
mod contacts;
mod import_args;
mod json_out;
mod model_args;
mod models_text;
mod output_format;
mod parquet_io;
mod score;
mod sql_args;
mod text;

use args::{Cli, Command};
use clv_engine::export::{customers_csv, skipped_rows_csv};
use clv_engine::CustomerColumn;
use output_format::{CustomersFormat, Format};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let result = run(cli, &mut out).and_then(|()| out.flush().map_err(|e| e.to_string()));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("clv: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Bytes of the file the preview looks at (what the app reads before the analysis).
const PREVIEW_BYTES: usize = 1 << 20;

/// Writes `text`, with a final line end if it has none (a CSV file already ends its last line).
fn print(out: &mut dyn Write, text: &str) -> Result<(), String> {
    out.write_all(text.as_bytes())
        .and_then(|()| {
            if text.ends_with('\n') {
                Ok(())
            } else {
                out.write_all(b"\n")
            }
        })
        .map_err(|e| e.to_string())
}

/// Writes `value` as JSON straight to `out` (no copy of the whole text in memory), compact or
/// indented, and a line end.
fn print_json(
    out: &mut dyn Write,
    value: &impl serde::Serialize,
    pretty: bool,
) -> Result<(), String> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, value)
    } else {
        serde_json::to_writer(&mut *out, value)
    }
    .map_err(|e| e.to_string())?;
    out.write_all(b"\n").map_err(|e| e.to_string())
}

/// Runs one command, writing what it prints to `out`.
fn run(cli: Cli, out: &mut dyn Write) -> Result<(), String> {
    match cli.command {
        Command::Report {
            file,
            format,
            pretty,
            skipped_csv,
            contacts_dir,
            contacts_tool,
            analysis,
        } => {
            let report = analysis.analyze_file(&file)?;
            if let Some(path) = skipped_csv {
                std::fs::write(&path, skipped_rows_csv(&report.summary.skipped_rows).text)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
            if let Some(dir) = contacts_dir {
                contacts::write(&report, &dir, &contacts_tool)?;
            }
            match format {
                Format::Json if pretty => print_json(out, &report, true),
                Format::Json => json_out::write_report(out, &report),
                Format::Text => print(
                    out,
                    &(text::summary(&report) + &models_text::summary(&report)),
                ),
            }
        }
        Command::Customers {
            file,
            format,
            pretty,
            analysis,
        } => {
            let report = analysis.analyze_file(&file)?;
            match format {
                CustomersFormat::Json => print_json(out, &report.customers, pretty),
                CustomersFormat::Csv => print(
                    out,
                    &customers_csv(
                        &report,
                        &CustomerColumn::COMMAND_LINE,
                        0..report.customers.len(),
                    )
                    .text,
                ),
            }
        }
        Command::Preview { file, import } => {
            // The start of the file only, and one byte more to know whether that is all of it.
            let mut bytes = Vec::new();
            std::fs::File::open(&file)
                .and_then(|f| f.take(PREVIEW_BYTES as u64 + 1).read_to_end(&mut bytes))
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let start = &bytes[..bytes.len().min(PREVIEW_BYTES)];
            let preview = clv_engine::preview(
                start,
                start.len() == bytes.len(),
                &import.options(clv_engine::TimeUnit::Days)?,
            )
            .map_err(|e| format!("{}: {e}", file.display()))?;
            // A preview is shown even when the file cannot be analysed yet: it is how the
            // user finds the names to give to --map.
            if let Some(hint) = missing_roles_hint(&preview) {
                eprintln!("clv: {}: {hint}", file.display());
            }
            print_json(out, &preview, true)
        }
        Command::Calc(calc) => print(out, &calc::run(&calc)?),
        Command::Sql(sql) => print(out, &sql.run()),
        // `score` writes its rows itself (to its file or stdout).
        Command::Score(score) => {
            let note = score.run()?;
            if !note.is_empty() {
                eprintln!("clv score: {note}");
            }
            Ok(())
        }
    }
}

/// What to say when the preview found no column for a role the analysis needs: which roles,
/// and the `--map` that names them (each given a column that has no role yet, as an example).
fn missing_roles_hint(preview: &clv_engine::ImportPreview) -> Option<String> {
    if preview.missing.is_empty() {
        return None;
    }
    let roles: Vec<&str> = preview.missing.iter().map(|r| r.name()).collect();
    let mut free = preview
        .info
        .columns
        .iter()
        .filter(|c| c.role.is_none())
        .map(|c| {
            // A header --map cannot name as it is, by its number.
            if c.header.trim().is_empty() || c.header.contains([',', '=', '"']) {
                c.number.to_string()
            } else {
                c.header.clone()
            }
        });
    let example: Vec<String> = preview
        .missing
        .iter()
        .map(|role| {
            format!(
                "{}={}",
                role.name(),
                free.next().unwrap_or_else(|| "N".into())
            )
        })
        .collect();
    let example = example.join(",");
    // Quoted for the shell when a header has a space or a character it would read.
    let example = if example.contains(|c: char| !(c.is_alphanumeric() || "=,_-.".contains(c))) {
        format!("'{}'", example.replace('\'', "'\\''"))
    } else {
        example
    };
    Some(format!(
        "the analysis needs a column for {}, which was not found (listed in the preview's \
         `missing`). Name the columns with --map, a header or a column number for each, \
         e.g. --map {example}",
        roles.join(", "),
    ))
}
