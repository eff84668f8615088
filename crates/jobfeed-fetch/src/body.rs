//! Response bodies: read chunk by chunk under two caps, and decode
//! `Content-Encoding` (gzip, deflate, br) on the way.
//!
//! reqwest's own decompression is switched off because it hides the wire
//! size: here the compressed bytes count against the body cap and the decoded
//! bytes against the decompressed cap, each checked as the data arrives, so a
//! gzip bomb or an endless body stops at a cap instead of filling memory.
//! [`read_body`] does the reading, [`BodyLimits`] says how much and what to do
//! at the cap (fail, or keep the start, which robots.txt and error snippets
//! want), and [`BodyError`] says why reading stopped.

use std::io::{self, Write};

use brotli_decompressor::DecompressorWriter;
use flate2::write::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};
use reqwest::header::CONTENT_ENCODING;

use crate::error::SizeLimit;

/// Internal buffer of the brotli decoder.
const BROTLI_BUFFER: usize = 32 * 1024;

/// What to do when a body reaches a cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AtCap {
    /// Fail with [`BodyError::TooLarge`].
    Fail,
    /// Stop reading and keep what was decoded so far.
    Truncate,
}

/// Size caps for one body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimits {
    /// Most bytes read from the wire.
    pub(crate) wire: u64,
    /// Most bytes after decoding.
    pub(crate) decoded: u64,
    /// Behaviour at either cap.
    pub(crate) at_cap: AtCap,
}

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// A cap was reached with [`AtCap::Fail`].
    TooLarge(SizeLimit),
    /// The encoding is unknown or the compressed data is broken.
    Decode { encoding: String, reason: String },
    /// The transfer itself failed or timed out.
    Transport(reqwest::Error),
}

/// Reads and decodes the body of `response` within `limits`.
pub(crate) async fn read_body(
    response: &mut reqwest::Response,
    limits: BodyLimits,
) -> Result<Vec<u8>, BodyError> {
    let encoding = content_encoding(response);
    let decode_error = |reason: String| BodyError::Decode {
        encoding: encoding.clone(),
        reason,
    };
    let cap = usize::try_from(limits.decoded).unwrap_or(usize::MAX);
    let mut decoder = Decoder::new(&encoding, cap).map_err(decode_error)?;
    if limits.at_cap == AtCap::Fail && response.content_length().is_some_and(|n| n > limits.wire) {
        return Err(BodyError::TooLarge(SizeLimit::Body));
    }
    let mut wire: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        let room = usize::try_from(limits.wire - wire).unwrap_or(usize::MAX);
        let over_wire_cap = chunk.len() > room;
        if over_wire_cap && limits.at_cap == AtCap::Fail {
            return Err(BodyError::TooLarge(SizeLimit::Body));
        }
        let data = &chunk[..chunk.len().min(room)];
        wire += data.len() as u64;
        match decoder.write(data) {
            Ok(()) if over_wire_cap => return Ok(decoder.into_partial()),
            Ok(()) => {}
            Err(Failure::Full) if limits.at_cap == AtCap::Truncate => {
                return Ok(decoder.into_partial());
            }
            Err(Failure::Full) => return Err(BodyError::TooLarge(SizeLimit::Decompressed)),
            Err(Failure::Corrupt(reason)) => return Err(decode_error(reason)),
        }
    }
    if wire == 0 {
        // An empty body is empty whatever its declared encoding.
        return Ok(Vec::new());
    }
    match decoder.finish() {
        Ok(body) => Ok(body),
        Err((Failure::Full, partial)) if limits.at_cap == AtCap::Truncate => Ok(partial),
        Err((Failure::Full, _)) => Err(BodyError::TooLarge(SizeLimit::Decompressed)),
        Err((Failure::Corrupt(reason), _)) => Err(decode_error(reason)),
    }
}

