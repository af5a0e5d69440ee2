import type { DrillAttempt, DrillReport } from '../../../../server/drills/attempts.ts';
import type { Mistake } from '../../../../server/drills/define-drill.ts';
import { h, time } from '../../runbook/client/dom.ts';

/** 83_000 → "1 min 23 s": how long the trainee took. */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export function mistakeList(mistakes: Mistake[]) {
  if (mistakes.length === 0) return h('p', {}, 'No mistakes.');
  return h(
    'ul',
    { class: 'rs-drill-mistakes' },
    mistakes.map((mistake) => h('li', { class: 'rs-error' }, mistake.message)),
  );
}

/** The latest check's verdict, as the trainee reads it after pressing Check. */
export function verdict(attempt: DrillAttempt) {
  if (attempt.checks.length === 0) return h('p', {}, 'Not checked yet.');
  return h(
    'div',
    { 'data-verdict': attempt.resolved ? 'resolved' : 'unresolved' },
    h(
      'p',
      {},
      h(
        'span',
        { class: `rs-badge ${attempt.resolved ? 'rs-tone-ok' : 'rs-tone-warn'}` },
        attempt.resolved ? 'Resolved' : 'Not resolved',
      ),
      ' ',
      attempt.status ?? '',
      attempt.resolved ? ` Time to resolve: ${duration(attempt.timeToResolveMs)}.` : '',
    ),
    mistakeList(attempt.mistakes),
  );
}

/** Each trainee's resolved attempts, one table per trainee. */
export function completedByTrainee(attempts: DrillAttempt[], onReport: (id: string) => void) {
  const done = attempts.filter((attempt) => attempt.resolved);
  if (done.length === 0) return h('p', {}, 'No drill completed yet.');
  const trainees = [...new Set(done.map((attempt) => attempt.trainee))].sort();
  return trainees.map((trainee) =>
    h(
      'section',
      { 'aria-label': `Drills completed by ${trainee}` },
      h('h3', {}, trainee),
      h(
        'table',
        { class: 'rs-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Drill', 'Started', 'Time to resolve', 'Mistakes', ''].map((label) =>
              h('th', { scope: 'col' }, label),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          done
            .filter((attempt) => attempt.trainee === trainee)
            .map((attempt) => {
              const button = h(
                'button',
                { type: 'button', class: 'rs-cancel-button' },
                `Report ${attempt.id}`,
              );
              button.addEventListener('click', () => onReport(attempt.id));
              return h(
                'tr',
                {},
                h('td', {}, attempt.title),
                h('td', {}, time(attempt.startedAt)),
                h('td', {}, duration(attempt.timeToResolveMs)),
                h('td', {}, String(attempt.mistakes.length)),
                h('td', {}, button),
              );
            }),
        ),
      ),
    ),
  );
}

/** The drill report: time, steps run, mistakes and the attempt's audit trail. */
export function report(drill: DrillReport) {
  return h(
    'article',
    { 'aria-label': `Report of ${drill.id}` },
    h('h3', {}, `${drill.id}: ${drill.title}`),
    h(
      'p',
      {},
      `${drill.trainee} started ${new Date(drill.startedAt).toLocaleString()}; `,
      drill.resolved ? `resolved in ${duration(drill.timeToResolveMs)}.` : 'not resolved yet.',
    ),
    h('h4', {}, 'Steps run'),
    drill.steps.length === 0
      ? h('p', {}, 'None.')
      : h(
          'ol',
          {},
          drill.steps.map((step) =>
            h(
              'li',
              {},
              h('code', {}, step.action),
              ` ${JSON.stringify(step.input)} — `,
              // A preview answered before the confirmation is part of running a step, not a failure.
              step.error?.code === 'confirmation_required'
                ? 'previewed, then confirmed or left'
                : `${step.outcome ?? ''}${step.error ? `: ${step.error.message}` : ''}`,
            ),
          ),
        ),
    h('h4', {}, 'Mistakes'),
    mistakeList(drill.mistakes),
    h('h4', {}, 'Audit trail'),
    h(
      'table',
      { class: 'rs-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['#', 'When', 'Kind', 'Action', 'Outcome'].map((l) => h('th', { scope: 'col' }, l)),
        ),
      ),
      h(
        'tbody',
        {},
        drill.trail.map((record) =>
          h(
            'tr',
            {},
            h('td', {}, String(record.seq)),
            h('td', {}, time(record.at)),
            h('td', {}, record.kind),
            h('td', {}, h('code', {}, record.action)),
            h('td', {}, record.outcome ?? ''),
          ),
        ),
      ),
    ),
  );
}
