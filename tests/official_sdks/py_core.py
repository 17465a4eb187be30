"""ramwiz sim as Alibaba's old-generation Python SDK sees it.

Drives the stock `aliyun-python-sdk-core` AcsClient with the request classes of
`aliyun-python-sdk-ram` and `aliyun-python-sdk-sts` (signature V1, HMAC-SHA1, parameters in the
query) through the actions ramwiz and ccoctl use. The only settings changed on a request are
where it goes (`set_endpoint`) and plain HTTP for the loopback simulator. Run by
tests/official_sdks.rs with the simulated cloud's address and its owner key in the environment;
reports each step as common.py does.
"""

import json
import re

from common import ACCOUNT, DATE, ENDPOINT, OWNER_ID, OWNER_SECRET, POLICY, USER, expect, run_steps
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest
from aliyunsdkram.request.v20150501 import (
    AttachPolicyToUserRequest, CreateAccessKeyRequest, CreatePolicyRequest,
    CreatePolicyVersionRequest, CreateUserRequest, GetAccessKeyLastUsedRequest, GetPolicyRequest,
    GetPolicyVersionRequest, GetUserRequest, ListAccessKeysRequest, ListPoliciesForUserRequest,
    ListPoliciesRequest, ListUsersRequest, SetDefaultPolicyVersionRequest)
from aliyunsdksts.request.v20150401 import GetCallerIdentityRequest


def client(key_id, secret):
    return AcsClient(key_id, secret, "cn-hangzhou", auto_retry=False)


def prepared(module, **params):
    """A request of the SDK's class for `module` (e.g. CreateUserRequest), sent to the simulator."""
    req = getattr(module, module.__name__.rsplit(".", 1)[-1])()
    req.set_endpoint(ENDPOINT)
    req.set_protocol_type("http")
    for k, v in params.items():
        getattr(req, f"set_{k}")(v)
    return req


def call(c, module, **params):
    return json.loads(c.do_action_with_exception(prepared(module, **params)))


def fails(fn, code, status):
    try:
        fn()
    except ServerException as e:
        got = (e.get_error_code(), e.get_http_status())
        expect(got == (code, status), f"expected {code} {status}, got {got}: {e.get_error_msg()}")
        expect(len(e.get_request_id() or "") == 36, "RequestId")
        return e
    raise AssertionError(f"expected {code} {status}, but the call succeeded")


owner = client(OWNER_ID, OWNER_SECRET)
state = {}


def caller_identity():
    b = call(owner, GetCallerIdentityRequest)
    expect(b["AccountId"] == ACCOUNT and b["IdentityType"] == "Account", b)
    expect(b["Arn"] == f"acs:ram::{ACCOUNT}:root", b)


def create_user():
    u = call(owner, CreateUserRequest, UserName=USER, DisplayName="SDK installer")["User"]
    expect(u["UserName"] == USER and re.fullmatch(r"\d+", u["UserId"]), u)
    expect(DATE.match(u["CreateDate"]), u)
    state["user_id"] = u["UserId"]


def create_user_invalid_name():
    fails(lambda: call(owner, CreateUserRequest, UserName="bad name!"),
          "InvalidParameter.UserName.InvalidChars", 400)


def create_user_duplicate():
    fails(lambda: call(owner, CreateUserRequest, UserName=USER), "EntityAlreadyExists.User", 409)


def get_user():
    u = call(owner, GetUserRequest, UserName=USER)["User"]
    expect(u["UserId"] == state["user_id"] and DATE.match(u["UpdateDate"]), u)


def create_access_key():
    keys = []
    for _ in range(2):
        k = call(owner, CreateAccessKeyRequest, UserName=USER)["AccessKey"]
        expect(k["Status"] == "Active" and k["AccessKeyId"].startswith("LTAI"), k["AccessKeyId"])
        expect(DATE.match(k["CreateDate"]), k["CreateDate"])
        keys.append((k["AccessKeyId"], k["AccessKeySecret"]))
    state["keys"] = keys


def access_key_limit():
    fails(lambda: call(owner, CreateAccessKeyRequest, UserName=USER),
          "LimitExceeded.User.AccessKey", 409)


def list_access_keys():
    b = call(owner, ListAccessKeysRequest, UserName=USER)
    ids = [k["AccessKeyId"] for k in b["AccessKeys"]["AccessKey"]]
    expect(ids == [k for k, _ in state["keys"]], ids)
    expect("AccessKeySecret" not in json.dumps(b), "no secret in the listing")


def new_key_signs():
    b = call(client(*state["keys"][0]), GetCallerIdentityRequest)
    expect(b["IdentityType"] == "RAMUser" and b["UserId"] == state["user_id"], b)
    expect(b["Arn"] == f"acs:ram::{ACCOUNT}:user/{USER}", b)


def no_permission():
    c = client(*state["keys"][0])
    fails(lambda: call(c, ListUsersRequest), "NoPermission", 403)
    # The old SDK's exception keeps no AccessDeniedDetail; its do_action returns the error body.
    body = json.loads(c.do_action(prepared(ListUsersRequest)))
    d = body.get("AccessDeniedDetail") or {}
    expect(d.get("AuthAction") == "ram:ListUsers" and d.get("NoPermissionType") == "ImplicitDeny", d)


