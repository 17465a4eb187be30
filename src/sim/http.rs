//! The HTTP face of the simulated cloud (axum): one handler for every path and for GET and POST,
//! parameter collection (query string plus form body), fault injection, routing by `Version`
//! (RAM `2015-05-01`, STS `2015-04-01`), and JSON answers with a fresh `RequestId` and a `Date`
//! header. Error bodies follow reference §3.1.
//!
//! A request without `Action` or `Version` answers `MissingParameter`; an action the API does not
//! have (or a version it is not served under) answers `InvalidAction.NotFound` (404) as
//! Alibaba's gateway does; both are checked before authentication.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State as AxState;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::Shared;
use super::auth;
use super::error::ApiErr;
use super::faults::Fault;
use super::handlers::{self, Ctx, Params};
use crate::cloud::Service;

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .fallback(handle)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_REQUEST_BODY))
        .with_state(shared)
}

/// The connection a request came on (numbered from 1 as accepted), for the request log.
#[derive(Debug, Clone, Copy)]
pub struct ConnId(pub u64);

/// The time every log line's offsets count from (the first use in this process).
fn epoch() -> std::time::Instant {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    *START.get_or_init(std::time::Instant::now)
}

/// A request body larger than this is refused (413) before it is read: RAM requests are a few
/// kilobytes, a policy document at most 6,144 characters.
pub const MAX_REQUEST_BODY: usize = 1 << 20;

/// A connection whose request headers have not all arrived after this is closed: slow or
/// half-open clients cannot hold the server (50 held it for 40 s, issue 19).
pub const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves `app` on `listener` until `stop` fires: HTTP/1.1 connections as hyper serves them,
/// with a timeout on reading each request's headers (which `axum::serve` has no setting for),
/// and HTTP/2 for a client that opens with its preface (ramwiz's own client in the demo: its
/// concurrent calls then share one connection, as over HTTPS with ALPN).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    let mut connections = tokio::task::JoinSet::new();
    let mut accepted_n = 0u64;
    loop {
        let (stream, _) = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    tracing::warn!(error = %e, "sim: accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        accepted_n += 1;
        // The request log (target `ramwiz::sim::requests`) names the connection of each
        // request: the benchmark counts the connections a run opened, and its round trips.
        tracing::info!(target: "ramwiz::sim::requests", conn = accepted_n, "sim: connection accepted");
        let service =
            TowerToHyperService::new(app.clone().layer(axum::Extension(ConnId(accepted_n))));
        connections.spawn(async move {
            // An HTTP/2 client's frames go out at once: without TCP_NODELAY its small frames
            // met the peer's delayed ACK (measured: two 46 ms stalls in the setup at 0 ms
            // latency, 211 ms instead of 129). Not for HTTP/1.1, whose calls it made slower
            // (0.10 to 0.16 ms each, measured beside the Python SDK).
            // A client that sends nothing, or half the HTTP/2 preface, is closed as one that
            // sends its headers too slowly.
            let Ok(h2) =
                tokio::time::timeout(HEADER_READ_TIMEOUT, opens_with_preface(&stream)).await
            else {
                return;
            };
            if h2 && let Err(e) = stream.set_nodelay(true) {
                tracing::debug!(error = %e, "sim: TCP_NODELAY not set");
            }
            let mut http =
                hyper_util::server::conn::auto::Builder::new(hyper_util::rt::TokioExecutor::new());
            http.http1()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT);
            // An HTTP/2 connection that stops answering is pinged, and closed when its PING
            // goes unanswered: after the preface a silent client cannot hold the server.
            http.http2()
                .timer(TokioTimer::new())
                .keep_alive_interval(HEADER_READ_TIMEOUT / 2)
                .keep_alive_timeout(HEADER_READ_TIMEOUT / 2);
            if let Err(e) = http.serve_connection(TokioIo::new(stream), service).await {
                tracing::debug!(error = %e, "sim: connection ended");
            }
        });
        while connections.try_join_next().is_some() {}
    }
    connections.shutdown().await;
}

