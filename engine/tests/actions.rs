//! Actions per segment: each segment's recommendation and worth, and its customers as a
//! contact list in the column layout Klaviyo, Mailchimp and Shopify document for their
//! imports.

use clv_engine::export::{contacts_csv, ContactList, ContactTool};
use clv_engine::{analyze, AnalysisOptions, ModelOptions};

/// Klaviyo, "How to create and add subscribers to a new list"
/// (https://help.klaviyo.com/hc/en-us/articles/115005078967), "Requirements for formatting
/// CSVs": the header of the first column is `Email` (or `Email Address` / `Phone Number`);
/// "Use the Klaviyo property name as the header" — `First Name`, `Last Name`; "Name each
/// column with the intended custom property name" — ours: `CLV Segment`, `Predicted CLV`,
/// `P(alive)`, `Accepts Marketing`.
const KLAVIYO_DOCUMENTED: &str =
    "Email,First Name,Last Name,CLV Segment,Predicted CLV,P(alive),Accepts Marketing";

/// Mailchimp, "Format Guidelines for Your Import File"
/// (https://mailchimp.com/help/format-guidelines-for-your-import-file/): "The only field
/// Mailchimp requires is email address" (the audience field `Email Address`); text fields
/// for "first name and last name" (`First Name`, `Last Name`); a `Tags` column; any other
/// column becomes a text field — ours: `Predicted CLV`, `P(alive)`, `Accepts Marketing`.
const MAILCHIMP_DOCUMENTED: &str =
    "Email Address,First Name,Last Name,Tags,Predicted CLV,P(alive),Accepts Marketing";

/// Shopify, "Using CSV files to import and export customers"
/// (https://help.shopify.com/en/manual/customers/import-export-customers), "Customer CSV file
/// format": headers are case sensitive; the Email column is required (its value may be
/// blank); the columns First Name, Last Name, Email, Company, Address1, Address2, City,
/// Province, Province Code, Country, Country Code, Zip, Phone, Accepts Email Marketing,
/// Accepts SMS Marketing, Tags, Note, Tax Exempt.
const SHOPIFY_DOCUMENTED: &str = "First Name,Last Name,Email,Company,Address1,Address2,City,\
Province,Province Code,Country,Country Code,Zip,Phone,Accepts Email Marketing,\
Accepts SMS Marketing,Tags,Note,Tax Exempt";

/// Five customers keyed by id: a and b bought often and lately (Champions), c once long ago,
/// d has no e-mail, e never said whether they accept marketing. Names come from a whole-name
/// column (`Billing Name`, Shopify's) except where first / last name columns say.
const ORDERS: &str = "\
Customer ID,Email,Billing Name,First Name,Last Name,Created at,Total,Accepts Marketing
1,ann@example.com,Ann Lee,,,2024-01-05,50,yes
1,ann@example.com,,,,2024-03-05,60,yes
1,,,,,2024-06-01,70,yes
2,bob@example.com,,Bob,Marley,2024-02-01,80,no
2,bob@example.com,,,,2024-05-20,90,yes
3,cy@example.com,Cy,,,2023-01-10,20,yes
4,,Dee Dee Ramone,,,2023-02-10,30,yes
5,=eve@example.com,,,,2023-03-10,25,
";

fn report(models: bool) -> clv_engine::Report {
    let options = AnalysisOptions::new()
        .analysis_date("2024-06-30".parse().expect("date"))
        .models(ModelOptions::new().enabled(models));
    analyze(ORDERS.as_bytes(), &options).expect("orders analyse")
}

fn header(text: &str) -> &str {
    text.split("\r\n").next().unwrap_or_default()
}

#[test]
fn each_tool_gets_its_documented_header() {
    let report = report(false);
    for (tool, documented) in [
        (ContactTool::Klaviyo, KLAVIYO_DOCUMENTED),
        (ContactTool::Mailchimp, MAILCHIMP_DOCUMENTED),
        (ContactTool::Shopify, SHOPIFY_DOCUMENTED),
    ] {
        let file = contacts_csv(&report, &ContactList::WinBack, tool);
        assert_eq!(header(&file.text), documented, "{tool:?}");
        assert_eq!(tool.header().join(","), documented);
        assert!(file.text.ends_with("\r\n"));
        assert_eq!(file.name, format!("win-back-{}.csv", tool.name()));
    }
}

#[test]
fn customers_without_an_email_are_left_out_and_counted() {
    // Win-back (over 180 days before 2024-06-30): c (2023-01-10), d (2023-02-10), e
    // (2023-03-10). d has no e-mail. Without a model, ranked by revenue: d 30, e 25, c 20.
    let report = report(false);
    let file = contacts_csv(&report, &ContactList::WinBack, ContactTool::Klaviyo);
    assert_eq!((file.customers, file.without_email), (2, 1));
    let lines: Vec<&str> = file.text.split("\r\n").collect();
    assert_eq!(lines.len(), 4, "header, two customers, the last line end");
    // e's e-mail would run as a formula: neutralised. Consent unknown: empty.
    assert_eq!(lines[1], "'=eve@example.com,,,CLV Win-back,,,");
    // c: a whole name without a space is a first name; accepts marketing.
    assert_eq!(lines[2], "cy@example.com,Cy,,CLV Win-back,,,yes");
    assert_eq!(report.summary.win_back.customers_with_email, 2);
    assert_eq!(report.summary.win_back.worth, 75.0, "30 + 25 + 20 spent");
}

