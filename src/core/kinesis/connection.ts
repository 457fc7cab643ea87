/**
 * Profiles, region and endpoint resolution from the shared AWS config files and the environment.
 * Pure apart from reading the two config files; the environment is passed in so tests (and the
 * extension) decide which files are read.
 *
 * No AWS SDK at runtime here: `@smithy/core/config` is only the shared-ini parser (about 4 KB once
 * bundled) and lets us parse the files exactly as the SDK's credential chain will.
 */
import { loadSharedConfigFiles } from '@smithy/core/config';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KinesisError } from './errors';
import { validateEndpointUrl } from './validation';

/** Environment variables, e.g. `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The parts of one profile that matter to Kinesis Studio. Never holds secret values. */
export interface ProfileConfig {
  readonly name: string;
  /** True when the profile appears in the config or credentials file. */
  readonly exists: boolean;
  readonly region?: string;
  /** The profile's global `endpoint_url`. */
  readonly endpointUrl?: string;
  /** `endpoint_url` of the `kinesis` entry in the profile's `[services ...]` section. */
  readonly kinesisEndpointUrl?: string;
  /** `ignore_configured_endpoint_urls = true` in the profile. */
  readonly ignoreConfiguredEndpointUrls?: boolean;
  /** Name of the `[sso-session ...]` the profile uses (new-style SSO). */
  readonly ssoSession?: string;
  /** SSO start URL (legacy profile keys or the referenced sso-session). */
  readonly ssoStartUrl?: string;
  readonly ssoAccountId?: string;
  readonly ssoRoleName?: string;
  /** True when credentials come from IAM Identity Center, so `aws sso login` is the fix for expiry. */
  readonly usesSso: boolean;
  /** True when the profile runs a `credential_process`. */
  readonly usesCredentialProcess: boolean;
  /** True when the credentials file holds static keys for this profile (the keys are not read out). */
  readonly hasStaticKeys: boolean;
}

/** Where the effective endpoint came from. */
export type EndpointSource = 'setting' | 'AWS_ENDPOINT_URL_KINESIS' | 'AWS_ENDPOINT_URL' | 'profileServices' | 'profile';

/**
 * Where each part of the active connection came from, so the UI can say why it points where it
 * does. `localMode` means Kinesis Studio's own emulator, which overrides all of them.
 */
export interface ConnectionSources {
  readonly profile: ProfileSource | 'localMode';
  /** Undefined when no source names a region. */
  readonly region?: RegionSource | 'localMode';
  /** `aws` means no endpoint is configured, so calls go to the regional AWS endpoint. */
  readonly endpoint: EndpointSource | 'localMode' | 'aws';
}

export interface ResolvedEndpoint {
  readonly url: string;
  readonly source: EndpointSource;
}

type Section = Record<string, string | undefined>;

