import * as ts from 'typescript';

/** One user-visible string handed to a VS Code API as written, not through `l10n.t(...)`. */
export interface RawUserString {
  /** 1-based line of the string. */
  readonly line: number;
  /** Which API (or which of our wrappers of it) shows the string, and in which argument or field. */
  readonly api: string;
  /** The source text of the raw expression, and where it is (offsets into the source). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Messages: every argument (the message and the button labels) is shown; `detail` of the options too. */
const MESSAGE_CALLS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage']);

/**
 * Calls whose arguments are shown to users, by argument index: a string argument, or the named
 * fields of an object-literal argument. The platform wrappers (src/platform/wizard.ts, errors.ts)
 * are listed too: their callers pass the text the wrapper puts into a quick input or notification.
 * `true`: the argument itself is shown; a field list: those fields of an object literal; `false`: not shown.
 */
const ARGUMENT_RULES: Readonly<Record<string, readonly (boolean | readonly string[])[]>> = {
  withProgress: [['title']],
  showQuickPick: [false, ['title', 'placeHolder', 'prompt']],
  showInputBox: [['title', 'prompt', 'placeHolder', 'placeholder']],
  createWebviewPanel: [false, true],
  createTerminal: [['name']],
  askText: [false, ['prompt', 'placeholder']],
  askSingleText: [true, ['prompt', 'placeholder']],
  askPick: [false, false, ['placeholder']],
  runWizard: [true],
  confirmModal: [true, true, true],
  setStatusBarMessage: [true],
  // WebviewHost.notice(level, message) (src/platform/webviewHost.ts): shown on the page.
  notice: [false, true],
  // StreamOperationContext (src/features/streams/operationContext.ts): a progress title, the refused
  // action's phrase ("Cannot {0}: …") and the stream picker's title.
  progress: [true],
  assertMutationAllowed: [true],
  streamFrom: [false, true],
  resolveStream: [false, false, false, true],
};

/** Errors whose message the error boundary shows as the notification (src/platform/errors.ts, readOnly.ts). */
const SHOWN_ERRORS = new Set(['UserFacingError', 'MutationRefusedError']);

/**
 * Assignments to these properties show their value: QuickPick/InputBox title, placeholder, prompt and
 * validation message; StatusBarItem text and tooltip (a TreeItem tooltip is prose as well).
 */
const SHOWN_PROPERTIES = new Set(['title', 'placeholder', 'prompt', 'validationMessage', 'text', 'tooltip']);

/**
 * Whether an expression is (or may evaluate to) a string literal holding words. Literals without a
 * letter once codicons (`$(vm)`) and substitutions are taken out — '', '$(account) ${p}', ' · ' —
 * are not prose and need no translation.
 */
function isRawProse(expr: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr)) return isRawProse(expr.expression);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return hasWords(expr.text);
  if (ts.isTemplateExpression(expr)) return hasWords([expr.head.text, ...expr.templateSpans.map((s) => s.literal.text)].join(' '));
  if (ts.isConditionalExpression(expr)) return isRawProse(expr.whenTrue) || isRawProse(expr.whenFalse);
  if (ts.isBinaryExpression(expr)) {
    const op = expr.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken) return isRawProse(expr.left) || isRawProse(expr.right);
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) return isRawProse(expr.left) || isRawProse(expr.right);
  }
  return false;
}

function hasWords(text: string): boolean {
  return /\p{L}/u.test(text.replace(/\$\([\w~-]+\)/g, ''));
}

/** The called name: `showErrorMessage` for `vscode.window.showErrorMessage(...)`, `askText` for `askText(...)`. */
function calledName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/**
 * Scans one TypeScript source for user-visible strings given to VS Code as written. A syntax-only
 * scan: it sees literals at the call, not strings that reach the call through a variable, so it
 * catches the usual slip (a quick `'Done'` in a new message) rather than proving a file clean.
 */
export function findRawUserStrings(fileName: string, sourceText: string): RawUserString[] {
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: RawUserString[] = [];
  const report = (expr: ts.Expression, api: string) => {
    if (isRawProse(expr)) {
      const start = expr.getStart(source);
      found.push({ line: source.getLineAndCharacterOfPosition(start).line + 1, api, text: expr.getText(source), start, end: expr.getEnd() });
    }
  };
  const reportFields = (arg: ts.Expression | undefined, fields: readonly string[], api: string) => {
    if (!arg || !ts.isObjectLiteralExpression(arg)) return;
    for (const property of arg.properties) {
      if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && fields.includes(property.name.text)) {
        report(property.initializer, `${api} ${property.name.text}`);
      }
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = calledName(node);
      if (name && MESSAGE_CALLS.has(name)) {
        node.arguments.forEach((arg, i) => {
          report(arg, `${name} argument ${i + 1}`);
          reportFields(arg, ['detail'], name);
        });
      } else if (name && Object.hasOwn(ARGUMENT_RULES, name)) {
        ARGUMENT_RULES[name].forEach((rule, i) => {
          const arg = node.arguments[i];
          if (rule === true && arg) report(arg, `${name} argument ${i + 1}`);
          else if (Array.isArray(rule)) reportFields(arg, rule, name);
        });
      }
    } else if (ts.isNewExpression(node)) {
      const name = calledName(node);
      const message = node.arguments?.[0];
      if (name && SHOWN_ERRORS.has(name) && message) report(message, `new ${name}`);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken
      && ts.isPropertyAccessExpression(node.left) && SHOWN_PROPERTIES.has(node.left.name.text)) {
      report(node.right, `.${node.left.name.text} =`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
