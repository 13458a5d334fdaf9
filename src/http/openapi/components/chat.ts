/** Component schemas of the chat page's own routes (the zod schemas their handlers answer with). */
import { PopularQuestions } from '../../../inbox';
import { MyTickets } from '../../../tickets';
import type { ZodComponent } from '../registry';

export const CHAT_COMPONENTS: ZodComponent[] = [
  { name: 'MyTickets', schema: MyTickets, properties: { refused: 'Ids whose token is wrong or that do not exist (not told apart)' } },
  { name: 'PopularQuestions', schema: PopularQuestions, properties: { 'questions[].text': "The question, in the requested script" } },
];
