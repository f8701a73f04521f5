//! Special functions the models need: log-gamma, digamma and the Gauss hypergeometric series.
//!
//! Written here rather than taken from a crate to keep the WebAssembly bundle small (statrs
//! brings nalgebra) and because the models need only these few, on positive arguments.
//!
//! - `ln_gamma`: Stirling's asymptotic series (Abramowitz & Stegun 6.1.41) for x ≥ 12, reached
//!   from smaller x by the recurrence Γ(x+1) = x Γ(x) (A&S 6.1.15). Absolute error ≲ 1e-14.
//! - `digamma`: the asymptotic series of A&S 6.3.18 for x ≥ 12 and the recurrence
//!   ψ(x+1) = ψ(x) + 1/x (A&S 6.3.5).
//! - `hyp2f1`: the defining power series of ₂F₁ (A&S 15.1.1), summed in the region where
//!   all terms are positive (a, b, c > 0, 0 ≤ z < 1). The callers first transform their argument
//!   into that region (Pfaff's transformation, A&S 15.3.4), as explained where they do it.

use super::tolerance::{SERIES_MAX_TERMS, SERIES_REL_TOL};

/// ½ ln(2π).
const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;
/// Below this argument the recurrences shift x up before the asymptotic series is used.
const ASYMPTOTIC_FROM: f64 = 12.0;

/// ln Γ(x) for x > 0 (Stirling series, A&S 6.1.41, after shifting x ≥ 12 by A&S 6.1.15).
///
/// Returns +∞ for x ≤ 0 or NaN (the models only call it on positive arguments).
pub(crate) fn ln_gamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::INFINITY;
    }
    let mut shift = 0.0;
    let mut y = x;
    if y < ASYMPTOTIC_FROM {
        // ln Γ(x) = ln Γ(x + n) − ln(x (x+1) … (x+n−1)); the product stays far from overflow.
        let mut product = 1.0;
        while y < ASYMPTOTIC_FROM {
            product *= y;
            y += 1.0;
        }
        shift = product.ln();
    }
    let inv = 1.0 / y;
    let inv2 = inv * inv;
    // Bernoulli terms B_2k / (2k (2k−1) x^(2k−1)), k = 1..6.
    let series = inv
        * (1.0 / 12.0
            - inv2
                * (1.0 / 360.0
                    - inv2
                        * (1.0 / 1260.0
                            - inv2
                                * (1.0 / 1680.0
                                    - inv2 * (1.0 / 1188.0 - inv2 * (691.0 / 360360.0))))));
    (y - 0.5) * y.ln() - y + HALF_LN_2PI + series - shift
}

/// ψ(x) = d/dx ln Γ(x) for x > 0 (A&S 6.3.18 after shifting x ≥ 12 by A&S 6.3.5).
pub(crate) fn digamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    let mut y = x;
    let mut shift = 0.0;
    while y < ASYMPTOTIC_FROM {
        shift += 1.0 / y;
        y += 1.0;
    }
    let inv2 = 1.0 / (y * y);
    // B_2k / (2k x^(2k)), k = 1..5.
    let series = inv2
        * (1.0 / 12.0
            - inv2 * (1.0 / 120.0 - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 / 132.0))));
    y.ln() - 0.5 / y - series - shift
}

/// ln ₂F₁(a, b; c; z) by its power series (A&S 15.1.1) for a, b, c > 0 and 0 ≤ z < 1, where every
/// term is positive so the sum has no cancellation. Terms are summed relative to the largest
/// one, so the log stays finite when the sum itself would overflow (large a·b·z/(1−z)).
///
/// Returns `None` when the arguments are outside that region or the series has not converged
/// within [`SERIES_MAX_TERMS`] terms (z extremely close to 1).
pub(crate) fn ln_hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    ln_hyp2f1_capped(a, b, c, z, SERIES_MAX_TERMS)
}

