//! The vocabulary of column names: which header names mean which role.
//!
//! The names are data, in `vocabulary.tsv` beside this file: one row per name, written as the
//! export tool writes it (`Wartość brutto`, `Сумма документа`, `amazon-order-id`), with the
//! role it means, its language and its source (the system and the page or file it comes from).
//! The table is compiled into the engine and read once, on first use, into a map from the
//! [`normalise`]d name to its role and rank. Rows of one role are in priority order: when a
//! header has two columns of one role, the one whose name comes first in the table is used.
//!
//! To add a name: add a row under its role (above the names it should beat), with its
//! language and where it was seen; the tests check that every row parses, that no normalised
//! name appears twice, and that a header made of the name is given the row's role. A newly
//! sourced export also gets a whole-header test below, its header written exactly as the
//! source shows, listing the roles its columns are given.

use super::role::Role;

use std::collections::HashMap;
use std::sync::OnceLock;

/// Normalises a header for matching: lower-case, without spaces, `_`, `-`, `.`, `#`, `(`,
/// `)`, `:` or `/`.
pub(crate) fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| {
            !matches!(
                c,
                ' ' | '_' | '-' | '.' | '#' | '(' | ')' | ':' | '/' | '\u{a0}'
            )
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The table, as written in the repository.
const TABLE: &str = include_str!("vocabulary.tsv");

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// What the column means.
    pub role: Role,
    /// The header name as the tool writes it.
    pub name: &'static str,
    /// Language codes (ISO 639-1; `zh-Hant`, `zh-Hans`, or `zh` for both), space-separated.
    pub language: &'static str,
    /// The system and the page or file the name comes from.
    pub source: &'static str,
    /// 1-based line of the row in `vocabulary.tsv`.
    pub line: usize,
}

/// The parsed table and its lookup map.
#[derive(Debug)]
pub(crate) struct Vocabulary {
    /// Every row that parsed, in table order.
    pub entries: Vec<Entry>,
    /// Normalised name → (role, rank): the rank is the row's place in the table, lower wins.
    by_name: HashMap<String, (Role, usize)>,
    /// Rows that could not be used, with why (none in a correct table; checked by a test).
    pub problems: Vec<String>,
}

impl Vocabulary {
    /// Reads the table: `#` lines are comments, the first other line is the column names.
    /// A row with the wrong number of fields, an unknown role, an empty field or a name
    /// already used is left out and listed in `problems`.
    fn parse(text: &'static str) -> Vocabulary {
        let mut vocabulary = Vocabulary {
            entries: Vec::new(),
            by_name: HashMap::new(),
            problems: Vec::new(),
        };
        let rows = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
            .skip(1);
        for (index, row) in rows {
            let line = index + 1;
            let fields: Vec<&'static str> = row.split('\t').map(str::trim).collect();
            let [role, name, language, source] = fields[..] else {
                let n = fields.len();
                vocabulary
                    .problems
                    .push(format!("line {line}: {n} fields, not 4"));
                continue;
            };
            let Some(role) = Role::from_name(role) else {
                let problem = format!("line {line}: unknown role {role:?}");
                vocabulary.problems.push(problem);
                continue;
            };
            let key = normalise(name);
            if key.is_empty() || language.is_empty() || source.is_empty() {
                let problem = format!("line {line}: empty name, language or source");
                vocabulary.problems.push(problem);
                continue;
            }
            if let Some(&(_, rank)) = vocabulary.by_name.get(&key) {
                let first = &vocabulary.entries[rank];
                vocabulary.problems.push(format!(
                    "line {line}: {name:?} is {:?} (line {}) once normalised",
                    first.name, first.line
                ));
                continue;
            }
            vocabulary
                .by_name
                .insert(key, (role, vocabulary.entries.len()));
            vocabulary.entries.push(Entry {
                role,
                name,
                language,
                source,
                line,
            });
        }
        vocabulary
    }
}

/// The vocabulary, read from the table on first use.
pub(crate) fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| Vocabulary::parse(TABLE))
}

/// The role and rank of a [`normalise`]d header name, if the vocabulary knows it.
pub(crate) fn lookup(normalised: &str) -> Option<(Role, usize)> {
    vocabulary().by_name.get(normalised).copied()
}

#[cfg(test)]
mod tests {
    use super::super::columns::ColumnMap;
    use super::*;
    use std::collections::HashSet;

    const LANGUAGES: [&str; 18] = [
        "en", "lv", "pl", "ru", "uk", "zh", "zh-Hant", "zh-Hans", "de", "fr", "es", "it", "nl",
        "pt", "lt", "et", "cs", "ja",
    ];

    #[test]
    fn every_row_parses_with_a_language_and_a_source() {
        let v = vocabulary();
        assert!(v.problems.is_empty(), "{:#?}", v.problems);
        assert!(v.entries.len() >= 400, "{} names", v.entries.len());
        for e in &v.entries {
            assert!(!e.source.trim().is_empty(), "line {}: no source", e.line);
            assert!(!e.language.is_empty(), "line {}: no language", e.line);
            for code in e.language.split(' ') {
                assert!(LANGUAGES.contains(&code), "line {}: {code:?}", e.line);
            }
        }
    }

