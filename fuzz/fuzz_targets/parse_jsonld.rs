#![no_main]
//! Fuzzes `jobfeed parse --kind jsonld`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| jobfeed_fuzz::fuzz_parse(
    data,
    jobfeed_parse::Kind::JsonLd
));
