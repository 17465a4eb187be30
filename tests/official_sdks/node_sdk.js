// ramwiz sim as Alibaba's Node SDKs see it.
//
// One scenario (the actions ramwiz and ccoctl use), run twice:
// - "tea": the generated clients `@alicloud/ram20150501` and `@alicloud/sts20150401` (signature
//   V3, ACS3-HMAC-SHA256, their default), plus `@alicloud/openapi-client`'s generic callApi for
//   an action the API does not have;
// - "pop": `@alicloud/pop-core`'s RPCClient (signature V1, parameters in a POST form).
// With "tea", every success answer is also checked field by field against the SDK's response
// model (`types()`): each field's JSON type must be the model's, and a field the model does not
// have fails. To see the raw answer, the client's callApi is wrapped to keep what it returned;
// the request, its signing and the parsing stay the SDK's own.
//
// Run by tests/official_sdks.rs with the simulated cloud's address and owner key in the
// environment. Prints `ok DRIVER/NAME` or `FAIL DRIVER/NAME: why`; exits 1 when any failed.
// Never prints a secret. With `--models FILE`, instead compares the simulator's table of served
// actions (FILE, JSON) with the SDK's request models.
'use strict';

const fs = require('fs');
const RamClient = require('@alicloud/ram20150501').default;
const ram = require('@alicloud/ram20150501');
const StsClient = require('@alicloud/sts20150401').default;
const sts = require('@alicloud/sts20150401');
const { $OpenApiUtil } = require('@alicloud/openapi-core');
const OpenApi = require('@alicloud/openapi-client');
const PopClient = require('@alicloud/pop-core');
const { RuntimeOptions } = require('@darabonba/typescript');
const TeaUtil = require('@alicloud/tea-util');

const ENDPOINT = process.env.SIM_ENDPOINT;
const OWNER = [process.env.SIM_ACCESS_KEY_ID, process.env.SIM_ACCESS_KEY_SECRET];
const ACCOUNT = process.env.SIM_ACCOUNT_ID;
const POLICY = process.env.OKD_POLICY_FILE && fs.readFileSync(process.env.OKD_POLICY_FILE, 'utf8');
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function expect(cond, what) {
  if (!cond) throw new Error(typeof what === 'string' ? what : JSON.stringify(what));
}

const lower = (s) => s[0].toLowerCase() + s.slice(1);

/// Checks `json` against a model class's declared names and types; returns the problems.
function strict(json, Model, path, out) {
  const names = Model.names();
  const types = Model.types();
  const known = new Set(Object.values(names));
  for (const key of Object.keys(json)) {
    if (!known.has(key)) out.push(`${path}.${key}: not in the SDK model ${Model.name}`);
  }
  for (const [field, wire] of Object.entries(names)) {
    const v = json[wire];
    const t = types[field];
    if (v === undefined || v === null) continue;
    const at = `${path}.${wire}`;
    if (typeof t === 'string') {
      if (['string', 'number', 'boolean'].includes(t) && typeof v !== t) {
        out.push(`${at}: ${typeof v}, the model says ${t}`);
      }
    } else if (typeof t === 'function' && typeof t.names === 'function') {
      if (typeof v !== 'object' || Array.isArray(v)) out.push(`${at}: not an object`);
      else strict(v, t, at, out);
    } else if (t && t.type === 'array') {
      if (!Array.isArray(v)) out.push(`${at}: not an array`);
      else if (typeof t.itemType === 'function' && typeof t.itemType.names === 'function') {
        v.forEach((item, i) => strict(item, t.itemType, `${at}[${i}]`, out));
      } else if (typeof t.itemType === 'string') {
        v.forEach((item, i) => {
          if (typeof item !== t.itemType) out.push(`${at}[${i}]: ${typeof item}, the model says ${t.itemType}`);
        });
      }
    }
  }
  return out;
}

