/**
 * Readings of a message's wording that the classifier's features cannot weigh on their own — a question word that turns one
 * topic into another, a negation that turns a topic into a statement — applied to what the classifier concluded, so that
 * every channel, the dialogue and `npm run eval` see the same intent. One module per family under cues/; this file names
 * what the rest of the project may use.
 */
export { ASKED_BESIDE_GIVING_UP, clarifyCandidates, type Decided, LIKELY_FLOOR, nextReading } from './cues/reading.js';
export { CLOSING_ASK, ESTIMATE_TEXT, GREETED, HOW_LONG_TEXT, OPEN_QUESTION_WORD, OPENING, PROBLEM_TEXT, QUESTION_TEXT, QUESTION_WORD, questionClauses, REQUEST_TEXT, WHY_WORD } from './cues/questions.js';
export { askedOnLeaving, CONTINUE_TEXT, GIVING_UP_TEXT, SUM_DONE } from './cues/giving-up.js';
export { BARE_FOLLOW_UP_LENGTH, COMPARE_JOIN, COMPARE_RATES_TEXT, COMPARE_TEXT, ELLIPSIS_TEXT, HOSPITAL_STAY_TEXT, LOCATED_STATEMENT, NESTED_PLACE_STATEMENT, placeFollowUp, PLACES_STATEMENT, turnsOnTrip, REGION_STATEMENT, withoutSelfIntroduction } from './cues/places.js';
export { DISCHARGED_TEXT } from './cues/words.js';
export { CROSS_YEAR_TEXT, WHETHER_FILING_TEXT } from './cues/filing.js';
export { OFFLINE_CHANNEL_TEXT } from './cues/filing-channels.js';
export { asksCoverage } from './cues/care.js';
export { namesUninsured } from './cues/adjacent.js';
export { injuryUnsaidReading } from './cues/injury.js';
export { deniedCategoryReading, deniedTopicOf, deniedTopicReading, withoutDeniedTopics } from './cues/denied.js';
export { awayFromHomeReading, crossRegionReading, notSettledReading } from './cues/whole.js';
export { readCues } from './cues/read.js';
