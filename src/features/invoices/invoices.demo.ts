/**
 * Demo invoices: on the resident help chatbot (HV-2025-014, us-far) one paid late with interest,
 * one paid on time, one due this week and scheduled, and one the vendor just sent that fails the
 * checklist; on the LLM API contract (HV-2025-009) one past due and unpaid, and one returned as
 * defective; on the permit classifier (HV-2024-031) one billing the accepted model; on the
 * transcription subscription (HV-2025-022, eu) one paid and one scheduled. Loaded through the
 * services (validated and audited) by the people who would do each step.
 */
import Big from 'big.js';
import { addDays, todayUtc } from '../../core/dates.js';
import type { Actor } from '../../core/policy.js';
import type { Db } from '../../db/database.js';
import { type ServiceContext, systemActor } from '../../platform/context.js';
import { createLogger } from '../../platform/logger.js';
import type { InvoiceCreateInput, InvoiceDto } from './invoices.schema.js';
import { approveInvoice, createInvoice, recordPayment, returnInvoice, scheduleInvoice } from './invoices.service.js';

interface DemoLine {
  clin: string;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  deliverableId?: string | null;
  usage?: [string, string];
}

export async function loadInvoicesDemo(db: Db, today = todayUtc()): Promise<{ invoices: number }> {
  const contracts = await db
    .selectFrom('contracts')
    .select(['id', 'reference', 'owners', 'vendor_id', 'currency'])
    .where('reference', 'in', ['HV-2025-014', 'HV-2025-009', 'HV-2024-031', 'HV-2025-022'])
    .execute();
  const byRef = new Map(contracts.map((c) => [c.reference, c]));
  const users = await db.selectFrom('users').select(['id', 'email', 'role', 'department_id', 'vendor_id']).execute();
  const log = createLogger('silent');
  const ctxOf = (u: (typeof users)[number] | undefined): ServiceContext => ({
    db,
    actor: u
      ? ({ userId: u.id, email: u.email, role: u.role as Actor['role'], departmentId: u.department_id, vendorId: u.vendor_id } as Actor)
      : systemActor(),
    requestId: 'demo-loader',
    log,
  });
  const procurement = ctxOf(users.find((u) => u.email === 'procurement@harbourview.example'));
  const d = (n: number) => addDays(today, n);
  let count = 0;

  const body = (
    currency: string,
    number: string,
    invoiceDate: string,
    lines: DemoLine[],
    extra: Partial<InvoiceCreateInput> = {},
  ): InvoiceCreateInput => {
    const amounts = lines.map((l) => new Big(l.quantity).times(l.unitPrice).round(2, 1).toFixed(2));
    const subtotal = amounts.reduce((a, x) => a.plus(x), new Big(0)).toFixed(2);
    return {
      vendorInvoiceNumber: number,
      invoiceDate,
      billingPeriodStart: null,
      billingPeriodEnd: null,
      deliveredDate: null,
      currency,
      lines: lines.map((l, i) => ({
        lineItemNumber: l.clin,
        description: l.description,
        quantity: l.quantity,
        unit: l.unit,
        unitPrice: l.unitPrice,
        amount: amounts[i],
        milestoneId: null,
        deliverableId: l.deliverableId ?? null,
        usagePeriodStart: l.usage?.[0] ?? null,
        usagePeriodEnd: l.usage?.[1] ?? null,
      })),
      subtotal,
      total: subtotal,
      contractorName: '',
      contractorAddress: '',
      contractNumber: '',
      paymentTerms: 'Net 30 days; no prompt-payment discount',
      remitTo: '',
      defectContact: '',
      notes: '',
      ...extra,
    };
  };
  const enter = async (contractId: string, input: InvoiceCreateInput): Promise<InvoiceDto> => {
    count++;
    return createInvoice(procurement, contractId, input);
  };
  const approve = (buyer: ServiceContext, inv: InvoiceDto, acceptedDate: string, note = '') =>
    approveInvoice(buyer, inv.id, { version: inv.version, acceptedDate, note });
  const pay = (inv: InvoiceDto, date: string, reference: string, amount = inv.outstanding) =>
    recordPayment(procurement, inv.id, { kind: 'payment', date, amount, reference });

  const chatbot = byRef.get('HV-2025-014');
  if (chatbot) {
    const buyer = ctxOf(users.find((u) => u.id === chatbot.owners.buyer));
    const vendor = ctxOf(users.find((u) => u.role === 'vendor' && u.vendor_id === chatbot.vendor_id));
    const civic = {
      remitTo: 'Civic AI Solutions Inc., Accounts Receivable, 400 Market Street, Suite 12, Harbourview WA 98101',
      defectContact: 'Victor Chen, Account Manager, +1 206 555 0141, vendor@civicai.example',
    };
    const month = (from: number, to: number, conversations: string, tokens: string): DemoLine[] => [
      {
        clin: '0001',
        description: 'Resident conversations handled',
        quantity: conversations,
        unit: 'conversation',
        unitPrice: '0.85',
        usage: [d(from), d(to)],
      },
      {
        clin: '0002',
        description: 'Model tokens above the included allowance',
        quantity: tokens,
        unit: 'million tokens',
        unitPrice: '12.50',
        usage: [d(from), d(to)],
      },
    ];
    // Paid 38 days after it was due: the Prompt Payment interest went with it.
    const late = await enter(
      chatbot.id,
      body('USD', 'CAI-2025-0412', d(-130), month(-161, -131, '14200', '86'), {
        receivedDate: d(-128),
        billingPeriodStart: d(-161),
        billingPeriodEnd: d(-131),
        ...civic,
      }),
    );
    await pay(await approve(buyer, late, d(-126), 'Conversation counts match the usage dashboard.'), d(-60), 'ACH-2025-11873');
    const onTime = await enter(
      chatbot.id,
      body('USD', 'CAI-2025-0468', d(-99), month(-130, -100, '15100', '92'), {
        receivedDate: d(-97),
        billingPeriodStart: d(-130),
        billingPeriodEnd: d(-100),
        ...civic,
      }),
    );
    await pay(await approve(buyer, onTime, d(-95)), d(-72), 'ACH-2025-12410');
    // Due within the week: approved and scheduled.
    const dueSoon = await enter(
      chatbot.id,
      body('USD', 'CAI-2025-0497', d(-28), month(-59, -29, '16050', '97'), {
        receivedDate: d(-27),
        billingPeriodStart: d(-59),
        billingPeriodEnd: d(-29),
        ...civic,
      }),
    );
    const approved = await approve(buyer, dueSoon, d(-26));
    await scheduleInvoice(procurement, dueSoon.id, { version: approved.version, scheduledDate: d(2), note: '' });
    // Just sent by the vendor through the portal, without the line item numbers or whom to call about defects.
    count++;
    await createInvoice(vendor, chatbot.id, {
      ...body(
        'USD',
        'CAI-2025-0530',
        d(-1),
        month(-26, 0, '15480', '95').map((l) => ({ ...l, clin: '' })),
        { billingPeriodStart: d(-26), billingPeriodEnd: d(0), remitTo: civic.remitTo },
      ),
    });
  }

  const llm = byRef.get('HV-2025-009');
  if (llm) {
    const buyer = ctxOf(users.find((u) => u.id === llm.owners.buyer));
    const northwind = {
      remitTo: 'Northwind Cloud Services LLC, lockbox 44120, Seattle WA',
      defectContact: 'Public sector billing, +1 206 555 0199, billing@northwind.example',
    };
    const tokens = (from: number, to: number, input: string, output: string): DemoLine[] => [
      {
        clin: '0003',
        description: 'Input tokens, hosted models',
        quantity: input,
        unit: 'million tokens',
        unitPrice: '2.50',
        usage: [d(from), d(to)],
      },
      {
        clin: '0004',
        description: 'Output tokens, hosted models',
        quantity: output,
        unitPrice: '10.00',
        unit: 'million tokens',
        usage: [d(from), d(to)],
      },
    ];
    // Approved but never paid: past due, interest accruing.
    const unpaid = await enter(
      llm.id,
      body('USD', 'NW-88213', d(-52), tokens(-82, -53, '1840', '412'), {
        receivedDate: d(-50),
        billingPeriodStart: d(-82),
        billingPeriodEnd: d(-53),
        ...northwind,
      }),
    );
    await approve(buyer, unpaid, d(-46), 'Token counts reconciled with the AI gateway logs.');
    // Returned: no remit-to address; waiting for the corrected invoice.
    const bad = await enter(
      llm.id,
      body('USD', 'NW-88240', d(-7), tokens(-52, -23, '1910', '436'), {
        receivedDate: d(-6),
        billingPeriodStart: d(-52),
        billingPeriodEnd: d(-23),
        defectContact: northwind.defectContact,
      }),
    );
    await returnInvoice(procurement, bad.id, {
      version: bad.version,
      reasons: ['The invoice does not say where to send payment (remit-to name and address).'],
      note: 'Returned by e-mail to billing@northwind.example.',
    });
  }

  const classifier = byRef.get('HV-2024-031');
  if (classifier) {
    const buyer = ctxOf(users.find((u) => u.id === classifier.owners.buyer));
    const model = await db
      .selectFrom('deliverables')
      .select('id')
      .where('contract_id', '=', classifier.id)
      .where('title', '=', 'Permit classification model v1')
      .executeTakeFirst();
    const inv = await enter(
      classifier.id,
      body(
        'USD',
        'DPA-INV-0031',
        d(-21),
        [
          {
            clin: '0002',
            description: 'Permit classification model v1, delivered and accepted',
            quantity: '1',
            unit: 'deliverable',
            unitPrice: '126000.00',
            deliverableId: model?.id ?? null,
          },
        ],
        {
          receivedDate: d(-20),
          remitTo: 'Datapoint Analytics LLP, 10 Spring Gardens, Manchester M2 1AA (BACS details on file)',
          defectContact: 'Grace Obi, Delivery Lead, +44 161 555 0123, grace.obi@datapoint.example',
        },
      ),
    );
    await approve(buyer, inv, d(-12), 'Accepted with conditions: quarterly re-evaluation.');
  }

  const transcription = byRef.get('HV-2025-022');
  if (transcription) {
    const buyer = ctxOf(users.find((u) => u.id === transcription.owners.buyer));
    const clear = {
      remitTo: 'ClearScribe Transcription GmbH, IBAN DE89 3704 0044 0532 0130 00',
      defectContact: 'Jana Vogel, sales@clearscribe.example',
    };
    const quarter = (n: string) => [
      { clin: '1', description: `Transcription subscription, quarter ${n}`, quantity: '1', unit: 'quarter', unitPrice: '9000.00' },
    ];
    const q1 = await enter(transcription.id, body('EUR', 'CS-2026-0101', d(-104), quarter('1'), { receivedDate: d(-102), ...clear }));
    await pay(await approve(buyer, q1, d(-101)), d(-80), 'SEPA-77120');
    const q2 = await enter(transcription.id, body('EUR', 'CS-2026-0102', d(-12), quarter('2'), { receivedDate: d(-11), ...clear }));
    const a2 = await approve(buyer, q2, d(-10));
    await scheduleInvoice(procurement, q2.id, { version: a2.version, scheduledDate: d(12), note: '' });
  }
  return { invoices: count };
}