/// The typed SDKs: `call(action, params)` builds the SDK's request model from wire names,
/// calls the generated method, checks the raw answer against its response model, and returns
/// the raw JSON body.
function teaDriver(keyId, secret) {
  const config = new $OpenApiUtil.Config({
    accessKeyId: keyId, accessKeySecret: secret, endpoint: ENDPOINT, protocol: 'HTTP',
    regionId: 'cn-hangzhou', readTimeout: 10000, connectTimeout: 5000,
  });
  const clients = { Ram: [new RamClient(config), ram], Sts: [new StsClient(config), sts] };
  for (const [client] of Object.values(clients)) {
    const callApi = client.callApi.bind(client);
    client.callApi = async (...args) => {
      client.lastRaw = await callApi(...args);
      return client.lastRaw;
    };
  }
  return {
    name: 'tea',
    async call(service, action, params = {}) {
      const [client, models] = clients[service];
      const Request = models[`${action}Request`];
      let response;
      if (Request) {
        const byWire = Object.fromEntries(Object.entries(Request.names()).map(([f, w]) => [w, f]));
        const fields = {};
        for (const [k, v] of Object.entries(params)) {
          expect(byWire[k], `${action}: the SDK's request model has no ${k}`);
          fields[byWire[k]] = v;
        }
        response = await client[`${lower(action)}WithOptions`](new Request(fields), new RuntimeOptions({}));
      } else {
        response = await client[`${lower(action)}WithOptions`](new RuntimeOptions({}));
      }
      expect(response.statusCode === 200, `status ${response.statusCode}`);
      const raw = client.lastRaw.body;
      const problems = strict(raw, models[`${action}ResponseBody`], action, []);
      expect(problems.length === 0, problems.join('; '));
      return raw;
    },
    async generic(action, version) {
      const c = new OpenApi.default(new OpenApi.Config({
        accessKeyId: keyId, accessKeySecret: secret, endpoint: ENDPOINT, protocol: 'HTTP',
        regionId: 'cn-hangzhou',
      }));
      const params = new OpenApi.Params({
        action, version, protocol: 'HTTP', pathname: '/', method: 'POST', authType: 'AK',
        style: 'RPC', reqBodyType: 'formData', bodyType: 'json',
      });
      return c.callApi(params, new OpenApi.OpenApiRequest({ query: {} }), new TeaUtil.RuntimeOptions({}));
    },
    error(e) {
      return { code: e.code, status: e.statusCode, detail: e.accessDeniedDetail, message: e.message };
    },
  };
}

/// pop-core: V1 signatures, POST with a form body.
function popDriver(keyId, secret) {
  const make = (apiVersion) => new PopClient.RPCClient({
    accessKeyId: keyId, accessKeySecret: secret, endpoint: `http://${ENDPOINT}`, apiVersion,
  });
  const clients = { Ram: make('2015-05-01'), Sts: make('2015-04-01') };
  return {
    name: 'pop',
    call(service, action, params = {}) {
      return clients[service].request(action, params, { method: 'POST', timeout: 10000 });
    },
    generic(action, version) {
      return make(version).request(action, {}, { method: 'POST', timeout: 10000 });
    },
    error(e) {
      const status = e.entry && e.entry.response && e.entry.response.statusCode;
      return { code: e.code, status, detail: e.data && e.data.AccessDeniedDetail, message: e.data && e.data.Message };
    },
  };
}

async function fails(driver, promise, code, status) {
  try {
    await promise;
  } catch (e) {
    const got = driver.error(e);
    expect(got.code === code && got.status === status,
      `expected ${code} ${status}, got ${got.code} ${got.status}: ${got.message}`);
    return got;
  }
  throw new Error(`expected ${code} ${status}, but the call succeeded`);
}

