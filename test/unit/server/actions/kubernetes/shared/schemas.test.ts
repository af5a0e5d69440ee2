import { describe, expect, it } from 'vitest';
import {
  ALL_NAMESPACES_CONFLICT,
  durationSeconds,
  fieldSelectorSchema,
  getInputSchema,
  labelSelectorSchema,
  NAME_AND_SELECTOR_CONFLICT,
  objectNameSchema,
  quantitySchema,
} from '../../../../../../server/actions/kubernetes/shared/schemas.ts';
import {
  formatBytes,
  formatCpu,
  parseQuantity,
} from '../../../../../../server/actions/kubernetes/shared/quantity.ts';

describe('Kubernetes inputs are checked as the API server would', () => {
  it.each([
    'app=orchestrator-worker',
    'app==mongodb',
    'app!=mongodb',
    'app in (wes-service, picking-service)',
    'tier notin (cache)',
    'app.kubernetes.io/name=wms,!canary',
    'release',
    'app=',
  ])('accepts the label selector %s', (selector) => {
    expect(labelSelectorSchema.safeParse(selector).success).toBe(true);
  });

  it.each(['app=orchestrator worker', 'app in wes', '=x', 'app=x;rm -rf /', 'app=(x)', 'a,,b'])(
    'refuses the label selector %s',
    (selector) => {
      expect(labelSelectorSchema.safeParse(selector).success).toBe(false);
    },
  );

  it('accepts RFC 1123 names and says what one is otherwise', () => {
    const name = objectNameSchema('deployment', 'orchestrator-worker');
    expect(name.safeParse('orchestrator-worker').success).toBe(true);
    expect(name.safeParse('wms.orchestrator-worker').success).toBe(true);
    expect(name.safeParse('Orchestrator_Worker').error?.issues[0]?.message).toBe(
      'a deployment name is lower-case letters, digits, - and . (RFC 1123), e.g. orchestrator-worker',
    );
    expect(name.safeParse('-worker').success).toBe(false);
    expect(name.safeParse('x'.repeat(254)).success).toBe(false);
  });

  it('reads quantities as Kubernetes writes them', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('4Gi')).toBe(4 * 2 ** 30);
    expect(parseQuantity('2G')).toBe(2e9);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('4GB')).toBeUndefined();
    expect(parseQuantity('lots')).toBeUndefined();
    expect(formatCpu(0.75)).toBe('750m');
    expect(formatCpu(2)).toBe('2');
    expect(formatBytes(1800 * 2 ** 20)).toBe('1800Mi');
    expect(formatBytes(3 * 2 ** 30)).toBe('3Gi');
  });

  it('refuses a quantity with a wrong unit, giving examples', () => {
    expect(quantitySchema('memory').safeParse('4GB').error?.issues[0]?.message).toBe(
      'a memory quantity is bytes with a unit, e.g. 512Mi, 4Gi or 2G',
    );
    expect(quantitySchema('cpu').safeParse('0').error?.issues[0]?.message).toBe(
      'must be more than 0',
    );
  });

  it('reads kubectl durations', () => {
    expect(durationSeconds('90s')).toBe(90);
    expect(durationSeconds('5m')).toBe(300);
    expect(durationSeconds('1h30m')).toBe(5400);
  });
});

describe('kubectl get inputs: what kubectl itself refuses is refused', () => {
  const get = getInputSchema('Deployment', 'orchestrator-worker');
  const message = (input: object) =>
    get.safeParse(input).error?.issues.map((issue) => issue.message);

  it('takes a name, a selector, a namespace or every namespace', () => {
    for (const input of [
      {},
      { name: 'orchestrator-worker' },
      { selector: 'app=orchestrator-worker', namespace: 'wms' },
      { allNamespaces: true, selector: 'app=mongodb' },
    ]) {
      expect(get.safeParse(input).success).toBe(true);
    }
  });

  it('refuses a name with a selector, and a name or namespace across every namespace', () => {
    expect(message({ name: 'a', selector: 'app=a' })).toEqual([
      NAME_AND_SELECTOR_CONFLICT().message,
    ]);
    expect(message({ name: 'a', allNamespaces: true })).toEqual([
      ALL_NAMESPACES_CONFLICT().message,
    ]);
    expect(message({ namespace: 'wms', allNamespaces: true })).toEqual([
      ALL_NAMESPACES_CONFLICT().message,
    ]);
  });

  it.each([
    'status.phase=Running',
    'involvedObject.kind=Pod,type!=Normal',
    'spec.nodeName=kwok-node',
  ])('accepts the field selector %s', (selector) =>
    expect(fieldSelectorSchema.safeParse(selector).success).toBe(true),
  );

  it.each(['status.phase', 'a=b;c', 'a in (b)', ''])('refuses the field selector %s', (selector) =>
    expect(fieldSelectorSchema.safeParse(selector).success).toBe(false),
  );
});
