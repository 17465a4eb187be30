pub mod headless;
pub mod pty;
