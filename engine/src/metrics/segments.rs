//! Segments by any column of the file: channel, product group, tag, an engaged flag…
//! (PRODUCT.md, "Segments by any column").
//!
//! A customer belongs to the value the column has on their **first** order (for a channel: the
//! acquisition channel), so each customer is in exactly one segment and the segments' revenues add
//! up to the shop's revenue.

use super::customers::{ratio, CustomerRow};
use super::AnalyticsOptions;
use crate::order::{AttributeColumn, OrderLog};
use crate::time_unit::DAYS_PER_YEAR;
use crate::warning::Warning;

/// Days in one month (PRODUCT.md: 365.25/12).
const DAYS_PER_MONTH: f64 = DAYS_PER_YEAR / 12.0;
use serde::{Deserialize, Serialize};

/// Label of the segment of customers whose first order has an empty cell in the column.
pub const BLANK_VALUE: &str = "(blank)";

/// Without `segment_by`, columns with at most this many distinct values are segmented
/// automatically (more would be an id or a free-text column).
pub const MAX_AUTO_SEGMENT_VALUES: usize = 50;

/// One value of the segmenting column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentRow {
    /// The value, e.g. `instagram`; [`BLANK_VALUE`] for an empty cell.
    pub value: String,
    /// Customers whose first order has this value.
    pub customers: u64,
    /// Their share of all customers (0..1).
    pub customer_share: f64,
    /// Their counted orders (all of them, not only the first).
    pub orders: u64,
    /// Their revenue.
    pub revenue: f64,
    /// Their share of revenue (0..1).
    pub revenue_share: f64,
    /// Revenue / orders.
    pub aov: f64,
    /// Revenue per customer, × margin when a margin is given.
    pub historical_clv: f64,
    /// Mean predicted CLV of the segment's customers that have a prediction, once a model is
    /// fitted.
    pub predicted_clv: Option<f64>,
    /// Cost to acquire one customer of this value, when given.
    pub cac: Option<f64>,
    /// ROI per customer = historical CLV − CAC (PRODUCT.md, "Calculator formulas").
    pub roi: Option<f64>,
    /// Historical CLV : CAC; `None` without a CAC or when the CAC is 0.
    pub clv_to_cac: Option<f64>,
    /// Months for a customer of this value to earn back the CAC: CAC ÷ the revenue (× margin)
    /// per customer per month of tenure observed so far (each customer counting at least one
    /// month from the first order to the analysis date). `None` without a CAC or revenue.
    pub payback_months: Option<f64>,
}

/// Segments by one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentTable {
    /// Header of the column.
    pub column: String,
    /// Always `first_order`: a customer's value is the one on their first order.
    pub assigned_by: String,
    /// One row per value, largest revenue first.
    pub values: Vec<SegmentRow>,
}

/// Builds the segment tables: the column `segment_by` (matched without regard to case), or
/// every column with at most [`MAX_AUTO_SEGMENT_VALUES`] values when none is chosen.
///
/// `predicted_clv[i]`, when given, is the predicted CLV of `rows[i]` (from a fitted model; NaN
/// when it has none); each segment then gets the mean over its customers with a prediction.
pub(crate) fn segment_tables(
    log: &OrderLog,
    first_orders: &[u32],
    rows: &[CustomerRow],
    options: &AnalyticsOptions,
    predicted_clv: Option<&[f64]>,
    warnings: &mut Vec<Warning>,
) -> Vec<SegmentTable> {
    let (segment_by, cac, margin) = (
        options.segment_by.as_deref(),
        &options.cac[..],
        options.margin,
    );
    let columns: Vec<&AttributeColumn> = match segment_by {
        Some(name) => {
            let found = log
                .attributes
                .iter()
                .find(|a| a.name.trim().eq_ignore_ascii_case(name.trim()));
            if found.is_none() {
                warnings.push(Warning::SegmentColumnNotFound {
                    column: name.to_string(),
                    columns: log.attributes.iter().map(|a| a.name.clone()).collect(),
                });
            }
            found.into_iter().collect()
        }
        None => log
            .attributes
            .iter()
            .filter(|a| a.values.len() <= MAX_AUTO_SEGMENT_VALUES)
            .collect(),
    };
    let tables: Vec<SegmentTable> = columns
        .into_iter()
        .map(|column| segment_table(column, first_orders, rows, cac, margin, predicted_clv))
        .collect();
    for (key, _) in cac {
        let used = tables.iter().any(|t| {
            t.values
                .iter()
                .any(|v| v.value.trim().eq_ignore_ascii_case(key.trim()))
        });
        if !used {
            warnings.push(Warning::CacValueNotFound { value: key.clone() });
        }
    }
    tables
}

