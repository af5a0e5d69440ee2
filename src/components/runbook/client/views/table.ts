import { h, type Child } from '../dom.ts';
import { sortRows, type Direction, type Sortable } from './sort.ts';

export interface Column<T> {
  label: string;
  /** What the column sorts by. */
  value: (row: T) => Sortable;
  /** How a cell shows; the value as text when omitted. */
  cell?: (row: T) => Child | Child[];
  /** Numbers align right. */
  numeric?: boolean;
}

/**
 * A table whose column headers are buttons: a click (or Enter/Space) sorts by that column, a second
 * one reverses it; the header carries aria-sort so screen readers say how the table is ordered.
 */
export function tableView<T>(
  caption: string,
  columns: Column<T>[],
  rows: readonly T[],
  rowClass?: (row: T) => string | undefined,
): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'rs-note' }, `${caption}: none.`);
  const body = h('tbody');
  const headers = columns.map((column) => {
    const button = h('button', { type: 'button', class: 'rs-sort' }, column.label);
    const th = h('th', { scope: 'col', class: column.numeric ? 'rs-num' : undefined }, button);
    button.addEventListener('click', () => {
      const direction: Direction =
        th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      for (const other of headers) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', direction);
      fill(sortRows(rows, column.value, direction));
    });
    return th;
  });
  const fill = (ordered: readonly T[]) =>
    body.replaceChildren(
      ...ordered.map((row) =>
        h(
          'tr',
          { class: rowClass?.(row) },
          columns.map((column) =>
            h(
              'td',
              { class: column.numeric ? 'rs-num' : undefined },
              column.cell ? column.cell(row) : display(column.value(row)),
            ),
          ),
        ),
      ),
    );
  fill(rows);
  return h(
    'div',
    { class: 'rs-table-wrap' },
    h(
      'table',
      { class: 'rs-table rs-sortable' },
      h('caption', {}, `${caption} (${rows.length})`),
      h('thead', {}, h('tr', {}, headers)),
      body,
    ),
  );
}

function display(value: Sortable): string {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

/** Columns for a list nobody described: one per key whose values are plain (text, numbers, flags). */
export function columnsOf(
  rows: readonly Record<string, unknown>[],
): Column<Record<string, unknown>>[] {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((key) =>
    rows.every(
      (row) => row[key] === null || row[key] === undefined || typeof row[key] !== 'object',
    ),
  );
  return keys.map((key) => ({
    label: key,
    value: (row) => row[key] as Sortable,
    numeric: rows.every((row) => typeof row[key] === 'number' || row[key] == null),
  }));
}
