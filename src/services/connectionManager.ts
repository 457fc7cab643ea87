import * as vscode from 'vscode';
import { describeEndpointSource, loadProfileConfig, resolveEndpoint, resolveProfile, resolveRegionWithSource, type ConnectionSources } from '../core/kinesis/connection';
import { isKinesisError, type KinesisError } from '../core/kinesis/errors';
import type { ConnectionTarget } from '../core/kinesis/gateway';
import type { ILogger } from '../core/logging';
import { Disposable } from '../platform/lifecycle';
import { describeSettings, type KinesisSettings, type KinesisSettingsValues } from '../platform/settings';
import { errorMessage } from '../core/errorMessage';

/** What the explorer and commands talk to right now. */
export interface ActiveConnection {
  readonly kind: 'aws' | 'local';
  /** Shown in the status bar: the profile name, or "Local". */
  readonly label: string;
  readonly profile?: string;
  /** The current region; undefined when neither setting, profile nor environment names one. */
  readonly region?: string;
  /** Regions listed side by side in the explorer, the current one first. */
  readonly regions: readonly string[];
  readonly endpoint?: string;
  /** Where the profile, region and endpoint came from (setting, environment, profile file, local mode). */
  readonly sources: ConnectionSources;
  /** A configuration problem (e.g. a malformed endpoint URL) that stops every call until fixed. */
  readonly problem?: KinesisError;
}

/**
 * Resolves settings, the AWS profile and the environment into the active connection, and switches
 * to the embedded emulator and back. Everything that calls Kinesis asks it for a {@link ConnectionTarget}.
 */
export class ConnectionManager extends Disposable {
  readonly #onDidChange = this._register(new vscode.EventEmitter<ActiveConnection>());
  readonly onDidChange = this.#onDidChange.event;
  #current: ActiveConnection = { kind: 'aws', label: 'default', regions: [], sources: { profile: 'default', endpoint: 'aws' } };
  #local: { endpoint: string; region: string } | undefined;
  #resolving: Promise<ActiveConnection> | undefined;

  constructor(
    private readonly settings: KinesisSettings,
    private readonly logger: ILogger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    super();
    let connectionKey = ConnectionManager.#connectionKey(settings.values);
    this._register(settings.onDidChange((values) => {
      logger.info(`settings changed: ${describeSettings(values)}`);
      // Price table or read-only changes must not re-list every region.
      const key = ConnectionManager.#connectionKey(values);
      if (key !== connectionKey) {
        connectionKey = key;
        void this.refresh();
      }
    }));
  }

  static #connectionKey(values: KinesisSettingsValues): string {
    return JSON.stringify([values.profile, values.region, values.regions, values.endpoint]);
  }

  get current(): ActiveConnection {
    return this.#current;
  }

  /** Resolves the connection again (settings, profile file and environment may have changed). */
  refresh(): Promise<ActiveConnection> {
    const resolving = this.#resolve().then((connection) => {
      if (this.#resolving === resolving) {
        this.#current = connection;
        this.logger.info(`connection: ${connection.kind} ${connection.label} region=${connection.region ?? '(none)'} ` +
          `endpoint=${connection.endpoint ?? '(AWS)'} regions=[${connection.regions.join(', ')}]`);
        this.#onDidChange.fire(connection);
      }
      return connection;
    });
    this.#resolving = resolving;
    return resolving;
  }

  /** Where to send calls for `region` on the active connection. */
  targetFor(region: string): ConnectionTarget {
    const c = this.#current;
    if (c.kind === 'local') {
      return { region, endpoint: c.endpoint, localEmulator: true };
    }
    return { region, profile: c.profile, endpoint: c.endpoint };
  }

  /** Points everything at the embedded emulator. */
  useLocal(endpoint: string, region: string): Promise<ActiveConnection> {
    this.#local = { endpoint, region };
    return this.refresh();
  }

  /** Back to AWS (or the configured endpoint). */
  useAws(): Promise<ActiveConnection> {
    this.#local = undefined;
    return this.refresh();
  }

  async #resolve(): Promise<ActiveConnection> {
    if (this.#local) {
      const sources: ConnectionSources = { profile: 'localMode', region: 'localMode', endpoint: 'localMode' };
      return { kind: 'local', label: vscode.l10n.t('Local'), region: this.#local.region, regions: [this.#local.region], endpoint: this.#local.endpoint, sources };
    }
    const values = this.settings.values;
    const { profile, source: profileSource } = resolveProfile({ settingProfile: values.profile, env: this.env });
    let profileConfig;
    try {
      profileConfig = await loadProfileConfig(profile, this.env);
    } catch (error) {
      this.logger.warn(`could not read the AWS config files: ${errorMessage(error)}`);
    }
    const resolvedRegion = resolveRegionWithSource({ settingRegion: values.region || undefined, profileConfig, env: this.env });
    const region = resolvedRegion?.region;
    const regions = [...new Set([...(region ? [region] : []), ...values.regions])];
    const label = profileConfig?.name ?? profile ?? 'default';
    try {
      const endpoint = resolveEndpoint({ settingEndpoint: values.endpoint || undefined, env: this.env, profileConfig });
      if (endpoint) {
        this.logger.info(`endpoint ${endpoint.url} from ${describeEndpointSource(endpoint.source)}`);
      }
      const sources: ConnectionSources = { profile: profileSource, region: resolvedRegion?.source, endpoint: endpoint?.source ?? 'aws' };
      return { kind: 'aws', label, profile, region, regions, endpoint: endpoint?.url, sources };
    } catch (error) {
      if (!(isKinesisError(error))) {
        throw error;
      }
      return { kind: 'aws', label, profile, region, regions, problem: error, sources: { profile: profileSource, region: resolvedRegion?.source, endpoint: 'aws' } };
    }
  }
}
