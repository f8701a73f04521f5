//! The report: one serde struct tree with everything the engine computed, shown by the app,
//! downloaded as JSON and printed by `clv report`. Field names are snake_case, money is a
//! number, dates are ISO `YYYY-MM-DD`.

use crate::error::Error;
use crate::import::Imported;
use crate::models::{CustomerPrediction, ModelsReport, Validation};
use crate::summary::{summarize, CustomerSummary, TimeUnit};
use crate::AnalysisOptions;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How the rows of the file were accounted for: `imported + merged + skipped = total`, always.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RowCounts {
    /// Data rows in the file (blank lines are not rows).
    pub total: u64,
    /// Rows that became an order or a return.
    pub imported: u64,
    /// Rows merged into an order already seen (line items of one order).
    pub merged: u64,
    /// Rows left out; each one is listed in `skipped_rows`.
    pub skipped: u64,
}

/// A row that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRow {
    /// 1-based line of the row in the file.
    pub line: u64,
    /// Header of the column that made the row unusable, when one did.
    pub column: Option<String>,
    /// Why, in the user's words.
    pub reason: String,
}

/// Something the user should know about the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable machine-readable code, e.g. `negative_amounts_as_returns`.
    pub code: String,
    /// Plain-words explanation.
    pub message: String,
}

impl Warning {
    /// A warning.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Warning {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

/// The shop's headline numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    /// Customers with at least one counted order.
    pub customers: u64,
    /// Counted orders.
    pub orders: u64,
    /// Net revenue of counted orders, less returns.
    pub revenue: f64,
    /// Average order value: revenue / orders.
    pub aov: f64,
    /// First counted order date.
    pub first_order_date: NaiveDate,
    /// Last counted order date.
    pub last_order_date: NaiveDate,
}

/// Everything the engine computed for one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Version of the engine that made the report.
    pub engine_version: String,
    /// How the rows of the file were accounted for.
    pub rows: RowCounts,
    /// Rows left out, with line, column and reason.
    pub skipped_rows: Vec<SkippedRow>,
    /// Things the user should know.
    pub warnings: Vec<Warning>,
    /// The date the analysis is made at.
    pub analysis_date: NaiveDate,
    /// Unit of recency and T in `customers`.
    pub time_unit: TimeUnit,
    /// Headline numbers.
    pub kpis: Kpis,
    /// One row per customer, in order of first appearance in the file.
    pub customers: Vec<CustomerSummary>,
    /// Fitted customer-base models (BG/NBD, Pareto/NBD, Gamma-Gamma), unless turned off.
    pub models: Option<ModelsReport>,
    /// Calibration / hold-out comparison, when a calibration end was given.
    pub validation: Option<Validation>,
    /// Per-customer model predictions; join with `customers` by `customer_id`.
    pub predictions: Vec<CustomerPrediction>,
}

impl Report {
    /// Builds the report from what was imported.
    pub fn build(imported: Imported, options: &AnalysisOptions) -> Result<Report, Error> {
        let Imported {
            log,
            rows,
            skipped_rows,
            mut warnings,
        } = imported;
        let (first, last) = log
            .date_range()
            .ok_or(Error::NoOrders { rows: rows.total })?;
        let analysis_date = options.analysis_date.unwrap_or(last);
        let customers = summarize(&log, analysis_date, options.time_unit);
        let counted: Vec<_> = log
            .orders
            .iter()
            .filter(|o| o.date <= analysis_date)
            .collect();
        if counted.is_empty() {
            return Err(Error::NoOrders { rows: rows.total });
        }
        let later = log.orders.len() - counted.len();
        if later > 0 {
            warnings.push(Warning::new(
                "orders_after_analysis_date",
                format!(
                    "{later} orders dated after the analysis date {analysis_date} are not counted."
                ),
            ));
        }
        let orders = counted.len() as u64;
        let revenue: f64 = customers.iter().map(|c| c.revenue).sum();
        let kpis = Kpis {
            customers: customers.len() as u64,
            orders,
            revenue,
            aov: revenue / orders as f64,
            first_order_date: first,
            last_order_date: counted.iter().map(|o| o.date).max().unwrap_or(last),
        };
        let model_output = crate::models::run(&log, analysis_date, &options.models);
        warnings.extend(model_output.warnings);
        Ok(Report {
            engine_version: env!("CARGO_PKG_VERSION").to_string(),
            rows,
            skipped_rows,
            warnings,
            analysis_date,
            time_unit: options.time_unit,
            kpis,
            customers,
            models: model_output.models,
            validation: model_output.validation,
            predictions: model_output.predictions,
        })
    }
}
