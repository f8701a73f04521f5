//! Honest validation: fit on the calibration period, predict the hold-out period after it and
//! compare with what happened (FHL 2005 section 4: per-customer conditional expectations and the
//! cumulative tracking chart of Figure 4), against a naive baseline in which every customer keeps
//! buying at their calibration-period rate x / T.

use super::clv::PurchaseModel;
use super::data::ModelData;
use crate::order::OrderLog;
use chrono::{Days, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// How well one method predicted the hold-out purchases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Predicted repeat purchases of all calibration customers in the hold-out.
    pub predicted_repeat_purchases: f64,
    /// (predicted − actual) / actual of the total, a fraction (0 when nothing happened).
    pub aggregate_error: f64,
    /// Mean absolute error of purchases per customer.
    pub mae: f64,
    /// Root mean squared error of purchases per customer.
    pub rmse: f64,
}

/// One point of the tracking chart: cumulative repeat purchases by a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackingPoint {
    /// End of the week.
    pub date: NaiveDate,
    /// Repeat purchases that happened up to `date`.
    pub actual: f64,
    /// BG/NBD expectation, when fitted.
    pub bg_nbd: Option<f64>,
    /// MBG/NBD expectation.
    pub mbg_nbd: Option<f64>,
    /// Pareto/NBD expectation, when fitted.
    pub pareto_nbd: Option<f64>,
}

/// Calibration / hold-out comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Validation {
    /// Last day of the calibration period (the models were fitted up to it).
    pub calibration_end: NaiveDate,
    /// Last day of the hold-out period.
    pub holdout_end: NaiveDate,
    /// Length of the hold-out, in the models' time unit.
    pub holdout_length: f64,
    /// Customers of the calibration period (the hold-out counts only their purchases).
    pub customers: u64,
    /// Repeat purchases (distinct purchase days) those customers made in the hold-out.
    pub actual_repeat_purchases: u64,
    /// BG/NBD's predictions, when fitted.
    pub bg_nbd: Option<Score>,
    /// MBG/NBD, when fitted.
    pub mbg_nbd: Option<Score>,
    /// Pareto/NBD's predictions, when fitted.
    pub pareto_nbd: Option<Score>,
    /// The naive baseline: each customer keeps buying at their calibration rate x / T.
    pub naive: Score,
    /// True when the best fitted model has a lower per-customer MAE than the baseline.
    pub model_beats_baseline: bool,
    /// The comparison in plain words.
    pub verdict: String,
    /// Weekly cumulative repeat purchases, actual and expected, over both periods (every few
    /// weeks beyond ten years: at most 521 points).
    pub tracking: Vec<TrackingPoint>,
}

/// Distinct purchase days of each customer (by index) in (`from`, `to`].
pub(crate) fn holdout_purchases(log: &OrderLog, from: NaiveDate, to: NaiveDate) -> Vec<u32> {
    let mut days: Vec<(u32, NaiveDate)> = log
        .orders
        .iter()
        .filter(|o| o.date > from && o.date <= to)
        .map(|o| (o.customer, o.date))
        .collect();
    days.sort_unstable();
    days.dedup();
    let mut counts = vec![0u32; log.customers.len()];
    for (c, _) in days {
        counts[c as usize] += 1;
    }
    counts
}

fn score(predicted: &[f64], actual: &[f64]) -> Score {
    let n = actual.len().max(1) as f64;
    let total_actual: f64 = actual.iter().sum();
    let total_predicted: f64 = predicted.iter().sum();
    let (mut abs, mut sq) = (0.0, 0.0);
    for (p, a) in predicted.iter().zip(actual) {
        abs += (p - a).abs();
        sq += (p - a) * (p - a);
    }
    Score {
        predicted_repeat_purchases: total_predicted,
        aggregate_error: if total_actual > 0.0 {
            (total_predicted - total_actual) / total_actual
        } else {
            0.0
        },
        mae: abs / n,
        rmse: (sq / n).sqrt(),
    }
}