#[test]
fn names_consent_and_tags_per_tool() {
    let report = report(false);
    let champions = report
        .summary
        .rfm
        .segments
        .iter()
        .find(|s| s.customers == 2 && s.segment != "Other")
        .expect("a and b share a segment");
    let list = ContactList::Segment(champions.segment.clone());
    let mailchimp = contacts_csv(&report, &list, ContactTool::Mailchimp);
    let tag = format!("CLV {}", champions.segment);
    // b spent 170, a 180: a first. a's name split from "Ann Lee"; b's from its own columns;
    // b said no once, so b does not accept marketing.
    assert_eq!(
        mailchimp.text.split("\r\n").skip(1).collect::<Vec<_>>(),
        [
            format!("ann@example.com,Ann,Lee,{tag},,,yes").as_str(),
            format!("bob@example.com,Bob,Marley,{tag},,,no").as_str(),
            "",
        ]
    );
    let shopify = contacts_csv(&report, &list, ContactTool::Shopify);
    let rows: Vec<&str> = shopify.text.split("\r\n").skip(1).collect();
    // Shopify: consent only when given ("yes"), never "no"; the segment as a tag.
    assert_eq!(
        rows[0],
        format!("Ann,Lee,ann@example.com,,,,,,,,,,,yes,,{tag},,")
    );
    assert_eq!(
        rows[1],
        format!("Bob,Marley,bob@example.com,,,,,,,,,,,,,{tag},,")
    );
    assert_eq!(champions.customers_with_email, 2);
}

#[test]
fn a_file_keyed_by_email_needs_no_email_column_copy() {
    let orders = "email,date,amount\nAnn@Example.com,2024-01-01,10\nbob@x.lv,2023-01-01,5\n";
    let options = AnalysisOptions::new().models(ModelOptions::new().enabled(false));
    let report = analyze(orders.as_bytes(), &options).expect("analyse");
    let file = contacts_csv(&report, &ContactList::WinBack, ContactTool::Mailchimp);
    assert_eq!((file.customers, file.without_email), (1, 0));
    assert!(file.text.contains("\r\nbob@x.lv,,,CLV Win-back,"));
    assert_eq!(report.email(0), Some("ann@example.com"));
}

#[test]
fn every_segment_has_an_action_and_a_worth_on_one_basis() {
    // Without a model, worth is what the customers spent, and says so.
    let report = report(false);
    for s in &report.summary.rfm.segments {
        assert!(!s.action.is_empty(), "{}", s.segment);
        assert_eq!(s.worth_basis, "revenue");
        assert!((s.worth - s.revenue).abs() < 1e-9, "{}", s.segment);
        assert!(s.customers_with_email <= s.customers);
    }
    let total: u64 = report
        .summary
        .rfm
        .segments
        .iter()
        .map(|s| s.customers_with_email)
        .sum();
    assert_eq!(total, 4, "everyone but d");
}

#[test]
fn with_a_model_worth_sums_the_predictions_on_the_segments_basis() {
    let csv = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/sample-orders.csv"),
    )
    .expect("sample");
    let report = analyze(&csv[..], &AnalysisOptions::new()).expect("sample analyses");
    assert_eq!(report.summary.win_back.value_basis, "expected_value_lost");
    for s in &report.summary.rfm.segments {
        let rows =
            (0..report.customers.len()).filter(|&i| report.customers[i].segment == s.segment);
        let action = clv_engine::rfm::actions::action_for(&s.segment);
        let expected: f64 = rows
            .filter_map(|i| report.prediction(i))
            .filter_map(|p| match action.worth {
                clv_engine::rfm::actions::WorthBasis::PredictedClv => p.predicted_clv,
                clv_engine::rfm::actions::WorthBasis::ExpectedValueLost => p.expected_value_lost,
            })
            .sum();
        assert_eq!(s.worth_basis, action.worth.name(), "{}", s.segment);
        assert!(
            (s.worth - expected).abs() < 1e-6 * expected.max(1.0),
            "{}",
            s.segment
        );
        assert_eq!(s.action, action.key);
        // The sample is keyed by e-mail: everyone can be reached.
        assert_eq!(s.customers_with_email, s.customers);
    }
    let champions = ContactList::Segment("Champions".into());
    let file = contacts_csv(&report, &champions, ContactTool::Klaviyo);
    let count = report.summary.rfm.segments[0].customers;
    assert_eq!(file.customers, count);
    assert_eq!(file.text.split("\r\n").count() as u64, count + 2);
    assert_eq!(file.name, "champions-klaviyo.csv");
    // Predicted CLV in cents, P(alive) in 4 places at most.
    let first = file.text.split("\r\n").nth(1).expect("a champion");
    let cells: Vec<&str> = first.split(',').collect();
    let decimals = |cell: &str| cell.split('.').nth(1).map_or(0, str::len);
    assert!(decimals(cells[4]) <= 2 && !cells[4].is_empty(), "{first}");
    assert!(decimals(cells[5]) <= 4 && !cells[5].is_empty(), "{first}");
}
