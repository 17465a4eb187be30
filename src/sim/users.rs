//! RAM user and AccessKey actions of the simulated cloud: CreateUser, GetUser, ListUsers (with
//! opaque Marker paging), DeleteUser, CreateAccessKey, ListAccessKeys, UpdateAccessKey,
//! DeleteAccessKey and GetAccessKeyLastUsed, with the validation and limits of reference §4–5.

use base64::Engine as _;
use serde_json::{Value, json};

use super::auth::Caller;
use super::error::ApiErr;
use super::handlers::{Ctx, Params, Reply, check_name, invalid, max_items, obj, too_long};
use super::state::{AccessKey, User};

/// Most RAM users per account.
pub const MAX_USERS: usize = 5000;
/// Most AccessKeys per RAM user.
pub const MAX_KEYS: usize = 2;

fn user_json(u: &User, with_update: bool) -> Value {
    let mut m = obj(json!({
        "UserId": u.user_id,
        "UserName": u.user_name,
        "DisplayName": u.display_name,
        "CreateDate": u.create_date,
    }));
    for (k, v) in [
        ("MobilePhone", &u.mobile_phone),
        ("Email", &u.email),
        ("Comments", &u.comments),
    ] {
        if let Some(v) = v {
            m.insert(k.to_owned(), json!(v));
        }
    }
    if with_update {
        m.insert("UpdateDate".to_owned(), json!(u.update_date));
    }
    Value::Object(m)
}

fn key_meta(k: &AccessKey) -> Value {
    json!({"AccessKeyId": k.access_key_id, "Status": k.status, "CreateDate": k.create_date})
}

fn valid_user_name(p: &Params) -> Result<&str, ApiErr> {
    let name = p.req("UserName")?;
    check_name("UserName", name, 64, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
    })?;
    Ok(name)
}

pub fn create_user(c: &mut Ctx<'_>) -> Reply {
    let name = valid_user_name(c.p)?;
    let display = c.p.opt("DisplayName").unwrap_or(name);
    if display.chars().count() > 128 {
        return Err(too_long("DisplayName", 1, 128));
    }
    let comments = c.p.opt("Comments");
    if comments.is_some_and(|s| s.chars().count() > 128) {
        return Err(too_long("Comments", 1, 128));
    }
    if c.st.user(name).is_some() {
        return Err(ApiErr::conflict(
            "EntityAlreadyExists.User",
            format!("The user already exists: {name}."),
        ));
    }
    if c.st.users.len() >= MAX_USERS {
        return Err(ApiErr::conflict(
            "LimitExceeded.User",
            format!("The count of users is beyond the current limit ({MAX_USERS})."),
        ));
    }
    let i = c.st.push_user(c.rng, name, display);
    let u = &mut c.st.users[i];
    u.comments = comments.map(str::to_owned);
    u.email = c.p.opt("Email").map(str::to_owned);
    u.mobile_phone = c.p.opt("MobilePhone").map(str::to_owned);
    Ok(obj(json!({ "User": user_json(u, false) })))
}

pub fn get_user(c: &mut Ctx<'_>) -> Reply {
    let name = c.p.req("UserName")?;
    let u = c.st.user(name).ok_or_else(|| ApiErr::no_user(name))?;
    Ok(obj(json!({ "User": user_json(u, true) })))
}

const MARKER_PREFIX: &str = "ramwiz-sim-users:";

fn encode_marker(seq: u64) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{MARKER_PREFIX}{seq}"))
}

fn decode_marker(m: &str) -> Option<u64> {
    let raw = base64::engine::general_purpose::STANDARD.decode(m).ok()?;
    String::from_utf8(raw)
        .ok()?
        .strip_prefix(MARKER_PREFIX)?
        .parse()
        .ok()
}

pub fn list_users(c: &mut Ctx<'_>) -> Reply {
    let max = max_items(c.p)?;
    let start = match c.p.opt("Marker") {
        None => 0,
        Some(m) => decode_marker(m).ok_or_else(|| invalid("Marker"))?,
    };
    let mut rest = c.st.users.iter().filter(|u| u.seq >= start);
    let page: Vec<Value> = rest
        .by_ref()
        .take(max)
        .map(|u| user_json(u, true))
        .collect();
    let mut out = obj(json!({ "Users": { "User": page } }));
    match rest.next() {
        Some(next) => {
            out.insert("IsTruncated".to_owned(), json!(true));
            out.insert("Marker".to_owned(), json!(encode_marker(next.seq)));
        }
        None => {
            out.insert("IsTruncated".to_owned(), json!(false));
        }
    }
    Ok(out)
}

pub fn delete_user(c: &mut Ctx<'_>) -> Reply {
    let name = c.p.req("UserName")?;
    let u = c.st.user(name).ok_or_else(|| ApiErr::no_user(name))?;
    if !u.access_keys.is_empty() {
        return Err(ApiErr::conflict(
            "DeleteConflict.User.AccessKey",
            format!("The user has access keys; delete them first: {name}."),
        ));
    }
    if c.st.attachments_of(name).next().is_some() {
        return Err(ApiErr::conflict(
            "DeleteConflict.User.Policy",
            format!("The user has attached policies; detach them first: {name}."),
        ));
    }
    c.st.users.retain(|u| u.user_name != name);
    Ok(obj(json!({})))
}