/// Builds the table of one column.
fn segment_table(
    column: &AttributeColumn,
    first_orders: &[u32],
    rows: &[CustomerRow],
    cac: &[(String, f64)],
    margin: Option<f64>,
    predicted_clv: Option<&[f64]>,
) -> SegmentTable {
    // slot = value index, or values.len() for a blank cell
    let blank = column.values.len();
    let mut customers = vec![0u64; blank + 1];
    let mut orders = vec![0u64; blank + 1];
    let mut revenue = vec![0.0f64; blank + 1];
    let mut predicted = vec![0.0f64; blank + 1];
    let mut with_prediction = vec![0u64; blank + 1];
    let mut months = vec![0.0f64; blank + 1];
    for (i, (&first_order, row)) in first_orders.iter().zip(rows).enumerate() {
        let slot = column
            .value_of(first_order as usize)
            .map_or(blank, |v| (v as usize).min(blank));
        customers[slot] += 1;
        orders[slot] += row.orders as u64;
        revenue[slot] += row.revenue;
        months[slot] += (row.tenure_days as f64 / DAYS_PER_MONTH).max(1.0);
        if let Some(p) = predicted_clv
            .and_then(|p| p.get(i))
            .filter(|p| p.is_finite())
        {
            predicted[slot] += p;
            with_prediction[slot] += 1;
        }
    }
    let total_customers = rows.len() as f64;
    let total_revenue: f64 = revenue.iter().sum();
    let mut values: Vec<SegmentRow> = (0..=blank)
        .filter(|&s| customers[s] > 0)
        .map(|s| {
            let value = column
                .values
                .get(s)
                .cloned()
                .unwrap_or_else(|| BLANK_VALUE.to_string());
            let historical_clv = ratio(revenue[s], customers[s] as f64) * margin.unwrap_or(1.0);
            let cac = cac
                .iter()
                .find(|(k, _)| k.trim().eq_ignore_ascii_case(value.trim()))
                .map(|&(_, c)| c);
            SegmentRow {
                customers: customers[s],
                customer_share: ratio(customers[s] as f64, total_customers),
                orders: orders[s],
                revenue: revenue[s],
                revenue_share: ratio(revenue[s], total_revenue),
                aov: ratio(revenue[s], orders[s] as f64),
                historical_clv,
                predicted_clv: (with_prediction[s] > 0)
                    .then(|| ratio(predicted[s], with_prediction[s] as f64)),
                cac,
                roi: cac.map(|c| historical_clv - c),
                clv_to_cac: cac.filter(|&c| c > 0.0).map(|c| historical_clv / c),
                payback_months: cac.and_then(|c| {
                    let monthly = revenue[s] * margin.unwrap_or(1.0) / months[s];
                    (monthly > 0.0 && c >= 0.0).then(|| c / monthly)
                }),
                value,
            }
        })
        .collect();
    values.sort_by(|a, b| b.revenue.total_cmp(&a.revenue).then(a.value.cmp(&b.value)));
    SegmentTable {
        column: column.name.clone(),
        assigned_by: "first_order".to_string(),
        values,
    }
}

#[cfg(test)]
mod tests {
    use crate::metrics::test_fixtures::{date, log};
    use crate::metrics::{test_fixtures::analyse, AnalyticsOptions};
    use crate::order::AttributeColumn;

    #[test]
    fn customers_belong_to_the_value_of_their_first_order() {
        // a: Jan 1 ads 100, Jan 5 email 50 → segment ads (first order), revenue 150, 2 orders
        // b: Jan 2 email 30                 → email, 30
        // c: Jan 3 blank 20                 → (blank), 20
        // With margin 0.5: ads CLV = 150 × 0.5 = 75; CAC 25 → ROI 50, CLV:CAC 3
        //                  email CLV = 30 × 0.5 = 15; no CAC given
        let mut log = log(
            &[
                ("a", "2024-01-05", 50.0),
                ("a", "2024-01-01", 100.0),
                ("b", "2024-01-02", 30.0),
                ("c", "2024-01-03", 20.0),
            ],
            &[],
        );
        log.attributes.push(AttributeColumn {
            name: "Channel".into(),
            values: vec!["email".into(), "Ads".into()],
            per_order: vec![0, 1, 0, AttributeColumn::EMPTY],
        });
        let options = AnalyticsOptions::new()
            .margin(0.5)
            .segment_by("channel")
            .cac(vec![("ads".into(), 25.0), ("tv".into(), 10.0)]);
        let a = analyse(&log, date("2024-01-05"), &options).unwrap();
        let t = &a.summary.segments[0];
        assert_eq!(t.column, "Channel");
        let v: Vec<(&str, u64, u64, f64)> = t
            .values
            .iter()
            .map(|r| (r.value.as_str(), r.customers, r.orders, r.revenue))
            .collect();
        assert_eq!(
            v,
            vec![
                ("Ads", 1, 2, 150.0),
                ("email", 1, 1, 30.0),
                ("(blank)", 1, 1, 20.0)
            ]
        );
        let ads = &t.values[0];
        assert_eq!(ads.aov, 75.0);
        assert_eq!(ads.historical_clv, 75.0);
        assert_eq!(
            (ads.cac, ads.roi, ads.clv_to_cac),
            (Some(25.0), Some(50.0), Some(3.0))
        );
        assert_eq!(ads.revenue_share, 0.75);
        assert_eq!(t.values[1].roi, None);
        assert!(a
            .summary
            .warnings
            .iter()
            .any(|w| w.code() == "cac_value_not_found"));
    }

    #[test]
    fn unknown_column_is_a_warning() {
        let log = log(&[("a", "2024-01-01", 1.0)], &[]);
        let a = analyse(
            &log,
            date("2024-01-01"),
            &AnalyticsOptions::new().segment_by("source"),
        )
        .unwrap();
        assert!(a.summary.segments.is_empty());
        assert!(a
            .summary
            .warnings
            .iter()
            .any(|w| w.code() == "segment_column_not_found"));
    }
}
