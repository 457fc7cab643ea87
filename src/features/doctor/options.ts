/**
 * What "Kinesis: Diagnose Stream…" samples: from programmatic arguments (validated before any call)
 * or a quick pick of the window (the last 5 minutes by default, another length, TRIM_HORIZON, or a
 * chosen start time and duration).
 */
import * as vscode from 'vscode';
import type { SampleStart } from '../../core/doctor/sampler';
import { UserFacingError } from '../../platform/errors';
import { askSingleText } from '../../platform/wizard';
import { validateTimestampText } from '../tail/tailRequest';
import { parseDurationText, type DoctorCheckArgs } from './checkArgs';

export const DEFAULT_WINDOW_MS = 5 * 60_000;
/** The longest window the report samples (a longer one reads for too long to be useful interactively). */
export const MAX_WINDOW_MS = 24 * 3_600_000;

/** The programmatic argument of kinesis.diagnoseStream (tests, other extensions, the walkthrough). */
export interface DiagnoseStreamArgs extends DoctorCheckArgs {
  readonly region?: string;
  readonly stream: string;
  /** 'TRIM_HORIZON' or an ISO time; default: `duration` before now. */
  readonly from?: string;
  /** "90s", "5m", "1h" or milliseconds; default 5 minutes. */
  readonly duration?: string | number;
}

/** Where and how long to sample. */
export interface DiagnoseWindow {
  readonly start?: SampleStart;
  readonly windowMs: number;
  /** In words, for the progress title and the log ("the last 5 minutes"). */
  readonly description: string;
}

function validateDuration(text: string): string | undefined {
  const ms = parseDurationText(text);
  if (ms === undefined) return vscode.l10n.t('Enter a duration such as 90s, 5m or 1h.');
  if (ms > MAX_WINDOW_MS) return vscode.l10n.t('Choose at most 24 hours.');
  return undefined;
}

function describeDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return vscode.l10n.t('{0} h', ms / 3_600_000);
  if (ms % 60_000 === 0) return vscode.l10n.t('{0} min', ms / 60_000);
  return vscode.l10n.t('{0} s', Math.round(ms / 1000));
}

/** The window of programmatic arguments; @throws UserFacingError before any call. */
export function windowFromArgs(args: DiagnoseStreamArgs): DiagnoseWindow {
  let windowMs = DEFAULT_WINDOW_MS;
  if (args.duration !== undefined) {
    const ms = typeof args.duration === 'number' ? args.duration : parseDurationText(String(args.duration));
    if (ms === undefined || !(ms > 0) || ms > MAX_WINDOW_MS) {
      throw new UserFacingError(vscode.l10n.t('duration must be a positive duration of at most 24 hours, such as 90s, 5m or 1h, not "{0}".', String(args.duration)));
    }
    windowMs = ms;
  }
  if (args.from === undefined) return { windowMs, description: vscode.l10n.t('the last {0}', describeDuration(windowMs)) };
  if (args.from === 'TRIM_HORIZON') return { start: { type: 'TRIM_HORIZON' }, windowMs, description: vscode.l10n.t('from TRIM_HORIZON') };
  const problem = typeof args.from === 'string' ? validateTimestampText(args.from) : vscode.l10n.t('from must be TRIM_HORIZON or an ISO time.');
  if (problem) throw new UserFacingError(vscode.l10n.t('from: {0}', problem));
  const timestamp = new Date(args.from.trim().replace(' ', 'T'));
  return { start: { type: 'AT_TIMESTAMP', timestamp }, windowMs, description: vscode.l10n.t('{0} from {1}', describeDuration(windowMs), timestamp.toISOString()) };
}

type WindowChoice = vscode.QuickPickItem & { readonly choice: 'last5' | 'last' | 'trim' | 'at' };

/** Asks for the window; undefined when the user pressed Escape. */
export async function askWindow(stream: string): Promise<DiagnoseWindow | undefined> {
  const items: WindowChoice[] = [
    { label: vscode.l10n.t('Last 5 minutes'), description: vscode.l10n.t('AT_TIMESTAMP 5 minutes ago, up to now (default)'), choice: 'last5' },
    { label: vscode.l10n.t('Last…'), description: vscode.l10n.t('another length of time, up to now'), choice: 'last' },
    { label: 'TRIM_HORIZON', description: vscode.l10n.t('everything the stream still keeps, up to now'), choice: 'trim' },
    { label: vscode.l10n.t('From a time…'), description: vscode.l10n.t('a chosen start (ISO 8601) and duration'), choice: 'at' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Diagnose "{0}": which records to sample', stream),
    placeHolder: vscode.l10n.t('The doctor reads within GetRecords limits, leaving most of each shard\'s reads to its consumers'),
  });
  if (!picked) return undefined;
  switch (picked.choice) {
    case 'last5':
      return windowFromArgs({ stream });
    case 'trim':
      return windowFromArgs({ stream, from: 'TRIM_HORIZON' });
    case 'last': {
      const duration = await askSingleText(vscode.l10n.t('Diagnose "{0}"', stream), { prompt: vscode.l10n.t('How far back to sample, e.g. 90s, 15m, 1h'), value: '15m', validate: validateDuration });
      return windowFromArgs({ stream, duration });
    }
    case 'at': {
      const from = await askSingleText(vscode.l10n.t('Diagnose "{0}"', stream), {
        prompt: vscode.l10n.t('Start time (ISO 8601), e.g. {0}', new Date(Date.now() - 3_600_000).toISOString().slice(0, 19) + 'Z'),
        validate: (v) => validateTimestampText(v),
      });
      const duration = await askSingleText(vscode.l10n.t('Diagnose "{0}"', stream), { prompt: vscode.l10n.t('How long a window from that time, e.g. 5m, 1h'), value: '5m', validate: validateDuration });
      return windowFromArgs({ stream, from, duration });
    }
  }
}
