//! Where the editor listens: a loopback address of its own per start.
//!
//! Browsers keep cookies per host name and ignore the port, so a cookie of
//! `127.0.0.1:4711` reaches every other server on 127.0.0.1 too. Linux and Windows route all of
//! 127.0.0.0/8 to this machine; a random 127.x.y.z per start is a host name no other server
//! shares, so the secret's cookie never reaches one. Where only 127.0.0.1 can be bound (macOS
//! by default), the editor falls back to it; `--bind` chooses an address.

use std::io::ErrorKind;
use std::net::{Ipv4Addr, TcpListener};

use crate::error::Error;

/// How many random addresses are tried before falling back to 127.0.0.1.
const TRIES: usize = 4;

/// Binds `address` (or a random loopback address, falling back to 127.0.0.1) and `port`.
pub fn bind(address: Option<Ipv4Addr>, port: u16) -> Result<TcpListener, Error> {
    if let Some(address) = address {
        return TcpListener::bind((address, port)).map_err(|e| refused(address, port, &e));
    }
    for _ in 0..TRIES {
        let Ok(candidate) = random() else { break };
        match TcpListener::bind((candidate, port)) {
            Ok(listener) => return Ok(listener),
            // Not a local address here (macOS): only 127.0.0.1 is.
            Err(e) if e.kind() == ErrorKind::AddrNotAvailable => break,
            Err(_) => {}
        }
    }
    TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .map_err(|e| refused(Ipv4Addr::LOCALHOST, port, &e))
}

/// A random address of 127.0.0.0/8 other than 127.0.0.x (the common one) and without a 0 or
/// 255 in the last place.
pub fn random() -> Result<Ipv4Addr, getrandom::Error> {
    let mut bytes = [0u8; 3];
    getrandom::fill(&mut bytes)?;
    Ok(Ipv4Addr::new(
        127,
        1 + bytes[0] % 254,
        bytes[1],
        1 + bytes[2] % 254,
    ))
}

/// The German error for an address and port that cannot be bound.
fn refused(address: Ipv4Addr, port: u16, e: &std::io::Error) -> Error {
    Error::Usage(match e.kind() {
        ErrorKind::AddrInUse => format!(
            "Port {port} auf {address} ist schon belegt (ein anderes Programm oder ein zweites `sachstand serve`); wählen Sie einen anderen mit --port"
        ),
        _ => format!("{address}, Port {port} kann nicht geöffnet werden: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_addresses_are_loopback_and_not_the_common_one() {
        for _ in 0..200 {
            let Ok(a) = random() else {
                panic!("no randomness");
            };
            assert!(a.is_loopback(), "{a}");
            let [_, second, _, last] = a.octets();
            assert!(second != 0 && last != 0 && last != 255, "{a}");
        }
    }
}
