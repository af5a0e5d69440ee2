import { slotsOf } from '../../../runbooks/step-template.ts';
import { podChoices } from './api.ts';
import { h } from './dom.ts';
import { onParamsChange, readParams, writeParam } from './params.ts';

/**
 * `<runsheet-params>`: the page's parameter fields, kept in sync with the URL. A runbook declares
 * its parameters in the frontmatter; a plain Markdown runbook does not, so every `{name}` its steps
 * use and no field asks for gets a field here.
 */
class RunsheetParams extends HTMLElement {
  connectedCallback() {
    const form = this.querySelector('form')!;
    const declared = new Set(
      [...form.querySelectorAll<HTMLInputElement>('input[data-param]')].map(
        (field) => field.dataset['param']!,
      ),
    );
    for (const name of stepSlots()) {
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
    const pods = podParams();
    for (const field of fields) {
      if (pods.has(field.dataset['param']!)) offerPods(field);
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

const stepArgs = () =>
  [...document.querySelectorAll<HTMLElement>('runsheet-run[data-args]')].map(
    (step) => JSON.parse(step.dataset['args']!) as Record<string, unknown>,
  );

/** The parameters the page's steps use, in page order. */
function stepSlots(): string[] {
  return [...new Set(stepArgs().flatMap((args) => slotsOf(args)))];
}

/** Parameters that a step uses as its whole `pod` argument (`<pod-name>` in a kubectl line). */
function podParams(): Set<string> {
  return new Set(
    stepArgs().flatMap((args) => {
      const slot = typeof args['pod'] === 'string' && /^\{(\w+)\}$/.exec(args['pod']);
      return slot ? [slot[1]!] : [];
    }),
  );
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