    #[test]
    fn no_normalised_name_is_listed_twice() {
        let mut seen = HashSet::new();
        for e in &vocabulary().entries {
            let key = normalise(e.name);
            assert!(seen.insert(key.clone()), "line {}: {key} twice", e.line);
        }
        // and a table that does repeat a name is caught, whatever the role
        let bad = "role\tname\tlanguage\tsource\namount\tKwota\tpl\tx\nstatus\tKWOTA \tpl\ty\n";
        let parsed = Vocabulary::parse(bad);
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    }

    #[test]
    fn malformed_rows_are_reported_not_used() {
        let bad = "# comment\nrole\tname\tlanguage\tsource\n\
                   amount\tKwota\tpl\n\
                   price\tCena\tpl\tx\n\
                   amount\tSuma\t\tx\n\
                   amount\tBrutto\tpl\tx\n";
        let parsed = Vocabulary::parse(bad);
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.entries[0].line, 6);
        assert_eq!(parsed.problems.len(), 3, "{:?}", parsed.problems);
        assert!(parsed.problems[0].starts_with("line 3:"));
    }

    #[test]
    fn every_name_is_read_as_its_role() {
        for e in &vocabulary().entries {
            let alone = ColumnMap::detect(&[e.name.to_string()], &[]);
            assert_eq!(
                alone.role_of(0),
                Some(e.role),
                "line {}: {:?}",
                e.line,
                e.name
            );
            // among columns the vocabulary does not know, as in a real export
            let header = ["Lp.", e.name, "Uwagi / Notes"].map(String::from);
            let among = ColumnMap::detect(&header, &[]);
            assert_eq!(among.index(e.role), Some(1), "line {}", e.line);
            assert_eq!((among.role_of(0), among.role_of(2)), (None, None));
        }
    }

    /// The role of each column of `header`, by header name, in column order.
    fn roles<'a>(header: &[&'a str]) -> Vec<(&'a str, &'static str)> {
        let owned: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let map = ColumnMap::detect(&owned, &[]);
        let named = |(i, h): (usize, &&'a str)| map.role_of(i).map(|r| (*h, r.name()));
        header.iter().enumerate().filter_map(named).collect()
    }

    #[test]
    fn documented_shop_exports_read_to_the_expected_roles() {
        // PrestaShop: Sell > Orders > Export (OrderController::exportAction); the total is
        // paid with tax, and the shop gives no e-mail, so the customer's name is the key
        let prestashop = [
            "ID",
            "Reference",
            "New client",
            "Delivery",
            "Customer",
            "Total",
            "Payment",
            "Status",
            "Date",
        ];
        assert_eq!(
            roles(&prestashop),
            [
                ("Customer", "customer"),
                ("Total", "amount"),
                ("Status", "status"),
                ("Date", "date"),
            ]
        );
        // WooCommerce Analytics > Orders > Download: the formatted revenue and the
        // customer type are left alone
        let woo_analytics = [
            "Date",
            "Order #",
            "N. Revenue (formatted)",
            "Status",
            "Customer",
            "Customer type",
            "Product(s)",
            "Items sold",
            "Coupon(s)",
            "Net Sales",
            "Attribution",
        ];
        assert_eq!(
            roles(&woo_analytics),
            [
                ("Date", "date"),
                ("Order #", "order_id"),
                ("Status", "status"),
                ("Customer", "customer"),
                ("Product(s)", "product"),
                ("Items sold", "quantity"),
                ("Net Sales", "amount"),
            ]
        );
        // Magento 2's orders grid exported as CSV: the purchased grand total (the currency
        // its refund column is in), not the base-currency one nor the subtotal
        let magento = [
            "ID",
            "Purchase Point",
            "Purchase Date",
            "Bill-to Name",
            "Ship-to Name",
            "Grand Total (Base)",
            "Grand Total (Purchased)",
            "Status",
            "Billing Address",
            "Shipping Address",
            "Shipping Information",
            "Customer Email",
            "Customer Group",
            "Subtotal",
            "Shipping and Handling",
            "Customer Name",
            "Payment Method",
            "Total Refunded",
        ];
        assert_eq!(
            roles(&magento),
            [
                ("Purchase Date", "date"),
                ("Grand Total (Purchased)", "amount"),
                ("Status", "status"),
                ("Customer Email", "email"),
                ("Customer Name", "full_name"),
                ("Total Refunded", "refunded"),
            ]
        );
    }

    #[test]
    fn documented_marketplace_and_payment_exports_read_to_the_expected_roles() {
        // Allegro's orders CSV: the buyer's id (its e-mail is masked per order), the total to
        // pay (the paid total is 0.00 for cash on delivery), the seller's status (which says
        // CANCELLED) before the payment status
        let allegro = "Type,OrderId,SellerId,SellerLogin,OrderDate,SellerStatus,BuyerId,\
                       BuyerLogin,BuyerEmail,BuyerCompany,BuyerName,BuyerPhone,BuyerAddress,\
                       BuyerZip,BuyerCity,BuyerCountryCode,PaymentId,PaymentStatus,\
                       PaymentProvider,PaymentAmount,PaymentCurrency,DeliveryMethod,\
                       DeliveryAmount,DeliveryCurrency,DeliveryAddressCompanyName,\
                       DeliveryAddressName,DeliveryAddressPhone,DeliveryAddressStreet,\
                       DeliveryAddressZipCode,DeliveryAddressCity,DeliveryAddressCountry,\
                       DeliveryPickupPointId,DeliveryPickupPointName,DeliveryPickupPointStreet,\
                       DeliveryPickupPointZipCode,DeliveryPickupPointCity,InvoiceName,\
                       InvoiceCompanyName,InvoiceStreet,InvoiceZipCode,InvoiceCity,\
                       InvoiceCountry,InvoiceTaxId,TotalToPayAmount,TotalToPayCurrency,\
                       TotalPaidAmount,TotalPaidCurrency,SellerNotes,BuyerNotes,Smart,\
                       TrackingNumbers";
        let allegro: Vec<&str> = allegro.split(',').collect();
        assert_eq!(
            roles(&allegro),
            [
                ("OrderId", "order_id"),
                ("OrderDate", "date"),
                ("SellerStatus", "status"),
                ("BuyerId", "customer"),
                ("BuyerEmail", "email"),
                ("TotalToPayAmount", "amount"),
                ("TotalToPayCurrency", "currency"),
            ]
        );
        // Allegro's payment operations, as the seller downloads them
        let allegro_payments = [
            "data",
            "data zaksięgowania",
            "identyfikator",
            "operacja",
            "operator",
            "kupujący",
            "oferta",
            "dostawa",
            "kwota",
            "saldo",
        ];
        assert_eq!(
            roles(&allegro_payments),
            [
                ("data", "date"),
                ("kupujący", "customer"),
                ("kwota", "amount")
            ]
        );
        // Przelewy24's monthly transaction list: the amount the customer paid, not the
        // amount less the fee; the payout's date is not the payment's
        let p24 = "\"Numer wiersza\";\"Data utworzenia\";\"Data i czas utworzenia wypłaty\";\
                   \"Id sesji\";\"Waluta\";\"Id wypłaty\";\"Czas wpłaty\";\
                   \"Id metody płatności\";\"Nazwa metody płatności\";\"Id transakcji\";\
                   \"Tekstowe id transakcji\";\"Saldo po operacji\";\"Tytuł\";\
                   \"Email klienta\";\"Imię i nazwisko klienta\";\"Kraj klienta\";\
                   \"Miasto klienta\";\"Adres klienta\";\"Kod pocztowy klienta\";\"Status\";\
                   \"Znacznik rekordu\";\"Data wpłaty\";\"Czas utworzenia\";\
                   \"Data i czas utworzenia\";\"Data i czas wpłaty\";\"Kwota\";\
                   \"Kwota bez prowizji\";\"Rodzaj prowizji\";\"Prowizja\";\"Id sprzedawcy\"";
        let p24: Vec<&str> = p24.split(';').map(|h| h.trim_matches('"')).collect();
        assert_eq!(
            roles(&p24),
            [
                ("Waluta", "currency"),
                ("Id transakcji", "order_id"),
                ("Email klienta", "email"),
                ("Status", "status"),
                ("Data i czas utworzenia", "date"),
                ("Kwota", "amount"),
            ]
        );
        // YooKassa's payments registry: the payment's sum, not the sum less the fee
        let yookassa = "Номер транзакции; Идентификатор клиента; Сумма платежа; \
                        Валюта платежа; Сумма за вычетом комиссии; Время платежа; \
                        Номер кошелька плательщика; Краткое описание; Тип платежа";
        let yookassa: Vec<&str> = yookassa.split(';').map(str::trim).collect();
        assert_eq!(
            roles(&yookassa),
            [
                ("Номер транзакции", "order_id"),
                ("Идентификатор клиента", "customer"),
                ("Сумма платежа", "amount"),
                ("Валюта платежа", "currency"),
                ("Время платежа", "date"),
            ]
        );
    }

    #[test]
    fn names_of_one_role_are_ranked_in_table_order() {
        let v = vocabulary();
        let rank = |name: &str| lookup(&normalise(name)).map(|(_, r)| r);
        assert!(rank("Wartość brutto") < rank("Wartość netto"));
        assert!(rank("Total") < rank("Subtotal"));
        assert!(rank("Data sprzedaży") < rank("Data wystawienia"));
        assert!(rank("Дата") < rank("Дата оплаты"));
        for pair in v.entries.windows(2) {
            let (a, b) = (rank(pair[0].name), rank(pair[1].name));
            assert!(a < b, "lines {} and {}", pair[0].line, pair[1].line);
        }
    }
}
