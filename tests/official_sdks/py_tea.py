"""ramwiz sim as Alibaba's new-generation Python SDK sees it.

Drives the stock `alibabacloud-tea-openapi` clients (`alibabacloud-ram20150501`,
`alibabacloud-sts20150401`), which sign with ACS3-HMAC-SHA256 by default, through the actions
ramwiz and ccoctl use. Run by tests/official_sdks.rs with the simulated cloud's address and its
owner key in the environment (never on the command line). Reports each step as common.py does.
"""

import json
import re

from common import ACCOUNT, DATE, ENDPOINT, OWNER_ID, OWNER_SECRET, POLICY, USER, expect, run_steps
from alibabacloud_ram20150501 import models as ram
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_tea_openapi import utils_models as openapi
from alibabacloud_tea_openapi.client import Client as OpenApiClient
from darabonba.runtime import RuntimeOptions


def config(key_id, secret):
    # Stock configuration: only where to send and with what key; signing is the SDK's default.
    return openapi.Config(
        access_key_id=key_id,
        access_key_secret=secret,
        endpoint=ENDPOINT,
        protocol="HTTP",
        region_id="cn-hangzhou",
        read_timeout=10000,
        connect_timeout=5000,
    )


def fails(fn, code, status):
    """Runs fn, which must raise the SDK's exception with this code and HTTP status."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        got = (getattr(e, "code", None), getattr(e, "status_code", None))
        expect(got == (code, status), f"expected {code} {status}, got {got}: {e}")
        return e
    raise AssertionError(f"expected {code} {status}, but the call succeeded")


owner_ram = RamClient(config(OWNER_ID, OWNER_SECRET))
owner_sts = StsClient(config(OWNER_ID, OWNER_SECRET))
state = {}


def caller_identity():
    b = owner_sts.get_caller_identity().body
    expect(b.account_id == ACCOUNT, f"AccountId {b.account_id}")
    expect(b.identity_type == "Account", f"IdentityType {b.identity_type}")
    expect(b.arn == f"acs:ram::{ACCOUNT}:root", f"Arn {b.arn}")
    expect(len(b.request_id) == 36, "RequestId")


def create_user():
    b = owner_ram.create_user(ram.CreateUserRequest(user_name=USER, display_name="SDK installer")).body
    expect(b.user.user_name == USER and b.user.display_name == "SDK installer", b.user.to_map())
    expect(re.fullmatch(r"\d+", b.user.user_id or ""), f"UserId {b.user.user_id}")
    expect(DATE.match(b.user.create_date or ""), f"CreateDate {b.user.create_date}")
    state["user_id"] = b.user.user_id


def create_user_invalid_name():
    fails(lambda: owner_ram.create_user(ram.CreateUserRequest(user_name="bad name!")),
          "InvalidParameter.UserName.InvalidChars", 400)


def create_user_duplicate():
    fails(lambda: owner_ram.create_user(ram.CreateUserRequest(user_name=USER)),
          "EntityAlreadyExists.User", 409)


def get_user():
    b = owner_ram.get_user(ram.GetUserRequest(user_name=USER)).body
    expect(b.user.user_id == state["user_id"], b.user.to_map())
    expect(DATE.match(b.user.update_date or ""), f"UpdateDate {b.user.update_date}")


def create_access_key():
    keys = []
    for _ in range(2):
        k = owner_ram.create_access_key(ram.CreateAccessKeyRequest(user_name=USER)).body.access_key
        expect(k.status == "Active" and k.access_key_id.startswith("LTAI"), k.access_key_id)
        expect(len(k.access_key_secret or "") >= 20, "a secret came back")
        expect(DATE.match(k.create_date or ""), f"CreateDate {k.create_date}")
        keys.append((k.access_key_id, k.access_key_secret))
    state["keys"] = keys


def access_key_limit():
    fails(lambda: owner_ram.create_access_key(ram.CreateAccessKeyRequest(user_name=USER)),
          "LimitExceeded.User.AccessKey", 409)


def list_access_keys():
    b = owner_ram.list_access_keys(ram.ListAccessKeysRequest(user_name=USER)).body
    ids = [k.access_key_id for k in b.access_keys.access_key]
    expect(ids == [k for k, _ in state["keys"]], ids)
    expect("AccessKeySecret" not in json.dumps(b.to_map()), "no secret in the listing")


def new_key_signs():
    key_id, secret = state["keys"][0]
    b = StsClient(config(key_id, secret)).get_caller_identity().body
    expect(b.identity_type == "RAMUser", f"IdentityType {b.identity_type}")
    expect(b.arn == f"acs:ram::{ACCOUNT}:user/{USER}", f"Arn {b.arn}")
    expect(b.user_id == state["user_id"] and b.principal_id == state["user_id"], b.to_map())


def no_permission():
    key_id, secret = state["keys"][0]
    e = fails(lambda: RamClient(config(key_id, secret)).list_users(ram.ListUsersRequest()),
              "NoPermission", 403)
    d = e.access_denied_detail or {}
    expect(d.get("AuthAction") == "ram:ListUsers", f"AccessDeniedDetail {d}")
    expect(d.get("NoPermissionType") == "ImplicitDeny", f"AccessDeniedDetail {d}")
    expect(d.get("AuthPrincipalDisplayName") == USER, f"AccessDeniedDetail {d}")


def wrong_secret():
    key_id, _ = state["keys"][1]
    fails(lambda: StsClient(config(key_id, "x" * 30)).get_caller_identity(),
          "SignatureDoesNotMatch", 400)


def unknown_key():
    fails(lambda: StsClient(config("LTAI" + "0" * 20, "x" * 30)).get_caller_identity(),
          "InvalidAccessKeyId.NotFound", 404)


def create_policy():
    b = owner_ram.create_policy(ram.CreatePolicyRequest(
        policy_name="okd-install", policy_document=POLICY, description="OKD installer")).body
    expect(b.policy.policy_name == "okd-install" and b.policy.policy_type == "Custom", b.policy.to_map())
    expect(b.policy.default_version == "v1", b.policy.default_version)


def get_policy():
    b = owner_ram.get_policy(ram.GetPolicyRequest(policy_name="okd-install", policy_type="Custom")).body
    expect(b.policy.attachment_count == 0, f"AttachmentCount {b.policy.attachment_count!r}")
    expect(b.default_policy_version.is_default_version is True, b.default_policy_version.to_map())
    expect(json.loads(b.default_policy_version.policy_document) == json.loads(POLICY), "the document")


def get_policy_version():
    b = owner_ram.get_policy_version(ram.GetPolicyVersionRequest(
        policy_name="okd-install", policy_type="Custom", version_id="v1")).body
    v = b.policy_version
    expect(v.version_id == "v1" and v.is_default_version is True, v.to_map())
    expect(json.loads(v.policy_document) == json.loads(POLICY), "the document")
    fails(lambda: owner_ram.get_policy_version(ram.GetPolicyVersionRequest(
        policy_name="okd-install", policy_type="Custom", version_id="v9")),
        "EntityNotExist.Policy.Version", 404)


def set_default_policy_version():
    v = owner_ram.create_policy_version(ram.CreatePolicyVersionRequest(
        policy_name="okd-install", policy_document=POLICY, set_as_default=False)).body.policy_version
    expect(v.version_id == "v2" and v.is_default_version is False, v.to_map())
    owner_ram.set_default_policy_version(ram.SetDefaultPolicyVersionRequest(
        policy_name="okd-install", version_id="v2"))
    b = owner_ram.get_policy(ram.GetPolicyRequest(policy_name="okd-install", policy_type="Custom")).body
    expect(b.policy.default_version == "v2", b.policy.default_version)


def attach_policy():
    owner_ram.attach_policy_to_user(ram.AttachPolicyToUserRequest(
        policy_type="Custom", policy_name="okd-install", user_name=USER))
    fails(lambda: owner_ram.attach_policy_to_user(ram.AttachPolicyToUserRequest(
        policy_type="Custom", policy_name="okd-install", user_name=USER)),
        "EntityAlreadyExists.User.Policy", 409)


def list_policies_for_user():
    b = owner_ram.list_policies_for_user(ram.ListPoliciesForUserRequest(user_name=USER)).body
    got = [(p.policy_name, p.policy_type, p.default_version) for p in b.policies.policy]
    expect(got == [("okd-install", "Custom", "v2")], got)
    expect(DATE.match(b.policies.policy[0].attach_date or ""), "AttachDate")


def list_users_paged():
    names = [USER] + [f"sdk-page-{i}" for i in range(3)]
    for n in names[1:]:
        owner_ram.create_user(ram.CreateUserRequest(user_name=n))
    seen, marker, pages = [], None, 0
    while True:
        b = owner_ram.list_users(ram.ListUsersRequest(max_items=2, marker=marker)).body
        pages += 1
        seen += [u.user_name for u in b.users.user]
        expect(isinstance(b.is_truncated, bool), f"IsTruncated {b.is_truncated!r}")
        if not b.is_truncated:
            expect(b.marker is None, "no Marker on the last page")
            break
        marker = b.marker
        expect(pages < 10, "paging ends")
    expect(sorted(seen) == sorted(names) and pages == 2, f"{pages} pages: {seen}")


def list_policies():
    seen, marker = [], None
    for _ in range(10):
        b = owner_ram.list_policies(ram.ListPoliciesRequest(
            policy_type="Custom", max_items=1, marker=marker)).body
        seen += [(p.policy_name, p.attachment_count) for p in b.policies.policy]
        if not b.is_truncated:
            break
        marker = b.marker
    expect(seen == [("okd-install", 1)], seen)
    b = owner_ram.list_policies(ram.ListPoliciesRequest(policy_type="System")).body
    names = [p.policy_name for p in b.policies.policy]
    expect("AdministratorAccess" in names, names)
    expect(all(p.policy_type == "System" for p in b.policies.policy), "only System")


def access_key_last_used():
    key_id, _ = state["keys"][0]
    b = owner_ram.get_access_key_last_used(ram.GetAccessKeyLastUsedRequest(
        user_name=USER, user_access_key_id=key_id)).body
    expect(DATE.match(b.access_key_last_used.last_used_date or ""), b.to_map())


def missing_parameter():
    e = fails(lambda: owner_ram.get_user(ram.GetUserRequest()), "MissingParameter", 400)
    expect('"UserName"' in e.message, e.message)


def generic(action, version):
    params = openapi.Params(action=action, version=version, protocol="HTTP", pathname="/",
                            method="POST", auth_type="AK", style="RPC",
                            req_body_type="formData", body_type="json")
    return OpenApiClient(config(OWNER_ID, OWNER_SECRET)).call_api(
        params, openapi.OpenApiRequest(query={}), RuntimeOptions())


def unknown_action():
    fails(lambda: generic("NoSuchAction", "2015-05-01"), "InvalidAction.NotFound", 404)
    fails(lambda: generic("ListUsers", "2099-01-01"), "InvalidAction.NotFound", 404)


run_steps(globals())
