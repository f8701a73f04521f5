//! `clv score`: per-customer predictions for a summary of any size, streamed. The first pass
//! gathers what the fits need in bounded memory (`models::score::FitInput`), the second
//! predicts row by row with the report's own predictor (`models::predict`) and writes each
//! prediction as it goes; with `--params` (a previous `clv report --format json`) there is one
//! pass and no fit. The summary is CSV or Parquet, the predictions CSV or Parquet
//! (`parquet_io`).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use clv_engine::export::{Cell, CsvTable};
use clv_engine::models::headline::ChosenBy;
use clv_engine::models::predict::{Predictor, Sums};
use clv_engine::models::score::{FitInput, FittedModels};
use clv_engine::models::{
    BgNbdParams, FitError, FitSummary, FittedBgNbd, FittedGammaGamma, FittedMbgNbd,
    FittedParetoNbd, GammaGammaParams, MbgNbdParams, ParetoNbdParams,
};
use clv_engine::warning::ModelName;
use clv_engine::{CustomerPrediction, TimeUnit};

use chrono::NaiveDate;

use crate::parquet_io::{self, Kind, ParquetTable};
use crate::sql_args::Unit;

/// Arguments of `clv score`.
#[derive(Args)]
pub struct ScoreArgs {
    /// The per-customer summary, CSV with a header or Parquet (columns customer_id, frequency,
    /// recency, T, optional monetary_value and customers), e.g. the output of `clv sql summary`.
    file: PathBuf,
    /// Where to write the predictions; standard output without it.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Format of the predictions (default: Parquet when --output ends in .parquet, else CSV).
    #[arg(long, value_enum)]
    output_format: Option<TableFormat>,
    /// Take the fitted models, the headline model, the time unit and (unless given here) the
    /// horizon, CLV period, discount, margin and cut-off from this `clv report --format json`
    /// output instead of fitting on the file.
    #[arg(long)]
    params: Option<PathBuf>,
    /// Unit of recency and T in the file (with --params: the report's).
    #[arg(long, value_enum)]
    time_unit: Option<Unit>,
    /// Horizon of expected purchases, in the time unit (default: one year, or the report's).
    #[arg(long)]
    horizon: Option<f64>,
    /// Months of the predicted CLV, at most 1200 (default: 12, or the report's).
    #[arg(long)]
    clv_months: Option<u32>,
    /// Monthly discount rate of the predicted CLV (default: 0.01, or the report's).
    #[arg(long)]
    discount_monthly: Option<f64>,
    /// Gross margin as a fraction (0.2 = 20 %): CLVs are profit at this margin (default:
    /// revenue, or the report's basis).
    #[arg(long)]
    margin: Option<f64>,
    /// The day the summary was computed up to (`clv sql --as-of`), from which the next order's
    /// date counts (default: the report's `fitted_through` with --params; without either, no
    /// next order date).
    #[arg(long)]
    summary_end: Option<NaiveDate>,
}

/// Format of the predictions.
#[derive(Clone, Copy, Debug, PartialEq, clap::ValueEnum)]
pub enum TableFormat {
    /// CSV (CRLF, formula-safe text), as every table `clv` writes.
    Csv,
    /// Parquet (SNAPPY), as warehouses load.
    Parquet,
}

/// The columns of a summary file, by header.
struct Columns {
    customer: Option<usize>,
    frequency: usize,
    recency: usize,
    t: usize,
    monetary: Option<usize>,
    customers: Option<usize>,
}

impl Columns {
    fn find(headers: &csv::StringRecord) -> Result<Columns, String> {
        let at = |names: &[&str]| {
            headers.iter().position(|h| {
                let h = h.trim().trim_start_matches('\u{feff}');
                names.iter().any(|n| h.eq_ignore_ascii_case(n))
            })
        };
        let need = |name: &str| {
            at(&[name]).ok_or_else(|| {
                format!(
                    "no `{name}` column; the header has: {}",
                    headers.iter().collect::<Vec<_>>().join(", ")
                )
            })
        };
        let customers = at(&["customers"]);
        let customer = at(&["customer_id", "customer", "id"]);
        if customer.is_none() && customers.is_none() {
            need("customer_id")?;
        }
        Ok(Columns {
            customer,
            frequency: need("frequency")?,
            recency: need("recency")?,
            t: need("T")?,
            monetary: at(&["monetary_value"]),
            customers,
        })
    }
}

