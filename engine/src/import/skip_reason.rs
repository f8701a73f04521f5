//! Why a row was left out, as a value: its code and params let a page word it in the reader's
//! language, its `Display` is the English reason the command line and the JSON show.

use super::columns::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Why an order is no purchase (PRODUCT.md, "orders"): by its status, its cancellation date, or a
/// refund of its whole amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoPurchase {
    /// Cancelled (by its status or a cancellation date).
    Cancelled,
    /// Voided.
    Voided,
    /// The payment failed, was declined or expired.
    Failed,
    /// Refunded, by its status.
    Refunded,
    /// The refund is the order's whole amount.
    FullyRefunded,
}

impl NoPurchase {
    /// The status's stable name: `cancelled`, `voided`, `failed`, `refunded`, `fully_refunded`.
    pub fn name(self) -> &'static str {
        match self {
            NoPurchase::Cancelled => "cancelled",
            NoPurchase::Voided => "voided",
            NoPurchase::Failed => "failed",
            NoPurchase::Refunded => "refunded",
            NoPurchase::FullyRefunded => "fully_refunded",
        }
    }
}

impl fmt::Display for NoPurchase {
    /// The status in English words (`fully refunded`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NoPurchase::FullyRefunded => "fully refunded",
            other => other.name(),
        })
    }
}

/// Why a row was left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SkipReason {
    /// A line item of an order that was left out before (cancelled, refunded…).
    PartOfLeftOutOrder {
        /// The order's id.
        order_id: String,
        /// Why the order was left out.
        why: NoPurchase,
    },
    /// The row's order is no purchase, by its status or its cancellation date.
    NotAPurchase {
        /// The order's id, when the file has one.
        order_id: Option<String>,
        /// Why: cancelled, voided, failed or refunded.
        why: NoPurchase,
    },
    /// Neither a customer id nor an e-mail.
    NoCustomer,
    /// An empty date cell.
    NoDate,
    /// A date cell that reads as no date.
    NotADate {
        /// The cell as written.
        text: String,
    },
    /// A date that reads as a day and month which do not exist (31/02) in the date order the
    /// file was read with.
    NotARealDay,
    /// An empty amount cell.
    NoAmount,
    /// A number cell that reads as no number.
    NotANumber {
        /// The cell as written.
        text: String,
    },
    /// The refund is the whole amount: no purchase.
    FullyRefunded {
        /// The amount refunded.
        refunded: f64,
        /// The order's amount.
        amount: f64,
    },
    /// A cell of a summary file that is not a number of 0 or more.
    NotANonNegativeNumber {
        /// The cell as written.
        text: String,
    },
    /// An empty cell of a column a summary file needs (frequency, recency, T).
    NoValue {
        /// The column's role.
        role: Role,
    },
    /// A summary row whose recency is more than its T (the first purchase to the last is longer
    /// than the first purchase to the end).
    RecencyAboveT {
        /// The row's recency.
        recency: f64,
        /// The row's T.
        t: f64,
    },
    /// A number beyond the limit of its column (an amount beyond ±10¹², a summary's frequency,
    /// recency or T beyond theirs; `crate::limits`).
    NumberTooLarge {
        /// The cell as written.
        text: String,
        /// The limit, in the column's own unit.
        limit: f64,
    },
    /// A quote opened in the row runs over the line end and is never closed where a row could
    /// end: the line is left out, and the lines after it are read as rows of their own.
    UnclosedQuote {
        /// The line from the quote on, shortened to 40 characters.
        text: String,
    },
    /// The date is outside the years an order can have (`crate::limits::EARLIEST_DATE` to
    /// `LATEST_DATE`): `9999-12-31` or `0001-01-01` stand for "never" or a typo, not a purchase.
    DateOutOfRange {
        /// The cell as written.
        text: String,
    },
    /// The row is longer than a row may be.
    RowTooLong {
        /// Its length in bytes (of UTF-8 text).
        bytes: u64,
        /// The most a row may have.
        limit: u64,
    },
}

/// Every code a skipped row can have (a page that words the reasons itself checks that it knows
/// each of them).
pub const SKIP_REASON_CODES: [&str; 17] = [
    "part_of_left_out_order",
    "order_not_a_purchase",
    "not_a_purchase",
    "no_customer",
    "no_date",
    "not_a_date",
    "not_a_real_day",
    "no_amount",
    "not_a_number",
    "fully_refunded",
    "not_a_non_negative_number",
    "no_value",
    "recency_above_t",
    "number_too_large",
    "unclosed_quote",
    "row_too_long",
    "date_out_of_range",
];

