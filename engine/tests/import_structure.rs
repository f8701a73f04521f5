//! Files whose structure is broken the ways real exports break it: line ends of old Macs,
//! delimiters at the ends of data rows, rows wider or narrower than the header, quotes never
//! closed, over-long lines. Each is read in one piece and cut into small chunks (every chunk
//! boundary), with the same result, and its rows always add up.

use clv_engine::import::{ImportOptions, SkipReason, StreamingImport};
use clv_engine::{read_orders, Error, ImportError, ImportErrorKind, Imported, Warning};

/// Reads `bytes` whole and in chunks of 1 to 7 bytes, checks the results agree and the rows
/// add up, and hands back the whole read.
fn read(bytes: &[u8]) -> Imported {
    let whole = read_orders(bytes, &ImportOptions::new()).unwrap_or_else(|e| panic!("{e}"));
    for size in 1..=7 {
        let mut import = StreamingImport::new(ImportOptions::new());
        for chunk in bytes.chunks(size) {
            import.push(chunk).unwrap();
        }
        let chunked = import.finish().unwrap();
        assert_eq!(chunked, whole, "chunks of {size}");
    }
    let r = whole.rows;
    assert_eq!(
        r.imported + r.merged + r.skipped,
        r.total,
        "rows must add up"
    );
    assert_eq!(r.skipped as usize, whole.skipped_rows.len());
    whole
}

fn order_lines(got: &Imported) -> Vec<u64> {
    (0..got.log.orders.len()).map(|i| got.log.line(i)).collect()
}

fn skipped(got: &Imported) -> Vec<(u64, Option<&str>, &'static str)> {
    got.skipped_rows
        .iter()
        .map(|s| (s.line, s.column.as_deref(), s.reason.code()))
        .collect()
}

#[test]
fn cr_only_and_mixed_line_ends_each_end_a_line() {
    let cr = read(b"customer,date,amount\rann,2024-01-01,10\rbob,2024-01-02,5\rcy,soon,1\r");
    assert_eq!(order_lines(&cr), [2, 3]);
    assert_eq!(skipped(&cr), [(4, Some("date"), "not_a_date")]);
    let mixed = read(
        b"customer;date;amount\r\nann;2024-01-01;10\rbob;2024-01-02;5\n\"cy\rjr\";2024-01-03;7\r\ndi;x;1\n\r\nea;2024-01-05;2",
    );
    assert_eq!(order_lines(&mixed), [2, 3, 4, 8]);
    assert_eq!(mixed.log.customers[2], "cy\rjr");
    assert_eq!(skipped(&mixed), [(6, Some("date"), "not_a_date")]);
    assert_eq!(mixed.rows.total, 5); // line 7 is blank: no row
}

#[test]
fn delimiters_at_the_end_of_data_rows_only_are_nothing() {
    let got =
        read(b"customer,date,amount\nann,2024-01-01,10,\nbob,2024-01-02,5,,,\ncy,2024-01-03,1,\n");
    assert_eq!(got.info.header_line, Some(1));
    assert_eq!(got.rows.imported, 3);
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    let got = read(b"Klients;Datums;Summa\nAnna;05.03.2024;12,50;\nBen;06.03.2024;1,00;\n");
    assert_eq!(got.info.header_line, Some(1));
    assert_eq!(got.log.orders[0].amount, 12.5);
}

#[test]
fn fields_beyond_the_header_are_named_in_a_warning() {
    let got = read(
        b"customer,date,amount\nann,2024-01-01,10\nbob,2024-01-02,5,gift,wrap\ncy,2024-01-03,1\n\
          di,2024-01-04,2,,note\nea,2024-01-05,3,\n",
    );
    assert_eq!(got.rows.imported, 5);
    let extra: Vec<&Warning> = got
        .warnings
        .iter()
        .filter(|w| w.code() == "extra_fields")
        .collect();
    assert_eq!(
        extra,
        [&Warning::ExtraFields {
            rows: 2,
            lines: vec![3, 5],
            columns: 3,
            dropped: vec!["gift".into(), "wrap".into()],
        }]
    );
    let text = extra[0].to_string();
    assert!(
        text.contains("lines 3, 5") && text.contains("`gift | wrap` on line 3"),
        "{text}"
    );
    assert_eq!(extra[0].params()["lines"], "3, 5");
}