/// One row read.
struct Row<'a> {
    customer: &'a str,
    frequency: u32,
    recency: f64,
    t: f64,
    monetary: f64,
    customers: u64,
}

/// Where a row is: a line of a CSV file, or a row of a Parquet file (1 = the first).
#[derive(Clone, Copy)]
enum Place {
    Line(u64),
    Row(u64),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Line(n) => write!(f, "line {n}"),
            Place::Row(n) => write!(f, "row {n}"),
        }
    }
}

fn read_row<'a>(c: &Columns, r: &'a csv::StringRecord, line: Place) -> Result<Row<'a>, String> {
    let cell = |i: usize| r.get(i).map(str::trim).unwrap_or("");
    let number = |i: usize, name: &str| -> Result<f64, String> {
        let text = cell(i);
        match text.parse::<f64>() {
            Ok(v) if v >= 0.0 && v.is_finite() => Ok(v),
            _ => Err(format!(
                "line {line}, column {} ({name}): `{text}` is not a number of 0 or more",
                i + 1
            )),
        }
    };
    let frequency = number(c.frequency, "frequency")?;
    if frequency.fract() != 0.0 || frequency > f64::from(u32::MAX) {
        return Err(format!(
            "line {line}, column {} (frequency): `{}` is not a whole number",
            c.frequency + 1,
            cell(c.frequency)
        ));
    }
    let (recency, t) = (number(c.recency, "recency")?, number(c.t, "T")?);
    if recency > t {
        return Err(format!(
            "line {line}: recency {recency} is after T {t} (a customer's last purchase after the period's end)"
        ));
    }
    let monetary = match c.monetary {
        Some(i) if !cell(i).is_empty() => number(i, "monetary_value")?,
        _ => 0.0,
    };
    let customers = match c.customers {
        Some(i) => number(i, "customers")?.round() as u64,
        None => 1,
    };
    Ok(Row {
        customer: c.customer.map(cell).unwrap_or(""),
        frequency: frequency as u32,
        recency,
        t,
        monetary,
        customers,
    })
}

fn reader(path: &Path) -> Result<csv::Reader<File>, String> {
    let file = File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(csv::ReaderBuilder::new().flexible(true).from_reader(file))
}

/// Calls `each` with every row of the file (CSV, or Parquet by its magic bytes), in order.
fn for_each_row(path: &Path, each: impl FnMut(&Row) -> Result<(), String>) -> Result<(), String> {
    if parquet_io::is_parquet(path) {
        for_each_parquet_row(path, each)
    } else {
        for_each_csv_row(path, each)
    }
}

fn for_each_csv_row(
    path: &Path,
    mut each: impl FnMut(&Row) -> Result<(), String>,
) -> Result<(), String> {
    let mut rdr = reader(path)?;
    let headers = rdr
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .clone();
    let columns = Columns::find(&headers).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut record = csv::StringRecord::new();
    let mut line = 1u64;
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                line = record.position().map_or(line + 1, |p| p.line());
                let row = read_row(&columns, &record, Place::Line(line))
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                each(&row)?;
            }
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
}

/// The Parquet file's columns the summary needs, as text in a record of all its columns, so
/// the checks and messages are those of a CSV file (numbers written as text read back exactly).
fn for_each_parquet_row(
    path: &Path,
    mut each: impl FnMut(&Row) -> Result<(), String>,
) -> Result<(), String> {
    let names = parquet_io::column_names(path)?;
    let headers = csv::StringRecord::from(names.clone());
    let columns = Columns::find(&headers).map_err(|e| format!("{}: {e}", path.display()))?;
    let wanted: Vec<usize> = [columns.customer, Some(columns.frequency)]
        .into_iter()
        .chain([Some(columns.recency), Some(columns.t)])
        .chain([columns.monetary, columns.customers])
        .flatten()
        .collect();
    let mut record = csv::StringRecord::new();
    parquet_io::for_each_row(path, &wanted, |number, values| {
        record.clear();
        for i in 0..names.len() {
            match wanted.iter().position(|w| *w == i) {
                Some(k) => record.push_field(&values[k].text()),
                None => record.push_field(""),
            }
        }
        let row = read_row(&columns, &record, Place::Row(number))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        each(&row)
    })
}

