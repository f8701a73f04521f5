//! RFM: recency, frequency and monetary scores 1..5 by quintiles, the RFM cell, the combined
//! score and named segments from an editable rule table (PRODUCT.md, "RFM").
//!
//! - Recency = days from the last order to the analysis date; most recent = 5.
//! - Frequency = counted orders; most = 5.
//! - Monetary = revenue (not the mean order value); most = 5.
//!
//! Scores follow quintiles of the customers (Hughes 1994, "Strategic Database Marketing", RFM
//! quintile coding; the coding Fader, Hardie & Lee 2005, "RFM and CLV", compare their model with).
//! Customers with the same value always get the same score; when a variable has fewer than 5
//! distinct values, only that many scores are used (1..=d) and the report says so in a warning.

pub mod actions;
pub mod rules;
pub(crate) mod win_back;

pub use win_back::{WinBack, WinBackCustomer};

use crate::metrics::customers::{ratio, CustomerRow};
use crate::warning::{RfmScore, Warning};
use rules::{SegmentRule, OTHER_SEGMENT};
use serde::{Deserialize, Serialize};

/// Number of scores (quintiles).
pub const SCORES: usize = 5;

/// How many different scores each variable ended up using (5 unless it has fewer distinct
/// values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoresUsed {
    /// Scores used for recency.
    pub recency: u8,
    /// Scores used for frequency.
    pub frequency: u8,
    /// Scores used for monetary value.
    pub monetary: u8,
}

/// One named RFM segment's totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RfmSegmentSummary {
    /// Segment name, e.g. `Champions`.
    pub segment: String,
    /// Customers in it.
    pub customers: u64,
    /// Their share of all customers (0..1).
    pub customer_share: f64,
    /// Their revenue.
    pub revenue: f64,
    /// Their share of revenue (0..1).
    pub revenue_share: f64,
    /// Mean days since their last order.
    pub average_days_since_last_order: f64,
    /// Mean counted orders.
    pub average_orders: f64,
    /// Mean revenue per customer.
    pub average_revenue: f64,
    /// The recommendation's key ([`actions`]: `champions`…, `generic` for a segment of the
    /// user's own rules).
    pub action: String,
    /// What acting on the segment is worth: the sum over its customers on `worth_basis`.
    pub worth: f64,
    /// `predicted_clv`, `expected_value_lost` (on the report's one CLV basis), or `revenue`
    /// without a model.
    pub worth_basis: String,
    /// Its customers with an e-mail (the ones a contact list for an e-mail tool can hold).
    pub customers_with_email: u64,
}

/// The RFM part of the report (the scores themselves are in the per-customer table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rfm {
    /// What R measures: `days_since_last_order`.
    pub recency_basis: String,
    /// What F measures: `orders`.
    pub frequency_basis: String,
    /// What M measures: `revenue` (the customer's total, not the mean order value).
    pub monetary_basis: String,
    /// How many scores each variable used.
    pub scores_used: ScoresUsed,
    /// Totals per named segment, in the order of the rules (then `Other` if anyone is in it).
    pub segments: Vec<RfmSegmentSummary>,
    /// The rule table that named the segments (first matching rule wins).
    pub rules: Vec<SegmentRule>,
}

/// Scores `values` 1..=5 by quintiles, higher values getting higher scores, ties never split.
/// Returns the scores (same order as `values`) and the number of scores used.
///
/// With d distinct values: d ≤ 5 → the values get scores 1..=d in order. d > 5 → the sorted
/// distinct values are cut into 5 runs; each of the 4 cuts is placed at the run boundary whose
/// customer count comes closest to its quintile (n·j/5 customers, j = 1..4, ties to the lower
/// boundary), keeping every run non-empty.
pub fn quintile_scores(values: &[f64]) -> (Vec<u8>, u8) {
    let n = values.len();
    // (value, index) pairs sorted by value: one contiguous sort, no indirect look-ups.
    let mut sorted: Vec<(f64, u32)> = values.iter().copied().zip(0..n as u32).collect();
    sorted.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    // group_of[k] = distinct-value group of the k-th smallest; cum[g] = customers in groups < g
    let mut cum = vec![0usize];
    let mut group_of = Vec::with_capacity(n);
    for k in 0..n {
        if k > 0 && sorted[k].0 != sorted[k - 1].0 {
            cum.push(k);
        }
        group_of.push(cum.len() - 1);
    }
    cum.push(n);
    let d = if n == 0 { 0 } else { cum.len() - 1 };
    let score_of_group: Vec<u8> = if d <= SCORES {
        (1..=d as u8).collect()
    } else {
        let mut cuts = [0usize; SCORES - 1];
        let mut previous = 0;
        for (j, cut) in cuts.iter_mut().enumerate() {
            let lo = previous + 1;
            let hi = d - (SCORES - 1 - j);
            let target = n * (j + 1);
            *cut = (lo..=hi)
                .min_by_key(|&b| (SCORES * cum[b]).abs_diff(target))
                .unwrap_or(lo);
            previous = *cut;
        }
        (0..d)
            .map(|g| 1 + cuts.iter().filter(|&&c| c <= g).count() as u8)
            .collect()
    };
    let mut scores = vec![0u8; n];
    for (k, &(_, i)) in sorted.iter().enumerate() {
        scores[i as usize] = score_of_group[group_of[k]];
    }
    (scores, d.min(SCORES) as u8)
}

