import { hc } from 'hono/client';
import type { ApiType } from '../../../../server/app.ts';
import type { Risk } from '../../../../server/actions/types.ts';
import type { InputSchema } from '../../runbook/client/api.ts';
import { h } from '../../runbook/client/dom.ts';
import type { CellStep } from './cell.ts';

const api = hc<ApiType>('/api');

interface Described {
  id: string;
  title: string;
  risk: Risk;
  input: { properties?: Record<string, InputSchema>; required?: string[] };
}

/**
 * "Pick an action": one field per input, typed by the action's JSON Schema (from GET /api/actions,
 * the zod schema's own description), as the Run block's parameter fields are. Nested inputs take JSON.
 */
export async function actionForm(onStep: (step: CellStep) => void): Promise<HTMLElement> {
  const response = await api.actions.$get().catch(() => undefined);
  const actions = response?.ok
    ? ((await response.json()) as unknown as { actions: Described[] }).actions
    : [];
  const select = h(
    'select',
    { name: 'action', 'aria-label': 'Action' },
    h('option', { value: '' }, 'Pick an action…'),
    actions.map((action) => h('option', { value: action.id }, `${action.id} (${action.risk})`)),
  );
  const fields = h('div', { class: 'rs-action-fields' });
  const form = h(
    'form',
    { class: 'rs-params', 'aria-label': 'Run an action' },
    select,
    fields,
    h('button', { type: 'submit', class: 'rs-run-button' }, 'Show what the action will run'),
  );
  const chosen = () => actions.find((action) => action.id === select.value);
  select.addEventListener('change', () => {
    const action = chosen();
    const properties = Object.entries(action?.input.properties ?? {});
    fields.replaceChildren(
      ...properties.map(([name, schema]) =>
        h(
          'label',
          {},
          h('span', {}, name),
          h('input', {
            name,
            type: schema.type === 'boolean' ? 'checkbox' : 'text',
            title: schema.description,
            placeholder: schema.type === 'object' || schema.type === 'array' ? 'JSON' : undefined,
          }),
        ),
      ),
    );
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const action = chosen();
    if (!action) return;
    const input: Record<string, unknown> = {};
    for (const field of fields.querySelectorAll('input')) {
      const schema = action.input.properties?.[field.name] ?? {};
      if (schema.type === 'boolean') {
        if (field.checked) input[field.name] = true;
      } else if (field.value.trim()) {
        input[field.name] = valueOf(schema, field.value.trim());
      }
    }
    onStep({ action: action.id, title: action.title, risk: action.risk, input });
  });
  return form;
}

/** Numbers as numbers, JSON for objects and arrays; the backend's schema checks the rest. */
function valueOf(schema: InputSchema, raw: string): unknown {
  if (schema.type === 'integer' || schema.type === 'number') return Number(raw);
  if (schema.type === 'object' || schema.type === 'array') {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}
