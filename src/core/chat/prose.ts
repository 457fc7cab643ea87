/**
 * Names in prose: the producers, consumers and downstream systems a user mentions in passing
 * ("a Lambda picks them up", "Firehose lands everything in S3", "our KCL app on EC2"), and the
 * partition key ("keyed by device_id", "partitioned by tenant"). Returned in canonical spelling so
 * the Data Flow section reads the same however the user typed it.
 */

/** A known kind of component and the role it usually plays. */
interface Component {
  readonly pattern: RegExp;
  readonly name: string;
  readonly usually: 'producer' | 'consumer' | 'downstream';
}

const COMPONENTS: readonly Component[] = [
  { pattern: /\b(?:managed\s+(?:service\s+for\s+)?(?:apache\s+)?flink|apache\s+flink|flink|kinesis\s+(?:data\s+)?analytics|kda|msf)\b/i, name: 'Flink (Kinesis Data Analytics)', usually: 'consumer' },
  { pattern: /\b(?:kinesis\s+)?(?:data\s+)?fire\s?hose\b/i, name: 'Firehose', usually: 'consumer' },
  { pattern: /\blambdas?\b|\blamda\b|\blambda\s+functions?\b/i, name: 'Lambda', usually: 'consumer' },
  { pattern: /\bkcl\b|\bkinesis\s+client\s+library\b/i, name: 'KCL application', usually: 'consumer' },
  { pattern: /\bspark(?:\s+structured\s+streaming)?\b|\bemr\b/i, name: 'Spark', usually: 'consumer' },
  { pattern: /\bglue(?:\s+streaming)?\b/i, name: 'Glue streaming job', usually: 'consumer' },
  { pattern: /\bec2\b/i, name: 'EC2 application', usually: 'consumer' },
  { pattern: /\b(?:ecs|fargate)\b/i, name: 'ECS service', usually: 'consumer' },
  { pattern: /\beks\b|\bkubernetes\b|\bk8s\b/i, name: 'EKS service', usually: 'consumer' },
  { pattern: /\bweb\s*(?:app|site|frontend|front-end|servers?)\b|\bwebsite\b/i, name: 'Web app', usually: 'producer' },
  { pattern: /\bmobile\s+apps?\b|\b(?:ios|android)\s+(?:and\s+(?:ios|android)\s+)?apps?\b/i, name: 'Mobile app', usually: 'producer' },
  { pattern: /\biot\s+(?:devices?|sensors?)\b|\b(?:devices|sensors)\b/i, name: 'IoT devices', usually: 'producer' },
  { pattern: /\bmicro-?services?\b/i, name: 'Microservices', usually: 'producer' },
  { pattern: /\bapi\s+gateway\b/i, name: 'API Gateway', usually: 'producer' },
  { pattern: /\bkinesis\s+agent\b/i, name: 'Kinesis Agent', usually: 'producer' },
  { pattern: /\bkpl\b|\bkinesis\s+producer\s+library\b/i, name: 'KPL', usually: 'producer' },
  { pattern: /\bfluent\s?(?:bit|d)\b/i, name: 'Fluent Bit', usually: 'producer' },
  { pattern: /\b(?:dms|debezium|cdc)\b/i, name: 'CDC (database change capture)', usually: 'producer' },
  { pattern: /\bs3\b/i, name: 'S3', usually: 'downstream' },
  { pattern: /\bredshift\b/i, name: 'Redshift', usually: 'downstream' },
  { pattern: /\b(?:open\s?search|elastic\s?search)\b/i, name: 'OpenSearch', usually: 'downstream' },
  { pattern: /\bdynamo\s?db\b/i, name: 'DynamoDB', usually: 'downstream' },
  { pattern: /\bsnowflake\b/i, name: 'Snowflake', usually: 'downstream' },
  { pattern: /\bsplunk\b/i, name: 'Splunk', usually: 'downstream' },
  { pattern: /\bdatadog\b/i, name: 'Datadog', usually: 'downstream' },
  { pattern: /\bcloudwatch\b/i, name: 'CloudWatch', usually: 'downstream' },
  { pattern: /\btimestream\b/i, name: 'Timestream', usually: 'downstream' },
];

const PRODUCE_AFTER = /^\s*(?:[a-z-]+\s+){0,3}?(?:sends?|sending|pushe?s?|pushing|publish(?:es|ing)?|writes?|writing|emits?|emitting|produces?|producing|generates?|generating|puts?|putting|streams?|streaming|reports?|reporting|ships?|shipping|forwards?|logs?)\b/i;
const FROM_BEFORE = /\b(?:from|by|producers?\s+(?:are|is|include)|sources?\s+(?:are|is|include))\s+(?:(?:the|our|a|an|some|all|many|both|its|their|[a-z-]+,?)\s+){0,3}$/i;

export interface ProseMentions {
  readonly producers: string[];
  readonly consumers: string[];
  readonly downstream: string[];
}

