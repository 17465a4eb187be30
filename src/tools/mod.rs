//! The outside tools (`openshift-install`, `oc`, `ccoctl`): finding and running them (`run`),
//! and pure parsers of what they print (`release`, `ccoctl`).

pub mod ccoctl;
pub mod commands;
pub mod release;
pub mod run;

pub use run::{Finished, Invocation, Line, ToolError, locate, run};
