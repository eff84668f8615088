//! Line and column tracking for streamed XML.
//!
//! quick-xml reports byte offsets; users need lines and columns. Keeping
//! every line start of a 200 MB feed would cost memory, so [`Tracked`] counts
//! newlines in the bytes the XML reader consumes, which is where the reader
//! stands when it reports a fault.
//!
//! The XML reader consumes a few bytes per event, hundreds of times per
//! posting, so [`Tracked`] buffers the input itself and counts each buffer
//! in one pass when it is used up (and the rest only when asked where it
//! stands), rather than counting every consumed piece on its own.

use std::io::{self, BufRead, Read};

use crate::decode::count_bytes;

/// Size of the buffer of a [`Tracked`] reader.
const BUFFER: usize = 64 * 1024;

/// A buffered reader that counts lines and columns of what has been
/// consumed.
#[derive(Debug)]
pub struct Tracked<R> {
    inner: R,
    buf: Vec<u8>,
    /// Bytes of `buf` consumed so far.
    pos: usize,
    /// Bytes of `buf` holding input.
    filled: usize,
    /// Position just after the bytes consumed from earlier buffers.
    line: u64,
    column: u64,
    /// Bytes consumed from earlier buffers.
    offset: u64,
}

impl<R: Read> Tracked<R> {
    /// Wraps a reader positioned at line 1, column 1.
    pub fn new(inner: R) -> Self {
        Tracked {
            inner,
            buf: Vec::new(),
            pos: 0,
            filled: 0,
            line: 1,
            column: 1,
            offset: 0,
        }
    }

    /// The 1-based line and column of the next unconsumed byte.
    pub fn position(&self) -> (u64, u64) {
        advance((self.line, self.column), &self.buf[..self.pos])
    }

    /// How many bytes have been consumed.
    pub fn offset(&self) -> u64 {
        self.offset + self.pos as u64
    }

    /// Like [`BufRead::fill_buf`], but with at least `min` bytes (at most
    /// the buffer size) unless the input ends first: a reference or a
    /// CDATA marker cut by a buffer boundary is joined up again.
    pub fn fill_at_least(&mut self, min: usize) -> io::Result<&[u8]> {
        let min = min.min(BUFFER);
        while self.filled - self.pos < min {
            (self.line, self.column) = self.position();
            self.offset += self.pos as u64;
            self.buf.copy_within(self.pos..self.filled, 0);
            self.filled -= self.pos;
            self.pos = 0;
            if self.buf.is_empty() {
                self.buf.resize(BUFFER, 0);
            }
            match self.inner.read(&mut self.buf[self.filled..])? {
                0 => break,
                n => self.filled += n,
            }
        }
        Ok(&self.buf[self.pos..self.filled])
    }
}

/// The position after `bytes`, starting from `(line, column)`.
fn advance((line, column): (u64, u64), bytes: &[u8]) -> (u64, u64) {
    let newlines = count_bytes(bytes, |b| b == b'\n');
    let (line, column, last_line) = match newlines {
        0 => (line, column, bytes),
        _ => {
            let start = bytes
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |at| at + 1);
            (line + newlines as u64, 1, &bytes[start..])
        }
    };
    // Count characters, not UTF-8 continuation bytes.
    let characters = count_bytes(last_line, |b| b & 0xC0 != 0x80);
    (line, column + characters as u64)
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Tracked<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.filled {
            (self.line, self.column) = self.position();
            self.offset += self.pos as u64;
            self.pos = 0;
            self.filled = 0;
            if self.buf.is_empty() {
                self.buf.resize(BUFFER, 0);
            }
            self.filled = self.inner.read(&mut self.buf)?;
        }
        Ok(&self.buf[self.pos..self.filled])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.filled);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_characters() {
        let mut tracked = Tracked::new("ab\næø\nc".as_bytes());
        let mut line = String::new();
        tracked.read_line(&mut line).unwrap();
        assert_eq!(tracked.position(), (2, 1));
        let mut rest = Vec::new();
        tracked.read_to_end(&mut rest).unwrap();
        assert_eq!(tracked.position(), (3, 2));
        assert_eq!(tracked.offset(), "ab\næø\nc".len() as u64);
    }

    #[test]
    fn fill_at_least_joins_buffers_and_keeps_counting() {
        // Input arriving in pieces, like from a slow network.
        let input = b"a\n".chain(&b"bc&a"[..]).chain(&b"mp;d"[..]);
        let mut tracked = Tracked::new(input);
        assert_eq!(tracked.fill_buf().unwrap(), b"a\n");
        tracked.consume(2);
        assert_eq!(tracked.fill_at_least(7).unwrap(), b"bc&amp;d");
        tracked.consume(2);
        assert_eq!(tracked.position(), (2, 3));
        assert_eq!(tracked.fill_at_least(100).unwrap(), b"&amp;d");
        assert_eq!(tracked.offset(), 4);
    }
}
