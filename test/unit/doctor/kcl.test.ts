import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Finding } from '../../../src/core/doctor/findings';
import { analyzeKclLeases, diagnoseKclLeases, parseLeaseItem, validateLeaseTableName, type KclAnalysisInput, type KclLease } from '../../../src/core/doctor/kcl';
import type { ShardInfo } from '../../../src/core/kinesis/gateway';

function shard(shardId: string, extra: Partial<ShardInfo> = {}): ShardInfo {
  return { shardId, startingHashKey: '0', endingHashKey: '1', startingSequenceNumber: '1', ...extra };
}

function lease(shardId: string, extra: Partial<KclLease> = {}): KclLease {
  return { leaseKey: shardId, shardId, leaseOwner: 'worker-a', leaseCounter: 10, checkpoint: '100', ownerSwitchesSinceCheckpoint: 0, parentShardIds: [], childShardIds: [], ...extra };
}

function renewed(l: KclLease, by = 3): KclLease {
  return { ...l, leaseCounter: l.leaseCounter + by };
}

function input(firstRead: KclLease[], secondRead: KclLease[], extra: Partial<KclAnalysisInput> = {}): KclAnalysisInput {
  return { stream: 'orders', application: 'orders-app', table: 'orders-app', shards: [shard('s0')], firstRead, secondRead, intervalMs: 1_000, latestSequenceByShard: new Map(), ...extra };
}

const codes = (findings: readonly Finding[]) => findings.map((f) => `${f.code}:${f.subject.shardId ?? ''}`);

