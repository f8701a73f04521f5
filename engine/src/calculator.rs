//! The CLV calculator: the formulas a shop owner types numbers into, no data needed
//! (PRODUCT.md, "Calculator formulas"). The same functions serve the page, the embeddable widget
//! and `clv calc`.
//!
//! Money results are rounded to cents, so the reference example shows `52.8` and not the
//! `52.800000000000004` that binary floating point gives for `(270 − 6) × 0.2`.
//!
//! ```
//! use clv_engine::calculator::{simple_clv, LeverSteps, SimpleInputs};
//!
//! let inputs = SimpleInputs::new(90.0, 3.0, 6.0, 0.2);
//! let result = simple_clv(&inputs, LeverSteps::default()).unwrap();
//! assert_eq!(result.clv, 52.8);
//! assert_eq!(result.levers[0].lever, "aov"); // +10 % AOV: 58.20, the largest gain
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;

/// A number typed into the calculator that cannot be used.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CalculatorError {
    /// The value is not a finite number.
    NotANumber {
        /// Which input, e.g. `aov`.
        input: &'static str,
    },
    /// A money amount or count that must not be negative is negative.
    Negative {
        /// Which input.
        input: &'static str,
        /// The value given.
        value: f64,
    },
    /// A margin (or a margin step) outside 0..=1.
    MarginOutOfRange {
        /// The value given.
        value: f64,
    },
    /// A retention rate outside 0 ≤ r < 1 + d (the formula's denominator must stay positive).
    RetentionOutOfRange {
        /// The retention rate given.
        retention: f64,
        /// The discount rate given.
        discount_rate: f64,
    },
    /// A lifetime of zero months where one month or more is needed.
    ZeroLifetime,
}

impl fmt::Display for CalculatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalculatorError::NotANumber { input } => write!(f, "{input} must be a number."),
            CalculatorError::Negative { input, value } => {
                write!(f, "{input} cannot be negative (got {value}).")
            }
            CalculatorError::MarginOutOfRange { value } => write!(
                f,
                "the margin is a fraction between 0 and 1 (20 % is 0.2); got {value}."
            ),
            CalculatorError::RetentionOutOfRange {
                retention,
                discount_rate,
            } => write!(
                f,
                "the retention rate must be at least 0 and below 1 + discount rate ({}); got {retention}.",
                1.0 + discount_rate
            ),
            CalculatorError::ZeroLifetime => {
                write!(f, "the customer lifetime must be more than 0 months.")
            }
        }
    }
}

impl std::error::Error for CalculatorError {}

/// Rounds a money amount to cents (half away from zero), so results print as typed by a person.
pub fn round_cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Rounds a ratio to 4 decimals.
fn round_ratio(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn finite(input: &'static str, value: f64) -> Result<f64, CalculatorError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(CalculatorError::NotANumber { input })
    }
}

fn non_negative(input: &'static str, value: f64) -> Result<f64, CalculatorError> {
    let value = finite(input, value)?;
    if value < 0.0 {
        Err(CalculatorError::Negative { input, value })
    } else {
        Ok(value)
    }
}

fn margin_fraction(value: f64) -> Result<f64, CalculatorError> {
    let value = finite("margin", value)?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(CalculatorError::MarginOutOfRange { value })
    }
}

/// The inputs of the simple (shop-owner) CLV formula.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SimpleInputs {
    /// Average order value (money).
    pub aov: f64,
    /// Purchases per customer over the whole relationship.
    pub purchases: f64,
    /// Customer acquisition cost (money).
    pub cac: f64,
    /// Gross margin as a fraction 0..=1 (20 % = 0.2).
    pub margin: f64,
    /// How long a customer stays, in months; needed for the payback period.
    pub lifetime_months: Option<f64>,
}

impl SimpleInputs {
    /// The four inputs of the formula, without a lifetime.
    pub fn new(aov: f64, purchases: f64, cac: f64, margin: f64) -> Self {
        SimpleInputs {
            aov,
            purchases,
            cac,
            margin,
            lifetime_months: None,
        }
    }

    /// Sets the customer lifetime in months (for the payback period).
    pub fn lifetime_months(mut self, months: f64) -> Self {
        self.lifetime_months = Some(months);
        self
    }

    fn validate(&self) -> Result<(), CalculatorError> {
        non_negative("aov", self.aov)?;
        non_negative("purchases", self.purchases)?;
        non_negative("cac", self.cac)?;
        margin_fraction(self.margin)?;
        if let Some(months) = self.lifetime_months {
            if non_negative("lifetime_months", months)? == 0.0 {
                return Err(CalculatorError::ZeroLifetime);
            }
        }
        Ok(())
    }
}

