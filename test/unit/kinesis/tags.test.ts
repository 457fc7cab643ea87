import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTags, parseTags } from '../../../src/core/kinesis/tags';

describe('tag text', () => {
  it('parses comma-separated key=value pairs, trimming around both', () => {
    assert.deepEqual(parseTags(' team = analytics,env=dev '), { tags: { team: 'analytics', env: 'dev' }, problem: undefined });
  });

  it('an empty string (or only commas) is no tags and no problem', () => {
    assert.deepEqual(parseTags(''), { tags: {}, problem: undefined });
    assert.deepEqual(parseTags(' , ,'), { tags: {}, problem: undefined });
  });

  it('a value may be empty and may contain "="', () => {
    assert.deepEqual(parseTags('a=, b=x=y').tags, { a: '', b: 'x=y' });
  });

  it('names the first pair that is not key=value', () => {
    assert.equal(parseTags('a=1, oops, b=2').problem, '"oops" is not key=value.');
    assert.equal(parseTags('=value').problem, '"=value" is not key=value.');
  });

  it('applies the tag rules to what parsed', () => {
    assert.match(parseTags('aws:owner=me').problem ?? '', /reserved for AWS/);
  });

  it('formats back to the same text it parses', () => {
    const text = 'team=analytics, env=dev';
    assert.equal(formatTags(parseTags(text).tags), text);
  });
});
