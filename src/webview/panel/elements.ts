/** The properties the panel uses of @vscode-elements' form controls (value-bearing custom elements). */
export interface ValueElement extends HTMLElement {
  value: string;
}

export interface CheckboxElement extends HTMLElement {
  checked: boolean;
  disabled: boolean;
}

export interface ButtonElement extends HTMLElement {
  disabled: boolean;
}
