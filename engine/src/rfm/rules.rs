//! Named RFM segments as data: a table of rules, each a range of R, F and M scores, read top to
//! bottom, first match wins; anything unmatched is [`OTHER_SEGMENT`]. The table is serde data so
//! the app can let the user edit it and send it back in [`crate::AnalysisOptions`].
//!
//! The default table cuts the 5 × 5 grid of recency × frequency scores into the eleven segments
//! of PRODUCT.md ("RFM"), following the R × F grid widely used in RFM practice (e.g. the segment
//! table of the `rfm` R package, Rsquared Academy, with "Lost" split from "Hibernating"); every
//! (R, F) pair matches exactly one default rule, whatever M is.

use serde::{Deserialize, Serialize};

/// Segment name for customers no rule matches.
pub const OTHER_SEGMENT: &str = "Other";

/// An inclusive range of scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreRange {
    /// Lowest score, 1..=5.
    pub min: u8,
    /// Highest score, 1..=5.
    pub max: u8,
}

impl ScoreRange {
    /// Scores `min..=max`.
    pub const fn new(min: u8, max: u8) -> Self {
        ScoreRange { min, max }
    }

    /// Every score, 1..=5.
    pub const ANY: ScoreRange = ScoreRange::new(1, 5);

    /// Whether `score` is in the range.
    pub fn contains(&self, score: u8) -> bool {
        (self.min..=self.max).contains(&score)
    }
}

impl Default for ScoreRange {
    fn default() -> Self {
        ScoreRange::ANY
    }
}

/// One rule: customers whose three scores are all in range belong to `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentRule {
    /// Segment name shown to the user.
    pub name: String,
    /// Recency scores.
    #[serde(default)]
    pub recency: ScoreRange,
    /// Frequency scores.
    #[serde(default)]
    pub frequency: ScoreRange,
    /// Monetary scores.
    #[serde(default)]
    pub monetary: ScoreRange,
}

impl SegmentRule {
    /// A rule on recency and frequency, any monetary score.
    pub fn new(name: &str, recency: ScoreRange, frequency: ScoreRange) -> Self {
        SegmentRule {
            name: name.to_string(),
            recency,
            frequency,
            monetary: ScoreRange::ANY,
        }
    }

    /// Whether scores (r, f, m) match the rule.
    pub fn matches(&self, r: u8, f: u8, m: u8) -> bool {
        self.recency.contains(r) && self.frequency.contains(f) && self.monetary.contains(m)
    }
}

/// The default rule table (first match wins):
///
/// | segment | R | F |
/// |---|---|---|
/// | Champions | 5 | 4–5 |
/// | Loyal | 3–4 | 4–5 |
/// | Potential loyalists | 4–5 | 2–3 |
/// | New | 5 | 1 |
/// | Promising | 4 | 1 |
/// | Need attention | 3 | 3 |
/// | About to sleep | 3 | 1–2 |
/// | Cannot lose them | 1–2 | 5 |
/// | At risk | 1–2 | 3–4 |
/// | Lost | 1 | 1 |
/// | Hibernating | 1–2 | 1–2 |
pub fn default_rules() -> Vec<SegmentRule> {
    let r = ScoreRange::new;
    vec![
        SegmentRule::new("Champions", r(5, 5), r(4, 5)),
        SegmentRule::new("Loyal", r(3, 4), r(4, 5)),
        SegmentRule::new("Potential loyalists", r(4, 5), r(2, 3)),
        SegmentRule::new("New", r(5, 5), r(1, 1)),
        SegmentRule::new("Promising", r(4, 4), r(1, 1)),
        SegmentRule::new("Need attention", r(3, 3), r(3, 3)),
        SegmentRule::new("About to sleep", r(3, 3), r(1, 2)),
        SegmentRule::new("Cannot lose them", r(1, 2), r(5, 5)),
        SegmentRule::new("At risk", r(1, 2), r(3, 4)),
        SegmentRule::new("Lost", r(1, 1), r(1, 1)),
        SegmentRule::new("Hibernating", r(1, 2), r(1, 2)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_score_pair_is_named_and_every_rule_is_reachable() {
        // First match wins, so Lost (R 1, F 1) is carved out of Hibernating (R 1–2, F 1–2).
        let rules = default_rules();
        let mut reached = vec![false; rules.len()];
        for r in 1..=5 {
            for f in 1..=5 {
                let first = rules.iter().position(|x| x.matches(r, f, 3));
                let first = first.unwrap_or_else(|| panic!("R {r} F {f} is unnamed"));
                reached[first] = true;
            }
        }
        assert!(reached.iter().all(|&x| x), "{reached:?}");
        let first = |r, f| {
            rules
                .iter()
                .find(|x| x.matches(r, f, 1))
                .unwrap()
                .name
                .as_str()
        };
        assert_eq!(first(1, 1), "Lost");
        assert_eq!(first(2, 1), "Hibernating");
        assert_eq!(first(5, 5), "Champions");
        assert_eq!(first(5, 1), "New");
    }

    #[test]
    fn rules_are_serde_data_with_defaults() {
        let rule: SegmentRule =
            serde_json::from_str(r#"{"name":"Whales","monetary":{"min":5,"max":5}}"#).unwrap();
        assert!(rule.matches(1, 1, 5));
        assert!(!rule.matches(5, 5, 4));
        let json = serde_json::to_string(&default_rules()).unwrap();
        let back: Vec<SegmentRule> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, default_rules());
    }
}
