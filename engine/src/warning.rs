//! Things the user should know about the data, as typed values.
//!
//! Each warning carries the values it mentions with their own types, so a page words it in the
//! reader's language by matching the enum (a new kind it does not word is a compile error).
//! Its `Display` is the English text the command line shows. The report's JSON writes each
//! warning in the documented shape `{code, message, params}` (docs/report.md), made here and
//! nowhere else: [`serialize_documented`]. Formats that are not human-readable (the worker's
//! messages) carry the enum as it is.

use crate::import::columns::Role;
use crate::import::dates::DateOrder;
use crate::import::numbers::DecimalSeparator;
use crate::import::skip_reason::NoPurchase;
use crate::models::fit::FitError;
use crate::time_unit::TimeUnit;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// A customer-base model, as warnings name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelName {
    /// BG/NBD (Fader, Hardie & Lee 2005).
    BgNbd,
    /// MBG/NBD (Batislam, Denizel & Filiztekin 2007).
    MbgNbd,
    /// Pareto/NBD (Schmittlein, Morrison & Colombo 1987).
    ParetoNbd,
    /// Gamma-Gamma spend model (Fader, Hardie & Lee 2005, JMR).
    GammaGamma,
}

impl fmt::Display for ModelName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ModelName::BgNbd => "BG/NBD",
            ModelName::MbgNbd => "MBG/NBD",
            ModelName::ParetoNbd => "Pareto/NBD",
            ModelName::GammaGamma => "Gamma-Gamma",
        })
    }
}

/// Which RFM score has fewer than five values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RfmScore {
    /// Recency (days since the last order).
    Recency,
    /// Frequency (orders).
    Frequency,
    /// Monetary (revenue).
    Monetary,
}

impl RfmScore {
    fn name(self) -> &'static str {
        match self {
            RfmScore::Recency => "recency",
            RfmScore::Frequency => "frequency",
            RfmScore::Monetary => "monetary",
        }
    }
}

