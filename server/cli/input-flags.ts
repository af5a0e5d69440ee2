import type { Action } from '../actions/define-action.ts';
import { describeAction } from '../actions/registry.ts';
import { setPath } from '../object-path.ts';

/** A command-line mistake: the message says what to type instead. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The options of `runsheet run` itself; an action input never has these names. */
export interface RunOptions {
  yes: boolean;
  reason: string | undefined;
  /** Under the two-person rule: the approved request this destructive run carries out. */
  approvalId: string | undefined;
  /** `--incident INC-…`: ad-hoc work attached to that incident, under policy.adhoc. */
  incident: string | undefined;
  json: boolean;
  help: boolean;
}

interface JsonSchema {
  type?: string;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  description?: string;
  required?: string[];
}

/** The action's input properties, as GET /api/actions describes them (from the zod schema). */
export function inputProperties(action: Action): Record<string, JsonSchema> {
  return (describeAction(action).input as JsonSchema).properties ?? {};
}

/**
 * `--workflowId x --limit 5 --grep.pattern ORD-1 --previous` → the action's input object, typed by
 * the action's JSON Schema so numbers and booleans arrive as such. The zod schema still validates
 * the result in executeRun, exactly as for a request body: this only turns words into JSON.
 */
export function readInputFlags(
  action: Action,
  words: readonly string[],
): { input: Record<string, unknown>; options: RunOptions } {
  const properties = inputProperties(action);
  const input: Record<string, unknown> = {};
  const options: RunOptions = {
    yes: false,
    reason: undefined,
    approvalId: undefined,
    incident: undefined,
    json: false,
    help: false,
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--yes' || word === '-y') options.yes = true;
    else if (word === '--json') options.json = true;
    else if (word === '--help' || word === '-h') options.help = true;
    else if (!word.startsWith('--') || word === '--') {
      throw new UsageError(
        `Unexpected "${word}": inputs are given as --name value, e.g. --workflowId order-fulfillment-ORD-12345.`,
      );
    } else {
      const [name, inline] = word.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const path = name.split('.');
      const negated = path.length === 1 && name.startsWith('no-') ? name.slice(3) : undefined;
      if (name === 'reason' || name === 'approvalId' || name === 'incident') {
        options[name] = inline ?? valueAfter(words, i++, name);
        continue;
      }
      const schema = schemaAt(properties, negated ? [negated] : path);
      if (!schema) throw unknownOption(action, name, properties);
      if (isBoolean(schema) && (negated || inline !== undefined || !isBooleanWord(words[i + 1]))) {
        const value = negated ? false : inline === undefined ? true : booleanOf(name, inline);
        setPath(input, negated ? [negated] : path, value);
        continue;
      }
      const raw = inline ?? valueAfter(words, i++, name);
      const value = convert(name, schema, raw);
      if (schema.type === 'array' && !raw.trimStart().startsWith('[')) {
        // Repeated: --eventTypes WorkflowExecutionSignaled --eventTypes MarkerRecorded
        const existing = getPath(input, path);
        setPath(input, path, [...(Array.isArray(existing) ? existing : []), value]);
      } else setPath(input, path, value);
    }
  }
  return { input, options };
}

function valueAfter(words: readonly string[], index: number, name: string): string {
  const value = words[index + 1];
  if (value === undefined) throw new UsageError(`--${name} needs a value, e.g. --${name} <value>.`);
  return value;
}

function schemaAt(properties: Record<string, JsonSchema>, path: string[]): JsonSchema | undefined {
  let schema: JsonSchema | undefined = { properties };
  for (const key of path) {
    // Own properties only: `--__proto__` or `--constructor` must not find Object.prototype.
    const inner: Record<string, JsonSchema> = schema?.properties ?? {};
    schema = Object.hasOwn(inner, key) ? inner[key] : undefined;
  }
  return schema;
}

function typesOf(schema: JsonSchema): string[] {
  if (schema.type) return [schema.type];
  if (schema.anyOf) return schema.anyOf.flatMap(typesOf);
  if (schema.enum) return [...new Set(schema.enum.map((value) => typeof value))];
  return [];
}

const isBoolean = (schema: JsonSchema) => typesOf(schema).includes('boolean');
const isBooleanWord = (word: string | undefined) => word === 'true' || word === 'false';

function booleanOf(name: string, raw: string): boolean {
  if (!isBooleanWord(raw)) throw new UsageError(`--${name} is true or false, not "${raw}".`);
  return raw === 'true';
}

/** The typed value of one option; strings stay strings so zod's own checks name the problem. */
function convert(name: string, schema: JsonSchema, raw: string): unknown {
  const types = typesOf(schema);
  const itemTypes = schema.type === 'array' && schema.items ? typesOf(schema.items) : [];
  const wanted = schema.type === 'array' && !raw.trimStart().startsWith('[') ? itemTypes : types;
  if (wanted.includes('integer') || wanted.includes('number')) {
    const number = Number(raw);
    if (raw.trim() !== '' && Number.isFinite(number)) return number;
    if (!wanted.includes('string')) throw new UsageError(`--${name} is a number, not "${raw}".`);
  }
  if (wanted.includes('string')) return raw;
  if (wanted.includes('boolean')) return booleanOf(name, raw);
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    // An untyped input (a workflow or signal argument) takes any JSON value, a bare word included.
    if (wanted.length === 0) return raw;
    throw new UsageError(`--${name} takes JSON, e.g. --${name} '{"key": "value"}'; got "${raw}".`);
  }
}

function unknownOption(
  action: Action,
  name: string,
  properties: Record<string, JsonSchema>,
): UsageError {
  const known = Object.keys(properties).map((key) => `--${key}`);
  return new UsageError(
    known.length
      ? `${action.id} has no input "${name}". It takes: ${known.join(', ')} (and --yes, --reason, --approvalId, --incident, --json).`
      : `${action.id} takes no inputs; "--${name}" is not one of --yes, --reason, --approvalId, --incident, --json.`,
  );
}

function getPath(target: Record<string, unknown>, path: string[]): unknown {
  let node: unknown = target;
  for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

/** `runsheet run <action> --help`: each input, its type, whether it is required, and its help text. */
export function describeInputs(action: Action): string {
  const schema = describeAction(action).input as JsonSchema;
  const required = new Set(schema.required ?? []);
  const lines = Object.entries(schema.properties ?? {}).map(([key, property]) => {
    const type = typesOf(property).join('|') || 'JSON';
    const need = required.has(key) ? ' (required)' : '';
    return `  --${key} <${type}>${need}${property.description ? `  ${property.description}` : ''}`;
  });
  return [
    `${action.id} (${action.risk}): ${action.summary}`,
    '',
    lines.length ? 'Inputs:' : 'No inputs.',
    ...lines,
    '',
    action.risk === 'read'
      ? 'Runs at once.'
      : `Without --yes it prints what it would do and stops.${action.risk === 'destructive' ? ' It also needs --reason.' : ''}`,
  ].join('\n');
}
