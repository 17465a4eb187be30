"""GetCallerIdentity through Alibaba's official old-generation Python SDK, for the benchmark.

The stock `aliyun-python-sdk-core` AcsClient and the `aliyun-python-sdk-sts` request class,
pointed at `ramwiz sim` (SIM_ENDPOINT, plain HTTP on loopback) with the owner key from the
environment. Prints one JSON line: the time from the first import to the first answer, and
the median of N calls after 20 to warm up (argv[1]).
"""

import json
import os
import sys
import time

t0 = time.perf_counter()
from aliyunsdkcore.client import AcsClient  # noqa: E402
from aliyunsdksts.request.v20150401.GetCallerIdentityRequest import (  # noqa: E402
    GetCallerIdentityRequest,
)

client = AcsClient(
    os.environ["SIM_ACCESS_KEY_ID"], os.environ["SIM_ACCESS_KEY_SECRET"], "cn-hangzhou", auto_retry=False
)


def call():
    req = GetCallerIdentityRequest()
    req.set_endpoint(os.environ["SIM_ENDPOINT"])
    req.set_protocol_type("http")
    json.loads(client.do_action_with_exception(req))


call()
start_ms = (time.perf_counter() - t0) * 1000
for _ in range(20):
    call()
times = []
for _ in range(int(sys.argv[1])):
    s = time.perf_counter()
    call()
    times.append((time.perf_counter() - s) * 1000)
times.sort()
print(json.dumps({"start_ms": start_ms, "median_ms": times[len(times) // 2]}))