/// Something the user should know about the data or the analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Warning {
    /// The file has no header row; the columns were guessed from their values.
    NoHeader {
        /// Each guessed role with its 1-based column number, in role order.
        guessed: Vec<(Role, usize)>,
    },
    /// Some bytes could not be decoded and were replaced by U+FFFD.
    UndecodableCharacters {
        /// The encoding the file was read as.
        encoding: String,
    },
    /// No date tells whether the day or the month comes first.
    AmbiguousDateOrder {
        /// How the dates were read.
        read_as: DateOrder,
    },
    /// Some dates can only be day-first, others only month-first.
    MixedDateOrders {
        /// Dates that can only be day-first.
        day_first: u64,
        /// Dates that can only be month-first.
        month_first: u64,
        /// How the rest were read.
        read_as: DateOrder,
    },
    /// More rows were skipped than are listed.
    SkippedRowsNotListed {
        /// Rows skipped.
        skipped: u64,
        /// Rows listed.
        listed: u64,
    },
    /// Rows with a negative amount and no order of their own counted as returns.
    NegativeAmountsAsReturns {
        /// Such rows.
        count: u64,
    },
    /// Orders left out as no purchase.
    OrdersLeftOut {
        /// Orders left out in all.
        count: u64,
        /// How many for each reason, by reason.
        by_reason: BTreeMap<NoPurchase, u64>,
    },
    /// Orders partly refunded: their revenue is the total less the refund.
    PartialRefunds {
        /// Such orders.
        count: u64,
    },
    /// Rows repeat an order id with a different customer or date.
    DuplicateOrderIds {
        /// Such rows.
        count: u64,
        /// One such order id.
        example: String,
    },
    /// The amounts are in more than one currency.
    MixedCurrencies {
        /// The currencies, in the order met.
        currencies: Vec<String>,
    },
    /// Orders dated after today.
    FutureDates {
        /// Such orders.
        count: u64,
        /// Today.
        today: NaiveDate,
    },
    /// Amounts such as 1,234 that read two ways.
    AmbiguousDecimalSeparator {
        /// Such amounts.
        count: u64,
        /// The decimal separator they were read with.
        separator: DecimalSeparator,
    },
    /// The file is a per-customer summary; purchases were rebuilt from it.
    SummaryInput {
        /// The end of the summary's period.
        period_end: NaiveDate,
    },
    /// Orders dated after the analysis date are not counted.
    OrdersAfterAnalysisDate {
        /// Such orders.
        count: u64,
        /// The analysis date.
        analysis_date: NaiveDate,
    },
    /// Returns dated after the analysis date are not counted.
    ReturnsAfterAnalysisDate {
        /// Such returns.
        count: u64,
        /// The analysis date.
        analysis_date: NaiveDate,
    },
    /// An RFM score runs 1 to fewer than 5, for lack of different values.
    RfmFewerScores {
        /// Which score.
        score: RfmScore,
        /// Its highest score.
        scores: u8,
    },
    /// The column asked to segment by does not exist.
    SegmentColumnNotFound {
        /// The column asked for.
        column: String,
        /// The columns that can be used.
        columns: Vec<String>,
    },
    /// A CAC was given for a value no customer came through.
    CacValueNotFound {
        /// The value.
        value: String,
    },
    /// The calibration end is not before the analysis date: nothing to validate on.
    CalibrationEndNotBeforeAnalysisDate {
        /// The calibration end asked for.
        calibration_end: NaiveDate,
        /// The analysis date.
        analysis_date: NaiveDate,
    },
    /// A model could not be fitted.
    NotFitted {
        /// Which model.
        model: ModelName,
        /// Why.
        error: FitError,
    },
    /// Spend per order and number of orders are correlated, against Gamma-Gamma's assumption.
    SpendDependsOnFrequency {
        /// Their correlation.
        correlation: f64,
    },
    /// The fit found that customers do not differ in how quickly they drop out.
    DropoutSameForEveryone {
        /// Which model.
        model: ModelName,
    },
    /// Each customer's order values barely vary.
    SpendSameWithinCustomer,
    /// A fit did not fully converge.
    ModelNotConverged {
        /// Which model.
        model: ModelName,
    },
    /// The horizon asked for is not a positive number; the default is used.
    InvalidHorizon,
    /// The monthly discount rate is not usable; CLV is not discounted.
    InvalidDiscountRate {
        /// The rate given.
        rate: f64,
    },
    /// The time unit the models chose from the length of the history.
    ModelTimeUnit {
        /// The unit.
        unit: TimeUnit,
    },
    /// The cohort table covers at most `months` months (`crate::limits::MAX_COHORT_MONTHS`):
    /// customers acquired before its first month are left out of it, and each cohort's months
    /// stop `months` months after it.
    CohortsCapped {
        /// The most months the table covers.
        months: u32,
        /// Customers acquired before the table's first month (left out of it).
        left_out: u64,
        /// The table's first month, `YYYY-MM`.
        from: String,
    },
    /// A per-customer summary asked for more purchases than are rebuilt
    /// (`crate::limits::MAX_REBUILT_ORDERS`): these customers keep their first and last
    /// purchase only.
    SummaryOrdersThinned {
        /// Customers rebuilt with their first and last purchase only.
        customers: u64,
        /// The most orders rebuilt.
        limit: u64,
    },
    /// Rows have filled fields after the header's last column; those fields were not read.
    ExtraFields {
        /// Such rows.
        rows: u64,
        /// The first lines of them (at most 5).
        lines: Vec<u64>,
        /// The columns the header names (the data rows' count when there is no header).
        columns: usize,
        /// The first such row's fields after the last column, shortened.
        dropped: Vec<String>,
    },
    /// A compressed summary (a `customers` column) stands for more customers than are rebuilt
    /// (`crate::limits::MAX_REBUILT_ORDERS`): the rest are left out of the report.
    SummaryCustomersCapped {
        /// Customers of the file left out.
        customers: u64,
        /// The most customers rebuilt.
        limit: u64,
    },
}

