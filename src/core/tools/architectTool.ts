/** One architect turn (core/architect/turn.ts) as a tool: the interview step `@kinesis` runs, for any client. */
import { z } from 'zod';
import { architectTurn } from '../architect/turn';
import { REQUIREMENT_FILE_NAME } from './analysisTools';
import { defineTool } from './types';

export const architectTurnTool = defineTool({
  name: 'kinesis_architectTurn',
  title: 'Architect turn',
  description: `Runs one turn of the Kinesis Studio architect on the user's message: reads facts from it (throughput, record size, latency, retention, producers, consumers, answers), updates ${REQUIREMENT_FILE_NAME} with the requirements engine's numbers and returns the four-part reply and the file's new text. Writes nothing and calls no AWS API: save the returned text as ${REQUIREMENT_FILE_NAME} yourself.`,
  kind: 'read',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  iamActions: [],
  input: z.object({
    message: z.string().min(1, 'message must be the user\'s words for this turn.').describe('The user\'s message, as they wrote it.'),
    command: z.enum(['requirements', 'cost', 'shards', 'hotshards', 'explain']).optional().describe('"requirements" (default), or a report to add: "cost", "shards", "hotshards", "explain".'),
    fileText: z.string().optional().describe(`The current ${REQUIREMENT_FILE_NAME} text (default: read from the workspace; a new file when there is none).`),
  }),
  progress: () => 'Running an architect turn',
  async run(i, call) {
    let fileText = i.fileText;
    if (fileText === undefined && call.ctx.workspace) fileText = await call.ctx.workspace.readFile(REQUIREMENT_FILE_NAME).catch(() => undefined);
    const turn = architectTurn({ fileText, message: i.message, today: new Date().toISOString().slice(0, 10), options: { command: i.command } });
    return {
      text: [
        turn.markdown,
        '',
        turn.fileChanged || turn.createsFile ? `New ${REQUIREMENT_FILE_NAME} (${turn.createsFile ? 'create it' : 'replace the file'} with exactly this text):` : `${REQUIREMENT_FILE_NAME} needs no change beyond its state block; save this text:`,
        '````markdown',
        turn.newFileText,
        '````',
      ].join('\n'),
    };
  },
});
