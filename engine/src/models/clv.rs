//! Per-customer predictions from the fitted models: P(alive), expected purchases in a horizon,
//! expected average order value, predicted CLV (PRODUCT.md, "Models") and the expected date of
//! the next order.

use super::bg_nbd::BgNbdParams;
use super::interval::gradient_at;
use super::mbg_nbd::MbgNbdParams;
use super::pareto_nbd::{AtAge, ParetoNbdParams};
use super::special::MANY_LANES;
use crate::time_unit::TimeUnit;
use chrono::{Days, NaiveDate};

pub(crate) use crate::time_unit::DAYS_PER_YEAR;

/// Days in one month, for the CLV sum (PRODUCT.md: u = 365.25/12 days).
pub(crate) const DAYS_PER_MONTH: f64 = DAYS_PER_YEAR / 12.0;

/// What the three purchase-count models (BG/NBD, MBG/NBD, Pareto/NBD) predict, so the CLV sum,
/// its range, the validation and the next-order date are written once.
pub(crate) trait PurchaseModel {
    /// P(alive | x, t_x, T).
    fn p_alive(&self, frequency: u32, recency: f64, t: f64) -> f64;
    /// Expected purchases in the next `horizon` time units of a customer alive at T; times
    /// P(alive) it is the expectation given the history.
    fn expected_purchases_if_alive(&self, frequency: u32, t: f64, horizon: f64) -> f64;
    /// Expected repeat purchases of a new customer in their first `horizon` time units.
    fn expected_purchases_new(&self, horizon: f64) -> f64;
    /// Shape r and rate α of the Gamma distribution of the purchase rate λ across customers.
    fn purchase_rate_prior(&self) -> (f64, f64);
    /// The four parameters, in the order of the fit's covariance matrix.
    fn to_array(&self) -> [f64; 4];
    /// The model with other parameters (for the ranges' derivatives); `None` when invalid.
    fn from_array(params: [f64; 4]) -> Option<Self>
    where
        Self: Sized;
    /// Expected purchases in the next `horizon` time units given the history.
    fn expected_purchases(&self, frequency: u32, recency: f64, t: f64, horizon: f64) -> f64 {
        self.p_alive(frequency, recency, t)
            * self.expected_purchases_if_alive(frequency, t, horizon)
    }
    /// [`Self::expected_purchases_if_alive`] at each of `horizons`, into `out` (the BG-type
    /// models share the work of their series between horizons).
    fn expected_purchases_if_alive_at(
        &self,
        frequency: u32,
        t: f64,
        horizons: &[f64],
        out: &mut [f64],
    ) {
        for (o, &h) in out.iter_mut().zip(horizons) {
            *o = self.expected_purchases_if_alive(frequency, t, h);
        }
    }
    /// What [`Self::p_alive_at`] needs of (x, T) alone, which the predictions compute once per
    /// (x, T) (`gradient`: also what [`Self::p_alive_with_gradient_at`] needs for the
    /// gradient). Nothing for the
    /// BG-type models, whose P(alive) is a closed form.
    fn at_age(&self, _frequency: u32, _t: f64, _gradient: bool) -> AtAge {
        AtAge::default()
    }
    /// [`Self::p_alive`] given [`Self::at_age`] of (x, T): the same number.
    fn p_alive_at(&self, frequency: u32, recency: f64, t: f64, _at: &AtAge) -> f64 {
        self.p_alive(frequency, recency, t)
    }
    /// [`Self::p_alive_at`] and, when the model has it analytically and cheaply alongside,
    /// its gradient in the four parameters (for [`Self::discounted_gradient`]).
    fn p_alive_with_gradient_at(
        &self,
        frequency: u32,
        recency: f64,
        t: f64,
        at: &AtAge,
    ) -> (f64, Option<[f64; 4]>) {
        (self.p_alive_at(frequency, recency, t, at), None)
    }
    /// ∇ [`discounted_purchases_if_alive`] in the four parameters, when the model knows it
    /// analytically. It depends on (x, T) only, not on t_x, so the predictions compute it once
    /// per (x, T) and hand it to [`Self::discounted_gradient`].
    fn discounted_if_alive_gradient(
        &self,
        _frequency: u32,
        _t: f64,
        _sums: (u32, f64, TimeUnit),
    ) -> Option<[f64; 4]> {
        None
    }
    /// ∇ [`discounted_purchases`] in the four parameters, given its two factors at them:
    /// `p_alive` (with its gradient `d_p_alive` when known) and `if_alive`
    /// ([`discounted_purchases_if_alive`], with its gradient `d_if_alive` when known). By
    /// forward differences ([`gradient_at`]) unless a model knows its derivatives.
    fn discounted_gradient(
        &self,
        history: (u32, f64, f64),
        sums: (u32, f64, TimeUnit),
        (p_alive, _d_p_alive): (f64, Option<[f64; 4]>),
        (if_alive, _d_if_alive): (f64, Option<[f64; 4]>),
    ) -> [f64; 4]
    where
        Self: Sized,
    {
        let (months, discount, unit) = sums;
        gradient_at(self.to_array(), p_alive * if_alive, |theta| {
            Self::from_array(theta).map_or(f64::NAN, |m| {
                discounted_purchases(&m, history, months, discount, unit)
            })
        })
    }
}

