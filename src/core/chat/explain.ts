/** Short, self-contained explanations of Kinesis concepts for `@kinesis /explain`, picked by keyword. */
import { CONCEPTS } from './conversation';

const GLOSSARY: readonly [RegExp, string][] = [
  [/\bshards?\b|\bcapacity\b|\bthroughput\b/i, CONCEPTS.shard],
  [/\bpartition\b|\bhot\b|\bkeys?\b/i, CONCEPTS.partitionKey],
  [/\bconsumers?\b|\bfan[- ]?out\b|\befo\b|\bgetrecords\b|\bsubscribe/i, CONCEPTS.consumers],
  [/\bon[- ]?demand\b|\bprovisioned\b|\bmode\b/i, CONCEPTS.capacityMode],
  [/\bretention\b|\bdurability\b|\bkeep\b/i, CONCEPTS.retention],
  [/\bsequence\b/i, 'A **sequence number** is assigned by Kinesis to every record it accepts; it is unique per partition key within a shard and grows over time, so readers can resume exactly where they stopped.'],
  [/\bkcl\b|\bclient library\b|\bcheckpoint/i, 'The **Kinesis Client Library (KCL)** runs consumers for you: it balances shards across workers, recovers from failures, follows resharding and stores checkpoints (progress) in DynamoDB.'],
  [/\bfirehose\b|\barchiv|\bs3\b/i, '**Kinesis Data Firehose** delivers a stream to destinations such as S3 or a search cluster, batching, compressing and converting records on the way; it is the usual answer for archival.'],
  [/\banalytics\b|\bflink\b|\bsql\b/i, '**Managed Service for Apache Flink** (formerly Kinesis Data Analytics) runs continuous SQL or Flink jobs over a stream for aggregations, windows and anomaly detection.'],
  [/\bresharding\b|\bsplit\b|\bmerge\b|\bupdateshardcount\b/i, '**Resharding** changes a stream\'s shard count: UpdateShardCount scales between half and double the current count (at most 10 times per rolling 24 hours); splitting and merging act on single shards.'],
];

/** Explanations matching the question; all of the basics when nothing matches. */
export function explainConcepts(question: string): string[] {
  const found = GLOSSARY.filter(([pattern]) => pattern.test(question)).map(([, text]) => text);
  return found.length ? [...new Set(found)] : [CONCEPTS.shard, CONCEPTS.partitionKey, CONCEPTS.consumers];
}
