import { z } from 'zod';
import { formatIssues, zodIssues } from '../../src/util';

const Body = z.strictObject({ name: z.string().min(2), items: z.array(z.number()) });

it('zodIssues: one issue per problem with a dotted path, prefixed, unknown keys one by one', () => {
  const parsed = Body.safeParse({ name: 'x', items: [1, 'two'], colour: 1, size: 2 });
  if (parsed.success) throw new Error('expected a failure');
  const issues = zodIssues(parsed.error, { prefix: ['body'], unknownKey: 'unknown field' });
  expect(issues.map((i) => [i.path, i.code])).toEqual([
    ['body.name', 'too_small'],
    ['body.items.1', 'invalid_type'],
    ['body.colour', 'unrecognized_keys'],
    ['body.size', 'unrecognized_keys'],
  ]);
  expect(issues[2]!.message).toBe('unknown field');
});

it("zodIssues: a domain's own codes and messages replace zod's", () => {
  const parsed = Body.safeParse({ name: '', items: [] });
  if (parsed.success) throw new Error('expected a failure');
  expect(zodIssues(parsed.error, { code: (i) => `x_${i.code}`, message: (i) => `at ${i.path.join('/')}` })).toEqual([
    { path: 'name', code: 'x_too_small', message: 'at name' },
  ]);
});

it('formatIssues: one line, an issue without a path under the root name or alone', () => {
  const issues = [
    { path: 'a.0', code: 'c', message: 'bad' },
    { path: '', code: 'c', message: 'whole' },
  ];
  expect(formatIssues(issues)).toBe('a.0: bad; whole');
  expect(formatIssues(issues, '(line)')).toBe('a.0: bad; (line): whole');
});
