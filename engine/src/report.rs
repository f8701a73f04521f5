//! The report: one serde struct tree with everything the engine computed, shown by the app,
//! downloaded as JSON and printed by `clv report`. Field names are snake_case, money is a
//! number, dates are ISO `YYYY-MM-DD`.

use crate::error::Error;
use crate::import::{ImportInfo, Imported, SkipReason};
use crate::metrics::{
    analyse_with_predictions, AovBucket, BigOrders, Cohort, Concentration, CustomerPredictions,
    CustomerRow, SegmentTable,
};
use crate::models::{CustomerPrediction, ModelsReport, Validation};
use crate::rfm::win_back::WinBack;
use crate::rfm::Rfm;
use crate::summary::TimeUnit;
use crate::AnalysisOptions;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
///
/// `reason` is English, for the command line, the JSON and the CSV of skipped rows; a page in
/// another language words the reason itself from `code` and `params`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRow {
    /// 1-based line of the row in the file.
    pub line: u64,
    /// Header of the column that made the row unusable, when one did.
    pub column: Option<String>,
    /// Stable machine-readable code, one of [`crate::SKIP_REASON_CODES`], e.g. `not_a_date`.
    pub code: String,
    /// Why, in the user's words, in English.
    pub reason: String,
    /// The values the reason mentions, by name, written without a locale (see
    /// [`SkipReason::params`]). Which names each code has is in `docs/report.md`.
    pub params: BTreeMap<String, String>,
}

impl SkippedRow {
    /// The row at `line`, left out for `reason` (because of `column`, when one).
    pub fn new(line: u64, column: Option<String>, reason: &SkipReason) -> Self {
        SkippedRow {
            line,
            column,
            code: reason.code().to_string(),
            reason: reason.to_string(),
            params: reason.params(),
        }
    }
}

/// Something the user should know about the data.
///
/// `message` is English, for the command line and the JSON; a page in another language words
/// the warning itself from `code` and `params`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable machine-readable code, one of [`WARNING_CODES`], e.g. `negative_amounts_as_returns`.
    pub code: String,
    /// Plain-words explanation, in English.
    pub message: String,
    /// The values the message mentions, by name, written without a locale: counts and numbers
    /// as Rust writes them (`1234`, `0.25`), dates as ISO `YYYY-MM-DD`, column names and other
    /// words from the file as they are. Which names each code has is in `docs/report.md`.
    pub params: BTreeMap<String, String>,
}

impl Warning {
    /// A warning without parameters; add them with [`Warning::param`].
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        debug_assert!(
            WARNING_CODES.contains(&code),
            "warning code {code} is not listed in WARNING_CODES"
        );
        Warning {
            code: code.to_string(),
            message: message.into(),
            params: BTreeMap::new(),
        }
    }

    /// The warning with the value `name` set (written with `Display`, so without a locale).
    pub fn param(mut self, name: &str, value: impl std::fmt::Display) -> Self {
        self.params.insert(name.to_string(), value.to_string());
        self
    }
}

/// Every warning code the engine can emit (a page that words warnings itself checks that it
/// knows each of them).
pub const WARNING_CODES: [&str; 31] = [
    // import
    "no_header",
    "undecodable_characters",
    "ambiguous_date_order",
    "mixed_date_orders",
    "skipped_rows_not_listed",
    "negative_amounts_as_returns",
    "orders_left_out",
    "partial_refunds",
    "duplicate_order_ids",
    "mixed_currencies",
    "future_dates",
    "ambiguous_decimal_separator",
    "summary_input",
    // report
    "orders_after_analysis_date",
    "returns_after_analysis_date",
    // analytics
    "rfm_fewer_recency_scores",
    "rfm_fewer_frequency_scores",
    "rfm_fewer_monetary_scores",
    "segment_column_not_found",
    "cac_value_not_found",
    // models
    "calibration_end_not_before_analysis_date",
    "bg_nbd_not_fitted",
    "pareto_nbd_not_fitted",
    "gamma_gamma_not_fitted",
    "spend_depends_on_frequency",
    "dropout_same_for_everyone",
    "spend_same_within_customer",
    "model_not_converged",
    "invalid_horizon",
    "invalid_discount_rate",
    "model_time_unit",
];

