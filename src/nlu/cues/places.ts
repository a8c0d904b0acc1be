/**
 * Messages that only say where someone is or is insured (the places taken out, what is left is read here), places compared,
 * and a follow-up that says only a place.
 */
import { type IntentId, isDomainIntent } from '../../domain/intents.js';
import { type Region, within } from '../../domain/types.js';
import { type Understanding } from '../../domain/understanding.js';
import { KIN_WORDS, SELF_WORDS } from '../entities/person.js';
import { WHETHER_FILING_TEXT } from './filing.js';
import { QUESTION_TEXT } from './questions.js';
import { type Decided } from './reading.js';

/** “武汉和潍坊的异地备案有什么不同”, “长沙跟芮城比哪个报得多”: places compared with each other. */
export const COMPARE_TEXT = /不同|不一样|一样吗|一样不|区别|差别|差异|对比|比较|比一比|相比|哪(个|边|里|儿)[^，,。？?]{0,4}(好|多|高|快|方便|省|划算|少|低)|哪边|分别/;
/** What lies between two places compared (“芮城跟潍坊”, “武汉、长沙”, “湖南还是芮城”): a joining word, nothing else. */
export const COMPARE_JOIN = /^(省|市|县|区)?(的)?(和|跟|与|同|及|以及|、|还是|或|或者|或是|比|对比|相比|,|，|\s)+$/;
/**
 * “芮城跟潍坊哪个报得多”: places compared by how much is paid back — their rates, whatever the
 * classifier made of a question it has few words for.
 */
export const COMPARE_RATES_TEXT = /报[得的]?(多|少|高|低)|报销(多|少|高|低)|比例|报多少|能报|起付线|封顶/;

/**
 * “1月5号住的院”, “上周住进医院了”: a stay in hospital already begun, told (with its date) — not a
 * question, and not out of scope: filing late and the claim are what it may lead to.
 */
export const HOSPITAL_STAY_TEXT = /(住|入)的院|(住|入)(了)?院了|住进(了)?医院|(住|入)院(的|有)?(\d+|几|好几|两|三)?天了/;

/*
 * What is left of a message once its places are taken out, when all it does is say where the person
 * is: the words of the three statements, from one list each of who speaks, whose family, and the
 * particles it ends on.
 */
/** Who speaks of themselves (俺, 咱 in dialect): one list, with the person's words. */
export const SELF = SELF_WORDS;
/** Family members a person speaks for (“我妈是寿光的”, “老伴在济南住院”): one list, with the person's words. */
export const KIN = KIN_WORDS;
/**
 * “我和我妈都在广州”, “我跟老婆在深圳”: the person says they are there with a relative — their own place as well, as 我在X is
 * (the entity reads it so: regions.ts WITH_ME_BEFORE).
 */
const WITH_KIN = `(我|俺)(和|跟|同|与)(我|俺)?(${KIN})(都|也)?`;
/** The particles a statement ends on. */
export const PARTICLES = '啊|呀|哦|哈';

/**
 * Both places said and nothing else (“我是潍坊的 我在北京”, “北京住院 医保潍坊的”, “芮城→太原”): the words
 * people put round the insured place and the destination (punctuation is gone; an arrow's > stays).
 */
export const PLACES_STATEMENT = new RegExp(`^(${SELF}|人|现在|目前|就|也|是|在|住在|来自|的|医保|社保|参保地|参保|这边|那边|去|到|→|>|要去|住院|看病|就医|治病|打工|工作|上学|生活|住|老家|家|户口|呢|${PARTICLES}|了|${KIN})*$`);

/** “在北京”, “我爸人在西安呢”, “我和我妈都在广州”: where the person is now, one place after 在 and nothing else (no 是, no 参保). */
export const LOCATED_STATEMENT = new RegExp(`^(${WITH_KIN}|${SELF}|他|她|人|现在|目前|这会儿|就|也|还|${KIN})*(在|住在)(呢|了|${PARTICLES})*$`);

