//! `clv report` on a Shopify-shaped export with a product per line item: the customers by the
//! product(s) of their first order, in JSON and in the text summary (issue 15, item 2).

use assert_cmd::Command;
use std::path::PathBuf;

/// Orders of three customers, one row per line item; a's first order holds two products.
///
/// - a: #1001 2023-01-05 Beans + Grinder 30, #1003 2023-01-25 Filters 15 → 20 days; 45 in the
///   first 12 months (to 2024-01-05, before the analysis date 2024-06-01)
/// - b: #1002 2023-02-01 Beans 20, #1004 2023-03-03 Tea 10 → 30 days; 30 in 12 months
/// - c: #1005 2024-06-01 Tea 40: no second order, less than 12 months of history
const SHOP: &str = "\
Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem name
#1001,a@example.com,paid,30.00,2023-01-05 10:00:00 +0200,1,Beans
#1001,a@example.com,,,2023-01-05 10:00:00 +0200,1,Grinder
#1002,b@example.com,paid,20.00,2023-02-01 09:00:00 +0200,1,Beans
#1003,a@example.com,paid,15.00,2023-01-25 12:00:00 +0200,1,Filters
#1004,b@example.com,paid,10.00,2023-03-03 12:00:00 +0200,2,Tea
#1005,c@example.com,paid,40.00,2024-06-01 12:00:00 +0200,1,Tea
";

fn shop() -> PathBuf {
    let path = std::env::temp_dir().join(format!("clv-products-{}.csv", std::process::id()));
    std::fs::write(&path, SHOP).unwrap();
    path
}

fn report(args: &[&str]) -> String {
    let out = Command::cargo_bin("clv")
        .unwrap()
        .arg("report")
        .arg(shop())
        .args(["--no-models", "--margin", "0.5"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn json_groups_customers_by_each_product_of_their_first_order() {
    let json: serde_json::Value = serde_json::from_str(&report(&["--format", "json"])).unwrap();
    let p = &json["first_products"];
    assert_eq!(p["column"], "Lineitem name");
    assert_eq!(p["assigned_by"], "each_product_of_first_order");
    assert_eq!(
        (p["customers"].as_u64(), p["distinct_products"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(p["customers_with_clv_history"], 2);
    assert!(p["other"].is_null());
    let rows: Vec<_> = p["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["product"].as_str().unwrap(),
                r["customers"].as_u64().unwrap(),
                r["repeat_rate"].as_f64().unwrap(),
                r["median_days_to_second_order"].as_f64(),
                r["twelve_month_clv"].as_f64(),
                r["second_order_product"].as_str(),
                r["second_order_product_share"].as_f64(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // a and b: (20 + 30) / 2 days; (45 + 30) / 2 × margin 0.5; Filters and Tea tie
            (
                "Beans",
                2,
                1.0,
                Some(25.0),
                Some(18.75),
                Some("Filters"),
                Some(0.5)
            ),
            // a alone; ties with Tea on customers, first by name
            (
                "Grinder",
                1,
                1.0,
                Some(20.0),
                Some(22.5),
                Some("Filters"),
                Some(1.0)
            ),
            ("Tea", 1, 0.0, None, None, None, None),
        ]
    );
}

#[test]
fn text_shows_the_table() {
    let text = report(&[]);
    assert!(text.contains("By first product (Lineitem name;"), "{text}");
    let table = text.split("By first product").nth(1).unwrap_or_default();
    let line = |product: &str| {
        table
            .lines()
            .find(|l| l.trim_start().starts_with(product))
            .unwrap_or_else(|| panic!("no {product} line in {text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        line("Beans"),
        "Beans 2 100.0 % 25 18.75 (2) Filters (50.0 %)"
    );
    assert_eq!(line("Tea"), "Tea 1 0.0 % - -  -".replace("  ", " "));
    assert!(
        text.contains("12-month CLV (profit at 50 % margin) is counted over the 2 of 3 customers"),
        "{text}"
    );
}