#[test]
fn rows_with_fewer_fields_miss_those_cells() {
    let got = read(
        b"customer,date,amount,channel\nann,2024-01-01,10\nbob,2024-01-02\ncy,2024-01-03,1,web\n",
    );
    assert_eq!(order_lines(&got), [2, 4]);
    assert_eq!(skipped(&got), [(3, Some("amount"), "no_amount")]);
}

/// Nine data rows, the third with a quote never closed.
const NINE_ROWS_ONE_BROKEN: &str = "id,customer,date,amount\n\
    1,ann,2024-01-01,10\n\
    2,bob,2024-01-02,20\n\
    3,\"cy,2024-01-03,30\n\
    4,di,2024-01-04,40\n\
    5,\"ea\",2024-01-05,50\n\
    6,fy,2024-01-06,60\n\
    7,\"gu\",2024-01-07,70\n\
    8,ho,2024-01-08,80\n\
    9,iv,2024-01-09,90\n";

#[test]
fn an_unclosed_quote_leaves_out_its_own_row_only() {
    let got = read(NINE_ROWS_ONE_BROKEN.as_bytes());
    assert_eq!(got.rows.total, 9);
    assert_eq!((got.rows.imported, got.rows.skipped), (8, 1));
    assert_eq!(order_lines(&got), [2, 3, 5, 6, 7, 8, 9, 10]);
    assert_eq!(skipped(&got), [(4, Some("customer"), "unclosed_quote")]);
    assert_eq!(
        got.skipped_rows[0].reason,
        SkipReason::UnclosedQuote {
            text: "\"cy,2024-01-03,30".into()
        }
    );
    // The same when no other quote is in the file, and on the last row without a line end.
    let plain = NINE_ROWS_ONE_BROKEN
        .replace("\"ea\"", "ea")
        .replace("\"gu\"", "gu");
    assert_eq!(
        skipped(&read(plain.as_bytes())),
        [(4, Some("customer"), "unclosed_quote")]
    );
    let last = "id,customer,date,amount\n1,ann,2024-01-01,10\n2,\"bob,2024-01-02,20";
    assert_eq!(
        skipped(&read(last.as_bytes())),
        [(3, Some("customer"), "unclosed_quote")]
    );
}

#[test]
fn an_unclosed_quote_on_the_first_data_row_says_where_and_which() {
    let got = read(b"customer,date,amount\n\"ann,2024-01-01,10\nbob,2024-01-02,5\n");
    assert_eq!(skipped(&got), [(2, Some("customer"), "unclosed_quote")]);
    assert_eq!(got.rows.imported, 1);
    let alone = read(b"customer,date,amount\nann,\"2024-01-01,10\n");
    assert_eq!(alone.rows.total, 1);
    assert_eq!(skipped(&alone), [(2, Some("date"), "unclosed_quote")]);
    let reason = alone.skipped_rows[0].reason.to_string();
    assert!(
        reason.contains("quote (\")") && reason.contains("`\"2024-01-01,10`"),
        "{reason}"
    );
}

