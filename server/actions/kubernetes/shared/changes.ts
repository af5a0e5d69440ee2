/** What a write would change, field by field, for previews: "spec.replicas: 3 → 5". */
export interface Change {
  /** Path of the field; list items that have a name are addressed by it: containers[worker]. */
  field: string;
  from: unknown;
  to: unknown;
}

/** Leaves that differ between two objects (added or removed ones too), in a stable order. */
export function changesBetween(before: unknown, after: unknown, prefix = ''): Change[] {
  const a = flatten(before, prefix);
  const b = flatten(after, prefix);
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
  return fields
    .filter((field) => JSON.stringify(a.get(field)) !== JSON.stringify(b.get(field)))
    .map((field) => ({ field, from: a.get(field) ?? null, to: b.get(field) ?? null }));
}

/** "spec.replicas: 3 → 5", "…limits.memory: 2Gi → 4Gi", "…env[DEBUG]: (none) → {…}". */
export function describeChange({ field, from, to }: Change): string {
  return `${field}: ${show(from)} → ${show(to)}`;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function flatten(value: unknown, path: string, into = new Map<string, unknown>()) {
  if (Array.isArray(value)) {
    const named = value.every(
      (item) => typeof item === 'object' && item !== null && typeof item.name === 'string',
    );
    if (named && value.length > 0) {
      for (const item of value as { name: string }[]) flatten(item, `${path}[${item.name}]`, into);
    } else into.set(path, value);
  } else if (value instanceof Date) {
    into.set(path, value.toISOString());
  } else if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, child]) => child !== undefined);
    if (entries.length === 0) into.set(path, {});
    for (const [key, child] of entries) flatten(child, path ? `${path}.${key}` : key, into);
  } else if (value !== undefined) {
    into.set(path, value);
  }
  return into;
}
