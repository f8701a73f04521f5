//! The engine's warnings in the reader's language: worded from the warning's `code` and its
//! locale-free `params` (counts, ISO dates, column names), with numbers and dates formatted for
//! the language. A code this page does not know yet keeps the engine's English `message`.

use chrono::NaiveDate;
use clv_engine::import::columns::Role;
use clv_engine::Warning;

use super::import_check::role_words;
use crate::format::{count, date, number};
use crate::i18n::{t, t_count, t_with};

/// The warning's parameters, read the way each kind of value needs.
struct Params<'a>(&'a Warning);

impl Params<'_> {
    /// The value as the engine wrote it (empty when the warning lacks it).
    fn raw(&self, name: &str) -> &str {
        self.0.params.get(name).map_or("", String::as_str)
    }

    /// A count for `t_count`; 0 when missing or unreadable.
    fn amount(&self, name: &str) -> f64 {
        self.raw(name).parse::<f64>().unwrap_or(0.0)
    }

    /// A count written for the language (`1 234`, `1,234`).
    fn count(&self, name: &str) -> String {
        match self.raw(name).parse::<u64>() {
            Ok(n) => count(n),
            Err(_) => self.raw(name).to_string(),
        }
    }

    /// A number written for the language with `min` to `max` decimals.
    fn number(&self, name: &str, min: u32, max: u32) -> String {
        match self.raw(name).parse::<f64>() {
            Ok(v) if v.is_finite() => number(v, min, max),
            _ => self.raw(name).to_string(),
        }
    }

    /// An ISO date written as the language writes dates.
    fn date(&self, name: &str) -> String {
        match self.raw(name).parse::<NaiveDate>() {
            Ok(d) => date(d),
            Err(_) => self.raw(name).to_string(),
        }
    }
}

/// The warning in the current language.
pub fn warning_text(w: &Warning) -> String {
    worded(w).unwrap_or_else(|| w.message.clone())
}

