/**
 * What a surface without chat commands (the Architect panel) needs around a turn: a leading
 * `/design`, `/cost`, `/shards`, `/hotshards` or `/explain` read the way `@kinesis` reads its
 * commands, and a reply split into its four headed parts for display.
 */
import { REPLY_HEADINGS, type FourPartReply } from '../chat/conversation';
import type { ArchitectCommand } from './turn';

export type ArchitectMessageCommand = ArchitectCommand | 'design';

export interface ArchitectMessage {
  readonly command: ArchitectMessageCommand;
  /** The text after the command (the whole text when there is none). */
  readonly text: string;
}

const COMMANDS: readonly ArchitectMessageCommand[] = ['design', 'cost', 'shards', 'hotshards', 'explain'];

/** "/design please" → design + "please"; an unknown "/word" is left as text. */
export function parseArchitectMessage(raw: string): ArchitectMessage {
  const match = /^\s*\/([a-z]+)\b\s*([\s\S]*)$/i.exec(raw);
  const command = match?.[1].toLowerCase() as ArchitectMessageCommand | undefined;
  if (match && command && COMMANDS.includes(command)) return { command, text: match[2].trim() };
  return { command: 'requirements', text: raw.trim() };
}

/** The reply as its four parts, in the seed's order, each with its heading. */
export function replyParts(reply: FourPartReply): { heading: string; text: string }[] {
  const texts = [reply.learned, reply.updated, reply.nextSteps, reply.questions];
  return REPLY_HEADINGS.map((heading, i) => ({ heading, text: texts[i].trim() }));
}

/** The numbered questions of a reply's Questions part (the seed asks 2–3 per turn). */
export function questionsOf(reply: FourPartReply): string[] {
  return reply.questions.split('\n').map((l) => l.trim()).filter((l) => /^\d+\.\s/.test(l));
}

/** The local date as YYYY-MM-DD, as turns record it in the state. */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
