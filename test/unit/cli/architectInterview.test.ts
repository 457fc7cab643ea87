import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { readArchitectState } from '../../../src/core/architect/state';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';

/** The repository root: the first folder above the compiled test holding Kinesis Studio's package.json. */
function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'kinesis-studio') return dir;
  }
  throw new Error(`Kinesis Studio's package.json not found above ${__dirname}`);
}

const root = repoRoot();
const bundle = path.join(root, JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).bin['kinesis-studio']);
const work = mkdtempSync(path.join(tmpdir(), 'kinesis-architect-'));
const file = path.join(work, 'kinesis_requirement.md');
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs the built CLI in a fresh process each time, as a script would: nothing survives between calls but the file. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [bundle, ...args], { cwd: work, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface TurnJson {
  schemaVersion: number;
  created: boolean;
  stage: string;
  changedRows: string[];
  changes: string[];
  reply: { learned: string; updated: string; nextSteps: string; questions: string; markdown: string };
  state: { turns: number; pendingProposal?: unknown; proposalAccepted: boolean; confirmed: boolean; askedOtherSources: boolean };
}

function turn(message: string): TurnJson {
  const { code, stdout, stderr } = cli('architect', 'kinesis_requirement.md', '--message', message, '--json');
  assert.equal(code, 0, `stderr: ${stderr}`);
  const json = JSON.parse(stdout) as TurnJson;
  // every turn: the four parts, and two or three questions unless the interview is done
  for (const heading of ['### What I learned', '### Updated in requirement file', '### Next steps', '### Questions']) assert.ok(json.reply.markdown.includes(heading), heading);
  const questions = json.reply.questions.split('\n').filter((l) => /^\d\. /.test(l)).length;
  assert.ok(questions >= 2 && questions <= 3, `${questions} questions at stage ${json.stage}:\n${json.reply.questions}`);
  return json;
}

const doc = () => parseRequirementDocument(readFileSync(file, 'utf8'));
const bullet = (items: readonly { label: string; value: string }[], label: RegExp) => items.find((i) => label.test(i.label))?.value ?? '';

describe('kinesis-studio architect: a 6-turn interview by script', () => {
  it('ends with a complete file, and kinesis-studio design writes the architecture', () => {
    // 1. no file yet: it is created from the template
    let t = turn('We run an online shop. Clickstream 10K peak 5K avg, 2KB, under 100 ms, keep 24 hours');
    assert.equal(t.created, true);
    assert.deepEqual(t.changedRows, ['1']);
    assert.equal(doc().requirements[0].fields.throughput?.text, '10K/5K RPS');

    // 2. a correction changes the row, never adds one
    t = turn('Actually, make that 12K peak');
    assert.equal(t.created, false);
    assert.deepEqual(t.changedRows, ['1']);
    assert.equal(doc().requirements.length, 1);
    assert.equal(doc().requirements[0].fields.throughput?.text, '12K/5K RPS');

    // 3. producers, consumers, key: the architect asks about other producers and consumers before moving on
    t = turn('Producers are the web app and mobile app. Consumers are a Lambda fraud checker and a dashboard. Partition key is session_id');
    assert.equal(t.stage, 'otherSources');
    assert.equal(t.state.askedOtherSources, true);
    assert.match(t.reply.questions, /other streaming requirements, producers or consumers/);

    // 4. the shard count and consumer pattern are proposed, not written
    t = turn('No other producers or consumers.');
    assert.equal(t.stage, 'proposal');
    assert.ok(t.state.pendingProposal);
    assert.match(t.reply.nextSteps, /24 shards/);
    assert.equal(bullet(doc().dataFlow, /Stream Configuration/), '', 'written before the user agreed');

    // 5. agreement writes them (the pending proposal came from the file: each call is a new process)
    t = turn('Yes, write these decisions down.');
    assert.equal(t.state.proposalAccepted, true);
    assert.match(bullet(doc().dataFlow, /Stream Configuration/), /Clickstream: 24 shards, provisioned, 24 h retention/);
    assert.match(bullet(doc().designConsiderations, /Consumer Patterns/), /Enhanced fan-out/);
    assert.ok(doc().checklist.every((c) => c.checked), `open: ${doc().checklist.filter((c) => !c.checked).map((c) => c.text).join('; ')}`);

    // design only after confirmation: the checklist is complete, but the interview is not confirmed yet
    const early = cli('design', 'kinesis_requirement.md');
    assert.equal(early.code, 1, 'kinesis-studio design wrote the architecture before the user confirmed');
    assert.match(early.stderr, /has not been confirmed yet/);
    assert.equal(existsSync(path.join(work, 'kinesis_streaming_architecture.md')), false);

    // 6. confirmation
    t = turn('I confirm all requirements are captured.');
    assert.equal(t.stage, 'design');
    assert.equal(t.state.confirmed, true);
    assert.equal(t.state.turns, 6);
    assert.equal(doc().requirements[0].status, 'complete');
    assert.equal(readArchitectState(readFileSync(file, 'utf8')).state?.stage, 'design');

    const design = cli('design', 'kinesis_requirement.md');
    assert.equal(design.code, 0, design.stderr);
    const architecture = readFileSync(path.join(work, 'kinesis_streaming_architecture.md'), 'utf8');
    assert.match(architecture, /^# Kinesis Streaming Architecture/);
    assert.match(architecture, /Clickstream/);
    assert.match(architecture, /\b24\b/);
  });

  it('prints the four-part reply as text by default, and usage errors exit 2', () => {
    const text = path.join(work, 'other.md');
    writeFileSync(text, readFileSync(file, 'utf8').replace(/<!-- kinesis-studio architect state[\s\S]*?-->\n?/, ''));
    const { code, stdout } = cli('architect', 'other.md', '--message', 'What is a shard?', '--report', 'shards');
    assert.equal(code, 0);
    assert.match(stdout, /^### What I learned/);
    assert.match(stdout, /Shard sizing \(requirements engine\)/);
    assert.equal(cli('architect', 'other.md').code, 2);
    assert.equal(cli('architect', '--message', 'x').code, 2);
    assert.equal(cli('architect', 'other.md', '--message', 'x', '--report', 'nope').code, 2);
  });
});
