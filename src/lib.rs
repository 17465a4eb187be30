//! ramwiz: a terminal wizard that prepares Alibaba Cloud RAM credentials for an OKD install.

pub mod app;
pub mod cli;
pub mod clipboard;
pub mod cloud;
pub mod crashpoint;
pub mod creds;
pub mod demo;
pub mod engine;
pub mod files;
pub mod hardening;
pub mod headless;
pub mod i18n;
pub mod lang;
pub mod logging;
pub mod plan;
pub mod policy;
pub mod protocol;
#[doc(hidden)]
pub mod reliability;
pub mod report;
pub mod secret;
pub mod sim;
pub mod strings;
pub mod tools;
pub mod ui;
pub mod wizard;
