//! Customer-base models: who is still a customer, how often they will buy and what they will
//! spend (PRODUCT.md, "Models"). One model per file; the likelihoods (the problems) are apart
//! from the optimiser (the solver, [`optimize`]) and the driver ([`fit`]).

pub mod bg_nbd;
pub mod clv;
pub mod data;
pub mod fit;
pub mod gamma_gamma;
pub mod optimize;
pub mod pareto_nbd;
pub mod run;
pub mod simulate;
pub mod special;
pub mod tolerance;
pub mod validation;

pub use bg_nbd::{BgNbdParams, FittedBgNbd};
pub use data::{compress, ModelData, RfmTuple, SpendObservation};
pub use fit::{FitError, FitSummary, ParamError};
pub use gamma_gamma::{FittedGammaGamma, GammaGammaParams};
pub use pareto_nbd::{FittedParetoNbd, ParetoNbdParams};
pub use run::{run, CustomerPrediction, ModelOptions, ModelOutput, ModelsReport};
pub use validation::Validation;
