import { fillTemplate } from '../../../../server/steps/step-template.ts';

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

/** Fills a step's `{name}` slots from the page parameters in the URL. */
export function fillFromPage(args: Record<string, unknown>, params: URLSearchParams) {
  return fillTemplate(args, (name) => params.get(name) ?? undefined);
}
