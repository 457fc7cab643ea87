import * as vscode from 'vscode';

/** Returned by a step when the user pressed the Back button. */
export const BACK = Symbol('back');
export type Back = typeof BACK;

/** Position shown in the title bar of every step, e.g. "Create Stream (2/5)". */
export interface StepPosition {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
}

/** A validator returns the problem in words (naming the rule), or undefined when the value is fine. */
export type InputValidator = (value: string) => string | undefined;

/**
 * One step of a multi-step input: asks something, stores it in the state and says whether to go on.
 * Steps are plain async functions so each command reads top to bottom.
 */
export type WizardStep<S> = (state: S, position: StepPosition) => Promise<'next' | Back>;

/**
 * Runs steps in order with Back support. Returns false when the user cancelled (Escape). Steps that
 * return BACK re-run the previous step with the state they left behind.
 */
export async function runWizard<S>(title: string, state: S, steps: readonly WizardStep<S>[]): Promise<boolean> {
  let index = 0;
  while (index < steps.length) {
    let outcome: 'next' | Back;
    try {
      outcome = await steps[index](state, { title, step: index + 1, totalSteps: steps.length });
    } catch (error) {
      if (error instanceof vscode.CancellationError) {
        return false;
      }
      throw error;
    }
    index = outcome === BACK ? Math.max(0, index - 1) : index + 1;
  }
  return true;
}

/**
 * An input box with inline validation (the message shows as the user types; Enter is refused while
 * invalid) and a Back button from the second step on. Escape throws CancellationError.
 */
export function askText(position: StepPosition, options: {
  prompt: string;
  value?: string;
  placeholder?: string;
  password?: boolean;
  validate?: InputValidator;
}): Promise<string | Back> {
  const input = vscode.window.createInputBox();
  input.title = `${position.title} (${position.step}/${position.totalSteps})`;
  input.prompt = options.prompt;
  input.value = options.value ?? '';
  input.placeholder = options.placeholder;
  input.password = options.password ?? false;
  input.ignoreFocusOut = true;
  input.buttons = position.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  return new Promise<string | Back>((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void) => {
      if (!settled) {
        settled = true;
        action();
        input.dispose();
      }
    };
    const validate = (value: string) => {
      input.validationMessage = options.validate?.(value);
      return input.validationMessage === undefined;
    };
    input.onDidChangeValue(validate);
    input.onDidAccept(() => {
      if (validate(input.value)) {
        finish(() => resolve(input.value));
      }
    });
    input.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) {
        finish(() => resolve(BACK));
      }
    });
    input.onDidHide(() => finish(() => reject(new vscode.CancellationError())));
    if (input.value) {
      validate(input.value);
    }
    input.show();
  });
}

/**
 * Stores a step's answer and moves on, or passes Back through, so a step reads
 * `storeStep(await askText(p, ...), (v) => { s.name = v; })`.
 */
export function storeStep<T>(answer: T | Back, store: (value: T) => void): 'next' | Back {
  if (answer === BACK) {
    return BACK;
  }
  store(answer);
  return 'next';
}

/** One input box on its own (no Back button, since there is no earlier step). Escape throws CancellationError. */
export async function askSingleText(title: string, options: Parameters<typeof askText>[1]): Promise<string> {
  const answer = await askText({ title, step: 1, totalSteps: 1 }, options);
  if (answer === BACK) {
    // Step 1 of 1 shows no Back button; should one ever come back, going back from the first step is leaving.
    throw new vscode.CancellationError();
  }
  return answer;
}

/** A quick pick of items with a Back button from the second step on. Escape throws CancellationError. */
export function askPick<T extends vscode.QuickPickItem>(position: StepPosition, items: readonly T[], options: {
  placeholder: string;
  canPickMany?: false;
  activeItem?: T;
}): Promise<T | Back> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = `${position.title} (${position.step}/${position.totalSteps})`;
  pick.placeholder = options.placeholder;
  pick.items = items;
  pick.ignoreFocusOut = true;
  if (options.activeItem) {
    pick.activeItems = [options.activeItem];
  }
  pick.buttons = position.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  return new Promise<T | Back>((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void) => {
      if (!settled) {
        settled = true;
        action();
        pick.dispose();
      }
    };
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0];
      if (chosen) {
        finish(() => resolve(chosen));
      }
    });
    pick.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) {
        finish(() => resolve(BACK));
      }
    });
    pick.onDidHide(() => finish(() => reject(new vscode.CancellationError())));
    pick.show();
  });
}

/** Asks a yes/no question as a modal; anything but the confirm button cancels. */
export async function confirmModal(message: string, detail: string, confirmLabel: string): Promise<void> {
  const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, confirmLabel);
  if (answer !== confirmLabel) {
    throw new vscode.CancellationError();
  }
}
