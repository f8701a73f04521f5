//! No input makes the importer panic, and every row is accounted for.

use clv_engine::import::{preview, ImportOptions, StreamingImport};
use clv_engine::read_orders;
use proptest::prelude::*;

fn check_accounting(bytes: &[u8]) {
    if let Ok(got) = read_orders(bytes, &ImportOptions::new()) {
        let r = got.rows;
        assert_eq!(r.imported + r.merged + r.skipped, r.total);
        assert_eq!(r.skipped as usize, got.skipped_rows.len());
    }
    let _ = preview(bytes, true, &ImportOptions::new());
    let _ = preview(bytes, false, &ImportOptions::new());
}

/// A cell as shops write them, or garbage.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z@. ]{0,12}",
        "-?[0-9]{1,6}([.,][0-9]{1,3})?",
        "[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}",
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]( [0-9:]{8})?",
        "\"[^\"]{0,10}\"",
        "[€$zł()−年月日\u{a0} ,;\"\t\r\n]{0,6}",
        Just("cancelled".to_string()),
        Just("#1001".to_string()),
    ]
}

fn csv_like() -> impl Strategy<Value = String> {
    let header = prop_oneof![
        Just("customer,date,amount,order_id,status,refunded".to_string()),
        Just(
            "Name,Email,Financial Status,Total,Created at,Lineitem quantity,Refunded Amount"
                .to_string()
        ),
        Just("customer_id;frequency;recency;T".to_string()),
        Just(String::new()),
    ];
    let delimiter = prop_oneof![Just(","), Just(";"), Just("\t"), Just("  ")];
    (
        header,
        delimiter,
        prop::collection::vec(prop::collection::vec(cell(), 0..8), 0..30),
        prop::bool::ANY,
    )
        .prop_map(|(header, d, rows, crlf)| {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut out = header.replace(',', d);
            out.push_str(eol);
            for row in rows {
                out.push_str(&row.join(d));
                out.push_str(eol);
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2_000)) {
        check_accounting(&bytes);
    }

    #[test]
    fn csv_shaped_input_never_panics_and_rows_add_up(text in csv_like()) {
        check_accounting(text.as_bytes());
    }

    #[test]
    fn chunking_never_changes_the_result(text in csv_like(), size in 1usize..40) {
        let whole = read_orders(text.as_bytes(), &ImportOptions::new());
        let mut import = StreamingImport::new(ImportOptions::new());
        let mut pushed = Ok(());
        for chunk in text.as_bytes().chunks(size) {
            pushed = pushed.and_then(|_| import.push(chunk));
        }
        let streamed = pushed.and_then(|_| import.finish());
        prop_assert_eq!(whole, streamed);
    }
}
