//! "Next month against this month": when the user turns it on, the summary of the last analysis
//! is kept in this browser's localStorage — the headline figures, the RFM segments' sizes and
//! the CLV, never a customer (PRODUCT.md, "Privacy promise") — and the next export analysed is
//! compared with it ("Champions 41 → 47; predicted CLV +6 %"). Off by default; "forget" deletes
//! what is kept.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::browser::{forget as forget_key, remember, remembered};
use crate::worker::Overview;

const SNAPSHOT_KEY: &str = "clv-lens.snapshot";
const SWITCH_KEY: &str = "clv-lens.compare";

/// The summary of one analysis that is kept: totals only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The file's name, to say what the comparison is against.
    pub file: String,
    /// The analysis date of that report.
    pub analysis_date: NaiveDate,
    /// The margin its CLVs were computed at (`None`: revenue).
    pub margin: Option<f64>,
    /// Customers.
    pub customers: u64,
    /// Counted orders.
    pub orders: u64,
    /// Net revenue.
    pub revenue: f64,
    /// Average order value.
    pub aov: f64,
    /// Share of customers with more than one order.
    pub repeat_customer_rate: f64,
    /// Historical CLV (revenue per customer, × margin).
    pub historical_clv: f64,
    /// The headline's predicted CLV of a new customer, when there was one.
    pub new_customer_clv: Option<f64>,
    /// Mean predicted CLV per customer, when the models were fitted.
    pub predicted_clv: Option<f64>,
    /// Customers per RFM segment, in the report's order (segment names as the rules name them).
    pub segments: Vec<(String, u64)>,
}

impl Snapshot {
    /// The kept summary of `o`, analysed from `file`.
    pub fn of(o: &Overview, file: &str) -> Snapshot {
        let s = &o.summary;
        let k = &s.kpis;
        let predicted = o.predicted_clv.mean();
        Snapshot {
            file: file.to_string(),
            analysis_date: s.analysis_date,
            margin: k.margin,
            customers: k.customers,
            orders: k.orders,
            revenue: k.revenue,
            aov: k.aov,
            repeat_customer_rate: k.repeat_customer_rate,
            historical_clv: k.historical_clv,
            new_customer_clv: s
                .models
                .as_ref()
                .and_then(|m| m.headline.new_customer_clv.as_ref())
                .map(|e| e.value),
            predicted_clv: predicted,
            segments: s
                .rfm
                .segments
                .iter()
                .map(|g| (g.segment.clone(), g.customers))
                .collect(),
        }
    }
}

/// What a measure is, for its label and its format.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// A count of customers.
    Customers,
    /// A count of orders.
    Orders,
    /// Money: net revenue.
    Revenue,
    /// Money: average order value.
    Aov,
    /// A share: repeat customers.
    RepeatRate,
    /// Money on the CLV basis: historical CLV.
    HistoricalClv,
    /// Money on the CLV basis: a new customer's predicted CLV.
    NewCustomerClv,
    /// Money on the CLV basis: mean predicted CLV.
    PredictedClv,
    /// Customers in the named RFM segment (0 when it was empty or absent).
    Segment(String),
}

/// One measure before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Which measure.
    pub measure: Measure,
    /// In the kept analysis.
    pub before: f64,
    /// In this analysis.
    pub after: f64,
}

impl Change {
    /// The relative change (0.06 = +6 %); `None` from zero, or for a share (its points are
    /// shown instead).
    pub fn relative(&self) -> Option<f64> {
        (self.before != 0.0 && self.measure != Measure::RepeatRate)
            .then(|| (self.after - self.before) / self.before.abs())
    }
}

