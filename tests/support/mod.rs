pub mod headless;
pub mod process;
pub mod pty;
pub mod secrets;