/// Implements [`PurchaseModel`] for a parameter type with inherent `p_alive`,
/// `expected_purchases_if_alive` and `expected_purchases_new`, and four fields (r, α first).
macro_rules! purchase_model {
    ($params:ty, [$r:ident, $alpha:ident, $c:ident, $d:ident] $(, $extra:item)*) => {
        impl PurchaseModel for $params {
            $($extra)*
            fn p_alive(&self, frequency: u32, recency: f64, t: f64) -> f64 {
                <$params>::p_alive(self, frequency, recency, t)
            }
            fn expected_purchases_if_alive(&self, frequency: u32, t: f64, horizon: f64) -> f64 {
                <$params>::expected_purchases_if_alive(self, frequency, t, horizon)
            }
            fn expected_purchases_new(&self, horizon: f64) -> f64 {
                <$params>::expected_purchases_new(self, horizon)
            }
            fn purchase_rate_prior(&self) -> (f64, f64) {
                (self.$r, self.$alpha)
            }
            fn to_array(&self) -> [f64; 4] {
                [self.$r, self.$alpha, self.$c, self.$d]
            }
            fn from_array(p: [f64; 4]) -> Option<Self> {
                <$params>::new(p[0], p[1], p[2], p[3]).ok()
            }
        }
    };
}

purchase_model!(
    BgNbdParams,
    [r, alpha, a, b],
    fn expected_purchases_if_alive_at(&self, x: u32, t: f64, hs: &[f64], out: &mut [f64]) {
        BgNbdParams::expected_purchases_if_alive_at(self, x, t, hs, out)
    }
);
purchase_model!(
    MbgNbdParams,
    [r, alpha, a, b],
    fn expected_purchases_if_alive_at(&self, x: u32, t: f64, hs: &[f64], out: &mut [f64]) {
        MbgNbdParams::expected_purchases_if_alive_at(self, x, t, hs, out)
    }
);
purchase_model!(
    ParetoNbdParams,
    [r, alpha, s, beta],
    /// Its hypergeometric term at T ([`ParetoNbdParams::at_age`]).
    fn at_age(&self, frequency: u32, t: f64, gradient: bool) -> AtAge {
        ParetoNbdParams::at_age(self, frequency, t, gradient)
    },
    fn p_alive_at(&self, frequency: u32, recency: f64, t: f64, at: &AtAge) -> f64 {
        ParetoNbdParams::p_alive_at(self, frequency, recency, t, at)
    },
    fn p_alive_with_gradient_at(
        &self,
        frequency: u32,
        recency: f64,
        t: f64,
        at: &AtAge,
    ) -> (f64, Option<[f64; 4]>) {
        let (p, g) = ParetoNbdParams::p_alive_with_gradient_at(self, frequency, recency, t, at);
        (p, Some(g))
    },
    /// Analytic ([`pareto_discounted_if_alive_gradient`]).
    fn discounted_if_alive_gradient(
        &self,
        frequency: u32,
        t: f64,
        sums: (u32, f64, TimeUnit),
    ) -> Option<[f64; 4]> {
        Some(pareto_discounted_if_alive_gradient(
            self, frequency, t, sums,
        ))
    },
    /// Analytic: ∇(P A) = A ∇P + P ∇A, ∇P from the likelihood's bracket terms
    /// (`ParetoNbdParams::p_alive_gradient`) and ∇A from
    /// [`PurchaseModel::discounted_if_alive_gradient`].
    fn discounted_gradient(
        &self,
        (frequency, recency, t): (u32, f64, f64),
        sums: (u32, f64, TimeUnit),
        (p_alive, d_p): (f64, Option<[f64; 4]>),
        (if_alive, d_a): (f64, Option<[f64; 4]>),
    ) -> [f64; 4] {
        let d_p = d_p.unwrap_or_else(|| self.p_alive_gradient(frequency, recency, t));
        let d_a =
            d_a.unwrap_or_else(|| pareto_discounted_if_alive_gradient(self, frequency, t, sums));
        let mut g = [0.0; 4];
        for i in 0..4 {
            g[i] = if_alive * d_p[i] + p_alive * d_a[i];
        }
        g
    }
);

