//! Customer-base models: who is still a customer, how often they will buy and what they will
//! spend (PRODUCT.md, "Models"). One model per file; the likelihoods (the problems) are apart
//! from the optimiser (the solver, [`optimize`]) and the driver ([`fit`]).
//!
//! - [`data`]: frequency, recency, T and monetary value up to a cut-off; compression.
//! - [`bg_nbd`], [`pareto_nbd`]: repeat buying and dropout; [`gamma_gamma`]: spend per order.
//! - [`clv`]: predicted CLV and the expected date of the next order; [`validation`]: hold-out
//!   comparison with a naive baseline; [`predict`]: one customer's predictions from the
//!   fitted models; [`run()`]: all of it for the report; [`score`]: fitting and predicting a
//!   summary of any size, row by row.
//! - [`special`], [`tolerance`], [`simulate`]: special functions, every tolerance, seeded
//!   generators for tests.
//!
//! ```
//! use clv_engine::models::{bg_nbd, simulate, BgNbdParams};
//!
//! // 2,000 customers drawn from BG/NBD with the CDNOW parameters (weeks), then fitted back.
//! let truth = BgNbdParams::new(0.243, 4.414, 0.793, 2.426).unwrap();
//! let data = simulate::bg_nbd(&truth, 2_000, 38.86, 12.0, 42);
//! let fitted = bg_nbd::fit(&data).unwrap();
//! assert!(fitted.fit.converged);
//! assert!((fitted.params.r / truth.r - 1.0).abs() < 0.25);
//! let p_alive = fitted.params.p_alive(2, 30.43, 38.86);
//! assert!((0.0..=1.0).contains(&p_alive));
//! ```

pub mod bg_nbd;
pub mod clv;
pub mod data;
pub mod fit;
pub mod gamma_gamma;
pub mod headline;
pub mod interval;
pub mod mbg_nbd;
pub mod optimize;
pub mod pareto_nbd;
pub mod predict;
pub mod run;
pub mod score;
pub mod simulate;
pub mod special;
pub mod tolerance;
pub mod validation;

pub use bg_nbd::{BgNbdParams, FittedBgNbd};
pub use data::{compress, ModelData, RfmTuple, SpendObservation};
pub use fit::{FitError, FitSummary, ParamError};
pub use gamma_gamma::{FittedGammaGamma, GammaGammaParams};
pub use mbg_nbd::{FittedMbgNbd, MbgNbdParams};
pub use pareto_nbd::{FittedParetoNbd, ParetoNbdParams};
pub use run::{
    prepare, run, validate_options, CustomerPrediction, ModelOptions, ModelOutput, ModelsReport,
    OtherFits, Plan,
};
pub use validation::Validation;
