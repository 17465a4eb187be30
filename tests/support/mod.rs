pub mod headless;
pub mod pty;
pub mod secrets;
