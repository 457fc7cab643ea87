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
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
