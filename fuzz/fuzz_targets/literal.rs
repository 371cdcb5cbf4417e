#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    rlvr_fuzz_targets::on_worker_stack(data, rlvr_fuzz_targets::literal);
});