/// What `clv score` takes from a `clv report --format json` output.
struct ReportParams {
    models: FittedModels,
    unit: TimeUnit,
    horizon: Option<f64>,
    clv_months: Option<u32>,
    discount_monthly: Option<f64>,
    margin: Option<f64>,
    fitted_through: Option<NaiveDate>,
}

/// The fitted models (with the covariances the ranges need), the headline model, the time
/// unit and the settings of a `clv report --format json` output.
fn params_from_report(path: &Path) -> Result<ReportParams, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    let models = json.get("models").filter(|m| !m.is_null()).ok_or_else(|| {
        format!(
            "{}: no fitted models (`models`) in this report",
            path.display()
        )
    })?;
    let unit = match models.get("time_unit").and_then(|u| u.as_str()) {
        Some("weeks") => TimeUnit::Weeks,
        _ => TimeUnit::Days,
    };
    let get = |model: &str, names: &[&str]| -> Option<(Vec<f64>, FitSummary)> {
        let m = models.get(model).filter(|m| !m.is_null())?;
        let params = names
            .iter()
            .map(|n| m.get(n)?.as_f64())
            .collect::<Option<_>>()?;
        // The fit summary (with the covariance the ranges need) sits beside the parameters.
        let fit = serde_json::from_value(m.clone()).ok()?;
        Some((params, fit))
    };
    let not_fitted = || FitError::NotComputable;
    let bg_nbd = get("bg_nbd", &["r", "alpha", "a", "b"])
        .and_then(|(p, fit)| {
            let params = BgNbdParams::new(p[0], p[1], p[2], p[3]).ok()?;
            Some(FittedBgNbd { params, fit })
        })
        .ok_or_else(not_fitted);
    let mbg_nbd = get("mbg_nbd", &["r", "alpha", "a", "b"])
        .and_then(|(p, fit)| {
            let params = MbgNbdParams::new(p[0], p[1], p[2], p[3]).ok()?;
            Some(FittedMbgNbd { params, fit })
        })
        .ok_or_else(not_fitted);
    let pareto_nbd = get("pareto_nbd", &["r", "alpha", "s", "beta"])
        .and_then(|(p, fit)| {
            let params = ParetoNbdParams::new(p[0], p[1], p[2], p[3]).ok()?;
            Some(FittedParetoNbd { params, fit })
        })
        .ok_or_else(not_fitted);
    let gamma_gamma = get("gamma_gamma", &["p", "q", "v"])
        .and_then(|(p, fit)| {
            let params = GammaGammaParams::new(p[0], p[1], p[2]).ok()?;
            let correlation = models["gamma_gamma"]["spend_frequency_correlation"].as_f64();
            Some(FittedGammaGamma {
                params,
                fit,
                spend_frequency_correlation: correlation.unwrap_or(f64::NAN),
            })
        })
        .ok_or_else(not_fitted);
    let headline = &models["headline"];
    let fitted = FittedModels {
        bg_nbd,
        mbg_nbd,
        pareto_nbd,
        gamma_gamma,
        headline: serde_json::from_value::<Option<ModelName>>(headline["model"].clone())
            .ok()
            .flatten(),
        chosen_by: serde_json::from_value(headline["chosen_by"].clone())
            .unwrap_or(ChosenBy::NoModel),
    };
    Ok(ReportParams {
        models: fitted,
        unit,
        horizon: models["horizon"].as_f64(),
        clv_months: models["clv_months"]
            .as_u64()
            .and_then(|m| u32::try_from(m).ok()),
        discount_monthly: models["discount_monthly"].as_f64(),
        margin: headline["margin"].as_f64(),
        fitted_through: models["fitted_through"]
            .as_str()
            .and_then(|d| d.parse().ok()),
    })
}

