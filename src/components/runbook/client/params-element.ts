import { slotsOf } from '../../../../server/steps/step-template.ts';
import { actionSchemas, podChoices, type InputSchema } from './api.ts';
import { h } from './dom.ts';
import { onParamsChange, readParams, writeParam } from './params.ts';

/**
 * `<runsheet-params>`: the page's parameter fields, kept in sync with the URL. A runbook declares
 * its parameters in the frontmatter; a plain Markdown runbook does not, so every `{name}` its steps
 * use and no field asks for gets a field here. A field that fills a whole action input takes that
 * input's JSON Schema (number, allowed values, description), and `<pod-name>` fields a picker.
 */
class RunsheetParams extends HTMLElement {
  connectedCallback() {
    const form = this.querySelector('form')!;
    // Enter in a field only fills the steps: the form goes nowhere (no inline handler, for the CSP).
    form.addEventListener('submit', (event) => event.preventDefault());
    const uses = slotUses();
    const declared = new Set(
      [...form.querySelectorAll<HTMLInputElement>('input[data-param]')].map(
        (field) => field.dataset['param']!,
      ),
    );
    for (const name of uses.keys()) {
      if (declared.has(name)) continue;
      form.append(
        h(
          'label',
          {},
          h('span', {}, name),
          h('input', {
            type: 'text',
            name,
            'data-param': name,
            autocomplete: 'off',
            spellcheck: 'false',
          }),
        ),
      );
    }
    const fields = [...form.querySelectorAll<HTMLInputElement>('input[data-param]')];
    form.hidden = fields.length === 0;
    for (const field of fields) {
      const used = uses.get(field.dataset['param']!) ?? [];
      if (used.some((use) => use.input === 'pod')) offerPods(field);
      void actionSchemas().then((schemas) => {
        const schema = used
          .map((use) => schemas[use.action]?.properties?.[use.input])
          .find(Boolean);
        if (schema) describeField(field, schema);
      });
    }
    const load = () => {
      const params = readParams();
      for (const field of fields) field.value = params.get(field.dataset['param']!) ?? '';
    };
    load();
    for (const field of fields) {
      field.addEventListener('input', () =>
        writeParam(field.dataset['param']!, field.value.trim()),
      );
    }
    onParamsChange(() => {
      if (!fields.includes(document.activeElement as HTMLInputElement)) load();
    });
  }
}

interface SlotUse {
  action: string;
  /** The action input the parameter fills whole, e.g. `pod` for `{ pod: '{podName}' }`. */
  input: string;
}

/** Every parameter the page's steps use, in page order, with the inputs it fills whole. */
function slotUses(): Map<string, SlotUse[]> {
  const uses = new Map<string, SlotUse[]>();
  for (const step of document.querySelectorAll<HTMLElement>('runsheet-run[data-args]')) {
    const args = JSON.parse(step.dataset['args']!) as Record<string, unknown>;
    for (const name of slotsOf(args)) if (!uses.has(name)) uses.set(name, []);
    for (const [input, value] of Object.entries(args)) {
      const whole = typeof value === 'string' && /^\{(\w+)\}$/.exec(value);
      if (whole) uses.get(whole[1]!)!.push({ action: step.dataset['action']!, input });
    }
  }
  return uses;
}

/** What the action's schema says of the input: a number, its bounds, its allowed values, its help. */
function describeField(field: HTMLInputElement, schema: InputSchema) {
  if (schema.description && !field.title) field.title = schema.description;
  if (schema.type === 'integer' || schema.type === 'number') {
    field.inputMode = 'numeric';
    if (schema.minimum !== undefined) field.min = String(schema.minimum);
    if (schema.maximum !== undefined) field.max = String(schema.maximum);
    field.type = 'number';
  }
  if (schema.enum && !field.hasAttribute('list')) {
    const list = h(
      'datalist',
      { id: `rs-values-${field.dataset['param']}` },
      schema.enum.map((value) => h('option', { value: String(value) })),
    );
    field.setAttribute('list', list.id);
    field.after(list);
  }
}

/** A picker: the field suggests the pods there are now, listed each time it gets focus. */
function offerPods(field: HTMLInputElement) {
  const list = h('datalist', { id: `rs-choices-${field.dataset['param']}` });
  field.setAttribute('list', list.id);
  field.after(list);
  field.addEventListener('focus', () => {
    void podChoices().then((choices) =>
      list.replaceChildren(
        ...choices.map((choice) => h('option', { value: choice.value, label: choice.note })),
      ),
    );
  });
}

customElements.define('runsheet-params', RunsheetParams);
