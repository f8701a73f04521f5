//! The solver: BFGS quasi-Newton minimisation with a backtracking line search (Nocedal & Wright,
//! "Numerical Optimization", 2nd ed., algorithm 6.1 with the initial scaling of eq. 6.20 and an
//! Armijo line search, section 3.1). Kept apart from the likelihoods (the problems), as argmin
//! splits problem, solver and executor; the models minimise their negative log-likelihood over
//! log-parameters, which makes the problem unconstrained.
//!
//! Also finite-difference helpers (central differences, Nocedal & Wright eq. 8.7) for gradients
//! that are not analytic and for the Hessian behind standard errors.

// Matrix algebra reads more clearly with index loops than with iterator chains.
#![allow(clippy::needless_range_loop)]

use super::tolerance::{
    BOUNDARY_MARGIN, CONVERGED_GRADIENT_REL_TOL, FINITE_DIFFERENCE_STEP, GRADIENT_REL_TOL,
    MAX_EVALUATIONS, MAX_ITERATIONS, STALL_ITERATIONS, VALUE_REL_TOL,
};
use serde::{Deserialize, Serialize};

/// A smooth function to minimise.
pub(crate) trait Problem {
    /// Number of variables.
    fn dim(&self) -> usize;
    /// f(x), writing ∇f(x) into `gradient`. May return a non-finite value where f is undefined;
    /// the solver then steps back.
    fn value_gradient(&self, x: &[f64], gradient: &mut [f64]) -> f64;
}

/// Why the solver stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StopReason {
    /// The gradient is below tolerance: a (local) optimum.
    GradientSmall,
    /// The value stopped changing in double precision.
    NoProgress,
    /// No step along the search direction lowered the value.
    LineSearchFailed,
    /// The iteration limit was reached.
    MaxIterations,
    /// The function is not finite at the starting point.
    NonFiniteStart,
    /// The evaluation limit was reached.
    EvaluationLimit,
    /// The best point found is on the edge of the allowed parameter box with the value still
    /// improving outwards: the likelihood has no maximum inside (a parameter tends to 0 or ∞).
    Boundary,
}

/// Where the solver stopped.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Minimum {
    /// The minimiser found.
    pub x: Vec<f64>,
    /// f at `x`.
    pub value: f64,
    /// Iterations used.
    pub iterations: usize,
    /// Largest absolute gradient component at `x`.
    pub gradient_norm: f64,
    /// Why it stopped.
    pub reason: StopReason,
}

