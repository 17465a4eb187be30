//! Files that may not be what they claim: every file ramwiz reads goes through [`read`], which
//! refuses a FIFO, a device, a socket or a directory before reading a byte, and refuses a file
//! larger than its kind may be (issue 19: a FIFO as the credentials file hung, `/dev/zero` as
//! the answers file grew the process to 7 GB). Every file it writes goes through [`check`]
//! first, and is replaced only if [`still_the_same`].

mod read;
mod write;

pub use read::{Limit, read, read_string};
pub use write::{
    Checked, Existing, PathError, Who, check, keep_owner, mine, owner_kept, still_the_same,
};