/// [`ln_hyp2f1`] giving up (`None`) after `max_terms` terms, for callers with a fallback.
pub(crate) fn ln_hyp2f1_capped(a: f64, b: f64, c: f64, z: f64, max_terms: usize) -> Option<f64> {
    if !(a > 0.0 && b > 0.0 && c > 0.0 && (0.0..1.0).contains(&z)) {
        return None;
    }
    if z == 0.0 {
        return Some(0.0);
    }
    // Sum in a running scale: `sum` is Σ terms / e^scale.
    let mut term = 1.0_f64;
    let mut sum = 1.0_f64;
    let mut scale = 0.0_f64;
    for j in 0..max_terms {
        let jf = j as f64;
        term *= (a + jf) * (b + jf) / ((c + jf) * (jf + 1.0)) * z;
        sum += term;
        if sum > 1e250 {
            scale += sum.ln();
            term /= sum;
            sum = 1.0;
        }
        // Terms decrease geometrically once j exceeds the peak; stop when negligible and falling.
        let ratio = (a + jf + 1.0) * (b + jf + 1.0) / ((c + jf + 1.0) * (jf + 2.0)) * z;
        // The ratios tend monotonically to z, so past the peak the tail is bounded by a geometric
        // series with ratio q = max(ratio, z) < 1.
        let q = ratio.max(z);
        if ratio < 1.0 && term * q / (1.0 - q) <= SERIES_REL_TOL * sum {
            return Some(scale + sum.ln());
        }
    }
    None
}

/// Lanes of [`ln_hyp2f1_many`]: arguments summed together in one pass.
pub(crate) const MANY_LANES: usize = 16;

/// [`ln_hyp2f1`] at up to [`MANY_LANES`] arguments `zs` with the same a, b, c, written to
/// `out` (one per argument): the coefficients (a)_j (b)_j / ((c)_j j!) are computed once per j
/// for every argument, which is most of the work of a series. Each argument's sum runs exactly
/// as in [`ln_hyp2f1`] (same operations in the same order, same stop), so the results are
/// identical to calling it once per argument.
pub(crate) fn ln_hyp2f1_many(a: f64, b: f64, c: f64, zs: &[f64], out: &mut [Option<f64>]) {
    debug_assert!(zs.len() <= MANY_LANES && out.len() >= zs.len());
    let n = zs.len().min(MANY_LANES);
    let mut term = [1.0_f64; MANY_LANES];
    let mut sum = [1.0_f64; MANY_LANES];
    let mut scale = [0.0_f64; MANY_LANES];
    let mut active = [false; MANY_LANES];
    let mut left = 0;
    let valid = a > 0.0 && b > 0.0 && c > 0.0;
    for i in 0..n {
        let z = zs[i];
        out[i] = None;
        if !(valid && (0.0..1.0).contains(&z)) {
            continue;
        }
        if z == 0.0 {
            out[i] = Some(0.0);
            continue;
        }
        active[i] = true;
        left += 1;
    }
    let mut j = 0;
    while left > 0 && j < SERIES_MAX_TERMS {
        let jf = j as f64;
        let coefficient = (a + jf) * (b + jf) / ((c + jf) * (jf + 1.0));
        let next = (a + jf + 1.0) * (b + jf + 1.0) / ((c + jf + 1.0) * (jf + 2.0));
        for i in 0..n {
            if !active[i] {
                continue;
            }
            let z = zs[i];
            term[i] *= coefficient * z;
            sum[i] += term[i];
            if sum[i] > 1e250 {
                scale[i] += sum[i].ln();
                term[i] /= sum[i];
                sum[i] = 1.0;
            }
            let ratio = next * z;
            let q = ratio.max(z);
            if ratio < 1.0 && term[i] * q / (1.0 - q) <= SERIES_REL_TOL * sum[i] {
                out[i] = Some(scale[i] + sum[i].ln());
                active[i] = false;
                left -= 1;
            }
        }
        j += 1;
    }
}

