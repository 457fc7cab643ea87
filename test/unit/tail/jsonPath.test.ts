import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { evaluateJsonPath, parseJsonPath, resolveJsonPath } from '../../../src/core/tail/jsonPath';

function matches(expression: string, value: unknown): boolean {
  const parsed = parseJsonPath(expression);
  assert.ok(parsed.ok, `"${expression}" should parse: ${parsed.ok ? '' : parsed.error}`);
  return evaluateJsonPath(parsed.expression, value);
}

function parseError(expression: string): string {
  const parsed = parseJsonPath(expression);
  assert.ok(!parsed.ok, `"${expression}" should not parse`);
  return parsed.error;
}

const reading = { device: { id: 'x', 'serial no': 'S-1' }, cpu: 72.5, tags: ['hot', 'eu'], ok: true, owner: null, name: 'dev-7' };

describe('parseJsonPath / evaluateJsonPath', () => {
  it('compares strings with == and !=', () => {
    assert.equal(matches('$.device.id == "x"', reading), true);
    assert.equal(matches("$.device.id == 'y'", reading), false);
    assert.equal(matches('$.device.id != "y"', reading), true);
    assert.equal(matches('$.device.id=="x"', reading), true, 'spaces are optional');
  });

  it('compares numbers, and never a number with a string', () => {
    assert.equal(matches('$.cpu > 50', reading), true);
    assert.equal(matches('$.cpu >= 72.5', reading), true);
    assert.equal(matches('$.cpu < 50', reading), false);
    assert.equal(matches('$.cpu <= -1e3', reading), false);
    assert.equal(matches('$.cpu == "72.5"', reading), false);
    assert.equal(matches('$.device.id > 5', reading), false);
  });

  it('tests existence of a path alone, including array indexes and quoted keys', () => {
    assert.equal(matches('$.tags[0]', reading), true);
    assert.equal(matches('$.tags[2]', reading), false);
    assert.equal(matches('$.tags[1] == "eu"', reading), true);
    assert.equal(matches('$.device["serial no"] == "S-1"', reading), true);
    assert.equal(matches('$.owner', reading), true, 'null exists');
    assert.equal(matches('$.owner == null', reading), true);
    assert.equal(matches('$.missing', reading), false);
    assert.equal(matches('$', reading), true);
  });

  it('a missing value never matches, not even !=', () => {
    assert.equal(matches('$.missing != "x"', reading), false);
    assert.equal(matches('$.device.id.deeper', reading), false);
  });

  it('matches strings with =~ and a regex literal', () => {
    assert.equal(matches('$.name =~ /^DEV-\\d$/i', reading), true);
    assert.equal(matches('$.name =~ /^prod/', reading), false);
    assert.equal(matches('$.cpu =~ /7/', reading), false, 'only strings match a regex');
  });

  it('booleans compare by value', () => {
    assert.equal(matches('$.ok == true', reading), true);
    assert.equal(matches('$.ok == false', reading), false);
  });

  it('reads own properties only', () => {
    assert.equal(resolveJsonPath({}, [{ kind: 'property', name: 'constructor' }]), undefined);
    assert.equal(matches('$.toString', {}), false);
    assert.equal(matches('$.length', [1, 2]), false, 'properties of arrays are not indexes');
  });

  it('explains what is wrong, with the column', () => {
    assert.match(parseError(''), /starting with \$/);
    assert.match(parseError('device.id'), /starts with \$/);
    assert.match(parseError('$.device.id = "x"'), /Expected ==, !=.*column 13/);
    assert.match(parseError('$.cpu > '), /Expected a value/);
    assert.match(parseError('$.cpu > true'), /compares numbers or strings/);
    assert.match(parseError('$.a == "x" extra'), /Unexpected "extra"/);
    assert.match(parseError('$.a == "unterminated'), /Unterminated string/);
    assert.match(parseError('$.tags[x]'), /array index or a quoted property/);
    assert.match(parseError('$.name =~ /(/'), /Invalid JSON path/);
    assert.match(parseError('$.name =~ /a/g'), /flags "g"/);
    assert.match(parseError('$.'), /property name/);
  });
});