impl Minimum {
    /// True when the gradient is (near) zero: stopped for a small gradient, or for lack of
    /// progress with a gradient still small relative to the value.
    pub fn converged(&self) -> bool {
        match self.reason {
            StopReason::GradientSmall => true,
            StopReason::NoProgress | StopReason::LineSearchFailed => {
                self.gradient_norm <= CONVERGED_GRADIENT_REL_TOL * (1.0 + self.value.abs())
            }
            _ => false,
        }
    }
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Minimises `problem` from `start` by BFGS inside the box |x_i| ≤ `bound` (projected BFGS
/// with an active set, Nocedal & Wright section 16.7: a variable at the box with the gradient
/// pushing it outwards is held there and the search continues over the others; the Armijo test
/// uses the projected step). At most [`MAX_ITERATIONS`] iterations and [`MAX_EVALUATIONS`]
/// evaluations of `problem`, so the cost of a fit is bounded whatever the data.
pub(crate) fn minimize(problem: &impl Problem, start: &[f64], bound: f64) -> Minimum {
    minimize_from(problem, start, None, bound)
}

/// [`minimize`] with a first inverse Hessian `curvature` (n × n, row-major) instead of the
/// identity scaled after the first step: from a start near the optimum with the curvature
/// there, the first steps are Newton steps (N&W section 6.1, "the choice of H0"). Whenever the
/// curvature model restarts (the box's active set changes, a direction is not downhill), it
/// restarts from the identity as [`minimize`] does.
pub(crate) fn minimize_from(
    problem: &impl Problem,
    start: &[f64],
    curvature: Option<&[f64]>,
    bound: f64,
) -> Minimum {
    let n = problem.dim();
    let mut x: Vec<f64> = start.iter().map(|v| v.clamp(-bound, bound)).collect();
    let mut g = vec![0.0; n];
    let mut f = problem.value_gradient(&x, &mut g);
    let mut evaluations = 1;
    if !f.is_finite() || g.iter().any(|v| !v.is_finite()) {
        return Minimum {
            x,
            value: f,
            iterations: 0,
            gradient_norm: f64::INFINITY,
            reason: StopReason::NonFiniteStart,
        };
    }
    // Held at the box: at the bound with the descent direction −g pointing outwards.
    let held = |x: &[f64], g: &[f64], i: usize| {
        x[i].abs() >= bound - BOUNDARY_MARGIN && -g[i] * x[i].signum() > 0.0
    };
    let projected = |x: &[f64], g: &[f64]| -> Vec<f64> {
        (0..n)
            .map(|i| if held(x, g, i) { 0.0 } else { g[i] })
            .collect()
    };
    // Inverse Hessian approximation, row-major; identity until the first step rescales it.
    let mut h = vec![0.0; n * n];
    let reset = |h: &mut [f64]| {
        h.iter_mut()
            .enumerate()
            .for_each(|(k, v)| *v = if k % (n + 1) == 0 { 1.0 } else { 0.0 })
    };
    let mut first_step = true;
    match curvature {
        Some(c) if c.len() == n * n && c.iter().all(|v| v.is_finite()) => {
            h.copy_from_slice(c);
            first_step = false;
        }
        _ => reset(&mut h),
    }
    let mut stall = 0;
    let mut x_new = vec![0.0; n];
    let mut g_new = vec![0.0; n];
    let mut reason = StopReason::MaxIterations;
    let mut iterations = 0;
    let mut active: Vec<bool> = (0..n).map(|i| held(&x, &g, i)).collect();
    while iterations < MAX_ITERATIONS {
        let pg = projected(&x, &g);
        if max_abs(&pg) <= GRADIENT_REL_TOL * (1.0 + f.abs()) {
            reason = StopReason::GradientSmall;
            break;
        }
        if evaluations >= MAX_EVALUATIONS {
            reason = StopReason::EvaluationLimit;
            break;
        }
        iterations += 1;
        // Search direction d = −H g over the free variables; steepest descent if not downhill.
        let mut d: Vec<f64> = (0..n)
            .map(|i| {
                if active[i] {
                    0.0
                } else {
                    -(0..n)
                        .filter(|&j| !active[j])
                        .map(|j| h[i * n + j] * g[j])
                        .sum::<f64>()
                }
            })
            .collect();
        let mut slope = dot(&d, &pg);
        if slope >= 0.0 || !slope.is_finite() {
            d = pg.iter().map(|v| -v).collect();
            reset(&mut h);
            first_step = true;
        }
        // The first steepest-descent step moves no variable by more than 1 (a factor e).
        let mut step = if first_step {
            1.0 / max_abs(&d).max(1.0)
        } else {
            1.0
        };
        // Backtracking line search on the Armijo condition (N&W eq. 3.4, c1 = 1e-4), on the
        // step actually taken after projection onto the box.
        let mut f_new = f64::INFINITY;
        let mut accepted = false;
        for _ in 0..60 {
            if evaluations >= MAX_EVALUATIONS {
                break;
            }
            for i in 0..n {
                x_new[i] = (x[i] + step * d[i]).clamp(-bound, bound);
            }
            slope = (0..n).map(|i| g[i] * (x_new[i] - x[i])).sum::<f64>();
            f_new = problem.value_gradient(&x_new, &mut g_new);
            evaluations += 1;
            if f_new.is_finite() && g_new.iter().all(|v| v.is_finite()) && f_new <= f + 1e-4 * slope
            {
                accepted = true;
                break;
            }
            step *= if f_new.is_finite() { 0.5 } else { 0.1 };
        }
        if !accepted {
            reason = if evaluations >= MAX_EVALUATIONS {
                StopReason::EvaluationLimit
            } else {
                StopReason::LineSearchFailed
            };
            break;
        }
        let s: Vec<f64> = (0..n).map(|i| x_new[i] - x[i]).collect();
        let y: Vec<f64> = (0..n).map(|i| g_new[i] - g[i]).collect();
        let change = (f - f_new).abs();
        x.copy_from_slice(&x_new);
        g.copy_from_slice(&g_new);
        f = f_new;
        let now_active: Vec<bool> = (0..n).map(|i| held(&x, &g, i)).collect();
        if now_active != active {
            // A variable reached or left the box: the curvature model restarts, from this
            // step's (s, y) as after a first step, not from a unit step (on a likelihood that
            // rises along a ridge to the box, the active set changes from one step to the next,
            // and a unit step then took a dozen halvings each time).
            active = now_active;
            reset(&mut h);
            first_step = true;
        }
        let sy = dot(&s, &y);
        if sy > 1e-12 * dot(&s, &s).sqrt() * dot(&y, &y).sqrt() {
            if first_step {
                // N&W eq. 6.20: scale H0 = (sᵀy / yᵀy) I before the first update.
                let scale = sy / dot(&y, &y);
                h.iter_mut().for_each(|v| *v *= scale);
                first_step = false;
            }
            bfgs_update(&mut h, &s, &y, sy);
        }
        if change <= VALUE_REL_TOL * (1.0 + f.abs()) {
            stall += 1;
            if stall >= STALL_ITERATIONS {
                reason = StopReason::NoProgress;
                break;
            }
        } else {
            stall = 0;
        }
    }
    // Stopped on the edge of the box (held there, or stalled against it): no interior optimum.
    if reason != StopReason::GradientSmall && x.iter().any(|v| v.abs() >= bound - BOUNDARY_MARGIN)
        || (0..n).any(|i| held(&x, &g, i))
    {
        reason = StopReason::Boundary;
    }
    Minimum {
        gradient_norm: max_abs(&projected(&x, &g)),
        x,
        value: f,
        iterations,
        reason,
    }
}

/// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1 / yᵀs (N&W eq. 6.17).
fn bfgs_update(h: &mut [f64], s: &[f64], y: &[f64], sy: f64) {
    let n = s.len();
    let rho = 1.0 / sy;
    let hy: Vec<f64> = (0..n)
        .map(|i| (0..n).map(|j| h[i * n + j] * y[j]).sum())
        .collect();
    let yhy = dot(y, &hy);
    for i in 0..n {
        for j in 0..n {
            h[i * n + j] +=
                -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
        }
    }
}

/// Central-difference gradient of `f` at `x` (N&W eq. 8.7), step relative to |x_i|.
pub fn central_gradient(f: &dyn Fn(&[f64]) -> f64, x: &[f64], gradient: &mut [f64]) {
    let mut probe = x.to_vec();
    for i in 0..x.len() {
        let h = FINITE_DIFFERENCE_STEP * (1.0 + x[i].abs());
        probe[i] = x[i] + h;
        let up = f(&probe);
        probe[i] = x[i] - h;
        let down = f(&probe);
        probe[i] = x[i];
        gradient[i] = (up - down) / (2.0 * h);
    }
}

/// Hessian by central differences of an analytic (or accurate) gradient, symmetrised.
pub(crate) fn hessian(gradient: &dyn Fn(&[f64], &mut [f64]), x: &[f64]) -> Vec<Vec<f64>> {
    let n = x.len();
    let mut hess = vec![vec![0.0; n]; n];
    let mut probe = x.to_vec();
    let (mut up, mut down) = (vec![0.0; n], vec![0.0; n]);
    for i in 0..n {
        let h = FINITE_DIFFERENCE_STEP * (1.0 + x[i].abs());
        probe[i] = x[i] + h;
        gradient(&probe, &mut up);
        probe[i] = x[i] - h;
        gradient(&probe, &mut down);
        probe[i] = x[i];
        for j in 0..n {
            hess[i][j] = (up[j] - down[j]) / (2.0 * h);
        }
    }
    for i in 0..n {
        for j in 0..i {
            let m = 0.5 * (hess[i][j] + hess[j][i]);
            hess[i][j] = m;
            hess[j][i] = m;
        }
    }
    hess
}

/// Inverse of a symmetric positive-definite matrix by Cholesky factorisation; `None` when the
/// matrix is not positive definite (the optimum is not a proper maximum of the likelihood).
pub(crate) fn invert_spd(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = a.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let sum: f64 = a[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if i == j {
                if sum.is_nan() || sum <= 0.0 || !sum.is_finite() {
                    return None;
                }
                l[i][i] = sum.sqrt();
            } else {
                l[i][j] = sum / l[j][j];
            }
        }
    }
    // Solve L Lᵀ X = I column by column.
    let mut inv = vec![vec![0.0; n]; n];
    for col in 0..n {
        let mut z = vec![0.0; n];
        for i in 0..n {
            let e = if i == col { 1.0 } else { 0.0 };
            z[i] = (e - (0..i).map(|k| l[i][k] * z[k]).sum::<f64>()) / l[i][i];
        }
        for i in (0..n).rev() {
            z[i] = (z[i] - (i + 1..n).map(|k| l[k][i] * z[k]).sum::<f64>()) / l[i][i];
        }
        for i in 0..n {
            inv[i][col] = z[i];
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rosenbrock's function (N&W eq. 2.22), minimum 0 at (1, 1).
    struct Rosenbrock;
    impl Problem for Rosenbrock {
        fn dim(&self) -> usize {
            2
        }
        fn value_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
            let (a, b) = (x[0], x[1]);
            g[0] = -400.0 * a * (b - a * a) - 2.0 * (1.0 - a);
            g[1] = 200.0 * (b - a * a);
            100.0 * (b - a * a).powi(2) + (1.0 - a).powi(2)
        }
    }

    #[test]
    fn bfgs_finds_the_rosenbrock_minimum() {
        let m = minimize(&Rosenbrock, &[-1.2, 1.0], 10.0);
        assert!(m.converged(), "{m:?}");
        assert!(
            (m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] - 1.0).abs() < 1e-6,
            "{m:?}"
        );
    }

    #[test]
    fn a_minimum_beyond_the_box_stops_at_the_boundary() {
        // f = (x0 − 20)² + (x1 − 1)²: x0 is held at the bound 5, x1 still reaches 1.
        struct Outside;
        impl Problem for Outside {
            fn dim(&self) -> usize {
                2
            }
            fn value_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
                g[0] = 2.0 * (x[0] - 20.0);
                g[1] = 2.0 * (x[1] - 1.0);
                (x[0] - 20.0).powi(2) + (x[1] - 1.0).powi(2)
            }
        }
        let m = minimize(&Outside, &[0.0, 0.0], 5.0);
        assert_eq!(m.reason, StopReason::Boundary, "{m:?}");
        assert!(!m.converged());
        assert_eq!(m.x[0], 5.0);
        assert!((m.x[1] - 1.0).abs() < 1e-6, "{m:?}");
    }

