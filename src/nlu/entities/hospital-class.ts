/**
 * Hospital class in the words of a rate table (芮城: 三类 / 二类 / 一类 / 省、市级 / 省外).
 * A hospital grade (三甲, 二级) is a different thing and is never mapped to a class.
 */
const PATTERNS: Array<[string, RegExp]> = [
  ['out_of_province', /省外(医疗机构|就医|医院|的医院|住院)|外省(医疗机构|就医|医院|的医院|住院)|出省(就医|住院)/],
  ['city_public', /省[、,， ]?市级(医疗机构|医院|公立医院)|市级(11所)?公立医院|11所/],
  ['class3', /三类(?!人|情况|人员)/],
  ['class2', /二类(?!人|情况|人员)/],
  ['class1', /一类(?!人|情况|人员)/],
];

export function extractHospitalClass(text: string): string | undefined {
  for (const [id, pattern] of PATTERNS) if (pattern.test(text)) return id;
  return undefined;
}
