//! SSRF guard: source URLs are untrusted, so only public addresses are
//! fetched unless the operator allow-lists a network.
//!
//! [`Guard`] decides per address. [`GuardedResolver`] is the DNS resolver
//! plugged into reqwest: it resolves a name, refuses the whole host when any
//! of its addresses is refused, and hands exactly the checked addresses to
//! the connector, so there is no gap between check and connect (no DNS
//! rebinding). Hosts written as IP literals never reach a resolver, so the
//! client checks those itself with [`Guard::check`]. [`GuardError`] travels
//! inside reqwest's error chain and is recognised there by
//! [`find_guard_error`].

use std::error::Error as StdError;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use ipnet::IpNet;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Why the guard stopped a connection.
#[derive(Debug, thiserror::Error)]
pub(crate) enum GuardError {
    /// The host resolves to an address outside the public internet.
    #[error("host {host} resolves to non-public address {addr}")]
    Refused { host: String, addr: IpAddr },
    /// The name could not be resolved.
    #[error("cannot resolve {host}: {reason}")]
    Lookup { host: String, reason: String },
}

/// Decides which addresses may be connected to.
#[derive(Debug, Clone)]
pub(crate) struct Guard {
    allow: Vec<IpNet>,
}

impl Guard {
    /// Creates a guard that also permits the given networks.
    pub(crate) fn new(allow: Vec<IpNet>) -> Self {
        Self { allow }
    }

    /// Permits `addr` when it is public or inside an allow-listed network.
    pub(crate) fn check(&self, host: &str, addr: IpAddr) -> Result<(), GuardError> {
        let canonical = addr.to_canonical();
        let allowed = self
            .allow
            .iter()
            .any(|net| net.contains(&addr) || net.contains(&canonical));
        if allowed || is_public(canonical) {
            Ok(())
        } else {
            Err(GuardError::Refused {
                host: host.to_owned(),
                addr,
            })
        }
    }
}

/// DNS resolver for reqwest that applies the [`Guard`] to every answer.
#[derive(Debug, Clone)]
pub(crate) struct GuardedResolver {
    guard: Arc<Guard>,
}

impl GuardedResolver {
    /// Creates a resolver that checks its answers with `guard`.
    pub(crate) fn new(guard: Arc<Guard>) -> Self {
        Self { guard }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let guard = Arc::clone(&self.guard);
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs = lookup(&host).await?;
            for addr in &addrs {
                guard.check(&host, addr.ip())?;
            }
            let addrs: Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

async fn lookup(host: &str) -> Result<Vec<SocketAddr>, GuardError> {
    let lookup_error = |reason: String| GuardError::Lookup {
        host: host.to_owned(),
        reason,
    };
    // Port 0: reqwest puts the URL's port (or the scheme default) in its place.
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, 0))
        .await
        .map_err(|e| lookup_error(e.to_string()))?
        .collect();
    if addrs.is_empty() {
        return Err(lookup_error("no addresses".into()));
    }
    Ok(addrs)
}

/// Finds a [`GuardError`] anywhere in an error's source chain.
pub(crate) fn find_guard_error<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a GuardError> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<GuardError>() {
            return Some(found);
        }
        current = e.source();
    }
    None
}

/// Tells whether an address belongs to the public internet.
pub(crate) fn is_public(addr: IpAddr) -> bool {
    match addr.to_canonical() {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(addr: Ipv4Addr) -> bool {
    let [a, b, c, _] = addr.octets();
    let special = a == 0 // "this network"
        || a == 10 // private
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || a == 127 // loopback
        || (a == 169 && b == 254) // link-local (cloud metadata lives here)
        || (a == 172 && (16..32).contains(&b)) // private
        || (a == 192 && b == 0 && (c == 0 || c == 2)) // IETF assignments, TEST-NET-1
        || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast
        || (a == 192 && b == 168) // private
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || (a == 198 && b == 51 && c == 100) // TEST-NET-2
        || (a == 203 && b == 0 && c == 113) // TEST-NET-3
        || a >= 224; // multicast, reserved, broadcast
    !special
}

fn is_public_v6(addr: Ipv6Addr) -> bool {
    let seg = addr.segments();
    // Addresses that embed an IPv4 address are as public as that address.
    if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return is_public_v4(embedded_v4(seg[6], seg[7])); // NAT64
    }
    if seg[0] == 0x2002 {
        return is_public_v4(embedded_v4(seg[1], seg[2])); // 6to4
    }
    let special = seg[..6] == [0; 6] // unspecified, loopback, IPv4-compatible
        || (seg[0] == 0x64 && seg[1] == 0xff9b && seg[2] == 1) // local-use NAT64
        || seg[..4] == [0x100, 0, 0, 0] // discard-only
        || (seg[0] == 0x2001 && seg[1] < 0x200) // IETF assignments incl. Teredo
        || (seg[0] == 0x2001 && seg[1] == 0xdb8) // documentation
        || (seg[0] & 0xfff0) == 0x3ff0 // documentation (3fff::/20)
        || (seg[0] & 0xfe00) == 0xfc00 // unique local
        || (seg[0] & 0xffc0) == 0xfe80 // link-local
        || (seg[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
        || (seg[0] & 0xff00) == 0xff00; // multicast
    !special
}

fn embedded_v4(high: u16, low: u16) -> Ipv4Addr {
    let [a, b] = high.to_be_bytes();
    let [c, d] = low.to_be_bytes();
    Ipv4Addr::new(a, b, c, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn refuses_non_public_v4() {
        for text in [
            "0.0.0.0",
            "10.1.2.3",
            "100.64.0.1",
            "127.0.0.1",
            "127.255.0.9",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "192.0.2.7",
            "198.18.0.1",
            "224.0.0.1",
            "255.255.255.255",
        ] {
            assert!(!is_public(ip(text)), "{text}");
        }
    }

    #[test]
    fn accepts_public() {
        for text in [
            "93.184.216.34",
            "172.32.0.1",
            "100.128.0.1",
            "2a00:1450:4001::1",
            "8.8.8.8",
        ] {
            assert!(is_public(ip(text)), "{text}");
        }
    }

    #[test]
    fn refuses_non_public_v6_and_embedded_v4() {
        for text in [
            "::",
            "::1",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "2001:db8::1",
            "2001::1",
        ] {
            assert!(!is_public(ip(text)), "{text}");
        }
        assert!(is_public(ip("64:ff9b::808:808")));
        assert!(is_public(ip("::ffff:8.8.8.8")));
    }

    #[test]
    fn allow_list_opens_networks_including_mapped_forms() {
        let guard = Guard::new(vec!["127.0.0.0/8".parse().unwrap()]);
        assert!(guard.check("h", ip("127.0.0.2")).is_ok());
        assert!(guard.check("h", ip("::ffff:127.0.0.2")).is_ok());
        assert!(guard.check("h", ip("10.0.0.1")).is_err());
        assert!(guard.check("h", ip("::1")).is_err());
        assert!(guard.check("h", ip("93.184.216.34")).is_ok());
    }

    #[test]
    fn finds_guard_error_in_a_chain() {
        #[derive(Debug, thiserror::Error)]
        #[error("outer")]
        struct Outer(#[source] GuardError);
        let err = Outer(GuardError::Lookup {
            host: "x".into(),
            reason: "y".into(),
        });
        assert!(matches!(
            find_guard_error(&err),
            Some(GuardError::Lookup { .. })
        ));
    }
}
