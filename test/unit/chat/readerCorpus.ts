/**
 * Messages as Kinesis users write them to `@kinesis`, each with the facts the deterministic reader
 * must get from it. A fact left out of a case is one the reader must NOT produce (a number the words
 * do not support); `producers`/`consumers` are checked only when listed. `question: true` means the
 * message is ambiguous and the reader must ask rather than write a number.
 */

/** One requirement row the message describes. Rates are records/s; size is the table cell. */
export interface ExpectedRow {
  readonly peak?: number;
  readonly average?: number;
  readonly size?: string;
}

export interface CorpusCase {
  readonly message: string;
  readonly rows: readonly ExpectedRow[];
  readonly partitionKey?: string;
  readonly producers?: readonly string[];
  readonly consumers?: readonly string[];
  /** The reader must ask (a range, a data rate without a size, "each or in total?"). */
  readonly question?: boolean;
  readonly correction?: boolean;
}

export const READER_CORPUS: readonly CorpusCase[] = [
  // ---- per-second figures, suffixes and approximations
  { message: 'clickstream 10K peak 5K avg, 2KB, under 100 ms, keep 24 hours', rows: [{ peak: 10000, average: 5000, size: '2KB' }] },
  { message: 'We ingest clickstream events at about 12k/sec at peak, ~4k/sec normally. Each event is roughly 1.5 KB of JSON.', rows: [{ peak: 12000, average: 4000, size: '1.5KB' }] },
  { message: 'Peak is around 8,000 records per second and the average is 3,000. Records are 800 bytes.', rows: [{ peak: 8000, average: 3000, size: '800B' }] },
  { message: 'we do 2.5k rps on a normal day and up to 7k rps during sales', rows: [{ peak: 7000, average: 2500 }] },
  { message: 'Roughly 1500 tps average, 4000 tps max, payloads ~600B', rows: [{ peak: 4000, average: 1500, size: '600B' }] },
  { message: 'the payment service emits ~300 msg/s, bursts up to 900 msg/s', rows: [{ peak: 900, average: 300 }] },
  { message: 'We expect 50K eps at peak.', rows: [{ peak: 50000 }] },
  { message: 'Telemetry: 1.2M events/s peak, 800k/s average, 200 byte records', rows: [{ peak: 1200000, average: 800000, size: '200B' }] },
  { message: 'app logs come in at 20k/s, records around 1KB', rows: [{ peak: 20000, size: '1KB' }] },
  { message: 'orders 10K/5K RPS, 3KB each', rows: [{ peak: 10000, average: 5000, size: '3KB' }] },
  { message: 'We average about 6000 requests per second and peak near 15000 requests per second', rows: [{ peak: 15000, average: 6000 }] },
  { message: 'Our API gateway handles 3k req/s typically, spiking to 9k req/s', rows: [{ peak: 9000, average: 3000 }] },
  { message: 'peak of 25,000 messages a second, avg 10,000 a second', rows: [{ peak: 25000, average: 10000 }] },
  { message: 'Its about 400 evnets per secnod average and 1000 at peak', rows: [{ peak: 1000, average: 400 }] },

  // ---- other time units: minute, hour, day
  { message: 'We see 600K events per minute at peak.', rows: [{ peak: 10000 }] },
  { message: 'At peak we get 1.2 million orders a minute; the rest of the day it is closer to 300k per minute', rows: [{ peak: 20000, average: 5000 }] },
  { message: 'About 36 million events per hour at peak, 18 million per hour on average, 2KB each', rows: [{ peak: 10000, average: 5000, size: '2KB' }] },
  { message: 'the ad server logs 90M impressions an hour at its busiest', rows: [{ peak: 25000 }] },
  { message: 'We process 864 million transactions per day, 1 KB records', rows: [{ average: 10000, size: '1KB' }] },
  { message: 'roughly 4.32B events daily from the game clients', rows: [{ average: 50000 }] },
  { message: '120k rpm peak, 60k rpm avg', rows: [{ peak: 2000, average: 1000 }] },
  { message: 'Average 7,200 records/hour with spikes to 36,000 records/hour', rows: [{ peak: 10, average: 2 }] },
  { message: 'We get around 3 million clicks a day and peak hour traffic is 5x the daily average', rows: [{ peak: 173.6, average: 34.72 }] },

  // ---- data rates, turned into records with the stated size
  { message: 'We push about 5 MB/s at peak and 2 MB/s on average, each log line is ~1KB', rows: [{ peak: 5000, average: 2000, size: '1KB' }] },
  { message: 'The CDC feed writes 36 GB per hour of fixed-size 1KB records', rows: [{ peak: 10000, size: '1KB' }] },
  { message: 'around 10 MB per second peak, records are 500 bytes', rows: [{ peak: 20000, size: '500B' }] },
  { message: 'We ingest 2 TB a day, average record size 4KB', rows: [{ average: 5787, size: '4KB' }] },
  { message: 'Peak throughput is 50 MB/s', rows: [], question: true },
  { message: '3 GB/hour on average, 9 GB/hour at peak, 1.5KB messages', rows: [{ peak: 1667, average: 556, size: '1.5KB' }] },

  // ---- populations × frequency
  { message: '20,000 devices each reporting every 5 seconds, 500 bytes per reading', rows: [{ peak: 4000, size: '500B' }], producers: ['IoT devices'] },
  { message: 'IoT sensors: 2,000 devices send 1 reading every 10 seconds, 500B', rows: [{ peak: 200, size: '500B' }] },
  { message: 'We have 50k smart meters, each sends a reading once a minute', rows: [{ peak: 833.33 }] },
  { message: 'fleet of 12,000 trucks reporting GPS every 30s, ~300 bytes per ping', rows: [{ peak: 400, size: '300B' }] },
  { message: '100k connected cars send telemetry twice a second', rows: [{ peak: 200000 }] },
  { message: 'There are 5,000 wind turbines and each one emits 4 readings per second', rows: [{ peak: 20000 }] },
  { message: 'Our 500 stores send 20 orders a minute', rows: [], question: true },
  { message: 'We have 30,000 sensors.', rows: [] },

  // ---- daily users × events per user per day
  { message: '2 million daily active users, each generating about 50 events a day', rows: [{ average: 1157 }] },
  { message: 'We have 500k DAU and each user does ~200 actions per day; peaks are 4x the average', rows: [{ peak: 4630, average: 1157 }] },
  { message: '10M daily users x 30 events per user per day, events are 1KB', rows: [{ average: 3472, size: '1KB' }] },

  // ---- burst multipliers
  { message: 'Normal traffic is 2K/s and it peaks at 3x normal during Black Friday', rows: [{ peak: 6000, average: 2000 }] },
  { message: 'baseline 800 records per second, spikes to double that', rows: [{ peak: 1600, average: 800 }] },
  { message: 'typically 5k events/s; traffic triples on launch days', rows: [{ peak: 15000, average: 5000 }] },
  { message: 'Traffic spikes to 10x during flash sales', rows: [] },

  // ---- several requirements in one message
  { message: 'Two streams: clickstream at 10K/s peak and 4K/s average with 2KB records; orders at 500/s peak, 200/s average, 5KB each', rows: [{ peak: 10000, average: 4000, size: '2KB' }, { peak: 500, average: 200, size: '5KB' }] },
  { message: 'Clickstream peaks at 8k events/sec. Payments average 300/s and peak at 1k/s.', rows: [{ peak: 8000 }, { peak: 1000, average: 300 }] },
  { message: 'Orders: peak 1,500 records/s, average 800, 10KB records, latency under 1 s, retain for 7 years; IoT readings 50K/30K RPS, 500B, keep 7 days for anomaly detection', rows: [{ peak: 1500, average: 800, size: '10KB' }, { peak: 50000, average: 30000, size: '500B' }] },
  { message: 'logs ~20k lines/s (about 400 bytes each) and metrics 5k datapoints/s at 100 bytes', rows: [{ peak: 20000, size: '400B' }, { peak: 5000, size: '100B' }] },

  // ---- corrections
  { message: 'make that 12K peak', rows: [{ peak: 12000 }], correction: true },
  { message: 'Sorry, the average is 6k/s, not 5k/s', rows: [{ average: 6000 }], correction: true },
  { message: 'Actually the orders stream peaks at 2K/s, not 1.5K', rows: [{ peak: 2000 }], correction: true },
  { message: 'correction: records are 4KB not 2KB', rows: [{ size: '4KB' }], correction: true },
  { message: 'wait, I meant 600k per minute at peak, not per second', rows: [{ peak: 10000 }], correction: true },

  // ---- ranges and vague figures: ask
  { message: 'somewhere between 5k and 8k events per second', rows: [], question: true },
  { message: 'we do 5-8K records/s depending on the time of day', rows: [], question: true },
  { message: 'about 10k events at peak, 2KB each', rows: [{ size: '2KB' }], question: true },

  // ---- partition keys
  { message: 'Partition key is device_id.', rows: [], partitionKey: 'device_id' },
  { message: 'events are keyed by customer_id', rows: [], partitionKey: 'customer_id' },
  { message: "We'll partition by `tenant_id`, there are about 400 tenants", rows: [], partitionKey: 'tenant_id' },
  { message: 'I think we should shard by device_id + timestamp so one chatty device does not overload a shard', rows: [], partitionKey: 'device_id + timestamp' },
  { message: 'use session_id as the partition key, please', rows: [], partitionKey: 'session_id' },
  { message: 'the records are grouped by userId so we keep per-user ordering', rows: [], partitionKey: 'userId' },
  { message: 'What should the partition key be?', rows: [] },

  // ---- producers and consumers in prose
  { message: 'A Lambda picks up each order and writes it to DynamoDB, and Firehose lands everything in S3 for the data lake.', rows: [], consumers: ['Lambda', 'Firehose → S3'] },
  { message: 'The mobile app and the web frontend send the events; a Flink job does the sessionisation.', rows: [], producers: ['Mobile app', 'Web app'], consumers: ['Flink (Kinesis Data Analytics)'] },
  { message: 'We read the stream with a KCL app running on EC2 and also with Kinesis Data Analytics for the dashboards', rows: [], consumers: ['KCL application on EC2', 'Flink (Kinesis Data Analytics)'] },
  { message: 'Our microservices publish domain events through the KPL; consumers are a Lambda function and Firehose to Redshift', rows: [], producers: ['Microservices', 'KPL'], consumers: ['Lambda function', 'Firehose to Redshift'] },
  { message: 'Producers are the vehicles and the mobile app. Consumers are a Lambda alerting function and an S3 archiver. Partition key is vehicle_id', rows: [], partitionKey: 'vehicle_id', producers: ['vehicles', 'mobile app'], consumers: ['Lambda alerting function', 'S3 archiver'] },
  { message: 'POS terminals in 800 stores push sales at ~2k/s peak; a lambda updates inventory and firehose archives to s3', rows: [{ peak: 2000 }], consumers: ['Lambda', 'Firehose → S3'] },

  // ---- nothing to read
  { message: 'What is a shard?', rows: [] },
  { message: 'No other producers or consumers.', rows: [] },
  { message: 'We need to capture clickstream events with 2KB records, under 100 ms', rows: [{ size: '2KB' }] },

  // ---- a second batch, first run unseen (see the report in the test output for how it fared)
  { message: "Hi! We're building a ride-sharing app. Around 40k drivers send their GPS location every 4 seconds while online.", rows: [{ peak: 10000 }] },
  { message: 'Our budget is $500/month and we have 3 consumers. Keep data for 7 days.', rows: [] },
  { message: 'We currently run 10 shards and hit throttling at around 9k records/sec during the evening peak.', rows: [{ peak: 9000 }] },
  { message: 'I read that a shard takes 1000 records per second or 1 MB/s. We need maybe 3 shards?', rows: [] },
  { message: "Each shard is 1MB/s, right? We're at 2,500 events per second average, 6,000 at peak, 512 byte events.", rows: [{ peak: 6000, average: 2500, size: '512B' }] },
  { message: 'The game has 250k concurrent players at peak, each sending an input event 10 times per second.', rows: [{ peak: 2500000 }] },
  { message: 'Peak: 45k/s. Avg: 15k/s. Size: 1.2KB.', rows: [{ peak: 45000, average: 15000, size: '1.2KB' }] },
  { message: 'Expect 200GB/day of logs, avg line 250 bytes, latency not critical, keep 3 days.', rows: [{ average: 9259, size: '250B' }] },
  { message: 'Black Friday 2024 we peaked at 30k orders per minute.', rows: [{ peak: 500 }] },
  { message: 'We get like 10-15k events a second, JSON around 2kb.', rows: [{ size: '2KB' }], question: true },
  { message: 'Payments: 150 TPS avg, peak 600 TPS, must be in order per account, partition key is account_id', rows: [{ peak: 600, average: 150 }], partitionKey: 'account_id' },
  { message: 'traffic goes up 50% at lunchtime, normally 1,000 rps', rows: [{ peak: 1500, average: 1000 }] },
  { message: 'p99 latency must be under 200ms and we want 2 enhanced fan-out consumers', rows: [] },
  { message: 'We have 1 million users and 5% are active at any time, each making 2 requests per second.', rows: [{ peak: 100000 }] },
  { message: 'We ingest data from 1,200 factories, every factory has ~50 machines, each machine emits one metric per second.', rows: [{ peak: 60000 }] },
  { message: "We'll start with 500 events/s and grow to 5000 events/s next year", rows: [{ peak: 500 }], question: true },
  { message: 'Events are 4 KB max but usually 1 KB. Around 3 thousand per second', rows: [{ peak: 3000, size: '4KB' }] },
  { message: 'Streaming 1.5k/sec at steady state with peaks of 4.5k/sec; 700B avg record size. Partitioned on merchant_id.', rows: [{ peak: 4500, average: 1500, size: '700B' }], partitionKey: 'merchant_id' },
  { message: 'Producers: checkout-service, inventory-service. The analytics team consumes with Spark on EMR, and we sink to Snowflake.', rows: [], producers: ['checkout-service', 'inventory-service'], consumers: ['Spark'] },
  { message: 'make it 20k', rows: [{ peak: 20000 }], correction: true },
  { message: 'Update the peak to 15,000 rps', rows: [{ peak: 15000 }], correction: true },
  { message: 'Sorry, typo: 8 KB records, not 80 KB', rows: [{ size: '8KB' }], correction: true },
  { message: 'hello, how many shards do I need for 5 MB/s?', rows: [], question: true },
  { message: 'each device sends 20 readings a minute', rows: [], question: true },
  { message: 'We have about 8 million monthly active users', rows: [] },
  { message: 'roughly 2.592 billion records per month', rows: [], question: true },
  { message: '500 req/s peak / 100 req/s off-peak', rows: [{ peak: 500 }] },

  // ---- a third batch, also first run unseen
  { message: "We're a fintech. Card authorizations run at roughly 2,000 per second on average and can hit 8,000/sec on payday.", rows: [{ peak: 8000, average: 2000 }] },
  { message: 'Clickstream from our e-commerce site: 15 million page views a day, each view fires about 4 events.', rows: [{ average: 694 }] },
  { message: 'Our IoT platform has 75,000 sensors that each publish a 200-byte message every 15 seconds.', rows: [{ peak: 5000, size: '200B' }] },
  { message: 'ingest is ~3.5k msgs per sec, peak maybe 2x that', rows: [{ peak: 7000, average: 3500 }] },
  { message: 'about 720,000 records an hour', rows: [{ peak: 200 }] },
  { message: 'The trading engine publishes 50k quotes/sec during market open, 5k/sec the rest of the day. Quotes are ~150 bytes. Keyed on symbol.', rows: [{ peak: 50000, average: 5000, size: '150B' }], partitionKey: 'symbol' },
  { message: 'We need to stream CDC from Aurora via DMS, about 1,200 row changes per second, avg row 2 KB; a Flink app joins it and writes to OpenSearch.', rows: [{ peak: 1200, size: '2KB' }], consumers: ['Flink (Kinesis Data Analytics)'] },
  { message: 'Game telemetry: ~80 GB per hour at peak, events are 800 bytes on average.', rows: [{ peak: 27778, size: '800B' }] },
  { message: 'We have 3 streams: orders (300/s), payments (120/s) and shipments (40/s).', rows: [{ peak: 300 }, { peak: 120 }, { peak: 40 }] },
  { message: 'Roughly 600 events/min from each of our 250 stores.', rows: [{ peak: 2500 }] },
  { message: 'Peak load is 3 times the average of 4000 requests per second.', rows: [{ peak: 12000, average: 4000 }] },
  { message: 'We log about 5 TB per day from 2,000 servers, average log line 500 bytes', rows: [{ average: 115741, size: '500B' }] },
  { message: 'nah make it 9k avg instead of 8k', rows: [{ average: 9000 }], correction: true },
  { message: 'Change the record size to 3KB', rows: [{ size: '3KB' }], correction: true },
  { message: 'Records per second: 25k peak, 12k avg. Retention 48 hours.', rows: [{ peak: 25000, average: 12000 }] },
  { message: 'The mobile SDK batches events and sends them every 30 seconds; we have 1.5M monthly users.', rows: [] },
  { message: "During the World Cup we saw 1.2 million messages per second for a few minutes, normally it's 100k/s", rows: [{ peak: 1200000, average: 100000 }] },
  { message: 'We get 1 event per user action and users do about 10k actions per minute total', rows: [{ peak: 166.67 }] },
  { message: 'Each of our 10 microservices emits about 500 events per second.', rows: [{ peak: 5000 }] },
  { message: 'Latency: sub-second. Throughput: 10000 rps (peak) and around 4000 rps avg. Record ~ 1kb', rows: [{ peak: 10000, average: 4000, size: '1KB' }] },

  // ---- a fourth batch, also first run unseen
  { message: "We're migrating from RabbitMQ. Today it handles ~4,000 msgs/s, with bursts to 12,000 when batch jobs kick off at midnight.", rows: [{ peak: 12000, average: 4000 }] },
  { message: 'Sensors: 3k of them, 1 reading/sec each, 64 bytes.', rows: [{ peak: 3000, size: '64B' }] },
  { message: "We're expecting 100 thousand events per second at launch.", rows: [{ peak: 100000 }] },
  { message: 'Average throughput 2 MB/s, 20 KB records.', rows: [{ average: 100, size: '20KB' }] },
  { message: "It's roughly 250 records a second but we want headroom for 10x growth", rows: [{ peak: 250 }] },
  { message: 'Our SLA is 99.9% and records must be processed within 5 seconds. Around 7k events per second peak.', rows: [{ peak: 7000 }] },
  { message: 'Order events: 200/sec normally, Cyber Monday spike to 2000/sec. 1KB JSON. Consumers: Lambda (fraud check), Firehose to S3.', rows: [{ peak: 2000, average: 200, size: '1KB' }], consumers: ['Lambda (fraud check)', 'Firehose to S3'] },
  { message: 'Peak hours 9am-5pm we do 5000 tps', rows: [{ peak: 5000 }] },
  { message: 'about 1 billion events per day at 300 bytes each, peak is twice the average', rows: [{ peak: 23148, average: 11574, size: '300B' }] },
  { message: 'Each user sends a heartbeat every 30 seconds and we have 120,000 concurrent users at peak.', rows: [{ peak: 4000 }] },
  { message: '2x c5.large producers each pushing 1500 records/s', rows: [], question: true },
  { message: "We're at 40% of a 10 shard stream", rows: [] },
  { message: 'The partition key will be the customer ID.', rows: [], partitionKey: 'customer ID' },
  { message: 'Our Kinesis Agent on 300 web servers tails the nginx logs, ~50 lines per second per server.', rows: [{ peak: 15000 }] },
  { message: 'throughput ~ 6000 per sec', rows: [{ peak: 6000 }] },
  { message: 'We have 5 shards now and see 4.2k records/second average, 7.9k peak, 3 kb', rows: [{ peak: 7900, average: 4200, size: '3KB' }] },

  // ---- a fifth batch, also first run unseen
  { message: "Our e-commerce checkout emits 150 orders per second on average and we've seen up to 1,100 per second during a flash sale.", rows: [{ peak: 1100, average: 150 }] },
  { message: '5000 tps peak, avg about half that', rows: [{ peak: 5000, average: 2500 }] },
  { message: "We're a small startup: maybe 50 events per second, tops 200.", rows: [{ peak: 200, average: 50 }] },
  { message: 'Each order is roughly 3-4 KB.', rows: [{ size: '4KB' }] },
  { message: 'about twenty thousand messages a minute', rows: [{ peak: 333.33 }] },
  { message: 'ingestion: 1.8 GB/min at peak with 2 KB avg payload', rows: [{ peak: 15000, size: '2KB' }] },
  { message: 'The fleet is 8,500 buses, GPS ping every 10 sec, 150 bytes. Partition by bus_id.', rows: [{ peak: 850, size: '150B' }], partitionKey: 'bus_id' },
  { message: 'Volume: 10k/sec baseline, up to 25k/sec at the top of the hour. Records are under 1KB.', rows: [{ peak: 25000, average: 10000, size: '1KB' }] },
  { message: "We'll have 400 kiosks, each uploading a batch of 100 records every minute.", rows: [{ peak: 666.67 }] },
  { message: 'spikes of 4x for roughly 15 minutes around 8pm, baseline 3000 rps', rows: [{ peak: 12000, average: 3000 }] },
  { message: 'The stream gets around 2.6 billion records a month.', rows: [], question: true },
  { message: 'We have 2 streams; stream A at 4k/s and stream B at 9k/s', rows: [{ peak: 4000 }, { peak: 9000 }] },
  { message: 'actually the peak is 14k not 12k', rows: [{ peak: 14000 }], correction: true },
  { message: "It's 12 kB per event and 300 events/s", rows: [{ peak: 300, size: '12KB' }] },

  // ---- a sixth batch, also first run unseen
  { message: "We're building a real-time bidding platform; bid requests come in at 120k/s at peak and 40k/s average, each about 2.5 KB.", rows: [{ peak: 120000, average: 40000, size: '2.5KB' }] },
  { message: 'We need to handle ~500 writes a second from our booking service, records ~4KB, keep for 7 days.', rows: [{ peak: 500, size: '4KB' }] },
  { message: '60,000 smart thermostats report temperature every 2 minutes.', rows: [{ peak: 500 }] },
  { message: 'Our clickstream averages 3,000 events/second and peaks around 3.5x that on Black Friday.', rows: [{ peak: 10500, average: 3000 }] },
  { message: 'Logs: 250 GB per day, ~1 KB per line', rows: [{ average: 2894, size: '1KB' }] },
  { message: 'make that 4KB records', rows: [{ size: '4KB' }], correction: true },
  { message: 'We have 600 delivery vans and each sends its location twice a minute. Key by van_id.', rows: [{ peak: 20 }], partitionKey: 'van_id' },
  { message: 'The dashboard reads from a Flink application; raw events also go to S3 through Firehose.', rows: [], producers: [], consumers: ['Flink (Kinesis Data Analytics)', 'Firehose → S3'] },
  { message: 'peak ~ 9.5k rps, avg ~ 3k rps, 700 bytes', rows: [{ peak: 9500, average: 3000, size: '700B' }] },
];