/// ∇ of Pareto/NBD's [`discounted_purchases_if_alive`] in (r, α, s, β): the discounted monthly
/// differences of ∇N (`expected_purchases_if_alive_with_gradient`).
fn pareto_discounted_if_alive_gradient(
    p: &ParetoNbdParams,
    frequency: u32,
    t: f64,
    (months, discount, unit): (u32, f64, TimeUnit),
) -> [f64; 4] {
    let month = month_in(unit);
    let (mut d_a, mut previous, mut factor) = ([0.0; 4], [0.0; 4], 1.0);
    for k in 1..=months {
        let (_, now) = p.expected_purchases_if_alive_with_gradient(frequency, t, k as f64 * month);
        factor /= 1.0 + discount;
        for i in 0..4 {
            d_a[i] += (now[i] - previous[i]) * factor;
        }
        previous = now;
    }
    d_a
}

/// Σ_{k=1..H} (N(k·u) − N((k−1)·u)) / (1 + d)^k: expected purchases in the next `months`
/// months, each month's discounted, N(t) the expected purchases by t and u one month in the
/// model's time unit. Predicted CLV over `months` months with monthly discount rate
/// `discount_monthly` (PRODUCT.md, "Models") is
/// CLV = Σ_{k=1..H} value × (N(k·u) − N((k−1)·u)) / (1 + d)^k; the value per order does not
/// depend on k, so CLV = value per order × this sum. It depends on the history (x, t_x, T)
/// only, so customers with equal histories share it.
pub(crate) fn discounted_purchases(
    model: &impl PurchaseModel,
    (frequency, recency, t): (u32, f64, f64),
    months: u32,
    discount_monthly: f64,
    unit: TimeUnit,
) -> f64 {
    model.p_alive(frequency, recency, t)
        * discounted_purchases_if_alive(model, frequency, t, months, discount_monthly, unit)
}

/// [`discounted_purchases`] of a customer known to be alive at T: the sum without its
/// P(alive) factor, which does not depend on k.
pub(crate) fn discounted_purchases_if_alive(
    model: &impl PurchaseModel,
    frequency: u32,
    t: f64,
    months: u32,
    discount_monthly: f64,
    unit: TimeUnit,
) -> f64 {
    // The months' cumulative expectations a chunk of horizons at a time (the same sum as
    // `discounted_sum`, term for term).
    let month = month_in(unit);
    let (mut total, mut previous, mut factor) = (0.0, 0.0, 1.0);
    let mut k = 1;
    while k <= months {
        let n = ((months - k + 1) as usize).min(MANY_LANES);
        let (mut horizons, mut values) = ([0.0; MANY_LANES], [0.0; MANY_LANES]);
        for (i, h) in horizons[..n].iter_mut().enumerate() {
            *h = (k + i as u32) as f64 * month;
        }
        model.expected_purchases_if_alive_at(frequency, t, &horizons[..n], &mut values[..n]);
        for &now in &values[..n] {
            factor /= 1.0 + discount_monthly;
            total += (now - previous) * factor;
            previous = now;
        }
        k += n as u32;
    }
    total
}

/// Both expectations of a customer alive at T that the predictions need: expected purchases in
/// the next `horizon` time units, and [`discounted_purchases_if_alive`]. With 12 months the
/// horizon rides along as a 13th argument of the same series pass; each value is exactly the
/// one computed alone.
pub(crate) fn expectations_if_alive(
    model: &impl PurchaseModel,
    frequency: u32,
    t: f64,
    horizon: f64,
    months: u32,
    discount_monthly: f64,
    unit: TimeUnit,
) -> (f64, f64) {
    let n = months as usize;
    if n + 1 > MANY_LANES {
        return (
            model.expected_purchases_if_alive(frequency, t, horizon),
            discounted_purchases_if_alive(model, frequency, t, months, discount_monthly, unit),
        );
    }
    let month = month_in(unit);
    let (mut horizons, mut values) = ([0.0; MANY_LANES], [0.0; MANY_LANES]);
    for (k, h) in horizons[..n].iter_mut().enumerate() {
        *h = (k as u32 + 1) as f64 * month;
    }
    // The report's horizon in days is the twelfth month's end (12 × 30.4375 = 365.25, exact
    // in binary): that lane is then not computed twice.
    let same = n > 0 && horizons[n - 1] == horizon;
    let lanes = if same { n } else { n + 1 };
    horizons[n] = horizon;
    model.expected_purchases_if_alive_at(frequency, t, &horizons[..lanes], &mut values[..lanes]);
    let (mut total, mut previous, mut factor) = (0.0, 0.0, 1.0);
    for &now in &values[..n] {
        factor /= 1.0 + discount_monthly;
        total += (now - previous) * factor;
        previous = now;
    }
    (if same { values[n - 1] } else { values[n] }, total)
}

