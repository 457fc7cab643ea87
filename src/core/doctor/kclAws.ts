/**
 * {@link KclLeaseSource} on @aws-sdk/client-dynamodb: a consistent, paged Scan of the lease table.
 * Only the CLI loads this file (a dynamic import), so the DynamoDB SDK never reaches the extension's
 * activation bundle. The DynamoDB endpoint is the SDK's own: AWS_ENDPOINT_URL_DYNAMODB or the region's.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { errorMessage } from '../errorMessage';
import type { CallOptions, ConnectionTarget } from '../kinesis/gateway';
import { parseLeaseItem, type KclLease, type KclLeaseSource, type LeaseAttribute } from './kcl';
import { doctorClientConfig } from './lambdaAws';

export interface AwsKclLeaseSource extends KclLeaseSource {
  dispose(): void;
}

export function createAwsKclLeaseSource(target: ConnectionTarget, pageSize = 1_000): AwsKclLeaseSource {
  const client = new DynamoDBClient(doctorClientConfig(target));
  return {
    async readLeases(table: string, options?: CallOptions): Promise<KclLease[]> {
      const leases: KclLease[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client
          .send(
            // Consistent: a lease renewed just before the read must show its new counter.
            new ScanCommand({ TableName: table, ConsistentRead: true, Limit: pageSize, ExclusiveStartKey: startKey as never }),
            { abortSignal: options?.signal },
          )
          .catch((error: unknown) => {
            if ((error as { name?: string }).name === 'ResourceNotFoundException') {
              throw new Error(`The KCL lease table "${table}" does not exist in ${target.region}: check the table or application name and the region.`);
            }
            throw new Error(`Reading the KCL lease table "${table}" failed: ${errorMessage(error)}`, { cause: error });
          });
        for (const item of page.Items ?? []) {
          const lease = parseLeaseItem(item as Record<string, LeaseAttribute>);
          if (lease) leases.push(lease);
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return leases;
    },
    dispose: () => client.destroy(),
  };
}
