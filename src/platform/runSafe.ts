import type * as vscode from 'vscode';
import type { ILogger } from '../core/logging';
import { errorDetail } from '../core/errorMessage';

/**
 * Runs a provider's computation unless the request was cancelled; failures are logged with what was
 * being computed and turned into "no result", the way VS Code treats a provider that has nothing.
 */
export function runSafe<T>(logger: ILogger, what: string, token: vscode.CancellationToken, compute: () => T): T | undefined {
  if (token.isCancellationRequested) return undefined;
  try {
    const result = compute();
    return token.isCancellationRequested ? undefined : result;
  } catch (error) {
    logger.error(`${what} failed: ${errorDetail(error)}`);
    return undefined;
  }
}
