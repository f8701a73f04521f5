//! What to do with each segment: a short, concrete recommendation per default RFM segment
//! (what to send, to whom, with which incentive) and for the win-back list, written as data
//! beside the segment rules, and what acting is worth: the segment's customers × the value at
//! stake, summed from the report's own predictions on its one CLV basis.
//!
//! The page words each recommendation through the translation key `action.<key>`; the English
//! text here is what `clv report` prints and what docs/report.md lists. A segment the user
//! named in their own rules gets [`GENERIC_ACTION`].
//!
//! The worth of a segment whose customers are still buying (Champions, Loyal, New…) is their
//! predicted CLV: what the segment brings if it is kept. The worth of a segment that is slipping
//! away (At risk, Hibernating, Lost…) and of the win-back list is their expected value lost,
//! (1 − P(alive)) × what they would bring if still active: what is at stake if nobody acts.
//! Without a model, both fall back to what the customers have spent (`revenue`).

use serde::{Deserialize, Serialize};

use super::RfmSegmentSummary;
use crate::metrics::customers::CustomerRow;
use rustc_hash::FxHashMap;

/// What a segment's worth sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorthBasis {
    /// The customers' predicted CLV (keep them).
    PredictedClv,
    /// The customers' expected value lost (win them back).
    ExpectedValueLost,
}

impl WorthBasis {
    /// The basis' name in the report (`predicted_clv`, `expected_value_lost`).
    pub fn name(self) -> &'static str {
        match self {
            WorthBasis::PredictedClv => "predicted_clv",
            WorthBasis::ExpectedValueLost => "expected_value_lost",
        }
    }
}

/// One recommendation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SegmentAction {
    /// The segment it is for (a default rule's name), or `""` for the generic one.
    pub segment: &'static str,
    /// Its key: the report's `action` and the page's translation key `action.<key>`.
    pub key: &'static str,
    /// What its worth sums.
    pub worth: WorthBasis,
    /// The discount it offers (0.1 = 10 %), filled into the text's `{discount}`.
    pub discount: Option<f64>,
    /// The recommendation in English, with `{discount}` where the discount goes.
    pub english: &'static str,
}

impl SegmentAction {
    /// The recommendation in English with its discount written out ("10 % off").
    pub fn english_text(&self) -> String {
        match self.discount {
            Some(d) => self
                .english
                .replace("{discount}", &format!("{} %", (d * 100.0).round())),
            None => self.english.to_string(),
        }
    }
}

const fn action(
    segment: &'static str,
    key: &'static str,
    worth: WorthBasis,
    discount: Option<f64>,
    english: &'static str,
) -> SegmentAction {
    SegmentAction {
        segment,
        key,
        worth,
        discount,
        english,
    }
}

use WorthBasis::{ExpectedValueLost as Lost, PredictedClv as Clv};

/// The recommendation of each default segment ([`super::rules::default_rules`]), in rule order.
pub const SEGMENT_ACTIONS: [SegmentAction; 11] = [
    action(
        "Champions",
        "champions",
        Clv,
        None,
        "Send a thank-you with early access to new products and a referral reward. No discount: they buy anyway.",
    ),
    action(
        "Loyal",
        "loyal",
        Clv,
        None,
        "Offer a loyalty tier or points and recommend products that go with what they buy. No discount.",
    ),
    action(
        "Potential loyalists",
        "potential_loyalists",
        Clv,
        None,
        "Invite them to the loyalty programme with free shipping on their next order.",
    ),
    action(
        "New",
        "new",
        Clv,
        Some(0.10),
        "Send a welcome series: how to get the most from their first purchase, then {discount} off a second order within 30 days.",
    ),
    action(
        "Promising",
        "promising",
        Clv,
        None,
        "Recommend a product that goes with their first order, with free shipping on the second.",
    ),
    action(
        "Need attention",
        "need_attention",
        Lost,
        Some(0.10),
        "Send a time-limited offer on the category they buy most: {discount} off for 14 days.",
    ),
    action(
        "About to sleep",
        "about_to_sleep",
        Lost,
        Some(0.10),
        "Remind them with your bestsellers and {discount} off before they lapse.",
    ),
    action(
        "Cannot lose them",
        "cannot_lose_them",
        Lost,
        Some(0.20),
        "Write personally (or call): ask what went wrong and offer {discount} off or a gift with the next order.",
    ),
    action(
        "At risk",
        "at_risk",
        Lost,
        Some(0.15),
        "Send a win-back e-mail with what is new since their last order and {discount} off for 14 days.",
    ),
    action(
        "Lost",
        "lost",
        Lost,
        Some(0.20),
        "Send one last-chance e-mail with {discount} off, then leave them out of regular campaigns.",
    ),
    action(
        "Hibernating",
        "hibernating",
        Lost,
        Some(0.10),
        "Send one re-engagement e-mail with your bestseller and {discount} off; stop if they do not open it.",
    ),
];

/// The recommendation for a segment the user named in their own rules (and for `Other`).
pub const GENERIC_ACTION: SegmentAction = action(
    "",
    "generic",
    Clv,
    None,
    "Send an e-mail about what this group has in common; try the offer on half of them first and keep it if that half buys more.",
);

/// The recommendation for the win-back list.
pub const WIN_BACK_ACTION: SegmentAction = action(
    "",
    "win_back",
    Lost,
    Some(0.15),
    "Send three e-mails over three weeks (we miss you, bestsellers, then {discount} off), highest value at stake first.",
);

