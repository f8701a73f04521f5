//! What a column can mean to the analysis: the roles, their names in messages and in `--map`.
//! Vocabulary for the other import stages; it uses none of them.

use serde::{Deserialize, Serialize};

/// What a column means to the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// Who bought: a customer id.
    Customer,
    /// The customer's e-mail: the customer key when there is no customer id.
    Email,
    /// When the order was placed.
    Date,
    /// The order amount (total).
    Amount,
    /// The order id (line items of one order share it).
    OrderId,
    /// Number of items.
    Quantity,
    /// Order or payment status (paid, refunded, voided…).
    Status,
    /// Amount refunded on the order.
    Refunded,
    /// When the order was cancelled (cancelled when filled in).
    CancelledAt,
    /// Currency code of the amount.
    Currency,
    /// Sales channel or traffic source (kept for segmenting).
    Channel,
    /// Product or product group (kept for segmenting).
    Product,
    /// Per-customer summary: repeat purchases.
    Frequency,
    /// Per-customer summary: first to last purchase.
    Recency,
    /// Per-customer summary: first purchase to the end of the period.
    T,
    /// Per-customer summary: mean value of repeat purchases.
    MonetaryValue,
    /// Compressed summary: the number of customers with the row's values (a weight).
    Customers,
    /// The customer's first (given) name, kept for contact lists.
    FirstName,
    /// The customer's last (family) name, kept for contact lists.
    LastName,
    /// The customer's whole name in one cell (Shopify's `Billing Name`), kept for contact
    /// lists when there are no first / last name columns.
    FullName,
    /// Whether the customer accepts e-mail marketing (`yes` / `no`), kept for contact lists
    /// and for segmenting.
    AcceptsMarketing,
}

/// Every role, in the order columns are matched.
pub const ROLES: [Role; 21] = [
    Role::Customer,
    Role::Email,
    Role::Date,
    Role::Amount,
    Role::OrderId,
    Role::Quantity,
    Role::Status,
    Role::Refunded,
    Role::CancelledAt,
    Role::Currency,
    Role::Channel,
    Role::Product,
    Role::Frequency,
    Role::Recency,
    Role::T,
    Role::MonetaryValue,
    Role::Customers,
    Role::FirstName,
    Role::LastName,
    Role::FullName,
    Role::AcceptsMarketing,
];

impl Role {
    /// The role's name in messages and in `--map` (`customer`, `order_id`…).
    pub fn name(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Email => "email",
            Role::Date => "date",
            Role::Amount => "amount",
            Role::OrderId => "order_id",
            Role::Quantity => "quantity",
            Role::Status => "status",
            Role::Refunded => "refunded",
            Role::CancelledAt => "cancelled_at",
            Role::Currency => "currency",
            Role::Channel => "channel",
            Role::Product => "product",
            Role::Frequency => "frequency",
            Role::Recency => "recency",
            Role::T => "T",
            Role::MonetaryValue => "monetary_value",
            Role::Customers => "customers",
            Role::FirstName => "first_name",
            Role::LastName => "last_name",
            Role::FullName => "full_name",
            Role::AcceptsMarketing => "accepts_marketing",
        }
    }

    /// The role with this name (as in [`Role::name`], case-insensitive; `-`/space as `_`).
    pub fn from_name(name: &str) -> Option<Role> {
        let wanted = name.trim().to_lowercase().replace(['-', ' '], "_");
        ROLES
            .into_iter()
            .find(|r| r.name().to_lowercase() == wanted)
    }

    /// True for columns that are also kept as attributes for segmenting.
    pub(crate) fn is_segment(self) -> bool {
        matches!(self, Role::Channel | Role::Product | Role::AcceptsMarketing)
    }
}
