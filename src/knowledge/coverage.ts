/**
 * Which source notice speaks for a person insured in a given region. A notice of a province
 * covers its prefectures and counties; a city's covers its districts and counties; a county's
 * only itself (运城市 is not 芮城县).
 */
export interface CoveredRegion {
  code: string;
  name: string;
}

/**
 * The code, its prefecture's and its province's, each once, narrowest first. Asked several times a turn
 * (the policy's place rules, the answer's choice): written out rather than through a Set and a spread.
 */
export function ancestors(code: string): string[] {
  const prefecture = `${code.slice(0, 4)}00`;
  const province = `${code.slice(0, 2)}0000`;
  if (prefecture === code) return province === code ? [code] : [code, province];
  return prefecture === province ? [code, province] : [code, prefecture, province];
}

/** The province a code belongs to: the widest of its ancestors (always the code's first two digits and 0000). */
export function provinceOf(code: string): string {
  return `${code.slice(0, 2)}0000`;
}

/** Whether two places are in one province: the one home of that test (filing within or across provinces). */
export function sameProvince(a: string, b: string): boolean {
  return provinceOf(a) === provinceOf(b);
}

export function coveringRegion<R extends CoveredRegion>(code: string, covered: readonly R[]): R | undefined {
  for (const c of ancestors(code)) {
    const hit = covered.find((r) => r.code === c);
    if (hit) return hit;
  }
  return undefined;
}
