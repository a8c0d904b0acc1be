/**
 * The reimbursement estimate: region, scheme, hospital class (in the table's own labels) and the
 * in-scope amount; referral/filing status when the person says it, otherwise the base figure and
 * the reduced ones side by side. Only a region that published rates gets a figure.
 */
import type { Reply } from '../../domain/reply.js';
import { SCHEME_LABELS, type Scheme } from '../../domain/types.js';
import type { RateClass, RateTable } from '../../knowledge/schema.js';
import { estimate, yuan, type Estimate, type ReductionCase } from '../../rules/estimate.js';
import { sourceCard } from '../render.js';
import { INVALID, type FlowCtx, type FlowDef, type FlowOutcome, type Question, type Read } from './engine.js';
import { amountQuestion, regionQuestion, schemeQuestion } from './questions.js';

const pct = (r: number) => `${Math.round(r * 10000) / 100}%`;

/** Referral / filing status said in passing: “没转诊”, “已经备案了”. */
function readStatus(text: string): 'done' | 'not_done' | undefined {
  if (/(没有?|未|没办|还没)(办理?|做|走)?(转诊|转院|备案|手续)/.test(text)) return 'not_done';
  if (/(已经?|办了|办好了?|有)(办理?)?(转诊|转院|备案)|(转诊|备案)(手续)?(已经?)?办(好|了)/.test(text)) return 'done';
  return undefined;
}

function classesFor(ctx: FlowCtx): RateClass[] {
  const table = ctx.kb.rateTable(ctx.session.slots.insured_region);
  const scheme = ctx.session.slots.scheme;
  return table && scheme ? table.schemes[scheme].classes : [];
}

/** “class1” said by a resident may be either of the table's 一类 rows: ask, never guess. */
function matchClass(classes: RateClass[], value: string): RateClass | undefined {
  const exact = classes.find((c) => c.id === value || c.label === value || c.aliases.includes(value));
  if (exact) return exact;
  const family = classes.filter((c) => c.id.startsWith(`${value}_`));
  return family.length === 1 ? family[0] : undefined;
}

const hospitalClass: Question = {
  id: 'hospital_class',
  get: (s) => s.slots.hospital_class,
  set: (s, v) => {
    s.slots = { ...s.slots, hospital_class: v as string };
  },
  example: '请从下面的医疗机构类别中选一个（按参保地报销政策中的分类，不是医院的“三甲”“二级”等级）。',
  ask: (ctx) => {
    const classes = classesFor(ctx);
    return [
      { type: 'text', text: `就医的医疗机构属于${ctx.session.slots.insured_region?.name ?? ''}报销政策中的哪一类？` },
      { type: 'choices', options: classes.map((c) => c.label) },
    ];
  },
  fromEntities: (ctx) => {
    const v = ctx.u.entities.hospital_class;
    if (!v) return undefined;
    const classes = classesFor(ctx);
    if (classes.length === 0) return v;
    return matchClass(classes, v)?.id;
  },
  fromText: (ctx): Read => {
    const classes = classesFor(ctx);
    const t = ctx.u.text.trim();
    return classes.find((c) => c.label === t || c.aliases.includes(t))?.id ?? INVALID;
  },
};

/** Said in passing, never asked: without it the reply shows every case side by side. */
const referralStatus: Question = {
  id: 'status',
  example: '',
  ask: () => [],
  skip: () => true,
  get: (s) => s.flow?.answers.status,
  set: (s, v) => {
    if (s.flow) s.flow.answers = { ...s.flow.answers, status: v as string };
  },
  fromEntities: (ctx) => readStatus(ctx.u.normalized),
};

const questions: Question[] = [
  regionQuestion('insured_region', '请问您在哪里参保？报销比例按参保地政策执行。', '例如回答“芮城县”或“潍坊市”。'),
  schemeQuestion('您参加的是城镇职工医保还是城乡居民医保？'),
  hospitalClass,
  amountQuestion('这次住院的医保政策范围内费用大约是多少元？（例如：10000元）'),
  referralStatus,
];

function noRates(ctx: FlowCtx): FlowOutcome {
  const region = ctx.session.slots.insured_region!;
  const policy = ctx.kb.selectAnswer('reimbursement_policy', ctx.session.slots);
  const replies: Reply[] = [{
    type: 'text',
    text: `我们收录的政策文件中没有${region.name}公布的起付线、支付比例和封顶线，所以无法为您估算，也不会用其他地区的数字代替。` +
      `跨省异地就医执行“就医地目录、参保地政策”：起付线、支付比例、最高支付限额按参保地规定执行。请向${region.name}医保经办机构咨询具体比例。`,
  }];
  // for an insured place without a notice: the national rule, labelled, with the reductions for temporary trips
  if (policy && policy.citations.length) {
    replies.push(sourceCard(ctx.kb, '报销按参保地政策', [...policy.before, policy.answer.text, ...policy.after].join('\n'), policy.citations));
  }
  replies.push({ type: 'choices', options: ['报销政策', '联系电话'] });
  return { replies, done: true };
}

