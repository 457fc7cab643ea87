import * as vscode from 'vscode';
import { Disposable } from './lifecycle';

export const SettingKeys = {
  section: 'kinesis',
  profile: 'profile',
  region: 'region',
  regions: 'regions',
  endpoint: 'endpoint',
  readOnly: 'readOnly',
  localEmulatorPath: 'localEmulatorPath',
  requirementFiles: 'requirementFiles',
  priceTable: 'priceTable',
  monthlyCostThreshold: 'monthlyCostThreshold',
  tailMaxRecords: 'tail.maxRecords',
} as const;

/** `kinesis.tail.maxRecords`: its default and the range package.json declares. */
export const TAIL_MAX_RECORDS = { default: 100_000, min: 1_000, max: 1_000_000 } as const;

/** The effective `kinesis.*` settings, as plain values. */
export interface KinesisSettingsValues {
  /** AWS profile for the credential chain; empty means the chain's default (AWS_PROFILE or "default"). */
  readonly profile: string;
  /** The current region; empty means "from the profile, else AWS_REGION". */
  readonly region: string;
  /** Extra regions listed side by side in the explorer. */
  readonly regions: readonly string[];
  readonly endpoint: string;
  readonly readOnly: boolean;
  readonly localEmulatorPath: string;
  /** Extra glob patterns of requirement files, besides every kinesis_requirement.md. */
  readonly requirementFiles: readonly string[];
  /** Which price table cost estimates use. */
  readonly priceTable: 'seed' | 'aws';
  /** Monthly cost (USD) above which a requirement file gets a warning. */
  readonly monthlyCostThreshold: number;
  /** How many rows a new tail viewer keeps (an open viewer keeps its ring size). */
  readonly tailMaxRecords: number;
}

/** Settings seen through an interface so features never read the configuration API directly. */
export interface KinesisSettings {
  readonly values: KinesisSettingsValues;
  readonly onDidChange: vscode.Event<KinesisSettingsValues>;
  update<K extends keyof KinesisSettingsValues>(key: K, value: KinesisSettingsValues[K]): Thenable<void>;
}

export class VsCodeKinesisSettings extends Disposable implements KinesisSettings {
  readonly #onDidChange = this._register(new vscode.EventEmitter<KinesisSettingsValues>());
  readonly onDidChange = this.#onDidChange.event;
  #values: KinesisSettingsValues;

  constructor() {
    super();
    this.#values = VsCodeKinesisSettings.#read();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SettingKeys.section)) {
        this.#values = VsCodeKinesisSettings.#read();
        this.#onDidChange.fire(this.#values);
      }
    }));
  }

  get values(): KinesisSettingsValues {
    return this.#values;
  }

  update<K extends keyof KinesisSettingsValues>(key: K, value: KinesisSettingsValues[K]): Thenable<void> {
    return vscode.workspace.getConfiguration(SettingKeys.section).update(key, value, vscode.ConfigurationTarget.Global);
  }

  static #read(): KinesisSettingsValues {
    const c = vscode.workspace.getConfiguration(SettingKeys.section);
    return {
      profile: c.get<string>(SettingKeys.profile, '').trim(),
      region: c.get<string>(SettingKeys.region, '').trim(),
      regions: c.get<string[]>(SettingKeys.regions, []).map((r) => r.trim()).filter(Boolean),
      endpoint: c.get<string>(SettingKeys.endpoint, '').trim(),
      readOnly: c.get<boolean>(SettingKeys.readOnly, false),
      localEmulatorPath: c.get<string>(SettingKeys.localEmulatorPath, '').trim(),
      requirementFiles: c.get<string[]>(SettingKeys.requirementFiles, []).map((g) => g.trim()).filter(Boolean),
      priceTable: c.get<string>(SettingKeys.priceTable, 'seed') === 'aws' ? 'aws' : 'seed',
      monthlyCostThreshold: Math.max(0, c.get<number>(SettingKeys.monthlyCostThreshold, 1000)),
      tailMaxRecords: clampTailMaxRecords(c.get<number>(SettingKeys.tailMaxRecords, TAIL_MAX_RECORDS.default)),
    };
  }
}

function clampTailMaxRecords(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return TAIL_MAX_RECORDS.default;
  return Math.min(TAIL_MAX_RECORDS.max, Math.max(TAIL_MAX_RECORDS.min, Math.floor(value)));
}

/** Settings are logged at start and on change; none of them is secret, but keep it that way. */
export function describeSettings(v: KinesisSettingsValues): string {
  return `profile=${v.profile || '(default chain)'} region=${v.region || '(from profile/env)'} regions=[${v.regions.join(', ')}] ` +
    `endpoint=${v.endpoint || '(none)'} readOnly=${v.readOnly} localEmulatorPath=${v.localEmulatorPath || '(managed)'} ` +
    `requirementFiles=[${v.requirementFiles.join(', ')}] priceTable=${v.priceTable} monthlyCostThreshold=${v.monthlyCostThreshold} tail.maxRecords=${v.tailMaxRecords}`;
}