async function scenario(make) {
  const owner = make(...OWNER);
  const d = owner.name;
  const USER = 'sdk-installer';
  const st = {};
  const steps = [
    ['caller-identity', async () => {
      const b = await owner.call('Sts', 'GetCallerIdentity');
      expect(b.AccountId === ACCOUNT && b.IdentityType === 'Account', b);
      expect(b.Arn === `acs:ram::${ACCOUNT}:root`, b);
    }],
    ['create-user', async () => {
      const u = (await owner.call('Ram', 'CreateUser', { UserName: USER, DisplayName: 'SDK installer' })).User;
      expect(u.UserName === USER && /^\d+$/.test(u.UserId) && DATE.test(u.CreateDate), u);
      st.userId = u.UserId;
    }],
    ['create-user-invalid-name', () => fails(owner, owner.call('Ram', 'CreateUser', { UserName: 'bad name!' }),
      'InvalidParameter.UserName.InvalidChars', 400)],
    ['create-user-duplicate', () => fails(owner, owner.call('Ram', 'CreateUser', { UserName: USER }),
      'EntityAlreadyExists.User', 409)],
    ['get-user', async () => {
      const u = (await owner.call('Ram', 'GetUser', { UserName: USER })).User;
      expect(u.UserId === st.userId && DATE.test(u.UpdateDate), u);
    }],
    ['create-access-key', async () => {
      st.keys = [];
      for (let i = 0; i < 2; i++) {
        const k = (await owner.call('Ram', 'CreateAccessKey', { UserName: USER })).AccessKey;
        expect(k.Status === 'Active' && k.AccessKeyId.startsWith('LTAI') && DATE.test(k.CreateDate), k.AccessKeyId);
        st.keys.push([k.AccessKeyId, k.AccessKeySecret]);
      }
    }],
    ['access-key-limit', () => fails(owner, owner.call('Ram', 'CreateAccessKey', { UserName: USER }),
      'LimitExceeded.User.AccessKey', 409)],
    ['list-access-keys', async () => {
      const b = await owner.call('Ram', 'ListAccessKeys', { UserName: USER });
      const ids = b.AccessKeys.AccessKey.map((k) => k.AccessKeyId);
      expect(JSON.stringify(ids) === JSON.stringify(st.keys.map((k) => k[0])), ids);
      expect(!JSON.stringify(b).includes('AccessKeySecret'), 'no secret in the listing');
    }],
    ['new-key-signs', async () => {
      const b = await make(...st.keys[0]).call('Sts', 'GetCallerIdentity');
      expect(b.IdentityType === 'RAMUser' && b.UserId === st.userId, b);
      expect(b.Arn === `acs:ram::${ACCOUNT}:user/${USER}`, b);
    }],
    ['no-permission', async () => {
      const user = make(...st.keys[0]);
      const e = await fails(user, user.call('Ram', 'ListUsers'), 'NoPermission', 403);
      const x = e.detail || {};
      expect(x.AuthAction === 'ram:ListUsers' && x.NoPermissionType === 'ImplicitDeny', x);
    }],
    ['wrong-secret', () => {
      const c = make(st.keys[1][0], 'x'.repeat(30));
      return fails(c, c.call('Sts', 'GetCallerIdentity'), 'SignatureDoesNotMatch', 400);
    }],
    ['unknown-key', () => {
      const c = make(`LTAI${'0'.repeat(20)}`, 'x'.repeat(30));
      return fails(c, c.call('Sts', 'GetCallerIdentity'), 'InvalidAccessKeyId.NotFound', 404);
    }],
    ['create-policy', async () => {
      const p = (await owner.call('Ram', 'CreatePolicy', {
        PolicyName: 'okd-install', PolicyDocument: POLICY, Description: 'OKD installer',
      })).Policy;
      expect(p.PolicyType === 'Custom' && p.DefaultVersion === 'v1', p);
    }],
    ['get-policy', async () => {
      const b = await owner.call('Ram', 'GetPolicy', { PolicyName: 'okd-install', PolicyType: 'Custom' });
      expect(b.Policy.AttachmentCount === 0, b.Policy);
      const v = b.DefaultPolicyVersion;
      expect(v.IsDefaultVersion === true && JSON.stringify(JSON.parse(v.PolicyDocument)) === JSON.stringify(JSON.parse(POLICY)), v.VersionId);
    }],
    ['get-policy-version', async () => {
      const v = (await owner.call('Ram', 'GetPolicyVersion', {
        PolicyName: 'okd-install', PolicyType: 'Custom', VersionId: 'v1',
      })).PolicyVersion;
      expect(v.VersionId === 'v1' && v.IsDefaultVersion === true, v);
      await fails(owner, owner.call('Ram', 'GetPolicyVersion', {
        PolicyName: 'okd-install', PolicyType: 'Custom', VersionId: 'v9',
      }), 'EntityNotExist.Policy.Version', 404);
    }],
    ['set-default-policy-version', async () => {
      const v = (await owner.call('Ram', 'CreatePolicyVersion', {
        PolicyName: 'okd-install', PolicyDocument: POLICY, SetAsDefault: false,
      })).PolicyVersion;
      expect(v.VersionId === 'v2' && v.IsDefaultVersion === false, v);
      await owner.call('Ram', 'SetDefaultPolicyVersion', { PolicyName: 'okd-install', VersionId: 'v2' });
      const p = (await owner.call('Ram', 'GetPolicy', { PolicyName: 'okd-install', PolicyType: 'Custom' })).Policy;
      expect(p.DefaultVersion === 'v2', p);
    }],
    ['attach-policy', async () => {
      const args = { PolicyType: 'Custom', PolicyName: 'okd-install', UserName: USER };
      await owner.call('Ram', 'AttachPolicyToUser', args);
      await fails(owner, owner.call('Ram', 'AttachPolicyToUser', args), 'EntityAlreadyExists.User.Policy', 409);
    }],
    ['list-policies-for-user', async () => {
      const ps = (await owner.call('Ram', 'ListPoliciesForUser', { UserName: USER })).Policies.Policy;
      const got = ps.map((p) => [p.PolicyName, p.PolicyType, p.DefaultVersion].join(' '));
      expect(got.join() === 'okd-install Custom v2' && DATE.test(ps[0].AttachDate), got);
    }],
    ['list-users-paged', async () => {
      const names = [USER, 'sdk-page-0', 'sdk-page-1', 'sdk-page-2'];
      for (const n of names.slice(1)) await owner.call('Ram', 'CreateUser', { UserName: n });
      let seen = [];
      let marker;
      let pages = 0;
      while (pages < 10) {
        const params = marker === undefined ? { MaxItems: 2 } : { MaxItems: 2, Marker: marker };
        const b = await owner.call('Ram', 'ListUsers', params);
        pages += 1;
        seen = seen.concat(b.Users.User.map((u) => u.UserName));
        expect(typeof b.IsTruncated === 'boolean', `IsTruncated ${b.IsTruncated}`);
        if (!b.IsTruncated) break;
        marker = b.Marker;
      }
      expect(seen.slice().sort().join() === names.slice().sort().join() && pages === 2, `${pages} pages: ${seen}`);
    }],
    ['list-policies', async () => {
      let seen = [];
      let marker;
      for (let i = 0; i < 10; i++) {
        const params = { PolicyType: 'Custom', MaxItems: 1 };
        if (marker !== undefined) params.Marker = marker;
        const b = await owner.call('Ram', 'ListPolicies', params);
        seen = seen.concat(b.Policies.Policy.map((p) => `${p.PolicyName}:${p.AttachmentCount}`));
        if (!b.IsTruncated) break;
        marker = b.Marker;
      }
      expect(seen.join() === 'okd-install:1', seen);
      const sys = (await owner.call('Ram', 'ListPolicies', { PolicyType: 'System' })).Policies.Policy;
      expect(sys.some((p) => p.PolicyName === 'AdministratorAccess'), sys.map((p) => p.PolicyName));
    }],
    ['access-key-last-used', async () => {
      const b = await owner.call('Ram', 'GetAccessKeyLastUsed', { UserName: USER, UserAccessKeyId: st.keys[0][0] });
      expect(DATE.test(b.AccessKeyLastUsed.LastUsedDate || ''), b);
    }],
    ['missing-parameter', async () => {
      const e = await fails(owner, owner.call('Ram', 'GetUser', {}), 'MissingParameter', 400);
      expect((e.message || '').includes('"UserName"'), e.message);
    }],
    ['unknown-action', async () => {
      await fails(owner, owner.generic('NoSuchAction', '2015-05-01'), 'InvalidAction.NotFound', 404);
      await fails(owner, owner.generic('ListUsers', '2099-01-01'), 'InvalidAction.NotFound', 404);
    }],
  ];
  let failed = 0;
  for (const [name, fn] of steps) {
    try {
      await fn();
      console.log(`ok ${d}/${name}`);
    } catch (e) {
      failed += 1;
      console.log(`FAIL ${d}/${name}: ${e && e.message ? e.message.split('\n')[0] : e}`);
    }
  }
  return failed;
}

