import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { createSeededRandom } from '../../../src/core/analysis/keyPatterns';
import { digestToBigInt, digestToHex, md5, md5PartitionKey, utf8Bytes } from '../../../src/core/analysis/md5';

const nodeMd5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

describe('md5 (pure TypeScript)', () => {
  it('matches the RFC 1321 test suite', () => {
    const vectors: [string, string][] = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
      ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
    ];
    for (const [input, expected] of vectors) assert.equal(digestToHex(md5PartitionKey(input)), expected, input);
  });

  it('agrees with node:crypto on random strings of every length around the block boundaries, incl. Unicode', () => {
    const random = createSeededRandom(42);
    const alphabet = ['a', 'Z', '0', '#', ' ', 'é', '中', '😀', '\u0000', '\ud800'];
    for (let length = 0; length < 300; length++) {
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      assert.equal(digestToHex(md5PartitionKey(text)), nodeMd5(text), `length ${length}`);
    }
  });

  it('encodes UTF-8 like Buffer does (lone surrogates become U+FFFD)', () => {
    for (const text of ['héllo', '😀x', '\udc00', 'a\ud83d', '中文']) {
      assert.deepEqual([...utf8Bytes(text)], [...Buffer.from(text, 'utf8')]);
    }
  });

  it('reads the digest as an unsigned big-endian 128-bit integer', () => {
    const digest = md5(utf8Bytes('user123'));
    assert.equal(digestToBigInt(digest), BigInt('0x' + nodeMd5('user123')));
    assert.ok(digestToBigInt(md5PartitionKey('x')) >= 0n);
  });
});