/// [`ln_hyp2f1`] with its partial derivatives: returns ln F and
/// (∂ ln F/∂a, ∂ ln F/∂b, ∂ ln F/∂c, ∂ ln F/∂z), summed term by term alongside the series:
/// with T_j the j-th term, ∂T_j/∂a = T_j Σ_{k<j} 1/(a+k) (likewise b, and c with a minus sign)
/// and ∂T_j/∂z = j T_j / z. At z = 0, ∂ ln F/∂z = ab/c (the first coefficient).
/// Gives up (`None`) after `max_terms` terms.
pub(crate) fn ln_hyp2f1_with_gradient(
    a: f64,
    b: f64,
    c: f64,
    z: f64,
    max_terms: usize,
) -> Option<(f64, [f64; 4])> {
    if !(a > 0.0 && b > 0.0 && c > 0.0 && (0.0..1.0).contains(&z)) {
        return None;
    }
    if z == 0.0 {
        return Some((0.0, [0.0, 0.0, 0.0, a * b / c]));
    }
    let (mut term, mut sum, mut scale) = (1.0_f64, 1.0_f64, 0.0_f64);
    // Harmonic sums Σ_{k<j} 1/(a+k) etc. and the derivative sums Σ T_j H_j, Σ j T_j.
    let (mut ha, mut hb, mut hc) = (0.0, 0.0, 0.0);
    let (mut sa, mut sb, mut sc, mut sz) = (0.0, 0.0, 0.0, 0.0);
    // One division a term (this series is the Pareto/NBD fit's inner loop): the reciprocals
    // 1/(a+j), 1/(b+j), 1/(c+j) and the ratio T_{j+1}/T_j all come from the one reciprocal
    // e = 1/((a+j)(b+j)(c+j)(j+1)), computed at the end of the term before (a, b, c ≤ 1e6 + x
    // within the fit's box, so the products stay far from overflow).
    let (mut aj, mut bj, mut cj) = (a, b, c);
    let mut d = 1.0 / (a * b * c);
    let mut ratio = a * b / c * z;
    for j in 0..max_terms {
        let jf = j as f64;
        let ab = aj * bj;
        // d = 1/((a+j)(b+j)(c+j)) and ratio = T_{j+1}/T_j here.
        ha += bj * cj * d;
        hb += aj * cj * d;
        hc += ab * d;
        term *= ratio;
        sum += term;
        sa += term * ha;
        sb += term * hb;
        sc += term * hc;
        sz += term * (jf + 1.0);
        if sum > 1e250 {
            scale += sum.ln();
            term /= sum;
            sa /= sum;
            sb /= sum;
            sc /= sum;
            sz /= sum;
            sum = 1.0;
        }
        aj += 1.0;
        bj += 1.0;
        cj += 1.0;
        let (ab1, n1) = (aj * bj, jf + 2.0);
        let e = 1.0 / (ab1 * cj * n1); // 1/((a+j+1)(b+j+1)(c+j+1)(j+2))
        ratio = ab1 * ab1 * e * z; // (a+j+1)(b+j+1) z / ((c+j+1)(j+2))
        d = n1 * e;
        let q = ratio.max(z);
        // The derivative sums carry factors growing like ln j and j: a stricter stop. The tail
        // after this term is at most term · q/(1−q) (multiplied out: q < 1 here).
        let weight = n1 * (1.0 + ha.max(hb).max(hc));
        if ratio < 1.0 && term * weight * q <= SERIES_REL_TOL * sum * (1.0 - q) {
            return Some((
                scale + sum.ln(),
                [sa / sum, sb / sum, -sc / sum, sz / (z * sum)],
            ));
        }
    }
    None
}

