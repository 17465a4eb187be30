//! Where the client sends RAM and STS calls and how it signs them, and the rule for plain HTTP.
//!
//! `https://` is accepted for any host. `http://` only for loopback hosts (the simulated cloud,
//! a local test proxy): a secret-bearing API must never cross a network in clear text.

use std::net::IpAddr;

pub use reqwest::Url;

use super::sign::SignatureVersion;

pub const RAM_DEFAULT: &str = "https://ram.aliyuncs.com/";
pub const STS_DEFAULT: &str = "https://sts.aliyuncs.com/";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub ram: Url,
    pub sts: Url,
    /// The signature scheme of every call to these endpoints.
    pub signature: SignatureVersion,
    /// Plain-HTTP endpoints known to speak HTTP/2 (the simulated cloud): calls then share one
    /// connection, as they do over HTTPS with a server that offers `h2` by ALPN. Whether
    /// Alibaba's endpoints offer it is UNVERIFIED; over HTTPS the client offers both and takes
    /// what the server picks.
    pub cleartext_http2: bool,
}

impl Endpoints {
    /// The public endpoints, or the ones given (flags / environment).
    pub fn from_options(ram: Option<&str>, sts: Option<&str>) -> Result<Self, String> {
        Ok(Self {
            ram: validate(ram.unwrap_or(RAM_DEFAULT), "--ram-endpoint")?,
            sts: validate(sts.unwrap_or(STS_DEFAULT), "--sts-endpoint")?,
            signature: SignatureVersion::default(),
            cleartext_http2: false,
        })
    }

    /// One endpoint serving both APIs (the simulated cloud routes by `Version`).
    pub fn single(url: &str) -> Result<Self, String> {
        let u = validate(url, "endpoint")?;
        Ok(Self {
            ram: u.clone(),
            sts: u,
            signature: SignatureVersion::default(),
            cleartext_http2: false,
        })
    }

    /// The same endpoints, signing with `signature`.
    pub fn with_signature(self, signature: SignatureVersion) -> Self {
        Self { signature, ..self }
    }

    /// The same endpoints, spoken to in HTTP/2 without TLS (only the simulated cloud does).
    pub fn with_cleartext_http2(self) -> Self {
        Self {
            cleartext_http2: true,
            ..self
        }
    }

    /// True when every endpoint is on this machine (proxies are then bypassed).
    pub fn all_loopback(&self) -> bool {
        is_loopback(&self.ram) && is_loopback(&self.sts)
    }
}

/// The `Host` header a request to `u` carries: the host, with `:port` when the port is not the
/// scheme's default (V3 signs it, so it must be the one sent).
pub fn host_header(u: &Url) -> String {
    let host = u.host_str().unwrap_or_default();
    match u.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// True for `localhost`, 127.0.0.0/8 and `::1`.
pub fn is_loopback(u: &Url) -> bool {
    match u.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Parses an endpoint URL and applies the HTTPS rule. `what` names the option in the error.
pub fn validate(raw: &str, what: &str) -> Result<Url, String> {
    let trimmed = raw.trim();
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let url = Url::parse(&with_scheme)
        .map_err(|e| crate::strings::url_invalid(what, trimmed, e.to_string()))?;
    if url.host().is_none() {
        return Err(crate::strings::url_no_host(what, trimmed));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(crate::strings::url_http(
            what,
            url.host_str().unwrap_or_default(),
        )),
        other => Err(crate::strings::url_scheme(what, other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_only_for_loopback() {
        assert!(validate("http://127.0.0.1:8080", "x").is_ok());
        assert!(validate("http://127.9.9.9:1/", "x").is_ok());
        assert!(validate("http://[::1]:1", "x").is_ok());
        assert!(validate("http://localhost:1", "x").is_ok());
        let e = validate("http://ram.aliyuncs.com", "--ram-endpoint").unwrap_err();
        assert!(e.contains("only for loopback"), "{e}");
        assert!(validate("http://10.0.0.1", "x").is_err());
        assert!(validate("ftp://127.0.0.1", "x").is_err());
        assert_eq!(
            validate("ram-vpc.example.com", "x").unwrap().as_str(),
            "https://ram-vpc.example.com/"
        );
        assert!(validate("https://", "x").is_err());
    }

    #[test]
    fn host_headers_carry_a_port_only_when_it_is_not_the_default() {
        let h = |u: &str| host_header(&validate(u, "x").unwrap());
        assert_eq!(h("https://ram.aliyuncs.com/"), "ram.aliyuncs.com");
        assert_eq!(h("https://ram.aliyuncs.com:443/"), "ram.aliyuncs.com");
        assert_eq!(h("https://ram.example.com:8443/"), "ram.example.com:8443");
        assert_eq!(h("http://127.0.0.1:41234"), "127.0.0.1:41234");
        assert_eq!(h("http://[::1]:9/"), "[::1]:9");
    }

    #[test]
    fn defaults_are_the_public_endpoints() {
        let e = Endpoints::from_options(None, None).unwrap();
        assert_eq!(e.ram.as_str(), RAM_DEFAULT);
        assert!(!e.all_loopback());
        assert_eq!(e.signature, SignatureVersion::V1);
        assert!(
            Endpoints::single("http://127.0.0.1:9")
                .unwrap()
                .all_loopback()
        );
    }
}
