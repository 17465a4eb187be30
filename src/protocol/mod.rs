//! The protocol between the wizard and the engine: the commands the wizard asks for, the events
//! and outcomes the engine sends back, and the records those carry. Both sides import it and
//! neither owns it; it holds plain data only (no I/O, no async, no behaviour beyond small
//! accessors), so it depends on nothing above the cloud and credential types it names.

mod command;
mod event;
mod records;
mod tools;

pub use command::*;
pub use event::*;
pub use records::*;
pub use tools::*;

/// Every job the wizard starts has an id; events of an older job are ignored.
pub type JobId = u64;
