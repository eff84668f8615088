#![no_main]
//! Fuzzes `jobfeed parse --kind jsonfeed`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| jobfeed_fuzz::fuzz_parse(
    data,
    jobfeed_parse::Kind::JsonFeed
));