/// Every warning code, in the order of the enum (docs/report.md lists each with its params).
pub const WARNING_CODES: [&str; 36] = [
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
    "orders_after_analysis_date",
    "returns_after_analysis_date",
    "rfm_fewer_recency_scores",
    "rfm_fewer_frequency_scores",
    "rfm_fewer_monetary_scores",
    "segment_column_not_found",
    "cac_value_not_found",
    "calibration_end_not_before_analysis_date",
    "bg_nbd_not_fitted",
    "mbg_nbd_not_fitted",
    "pareto_nbd_not_fitted",
    "gamma_gamma_not_fitted",
    "spend_depends_on_frequency",
    "dropout_same_for_everyone",
    "spend_same_within_customer",
    "model_not_converged",
    "invalid_horizon",
    "invalid_discount_rate",
    "model_time_unit",
    "cohorts_capped",
    "summary_orders_thinned",
    "extra_fields",
    "summary_customers_capped",
];

fn date_order_name(order: DateOrder) -> &'static str {
    match order {
        DateOrder::DayFirst => "day_first",
        DateOrder::MonthFirst => "month_first",
    }
}

fn separator_text(separator: DecimalSeparator) -> &'static str {
    match separator {
        DecimalSeparator::Dot => ".",
        DecimalSeparator::Comma => ",",
    }
}

/// Line numbers as `2, 5, 9`.
fn join_lines(lines: &[u64]) -> String {
    let lines: Vec<String> = lines.iter().map(u64::to_string).collect();
    lines.join(", ")
}

fn unit_name(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::Days => "days",
        TimeUnit::Weeks => "weeks",
    }
}

