//! The per-customer table as CSV (`clv customers`, the app's "download customers" button).
//! Model columns (P(alive), predicted CLV…) are appended as extra columns, in the same row order.

use super::customers::CustomerRow;
use std::io;

/// The fixed columns, in order.
pub const CUSTOMER_COLUMNS: [&str; 16] = [
    "customer_id",
    "orders",
    "revenue",
    "aov",
    "first_order",
    "last_order",
    "annual_spend",
    "frequency",
    "recency",
    "T",
    "monetary_value",
    "r_score",
    "f_score",
    "m_score",
    "rfm_cell",
    "segment",
];

/// An extra numeric column appended after the fixed ones, one value per row (same order as the
/// rows); a missing value is written as an empty cell.
#[derive(Debug, Clone, Copy)]
pub struct ExtraColumn<'a> {
    /// Header, e.g. `p_alive`.
    pub header: &'a str,
    /// Values by row.
    pub values: &'a [f64],
}

/// Writes the per-customer table as CSV with a header row; text cells are neutralised against
/// spreadsheet formula injection ([`crate::export::neutralise`]).
pub fn write_customers_csv<W: io::Write>(
    rows: &[CustomerRow],
    extra: &[ExtraColumn<'_>],
    out: W,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = CUSTOMER_COLUMNS.to_vec();
    header.extend(extra.iter().map(|c| c.header));
    w.write_record(&header)?;
    let mut record: Vec<String> = Vec::with_capacity(header.len());
    for (i, r) in rows.iter().enumerate() {
        record.clear();
        record.extend([
            crate::export::neutralise(&r.customer_id).into_owned(),
            r.orders.to_string(),
            r.revenue.to_string(),
            r.aov.to_string(),
            r.first_order.to_string(),
            r.last_order.to_string(),
            r.annual_spend.to_string(),
            r.frequency.to_string(),
            r.recency.to_string(),
            r.t.to_string(),
            r.monetary_value.to_string(),
            r.r_score.to_string(),
            r.f_score.to_string(),
            r.m_score.to_string(),
            r.rfm_cell.clone(),
            crate::export::neutralise(&r.segment).into_owned(),
        ]);
        for c in extra {
            record.push(
                c.values
                    .get(i)
                    .filter(|v| v.is_finite())
                    .map_or(String::new(), f64::to_string),
            );
        }
        w.write_record(&record)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::test_fixtures::{date, log};
    use crate::metrics::{test_fixtures::analyse, AnalyticsOptions};

    #[test]
    fn csv_has_the_fixed_columns_then_the_extra_ones() {
        let log = log(
            &[("a,b", "2024-01-01", 10.5), ("c", "2024-01-02", 4.0)],
            &[],
        );
        let a = analyse(&log, date("2024-01-02"), &AnalyticsOptions::new()).unwrap();
        let mut out = Vec::new();
        let p_alive = [0.5];
        let extra = [ExtraColumn {
            header: "p_alive",
            values: &p_alive,
        }];
        write_customers_csv(&a.customers, &extra, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "customer_id,orders,revenue,aov,first_order,last_order,annual_spend,frequency,recency,T,monetary_value,r_score,f_score,m_score,rfm_cell,segment,p_alive"
        );
        // a,b: 1 order of 10.5 one day before the analysis date; tenure 1 day → 1/12 year
        // → annual spend 10.5 × 12 = 126. Recency scores: a,b 1 day ago → 1, c today → 2.
        assert_eq!(
            lines[1],
            "\"a,b\",1,10.5,10.5,2024-01-01,2024-01-01,126,0,0,1,0,1,1,2,112,Lost,0.5"
        );
        // c: bought on the analysis date → R 2 (of 2 used), F 1, M 1 → "211", Hibernating.
        assert!(lines[2].ends_with(",211,Hibernating,"), "{}", lines[2]);
    }
}
