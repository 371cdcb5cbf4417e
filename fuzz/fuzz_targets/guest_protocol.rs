#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rlvr_code::fuzz_guest_message(data));