/// Returns the lowercased `Content-Encoding`, empty when absent.
fn content_encoding(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Why a decoder stopped.
#[derive(Debug)]
enum Failure {
    /// The decoded output reached the cap.
    Full,
    /// The input is not valid for its encoding.
    Corrupt(String),
}

/// A growable buffer that refuses to grow past `cap`.
#[derive(Debug)]
struct CappedSink {
    buf: Vec<u8>,
    cap: usize,
    full: bool,
}

impl Write for CappedSink {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let room = self.cap - self.buf.len();
        if data.len() > room {
            self.buf.extend_from_slice(&data[..room]);
            self.full = true;
            return Err(io::Error::other("decoded size cap reached"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A push decoder for one `Content-Encoding`, writing into a [`CappedSink`].
enum Decoder {
    Identity(CappedSink),
    Gzip(Box<MultiGzDecoder<CappedSink>>),
    /// `deflate` before its first two bytes have shown whether it is zlib
    /// (as the standard says) or raw deflate (as some servers send).
    DeflatePending(CappedSink, Vec<u8>),
    Zlib(Box<ZlibDecoder<CappedSink>>),
    Deflate(Box<DeflateDecoder<CappedSink>>),
    Brotli(Box<DecompressorWriter<CappedSink>>),
}

impl Decoder {
    fn new(encoding: &str, cap: usize) -> Result<Self, String> {
        let sink = CappedSink {
            buf: Vec::new(),
            cap,
            full: false,
        };
        let mut codings = encoding
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty() && *c != "identity");
        let (Some(coding), None) = (codings.next(), codings.next()) else {
            return if encoding.contains(',') {
                Err("stacked content encodings are not supported".into())
            } else {
                Ok(Self::Identity(sink))
            };
        };
        match coding {
            "gzip" | "x-gzip" => Ok(Self::Gzip(Box::new(MultiGzDecoder::new(sink)))),
            "deflate" => Ok(Self::DeflatePending(sink, Vec::with_capacity(2))),
            "br" => Ok(Self::Brotli(Box::new(DecompressorWriter::new(
                sink,
                BROTLI_BUFFER,
            )))),
            other => Err(format!("unsupported content encoding {other:?}")),
        }
    }

    fn write(&mut self, data: &[u8]) -> Result<(), Failure> {
        let result = match self {
            Self::Identity(sink) => sink.write_all(data),
            Self::Gzip(d) => d.write_all(data),
            Self::Zlib(d) => d.write_all(data),
            Self::Deflate(d) => d.write_all(data),
            Self::Brotli(d) => d.write_all(data),
            Self::DeflatePending(_, pending) => {
                pending.extend_from_slice(data);
                return self.resolve_deflate();
            }
        };
        result.map_err(|e| self.failure(&e))
    }

    /// Picks zlib or raw deflate once two bytes are known, then replays them.
    fn resolve_deflate(&mut self) -> Result<(), Failure> {
        let Self::DeflatePending(sink, pending) = self else {
            return Ok(());
        };
        if pending.len() < 2 {
            return Ok(());
        }
        let pending = std::mem::take(pending);
        let sink = std::mem::replace(
            sink,
            CappedSink {
                buf: Vec::new(),
                cap: 0,
                full: false,
            },
        );
        *self = if is_zlib_header(pending[0], pending[1]) {
            Self::Zlib(Box::new(ZlibDecoder::new(sink)))
        } else {
            Self::Deflate(Box::new(DeflateDecoder::new(sink)))
        };
        self.write(&pending)
    }

    /// Ends the stream; on failure also returns what was decoded.
    fn finish(mut self) -> Result<Vec<u8>, (Failure, Vec<u8>)> {
        let result = match &mut self {
            Self::Identity(_) => Ok(()),
            Self::Gzip(d) => d.try_finish(),
            Self::Zlib(d) => d.try_finish(),
            Self::Deflate(d) => d.try_finish(),
            Self::Brotli(d) => d.close(),
            Self::DeflatePending(..) => {
                Err(io::Error::other("deflate stream shorter than 2 bytes"))
            }
        };
        match result {
            Ok(()) => Ok(self.into_partial()),
            Err(e) => {
                let failure = self.failure(&e);
                Err((failure, self.into_partial()))
            }
        }
    }

    /// Takes the decoded bytes, complete or not.
    fn into_partial(mut self) -> Vec<u8> {
        std::mem::take(&mut self.sink_mut().buf)
    }

    fn failure(&self, err: &io::Error) -> Failure {
        if self.sink().full {
            Failure::Full
        } else {
            Failure::Corrupt(err.to_string())
        }
    }

    fn sink(&self) -> &CappedSink {
        match self {
            Self::Identity(sink) | Self::DeflatePending(sink, _) => sink,
            Self::Gzip(d) => d.get_ref(),
            Self::Zlib(d) => d.get_ref(),
            Self::Deflate(d) => d.get_ref(),
            Self::Brotli(d) => d.get_ref(),
        }
    }

    fn sink_mut(&mut self) -> &mut CappedSink {
        match self {
            Self::Identity(sink) | Self::DeflatePending(sink, _) => sink,
            Self::Gzip(d) => d.get_mut(),
            Self::Zlib(d) => d.get_mut(),
            Self::Deflate(d) => d.get_mut(),
            Self::Brotli(d) => d.get_mut(),
        }
    }
}

/// RFC 1950: compression method 8 and a header checksum divisible by 31.
fn is_zlib_header(cmf: u8, flg: u8) -> bool {
    cmf & 0x0f == 8 && (u16::from(cmf) << 8 | u16::from(flg)) % 31 == 0
}

#[cfg(test)]
mod tests {
    use flate2::Compression;
    use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};

    use super::*;

    const TEXT: &[u8] =
        b"<html><body>Udvikler i Aarhus, 37 timer. \xc3\xa6\xc3\xb8\xc3\xa5</body></html>";

    fn decode(encoding: &str, data: &[u8], cap: usize) -> Result<Vec<u8>, Failure> {
        let mut decoder = Decoder::new(encoding, cap).map_err(Failure::Corrupt)?;
        // Feed in small pieces, as the network would.
        for piece in data.chunks(7) {
            decoder.write(piece)?;
        }
        decoder.finish().map_err(|(failure, _)| failure)
    }

    fn compress<W: Write>(
        mut encoder: W,
        finish: impl FnOnce(W) -> io::Result<Vec<u8>>,
    ) -> Vec<u8> {
        encoder.write_all(TEXT).unwrap();
        finish(encoder).unwrap()
    }

    #[test]
    fn decodes_every_supported_encoding() {
        let gzip = compress(
            GzEncoder::new(Vec::new(), Compression::default()),
            GzEncoder::finish,
        );
        let zlib = compress(
            ZlibEncoder::new(Vec::new(), Compression::default()),
            ZlibEncoder::finish,
        );
        let raw = compress(
            DeflateEncoder::new(Vec::new(), Compression::default()),
            DeflateEncoder::finish,
        );
        let mut br = Vec::new();
        brotli::BrotliCompress(
            &mut &TEXT[..],
            &mut br,
            &brotli::enc::BrotliEncoderParams::default(),
        )
        .unwrap();
        for (encoding, data) in [
            ("gzip", &gzip),
            ("x-gzip", &gzip),
            ("deflate", &zlib),
            ("deflate", &raw),
            ("br", &br),
        ] {
            assert_eq!(decode(encoding, data, 1 << 20).unwrap(), TEXT, "{encoding}");
        }
        assert_eq!(decode("", TEXT, 1 << 20).unwrap(), TEXT);
        assert_eq!(decode("identity", TEXT, 1 << 20).unwrap(), TEXT);
    }

    #[test]
    fn bomb_stops_at_the_cap() {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(&vec![0u8; 10 << 20]).unwrap();
        let bomb = encoder.finish().unwrap();
        assert!(bomb.len() < 64 << 10);
        assert!(matches!(decode("gzip", &bomb, 1 << 20), Err(Failure::Full)));
    }

    #[test]
    fn identity_over_cap_is_full() {
        assert!(matches!(decode("", TEXT, 10), Err(Failure::Full)));
    }

    #[test]
    fn broken_and_unknown_encodings_are_errors() {
        assert!(matches!(
            decode("gzip", b"definitely not gzip", 1 << 20),
            Err(Failure::Corrupt(_))
        ));
        assert!(matches!(
            decode("br", b"\xff\xff\xff\xff", 1 << 20),
            Err(Failure::Corrupt(_))
        ));
        assert!(Decoder::new("zstd", 10).is_err());
        assert!(Decoder::new("gzip, br", 10).is_err());
    }

    #[test]
    fn truncated_brotli_is_an_error() {
        let mut br = Vec::new();
        brotli::BrotliCompress(
            &mut &TEXT[..],
            &mut br,
            &brotli::enc::BrotliEncoderParams::default(),
        )
        .unwrap();
        let cut = &br[..br.len() / 2];
        assert!(decode("br", cut, 1 << 20).is_err());
    }

    #[test]
    fn zlib_header_detection() {
        assert!(is_zlib_header(0x78, 0x9c));
        assert!(is_zlib_header(0x78, 0x01));
        assert!(!is_zlib_header(0x4b, 0x4c));
    }
}