/// The same sum for a new customer: expected repeat purchases in each of their first `months`
/// months, discounted.
pub(crate) fn discounted_purchases_new(
    model: &impl PurchaseModel,
    months: u32,
    discount_monthly: f64,
    unit: TimeUnit,
) -> f64 {
    discounted_sum(months, discount_monthly, unit, |h| {
        model.expected_purchases_new(h)
    })
}

/// Σ_{k=1..H} (N(k·u) − N((k−1)·u)) / (1 + d)^k for a cumulative expectation N.
fn discounted_sum(
    months: u32,
    discount_monthly: f64,
    unit: TimeUnit,
    n: impl Fn(f64) -> f64,
) -> f64 {
    let month = month_in(unit);
    let mut total = 0.0;
    let mut previous = 0.0;
    let mut factor = 1.0;
    for k in 1..=months {
        let now = n(k as f64 * month);
        factor /= 1.0 + discount_monthly;
        total += (now - previous) * factor;
        previous = now;
    }
    total
}

/// One month (365.25/12 days) in `unit`.
pub(crate) fn month_in(unit: TimeUnit) -> f64 {
    match unit {
        TimeUnit::Days => DAYS_PER_MONTH,
        TimeUnit::Weeks => DAYS_PER_MONTH / 7.0,
    }
}

/// Expected date of the next order, *if the customer is still active*: the median of the
/// waiting time to the next purchase after `cutoff`. Given alive, the purchase rate of a
/// customer with x repeat purchases in T time units is λ ~ Gamma(r+x, α+T) (the posterior in
/// both BG/NBD and Pareto/NBD, FHL 2005 section 3), and an exponential wait mixed over that
/// Gamma is Lomax: P(W > w) = ((α+T)/(α+T+w))^(r+x), so the median is
/// (α+T)(2^(1/(r+x)) − 1). A median rather than a mean because the mean is infinite when
/// r + x ≤ 1. Read it together with P(alive). `None` when it falls beyond the calendar.
pub(crate) fn next_order_date(
    model: &impl PurchaseModel,
    frequency: u32,
    t: f64,
    cutoff: NaiveDate,
    unit: TimeUnit,
) -> Option<NaiveDate> {
    let (r, alpha) = model.purchase_rate_prior();
    let shape = r + frequency as f64;
    let median = (alpha + t) * ((std::f64::consts::LN_2 / shape).exp_m1());
    let days = match unit {
        TimeUnit::Days => median,
        TimeUnit::Weeks => median * 7.0,
    };
    if !(0.0..DAYS_PER_YEAR * 1000.0).contains(&days) {
        return None;
    }
    cutoff.checked_add_days(Days::new(days.round().max(1.0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clv_without_discount_is_value_times_expected_purchases() {
        let p = BgNbdParams::new(0.243, 4.414, 0.793, 2.426).unwrap();
        let h = (2, 20.0, 38.0);
        let clv = 10.0 * discounted_purchases(&p, h, 12, 0.0, TimeUnit::Weeks);
        let n = p.expected_purchases(2, 20.0, 38.0, 12.0 * month_in(TimeUnit::Weeks));
        assert!((clv - 10.0 * n).abs() < 1e-9);
        let discounted = 10.0 * discounted_purchases(&p, h, 12, 0.01, TimeUnit::Weeks);
        assert!(discounted < clv && discounted > 0.0);
    }

    #[test]
    fn both_expectations_together_are_each_alone() {
        let p = BgNbdParams::new(0.243, 4.414, 0.793, 2.426).unwrap();
        for months in [0, 1, 12, 15, 16, 40] {
            for &(x, t) in &[(0, 0.0), (2, 38.0), (40, 100.0)] {
                let (expected, discounted) =
                    expectations_if_alive(&p, x, t, 39.0, months, 0.01, TimeUnit::Weeks);
                assert_eq!(expected, p.expected_purchases_if_alive(x, t, 39.0));
                let alone = discounted_purchases_if_alive(&p, x, t, months, 0.01, TimeUnit::Weeks);
                assert_eq!(discounted, alone);
            }
        }
    }

    #[test]
    fn next_order_is_after_the_cutoff_and_sooner_for_frequent_buyers() {
        let p = BgNbdParams::new(0.243, 4.414, 0.793, 2.426).unwrap();
        let cutoff: NaiveDate = "1997-09-30".parse().unwrap();
        let frequent = next_order_date(&p, 10, 38.0, cutoff, TimeUnit::Weeks).unwrap();
        let rare = next_order_date(&p, 1, 38.0, cutoff, TimeUnit::Weeks).unwrap();
        assert!(cutoff < frequent && frequent < rare);
    }
}