/// How far each growth lever is moved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LeverSteps {
    /// Relative step for AOV, purchases and CAC (0.1 = 10 %).
    pub relative: f64,
    /// Step of the margin in fraction points (0.01 = one percentage point).
    pub margin_points: f64,
}

impl Default for LeverSteps {
    /// +10 % AOV, +10 % purchases, −10 % CAC, +1 point margin (PRODUCT.md, "Growth levers").
    fn default() -> Self {
        LeverSteps {
            relative: 0.10,
            margin_points: 0.01,
        }
    }
}

/// The effect of moving one input by one step, both ways (one bar of the tornado chart).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lever {
    /// Which input: `aov`, `purchases`, `cac` or `margin`.
    pub lever: String,
    /// The favourable move in words, e.g. "+10 % AOV".
    pub improvement: String,
    /// CLV after the favourable move.
    pub clv_if_improved: f64,
    /// CLV gained by the favourable move (≥ 0).
    pub gain: f64,
    /// CLV after the same move the other way.
    pub clv_if_worsened: f64,
    /// CLV lost by the unfavourable move (≥ 0).
    pub loss: f64,
}

/// The result of the simple CLV calculator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimpleResult {
    /// `(AOV × purchases − CAC) × margin`, rounded to cents.
    pub clv: f64,
    /// Revenue per customer over the lifetime: AOV × purchases.
    pub revenue_per_customer: f64,
    /// CLV : CAC ratio; `None` when CAC is 0.
    pub clv_to_cac: Option<f64>,
    /// ROI = CLV − CAC.
    pub roi: f64,
    /// Months until the cumulative margin reaches CAC; `None` without a lifetime, or when the
    /// customer never pays back within the lifetime.
    pub payback_months: Option<u32>,
    /// Growth levers, largest gain first.
    pub levers: Vec<Lever>,
}

/// Simple CLV = (AOV × purchases − CAC) × margin (PRODUCT.md, "Calculator formulas", the
/// shop-owner formula). Not rounded.
fn simple_formula(aov: f64, purchases: f64, cac: f64, margin: f64) -> f64 {
    (aov * purchases - cac) * margin
}

/// Computes simple CLV, CLV:CAC, ROI, payback and the growth levers (PRODUCT.md, "Calculator
/// formulas"). Reference example: AOV 90, 3 purchases, CAC 6, margin 0.2 → (270 − 6) × 0.2 = 52.80.
pub fn simple_clv(
    inputs: &SimpleInputs,
    steps: LeverSteps,
) -> Result<SimpleResult, CalculatorError> {
    inputs.validate()?;
    non_negative("step", steps.relative)?;
    margin_fraction(steps.margin_points)?;
    let SimpleInputs {
        aov,
        purchases,
        cac,
        margin,
        lifetime_months,
    } = *inputs;
    let clv = round_cents(simple_formula(aov, purchases, cac, margin));
    let revenue_per_customer = round_cents(aov * purchases);
    let clv_to_cac = (cac > 0.0).then(|| round_ratio(clv / cac));
    let roi = round_cents(clv - cac);
    let payback_months =
        lifetime_months.and_then(|months| payback(aov * purchases * margin / months, cac, months));
    let s = steps.relative;
    let pct = round_ratio(s * 100.0);
    let points = round_ratio(steps.margin_points * 100.0);
    let mut levers = vec![
        lever(
            "aov",
            format!("+{pct} % AOV"),
            clv,
            simple_formula(aov * (1.0 + s), purchases, cac, margin),
            simple_formula(aov * (1.0 - s).max(0.0), purchases, cac, margin),
        ),
        lever(
            "purchases",
            format!("+{pct} % purchases"),
            clv,
            simple_formula(aov, purchases * (1.0 + s), cac, margin),
            simple_formula(aov, purchases * (1.0 - s).max(0.0), cac, margin),
        ),
        lever(
            "cac",
            format!("−{pct} % CAC"),
            clv,
            simple_formula(aov, purchases, cac * (1.0 - s).max(0.0), margin),
            simple_formula(aov, purchases, cac * (1.0 + s), margin),
        ),
        lever(
            "margin",
            format!("+{points} point margin"),
            clv,
            simple_formula(aov, purchases, cac, (margin + steps.margin_points).min(1.0)),
            simple_formula(aov, purchases, cac, (margin - steps.margin_points).max(0.0)),
        ),
    ];
    // Largest gain first; equal gains keep the order above (stable sort).
    levers.sort_by(|a, b| b.gain.total_cmp(&a.gain));
    Ok(SimpleResult {
        clv,
        revenue_per_customer,
        clv_to_cac,
        roi,
        payback_months,
        levers,
    })
}

