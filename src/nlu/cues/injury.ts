/**
 * Injuries: one's own or a third party's read as local benefits, and an injury reading with no word of an injury.
 */
import { type Understanding } from '../../domain/understanding.js';
import { type Decided, replaced } from './reading.js';
import { LOCAL_CARE_TEXT, RATE_TEXT } from './words.js';

/**
 * “自己摔骨折可以用医疗保险报销吗”, “有第三责任人医保可以报销吗”: whether insurance pays for an injury — one's own, or one with
 * someone liable — is the catalogue's injury topic (外伤, 第三方责任, 意外伤害), read as local benefits for 报销 (cross-validated,
 * in every fold assignment). Not an injury at work (工伤: work_injury), nor the insured place's own rates asked (本地, 比例 …).
 */
export const INJURY_CAUSE_TEXT = /摔|骨折|外伤|第三方|第三责任|责任人|责任方|肇事|车祸|交通事故|意外伤害|打伤|被打|咬伤|烫伤|烧伤/;
export const INJURY_NOT_OURS_TEXT = /工伤|上班|工作|单位|工地|干活|职业病/;
export const injuryReadAsLocal = (d: Decided, normalized: string) => d.intent === 'local_benefits'
  && INJURY_CAUSE_TEXT.test(normalized) && !INJURY_NOT_OURS_TEXT.test(normalized) && !LOCAL_CARE_TEXT.test(normalized) && !RATE_TEXT.test(normalized);

/**
 * Words of an injury (外伤, 摔了, 车祸, 被狗咬, 烫伤, 工伤 …; 外傷 and 外商 as typed): every training utterance of
 * the injury topic has one.
 */
export const INJURY_TEXT = /伤|傷|外商|摔|撞|车祸|意外|骨折|打架|斗殴|咬|烫|烧|砸|割|划|跌|碰|扭|崴|第三方|肇事|事故|见义勇为/;

/**
 * “湖南的 住院能直接结算吗” read as an injury (one seed of four): the injury topic with no word of an injury
 * in the message is not what it asks — the likeliest other cross-region topic, or unsure.
 */
export function injuryUnsaidReading(u: Understanding): Understanding {
  if (u.intent !== 'injury' || INJURY_TEXT.test(u.normalized)) return u;
  return replaced(u, u.ranking.filter((r) => r.intent !== 'injury'));
}
