/**
 * Region spellings in content files, resolved through corpus/documents.yaml before the schemas
 * see the data: answers get the code, facts get `{code, name}`.
 */
import type { Region } from '../domain/types.js';

/**
 * The ways content may name a region: the code (`"370700"`), the name (`潍坊市`) or the name
 * without its 省/市/县/区 (`潍坊`), resolved through corpus/documents.yaml. One spelling is
 * accepted everywhere: an answer's `region:`, a fact's `region:` (string or `{code, name}`), a
 * diagnosis step's `regions:`.
 */
export class RegionNames {
  private readonly bySpelling = new Map<string, Region>();

  constructor(readonly regions: readonly Region[]) {
    for (const r of regions) {
      this.bySpelling.set(r.code, r);
      this.bySpelling.set(r.name, r);
      const short = r.name.replace(/(省|市|县|区)$/, '');
      if (short.length >= 2 && !this.bySpelling.has(short)) this.bySpelling.set(short, r);
    }
  }

  resolve(spelling: string): Region | undefined {
    return this.bySpelling.get(spelling.trim());
  }

  list(): string {
    return this.regions.map((r) => `${r.name} ${r.code}`).join('、');
  }
}

export type Prepare = (data: unknown, report: (path: ReadonlyArray<string | number>, problem: string) => void) => unknown;

/** A region named by code or name → `{code, name}` (facts) or the code (answers, diagnosis). */
export function regionPreparer(names: RegionNames | undefined): (shape: 'object' | 'code') => Prepare {
  return (shape) => (data, report) => {
    if (!names) return data;
    const walk = (value: unknown, path: Array<string | number>): unknown => {
      if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
      if (!value || typeof value !== 'object') return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (k === 'region') out[k] = resolveAs(shape, v, [...path, k]);
        else if (k === 'regions' && Array.isArray(v)) out[k] = v.map((x, i) => resolveAs('code', x, [...path, k, i]));
        else out[k] = walk(v, [...path, k]);
      }
      return out;
    };
    const resolveAs = (as: 'object' | 'code', v: unknown, path: Array<string | number>): unknown => {
      if (typeof v === 'number') v = String(v);
      if (typeof v === 'string') {
        const r = names.resolve(v);
        if (!r) {
          report(path, `“${v}”不是 corpus/documents.yaml 收录的地区（可用：${names.list()}）`);
          return v;
        }
        return as === 'code' ? r.code : { ...r };
      }
      if (v && typeof v === 'object' && 'code' in v && 'name' in v) {
        const { code, name } = v as { code: unknown; name: unknown };
        const r = typeof code === 'string' ? names.resolve(code) : undefined;
        if (r && typeof name === 'string' && names.resolve(name)?.code !== r.code) {
          report([...path, 'name'], `代码 ${r.code} 是${r.name}，不是${name}：代码和名称要一致`);
        }
        return as === 'code' ? code : v;
      }
      return v;
    };
    return walk(data, []);
  };
}