impl SkipReason {
    /// A stable name for the reason, one of [`SKIP_REASON_CODES`].
    pub fn code(&self) -> &'static str {
        match self {
            SkipReason::PartOfLeftOutOrder { .. } => "part_of_left_out_order",
            SkipReason::NotAPurchase {
                order_id: Some(_), ..
            } => "order_not_a_purchase",
            SkipReason::NotAPurchase { order_id: None, .. } => "not_a_purchase",
            SkipReason::NoCustomer => "no_customer",
            SkipReason::NoDate => "no_date",
            SkipReason::NotADate { .. } => "not_a_date",
            SkipReason::NotARealDay => "not_a_real_day",
            SkipReason::NoAmount => "no_amount",
            SkipReason::NotANumber { .. } => "not_a_number",
            SkipReason::FullyRefunded { .. } => "fully_refunded",
            SkipReason::NotANonNegativeNumber { .. } => "not_a_non_negative_number",
            SkipReason::NoValue { .. } => "no_value",
            SkipReason::RecencyAboveT { .. } => "recency_above_t",
            SkipReason::NumberTooLarge { .. } => "number_too_large",
            SkipReason::UnclosedQuote { .. } => "unclosed_quote",
            SkipReason::RowTooLong { .. } => "row_too_long",
            SkipReason::DateOutOfRange { .. } => "date_out_of_range",
        }
    }

    /// The values the reason mentions, by name, without a locale: numbers as Rust writes them,
    /// cells as they are in the file, the status as `cancelled`, `voided`, `failed`, `refunded`
    /// or `fully_refunded`, a role by its name (`frequency`, `recency`, `T`).
    pub fn params(&self) -> BTreeMap<String, String> {
        let status = |why: &NoPurchase| why.name().to_string();
        let pairs: Vec<(&str, String)> = match self {
            SkipReason::PartOfLeftOutOrder { order_id, why } => {
                vec![("order_id", order_id.clone()), ("status", status(why))]
            }
            SkipReason::NotAPurchase { order_id, why } => {
                let mut pairs = vec![("status", status(why))];
                if let Some(id) = order_id {
                    pairs.push(("order_id", id.clone()));
                }
                pairs
            }
            SkipReason::NotADate { text }
            | SkipReason::NotANumber { text }
            | SkipReason::NotANonNegativeNumber { text }
            | SkipReason::UnclosedQuote { text }
            | SkipReason::DateOutOfRange { text } => vec![("value", text.clone())],
            SkipReason::RowTooLong { bytes, limit } => {
                vec![("bytes", bytes.to_string()), ("limit", limit.to_string())]
            }
            SkipReason::FullyRefunded { refunded, amount } => vec![
                ("refunded", refunded.to_string()),
                ("amount", amount.to_string()),
            ],
            SkipReason::NoValue { role } => vec![("role", role.name().to_string())],
            SkipReason::RecencyAboveT { recency, t } => {
                vec![("recency", recency.to_string()), ("t", t.to_string())]
            }
            SkipReason::NumberTooLarge { text, limit } => {
                vec![("value", text.clone()), ("limit", limit.to_string())]
            }
            SkipReason::NoCustomer
            | SkipReason::NoDate
            | SkipReason::NotARealDay
            | SkipReason::NoAmount => Vec::new(),
        };
        pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::PartOfLeftOutOrder { order_id, why } => {
                write!(
                    f,
                    "part of order {order_id}, which is {why}: not a purchase"
                )
            }
            SkipReason::NotAPurchase {
                order_id: Some(id),
                why,
            } => write!(f, "order {id} is {why}: not a purchase"),
            SkipReason::NotAPurchase {
                order_id: None,
                why,
            } => {
                write!(f, "the order is {why}: not a purchase")
            }
            SkipReason::NoCustomer => write!(f, "no customer"),
            SkipReason::NoDate => write!(f, "no date"),
            SkipReason::NotADate { text } => write!(f, "`{text}` is not a date"),
            SkipReason::NotARealDay => write!(f, "the date is not a real day"),
            SkipReason::NoAmount => write!(f, "no amount"),
            SkipReason::NotANumber { text } => write!(f, "`{text}` is not a number"),
            SkipReason::FullyRefunded { refunded, amount } => write!(
                f,
                "refunded {refunded} of {amount}: fully refunded, not a purchase"
            ),
            SkipReason::NotANonNegativeNumber { text } => {
                write!(f, "`{text}` is not a number of 0 or more")
            }
            SkipReason::NoValue { role } => write!(f, "no {}", role.name()),
            SkipReason::RecencyAboveT { recency, t } => {
                write!(f, "recency {recency} is more than T {t}")
            }
            SkipReason::NumberTooLarge { text, limit } => {
                write!(f, "`{text}` is more than {limit}")
            }
            SkipReason::UnclosedQuote { text } => write!(
                f,
                "the quote (\") opened at `{text}` is never closed; the lines after it were read as rows of their own"
            ),
            SkipReason::RowTooLong { bytes, limit } => write!(
                f,
                "the row is {bytes} bytes long, more than the {limit} a row may have"
            ),
            SkipReason::DateOutOfRange { text } => write!(
                f,
                "`{text}` is outside the dates an order can have ({} to {})",
                crate::limits::EARLIEST_DATE,
                crate::limits::LATEST_DATE
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_reason() -> Vec<SkipReason> {
        vec![
            SkipReason::PartOfLeftOutOrder {
                order_id: "#1004".into(),
                why: NoPurchase::FullyRefunded,
            },
            SkipReason::NotAPurchase {
                order_id: Some("#1005".into()),
                why: NoPurchase::Cancelled,
            },
            SkipReason::NotAPurchase {
                order_id: None,
                why: NoPurchase::Voided,
            },
            SkipReason::NoCustomer,
            SkipReason::NoDate,
            SkipReason::NotADate {
                text: "yesterday".into(),
            },
            SkipReason::NotARealDay,
            SkipReason::NoAmount,
            SkipReason::NotANumber { text: "n/a".into() },
            SkipReason::FullyRefunded {
                refunded: 12.5,
                amount: 10.0,
            },
            SkipReason::NotANonNegativeNumber { text: "-1".into() },
            SkipReason::NoValue { role: Role::T },
            SkipReason::RecencyAboveT {
                recency: 30.0,
                t: 20.5,
            },
            SkipReason::NumberTooLarge {
                text: "1e15".into(),
                limit: 1e12,
            },
            SkipReason::UnclosedQuote {
                text: "\"Smith, 2024-01-03".into(),
            },
            SkipReason::RowTooLong {
                bytes: 3_000_000,
                limit: 1_048_576,
            },
            SkipReason::DateOutOfRange {
                text: "9999-12-31".into(),
            },
        ]
    }

    #[test]
    fn every_code_is_listed_once_and_used() {
        let codes: Vec<&str> = every_reason().iter().map(SkipReason::code).collect();
        assert_eq!(codes, SKIP_REASON_CODES);
    }

    #[test]
    fn english_reasons_and_their_params() {
        let reasons = every_reason();
        let text: Vec<String> = reasons.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "part of order #1004, which is fully refunded: not a purchase",
                "order #1005 is cancelled: not a purchase",
                "the order is voided: not a purchase",
                "no customer",
                "no date",
                "`yesterday` is not a date",
                "the date is not a real day",
                "no amount",
                "`n/a` is not a number",
                "refunded 12.5 of 10: fully refunded, not a purchase",
                "`-1` is not a number of 0 or more",
                "no T",
                "recency 30 is more than T 20.5",
                "`1e15` is more than 1000000000000",
                "the quote (\") opened at `\"Smith, 2024-01-03` is never closed; the lines after it were read as rows of their own",
                "the row is 3000000 bytes long, more than the 1048576 a row may have",
                "`9999-12-31` is outside the dates an order can have (1900-01-01 to 2200-12-31)",
            ]
        );
        let params = |r: &SkipReason| -> Vec<(String, String)> { r.params().into_iter().collect() };
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert_eq!(
            params(&reasons[0]),
            [pair("order_id", "#1004"), pair("status", "fully_refunded")]
        );
        assert_eq!(params(&reasons[2]), [pair("status", "voided")]);
        assert_eq!(params(&reasons[5]), [pair("value", "yesterday")]);
        assert_eq!(
            params(&reasons[9]),
            [pair("amount", "10"), pair("refunded", "12.5")]
        );
        assert_eq!(params(&reasons[11]), [pair("role", "T")]);
        assert_eq!(
            params(&reasons[12]),
            [pair("recency", "30"), pair("t", "20.5")]
        );
        assert_eq!(params(&reasons[14]), [pair("value", "\"Smith, 2024-01-03")]);
        assert_eq!(
            params(&reasons[15]),
            [pair("bytes", "3000000"), pair("limit", "1048576")]
        );
    }
}