fn lever(name: &str, improvement: String, base: f64, up: f64, down: f64) -> Lever {
    let up = round_cents(up);
    let down = round_cents(down);
    Lever {
        lever: name.to_string(),
        improvement,
        clv_if_improved: up,
        gain: round_cents((up - base).abs()),
        clv_if_worsened: down,
        loss: round_cents((base - down).abs()),
    }
}

/// Payback period: the first whole month at which the cumulative margin (`monthly_margin × k`)
/// reaches CAC (PRODUCT.md, "payback period"). `None` when it never does within the lifetime.
fn payback(monthly_margin: f64, cac: f64, lifetime_months: f64) -> Option<u32> {
    if cac <= 0.0 {
        return Some(0);
    }
    if monthly_margin <= 0.0 || !monthly_margin.is_finite() {
        return None;
    }
    // Round the quotient to 1e-9 first so 6 / (2 × 3) is 1 month, not 2.
    let months = ((cac / monthly_margin * 1e9).round() / 1e9).ceil();
    (months <= lifetime_months.ceil() && months <= u32::MAX as f64).then_some(months as u32)
}

/// Monthly form: LTV = average monthly revenue per customer × lifetime in months, × margin when a
/// margin is given (PRODUCT.md, "Calculator formulas", monthly form). Rounded to cents.
pub fn monthly_ltv(
    monthly_revenue: f64,
    lifetime_months: f64,
    margin: Option<f64>,
) -> Result<f64, CalculatorError> {
    let revenue = non_negative("monthly_revenue", monthly_revenue)?;
    let months = non_negative("lifetime_months", lifetime_months)?;
    let margin = margin.map(margin_fraction).transpose()?.unwrap_or(1.0);
    Ok(round_cents(revenue * months * margin))
}

