//! The header row of every CSV the page downloads, in the reader's language: the engine's
//! column names (what `clv` writes, stable) paired with the words the page shows for them, the
//! same words as the tables on screen. The engine swaps only the header row, so the columns
//! and their order are the same in every language.

use clv_engine::export::HeaderNames;

use crate::i18n::t;

/// The reader's words for the engine's column names of the page's downloads (a column left
/// out keeps the engine's name).
pub fn export_header_names() -> HeaderNames {
    let pairs: [(&str, String); 35] = [
        ("customer_id", t("table.customer")),
        ("orders", t("table.orders")),
        ("revenue", t("table.revenue")),
        ("aov", t("table.aov")),
        ("first_order", t("table.first_order")),
        ("last_order", t("table.last_order")),
        ("days_since_last_order", t("table.days_since")),
        ("annual_spend", t("table.annual_spend")),
        ("rfm_cell", t("table.rfm")),
        ("segment", t("table.segment")),
        ("p_alive", t("table.p_alive")),
        ("expected_purchases", t("table.expected_purchases")),
        ("predicted_clv", t("table.predicted_clv")),
        ("kind", t("winback.kind")),
        ("value", t("winback.value")),
        ("order_id", t("value.big.order")),
        ("date", t("value.big.date")),
        ("amount", t("value.big.amount")),
        ("reason", t("value.big.why")),
        ("quantity", t("export.col.quantity")),
        ("line", t("export.col.line")),
        ("column", t("export.col.column")),
        ("customers", t("table.customers")),
        ("customer_share", t("rfm.customer_share")),
        ("revenue_share", t("rfm.revenue_share")),
        ("historical_clv", t("channels.historical_clv")),
        ("cac", t("channels.cac")),
        ("roi", t("channels.roi")),
        ("clv_to_cac", t("channels.ratio")),
        ("average_days_since_last_order", t("rfm.avg_days")),
        ("average_orders", t("rfm.avg_orders")),
        ("average_revenue", t("export.col.average_revenue")),
        ("cohort", t("export.col.cohort")),
        ("retention_m{n}", t("export.col.retention_month")),
        (
            "revenue_per_customer_m{n}",
            t("export.col.revenue_per_customer_month"),
        ),
    ];
    HeaderNames::new(
        pairs
            .into_iter()
            .map(|(key, name)| (key.to_string(), name))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_engine_name_gets_a_distinct_word_and_the_numbered_ones_their_month() {
        crate::i18n::use_analyzer_tables();
        let names = export_header_names();
        // Natively the language is English.
        assert_eq!(names.name("customer_id"), "Customer");
        assert_eq!(names.name("retention_m3"), "Retention, month 3");
        let words: Vec<String> = [
            "customer_id",
            "orders",
            "revenue",
            "aov",
            "kind",
            "value",
            "segment",
            "p_alive",
            "predicted_clv",
        ]
        .iter()
        .map(|k| names.name(k))
        .collect();
        let mut unique = words.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), words.len(), "{words:?}");
    }
}
