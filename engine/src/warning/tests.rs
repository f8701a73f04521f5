//! Warnings: their codes, English text and documented JSON shape.

use super::*;

#[derive(Serialize)]
struct Report<'a> {
    #[serde(serialize_with = "serialize_documented")]
    warnings: &'a [Warning],
}

#[test]
fn json_has_code_message_and_params_as_plain_strings() {
    let w = Warning::FutureDates {
        count: 2,
        today: NaiveDate::from_ymd_opt(2024, 3, 5).unwrap(),
    };
    let json = serde_json::to_value(Report { warnings: &[w] }).unwrap();
    let w = &json["warnings"][0];
    assert_eq!(w["code"], "future_dates");
    assert_eq!(
        w["message"],
        "2 orders are dated after today (2024-03-05); check the date column and its day/month order."
    );
    assert_eq!(w["params"]["count"], "2");
    assert_eq!(w["params"]["today"], "2024-03-05");
    assert_eq!(
        serde_json::to_value(Report {
            warnings: &[Warning::InvalidHorizon]
        })
        .unwrap()["warnings"][0]["params"],
        serde_json::json!({})
    );
}

#[test]
fn codes_follow_the_variants() {
    let left_out = Warning::OrdersLeftOut {
        count: 3,
        by_reason: [(NoPurchase::FullyRefunded, 1), (NoPurchase::Cancelled, 2)].into(),
    };
    assert_eq!(left_out.code(), "orders_left_out");
    assert_eq!(
        left_out.to_string(),
        "3 orders were left out as no purchase: 1 fully refunded, 2 cancelled."
    );
    assert_eq!(left_out.params()["fully_refunded"], "1");
    let scores = Warning::RfmFewerScores {
        score: RfmScore::Monetary,
        scores: 3,
    };
    assert_eq!(scores.code(), "rfm_fewer_monetary_scores");
    assert!(WARNING_CODES.contains(&scores.code()));
    let not_fitted = Warning::NotFitted {
        model: ModelName::ParetoNbd,
        error: FitError::NoRepeatPurchases,
    };
    assert_eq!(not_fitted.code(), "pareto_nbd_not_fitted");
    assert_eq!(not_fitted.params()["reason"], "no_repeat_purchases");
}
/// One warning of every kind, each code once: with [`variant`], a kind added to the enum
/// without a sample here or a line in [`WARNING_CODES`] fails this test.
#[test]
fn every_code_is_listed_once_in_the_enums_order() {
    let day = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
    let model = |model| Warning::NotFitted {
        model,
        error: FitError::AllOnOneDay,
    };
    let samples = vec![
        Warning::NoHeader { guessed: vec![] },
        Warning::UndecodableCharacters {
            encoding: "windows-1250".into(),
        },
        Warning::AmbiguousDateOrder {
            read_as: DateOrder::DayFirst,
        },
        Warning::MixedDateOrders {
            day_first: 1,
            month_first: 2,
            read_as: DateOrder::MonthFirst,
        },
        Warning::SkippedRowsNotListed {
            skipped: 2,
            listed: 1,
        },
        Warning::NegativeAmountsAsReturns { count: 1 },
        Warning::OrdersLeftOut {
            count: 1,
            by_reason: [(NoPurchase::Voided, 1)].into(),
        },
        Warning::PartialRefunds { count: 1 },
        Warning::DuplicateOrderIds {
            count: 1,
            example: "#1".into(),
        },
        Warning::MixedCurrencies {
            currencies: vec!["EUR".into(), "USD".into()],
        },
        Warning::FutureDates {
            count: 1,
            today: day,
        },
        Warning::AmbiguousDecimalSeparator {
            count: 1,
            separator: DecimalSeparator::Comma,
        },
        Warning::SummaryInput { period_end: day },
        Warning::OrdersAfterAnalysisDate {
            count: 1,
            analysis_date: day,
        },
        Warning::ReturnsAfterAnalysisDate {
            count: 1,
            analysis_date: day,
        },
        Warning::RfmFewerScores {
            score: RfmScore::Recency,
            scores: 3,
        },
        Warning::RfmFewerScores {
            score: RfmScore::Frequency,
            scores: 3,
        },
        Warning::RfmFewerScores {
            score: RfmScore::Monetary,
            scores: 3,
        },
        Warning::SegmentColumnNotFound {
            column: "x".into(),
            columns: vec![],
        },
        Warning::CacValueNotFound { value: "x".into() },
        Warning::CalibrationEndNotBeforeAnalysisDate {
            calibration_end: day,
            analysis_date: day,
        },
        model(ModelName::BgNbd),
        model(ModelName::MbgNbd),
        model(ModelName::ParetoNbd),
        model(ModelName::GammaGamma),
        Warning::SpendDependsOnFrequency { correlation: 0.5 },
        Warning::DropoutSameForEveryone {
            model: ModelName::BgNbd,
        },
        Warning::SpendSameWithinCustomer,
        Warning::ModelNotConverged {
            model: ModelName::GammaGamma,
        },
        Warning::InvalidHorizon,
        Warning::InvalidDiscountRate { rate: -2.0 },
        Warning::ModelTimeUnit {
            unit: TimeUnit::Weeks,
        },
        Warning::CohortsCapped {
            months: 360,
            left_out: 3,
            from: "1995-01".into(),
        },
        Warning::SummaryOrdersThinned {
            customers: 2,
            limit: 2_000_000,
        },
        Warning::ExtraFields {
            rows: 7,
            lines: vec![3, 5, 8, 9, 12],
            columns: 3,
            dropped: vec!["x".into(), "y".into()],
        },
        Warning::SummaryCustomersCapped {
            customers: 5,
            limit: 2_000_000,
        },
    ];
    let codes: Vec<&str> = samples.iter().map(Warning::code).collect();
    assert_eq!(codes, WARNING_CODES);
    // Every variant has a sample (the match in `variant` is exhaustive).
    let mut seen = [false; VARIANTS];
    for w in &samples {
        seen[variant(w)] = true;
        assert!(!w.to_string().is_empty());
    }
    assert!(seen.iter().all(|&s| s), "a kind of warning has no sample");
}

