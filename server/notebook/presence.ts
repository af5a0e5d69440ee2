/**
 * Who has an incident page open now, in this process: each open live feed counts its person once.
 * Several backend replicas each know their own viewers (a person is shown by the replica they reach).
 */
export function createPresence() {
  const viewers = new Map<string, Map<string, number>>();
  const listeners = new Map<string, Set<(people: string[]) => void>>();

  const who = (incidentId: string) => [...(viewers.get(incidentId)?.keys() ?? [])].sort();
  const tell = (incidentId: string) => {
    const people = who(incidentId);
    for (const listener of listeners.get(incidentId) ?? []) listener(people);
  };

  return {
    who,
    /** Someone opened the page; the returned function is their leaving. Listeners hear both. */
    join(incidentId: string, person: string, listener: (people: string[]) => void): () => void {
      const counts = viewers.get(incidentId) ?? new Map<string, number>();
      counts.set(person, (counts.get(person) ?? 0) + 1);
      viewers.set(incidentId, counts);
      const set = listeners.get(incidentId) ?? new Set();
      set.add(listener);
      listeners.set(incidentId, set);
      tell(incidentId);
      let left = false;
      return () => {
        if (left) return;
        left = true;
        set.delete(listener);
        const count = (counts.get(person) ?? 1) - 1;
        if (count > 0) counts.set(person, count);
        else counts.delete(person);
        if (counts.size === 0) viewers.delete(incidentId);
        if (set.size === 0) listeners.delete(incidentId);
        tell(incidentId);
      };
    },
  };
}
export type Presence = ReturnType<typeof createPresence>;
