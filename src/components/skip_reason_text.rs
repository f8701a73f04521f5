//! Why a row was skipped, in the reader's language: worded from the typed reason (cells as they
//! are in the file, numbers formatted for the language). The match is exhaustive, so a reason
//! the engine adds is a compile error here until it is worded.

use clv_engine::import::{NoPurchase, SkipReason};
use clv_engine::SkippedRow;

use super::role_words::role_words;
use crate::format::{count, number};
use crate::i18n::{t, t_with};

/// The reason the row was skipped, in the current language.
pub fn skip_reason_text(row: &SkippedRow) -> String {
    // A number the engine read (`12.5`), written for the language.
    let amount = |v: f64| {
        if v.is_finite() {
            number(v, 0, 2)
        } else {
            v.to_string()
        }
    };
    match &row.reason {
        SkipReason::PartOfLeftOutOrder { order_id, why } => t_with(
            "skip.part_of_left_out_order",
            &[("order_id", order_id), ("status", &status(*why))],
        ),
        SkipReason::NotAPurchase {
            order_id: Some(order_id),
            why,
        } => t_with(
            "skip.order_not_a_purchase",
            &[("order_id", order_id), ("status", &status(*why))],
        ),
        SkipReason::NotAPurchase {
            order_id: None,
            why,
        } => t_with("skip.not_a_purchase", &[("status", &status(*why))]),
        SkipReason::NoCustomer => t("skip.no_customer"),
        SkipReason::NoDate => t("skip.no_date"),
        SkipReason::NotADate { text } => t_with("skip.not_a_date", &[("value", text)]),
        SkipReason::NotARealDay => t("skip.not_a_real_day"),
        SkipReason::NoAmount => t("skip.no_amount"),
        SkipReason::NotANumber { text } => t_with("skip.not_a_number", &[("value", text)]),
        SkipReason::FullyRefunded {
            refunded,
            amount: of,
        } => t_with(
            "skip.fully_refunded",
            &[("refunded", &amount(*refunded)), ("amount", &amount(*of))],
        ),
        SkipReason::NotANonNegativeNumber { text } => {
            t_with("skip.not_a_non_negative_number", &[("value", text)])
        }
        SkipReason::NoValue { role } => t_with("skip.no_value", &[("role", &role_words(*role))]),
        SkipReason::RecencyAboveT { recency, t: age } => t_with(
            "skip.recency_above_t",
            &[("recency", &amount(*recency)), ("t", &amount(*age))],
        ),
        SkipReason::NumberTooLarge { text, limit } => t_with(
            "skip.number_too_large",
            &[("value", text), ("limit", &amount(*limit))],
        ),
        SkipReason::UnclosedQuote { text } => t_with("skip.unclosed_quote", &[("value", text)]),
        SkipReason::DateOutOfRange { text } => t_with("skip.date_out_of_range", &[("value", text)]),
        SkipReason::RowTooLong { bytes, limit } => t_with(
            "skip.row_too_long",
            &[("bytes", &count(*bytes)), ("limit", &count(*limit))],
        ),
    }
}

/// Why an order is no purchase, as the word that follows "the order is".
fn status(why: NoPurchase) -> String {
    match why {
        NoPurchase::Cancelled => t("skip.status_cancelled"),
        NoPurchase::Voided => t("skip.status_voided"),
        NoPurchase::Failed => t("skip.status_failed"),
        NoPurchase::Refunded => t("skip.status_refunded"),
        NoPurchase::FullyRefunded => t("skip.status_fully_refunded"),
    }
}
