//! The calculator's state: its inputs as URL query parameters ([`params`]) and keeping the URL
//! in step with them.

pub mod params;

use clv_engine::metrics::{Kpis, SegmentTable};
use params::{query_pairs, to_query, CalcParams};

/// The query keys the calculator owns.
pub const CALC_KEYS: [&str; 10] = [
    "aov", "n", "py", "years", "cac", "margin", "life", "ret", "disc", "cur",
];

/// A query with `updates` set (replacing earlier values in place, appending new keys) and the
/// keys in `remove` dropped.
pub fn updated_query(query: &str, updates: &[(&str, String)], remove: &[&str]) -> String {
    let mut pairs: Vec<(String, String)> = query_pairs(query)
        .into_iter()
        .filter(|(k, _)| !remove.contains(&k.as_str()))
        .collect();
    for (key, value) in updates {
        match pairs.iter_mut().find(|(k, _)| k == key) {
            Some(pair) => pair.1 = value.clone(),
            None => pairs.push((key.to_string(), value.clone())),
        }
    }
    let pairs: Vec<(&str, String)> = pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    to_query(&pairs)
}

/// The page's query with the calculator's inputs replaced by `params`.
pub fn query_with_params(query: &str, params: &CalcParams) -> String {
    updated_query(query, &params.to_pairs(), &CALC_KEYS)
}

/// Sets one value in the page's URL query.
pub fn set_query_value(key: &str, value: &str) {
    let query = crate::browser::location_query();
    crate::browser::replace_query(&updated_query(&query, &[(key, value.to_string())], &[]));
}

/// Writes the calculator's inputs into the page's URL query (other keys such as `lang` stay).
pub fn write_params_to_url(params: &CalcParams) {
    let query = crate::browser::location_query();
    crate::browser::replace_query(&query_with_params(&query, params));
}

/// The calculator's inputs from an analysed shop, over `base`: its AOV and orders per customer
/// (over the whole history: per lifetime), its CAC (the mean over the customers of the channels
/// with one, `None` keeps `base`'s), and its margin when one was given (else `base`'s). Money is
/// rounded to cents and purchases to two decimals, as a person would type them.
pub fn shop_params(kpis: &Kpis, cac: Option<f64>, base: CalcParams) -> CalcParams {
    let cents = |v: f64| (v * 100.0).round() / 100.0;
    let mut p = base;
    p.aov = cents(kpis.aov);
    if kpis.customers > 0 {
        p.purchases = cents(kpis.orders as f64 / kpis.customers as f64);
        p.purchases_way = params::PurchasesWay::PerLifetime;
    }
    if let Some(c) = cac {
        p.cac = cents(c);
    }
    if let Some(m) = kpis.margin {
        p.margin = m;
    }
    p
}

