/**
 * Page parameters live in the URL (`?orderId=ORD-12345`), so a link pasted in an incident channel
 * opens the runbook filled in. Fields and Run blocks talk through this module only.
 */
const CHANGE = 'runsheet:params';

export function readParams(): URLSearchParams {
  return new URLSearchParams(location.search);
}

export function writeParam(name: string, value: string): void {
  const url = new URL(location.href);
  if (value) url.searchParams.set(name, value);
  else url.searchParams.delete(name);
  history.replaceState(history.state, '', url);
  document.dispatchEvent(new CustomEvent(CHANGE));
}

export function onParamsChange(listener: () => void): void {
  document.addEventListener(CHANGE, listener);
}

/** Replaces `{name}` in every string of `args`; lists the names that have no value yet. */
export function fillTemplate(
  args: Record<string, unknown>,
  params: URLSearchParams,
): { input: Record<string, unknown>; missing: string[] } {
  const missing = new Set<string>();
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (_, name: string) => {
        const filled = params.get(name)?.trim();
        if (!filled) missing.add(name);
        return filled ?? '';
      });
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner)]));
    }
    return value;
  };
  return { input: fill(args) as Record<string, unknown>, missing: [...missing] };
}