/** “我是湖南的 岳阳的”: a place and the place inside it said as one's own (dialect 滴 for 的). */
export const NESTED_PLACE_STATEMENT = new RegExp(`^(${SELF}|是|的|滴|人|${PARTICLES})*$`);

/**
 * “婆婆在广州”, “我妈在广州”, “他在广州”: where someone else is, no word of insurance — not where the person is insured
 * (stored as such, 婆婆's whereabouts became the user's insured place and were answered for). The words the entity reads
 * so too (regions.ts OTHERS_AT_BEFORE): 我爸妈都在广州, 婆婆现在住广州, and 婆婆在广州那边 (with 那边 it fell to
 * REGION_STATEMENT, and 广州 was stored as the person's insured place).
 */
const OTHERS_WHEREABOUTS = `(我|俺)?(${KIN}|他|她|他们|她们)(人)?(现在|目前)?(就|也|还|都)*(现在|目前)?(在|住在|住)(这边|那边|这里|那里|这儿|那儿)?(呢|了|${PARTICLES})?$`;
const OTHERS_LOCATED = new RegExp(`^${OTHERS_WHEREABOUTS}`);
/** “我在寿光”, “我是潍坊的”, “参保地是长沙”, “俺是芮城人”, “俺妈是寿光滴”, “我和我妈都在广州”: one place, said as the person's own. */
export const REGION_STATEMENT = new RegExp(`^(?!${OTHERS_WHEREABOUTS})(${SELF}|他|她|他们|${WITH_KIN}|(我|俺)?(${KIN}))?(就|也)?(是|在|住在|来自)?(的|滴)?(医保|社保|参保地|参保)?(是|在)?(的|滴|哩|人|这边|那边|参保的?|的?医保|的?社保)?(${PARTICLES})?$`);

/** Words of being treated: a statement with one tells a stay, not only where the person is. */
export const TREATED_TEXT = /住院|看病|就医|治病|就诊|手术/;
/**
 * “我在外地住院了”, “我妈在北京看病 医保是湖南的”, “人在外地住院 医保在老家”: who is treated where, and whose
 * insurance, with the places taken out — and nothing asked. Not a question of the process the words
 * resemble: what the person wants to know is not said yet.
 */
export const STAY_STATEMENT = new RegExp(`^(${SELF}|${KIN}|他|她|人|家里|家人|现在|目前|已经|正在|刚|刚刚|在|去|到|来|外地|外省|省外|异地|老家|家|这边|那边|住院|看病|就医|治病|就诊|做手术|手术|了|的|滴|医保|社保|参保地|参保|是|呢|${PARTICLES})+$`);

/** Whether the message only tells of a stay away (see STAY_STATEMENT; `unplaced`: the normalised text without its places). */
export const toldStay = (normalized: string, unplaced: string) => {
  const words = unplaced.replace(/[\s\p{P}\p{S}]/gu, '');
  return TREATED_TEXT.test(words) && STAY_STATEMENT.test(words) && !QUESTION_TEXT.test(normalized);
};

/**
 * What is left of “湖南的呢”, “俺是寿光的”, “那潍坊呢” once the place is taken out: who, 是, 的 and particles. A yes,
 * thanks or greeting read from those words (是的, 的呢) is no reading of the message: it names a place, which the
 * dialogue reads (a place on its own, or asked about after an answer).
 */
export const PLACE_ONLY = new RegExp(`^(那|那么|还有|${SELF}|就|也|是|的|滴|呢|吗|么|嘛|${PARTICLES})*$`);
/** The conversation intents such particles resemble. */
export const SMALL_TALK: ReadonlySet<IntentId> = new Set(['affirm', 'deny', 'thanks', 'greeting', 'goodbye']);

