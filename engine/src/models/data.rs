//! The input of the customer-base models: per customer frequency, recency, T and monetary value
//! up to a calibration cut-off (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy
//! Way", section 2; the lifetimes convention), and its compression to distinct tuples.
//!
//! - frequency x = distinct purchase days − 1 (orders on one day are one purchase),
//! - recency t_x = first to last purchase day, T = first purchase day to the cut-off,
//! - monetary value = mean spend of the repeat purchase days (the first purchase day is left
//!   out, FHL 2005 "RFM and CLV", section 3), 0 when there is no repeat purchase.

use super::tolerance::WEEKS_FROM_SPAN_DAYS;
use crate::metrics::customers::Grouped;
use crate::order::OrderLog;
use crate::time_unit::TimeUnit;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// One customer as the models see it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelCustomer {
    /// Index into [`OrderLog::customers`].
    pub customer: u32,
    /// First purchase day.
    pub first_purchase: NaiveDate,
    /// Last purchase day up to the cut-off.
    pub last_purchase: NaiveDate,
    /// Repeat purchase days: distinct purchase days − 1.
    pub frequency: u32,
    /// First to last purchase day, in the data's time unit.
    pub recency: f64,
    /// First purchase day to the cut-off, in the data's time unit.
    pub t: f64,
    /// Mean spend of the repeat purchase days (0 when `frequency` is 0).
    pub monetary_value: f64,
}

/// Every customer who bought up to a cut-off, in one time unit.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelData {
    /// Unit of recency and T.
    pub time_unit: TimeUnit,
    /// Last day counted (the end of the calibration period).
    pub cutoff: NaiveDate,
    /// Customers with a purchase on or before the cut-off, in order of their index.
    pub customers: Vec<ModelCustomer>,
}

/// Distinct (frequency, recency, T) with the number of customers who have it: the likelihoods
/// of BG/NBD and Pareto/NBD depend only on these, so fitting works on the tuples. (Serialisable:
/// the browser's worker sends them to a second worker to fit Pareto/NBD there.)
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RfmTuple {
    /// Repeat purchases x.
    pub frequency: u32,
    /// Recency t_x.
    pub recency: f64,
    /// Age T.
    pub t: f64,
    /// Number of customers with this tuple.
    pub weight: f64,
}

impl RfmTuple {
    /// One customer's tuple (weight 1).
    pub fn new(frequency: u32, recency: f64, t: f64) -> Self {
        RfmTuple {
            frequency,
            recency,
            t,
            weight: 1.0,
        }
    }
}

/// A repeat customer's spend for the Gamma-Gamma model: x repeat purchases of mean value m̄.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpendObservation {
    /// Repeat purchases x (≥ 1).
    pub frequency: u32,
    /// Mean spend of the repeat purchases m̄ (> 0).
    pub monetary_value: f64,
}

/// Days or weeks for a history of `span_days`: weeks from half a year on (the optimiser does
/// not care; people read weekly rates of long histories more easily).
pub(crate) fn choose_time_unit(span_days: i64) -> TimeUnit {
    if span_days >= WEEKS_FROM_SPAN_DAYS {
        TimeUnit::Weeks
    } else {
        TimeUnit::Days
    }
}

impl ModelData {
    /// Summarises every customer's purchases on or before `cutoff`.
    pub fn from_orders(log: &OrderLog, cutoff: NaiveDate, time_unit: TimeUnit) -> ModelData {
        // Each customer's orders up to the cut-off by date (grouped by counting, as the report
        // groups them: file order within a day); orders on one day are one purchase, their
        // amounts summed.
        let mut customers = Vec::new();
        Grouped::new(log, cutoff).visit(|c, entries| {
            let Some(first_entry) = entries.first() else {
                return;
            };
            let first = first_entry.date;
            let mut last = first;
            let mut distinct = 0u32;
            let mut repeat_spend = 0.0;
            let mut i = 0;
            while i < entries.len() {
                let day = entries[i].date;
                let mut spend = 0.0;
                while i < entries.len() && entries[i].date == day {
                    spend += entries[i].amount;
                    i += 1;
                }
                if distinct > 0 {
                    repeat_spend += spend;
                }
                distinct += 1;
                last = day;
            }
            let customer = c as u32;
            let frequency = distinct - 1;
            customers.push(ModelCustomer {
                customer,
                first_purchase: first,
                last_purchase: last,
                frequency,
                recency: time_unit.from_days((last - first).num_days()),
                t: time_unit.from_days((cutoff - first).num_days()),
                monetary_value: if frequency > 0 {
                    repeat_spend / frequency as f64
                } else {
                    0.0
                },
            });
        });
        ModelData {
            time_unit,
            cutoff,
            customers,
        }
    }

    /// The customers compressed to distinct (frequency, recency, T) tuples.
    pub fn tuples(&self) -> Vec<RfmTuple> {
        compress(
            self.customers
                .iter()
                .map(|c| RfmTuple::new(c.frequency, c.recency, c.t)),
        )
    }

    /// Repeat customers with a positive mean spend (the Gamma-Gamma input).
    pub fn spend(&self) -> Vec<SpendObservation> {
        self.customers
            .iter()
            .filter(|c| c.frequency > 0 && c.monetary_value > 0.0)
            .map(|c| SpendObservation {
                frequency: c.frequency,
                monetary_value: c.monetary_value,
            })
            .collect()
    }
}

