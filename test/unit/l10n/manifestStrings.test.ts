import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { readJson, type Manifest } from './repo';

const manifest = readJson<Manifest>('package.json');
const nls = readJson<Record<string, string>>('package.nls.json');

/** One user-visible manifest string: where it is (for the failure message) and its value. */
interface ManifestString { readonly where: string; readonly value: unknown }

/**
 * Every string of package.json that VS Code shows to users, by contribution point. Model-facing
 * text (languageModelTools' modelDescription and input schemas, chat disambiguation) is left out:
 * it is written for the model, in English.
 */
function userVisibleStrings(m: Manifest): ManifestString[] {
  const found: ManifestString[] = [];
  const add = (where: string, value: unknown) => { if (value !== undefined) found.push({ where, value }); };
  const c = m.contributes;
  add('displayName', m.displayName);
  add('description', m.description);
  for (const cmd of c.commands ?? []) {
    for (const field of ['title', 'shortTitle', 'category']) add(`command ${cmd.command} ${field}`, cmd[field]);
  }
  for (const [place, containers] of Object.entries<Manifest[]>(c.viewsContainers ?? {})) {
    for (const container of containers) add(`viewsContainers.${place} ${container.id} title`, container.title);
  }
  for (const views of Object.values<Manifest[]>(c.views ?? {})) {
    for (const view of views) for (const field of ['name', 'contextualTitle']) add(`view ${view.id} ${field}`, view[field]);
  }
  (c.viewsWelcome ?? []).forEach((w: Manifest, i: number) => add(`viewsWelcome[${i}] contents`, w.contents));
  for (const section of c.configuration ?? []) {
    add(`configuration section ${section.title} title`, section.title);
    for (const [key, prop] of Object.entries<Manifest>(section.properties ?? {})) {
      for (const field of ['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage']) add(`setting ${key} ${field}`, prop[field]);
      for (const field of ['enumDescriptions', 'markdownEnumDescriptions']) {
        (prop[field] ?? []).forEach((v: unknown, i: number) => add(`setting ${key} ${field}[${i}]`, v));
      }
    }
  }
  for (const p of c.chatParticipants ?? []) {
    for (const field of ['fullName', 'description']) add(`chat participant ${p.id} ${field}`, p[field]);
    for (const command of p.commands ?? []) add(`chat command /${command.name} description`, command.description);
  }
  for (const tool of c.languageModelTools ?? []) {
    for (const field of ['displayName', 'userDescription']) add(`tool ${tool.name} ${field}`, tool[field]);
  }
  for (const w of c.walkthroughs ?? []) {
    for (const field of ['title', 'description']) add(`walkthrough ${w.id} ${field}`, w[field]);
    for (const step of w.steps ?? []) {
      for (const field of ['title', 'description']) add(`walkthrough step ${step.id} ${field}`, step[field]);
      add(`walkthrough step ${step.id} media altText`, step.media?.altText);
    }
  }
  return found;
}

/** Every `%key%` placeholder anywhere in the manifest (VS Code replaces them wherever they are). */
function placeholders(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    const match = /^%([^%]+)%$/.exec(value);
    if (match) found.push(match[1]);
  } else if (Array.isArray(value)) {
    for (const item of value) placeholders(item, found);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) placeholders(item, found);
  }
  return found;
}

describe('l10n: manifest strings live in package.nls.json', () => {
  it('every user-visible manifest string is a %key% placeholder', () => {
    const strings = userVisibleStrings(manifest);
    assert.ok(strings.length > 100, `only ${strings.length} user-visible strings found: the walk no longer matches the manifest`);
    const literal = strings.filter((s) => typeof s.value !== 'string' || !/^%[^%]+%$/.test(s.value)).map((s) => `${s.where}: ${JSON.stringify(s.value)}`);
    assert.deepEqual(literal, [], 'move these strings to package.nls.json and reference them as %key%');
  });

  it('every %key% in package.json has an English string in package.nls.json', () => {
    const missing = placeholders(manifest).filter((key) => typeof nls[key] !== 'string' || nls[key].trim() === '');
    assert.deepEqual(missing, []);
  });

  it('package.nls.json holds no key that package.json no longer uses', () => {
    const used = new Set(placeholders(manifest));
    assert.deepEqual(Object.keys(nls).filter((key) => !used.has(key)), []);
  });

  it('the manifest declares the l10n bundle folder, so vscode.l10n.t finds the bundle', () => {
    assert.equal(manifest.l10n, './l10n');
  });
});
