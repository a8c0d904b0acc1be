/**
 * Matters next to ours that the classifier heard as ours, or ours it heard as theirs: wages, pensions, pets and party
 * membership, retirement formalities, childbirth money, 低保 and medical assistance, a chronic disease moved, invoices.
 */
import { type Decided, declined } from './reading.js';

/**
 * “住院期间的工资谁发”, “误工费能报吗”: wages, sick pay and lost earnings — the employer's or a liable party's,
 * out_of_scope by the catalogue — read as a work injury (工伤, for 工资 and 单位) or as the services of a stay
 * (住院期间) with no injury at work said and no drug or test named. A work injury said (工伤, 受伤, 摔 …) keeps it.
 */
export const WAGE_TEXT = /工资|薪水|薪资|误工|病假|停工|扣钱|奖金|补贴|津贴/;
// Not 伤 or 压 alone: 伤心 and 高血压 say nothing of an injury.
export const WORK_HURT_TEXT = /工伤|工傷|受伤|受傷|伤了|伤到|伤着|摔|撞|车祸|压伤|压断|压到|砸|骨折|烫伤|烧伤|事故|职业病/;
export const STAY_SERVICE_TEXT = /检查|药|化验|拍片|外院|会诊|治疗/;
/**
 * Read as local benefits or the deposit, only earnings said: 补贴 and 扣钱 are as often the insurance's own
 * (低保户住院有补贴吗, 住院伙食补贴能报吗, 医保卡每月扣钱怎么回事, 押金扣钱了怎么退).
 */
export const EARNINGS_TEXT = /误工|工资|薪|病假/;
export function wagesReading(d: Decided, normalized: string): Decided | undefined {
  if (!WAGE_TEXT.test(normalized) || WORK_HURT_TEXT.test(normalized)) return undefined;
  // Also read as local benefits or the deposit (误工损失能找医保报吗, 住院误工费谁来赔: 医保 and 住院 said, not what is asked).
  const readAs = d.intent === 'work_injury' || d.intent === 'out_of_scope'
    || ((d.intent === 'local_benefits' || d.intent === 'hospital_deposit') && EARNINGS_TEXT.test(normalized))
    || (d.intent === 'external_services_during_stay' && !STAY_SERVICE_TEXT.test(normalized));
  if (!readAs) return undefined;
  // Declined, with the work injury no topic to offer either (“住院期间工资怎么发” was asked back with 工伤).
  const ranking = d.ranking.filter((r) => r.intent !== 'work_injury');
  if (d.intent === 'out_of_scope' && ranking.length === d.ranking.length) return undefined;
  return declined({ ...d, ranking });
}

/**
 * “灵活就业交满15年退休每月领多少”, “黑龙江养老保险退休领取标准”: how much pension is paid — out_of_scope by the
 * catalogue (养老金), not the retirement formalities the classifier heard in 退休 — when nothing of the formalities
 * (认证, 手续, 年龄 …) nor of medical insurance is said.
 */
export const PENSION_MONEY_TEXT = /退休金|退休工资|养老金|(领|拿)(多少|几)|每(个)?月(能|可以)?(领|拿)|领取标准|计算方法|计发|新标准|待遇标准/;
export const RETIREMENT_FORMALITIES_TEXT = /认证|手续|办理|怎么办|材料|年龄|延迟|延长|提前|医保|医疗|备案|报销|看病|住院|转移|档案/;

/**
 * Things no medical insurance covers or moves: a pet's treatment (外地宠物医院怎么报销医保, 猫生病了能用医保卡吗 — not 猫冬, a winter
 * stay, nor a person an animal hurt) and a party or league membership, a personnel file or a household registration moved (组织关系跨省转移怎么办理), when no
 * insurance word is said of the move. Read as a topic of ours or an adjacent one, they are declined.
 */
export const PET_TEXT = /宠物|兽医|猫(?!冬)|狗/;
/** …not a person an animal hurt (被狗咬了在外地住院能报吗: injury). */
export const HURT_BY_ANIMAL_TEXT = /咬|抓伤|挠|撞|扑|疫苗/;
export const NOT_INSURANCE_MOVE_TEXT = /组织关系|党员|团员|党组织|党关系|人事档案|学籍/;
export const INSURANCE_WORD = /医保|社保|保险|医疗/;
/** Whether the text names a thing no medical insurance covers or moves (a pet treated, a party membership moved). */
export const namesUninsured = (normalized: string) => (PET_TEXT.test(normalized) && !HURT_BY_ANIMAL_TEXT.test(normalized))
  || (NOT_INSURANCE_MOVE_TEXT.test(normalized) && !INSURANCE_WORD.test(normalized));

