import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  classifyEndpoint,
  configFilePaths,
  endpointHost,
  isLoopbackEndpoint,
  listProfiles,
  loadProfileConfig,
  resolveEndpoint,
  resolveProfile,
  resolveRegion,
  resolveRegionWithSource,
  type Env,
} from '../../../src/core/kinesis/connection';
import { KinesisError } from '../../../src/core/kinesis/errors';

const CONFIG = `
[default]
region = eu-west-1

[profile dev]
region = us-west-2
endpoint_url = http://127.0.0.1:4567

[profile sso-user]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = ap-southeast-2
services = local-kinesis

[profile proc]
credential_process = /usr/local/bin/get-creds
ignore_configured_endpoint_urls = true
endpoint_url = http://ignored:1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[services local-kinesis]
kinesis =
  endpoint_url = http://127.0.0.1:4568
s3 =
  endpoint_url = http://127.0.0.1:9000
`;

const CREDENTIALS = `
[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

[keys-only]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`;

describe('connection: profiles from the shared files', () => {
  let dir: string;
  let env: Env;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ks-conn-'));
    writeFileSync(join(dir, 'config'), CONFIG);
    writeFileSync(join(dir, 'credentials'), CREDENTIALS);
    env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), HOME: dir };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the file paths from the environment, else ~/.aws', () => {
    assert.deepEqual(configFilePaths(env), { configFile: join(dir, 'config'), credentialsFile: join(dir, 'credentials') });
    assert.deepEqual(configFilePaths({ HOME: '/home/u' }), { configFile: join('/home/u', '.aws', 'config'), credentialsFile: join('/home/u', '.aws', 'credentials') });
  });

  it('lists profiles from both files, default first, without sso-session or services sections', async () => {
    assert.deepEqual(await listProfiles(env), ['default', 'dev', 'keys-only', 'proc', 'sso-user']);
  });

  it('lists nothing when the files do not exist', async () => {
    assert.deepEqual(await listProfiles({ AWS_CONFIG_FILE: join(dir, 'nope'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'nope2') }), []);
  });

  it('loads region and endpoint of a profile', async () => {
    const dev = await loadProfileConfig('dev', env);
    assert.equal(dev.exists, true);
    assert.equal(dev.region, 'us-west-2');
    assert.equal(dev.endpointUrl, 'http://127.0.0.1:4567');
    assert.equal(dev.usesSso, false);
  });

  it('loads SSO wiring and the [services] kinesis endpoint', async () => {
    const sso = await loadProfileConfig('sso-user', env);
    assert.equal(sso.usesSso, true);
    assert.equal(sso.ssoSession, 'corp');
    assert.equal(sso.ssoStartUrl, 'https://corp.awsapps.com/start');
    assert.equal(sso.ssoAccountId, '111122223333');
    assert.equal(sso.kinesisEndpointUrl, 'http://127.0.0.1:4568');
  });

  it('uses AWS_PROFILE, else default, and never exposes secret values', async () => {
    const fromEnv = await loadProfileConfig(undefined, { ...env, AWS_PROFILE: 'keys-only' });
    assert.equal(fromEnv.name, 'keys-only');
    assert.equal(fromEnv.hasStaticKeys, true);
    const dflt = await loadProfileConfig(undefined, env);
    assert.equal(dflt.name, 'default');
    assert.equal(dflt.region, 'eu-west-1');
    assert.doesNotMatch(JSON.stringify(dflt), /wJalrXUtnFEMI|AKIAIOSFODNN7EXAMPLE/);
  });

  it('marks unknown profiles and credential_process profiles', async () => {
    assert.equal((await loadProfileConfig('ghost', env)).exists, false);
    const proc = await loadProfileConfig('proc', env);
    assert.equal(proc.usesCredentialProcess, true);
    assert.equal(proc.ignoreConfiguredEndpointUrls, true);
  });

  it('re-reads the files on every call (the user may just have run aws configure)', async () => {
    const local = mkdtempSync(join(tmpdir(), 'ks-conn2-'));
    try {
      const e: Env = { AWS_CONFIG_FILE: join(local, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(local, 'credentials') };
      writeFileSync(e.AWS_CONFIG_FILE!, '[profile a]\nregion = us-east-1\n');
      assert.equal((await loadProfileConfig('a', e)).region, 'us-east-1');
      writeFileSync(e.AWS_CONFIG_FILE!, '[profile a]\nregion = eu-central-1\n');
      assert.equal((await loadProfileConfig('a', e)).region, 'eu-central-1');
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });
});

describe('connection: region resolution', () => {
  it('prefers the setting, then the profile, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const env = { AWS_REGION: 'env-region', AWS_DEFAULT_REGION: 'default-region' };
    assert.equal(resolveRegion({ settingRegion: 'set', profileConfig: { region: 'prof' }, env }), 'set');
    assert.equal(resolveRegion({ settingRegion: ' ', profileConfig: { region: 'prof' }, env }), 'prof');
    assert.equal(resolveRegion({ profileConfig: {}, env }), 'env-region');
    assert.equal(resolveRegion({ env: { AWS_DEFAULT_REGION: 'default-region' } }), 'default-region');
    assert.equal(resolveRegion({ env: {} }), undefined);
  });
});

