//! Every format the importer reads, from small fixtures in `tests/data/` written for this
//! purpose, with the exact customers, orders, revenue and first/last dates they hold.

use clv_engine::import::{preview, DateOrder, ImportOptions, Preset, Role, StreamingImport};
use clv_engine::{analyze, read_orders, AnalysisOptions, Report, TimeUnit};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn report(name: &str) -> Report {
    report_with(name, AnalysisOptions::new())
}

/// The report of a fixture, without the customer-base models (too few customers here; their
/// refusal is tested with the models).
fn report_with(name: &str, options: AnalysisOptions) -> Report {
    let options = options.models(clv_engine::ModelOptions::new().enabled(false));
    analyze(&fixture(name), &options).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// (customers, orders, revenue, first order date, last order date)
fn kpis(r: &Report) -> (u64, u64, f64, String, String) {
    let k = &r.summary.kpis;
    let revenue = (k.revenue * 100.0).round() / 100.0;
    (
        k.customers,
        k.orders,
        revenue,
        k.first_order_date.to_string(),
        k.last_order_date.to_string(),
    )
}

fn kpis_of(
    customers: u64,
    orders: u64,
    revenue: f64,
    first: &str,
    last: &str,
) -> (u64, u64, f64, String, String) {
    (
        customers,
        orders,
        revenue,
        first.to_string(),
        last.to_string(),
    )
}

/// (total, imported, merged, skipped), checking the identity on the way.
fn rows(r: &Report) -> (u64, u64, u64, u64) {
    let c = r.summary.rows;
    assert_eq!(
        c.imported + c.merged + c.skipped,
        c.total,
        "rows must add up"
    );
    assert_eq!(
        c.skipped as usize,
        r.summary.skipped_rows.len(),
        "every skipped row is listed"
    );
    (c.total, c.imported, c.merged, c.skipped)
}

/// Codes of the importer's warnings (the analytics' own, e.g. `rfm_fewer_*_scores` on these tiny
/// fixtures, are tested with the analytics).
fn codes(r: &Report) -> Vec<&str> {
    r.summary
        .warnings
        .iter()
        .map(|w| w.code())
        .filter(|code| !code.starts_with("rfm_"))
        .collect()
}

#[test]
fn shopify_line_items_refunds_voids_and_email_case() {
    let r = report("shopify_orders.csv");
    assert_eq!(r.summary.import.preset, Some(Preset::Shopify));
    // #1001 (2 rows) 100 + #1002 50 + #1003 (3 rows) 80 − 30 + #1006 0 (free) + #1008 125.50
    // + #1009 70 − 10; #1004 refunded (2 rows), #1005 voided, #1007 cancelled are left out.
    assert_eq!(kpis(&r), kpis_of(4, 6, 385.5, "2024-01-05", "2024-03-20"));
    assert_eq!(rows(&r), (13, 6, 3, 4));
    let ann = r
        .customers
        .iter()
        .find(|c| c.customer_id == "ann@example.com")
        .unwrap();
    assert_eq!((ann.orders, ann.revenue), (3, 210.0));
    let carol = r
        .customers
        .iter()
        .find(|c| c.customer_id == "carol@example.com")
        .unwrap();
    assert_eq!((carol.orders, carol.revenue), (1, 0.0));
    let lines: Vec<u64> = r.summary.skipped_rows.iter().map(|s| s.line).collect();
    assert_eq!(lines, vec![9, 10, 11, 13]);
    assert_eq!(
        r.summary.skipped_rows[3].column.as_deref(),
        Some("Cancelled at")
    );
    assert!(
        r.summary.skipped_rows[1]
            .reason
            .to_string()
            .contains("#1004"),
        "{:?}",
        r.summary.skipped_rows[1]
    );
    // The page words the reason from its code and params; the English reason stays.
    let skipped = &r.summary.skipped_rows[1];
    assert!(
        clv_engine::SKIP_REASON_CODES.contains(&skipped.reason.code()),
        "{skipped:?}"
    );
    assert_eq!(
        skipped.reason.params().get("order_id").map(String::as_str),
        Some("#1004")
    );
    assert!(
        skipped.reason.params().contains_key("status"),
        "{skipped:?}"
    );
    assert_eq!(codes(&r), vec!["orders_left_out", "partial_refunds"]);
}

#[test]
fn shopify_keeps_extra_columns_for_segmenting() {
    let got = read_orders(&fixture("shopify_orders.csv"), &ImportOptions::new()).unwrap();
    let source = got
        .log
        .attributes
        .iter()
        .find(|a| a.name == "Source")
        .unwrap();
    let per_order: Vec<Option<&str>> = (0..source.per_order.len())
        .map(|order| {
            source
                .value_of(order)
                .map(|i| source.values[i as usize].as_str())
        })
        .collect();
    assert_eq!(
        per_order,
        vec![
            Some("web"),
            Some("pos"),
            Some("web"),
            Some("instagram"),
            Some("web"),
            Some("web")
        ]
    );
    let tags = got
        .log
        .attributes
        .iter()
        .find(|a| a.name == "Tags")
        .unwrap();
    assert_eq!(tags.values[0], "vip, newsletter");
    // the first row's value is the order's
    let product = got
        .log
        .attributes
        .iter()
        .find(|a| a.name == "Lineitem name")
        .unwrap();
    assert_eq!(product.values[0], "Mug \"Large\"");
    // numeric columns and timestamps are no segments
    assert!(got
        .log
        .attributes
        .iter()
        .all(|a| a.name != "Subtotal" && a.name != "Paid at"));
    assert_eq!(got.log.quantity(2), Some(3.0));
    assert_eq!(got.log.order_id(0).as_deref(), Some("#1001"));
}

#[test]
fn woocommerce_statuses_and_guest_customers() {
    let r = report("woocommerce_orders.csv");
    assert_eq!(r.summary.import.preset, Some(Preset::WooCommerce));
    // 45 + (120 − 20) + 15.50 + 10; wc-refunded and wc-cancelled left out; guests keyed by e-mail
    assert_eq!(kpis(&r), kpis_of(3, 4, 170.5, "2024-04-01", "2024-04-08"));
    assert_eq!(rows(&r), (6, 4, 0, 2));
}

#[test]
fn stripe_payments() {
    let r = report("stripe_payments.csv");
    assert_eq!(r.summary.import.preset, Some(Preset::Stripe));
    // 49 + (100 − 25) + 30 + 1,000; Refunded and Failed left out; no customer id → e-mail
    assert_eq!(kpis(&r), kpis_of(3, 4, 1154.0, "2024-05-01", "2024-06-01"));
    assert_eq!(rows(&r), (6, 4, 0, 2));
    assert!(r.customers.iter().any(|c| c.customer_id == "guest@s.com"));
    assert!(codes(&r).contains(&"mixed_currencies"));
}

#[test]
fn cdnow_whitespace_zero_padded_ids_and_compact_dates() {
    let r = report("cdnow_small.txt");
    assert_eq!(r.summary.import.preset, Some(Preset::Cdnow));
    assert_eq!(r.summary.import.delimiter, "spaces");
    assert_eq!(kpis(&r), kpis_of(4, 6, 142.29, "1997-01-01", "1998-06-30"));
    assert_eq!(rows(&r), (6, 6, 0, 0));
    assert_eq!(r.customers[0].customer_id, "00001");
}

#[test]
fn windows_1251_semicolon_title_line_and_comma_decimals() {
    let r = report("windows1251_semicolon.csv");
    assert_eq!(
        (
            r.summary.import.encoding.as_str(),
            r.summary.import.delimiter.as_str()
        ),
        ("windows-1251", ";")
    );
    assert_eq!(r.summary.import.header_line, Some(2));
    // 1 234,56 + 99,00 + 500 + 10 000,00 − 9,00 (a return)
    assert_eq!(
        kpis(&r),
        kpis_of(4, 4, 11824.56, "2024-03-05", "2024-03-10")
    );
    assert_eq!(rows(&r), (5, 5, 0, 0));
    // Ids are compared as written: `иванов иван` is another customer than `Иванов Иван`.
    assert_eq!(r.customers[0].customer_id, "Иванов Иван");
    assert_eq!(r.customers[2].customer_id, "иванов иван");
    assert_eq!(codes(&r), vec!["negative_amounts_as_returns"]);
}

#[test]
fn windows_1250_polish_with_currency_suffix() {
    let r = report("windows1250_polish.csv");
    assert_eq!(r.summary.import.encoding, "windows-1250");
    assert_eq!(kpis(&r), kpis_of(3, 3, 1347.0, "2024-03-05", "2024-03-07"));
    assert_eq!(r.customers[0].customer_id, "Łukasz Żółć");
}

#[test]
fn windows_1252_accents_and_euro() {
    let r = report("windows1252_accents.csv");
    assert_eq!(r.summary.import.encoding, "windows-1252");
    assert_eq!(kpis(&r), kpis_of(3, 3, 50.0, "2024-01-10", "2024-02-01"));
    assert_eq!(r.customers[0].customer_id, "José Müller");
}

#[test]
fn utf16_excel_unicode_text_month_first_dates() {
    let r = report("utf16le_excel_unicode.txt");
    assert_eq!(
        (
            r.summary.import.encoding.as_str(),
            r.summary.import.delimiter.as_str()
        ),
        ("UTF-16LE", "tab")
    );
    // 3/25/2024 settles month-first, so 3/5/2024 is March 5.
    assert_eq!(r.summary.import.date_order, Some(DateOrder::MonthFirst));
    assert_eq!(kpis(&r), kpis_of(2, 3, 1249.56, "2024-03-05", "2024-04-01"));
    let r = report("utf16be_bom.csv");
    assert_eq!(r.summary.import.encoding, "UTF-16BE");
    assert_eq!(kpis(&r), kpis_of(2, 2, 4.0, "2024-03-05", "2024-03-06"));
}

#[test]
fn amounts_with_currencies_groups_and_negatives() {
    let r = report("amounts_currencies_returns.csv");
    assert_eq!(
        r.summary.import.decimal_separator,
        clv_engine::import::DecimalSeparator::Comma
    );
    // 1 234,56 ₽ + € 12,50 + 12,50 zł + 1.000,00 − (100,00) − −2,50 (two returns)
    assert_eq!(kpis(&r), kpis_of(3, 4, 2157.06, "2024-03-01", "2024-03-06"));
    assert_eq!(rows(&r), (6, 6, 0, 0));
    assert_eq!(
        codes(&r),
        vec!["negative_amounts_as_returns", "mixed_currencies"]
    );
}

#[test]
fn big5_traditional_chinese() {
    let r = report("big5_taiwan.csv");
    assert_eq!(r.summary.import.encoding, "Big5");
    // NT$1,234 + NT$88 + NT$2,000; dates 2024年3月5日, 2024/3/6, 2024/03/07 14:00
    assert_eq!(kpis(&r), kpis_of(2, 3, 3322.0, "2024-03-05", "2024-03-07"));
    assert!(codes(&r).contains(&"ambiguous_decimal_separator"));
}

#[test]
fn gbk_simplified_chinese() {
    let r = report("gbk_china.csv");
    assert_eq!(r.summary.import.encoding, "GBK");
    assert_eq!(kpis(&r), kpis_of(2, 3, 200.0, "2024-03-05", "2024-03-08"));
}

#[test]
fn latvian_title_quotes_blank_lines_and_ambiguous_dates() {
    let r = report("latvian_title_quotes.csv");
    assert_eq!(r.summary.import.header_line, Some(2));
    // Nothing settles 05/03 vs 03/05; comma decimals point to day-first: 5 March .. 7 April.
    assert_eq!(r.summary.import.date_order, Some(DateOrder::DayFirst));
    assert_eq!(kpis(&r), kpis_of(3, 3, 119.5, "2024-03-05", "2024-04-07"));
    assert_eq!(rows(&r), (3, 3, 0, 0));
    assert_eq!(codes(&r), vec!["ambiguous_date_order"]);
    assert_eq!(r.customers[0].customer_id, "Ozols, Jānis");
    // the one-click switch
    let options =
        AnalysisOptions::new().import(ImportOptions::new().date_order(DateOrder::MonthFirst));
    let r = report_with("latvian_title_quotes.csv", options);
    assert_eq!(kpis(&r), kpis_of(3, 3, 119.5, "2024-05-03", "2024-07-04"));
    assert!(codes(&r).is_empty());
}

#[test]
fn no_header_roles_from_values_or_named_by_the_user() {
    let r = report("no_header_excel_serial.csv");
    assert_eq!(r.summary.import.header_line, None);
    // Excel serials 45356, 45357, 45400 = 2024-03-05, 2024-03-06, 2024-04-18
    assert_eq!(kpis(&r), kpis_of(2, 3, 35.75, "2024-03-05", "2024-04-18"));
    assert_eq!(codes(&r), vec!["no_header"]);
    let named = ImportOptions::new()
        .has_header(false)
        .columns("customer=1,date=2,amount=3")
        .unwrap();
    let r = report_with(
        "no_header_excel_serial.csv",
        AnalysisOptions::new().import(named),
    );
    assert_eq!(kpis(&r), kpis_of(2, 3, 35.75, "2024-03-05", "2024-04-18"));
    assert!(codes(&r).is_empty());
}

#[test]
fn header_less_file_that_cannot_be_guessed_says_so() {
    let err = read_orders(
        b"ann,bob\ncid,dan\n",
        &ImportOptions::new().has_header(false),
    )
    .unwrap_err();
    assert!(err.to_string().contains("no header row"), "{err}");
}

#[test]
fn per_customer_summary_skips_the_order_stage() {
    let end = chrono::NaiveDate::from_ymd_opt(1997, 9, 30).unwrap();
    let import = ImportOptions::new().summary_period(TimeUnit::Weeks, Some(end));
    let got = read_orders(&fixture("customer_summary.csv"), &import).unwrap();
    let summary = got.customer_summary.as_ref().unwrap();
    assert_eq!(summary.len(), 3);
    assert_eq!(
        (summary[0].frequency, summary[0].recency, summary[0].t),
        (2.0, 30.43, 38.86)
    );
    assert_eq!(summary[1].monetary_value, None);
    let r = report_with(
        "customer_summary.csv",
        AnalysisOptions::new()
            .time_unit(TimeUnit::Weeks)
            .import(import),
    );
    assert_eq!(r.summary.import.preset, Some(Preset::CustomerSummary));
    assert_eq!(r.summary.analysis_date, end);
    assert_eq!(r.summary.kpis.customers, 3);
    assert_eq!(r.summary.kpis.first_order_date.to_string(), "1997-01-01"); // 38.86 weeks = 272 days before
    let freq: Vec<u32> = r.customers.iter().map(|c| c.frequency).collect();
    assert_eq!(freq, vec![2, 0, 1]);
}

#[test]
fn user_mapping_overrides_detection() {
    let text = "Customer,E-mail,Date,Total,Net\nA1,a@x,2024-01-01,10,8\nA1,a@x,2024-01-02,20,16\n";
    let options = ImportOptions::new()
        .columns("customer=E-mail,amount=Net")
        .unwrap();
    let got = read_orders(text.as_bytes(), &options).unwrap();
    assert_eq!(got.log.customers, vec!["a@x"]);
    assert_eq!(got.log.orders.iter().map(|o| o.amount).sum::<f64>(), 24.0);
    let amount = got
        .info
        .columns
        .iter()
        .find(|c| c.role == Some(Role::Amount))
        .unwrap();
    assert_eq!(amount.header, "Net");
}

#[test]
fn generic_line_items_duplicates_returns_and_future_dates() {
    let text = "order_id,customer_id,date,amount,quantity\n\
                O1,c1,2024-01-01,10,1\n\
                O1,c1,2024-01-01,5,2\n\
                O2,c2,2024-01-02,7,1\n\
                O2,c3,2024-01-03,3,1\n\
                ,c2,2024-01-05,-2,\n\
                O3,c1,2030-01-01,1,1\n";
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let got = read_orders(text.as_bytes(), &ImportOptions::new().today(today)).unwrap();
    assert_eq!(
        (
            got.rows.total,
            got.rows.imported,
            got.rows.merged,
            got.rows.skipped
        ),
        (6, 4, 2, 0)
    );
    assert_eq!(got.log.orders[0].amount, 15.0);
    assert_eq!(got.log.quantity(0), Some(3.0));
    assert_eq!(got.log.orders[1].amount, 10.0);
    assert_eq!(got.log.returns[0].amount, 2.0);
    let codes: Vec<&str> = got.warnings.iter().map(|w| w.code()).collect();
    assert_eq!(
        codes,
        vec![
            "negative_amounts_as_returns",
            "duplicate_order_ids",
            "future_dates"
        ]
    );
}

/// Guards the merge of an order's rows that are not next to each other (whoever makes the
/// order-id index cheaper must keep this).
#[test]
fn line_items_far_from_their_order_are_still_merged() {
    let text = "order_id,email,date,total,status\n\
                A,ann@x,2024-01-01,10,paid\n\
                B,bob@x,2024-01-02,5,paid\n\
                A,,,,\n\
                C,cid@x,2024-01-03,7,voided\n\
                A,ann@x,2024-01-01,-3,\n\
                C,,,,\n";
    let got = read_orders(text.as_bytes(), &ImportOptions::new()).unwrap();
    assert_eq!(
        (
            got.rows.total,
            got.rows.imported,
            got.rows.merged,
            got.rows.skipped
        ),
        (6, 2, 2, 2)
    );
    assert_eq!(got.log.orders[0].amount, 7.0); // 10 − 3, the later line is part of A
    assert!(got.log.returns.is_empty());
    assert_eq!(got.skipped_rows[1].line, 7);
}

#[test]
fn streaming_in_any_chunk_size_gives_the_same_result() {
    for name in [
        "shopify_orders.csv",
        "windows1251_semicolon.csv",
        "utf16le_excel_unicode.txt",
        "big5_taiwan.csv",
        "latvian_title_quotes.csv",
    ] {
        let bytes = fixture(name);
        let whole = read_orders(&bytes, &ImportOptions::new()).unwrap();
        for size in [1, 2, 3, 5, 64] {
            let mut import = StreamingImport::new(ImportOptions::new())
                .with_total_bytes(bytes.len() as u64)
                .unwrap();
            for chunk in bytes.chunks(size) {
                import.push(chunk).unwrap();
            }
            assert_eq!(import.progress().fraction(), 1.0);
            let got = import.finish().unwrap();
            assert_eq!(got, whole, "{name} in chunks of {size}");
        }
    }
}

#[test]
fn large_files_are_refused_up_front_with_a_plain_message() {
    let err = StreamingImport::new(ImportOptions::new().max_bytes(1_000_000))
        .with_total_bytes(2_500_000_000)
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("2500 MB, more than the 1 MB"),
        "{err}"
    );
    let err = read_orders(
        b"customer,date,amount\na,2024-01-01,1\nb,2024-01-01,1\nc,2024-01-01,1\n",
        &ImportOptions::new().max_rows(2),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Line 4: the file has more than 2 rows"),
        "{err}"
    );
}

