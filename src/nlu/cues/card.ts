/**
 * The card itself (validity, replacing, password, frozen, lent, left at home) against the money on it, a lapse in cover,
 * or a sale of its balance (fraud, declined); the pension's own personal account (not medical insurance).
 */
import { type IntentId } from '../../domain/intents.js';
import { type Decided } from './reading.js';

/**
 * Selling the card's balance (有人收医保卡里的钱, 医保卡余额回收, 套现, 几折) is fraud, not a benefit of the personal account; the
 * pension's own personal account (养老保险个人账户, 养老金按个人账户算) is no medical insurance. Out of scope by the catalogue
 * (a pension), both read as local benefits for 个人账户 and 余额 (cross-validated, in every fold assignment).
 */
// A sale said, not a card received (收到社保卡), accepted (药店收医保卡吗), taken back (旧卡要回收吗) or a seller of drugs (卖药的地方).
export const CARD_SALE_TEXT = new RegExp([
  '套现',
  '(有人收|收购|收卡)[^，,。？?\\s]{0,6}(余额|卡里的钱)',
  '余额回收|回收[^，,。？?\\s]{0,6}余额',
  '卖(掉|了)?(医保卡|社保卡|卡里|余额)',
  '(医保卡|社保卡|余额|卡里的钱)[^，,。？?\\s]{0,6}(卖|几折)',
].join('|'));
/** The pension's account, not a medical one said before it (异地养老医保个人账户 is a resettled retiree's, 养老院 a care home). */
export const PENSION_ACCOUNT_TEXT = /(养老保险|养老金)((?!医保|医疗)[^，,。？?\s]){0,6}个人账户/;
export const declinedLocal = (d: Decided, normalized: string) => (d.intent === 'local_benefits' || d.intent === 'medical_credential')
  && (CARD_SALE_TEXT.test(normalized) || PENSION_ACCOUNT_TEXT.test(normalized));

/**
 * “医保卡多久失效”, “退休时医保卡需要换吗”, “少儿医保多久可以拿卡”, “医疗卡没带可以报销吗”, “医保卡转借他人…”: the card itself —
 * how long it is valid, replacing, reissuing, activating, its password, lending it, not having it at hand — the catalogue's
 * medical_credential, read as joining and paying (失效, 多久), retiring (退休时), or local benefits (报销, 他人) for the words
 * around it (cross-validated, each in every fold assignment). Not the money on it (余额, 取, 个人账户: local benefits by the
 * labels' convention), nor cover lost by paying (断缴, 离职 …: enrolment), nor a sale (declined before this).
 */
export const CARD_TEXT = /医保卡|社保卡|医疗卡|社会保障卡|医保码|电子凭证|拿卡|领卡|发卡|办卡|换卡|补卡/;
/**
 * Replacing said of the card (换卡, 换新, 要换吗, 去哪换) — not a bare 换, which is as often a job or employer changed (换工作了医保卡还能用吗).
 */
export const CARD_ITSELF_TEXT = /失效|过期|有效期|到期|换卡|换新|换了新|换领|更换|(要|需要|得|该|没|哪|哪里|哪儿)换(?!工作|单位|岗|地方)|换(吗|么|嘛|不)|补办|挂失|丢|掉了|激活|密码|消磁|失磁|坏|冻结|锁|拿卡|领卡|发卡|借|没带|忘带|忘拿|没拿/;
/** A lapse in paying, or leaving a job (断缴, 欠费, 离职 …): cover lost, joining and paying's (enrolment), not the card's. */
const LAPSE_TEXT = /断缴|断交|停保|缴费|交费|欠费|补缴|不交|没交|离职|辞职/;
/** The money on the card, a lapse in cover, or a job changed or the insurance moved: not the card itself. */
export const CARD_MONEY_OR_COVER_TEXT = new RegExp(`余额|钱|取|提现|个人账户|个账|${LAPSE_TEXT.source}|不上班|换工作|换单位|换了单位|跳槽|调动|转移|转出`);
export const CARD_MISREAD = new Set<IntentId>(['enrolment', 'retirement_procedure', 'local_benefits', 'insurance_transfer']);
export const cardItself = (d: Decided, normalized: string) => CARD_MISREAD.has(d.intent)
  && ((CARD_TEXT.test(normalized) && CARD_ITSELF_TEXT.test(normalized) && !CARD_MONEY_OR_COVER_TEXT.test(normalized))
    || accountFrozen(normalized) || cardChangedMoney(normalized));

/**
 * “为什么医保被冻结了”: the card's or account's state said without the word 医保卡 — frozen, locked — read as joining and
 * paying (enrolment, cross-validated in every fold assignment). Not when a lapse in paying is said (断缴 …: enrolment's).
 */
export const FROZEN_TEXT = /冻结|解冻|被锁|锁住|锁定/;
export const accountFrozen = (normalized: string) => FROZEN_TEXT.test(normalized) && /医保|社保/.test(normalized)
  && !LAPSE_TEXT.test(normalized);

/**
 * “医保卡换银行里面的钱怎么办”: the money of a card replaced (换了银行, 旧卡) — the card's matter (medical_credential, as the
 * labels have it), not the money on a card, which is local benefits' (余额怎么取).
 */
export const CARD_CHANGED_MONEY_TEXT = /(换|换了|更换|换成)(银行|新卡|卡|新的卡|社保卡|医保卡).{0,8}(钱|余额)|(旧卡|老卡|原来的卡|以前的卡).{0,6}(钱|余额)/;
export const cardChangedMoney = (normalized: string) => CARD_TEXT.test(normalized) && CARD_CHANGED_MONEY_TEXT.test(normalized);