impl Warning {
    /// The stable machine-readable code, one of [`WARNING_CODES`].
    pub fn code(&self) -> &'static str {
        match self {
            Warning::NoHeader { .. } => "no_header",
            Warning::UndecodableCharacters { .. } => "undecodable_characters",
            Warning::AmbiguousDateOrder { .. } => "ambiguous_date_order",
            Warning::MixedDateOrders { .. } => "mixed_date_orders",
            Warning::SkippedRowsNotListed { .. } => "skipped_rows_not_listed",
            Warning::NegativeAmountsAsReturns { .. } => "negative_amounts_as_returns",
            Warning::OrdersLeftOut { .. } => "orders_left_out",
            Warning::PartialRefunds { .. } => "partial_refunds",
            Warning::DuplicateOrderIds { .. } => "duplicate_order_ids",
            Warning::MixedCurrencies { .. } => "mixed_currencies",
            Warning::FutureDates { .. } => "future_dates",
            Warning::AmbiguousDecimalSeparator { .. } => "ambiguous_decimal_separator",
            Warning::SummaryInput { .. } => "summary_input",
            Warning::OrdersAfterAnalysisDate { .. } => "orders_after_analysis_date",
            Warning::ReturnsAfterAnalysisDate { .. } => "returns_after_analysis_date",
            Warning::RfmFewerScores { score, .. } => match score {
                RfmScore::Recency => "rfm_fewer_recency_scores",
                RfmScore::Frequency => "rfm_fewer_frequency_scores",
                RfmScore::Monetary => "rfm_fewer_monetary_scores",
            },
            Warning::SegmentColumnNotFound { .. } => "segment_column_not_found",
            Warning::CacValueNotFound { .. } => "cac_value_not_found",
            Warning::CalibrationEndNotBeforeAnalysisDate { .. } => {
                "calibration_end_not_before_analysis_date"
            }
            Warning::NotFitted { model, .. } => match model {
                ModelName::BgNbd => "bg_nbd_not_fitted",
                ModelName::MbgNbd => "mbg_nbd_not_fitted",
                ModelName::ParetoNbd => "pareto_nbd_not_fitted",
                ModelName::GammaGamma => "gamma_gamma_not_fitted",
            },
            Warning::SpendDependsOnFrequency { .. } => "spend_depends_on_frequency",
            Warning::DropoutSameForEveryone { .. } => "dropout_same_for_everyone",
            Warning::SpendSameWithinCustomer => "spend_same_within_customer",
            Warning::ModelNotConverged { .. } => "model_not_converged",
            Warning::InvalidHorizon => "invalid_horizon",
            Warning::InvalidDiscountRate { .. } => "invalid_discount_rate",
            Warning::ModelTimeUnit { .. } => "model_time_unit",
            Warning::CohortsCapped { .. } => "cohorts_capped",
            Warning::SummaryOrdersThinned { .. } => "summary_orders_thinned",
            Warning::SummaryCustomersCapped { .. } => "summary_customers_capped",
            Warning::ExtraFields { .. } => "extra_fields",
        }
    }

    /// True for a note on how the customer-base models fitted (not fitted, not converged, an
    /// assumption that does not hold, the time unit chosen): the page shows these in "How these
    /// numbers were made" and one plain line under the predictions, not above every number.
    pub fn about_model_fit(&self) -> bool {
        matches!(
            self,
            Warning::NotFitted { .. }
                | Warning::SpendDependsOnFrequency { .. }
                | Warning::DropoutSameForEveryone { .. }
                | Warning::SpendSameWithinCustomer
                | Warning::ModelNotConverged { .. }
                | Warning::ModelTimeUnit { .. }
        )
    }

    /// The values the warning mentions, by name, written without a locale: counts and numbers
    /// as Rust writes them (`1234`, `0.25`), dates as ISO `YYYY-MM-DD`, column names and other
    /// words from the file as they are. docs/report.md lists the names of each code.
    pub fn params(&self) -> BTreeMap<String, String> {
        let mut p = BTreeMap::new();
        let mut set = |name: &str, value: &dyn fmt::Display| {
            p.insert(name.to_string(), value.to_string());
        };
        match self {
            Warning::NoHeader { guessed } => {
                for (role, column) in guessed {
                    set(role.name(), column);
                }
            }
            Warning::UndecodableCharacters { encoding } => set("encoding", encoding),
            Warning::AmbiguousDateOrder { read_as } => {
                set("date_order", &date_order_name(*read_as))
            }
            Warning::MixedDateOrders {
                day_first,
                month_first,
                read_as,
            } => {
                set("day_first", day_first);
                set("month_first", month_first);
                set("date_order", &date_order_name(*read_as));
            }
            Warning::SkippedRowsNotListed { skipped, listed } => {
                set("skipped", skipped);
                set("listed", listed);
            }
            Warning::NegativeAmountsAsReturns { count } | Warning::PartialRefunds { count } => {
                set("count", count)
            }
            Warning::OrdersLeftOut { count, by_reason } => {
                set("count", count);
                for (why, n) in by_reason {
                    set(why.name(), n);
                }
            }
            Warning::DuplicateOrderIds { count, example } => {
                set("count", count);
                set("example", example);
            }
            Warning::MixedCurrencies { currencies } => set("currencies", &currencies.join(", ")),
            Warning::FutureDates { count, today } => {
                set("count", count);
                set("today", today);
            }
            Warning::AmbiguousDecimalSeparator { count, separator } => {
                set("count", count);
                set("separator", &separator_text(*separator));
            }
            Warning::SummaryInput { period_end } => set("period_end", period_end),
            Warning::OrdersAfterAnalysisDate {
                count,
                analysis_date,
            }
            | Warning::ReturnsAfterAnalysisDate {
                count,
                analysis_date,
            } => {
                set("count", count);
                set("analysis_date", analysis_date);
            }
            Warning::RfmFewerScores { scores, .. } => set("scores", scores),
            Warning::SegmentColumnNotFound { column, columns } => {
                set("column", column);
                // Empty when no column can be used.
                set("columns", &columns.join(", "));
            }
            Warning::CacValueNotFound { value } => set("value", value),
            Warning::CalibrationEndNotBeforeAnalysisDate {
                calibration_end,
                analysis_date,
            } => {
                set("calibration_end", calibration_end);
                set("analysis_date", analysis_date);
            }
            Warning::NotFitted { error, .. } => {
                set("reason", &error.code());
                if let Some((customers, needed)) = error.counts() {
                    set("customers", &customers);
                    set("needed", &needed);
                }
            }
            Warning::SpendDependsOnFrequency { correlation } => set("correlation", correlation),
            Warning::DropoutSameForEveryone { model } | Warning::ModelNotConverged { model } => {
                set("model", model)
            }
            Warning::InvalidDiscountRate { rate } => set("rate", rate),
            Warning::ModelTimeUnit { unit } => set("unit", &unit_name(*unit)),
            Warning::CohortsCapped {
                months,
                left_out,
                from,
            } => {
                set("months", months);
                set("left_out", left_out);
                set("from", from);
            }
            Warning::SummaryOrdersThinned { customers, limit } => {
                set("customers", customers);
                set("limit", limit);
            }
            Warning::SummaryCustomersCapped { customers, limit } => {
                set("customers", customers);
                set("limit", limit);
            }
            Warning::ExtraFields {
                rows,
                lines,
                columns,
                dropped,
            } => {
                set("count", rows);
                set("lines", &join_lines(lines));
                set("columns", columns);
                set("dropped", &dropped.join(" | "));
            }
            Warning::SpendSameWithinCustomer | Warning::InvalidHorizon => {}
        }
        p
    }
}

