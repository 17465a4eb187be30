"""Reads AccessKey profiles of a credentials file with Alibaba's Python credential library.

`alibabacloud_credentials`' ProfileCredentialsProvider, stock: the file comes from
ALIBABA_CLOUD_CREDENTIALS_FILE (the library's default is ~/.alibabacloud/credentials.ini), the
profile names from CRED_PROFILES (comma-separated). Prints, per profile, `profile NAME ID
SHA256-OF-SECRET` or `error NAME: why`; the secret itself is never printed.
"""

import hashlib
import os

from alibabacloud_credentials.provider import ProfileCredentialsProvider

for name in os.environ["CRED_PROFILES"].split(","):
    try:
        c = ProfileCredentialsProvider(profile_name=name).get_credentials()
        digest = hashlib.sha256(c.get_access_key_secret().encode()).hexdigest()
        print(f"profile {name} {c.get_access_key_id()} {digest}", flush=True)
    except Exception as e:  # noqa: BLE001 - reported per profile
        print(f"error {name}: {type(e).__name__}: {e}", flush=True)