/// ₂F₁(a, b; c; z) for a, b > 0, 0 ≤ z < 1 and any c that is not 0 or a negative integer:
/// [`ln_hyp2f1`] when c > 0; for c < 0 the same power series summed with signs (its terms
/// change sign only while j < −c, then keep one sign, so the tail bound of [`ln_hyp2f1`] applies
/// from there).
pub(crate) fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    if c > 0.0 {
        return ln_hyp2f1(a, b, c, z).map(f64::exp);
    }
    let nearest = c.round();
    if !(a > 0.0 && b > 0.0 && (0.0..1.0).contains(&z)) || (c - nearest).abs() < 1e-9 {
        return None;
    }
    let mut term = 1.0_f64;
    let mut sum = 1.0_f64;
    for j in 0..SERIES_MAX_TERMS {
        let jf = j as f64;
        term *= (a + jf) * (b + jf) / ((c + jf) * (jf + 1.0)) * z;
        sum += term;
        if !sum.is_finite() {
            return None;
        }
        if c + jf + 1.0 > 0.0 {
            let ratio = (a + jf + 1.0) * (b + jf + 1.0) / ((c + jf + 1.0) * (jf + 2.0)) * z;
            let q = ratio.max(z);
            if ratio < 1.0 && (term * q / (1.0 - q)).abs() <= SERIES_REL_TOL * sum.abs() {
                return Some(sum);
            }
        }
    }
    None
}

