//! The per-customer table as CSV: `clv customers` writes every column in file order, the app's
//! "download what is shown" the columns the user picked, in the table's filter and sort. One
//! vocabulary of columns, [`CustomerColumn`], serves both.

use super::{Cell, CsvFile, CsvTable};
use crate::metrics::CustomerRow;
use crate::models::CustomerPrediction;
use crate::report::Report;

/// A column of the per-customer table: a figure of [`CustomerRow`] or a model prediction of
/// [`CustomerPrediction`] (docs/report.md, `customers` and `predictions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CustomerColumn {
    /// Customer key.
    CustomerId,
    /// Counted orders.
    Orders,
    /// Net revenue.
    Revenue,
    /// The customer's own average order value.
    Aov,
    /// Date of the first order.
    FirstOrder,
    /// Date of the last order.
    LastOrder,
    /// Days from the last order to the analysis date.
    DaysSinceLastOrder,
    /// Revenue per year of tenure.
    AnnualSpend,
    /// Repeat purchases (the models' `x`).
    Frequency,
    /// First to last purchase, in the report's time unit (the models' `t_x`).
    Recency,
    /// First purchase to the analysis date, in the report's time unit (the models' `T`).
    T,
    /// Mean value of the repeat purchases.
    MonetaryValue,
    /// Recency score.
    RScore,
    /// Frequency score.
    FScore,
    /// Monetary score.
    MScore,
    /// RFM cell, e.g. "545".
    RfmCell,
    /// Named RFM segment.
    Segment,
    /// Probability that the customer is still active (headline model).
    PAlive,
    /// Expected purchases in the models' horizon (headline model).
    ExpectedPurchases,
    /// Gamma-Gamma expected value of an order.
    ExpectedAvgValue,
    /// Predicted CLV (headline model × Gamma-Gamma, on the report's basis).
    PredictedClv,
    /// Lower end of the predicted CLV's 95 % range.
    PredictedClvLow,
    /// Upper end of the predicted CLV's 95 % range.
    PredictedClvHigh,
    /// Expected value lost: (1 − P(alive)) × predicted CLV if still active.
    ExpectedValueLost,
    /// Pareto/NBD probability that the customer is still active.
    PnbdPAlive,
    /// Pareto/NBD expected purchases in the models' horizon.
    PnbdExpectedPurchases,
    /// Pareto/NBD × Gamma-Gamma predicted CLV.
    PnbdPredictedClv,
}

impl CustomerColumn {
    /// The columns of `clv customers`, in its order: the figures of the report's `customers`
    /// (as docs/report.md lists them), then the model predictions.
    pub const COMMAND_LINE: [CustomerColumn; 26] = [
        CustomerColumn::CustomerId,
        CustomerColumn::Orders,
        CustomerColumn::Revenue,
        CustomerColumn::Aov,
        CustomerColumn::FirstOrder,
        CustomerColumn::LastOrder,
        CustomerColumn::AnnualSpend,
        CustomerColumn::Frequency,
        CustomerColumn::Recency,
        CustomerColumn::T,
        CustomerColumn::MonetaryValue,
        CustomerColumn::RScore,
        CustomerColumn::FScore,
        CustomerColumn::MScore,
        CustomerColumn::RfmCell,
        CustomerColumn::Segment,
        CustomerColumn::PAlive,
        CustomerColumn::ExpectedPurchases,
        CustomerColumn::ExpectedAvgValue,
        CustomerColumn::PredictedClv,
        CustomerColumn::PredictedClvLow,
        CustomerColumn::PredictedClvHigh,
        CustomerColumn::ExpectedValueLost,
        CustomerColumn::PnbdPAlive,
        CustomerColumn::PnbdExpectedPurchases,
        CustomerColumn::PnbdPredictedClv,
    ];

