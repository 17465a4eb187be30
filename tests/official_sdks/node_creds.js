// Reads AccessKey profiles of a credentials file with Alibaba's Node credential library.
//
// `@alicloud/credentials`' ProfileCredentialsProvider, stock: the file is the library's default,
// $HOME/.alibabacloud/credentials, or ALIBABA_CLOUD_CREDENTIALS_FILE when set; the profile
// names come from CRED_PROFILES (comma-separated). Prints, per profile, `profile NAME ID
// SHA256-OF-SECRET` or `error NAME: why`; the secret itself is never printed.
'use strict';

const crypto = require('crypto');
const { ProfileCredentialsProvider } = require('@alicloud/credentials');

(async () => {
  for (const name of process.env.CRED_PROFILES.split(',')) {
    try {
      const c = await ProfileCredentialsProvider.builder().withProfileName(name).build().getCredentials();
      const digest = crypto.createHash('sha256').update(c.accessKeySecret).digest('hex');
      console.log(`profile ${name} ${c.accessKeyId} ${digest}`);
    } catch (e) {
      console.log(`error ${name}: ${e && e.message}`);
    }
  }
})();
