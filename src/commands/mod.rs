//! One module per subcommand; none of them sees clap types.

pub mod check;
pub mod render;
pub mod templates;
