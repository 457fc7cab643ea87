#!/usr/bin/env node
// `npm run docs:images`: copies the README's screenshots from the last e2e run
// (test-results/screenshots, written by test/e2e/support/driver.ts) into docs/images/, compresses
// them with pngquant when it is on PATH (apt-get install pngquant), and fails when one is missing
// or larger than 200 KB. docs/images/ is not shipped: .vscodeignore leaves it out of the VSIX.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.join(root, 'test-results', 'screenshots');
const to = path.join(root, 'docs', 'images');
export const MAX_IMAGE_BYTES = 200 * 1024;

/**
 * e2e screenshot → README image. The e2e suite 'Getting started' takes the first four, 'Stream
 * Doctor report' (test/e2e/suite/doctor.test.ts) the report, 'Architect panel conversation
 * [host:no-model]' (KINESIS_E2E_HOST_PROFILE=no-model) the conversation, and 'Chat: grounded and
 * ungrounded model proposals' the chat, 'Record files (.kinesis)' the record file and 'Requirement
 * files' the hover.
 */
const chosen = {
  'doctor-report.png': 'stream-doctor.png',
  'walkthrough-dark.png': 'walkthrough.png',
  'walkthrough-tail.png': 'explorer-and-tail.png',
  'walkthrough-architect.png': 'architect-panel.png',
  'status-bar-endpoint.png': 'status-bar-connection.png',
  'panel-conversation-light.png': 'architect-conversation.png',
  'chat-grounding-refused.png': 'chat-architect.png',
  'record-file-editor.png': 'record-files.png',
  'requirements-hover.png': 'requirements-hover.png',
};

mkdirSync(to, { recursive: true });
const hasPngquant = spawnSync('pngquant', ['--version']).status === 0;
let failed = false;
for (const [shot, image] of Object.entries(chosen)) {
  const source = path.join(from, shot);
  if (!existsSync(source)) {
    console.error(`missing ${source}: run the e2e suite that takes it first (see the list above \`chosen\` in scripts/docsImages.mjs)`);
    failed = true;
    continue;
  }
  const target = path.join(to, image);
  copyFileSync(source, target);
  if (hasPngquant) {
    // 64 colours keep UI text sharp and bring a 1400×850 workbench shot well under 200 KB.
    const result = spawnSync('pngquant', ['--force', '--skip-if-larger', '--quality=60-90', '64', '--output', target, target]);
    if (result.status !== 0 && result.status !== 98 && result.status !== 99) console.warn(`pngquant ${image}: exit ${result.status}`);
  }
  const bytes = statSync(target).size;
  const ok = bytes <= MAX_IMAGE_BYTES;
  failed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'BIG '} docs/images/${image} ${(bytes / 1024).toFixed(0)} KB`);
}
if (!hasPngquant) console.warn('pngquant not found: images copied uncompressed');
process.exit(failed ? 1 : 0);