/// ln(e^x + e^y) without overflow.
pub(crate) fn log_add_exp(x: f64, y: f64) -> f64 {
    let (hi, lo) = if x > y { (x, y) } else { (y, x) };
    if lo == f64::NEG_INFINITY {
        return hi;
    }
    hi + (lo - hi).exp().ln_1p()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_arguments_give_exactly_the_single_series() {
        let zs: Vec<f64> = (0..MANY_LANES)
            .map(|k| k as f64 / MANY_LANES as f64 * 1.05 - 0.02)
            .collect();
        for &(a, b, c) in &[
            (0.24, 2.4, 3.2),
            (5.2, 1e6, 1e6 + 4.0),
            (300.0, 0.7, 1.1),
            (1.0, 0.5, -0.5),
        ] {
            let mut out = [None; MANY_LANES];
            ln_hyp2f1_many(a, b, c, &zs, &mut out);
            for (z, got) in zs.iter().zip(out) {
                let want = ln_hyp2f1(a, b, c, *z);
                assert_eq!(
                    got.map(f64::to_bits),
                    want.map(f64::to_bits),
                    "{a} {b} {c} {z}"
                );
            }
        }
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * (1.0 + b.abs())
    }

    #[test]
    fn ln_gamma_matches_known_values() {
        // Γ(n) = (n−1)!; Γ(½) = √π; Γ(0.1) = 9.513507698668731836… (A&S table 6.1).
        assert!(close(ln_gamma(1.0), 0.0, 1e-14));
        assert!(close(ln_gamma(2.0), 0.0, 1e-14));
        assert!(close(ln_gamma(5.0), 24f64.ln(), 1e-14));
        assert!(close(
            ln_gamma(0.5),
            std::f64::consts::PI.sqrt().ln(),
            1e-14
        ));
        assert!(close(ln_gamma(0.1), 9.513_507_698_668_732f64.ln(), 1e-14));
        assert!(close(ln_gamma(171.0), 706.573_062_245_787_4, 1e-14));
        assert!(close(ln_gamma(1e-8), 18.420_680_738_180_21, 1e-12));
        // Continuity across the switch to the asymptotic series.
        assert!(close(ln_gamma(11.999_999_9), ln_gamma(12.0), 1e-7));
    }

    #[test]
    fn digamma_matches_known_values_and_ln_gamma_slope() {
        // ψ(1) = −γ (Euler–Mascheroni); ψ(½) = −γ − 2 ln 2 (A&S 6.3.2, 6.3.3).
        let euler = 0.577_215_664_901_532_9;
        assert!(close(digamma(1.0), -euler, 1e-14));
        assert!(close(digamma(0.5), -euler - 2.0 * 2f64.ln(), 1e-14));
        for &x in &[0.05, 0.7, 3.3, 11.9, 12.1, 250.0] {
            let h = 1e-5 * x;
            let slope = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
            assert!(close(digamma(x), slope, 1e-7), "x = {x}");
        }
    }

    #[test]
    fn hyp2f1_matches_closed_forms() {
        // ₂F₁(1, 1; 2; z) = −ln(1−z)/z (A&S 15.1.3); ₂F₁(a, b; b; z) = (1−z)^(−a) (A&S 15.1.8).
        for &z in &[0.0001, 0.3, 0.9, 0.999] {
            assert!(close(
                hyp2f1(1.0, 1.0, 2.0, z).unwrap(),
                -(1.0 - z).ln() / z,
                1e-12
            ));
            assert!(close(
                hyp2f1(2.5, 0.7, 0.7, z).unwrap(),
                (1.0 - z).powf(-2.5),
                1e-12
            ));
        }
        assert_eq!(ln_hyp2f1(1.0, 1.0, 2.0, 0.0), Some(0.0));
        // Negative c: ₂F₁(a, b; b; z) = (1−z)^(−a) holds for any b (A&S 15.1.8).
        let f = hyp2f1(0.7, 1.0, -0.4, 0.3).unwrap();
        // Compare with the series summed independently in closed form of its first terms:
        // ₂F₁(0.7, 1; −0.4; z) = Σ (0.7)_j (1)_j / ((−0.4)_j j!) z^j.
        let mut expected = 0.0;
        let mut t = 1.0;
        for j in 0..200 {
            expected += t;
            let jf = j as f64;
            t *= (0.7 + jf) * (1.0 + jf) / ((-0.4 + jf) * (jf + 1.0)) * 0.3;
        }
        assert!(close(f, expected, 1e-13), "{f} vs {expected}");
        assert!(hyp2f1(0.7, 1.0, -2.0, 0.3).is_none());
        assert_eq!(ln_hyp2f1(1.0, 1.0, 2.0, 1.0), None);
        // Huge sums stay finite in log space: ₂F₁(a, b; b; z) with a = 2000, z = 0.9.
        let ln = ln_hyp2f1(2000.0, 1.5, 1.5, 0.9).unwrap();
        assert!(close(ln, -2000.0 * 0.1f64.ln(), 1e-10));
    }

    #[test]
    fn hyp2f1_gradient_matches_finite_differences() {
        let (a, b, c, z) = (3.7, 1.6, 4.7, 0.62);
        let (ln, g) = ln_hyp2f1_with_gradient(a, b, c, z, SERIES_MAX_TERMS).unwrap();
        assert!(close(ln, ln_hyp2f1(a, b, c, z).unwrap(), 1e-14));
        let h = 1e-6;
        let num = [
            (ln_hyp2f1(a + h, b, c, z).unwrap() - ln_hyp2f1(a - h, b, c, z).unwrap()) / (2.0 * h),
            (ln_hyp2f1(a, b + h, c, z).unwrap() - ln_hyp2f1(a, b - h, c, z).unwrap()) / (2.0 * h),
            (ln_hyp2f1(a, b, c + h, z).unwrap() - ln_hyp2f1(a, b, c - h, z).unwrap()) / (2.0 * h),
            (ln_hyp2f1(a, b, c, z + h).unwrap() - ln_hyp2f1(a, b, c, z - h).unwrap()) / (2.0 * h),
        ];
        for i in 0..4 {
            assert!(close(g[i], num[i], 1e-7), "{i}: {} vs {}", g[i], num[i]);
        }
    }

    #[test]
    fn log_add_exp_is_stable() {
        assert!(close(
            log_add_exp(1000.0, 1000.0),
            1000.0 + 2f64.ln(),
            1e-15
        ));
        assert_eq!(log_add_exp(-3.0, f64::NEG_INFINITY), -3.0);
    }
}