/// The columns written: the input's, then the report's predictions (docs/report.md,
/// "predictions"), in its order, with their Parquet types.
const COLUMNS: [(&str, Kind); 24] = [
    ("customer_id", Kind::Text),
    ("frequency", Kind::Int),
    ("recency", Kind::Number),
    ("T", Kind::Number),
    ("monetary_value", Kind::Number),
    ("customers", Kind::Int),
    ("p_alive", Kind::Number),
    ("expected_purchases", Kind::Number),
    ("expected_avg_value", Kind::Number),
    ("predicted_clv", Kind::Number),
    ("predicted_clv_low", Kind::Number),
    ("predicted_clv_high", Kind::Number),
    ("value_if_active", Kind::Number),
    ("expected_value_lost", Kind::Number),
    ("next_order_date", Kind::Date),
    ("bg_p_alive", Kind::Number),
    ("bg_expected_purchases", Kind::Number),
    ("bg_predicted_clv", Kind::Number),
    ("mbg_p_alive", Kind::Number),
    ("mbg_expected_purchases", Kind::Number),
    ("mbg_predicted_clv", Kind::Number),
    ("pnbd_p_alive", Kind::Number),
    ("pnbd_expected_purchases", Kind::Number),
    ("pnbd_predicted_clv", Kind::Number),
];

/// Rows written to the table before its text is handed to the output.
const ROWS_PER_PIECE: usize = 4096;

/// One row of predictions as cells, in the order of [`COLUMNS`].
fn cells<'a>(row: &Row<'a>, p: &CustomerPrediction) -> [Cell<'a>; 24] {
    [
        Cell::Text(row.customer),
        Cell::Int(i64::from(row.frequency)),
        Cell::Number(row.recency),
        Cell::Number(row.t),
        Cell::Number(row.monetary),
        Cell::Int(row.customers as i64),
        p.p_alive.into(),
        p.expected_purchases.into(),
        p.expected_avg_value.into(),
        p.predicted_clv.into(),
        p.predicted_clv_low.into(),
        p.predicted_clv_high.into(),
        p.value_if_active.into(),
        p.expected_value_lost.into(),
        p.next_order_date.map_or(Cell::Empty, Cell::Date),
        p.bg_p_alive.into(),
        p.bg_expected_purchases.into(),
        p.bg_predicted_clv.into(),
        p.mbg_p_alive.into(),
        p.mbg_expected_purchases.into(),
        p.mbg_predicted_clv.into(),
        p.pnbd_p_alive.into(),
        p.pnbd_expected_purchases.into(),
        p.pnbd_predicted_clv.into(),
    ]
}

impl ScoreArgs {
    /// Scores the file; returns what to print on standard error (how the models were had).
    pub fn run(&self) -> Result<String, String> {
        let asked = self.time_unit.map(|u| match u {
            Unit::Days => TimeUnit::Days,
            Unit::Weeks => TimeUnit::Weeks,
        });
        let mut note = String::new();
        let (models, unit, report) = match &self.params {
            Some(path) => {
                let ReportParams {
                    models,
                    unit,
                    horizon,
                    clv_months,
                    discount_monthly,
                    margin,
                    fitted_through,
                } = params_from_report(path)?;
                if asked.is_some_and(|a| a != unit) {
                    return Err(format!(
                        "--time-unit differs from the report's ({}): the parameters are rates per time unit",
                        match unit {
                            TimeUnit::Days => "days",
                            TimeUnit::Weeks => "weeks",
                        }
                    ));
                }
                let settings = (
                    horizon,
                    clv_months,
                    discount_monthly,
                    margin,
                    fitted_through,
                );
                (models, unit, Some(settings))
            }
            None => {
                let mut input = FitInput::new();
                for_each_row(&self.file, |r| {
                    input.add(r.frequency, r.recency, r.t, r.monetary, r.customers);
                    Ok(())
                })?;
                let (repeat, used) = input.spend_sample();
                note += &format!(
                    "fitted on {} distinct (frequency, recency, T) histories",
                    input.histories()
                );
                if (used as u64) < repeat {
                    note += &format!(
                        "; Gamma-Gamma on a uniform sample of {used} of the {repeat} repeat customers"
                    );
                }
                let unit = asked.unwrap_or(TimeUnit::Days);
                (input.fit(unit), unit, None)
            }
        };
        let (horizon, clv_months, discount, margin, cutoff) = report.unwrap_or_default();
        let clv_months = self.clv_months.or(clv_months).unwrap_or(12);
        if clv_months > 1200 {
            return Err("--clv-months: at most 1200 (100 years)".into());
        }
        let discount = self.discount_monthly.or(discount).unwrap_or(0.01);
        if !(discount >= 0.0 && discount.is_finite()) {
            return Err("--discount-monthly must be a rate of 0 or more, e.g. 0.01".into());
        }
        let margin = self.margin.or(margin);
        if margin.is_some_and(|m| !(0.0..=1.0).contains(&m)) {
            return Err("--margin must be a fraction between 0 and 1, e.g. 0.3".into());
        }
        let mut sums = Sums::new(unit).clv(clv_months, discount);
        if let Some(h) = self.horizon.or(horizon) {
            if !(h > 0.0 && h.is_finite()) {
                return Err("--horizon must be a positive number of time units".into());
            }
            sums = sums.horizon(h);
        }
        let cutoff = self.summary_end.or(cutoff);
        for (name, fitted) in [
            ("BG/NBD", models.bg_nbd.as_ref().err()),
            ("MBG/NBD", models.mbg_nbd.as_ref().err()),
            ("Pareto/NBD", models.pareto_nbd.as_ref().err()),
            ("Gamma-Gamma", models.gamma_gamma.as_ref().err()),
        ] {
            if let Some(e) = fitted {
                note += &format!("\n{name} not available: {e}");
            }
        }
        let predictor = models.predictor(sums, margin, cutoff);
        note += &headline_note(predictor.headline(), models.chosen_by, margin);
        if predictor.headline().is_some() && cutoff.is_none() {
            note +=
                "\nno next_order_date: give --summary-end (the day the summary was computed up to)";
        }
        self.write(predictor)?;
        Ok(note.trim_start().to_string())
    }

