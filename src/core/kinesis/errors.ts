/**
 * Turns whatever the AWS SDK (or the network, or our own validation) throws into a {@link KinesisError}
 * whose message tells the user what to do next. No stack traces, no secrets.
 *
 * This file must stay free of runtime SDK imports: the extension bundle uses it to render errors
 * without loading dist/aws.js.
 */
import { errorMessage } from '../errorMessage';
import type { ConnectionTarget } from './gateway';
import { SERVER_ERROR_CODES, THROTTLING_ERROR_CODES } from './retry';

/** An action the UI can offer next to an error message. */
export type Remedy = 'switchProfile' | 'ssoLogin' | 'retry' | 'startLocal' | 'openSettings' | 'setRegion';

/** Codes we raise ourselves (the rest are AWS error names, passed through). */
export type LocalErrorCode =
  | 'ValidationError'
  | 'InvalidEndpoint'
  | 'RegionMissing'
  | 'CredentialsMissing'
  | 'CredentialsExpired'
  | 'EndpointUnreachable'
  | 'NetworkError'
  | 'Aborted'
  | 'Timeout'
  | 'UnsupportedByEmulator';

/** A Kinesis failure with a user-facing message (what happened and what to do). */
export class KinesisError extends Error {
  override readonly name = 'KinesisError';
  /** AWS error name (e.g. `ResourceNotFoundException`) or one of {@link LocalErrorCode}. */
  readonly code: string;
  /** The Kinesis API operation, e.g. `ListStreams`. */
  readonly operation: string;
  /** Actions worth offering, most useful first. */
  readonly remedies: readonly Remedy[];
  /** True when repeating the same call later may succeed (throttling, 5xx, transient network). */
  readonly retryable: boolean;
  /** HTTP status of the failed response, when there was one. */
  readonly httpStatus?: number;

  constructor(init: {
    message: string;
    code: string;
    operation: string;
    remedies?: readonly Remedy[];
    retryable?: boolean;
    httpStatus?: number;
  }) {
    super(init.message);
    this.code = init.code;
    this.operation = init.operation;
    this.remedies = init.remedies ?? [];
    this.retryable = init.retryable ?? false;
    this.httpStatus = init.httpStatus;
  }
}

/**
 * True for a {@link KinesisError} from any bundle. The SDK half of the gateway lives in a separate
 * bundle (dist/aws.js) with its own copy of this class, so `instanceof` fails across the boundary.
 */
export function isKinesisError(error: unknown): error is KinesisError {
  return error instanceof KinesisError
    || (error instanceof Error && error.name === 'KinesisError' && Array.isArray((error as Partial<KinesisError>).remedies));
}

/** Where the failed call went; the fields of {@link ConnectionTarget} that help explain an error. */
export type ErrorTarget = Partial<Pick<ConnectionTarget, 'region' | 'profile' | 'endpoint' | 'localEmulator'>>;

/** Builds the error the gateway throws when input breaks a rule, before anything is sent. */
export function validationError(operation: string, rule: string): KinesisError {
  return new KinesisError({ message: `${operation}: ${rule}`, code: 'ValidationError', operation });
}

/** Masks things that look like credentials so they can never reach a message or a log. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(?:AKIA|ASIA|AIDA|AROA|ANPA|AGPA)[A-Z0-9]{12,}\b/g, '<redacted-key-id>')
    .replace(/(aws_secret_access_key|aws_session_token|secretAccessKey|sessionToken|X-Amz-Security-Token)(\s*[=:]\s*)\S+/gi, '$1$2<redacted>')
    // Secret access keys are 40 characters of mixed-case base64; plain names rarely mix all three classes.
    .replace(/(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, (m) =>
      /[a-z]/.test(m) && /[A-Z]/.test(m) && /[0-9]/.test(m) ? '<redacted>' : m);
}

const NETWORK_CODES_TRANSIENT = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);
const EXPIRED_TOKEN = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'TokenRefreshRequired']);
const BAD_CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'IncompleteSignature', 'SignatureDoesNotMatch', 'MissingAuthenticationToken', 'MissingAuthenticationTokenException']);

interface ErrorFacts {
  name: string;
  message: string;
  code?: string;
  httpStatus?: number;
}

function factsOf(err: unknown): ErrorFacts {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; message?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown }; Code?: unknown };
    const status = e.$metadata?.httpStatusCode;
    return {
      name: typeof e.name === 'string' ? e.name : typeof e.Code === 'string' ? e.Code : 'Error',
      message: typeof e.message === 'string' ? e.message : String(err),
      code: typeof e.code === 'string' ? e.code : undefined,
      httpStatus: typeof status === 'number' ? status : undefined,
    };
  }
  return { name: 'Error', message: String(err) };
}

function isLoopback(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || host.startsWith('127.');
  } catch {
    return false;
  }
}

function where(target: ErrorTarget | undefined): string {
  if (!target) return '';
  if (target.localEmulator) return ' on the local emulator';
  const parts: string[] = [];
  if (target.region) parts.push(target.region);
  if (target.profile) parts.push(`profile "${target.profile}"`);
  if (target.endpoint) parts.push(`endpoint ${target.endpoint}`);
  return parts.length ? ` in ${parts.join(', ')}` : '';
}

function profileFlag(target: ErrorTarget | undefined): string {
  return target?.profile ? ` --profile ${target.profile}` : '';
}

/** Drops the SDK's trailing "Deserialization error: ..." noise and stack-like lines from service messages. */
function serviceDetail(message: string): string {
  const firstLine = message.split('\n')[0].trim();
  const clean = redactSecrets(firstLine);
  return clean && clean !== 'UnknownError' ? clean : '';
}

