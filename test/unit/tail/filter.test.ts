import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileFilter, type FilterSpec } from '../../../src/core/tail/filter';
import { rowsOfRecord, type TailRow } from '../../../src/core/tail/rows';

let nextId = 0;
function row(partitionKey: string, text: string): TailRow {
  return rowsOfRecord('shardId-000000000000', { partitionKey, sequenceNumber: `4959${nextId}`, data: new TextEncoder().encode(text) }, () => nextId++)[0];
}

const rows = [
  row('Device123', '{"device":{"id":"x"},"cpu":72}'),
  row('Device456', '{"device":{"id":"y"},"cpu":12}'),
  row('sensor-9', 'CPU:10%, Storage: 80%'),
];

function keysMatching(spec: FilterSpec): string[] {
  const compiled = compileFilter(spec);
  assert.ok(compiled.ok, compiled.ok ? '' : compiled.error);
  return rows.filter((r) => compiled.predicate?.(r) ?? true).map((r) => r.partitionKey);
}

describe('compileFilter', () => {
  it('an empty filter keeps every row', () => {
    assert.deepEqual(keysMatching({ mode: 'text', text: '  ' }), ['Device123', 'Device456', 'sensor-9']);
    assert.deepEqual(keysMatching({ mode: 'jsonPath', text: '' }), ['Device123', 'Device456', 'sensor-9']);
  });

  it('text is a case-insensitive substring of the key or the data', () => {
    assert.deepEqual(keysMatching({ mode: 'text', text: 'device4' }), ['Device456']);
    assert.deepEqual(keysMatching({ mode: 'text', text: 'STORAGE' }), ['sensor-9']);
    assert.deepEqual(keysMatching({ mode: 'text', text: '"cpu"' }), ['Device123', 'Device456']);
  });

  it('regex takes /pattern/flags or a bare pattern', () => {
    assert.deepEqual(keysMatching({ mode: 'regex', text: '/^device\\d+$/im' }), ['Device123', 'Device456']);
    assert.deepEqual(keysMatching({ mode: 'regex', text: '^device' }), [], 'a bare pattern is case-sensitive');
    assert.deepEqual(keysMatching({ mode: 'regex', text: '/cpu":\\s*7/g' }), ['Device123'], 'g is dropped so every row is tested from the start');
  });

  it('JSON path looks only at JSON records', () => {
    assert.deepEqual(keysMatching({ mode: 'jsonPath', text: '$.device.id == "x"' }), ['Device123']);
    assert.deepEqual(keysMatching({ mode: 'jsonPath', text: '$.cpu > 50' }), ['Device123']);
    assert.deepEqual(keysMatching({ mode: 'jsonPath', text: '$.device' }), ['Device123', 'Device456']);
  });

  it('invalid filters come back as errors that say what to fix', () => {
    const regex = compileFilter({ mode: 'regex', text: '/([a-z]/' });
    assert.ok(!regex.ok);
    assert.match(regex.error, /^Invalid regular expression/);
    const flags = compileFilter({ mode: 'regex', text: '/a/x' });
    assert.ok(!flags.ok);
    assert.match(flags.error, /flags "x"/);
    const path = compileFilter({ mode: 'jsonPath', text: '$.cpu >> 5' });
    assert.ok(!path.ok);
    assert.match(path.error, /^Invalid JSON path/);
  });
});