describe('doctor KCL lease analysis', () => {
  it('reads KCL\'s item schema, single- and multi-stream', () => {
    const single = parseLeaseItem({
      leaseKey: { S: 'shardId-000000000001' }, leaseOwner: { S: 'w1' }, leaseCounter: { N: '42' }, checkpoint: { S: '4959' },
      checkpointSubSequenceNumber: { N: '0' }, ownerSwitchesSinceCheckpoint: { N: '2' }, parentShardId: { SS: ['shardId-000000000000'] },
    });
    assert.deepEqual(single, {
      leaseKey: 'shardId-000000000001', shardId: 'shardId-000000000001', leaseOwner: 'w1', leaseCounter: 42, checkpoint: '4959',
      checkpointSubSequenceNumber: 0, ownerSwitchesSinceCheckpoint: 2, parentShardIds: ['shardId-000000000000'], childShardIds: [],
    });
    const multi = parseLeaseItem({ leaseKey: { S: '123456789012:orders:1700000000:shardId-000000000002' }, leaseCounter: { N: '1' } });
    assert.equal(multi?.shardId, 'shardId-000000000002');
    assert.equal(multi?.streamName, 'orders');
    assert.equal(multi?.leaseOwner, undefined);
    assert.equal(parseLeaseItem({ key: { S: 'x' } }), undefined);
  });

  it('finds nothing on a healthy table: renewed, checkpointing, one lease per open shard', () => {
    const first = [lease('s0')];
    const second = [{ ...renewed(lease('s0')), checkpoint: '200' }];
    assert.deepEqual(analyzeKclLeases(input(first, second, { latestSequenceByShard: new Map([['s0', '200']]) })), []);
  });

  it('flags a frozen checkpoint only while the shard has newer data', () => {
    const first = [lease('s0')];
    const second = [renewed(lease('s0'))];
    assert.deepEqual(codes(analyzeKclLeases(input(first, second, { latestSequenceByShard: new Map([['s0', '250']]) }))), ['kcl-frozen-checkpoint:s0']);
    assert.deepEqual(analyzeKclLeases(input(first, second, { latestSequenceByShard: new Map([['s0', '100']]) })), []);
    // Sequence numbers are compared as integers, not strings ("99" < "100").
    assert.deepEqual(analyzeKclLeases(input([lease('s0', { checkpoint: '100' })], [renewed(lease('s0', { checkpoint: '100' }))], { latestSequenceByShard: new Map([['s0', '99']]) })), []);
  });

  it('flags a lease counter that did not move, and an unowned lease', () => {
    assert.deepEqual(codes(analyzeKclLeases(input([lease('s0')], [lease('s0')]))), ['kcl-lease-not-renewed:s0']);
    const unowned = lease('s0', { leaseOwner: undefined });
    assert.deepEqual(codes(analyzeKclLeases(input([unowned], [unowned]))), ['kcl-lease-not-renewed:s0']);
    // Finished leases are not renewed by design.
    const ended = lease('s0', { checkpoint: 'SHARD_END' });
    assert.deepEqual(analyzeKclLeases(input([ended], [ended], { shards: [shard('s0', { endingSequenceNumber: '999' })] })), []);
  });

  it('flags owner thrash from the switch count or an owner change without progress', () => {
    const thrash = renewed(lease('s0', { ownerSwitchesSinceCheckpoint: 5 }));
    assert.deepEqual(codes(analyzeKclLeases(input([lease('s0')], [thrash]))), ['kcl-owner-thrash:s0']);
    const stolen = renewed(lease('s0', { leaseOwner: 'worker-b', ownerSwitchesSinceCheckpoint: 1 }));
    assert.deepEqual(codes(analyzeKclLeases(input([lease('s0')], [stolen]))), ['kcl-owner-thrash:s0']);
  });

  it('flags a missing lease for an open shard, but not for a child waiting on an unfinished parent', () => {
    const shards = [shard('s0', { endingSequenceNumber: '999' }), shard('s1', { parentShardId: 's0' }), shard('s2')];
    const leases = [lease('s0')];
    assert.deepEqual(codes(analyzeKclLeases(input(leases, leases.map((l) => renewed(l)), { shards }))), ['kcl-missing-lease:s2']);
    const noLeases = analyzeKclLeases(input([], [], { shards }));
    assert.deepEqual(codes(noLeases), ['kcl-missing-lease:']);
    // Leases of another stream in a multi-stream table do not count.
    const other = lease('s0', { leaseKey: '1:payments:1:s0', streamName: 'payments' });
    assert.deepEqual(codes(analyzeKclLeases(input([other], [other]))), ['kcl-missing-lease:']);
  });

  it('flags a parent not at SHARD_END: a warning while the child waits, an error once the child has checkpoints', () => {
    const shards = [shard('s0', { endingSequenceNumber: '999' }), shard('s1', { parentShardId: 's0' })];
    const parent = lease('s0', { checkpoint: '500' });
    const waiting = lease('s1', { checkpoint: 'TRIM_HORIZON', leaseOwner: 'worker-b', parentShardIds: ['s0'] });
    const waitFindings = analyzeKclLeases(input([parent, waiting], [renewed(parent), renewed(waiting)], { shards }));
    assert.deepEqual(waitFindings.map((f) => [f.code, f.severity, f.subject.shardId]), [['kcl-parent-not-ended', 'warning', 's0']]);
    const started = lease('s1', { checkpoint: '1200', parentShardIds: ['s0'] });
    const orderFindings = analyzeKclLeases(input([parent, started], [renewed(parent), renewed(started)], { shards }));
    assert.deepEqual(orderFindings.map((f) => [f.code, f.severity]), [['kcl-parent-not-ended', 'error']]);
    const done = lease('s0', { checkpoint: 'SHARD_END' });
    assert.deepEqual(analyzeKclLeases(input([done, started], [done, renewed(started)], { shards })), []);
  });

  it('flags a checkpoint still at TRIM_HORIZON while the shard has data', () => {
    const atHorizon = lease('s0', { checkpoint: 'TRIM_HORIZON' });
    const findings = analyzeKclLeases(input([atHorizon], [renewed(atHorizon)], { latestSequenceByShard: new Map([['s0', '5']]) }));
    assert.deepEqual(findings.map((f) => [f.code, f.severity]), [['kcl-checkpoint-trim-horizon', 'warning']]);
    assert.deepEqual(analyzeKclLeases(input([atHorizon], [renewed(atHorizon)])), []);
  });

  it('reads the table twice and probes only unmoved checkpoints of listed shards the sample did not already pass', async () => {
    const reads = [
      [lease('s0'), lease('s1', { checkpoint: '300' }), lease('s2'), lease('gone')],
      [renewed(lease('s0')), renewed(lease('s1', { checkpoint: '300' })), renewed(lease('s2', { checkpoint: '150' })), renewed(lease('gone'))],
    ];
    let read = 0;
    const probed: string[] = [];
    const findings = await diagnoseKclLeases(
      { readLeases: async (table) => { assert.equal(table, 'orders-app'); return reads[read++]; } },
      { application: 'orders-app', readIntervalMs: 1 },
      {
        stream: 'orders', shards: [shard('s0'), shard('s1'), shard('s2')], latestSequenceByShard: new Map([['s1', '400']]),
        probe: async (shardId, sequenceNumber) => { probed.push(`${shardId}@${sequenceNumber}`); return shardId === 's0' ? '101' : undefined; },
      },
    );
    assert.equal(read, 2);
    assert.deepEqual(probed, ['s0@100']);
    assert.deepEqual(codes(findings).sort(), ['kcl-frozen-checkpoint:s0', 'kcl-frozen-checkpoint:s1']);
    await assert.rejects(diagnoseKclLeases({ readLeases: async () => [] }, {}, { stream: 'orders', shards: [], latestSequenceByShard: new Map() }), /Name the KCL lease table/);
  });

  it('validates table names before any call', () => {
    assert.equal(validateLeaseTableName('orders-app.v2_1'), undefined);
    assert.match(validateLeaseTableName('no spaces') ?? '', /not a DynamoDB table name/);
    assert.match(validateLeaseTableName('ab') ?? '', /3–255/);
  });
});