/// Scores every customer, fills the RFM columns of the rows, and sums up the segments.
pub fn score_customers(
    rows: &mut [CustomerRow],
    rules: &[SegmentRule],
    warnings: &mut Vec<Warning>,
) -> Rfm {
    // Recency: fewer days = better, so score the negated days.
    let recency: Vec<f64> = rows
        .iter()
        .map(|r| -(r.days_since_last_order as f64))
        .collect();
    let frequency: Vec<f64> = rows.iter().map(|r| r.orders as f64).collect();
    let monetary: Vec<f64> = rows.iter().map(|r| r.revenue).collect();
    let (r_scores, r_used) = quintile_scores(&recency);
    let (f_scores, f_used) = quintile_scores(&frequency);
    let (m_scores, m_used) = quintile_scores(&monetary);
    for (score, used) in [
        (RfmScore::Recency, r_used),
        (RfmScore::Frequency, f_used),
        (RfmScore::Monetary, m_used),
    ] {
        if !rows.is_empty() && (used as usize) < SCORES {
            warnings.push(Warning::RfmFewerScores {
                score,
                scores: used,
            });
        }
    }
    let mut counts = vec![0u64; rules.len() + 1];
    let mut revenue = vec![0.0f64; rules.len() + 1];
    let mut days = vec![0.0f64; rules.len() + 1];
    let mut orders = vec![0.0f64; rules.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        let (r, f, m) = (r_scores[i], f_scores[i], m_scores[i]);
        row.r_score = r;
        row.f_score = f;
        row.m_score = m;
        row.rfm_cell = cell_text(r, f, m);
        row.rfm_score = r + f + m;
        let slot = rules
            .iter()
            .position(|rule| rule.matches(r, f, m))
            .unwrap_or(rules.len());
        row.segment = rules
            .get(slot)
            .map_or(OTHER_SEGMENT.to_string(), |rule| rule.name.clone());
        counts[slot] += 1;
        revenue[slot] += row.revenue;
        days[slot] += row.days_since_last_order as f64;
        orders[slot] += row.orders as f64;
    }
    let customers = rows.len() as f64;
    let total: f64 = revenue.iter().sum();
    let segments = (0..=rules.len())
        .filter(|&s| s < rules.len() || counts[s] > 0)
        .map(|s| {
            let c = counts[s] as f64;
            RfmSegmentSummary {
                segment: rules
                    .get(s)
                    .map_or(OTHER_SEGMENT.to_string(), |r| r.name.clone()),
                customers: counts[s],
                customer_share: ratio(c, customers),
                revenue: revenue[s],
                revenue_share: ratio(revenue[s], total),
                average_days_since_last_order: ratio(days[s], c),
                average_orders: ratio(orders[s], c),
                average_revenue: ratio(revenue[s], c),
                action: String::new(),
                worth: 0.0,
                worth_basis: String::new(),
                customers_with_email: 0,
            }
        })
        .collect();
    Rfm {
        recency_basis: "days_since_last_order".to_string(),
        frequency_basis: "orders".to_string(),
        monetary_basis: "revenue".to_string(),
        scores_used: ScoresUsed {
            recency: r_used,
            frequency: f_used,
            monetary: m_used,
        },
        segments,
        rules: rules.to_vec(),
    }
}

