/**
 * A step's arguments are a template: `{name}` in a string stands for the page parameter of that
 * name (`order-fulfillment-{orderId}`). The page fills it in the browser; in `steps: declared` mode
 * the backend fills the deployed step the same way and runs only that.
 */
import { literalPattern } from './patterns.ts';

const SLOT = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

/**
 * Parameters are data. A value that fills a slot inside a pattern (`pattern`) is escaped to the
 * literal text it is; one inside a visibility query (`query`) or a Kubernetes selector
 * (`selector`, `labelSelector`, `fieldSelector`) must be a plain name, since no escaping keeps a
 * quote or a comma from changing what such a string selects. The field's name says which it is.
 */
const CONTEXTS: Record<string, { plain: RegExp; what: string } | 'literal'> = {
  pattern: 'literal',
  query: { plain: /^[\w.:@/+-]*$/, what: 'a visibility query' },
  selector: { plain: /^[\w.-]{0,63}$/, what: 'a label selector' },
  labelSelector: { plain: /^[\w.-]{0,63}$/, what: 'a label selector' },
  fieldSelector: { plain: /^[\w.-]{0,253}$/, what: 'a field selector' },
};

export interface FilledTemplate {
  input: Record<string, unknown>;
  /** Parameters with no value yet. */
  missing: string[];
  /** Parameters whose value cannot go where the template puts it, and why. */
  invalid: string[];
}

/** Replaces every `{name}` in the strings of `args`; lists the names that have no value. */
export function fillTemplate(
  args: Record<string, unknown>,
  valueOf: (name: string) => string | undefined,
): FilledTemplate {
  const missing = new Set<string>();
  const invalid = new Set<string>();
  const fill = (value: unknown, key: string | null): unknown => {
    if (typeof value === 'string') {
      const context = key === null ? undefined : CONTEXTS[key];
      return value.replace(SLOT, (_, name: string) => {
        const filled = valueOf(name)?.trim();
        if (!filled) missing.add(name);
        if (!filled || context === undefined) return filled ?? '';
        if (context === 'literal') return literalPattern(filled);
        if (!context.plain.test(filled)) {
          invalid.add(
            `${name} cannot go into ${context.what} as \`${filled.slice(0, 40)}\`: use letters, digits and . _ - only`,
          );
        }
        return filled;
      });
    }
    if (Array.isArray(value)) return value.map((item) => fill(item, key));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([inner, innerValue]) => [inner, fill(innerValue, inner)]),
      );
    }
    return value;
  };
  return {
    input: fill(args, null) as Record<string, unknown>,
    missing: [...missing],
    invalid: [...invalid],
  };
}

/** The parameter names a template uses, in order of first use. */
export function slotsOf(args: unknown): string[] {
  return [...new Set([...JSON.stringify(args ?? null).matchAll(SLOT)].map((match) => match[1]!))];
}

/**
 * A runbook line's placeholders as slots: `<pod-name>` → `{podName}`, `$wfid` / `${wfid}` →
 * `{wfid}`. The names found are added to `found`.
 */
export function parameterize(text: string, found = new Set<string>()): string {
  const slot = (name: string) => {
    found.add(name);
    return `{${name}}`;
  };
  return text
    .replace(/<([a-z][\w-]*)>/gi, (_, name: string) =>
      slot(name.replace(/-(\w)/g, (__, c: string) => c.toUpperCase())),
    )
    .replace(/\$\{?([A-Za-z_]\w*)\}?/g, (_, name: string) => slot(camelName(name)));
}

/**
 * A shell variable's name as a slot name: `POD_NAME` and `pod_name` → `podName` (a slot has no
 * `_`, and `<pod-name>` on another line names the same parameter); `wfid` and `X` stay as they are.
 */
function camelName(name: string): string {
  if (!name.includes('_')) return name;
  const words = name.toLowerCase().split('_').filter(Boolean);
  const camel = words.map((word, i) => (i ? word.charAt(0).toUpperCase() + word.slice(1) : word));
  return camel.join('') || name;
}