/**
 * Maps any error thrown while calling `operation` against `target` to a {@link KinesisError} whose
 * message says what went wrong and what to do. Already-mapped errors are returned unchanged.
 */
export function toKinesisError(err: unknown, operation: string, target?: ErrorTarget): KinesisError {
  if (isKinesisError(err)) return err;
  const f = factsOf(err);
  const detail = serviceDetail(f.message);
  const suffix = detail ? ` (${detail})` : '';
  const at = where(target);
  const make = (code: string, message: string, remedies: Remedy[] = [], retryable = false) =>
    new KinesisError({ message, code, operation, remedies, retryable, httpStatus: f.httpStatus });

  if (f.name === 'AbortError' || f.code === 'ABORT_ERR') {
    return make('Aborted', `${operation} was cancelled.`);
  }

  // Credentials: the chain failed, SSO expired, or the service rejected the token.
  const isProviderError = f.name === 'CredentialsProviderError' || f.name === 'TokenProviderError';
  const mentionsSso = /\bsso\b/i.test(f.message);
  if (EXPIRED_TOKEN.has(f.name) || (isProviderError && mentionsSso && /expired|invalid|not found|refresh/i.test(f.message))) {
    return make(
      'CredentialsExpired',
      `Your AWS session${target?.profile ? ` for profile "${target.profile}"` : ''} has expired. ` +
        `Run \`aws sso login${profileFlag(target)}\` (or refresh the profile's temporary credentials), then retry.`,
      ['ssoLogin', 'switchProfile', 'retry'],
    );
  }
  if (isProviderError || /could not load credentials|credential is missing|resolved credential object is not valid/i.test(f.message)) {
    return make(
      'CredentialsMissing',
      `No usable AWS credentials${target?.profile ? ` for profile "${target.profile}"` : ''}${suffix}. ` +
        'Choose a profile, or run `aws configure` (access keys) or `aws sso login` (IAM Identity Center).',
      ['switchProfile', 'ssoLogin'],
    );
  }
  if (BAD_CREDENTIALS.has(f.name)) {
    return make(
      f.name,
      `AWS rejected the credentials${target?.profile ? ` of profile "${target.profile}"` : ''} for ${operation}${at}: ` +
        'the access key is unknown or the signature is invalid. Choose another profile or refresh the credentials.',
      ['switchProfile', 'ssoLogin'],
    );
  }

  if (/region is missing/i.test(f.message) || f.name === 'RegionMissing') {
    return make('RegionMissing', `No AWS region is set for ${operation}. Pick a region, or set one in the profile or AWS_REGION.`, ['setRegion']);
  }

  // Network-level failures carry a Node error code and no HTTP status.
  const netCode = f.code ?? (/(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT)/.exec(f.message)?.[1]);
  if (netCode === 'ECONNREFUSED') {
    const local = target?.localEmulator || isLoopback(target?.endpoint);
    return make(
      'EndpointUnreachable',
      `Could not connect to ${target?.endpoint ?? 'the Kinesis endpoint'} for ${operation}: connection refused. ` +
        (local ? 'The local emulator is not running: start Local Kinesis, or check the endpoint setting.' : 'Check the endpoint setting and your network.'),
      local ? ['startLocal', 'openSettings', 'retry'] : ['openSettings', 'retry'],
      true,
    );
  }
  if (netCode === 'ENOTFOUND' || netCode === 'EAI_AGAIN') {
    return make(
      'EndpointUnreachable',
      `Could not resolve the Kinesis endpoint host for ${operation}${at}. Check the endpoint setting, the region name and your network.`,
      ['openSettings', 'setRegion', 'retry'],
      true,
    );
  }
  if ((netCode && NETWORK_CODES_TRANSIENT.has(netCode)) || f.name === 'TimeoutError' || /socket hang up/i.test(f.message)) {
    return make('NetworkError', `The network connection failed during ${operation}${at} (${netCode ?? f.name}). Retry in a moment.`, ['retry'], true);
  }
  if (f.code === 'ERR_INVALID_URL' || f.name === 'InvalidEndpoint') {
    return make('InvalidEndpoint', `The endpoint URL is not valid${suffix}. Fix it in the settings.`, ['openSettings']);
  }

  switch (f.name) {
    case 'ResourceInUseException':
      return make(
        f.name,
        `${operation} could not run${at}: the resource is in use${suffix}. ` +
          'A stream that is being created, updated or deleted accepts changes only once it is ACTIVE again; a name that already exists needs another name.',
        ['retry'],
      );
    case 'ResourceNotFoundException':
      return make(f.name, `${operation}: not found${at}${suffix}. Check the name, the region and the profile, then refresh.`, ['setRegion', 'switchProfile']);
    case 'LimitExceededException': {
      const hint =
        operation === 'UpdateShardCount'
          ? ' UpdateShardCount allows at most 10 scalings per stream in a rolling 24 hours, targets between half and double the open shard count, and at most 10,000 shards per stream; wait, or split/merge shards instead.'
          : operation === 'UpdateStreamMode'
            ? ' A stream can switch capacity mode at most twice in 24 hours.'
            : ' An account or stream limit was reached (shards, concurrent stream operations, consumers per stream, or on-demand streams). Wait and retry, or request a limit increase.';
      return make(f.name, `${operation} hit a Kinesis limit${at}${suffix}.${hint}`, ['retry']);
    }
    case 'InvalidArgumentException':
    case 'ValidationException':
    case 'SerializationException':
      return make(f.name, `Kinesis rejected the input of ${operation}${suffix}. Correct it and try again.`);
    case 'AccessDeniedException':
    case 'AccessDenied':
      return make(
        f.name,
        `Access denied for ${operation}${at}${suffix}. The identity needs the kinesis:${operation} permission: choose another profile or ask your administrator.`,
        ['switchProfile'],
      );
    case 'ExpiredIteratorException':
      return make(f.name, `The shard iterator expired (iterators are valid for 5 minutes). Get a new iterator and read again.`, ['retry'], true);
    case 'UnknownOperationException':
      return make('UnsupportedByEmulator', `${operation} is not supported by this local emulator. kinesis-local supports it; kinesalite covers only the core data plane.`);
    case 'KMSAccessDeniedException':
    case 'KMSNotFoundException':
    case 'KMSDisabledException':
    case 'KMSInvalidStateException':
    case 'KMSOptInRequired':
      return make(f.name, `${operation}: the KMS key cannot be used${suffix}. Check that the key exists, is enabled, and that the identity may use it.`);
  }
  if (SERVER_ERROR_CODES.has(f.name)) {
    return make(f.name, `Kinesis had an internal error during ${operation}${at}. Retry in a moment.`, ['retry'], true);
  }
  if (THROTTLING_ERROR_CODES.has(f.name)) {
    return make(
      f.name,
      `${operation} was throttled${at}${suffix}. A shard accepts 1,000 records or 1 MiB per second for writes and 5 reads per second; retry with backoff or add shards.`,
      ['retry'],
      true,
    );
  }
  // kinesalite and kinesis-local answer unsupported operations with HTTP 400 "UnknownError".
  if (f.httpStatus === 400 && /unknown/i.test(f.name) && (target?.localEmulator || isLoopback(target?.endpoint))) {
    return make('UnsupportedByEmulator', `${operation} is not supported by this local emulator.`);
  }
  if (f.httpStatus !== undefined && f.httpStatus >= 500) {
    return make(f.name, `Kinesis returned HTTP ${f.httpStatus} for ${operation}${at}. Retry in a moment.`, ['retry'], true);
  }
  return make(f.name, `${operation} failed${at}: ${f.name}${suffix}.`);
}

/** The message and remedies of any thrown value: a KinesisError's own, else its text and none. */
export function describeError(error: unknown): { message: string; remedies: readonly Remedy[] } {
  if (isKinesisError(error)) {
    return { message: error.message, remedies: error.remedies };
  }
  return { message: errorMessage(error), remedies: [] };
}
