//! The output formats the subcommands print: shared by `args` and `calc`, so it uses neither.

use clap::ValueEnum;

/// What `report` and `calc` print.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// The full result as JSON.
    Json,
    /// A readable summary.
    Text,
}

/// What `customers` prints.
#[derive(Clone, Copy, ValueEnum)]
pub enum CustomersFormat {
    /// One row per customer, comma-separated with a header.
    Csv,
    /// The rows as a JSON array.
    Json,
}
