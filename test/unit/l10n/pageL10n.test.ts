import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import * as l10n from '@vscode/l10n';
import { fillPlaceholders, loadPageBundle } from '../../../src/webview/common/l10n';
import { histogramSummary } from '../../../src/webview/tail/histogramModel';

describe('l10n: webview pages translate through the host-provided bundle', () => {
  // One test in order: @vscode/l10n holds one bundle per page (process), as a page does.
  it('shows English as written until a bundle loads, then the translation, in either bundle form', () => {
    assert.equal(loadPageBundle(undefined), false);
    assert.equal(loadPageBundle('{}'), false, 'English: the host passes an empty bundle');
    assert.equal(loadPageBundle('not json'), false);
    assert.equal(l10n.t('No arrivals yet.'), 'No arrivals yet.');
    assert.equal(l10n.t('Rows shown: {0} of {1}', 5, 10), 'Rows shown: 5 of 10');

    assert.equal(loadPageBundle(JSON.stringify({
      'No arrivals yet.': 'Aucune arrivée pour l\'instant.',
      'Rows shown: {0} of {1}': 'Lignes affichées : {0} sur {1}',
      Pause: { message: 'Mettre en pause', comment: ['the tail viewer button'] },
    })), true);
    assert.equal(l10n.t('Rows shown: {0} of {1}', 5, 10), 'Lignes affichées : 5 sur 10');
    assert.equal(l10n.t('Pause'), 'Mettre en pause');
    assert.equal(l10n.t('Not translated yet'), 'Not translated yet');
    // A real page string, through the page module that shows it.
    assert.equal(histogramSummary({ from: 0, to: 0, counts: [], untimed: 0 }, undefined, 0), 'Aucune arrivée pour l\'instant.');
  });

  it('puts live elements where a translated sentence has its placeholders, whatever their order', () => {
    const shown = { id: 'shown' };
    const received = { id: 'received' };
    assert.deepEqual(fillPlaceholders('{0} shown · {1} received', [shown, received]), [shown, ' shown · ', received, ' received']);
    // A translation may reorder them; an unknown placeholder stays text.
    assert.deepEqual(fillPlaceholders('reçus : {1}, affichés : {0} {2}', [shown, received]), ['reçus : ', received, ', affichés : ', shown, ' ', '{2}']);
  });
});
