/** Request and response schemas for invoices, payments, prompt-payment interest and the rate tables. */
import { z } from '@hono/zod-openapi';
import { RULE_PACKS } from '../../core/contract.js';
import { CalendarDate, Currency, LongText, Money, PageQuery, Text, Uuid } from '../../platform/http/schemas.js';

export const INVOICE_STATES = ['received', 'returned_defective', 'approved', 'scheduled', 'paid'] as const;
export type InvoiceState = (typeof INVOICE_STATES)[number];
export const PAYMENT_KINDS = ['payment', 'credit_note'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];
export const PORTFOLIO_FILTERS = ['all', 'due_this_week', 'late', 'defective', 'open', 'paid'] as const;

/** A non-negative decimal string with at most `places` decimal places (quantities 6; unit prices 8, for per-token prices). */
export const DecimalOf = (places: number) =>
  z
    .string()
    .superRefine((v, ctx) => {
      if (v.startsWith('-')) ctx.addIssue({ code: 'custom', message: 'must not be negative' });
      else if (!/^\d+(\.\d+)?$/.test(v)) ctx.addIssue({ code: 'custom', message: 'must be a decimal string such as "7.5"' });
      else if ((v.split('.')[1] ?? '').length > places)
        ctx.addIssue({ code: 'custom', message: `must have at most ${places} decimal places` });
      else if (v.split('.')[0].length > 16) ctx.addIssue({ code: 'custom', message: 'is too large' });
    })
    .openapi({ example: '7.5', description: `Decimal string, at most ${places} decimal places, never negative` });
export const Decimal = DecimalOf(6);

const Short = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const Ref = z.object({ id: z.string(), name: z.string() });

export const InvoiceLineInput = z.strictObject({
  lineItemNumber: Short(40).default('').openapi({ description: 'The contract line item number (CLIN) the line bills' }),
  description: Text(500),
  quantity: Decimal,
  unit: Text(40).openapi({ example: 'hour' }),
  unitPrice: DecimalOf(8),
  amount: Money.openapi({ description: 'Extended price: quantity × unit price, rounded to the currency' }),
  milestoneId: Uuid.nullable().default(null),
  deliverableId: Uuid.nullable().default(null),
  usagePeriodStart: CalendarDate.nullable().default(null),
  usagePeriodEnd: CalendarDate.nullable().default(null),
});

const invoiceFields = {
  vendorInvoiceNumber: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(60, 'must be at most 60 characters')
    .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._/#-]*$/u, 'may use letters, digits, spaces and . _ / # -'),
  invoiceDate: CalendarDate,
  receivedDate: CalendarDate.optional().openapi({
    description: 'Procurement only, for an invoice that arrived on paper: the date stamped on receipt (default today)',
  }),
  receiptStamped: z.boolean().optional().openapi({
    description:
      'Procurement only: false when the paper invoice was not date-stamped on receipt (us-far then counts from the invoice date)',
  }),
  billingPeriodStart: CalendarDate.nullable().default(null),
  billingPeriodEnd: CalendarDate.nullable().default(null),
  deliveredDate: CalendarDate.nullable()
    .default(null)
    .openapi({ description: 'When the goods were delivered or the services performed (us-far constructive acceptance)' }),
  currency: Currency,
  lines: z.array(InvoiceLineInput).min(1, 'add at least one line').max(500),
  subtotal: Money,
  tax: Money.optional().openapi({ description: 'Tax on top of the lines (default none)' }),
  total: Money,
  contractorName: Short(300).default(''),
  contractorAddress: Short(1000).default(''),
  contractNumber: Short(100).default(''),
  paymentTerms: Short(500).default(''),
  remitTo: Short(1000).default(''),
  defectContact: Short(500).default(''),
  notes: LongText(5000).default(''),
};

export const InvoiceCreate = z.strictObject(invoiceFields).openapi('InvoiceCreate');
export type InvoiceCreateInput = z.infer<typeof InvoiceCreate>;

