const REQUIREMENT_TEMPLATE = `# Kinesis Streaming Architecture Session

## Application Overview
- **Domain**: [e.g., IoT, real-time analytics, event-driven architecture, log processing]
- **Data Sources**: [list data producers and their characteristics - Web apps, mobile apps, IoT devices, microservices]
- **Business Context**: [critical business rules, compliance needs, data retention requirements]
- **Scale**: [expected producers, records/second, data volume per record, peak vs average load]

## Streaming Requirements Analysis
| Requirement # | Description | Records/Sec (Peak/Avg) | Record Size | Latency Requirement | Durability | Processing Type | Status |
|---------------|-------------|------------------------|-------------|-------------------|------------|-----------------|--------|
| 1 | Ingest user clickstream events | 10K/5K RPS | 2KB | <100ms | 24 hours | Real-time analytics | ✅ |
| 2 | Process IoT sensor readings | 50K/30K RPS | 500B | <50ms | 7 days | Anomaly detection | ⏳ |
| 3 | Archive transaction logs | 1K/500 RPS | 10KB | <1s | 7 years | Compliance audit | ❌ |

🔴 **CRITICAL**: Every requirement MUST have throughput documented. If USER doesn't know, help estimate based on business context.

## Data Flow Architecture Deep Dive
- **Producers**: Web app (5K RPS), Mobile app (3K RPS), IoT devices (30K RPS)
- **Stream Configuration**: Shard count, retention period, encryption requirements
- **Consumers**: Lambda functions, Kinesis Analytics, EC2 applications, S3 archival
- **Downstream Systems**: ElasticSearch, DynamoDB, S3, CloudWatch, external APIs

## Design Considerations (Scratchpad - Subject to Change)
- **Shard Management**: Auto-scaling vs manual, shard splitting strategies
- **Partition Key Design**: Even distribution, avoiding hot shards
- **Consumer Patterns**: Fan-out vs shared throughput, checkpointing strategies
- **Error Handling**: Dead letter queues, retry policies, poison pill handling
- **Cost Optimization**: On-demand vs provisioned, data compression, retention policies
- **Integration Patterns**: Kinesis Analytics for real-time processing, Firehose for S3 delivery

## Validation Checklist
- [ ] Application domain and scale documented ✅
- [ ] All data sources and consumers mapped ✅
- [ ] Every streaming requirement has throughput estimate ✅
- [ ] Producer and consumer patterns identified ✅
- [ ] Non-Kinesis requirements identified with alternatives ✅
- [ ] Hot shard risks evaluated ✅
- [ ] Design considerations captured (subject to final validation) ✅
`;

/**
 * The seed's `kinesis_requirement.md` template, for "Kinesis: New Requirement File". Its example rows
 * are kept on purpose: they show the formats the engine reads, and diagnostics flag them until edited.
 */
export function newRequirementFileTemplate(eol: '\n' | '\r\n' = '\n'): string {
  return eol === '\n' ? REQUIREMENT_TEMPLATE : REQUIREMENT_TEMPLATE.replace(/\n/g, eol);
}