/**
 * “那要办啥手续”, “要办哪些手续”: the formalities of treatment away from home (先备案、选定点、持卡就医),
 * not the retirement formalities (退休手续) the classifier learnt 手续 from, when no word of retiring,
 * pensions or moving the insurance is said.
 */
export const FORMALITIES_TEXT = /(办|要|需要|得)(些)?(啥|什么|哪些|哪样)手续|手续(怎么|咋|如何)(办|弄|走)/;
export const ADJACENT_FORMALITIES_TEXT = /退休|养老|退|转移|转出|转入|迁|工伤|生育|生孩子|参保|缴费|交费/;

/**
 * “生育金一般多久到账啊怎么查”: the money of childbirth (生育金, 生育津贴, 生育保险) is the catalogue's maternity topic, declined
 * as not ours for 多久到账 (cross-validated). Both are not ours; the person hears where it is handled.
 */
export const MATERNITY_MONEY_TEXT = /生育金|生育津贴|生育保险|生育险|生育医疗费|生育费用|生育报销|产假/;

/**
 * “城镇居民如何申请低保”: the 低保 itself (applying, its conditions, its monthly money) is civil affairs' (民政), out_of_scope by the
 * catalogue — not the insured place's medical benefits for 低保 holders (低保户住院报销比例, 低保的二次报销), which say something
 * of care or of being paid for it. Read as local benefits for 低保 alone (cross-validated, in every fold assignment).
 */
export const LOW_INCOME_TEXT = /低保|特困供养|五保/;
/** Care, being paid for it, or being away (低保户异地备案, 低保户长期在外地打工): a 低保 holder's question of ours. */
export const CARE_OR_PAID_TEXT = /医|住院|报|看病|药|救助|门诊|二次|比例|上限|自付|起付|封顶|补贴|备案|异地|外地|就医|结算|长期|打工/;
/**
 * “新农合大病救助范围”, “医疗救助怎么申请”: medical assistance (救助) is the insured place's own benefit (local_benefits by the
 * labels' convention), read as joining and paying for the scheme named beside it (新农合, 城镇居民) when nothing of paying is said.
 */
export const ASSISTANCE_TEXT = /救助/;
export const PAYING_TEXT = /交|缴|参保|买|续保|断/;
/**
 * “慢病可以跨地区跨省转移吗”: a chronic disease's outpatient treatment moved with the person — the chronic diseases' topic, not
 * moving the insurance itself (insurance_transfer, for 转移) when no 关系 or 社保/医保 of the person's is said to move.
 */
export const CHRONIC_NAMED_TEXT = /慢病|慢性病|门特|门慢|特殊病|特病|慢特病/;
export const INSURANCE_MOVED_TEXT = /关系|社保|医保(转|迁)|接续/;

/**
 * “住院发票报销期限是多久”, “医保发票多长时间报销有效”: a medical bill's invoice claimed — the manual claim at the insured place (its
 * deadline, its documents) — declined for the office invoices out_of_scope holds (发票丢了还能报销吗, 电子发票怎么报销) when the
 * invoice is said to be of a stay, a hospital or the insurance (cross-validated, both declined in every fold assignment).
 */
export const MEDICAL_INVOICE_TEXT = /(住院|医保|医疗|医院|看病|医药费|门诊|药费|出院|就医)(的|费|费用)?发票/;
export const CLAIMED_TEXT = /报/;
/**
 * An employer's expense claim (医疗费发票能在单位报销吗, 出差…发票): not the insurance's manual claim, which the classifier itself
 * reads “医疗费发票能在单位报销吗” as (0.97, before the sixteenth round too) — declined, as the office invoices are, unless the
 * insurance or the insured place is said.
 */
export const EMPLOYER_CLAIM_TEXT = /单位|公司|出差/;
export const INSURANCE_CLAIM_TEXT = /医保|参保地|经办|异地|外地/;
