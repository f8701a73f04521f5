//! Finding the columns an analysis needs from the header row.

use crate::error::{ImportError, ImportErrorKind};

/// What a column means to the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Role {
    /// Who bought: a customer id or, failing that, an e-mail.
    Customer,
    /// When the order was placed.
    Date,
    /// The order amount.
    Amount,
    /// The order id (line items of one order share it).
    OrderId,
    /// Number of items.
    Quantity,
}

impl Role {
    /// The role's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Date => "date",
            Role::Amount => "amount",
            Role::OrderId => "order id",
            Role::Quantity => "quantity",
        }
    }

    /// Header names (lower-case, spaces/underscores/dashes removed) that mean this role, best
    /// first.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Role::Customer => &[
                "customerid",
                "customer",
                "clientid",
                "client",
                "userid",
                "buyer",
                "email",
                "customeremail",
            ],
            Role::Date => &[
                "date",
                "orderdate",
                "createdat",
                "created",
                "purchasedate",
                "transactiondate",
                "datetime",
            ],
            Role::Amount => &[
                "amount",
                "total",
                "ordertotal",
                "revenue",
                "value",
                "dollarvalue",
                "sales",
                "price",
            ],
            Role::OrderId => &["orderid", "order", "ordernumber", "name", "transactionid"],
            Role::Quantity => &["quantity", "qty", "numberofcds", "items"],
        }
    }
}

/// Normalises a header for matching: lower-case, without spaces, `_`, `-`, `.` or `#`.
fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.' | '#'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which column holds which role.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ColumnMap {
    roles: Vec<(Role, usize)>,
}

impl ColumnMap {
    /// Matches header names to roles; customer, date and amount are required.
    pub fn detect(headers: &[String]) -> Result<ColumnMap, ImportError> {
        let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
        let mut map = ColumnMap::default();
        for role in [
            Role::Customer,
            Role::Date,
            Role::Amount,
            Role::OrderId,
            Role::Quantity,
        ] {
            let taken: Vec<usize> = map.roles.iter().map(|&(_, i)| i).collect();
            let found = role.synonyms().iter().find_map(|syn| {
                normalised
                    .iter()
                    .enumerate()
                    .find(|(i, h)| h.as_str() == *syn && !taken.contains(i))
                    .map(|(i, _)| i)
            });
            if let Some(i) = found {
                map.roles.push((role, i));
            }
        }
        for role in [Role::Customer, Role::Date, Role::Amount] {
            if map.index(role).is_none() {
                return Err(ImportError::new(ImportErrorKind::MissingColumn {
                    role: role.name(),
                    found: headers.to_vec(),
                })
                .at_line(1));
            }
        }
        Ok(map)
    }

    /// The column index of a role, if the file has it.
    pub fn index(&self, role: Role) -> Option<usize> {
        self.roles.iter().find(|(r, _)| *r == role).map(|&(_, i)| i)
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
        let map = ColumnMap::detect(&headers(&["Order Date", "CUSTOMER_ID", "Total", "Order #"]))
            .unwrap();
        assert_eq!(map.index(Role::Date), Some(0));
        assert_eq!(map.index(Role::Customer), Some(1));
        assert_eq!(map.index(Role::Amount), Some(2));
        assert_eq!(map.index(Role::OrderId), Some(3));
        assert_eq!(map.index(Role::Quantity), None);
    }

    #[test]
    fn customer_id_is_preferred_over_email() {
        let map = ColumnMap::detect(&headers(&["email", "date", "amount", "customer_id"])).unwrap();
        assert_eq!(map.index(Role::Customer), Some(3));
    }

    #[test]
    fn missing_amount_names_the_role() {
        let err = ColumnMap::detect(&headers(&["customer", "date"])).unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(err.to_string().contains("no amount column"), "{err}");
    }
}