/** A place said with particles only, read as small talk: not ours to read (see PLACE_ONLY). */
export function placeOnly(d: Decided, normalized: string, unplaced: string): boolean {
  if (!SMALL_TALK.has(d.intent) || unplaced === normalized) return false;
  return PLACE_ONLY.test(unplaced.replace(/[\s\p{P}\p{S}]/gu, ''));
}

/**
 * “我在海南”, “我现在在寿光”: where the person is, and nothing asked — no topic of ours to answer (the dialogue takes the
 * place: the insured place, or where they are treated once that is known). Round 16–17's utterances tipped the classifier's
 * tie on it (out_of_scope and start_filing 0.378 each) to start_filing 0.54.
 */
export const LOCATED_ONLY = new RegExp(`^(那|那么)?(${SELF}|他|她|人|${WITH_KIN})?(现在|目前|人)?(在|住在)(${PARTICLES}|呢|的)*$`);
/**
 * “在武汉参保”, “我在武汉参保”, “医保在武汉”, “我是武汉的”, “我叫刘洋，在武汉参保”: the insured place said, and nothing asked —
 * no topic either (the dialogue remembers it as the insured place and asks what they want). The classifier heard 参保 as
 * the retirement formalities or the wish to file (在武汉参保: retirement_procedure 0.22; 我在武汉参保: start_filing 0.56).
 * The words are REGION_STATEMENT's, with at least one word that states (参保, 医保, 是, 的 …): a bare place is no statement.
 */
const STATING_WORD = /参保|医保|社保|是|的|滴|人|在/;
/** “我叫刘洋，”, “我姓王 ”: a self-introduction before the statement says nothing of the topic (never a place: 我叫 is no cue). */
const SELF_INTRODUCTION = /^((你好|您好)[，,\s]*)?(我|俺|本人)(叫|姓|名叫)\p{Script=Han}{1,4}[，,。\s]+/u;
/** The message without a self-introduction before it (“我叫刘洋，在武汉参保” → “在武汉参保”): the dialogue reads statements so too. */
export const withoutSelfIntroduction = (text: string) => text.replace(SELF_INTRODUCTION, '');
/** What is left of a place statement once its places, a self-introduction, marks and spaces are out. */
const statedWords = (unplaced: string) => withoutSelfIntroduction(unplaced).replace(/[\s\p{P}\p{S}]/gu, '');
/** Whether the message only says where the person is (LOCATED_ONLY) or is insured (REGION_STATEMENT), read as a topic. */
export function locatedOnly(d: Decided, normalized: string, unplaced: string): boolean {
  if (!isDomainIntent(d.intent) || unplaced === normalized) return false;
  return whereaboutsOnly(unplaced);
}

/**
 * “老人家在广州”, “我妈在广州”: where a relative is, and nothing asked, read as a topic — no topic of ours, yet the person may
 * well be about to ask for them: asked back with the likeliest topics, as “婆婆在广州” (which the classifier itself was
 * unsure of) is, not declined as a thing not ours (老人家在广州 was answered with filing_how at 0.82).
 */
export function othersLocatedOnly(d: Decided, normalized: string, unplaced: string): boolean {
  return isDomainIntent(d.intent) && unplaced !== normalized && OTHERS_LOCATED.test(statedWords(unplaced));
}

/** What is left of a message once its places are out (`unplaced`) only says where someone is or is insured. */
function whereaboutsOnly(unplaced: string): boolean {
  const words = statedWords(unplaced);
  // “老人在广州”: where a relative is, no insurance said — a statement too, though no insured place (OTHERS_WHEREABOUTS).
  return LOCATED_ONLY.test(words) || OTHERS_LOCATED.test(words) || (STATING_WORD.test(words) && REGION_STATEMENT.test(words));
}

/**
 * A whole understanding declined as a statement of whereabouts (“老人家在广州”, “我在寿光”): out_of_scope, and the words
 * left once its places are out say only where someone is. Its ranking still carries the topic it displaced (filing_how
 * at 0.82 for 老人家在广州), which no reading of the whole message may take back as the question (see crossRegionReading).
 */