/// Merges equal (frequency, recency, T) tuples, adding their weights; sorted by frequency, then
/// recency, then T.
pub fn compress(tuples: impl IntoIterator<Item = RfmTuple>) -> Vec<RfmTuple> {
    let mut index: FxHashMap<(u32, u64, u64), usize> = FxHashMap::default();
    let mut out: Vec<RfmTuple> = Vec::new();
    for t in tuples {
        let key = (t.frequency, t.recency.to_bits(), t.t.to_bits());
        match index.get(&key) {
            Some(&i) => out[i].weight += t.weight,
            None => {
                index.insert(key, out.len());
                out.push(t);
            }
        }
    }
    out.sort_by(|a, b| {
        (a.frequency, a.recency, a.t)
            .partial_cmp(&(b.frequency, b.recency, b.t))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    out
}

/// Compressed tuples grouped by frequency, with their times replaced by indices into the list
/// of distinct times: real dates fall on few distinct days, so a likelihood evaluates
/// ln(α + t) once per distinct time instead of once per tuple. Groups of equal frequency also
/// share every term that depends on x only.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct IndexedTuples {
    /// Distinct values of recency and T, ascending.
    pub times: Vec<f64>,
    /// Groups of one frequency, ascending.
    pub groups: Vec<FrequencyGroup>,
    /// Total weight (customers).
    pub customers: f64,
}

/// The tuples of one frequency.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FrequencyGroup {
    /// Repeat purchases x.
    pub frequency: u32,
    /// Distinct indices into `times` used by this group (recency or T).
    pub times: Vec<u32>,
    /// (weight, index of recency in `times` of the group, index of T in `times` of the group).
    pub rows: Vec<(f64, u32, u32)>,
}

impl IndexedTuples {
    pub(crate) fn new(data: &[RfmTuple]) -> Self {
        let mut times: Vec<f64> = data.iter().flat_map(|t| [t.recency, t.t]).collect();
        times.sort_by(f64::total_cmp);
        times.dedup();
        let index = |v: f64| times.partition_point(|x| x.total_cmp(&v).is_lt()) as u32;
        let mut sorted = data.to_vec();
        sorted.sort_by_key(|t| t.frequency);
        let mut groups: Vec<FrequencyGroup> = Vec::new();
        let mut local: FxHashMap<u32, u32> = FxHashMap::default();
        for t in &sorted {
            if groups.last().is_none_or(|g| g.frequency != t.frequency) {
                groups.push(FrequencyGroup {
                    frequency: t.frequency,
                    times: Vec::new(),
                    rows: Vec::new(),
                });
                local.clear();
            }
            let g = groups.last_mut().expect("just pushed");
            let mut slot = |global: u32| {
                *local.entry(global).or_insert_with(|| {
                    g.times.push(global);
                    g.times.len() as u32 - 1
                })
            };
            let (r, tt) = (slot(index(t.recency)), slot(index(t.t)));
            g.rows.push((t.weight, r, tt));
        }
        IndexedTuples {
            times,
            customers: data.iter().map(|t| t.weight).sum(),
            groups,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::Order;

    fn order(customer: u32, d: &str, amount: f64) -> Order {
        Order {
            customer,
            date: d.parse().unwrap(),
            amount,
        }
    }

    #[test]
    fn same_day_orders_are_one_purchase_and_first_day_spend_is_left_out() {
        let log = OrderLog {
            customers: vec!["a".into(), "b".into()],
            orders: vec![
                order(0, "2024-01-01", 100.0),
                order(0, "2024-01-08", 10.0),
                order(0, "2024-01-08", 5.0),
                order(1, "2024-01-03", 7.0),
                order(0, "2024-01-15", 45.0),
                order(0, "2024-02-01", 1000.0), // after the cut-off
            ],
            ..OrderLog::default()
        };
        let data = ModelData::from_orders(&log, "2024-01-29".parse().unwrap(), TimeUnit::Weeks);
        let a = &data.customers[0];
        assert_eq!(a.frequency, 2);
        assert_eq!((a.recency, a.t), (2.0, 4.0));
        assert_eq!(a.monetary_value, 30.0); // (15 + 45) / 2
        let b = &data.customers[1];
        assert_eq!((b.frequency, b.recency, b.monetary_value), (0, 0.0, 0.0));
        assert_eq!(data.spend().len(), 1);
    }

    #[test]
    fn compress_adds_weights_of_equal_tuples() {
        let tuples = compress(vec![
            RfmTuple::new(0, 0.0, 5.0),
            RfmTuple::new(1, 2.0, 5.0),
            RfmTuple::new(0, 0.0, 5.0),
        ]);
        assert_eq!(tuples.len(), 2);
        assert_eq!(tuples[0].weight, 2.0);
        assert_eq!(tuples.iter().map(|t| t.weight).sum::<f64>(), 3.0);
    }

    #[test]
    fn indexed_tuples_share_times_within_a_frequency() {
        let idx = IndexedTuples::new(&[
            RfmTuple::new(1, 2.0, 5.0),
            RfmTuple::new(0, 0.0, 5.0),
            RfmTuple::new(1, 5.0, 5.0),
        ]);
        assert_eq!(idx.times, vec![0.0, 2.0, 5.0]);
        assert_eq!(idx.groups.len(), 2);
        let one = &idx.groups[1];
        assert_eq!(one.times, vec![1, 2]);
        assert_eq!(one.rows, vec![(1.0, 0, 1), (1.0, 1, 1)]);
    }

    #[test]
    fn weeks_for_long_histories() {
        assert_eq!(choose_time_unit(30), TimeUnit::Days);
        assert_eq!(choose_time_unit(365), TimeUnit::Weeks);
    }
}