/// The RFM cell as written ("543"): three digits, built without the formatting machinery
/// (it runs once per customer).
fn cell_text(r: u8, f: u8, m: u8) -> String {
    if r < 10 && f < 10 && m < 10 {
        [r, f, m].iter().map(|&d| char::from(b'0' + d)).collect()
    } else {
        format!("{r}{f}{m}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::test_fixtures::{date, log};
    use crate::metrics::{test_fixtures::analyse, AnalyticsOptions};

    #[test]
    fn ties_are_never_split() {
        // 10 × 4, 20, 30, 40, 50, 60, 70 (n = 10, d = 7); customers before each run boundary:
        // cum = 0, 4, 5, 6, 7, 8, 9, 10. Quintile targets 2, 4, 6, 8 customers.
        // cut 1 in boundaries 1..=3 (cum 4, 5, 6): closest to 2 → 1 (the four 10s)
        // cut 2 in 2..=4 (5, 6, 7): closest to 4 → 2;  cut 3 in 3..=5 (6, 7, 8): 6 → 3
        // cut 4 in 4..=6 (7, 8, 9): 8 → 5
        // scores: 10s → 1, 20 → 2, 30 → 3, 40 and 50 → 4, 60 and 70 → 5
        let values = [70.0, 10.0, 10.0, 20.0, 10.0, 30.0, 40.0, 50.0, 10.0, 60.0];
        let (scores, used) = quintile_scores(&values);
        assert_eq!(scores, vec![5, 1, 1, 2, 1, 3, 4, 4, 1, 5]);
        assert_eq!(used, 5);
    }

    #[test]
    fn plain_quintiles() {
        // 1..=10 without ties: two customers per score.
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        let (scores, used) = quintile_scores(&values);
        assert_eq!(scores, vec![1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        assert_eq!(used, 5);
    }

    #[test]
    fn fewer_distinct_values_use_fewer_scores() {
        // Orders 1, 1, 1, 2, 3: three distinct values → scores 1, 2, 3 only.
        let (scores, used) = quintile_scores(&[1.0, 1.0, 3.0, 2.0, 1.0]);
        assert_eq!(scores, vec![1, 1, 3, 2, 1]);
        assert_eq!(used, 3);
        let (scores, used) = quintile_scores(&[7.0]);
        assert_eq!((scores, used), (vec![1], 1));
        assert_eq!(quintile_scores(&[]), (vec![], 0));
    }

    #[test]
    fn named_segments_and_their_totals() {
        // a, f on Jan 1 (10 each), b Jan 2 (20), c Jan 3 (30), d Jan 4 (40), e Jan 5 (50);
        // analysis Jan 5. Days since last order 4, 3, 2, 1, 0 (a and f tie): 5 distinct values
        // → R scores a, f 1; b 2; c 3; d 4; e 5. Everyone has 1 order → F 1 (1 score used).
        // R×F rules: R1 F1 Lost (a, f), R2 F1 Hibernating, R3 About to sleep, R4 Promising,
        // R5 New. Lost: 2 of 6 customers, revenue 20 of 160 = 0.125, mean days 4, mean revenue 10.
        let log = log(
            &[
                ("a", "2024-01-01", 10.0),
                ("b", "2024-01-02", 20.0),
                ("c", "2024-01-03", 30.0),
                ("d", "2024-01-04", 40.0),
                ("e", "2024-01-05", 50.0),
                ("f", "2024-01-01", 10.0),
            ],
            &[],
        );
        let a = analyse(&log, date("2024-01-05"), &AnalyticsOptions::new()).unwrap();
        let seg: Vec<&str> = a.customers.iter().map(|c| c.segment.as_str()).collect();
        assert_eq!(
            seg,
            [
                "Lost",
                "Hibernating",
                "About to sleep",
                "Promising",
                "New",
                "Lost"
            ]
        );
        assert_eq!(a.customers[5].rfm_cell, "111");
        assert_eq!(a.customers[4].rfm_cell, "515");
        assert_eq!(a.customers[4].rfm_score, 11);
        assert_eq!(a.summary.rfm.scores_used.frequency, 1);
        let segment = |name: &str| {
            let found = a.summary.rfm.segments.iter().find(|s| s.segment == name);
            found.unwrap().clone()
        };
        let lost = segment("Lost");
        assert_eq!((lost.customers, lost.revenue), (2, 20.0));
        assert!((lost.customer_share - 2.0 / 6.0).abs() < 1e-12);
        assert_eq!(lost.revenue_share, 0.125);
        assert_eq!(lost.average_days_since_last_order, 4.0);
        assert_eq!((lost.average_orders, lost.average_revenue), (1.0, 10.0));
        let champions = segment("Champions");
        assert_eq!((champions.customers, champions.customer_share), (0, 0.0));
        assert_eq!(a.summary.rfm.monetary_basis, "revenue");
    }

    #[test]
    fn heavy_tie_at_the_bottom() {
        // 7 one-time buyers and 1, 2, 3, 4, 5, 6 repeat orders... values 1×7, 2, 3, 4, 5, 6
        // n = 12, d = 6, cum = 0, 7, 8, 9, 10, 11, 12; targets 2.4, 4.8, 7.2, 9.6 (×5: 12, 24, 36, 48)
        // cut 1 in 1..=2 (7, 8 → 35, 40 vs 12) → 1; cut 2 in 2..=3 (40, 45 vs 24) → 2;
        // cut 3 in 3..=4 (45, 50 vs 36) → 3; cut 4 in 4..=5 (50, 55 vs 48) → 4
        // scores: 1 → 1, 2 → 2, 3 → 3, 4 → 4, 5 and 6 → 5
        let mut values = vec![1.0; 7];
        values.extend([2.0, 3.0, 4.0, 5.0, 6.0]);
        let (scores, _) = quintile_scores(&values);
        assert_eq!(&scores[6..], &[1, 2, 3, 4, 5, 5]);
    }
}
