/** Reads back what a stream holds, straight through the gateway (not through the code under test). */
import type { ConnectionTarget, KinesisGateway, ReceivedRecord, ShardInfo } from '../../src/core/kinesis/gateway';

/** A stored record with the shard it was read from. */
export type StoredRecord = ReceivedRecord & { readonly shard: ShardInfo };

/** Every record in every shard of `stream` (closed shards included), from TRIM_HORIZON to the tip. */
export async function storedRecords(gateway: KinesisGateway, target: ConnectionTarget, stream: string): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  for (const shard of await gateway.listShards(target, stream)) {
    let iterator: string | undefined = await gateway.getShardIterator(target, { stream, shardId: shard.shardId, type: 'TRIM_HORIZON' });
    while (iterator) {
      const result = await gateway.getRecords(target, iterator);
      records.push(...result.records.map((record) => ({ ...record, shard })));
      if (result.records.length === 0 && (result.millisBehindLatest ?? 0) === 0) break;
      iterator = result.nextIterator;
    }
  }
  return records;
}
