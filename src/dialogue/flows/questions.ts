/** Question builders shared by the flows. */
import {
  PERSON_CATEGORIES, PERSON_CATEGORY_LABELS, SCHEME_LABELS, SCHEMES,
  type PersonCategory, type Region, type Scheme,
} from '../../domain/types.js';
import { REGION_CHOICES_OTHER, regionChoices } from '../render.js';
import type { Session, SessionSlots } from '../session.js';
import { INVALID, type FlowCtx, type Question, type Read } from './engine.js';

type SlotKey = keyof SessionSlots;

function slotAccess<K extends SlotKey>(key: K) {
  return {
    get: (s: Session) => s.slots[key],
    set: (s: Session, v: unknown) => {
      s.slots = { ...s.slots, [key]: v as SessionSlots[K] };
    },
  };
}

const text = (ctx: FlowCtx) => ctx.u.normalized.trim();

export function regionQuestion(key: 'insured_region' | 'destination', prompt: string, example: string): Question {
  return {
    id: key,
    ...slotAccess(key),
    example,
    ask: (ctx) => [{ type: 'text', text: prompt }, ...(key === 'insured_region' ? [regionChoices(ctx.kb)] : [])],
    fromEntities: (ctx, asked) => {
      const e = ctx.u.entities;
      const otherKey = key === 'insured_region' ? 'destination' : 'insured_region';
      // A bare place name answers the question that was asked, whatever role the NLU guessed…
      if (asked) return e[key] ?? (!e.insured_region !== !e.destination ? e[otherKey] : undefined);
      // …and fills another slot only when the wording says so or that slot is still empty.
      const cued = ctx.u.cued?.[key] ?? true;
      return e[key] && (cued || ctx.session.slots[key] === undefined) ? e[key] : undefined;
    },
    fromText: (ctx): Read => {
      if (ctx.u.text.trim() === REGION_CHOICES_OTHER) return undefined;
      const hit = ctx.kb.regionByName(ctx.u.text);
      return hit ? ({ code: hit.code, name: hit.name } satisfies Region) : INVALID;
    },
  };
}

export function categoryQuestion(prompt: string, options: readonly PersonCategory[] = PERSON_CATEGORIES): Question {
  return {
    id: 'person_category',
    ...slotAccess('person_category'),
    example: `例如回答“${PERSON_CATEGORY_LABELS.long_term_resident}”或“退休后跟子女在外地住”。`,
    ask: () => [{ type: 'text', text: prompt }, { type: 'choices', options: options.map((c) => PERSON_CATEGORY_LABELS[c]) }],
    fromEntities: (ctx) => ctx.u.entities.person_category,
    fromText: (ctx): Read => {
      const t = ctx.u.text.trim();
      const hit = options.find((c) => PERSON_CATEGORY_LABELS[c] === t);
      return hit ?? INVALID;
    },
  };
}

export const SCHEME_CHOICES: Record<Scheme, string> = { employee: '城镇职工医保', resident: '城乡居民医保' };

export function schemeQuestion(prompt: string): Question {
  return {
    id: 'scheme',
    ...slotAccess('scheme'),
    example: '例如回答“城镇职工医保”或“城乡居民医保”（新农合属于城乡居民医保）。',
    ask: () => [{ type: 'text', text: prompt }, { type: 'choices', options: SCHEMES.map((s) => SCHEME_CHOICES[s]) }],
    fromEntities: (ctx) => ctx.u.entities.scheme,
    fromText: (ctx): Read => {
      const t = text(ctx);
      const hit = SCHEMES.find((s) => SCHEME_CHOICES[s] === t || SCHEME_LABELS[s] === t);
      return hit ?? INVALID;
    },
  };
}

export function amountQuestion(prompt: string): Question {
  return {
    id: 'amount',
    ...slotAccess('amount'),
    example: '请回答一个金额，例如“10000元”或“1.2万”。',
    ask: () => [{ type: 'text', text: prompt }],
    fromEntities: (ctx) => ctx.u.entities.amount,
    fromText: (ctx): Read => {
      const m = /^(\d+(?:\.\d+)?)$/.exec(text(ctx).replace(/[,，\s]/g, ''));
      return m ? Number(m[1]) : INVALID;
    },
  };
}

export function dateQuestion(prompt: string): Question {
  return {
    id: 'date',
    ...slotAccess('date'),
    example: '请回答一个日期，例如“12月1号”“明天”或“2026-12-01”。',
    ask: () => [{ type: 'text', text: prompt }, { type: 'choices', options: ['今天', '明天'] }],
    fromEntities: (ctx) => ctx.u.entities.date,
    fromText: (ctx): Read => {
      const t = text(ctx);
      if (t === '今天' || t === '今日') return isoDate(ctx.now);
      const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
      return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : INVALID;
    },
  };
}

export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export type YesNo = 'yes' | 'no' | 'unknown';

/** Reads 是/否/不清楚 and the affirm / deny intents. */
export function readYesNo(ctx: FlowCtx): YesNo | undefined {
  const t = ctx.u.text.trim().replace(/[。！!.，,]$/g, '');
  if (/^(不清楚|不知道|不确定|不晓得|不了解|忘了|没注意)/.test(t)) return 'unknown';
  // Yes in the words of a negation: “没错”, “没问题”, “不错”.
  if (/^(没错|没问题|没有问题|没啥问题|没毛病|不错|无误|准确无误)/.test(t)) return 'yes';
  if (/^(否|不是|没有|没|未|不|还没|无)/.test(t)) return 'no';
  if (/^(是|对|有|嗯|已|办了|办过|备了|备过|备案了|弄了|弄过|搞了|登记了|好|激活了|用过|确认|可以|行)/.test(t)) return 'yes';
  if (ctx.u.intent === 'affirm') return 'yes';
  if (ctx.u.intent === 'deny') return 'no';
  return undefined;
}
