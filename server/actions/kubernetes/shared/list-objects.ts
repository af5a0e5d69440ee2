/**
 * `kubectl get KIND [NAME] [-l SELECTOR] [--field-selector F] [-A]`: one object by name, or the list of a namespace or
 * of every namespace, through the three calls the generated clients have for each kind.
 */
export interface ObjectCalls<T> {
  all(query: Selectors): Promise<{ items: T[] }>;
  namespaced(query: { namespace: string } & Selectors): Promise<{ items: T[] }>;
  /** A name that does not exist answers 404, which names it, as kubectl says NotFound. */
  read(query: { name: string; namespace: string }): Promise<T>;
}

interface Selectors {
  labelSelector?: string;
  fieldSelector?: string;
}

export async function getObjects<T>(
  calls: ObjectCalls<T>,
  where: {
    namespace: string | null;
    name?: string | undefined;
    selector?: string | undefined;
    fieldSelector?: string | undefined;
  },
): Promise<T[]> {
  // Passed on as kubectl passes them: the API server applies (or rejects) both selectors.
  const labelSelector: Selectors = {
    ...(where.selector ? { labelSelector: where.selector } : {}),
    ...(where.fieldSelector ? { fieldSelector: where.fieldSelector } : {}),
  };
  if (where.namespace === null) return (await calls.all(labelSelector)).items;
  if (where.name) return [await calls.read({ name: where.name, namespace: where.namespace })];
  return (await calls.namespaced({ namespace: where.namespace, ...labelSelector })).items;
}
