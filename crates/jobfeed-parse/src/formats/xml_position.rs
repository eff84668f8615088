//! Line and column tracking for streamed XML.
//!
//! quick-xml reports byte offsets; users need lines and columns. Keeping
//! every line start of a 200 MB feed would cost memory, so [`Tracked`] counts
//! newlines in the bytes the XML reader consumes, which is where the reader
//! stands when it reports a fault.

use std::io::{self, BufRead, Read};

/// A [`BufRead`] that counts lines and columns of what has been consumed.
#[derive(Debug)]
pub struct Tracked<R> {
    inner: R,
    line: u64,
    column: u64,
    offset: u64,
}

impl<R: BufRead> Tracked<R> {
    /// Wraps a reader positioned at line 1, column 1.
    pub fn new(inner: R) -> Self {
        Tracked {
            inner,
            line: 1,
            column: 1,
            offset: 0,
        }
    }

    /// The 1-based line and column of the next unconsumed byte.
    pub fn position(&self) -> (u64, u64) {
        (self.line, self.column)
    }

    /// How many bytes have been consumed.
    pub fn offset(&self) -> u64 {
        self.offset
    }
}

impl<R: BufRead> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tracked<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(buffer) = self.inner.fill_buf() {
            let consumed = &buffer[..amount.min(buffer.len())];
            for &byte in consumed {
                if byte == b'\n' {
                    self.line += 1;
                    self.column = 1;
                } else if byte & 0xC0 != 0x80 {
                    // Count characters, not UTF-8 continuation bytes.
                    self.column += 1;
                }
            }
        }
        self.offset += amount as u64;
        self.inner.consume(amount);
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
}
