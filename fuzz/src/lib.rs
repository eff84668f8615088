//! Shared body of the fuzz targets: parse arbitrary bytes as one format,
//! with and without a base URL. Any panic is a bug.

use jobfeed_parse::{Kind, ParseContext, parse_bytes};

/// Parses `data` as `kind`; the result does not matter, only that it
/// returns.
pub fn fuzz_parse(data: &[u8], kind: Kind) {
    let with_base = ParseContext {
        base_url: url::Url::parse("https://jobs.example.dk/a/").ok(),
        ..ParseContext::default()
    };
    for ctx in [ParseContext::default(), with_base] {
        let _ = parse_bytes(data, kind, &ctx);
    }
}