pub use crate::metrics::kpis::Kpis;

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
    /// How the file was read: encoding, delimiter, preset, columns and their roles.
    pub import: ImportInfo,
    /// The date the analysis is made at.
    pub analysis_date: NaiveDate,
    /// Unit of recency and T in `customers`.
    pub time_unit: TimeUnit,
    /// Headline numbers.
    pub kpis: Kpis,
    /// Revenue concentration: top 10 % / 20 % shares, Gini, Lorenz curve.
    pub concentration: Concentration,
    /// Customers by their own AOV against the shop's: below half, half to double, above double.
    pub aov_buckets: Vec<AovBucket>,
    /// Unusually large orders.
    pub big_orders: BigOrders,
    /// Segments by column (the chosen one, or every column with few values).
    pub segments: Vec<SegmentTable>,
    /// Cohorts by month of first order, oldest first.
    pub cohorts: Vec<Cohort>,
    /// RFM scoring basis, segment totals and the rule table.
    pub rfm: Rfm,
    /// Customers to win back, most valuable first.
    pub win_back: WinBack,
    /// One row per customer, in order of first appearance in the file.
    pub customers: Vec<CustomerRow>,
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
            info,
            analysis_date_hint,
            ..
        } = imported;
        let (_, last) = log
            .date_range()
            .ok_or(Error::NoOrders { rows: rows.total })?;
        let analysis_date = options.analysis_date.or(analysis_date_hint).unwrap_or(last);
        let later = log.orders.iter().filter(|o| o.date > analysis_date).count();
        if later == log.orders.len() {
            return Err(Error::NoOrders { rows: rows.total });
        }
        if later > 0 {
            warnings.push(
                Warning::new(
                    "orders_after_analysis_date",
                    format!(
                        "{later} orders dated after the analysis date {analysis_date} are not counted."
                    ),
                )
                .param("count", later)
                .param("analysis_date", analysis_date),
            );
        }
        let later_returns = log
            .returns
            .iter()
            .filter(|r| r.date > analysis_date)
            .count();
        if later_returns > 0 {
            warnings.push(
                Warning::new(
                    "returns_after_analysis_date",
                    format!(
                        "{later_returns} returns dated after the analysis date {analysis_date} are not counted."
                    ),
                )
                .param("count", later_returns)
                .param("analysis_date", analysis_date),
            );
        }
        let analytics = options.analytics.clone().time_unit(options.time_unit);
        // Models first: their P(alive) and predicted CLV rank the win-back list and fill the
        // segments' predicted CLV.
        let model_output = crate::models::run(&log, analysis_date, &options.models);
        warnings.extend(model_output.warnings);
        let predicted = CustomerPredictions::by_customer_id(
            &log,
            analysis_date,
            model_output
                .predictions
                .iter()
                .map(|p| (p.customer_id.as_str(), p.p_alive, p.predicted_clv)),
        );
        let analysis = analyse_with_predictions(&log, analysis_date, &analytics, Some(&predicted))?;
        warnings.extend(analysis.warnings);
        Ok(Report {
            engine_version: env!("CARGO_PKG_VERSION").to_string(),
            rows,
            skipped_rows,
            warnings,
            import: info,
            analysis_date,
            time_unit: options.time_unit,
            kpis: analysis.kpis,
            concentration: analysis.concentration,
            aov_buckets: analysis.aov_buckets,
            big_orders: analysis.big_orders,
            segments: analysis.segments,
            cohorts: analysis.cohorts,
            rfm: analysis.rfm,
            win_back: analysis.win_back,
            customers: analysis.customers,
            models: model_output.models,
            validation: model_output.validation,
            predictions: model_output.predictions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_params_are_a_json_object_of_plain_strings() {
        let w = Warning::new(
            "future_dates",
            "2 orders are dated after today (2024-03-05).",
        )
        .param("count", 2)
        .param("today", NaiveDate::from_ymd_opt(2024, 3, 5).unwrap());
        let json = serde_json::to_value(&w).unwrap();
        assert_eq!(json["params"]["count"], "2");
        assert_eq!(json["params"]["today"], "2024-03-05");
        assert_eq!(serde_json::from_value::<Warning>(json).unwrap(), w);
        assert_eq!(Warning::new("invalid_horizon", "x").params.len(), 0);
    }
}
