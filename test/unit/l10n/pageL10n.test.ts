import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createL10n, fillPlaceholders } from '../../../src/webview/common/l10n';

describe('l10n: webview pages translate through the host-provided bundle', () => {
  it('returns English as written when no bundle is loaded, filling positional and named arguments', () => {
    const english = createL10n(undefined);
    assert.equal(english.t('Rows shown: {0} of {1}', 5, 10), 'Rows shown: 5 of 10');
    assert.equal(english.t('Shard {shard}', { shard: '#3' }), 'Shard #3');
    assert.equal(english.t('Left {unknown} and {2}', 'a'), 'Left {unknown} and {2}');
  });

  it('uses the translation of the display language, in either bundle form', () => {
    const french = createL10n({ 'Rows shown: {0} of {1}': 'Lignes affichées : {0} sur {1}', Pause: { message: 'Mettre en pause' } });
    assert.equal(french.t('Rows shown: {0} of {1}', 5, 10), 'Lignes affichées : 5 sur 10');
    assert.equal(french.t('Pause'), 'Mettre en pause');
    assert.equal(french.t('Not translated yet'), 'Not translated yet');
  });

  it('puts live elements where a translated sentence has its placeholders, whatever their order', () => {
    const shown = { id: 'shown' };
    const received = { id: 'received' };
    assert.deepEqual(fillPlaceholders('{0} shown · {1} received', [shown, received]), [shown, ' shown · ', received, ' received']);
    // A translation may reorder them; an unknown placeholder stays text.
    assert.deepEqual(fillPlaceholders('reçus : {1}, affichés : {0} {2}', [shown, received]), ['reçus : ', received, ', affichés : ', shown, ' ', '{2}']);
  });
});