describe('connection: endpoint resolution', () => {
  const profileConfig = { endpointUrl: 'http://profile:1', kinesisEndpointUrl: 'http://services:2' };
  const env = { AWS_ENDPOINT_URL_KINESIS: 'http://env-kinesis:3', AWS_ENDPOINT_URL: 'http://env-all:4' };

  it('follows setting > AWS_ENDPOINT_URL_KINESIS > AWS_ENDPOINT_URL > [services] > profile', () => {
    assert.deepEqual(resolveEndpoint({ settingEndpoint: 'http://127.0.0.1:4567', env, profileConfig }), { url: 'http://127.0.0.1:4567', source: 'setting' });
    assert.deepEqual(resolveEndpoint({ env, profileConfig }), { url: 'http://env-kinesis:3', source: 'AWS_ENDPOINT_URL_KINESIS' });
    assert.deepEqual(resolveEndpoint({ env: { AWS_ENDPOINT_URL: 'http://env-all:4' }, profileConfig }), { url: 'http://env-all:4', source: 'AWS_ENDPOINT_URL' });
    assert.deepEqual(resolveEndpoint({ env: {}, profileConfig }), { url: 'http://services:2', source: 'profileServices' });
    assert.deepEqual(resolveEndpoint({ env: {}, profileConfig: { endpointUrl: 'http://profile:1' } }), { url: 'http://profile:1', source: 'profile' });
    assert.equal(resolveEndpoint({ settingEndpoint: '', env: {} }), undefined);
  });

  it('honours AWS_IGNORE_CONFIGURED_ENDPOINT_URLS and the profile flag, but not for the setting', () => {
    assert.equal(resolveEndpoint({ env: { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, profileConfig }), undefined);
    assert.equal(resolveEndpoint({ env, profileConfig: { ...profileConfig, ignoreConfiguredEndpointUrls: true } }), undefined);
    assert.equal(resolveEndpoint({ settingEndpoint: 'https://x.example', env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' } })?.source, 'setting');
  });

  it('rejects malformed endpoints with a clear error naming the source, without echoing passwords', () => {
    assert.throws(() => resolveEndpoint({ settingEndpoint: 'localhost:4567', env: {} }), (err: unknown) => {
      assert.ok(err instanceof KinesisError);
      assert.equal(err.code, 'InvalidEndpoint');
      assert.deepEqual(err.remedies, ['openSettings']);
      assert.match(err.message, /kinesis\.endpoint setting/);
      return true;
    });
    assert.throws(() => resolveEndpoint({ env: { AWS_ENDPOINT_URL: 'not a url' } }), /AWS_ENDPOINT_URL environment variable/);
    assert.throws(() => resolveEndpoint({ env: {}, profileConfig: { endpointUrl: 'ftp://x' } }), /http:\/\/ or https:\/\//);
    assert.throws(
      () => resolveEndpoint({ settingEndpoint: 'http://user:hunter2@127.0.0.1:1', env: {} }),
      (err: unknown) => err instanceof KinesisError && !err.message.includes('hunter2') && /user name or password/.test(err.message),
    );
  });

  it('recognises loopback endpoints', () => {
    assert.equal(isLoopbackEndpoint('http://127.0.0.1:4567'), true);
    assert.equal(isLoopbackEndpoint('http://localhost:4567'), true);
    assert.equal(isLoopbackEndpoint('http://[::1]:4567'), true);
    assert.equal(isLoopbackEndpoint('https://kinesis.us-east-1.amazonaws.com'), false);
    assert.equal(isLoopbackEndpoint(undefined), false);
  });
});

describe('connection: where each part came from (the status bar tooltip)', () => {
  it('names the profile source: setting, then AWS_PROFILE, else the default profile', () => {
    assert.deepEqual(resolveProfile({ settingProfile: 'dev', env: { AWS_PROFILE: 'ci' } }), { profile: 'dev', source: 'setting' });
    assert.deepEqual(resolveProfile({ settingProfile: ' ', env: { AWS_PROFILE: 'ci' } }), { profile: 'ci', source: 'AWS_PROFILE' });
    assert.deepEqual(resolveProfile({ settingProfile: '', env: {} }), { source: 'default' });
  });

  it('names the region source in the order the region is resolved', () => {
    const env = { AWS_REGION: 'env-region', AWS_DEFAULT_REGION: 'default-region' };
    assert.deepEqual(resolveRegionWithSource({ settingRegion: 'set', profileConfig: { region: 'prof' }, env }), { region: 'set', source: 'setting' });
    assert.deepEqual(resolveRegionWithSource({ settingRegion: ' ', profileConfig: { region: ' prof ' }, env }), { region: 'prof', source: 'profile' });
    assert.deepEqual(resolveRegionWithSource({ profileConfig: {}, env }), { region: 'env-region', source: 'AWS_REGION' });
    assert.deepEqual(resolveRegionWithSource({ env: { AWS_DEFAULT_REGION: 'default-region' } }), { region: 'default-region', source: 'AWS_DEFAULT_REGION' });
    assert.equal(resolveRegionWithSource({ env: {} }), undefined);
  });

  it('tells the AWS endpoint from an emulator on this machine and from any other custom endpoint', () => {
    assert.equal(classifyEndpoint(undefined), 'aws');
    assert.equal(classifyEndpoint('http://127.0.0.1:4567'), 'loopback');
    assert.equal(classifyEndpoint('http://localhost:4566'), 'loopback');
    assert.equal(classifyEndpoint('https://vpce-0abc.kinesis.us-east-1.vpce.amazonaws.com'), 'custom');
    assert.equal(classifyEndpoint('http://kinesis-mock.internal:4567'), 'custom');
  });

  it('shortens an endpoint to host and port, never showing a user name or password', () => {
    assert.equal(endpointHost('http://127.0.0.1:4567'), '127.0.0.1:4567');
    assert.equal(endpointHost('https://kinesis.eu-west-1.amazonaws.com/'), 'kinesis.eu-west-1.amazonaws.com');
    assert.equal(endpointHost('http://user:hunter2@127.0.0.1:4567/x'), '127.0.0.1:4567');
    assert.equal(endpointHost('http://us:hunter2@[bad/x'), '[bad');
  });
});
