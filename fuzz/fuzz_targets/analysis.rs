//! Arbitrary orders or per-customer summaries and option values → the whole report.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| clv_fuzz::checks::check_analysis(data));
