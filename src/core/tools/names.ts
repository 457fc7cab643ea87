/**
 * The names of the registry's tools, in order, without the tools: the extension registers its
 * language-model tools under these at activation and loads the registry (zod, the requirements
 * engine, the decoders) only when a tool is first prepared. The registry types each tool's name
 * against this list and a unit test checks both hold the same names.
 */
export const KINESIS_TOOL_NAMES = [
  'kinesis_listStreams', 'kinesis_describeStream', 'kinesis_createStream', 'kinesis_deleteStream',
  'kinesis_updateShardCount', 'kinesis_updateStreamMode',
  'kinesis_listShards', 'kinesis_splitShard', 'kinesis_mergeShards',
  'kinesis_putRecord', 'kinesis_putRecords', 'kinesis_getRecords',
  'kinesis_registerConsumer', 'kinesis_deregisterConsumer', 'kinesis_describeConsumer', 'kinesis_listConsumers',
  'kinesis_enableEnhancedMonitoring', 'kinesis_disableEnhancedMonitoring',
  'kinesis_startEncryption', 'kinesis_stopEncryption',
  'kinesis_addTags', 'kinesis_removeTags', 'kinesis_listTags',
  'kinesis_increaseRetention', 'kinesis_decreaseRetention',
  'kinesis_estimateShardsAndCost', 'kinesis_analyzeRequirementFile', 'kinesis_architectTurn',
  'kinesis_diagnoseStream',
] as const;

export type KinesisToolName = (typeof KINESIS_TOOL_NAMES)[number];