export const InvoiceResubmit = z
  .strictObject({ version: z.number().int().min(1).optional(), ...invoiceFields })
  .openapi('InvoiceResubmit', { description: 'The corrected invoice, in full; it is received again today' });
export type InvoiceResubmitInput = z.infer<typeof InvoiceResubmit>;

const OtherRequirement = z.strictObject({ label: Text(200), met: z.boolean() });

export const InvoiceUpdate = z
  .strictObject({
    version: z.number().int().min(1).optional().openapi({ description: 'Current version; or send it as If-Match' }),
    receivedDate: CalendarDate.optional(),
    receiptStamped: z.boolean().optional(),
    reason: Short(1000)
      .optional()
      .openapi({ description: 'Required when the received date or its stamp changes: why (kept in the audit log)' }),
    deliveredDate: CalendarDate.nullable().optional(),
    contractorName: Short(300).optional(),
    contractorAddress: Short(1000).optional(),
    contractNumber: Short(100).optional(),
    paymentTerms: Short(500).optional(),
    remitTo: Short(1000).optional(),
    defectContact: Short(500).optional(),
    otherRequirements: z
      .array(OtherRequirement)
      .max(30)
      .optional()
      .openapi({ description: 'Documents the contract requires with an invoice, and whether each came' }),
    notes: LongText(5000).optional(),
  })
  .openapi('InvoiceUpdate');
export type InvoiceUpdateInput = z.infer<typeof InvoiceUpdate>;

const Version = z.number().int().min(1).optional().openapi({ description: 'Current version; or send it as If-Match' });

export const InvoiceReturn = z
  .strictObject({
    version: Version,
    reasons: z
      .array(Text(500))
      .max(20)
      .default([])
      .openapi({ description: 'What is wrong; when empty, the failed checklist items are the reasons' }),
    note: LongText(2000).default(''),
  })
  .openapi('InvoiceReturn');
export type InvoiceReturnInput = z.infer<typeof InvoiceReturn>;

export const InvoiceApprove = z
  .strictObject({
    version: Version,
    acceptedDate: CalendarDate.optional().openapi({
      description: 'When what the invoice bills was accepted (default today); it sets the acceptance leg of the due date',
    }),
    note: LongText(2000).default(''),
  })
  .openapi('InvoiceApprove');
export type InvoiceApproveInput = z.infer<typeof InvoiceApprove>;

export const InvoiceSchedule = z
  .strictObject({ version: Version, scheduledDate: CalendarDate, note: LongText(2000).default('') })
  .openapi('InvoiceSchedule');
export type InvoiceScheduleInput = z.infer<typeof InvoiceSchedule>;

export const PaymentCreate = z
  .strictObject({
    kind: z.enum(PAYMENT_KINDS).default('payment'),
    date: CalendarDate,
    amount: Money,
    reference: Short(100).default('').openapi({ description: 'Remittance or credit-note reference (required for a payment)' }),
    interestPaid: Money.optional().openapi({
      description: 'Late-payment interest paid with it; default: the interest Steward computes (none under $1 for us-far)',
    }),
  })
  .openapi('PaymentCreate');
export type PaymentCreateInput = z.infer<typeof PaymentCreate>;

const Line = z.object({
  id: z.string(),
  position: z.number().int(),
  lineItemNumber: z.string(),
  description: z.string(),
  quantity: z.string(),
  unit: z.string(),
  unitPrice: z.string(),
  amount: z.string(),
  milestoneId: z.string().nullable(),
  deliverableId: z.string().nullable(),
  usagePeriod: z.object({ start: z.string().nullable(), end: z.string().nullable() }).nullable(),
});

const ChecklistItem = z.object({ item: z.string(), label: z.string(), ok: z.boolean(), message: z.string() });

