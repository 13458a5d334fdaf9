/**
 * The 督办 (supervision) list: tickets by SLA colour, the overdue first, then those due soonest,
 * then the rest of the open ones by deadline, then the answered ones (latest answer first);
 * filtered by department, category, district, filing date and 待研判; with the count of each colour
 * under the same filters.
 *
 * Colours are ranges of the store's indexes (sla.ts yellowUntil), so a list without other filters
 * reads only its page and four counts. Other filters are checked here on the digests of the
 * colours' ranges, or of the filing-date range when that one is smaller: the cost grows with the
 * tickets in range, never with the whole history unless asked for (see docs/supervision.md for
 * the figures).
 */
import { z } from 'zod';
import { beijingInstant, addDays, type WorkCalendar } from './calendar';
import { SLA_COLOURS, type SlaColour } from './codes';
import { TicketDigest } from './digest';
import { SlaColourSchema, type SupervisionOptions, type SupervisionPage, type SupervisionRow } from './supervision-schema';
import { slaOutcomeName, statusName, trafficLightName } from './messages';
import { slaOutcome, workingDaysLeft, yellowUntil } from './sla';
import type { DigestRange, TicketStore } from './store';
import { districtNames, type Districts } from './districts';
import { routingOf, type RoutingSource } from './triage';

const IsoDate = z.iso.date();
const Name = (max: number) => z.string().trim().min(1).max(max);

/** What a supervisor narrows the list by. Dates are Beijing calendar dates of filing, inclusive. */
export const SupervisionFilter = z
  .strictObject({
    colours: z.array(SlaColourSchema).min(1).max(SLA_COLOURS.length).default([...SLA_COLOURS]),
    department: Name(100).optional(),
    /** 一级分类, or 一级分类/二级分类. */
    category: Name(101).optional(),
    district: Name(50).optional(),
    /** Only the tickets waiting for a person to decide where they go (待研判). */
    review: z.literal(true).optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
  })
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, { message: 'from must not be after to', path: ['to'] });
export type SupervisionFilter = z.infer<typeof SupervisionFilter>;

export interface SupervisionDeps {
  store: Pick<TicketStore, 'listDigests' | 'countDigests'>;
  calendar: WorkCalendar;
  now?: () => Date;
}

type Kind = 'open' | 'answered';

/** Milliseconds from the start of `from` to the end of `to` (Beijing dates), when given. */
function filedRange(f: SupervisionFilter): { min?: number; max?: number } {
  return {
    ...(f.from ? { min: beijingInstant(f.from, 0, 0).getTime() } : {}),
    ...(f.to ? { max: beijingInstant(addDays(f.to, 1), 0, 0).getTime() - 1 } : {}),
  };
}

function matchesCategory(d: TicketDigest, category: string): boolean {
  const [level1, level2] = category.split('/').map((s) => s.trim());
  return d.category.level1 === level1 && (level2 === undefined || d.category.level2 === level2);
}

/** The filter's conditions other than colour, or undefined when there are none. */
function residualOf(f: SupervisionFilter): ((d: TicketDigest) => boolean) | undefined {
  const { department, category, district, review } = f;
  const { min, max } = filedRange(f);
  if (department === undefined && category === undefined && district === undefined && review === undefined && min === undefined && max === undefined) return undefined;
  return (d) => {
    if (review && !d.review) return false;
    if (department !== undefined && d.department !== department) return false;
    if (district !== undefined && d.district !== district) return false;
    if (category !== undefined && !matchesCategory(d, category)) return false;
    const filed = Date.parse(d.createdAt);
    return (min === undefined || filed >= min) && (max === undefined || filed <= max);
  };
}

