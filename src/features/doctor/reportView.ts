import type { DoctorReport } from '../../core/doctor/diagnose';
import type { DoctorReportView } from '../../shared/doctorProtocol';

/** The report as the page gets it: JSON-safe, without the raw per-second series of every shard. */
export function toReportView(report: DoctorReport): DoctorReportView {
  return {
    stream: report.stream,
    region: report.region,
    mode: report.details.mode,
    openShards: report.details.openShardCount,
    windowStart: new Date(report.windowStartMs).toISOString(),
    windowEnd: new Date(report.windowEndMs).toISOString(),
    windowSeconds: report.windowSeconds,
    sampledRecords: report.sampledRecords,
    sampledBytes: report.sampledBytes,
    distinctKeys: report.distinctKeys,
    truncated: report.truncated,
    shardLoads: report.shardLoads.map((l) => ({
      shardId: l.shardId, open: l.open, records: l.records, shareOfStream: l.shareOfStream, keyspaceShare: l.keyspaceShare,
      peakRecordsPerSecond: l.peakRecordsPerSecond, peakBytesPerSecond: l.peakBytesPerSecond,
    })),
    // Findings are JSON-safe by contract; a round trip drops anything that is not (and any prototype).
    findings: JSON.parse(JSON.stringify(report.findings)) as DoctorReportView['findings'],
  };
}
