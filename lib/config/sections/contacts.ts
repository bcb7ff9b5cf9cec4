import { z } from 'zod';
import { intIn, matching, oneOf, section } from '../fields';

/**
 * The roles of the support contacts and the sign-off, as the two seed checklists name them:
 * on-call, technical lead, DevOps (operations), security, and the product owner who signs off.
 */
export const CONTACT_ROLES = ['onCall', 'technicalLead', 'devops', 'security', 'productOwner'] as const;
/** One of {@link CONTACT_ROLES}. */
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** Roles a production stage must be able to reach (both seeds' "Support contacts"). */
export const REQUIRED_CONTACTS: readonly ContactRole[] = ['onCall', 'technicalLead', 'devops', 'security'];
/** Roles that sign a production deploy off (the seeds' "Sign-off": technical lead, security, operations, product owner). */
export const REQUIRED_APPROVERS: readonly ContactRole[] = [
  'technicalLead',
  'security',
  'devops',
  'productOwner',
];
/** The seeds' escalation path reaches the second step within an hour and the last within four. */
export const ESCALATION_DEADLINES_MINUTES = { second: 60, last: 240 } as const;

const role = () => oneOf(CONTACT_ROLES, 'a contact role:');
const email = () => matching(/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/, 'an email address such as oncall@example.com');

/** A person or rota to reach. */
const contactSchema = section({
  /** Who (a person or a rota, e.g. "Payments on-call"). */
  name: matching(/^\S.{0,79}$/s, 'a name of 1 to 80 characters'),
  /** Where. */
  email: email(),
  /** Phone in E.164 (`+441234567890`), for the pages that must wake someone. @default none */
  phone: matching(/^\+[1-9]\d{6,14}$/, 'a phone number in E.164 form such as +441234567890').optional(),
});

/** A replacement or deletion of a stateful resource the sign-off accepted (OPS-02; `shipshape review`). */
const acceptedReplacementSchema = section({
  /** The stack's name, e.g. `Prod-Data`. */
  stack: matching(/^[A-Z][A-Za-z0-9]*-[A-Z][A-Za-z0-9]*$/, 'a stack name such as "Prod-Data"'),
  /** The resource's logical id in that stack's template. */
  logicalId: matching(/^[A-Za-z0-9]{1,255}$/, 'a CloudFormation logical id (letters and digits)'),
  /** Why losing the resource is fine (snapshot taken, data migrated, ...). */
  reason: matching(/^\S.{9,}$/s, 'a reason of 10 characters or more'),
  /** Last day the acceptance holds (YYYY-MM-DD): a stale acceptance must not cover a later change. */
  until: matching(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
});

/** The production sign-off (OPS-02). */
export const signOffSchema = section({
  /** Roles (of `contacts.people`) that approve a production deploy. @default [] */
  approvers: z.array(role()).default([]),
  /** Stateful replacements or deletions accepted by a reviewed commit. @default [] */
  acceptedReplacements: z.array(acceptedReplacementSchema).default([]),
});

/** Support contacts and the escalation path (seeds: "Support contacts", "Escalation path"). */
export const contactsSchema = section({
  /** Who holds each role. A production stage needs on-call, technical lead, DevOps and security. @default {} */
  people: z.partialRecord(role(), contactSchema).default({}),
  /**
   * Who is told when an alarm stays open: steps in time order, the first at 0 minutes
   * (immediately). The seeds' path: on-call immediately, technical lead after 1 h, security and
   * DevOps lead after 4 h. @default []
   */
  escalation: z
    .array(
      section({
        /** Minutes after the alarm opened. */
        afterMinutes: intIn(0, 10_080, 'minutes'),
        /** Roles told at this step. */
        notify: z.array(role()).min(1, { error: 'needs at least one role' }),
      }),
    )
    .default([]),
  /** Who signs a production deploy off, and the replacements they accepted (OPS-02). @default {} */
  signOff: signOffSchema.prefault({}),
});

type Ctx = z.RefinementCtx;
type Contacts = ContactsConfig;
type Path = (string | number)[];
const problem = (ctx: Ctx, path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });

/**
 * Escalation steps in time order, the first immediate, every role named has a contact; a
 * production stage needs the seeds' contacts, path and sign-off roles.
 */
export function checkContacts(contacts: Contacts, ctx: Ctx, stage: { readonly production: boolean }): void {
  const defined = new Set<string>(Object.keys(contacts.people));
  const undefinedRole = (path: Path, r: string) => {
    if (!defined.has(r)) problem(ctx, path, `"${r}" has no entry in contacts.people`);
  };
  const steps = contacts.escalation;
  steps.forEach((step, i) => {
    if (i === 0 && step.afterMinutes !== 0) {
      problem(ctx, ['escalation', 0, 'afterMinutes'], 'must be 0: the first step is immediate');
    }
    const before = steps[i - 1];
    if (before !== undefined && step.afterMinutes <= before.afterMinutes) {
      problem(
        ctx,
        ['escalation', i, 'afterMinutes'],
        `must be later than the step before (${before.afterMinutes} minutes)`,
      );
    }
    step.notify.forEach((r, j) => {
      undefinedRole(['escalation', i, 'notify', j], r);
    });
  });
  const { approvers, acceptedReplacements } = contacts.signOff;
  approvers.forEach((r, i) => {
    undefinedRole(['signOff', 'approvers', i], r);
  });
  const seen = new Set<string>();
  acceptedReplacements.forEach((a, i) => {
    const key = `${a.stack}/${a.logicalId}`;
    if (seen.has(key)) problem(ctx, ['signOff', 'acceptedReplacements', i], `accepts ${key} twice`);
    seen.add(key);
  });
  if (stage.production) checkProductionContacts(contacts, ctx, defined);
}

function checkProductionContacts(contacts: Contacts, ctx: Ctx, defined: ReadonlySet<string>): void {
  const why = 'in a production stage';
  for (const r of REQUIRED_CONTACTS.filter((r) => !defined.has(r))) {
    problem(ctx, ['people', r], `is required ${why} (support contacts: ${REQUIRED_CONTACTS.join(', ')})`);
  }
  const steps = contacts.escalation;
  const { second, last } = ESCALATION_DEADLINES_MINUTES;
  if (steps.length < 2) {
    problem(
      ctx,
      ['escalation'],
      `needs at least two steps ${why}: who is told immediately, and who after 1 h`,
    );
  } else {
    if (steps[1]!.afterMinutes > second) {
      problem(
        ctx,
        ['escalation', 1, 'afterMinutes'],
        `must be at most ${second} ${why} (escalate within 1 h)`,
      );
    }
    if (steps.at(-1)!.afterMinutes > last) {
      problem(
        ctx,
        ['escalation', steps.length - 1, 'afterMinutes'],
        `must be at most ${last} ${why} (the last step within 4 h)`,
      );
    }
  }
  for (const r of REQUIRED_APPROVERS.filter((r) => !contacts.signOff.approvers.includes(r))) {
    problem(
      ctx,
      ['signOff', 'approvers'],
      `must include "${r}" ${why} (sign-off: ${REQUIRED_APPROVERS.join(', ')})`,
    );
  }
}

/** `contacts` after validation. */
export type ContactsConfig = z.output<typeof contactsSchema>;
