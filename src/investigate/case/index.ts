/**
 * Cases: what the analyst says happened (entities, concern, facts), what is still missing
 * (clarifying questions), and the case folder `.guardian/cases/<id>/`.
 */
export { assertCaseId, isCaseId } from './case-id.js';
export { concernSpec, factSpec, inferConcern, inferRotated, missingFacts, parseYesNo } from './concerns.js';
export { emptyEntities, extractEntities, extractEntitiesWithNotes, mergeEntities } from './entities.js';
export { askClarifyingQuestions, readAnswer, type ClarifyingAnswers, type QuestionIo } from './questions.js';
export { caseDir, caseFilePath, casesDir, caseSummary, createCase, evidenceStorePath, listCases, loadCase, recordEvidence, recordRun, saveCase, type CaseFile, type NewCaseInput } from './store.js';
export { findTimes, parseTime, type TimeMention } from './times.js';
