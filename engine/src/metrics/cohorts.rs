//! Cohorts by month of first order (PRODUCT.md, "Cohorts" and "New-customer repeat rate"):
//! the retention matrix, cumulative revenue per customer by month (LTV curves) and the share of
//! each cohort that came back.
//!
//! Month k of a cohort is the calendar month k months after the cohort's month (k = 0 is the
//! acquisition month itself), up to the month of the analysis date.

use super::customers::{ratio, CustomerAgg, Grouped};
use crate::order::OrderLog;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// One cohort: the customers whose first order fell in one calendar month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    /// The month of first order, `YYYY-MM`.
    pub cohort: String,
    /// Customers acquired that month.
    pub customers: u64,
    /// Of them, customers with 2 or more counted orders.
    pub repeat_customers: u64,
    /// New-customer repeat rate: repeat customers / customers (0..1).
    pub new_customer_repeat_rate: f64,
    /// Retention matrix row: `retention[k]` = share of the cohort ordering in month k (0..1);
    /// `retention[0]` = 1.
    pub retention: Vec<f64>,
    /// `cumulative_revenue_per_customer[k]` = the cohort's revenue (orders less returns) in
    /// months 0..=k / customers: the cohort's average LTV curve.
    pub cumulative_revenue_per_customer: Vec<f64>,
}

/// Months since year 0, for month arithmetic.
fn month_index(d: NaiveDate) -> i64 {
    d.year() as i64 * 12 + d.month0() as i64
}

/// `YYYY-MM` of a month index.
fn month_label(index: i64) -> String {
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

/// Builds the cohorts, oldest first.
pub(crate) fn cohorts(
    log: &OrderLog,
    grouped: &Grouped,
    aggs: &[CustomerAgg],
    analysis_date: NaiveDate,
) -> Vec<Cohort> {
    let Some(first_month) = aggs.iter().map(|a| month_index(a.first)).min() else {
        return Vec::new();
    };
    let last_month = month_index(analysis_date).max(first_month);
    let n_cohorts = (last_month - first_month + 1) as usize;
    let months_of = |cohort: usize| n_cohorts - cohort;
    let mut customers = vec![0u64; n_cohorts];
    let mut repeat = vec![0u64; n_cohorts];
    let mut active: Vec<Vec<u64>> = (0..n_cohorts).map(|c| vec![0; months_of(c)]).collect();
    let mut revenue: Vec<Vec<f64>> = (0..n_cohorts).map(|c| vec![0.0; months_of(c)]).collect();
    // customer index → (cohort, cohort month index), for the returns
    let mut cohort_of = vec![None; log.customers.len()];
    for agg in aggs {
        let start = month_index(agg.first);
        let cohort = (start - first_month) as usize;
        cohort_of[agg.customer as usize] = Some((cohort, start));
        customers[cohort] += 1;
        if agg.orders >= 2 {
            repeat[cohort] += 1;
        }
        let c = agg.customer as usize;
        let mut last_k = None;
        for o in grouped.of(c) {
            let k = ((month_index(o.date) - start) as usize).min(months_of(cohort) - 1);
            revenue[cohort][k] += o.amount;
            if last_k != Some(k) {
                last_k = Some(k);
                active[cohort][k] += 1;
            }
        }
    }
    for r in log.returns.iter().filter(|r| r.date <= analysis_date) {
        if let Some(&Some((cohort, start))) = cohort_of.get(r.customer as usize) {
            let k = (month_index(r.date) - start).clamp(0, months_of(cohort) as i64 - 1);
            revenue[cohort][k as usize] -= r.amount;
        }
    }
    (0..n_cohorts)
        .filter(|&c| customers[c] > 0)
        .map(|c| {
            let size = customers[c] as f64;
            let mut running = 0.0;
            Cohort {
                cohort: month_label(first_month + c as i64),
                customers: customers[c],
                repeat_customers: repeat[c],
                new_customer_repeat_rate: ratio(repeat[c] as f64, size),
                retention: active[c].iter().map(|&a| ratio(a as f64, size)).collect(),
                cumulative_revenue_per_customer: revenue[c]
                    .iter()
                    .map(|&r| {
                        running += r;
                        ratio(running, size)
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::test_fixtures::{date, log};
    use crate::metrics::{test_fixtures::analyse, AnalyticsOptions};

    #[test]
    fn month_labels() {
        assert_eq!(month_label(month_index(date("2024-12-31"))), "2024-12");
        assert_eq!(month_label(month_index(date("2025-01-01"))), "2025-01");
    }

    #[test]
    fn hand_computed_cohorts() {
        // January cohort: a (Jan 5 100, Jan 20 20, Mar 3 50), b (Jan 9 40, return 10 in Feb)
        // February cohort: c (Feb 2 60, Feb 28 60)
        // Analysis date Mar 31 → January has months 0..=2, February 0..=1.
        // January: retention [2/2, 0/2 (b's return is no order), 1/2] = [1, 0, 0.5]
        //          revenue by month [160, −10, 50] → cumulative / 2 = [80, 75, 100]
        //          repeat customers: a (3 orders) → 1 of 2 = 0.5
        // February: retention [1, 0]; revenue [120, 0] → per customer [120, 120];
        //           c has 2 orders → repeat rate 1
        let log = log(
            &[
                ("a", "2024-01-05", 100.0),
                ("b", "2024-01-09", 40.0),
                ("a", "2024-01-20", 20.0),
                ("c", "2024-02-02", 60.0),
                ("c", "2024-02-28", 60.0),
                ("a", "2024-03-03", 50.0),
            ],
            &[("b", "2024-02-10", 10.0)],
        );
        let a = analyse(&log, date("2024-03-31"), &AnalyticsOptions::new()).unwrap();
        assert_eq!(a.summary.cohorts.len(), 2);
        let jan = &a.summary.cohorts[0];
        assert_eq!(jan.cohort, "2024-01");
        assert_eq!((jan.customers, jan.repeat_customers), (2, 1));
        assert_eq!(jan.new_customer_repeat_rate, 0.5);
        assert_eq!(jan.retention, vec![1.0, 0.0, 0.5]);
        assert_eq!(jan.cumulative_revenue_per_customer, vec![80.0, 75.0, 100.0]);
        let feb = &a.summary.cohorts[1];
        assert_eq!(feb.cohort, "2024-02");
        assert_eq!(feb.retention, vec![1.0, 0.0]);
        assert_eq!(feb.cumulative_revenue_per_customer, vec![120.0, 120.0]);
        assert_eq!(feb.new_customer_repeat_rate, 1.0);
    }

    #[test]
    fn months_without_new_customers_are_left_out() {
        // a in January, b in March; no February cohort.
        let log = log(&[("a", "2024-01-05", 1.0), ("b", "2024-03-05", 1.0)], &[]);
        let a = analyse(&log, date("2024-03-05"), &AnalyticsOptions::new()).unwrap();
        let names: Vec<_> = a
            .summary
            .cohorts
            .iter()
            .map(|c| c.cohort.as_str())
            .collect();
        assert_eq!(names, ["2024-01", "2024-03"]);
        assert_eq!(a.summary.cohorts[0].retention.len(), 3);
    }
}
