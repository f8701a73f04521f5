//! Names the engine gives in English (RFM segments, win-back kinds) in the page's language.
//! A name the user made up (an edited rule) is shown as written.

use crate::i18n::t;

/// A segment's name in the page's language.
pub fn segment_label(name: &str) -> String {
    match name {
        "Champions" => t("segment.champions"),
        "Loyal" => t("segment.loyal"),
        "Potential loyalists" => t("segment.potential_loyalists"),
        "New" => t("segment.new"),
        "Promising" => t("segment.promising"),
        "Need attention" => t("segment.need_attention"),
        "About to sleep" => t("segment.about_to_sleep"),
        "Cannot lose them" => t("segment.cannot_lose_them"),
        "At risk" => t("segment.at_risk"),
        "Lost" => t("segment.lost"),
        "Hibernating" => t("segment.hibernating"),
        "Other" => t("segment.unmatched"),
        other => other.to_string(),
    }
}

/// A win-back kind (`one_time` / `lapsed_repeat`) in the page's language.
pub fn win_back_kind(kind: &str) -> String {
    match kind {
        "one_time" => t("winback.kind.one_time"),
        "lapsed_repeat" => t("winback.kind.lapsed"),
        other => other.to_string(),
    }
}