/// Compares the simulator's served actions with the SDK's request models: every parameter the
/// simulator reads is in the model, and every model parameter is read by the simulator.
function compareModels(file) {
  const served = JSON.parse(fs.readFileSync(file, 'utf8'));
  let failed = 0;
  for (const a of served) {
    const models = a.service === 'Ram' ? ram : sts;
    const Request = models[`${a.action}Request`];
    const sdk = Request ? Object.values(Request.names()) : [];
    const sim = a.params.map((p) => p.name);
    const onlySim = sim.filter((n) => !sdk.includes(n));
    const onlySdk = sdk.filter((n) => !sim.includes(n));
    const hasClient = typeof (a.service === 'Ram' ? RamClient : StsClient).prototype[`${lower(a.action)}WithOptions`] === 'function';
    if (!hasClient || onlySim.length || onlySdk.length) {
      failed += 1;
      console.log(`FAIL models/${a.action}: client method ${hasClient}; only in the sim: [${onlySim}]; only in the SDK: [${onlySdk}]`);
    } else {
      console.log(`ok models/${a.action}`);
    }
  }
  return failed;
}

(async () => {
  const at = process.argv.indexOf('--models');
  let failed;
  if (at >= 0) {
    failed = compareModels(process.argv[at + 1]);
  } else {
    const which = process.argv[2];
    failed = await scenario(which === 'pop' ? popDriver : teaDriver);
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.log(`FAIL node: ${e && e.message}`);
  process.exit(1);
});
