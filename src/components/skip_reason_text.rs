//! Why a row was skipped, in the reader's language: worded from the row's `code` and its
//! locale-free `params` (cells as they are in the file, numbers formatted for the language). A
//! code this page does not know yet keeps the engine's English `reason`.

use clv_engine::import::columns::Role;
use clv_engine::SkippedRow;

use super::import_check::role_words;
use crate::format::number;
use crate::i18n::{t, t_with};

/// The reason the row was skipped, in the current language.
pub fn skip_reason_text(row: &SkippedRow) -> String {
    worded(row).unwrap_or_else(|| row.reason.clone())
}

/// The reason worded from its code, `None` for a code (or a status) not known here.
fn worded(row: &SkippedRow) -> Option<String> {
    let raw = |name: &str| row.params.get(name).map_or("", String::as_str);
    // A number the engine wrote (`12.5`), written for the language.
    let amount = |name: &str| match raw(name).parse::<f64>() {
        Ok(v) if v.is_finite() => number(v, 0, 2),
        _ => raw(name).to_string(),
    };
    let text = match row.code.as_str() {
        "part_of_left_out_order" => t_with(
            "skip.part_of_left_out_order",
            &[
                ("order_id", raw("order_id")),
                ("status", &status(raw("status"))?),
            ],
        ),
        "order_not_a_purchase" => t_with(
            "skip.order_not_a_purchase",
            &[
                ("order_id", raw("order_id")),
                ("status", &status(raw("status"))?),
            ],
        ),
        "not_a_purchase" => t_with(
            "skip.not_a_purchase",
            &[("status", &status(raw("status"))?)],
        ),
        "no_customer" => t("skip.no_customer"),
        "no_date" => t("skip.no_date"),
        "not_a_date" => t_with("skip.not_a_date", &[("value", raw("value"))]),
        "not_a_real_day" => t("skip.not_a_real_day"),
        "no_amount" => t("skip.no_amount"),
        "not_a_number" => t_with("skip.not_a_number", &[("value", raw("value"))]),
        "fully_refunded" => t_with(
            "skip.fully_refunded",
            &[
                ("refunded", &amount("refunded")),
                ("amount", &amount("amount")),
            ],
        ),
        "not_a_non_negative_number" => {
            t_with("skip.not_a_non_negative_number", &[("value", raw("value"))])
        }
        "no_value" => t_with(
            "skip.no_value",
            &[("role", &role_words(Role::from_name(raw("role"))?))],
        ),
        "recency_above_t" => t_with(
            "skip.recency_above_t",
            &[("recency", &amount("recency")), ("t", &amount("t"))],
        ),
        _ => return None,
    };
    Some(text)
}

/// Why an order is no purchase, as the word that follows "the order is".
fn status(status: &str) -> Option<String> {
    Some(match status {
        "cancelled" => t("skip.status_cancelled"),
        "voided" => t("skip.status_voided"),
        "failed" => t("skip.status_failed"),
        "refunded" => t("skip.status_refunded"),
        "fully_refunded" => t("skip.status_fully_refunded"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use clv_engine::SKIP_REASON_CODES;

    /// Formatting needs the browser's `Intl`, so natively the wording is checked in the source:
    /// every code the engine can give a skipped row has its own arm and key here.
    #[test]
    fn every_skip_reason_code_is_worded() {
        let source = include_str!("skip_reason_text.rs");
        for code in SKIP_REASON_CODES {
            assert!(
                source.contains(&format!("\"{code}\" =>")),
                "no arm for the skip reason code {code}"
            );
            assert!(
                source.contains(&format!("\"skip.{code}\"")),
                "no translation key for the skip reason code {code}"
            );
        }
    }
}