    /// The column's header in every file (the report's field name, stable across languages).
    pub fn header(self) -> &'static str {
        match self {
            CustomerColumn::CustomerId => "customer_id",
            CustomerColumn::Orders => "orders",
            CustomerColumn::Revenue => "revenue",
            CustomerColumn::Aov => "aov",
            CustomerColumn::FirstOrder => "first_order",
            CustomerColumn::LastOrder => "last_order",
            CustomerColumn::DaysSinceLastOrder => "days_since_last_order",
            CustomerColumn::AnnualSpend => "annual_spend",
            CustomerColumn::Frequency => "frequency",
            CustomerColumn::Recency => "recency",
            CustomerColumn::T => "T",
            CustomerColumn::MonetaryValue => "monetary_value",
            CustomerColumn::RScore => "r_score",
            CustomerColumn::FScore => "f_score",
            CustomerColumn::MScore => "m_score",
            CustomerColumn::RfmCell => "rfm_cell",
            CustomerColumn::Segment => "segment",
            CustomerColumn::PAlive => "p_alive",
            CustomerColumn::ExpectedPurchases => "expected_purchases",
            CustomerColumn::ExpectedAvgValue => "expected_avg_value",
            CustomerColumn::PredictedClv => "predicted_clv",
            CustomerColumn::PredictedClvLow => "predicted_clv_low",
            CustomerColumn::PredictedClvHigh => "predicted_clv_high",
            CustomerColumn::ExpectedValueLost => "expected_value_lost",
            CustomerColumn::PnbdPAlive => "pnbd_p_alive",
            CustomerColumn::PnbdExpectedPurchases => "pnbd_expected_purchases",
            CustomerColumn::PnbdPredictedClv => "pnbd_predicted_clv",
        }
    }

    /// The customer's value in this column; a prediction the customer has not got (no model
    /// fitted, or none for this customer) is an empty cell.
    pub fn cell<'a>(
        self,
        row: &'a CustomerRow,
        prediction: Option<&CustomerPrediction>,
    ) -> Cell<'a> {
        // Money to cents, probabilities and expected purchases to four places.
        let predicted = |value: fn(&CustomerPrediction) -> Option<f64>| {
            Cell::money_or_empty(prediction.and_then(value))
        };
        let chance = |value: fn(&CustomerPrediction) -> Option<f64>| {
            Cell::share_or_empty(prediction.and_then(value))
        };
        match self {
            CustomerColumn::CustomerId => Cell::Text(&row.customer_id),
            CustomerColumn::Orders => Cell::Int(row.orders.into()),
            CustomerColumn::Revenue => Cell::money(row.revenue),
            CustomerColumn::Aov => Cell::money(row.aov),
            CustomerColumn::FirstOrder => Cell::Date(row.first_order),
            CustomerColumn::LastOrder => Cell::Date(row.last_order),
            CustomerColumn::DaysSinceLastOrder => Cell::Int(row.days_since_last_order),
            CustomerColumn::AnnualSpend => Cell::money(row.annual_spend),
            CustomerColumn::Frequency => Cell::Int(row.frequency.into()),
            CustomerColumn::Recency => Cell::Number(row.recency),
            CustomerColumn::T => Cell::Number(row.t),
            CustomerColumn::MonetaryValue => Cell::money(row.monetary_value),
            CustomerColumn::RScore => Cell::Int(row.r_score.into()),
            CustomerColumn::FScore => Cell::Int(row.f_score.into()),
            CustomerColumn::MScore => Cell::Int(row.m_score.into()),
            CustomerColumn::RfmCell => Cell::Text(&row.rfm_cell),
            CustomerColumn::Segment => Cell::Text(&row.segment),
            CustomerColumn::PAlive => chance(|p| p.p_alive),
            CustomerColumn::ExpectedPurchases => chance(|p| p.expected_purchases),
            CustomerColumn::ExpectedAvgValue => predicted(|p| p.expected_avg_value),
            CustomerColumn::PredictedClv => predicted(|p| p.predicted_clv),
            CustomerColumn::PredictedClvLow => predicted(|p| p.predicted_clv_low),
            CustomerColumn::PredictedClvHigh => predicted(|p| p.predicted_clv_high),
            CustomerColumn::ExpectedValueLost => predicted(|p| p.expected_value_lost),
            CustomerColumn::PnbdPAlive => chance(|p| p.pnbd_p_alive),
            CustomerColumn::PnbdExpectedPurchases => chance(|p| p.pnbd_expected_purchases),
            CustomerColumn::PnbdPredictedClv => predicted(|p| p.pnbd_predicted_clv),
        }
    }
}