/// The HTTP/2 client preface (RFC 9113, 3.4).
const PREFACE: &[u8; 24] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// Whether the connection opens with the whole HTTP/2 preface (`false` as soon as its first
/// bytes say otherwise); waits, peeking, until it is all there. The caller bounds the wait.
async fn opens_with_preface(stream: &tokio::net::TcpStream) -> bool {
    let mut first = [0u8; 24];
    loop {
        let n = match stream.peek(&mut first).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => n,
        };
        if first[..n] != PREFACE[..n] {
            return false;
        }
        if n == PREFACE.len() {
            return true;
        }
        // Part of it: the rest is on its way (peek returns at once while bytes wait).
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(t: OffsetDateTime) -> String {
    let fmt = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    t.format(&fmt).unwrap_or_default()
}

async fn handle(
    AxState(shared): AxState<Arc<Shared>>,
    conn: Option<axum::Extension<ConnId>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let start_us = epoch().elapsed().as_micros();
    let request_id = uuid::Uuid::new_v4().to_string().to_uppercase();
    let mut params = Params::from_query(uri.query().unwrap_or(""));
    let signing = signing_of(&headers, &uri, &params, &body);
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if is_form && !body.is_empty() {
        params.extend_form(&body);
    }
    if let auth::Signing::V3(req) = &signing {
        // V3 names the action and version in headers; the handlers read them as parameters.
        for (name, header) in [("Action", "x-acs-action"), ("Version", "x-acs-version")] {
            if let Some((_, v)) = req.headers.iter().find(|(k, _)| k == header) {
                params.set(name, v.trim());
            }
        }
    }
    let sts = params.get("Version") == Some(Service::Sts.version());
    let from_tool = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(TOOL_AGENT));
    let latency = shared.lock().faults.latency_ms;
    if latency > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
    }
    let (result, broken) = process(&shared, method.as_str(), &params, &signing, from_tool);
    let action = params.get("Action").unwrap_or("");
    let (status, body) = match result {
        Ok(mut m) => {
            tracing::debug!(action, request_id, "sim: ok");
            m.insert("RequestId".to_owned(), json!(request_id));
            (StatusCode::OK, Value::Object(m))
        }
        Err(e) => {
            tracing::debug!(action, request_id, code = %e.code, status = e.status, "sim: error");
            let (host, product) = if sts {
                ("sts.aliyuncs.com", "Sts")
            } else {
                ("ram.aliyuncs.com", "Ram")
            };
            let mut body = json!({
                "RequestId": request_id,
                "HostId": host,
                "Code": e.code,
                "Message": e.message,
                "Recommend": format!(
                    "https://api.aliyun.com/troubleshoot?q={}&product={product}&requestId={request_id}",
                    e.code
                ),
            });
            if let (Some(d), Some(o)) = (&e.denied, body.as_object_mut()) {
                o.insert("AccessDeniedDetail".into(), access_denied_detail(d));
            }
            let status =
                StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, body)
        }
    };
    let mut resp = (status, body.to_string()).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    let skew = time::Duration::seconds(shared.lock().faults.skew_secs);
    if let Ok(v) = HeaderValue::from_str(&http_date(OffsetDateTime::now_utc() + skew)) {
        h.insert(header::DATE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        h.insert("x-acs-request-id", v);
    }
    if body.get("Code").and_then(Value::as_str) == Some("Throttling") {
        h.insert("x-acs-retry-after", HeaderValue::from_static("0"));
    }
    *shared.lock().served.entry(action.to_owned()).or_default() += 1;
    tracing::info!(
        target: "ramwiz::sim::requests",
        action,
        tool = from_tool,
        conn = conn.map_or(0, |c| c.0 .0),
        start_us,
        end_us = epoch().elapsed().as_micros(),
        "sim: served"
    );
    match broken {
        Some(f) => break_answer(resp, f, &body.to_string()),
        None => resp,
    }
}

/// V3 when an `Authorization` header came (whatever it holds: a malformed one is refused by
/// `auth`), else V1.
fn signing_of(headers: &HeaderMap, uri: &Uri, query: &Params, body: &[u8]) -> auth::Signing {
    let Some(authorization) = headers.get(header::AUTHORIZATION) else {
        return auth::Signing::V1;
    };
    let text = |v: &HeaderValue| String::from_utf8_lossy(v.as_bytes()).into_owned();
    let mut headers: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), text(v)))
        .collect();
    // HTTP/2 carries the host as the `:authority` pseudo-header, not as a `host` header; a
    // V3 signature covers it as `host` all the same.
    if !headers.iter().any(|(k, _)| k == "host")
        && let Some(authority) = uri.authority()
    {
        headers.push(("host".to_owned(), authority.as_str().to_owned()));
    }
    auth::Signing::V3(auth::V3Request {
        authorization: text(authorization),
        headers,
        query: query.pairs().to_vec(),
        path: uri.path().to_owned(),
        body_sha256: crate::cloud::sign::v3::sha256_hex(body),
    })
}

/// The user agent of the simulated tools' requests (spared by the faults unless `tools=on`).
pub const TOOL_AGENT: &str = "ramwiz-sim-tool";

/// An answer the server acted on but the client does not get whole.
fn break_answer(mut resp: Response, f: Fault, json: &str) -> Response {
    let half = json.get(..json.len() / 2).unwrap_or("").to_owned();
    match f {
        Fault::Malformed => {
            *resp.body_mut() = axum::body::Body::from("<html><body>502 Bad Gateway</body></html>");
        }
        Fault::Truncated => *resp.body_mut() = axum::body::Body::from(half),
        _ => {
            // Headers and half the body, then the connection breaks.
            let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
                Ok(Bytes::from(half)),
                Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "fault: connection dropped",
                )),
            ];
            *resp.body_mut() = axum::body::Body::from_stream(futures_util::stream::iter(chunks));
            resp.headers_mut().remove(header::CONTENT_LENGTH);
        }
    }
    resp
}

