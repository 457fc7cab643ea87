/**
 * The tail viewer's filter: plain text (case-insensitive substring), a regular expression
 * (`/pattern/flags`, or a bare pattern), or a JSON path expression (see jsonPath.ts). Text and regex
 * look at the partition key, the sequence number and the decoded text of the record.
 */
import { evaluateJsonPath, parseJsonPath } from './jsonPath';
import { rowJson, type TailRow } from './rows';
import { errorMessage } from '../errorMessage';

export type FilterMode = 'text' | 'regex' | 'jsonPath';

export const FILTER_MODES: readonly FilterMode[] = ['text', 'regex', 'jsonPath'];

export interface FilterSpec {
  readonly mode: FilterMode;
  readonly text: string;
}

export type RowPredicate = (row: TailRow) => boolean;

export type CompiledFilter =
  /** `predicate` is undefined for an empty filter: every row matches. */
  | { readonly ok: true; readonly predicate?: RowPredicate }
  | { readonly ok: false; readonly error: string };

const REGEX_LITERAL = /^\/(.*)\/([a-z]*)$/s;

/** The text that text and regex filters search. */
function searchText(row: TailRow): string {
  return `${row.partitionKey}\n${row.sequenceNumber}\n${row.summary.text ?? row.summary.preview}`;
}

/** Compiles a filter; an invalid one comes back as an error message that says what to fix. */
export function compileFilter(spec: FilterSpec): CompiledFilter {
  const text = spec.text.trim();
  if (text === '') return { ok: true };
  switch (spec.mode) {
    case 'text': {
      const needle = text.toLowerCase();
      return { ok: true, predicate: (row) => searchText(row).toLowerCase().includes(needle) };
    }
    case 'regex': {
      const literal = REGEX_LITERAL.exec(text);
      const body = literal ? literal[1] : text;
      // g and y make RegExp.test stateful (lastIndex), which would skip matching rows: drop them.
      const flags = literal ? literal[2].replace(/[gy]/g, '') : '';
      if (!/^[imsu]*$/.test(flags)) return { ok: false, error: `Invalid regular expression flags "${literal?.[2]}": use i, m, s or u.` };
      let pattern: RegExp;
      try {
        pattern = new RegExp(body, flags);
      } catch (error) {
        return { ok: false, error: `Invalid regular expression: ${errorMessage(error)}` };
      }
      return { ok: true, predicate: (row) => pattern.test(searchText(row)) };
    }
    case 'jsonPath': {
      const parsed = parseJsonPath(text);
      if (!parsed.ok) return { ok: false, error: parsed.error };
      const expression = parsed.expression;
      return {
        ok: true,
        predicate: (row) => {
          const json = rowJson(row);
          return json !== undefined && evaluateJsonPath(expression, json.value);
        },
      };
    }
    default:
      return { ok: false, error: `Unknown filter mode "${String((spec as { mode: unknown }).mode)}".` };
  }
}
