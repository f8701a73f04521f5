//! What each column means: roles found from header names (the [`vocabulary`](super::vocabulary)
//! of names that export tools write, in many languages), from a known export's header set (a
//! preset), or named by the user.

use serde::{Deserialize, Serialize};

pub use super::role::{Role, ROLES};
use super::vocabulary;
pub(crate) use super::vocabulary::normalise;

/// A known export, recognised from its header set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Preset {
    /// Shopify's orders export (one row per line item).
    Shopify,
    /// WooCommerce's orders export.
    WooCommerce,
    /// Stripe's payments export.
    Stripe,
    /// The CDNOW transaction file of the customer-base literature.
    Cdnow,
    /// A per-customer summary (`customer_id, frequency, recency, T[, monetary_value]`).
    CustomerSummary,
}

/// (preset, headers that identify it, roles it fixes: role and its header candidates).
type PresetRule = (
    Preset,
    &'static [&'static str],
    &'static [(Role, &'static [&'static str])],
);

const PRESETS: [PresetRule; 5] = [
    (
        Preset::Shopify,
        &["name", "email", "financialstatus", "lineitemquantity"],
        &[
            (Role::OrderId, &["name"]),
            (Role::Email, &["email"]),
            (Role::Date, &["createdat"]),
            (Role::Amount, &["total"]),
            (Role::Status, &["financialstatus"]),
            (Role::Refunded, &["refundedamount"]),
            (Role::CancelledAt, &["cancelledat"]),
            (Role::Quantity, &["lineitemquantity"]),
            (Role::Currency, &["currency"]),
            (Role::Channel, &["source"]),
            (Role::Product, &["lineitemname"]),
        ],
    ),
    (
        Preset::WooCommerce,
        &["orderstatus", "orderdate"],
        &[
            (Role::OrderId, &["ordernumber", "orderid"]),
            (
                Role::Email,
                &[
                    "billingemailaddress",
                    "billingemail",
                    "customeremail",
                    "email",
                ],
            ),
            (Role::Date, &["orderdate"]),
            (Role::Amount, &["ordertotalamount", "ordertotal"]),
            (Role::Status, &["orderstatus"]),
            (
                Role::Refunded,
                &["orderrefundamount", "refundamount", "refundedamount"],
            ),
        ],
    ),
    (
        Preset::Stripe,
        &["createdutc", "amount", "amountrefunded", "status"],
        &[
            (Role::OrderId, &["id"]),
            (Role::Customer, &["customerid"]),
            (Role::Email, &["customeremail"]),
            (Role::Date, &["createdutc"]),
            (Role::Amount, &["amount"]),
            (Role::Refunded, &["amountrefunded"]),
            (Role::Status, &["status"]),
            (Role::Currency, &["currency"]),
        ],
    ),
    (
        Preset::Cdnow,
        &["customerid", "date", "numberofcds", "dollarvalue"],
        &[],
    ),
    (
        Preset::CustomerSummary,
        &["frequency", "recency", "t"],
        &[(Role::Customer, &["customerid", "id", "customer"])],
    ),
];

/// Which column holds which role.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ColumnMap {
    roles: Vec<(Role, usize)>,
    /// The export recognised from the header set, if any.
    pub preset: Option<Preset>,
}

/// A column named by the user: by header, or by 1-based number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnRef {
    /// The column with this header (compared after `normalise`: lower-case, without spaces
    /// and punctuation).
    Header(String),
    /// The n-th column, counting from 1.
    Number(usize),
    /// No column: the role is not used.
    Unmapped,
}

impl ColumnRef {
    /// Reads `Header`, `3` (a column number) or `-` / empty (no column).
    pub fn parse(text: &str) -> ColumnRef {
        let t = text.trim();
        if t.is_empty() || t == "-" {
            ColumnRef::Unmapped
        } else if let Ok(n) = t.parse::<usize>() {
            ColumnRef::Number(n)
        } else {
            ColumnRef::Header(t.to_string())
        }
    }
}

