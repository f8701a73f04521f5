//! The flags of the customer-base models (BG/NBD, Pareto/NBD, Gamma-Gamma).

use chrono::NaiveDate;
use clv_engine::{ModelOptions, TimeUnit};

/// Options of the customer-base models (BG/NBD, Pareto/NBD, Gamma-Gamma).
#[derive(clap::Args)]
pub struct ModelArgs {
    /// Fit the models on orders up to this date (YYYY-MM-DD) and validate them on the orders after.
    /// Between 1900-01-01 and 2200-12-31.
    #[arg(long)]
    calibration_end: Option<NaiveDate>,
    /// Horizon of expected purchases, in the models' time units (default: the hold-out, or a year).
    /// More than 0 and at most 100 years (36525 days or 5217.9 weeks).
    #[arg(long)]
    horizon: Option<f64>,
    /// Months of the predicted CLV, at most 1200 (100 years).
    #[arg(long, default_value_t = 12)]
    clv_months: u32,
    /// Monthly discount rate of the predicted CLV (0.01 = 1 % a month).
    #[arg(long, default_value_t = 0.01)]
    discount_monthly: f64,
    /// Do not fit the models.
    #[arg(long)]
    no_models: bool,
}

impl ModelArgs {
    pub fn options(&self, unit: Option<TimeUnit>) -> Result<ModelOptions, String> {
        if !(self.discount_monthly >= 0.0 && self.discount_monthly.is_finite()) {
            return Err("--discount-monthly must be a rate of 0 or more, e.g. 0.01".into());
        }
        let mut o = ModelOptions::new()
            .enabled(!self.no_models)
            .clv_months(self.clv_months)
            .discount_monthly(self.discount_monthly);
        if let Some(date) = self.calibration_end {
            o = o.calibration_end(date);
        }
        if let Some(unit) = unit {
            o = o.time_unit(unit);
        }
        if let Some(h) = self.horizon {
            if !(h > 0.0 && h.is_finite()) {
                return Err("--horizon must be a positive number of time units".into());
            }
            o = o.horizon(h);
        }
        Ok(o)
    }
}