#[test]
fn a_flood_of_skipped_rows_is_counted_but_not_all_listed() {
    let mut text = String::from("customer,date,amount\n");
    text.push_str(&"ann,not a date,1\n".repeat(100_050));
    text.push_str("ann,2024-01-01,1\n");
    let got = read_orders(text.as_bytes(), &ImportOptions::new()).unwrap();
    assert_eq!(
        (got.rows.total, got.rows.imported, got.rows.skipped),
        (100_051, 1, 100_050)
    );
    assert_eq!(got.skipped_rows.len(), 100_000);
    let not_listed = got
        .warnings
        .iter()
        .find(|w| w.code() == "skipped_rows_not_listed")
        .unwrap();
    assert_eq!(not_listed.params()["skipped"], "100050");
    assert_eq!(not_listed.params()["listed"], "100000");
}

#[test]
fn preview_shows_every_decision_and_the_first_rows() {
    let bytes = fixture("windows1251_semicolon.csv");
    let p = preview(&bytes, true, &ImportOptions::new()).unwrap();
    assert_eq!(
        (p.info.encoding.as_str(), p.info.delimiter.as_str()),
        ("windows-1251", ";")
    );
    assert_eq!(p.info.header_line, Some(2));
    assert_eq!(
        p.headers,
        vec!["Дата", "Номер", "Контрагент", "Сумма", "Канал"]
    );
    assert_eq!(p.info.columns[2].role, Some(Role::Customer));
    assert_eq!(p.rows.len(), 5);
    assert_eq!(p.rows[0].amount, Some(1234.56));
    assert_eq!(
        p.rows[0].date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-05")
    );
    assert_eq!(p.rows[3].note.as_deref(), Some("a return"));
    assert_eq!(p.date_order, DateOrder::DayFirst);
    let json = serde_json::to_string(&p).unwrap();
    assert!(json.contains("\"decimal_separator\":\"comma\""), "{json}");
    // a cut-off start of a file: the partial last line is not shown
    let p = preview(
        &fixture("shopify_orders.csv")[..900],
        false,
        &ImportOptions::new(),
    )
    .unwrap();
    assert_eq!(p.info.preset, Some(Preset::Shopify));
    assert_eq!(
        p.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        vec![2, 3, 4, 6]
    );
    assert_eq!(p.rows[2].customer.as_deref(), Some("ann@example.com"));
}

/// The original CDNOW file (`tests/data/cdnow/`).
#[test]
fn original_cdnow_file() {
    let bytes = crate::test_data::cdnow("CDNOW_master.txt");
    let r = analyze(&bytes, &AnalysisOptions::new()).unwrap();
    assert_eq!(r.summary.kpis.customers, 23_570);
    assert_eq!(rows(&r), (69_659, 69_659, 0, 0));
    assert_eq!(
        (
            r.summary.kpis.first_order_date.to_string(),
            r.summary.kpis.last_order_date.to_string()
        ),
        ("1997-01-01".into(), "1998-06-30".into())
    );
}
