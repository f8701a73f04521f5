//! Seeded generators of customer histories from each model, for tests that check a fit recovers
//! the parameters it was simulated with, and for benchmarks. A small self-contained generator
//! (SplitMix64, Steele, Lea & Flood 2014) keeps `rand` out of the engine.

use super::bg_nbd::BgNbdParams;
use super::data::{RfmTuple, SpendObservation};
use super::gamma_gamma::GammaGammaParams;
use super::pareto_nbd::ParetoNbdParams;

/// A seeded pseudo-random number generator (SplitMix64).
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator with a fixed seed: the same seed gives the same numbers everywhere.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// Next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1), never 0.
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// Exponential with the given rate.
    pub fn exponential(&mut self, rate: f64) -> f64 {
        -self.uniform().ln() / rate
    }

    /// Gamma(shape, rate) by Marsaglia & Tsang (2000), "A Simple Method for Generating Gamma
    /// Variables", with their boost U^(1/shape) for shape < 1.
    pub fn gamma(&mut self, shape: f64, rate: f64) -> f64 {
        if shape < 1.0 {
            let boost = self.uniform().powf(1.0 / shape);
            return self.gamma(shape + 1.0, rate) * boost;
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let z = self.normal();
            let v = (1.0 + c * z).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.uniform();
            if u.ln() < 0.5 * z * z + d - d * v + d * v.ln() {
                return d * v / rate;
            }
        }
    }

    /// Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a, 1.0);
        let y = self.gamma(b, 1.0);
        x / (x + y)
    }
}

/// Ages T of `customers` acquired uniformly over `acquisition` time units and observed until
/// `observation` time units after the first could have joined.
fn age(rng: &mut Rng, observation: f64, acquisition: f64) -> f64 {
    observation - acquisition * rng.uniform()
}

/// Purchases at rate `lambda` (exponential gaps: a Poisson process) from time 0 until `end`, the
/// customer leaving after each one with probability `dropout` when there is one: how many there
/// were and when the last one was (0 without any).
fn purchases(rng: &mut Rng, lambda: f64, end: f64, dropout: Option<f64>) -> (u32, f64) {
    let (mut x, mut clock, mut last) = (0u32, 0.0, 0.0);
    loop {
        clock += rng.exponential(lambda);
        if clock > end {
            break;
        }
        x += 1;
        last = clock;
        if dropout.is_some_and(|p| rng.uniform() < p) {
            break;
        }
    }
    (x, last)
}

/// The simulated customers: how many, their ages (see [`age`]) and the seed of their draws.
struct Cohort {
    customers: usize,
    observation: f64,
    acquisition: f64,
    seed: u64,
}

impl Cohort {
    fn new(customers: usize, observation: f64, acquisition: f64, seed: u64) -> Self {
        Cohort {
            customers,
            observation,
            acquisition,
            seed,
        }
    }

    /// Each customer's history under a purchase model: an age T, a purchase rate
    /// λ ~ Gamma(r, α) from `(r, alpha)`, then `lifetime(rng, T)` gives when they stop buying at
    /// the latest and their dropout probability after each purchase, if any (see [`purchases`]).
    fn histories(
        &self,
        (r, alpha): (f64, f64),
        mut lifetime: impl FnMut(&mut Rng, f64) -> (f64, Option<f64>),
    ) -> Vec<RfmTuple> {
        let mut rng = Rng::new(self.seed);
        (0..self.customers)
            .map(|_| {
                let t = age(&mut rng, self.observation, self.acquisition);
                let lambda = rng.gamma(r, alpha);
                let (end, dropout) = lifetime(&mut rng, t);
                let (x, last) = purchases(&mut rng, lambda, end, dropout);
                RfmTuple::new(x, last, t)
            })
            .collect()
    }
}

/// Histories drawn from BG/NBD (FHL 2005, section 2 assumptions i–v): per customer
/// λ ~ Gamma(r, α), p ~ Beta(a, b); purchases are Poisson(λ) and after each one the customer
/// drops out with probability p. Ages are uniform in (observation − acquisition, observation].
pub fn bg_nbd(
    params: &BgNbdParams,
    customers: usize,
    observation: f64,
    acquisition: f64,
    seed: u64,
) -> Vec<RfmTuple> {
    let until_dropout = |rng: &mut Rng, t: f64| (t, Some(rng.beta(params.a, params.b)));
    let cohort = Cohort::new(customers, observation, acquisition, seed);
    cohort.histories((params.r, params.alpha), until_dropout)
}

/// Histories drawn from Pareto/NBD (Schmittlein et al. 1987, assumptions): λ ~ Gamma(r, α),
/// lifetime ~ Exponential(μ), μ ~ Gamma(s, β); Poisson(λ) purchases while alive.
pub fn pareto_nbd(
    params: &ParetoNbdParams,
    customers: usize,
    observation: f64,
    acquisition: f64,
    seed: u64,
) -> Vec<RfmTuple> {
    let while_alive = |rng: &mut Rng, t: f64| {
        let mu = rng.gamma(params.s, params.beta);
        (rng.exponential(mu).min(t), None)
    };
    let cohort = Cohort::new(customers, observation, acquisition, seed);
    cohort.histories((params.r, params.alpha), while_alive)
}

/// Mean spends drawn from Gamma-Gamma (Fader & Hardie 2013, section 2): ν ~ Gamma(q, v) per
/// customer, each of `frequencies[i]` purchases ~ Gamma(p, ν).
pub fn gamma_gamma(
    params: &GammaGammaParams,
    frequencies: &[u32],
    seed: u64,
) -> Vec<SpendObservation> {
    let mut rng = Rng::new(seed);
    frequencies
        .iter()
        .map(|&x| {
            let nu = rng.gamma(params.q, params.v);
            let total: f64 = (0..x).map(|_| rng.gamma(params.p, nu)).sum();
            SpendObservation {
                frequency: x,
                monetary_value: total / x as f64,
            }
        })
        .collect()
}

/// Rounds recency and T down to a grid of `step` time units (e.g. 1/7 for whole days when the
/// unit is weeks), as real order dates are, so that histories compress.
pub fn on_grid(tuples: &[RfmTuple], step: f64) -> Vec<RfmTuple> {
    tuples
        .iter()
        .map(|t| RfmTuple {
            recency: (t.recency / step).floor() * step,
            t: (t.t / step).floor() * step,
            ..*t
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_draws_have_the_right_mean_and_variance() {
        let mut rng = Rng::new(7);
        for &(shape, rate) in &[(0.3, 2.0), (4.0, 0.5)] {
            let n = 200_000;
            let draws: Vec<f64> = (0..n).map(|_| rng.gamma(shape, rate)).collect();
            let mean = draws.iter().sum::<f64>() / n as f64;
            let var = draws.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / n as f64;
            assert!(
                (mean / (shape / rate) - 1.0).abs() < 0.02,
                "{shape}: {mean}"
            );
            assert!(
                (var / (shape / rate / rate) - 1.0).abs() < 0.05,
                "{shape}: {var}"
            );
        }
    }

    #[test]
    fn same_seed_same_customers() {
        let p = BgNbdParams::new(0.5, 5.0, 0.8, 2.5).unwrap();
        assert_eq!(bg_nbd(&p, 50, 40.0, 12.0, 1), bg_nbd(&p, 50, 40.0, 12.0, 1));
        assert_ne!(bg_nbd(&p, 50, 40.0, 12.0, 1), bg_nbd(&p, 50, 40.0, 12.0, 2));
    }
}
