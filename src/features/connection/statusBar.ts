import * as vscode from 'vscode';
import { classifyEndpoint, configFilePaths, endpointHost, type ConnectionSources } from '../../core/kinesis/connection';
import { CommandIds } from '../../platform/commandIds';
import { Disposable } from '../../platform/lifecycle';
import type { ActiveConnection, ConnectionManager } from '../../services/connectionManager';

/**
 * Shows "profile · region", plus the endpoint's host whenever calls do not go to AWS itself, and
 * opens the connection switcher when clicked. The tooltip says where each part came from, because a
 * stray AWS_ENDPOINT_URL_KINESIS or a profile's endpoint_url otherwise goes unnoticed.
 */
export class ConnectionStatusBar extends Disposable {
  readonly item = this._register(vscode.window.createStatusBarItem('kinesis.connection', vscode.StatusBarAlignment.Left, 10));

  constructor(connections: ConnectionManager, private readonly env: NodeJS.ProcessEnv = process.env) {
    super();
    this.item.name = vscode.l10n.t('Kinesis Connection');
    this.item.command = CommandIds.switchConnection;
    this._register(connections.onDidChange((c) => this.#render(c)));
    this.#render(connections.current);
    this.item.show();
  }

  #render(c: ActiveConnection): void {
    this.item.text = statusText(c);
    this.item.tooltip = statusTooltip(c, this.env);
    // Only a configuration error gets a colour: a local or custom endpoint is a choice, shown in the text.
    this.item.backgroundColor = c.problem ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }
}

function statusText(c: ActiveConnection): string {
  const region = c.region ?? vscode.l10n.t('no region');
  if (c.problem) {
    return vscode.l10n.t('$(warning) Kinesis: {0} · {1} · endpoint error', c.label, region);
  }
  switch (c.kind === 'local' ? 'local' : classifyEndpoint(c.endpoint)) {
    case 'local':
      return vscode.l10n.t('$(vm) Kinesis: Local · {0} · {1}', region, endpointHost(c.endpoint ?? ''));
    case 'loopback':
      return vscode.l10n.t('$(vm) Kinesis: {0} · {1} · local endpoint {2}', c.label, region, endpointHost(c.endpoint ?? ''));
    case 'custom':
      return vscode.l10n.t('$(plug) Kinesis: {0} · {1} · custom endpoint {2}', c.label, region, endpointHost(c.endpoint ?? ''));
    case 'aws':
      return vscode.l10n.t('$(cloud) Kinesis: {0} · {1}', c.label, region);
  }
}

/** Names the profile, never its keys: the tooltip is visible to anyone looking at the screen. */
function statusTooltip(c: ActiveConnection, env: NodeJS.ProcessEnv): string {
  const lines = [vscode.l10n.t('Kinesis Studio connection'), ''];
  if (c.kind === 'local') {
    lines.push(vscode.l10n.t('Local Kinesis: the emulator Kinesis Studio started on this machine. No AWS account or credentials are used.'));
  } else {
    lines.push(vscode.l10n.t('Profile: {0} — {1}', c.label, profileSourceText(c.sources.profile)));
  }
  lines.push(c.region
    ? vscode.l10n.t('Region: {0} — {1}', c.region, regionSourceText(c.sources.region, env))
    : vscode.l10n.t('Region: none — set "kinesis.region", give the profile a region, or set AWS_REGION'));
  if (c.problem) {
    lines.push(vscode.l10n.t('Endpoint: not usable — {0}', c.problem.message));
  } else if (c.endpoint) {
    const kind = c.kind === 'local' || classifyEndpoint(c.endpoint) === 'loopback'
      ? vscode.l10n.t('an emulator on this machine') : vscode.l10n.t('a custom endpoint, not the AWS regional endpoint');
    lines.push(vscode.l10n.t('Endpoint: {0} ({1}) — {2}', c.endpoint, kind, endpointSourceText(c.sources.endpoint)));
  } else {
    lines.push(vscode.l10n.t('Endpoint: the AWS regional endpoint — no endpoint is configured'));
  }
  lines.push('', vscode.l10n.t('Click to switch profile or region.'));
  return lines.join('\n');
}

function profileSourceText(source: ConnectionSources['profile']): string {
  switch (source) {
    case 'setting': return vscode.l10n.t('from the "kinesis.profile" setting');
    case 'AWS_PROFILE': return vscode.l10n.t('from the AWS_PROFILE environment variable');
    case 'default': return vscode.l10n.t('the default profile (no "kinesis.profile" setting, no AWS_PROFILE)');
    case 'localMode': return vscode.l10n.t('local mode');
  }
}

function regionSourceText(source: ConnectionSources['region'], env: NodeJS.ProcessEnv): string {
  switch (source) {
    case 'setting': return vscode.l10n.t('from the "kinesis.region" setting');
    case 'profile': return vscode.l10n.t("from the profile's region in {0}", configFilePaths(env).configFile);
    case 'AWS_REGION': return vscode.l10n.t('from the AWS_REGION environment variable');
    case 'AWS_DEFAULT_REGION': return vscode.l10n.t('from the AWS_DEFAULT_REGION environment variable');
    case 'localMode': return vscode.l10n.t('local mode');
    case undefined: return vscode.l10n.t('no source');
  }
}

function endpointSourceText(source: ConnectionSources['endpoint']): string {
  switch (source) {
    case 'setting': return vscode.l10n.t('from the "kinesis.endpoint" setting');
    case 'AWS_ENDPOINT_URL_KINESIS': return vscode.l10n.t('from the AWS_ENDPOINT_URL_KINESIS environment variable');
    case 'AWS_ENDPOINT_URL': return vscode.l10n.t('from the AWS_ENDPOINT_URL environment variable');
    case 'profileServices': return vscode.l10n.t("from the kinesis endpoint_url in the profile's [services] section");
    case 'profile': return vscode.l10n.t("from the profile's endpoint_url");
    case 'localMode': return vscode.l10n.t('started by local mode');
    case 'aws': return vscode.l10n.t('the AWS regional endpoint');
  }
}
