//! The outside tools (`openshift-install`, `oc`, `ccoctl`): finding and running them (`run`),
//! and pure parsers of what they print (`release`, `ccoctl`) and of the YAML they leave
//! (`manifests`). They depend on the protocol's plain types, never on the wizard.

pub mod ccoctl;
pub mod commands;
pub mod installdir;
pub mod manifests;
pub mod release;
pub mod run;
pub mod stamp;

pub use run::{Finished, Invocation, Line, ToolError, locate, run};
