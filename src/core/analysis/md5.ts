/**
 * MD5 in plain TypeScript (RFC 1321). Kinesis routes a record by the MD5 of its partition key, so the
 * hot-shard simulator needs MD5 in the webview too, where node:crypto does not exist. Tests verify it
 * against node:crypto. Not for security: MD5 is used here only because Kinesis uses it.
 */

/** Hashes a partition key to its 16-byte MD5 digest. Injectable so a host can supply a native one. */
export type PartitionKeyHasher = (key: string) => Uint8Array;

const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const SINE_TABLE = new Int32Array(64);
for (let i = 0; i < 64; i++) SINE_TABLE[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) | 0;

/** UTF-8 bytes of a string, which is what Kinesis hashes (partition keys are Unicode strings). */
export function utf8Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      out[n++] = code;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    // Lone surrogates become U+FFFD, as TextEncoder and Buffer.from(text, 'utf8') do.
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x800) {
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      out[n++] = 0xe0 | (code >> 12);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    } else {
      out[n++] = 0xf0 | (code >> 18);
      out[n++] = 0x80 | ((code >> 12) & 0x3f);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    }
  }
  return out.subarray(0, n);
}

/** The 16-byte MD5 digest of `bytes`. */
export function md5(bytes: Uint8Array): Uint8Array {
  const length = bytes.length;
  const blockCount = ((length + 8) >>> 6) + 1;
  const words = new Int32Array(blockCount * 16);
  for (let i = 0; i < length; i++) words[i >> 2] |= bytes[i] << ((i & 3) << 3);
  words[length >> 2] |= 0x80 << ((length & 3) << 3);
  words[blockCount * 16 - 2] = (length << 3) | 0;
  words[blockCount * 16 - 1] = Math.floor(length / 0x20000000);

  let a0 = 0x67452301 | 0;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476 | 0;
  for (let block = 0; block < words.length; block += 16) {
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const shift = SHIFTS[((i >> 4) << 2) | (i & 3)];
      const sum = (a + f + SINE_TABLE[i] + words[block + g]) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }

  const digest = new Uint8Array(16);
  const state = [a0, b0, c0, d0];
  for (let w = 0; w < 4; w++) {
    for (let byte = 0; byte < 4; byte++) digest[w * 4 + byte] = (state[w] >>> (byte * 8)) & 0xff;
  }
  return digest;
}

/** The default hasher: MD5 of the key's UTF-8 bytes. */
export const md5PartitionKey: PartitionKeyHasher = (key) => md5(utf8Bytes(key));

export function digestToHex(digest: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < digest.length; i++) hex += digest[i].toString(16).padStart(2, '0');
  return hex;
}

/** The digest read as an unsigned 128-bit big-endian integer: Kinesis's hash key. */
export function digestToBigInt(digest: Uint8Array): bigint {
  return BigInt('0x' + digestToHex(digest));
}

interface NodeCrypto {
  createHash(algorithm: 'md5'): { update(bytes: Uint8Array): { digest(): Uint8Array } };
}

let nodeCrypto: NodeCrypto | null | undefined;

/**
 * node:crypto's MD5 where Node is present (about 4× faster than the TypeScript one on a 2 KiB
 * aggregate, which matters when tailing and aggregating), the portable {@link md5} elsewhere (the
 * webview). Found through process.getBuiltinModule so that bundling for the webview does not pull in
 * node:crypto.
 */
export function fastMd5(bytes: Uint8Array): Uint8Array {
  if (nodeCrypto === undefined) {
    const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
    nodeCrypto = (host.process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined) ?? null;
  }
  return nodeCrypto ? nodeCrypto.createHash('md5').update(bytes).digest() : md5(bytes);
}
