//! Links the `sachstand` binary as a position-dependent executable.
//!
//! Typst's static tables hold about 100,000 pointers. In a position-independent executable the
//! dynamic loader rewrites every one of them at each start (`LD_DEBUG=statistics
//! target/release/sachstand --version`: 102,458 relative relocations, ~2.6 million cycles, and
//! the page faults of touching those pages). One report is one process, so that cost is paid
//! per PDF. A non-PIE binary has them resolved at link time (3 relocations left). Only the
//! binary is linked this way; the library, the tests and proc-macros are as before.

fn main() {
    // The target's, not the host's: a build script runs on the host.
    let target = |key: &str| std::env::var(key).unwrap_or_default();
    if target("CARGO_CFG_TARGET_OS") == "linux" && target("CARGO_CFG_TARGET_ARCH") == "x86_64" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
