import { onParamsChange, readParams, writeParam } from './params.ts';

/** `<runsheet-params>`: the page's parameter fields, kept in sync with the URL. */
class RunsheetParams extends HTMLElement {
  connectedCallback() {
    const fields = [...this.querySelectorAll<HTMLInputElement>('input[data-param]')];
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

customElements.define('runsheet-params', RunsheetParams);
