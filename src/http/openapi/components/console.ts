/** Component schemas of the consoles' routes: sign-in, the chat wire, triage guesses, the inbox and analytics. */
import { AuthUser, LoginAnswer, LoginInfo, MeAnswer } from '../../../auth';
import { ClassificationSchema, GuessSchema } from '../../../classifier';
import { WireMessage } from '../../../conversation';
import { AnalyticsAnswer, InboxAlternateAnswer, InboxAnswer, InboxDismissed, InboxFaqAnswer } from '../../../inbox';
import { TriageModelView, TriageModelWritten, TriageRetrained } from '../../../tickets';
import type { ZodComponent } from '../registry';

export const CONSOLE_COMPONENTS: ZodComponent[] = [
  { name: 'AuthUser', schema: AuthUser, properties: { displayName: 'The configured display name, else the username' } },
  {
    name: 'LoginResponse',
    schema: LoginAnswer,
    properties: {
      csrfToken: 'Send back as X-CSRF-Token on unsafe requests',
      expiresAt: "The session's absolute expiry (AUTH_SESSION_ABSOLUTE_HOURS after login)",
    },
  },
  {
    name: 'AuthMe',
    schema: MeAnswer,
    properties: { csrfToken: 'Cookie sessions only', expiresAt: 'Cookie sessions only: when the session ends unless used again' },
  },
  {
    name: 'LoginInfo',
    schema: LoginInfo,
    properties: {
      developmentAccounts: 'Development only (no users configured, not production)',
      'developmentAccounts.file': 'Absolute path of development-accounts.json on the server',
    },
  },
  { name: 'WireMessage', schema: WireMessage, description: "What the page receives for each OutMessage (Botkit's activityToMessage with channelData {qihu})." },
  {
    name: 'TriageGuess',
    schema: GuessSchema,
    properties: {
      review: "True when the confidence is under the head's reviewBelow: a person decides",
      alternative: 'The runner-up, for an operator choosing between two',
      evidence: "The message's words that pushed most toward the guess, strongest first",
    },
  },
  {
    name: 'TriageModelState',
    schema: TriageModelView,
    description: "Each model's reference (null when there is none), the `$triage-model` version of the draft, and each model's detail (what the editor console's model page shows)",
    properties: { version: "The draft's `$triage-model` version, for a write that must not overwrite another", revision: 'The published revision (null: nothing published)' },
  },
  { name: 'TriageModelWritten', schema: TriageModelWritten, properties: { changeSetId: 'null: the same model was already the draft\'s' } },
  { name: 'TriageRetrained', schema: TriageRetrained, properties: { examples: 'The tickets it learned from' } },
  {
    name: 'TriageClassification',
    schema: ClassificationSchema,
    properties: { department: 'When the model learned departments', modelVersion: 'The published model that answered' },
  },
  {
    name: 'KbInbox',
    schema: InboxAnswer,
    properties: {
      lowConfidence: 'Answers below this confidence are in the inbox',
      total: 'Groups in all (the list is cut at limit)',
      'groups[].id': "sha256 of the representative's normalised text, 16 hex",
      'groups[].question': 'The most frequent wording (masked)',
      'groups[].candidates': 'Entries the engine would suggest for the question',
    },
  },
  { name: 'KbInboxDismissed', schema: InboxDismissed, properties: { dismissed: 'The member questions hidden (until asked again)' } },
  {
    name: 'KbInboxAlternate',
    schema: InboxAlternateAnswer,
    properties: { changeSetId: "null: the question was already the entry's title or an alias (nothing changed)", dismissed: 'The member questions hidden' },
  },
  { name: 'KbInboxFaq', schema: InboxFaqAnswer, properties: { dismissed: 'The member questions hidden' } },
  {
    name: 'KbAnalytics',
    schema: AnalyticsAnswer,
    properties: {
      semantic: 'What the optional semantic layer decided (records via embedding) and the votes on its answers; zeros without it.',
      'series[].start': 'Bucket start, ISO 8601 with +08:00',
      topUnanswered: 'The ten most frequent unanswered questions (the inbox’s top groups)',
    },
  },
];
