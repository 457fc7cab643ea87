/**
 * Region names as people say them ("Sydney", "N. Virginia", "Frankfurt") mapped to AWS region codes,
 * so a chat prompt or a tool call can name a region the way the user did.
 */

/** Every commercial region Kinesis Data Streams runs in, with the names people use for it. */
const REGIONS: readonly (readonly [code: string, ...names: string[]])[] = [
  ['us-east-1', 'n. virginia', 'north virginia', 'northern virginia', 'virginia', 'us east'],
  ['us-east-2', 'ohio'],
  ['us-west-1', 'n. california', 'north california', 'northern california', 'california'],
  ['us-west-2', 'oregon', 'us west'],
  ['af-south-1', 'cape town'],
  ['ap-east-1', 'hong kong'],
  ['ap-south-1', 'mumbai'],
  ['ap-south-2', 'hyderabad'],
  ['ap-southeast-1', 'singapore'],
  ['ap-southeast-2', 'sydney'],
  ['ap-southeast-3', 'jakarta'],
  ['ap-southeast-4', 'melbourne'],
  ['ap-southeast-5', 'malaysia', 'kuala lumpur'],
  ['ap-southeast-7', 'thailand', 'bangkok'],
  ['ap-northeast-1', 'tokyo'],
  ['ap-northeast-2', 'seoul'],
  ['ap-northeast-3', 'osaka'],
  ['ca-central-1', 'canada', 'central canada', 'montreal'],
  ['ca-west-1', 'calgary'],
  ['eu-central-1', 'frankfurt'],
  ['eu-central-2', 'zurich'],
  ['eu-west-1', 'ireland', 'dublin'],
  ['eu-west-2', 'london'],
  ['eu-west-3', 'paris'],
  ['eu-north-1', 'stockholm'],
  ['eu-south-1', 'milan'],
  ['eu-south-2', 'spain'],
  ['il-central-1', 'tel aviv'],
  ['me-south-1', 'bahrain'],
  ['me-central-1', 'uae'],
  ['mx-central-1', 'mexico'],
  ['sa-east-1', 'sao paulo', 'são paulo'],
];

const REGION_CODE = /^[a-z]{2}(?:-gov)?-[a-z]+-\d$/;

/** The outcome of reading a region: the code, or a problem written for the reader (often a model). */
export interface RegionResolution {
  readonly region?: string;
  readonly problem?: string;
}

/**
 * Reads a region code or a city name: "ap-southeast-2", "Sydney", "sydney region", "Asia Pacific
 * (Sydney)". Unknown codes that look like region codes are passed through (new regions appear).
 */
export function resolveRegion(input: string): RegionResolution {
  const text = input.trim().toLowerCase()
    .replace(/[()]/g, ' ')
    .replace(/\b(?:aws|region|the|asia pacific|europe|south america|middle east|africa)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const code = input.trim().toLowerCase();
  if (REGION_CODE.test(code)) return { region: code };
  if (REGION_CODE.test(text)) return { region: text };
  for (const [regionCode, ...names] of REGIONS) {
    if (names.includes(text)) return { region: regionCode };
  }
  for (const [regionCode, ...names] of REGIONS) {
    if (names.some((n) => n.length > 4 && new RegExp(`\\b${n.replace(/\./g, '\\.')}\\b`).test(text))) return { region: regionCode };
  }
  return { problem: `"${input}" is not a region I know. Use an AWS region code such as ap-southeast-2, or a city such as Sydney, Tokyo, Frankfurt or N. Virginia.` };
}

/** Finds a region mentioned anywhere in a sentence ("list my streams in Sydney"), if any. */
export function findRegionInText(text: string): string | undefined {
  const lower = text.toLowerCase();
  const code = /\b([a-z]{2}(?:-gov)?-[a-z]+-\d)\b/.exec(lower);
  if (code) return code[1];
  for (const [regionCode, ...names] of REGIONS) {
    if (names.some((n) => n.length > 4 && new RegExp(`(?:^|[^a-z])${n.replace(/\./g, '\\.')}(?:[^a-z]|$)`).test(lower))) return regionCode;
  }
  return undefined;
}

/** The display name of a region code ("ap-southeast-2" → "Sydney"), when known. */
export function regionDisplayName(code: string): string | undefined {
  const entry = REGIONS.find(([c]) => c === code);
  const name = entry?.[1];
  return name ? name.replace(/\b\w/g, (c) => c.toUpperCase()) : undefined;
}
