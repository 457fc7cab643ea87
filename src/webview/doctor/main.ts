/**
 * The Stream Doctor's report page: the window's figures, then every finding (errors first) with
 * its explanation, evidence (facts, the per-shard load chart, the top keys) and its fix, which is
 * previewed first and then applied by the host (after its modal confirmation) or copied.
 *
 * Keyboard: everything is a button or a table in reading order; previews are disclosure buttons
 * (aria-expanded / aria-controls).
 */
// First: loads the host's l10n bundle before the other modules below evaluate their strings.
import '../common/l10n';
import * as l10n from '@vscode/l10n';
import type { Finding } from '../../core/doctor/findings';
import type { DoctorFixOutcome, DoctorReportView, FromDoctorView, ToDoctorView, ToDoctorViewType } from '../../shared/doctorProtocol';
import { el, replaceChildren } from '../common/dom';
import { formatDecimal, formatInteger } from '../common/format';
import { listenToHost } from '../common/hostListener';
import { createPosterForVsCode } from '../common/messaging';
import { vscodeApi } from '../common/vscodeApi';
import { fixCopyText, fixLabel, fixPreview, isApplicable } from './fixPreview';
import { loadChart } from './loadChart';

const MESSAGE_TYPES: Record<ToDoctorViewType, true> = { report: true, fixOutcome: true, notice: true };

const source = document.body.dataset.source ?? '';
const poster = createPosterForVsCode<FromDoctorView>(vscodeApi(), source);
const app = document.getElementById('app')!;