const VARIANTS: usize = 31;

/// The index of `w`'s variant: exhaustive, so a new kind must be numbered here.
fn variant(w: &Warning) -> usize {
    match w {
        Warning::NoHeader { .. } => 0,
        Warning::UndecodableCharacters { .. } => 1,
        Warning::AmbiguousDateOrder { .. } => 2,
        Warning::MixedDateOrders { .. } => 3,
        Warning::SkippedRowsNotListed { .. } => 4,
        Warning::NegativeAmountsAsReturns { .. } => 5,
        Warning::OrdersLeftOut { .. } => 6,
        Warning::PartialRefunds { .. } => 7,
        Warning::DuplicateOrderIds { .. } => 8,
        Warning::MixedCurrencies { .. } => 9,
        Warning::FutureDates { .. } => 10,
        Warning::AmbiguousDecimalSeparator { .. } => 11,
        Warning::SummaryInput { .. } => 12,
        Warning::OrdersAfterAnalysisDate { .. } => 13,
        Warning::ReturnsAfterAnalysisDate { .. } => 14,
        Warning::RfmFewerScores { .. } => 15,
        Warning::SegmentColumnNotFound { .. } => 16,
        Warning::CacValueNotFound { .. } => 17,
        Warning::CalibrationEndNotBeforeAnalysisDate { .. } => 18,
        Warning::NotFitted { .. } => 19,
        Warning::SpendDependsOnFrequency { .. } => 20,
        Warning::DropoutSameForEveryone { .. } => 21,
        Warning::SpendSameWithinCustomer => 22,
        Warning::ModelNotConverged { .. } => 23,
        Warning::InvalidHorizon => 24,
        Warning::InvalidDiscountRate { .. } => 25,
        Warning::ModelTimeUnit { .. } => 26,
        Warning::CohortsCapped { .. } => 27,
        Warning::SummaryOrdersThinned { .. } => 28,
        Warning::ExtraFields { .. } => 29,
        Warning::SummaryCustomersCapped { .. } => 30,
    }
}
