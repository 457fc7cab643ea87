/**
 * {@link LambdaMappingSource} on @aws-sdk/client-lambda (ListEventSourceMappings, paged). Only the CLI
 * loads this file (a dynamic import), so the Lambda SDK never reaches the extension's activation
 * bundle. The Lambda endpoint is the SDK's own: AWS_ENDPOINT_URL_LAMBDA or the region's, never the
 * Kinesis endpoint of the target.
 */
import { LambdaClient, ListEventSourceMappingsCommand, type EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { localEmulatorCredentials } from '../kinesis/awsGateway';
import type { CallOptions, ConnectionTarget } from '../kinesis/gateway';
import type { EventSourceMappingInfo, LambdaMappingSource } from './lambda';

/** Region and credentials for the doctor's other AWS clients, chosen as the Kinesis gateway chooses them. */
export function doctorClientConfig(target: ConnectionTarget): { region: string; credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider; maxAttempts: number } {
  return {
    region: target.region,
    maxAttempts: 3,
    // A copy: the SDK annotates the credentials object it is given.
    credentials: target.localEmulator ? { ...localEmulatorCredentials } : fromNodeProviderChain({ profile: target.profile }),
  };
}

export function toMappingInfo(m: EventSourceMappingConfiguration): EventSourceMappingInfo {
  return {
    uuid: m.UUID ?? '',
    eventSourceArn: m.EventSourceArn ?? '',
    functionArn: m.FunctionArn ?? '',
    state: m.State,
    lastProcessingResult: m.LastProcessingResult,
    batchSize: m.BatchSize,
    parallelizationFactor: m.ParallelizationFactor,
    bisectBatchOnFunctionError: m.BisectBatchOnFunctionError,
    maximumRetryAttempts: m.MaximumRetryAttempts,
    maximumRecordAgeInSeconds: m.MaximumRecordAgeInSeconds,
    onFailureDestination: m.DestinationConfig?.OnFailure?.Destination,
    functionResponseTypes: m.FunctionResponseTypes ?? [],
  };
}

export interface AwsLambdaMappingSource extends LambdaMappingSource {
  dispose(): void;
}

export function createAwsLambdaMappingSource(target: ConnectionTarget, pageSize = 100): AwsLambdaMappingSource {
  const client = new LambdaClient(doctorClientConfig(target));
  return {
    async listMappings(eventSourceArn: string, options?: CallOptions): Promise<EventSourceMappingInfo[]> {
      const mappings: EventSourceMappingInfo[] = [];
      let marker: string | undefined;
      do {
        const page = await client.send(new ListEventSourceMappingsCommand({ EventSourceArn: eventSourceArn, Marker: marker, MaxItems: pageSize }), { abortSignal: options?.signal });
        for (const m of page.EventSourceMappings ?? []) mappings.push(toMappingInfo(m));
        marker = page.NextMarker;
      } while (marker);
      return mappings;
    },
    dispose: () => client.destroy(),
  };
}