impl fmt::Display for Warning {
    /// The warning in plain English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::NoHeader { guessed } => {
                let roles: Vec<String> = guessed
                    .iter()
                    .map(|(r, column)| format!("{} = column {column}", r.name()))
                    .collect();
                write!(f, "The file has no header row; the columns were guessed from their values: {}. Name them yourself if this is wrong.", roles.join(", "))
            }
            Warning::UndecodableCharacters { encoding } => write!(f, "Some characters could not be read as {encoding} and were replaced by �; if names look wrong, choose the file's encoding."),
            Warning::AmbiguousDateOrder { read_as } => {
                let example = match read_as {
                    DateOrder::DayFirst => "5/3/2024 was read as 5 March 2024",
                    DateOrder::MonthFirst => "5/3/2024 was read as May 3, 2024",
                };
                write!(f, "No date in the file says whether the day or the month comes first; {example}. Switch the date order if that is wrong.")
            }
            Warning::MixedDateOrders {
                day_first,
                month_first,
                read_as,
            } => {
                let rest = match read_as {
                    DateOrder::DayFirst => "day-first",
                    DateOrder::MonthFirst => "month-first",
                };
                write!(f, "The date column mixes day-first ({day_first}) and month-first ({month_first}) dates; each was read the only way it can be, the rest as {rest}.")
            }
            Warning::SkippedRowsNotListed { skipped, listed } => write!(f, "{skipped} rows were skipped; the first {listed} are listed. So many usually means a column is mapped wrongly: check the mapping."),
            Warning::NegativeAmountsAsReturns { count } => write!(f, "{count} rows with a negative amount and no order of their own were counted as returns: they lower the customer's revenue and are not orders."),
            Warning::OrdersLeftOut { count, by_reason } => {
                let mut parts: Vec<String> =
                    by_reason.iter().map(|(why, n)| format!("{n} {why}")).collect();
                parts.sort();
                write!(f, "{count} orders were left out as no purchase: {}.", parts.join(", "))
            }
            Warning::PartialRefunds { count } => write!(f, "{count} orders were partly refunded; their revenue is the total less the refund."),
            Warning::DuplicateOrderIds { count, example } => write!(f, "{count} rows repeat an order id (e.g. {example}) with a different customer or date; they were merged into the first row's order."),
            Warning::MixedCurrencies { currencies } => write!(f, "The amounts are in more than one currency ({}); they were added up as they are.", currencies.join(", ")),
            Warning::FutureDates { count, today } => write!(f, "{count} orders are dated after today ({today}); check the date column and its day/month order."),
            Warning::AmbiguousDecimalSeparator { count, separator } => write!(f, "{count} amounts such as 1,234 can be read two ways; they were read with `{}` as the decimal separator.", separator_text(*separator)),
            Warning::SummaryInput { period_end } => write!(f, "This file is a per-customer summary (frequency, recency, T), not orders: purchases were rebuilt from it with the period ending {period_end}; order values are the monetary value."),
            Warning::OrdersAfterAnalysisDate { count, analysis_date } => write!(f, "{count} orders dated after the analysis date {analysis_date} are not counted."),
            Warning::ReturnsAfterAnalysisDate { count, analysis_date } => write!(f, "{count} returns dated after the analysis date {analysis_date} are not counted."),
            Warning::RfmFewerScores { score, scores } => {
                let name = score.name();
                write!(f, "Only {scores} different {name} values among the customers, so {name} scores run 1 to {scores} instead of 1 to 5.")
            }
            Warning::SegmentColumnNotFound { column, columns } => {
                let known = if columns.is_empty() { "none".to_string() } else { columns.join(", ") };
                write!(f, "There is no column `{column}` to segment by. Columns that can be used: {known}.")
            }
            Warning::CacValueNotFound { value } => write!(f, "A CAC was given for `{value}`, but no customer came through that value."),
            Warning::CalibrationEndNotBeforeAnalysisDate { calibration_end, analysis_date } => write!(f, "The calibration end {calibration_end} is not before the analysis date {analysis_date}, so there is no later period to validate on."),
            Warning::NotFitted { model: ModelName::GammaGamma, error } => write!(f, "The spend model (Gamma-Gamma) was not fitted: {error}"),
            Warning::NotFitted { model, error } => write!(f, "{model} was not fitted: {error}"),
            Warning::SpendDependsOnFrequency { correlation } => write!(f, "Spend per order and number of orders are correlated ({correlation:.2}); the spend model assumes they are not, so expected order values may be biased."),
            Warning::DropoutSameForEveryone { model } => write!(f, "The {model} fit found that customers do not differ in how quickly they drop out; its predictions are usable, but its dropout parameters are very large and mean little on their own."),
            Warning::SpendSameWithinCustomer => f.write_str("Each customer's order values barely vary, so the spend model expects every repeat customer to keep spending their own average."),
            Warning::ModelNotConverged { model } => write!(f, "The {model} fit did not fully converge; treat its numbers with care."),
            Warning::InvalidHorizon => f.write_str("The horizon must be a positive number of time units; the default is used."),
            Warning::InvalidDiscountRate { rate } => write!(f, "The monthly discount rate {rate} is not usable; predicted CLV is not discounted."),
            Warning::ModelTimeUnit { unit } => write!(f, "The models count time in {} (chosen from the length of the history).", unit_name(*unit)),
            Warning::CohortsCapped { months, left_out, from } => write!(f, "The cohort table covers at most {months} months, from {from}: {left_out} customers acquired before are left out of it, and each cohort's months stop {months} months after it."),
            Warning::SummaryCustomersCapped { customers, limit } => write!(f, "The summary stands for more than {limit} customers, more than are rebuilt for the report: {customers} customers are left out of it. `clv score` reads a summary of any size."),
            Warning::SummaryOrdersThinned { customers, limit } => write!(f, "The summary asks for more than {limit} purchases in all, more than are rebuilt: {customers} customers keep only their first and last purchase, so their frequency and revenue are lower in the report."),
            Warning::ExtraFields { rows, lines, columns, dropped } => {
                let more = if *rows > lines.len() as u64 { ", …" } else { "" };
                write!(f, "{rows} rows have more fields than the file's {columns} columns (lines {}{more}); the fields after the last column were not read, e.g. `{}` on line {}. If values there look shifted, a cell holds an unquoted delimiter.", join_lines(lines), dropped.join(" | "), lines.first().copied().unwrap_or_default())
            }
        }
    }
}

/// One warning in the documented JSON shape.
#[derive(Serialize)]
struct Documented {
    code: &'static str,
    message: String,
    params: BTreeMap<String, String>,
}

/// Writes warnings as the report documents them (`code`, `message`, `params`) for a
/// human-readable format such as JSON, and as the typed enum for any other (the worker's
/// messages). For `#[serde(serialize_with = …)]` on the report's `warnings`.
pub fn serialize_documented<S: Serializer>(
    warnings: &[Warning],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if !serializer.is_human_readable() {
        return warnings.serialize(serializer);
    }
    serializer.collect_seq(warnings.iter().map(|w| Documented {
        code: w.code(),
        message: w.to_string(),
        params: w.params(),
    }))
}

#[cfg(test)]
mod tests;