    #[test]
    fn non_finite_start_is_reported() {
        struct Nan;
        impl Problem for Nan {
            fn dim(&self) -> usize {
                1
            }
            fn value_gradient(&self, _: &[f64], _: &mut [f64]) -> f64 {
                f64::NAN
            }
        }
        assert_eq!(
            minimize(&Nan, &[0.0], 10.0).reason,
            StopReason::NonFiniteStart
        );
    }

    #[test]
    fn hessian_and_inverse_of_a_quadratic() {
        // f = x² + x y + 2 y²: Hessian [[2, 1], [1, 4]], inverse [[4, −1], [−1, 2]] / 7.
        let grad = |x: &[f64], g: &mut [f64]| {
            g[0] = 2.0 * x[0] + x[1];
            g[1] = x[0] + 4.0 * x[1];
        };
        let h = hessian(&grad, &[0.3, -0.2]);
        let inv = invert_spd(&h).unwrap();
        assert!((inv[0][0] - 4.0 / 7.0).abs() < 1e-8 && (inv[0][1] + 1.0 / 7.0).abs() < 1e-8);
        assert!(invert_spd(&[vec![1.0, 2.0], vec![2.0, 1.0]]).is_none());
        let mut g = [0.0; 2];
        central_gradient(&|x| x[0] * x[0] + x[1], &[3.0, 1.0], &mut g);
        assert!((g[0] - 6.0).abs() < 1e-6 && (g[1] - 1.0).abs() < 1e-6);
    }
}
