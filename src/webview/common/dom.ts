/**
 * The only way our pages create DOM: elements, attributes and text nodes through DOM APIs. Data is
 * never parsed as HTML (no innerHTML), so a requirement containing markup is shown as text.
 */
export type Child = Node | string | number | null | undefined | false;

export interface Props {
  readonly class?: string;
  readonly id?: string;
  /** Set with setAttribute (values are plain strings, never markup). */
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly dataset?: Readonly<Record<string, string | number>>;
  /** Assigned as properties (e.g. a custom element's `value` or `checked`). */
  readonly props?: Readonly<Record<string, unknown>>;
  readonly on?: Readonly<Record<string, (event: Event) => void>>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K];
export function el(tag: string, props?: Props, ...children: Child[]): HTMLElement;
export function el(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.id) element.id = props.id;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [name, value] of Object.entries(props.dataset ?? {})) element.dataset[name] = String(value);
  for (const [name, value] of Object.entries(props.props ?? {})) (element as unknown as Record<string, unknown>)[name] = value;
  for (const [type, listener] of Object.entries(props.on ?? {})) element.addEventListener(type, listener);
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/**
 * A JSON value the host put in a `data-*` attribute of <body> (initial data travels there, escaped,
 * never in an inline script); undefined when absent or not JSON.
 */
export function readBodyJson<T>(name: string): T | undefined {
  const raw = document.body.dataset[name];
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}
