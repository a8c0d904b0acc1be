/** Insurance scheme: 职工医保, “那职工呢” → employee; 城乡居民 / 居民医保 / 新农合 / 农村医保, “换成居民” → resident. */
import type { Scheme } from '../../domain/types.js';
import type { RateTable } from '../../knowledge/schema.js';
import { escapeRegExp } from '../regexp.js';
import { corpusRateTables } from './hospital-class.js';

/**
 * The names of each scheme (the one home of this list; the place finder reads them too). The resident scheme
 * (城乡居民医保) merged the rural cooperative scheme, which people still call 新农合, 合作医疗 or 农村医保.
 */
export const RESIDENT_SCHEME_NAMES = ['城乡居民', '城乡医保', '城乡医疗保险', '居民医保', '居民医疗保险', '居民保险', '新农合', '农合', '农村合作医疗', '合作医疗', '农村医保', '农村医疗保险'] as const;
export const EMPLOYEE_SCHEME_NAMES = ['城镇职工', '企业职工', '单位职工', '职工医保', '职工医疗保险', '职工保险', '职工基本', '在职职工', '退休职工', '单位交的医保', '单位缴的医保',
  // “芮城上班交的医保”: the insurance paid through one's job is the employee scheme, as 单位交的医保 is.
  '上班交的医保', '上班缴的医保', '工作交的医保', '工作缴的医保'] as const;
/** Any scheme named in full, as a regex alternation. */
export const SCHEME_NAMES = [...RESIDENT_SCHEME_NAMES, ...EMPLOYEE_SCHEME_NAMES].join('|');

/**
 * 职工 / 居民 as the scheme of a stay or a claim: “芮城职工住院报多少”, “居民看病能报吗”; 职工 closing a
 * clause (“芮城职工 三类医院 花了2万元 能报多少”, a hotline agent's shorthand), or glued to a class of the rate table
 * (“芮城职工三类医院…”, “居民二类”: the same shorthand without the space). 居民 so is not: “北京居民，…” says where one
 * lives. 城乡 before a stay or a claim (“芮城城乡住院报多少”) is the resident scheme's short name.
 */
const OF_A_CLAIM = '(住院|看病|就医|门诊|报销|报多少|能报|怎么报|参保|备案|异地|去外地|在外地|生病|慢病|门特|去|到|在)';

/**
 * A class of the rate table right after the scheme: the tables' own words for their classes (corpus/facts/rates.yaml —
 * each class's label and aliases, 三类, 3类, 省外, 外省医院 …, and the patterns a sentence names one by, 省、市级医疗机构), so
 * a class the notice names is read after 职工 / 居民 as it is alone — one home, the table.
 */
export function classWords(rateTables: readonly RateTable[]): string {
  const words = new Set<string>();
  for (const t of rateTables) {
    for (const scheme of Object.values(t.schemes)) for (const c of scheme?.classes ?? []) for (const w of [c.label, ...c.aliases]) words.add(escapeRegExp(w));
  }
  const patterns = rateTables.flatMap((t) => t.class_mentions.flatMap((m) => m.patterns));
  return `(?=${[...[...words].sort((a, b) => b.length - a.length), ...patterns].join('|')})`;
}

interface SchemePatterns { resident: RegExp; employee: RegExp }
let fromCorpus: SchemePatterns | undefined;
/** Built on first use, from the corpus's rate tables (read then, not at import). */
function schemePatterns(rateTables: readonly RateTable[] = corpusRateTables()): SchemePatterns {
  const ofAClass = classWords(rateTables);
  return {
    resident: new RegExp(`(居民|城乡)${OF_A_CLAIM}|居民${ofAClass}|${RESIDENT_SCHEME_NAMES.join('|')}|` + /居民(呢|吗|啊|吧|的话)?[？?。!！]?$|(^|那|是|换成|改成|改为)居民|居民的/.source, 'u'),
    employee: new RegExp(`职工${OF_A_CLAIM}|职工${ofAClass}|${EMPLOYEE_SCHEME_NAMES.join('|')}|` + /职工(呢|吗|啊|吧|的话)?[？?。!！]?$|(^|那|是|换成|改成|改为)职工|职工的|职工(?=[\s,，、。;；])/.source, 'u'),
  };
}

/** “从居民换成职工”: the scheme after the change is the person's. */
const CHANGED_TO = /(换成|改成|改为|转成|转为|变成)(城镇|城乡)?(职工|居民)/;

/**
 * The person's scheme. Both named (“职工医保和居民医保有什么区别”, “职工医保比居民医保好吗”) is a
 * comparison, not the person's scheme, unless one is what the other was changed to.
 */
export function extractScheme(text: string): Scheme | undefined {
  const { resident: RESIDENT, employee: EMPLOYEE } = (fromCorpus ??= schemePatterns());
  const resident = RESIDENT.test(text);
  const employee = EMPLOYEE.test(text);
  if (resident && employee) {
    const changed = CHANGED_TO.exec(text);
    return changed ? (changed[3] === '职工' ? 'employee' : 'resident') : undefined;
  }
  if (resident) return 'resident';
  if (employee) return 'employee';
  return undefined;
}