const Clock = z
  .object({
    invoiceDate: z.string(),
    receivedDate: z.string(),
    receiptStamped: z.boolean(),
    deliveredDate: z.string().nullable().openapi({
      description: 'The delivery date the clock uses: as stated, else the billed deliverables’, else the end of the billing period',
    }),
    acceptedDate: z.string().nullable().openapi({ description: "The buyer's actual acceptance" }),
    acceptanceDate: z.string().nullable().openapi({ description: 'The acceptance date the due date uses (actual or constructive)' }),
    dueDate: z.string().nullable(),
    dueBasis: z.string().nullable(),
    dueWorking: z.array(z.string()),
    defectReturnDeadline: z.string().nullable(),
    returnedDate: z.string().nullable(),
    scheduledDate: z.string().nullable(),
    paidDate: z.string().nullable(),
    daysLate: z.number().int().openapi({ description: 'Days past the due date: at full payment, or today while unpaid' }),
    status: z.enum(['not_due', 'due_soon', 'late', 'paid_on_time', 'paid_late', 'returned', 'no_due_date']),
  })
  .openapi('InvoiceClock');

const Payment = z
  .object({
    id: z.string(),
    kind: z.enum(PAYMENT_KINDS),
    date: z.string(),
    amount: z.string(),
    reference: z.string(),
    daysLate: z.number().int(),
    interestDue: z.string(),
    interestPaid: z.string(),
    early: z.boolean(),
    recordedBy: Ref.nullable(),
    createdAt: z.string(),
  })
  .openapi('Payment');
export type PaymentDto = z.infer<typeof Payment>;