const SEVERITY_LABELS: Readonly<Record<string, string>> = {
  error: l10n.t('Error'),
  warning: l10n.t('Warning'),
  info: l10n.t('Info'),
};

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatInteger(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatDecimal(bytes / 1024)} KiB`;
  return `${formatDecimal(bytes / 1024 / 1024)} MiB`;
}

function subjectText(f: Finding): string {
  const parts = [
    f.subject.shardId ? l10n.t('shard {0}', f.subject.shardId) : undefined,
    f.subject.partitionKey !== undefined ? l10n.t('key "{0}"', f.subject.partitionKey) : undefined,
    f.subject.consumer ? l10n.t('consumer {0}', f.subject.consumer) : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : f.subject.stream;
}

let readOnly: string | undefined;
const notice = el('div', { id: 'notice', class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });

function showNotice(level: string, text: string): void {
  notice.textContent = text;
  notice.className = `notice ${level}`;
}

function evidence(f: Finding, index: number): HTMLElement {
  const parts: HTMLElement[] = [];
  if (f.evidence.facts.length) {
    parts.push(el('dl', { class: 'facts' }, ...f.evidence.facts.flatMap(([label, value]) => [el('dt', {}, label), el('dd', {}, value)])));
  }
  if (f.evidence.shardSeries?.length) {
    parts.push(loadChart(f.evidence.shardSeries, l10n.t('Records per second of each shard over the window, for finding {0}', index + 1)));
  }
  if (f.evidence.topKeys?.length) {
    parts.push(el('table', { class: 'data top-keys' },
      el('caption', {}, l10n.t('Top partition keys in the sample')),
      el('thead', {}, el('tr', {}, ...[l10n.t('Partition key'), l10n.t('Records'), l10n.t('Share'), l10n.t('Shard')].map((h) => el('th', { attrs: { scope: 'col' } }, h)))),
      el('tbody', {}, ...f.evidence.topKeys.map((k) => el('tr', {},
        el('td', {}, el('code', {}, k.partitionKey)), el('td', {}, formatInteger(k.records)), el('td', {}, `${formatDecimal(k.share * 100)}%`), el('td', {}, k.shardId ?? '—')))),
    ));
  }
  return el('div', { class: 'evidence' }, ...parts);
}

function fixSection(f: Finding, index: number): HTMLElement | undefined {
  const fix = f.fix;
  if (!fix) return undefined;
  const previewId = `fix-preview-${index}`;
  const outcome = el('p', { class: 'fix-outcome', id: `fix-outcome-${index}`, attrs: { role: 'status', 'aria-live': 'polite' } });
  const copyText = fixCopyText(fix);
  const actions = el('div', { class: 'fix-actions' },
    isApplicable(fix)
      ? el('button', {
          class: 'button primary apply', attrs: { type: 'button', 'aria-describedby': readOnly ? 'read-only' : undefined, 'aria-label': l10n.t('Apply: {0}', fixLabel(fix)) },
          on: { click: () => { outcome.textContent = l10n.t('Waiting for your confirmation…'); poster.postMessage('applyFix', { finding: index }); } },
        }, l10n.t('Apply…'))
      : false,
    copyText !== undefined
      ? el('button', { class: 'button copy', attrs: { type: 'button', 'aria-label': l10n.t('Copy the fix for finding {0}', index + 1) }, on: { click: () => poster.postMessage('copy', { text: copyText }) } }, l10n.t('Copy'))
      : false,
  );
  const preview = el('div', { id: previewId, class: 'fix-body', attrs: { hidden: true } }, fixPreview(fix), actions, outcome);
  const toggle = el('button', {
    class: 'button fix-button', attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': previewId },
    on: {
      click: () => {
        const open = preview.hidden;
        preview.hidden = !open;
        toggle.setAttribute('aria-expanded', String(open));
      },
    },
  }, `${fixLabel(fix)} ▸`);
  return el('div', { class: 'fix', dataset: { kind: fix.kind } }, toggle, preview);
}

function findingCard(f: Finding, index: number): HTMLElement {
  const headingId = `finding-title-${index}`;
  return el('section', { class: `finding ${f.severity}`, id: `finding-${index}`, dataset: { code: f.code, severity: f.severity }, attrs: { 'aria-labelledby': headingId } },
    el('h2', { id: headingId },
      el('span', { class: `badge ${f.severity}` }, SEVERITY_LABELS[f.severity] ?? f.severity),
      ' ', f.title),
    el('p', { class: 'subject' }, el('span', { class: 'code' }, f.code), ' · ', subjectText(f)),
    el('p', { class: 'explanation' }, f.explanation),
    evidence(f, index),
    fixSection(f, index),
  );
}

function render(report: DoctorReportView): void {
  const summary = l10n.t('{0} record(s), {1}, ≈ {2} distinct key(s) sampled over {3} s ({4} – {5})',
    formatInteger(report.sampledRecords), formatBytes(report.sampledBytes), formatInteger(report.distinctKeys), report.windowSeconds,
    report.windowStart.slice(11, 19), report.windowEnd.slice(11, 19));
  const counts = ['error', 'warning', 'info'].map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  replaceChildren(app,
    el('header', { class: 'header' },
      el('h1', {}, l10n.t('Stream Doctor: {0}', report.stream)),
      el('p', { class: 'meta' }, l10n.t('{0} · {1} · {2} open shard(s)', report.region, report.mode === 'ON_DEMAND' ? l10n.t('on-demand') : l10n.t('provisioned'), report.openShards)),
      el('p', { class: 'meta', id: 'sample-summary' }, summary, report.truncated ? l10n.t(' (sample capped)') : ''),
      el('button', { class: 'button', id: 'rerun', attrs: { type: 'button' }, on: { click: () => { showNotice('info', l10n.t('Running the diagnosis again…')); poster.postMessage('rerun', {}); } } }, l10n.t('Run again')),
    ),
    readOnly ? el('p', { class: 'read-only', id: 'read-only', attrs: { role: 'note' } }, l10n.t('Fixes are previews only: {0}', readOnly)) : false,
    notice,
    el('p', { class: 'counts', id: 'finding-counts' }, report.findings.length === 0
      ? l10n.t('No findings: the sample shows nothing to fix.')
      : counts.map(([s, n]) => `${n} ${SEVERITY_LABELS[s].toLowerCase()}${n === 1 ? '' : 's'}`).join(' · ')),
    el('div', { id: 'findings' }, ...report.findings.map(findingCard)),
  );
  app.setAttribute('aria-busy', 'false');
}

function showOutcome(outcome: DoctorFixOutcome): void {
  const line = document.getElementById(`fix-outcome-${outcome.finding}`);
  if (line) {
    line.textContent = outcome.message;
    line.className = `fix-outcome ${outcome.status}`;
  }
  showNotice(outcome.status === 'applied' ? 'info' : outcome.status === 'cancelled' ? 'info' : outcome.status === 'refused' ? 'warning' : 'error', outcome.message);
}

listenToHost<ToDoctorView>(source, MESSAGE_TYPES, (message) => {
  switch (message.type) {
    case 'report':
      readOnly = message.readOnly;
      render(message.report);
      break;
    case 'fixOutcome':
      showOutcome(message.outcome);
      break;
    case 'notice':
      showNotice(message.level, message.message);
      break;
  }
});
poster.postMessage('ready', {});