function scenarios(ctx: FlowCtx, table: RateTable, cls: RateClass): Array<{ label: string; reduction: ReductionCase }> {
  const status = ctx.session.flow?.answers.status;
  if (status === 'done') return [{ label: '已办理转诊或备案', reduction: 'none' }];
  const outside: Array<{ label: string; reduction: ReductionCase }> = cls.id === 'out_of_province'
    ? [{ label: '未办理转诊或备案，在市域外就医（支付比例降低20%）', reduction: 'no_referral_outside_city' }]
    : [
        { label: '未办理转诊，在县域外、市域内就医（支付比例降低15%）', reduction: 'no_referral_within_city' },
        { label: '未办理转诊或备案，在市域外就医（支付比例降低20%）', reduction: 'no_referral_outside_city' },
      ];
  if (status === 'not_done') return outside;
  return [{ label: '已办理转诊或备案（不降低比例）', reduction: 'none' }, ...outside];
}

function describe(e: Estimate): string {
  return `医保统筹基金约支付 ${yuan(e.fund)}，个人自付约 ${yuan(e.selfPay)}。\n计算：${e.formula}`;
}

function complete(ctx: FlowCtx): FlowOutcome {
  const table = ctx.kb.rateTable(ctx.session.slots.insured_region)!;
  const scheme = ctx.session.slots.scheme as Scheme;
  const cls = table.schemes[scheme].classes.find((c) => c.id === ctx.session.slots.hospital_class)!;
  const amount = ctx.session.slots.amount!;
  const cases = scenarios(ctx, table, cls);
  const results = cases.map((c) => ({ ...c, e: estimate({ table, scheme, classId: cls.id, amount, reduction: c.reduction }) }));
  const rates = table.schemes[scheme];

  const lines = [
    `按${table.region.name}${SCHEME_LABELS[scheme]}、${cls.label}（起付线${yuan(cls.deductible)}，支付比例${pct(cls.ratio)}${cls.expense_discount ? `，合理费用下浮${pct(cls.expense_discount)}` : ''}），政策范围内费用${yuan(amount)}：`,
    ...results.map((r) => (results.length > 1 ? `【${r.label}】${describe(r.e)}` : describe(r.e))),
  ];
  if (results.some((r) => r.reduction !== 'none')) lines.push(`说明：${table.reduction_interpretation.note}`);
  if (results.some((r) => r.e.cappedAt)) {
    lines.push(`基本医保封顶线${yuan(rates.basic_cap)}；超出部分可能由大病保险支付（封顶线${yuan(rates.serious_illness_cap)}），但文件未公布大病保险的起付和比例，无法估算。`);
  }
  lines.push('假设：本年度首次住院（起付线未抵扣、封顶线未用），金额均为医保政策范围内费用。结果仅供参考，以医保经办机构结算为准。');

  const citations = [
    cls.citation, rates.caps_citation, table.scope_citation,
    ...results.filter((r) => r.reduction !== 'none').map((r) => table.reductions.find((x) => x.id === r.reduction)!.citation),
    ...(results.some((r) => r.reduction === 'none') && cases.length === 1 ? table.exemptions.map((x) => x.citation) : []),
  ];
  const unique = citations.filter((c, i) => citations.findIndex((d) => d.quote === c.quote) === i);
  return {
    replies: [
      { type: 'text', text: lines.join('\n') },
      sourceCard(ctx.kb, `报销估算（${table.region.name}）`, results.map((r) => r.e.formula).join('\n'), unique),
      { type: 'choices', options: ['重新估算', '报销政策', '转诊'] },
    ],
    done: true,
  };
}

export const estimateFlow: FlowDef = {
  name: 'estimate',
  intent: 'reimbursement_estimate',
  title: '估算报销金额',
  questions,
  guard: (ctx) => {
    const region = ctx.session.slots.insured_region;
    if (region && !ctx.kb.rateTable(region)) return noRates(ctx);
    // A class from another scheme's table (after a correction) must be asked again.
    if (ctx.session.slots.hospital_class && ctx.session.slots.scheme && region) {
      const cls = matchClass(classesFor(ctx), ctx.session.slots.hospital_class);
      const slots = { ...ctx.session.slots };
      if (cls) slots.hospital_class = cls.id;
      else delete slots.hospital_class;
      ctx.session.slots = slots;
    }
    return undefined;
  },
  complete,
};
