/** Every command id the extension registers. package.json's contributes.commands must match (checked by a test). */
export const CommandIds = {
  refreshExplorer: 'kinesis.refreshExplorer',
  switchConnection: 'kinesis.switchConnection',
  selectRegion: 'kinesis.selectRegion',
  addRegion: 'kinesis.addRegion',
  startLocal: 'kinesis.startLocal',
  stopLocal: 'kinesis.stopLocal',
  showLog: 'kinesis.showLog',
  retryNode: 'kinesis.retryNode',
  ssoLogin: 'kinesis.ssoLogin',
  filterStreams: 'kinesis.filterStreams',
  clearFilter: 'kinesis.clearFilter',
  copyArn: 'kinesis.copyArn',
  createStream: 'kinesis.createStream',
  deleteStream: 'kinesis.deleteStream',
  putRecord: 'kinesis.putRecord',
  addTags: 'kinesis.addTags',
  removeTags: 'kinesis.removeTags',
  listTags: 'kinesis.listTags',
  updateShardCount: 'kinesis.updateShardCount',
  splitShard: 'kinesis.splitShard',
  mergeShards: 'kinesis.mergeShards',
  setRetention: 'kinesis.setRetention',
  startEncryption: 'kinesis.startEncryption',
  stopEncryption: 'kinesis.stopEncryption',
  switchStreamMode: 'kinesis.switchStreamMode',
  registerConsumer: 'kinesis.registerConsumer',
  deregisterConsumer: 'kinesis.deregisterConsumer',
  setEnhancedMonitoring: 'kinesis.setEnhancedMonitoring',
  // <command-ids> (add new ids above this marker)
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
