"""What the Python SDK scenarios share: the simulator's address and owner key (from the
environment, never the command line), the step names tests/official_sdks.rs expects, and the
reporting: one line per step, `ok NAME` or `FAIL NAME: why`, never a secret."""

import os
import re
import sys

ENDPOINT = os.environ["SIM_ENDPOINT"]  # host:port of the simulated cloud
OWNER_ID = os.environ["SIM_ACCESS_KEY_ID"]
OWNER_SECRET = os.environ["SIM_ACCESS_KEY_SECRET"]
ACCOUNT = os.environ["SIM_ACCOUNT_ID"]
with open(os.environ["OKD_POLICY_FILE"], encoding="utf-8") as f:
    POLICY = f.read()
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
USER = "sdk-installer"

STEPS = [
    "caller-identity", "create-user", "create-user-invalid-name", "create-user-duplicate",
    "get-user", "create-access-key", "access-key-limit", "list-access-keys", "new-key-signs",
    "no-permission", "wrong-secret", "unknown-key", "create-policy", "get-policy",
    "get-policy-version", "set-default-policy-version", "attach-policy",
    "list-policies-for-user", "list-users-paged", "list-policies", "access-key-last-used",
    "missing-parameter", "unknown-action",
]


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def run_steps(scope, steps=None):
    """Runs each step's function (`create-user` -> `create_user` in `scope`), in order, and
    exits 1 when any failed. `steps`: another scenario's list (STEPS by default)."""
    failed = 0
    for name in steps or STEPS:
        try:
            scope[name.replace("-", "_")]()
            print(f"ok {name}", flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported by name
            failed += 1
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
    sys.exit(1 if failed else 0)
