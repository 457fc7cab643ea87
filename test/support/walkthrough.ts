/**
 * The walkthrough's buttons as VS Code reads them: a markdown link to `command:<id>` alone on its
 * line of a step description becomes a button. Shared by the manifest unit test and the e2e suite.
 */
export interface WalkthroughButton {
  readonly label: string;
  readonly command: string;
}

export function walkthroughButtons(description: string): WalkthroughButton[] {
  return [...description.matchAll(/\[([^\]]+)\]\(command:([\w.]+)[^)]*\)/g)].map((m) => ({ label: m[1], command: m[2] }));
}

/**
 * Commands a walkthrough button names before they exist on main (none now: the Stream Doctor's
 * `kinesis.diagnoseStream` is contributed). The unit test fails once a listed command is
 * contributed, so an entry cannot outlive the reason for it.
 */
export const PENDING_WALKTHROUGH_COMMANDS: readonly string[] = [];