/// The recommendation for the segment named `segment`: a default segment's own, else
/// [`GENERIC_ACTION`].
pub fn action_for(segment: &str) -> &'static SegmentAction {
    SEGMENT_ACTIONS
        .iter()
        .find(|a| a.segment == segment)
        .unwrap_or(&GENERIC_ACTION)
}

/// The recommendation with key `key` (a report's `action`); the generic one for a key not
/// known.
pub fn action_by_key(key: &str) -> &'static SegmentAction {
    SEGMENT_ACTIONS
        .iter()
        .chain([&GENERIC_ACTION, &WIN_BACK_ACTION])
        .find(|a| a.key == key)
        .unwrap_or(&GENERIC_ACTION)
}

/// A segment's worth on `basis`: the sum over its customers (`rows`) of the predicted CLV or
/// the expected value lost (`clv[i]`, `lost[i]`, NaN where the models gave none), or their
/// revenue when no customer has a prediction. Returns the figure and the basis used.
pub(crate) fn worth(
    rows: impl Iterator<Item = usize> + Clone,
    customers: &[CustomerRow],
    basis: WorthBasis,
    clv: &[f64],
    lost: &[f64],
) -> (f64, &'static str) {
    let values = match basis {
        WorthBasis::PredictedClv => clv,
        WorthBasis::ExpectedValueLost => lost,
    };
    // Sums from +0, not `sum()`'s −0: a segment without customers is worth 0, not −0.
    let predicted = values.iter().any(|v| v.is_finite());
    if predicted {
        let sum = rows
            .filter_map(|i| values.get(i))
            .filter(|v| v.is_finite())
            .fold(0.0, |total, v| total + v);
        (sum, basis.name())
    } else {
        let sum = rows
            .filter_map(|i| customers.get(i))
            .fold(0.0, |total, c| total + c.revenue);
        (sum, "revenue")
    }
}

/// Fills each segment's recommendation, worth and reachable customers: `clv` and `lost` are
/// the predicted CLV and expected value lost per customer row (NaN without one), `has_email`
/// whether row i has an e-mail.
pub(crate) fn add_worth(
    segments: &mut [RfmSegmentSummary],
    customers: &[CustomerRow],
    clv: &[f64],
    lost: &[f64],
    has_email: impl Fn(usize) -> bool,
) {
    // Each segment's customer rows, found in one pass over the customers (a segment named
    // twice shares its rows), instead of one pass per segment.
    let (rows_of, slot) = {
        let mut first: FxHashMap<&str, usize> = FxHashMap::default();
        let slot: Vec<usize> = segments
            .iter()
            .enumerate()
            .map(|(k, s)| *first.entry(s.segment.as_str()).or_insert(k))
            .collect();
        let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); segments.len()];
        for (i, c) in customers.iter().enumerate() {
            if let Some(&k) = first.get(c.segment.as_str()) {
                rows_of[k].push(i);
            }
        }
        (rows_of, slot)
    };
    for (segment, &k) in segments.iter_mut().zip(&slot) {
        let rows = rows_of[k].iter().copied();
        let action = action_for(&segment.segment);
        let (worth, basis) = worth(rows.clone(), customers, action.worth, clv, lost);
        segment.action = action.key.to_string();
        segment.worth = worth;
        segment.worth_basis = basis.to_string();
        segment.customers_with_email = rows.filter(|&i| has_email(i)).count() as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rfm::rules::default_rules;

    #[test]
    fn every_default_segment_has_its_own_action_in_rule_order() {
        let rules = default_rules();
        let names: Vec<&str> = rules.iter().map(|r| r.name.as_str()).collect();
        let with_action: Vec<&str> = SEGMENT_ACTIONS.iter().map(|a| a.segment).collect();
        assert_eq!(names, with_action);
        for rule in &rules {
            let a = action_for(&rule.name);
            assert_ne!(a.key, GENERIC_ACTION.key, "{}", rule.name);
            assert!(a.english.ends_with('.'), "{}", a.key);
            let has_placeholder = a.english.contains("{discount}");
            assert_eq!(has_placeholder, a.discount.is_some(), "{}", a.key);
        }
        let mut keys: Vec<&str> = SEGMENT_ACTIONS.iter().map(|a| a.key).collect();
        keys.extend([GENERIC_ACTION.key, WIN_BACK_ACTION.key]);
        let count = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), count, "keys are unique");
    }

    #[test]
    fn a_segment_of_ones_own_gets_the_generic_action() {
        assert_eq!(action_for("Whales").key, "generic");
        assert_eq!(action_by_key("win_back"), &WIN_BACK_ACTION);
        assert_eq!(action_by_key("lost").segment, "Lost");
        assert_eq!(action_by_key("?"), &GENERIC_ACTION);
        assert_eq!(action_for("Other").key, "generic");
        assert_eq!(
            action_for("champions").key,
            "generic",
            "names match as written"
        );
        assert_eq!(action_for("At risk").worth, WorthBasis::ExpectedValueLost);
        assert_eq!(action_for("Champions").worth, WorthBasis::PredictedClv);
        assert_eq!(
            action_for("At risk").english_text(),
            "Send a win-back e-mail with what is new since their last order and 15 % off for 14 days."
        );
    }
}