const Event = z.object({
  at: z.string(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  reasons: z.array(z.string()),
  note: z.string(),
  actor: Ref.nullable(),
});

const Attachment = z.object({
  documentId: z.string(),
  title: z.string(),
  filename: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  uploadedAt: z.string(),
});

export const InvoiceSummary = z
  .object({
    id: z.string(),
    contract: z.object({ id: z.string(), reference: z.string(), title: z.string() }),
    vendor: Ref,
    department: Ref,
    vendorInvoiceNumber: z.string(),
    invoiceDate: z.string(),
    receivedDate: z.string(),
    currency: z.string(),
    total: z.string(),
    credited: z.string(),
    paid: z.string(),
    outstanding: z.string(),
    state: z.enum(INVOICE_STATES),
    defective: z.boolean(),
    rulePack: z.enum(RULE_PACKS),
    dueDate: z.string().nullable(),
    defectReturnDeadline: z.string().nullable(),
    paidDate: z.string().nullable(),
    daysLate: z.number().int(),
    status: Clock.shape.status,
    interestPaid: z.string(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('InvoiceSummary');
export type InvoiceSummaryDto = z.infer<typeof InvoiceSummary>;

export const Invoice = InvoiceSummary.extend({
  receiptStamped: z.boolean(),
  billingPeriod: z.object({ start: z.string().nullable(), end: z.string().nullable() }).nullable(),
  deliveredDate: z.string().nullable(),
  subtotal: z.string(),
  tax: z.string(),
  contractorName: z.string(),
  contractorAddress: z.string(),
  contractNumber: z.string(),
  paymentTerms: z.string(),
  remitTo: z.string(),
  defectContact: z.string(),
  otherRequirements: z.array(z.object({ label: z.string(), met: z.boolean() })),
  notes: z.string(),
  lines: z.array(Line),
  checklist: z.array(ChecklistItem),
  clock: Clock,
  payments: z.array(Payment),
  events: z.array(Event),
  attachments: z.array(Attachment),
  submittedBy: Ref.nullable(),
  submittedByVendor: z.boolean(),
  approvedBy: Ref.nullable(),
  approvedAt: z.string().nullable(),
  resubmissions: z.number().int(),
  createdAt: z.string(),
  permissions: z.object({
    update: z.boolean(),
    return: z.boolean(),
    resubmit: z.boolean(),
    approve: z.boolean(),
    schedule: z.boolean(),
    pay: z.boolean(),
    credit: z.boolean(),
    attach: z.boolean(),
  }),
  warnings: z.array(z.string()).openapi({ description: 'Things to look at before acting (e.g. a payment earlier than allowed)' }),
}).openapi('Invoice');
export type InvoiceDto = z.infer<typeof Invoice>;

export const ContractInvoices = z
  .object({
    items: z.array(InvoiceSummary),
    totals: z.object({ currency: z.string(), invoiced: z.string(), credited: z.string(), paid: z.string(), outstanding: z.string() }),
    permissions: z.object({ submit: z.boolean(), process: z.boolean() }),
  })
  .openapi('ContractInvoices');

export const InvoiceListQuery = z.object({
  filter: z.enum(PORTFOLIO_FILTERS).default('all').openapi({
    description:
      'due_this_week: unpaid and due in the next 7 days; late: unpaid past the due date; defective: failed the checklist or returned; open: not paid',
  }),
  departmentId: Uuid.optional(),
  vendorId: Uuid.optional(),
  contractId: Uuid.optional(),
  state: z.enum(INVOICE_STATES).optional(),
  q: z.string().max(200).optional().openapi({ description: 'Vendor invoice number or contract reference' }),
  ...PageQuery,
});
export type InvoiceListQueryInput = z.infer<typeof InvoiceListQuery>;

const Working = z.array(z.string());
export const InterestPeriod = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  principalAtStart: z.string(),
  annualRatePercent: z.string(),
  interest: z.string(),
});
export const InterestResult = z
  .object({
    interest: z.string(),
    daysLate: z.number().int(),
    interestDays: z.number().int(),
    annualRatePercent: z.string(),
    dayBasis: z.number().int(),
    compounding: z.string(),
    periods: z.array(InterestPeriod),
    fixedCompensation: z.string(),
    total: z.string(),
    payable: z.boolean(),
    working: Working,
  })
  .openapi('InterestResult');

export const InvoiceInterest = z
  .object({
    invoiceId: z.string(),
    rulePack: z.enum(RULE_PACKS),
    currency: z.string(),
    dueDate: z.string().nullable(),
    dueWorking: Working,
    asOf: z.string(),
    outstanding: z.string(),
    accrued: InterestResult.nullable().openapi({ description: 'Interest on the amount still unpaid if it were paid on asOf' }),
    payments: z.array(
      z.object({
        paymentId: z.string(),
        date: z.string(),
        amount: z.string(),
        interestPaid: z.string(),
        interest: InterestResult.nullable(),
      }),
    ),
    interestPaid: z.string(),
    message: z.string().nullable().openapi({ description: 'Why no interest figure could be given, in a sentence' }),
  })
  .openapi('InvoiceInterest');
export type InvoiceInterestDto = z.infer<typeof InvoiceInterest>;

export const InterestQuery = z.object({ asOf: CalendarDate.optional() });

export const InterestCalculation = z
  .strictObject({
    principal: Money,
    currency: Currency.default('USD'),
    dueDate: CalendarDate,
    paymentDate: CalendarDate,
    rulePack: z.enum(RULE_PACKS),
    annualRatePercent: Decimal.optional().openapi({
      description: "Annual rate in percent (eu: the reference rate). Default: the rule pack's rate table",
    }),
    euFixedCompensation: Money.optional(),
    dayBasis: z.union([z.literal(360), z.literal(365)]).optional(),
    compounding: z.enum(['none', '30-day']).optional(),
  })
  .openapi('InterestCalculation');
export type InterestCalculationInput = z.infer<typeof InterestCalculation>;

export const PayablesQuery = z.object({
  months: z.coerce.number().int().min(1).max(36).default(12),
  departmentId: Uuid.optional(),
});
export const PayablesSummary = z
  .object({
    from: z.string(),
    to: z.string(),
    months: z.array(
      z.object({
        month: z.string().openapi({ example: '2026-03' }),
        paidOnTime: z.number().int(),
        paidLate: z.number().int(),
        interestPaid: z.array(z.object({ currency: z.string(), amount: z.string() })),
        values: z.array(z.object({ currency: z.string(), onTime: z.string(), late: z.string() })),
      }),
    ),
    totals: z.object({
      paidOnTime: z.number().int(),
      paidLate: z.number().int(),
      onTimeShare: z.number().nullable(),
      averageDaysToPay: z.number().nullable(),
    }),
    open: z.object({ dueThisWeek: z.number().int(), late: z.number().int(), defective: z.number().int() }),
  })
  .openapi('PayablesSummary');
export type PayablesSummaryDto = z.infer<typeof PayablesSummary>;

export const RatePeriodSchema = z.strictObject({
  effectiveFrom: CalendarDate,
  effectiveTo: CalendarDate.nullable().default(null),
  annualRatePercent: Decimal,
  source: Short(300).default(''),
});
export const RuleParam = z.object({
  rulePack: z.enum(RULE_PACKS).openapi({ param: { name: 'rulePack', in: 'path' }, example: 'us-far' }),
});
export const RateTables = z
  .object({
    rulePacks: z.array(
      z.object({
        rulePack: z.enum(RULE_PACKS),
        description: z.string(),
        rates: z.array(
          z.object({ effectiveFrom: z.string(), effectiveTo: z.string().nullable(), annualRatePercent: z.string(), source: z.string() }),
        ),
      }),
    ),
  })
  .openapi('PaymentRateTables');
export const RateTablePut = z.strictObject({ rates: z.array(RatePeriodSchema).max(400) }).openapi('PaymentRateTablePut');

export const HolidayQuery = z.object({ year: z.coerce.number().int().min(1900).max(2200).optional() });
const HolidayRow = z.object({ date: z.string(), name: z.string(), actualDate: z.string().nullable() });
export const Holidays = z.object({ calendar: z.string(), holidays: z.array(HolidayRow) }).openapi('PaymentHolidays');
export const HolidaysPut = z
  .strictObject({
    year: z.number().int().min(1900).max(2200).optional().openapi({ description: 'Replace only this year (default: the whole list)' }),
    holidays: z.array(z.strictObject({ date: CalendarDate, name: Text(100), actualDate: CalendarDate.nullable().default(null) })).max(2000),
  })
  .openapi('PaymentHolidaysPut');

export const PaymentTerms = z
  .object({
    contractId: z.string(),
    rulePack: z.enum(RULE_PACKS),
    termsDays: z.number().int().nullable(),
    annualRatePercent: z.string().nullable(),
    dayBasis: z.union([z.literal(360), z.literal(365)]),
    compounding: z.enum(['none', '30-day']),
    euFixedCompensation: z.string().nullable(),
    defectReturnDays: z.number().int().nullable(),
    acceptanceProcedure: z.boolean(),
    acceleratedPayment: z.boolean(),
    effective: z.object({ paymentDays: z.number().int(), summary: z.string() }),
    version: z.number().int(),
  })
  .openapi('PaymentTerms');
export type PaymentTermsDto = z.infer<typeof PaymentTerms>;
export const PaymentTermsPut = z
  .strictObject({
    version: z.number().int().min(0).optional().openapi({ description: 'Current version (0 when none is set yet); or If-Match' }),
    termsDays: z.number().int().min(1).max(365).nullable().default(null),
    annualRatePercent: Decimal.nullable().default(null),
    dayBasis: z.union([z.literal(360), z.literal(365)]).default(365),
    compounding: z.enum(['none', '30-day']).default('none'),
    euFixedCompensation: Money.nullable().default(null),
    defectReturnDays: z.number().int().min(1).max(90).nullable().default(null),
    acceptanceProcedure: z.boolean().default(false),
    acceleratedPayment: z.boolean().default(false),
  })
  .openapi('PaymentTermsPut');
export type PaymentTermsPutInput = z.infer<typeof PaymentTermsPut>;