/// `AccessDeniedDetail` of a refusal. Field names as in the issue that asked for them (only
/// `AuthAction` is seen in Alibaba's own code); the diagnostic message is an opaque token, as
/// the real one is encoded for Alibaba's diagnosis tool.
fn access_denied_detail(d: &crate::sim::error::Denied) -> Value {
    json!({
        "AuthAction": d.action,
        "NoPermissionType": d.kind,
        "PolicyType": "AccountLevelIdentityBasedPolicy",
        "AuthPrincipalType": d.principal_type,
        "AuthPrincipalOwnerId": d.account_id,
        "AuthPrincipalDisplayName": d.user_name,
        "EncodedDiagnosticMessage": format!("sim-{}", d.user_id),
    })
}

/// What the gateway answers for an API it does not have (message as the issue quotes
/// Alibaba's). Inferred, not seen: that a known action under an unknown version answers the same
/// (no `InvalidVersion` appears in the SDKs' code or the docs at hand); the gateway finds an API
/// by product, version and action together.
fn unknown_action() -> ApiErr {
    ApiErr::not_found(
        "InvalidAction.NotFound",
        "Specified api is not found, please check your url and method.",
    )
}

type Answer = Result<Map<String, Value>, ApiErr>;

/// Everything after parameter collection, under the one state lock; with the fault to break
/// the answer with, when one fires after acting.
fn process(
    shared: &Shared,
    method: &str,
    params: &Params,
    signing: &auth::Signing,
    from_tool: bool,
) -> (Answer, Option<Fault>) {
    let mut guard = shared.lock();
    let inner = &mut *guard;
    let action = params.get("Action").unwrap_or("").to_owned();
    let fault = inner.faults.pick(&mut inner.fault_rng, &action, from_tool);
    let refused = match fault {
        Some(Fault::Throttle) => Some(ApiErr::bad(
            "Throttling",
            "Request was denied due to request throttling.",
        )),
        Some(Fault::Unavailable) => Some(ApiErr::new(
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
        )),
        Some(Fault::Internal) => Some(ApiErr::new(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error.",
        )),
        _ => None,
    };
    if let Some(e) = refused {
        tracing::debug!(action, fault = ?fault, "sim: fault before acting");
        return (Err(e), None);
    }
    let answer = act(inner, method, params, signing, &action);
    (answer, fault.filter(|f| f.after_acting()))
}

fn act(
    inner: &mut super::Inner,
    method: &str,
    params: &Params,
    signing: &auth::Signing,
    action: &str,
) -> Answer {
    let action = action.to_owned();
    let action = action.as_str();

    let f = &inner.faults;
    if inner.throttle_left > 0
        && (f.throttle_actions.is_empty() || f.throttle_actions.iter().any(|a| a == action))
    {
        inner.throttle_left -= 1;
        return Err(ApiErr::bad(
            "Throttling",
            "Request was denied due to request throttling.",
        ));
    }

    if action.is_empty() {
        return Err(ApiErr::missing("Action"));
    }
    let service = params
        .opt("Version")
        .ok_or_else(|| ApiErr::missing("Version"))
        .and_then(|v| Service::from_version(v).ok_or_else(unknown_action))?;
    let handler = match service {
        Service::Sts if action == "GetCallerIdentity" => None,
        Service::Sts => Some(handlers::sts_action(action).ok_or_else(unknown_action)?),
        Service::Ram => Some(handlers::ram_action(action).ok_or_else(unknown_action)?),
    };

    let now = OffsetDateTime::now_utc() + time::Duration::seconds(inner.faults.skew_secs);
    let accept_v1 = !inner.faults.v1_off;
    let caller = auth::authenticate(
        &inner.st,
        &mut inner.nonces,
        method,
        params,
        signing,
        accept_v1,
        now,
    )?;
    if let Some(id) = auth::key_id(params, signing) {
        inner.st.touch_key(&id, now);
    }
    let Some(handler) = handler else {
        return Ok(handlers::get_caller_identity(&inner.st, &caller));
    };
    // An STS action checks its own permission (AssumeRole's is on the role asked for).
    if service == Service::Ram {
        auth::authorize(&inner.st, &caller, handler.name)?;
    }
    handlers::check_required(handler, params)?;
    let mut ctx = Ctx {
        st: &mut inner.st,
        rng: &mut inner.rng,
        caller: &caller,
        p: params,
        now,
        sts: inner.faults.sts_times(),
    };
    let out = (handler.run)(&mut ctx)?;
    if handler.mutates {
        inner.persist();
    }
    Ok(out)
}