/// The customers of `report` as `customers.csv`: `columns` in that order, one line per index
/// of `rows` into `report.customers` in that order (an index past the end is left out). Each
/// customer's predictions are the report's own join ([`Report::prediction`]).
pub fn customers_csv(
    report: &Report,
    columns: &[CustomerColumn],
    rows: impl IntoIterator<Item = usize>,
) -> CsvFile {
    let header: Vec<&str> = columns.iter().map(|c| c.header()).collect();
    let mut table = CsvTable::new(&header);
    let mut cells = Vec::with_capacity(columns.len());
    for i in rows {
        let Some(row) = report.customers.get(i) else {
            continue;
        };
        let prediction = report.prediction(i);
        cells.clear();
        cells.extend(columns.iter().map(|c| c.cell(row, prediction)));
        table.row(&cells);
    }
    CsvFile::new("customers.csv", table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, AnalysisOptions, ModelOptions};

    /// Two customers, models off: `a,b` (a comma in the key) and `c`.
    fn report() -> Report {
        let orders = "customer,date,amount\n\
                      \"a,b\",2024-01-01,10.5\n\
                      c,2024-01-02,4\n";
        let options = AnalysisOptions::new().models(ModelOptions::new().enabled(false));
        analyze(orders.as_bytes(), &options).expect("two orders analyse")
    }

    #[test]
    fn command_line_columns_are_the_figures_then_the_predictions() {
        let header: Vec<&str> = CustomerColumn::COMMAND_LINE
            .iter()
            .map(|c| c.header())
            .collect();
        assert_eq!(
            header.join(","),
            "customer_id,orders,revenue,aov,first_order,last_order,annual_spend,frequency,\
             recency,T,monetary_value,r_score,f_score,m_score,rfm_cell,segment,p_alive,\
             expected_purchases,expected_avg_value,predicted_clv,predicted_clv_low,\
             predicted_clv_high,expected_value_lost,pnbd_p_alive,\
             pnbd_expected_purchases,pnbd_predicted_clv"
        );
    }

    #[test]
    fn every_figure_of_a_customer_and_empty_predictions_without_models() {
        let report = report();
        let file = customers_csv(&report, &CustomerColumn::COMMAND_LINE, 0..2);
        let lines: Vec<&str> = file.text.split("\r\n").collect();
        // a,b: 1 order of 10.5 one day before the analysis date; tenure 1 day → 1/12 year
        // → annual spend 10.5 × 12 = 126. Recency scores: a,b 1 day ago → 1, c today → 2.
        assert_eq!(
            lines[1],
            "\"a,b\",1,10.5,10.5,2024-01-01,2024-01-01,126,0,0,1,0,1,1,2,112,Lost,,,,,,,,,,"
        );
        // c: bought on the analysis date → R 2 (of 2 used), F 1, M 1 → "211", Hibernating.
        assert!(lines[2].contains(",211,Hibernating,"), "{}", lines[2]);
        assert_eq!(lines.len(), 4, "header, two rows, and the last line's end");
    }

    #[test]
    fn the_rows_and_columns_asked_for_in_their_order() {
        let report = report();
        let columns = [
            CustomerColumn::Revenue,
            CustomerColumn::DaysSinceLastOrder,
            CustomerColumn::CustomerId,
        ];
        let file = customers_csv(&report, &columns, [1, 7, 0]);
        assert_eq!(
            file.text,
            "revenue,days_since_last_order,customer_id\r\n4,0,c\r\n10.5,1,\"a,b\"\r\n"
        );
    }
}
