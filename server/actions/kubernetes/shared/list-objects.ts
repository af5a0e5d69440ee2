/**
 * `kubectl get KIND [NAME] [-l SELECTOR] [-A]`: one object by name, or the list of a namespace or
 * of every namespace, through the three calls the generated clients have for each kind.
 */
export interface ObjectCalls<T> {
  all(query: { labelSelector?: string }): Promise<{ items: T[] }>;
  namespaced(query: { namespace: string; labelSelector?: string }): Promise<{ items: T[] }>;
  /** A name that does not exist answers 404, which names it, as kubectl says NotFound. */
  read(query: { name: string; namespace: string }): Promise<T>;
}

export async function getObjects<T>(
  calls: ObjectCalls<T>,
  where: { namespace: string | null; name?: string | undefined; selector?: string | undefined },
): Promise<T[]> {
  const labelSelector = where.selector ? { labelSelector: where.selector } : {};
  if (where.namespace === null) return (await calls.all(labelSelector)).items;
  if (where.name) return [await calls.read({ name: where.name, namespace: where.namespace })];
  return (await calls.namespaced({ namespace: where.namespace, ...labelSelector })).items;
}
