import { slotsOf } from '../../../runbooks/step-template.ts';
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

/** The parameters the page's steps use, in page order. */
function stepSlots(): string[] {
  const steps = document.querySelectorAll<HTMLElement>('runsheet-run[data-args]');
  return [...new Set([...steps].flatMap((step) => slotsOf(JSON.parse(step.dataset['args']!))))];
}

customElements.define('runsheet-params', RunsheetParams);
