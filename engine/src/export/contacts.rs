//! A segment's customers (or the win-back list) as a contact list an e-mail tool or Shopify
//! imports, in the column layout that tool documents: e-mail, first and last name where the
//! file gives them, the segment as a tag or property, predicted CLV (rounded to cents) and
//! P(alive) (to 4 places).
//!
//! Customers without an e-mail cannot be imported into Klaviyo or Mailchimp, and would become
//! duplicate Shopify customers: they are left out, and [`ContactsFile::without_email`] says
//! how many, so the page and `clv` can say so.
//!
//! Consent is never claimed beyond what the file says: Klaviyo and Mailchimp get the file's
//! answer as a plain `Accepts Marketing` property (`yes`, `no` or empty), never a
//! subscription status; the tool's own import step decides that. Shopify's `Accepts Email
//! Marketing` is `yes` only for a customer whose every order row said yes, and empty
//! otherwise (never `no`, which would unsubscribe a customer who subscribed after the order
//! when the import overwrites existing customers).

use super::{Cell, CsvTable};
use crate::report::Report;

/// The tool a contact list is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactTool {
    /// Klaviyo: list import (Lists & Segments > Import Contacts).
    Klaviyo,
    /// Mailchimp: audience import (Audience > Import contacts).
    Mailchimp,
    /// Shopify: customer import (Customers > Import), the segment as a customer tag.
    Shopify,
}

/// Klaviyo's list upload: "The header of the first column in your CSV should be … Email
/// [or] Email Address [or] Phone Number"; "Use the Klaviyo property name as the header" (its
/// properties `First Name`, `Last Name`); "Name each column with the intended custom property
/// name" (help.klaviyo.com/hc/en-us/articles/115005078967, "Requirements for formatting
/// CSVs"). The last four columns are custom properties.
const KLAVIYO: [&str; 7] = [
    "Email",
    "First Name",
    "Last Name",
    "CLV Segment",
    "Predicted CLV",
    "P(alive)",
    "Accepts Marketing",
];

/// Mailchimp's import: "The only field Mailchimp requires is Email Address"; text fields for
/// "first name and last name" (its default audience fields `First Name`, `Last Name`); a
/// column of tags, mapped to Tags at import (mailchimp.com/help/format-guidelines-for-your-
/// import-file/). The last three columns become text fields.
const MAILCHIMP: [&str; 7] = [
    "Email Address",
    "First Name",
    "Last Name",
    "Tags",
    "Predicted CLV",
    "P(alive)",
    "Accepts Marketing",
];

/// Shopify's customer CSV: "CSV file headers are case sensitive"; "The Email column is
/// required and must be present, but the value can be blank"; the template's columns First
/// Name, Last Name, Email, Company, Address1, Address2, City, Province, Province Code,
/// Country, Country Code, Zip, Phone, Accepts Email Marketing, Accepts SMS Marketing, Tags,
/// Note, Tax Exempt (help.shopify.com/en/manual/customers/import-export-customers, "Customer
/// CSV file format"). Shopify imports no other column, so predicted CLV and P(alive) go in
/// the Note.
const SHOPIFY: [&str; 18] = [
    "First Name",
    "Last Name",
    "Email",
    "Company",
    "Address1",
    "Address2",
    "City",
    "Province",
    "Province Code",
    "Country",
    "Country Code",
    "Zip",
    "Phone",
    "Accepts Email Marketing",
    "Accepts SMS Marketing",
    "Tags",
    "Note",
    "Tax Exempt",
];

impl ContactTool {
    /// Every tool, in the order the page offers them.
    pub const ALL: [ContactTool; 3] = [
        ContactTool::Klaviyo,
        ContactTool::Mailchimp,
        ContactTool::Shopify,
    ];

    /// The tool's name in file names and `--tool` (`klaviyo`, `mailchimp`, `shopify`).
    pub fn name(self) -> &'static str {
        match self {
            ContactTool::Klaviyo => "klaviyo",
            ContactTool::Mailchimp => "mailchimp",
            ContactTool::Shopify => "shopify",
        }
    }

    /// The tool named `name` (as in [`ContactTool::name`], any case).
    pub fn from_name(name: &str) -> Option<ContactTool> {
        let name = name.trim().to_lowercase();
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The header row of the tool's import file, as its documentation writes it.
    pub fn header(self) -> &'static [&'static str] {
        match self {
            ContactTool::Klaviyo => &KLAVIYO,
            ContactTool::Mailchimp => &MAILCHIMP,
            ContactTool::Shopify => &SHOPIFY,
        }
    }
}

/// Which customers a contact list holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ContactList {
    /// The customers of the named RFM segment (as the report names it), most valuable first.
    Segment(String),
    /// Everyone who qualifies for the win-back list (not only the customers it lists),
    /// highest value at stake first.
    WinBack,
}

/// A contact list ready to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactsFile {
    /// File name after what it holds and for which tool, e.g. `champions-klaviyo.csv`.
    pub name: String,
    /// The file's text (UTF-8, CRLF line ends).
    pub text: String,
    /// Customers in the file.
    pub customers: u64,
    /// Customers of the list left out because the file gives no e-mail for them.
    pub without_email: u64,
}

/// A name as a file-name part: lower case, letters and digits, words joined by `-`
/// (`Cannot lose them` → `cannot-lose-them`); `segment` when nothing is left.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "segment".to_string()
    } else {
        out
    }
}

