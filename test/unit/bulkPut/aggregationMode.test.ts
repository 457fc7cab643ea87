import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateOptionOf, AGGREGATION_MODES, type AggregationMode } from '../../../src/core/bulkPut';

describe('aggregation modes (kinesis.put.aggregate, the wizard step, the CLI flag)', () => {
  it('maps off / on / aligned (and booleans) to the pipeline option', () => {
    assert.deepEqual(AGGREGATION_MODES, ['off', 'on', 'aligned']);
    assert.equal(aggregateOptionOf('off'), undefined);
    assert.equal(aggregateOptionOf(undefined), undefined);
    assert.equal(aggregateOptionOf(false), undefined);
    assert.equal(aggregateOptionOf('on'), true);
    assert.equal(aggregateOptionOf(true), true);
    assert.deepEqual(aggregateOptionOf('aligned'), { alignment: true });
  });

  it('refuses an unknown mode with the ones it takes', () => {
    assert.throws(() => aggregateOptionOf('yes' as AggregationMode), /Unknown aggregation "yes": use off, on, aligned/);
  });
});
