/**
 * Logging seam between the vscode-free core and the host. The extension backs it with one
 * LogOutputChannel; tests and the CLI use {@link nullLogger} or a collecting logger.
 */
export interface ILogger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
}

/** A logger that drops everything. */
export const nullLogger: ILogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Prefixes every message with `[component]` so one channel can serve every feature. */
export function taggedLogger(inner: ILogger, component: string): ILogger {
  const tag = (m: string) => `[${component}] ${m}`;
  return {
    trace: (m) => inner.trace(tag(m)),
    debug: (m) => inner.debug(tag(m)),
    info: (m) => inner.info(tag(m)),
    warn: (m) => inner.warn(tag(m)),
    error: (m) => inner.error(typeof m === 'string' ? tag(m) : tag(m.stack ?? m.message)),
  };
}
