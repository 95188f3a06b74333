//! One module per subcommand; none of them sees clap types.

pub mod archive;
pub mod check;
pub mod diff;
pub mod formen;
pub mod init;
pub mod mappe;
pub mod new;
pub mod oparl;
pub mod render;
pub mod schema;
pub mod serve;
pub mod templates;
pub mod watch;