/// Money rounded to cents, a probability to 4 places (a non-finite value stays one: an empty
/// cell).
fn rounded(value: Option<f64>, places: i32) -> Cell<'static> {
    let scale = 10f64.powi(places);
    Cell::from(value.map(|v| (v * scale).round() / scale))
}

/// The customers of `list` as a contact list for `tool` (see the module's notes on e-mails
/// and consent).
pub fn contacts_csv(report: &Report, list: &ContactList, tool: ContactTool) -> ContactsFile {
    let customers = &report.customers;
    let by_model = report.summary.win_back.value_basis == "expected_value_lost";
    // (row, ranking value), most valuable first, then by key.
    let mut rows: Vec<(usize, f64)> = match list {
        ContactList::Segment(name) => (0..customers.len())
            .filter(|&i| customers[i].segment == *name)
            .map(|i| {
                let clv = report.prediction(i).and_then(|p| p.predicted_clv);
                (i, clv.unwrap_or(customers[i].revenue))
            })
            .collect(),
        ContactList::WinBack => {
            let after = i64::from(report.summary.win_back.after_days);
            (0..customers.len())
                .filter(|&i| customers[i].days_since_last_order > after)
                .map(|i| {
                    let lost = report.prediction(i).and_then(|p| p.expected_value_lost);
                    let value = if by_model {
                        lost.filter(|v| v.is_finite()).unwrap_or(0.0)
                    } else {
                        customers[i].revenue
                    };
                    (i, value)
                })
                .collect()
        }
    };
    rows.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| customers[a.0].customer_id.cmp(&customers[b.0].customer_id))
    });
    let (label, file) = match list {
        ContactList::Segment(name) => (format!("CLV {name}"), slug(name)),
        ContactList::WinBack => ("CLV Win-back".to_string(), "win-back".to_string()),
    };
    let mut table = CsvTable::new(tool.header());
    let mut written = 0u64;
    let mut without_email = 0u64;
    for (i, _) in rows {
        let Some(email) = report.email(i) else {
            without_email += 1;
            continue;
        };
        let contact = report.contact(i);
        let first = contact.and_then(|c| c.first_name()).unwrap_or_default();
        let last = contact.and_then(|c| c.last_name()).unwrap_or_default();
        let accepts = contact.and_then(|c| c.accepts_marketing);
        let prediction = report.prediction(i);
        let clv = rounded(prediction.and_then(|p| p.predicted_clv), 2);
        let p_alive = rounded(prediction.and_then(|p| p.p_alive), 4);
        let said = match accepts {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        };
        match tool {
            ContactTool::Klaviyo | ContactTool::Mailchimp => table.row(&[
                Cell::Text(email),
                Cell::Text(first),
                Cell::Text(last),
                Cell::Text(&label),
                clv,
                p_alive,
                Cell::Text(said),
            ]),
            ContactTool::Shopify => {
                let note = note(clv, p_alive);
                let accepts = if accepts == Some(true) { "yes" } else { "" };
                let mut cells = [Cell::Empty; 18];
                cells[0] = Cell::Text(first);
                cells[1] = Cell::Text(last);
                cells[2] = Cell::Text(email);
                cells[13] = Cell::Text(accepts);
                cells[15] = Cell::Text(&label);
                cells[16] = Cell::Text(&note);
                table.row(&cells);
            }
        }
        written += 1;
    }
    ContactsFile {
        name: format!("{file}-{}.csv", tool.name()),
        text: table.finish(),
        customers: written,
        without_email,
    }
}

/// Shopify's Note for a customer: `Predicted CLV 123.45; P(alive) 0.9123` (what is known).
fn note(clv: Cell<'_>, p_alive: Cell<'_>) -> String {
    let mut parts = Vec::new();
    if let Cell::Number(v) = clv {
        parts.push(format!("Predicted CLV {v:.2}"));
    }
    if let Cell::Number(v) = p_alive {
        parts.push(format!("P(alive) {v:.4}"));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_what_they_hold() {
        assert_eq!(slug("Cannot lose them"), "cannot-lose-them");
        assert_eq!(slug("  Top 5 % / VIP "), "top-5-vip");
        assert_eq!(slug("Лояльные"), "лояльные");
        assert_eq!(slug("%%"), "segment");
    }

    #[test]
    fn money_to_cents_and_probabilities_to_four_places() {
        assert_eq!(rounded(Some(12.345_67), 2), Cell::Number(12.35));
        assert_eq!(rounded(Some(0.123_456), 4), Cell::Number(0.1235));
        assert_eq!(rounded(None, 2), Cell::Empty);
        assert_eq!(
            note(Cell::Number(12.3), Cell::Number(0.5)),
            "Predicted CLV 12.30; P(alive) 0.5000"
        );
        assert_eq!(note(Cell::Empty, Cell::Empty), "");
    }

    #[test]
    fn tools_by_name() {
        assert_eq!(
            ContactTool::from_name(" Klaviyo"),
            Some(ContactTool::Klaviyo)
        );
        assert_eq!(ContactTool::from_name("hubspot"), None);
        for tool in ContactTool::ALL {
            assert_eq!(ContactTool::from_name(tool.name()), Some(tool));
        }
    }
}
