//! Every input the fuzzers found a failure with, kept under `fuzz/regressions/<target>/<name>`
//! and run through the very checks the fuzz targets run (`fuzz/src/checks.rs`), one named test
//! each. Add one with `regression!(target, name)` after saving the input (see TESTING.md).

#[path = "../../fuzz/src/checks.rs"]
#[allow(dead_code)]
mod checks;

macro_rules! regression {
    ($target:ident, $name:ident) => {
        #[test]
        fn $name() {
            let input = include_bytes!(concat!(
                "../../fuzz/regressions/",
                stringify!($target),
                "/",
                stringify!($name)
            ));
            regression!(@run $target, input);
        }
    };
    (@run import, $input:expr) => {
        checks::check_import($input)
    };
    (@run analysis, $input:expr) => {
        checks::check_analysis($input)
    };
}

/// The checks themselves catch what they promise to (a check that cannot fail proves nothing).
#[test]
fn the_checks_run_on_a_clean_file() {
    checks::check_import(b"\0\0\0customer_id,date,amount\na,2024-01-01,5\nb,2024-01-02,7\n");
    checks::check_analysis(&[2, 3, 1, 0, 0, 0, 1, 10]);
}

// A year-4048 date among 2024 orders: cohort tables sized by the square of the month span.
regression!(import, cohorts_sized_by_month_span);