/// Compares the models fitted on `data` (up to its cut-off) with what happened up to
/// `holdout_end`.
pub(crate) fn validate(
    log: &OrderLog,
    data: &ModelData,
    holdout_end: NaiveDate,
    [bg_nbd, mbg_nbd, pareto_nbd]: [Option<&dyn PurchaseModel>; 3],
) -> Validation {
    let unit = data.time_unit;
    let cutoff = data.cutoff;
    let length = unit.from_days((holdout_end - cutoff).num_days());
    let holdout = holdout_purchases(log, cutoff, holdout_end);
    let actual: Vec<f64> = data
        .customers
        .iter()
        .map(|c| holdout[c.customer as usize] as f64)
        .collect();
    let predict = |m: &dyn PurchaseModel| -> Vec<f64> {
        data.customers
            .iter()
            .map(|c| finite_or_zero(m.expected_purchases(c.frequency, c.recency, c.t, length)))
            .collect()
    };
    let bg = bg_nbd.map(|m| score(&predict(m), &actual));
    let mbg = mbg_nbd.map(|m| score(&predict(m), &actual));
    let pnbd = pareto_nbd.map(|m| score(&predict(m), &actual));
    let naive_predictions: Vec<f64> = data
        .customers
        .iter()
        .map(|c| {
            if c.t > 0.0 {
                c.frequency as f64 / c.t * length
            } else {
                0.0
            }
        })
        .collect();
    let naive = score(&naive_predictions, &actual);
    let actual_total = actual.iter().sum::<f64>();
    let best = [("BG/NBD", &bg), ("MBG/NBD", &mbg), ("Pareto/NBD", &pnbd)]
        .into_iter()
        .filter_map(|(n, s)| s.as_ref().map(|s| (n, s)))
        .min_by(|a, b| a.1.mae.total_cmp(&b.1.mae));
    let beats = best.is_some_and(|(_, s)| s.mae < naive.mae);
    let verdict = match best {
        Some((name, s)) => format!(
            "{name} predicted {:.0} repeat purchases for {} to {} against {:.0} that happened ({:+.1} %). \
             Per customer it was off by {:.2} purchases on average; the simple rule \"everyone keeps \
             buying at their past rate\" was off by {:.2} ({:.0} in total). The model is {} the simple rule.",
            s.predicted_repeat_purchases,
            cutoff.succ_opt().unwrap_or(cutoff),
            holdout_end,
            actual_total,
            100.0 * s.aggregate_error,
            s.mae,
            naive.mae,
            naive.predicted_repeat_purchases,
            if beats { "better than" } else { "not better than" }
        ),
        None => "No model could be fitted, so there is nothing to validate.".to_string(),
    };
    Validation {
        calibration_end: cutoff,
        holdout_end,
        holdout_length: length,
        customers: data.customers.len() as u64,
        actual_repeat_purchases: actual_total as u64,
        bg_nbd: bg,
        mbg_nbd: mbg,
        pareto_nbd: pnbd,
        naive,
        model_beats_baseline: beats,
        verdict,
        tracking: tracking(log, data, holdout_end, [bg_nbd, mbg_nbd, pareto_nbd]),
    }
}

fn finite_or_zero(v: f64) -> f64 {
    if v.is_finite() {
        v.max(0.0)
    } else {
        0.0
    }
}

/// Most points of the tracking chart: weekly for ten years; a longer history is tracked every
/// few weeks, so the work is bounded by the data's size, not by its span.
const MAX_TRACKING_POINTS: u64 = 520;

/// Weekly cumulative repeat purchases of the calibration customers, actual and expected: the
/// expectation sums, over customers, E[X(τ − first purchase)] of a new customer (FHL 2005,
/// Figure 4; grouped by first-purchase day).
fn tracking(
    log: &OrderLog,
    data: &ModelData,
    end: NaiveDate,
    [bg, mbg, pnbd]: [Option<&dyn PurchaseModel>; 3],
) -> Vec<TrackingPoint> {
    let Some(start) = data.customers.iter().map(|c| c.first_purchase).min() else {
        return Vec::new();
    };
    let mut first_of = vec![None; log.customers.len()];
    let mut cohorts: FxHashMap<NaiveDate, f64> = FxHashMap::default();
    for c in &data.customers {
        first_of[c.customer as usize] = Some(c.first_purchase);
        *cohorts.entry(c.first_purchase).or_default() += 1.0;
    }
    // Repeat purchase days of calibration customers, by date.
    let mut days: Vec<(u32, NaiveDate)> = log
        .orders
        .iter()
        .filter(|o| o.date <= end)
        .filter(|o| first_of[o.customer as usize].is_some_and(|f| o.date > f))
        .map(|o| (o.customer, o.date))
        .collect();
    days.sort_unstable();
    days.dedup();
    let mut dates: Vec<NaiveDate> = days.into_iter().map(|(_, d)| d).collect();
    dates.sort_unstable();
    let unit = data.time_unit;
    let expected = |m: &dyn PurchaseModel, at: NaiveDate| -> f64 {
        cohorts
            .iter()
            .filter(|(first, _)| **first < at)
            .map(|(first, n)| {
                n * finite_or_zero(
                    m.expected_purchases_new(unit.from_days((at - *first).num_days())),
                )
            })
            .sum()
    };
    let weeks = (end - start).num_days().max(0) as u64 / 7 + 1;
    let step = 7 * weeks.div_ceil(MAX_TRACKING_POINTS);
    let mut points = Vec::new();
    let mut at = start;
    loop {
        at = at.checked_add_days(Days::new(step)).unwrap_or(end).min(end);
        let actual = dates.partition_point(|d| *d <= at) as f64;
        points.push(TrackingPoint {
            date: at,
            actual,
            bg_nbd: bg.map(|m| expected(m, at)),
            mbg_nbd: mbg.map(|m| expected(m, at)),
            pareto_nbd: pnbd.map(|m| expected(m, at)),
        });
        if at >= end {
            break;
        }
    }
    points
}
