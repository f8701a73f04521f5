//! The engine's warnings in the reader's language: worded from the typed warning (counts, dates,
//! column names), with numbers and dates formatted for the language. The match is exhaustive,
//! so a warning the engine adds is a compile error here until it is worded.

use clv_engine::import::{DateOrder, DecimalSeparator, NoPurchase};
use clv_engine::models::FitError;
use clv_engine::warning::{ModelName, RfmScore};
use clv_engine::{TimeUnit, Warning};

use super::role_words::role_words;
use crate::format::{count, date, list, number, series};
use crate::i18n::{t, t_count, t_with};

/// The warning in the current language.
pub fn warning_text(w: &Warning) -> String {
    match w {
        Warning::NoHeader { guessed } => {
            let columns: Vec<String> = guessed
                .iter()
                .map(|(role, column)| {
                    t_with(
                        "warning.no_header_column",
                        &[
                            ("role", &role_words(*role)),
                            ("column", &count(*column as u64)),
                        ],
                    )
                })
                .collect();
            t_with("warning.no_header", &[("columns", &list(&columns))])
        }
        Warning::UndecodableCharacters { encoding } => {
            t_with("warning.undecodable_characters", &[("encoding", encoding)])
        }
        Warning::AmbiguousDateOrder { read_as } => match read_as {
            DateOrder::MonthFirst => t("warning.ambiguous_date_order_month_first"),
            DateOrder::DayFirst => t("warning.ambiguous_date_order_day_first"),
        },
        Warning::MixedDateOrders {
            day_first,
            month_first,
            read_as,
        } => {
            let (day_first, month_first) = (count(*day_first), count(*month_first));
            let args = [
                ("day_first", day_first.as_str()),
                ("month_first", month_first.as_str()),
            ];
            match read_as {
                DateOrder::MonthFirst => t_with("warning.mixed_date_orders_month_first", &args),
                DateOrder::DayFirst => t_with("warning.mixed_date_orders_day_first", &args),
            }
        }
        Warning::SkippedRowsNotListed { skipped, listed } => t_count(
            "warning.skipped_rows_not_listed",
            *skipped as f64,
            &[("listed", &count(*listed))],
        ),
        Warning::NegativeAmountsAsReturns { count: n } => {
            t_count("warning.negative_amounts_as_returns", *n as f64, &[])
        }
        Warning::OrdersLeftOut {
            count: n,
            by_reason,
        } => {
            let reasons: Vec<String> = by_reason
                .iter()
                .map(|(why, orders)| {
                    let orders = count(*orders);
                    let n = [("orders", orders.as_str())];
                    match why {
                        NoPurchase::Cancelled => t_with("warning.orders_left_out_cancelled", &n),
                        NoPurchase::Voided => t_with("warning.orders_left_out_voided", &n),
                        NoPurchase::Failed => t_with("warning.orders_left_out_failed", &n),
                        NoPurchase::Refunded => t_with("warning.orders_left_out_refunded", &n),
                        NoPurchase::FullyRefunded => {
                            t_with("warning.orders_left_out_fully_refunded", &n)
                        }
                    }
                })
                .collect();
            t_count(
                "warning.orders_left_out",
                *n as f64,
                &[("reasons", &list(&reasons))],
            )
        }
        Warning::PartialRefunds { count: n } => t_count("warning.partial_refunds", *n as f64, &[]),
        Warning::DuplicateOrderIds { count: n, example } => t_count(
            "warning.duplicate_order_ids",
            *n as f64,
            &[("example", example)],
        ),
        Warning::MixedCurrencies { currencies } => t_with(
            "warning.mixed_currencies",
            &[("currencies", &list(currencies))],
        ),
        Warning::FutureDates { count: n, today } => t_count(
            "warning.future_dates",
            *n as f64,
            &[("today", &date(*today))],
        ),
        Warning::AmbiguousDecimalSeparator {
            count: n,
            separator,
        } => t_count(
            "warning.ambiguous_decimal_separator",
            *n as f64,
            &[(
                "separator",
                match separator {
                    DecimalSeparator::Dot => ".",
                    DecimalSeparator::Comma => ",",
                },
            )],
        ),
        Warning::SummaryInput { period_end } => t_with(
            "warning.summary_input",
            &[("period_end", &date(*period_end))],
        ),
        Warning::OrdersAfterAnalysisDate {
            count: n,
            analysis_date,
        } => t_count(
            "warning.orders_after_analysis_date",
            *n as f64,
            &[("date", &date(*analysis_date))],
        ),
        Warning::ReturnsAfterAnalysisDate {
            count: n,
            analysis_date,
        } => t_count(
            "warning.returns_after_analysis_date",
            *n as f64,
            &[("date", &date(*analysis_date))],
        ),
        Warning::RfmFewerScores { score, scores } => {
            let n = count(u64::from(*scores));
            let args = [("scores", n.as_str())];
            match score {
                RfmScore::Recency => t_with("warning.rfm_fewer_recency_scores", &args),
                RfmScore::Frequency => t_with("warning.rfm_fewer_frequency_scores", &args),
                RfmScore::Monetary => t_with("warning.rfm_fewer_monetary_scores", &args),
            }
        }
        Warning::SegmentColumnNotFound { column, columns } if columns.is_empty() => t_with(
            "warning.segment_column_not_found_none",
            &[("column", column)],
        ),
        Warning::SegmentColumnNotFound { column, columns } => t_with(
            "warning.segment_column_not_found",
            &[("column", column), ("columns", &list(columns))],
        ),
        Warning::CacValueNotFound { value } => {
            t_with("warning.cac_value_not_found", &[("value", value)])
        }
        Warning::CalibrationEndNotBeforeAnalysisDate {
            calibration_end,
            analysis_date,
        } => t_with(
            "warning.calibration_end_not_before_analysis_date",
            &[
                ("calibration_end", &date(*calibration_end)),
                ("analysis_date", &date(*analysis_date)),
            ],
        ),
        Warning::NotFitted { model, error } => {
            let reason = fit_error_text(error);
            let args = [("reason", reason.as_str())];
            match model {
                ModelName::BgNbd => t_with("warning.bg_nbd_not_fitted", &args),
                ModelName::MbgNbd => t_with("warning.mbg_nbd_not_fitted", &args),
                ModelName::ParetoNbd => t_with("warning.pareto_nbd_not_fitted", &args),
                ModelName::GammaGamma => t_with("warning.gamma_gamma_not_fitted", &args),
            }
        }
        Warning::SpendDependsOnFrequency { correlation } => t_with(
            "warning.spend_depends_on_frequency",
            &[("correlation", &number(*correlation, 2, 2))],
        ),
        Warning::DropoutSameForEveryone { model } => t_with(
            "warning.dropout_same_for_everyone",
            &[("model", &model.to_string())],
        ),
        Warning::SpendSameWithinCustomer => t("warning.spend_same_within_customer"),
        Warning::ModelNotConverged { model } => t_with(
            "warning.model_not_converged",
            &[("model", &model.to_string())],
        ),
        Warning::InvalidHorizon => t("warning.invalid_horizon"),
        Warning::InvalidDiscountRate { rate } => t_with(
            "warning.invalid_discount_rate",
            &[("rate", &number(*rate, 0, 4))],
        ),
        Warning::ModelTimeUnit { unit } => match unit {
            TimeUnit::Weeks => t("warning.model_time_unit_weeks"),
            TimeUnit::Days => t("warning.model_time_unit_days"),
        },
        Warning::CohortsCapped {
            months,
            left_out,
            from,
        } => t_count(
            "warning.cohorts_capped",
            *left_out as f64,
            &[("months", &count(u64::from(*months))), ("from", from)],
        ),
        Warning::SummaryCustomersCapped { customers, limit } => t_with(
            "warning.summary_customers_capped",
            &[("customers", &count(*customers)), ("limit", &count(*limit))],
        ),
        Warning::SummaryOrdersThinned { customers, limit } => t_with(
            "warning.summary_orders_thinned",
            &[("customers", &count(*customers)), ("limit", &count(*limit))],
        ),
        Warning::ExtraFields {
            rows,
            lines,
            columns,
            dropped,
        } => {
            let mut listed: Vec<String> = lines.iter().map(u64::to_string).collect();
            if *rows > lines.len() as u64 {
                listed.push("…".into());
            }
            let first = lines.first().map(u64::to_string).unwrap_or_default();
            t_with(
                "warning.extra_fields",
                &[
                    ("count", &count(*rows)),
                    ("columns", &count(*columns as u64)),
                    ("lines", &series(&listed)),
                    ("dropped", &dropped.join(" | ")),
                    ("line", &first),
                ],
            )
        }
    }
}

/// Why a model was not fitted, in words.
fn fit_error_text(error: &FitError) -> String {
    match error {
        FitError::TooFewCustomers { customers, needed } => {
            let (customers, needed) = (count(*customers as u64), count(*needed as u64));
            t_with(
                "warning.fit_too_few_customers",
                &[("customers", &customers), ("needed", &needed)],
            )
        }
        FitError::AllOnOneDay => t("warning.fit_all_on_one_day"),
        FitError::NoRepeatPurchases => t("warning.fit_no_repeat_purchases"),
        FitError::TooFewRepeatCustomers { customers, needed } => {
            let (customers, needed) = (count(*customers as u64), count(*needed as u64));
            t_with(
                "warning.fit_too_few_repeat_customers",
                &[("customers", &customers), ("needed", &needed)],
            )
        }
        FitError::NotComputable => t("warning.fit_not_computable"),
    }
}