/// Retention form: CLV = m × r / (1 + d − r), m = yearly margin per customer, r = yearly retention
/// rate, d = yearly discount rate (PRODUCT.md, "Calculator formulas"; Gupta & Lehmann 2003,
/// "Customers as assets", J. Interactive Marketing 17(1), eq. 2, infinite horizon, margin at the
/// end of each year). Rounded to cents.
pub fn retention_clv(
    yearly_margin: f64,
    retention: f64,
    discount_rate: f64,
) -> Result<f64, CalculatorError> {
    let m = non_negative("yearly_margin", yearly_margin)?;
    let d = non_negative("discount_rate", discount_rate)?;
    let r = finite("retention", retention)?;
    if r < 0.0 || 1.0 + d - r <= 0.0 {
        return Err(CalculatorError::RetentionOutOfRange {
            retention: r,
            discount_rate: d,
        });
    }
    Ok(round_cents(m * r / (1.0 + d - r)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_example_is_exactly_52_80() {
        // (90 × 3 − 6) × 0.2 = 264 × 0.2 = 52.80; in f64 the product is 52.800000000000004.
        let r = simple_clv(
            &SimpleInputs::new(90.0, 3.0, 6.0, 0.2),
            LeverSteps::default(),
        )
        .unwrap();
        assert_eq!(r.clv, 52.8);
        assert_eq!(r.revenue_per_customer, 270.0);
        // ROI = 52.80 − 6 = 46.80; CLV:CAC = 52.8 / 6 = 8.8
        assert_eq!(r.roi, 46.8);
        assert_eq!(r.clv_to_cac, Some(8.8));
        assert_eq!(r.payback_months, None);
    }

    #[test]
    fn levers_are_ranked_by_gain() {
        // base 52.80
        // +10 % AOV:       (297 − 6) × 0.2 = 58.20  gain 5.40; −10 %: (243 − 6) × 0.2 = 47.40
        // +10 % purchases: (90 × 3.3 − 6) × 0.2 = 58.20 gain 5.40 (same as AOV; AOV listed first)
        // −10 % CAC:       (270 − 5.4) × 0.2 = 52.92 gain 0.12; +10 %: (270 − 6.6) × 0.2 = 52.68
        // +1 point margin: 264 × 0.21 = 55.44 gain 2.64; −1 point: 264 × 0.19 = 50.16
        let r = simple_clv(
            &SimpleInputs::new(90.0, 3.0, 6.0, 0.2),
            LeverSteps::default(),
        )
        .unwrap();
        let names: Vec<_> = r.levers.iter().map(|l| l.lever.as_str()).collect();
        assert_eq!(names, ["aov", "purchases", "margin", "cac"]);
        assert_eq!(r.levers[0].clv_if_improved, 58.2);
        assert_eq!(r.levers[0].gain, 5.4);
        assert_eq!(r.levers[0].clv_if_worsened, 47.4);
        assert_eq!(r.levers[2].clv_if_improved, 55.44);
        assert_eq!(r.levers[2].loss, 2.64);
        assert_eq!(r.levers[3].gain, 0.12);
        assert_eq!(r.levers[3].clv_if_worsened, 52.68);
        assert_eq!(r.levers[0].improvement, "+10 % AOV");
        assert_eq!(r.levers[2].improvement, "+1 point margin");
    }

    #[test]
    fn user_chosen_step() {
        // +20 % AOV: (108 × 3 − 6) × 0.2 = 318 × 0.2 = 63.60
        let steps = LeverSteps {
            relative: 0.2,
            margin_points: 0.05,
        };
        let r = simple_clv(&SimpleInputs::new(90.0, 3.0, 6.0, 0.2), steps).unwrap();
        let aov = r.levers.iter().find(|l| l.lever == "aov").unwrap();
        assert_eq!(aov.clv_if_improved, 63.6);
        // +5 points margin: 264 × 0.25 = 66.00, the biggest lever now.
        assert_eq!(r.levers[0].lever, "margin");
        assert_eq!(r.levers[0].clv_if_improved, 66.0);
    }

    #[test]
    fn payback_months() {
        // Lifetime 12 months: monthly margin = 270 × 0.2 / 12 = 4.5; CAC 6 → 6 / 4.5 = 1.33 → 2 months.
        let inputs = SimpleInputs::new(90.0, 3.0, 6.0, 0.2).lifetime_months(12.0);
        let r = simple_clv(&inputs, LeverSteps::default()).unwrap();
        assert_eq!(r.payback_months, Some(2));
        // CAC 100 with 4.5 a month needs 23 months > 12: never pays back.
        let inputs = SimpleInputs::new(90.0, 3.0, 100.0, 0.2).lifetime_months(12.0);
        assert_eq!(
            simple_clv(&inputs, LeverSteps::default())
                .unwrap()
                .payback_months,
            None
        );
        // Exactly on a month: margin 1, AOV 2, 3 purchases over 3 months = 2 a month; CAC 6 → 3.
        assert_eq!(payback(2.0, 6.0, 3.0), Some(3));
        assert_eq!(payback(2.0, 0.0, 3.0), Some(0));
        // No CAC: no ratio.
        let r = simple_clv(
            &SimpleInputs::new(10.0, 1.0, 0.0, 0.5),
            LeverSteps::default(),
        )
        .unwrap();
        assert_eq!(r.clv_to_cac, None);
    }

    #[test]
    fn monthly_and_retention_forms() {
        // 25 a month × 18 months = 450; × 0.3 margin = 135
        assert_eq!(monthly_ltv(25.0, 18.0, None).unwrap(), 450.0);
        assert_eq!(monthly_ltv(25.0, 18.0, Some(0.3)).unwrap(), 135.0);
        // m = 100, r = 0.8, d = 0.1: 100 × 0.8 / (1 + 0.1 − 0.8) = 80 / 0.3 = 266.67
        assert_eq!(retention_clv(100.0, 0.8, 0.1).unwrap(), 266.67);
        // r = 0: nobody comes back, CLV 0.
        assert_eq!(retention_clv(100.0, 0.0, 0.1).unwrap(), 0.0);
    }

    #[test]
    fn invalid_inputs_are_typed_errors() {
        let steps = LeverSteps::default();
        assert_eq!(
            simple_clv(&SimpleInputs::new(90.0, 3.0, 6.0, 20.0), steps).unwrap_err(),
            CalculatorError::MarginOutOfRange { value: 20.0 }
        );
        assert_eq!(
            simple_clv(&SimpleInputs::new(-1.0, 3.0, 6.0, 0.2), steps).unwrap_err(),
            CalculatorError::Negative {
                input: "aov",
                value: -1.0
            }
        );
        assert_eq!(
            simple_clv(&SimpleInputs::new(f64::NAN, 3.0, 6.0, 0.2), steps).unwrap_err(),
            CalculatorError::NotANumber { input: "aov" }
        );
        assert_eq!(
            simple_clv(
                &SimpleInputs::new(1.0, 3.0, 6.0, 0.2).lifetime_months(0.0),
                steps
            )
            .unwrap_err(),
            CalculatorError::ZeroLifetime
        );
        assert!(matches!(
            retention_clv(100.0, 1.0, 0.0),
            Err(CalculatorError::RetentionOutOfRange { .. })
        ));
        assert!(matches!(
            retention_clv(100.0, 1.5, 0.5),
            Err(CalculatorError::RetentionOutOfRange { .. })
        ));
        assert!(monthly_ltv(10.0, 2.0, Some(-0.1)).is_err());
        assert!(CalculatorError::MarginOutOfRange { value: 20.0 }
            .to_string()
            .contains("0.2"));
    }
}