const byId = (a: TicketDigest, b: TicketDigest) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** Each kind's order, as its index has it: deadline ascending; latest answer first. */
const ORDER: Record<Kind, (a: TicketDigest, b: TicketDigest) => number> = {
  open: (a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || byId(a, b),
  answered: (a, b) => Date.parse(b.answeredAt!) - Date.parse(a.answeredAt!) || byId(b, a),
};

export interface SupervisionQuery {
  list(filter: SupervisionFilter, page: { offset: number; limit: number }): Promise<SupervisionPage>;
}

export function createSupervisionQuery(deps: SupervisionDeps): SupervisionQuery {
  const { store, calendar } = deps;
  const now = deps.now ?? (() => new Date());

  /** Each colour's range of its index at `at`. */
  function ranges(at: Date): Record<SlaColour, DigestRange> {
    const t = at.getTime();
    const yellowEnd = yellowUntil(at, calendar).getTime();
    return {
      red: { index: 'open', max: t - 1 },
      yellow: { index: 'open', min: t, max: yellowEnd - 1 },
      green: { index: 'open', min: yellowEnd },
      grey: { index: 'answered', reverse: true },
    };
  }

  /**
   * Every ticket of a kind that passes `keep`, in the kind's order: read from its index, or from
   * the filing range when that holds fewer tickets (`filing` reads that range once per request).
   */
  async function matching(kind: Kind, f: SupervisionFilter, keep: (d: TicketDigest) => boolean, filing: () => Promise<TicketDigest[]>): Promise<TicketDigest[]> {
    const filed = filedRange(f);
    let source: TicketDigest[];
    if (filed.min !== undefined || filed.max !== undefined) {
      const [inKind, inFiling] = await Promise.all([store.countDigests({ index: kind }), store.countDigests({ index: 'created', ...filed })]);
      source = inFiling < inKind ? (await filing()).filter((d) => (d.answeredAt === undefined) === (kind === 'open')) : await store.listDigests({ index: kind });
    } else {
      source = await store.listDigests({ index: kind });
    }
    return source.filter(keep).sort(ORDER[kind]);
  }

  /**
   * A digest as the list shows it, in the colour its range gave it (the same as slaColour's: see
   * yellowUntil). Working days left are counted once per deadline and request.
   */
  function row(d: TicketDigest, colour: SlaColour, at: Date, left: Map<string, number>): SupervisionRow {
    // Object.assign rather than a spread: several times faster for the tens of thousands of rows of an export.
    const r: SupervisionRow = Object.assign({}, d, { statusName: statusName(d.status), colour, colourName: trafficLightName(colour) });
    if (d.answeredAt !== undefined) {
      r.outcome = slaOutcome(d.dueAt, d.answeredAt);
      r.outcomeName = slaOutcomeName(r.outcome);
    } else if (colour === 'red') {
      r.workingDaysLeft = 0;
    } else {
      let n = left.get(d.dueAt);
      if (n === undefined) left.set(d.dueAt, (n = workingDaysLeft(new Date(d.dueAt), at, calendar)));
      r.workingDaysLeft = n;
    }
    return r;
  }

  return {
    async list(filter, page) {
      const at = now();
      const range = ranges(at);
      const selected = SLA_COLOURS.filter((c) => filter.colours.includes(c));
      const residual = residualOf(filter);
      const counts: SupervisionPage['counts'] = { red: 0, yellow: 0, green: 0, grey: 0 };
      const picked: [TicketDigest, SlaColour][] = [];
      let skip = page.offset;
      let room = page.limit;

      if (!residual) {
        // Colours alone: four counts, then the page read from the ranges in colour order.
        const sizes = await Promise.all(SLA_COLOURS.map((c) => store.countDigests(range[c])));
        SLA_COLOURS.forEach((c, i) => (counts[c] = sizes[i]!));
        for (const c of selected) {
          if (room === 0) break;
          if (skip >= sizes[SLA_COLOURS.indexOf(c)]!) {
            skip -= sizes[SLA_COLOURS.indexOf(c)]!;
            continue;
          }
          const got = await store.listDigests({ ...range[c], offset: skip, limit: room });
          for (const d of got) picked.push([d, c]);
          room -= got.length;
          skip = 0;
        }
      } else {
        // Every open ticket is read (few: days of them); the answered ones (the whole history) only
        // when grey is selected, else their count is left null.
        let read: Promise<TicketDigest[]> | undefined;
        const filing = () => (read ??= store.listDigests({ index: 'created', ...filedRange(filter) }));
        const [open, answered] = await Promise.all([
          matching('open', filter, residual, filing),
          selected.includes('grey') ? matching('answered', filter, residual, filing) : undefined,
        ]);
        const byColour: Record<SlaColour, TicketDigest[]> = { red: [], yellow: [], green: [], grey: answered ?? [] };
        const t = at.getTime();
        const yellowEnd = range.green.min!;
        for (const d of open) {
          const due = Date.parse(d.dueAt);
          byColour[due < t ? 'red' : due < yellowEnd ? 'yellow' : 'green'].push(d);
        }
        for (const c of SLA_COLOURS) counts[c] = byColour[c].length;
        if (!answered) counts.grey = null;
        const all = selected.flatMap((c) => byColour[c].map((d): [TicketDigest, SlaColour] => [d, c]));
        picked.push(...all.slice(skip, skip + room));
      }
      const total = selected.reduce((sum, c) => sum + (counts[c] ?? 0), 0);
      const left = new Map<string, number>();
      return { asOf: at.toISOString(), total, offset: page.offset, limit: page.limit, counts, items: picked.map(([d, c]) => row(d, c, at, left)) };
    },
  };
}

/** What the filters offer: the departments, the categories (一级 and 一级/二级) and the districts. */
/** The pick lists of the filters, from the routing table in force and the districts. */
export function supervisionOptions(routing: RoutingSource, districts: Districts): SupervisionOptions {
  const file = routingOf(routing).file;
  const categories = new Set<string>();
  for (const c of [...file.rules.map((r) => r.category), file.fallback.category]) {
    categories.add(c.level1);
    categories.add(`${c.level1}/${c.level2}`);
  }
  return {
    departments: file.departments.map((d) => d.name),
    categories: [...categories].sort((a, b) => a.localeCompare(b, 'zh-CN')),
    districts: districtNames(districts),
  };
}
