//! A column role's name in the reader's language, for every text that names one (the import
//! check, failures, warnings and skipped rows).

use clv_engine::import::Role;

use crate::i18n::t;

/// A role's name in the user's language.
pub(crate) fn role_words(role: Role) -> String {
    match role {
        Role::Customer => t("role.customer"),
        Role::Email => t("role.email"),
        Role::Date => t("role.date"),
        Role::Amount => t("role.amount"),
        Role::OrderId => t("role.order_id"),
        Role::Quantity => t("role.quantity"),
        Role::Status => t("role.status"),
        Role::Refunded => t("role.refunded"),
        Role::CancelledAt => t("role.cancelled_at"),
        Role::Currency => t("role.currency"),
        Role::Channel => t("role.channel"),
        Role::Product => t("role.product"),
        Role::Frequency => t("role.frequency"),
        Role::Recency => t("role.recency"),
        Role::T => t("role.T"),
        Role::MonetaryValue => t("role.monetary_value"),
        Role::Customers => t("role.customers"),
        Role::FirstName => t("role.first_name"),
        Role::LastName => t("role.last_name"),
        Role::FullName => t("role.full_name"),
        Role::AcceptsMarketing => t("role.accepts_marketing"),
        _ => role.name().to_string(),
    }
}