impl ColumnMap {
    /// Matches header names to roles: a preset's columns first, then the vocabulary (for each
    /// role in [`ROLES`] order, the free column whose name ranks first), then the user's
    /// choices (which win). Whether the needed roles are there is checked by the caller.
    pub fn detect(headers: &[String], overrides: &[(Role, ColumnRef)]) -> ColumnMap {
        let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
        let known: Vec<Option<(Role, usize)>> =
            normalised.iter().map(|h| vocabulary::lookup(h)).collect();
        let has = |name: &str| normalised.iter().any(|h| h == name);
        let mut map = ColumnMap::default();
        if let Some((preset, _, fixed)) = PRESETS
            .iter()
            .find(|(_, needed, _)| needed.iter().all(|n| has(n)))
        {
            map.preset = Some(*preset);
            for (role, candidates) in fixed.iter() {
                if let Some(i) = map.free_column(&normalised, candidates) {
                    map.roles.push((*role, i));
                }
            }
        }
        for role in ROLES {
            if map.index(role).is_none() {
                if map.preset == Some(Preset::WooCommerce) && role == Role::Customer {
                    continue; // guests all share customer id 0: the e-mail is the key
                }
                let best = known
                    .iter()
                    .enumerate()
                    .filter_map(|(i, k)| match *k {
                        Some((r, rank)) if r == role && map.role_of(i).is_none() => Some((rank, i)),
                        _ => None,
                    })
                    .min();
                if let Some((_, i)) = best {
                    map.roles.push((role, i));
                }
            }
        }
        for (role, column) in overrides {
            map.set(*role, column, headers);
        }
        map
    }

    /// A map from the user's choices alone, for a file without a header.
    pub(crate) fn from_overrides(overrides: &[(Role, ColumnRef)], headers: &[String]) -> ColumnMap {
        let mut map = ColumnMap::default();
        for (role, column) in overrides {
            map.set(*role, column, headers);
        }
        map
    }

    /// Gives `role` to `column` (taking it from any other role).
    pub fn set(&mut self, role: Role, column: &ColumnRef, headers: &[String]) {
        self.roles.retain(|(r, _)| *r != role);
        let index = match column {
            ColumnRef::Unmapped => None,
            ColumnRef::Number(n) => n.checked_sub(1),
            ColumnRef::Header(h) => {
                let wanted = normalise(h);
                headers.iter().position(|x| normalise(x) == wanted)
            }
        };
        if let Some(i) = index {
            self.roles.retain(|&(_, at)| at != i);
            self.roles.push((role, i));
        }
    }

    fn free_column(&self, normalised: &[String], candidates: &[&str]) -> Option<usize> {
        candidates.iter().find_map(|syn| {
            normalised
                .iter()
                .enumerate()
                .find(|(i, h)| h.as_str() == *syn && self.role_of(*i).is_none())
                .map(|(i, _)| i)
        })
    }

    /// The column index of a role, if the file has it.
    pub fn index(&self, role: Role) -> Option<usize> {
        self.roles.iter().find(|(r, _)| *r == role).map(|&(_, i)| i)
    }

    /// The role of column `i`, if it has one.
    pub(crate) fn role_of(&self, i: usize) -> Option<Role> {
        self.roles.iter().find(|&&(_, at)| at == i).map(|&(r, _)| r)
    }

    /// True when this is a per-customer summary rather than orders.
    pub(crate) fn is_summary(&self) -> bool {
        self.preset == Some(Preset::CustomerSummary)
            || (self.index(Role::Frequency).is_some()
                && self.index(Role::Recency).is_some()
                && self.index(Role::T).is_some())
    }

