/**
 * GET /agent — the hotline-agent console: a question box and a region picker; the answer for the
 * region (or, when the guess is weak, a warning and the top 3 to choose from), the estimate when
 * the question carries its slots, the other regions' variants side by side, the quoted sources,
 * a copy button and 👍/👎 per answer. Every sentence comes from prompts/agent.yaml; the ones the
 * script needs travel in a JSON block. The behaviour lives in /static/agent.js.
 */
import type { Prompts } from '../../core/text-render.js';
import { esc, htmlPage, jsonBlock, keep } from './html.js';
import type { WebApp } from './deps.js';

/** What agent.js says, read from prompts/agent.yaml (ids spelled out so the prompt test sees them). */
export function agentTexts(prompts: Prompts): Record<string, string> {
  return {
    loading: prompts.say('agent.status.loading'),
    failed: prompts.say('agent.status.failed'),
    offline: prompts.say('agent.status.offline'),
    regionFromQuestion: prompts.say('agent.status.region_from_question', keep('region')),
    followUp: prompts.say('agent.status.follow_up', keep('question')),
    rankingTitle: prompts.say('agent.ranking.title'),
    lowConfidence: prompts.say('agent.low_confidence', keep('pct')),
    pick: prompts.say('agent.low_confidence.pick', keep('label', 'pct')),
    answerTitle: prompts.say('agent.answer.title', keep('title')),
    answerNone: prompts.say('agent.answer.none'),
    general: prompts.say('agent.answer.general', keep('region')),
    detail: prompts.say('agent.answer.detail'),
    sources: prompts.say('agent.answer.sources', keep('count')),
    noSources: prompts.say('agent.answer.no_sources'),
    notCovered: prompts.say('agent.answer.not_covered'),
    coverageSpecific: prompts.say('agent.coverage.specific', keep('region')),
    coverageNationalForCovered: prompts.say('agent.coverage.national_for_covered', keep('region')),
    coverageUncovered: prompts.say('agent.coverage.uncovered', keep('region')),
    coverageUnknownRegion: prompts.say('agent.coverage.unknown_region'),
    regionUnknown: prompts.say('agent.region_unknown'),
    variantsTitle: prompts.say('agent.variants.title', keep('count')),
    variantsNational: prompts.say('agent.variants.national'),
    variantsGeneral: prompts.say('agent.variants.general'),
    variantsNone: prompts.say('agent.variants.none'),
    copy: prompts.say('agent.copy'),
    copyMain: prompts.say('agent.copy_main'),
    copied: prompts.say('agent.copied'),
    copyFailed: prompts.say('agent.copy_failed'),
    copyBasis: prompts.say('agent.copy.basis', keep('title', 'quote')),
    estimateHeading: prompts.say('agent.estimate.heading'),
    estimateCase: prompts.say('agent.estimate.case'),
    estimateFund: prompts.say('agent.estimate.fund'),
    estimateSelfPay: prompts.say('agent.estimate.self_pay'),
    estimateFormula: prompts.say('agent.estimate.formula'),
    feedbackQuestion: prompts.say('agent.feedback.question'),
    feedbackUp: prompts.say('agent.feedback.up'),
    feedbackDown: prompts.say('agent.feedback.down'),
    feedbackReason: prompts.say('agent.feedback.reason_label'),
    feedbackSend: prompts.say('agent.feedback.send'),
    feedbackThanks: prompts.say('agent.feedback.thanks'),
    feedbackFailed: prompts.say('agent.feedback.failed'),
  };
}

export function agentPage(app: Pick<WebApp, 'agent' | 'prompts'>): string {
  const { prompts } = app;
  const options = [
    `<option value="">${esc(prompts.say('agent.region_unset'))}</option>`,
    ...app.agent.regions().map((r) => `<option value="${esc(r.code)}">${esc(r.name)}</option>`),
  ].join('');
  const body = `
<header class="top">
  <h1>${esc(prompts.say('agent.title'))}</h1>
  <p class="keys">${esc(prompts.say('agent.keys'))}</p>
</header>
<main>
<form id="ask" class="ask" role="search" autocomplete="off">
  <label for="q">${esc(prompts.say('agent.question'))}</label>
  <input id="q" name="q" type="search" maxlength="2000" accesskey="q" autofocus placeholder="${esc(prompts.say('agent.question_placeholder'))}">
  <label for="region">${esc(prompts.say('agent.region'))}</label>
  <select id="region" name="region" accesskey="r">${options}</select>
  <button type="submit" accesskey="s">${esc(prompts.say('agent.submit'))}</button>
</form>
<p id="status" class="status" role="status"></p>
<div id="result" class="result"></div>
</main>
${jsonBlock('agent-texts', agentTexts(prompts))}`;
  return htmlPage({ title: prompts.say('agent.page_title'), styles: ['agent.css'], scripts: ['agent.js'], bodyClass: 'agent', body });
}