#[test]
fn quoted_fields_over_several_lines_still_read_as_one_cell() {
    // As Shopify writes addresses and notes: quoted, with line breaks and commas inside.
    let text = "Name,Email,Created at,Total,Shipping Address1,Notes\r\n\
        #1001,ann@x.com,2024-03-01 10:00:00 +0100,10.00,\"Main St 1\r\nApt 4, Floor 2\",\"call \"\"first\"\"\nthen ring\"\r\n\
        #1002,bob@x.com,2024-03-02 10:00:00 +0100,5.00,\"Elm St 2\",\r\n\
        #1003,cy@x.com,2024-03-03 10:00:00 +0100,7.50,\"Oak St 3\n\n, Unit 9\",\"\"\r\n";
    let got = read(text.as_bytes());
    assert_eq!(got.rows.total, 3);
    assert_eq!(order_lines(&got), [2, 5, 6]);
    assert!(got.skipped_rows.is_empty());
    let notes = got
        .log
        .attributes
        .iter()
        .find(|a| a.name == "Notes")
        .unwrap();
    assert!(notes
        .values
        .iter()
        .any(|v| v == "call \"first\"\nthen ring"));
}

#[test]
fn an_over_long_row_is_left_out_with_its_length() {
    let long = "x".repeat(3_000_000);
    let text = format!(
        "customer,date,amount,note\nann,2024-01-01,10,ok\nbob,2024-01-02,5,{long}\ncy,2024-01-03,1,ok\n"
    );
    let whole = read_orders(text.as_bytes(), &ImportOptions::new()).unwrap();
    assert_eq!(whole.rows.total, 3);
    assert_eq!(skipped(&whole), [(3, None, "row_too_long")]);
    assert_eq!(
        whole.skipped_rows[0].reason,
        SkipReason::RowTooLong {
            bytes: long.len() as u64 + 17, // with `bob,2024-01-02,5,`
            limit: 1 << 20
        }
    );
    for size in [4_099, 65_536] {
        let mut import = StreamingImport::new(ImportOptions::new());
        for chunk in text.as_bytes().chunks(size) {
            import.push(chunk).unwrap();
        }
        assert_eq!(import.finish().unwrap(), whole, "chunks of {size}");
    }
}

#[test]
fn a_file_that_is_one_huge_line_says_so() {
    let line = "customer,date,amount,".repeat(500_000); // 10.5 MB, no line end
    let err = read_orders(line.as_bytes(), &ImportOptions::new()).unwrap_err();
    match &err {
        Error::Import(ImportError {
            kind: ImportErrorKind::LineTooLong { bytes, limit },
            line: Some(1),
            ..
        }) => {
            assert!(*bytes > 1 << 20 && *limit == 1 << 20, "{err}");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(err.code(), "line_too_long");
    // Pushed in one piece, its whole length is known.
    let mut import = StreamingImport::new(ImportOptions::new());
    let err = match import.push(line.as_bytes()) {
        Err(e) => e,
        Ok(()) => import.finish().unwrap_err(),
    };
    match err {
        Error::Import(ImportError {
            kind: ImportErrorKind::LineTooLong { bytes, .. },
            ..
        }) => assert_eq!(bytes, line.len() as u64),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_windows_1251_file_with_cyrillic_only_in_the_header_and_prefixes() {
    let mut text = String::from("Номер документа;Контрагент;Дата;Сумма\r\n");
    for i in 1..=30 {
        text.push_str(&format!(
            "РН-{i:05};K{:03};0{}.03.2024;{i}0,50\r\n",
            i % 7,
            1 + i % 9
        ));
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
    let got = read(&bytes);
    assert_eq!(
        (
            got.info.encoding.as_str(),
            got.info.encoding_source.as_str()
        ),
        ("windows-1251", "detected")
    );
    let headers: Vec<&str> = got.info.columns.iter().map(|c| c.header.as_str()).collect();
    assert_eq!(headers, ["Номер документа", "Контрагент", "Дата", "Сумма"]);
    assert_eq!(got.rows.imported, 30);
    // The user's choice still wins.
    let chosen = ImportOptions::new().encoding("cp1250");
    let err = read_orders(&bytes, &chosen).unwrap_err();
    assert!(err.to_string().contains("Ęîíňđŕăĺíň"), "{err}");
}