/// The shop's CAC: the mean over the customers of every segment value that has one (of the
/// first segment table with any), weighted by their number; `None` when no CAC was entered.
pub fn shop_cac(segments: &[SegmentTable]) -> Option<f64> {
    let table = segments
        .iter()
        .find(|t| t.values.iter().any(|v| v.cac.is_some()))?;
    let (cost, customers) = table
        .values
        .iter()
        .filter_map(|v| Some((v.cac? * v.customers as f64, v.customers)))
        .fold((0.0, 0u64), |(c, n), (vc, vn)| (c + vc, n + vn));
    (customers > 0).then(|| cost / customers as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_to_per_year_drops_n_from_the_url() {
        let mut p = CalcParams::default();
        p.set_purchases_way(params::PurchasesWay::PerYear);
        assert_eq!(
            query_with_params("view=calc&n=3&lang=lv", &p),
            "view=calc&lang=lv&aov=90&py=1.5&years=2&cac=6&margin=0.2&life=24&cur=EUR"
        );
        p.set_purchases_way(params::PurchasesWay::PerLifetime);
        assert_eq!(
            query_with_params("py=1.5&years=2", &p),
            "aov=90&n=3&cac=6&margin=0.2&life=24&cur=EUR"
        );
    }

    #[test]
    fn params_replace_the_calculators_keys_only() {
        let p = CalcParams {
            aov: 100.0,
            ..CalcParams::default()
        };
        assert_eq!(
            query_with_params("?view=calc&aov=90&lang=lv&ret=0.5", &p),
            "view=calc&lang=lv&aov=100&n=3&cac=6&margin=0.2&life=24&cur=EUR"
        );
        assert_eq!(
            updated_query("view=calc&lang=lv", &[("lang", "pl".into())], &[]),
            "view=calc&lang=pl"
        );
    }

    fn segment(value: &str, customers: u64, cac: Option<f64>) -> clv_engine::metrics::SegmentRow {
        clv_engine::metrics::SegmentRow {
            value: value.into(),
            customers,
            customer_share: 0.0,
            orders: customers,
            revenue: 0.0,
            revenue_share: 0.0,
            aov: 0.0,
            historical_clv: 0.0,
            predicted_clv: None,
            cac,
            roi: None,
            clv_to_cac: None,
            payback_months: None,
        }
    }

    #[test]
    fn the_shops_cac_is_weighted_by_customers_of_channels_with_one() {
        let table = |values| SegmentTable {
            column: "channel".into(),
            assigned_by: "first_order".into(),
            values,
        };
        let no_cac = table(vec![segment("a", 5, None)]);
        assert_eq!(shop_cac(std::slice::from_ref(&no_cac)), None);
        let with = table(vec![
            segment("paid", 10, Some(30.0)),
            segment("organic", 30, Some(10.0)),
            segment("unknown", 60, None),
        ]);
        // (10 × 30 + 30 × 10) / 40 = 15; the channel without a CAC does not count.
        assert_eq!(shop_cac(&[no_cac, with]), Some(15.0));
    }

    #[test]
    fn the_shops_numbers_fill_the_calculator_as_typed() {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let mut kpis = Kpis {
            customers: 3,
            orders: 7,
            revenue: 700.0,
            aov: 100.004,
            orders_per_customer: 7.0 / 3.0,
            average_lifespan_days: 10.0,
            historical_clv: 233.33,
            margin: None,
            first_order_date: day,
            last_order_date: day,
            repeat_customers: 2,
            repeat_customer_rate: 2.0 / 3.0,
            repeat_revenue_share: 0.5,
        };
        let base = CalcParams {
            margin: 1.0,
            cac: 0.0,
            purchases_way: params::PurchasesWay::PerYear,
            ..CalcParams::default()
        };
        let p = shop_params(&kpis, None, base.clone());
        assert_eq!(
            (p.aov, p.purchases, p.cac, p.margin),
            (100.0, 2.33, 0.0, 1.0)
        );
        assert_eq!(p.purchases_way, params::PurchasesWay::PerLifetime);
        kpis.margin = Some(0.3);
        let p = shop_params(&kpis, Some(12.345), base);
        assert_eq!((p.cac, p.margin), (12.35, 0.3));
    }
}

/// An input whose text could not be read: the field's URL name, the text typed, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    /// The field's URL name (`aov`, `n`, `margin`…).
    pub field: &'static str,
    /// What the user typed.
    pub text: String,
    /// Why it is not a number.
    pub problem: params::NumberProblem,
}

/// The calculator's inputs shared by the page: the values, and a revision that changes only
/// when the values are replaced from outside the inputs ("use my data"), so an input being
/// typed into is not rewritten under the cursor (typing `0.` must not become `0`).
#[derive(Debug, Clone, Copy)]
pub struct CalcState {
    /// The current inputs.
    pub params: leptos::prelude::RwSignal<CalcParams>,
    /// Bumped by [`CalcState::replace`].
    pub revision: leptos::prelude::RwSignal<u32>,
    /// Inputs whose text is not a number just now: while any is, no result is shown (it would
    /// be the result of the values before), only why each is refused.
    pub refused: leptos::prelude::RwSignal<Vec<Refused>>,
}

impl CalcState {
    /// State starting from `params`.
    pub fn new(params: CalcParams) -> Self {
        use leptos::prelude::RwSignal;
        CalcState {
            params: RwSignal::new(params),
            revision: RwSignal::new(0),
            refused: RwSignal::new(Vec::new()),
        }
    }

    /// Replaces the inputs from outside (the inputs show the new values, so none is refused).
    pub fn replace(&self, f: impl FnOnce(&mut CalcParams)) {
        use leptos::prelude::{Set, Update};
        self.params.update(f);
        self.refused.set(Vec::new());
        self.revision.update(|r| *r += 1);
    }

    /// Notes whether the text typed into `field` was read (`None`) or refused.
    pub fn set_refused(&self, field: &'static str, refused: Option<Refused>) {
        use leptos::prelude::Update;
        self.refused.update(|list| {
            list.retain(|r| r.field != field);
            list.extend(refused);
        });
    }
}