    /// The roles the analysis needs that have no column.
    pub fn missing(&self) -> Vec<Role> {
        let needed: &[Role] = if self.is_summary() && self.index(Role::Customers).is_some() {
            // Compressed tuples: a row stands for `customers` customers, who need no id.
            &[Role::Frequency, Role::Recency, Role::T]
        } else if self.is_summary() {
            &[Role::Customer, Role::Frequency, Role::Recency, Role::T]
        } else {
            &[Role::Date, Role::Amount]
        };
        let mut missing: Vec<Role> = needed
            .iter()
            .copied()
            .filter(|r| self.index(*r).is_none())
            .collect();
        if !self.is_summary()
            && self.index(Role::Customer).is_none()
            && self.index(Role::Email).is_none()
        {
            missing.insert(0, Role::Customer);
        }
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn detects_synonyms_case_insensitively() {
        let map = ColumnMap::detect(
            &headers(&["Order Date", "CUSTOMER_ID", "Total", "Order #"]),
            &[],
        );
        assert_eq!(map.index(Role::Date), Some(0));
        assert_eq!(map.index(Role::Customer), Some(1));
        assert_eq!(map.index(Role::Amount), Some(2));
        assert_eq!(map.index(Role::OrderId), Some(3));
        assert_eq!(map.index(Role::Quantity), None);
        assert!(map.missing().is_empty());
    }

    #[test]
    fn other_languages() {
        let lv = ColumnMap::detect(&headers(&["Klients", "Datums", "Summa", "Kanāls"]), &[]);
        let pl = ColumnMap::detect(
            &headers(&["Klient", "Data zamówienia", "Kwota", "Numer zamówienia"]),
            &[],
        );
        let ru = ColumnMap::detect(&headers(&["Контрагент", "Дата", "Сумма", "Номер"]), &[]);
        let zh = ColumnMap::detect(
            &headers(&["客戶", "訂單日期", "金額", "訂單編號", "通路"]),
            &[],
        );
        for map in [&lv, &pl, &ru, &zh] {
            assert_eq!(
                (
                    map.index(Role::Customer),
                    map.index(Role::Date),
                    map.index(Role::Amount)
                ),
                (Some(0), Some(1), Some(2)),
                "{map:?}"
            );
        }
        assert_eq!(lv.index(Role::Channel), Some(3));
        assert_eq!(pl.index(Role::OrderId), Some(3));
        assert_eq!(zh.index(Role::Channel), Some(4));
    }

    #[test]
    fn presets_and_overrides() {
        let shopify = headers(&[
            "Name",
            "Email",
            "Financial Status",
            "Total",
            "Created at",
            "Lineitem quantity",
            "Source",
        ]);
        let map = ColumnMap::detect(&shopify, &[]);
        assert_eq!(map.preset, Some(Preset::Shopify));
        assert_eq!(map.index(Role::OrderId), Some(0));
        assert_eq!(map.index(Role::Email), Some(1));
        let map = ColumnMap::detect(
            &shopify,
            &[
                (Role::Amount, ColumnRef::parse("2")),
                (Role::Channel, ColumnRef::parse("-")),
            ],
        );
        assert_eq!(map.index(Role::Amount), Some(1));
        assert_eq!(map.index(Role::Email), None);
        assert_eq!(map.index(Role::Channel), None);
        let summary = ColumnMap::detect(&headers(&["ID", "frequency", "recency", "T"]), &[]);
        assert!(summary.is_summary());
        assert!(summary.missing().is_empty());
    }

    /// The role of each column of `header`, by header name, in column order.
    fn roles<'a>(header: &[&'a str]) -> Vec<(&'a str, &'static str)> {
        let map = ColumnMap::detect(&headers(header), &[]);
        let named = |(i, h): (usize, &&'a str)| map.role_of(i).map(|r| (*h, r.name()));
        header.iter().enumerate().filter_map(named).collect()
    }

    #[test]
    fn real_export_headers_read_to_the_expected_roles() {
        // a Polish invoicing tool's invoice list (Fakturownia / wFirma / inFakt style)
        let pl = [
            "Lp.",
            "Numer",
            "Data wystawienia",
            "Data sprzedaży",
            "Nabywca",
            "NIP nabywcy",
            "Wartość netto",
            "Wartość VAT",
            "Wartość brutto",
            "Waluta",
            "Status",
        ];
        assert_eq!(
            roles(&pl),
            [
                ("Numer", "order_id"),
                ("Data sprzedaży", "date"),
                ("Nabywca", "customer"),
                ("Wartość brutto", "amount"),
                ("Waluta", "currency"),
                ("Status", "status"),
            ]
        );
        // the same without a gross column: the net amount is the amount
        let net = [
            "Nr faktury",
            "Data wystawienia",
            "Kontrahent",
            "Kwota netto",
        ];
        assert_eq!(roles(&net).last(), Some(&("Kwota netto", "amount")));
        // a 1C:Enterprise document list saved to Excel
        let onec = [
            "Дата",
            "Номер",
            "Вид операции",
            "Сумма документа",
            "Валюта",
            "Контрагент",
            "Организация",
            "Дата оплаты",
            "Ответственный",
            "Комментарий",
        ];
        assert_eq!(
            roles(&onec),
            [
                ("Дата", "date"),
                ("Номер", "order_id"),
                ("Сумма документа", "amount"),
                ("Валюта", "currency"),
                ("Контрагент", "customer"),
            ]
        );
        // Amazon Seller Central's orders flat file (it names no buyer)
        let amazon = "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\t\
                      order-status\tfulfillment-channel\tsales-channel\torder-channel\turl\t\
                      ship-service-level\tproduct-name\tsku\tasin\titem-status\tquantity\t\
                      currency\titem-price\titem-tax\tshipping-price\tshipping-tax";
        let amazon: Vec<&str> = amazon.split('\t').collect();
        assert_eq!(
            roles(&amazon),
            [
                ("amazon-order-id", "order_id"),
                ("purchase-date", "date"),
                ("order-status", "status"),
                ("sales-channel", "channel"),
                ("product-name", "product"),
                ("quantity", "quantity"),
                ("currency", "currency"),
                ("item-price", "amount"),
            ]
        );
        // Etsy's sold order items: the line total, not the unit price, is the amount
        let etsy = [
            "Sale Date",
            "Item Name",
            "Buyer",
            "Quantity",
            "Price",
            "Coupon Code",
            "Discount Amount",
            "Order Shipping",
            "Order Sales Tax",
            "Item Total",
            "Currency",
            "Transaction ID",
            "Listing ID",
            "Date Paid",
            "Date Shipped",
            "Order ID",
        ];
        assert_eq!(
            roles(&etsy),
            [
                ("Sale Date", "date"),
                ("Item Name", "product"),
                ("Buyer", "customer"),
                ("Quantity", "quantity"),
                ("Item Total", "amount"),
                ("Currency", "currency"),
                ("Order ID", "order_id"),
            ]
        );
        // eBay's orders report and PayPal's activity download
        let ebay = [
            "Sales Record Number",
            "Order Number",
            "Buyer Username",
            "Buyer Name",
            "Buyer Email",
            "Item Title",
            "Quantity",
            "Sold For",
            "Total Price",
            "Sale Date",
            "Paid On Date",
            "Transaction ID",
        ];
        assert_eq!(
            roles(&ebay),
            [
                ("Order Number", "order_id"),
                ("Buyer Username", "customer"),
                ("Buyer Email", "email"),
                ("Item Title", "product"),
                ("Quantity", "quantity"),
                ("Total Price", "amount"),
                ("Sale Date", "date"),
            ]
        );
        let paypal = [
            "Date",
            "Time",
            "TimeZone",
            "Name",
            "Type",
            "Status",
            "Currency",
            "Gross",
            "Fee",
            "Net",
            "From Email Address",
            "To Email Address",
            "Transaction ID",
            "Item Title",
            "Invoice Number",
            "Quantity",
            "Balance",
        ];
        assert_eq!(
            roles(&paypal),
            [
                ("Date", "date"),
                ("Status", "status"),
                ("Currency", "currency"),
                ("Gross", "amount"),
                ("From Email Address", "email"),
                ("Transaction ID", "order_id"),
                ("Item Title", "product"),
                ("Quantity", "quantity"),
            ]
        );
    }

    #[test]
    fn missing_roles_are_listed() {
        let map = ColumnMap::detect(&headers(&["name", "when"]), &[]);
        assert_eq!(
            map.missing(),
            vec![Role::Customer, Role::Date, Role::Amount]
        );
        assert_eq!(Role::from_name("Order-Id"), Some(Role::OrderId));
    }
}