/// The user an AccessKey call is about: `UserName`, else the calling RAM user. The simulator
/// does not manage the owner's (root) keys, so the owner must name a user.
fn key_owner(c: &Ctx<'_>) -> Result<String, ApiErr> {
    match (c.p.opt("UserName"), c.caller) {
        (Some(n), _) => Ok(n.to_owned()),
        (None, Caller::User { user_name, .. }) => Ok(user_name.clone()),
        // A role session is no user: it must name one, as the owner must.
        (None, Caller::Owner | Caller::Role { .. }) => Err(ApiErr::missing("UserName")),
    }
}

pub fn create_access_key(c: &mut Ctx<'_>) -> Reply {
    let name = key_owner(c)?;
    let id = c.st.fresh_key_id(c.rng);
    let secret = c.rng.alnum(30);
    let u = c.st.user_mut(&name).ok_or_else(|| ApiErr::no_user(&name))?;
    if u.access_keys.len() >= MAX_KEYS {
        return Err(ApiErr::conflict(
            "LimitExceeded.User.AccessKey",
            format!("The count of access keys of the user is beyond the limit ({MAX_KEYS})."),
        ));
    }
    let key = AccessKey {
        access_key_id: id,
        access_key_secret: secret,
        status: "Active".to_owned(),
        // Stamped by the server's clock, as Alibaba's is (behind or ahead of the client's).
        create_date: crate::sim::state::fmt_date(c.now),
        last_used_date: None,
    };
    let out = json!({ "AccessKey": {
        "AccessKeyId": key.access_key_id,
        "AccessKeySecret": key.access_key_secret,
        "Status": key.status,
        "CreateDate": key.create_date,
    }});
    u.access_keys.push(key);
    Ok(obj(out))
}

pub fn list_access_keys(c: &mut Ctx<'_>) -> Reply {
    let keys: Vec<Value> = match (c.p.opt("UserName"), c.caller) {
        (None, Caller::Owner) => vec![json!({
            "AccessKeyId": c.st.owner.access_key_id,
            "Status": "Active",
            "CreateDate": c.st.owner.create_date,
        })],
        _ => {
            let name = key_owner(c)?;
            let u = c.st.user(&name).ok_or_else(|| ApiErr::no_user(&name))?;
            u.access_keys.iter().map(key_meta).collect()
        }
    };
    Ok(obj(json!({ "AccessKeys": { "AccessKey": keys } })))
}

fn no_key(id: &str) -> ApiErr {
    ApiErr::not_found(
        "EntityNotExist.User.AccessKey",
        format!("The access key does not exist: {id}."),
    )
}

pub fn update_access_key(c: &mut Ctx<'_>) -> Reply {
    let id = c.p.req("UserAccessKeyId")?;
    let status = match c.p.req("Status")? {
        s @ ("Active" | "Inactive") => s,
        _ => return Err(invalid("Status")),
    };
    let name = key_owner(c)?;
    let u = c.st.user_mut(&name).ok_or_else(|| ApiErr::no_user(&name))?;
    let k = u
        .access_keys
        .iter_mut()
        .find(|k| k.access_key_id == id)
        .ok_or_else(|| no_key(id))?;
    k.status = status.to_owned();
    Ok(obj(json!({})))
}

pub fn delete_access_key(c: &mut Ctx<'_>) -> Reply {
    let id = c.p.req("UserAccessKeyId")?;
    let name = key_owner(c)?;
    let u = c.st.user_mut(&name).ok_or_else(|| ApiErr::no_user(&name))?;
    let before = u.access_keys.len();
    u.access_keys.retain(|k| k.access_key_id != id);
    if u.access_keys.len() == before {
        return Err(no_key(id));
    }
    Ok(obj(json!({})))
}

/// When the key was last used to sign an accepted request. A key never used answers an empty
/// `AccessKeyLastUsed` (the real answer for that case is UNVERIFIED; the SDK models make
/// `LastUsedDate` optional).
pub fn get_access_key_last_used(c: &mut Ctx<'_>) -> Reply {
    let id = c.p.req("UserAccessKeyId")?;
    let name = key_owner(c)?;
    let u = c.st.user(&name).ok_or_else(|| ApiErr::no_user(&name))?;
    let k = u
        .access_keys
        .iter()
        .find(|k| k.access_key_id == id)
        .ok_or_else(|| no_key(id))?;
    let mut last = serde_json::Map::new();
    if let Some(d) = &k.last_used_date {
        last.insert("LastUsedDate".to_owned(), json!(d));
    }
    Ok(obj(json!({ "AccessKeyLastUsed": last })))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip_and_reject_garbage() {
        assert_eq!(decode_marker(&encode_marker(1234)), Some(1234));
        assert_eq!(decode_marker("1234"), None);
        assert_eq!(decode_marker("!!"), None);
    }
}