    /// Predicts every row of the file and writes it.
    fn write(&self, mut predictor: Predictor) -> Result<(), String> {
        let sink: Box<dyn Write + Send> = match &self.output {
            Some(path) => Box::new(
                File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?,
            ),
            None => Box::new(std::io::stdout()),
        };
        let out = BufWriter::with_capacity(1 << 16, sink);
        let parquet = match self.output_format {
            Some(f) => f == TableFormat::Parquet,
            None => self.output.as_ref().is_some_and(|p| {
                p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
            }),
        };
        if parquet {
            let mut table = ParquetTable::new(out, &COLUMNS)?;
            for_each_row(&self.file, |r| {
                let p = predictor.predict(r.customer, r.frequency, r.recency, r.t, r.monetary);
                table.row(&cells(r, &p))
            })?;
            return table.finish();
        }
        let mut out = out;
        let io = |e: std::io::Error| format!("cannot write the predictions: {e}");
        let mut table = CsvTable::new(&COLUMNS.map(|(name, _)| name));
        let mut pending = 0;
        for_each_row(&self.file, |r| {
            let p = predictor.predict(r.customer, r.frequency, r.recency, r.t, r.monetary);
            table.row(&cells(r, &p));
            pending += 1;
            if pending == ROWS_PER_PIECE {
                pending = 0;
                out.write_all(table.take().as_bytes()).map_err(io)?;
            }
            Ok(())
        })?;
        out.write_all(table.take().as_bytes()).map_err(io)?;
        out.flush().map_err(io)
    }
}

/// The line saying which model the unprefixed columns come from, and on which basis.
fn headline_note(model: Option<ModelName>, chosen_by: ChosenBy, margin: Option<f64>) -> String {
    let basis = match margin {
        Some(m) => format!("profit at a margin of {m}"),
        None => "revenue".to_string(),
    };
    match model {
        Some(m) => format!(
            "\nheadline model (p_alive, expected_purchases, predicted_clv): {m}, chosen by {}; every CLV is {basis}",
            match chosen_by {
                ChosenBy::HoldOutError => "the hold-out error",
                ChosenBy::LogLikelihood => "the likelihood",
                _ => "being the only one fitted",
            }
        ),
        None => format!(
            "\nno headline model ({}): p_alive, expected_purchases and predicted_clv are empty; the bg_, mbg_ and pnbd_ columns are filled; every CLV is {basis}",
            match chosen_by {
                ChosenBy::TooFewRepeatCustomers => "fewer than 30 customers bought twice",
                ChosenBy::HistoryTooShort => "less than three months of history",
                _ => "neither MBG/NBD nor Pareto/NBD, or no spend model, could be fitted",
            }
        ),
    }
}
