//! Identities: [`PostingId`], [`CompanyId`] and the [`PostingKey`] a posting id
//! is derived from.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The stable identity of a posting.
///
/// Derived from a [`PostingKey`]: the first 16 hex digits (64 bits) of the
/// SHA-256 of `scope`, a newline, the key kind and the key value, prefixed
/// with `jf`. The same posting seen twice through the same source scope gets
/// the same id; the id never depends on the crawl time or the order of items.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PostingId(String);

impl PostingId {
    /// Derives the id of a posting from its key.
    pub fn derive(key: &PostingKey<'_>) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(key.scope.as_bytes());
        hasher.update(b"\n");
        hasher.update(key.kind.as_bytes());
        hasher.update(b"\n");
        hasher.update(key.value.as_bytes());
        let digest = hasher.finalize();
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut id = String::with_capacity(18);
        id.push_str("jf");
        for byte in &digest[..8] {
            id.push(char::from(HEX[usize::from(byte >> 4)]));
            id.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
        PostingId(id)
    }

    /// Wraps an id that was derived earlier (read back from state or a URL).
    pub fn from_existing(id: impl Into<String>) -> Self {
        PostingId(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PostingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a [`PostingId`] is derived from.
///
/// `scope` names where the posting came from (a source id, or the host of
/// the base URL when parsing a file); `kind` says which native key was used
/// (`id` for the source's own job id, `url` for the canonical URL, `content`
/// for title and location when the source gives neither); `value` is that key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostingKey<'a> {
    /// Where the posting came from.
    pub scope: &'a str,
    /// Which native key `value` is: `id`, `url` or `content`.
    pub kind: &'a str,
    /// The key itself.
    pub value: &'a str,
}

/// The identity of a member company: its CVR number where known, otherwise
/// a slug chosen in `feeds/members/*.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CompanyId(String);

impl CompanyId {
    /// Wraps a company id.
    pub fn new(id: impl Into<String>) -> Self {
        CompanyId(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CompanyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_gives_same_id_and_other_keys_differ() {
        let key = PostingKey {
            scope: "acme.teamtailor.com",
            kind: "id",
            value: "7718928",
        };
        let a = PostingId::derive(&key);
        assert_eq!(a, PostingId::derive(&key));
        assert!(a.as_str().starts_with("jf"));
        assert_eq!(a.as_str().len(), 18);
        let other_scope = PostingKey {
            scope: "other.example",
            ..key.clone()
        };
        assert_ne!(a, PostingId::derive(&other_scope));
        let other_kind = PostingKey { kind: "url", ..key };
        assert_ne!(a, PostingId::derive(&other_kind));
    }
}
