//! One basis for every CLV on the page: revenue, or profit at the margin the user set. Every
//! CLV label says which, and every predicted CLV is shown with its range.

use crate::format::{amount, percent};
use crate::i18n::t_with;

/// "revenue" or "profit at a 30 % margin", in the reader's language.
pub fn basis(margin: Option<f64>) -> String {
    match margin {
        Some(m) => t_with("basis.profit", &[("margin", &percent(m))]),
        None => crate::i18n::t("basis.revenue"),
    }
}

/// A CLV label with its basis: "Predicted CLV (profit at a 30 % margin)".
pub fn clv_label(label: String, margin: Option<f64>) -> String {
    t_with(
        "basis.label",
        &[("label", &label), ("basis", &basis(margin))],
    )
}

/// "€X (€A–€B)"; just "€X" when the range is unknown.
pub fn with_range(value: f64, range: Option<(f64, f64)>, currency: Option<&str>) -> String {
    match range {
        Some((low, high)) => t_with(
            "basis.range",
            &[
                ("value", &amount(value, currency)),
                ("low", &amount(low, currency)),
                ("high", &amount(high, currency)),
            ],
        ),
        None => amount(value, currency),
    }
}
