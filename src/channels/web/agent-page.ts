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
export function agentTexts(kb: Prompts): Record<string, string> {
  return {
    loading: kb.say('agent.status.loading'),
    failed: kb.say('agent.status.failed'),
    offline: kb.say('agent.status.offline'),
    regionFromQuestion: kb.say('agent.status.region_from_question', keep('region')),
    rankingTitle: kb.say('agent.ranking.title'),
    lowConfidence: kb.say('agent.low_confidence', keep('pct')),
    pick: kb.say('agent.low_confidence.pick', keep('label', 'pct')),
    answerTitle: kb.say('agent.answer.title', keep('title')),
    answerNone: kb.say('agent.answer.none'),
    general: kb.say('agent.answer.general', keep('region')),
    detail: kb.say('agent.answer.detail'),
    sources: kb.say('agent.answer.sources', keep('count')),
    noSources: kb.say('agent.answer.no_sources'),
    notCovered: kb.say('agent.answer.not_covered'),
    coverageSpecific: kb.say('agent.coverage.specific', keep('region')),
    coverageNationalForCovered: kb.say('agent.coverage.national_for_covered', keep('region')),
    coverageUncovered: kb.say('agent.coverage.uncovered', keep('region')),
    coverageUnknownRegion: kb.say('agent.coverage.unknown_region'),
    regionUnknown: kb.say('agent.region_unknown'),
    variantsTitle: kb.say('agent.variants.title', keep('count')),
    variantsNational: kb.say('agent.variants.national'),
    variantsGeneral: kb.say('agent.variants.general'),
    variantsNone: kb.say('agent.variants.none'),
    copy: kb.say('agent.copy'),
    copyMain: kb.say('agent.copy_main'),
    copied: kb.say('agent.copied'),
    copyFailed: kb.say('agent.copy_failed'),
    copyBasis: kb.say('agent.copy.basis', keep('title', 'quote')),
    estimateHeading: kb.say('agent.estimate.heading'),
    estimateCase: kb.say('agent.estimate.case'),
    estimateFund: kb.say('agent.estimate.fund'),
    estimateSelfPay: kb.say('agent.estimate.self_pay'),
    estimateFormula: kb.say('agent.estimate.formula'),
    feedbackQuestion: kb.say('agent.feedback.question'),
    feedbackUp: kb.say('agent.feedback.up'),
    feedbackDown: kb.say('agent.feedback.down'),
    feedbackReason: kb.say('agent.feedback.reason_label'),
    feedbackSend: kb.say('agent.feedback.send'),
    feedbackThanks: kb.say('agent.feedback.thanks'),
    feedbackFailed: kb.say('agent.feedback.failed'),
  };
}

export function agentPage(app: Pick<WebApp, 'agent' | 'prompts'>): string {
  const kb = app.prompts;
  const options = [
    `<option value="">${esc(kb.say('agent.region_unset'))}</option>`,
    ...app.agent.regions().map((r) => `<option value="${esc(r.code)}">${esc(r.name)}</option>`),
  ].join('');
  const body = `
<header class="top">
  <h1>${esc(kb.say('agent.title'))}</h1>
  <p class="keys">${esc(kb.say('agent.keys'))}</p>
</header>
<main>
<form id="ask" class="ask" role="search" autocomplete="off">
  <label for="q">${esc(kb.say('agent.question'))}</label>
  <input id="q" name="q" type="search" maxlength="2000" accesskey="q" autofocus placeholder="${esc(kb.say('agent.question_placeholder'))}">
  <label for="region">${esc(kb.say('agent.region'))}</label>
  <select id="region" name="region" accesskey="r">${options}</select>
  <button type="submit" accesskey="s">${esc(kb.say('agent.submit'))}</button>
</form>
<p id="status" class="status" role="status"></p>
<div id="result" class="result"></div>
</main>
${jsonBlock('agent-texts', agentTexts(kb))}`;
  return htmlPage({ title: kb.say('agent.page_title'), styles: ['agent.css'], scripts: ['agent.js'], bodyClass: 'agent', body });
}
