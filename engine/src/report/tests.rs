//! The report's assembly: model predictions joined to the customer rows once, by key, and what
//! the analytics make of them.

use super::Report;
use crate::import::Imported;
use crate::metrics::test_fixtures::date;
use crate::models::{CustomerPrediction, ModelOptions, ModelOutput};
use crate::order::{AttributeColumn, Order, OrderLog};
use crate::AnalysisOptions;
use chrono::NaiveDate;

fn order(customer: u32, day: &str, amount: f64) -> Order {
    Order {
        customer,
        date: date(day),
        amount,
    }
}

/// The report of `log` with the models' output replaced by `(customer, P(alive), CLV)`; the
/// value if active is CLV / P(alive), and the expected value lost (1 − P(alive)) times it.
fn with_predictions(
    log: OrderLog,
    at: NaiveDate,
    by_id: &[(&str, Option<f64>, Option<f64>)],
) -> Report {
    let predictions = by_id
        .iter()
        .map(|&(id, p_alive, predicted_clv)| {
            let if_active = p_alive.zip(predicted_clv).map(|(p, v)| v / p);
            CustomerPrediction {
                customer_id: id.to_string(),
                p_alive,
                expected_purchases: None,
                expected_avg_value: None,
                predicted_clv,
                predicted_clv_low: None,
                predicted_clv_high: None,
                value_if_active: if_active,
                expected_value_lost: p_alive.zip(if_active).map(|(p, v)| (1.0 - p) * v),
                next_order_date: None,
                bg_p_alive: None,
                bg_expected_purchases: None,
                bg_predicted_clv: None,
                mbg_p_alive: None,
                mbg_expected_purchases: None,
                mbg_predicted_clv: None,
                pnbd_p_alive: None,
                pnbd_expected_purchases: None,
                pnbd_predicted_clv: None,
            }
        })
        .collect();
    let output = ModelOutput {
        models: None,
        validation: None,
        predictions,
        warnings: Vec::new(),
    };
    let imported = Imported {
        log,
        ..Imported::default()
    };
    let options = AnalysisOptions::new().models(ModelOptions::new().enabled(false));
    Report::build_from_with_models(&imported, &options, at, output).unwrap()
}

#[test]
fn model_predictions_fill_segments_and_rank_the_win_back_list() {
    // a (ads) and b (ads) and c (email), all lapsed (> 180 days before 2024-12-31).
    // Predicted CLV 100, 50, 10; P(alive) 0.1, 0.9, 1.0 → value if active 1000, 55.6, 10 →
    // expected value lost 900, 5.6, 0.
    // ads: mean predicted CLV (100 + 50) / 2 = 75; email: 10.
    let mut log = OrderLog {
        customers: vec!["a".into(), "b".into(), "c".into()],
        orders: vec![
            order(0, "2024-01-01", 500.0),
            order(1, "2024-01-02", 20.0),
            order(2, "2024-01-03", 30.0),
        ],
        ..OrderLog::default()
    };
    log.attributes.push(AttributeColumn {
        name: "channel".into(),
        values: vec!["ads".into(), "email".into()],
        per_order: vec![0, 0, 1],
    });
    // Given by id, in any order, with an unknown id that is ignored.
    let by_id = [
        ("c", Some(1.0), Some(10.0)),
        ("a", Some(0.1), Some(100.0)),
        ("zz", Some(1.0), Some(1e9)),
        ("b", Some(0.9), Some(50.0)),
    ];
    let a = with_predictions(log, date("2024-12-31"), &by_id);
    let clv: Vec<Option<f64>> = (0..3)
        .map(|row| a.prediction(row).and_then(|p| p.predicted_clv))
        .collect();
    assert_eq!(clv, [Some(100.0), Some(50.0), Some(10.0)]);
    let ads = &a.summary.segments[0].values[0];
    assert_eq!((ads.value.as_str(), ads.predicted_clv), ("ads", Some(75.0)));
    assert_eq!(a.summary.segments[0].values[1].predicted_clv, Some(10.0));
    let ids: Vec<&str> = a
        .summary
        .win_back
        .customers
        .iter()
        .map(|c| c.customer_id.as_str())
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(a.summary.win_back.value_basis, "expected_value_lost");
}

#[test]
fn customers_without_a_prediction() {
    // a has a prediction (P(alive) 0.5, CLV 40: 80 if active, 40 expected to be lost), b none:
    // b's value is 0, and the segment
    // mean uses a only.
    let mut log = OrderLog {
        customers: vec!["a".into(), "b".into()],
        orders: vec![order(0, "2024-01-01", 5.0), order(1, "2024-01-02", 500.0)],
        ..OrderLog::default()
    };
    log.attributes.push(AttributeColumn {
        name: "channel".into(),
        values: vec!["ads".into()],
        per_order: vec![0, 0],
    });
    let at = date("2024-12-31");
    let a = with_predictions(log, at, &[("a", Some(0.5), Some(40.0))]);
    assert!(a.prediction(1).is_none());
    assert_eq!(a.summary.segments[0].values[0].predicted_clv, Some(40.0));
    let values: Vec<(&str, f64)> = a
        .summary
        .win_back
        .customers
        .iter()
        .map(|c| (c.customer_id.as_str(), c.value))
        .collect();
    assert_eq!(values, [("a", 40.0), ("b", 0.0)]);
}

#[test]
fn without_predictions_the_win_back_list_is_ranked_by_revenue() {
    // Models off or not fitted: no expected value lost to rank by, so revenue ranks (not zeros).
    let log = OrderLog {
        customers: vec!["a".into(), "b".into()],
        orders: vec![order(0, "2024-01-01", 5.0), order(1, "2024-01-02", 500.0)],
        ..OrderLog::default()
    };
    let a = with_predictions(log, date("2024-12-31"), &[]);
    let w = &a.summary.win_back;
    assert_eq!(w.value_basis, "revenue");
    let values: Vec<(&str, f64)> = w
        .customers
        .iter()
        .map(|c| (c.customer_id.as_str(), c.value))
        .collect();
    assert_eq!(values, [("b", 500.0), ("a", 5.0)]);
    assert!(a.prediction(0).is_none());
}
