//! Bytes → orders, with reading options chosen by the first bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| clv_fuzz::checks::check_import(data));