export function declinedWhereabouts(u: Understanding): boolean {
  if (u.intent !== 'out_of_scope' || !u.mentions || u.mentions.length === 0) return false;
  const unplaced = [...u.mentions].reverse().reduce((t, m) => t.slice(0, m.start) + t.slice(m.end), u.normalized);
  return whereaboutsOnly(unplaced);
}

/**
 * Whether a question's answer turns on where the person goes: it asks whether a trip needs filing (“我是武汉的 去北京住院要不要
 * 备案”, eligibility said so). The dialogue keeps this of its last answer (Session.answeredWhetherFiling); the agent
 * console reads it of its previous question — one rule for `placeFollowUp`'s `trip`.
 */
export function turnsOnTrip(intent: IntentId, normalized: string): boolean {
  return intent === 'eligibility' && WHETHER_FILING_TEXT.test(normalized);
}

/** The wording of a follow-up that leaves out what it asks again: “那…”, “换成…”, “…呢”, “…怎么样”. */
export const ELLIPSIS_TEXT = /^(那|那么|如果|要是|换成|改成|不对|不是)|(呢|的话|怎么样|如何)[？?。]?$/;
/** At most this many characters (marks and spaces aside) a bare follow-up says: “那武汉怎么样”, “换成芮城的呢”. */
export const BARE_FOLLOW_UP_LENGTH = 6;

/**
 * “湖南的呢”, “换成芮城的呢”, “那去北京呢”: all the message says is a place, in the words of a
 * follow-up — the last question asked again for it. The place, and whether it was said as the
 * insured place or as where the person is treated; nothing else of the question (a category, a
 * scheme, a class, an amount) is said. The dialogue and the agent console read follow-ups alike.
 *
 * `held`: the places of the question it follows (the conversation's, or the console's previous question), and `trip`: whether
 * that question itself — the last one, not any before it — asked whether a trip needs filing (`turnsOnTrip`), the one answer
 * that turns on where the person goes; rates, materials and estimates turn on the insured place. A place said
 * with no word of its role (“那上海呢”) takes the role that question asked about: after “我是武汉的 去北京住院要不要备案”,
 * where the person goes (上海 replaced 武汉 as the insured place and answered for it); after “武汉的备案要什么材料”, with no
 * trip, the insured place. A place inside or around the held insured place (“那寿光呢” after 潍坊) stays the insured place
 * said again, and so does one said as someone's own (“湖南的呢”). `cued`: whether the message's own words gave the role (在上海参保的呢, 那去上海呢).
 */
export function placeFollowUp(u: Understanding, held?: { insured_region?: Region; destination?: Region; trip?: boolean }): { place: Region; role: 'insured_region' | 'destination'; cued: boolean } | undefined {
  const e = u.entities;
  if (e.person_category || e.scheme || e.hospital_class || e.amount !== undefined) return undefined;
  if (!ELLIPSIS_TEXT.test(u.normalized.trim()) || u.normalized.replace(/[\s\p{P}]/gu, '').length > BARE_FOLLOW_UP_LENGTH) return undefined;
  if (e.insured_region) {
    const cued = u.cued?.insured_region === true;
    const insured = held?.insured_region;
    // “湖南的呢”, “换成芮城的呢”: someone of that place — its insured person, whatever was held.
    const own = (u.mentions ?? []).some((m) => m.place.code === e.insured_region!.code && /^(省|市|县|区)?(的|滴|人)/.test(u.normalized.slice(m.end)));
    const trip = !cued && !own && held?.trip === true && held.destination !== undefined && !(insured && within(e.insured_region, insured));
    return { place: e.insured_region, role: trip ? 'destination' : 'insured_region', cued };
  }
  return e.destination ? { place: e.destination, role: 'destination', cued: u.cued?.destination === true } : undefined;
}