/** The producers, consumers and downstream systems named anywhere in the message. */
export function readComponents(text: string): ProseMentions {
  const producers: string[] = [];
  const consumers: string[] = [];
  const downstream: string[] = [];
  const add = (list: string[], name: string) => {
    if (!list.includes(name)) list.push(name);
  };
  for (const sentence of text.split(/(?<=[.;!?\n])\s+/)) {
    const found: { name: string; role: Component['usually']; at: number }[] = [];
    for (const c of COMPONENTS) {
      const m = c.pattern.exec(sentence);
      if (!m) continue;
      const at = m.index;
      const before = sentence.slice(0, at);
      const after = sentence.slice(at + m[0].length);
      // a question about a component ("should we use Lambda?") names no component of theirs
      if (/\?\s*$/.test(sentence) && /\b(?:should|could|would|can|do)\s+(?:we|i)\b|\bor\b/i.test(sentence)) continue;
      if (/\b(?:no|not|without|don't|do\s+not|never|instead\s+of|rather\s+than)\s+(?:\w+\s+){0,2}$/i.test(before)) continue;
      let role: Component['usually'] = c.usually;
      if (c.usually !== 'downstream') {
        if (PRODUCE_AFTER.test(after) && !/\b(?:read|consum|process)\w*\s+(?:\w+\s+){0,3}$/i.test(before)) role = 'producer';
        else if (FROM_BEFORE.test(before) && !/\bby\s+(?:\w+\s+){0,3}$/i.test(before) && !/\b(?:reads?|reading|consumes?|consuming|pulls?|pulling|queries|querying|fed|feeds?)\s+from\s+(?:\w+\s+){0,3}$/i.test(before)) role = 'producer';
      }
      found.push({ name: c.name, role, at });
    }
    found.sort((a, b) => a.at - b.at);
    // "KCL app on EC2" is one consumer
    const kcl = found.find((f) => f.name === 'KCL application');
    const ec2 = found.find((f) => f.name === 'EC2 application');
    if (kcl && ec2 && kcl.role === ec2.role) {
      kcl.name = 'KCL application on EC2';
      found.splice(found.indexOf(ec2), 1);
    }
    // "Firehose → S3": the delivery stream and where it delivers
    const firehose = found.find((f) => f.name === 'Firehose');
    const target = found.find((f) => f.role === 'downstream' && (!firehose || f.at > firehose.at)) ?? found.find((f) => f.role === 'downstream');
    if (firehose && target) firehose.name = `Firehose → ${target.name}`;
    for (const f of found) add(f.role === 'producer' ? producers : f.role === 'consumer' ? consumers : downstream, f.name);
  }
  return { producers, consumers, downstream };
}

const KEY_TOKEN = String.raw`[\x60"'“‘]?([a-z_][\w.#:-]*(?:\s+id\b)?(?:\s*(?:\+|and|plus)\s*(?:[a-z]+_[\w.]*|timestamp|ts|date|hour|region|suffix|salt|random\s+suffix))?)[\x60"'”’]?`;
const KEY_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`\bpartition(?:ing)?\s*key\s*(?:is|will\s+be|would\s+be|should\s+be|=|:|of|as|could\s+be|=>|->)?\s*(?:the\s+|probably\s+|likely\s+|just\s+)?${KEY_TOKEN}`, 'i'),
  new RegExp(String.raw`\b(?:keyed|partitioned|sharded|partition(?:ed)?|shard(?:ed)?|key(?:ed)?|hashed|distributed|grouped|ordered|split)\s+(?:on|by|using)\s+(?:the\s+)?${KEY_TOKEN}`, 'i'),
  new RegExp(String.raw`\buse\s+(?:the\s+)?${KEY_TOKEN}\s+as\s+(?:the\s+|our\s+)?(?:partition(?:ing)?\s+)?key\b`, 'i'),
  new RegExp(String.raw`${KEY_TOKEN}\s+(?:is|will\s+be|as)\s+(?:the\s+|our\s+)partition(?:ing)?\s+key\b`, 'i'),
];
const NOT_A_KEY = /^(?:the|a|an|it|this|that|what|which|something|unknown|tbd|not|yet|random|default|some|to|be|is|of|and|or|hash|key|value|field|one|each|every|per|on|by|in)$/i;

/** "partition key is device_id.", "keyed by `tenant_id`", "by device_id" → the field, clean of punctuation. */
export function readPartitionKey(text: string): string | undefined {
  for (const pattern of KEY_PATTERNS) {
    const m = pattern.exec(text);
    if (!m) continue;
    if (/\?/.test(text.slice(m.index, m.index + m[0].length + 2)) && /\b(?:what|which|should)\b/i.test(text.slice(Math.max(0, m.index - 30), m.index + m[0].length))) continue;
    const key = clean(m[1]);
    if (key && !NOT_A_KEY.test(key)) return key;
  }
  // "... by device_id": only a field-like word (snake_case, camelCase id) after a bare "by"
  const field = /\bby\s+[\x60"']?([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+[A-Z][A-Za-z]*|[a-z]+Id)\b[\x60"']?/.exec(text);
  if (field) return clean(field[1]);
  return undefined;
}

function clean(raw: string): string | undefined {
  const key = raw.replace(/^[\s\x60"'“‘(]+|[\s\x60"'”’).,;:!?]+$/g, '').replace(/\s*(?:\+|plus|and)\s*/i, ' + ').trim();
  return key.length >= 1 && key.length <= 256 ? key : undefined;
}
