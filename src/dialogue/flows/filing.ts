/**
 * The filing flow: insured region, person category, destination, start date and scheme, then a
 * confirmation, then the materials checklist, the channel to file through, and a signed link to
 * the pre-filled form.
 */
import type { Reply } from '../../domain/reply.js';
import { PERSON_CATEGORY_LABELS, SCHEME_LABELS } from '../../domain/types.js';
import { filingGuide } from '../../knowledge/filing-guide.js';
import { FilingFormSchema, type FilingForm } from '../../rules/filing-token.js';
import { sourceCard } from '../render.js';
import type { FlowCtx, FlowDef, FlowOutcome } from './engine.js';
import { categoryQuestion, dateQuestion, readYesNo, regionQuestion, schemeQuestion } from './questions.js';

function summary(form: Partial<FilingForm>): string {
  return [
    `参保地：${form.insured_region?.name ?? '—'}`,
    `人员类别：${form.person_category ? PERSON_CATEGORY_LABELS[form.person_category] : '—'}`,
    `就医地：${form.destination?.name ?? '—'}`,
    `备案开始日期：${form.start_date ?? '—'}`,
    `险种：${form.scheme ? SCHEME_LABELS[form.scheme] : '—'}`,
  ].join('\n');
}

function formOf(ctx: FlowCtx): FilingForm | undefined {
  const s = ctx.session.slots;
  const parsed = FilingFormSchema.safeParse({
    insured_region: s.insured_region, person_category: s.person_category, destination: s.destination,
    start_date: s.date, scheme: s.scheme,
  });
  return parsed.success ? parsed.data : undefined;
}

function askConfirmation(ctx: FlowCtx): FlowOutcome {
  ctx.session.flow = { ...ctx.session.flow!, confirming: true, asked: 'confirm' };
  return {
    replies: [
      { type: 'text', text: `请核对备案信息：\n${summary(formOf(ctx)!)}\n信息正确吗？确认后我为您生成预填好的备案表。` },
      { type: 'choices', options: ['确认', '修改', '取消'] },
    ],
    done: false,
  };
}

function issue(ctx: FlowCtx): FlowOutcome {
  const form = formOf(ctx)!;
  const guide = filingGuide(ctx.kb, form.insured_region, form.person_category, form.destination);
  const link = ctx.services.filingLink(form, ctx.now);
  const lines: string[] = [];
  const national = guide.level === 'national';
  if (national) lines.push(ctx.kb.say('national.filing.label', { documents: ctx.kb.documentNumbers(guide.citations) }));
  if (guide.level === 'none') {
    lines.push(`我们收录的政策文件不包括${form.insured_region.name}的备案材料和渠道，请向${form.insured_region.name}医保经办机构确认。`);
  } else {
    lines.push(guide.materials.length
      ? `需要准备：${guide.materials.join('；')}。`
      : guide.materialsNote ?? '文件未列出需要提交的材料。');
    if (guide.materials.length && guide.materialsNote) lines.push(guide.materialsNote);
    if (guide.channels.length) lines.push(`办理渠道：${guide.channels.join('、')}。`);
  }
  const citations = [...guide.citations];
  if (national) {
    lines.push(ctx.kb.say('national.insured_place_decides', { place: form.insured_region.name }));
    citations.push(...ctx.kb.promptCitations('national.insured_place_decides'));
  }
  lines.push('备案表链接有效期内可随时打开、打印；表中不含身份证号和手机号，请在办理时现场填写。');
  const replies: Reply[] = [
    { type: 'text', text: lines.join('\n') },
    { type: 'link', url: link.url, title: '打开预填的备案表' },
  ];
  const title = national ? ctx.kb.say('national.card_title', { title: '备案材料与渠道' }) : `备案材料与渠道（${form.insured_region.name}）`;
  if (citations.length) replies.push(sourceCard(ctx.kb, title, lines.join('\n'), citations));
  return { replies, done: true };
}

export const filingFlow: FlowDef = {
  name: 'filing',
  intent: 'start_filing',
  title: '办理备案',
  questions: [
    regionQuestion('insured_region', '好的，我来帮您准备备案。请问您在哪里参保（医保关系在哪个地方）？', '例如回答“潍坊市”或“武汉市江岸区”。'),
    categoryQuestion('您属于哪一类异地就医人员？'),
    regionQuestion('destination', '您要到哪里就医（就医地，写到城市即可）？', '例如回答“北京市”或“上海”。'),
    dateQuestion('希望备案从哪天开始？（例如：12月1号、明天）'),
    schemeQuestion('您参加的是城镇职工医保还是城乡居民医保？'),
  ],
  complete: askConfirmation,
  confirm: (ctx) => {
    const yn = readYesNo(ctx);
    if (ctx.u.text.trim() === '修改') {
      ctx.session.flow = { ...ctx.session.flow!, confirming: false };
      return {
        replies: [{ type: 'text', text: '请直接告诉我要改的内容，例如“就医地改成上海”“开始日期12月5号”“我是城乡居民医保”。' }],
        done: false,
      };
    }
    if (yn === 'yes') return issue(ctx);
    if (yn === 'no') {
      return { replies: [{ type: 'text', text: '请告诉我哪一项不对，例如“就医地是上海”或“我是城乡居民医保”。' }], done: false };
    }
    return undefined;
  },
};
