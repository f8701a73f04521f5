//! `clv calc`: the calculator on the command line.

use std::fmt::Write;

use clap::Args;
use clv_engine::calculator::{
    monthly_ltv, retention_clv, simple_clv, LeverSteps, SimpleInputs, SimpleResult,
};

use crate::output_format::Format;

/// Inputs of `clv calc`.
#[derive(Args)]
pub struct CalcArgs {
    /// Average order value.
    #[arg(long)]
    aov: f64,
    /// Purchases per customer over the whole relationship.
    #[arg(long)]
    purchases: f64,
    /// Customer acquisition cost.
    #[arg(long, default_value_t = 0.0)]
    cac: f64,
    /// Gross margin as a fraction (0.2 = 20 %).
    #[arg(long, default_value_t = 1.0)]
    margin: f64,
    /// Customer lifetime in months (for the payback period and the monthly form).
    #[arg(long)]
    lifetime_months: Option<f64>,
    /// Relative step of the growth levers (0.1 = ±10 %).
    #[arg(long, default_value_t = 0.1)]
    step: f64,
    /// Margin step of the growth levers, in fraction points (0.01 = 1 point).
    #[arg(long, default_value_t = 0.01)]
    margin_step: f64,
    /// Monthly form: average monthly revenue per customer (needs --lifetime-months).
    #[arg(long)]
    monthly_revenue: Option<f64>,
    /// Retention form: yearly margin per customer (needs --retention).
    #[arg(long)]
    yearly_margin: Option<f64>,
    /// Retention form: yearly retention rate (0.8 = 80 %).
    #[arg(long)]
    retention: Option<f64>,
    /// Retention form: yearly discount rate (0.1 = 10 %).
    #[arg(long, default_value_t = 0.1)]
    discount_rate: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Runs the calculator and renders the result.
pub fn run(args: &CalcArgs) -> Result<String, String> {
    let mut inputs = SimpleInputs::new(args.aov, args.purchases, args.cac, args.margin);
    if let Some(months) = args.lifetime_months {
        inputs = inputs.lifetime_months(months);
    }
    let steps = LeverSteps {
        relative: args.step,
        margin_points: args.margin_step,
    };
    let result = simple_clv(&inputs, steps).map_err(|e| e.to_string())?;
    let monthly = match (args.monthly_revenue, args.lifetime_months) {
        (Some(revenue), Some(months)) => {
            Some(monthly_ltv(revenue, months, Some(args.margin)).map_err(|e| e.to_string())?)
        }
        (Some(_), None) => return Err("--monthly-revenue needs --lifetime-months".into()),
        _ => None,
    };
    let retention = match (args.yearly_margin, args.retention) {
        (Some(m), Some(r)) => {
            Some(retention_clv(m, r, args.discount_rate).map_err(|e| e.to_string())?)
        }
        (None, None) => None,
        _ => return Err("the retention form needs both --yearly-margin and --retention".into()),
    };
    match args.format {
        Format::Json => {
            let mut value = serde_json::to_value(&result).map_err(|e| e.to_string())?;
            if let Some(object) = value.as_object_mut() {
                if let Some(x) = monthly {
                    object.insert("monthly_ltv".into(), x.into());
                }
                if let Some(x) = retention {
                    object.insert("retention_clv".into(), x.into());
                }
            }
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())
        }
        Format::Text => Ok(text(&result, monthly, retention)),
    }
}

fn text(r: &SimpleResult, monthly: Option<f64>, retention: Option<f64>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "CLV:                  {:.2}", r.clv);
    let _ = writeln!(out, "Revenue per customer: {:.2}", r.revenue_per_customer);
    let _ = writeln!(out, "ROI (CLV − CAC):      {:.2}", r.roi);
    if let Some(x) = r.clv_to_cac {
        let _ = writeln!(out, "CLV : CAC:            {x:.2}");
    }
    if let Some(m) = r.payback_months {
        let _ = writeln!(out, "Payback:              {m} months");
    }
    if let Some(x) = monthly {
        let _ = writeln!(out, "LTV (monthly form):   {x:.2}");
    }
    if let Some(x) = retention {
        let _ = writeln!(out, "CLV (retention form): {x:.2}");
    }
    let _ = writeln!(out, "\nGrowth levers (largest gain first):");
    for l in &r.levers {
        let _ = writeln!(
            out,
            "  {:<22} CLV {:>10.2}  (+{:.2}; the other way −{:.2})",
            l.improvement, l.clv_if_improved, l.gain, l.loss
        );
    }
    out.trim_end().to_string()
}