/** Paths of the shared config and credentials files, honouring AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE. */
export function configFilePaths(env: Env): { configFile: string; credentialsFile: string } {
  const home = env.HOME || env.USERPROFILE || (env.HOMEDRIVE && env.HOMEPATH ? `${env.HOMEDRIVE}${env.HOMEPATH}` : undefined) || homedir();
  const expand = (p: string) => (p.startsWith('~/') || p.startsWith('~\\') ? join(home, p.slice(2)) : p);
  return {
    configFile: expand(env.AWS_CONFIG_FILE || join(home, '.aws', 'config')),
    credentialsFile: expand(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')),
  };
}

async function loadFiles(env: Env) {
  const { configFile, credentialsFile } = configFilePaths(env);
  // ignoreCache: the user may have just run `aws configure` or `aws sso login`.
  return loadSharedConfigFiles({ configFilepath: configFile, filepath: credentialsFile, ignoreCache: true });
}

// The parser keys non-profile sections as "<type>.<name>".
const NON_PROFILE_SECTION = /^(sso-session|services)\./;

/** Profile names from both files, sorted, `default` first. */
export async function listProfiles(env: Env): Promise<string[]> {
  const { configFile, credentialsFile } = await loadFiles(env);
  const names = new Set<string>();
  for (const key of Object.keys(configFile)) if (!NON_PROFILE_SECTION.test(key)) names.add(key);
  for (const key of Object.keys(credentialsFile)) names.add(key);
  return [...names].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
}

/** The profile Kinesis Studio uses when none is chosen: AWS_PROFILE, else `default`. */
export function defaultProfileName(env: Env): string {
  return env.AWS_PROFILE || 'default';
}

/** Where the profile name came from: the `kinesis.profile` setting, AWS_PROFILE, or neither (`default`). */
export type ProfileSource = 'setting' | 'AWS_PROFILE' | 'default';

/** The profile in use and where its name came from; `profile` is undefined when the `default` profile applies. */
export function resolveProfile(input: { settingProfile?: string; env: Env }): { profile?: string; source: ProfileSource } {
  const setting = input.settingProfile?.trim();
  if (setting) return { profile: setting, source: 'setting' };
  if (input.env.AWS_PROFILE) return { profile: input.env.AWS_PROFILE, source: 'AWS_PROFILE' };
  return { source: 'default' };
}

/** Reads one profile's non-secret settings (region, endpoints, SSO wiring). */
export async function loadProfileConfig(profile: string | undefined, env: Env): Promise<ProfileConfig> {
  const name = profile || defaultProfileName(env);
  const { configFile, credentialsFile } = await loadFiles(env);
  const config: Section = configFile[name] ?? {};
  const credentials: Section = credentialsFile[name] ?? {};
  const ssoSessionName = config.sso_session;
  const ssoSession: Section = ssoSessionName ? configFile[`sso-session.${ssoSessionName}`] ?? {} : {};
  const servicesName = config.services;
  const services: Section = servicesName ? configFile[`services.${servicesName}`] ?? {} : {};
  const pick = (key: string) => config[key] ?? credentials[key];
  return {
    name,
    exists: name in configFile || name in credentialsFile,
    region: pick('region') || undefined,
    endpointUrl: pick('endpoint_url') || undefined,
    kinesisEndpointUrl: services['kinesis.endpoint_url'] || undefined,
    ignoreConfiguredEndpointUrls: /^true$/i.test(pick('ignore_configured_endpoint_urls') ?? ''),
    ssoSession: ssoSessionName,
    ssoStartUrl: config.sso_start_url ?? ssoSession.sso_start_url,
    ssoAccountId: config.sso_account_id,
    ssoRoleName: config.sso_role_name,
    usesSso: Boolean(ssoSessionName || config.sso_start_url || config.sso_account_id),
    usesCredentialProcess: Boolean(pick('credential_process')),
    hasStaticKeys: Boolean(credentials.aws_access_key_id || config.aws_access_key_id),
  };
}

/** Where the region came from; `profile` means the profile's `region` in the config or credentials file. */
export type RegionSource = 'setting' | 'profile' | 'AWS_REGION' | 'AWS_DEFAULT_REGION';

type RegionInput = { settingRegion?: string; profileConfig?: Pick<ProfileConfig, 'region'>; env: Env };

/** Region and its source: the setting, else the profile's region, else AWS_REGION, else AWS_DEFAULT_REGION. */
export function resolveRegionWithSource(input: RegionInput): { region: string; source: RegionSource } | undefined {
  const candidates: [RegionSource, string | undefined][] = [
    ['setting', input.settingRegion],
    ['profile', input.profileConfig?.region],
    ['AWS_REGION', input.env.AWS_REGION],
    ['AWS_DEFAULT_REGION', input.env.AWS_DEFAULT_REGION],
  ];
  for (const [source, raw] of candidates) {
    const region = raw?.trim();
    if (region) return { region, source };
  }
  return undefined;
}

/** Region: the setting, else the profile's region, else AWS_REGION, else AWS_DEFAULT_REGION. */
export function resolveRegion(input: RegionInput): string | undefined {
  return resolveRegionWithSource(input)?.region;
}

/**
 * Endpoint, first match wins: the `kinesis.endpoint` setting, AWS_ENDPOINT_URL_KINESIS,
 * AWS_ENDPOINT_URL, the profile's `[services]` kinesis endpoint_url, the profile's endpoint_url.
 * Like the SDK, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's ignore_configured_endpoint_urls)
 * disables every source but the setting. Returns undefined for the regional AWS endpoint.
 * @throws KinesisError `InvalidEndpoint` naming the source when the chosen URL is malformed.
 */
export function resolveEndpoint(input: {
  settingEndpoint?: string;
  env: Env;
  profileConfig?: Pick<ProfileConfig, 'endpointUrl' | 'kinesisEndpointUrl' | 'ignoreConfiguredEndpointUrls'>;
}): ResolvedEndpoint | undefined {
  const ignoreConfigured = /^true$/i.test(input.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '') || input.profileConfig?.ignoreConfiguredEndpointUrls === true;
  const candidates: [EndpointSource, string | undefined][] = [['setting', input.settingEndpoint]];
  if (!ignoreConfigured) {
    candidates.push(
      ['AWS_ENDPOINT_URL_KINESIS', input.env.AWS_ENDPOINT_URL_KINESIS],
      ['AWS_ENDPOINT_URL', input.env.AWS_ENDPOINT_URL],
      ['profileServices', input.profileConfig?.kinesisEndpointUrl],
      ['profile', input.profileConfig?.endpointUrl],
    );
  }
  for (const [source, raw] of candidates) {
    const url = raw?.trim();
    if (!url) continue;
    const problem = validateEndpointUrl(url);
    if (problem) {
      throw new KinesisError({
        message: `${problem} (from ${describeEndpointSource(source)})`,
        code: 'InvalidEndpoint',
        operation: 'ResolveEndpoint',
        remedies: ['openSettings'],
      });
    }
    return { url, source };
  }
  return undefined;
}

/** Human wording for an {@link EndpointSource}, for messages and the log. */
export function describeEndpointSource(source: EndpointSource): string {
  switch (source) {
    case 'setting': return 'the kinesis.endpoint setting';
    case 'AWS_ENDPOINT_URL_KINESIS': return 'the AWS_ENDPOINT_URL_KINESIS environment variable';
    case 'AWS_ENDPOINT_URL': return 'the AWS_ENDPOINT_URL environment variable';
    case 'profileServices': return "the profile's [services] kinesis endpoint_url";
    case 'profile': return "the profile's endpoint_url";
  }
}

/**
 * What kind of place calls go to: the regional AWS endpoint, an endpoint on this machine (an
 * emulator), or any other custom URL (a VPC endpoint, a proxy, a remote emulator).
 */
export type EndpointKind = 'aws' | 'loopback' | 'custom';

export function classifyEndpoint(endpoint: string | undefined): EndpointKind {
  if (!endpoint) return 'aws';
  return isLoopbackEndpoint(endpoint) ? 'loopback' : 'custom';
}

/**
 * `host[:port]` of an endpoint, short enough for the status bar; never a user name or password
 * (the URL validator refuses them, and this drops them anyway in case one slipped through).
 */
export function endpointHost(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/]*@/, '').split('/')[0];
  }
}

/** True for endpoints on this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}