/// The warning worded from its code, `None` for a code (or a model's reason) not known here.
fn worded(w: &Warning) -> Option<String> {
    let p = Params(w);
    let text = match w.code.as_str() {
        "no_header" => {
            // Role name → column number; listed in the file's column order.
            let mut guessed: Vec<(u64, Role)> = w
                .params
                .iter()
                .filter_map(|(name, column)| Some((column.parse().ok()?, Role::from_name(name)?)))
                .collect();
            guessed.sort_by_key(|(column, _)| *column);
            let columns: Vec<String> = guessed
                .into_iter()
                .map(|(column, role)| {
                    t_with(
                        "warning.no_header_column",
                        &[("role", &role_words(role)), ("column", &count(column))],
                    )
                })
                .collect();
            t_with("warning.no_header", &[("columns", &columns.join(", "))])
        }
        "undecodable_characters" => t_with(
            "warning.undecodable_characters",
            &[("encoding", p.raw("encoding"))],
        ),
        "ambiguous_date_order" => match p.raw("date_order") {
            "month_first" => t("warning.ambiguous_date_order_month_first"),
            _ => t("warning.ambiguous_date_order_day_first"),
        },
        "mixed_date_orders" => {
            let args = [
                ("day_first", p.count("day_first")),
                ("month_first", p.count("month_first")),
            ];
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            match p.raw("date_order") {
                "month_first" => t_with("warning.mixed_date_orders_month_first", &args),
                _ => t_with("warning.mixed_date_orders_day_first", &args),
            }
        }
        "skipped_rows_not_listed" => t_count(
            "warning.skipped_rows_not_listed",
            p.amount("skipped"),
            &[("listed", &p.count("listed"))],
        ),
        "negative_amounts_as_returns" => t_count(
            "warning.negative_amounts_as_returns",
            p.amount("count"),
            &[],
        ),
        "orders_left_out" => {
            let reasons: Vec<String> = w
                .params
                .keys()
                .filter_map(|why| {
                    let n = p.count(why);
                    let n = n.as_str();
                    Some(match why.as_str() {
                        "cancelled" => {
                            t_with("warning.orders_left_out_cancelled", &[("orders", n)])
                        }
                        "voided" => t_with("warning.orders_left_out_voided", &[("orders", n)]),
                        "failed" => t_with("warning.orders_left_out_failed", &[("orders", n)]),
                        "refunded" => t_with("warning.orders_left_out_refunded", &[("orders", n)]),
                        "fully_refunded" => {
                            t_with("warning.orders_left_out_fully_refunded", &[("orders", n)])
                        }
                        _ => return None,
                    })
                })
                .collect();
            t_count(
                "warning.orders_left_out",
                p.amount("count"),
                &[("reasons", &reasons.join(", "))],
            )
        }
        "partial_refunds" => t_count("warning.partial_refunds", p.amount("count"), &[]),
        "duplicate_order_ids" => t_count(
            "warning.duplicate_order_ids",
            p.amount("count"),
            &[("example", p.raw("example"))],
        ),
        "mixed_currencies" => t_with(
            "warning.mixed_currencies",
            &[("currencies", p.raw("currencies"))],
        ),
        "future_dates" => t_count(
            "warning.future_dates",
            p.amount("count"),
            &[("today", &p.date("today"))],
        ),
        "ambiguous_decimal_separator" => t_count(
            "warning.ambiguous_decimal_separator",
            p.amount("count"),
            &[("separator", p.raw("separator"))],
        ),
        "summary_input" => t_with(
            "warning.summary_input",
            &[("period_end", &p.date("period_end"))],
        ),
        "orders_after_analysis_date" => t_count(
            "warning.orders_after_analysis_date",
            p.amount("count"),
            &[("date", &p.date("analysis_date"))],
        ),
        "returns_after_analysis_date" => t_count(
            "warning.returns_after_analysis_date",
            p.amount("count"),
            &[("date", &p.date("analysis_date"))],
        ),
        "rfm_fewer_recency_scores" => t_with(
            "warning.rfm_fewer_recency_scores",
            &[("scores", &p.count("scores"))],
        ),
        "rfm_fewer_frequency_scores" => t_with(
            "warning.rfm_fewer_frequency_scores",
            &[("scores", &p.count("scores"))],
        ),
        "rfm_fewer_monetary_scores" => t_with(
            "warning.rfm_fewer_monetary_scores",
            &[("scores", &p.count("scores"))],
        ),
        "segment_column_not_found" => match p.raw("columns") {
            "" => t_with(
                "warning.segment_column_not_found_none",
                &[("column", p.raw("column"))],
            ),
            columns => t_with(
                "warning.segment_column_not_found",
                &[("column", p.raw("column")), ("columns", columns)],
            ),
        },
        "cac_value_not_found" => {
            t_with("warning.cac_value_not_found", &[("value", p.raw("value"))])
        }
        "calibration_end_not_before_analysis_date" => t_with(
            "warning.calibration_end_not_before_analysis_date",
            &[
                ("calibration_end", &p.date("calibration_end")),
                ("analysis_date", &p.date("analysis_date")),
            ],
        ),
        "bg_nbd_not_fitted" => t_with("warning.bg_nbd_not_fitted", &[("reason", &fit_reason(&p)?)]),
        "pareto_nbd_not_fitted" => t_with(
            "warning.pareto_nbd_not_fitted",
            &[("reason", &fit_reason(&p)?)],
        ),
        "gamma_gamma_not_fitted" => t_with(
            "warning.gamma_gamma_not_fitted",
            &[("reason", &fit_reason(&p)?)],
        ),
        "spend_depends_on_frequency" => t_with(
            "warning.spend_depends_on_frequency",
            &[("correlation", &p.number("correlation", 2, 2))],
        ),
        "dropout_same_for_everyone" => t_with(
            "warning.dropout_same_for_everyone",
            &[("model", p.raw("model"))],
        ),
        "spend_same_within_customer" => t("warning.spend_same_within_customer"),
        "model_not_converged" => {
            t_with("warning.model_not_converged", &[("model", p.raw("model"))])
        }
        "invalid_horizon" => t("warning.invalid_horizon"),
        "invalid_discount_rate" => t_with(
            "warning.invalid_discount_rate",
            &[("rate", &p.number("rate", 0, 4))],
        ),
        "model_time_unit" => match p.raw("unit") {
            "weeks" => t("warning.model_time_unit_weeks"),
            _ => t("warning.model_time_unit_days"),
        },
        _ => return None,
    };
    Some(text)
}

/// Why a model was not fitted, in words; `None` for a reason not known here.
fn fit_reason(p: &Params) -> Option<String> {
    let args = [
        ("customers", p.count("customers")),
        ("needed", p.count("needed")),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Some(match p.raw("reason") {
        "too_few_customers" => t_with("warning.fit_too_few_customers", &args),
        "all_on_one_day" => t("warning.fit_all_on_one_day"),
        "no_repeat_purchases" => t("warning.fit_no_repeat_purchases"),
        "too_few_repeat_customers" => t_with("warning.fit_too_few_repeat_customers", &args),
        "not_computable" => t("warning.fit_not_computable"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use clv_engine::WARNING_CODES;

    /// Formatting needs the browser's `Intl`, so natively the wording is checked in the source:
    /// every code the engine can emit has its own arm and key here.
    #[test]
    fn every_engine_warning_code_is_worded() {
        let source = include_str!("warning_text.rs");
        for code in WARNING_CODES {
            assert!(
                source.contains(&format!("\"{code}\" =>")),
                "no arm for the warning code {code}"
            );
            assert!(
                source.contains(&format!("\"warning.{code}")),
                "no translation key for the warning code {code}"
            );
        }
    }
}