def wrong_secret():
    # The server answers SignatureDoesNotMatch with its string to sign; the old SDK compares it
    # with its own and, when they are the same (so only the secret can be wrong), raises
    # InvalidAccessKeySecret instead. Passing proves the simulator's string to sign is the SDK's.
    fails(lambda: call(client(state["keys"][1][0], "x" * 30), GetCallerIdentityRequest),
          "InvalidAccessKeySecret", 400)


def unknown_key():
    fails(lambda: call(client("LTAI" + "0" * 20, "x" * 30), GetCallerIdentityRequest),
          "InvalidAccessKeyId.NotFound", 404)


def create_policy():
    p = call(owner, CreatePolicyRequest, PolicyName="okd-install", PolicyDocument=POLICY,
             Description="OKD installer")["Policy"]
    expect(p["PolicyType"] == "Custom" and p["DefaultVersion"] == "v1", p)


def get_policy():
    b = call(owner, GetPolicyRequest, PolicyName="okd-install", PolicyType="Custom")
    expect(b["Policy"]["AttachmentCount"] == 0, b["Policy"])
    v = b["DefaultPolicyVersion"]
    expect(v["IsDefaultVersion"] is True and json.loads(v["PolicyDocument"]) == json.loads(POLICY), v)


def get_policy_version():
    v = call(owner, GetPolicyVersionRequest, PolicyName="okd-install", PolicyType="Custom",
             VersionId="v1")["PolicyVersion"]
    expect(v["VersionId"] == "v1" and v["IsDefaultVersion"] is True, v)
    fails(lambda: call(owner, GetPolicyVersionRequest, PolicyName="okd-install",
                       PolicyType="Custom", VersionId="v9"), "EntityNotExist.Policy.Version", 404)


def set_default_policy_version():
    v = call(owner, CreatePolicyVersionRequest, PolicyName="okd-install", PolicyDocument=POLICY,
             SetAsDefault=False)["PolicyVersion"]
    expect(v["VersionId"] == "v2" and v["IsDefaultVersion"] is False, v)
    call(owner, SetDefaultPolicyVersionRequest, PolicyName="okd-install", VersionId="v2")
    p = call(owner, GetPolicyRequest, PolicyName="okd-install", PolicyType="Custom")["Policy"]
    expect(p["DefaultVersion"] == "v2", p)


def attach_policy():
    call(owner, AttachPolicyToUserRequest, PolicyType="Custom", PolicyName="okd-install",
         UserName=USER)
    fails(lambda: call(owner, AttachPolicyToUserRequest, PolicyType="Custom",
                       PolicyName="okd-install", UserName=USER),
          "EntityAlreadyExists.User.Policy", 409)


def list_policies_for_user():
    ps = call(owner, ListPoliciesForUserRequest, UserName=USER)["Policies"]["Policy"]
    got = [(p["PolicyName"], p["PolicyType"], p["DefaultVersion"]) for p in ps]
    expect(got == [("okd-install", "Custom", "v2")] and DATE.match(ps[0]["AttachDate"]), ps)


def list_users_paged():
    names = [USER] + [f"sdk-page-{i}" for i in range(3)]
    for n in names[1:]:
        call(owner, CreateUserRequest, UserName=n)
    seen, marker, pages = [], None, 0
    while pages < 10:
        params = {"MaxItems": 2} if marker is None else {"MaxItems": 2, "Marker": marker}
        b = call(owner, ListUsersRequest, **params)
        pages += 1
        seen += [u["UserName"] for u in b["Users"]["User"]]
        expect(isinstance(b["IsTruncated"], bool), b["IsTruncated"])
        if not b["IsTruncated"]:
            expect("Marker" not in b, "no Marker on the last page")
            break
        marker = b["Marker"]
    expect(sorted(seen) == sorted(names) and pages == 2, f"{pages} pages: {seen}")


def list_policies():
    seen, marker = [], None
    for _ in range(10):
        params = {"PolicyType": "Custom", "MaxItems": 1}
        if marker is not None:
            params["Marker"] = marker
        b = call(owner, ListPoliciesRequest, **params)
        seen += [(p["PolicyName"], p["AttachmentCount"]) for p in b["Policies"]["Policy"]]
        if not b["IsTruncated"]:
            break
        marker = b["Marker"]
    expect(seen == [("okd-install", 1)], seen)
    ps = call(owner, ListPoliciesRequest, PolicyType="System")["Policies"]["Policy"]
    expect("AdministratorAccess" in [p["PolicyName"] for p in ps], ps)


def access_key_last_used():
    b = call(owner, GetAccessKeyLastUsedRequest, UserName=USER,
             UserAccessKeyId=state["keys"][0][0])
    expect(DATE.match(b["AccessKeyLastUsed"].get("LastUsedDate", "")), b)


def missing_parameter():
    e = fails(lambda: call(owner, GetUserRequest), "MissingParameter", 400)
    expect('"UserName"' in e.get_error_msg(), e.get_error_msg())


def generic(action, version):
    req = CommonRequest(domain=ENDPOINT, version=version, action_name=action)
    req.set_protocol_type("http")
    req.set_method("POST")
    return owner.do_action_with_exception(req)


def unknown_action():
    fails(lambda: generic("NoSuchAction", "2015-05-01"), "InvalidAction.NotFound", 404)
    fails(lambda: generic("ListUsers", "2099-01-01"), "InvalidAction.NotFound", 404)


if __name__ == "__main__":
    run_steps(globals())
