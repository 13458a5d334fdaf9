/** Component schemas of the service routes: health, readiness, the engine's decision and the error body. */
import { Candidate } from '../../../engine';
import { ApiErrorBody } from '../../../http-kit';
import { AskAnswer } from '../../ask-router';
import { HealthReport, Readiness } from '../../health-router';
import type { ZodComponent } from '../registry';

export const SERVICE_COMPONENTS: ZodComponent[] = [
  {
    name: 'Health',
    schema: HealthReport,
    properties: {
      semantic: 'With OPENAI_BASE_URL only. Never makes the instance unhealthy.',
      'semantic.surfaces': 'names embedded in the index being served',
      'semantic.breakerOpen': 'the endpoint kept failing and is left alone for a while',
      calibration:
        'What the engine learned about the served knowledge base when it was built (docs/engine.md § 6): pseudo-questions made from the entries, how well the fitted model tells right from wrong best matches, the confidence cut-offs it decides by.',
      'calibration.rankedFirst': 'share of pseudo-questions whose source entry ranked first',
      'calibration.separation': 'area under the ROC curve of the fitted model (0.5 is chance)',
    },
  },
  { name: 'Readiness', schema: Readiness },
  {
    name: 'Candidate',
    schema: Candidate,
    properties: {
      score: 'Engine-internal relevance, comparable within one question only',
      label: "How a choice is shown when its title alone would read like another choice's (look-alike entries: the same matter for another department or sub-item).",
    },
  },
  {
    name: 'Decision',
    schema: AskAnswer,
    description:
      "The engine's decision, by `kind`: answer, clarify (choices) or handoff (to a person).",
    properties: {
      candidates: "Ranked candidates (at most 5), or a clarify question's choices (up to 10 sub-items of one matter).",
      entryId: 'answer only',
      source: 'answer only',
      alsoFor: 'answer only: look-alike entries (the same matter for another department or sub-item) whose answer to this field is word for word the same; the text says whom it covers.',
      retrieval:
        "Present when the optional semantic layer (OPENAI_BASE_URL) made this answer or clarify question from embeddings, for a question the engine alone handed off (low_confidence, out_of_scope). The answer text is still the entry's own composed text.",
    },
  },
  {
    name: 'Error',
    schema: ApiErrorBody,
    properties: {
      message: 'Chinese, for people',
      'issues[].path': 'Dotted path of the field, e.g. enterprise.creditCode',
    },
  },
];