/// Every measure of `before` beside `after`: the totals, the CLVs both have, and the RFM
/// segments of either (in `after`'s order, then those only `before` had).
pub fn changes(before: &Snapshot, after: &Snapshot) -> Vec<Change> {
    let mut out = vec![
        (
            Measure::Customers,
            before.customers as f64,
            after.customers as f64,
        ),
        (Measure::Orders, before.orders as f64, after.orders as f64),
        (Measure::Revenue, before.revenue, after.revenue),
        (Measure::Aov, before.aov, after.aov),
        (
            Measure::RepeatRate,
            before.repeat_customer_rate,
            after.repeat_customer_rate,
        ),
        (
            Measure::HistoricalClv,
            before.historical_clv,
            after.historical_clv,
        ),
    ];
    if let (Some(b), Some(a)) = (before.new_customer_clv, after.new_customer_clv) {
        out.push((Measure::NewCustomerClv, b, a));
    }
    if let (Some(b), Some(a)) = (before.predicted_clv, after.predicted_clv) {
        out.push((Measure::PredictedClv, b, a));
    }
    let size = |list: &[(String, u64)], name: &str| {
        list.iter()
            .find(|(n, _)| n == name)
            .map_or(0.0, |(_, c)| *c as f64)
    };
    let names = after
        .segments
        .iter()
        .chain(
            before
                .segments
                .iter()
                .filter(|(n, _)| size(&after.segments, n) == 0.0),
        )
        .map(|(n, _)| n.clone());
    let mut seen = Vec::new();
    for name in names {
        if seen.contains(&name) {
            continue;
        }
        out.push((
            Measure::Segment(name.clone()),
            size(&before.segments, &name),
            size(&after.segments, &name),
        ));
        seen.push(name);
    }
    out.into_iter()
        .map(|(measure, before, after)| Change {
            measure,
            before,
            after,
        })
        .collect()
}

/// Whether the user turned the comparison on.
pub fn enabled() -> bool {
    remembered(SWITCH_KEY).as_deref() == Some("on")
}

/// Turns the comparison on or off (off keeps what is kept until "forget").
pub fn set_enabled(on: bool) {
    if on {
        remember(SWITCH_KEY, "on");
    } else {
        forget_key(SWITCH_KEY);
    }
}

/// The kept summary, if any (one that no longer reads is no summary).
pub fn load() -> Option<Snapshot> {
    remembered(SNAPSHOT_KEY).and_then(|text| serde_json::from_str(&text).ok())
}

/// Whether a summary is kept (without reading it).
pub fn is_kept() -> bool {
    remembered(SNAPSHOT_KEY).is_some()
}

/// Keeps `snapshot` for the next comparison.
pub fn save(snapshot: &Snapshot) {
    if let Ok(text) = serde_json::to_string(snapshot) {
        remember(SNAPSHOT_KEY, &text);
    }
}

/// Deletes what is kept.
pub fn forget() {
    forget_key(SNAPSHOT_KEY);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(customers: u64, champions: u64, predicted: Option<f64>) -> Snapshot {
        Snapshot {
            file: "orders.csv".into(),
            analysis_date: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
            margin: None,
            customers,
            orders: customers * 2,
            revenue: 100.0 * customers as f64,
            aov: 50.0,
            repeat_customer_rate: 0.25,
            historical_clv: 100.0,
            new_customer_clv: None,
            predicted_clv: predicted,
            segments: vec![("Champions".into(), champions), ("Lost".into(), 5)],
        }
    }

    #[test]
    fn segments_of_either_analysis_are_compared_and_clv_only_when_both_have_it() {
        let before = snapshot(100, 41, Some(50.0));
        let mut after = snapshot(110, 47, Some(53.0));
        after.segments = vec![("Champions".into(), 47), ("New".into(), 9)];
        let c = changes(&before, &after);
        let find = |m: Measure| c.iter().find(|x| x.measure == m).cloned().unwrap();
        let champions = find(Measure::Segment("Champions".into()));
        assert_eq!((champions.before, champions.after), (41.0, 47.0));
        // New only now, Lost only then: both listed, the missing side as 0.
        assert_eq!(find(Measure::Segment("New".into())).before, 0.0);
        assert_eq!(find(Measure::Segment("Lost".into())).after, 0.0);
        let predicted = find(Measure::PredictedClv);
        assert!((predicted.relative().unwrap() - 0.06).abs() < 1e-12);
        assert_eq!(find(Measure::RepeatRate).relative(), None);
        after.predicted_clv = None;
        assert!(!changes(&before, &after)
            .iter()
            .any(|x| x.measure == Measure::PredictedClv));
    }

    #[test]
    fn a_kept_snapshot_holds_no_customer() {
        let text = serde_json::to_string(&snapshot(3, 1, None)).unwrap();
        assert!(
            !text.contains('@') && !text.contains("customer_id"),
            "{text}"
        );
    }
}
