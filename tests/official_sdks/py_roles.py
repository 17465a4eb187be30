"""RAM roles and STS AssumeRole in ramwiz sim, as Alibaba's old-generation Python SDK drives
them (issue 24): the stock `AcsClient` with the request classes of `aliyun-python-sdk-ram`
(CreateRole, AttachPolicyToRole, ListPoliciesForRole) and `aliyun-python-sdk-sts` (AssumeRole,
GetCallerIdentity), and the SDK's own `StsTokenCredential` signing with the temporary key.
Only where each request goes is changed (`set_endpoint`, plain HTTP). Reports each step as
common.py does, never a secret."""

import json

from common import ACCOUNT, DATE, OWNER_ID, OWNER_SECRET, expect, run_steps
from aliyunsdkcore.auth.credentials import StsTokenCredential
from aliyunsdkcore.client import AcsClient
from aliyunsdkram.request.v20150501 import (
    AttachPolicyToRoleRequest, AttachPolicyToUserRequest, CreateAccessKeyRequest,
    CreatePolicyRequest, CreateRoleRequest, CreateUserRequest, ListPoliciesForRoleRequest,
    ListUsersRequest)
from aliyunsdksts.request.v20150401 import AssumeRoleRequest, GetCallerIdentityRequest
from py_core import call, client, fails

STEPS = [
    "create-role", "attach-policy-to-role", "create-operator", "assume-role",
    "sts-token-signs", "assume-role-not-trusted", "owner-may-not-assume", "duration-too-long",
    "no-such-role",
]

owner = client(OWNER_ID, OWNER_SECRET)
state = {}
ROLE = "sdk-admin"
ARN = f"acs:ram::{ACCOUNT}:role/{ROLE}"


def trust(principal):
    return json.dumps({"Version": "1", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": [principal]}}]})


def create_role():
    r = call(owner, CreateRoleRequest, RoleName=ROLE,
             AssumeRolePolicyDocument=trust(f"acs:ram::{ACCOUNT}:root"),
             Description="assumed by the SDK's operator")["Role"]
    expect(r["Arn"] == ARN and r["RoleName"] == ROLE and r["MaxSessionDuration"] == 3600, r)
    expect(DATE.match(r["CreateDate"]), r)


def attach_policy_to_role():
    call(owner, AttachPolicyToRoleRequest, PolicyType="System",
         PolicyName="AdministratorAccess", RoleName=ROLE)
    got = call(owner, ListPoliciesForRoleRequest, RoleName=ROLE)["Policies"]["Policy"]
    expect([p["PolicyName"] for p in got] == ["AdministratorAccess"], got)


def create_operator():
    call(owner, CreateUserRequest, UserName="sdk-operator")
    doc = json.dumps({"Version": "1", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRole",
        "Resource": [ARN, f"acs:ram::{ACCOUNT}:role/closed"]}]})
    call(owner, CreatePolicyRequest, PolicyName="sdk-assume", PolicyDocument=doc)
    call(owner, AttachPolicyToUserRequest, PolicyType="Custom", PolicyName="sdk-assume",
         UserName="sdk-operator")
    k = call(owner, CreateAccessKeyRequest, UserName="sdk-operator")["AccessKey"]
    state["operator"] = client(k["AccessKeyId"], k["AccessKeySecret"])
    # Alone, the operator may not manage RAM.
    fails(lambda: call(state["operator"], ListUsersRequest), "NoPermission", 403)


def assume_role():
    b = call(state["operator"], AssumeRoleRequest, RoleArn=ARN, RoleSessionName="sdk",
             DurationSeconds=900)
    c = b["Credentials"]
    expect(c["AccessKeyId"].startswith("STS.") and c["SecurityToken"], "an STS key")
    expect(DATE.match(c["Expiration"]), c["Expiration"])
    expect(b["AssumedRoleUser"]["Arn"] == f"{ARN}/sdk", b["AssumedRoleUser"])
    state["sts"] = StsTokenCredential(c["AccessKeyId"], c["AccessKeySecret"], c["SecurityToken"])


def sts_token_signs():
    c = AcsClient(region_id="cn-hangzhou", credential=state["sts"], auto_retry=False)
    who = call(c, GetCallerIdentityRequest)
    expect(who["IdentityType"] == "AssumedRoleUser", who)
    expect(who["Arn"] == f"acs:ram::{ACCOUNT}:assumed-role/{ROLE}/sdk", who)
    users = call(c, ListUsersRequest)["Users"]["User"]
    expect(any(u["UserName"] == "sdk-operator" for u in users), "the role may list users")


def assume_role_not_trusted():
    call(owner, CreateRoleRequest, RoleName="closed",
         AssumeRolePolicyDocument=trust(f"acs:ram::{ACCOUNT}:user/someone-else"))
    # The operator may assume it, but the role trusts someone else.
    fails(lambda: call(state["operator"], AssumeRoleRequest,
                       RoleArn=f"acs:ram::{ACCOUNT}:role/closed", RoleSessionName="sdk"),
          "NoPermission", 403)


def owner_may_not_assume():
    # The account's own key (root) assumes no role, even one that trusts its account.
    fails(lambda: call(owner, AssumeRoleRequest, RoleArn=ARN, RoleSessionName="sdk"),
          "NoPermission", 403)


def duration_too_long():
    fails(lambda: call(state["operator"], AssumeRoleRequest, RoleArn=ARN,
                       RoleSessionName="sdk", DurationSeconds=7200),
          "InvalidParameter.DurationSeconds", 400)


def no_such_role():
    fails(lambda: call(state["operator"], AssumeRoleRequest,
                       RoleArn=f"acs:ram::{ACCOUNT}:role/gone", RoleSessionName="sdk"),
          "EntityNotExist.Role", 404)


run_steps(globals(), STEPS)
