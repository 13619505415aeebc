import { createRoute, z } from '@hono/zod-openapi';
import { csvDownload, readUpload, uploadBody } from '../../platform/http/files.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { ErrorSchema, IdParam, commonErrors, jsonBody, jsonResponse, pageOf, writeErrors } from '../../platform/http/schemas.js';
import { ifMatchVersion } from '../../platform/http/versions.js';
import { getHolidays, getPaymentTerms, getRateTables, putHolidays, putPaymentTerms, putRateTable } from './invoices.rates.js';
import { calculateInterest, invoiceInterest, invoicesCsv, payablesSummary } from './invoices.reports.js';
import {
  ContractInvoices,
  HolidayQuery,
  Holidays,
  HolidaysPut,
  InterestCalculation,
  InterestQuery,
  InterestResult,
  Invoice,
  InvoiceApprove,
  InvoiceCreate,
  InvoiceInterest,
  InvoiceListQuery,
  InvoiceResubmit,
  InvoiceReturn,
  InvoiceSchedule,
  InvoiceSummary,
  InvoiceUpdate,
  PayablesQuery,
  PayablesSummary,
  PaymentCreate,
  PaymentTerms,
  PaymentTermsPut,
  RateTablePut,
  RateTables,
  RuleParam,
} from './invoices.schema.js';
import {
  approveInvoice,
  attachFile,
  createInvoice,
  getInvoice,
  listContractInvoices,
  listInvoices,
  recordPayment,
  resubmitInvoice,
  returnInvoice,
  scheduleInvoice,
  updateInvoice,
} from './invoices.service.js';

export const invoiceRoutes = createRouter();
const tags = ['Invoices and payments'];
const adminTags = ['Administration'];
const ok = jsonResponse(Invoice, 'The invoice, with its lines, checklist, clock, payments and history');
const unprocessable = {
  422: { description: 'An Idempotency-Key used before with another body', content: { 'application/json': { schema: ErrorSchema } } },
};
const withEtag = (c: { header: (k: string, v: string) => void }, dto: { version: number }) => c.header('ETag', `"${dto.version}"`);

invoiceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/invoices',
    tags,
    security,
    summary: "A contract's invoices (vendor users: their own), newest first, with totals",
    request: { params: IdParam },
    responses: { 200: jsonResponse(ContractInvoices, 'Invoices'), ...commonErrors },
  }),
  async (c) => c.json(await listContractInvoices(serviceContext(c), c.req.valid('param').id), 200),
);

invoiceRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/contracts/{id}/invoices',
    tags,
    security,
    summary:
      'Submit an invoice (vendor users, on their own contracts) or enter one received on paper (procurement). Send an Idempotency-Key header to make retries safe: the same key and body return the same invoice; the same key with another body gets 422.',
    request: { params: IdParam, body: jsonBody(InvoiceCreate) },
    responses: { 201: jsonResponse(Invoice, 'Received'), ...writeErrors, ...unprocessable },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    return withIdempotency(c, `POST /contracts/${id}/invoices`, body, async () => ({
      status: 201,
      body: await createInvoice(serviceContext(c), id, body),
    })) as never;
  },
);

invoiceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/invoices.csv',
    tags,
    security,
    summary: "Export a contract's invoices as CSV",
    request: { params: IdParam },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...commonErrors },
  }),
  async (c) => {
    const { reference, csv } = await invoicesCsv(serviceContext(c), c.req.valid('param').id);
    return csvDownload(c, `${reference}-invoices.csv`, csv) as never;
  },
);

invoiceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/payment-terms',
    tags,
    security,
    summary: "A contract's payment terms: the rule pack's, with what the contract sets (terms, interest, fixed compensation)",
    request: { params: IdParam },
    responses: { 200: jsonResponse(PaymentTerms, 'Payment terms'), ...commonErrors },
  }),
  async (c) => c.json(await getPaymentTerms(serviceContext(c), c.req.valid('param').id), 200),
);

invoiceRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/contracts/{id}/payment-terms',
    tags,
    security,
    summary: "Set a contract's payment terms (procurement; send the current version, 0 when none is set)",
    request: { params: IdParam, body: jsonBody(PaymentTermsPut) },
    responses: { 200: jsonResponse(PaymentTerms, 'Saved'), ...writeErrors },
  }),
  async (c) => {
    const dto = await putPaymentTerms(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c));
    withEtag(c, dto);
    return c.json(dto, 200);
  },
);

invoiceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/invoices',
    tags,
    security,
    summary: 'Payables across the contracts you may see: due this week, late, defective, open, paid or all',
    request: { query: InvoiceListQuery },
    responses: { 200: jsonResponse(pageOf(InvoiceSummary), 'A page of invoices, soonest due first'), ...commonErrors },
  }),
  async (c) => c.json(await listInvoices(serviceContext(c), c.req.valid('query')), 200),
);

invoiceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/invoices/{id}',
    tags,
    security,
    summary: 'An invoice with its lines, proper-invoice checklist, payment clock, payments, history and attachments',
    request: { params: IdParam },
    responses: { 200: ok, ...commonErrors },
  }),
  async (c) => {
    const dto = await getInvoice(serviceContext(c), c.req.valid('param').id);
    withEtag(c, dto);
    return c.json(dto, 200);
  },
);

invoiceRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/invoices/{id}',
    tags,
    security,
    summary:
      'Correct an invoice (procurement): the received date or its stamp (with a reason, kept in the audit log), the delivery date, the checklist facts, notes',
    request: { params: IdParam, body: jsonBody(InvoiceUpdate) },
    responses: { 200: ok, ...writeErrors },
  }),
  async (c) => {
    const dto = await updateInvoice(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c));
    withEtag(c, dto);
    return c.json(dto, 200);
  },
);

invoiceRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/invoices/{id}/return',
    tags,
    security,
    summary: 'Return a received invoice to the vendor as defective, with the reasons (procurement)',
    request: { params: IdParam, body: jsonBody(InvoiceReturn) },
    responses: { 200: ok, ...writeErrors },
  }),
  async (c) => {
    const dto = await returnInvoice(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c));
    withEtag(c, dto);
    return c.json(dto, 200);
  },
);

invoiceRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/invoices/{id}/resubmit',
    tags,
    security,
    summary:
      'Send a returned invoice again, corrected and in full: it is received again and its clock starts again (the vendor, or procurement)',
    request: { params: IdParam, body: jsonBody(InvoiceResubmit) },
    responses: { 200: ok, ...writeErrors },
  }),
  async (c) => {
    const dto = await resubmitInvoice(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c));
    withEtag(c, dto);
    return c.json(dto, 200);
  },
);

invoiceRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/invoices/{id}/approve',
    tags,
    security,
    summary: "Confirm that what the invoice bills was received and accepted (the department's buyer); sets the acceptance date",
    request: { params: IdParam, body: jsonBody(InvoiceApprove) },
    responses: { 200: ok, ...writeErrors },
  }),
  async (c) => {
    const dto = await approveInvoice(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c));
    withEtag(c, dto);
    return c.json(dto, 200);
  },
);

invoiceRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/invoices/{id}/schedule',
    tags,
    security,
    summary: 'Schedule an approved invoice for payment (procurement)',
    request: { params: IdParam, body: jsonBody(InvoiceSchedule) },
    responses: { 200: ok, ...writeErrors },
  }),
  async (c) => {
    const dto = await scheduleInvoice(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c));
    withEtag(c, dto);
    return c.json(dto, 200);
  },
);

invoiceRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/invoices/{id}/payments',
    tags,
    security,
    summary:
      'Record a payment (full or partial, with late-payment interest worked out) or a credit note (procurement). An invoice is never paid twice: a payment beyond what is owed answers 409. An Idempotency-Key header makes retries safe.',
    request: { params: IdParam, body: jsonBody(PaymentCreate) },
    responses: { 201: jsonResponse(Invoice, 'Recorded; the invoice as it is now'), ...writeErrors, ...unprocessable },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    return withIdempotency(c, `POST /invoices/${id}/payments`, body, async () => ({
      status: 201,
      body: await recordPayment(serviceContext(c), id, body),
    })) as never;
  },
);

invoiceRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/invoices/{id}/attachments',
    tags,
    security,
    summary:
      'Attach a file to an invoice (PDF, office files, images, text; at most 25 MB; checked by content). Stored with the contract documents and shared with the vendor.',
    request: {
      params: IdParam,
      body: uploadBody(),
    },
    responses: { 201: jsonResponse(Invoice, 'Attached; the invoice as it is now'), ...writeErrors },
  }),
  async (c) => {
    const upload = await readUpload(c);
    const dto = await attachFile(serviceContext(c), c.req.valid('param').id, {
      filename: upload.filename,
      bytes: upload.bytes,
      title: upload.fields.title,
    });
    return c.json(dto, 201);
  },
);

invoiceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/invoices/{id}/interest',
    tags,
    security,
    summary:
      'The late-payment interest of an invoice with the working: accrued so far on what is unpaid (or as of a date), and what each late payment carried',
    request: { params: IdParam, query: InterestQuery },
    responses: { 200: jsonResponse(InvoiceInterest, 'Interest and working'), ...commonErrors },
  }),
  async (c) => c.json(await invoiceInterest(serviceContext(c), c.req.valid('param').id, c.req.valid('query').asOf), 200),
);

invoiceRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/prompt-payment/interest',
    tags,
    security,
    summary:
      'Interest calculator: late-payment interest for a principal, due date and payment date under a rule pack (its rate table, or the annual rate given), with the days late and the working',
    request: { body: jsonBody(InterestCalculation) },
    responses: {
      200: jsonResponse(InterestResult, 'Interest and working'),
      ...commonErrors,
      422: { description: 'No rate applies to these dates', content: { 'application/json': { schema: ErrorSchema } } },
    },
  }),
  async (c) => c.json(await calculateInterest(serviceContext(c), c.req.valid('json')), 200),
);

invoiceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/payables/summary',
    tags,
    security,
    summary: 'Invoices paid on time and late by month (for charts), and the open work: due this week, late, defective',
    request: { query: PayablesQuery },
    responses: { 200: jsonResponse(PayablesSummary, 'Summary'), ...commonErrors },
  }),
  async (c) => c.json(await payablesSummary(serviceContext(c), c.req.valid('query')), 200),
);

invoiceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/admin/payment-rates',
    tags: adminTags,
    security,
    summary: 'The late-payment interest rate tables of each rule pack',
    responses: { 200: jsonResponse(RateTables, 'Rate tables'), ...commonErrors },
  }),
  async (c) => c.json(await getRateTables(serviceContext(c)), 200),
);

invoiceRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/admin/payment-rates/{rulePack}',
    tags: adminTags,
    security,
    summary: "Replace a rule pack's rate table (administrators); open invoices keep the rate in effect on the day after their due date",
    request: { params: RuleParam, body: jsonBody(RateTablePut) },
    responses: { 200: jsonResponse(RateTables, 'Rate tables'), ...writeErrors },
  }),
  async (c) => c.json(await putRateTable(serviceContext(c), c.req.valid('param').rulePack, c.req.valid('json').rates), 200),
);

invoiceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/admin/payment-holidays',
    tags: adminTags,
    security,
    summary: 'The payment holidays (US federal, observed dates) that move a us-far due date to the next working day',
    request: { query: HolidayQuery },
    responses: { 200: jsonResponse(Holidays, 'Holidays'), ...commonErrors },
  }),
  async (c) => c.json(await getHolidays(serviceContext(c), c.req.valid('query').year), 200),
);

invoiceRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/admin/payment-holidays',
    tags: adminTags,
    security,
    summary: 'Replace the payment holidays, all of them or one year’s (administrators); open invoices’ due dates follow',
    request: { body: jsonBody(HolidaysPut) },
    responses: { 200: jsonResponse(Holidays, 'Holidays'), ...writeErrors },
  }),
  async (c) => c.json(await putHolidays(serviceContext(c), c.req.valid('json')), 200),
);
