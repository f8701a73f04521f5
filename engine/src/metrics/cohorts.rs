//! Cohorts by month of first order (PRODUCT.md, "Cohorts" and "New-customer repeat rate"):
//! the retention matrix, cumulative revenue per customer by month (LTV curves) and the share of
//! each cohort that came back.
//!
//! Month k of a cohort is the calendar month k months after the cohort's month (k = 0 is the
//! acquisition month itself), up to the month of the analysis date, at most
//! [`MAX_COHORT_MONTHS`] months (the table's size grows with the square of its span).

use super::customers::{ratio, CustomerAgg, Entry};
use crate::limits::MAX_COHORT_MONTHS;
use crate::order::OrderLog;
use crate::warning::Warning;
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

/// Builds the cohorts, oldest first. The table covers at most [`MAX_COHORT_MONTHS`] months,
/// back from the last month in which customers were acquired, and each cohort's months stop
/// [`MAX_COHORT_MONTHS`] months after it, so its size is bounded whatever the dates; when that
/// leaves anything out, a warning says so. `visit` hands each customer of `aggs` with its
/// counted orders, in the order of `aggs`, to the function it is given (a visit of the grouped
/// orders, [`super::customers::Grouped::visit_aggs`], which the caller may share with other
/// tables).
pub(crate) fn cohorts(
    log: &OrderLog,
    aggs: &[CustomerAgg],
    analysis_date: NaiveDate,
    warnings: &mut Vec<Warning>,
    visit: impl FnOnce(&mut dyn FnMut(&CustomerAgg, &[Entry])),
) -> Vec<Cohort> {
    let Some(newest) = aggs.iter().map(|a| month_index(a.first)).max() else {
        return Vec::new();
    };
    let span = i64::from(MAX_COHORT_MONTHS);
    let oldest = aggs
        .iter()
        .map(|a| month_index(a.first))
        .min()
        .unwrap_or(newest);
    let first_month = oldest.max(newest - span + 1);
    let last_month = month_index(analysis_date).max(newest);
    let n_cohorts = (newest - first_month + 1) as usize;
    // Months 0..months_of(c) of cohort c: up to the analysis date, at most the span.
    let months_of =
        |cohort: usize| (last_month - first_month + 1 - cohort as i64).min(span) as usize;
    let mut customers = vec![0u64; n_cohorts];
    let mut repeat = vec![0u64; n_cohorts];
    let mut active: Vec<Vec<u64>> = (0..n_cohorts).map(|c| vec![0; months_of(c)]).collect();
    let mut revenue: Vec<Vec<f64>> = (0..n_cohorts).map(|c| vec![0.0; months_of(c)]).collect();
    // customer index → (cohort, cohort month index), for the returns
    let mut cohort_of = vec![None; log.customers.len()];
    let mut left_out = 0u64;
    let mut cut_short = false;
    visit(&mut |agg, orders| {
        let start = month_index(agg.first);
        if start < first_month {
            left_out += 1;
            return;
        }
        let cohort = (start - first_month) as usize;
        cohort_of[agg.customer as usize] = Some((cohort, start));
        customers[cohort] += 1;
        if agg.orders >= 2 {
            repeat[cohort] += 1;
        }
        let mut last_k = None;
        for o in orders {
            let k = (month_index(o.date) - start) as usize;
            if k >= months_of(cohort) {
                cut_short = true;
                continue;
            }
            revenue[cohort][k] += o.amount;
            if last_k != Some(k) {
                last_k = Some(k);
                active[cohort][k] += 1;
            }
        }
    });
    for r in log.returns.iter().filter(|r| r.date <= analysis_date) {
        if let Some(&Some((cohort, start))) = cohort_of.get(r.customer as usize) {
            let k = (month_index(r.date) - start).max(0) as usize;
            if let Some(cell) = revenue[cohort].get_mut(k) {
                *cell -= r.amount;
            }
        }
    }
    cut_short |= last_month - first_month + 1 > span;
    if left_out > 0 || cut_short {
        warnings.push(Warning::CohortsCapped {
            months: MAX_COHORT_MONTHS,
            left_out,
            from: month_label(first_month),
        });
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

    #[test]
    fn the_table_is_bounded_whatever_the_dates() {
        // 1900 and 2200: 3,600 months apart. The table keeps the last 360 months of
        // acquisitions; the customer of 1900 is left out of it, with a warning.
        let log = log(
            &[
                ("old", "1900-01-01", 5.0),
                ("new", "2200-06-01", 7.0),
                ("new", "2200-12-01", 1.0),
            ],
            &[],
        );
        let a = analyse(&log, date("2200-12-31"), &AnalyticsOptions::new()).unwrap();
        let cohorts = &a.summary.cohorts;
        assert_eq!(cohorts.len(), 1);
        assert_eq!(cohorts[0].cohort, "2200-06");
        assert_eq!(
            cohorts[0].retention,
            vec![1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]
        );
        assert!(a.summary.warnings.iter().any(|w| *w
            == Warning::CohortsCapped {
                months: 360,
                left_out: 1,
                from: "2170-07".into(),
            }));
    }

    #[test]
    fn a_cohorts_months_stop_360_months_after_it() {
        // One customer in 1900, the analysis in 2200: 3,612 months, kept to 360.
        let log = log(&[("a", "1900-01-15", 5.0), ("a", "2199-12-01", 3.0)], &[]);
        let a = analyse(&log, date("2200-12-31"), &AnalyticsOptions::new()).unwrap();
        let c = &a.summary.cohorts[0];
        assert_eq!(c.retention.len(), 360);
        assert_eq!(c.cumulative_revenue_per_customer[359], 5.0);
        assert!(a
            .summary
            .warnings
            .iter()
            .any(|w| w.code() == "cohorts_capped"));
        // No warning when nothing is left out.
        let short = log_of_one();
        let a = analyse(&short, date("2024-03-31"), &AnalyticsOptions::new()).unwrap();
        assert!(!a
            .summary
            .warnings
            .iter()
            .any(|w| w.code() == "cohorts_capped"));
    }

    fn log_of_one() -> OrderLog {
        log(&[("a", "2024-01-05", 1.0)], &[])
    }
}
