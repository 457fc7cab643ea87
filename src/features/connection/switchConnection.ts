import * as vscode from 'vscode';
import { listProfiles } from '../../core/kinesis/connection';
import { validateRegionName } from '../../core/kinesis/validation';
import { CommandIds } from '../../platform/commandIds';
import { UserFacingError } from '../../platform/errors';
import type { KinesisSettings } from '../../platform/settings';
import type { ConnectionManager } from '../../services/connectionManager';

/** Programmatic form of the switcher, used by tests and other features. */
export interface SwitchConnectionArgs {
  readonly profile?: string;
  readonly region?: string;
  readonly local?: boolean;
}

/** Regions offered in the picker; any other name can be typed. */
export const KNOWN_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1',
  'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-east-1',
  'me-south-1', 'af-south-1',
] as const;

export class ConnectionSwitcher {
  constructor(
    private readonly settings: KinesisSettings,
    private readonly connections: ConnectionManager,
  ) {}

  async switchConnection(args?: SwitchConnectionArgs): Promise<void> {
    if (args) {
      return this.#apply(args);
    }
    const profiles = await listProfiles(process.env).catch(() => [] as string[]);
    const current = this.connections.current;
    type Pick = vscode.QuickPickItem & { apply: SwitchConnectionArgs | 'region' };
    const items: Pick[] = [
      ...profiles.map((p): Pick => ({ label: `$(account) ${p}`, description: current.kind === 'aws' && current.label === p ? vscode.l10n.t('current') : undefined, apply: { profile: p } })),
      { label: vscode.l10n.t('$(vm) Local Kinesis'), description: current.kind === 'local' ? vscode.l10n.t('current') : vscode.l10n.t('embedded emulator, no AWS account needed'), apply: { local: true } },
      { label: '', kind: vscode.QuickPickItemKind.Separator, apply: 'region' },
      { label: vscode.l10n.t('$(globe) Change region…'), description: current.region, apply: 'region' },
    ];
    if (profiles.length === 0) {
      items.unshift({ label: '$(account) default', description: vscode.l10n.t('no profiles found in ~/.aws/config'), apply: { profile: '' } });
    }
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Kinesis: Switch Connection'), placeHolder: vscode.l10n.t('Choose an AWS profile, the local emulator, or a region') });
    if (!picked) {
      return;
    }
    if (picked.apply === 'region') {
      return this.selectRegion();
    }
    return this.#apply(picked.apply);
  }

  async selectRegion(region?: string): Promise<void> {
    const chosen = region ?? await this.#pickRegion(vscode.l10n.t('Kinesis: Select Region'));
    if (!chosen) {
      return;
    }
    const problem = validateRegionName(chosen);
    if (problem) {
      throw new UserFacingError(problem);
    }
    await this.settings.update('region', chosen.trim());
  }

  async addRegion(region?: string): Promise<void> {
    const chosen = region ?? await this.#pickRegion(vscode.l10n.t('Kinesis: Add Region to Explorer'));
    if (!chosen) {
      return;
    }
    const problem = validateRegionName(chosen);
    if (problem) {
      throw new UserFacingError(problem);
    }
    const regions = this.settings.values.regions;
    if (!regions.includes(chosen)) {
      await this.settings.update('regions', [...regions, chosen.trim()]);
    }
  }

  async #apply(args: SwitchConnectionArgs): Promise<void> {
    if (args.region !== undefined) {
      const problem = validateRegionName(args.region);
      if (problem) {
        throw new UserFacingError(problem);
      }
    }
    if (args.local) {
      await vscode.commands.executeCommand(CommandIds.startLocal);
      return;
    }
    if (args.profile !== undefined) {
      if (this.connections.current.kind === 'local') {
        await this.connections.useAws();
      }
      await this.settings.update('profile', args.profile);
    }
    if (args.region !== undefined) {
      await this.settings.update('region', args.region);
    }
    await this.connections.refresh();
  }

  async #pickRegion(title: string): Promise<string | undefined> {
    const items = KNOWN_REGIONS.map((r) => ({ label: r }));
    const quickPick = vscode.window.createQuickPick<{ label: string }>();
    quickPick.title = title;
    quickPick.placeholder = vscode.l10n.t('Pick a region or type its name');
    quickPick.items = items;
    return new Promise<string | undefined>((resolve) => {
      quickPick.onDidChangeValue((value) => {
        // Let people type a region we do not list (new regions appear every year).
        quickPick.items = value && !items.some((i) => i.label === value) ? [{ label: value }, ...items] : items;
      });
      quickPick.onDidAccept(() => { resolve(quickPick.selectedItems[0]?.label); quickPick.hide(); });
      quickPick.onDidHide(() => { resolve(undefined); quickPick.dispose(); });
      quickPick.show();
    });
  }
}
