/**
 * The demo data set: a fictional public body, the City of Harbourview, with its departments,
 * a handful of AI vendors, a dozen contracts of different types and pricing models, and one
 * account per role. Loaded through the services, so it is validated and audited like user input.
 */
import { addDays, todayUtc } from '../core/dates.js';
// Every capability's deadline sources and rules, so the demo contracts get their deadlines and findings
// also when the demo loads from `steward demo` (the server imports them through the app).
import '../features/frames.js';
import type { Role } from '../core/policy.js';
import type { Db } from '../db/database.js';
import type { ServiceContext } from '../platform/context.js';
import { systemActor } from '../platform/context.js';
import { createLogger } from '../platform/logger.js';
import { createContract } from '../features/contracts/contracts.service.js';
import type { ContractCreateInput } from '../features/contracts/contracts.schema.js';
import { createDepartment } from '../features/departments/departments.service.js';
import { uploadDocument } from '../features/documents/documents.service.js';
import { createUser } from '../features/users/users.service.js';
import { createVendor } from '../features/vendors/vendors.service.js';
import { loadDeadlinesDemo } from '../features/deadlines/deadlines.demo.js';
import { loadQuestionDemo } from '../features/questions/questions.demo.js';
import { loadFindingsDemo } from '../features/findings/findings.demo.js';
import { loadMilestonesDemo } from '../features/milestones/milestones.demo.js';
import { loadInvoicesDemo } from '../features/invoices/invoices.demo.js';
import { loadUsageDemo } from '../features/usage/usage.demo.js';
import { loadNotificationsDemo } from '../features/notifications/notifications.demo.js';
import { installNotificationSubscriptions } from '../platform/notifications/subscriptions.js';

export const DEMO_PASSWORD = 'Harbourview-demo-2026';

export interface DemoAccount {
  email: string;
  role: Role;
  name: string;
  department?: string;
  vendor?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@harbourview.example', role: 'admin', name: 'Alex Morgan' },
  { email: 'procurement@harbourview.example', role: 'procurement', name: 'Priya Natarajan' },
  { email: 'buyer@harbourview.example', role: 'buyer', name: 'Ben Okafor', department: 'TRN' },
  { email: 'itdata@harbourview.example', role: 'it_data', name: 'Ingrid Larsen', department: 'TRN' },
  { email: 'auditor@harbourview.example', role: 'auditor', name: 'Aisha Rahman' },
  { email: 'vendor@civicai.example', role: 'vendor', name: 'Victor Chen', vendor: 'Civic AI Solutions Inc.' },
];

const MORE_STAFF: DemoAccount[] = [
  { email: 'h.silva@harbourview.example', role: 'buyer', name: 'Helena Silva', department: 'HSS' },
  { email: 'd.kim@harbourview.example', role: 'it_data', name: 'Daniel Kim', department: 'HSS' },
  { email: 'r.cohen@harbourview.example', role: 'buyer', name: 'Ruth Cohen', department: 'CSV' },
  { email: 'm.adeyemi@harbourview.example', role: 'buyer', name: 'Musa Adeyemi', department: 'FIN' },
  { email: 'l.novak@harbourview.example', role: 'procurement', name: 'Lena Novak' },
];

const DEPARTMENTS = [
  { name: 'Transport', code: 'TRN' },
  { name: 'Health and Social Services', code: 'HSS' },
  { name: 'Customer Services', code: 'CSV' },
  { name: 'Finance', code: 'FIN' },
  { name: 'City Planning', code: 'PLN' },
];

const VENDORS = [
  {
    legalName: 'Civic AI Solutions Inc.',
    identifiers: [{ scheme: 'US-EIN', id: '84-2917365' }],
    address: {
      streetAddress: '400 Market Street, Suite 12',
      locality: 'Harbourview',
      region: 'WA',
      postalCode: '98101',
      countryName: 'United States',
    },
    contacts: [
      { role: 'commercial' as const, name: 'Victor Chen', email: 'vendor@civicai.example', telephone: '+1 206 555 0141' },
      { role: 'technical' as const, name: 'Sara Ibáñez', email: 'support@civicai.example' },
      { role: 'security' as const, name: 'Security desk', email: 'security@civicai.example' },
    ],
    website: 'https://civicai.example',
    notes: 'Conversational assistant platform. Security testing must be booked 10 working days ahead through the security desk.',
  },
  {
    legalName: 'Lumina Language Technologies Ltd',
    identifiers: [{ scheme: 'GB-COH', id: '11873402' }],
    address: { streetAddress: '18 Wharf Road', locality: 'London', postalCode: 'N1 7GR', countryName: 'United Kingdom' },
    contacts: [
      { role: 'commercial' as const, name: 'Tom Ashworth', email: 'accounts@lumina.example' },
      { role: 'technical' as const, name: 'Noor Haddad', email: 'noor.haddad@lumina.example' },
    ],
    website: 'https://lumina.example',
    notes: 'Machine translation with human post-editing.',
  },
  {
    legalName: 'ClearScribe Transcription GmbH',
    identifiers: [{ scheme: 'DE-CR', id: 'HRB 204117' }],
    address: { streetAddress: 'Speicherstraße 4', locality: 'Hamburg', postalCode: '20457', countryName: 'Germany' },
    contacts: [{ role: 'commercial' as const, name: 'Jana Vogel', email: 'sales@clearscribe.example' }],
    website: 'https://clearscribe.example',
    notes: '',
  },
  {
    legalName: 'Northwind Cloud Services LLC',
    identifiers: [{ scheme: 'US-EIN', id: '91-4410782' }],
    address: { locality: 'Seattle', region: 'WA', countryName: 'United States' },
    contacts: [
      { role: 'commercial' as const, name: 'Account team', email: 'public-sector@northwind.example' },
      { role: 'security' as const, name: 'Trust and safety', email: 'pentest-requests@northwind.example' },
    ],
    website: 'https://northwind.example',
    notes: 'Hosted large language model APIs billed per token. Penetration tests need a written request first.',
  },
  {
    legalName: 'Datapoint Analytics LLP',
    identifiers: [{ scheme: 'GB-COH', id: 'OC429981' }],
    address: { locality: 'Manchester', countryName: 'United Kingdom' },
    contacts: [{ role: 'technical' as const, name: 'Grace Obi', email: 'grace.obi@datapoint.example' }],
    website: null,
    notes: 'Custom model development and data engineering.',
  },
];

type DemoContract = Omit<ContractCreateInput, 'vendorId' | 'departmentId' | 'owners'> & {
  vendor: string;
  department: string;
  owners?: { procurement?: string; buyer?: string; it_data?: string };
  documents?: { title: string; filename: string; shared?: boolean }[];
};

function contracts(today: string): DemoContract[] {
  const d = (days: number) => addDays(today, days);
  const base = {
    description: '',
    options: [],
    publicFacing: false,
    highImpact: false,
    restricted: false,
    tags: [] as string[],
    renewalDecision: 'undecided' as const,
    renewalNote: '',
  };
  return [
    {
      ...base,
      reference: 'HV-2025-014',
      title: 'Resident help chatbot (usage-based)',
      description:
        'A conversational assistant on the city website answering questions about bins, parking permits and council tax, billed per conversation and per million tokens.',
      vendor: 'Civic AI Solutions Inc.',
      department: 'CSV',
      type: 'service_access',
      pricingModel: 'usage_based',
      currency: 'USD',
      value: '180000.00',
      ceiling: '250000.00',
      startDate: d(-300),
      endDate: d(65),
      options: [{ description: 'Option year 1', startDate: d(66), endDate: d(430) }],
      riskTier: 'high',
      publicFacing: true,
      highImpact: false,
      rulePack: 'us-far',
      status: 'active',
      owners: { procurement: 'procurement@harbourview.example', buyer: 'r.cohen@harbourview.example' },
      tags: ['chatbot', 'public-facing', 'llm'],
      documents: [
        { title: 'Signed contract', filename: 'HV-2025-014-contract.pdf', shared: true },
        { title: 'Acceptable use and escalation policy', filename: 'chatbot-escalation-policy.pdf' },
      ],
    },
    {
      ...base,
      reference: 'HV-2024-031',
      title: 'Permit document classification model',
      description:
        'Development of a custom model that classifies incoming planning and transport permit documents and routes them to the right team.',
      vendor: 'Datapoint Analytics LLP',
      department: 'TRN',
      type: 'development_services',
      pricingModel: 'fixed',
      currency: 'USD',
      value: '420000.00',
      ceiling: '420000.00',
      startDate: d(-200),
      endDate: d(160),
      riskTier: 'medium',
      rulePack: 'us-far',
      status: 'active',
      owners: { procurement: 'procurement@harbourview.example', buyer: 'buyer@harbourview.example', it_data: 'itdata@harbourview.example' },
      tags: ['classification', 'custom-model'],
      documents: [{ title: 'Statement of work', filename: 'permit-classifier-sow.pdf', shared: true }],
    },
    {
      ...base,
      reference: 'HV-2025-040',
      title: 'Multilingual letters translation pilot',
      description:
        'A six-month pilot translating standard letters into the five most-requested community languages, with human review of every letter.',
      vendor: 'Lumina Language Technologies Ltd',
      department: 'HSS',
      type: 'service_access',
      pricingModel: 'time_and_materials',
      currency: 'USD',
      value: '60000.00',
      ceiling: '75000.00',
      startDate: d(-45),
      endDate: d(135),
      riskTier: 'medium',
      publicFacing: true,
      rulePack: 'us-far',
      status: 'active',
      owners: { procurement: 'l.novak@harbourview.example', buyer: 'h.silva@harbourview.example', it_data: 'd.kim@harbourview.example' },
      tags: ['pilot', 'translation'],
    },
    {
      ...base,
      reference: 'HV-2025-022',
      title: 'Council meeting transcription subscription',
      description:
        'Automatic transcription and captioning of public council meetings, subscription per seat with a monthly hours allowance.',
      vendor: 'ClearScribe Transcription GmbH',
      department: 'CSV',
      type: 'service_access',
      pricingModel: 'subscription',
      currency: 'EUR',
      value: '36000.00',
      ceiling: '40000.00',
      startDate: d(-120),
      endDate: d(245),
      riskTier: 'low',
      publicFacing: true,
      rulePack: 'eu',
      status: 'active',
      owners: { procurement: 'procurement@harbourview.example', buyer: 'r.cohen@harbourview.example' },
      tags: ['transcription', 'accessibility'],
    },
    {
      ...base,
      reference: 'HV-2025-009',
      title: 'Large language model API access',
      description:
        'Enterprise access to hosted language models billed per million input and output tokens, shared by departments through the city AI gateway.',
      vendor: 'Northwind Cloud Services LLC',
      department: 'FIN',
      type: 'service_access',
      pricingModel: 'usage_based',
      currency: 'USD',
      value: '300000.00',
      ceiling: '350000.00',
      startDate: d(-400),
      endDate: d(330),
      riskTier: 'high',
      highImpact: true,
      rulePack: 'us-far',
      status: 'active',
      owners: { procurement: 'procurement@harbourview.example', buyer: 'm.adeyemi@harbourview.example' },
      tags: ['llm', 'tokens', 'shared-service'],
    },
    {
      ...base,
      reference: 'HV-2025-031',
      title: 'Benefits eligibility triage assistant',
      description:
        'A restricted pilot supporting caseworkers in triaging benefits applications. The model only suggests; a caseworker decides.',
      vendor: 'Datapoint Analytics LLP',
      department: 'HSS',
      type: 'hybrid',
      pricingModel: 'hybrid',
      currency: 'USD',
      value: '250000.00',
      ceiling: '275000.00',
      startDate: d(-30),
      endDate: d(500),
      riskTier: 'high',
      highImpact: true,
      restricted: true,
      rulePack: 'us-far',
      status: 'active',
      owners: { procurement: 'l.novak@harbourview.example', buyer: 'h.silva@harbourview.example', it_data: 'd.kim@harbourview.example' },
      tags: ['high-impact', 'caseworker-support'],
      documents: [{ title: 'Algorithmic impact assessment', filename: 'triage-impact-assessment.pdf' }],
    },
    {
      ...base,
      reference: 'HV-2026-002',
      title: 'Traffic signal timing optimisation',
      description: 'Machine-learning optimisation of signal timings on three corridors, paid by milestone.',
      vendor: 'Datapoint Analytics LLP',
      department: 'TRN',
      type: 'development_services',
      pricingModel: 'fixed',
      currency: 'USD',
      value: '150000.00',
      ceiling: '165000.00',
      startDate: d(20),
      endDate: d(380),
      riskTier: 'medium',
      rulePack: 'us-far',
      status: 'draft',
      owners: { procurement: 'procurement@harbourview.example', buyer: 'buyer@harbourview.example', it_data: 'itdata@harbourview.example' },
      tags: ['transport', 'optimisation'],
    },
    {
      ...base,
      reference: 'HV-2024-017',
      title: 'Pothole detection from street imagery',
      description:
        'Computer-vision detection of road defects from refuse-truck cameras. Suspended while the vendor fixes a data-retention issue.',
      vendor: 'Civic AI Solutions Inc.',
      department: 'TRN',
      type: 'hybrid',
      pricingModel: 'subscription',
      currency: 'USD',
      value: '90000.00',
      ceiling: '95000.00',
      startDate: d(-500),
      // Within 30 days of its end with no renewal decision: the demo's critical finding.
      endDate: d(26),
      riskTier: 'medium',
      rulePack: 'us-far',
      status: 'suspended',
      owners: { procurement: 'procurement@harbourview.example', buyer: 'buyer@harbourview.example', it_data: 'itdata@harbourview.example' },
      tags: ['computer-vision', 'roads'],
    },
    {
      ...base,
      reference: 'HV-2023-008',
      title: 'Call centre speech analytics',
      description:
        'Speech analytics for the customer contact centre. Closed after the three-year term; data deleted and certificate received.',
      vendor: 'ClearScribe Transcription GmbH',
      department: 'CSV',
      type: 'service_access',
      pricingModel: 'subscription',
      currency: 'EUR',
      value: '54000.00',
      ceiling: '54000.00',
      startDate: d(-1200),
      endDate: d(-110),
      riskTier: 'low',
      rulePack: 'eu',
      status: 'closed',
      owners: { procurement: 'l.novak@harbourview.example', buyer: 'r.cohen@harbourview.example' },
      tags: ['decommissioned'],
    },
    {
      ...base,
      reference: 'HV-2025-051',
      title: 'Budget forecasting model refresh',
      description: 'Time-and-materials support to retrain and document the revenue forecasting model.',
      vendor: 'Datapoint Analytics LLP',
      department: 'FIN',
      type: 'development_services',
      pricingModel: 'time_and_materials',
      currency: 'USD',
      value: '48000.00',
      ceiling: '55000.00',
      startDate: d(-60),
      endDate: d(85),
      riskTier: 'low',
      rulePack: 'us-far',
      status: 'active',
      owners: { procurement: 'procurement@harbourview.example', buyer: 'm.adeyemi@harbourview.example' },
      tags: ['forecasting'],
      renewalDecision: 'let_expire',
      renewalNote: 'The forecasting team takes the model in-house after this refresh.',
    },
    {
      ...base,
      reference: 'HV-2025-060',
      title: 'Planning consultation summariser',
      description: 'Summaries of public responses to planning consultations, with every summary checked by an officer.',
      vendor: 'Northwind Cloud Services LLC',
      department: 'PLN',
      type: 'service_access',
      pricingModel: 'usage_based',
      currency: 'USD',
      value: '25000.00',
      ceiling: '30000.00',
      startDate: d(-15),
      endDate: d(200),
      riskTier: 'medium',
      publicFacing: false,
      rulePack: 'generic',
      status: 'active',
      owners: { procurement: 'l.novak@harbourview.example' },
      tags: ['llm', 'summarisation', 'pilot'],
    },
    {
      ...base,
      reference: 'HV-2025-066',
      title: 'Fraud pattern detection for payments',
      description: 'Restricted: anomaly detection over supplier payments. Details shared on a need-to-know basis.',
      vendor: 'Lumina Language Technologies Ltd',
      department: 'FIN',
      type: 'development_services',
      pricingModel: 'fixed',
      currency: 'GBP',
      value: '80000.00',
      ceiling: '88000.00',
      startDate: d(-90),
      endDate: d(270),
      riskTier: 'high',
      restricted: true,
      rulePack: 'uk-pa23',
      status: 'active',
      owners: { procurement: 'procurement@harbourview.example', buyer: 'm.adeyemi@harbourview.example' },
      tags: ['restricted', 'anomaly-detection'],
    },
  ];
}

/** A small, valid one-page PDF with a title line: demo attachments without shipping binaries. */
export function demoPdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, '');
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET\nBT /F1 11 Tf 72 690 Td (City of Harbourview - demo document generated by Steward) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Whether the database has no users yet (a fresh install). */
export async function isEmpty(db: Db): Promise<boolean> {
  const r = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !r;
}

export async function loadDemo(db: Db, today = todayUtc()): Promise<{ accounts: DemoAccount[]; contracts: number }> {
  const ctx: ServiceContext = { db, actor: systemActor(), requestId: 'demo-loader', log: createLogger('silent') };
  // The findings the demo contracts open reach the inboxes, as they will later.
  installNotificationSubscriptions(null);
  const deptIds = new Map<string, string>();
  for (const dep of DEPARTMENTS) deptIds.set(dep.code, (await createDepartment(ctx, dep)).id);
  const vendorIds = new Map<string, string>();
  for (const v of VENDORS) vendorIds.set(v.legalName, (await createVendor(ctx, v)).id);
  const userIds = new Map<string, string>();
  for (const a of [...DEMO_ACCOUNTS, ...MORE_STAFF]) {
    const u = await createUser(ctx, {
      email: a.email,
      name: a.name,
      role: a.role,
      departmentId: a.department ? deptIds.get(a.department) : null,
      vendorId: a.vendor ? vendorIds.get(a.vendor) : null,
      password: DEMO_PASSWORD,
    });
    userIds.set(a.email, u.id);
  }
  const list = contracts(today);
  for (const c of list) {
    const { vendor, department, owners, documents, ...rest } = c;
    const created = await createContract(ctx, {
      ...rest,
      vendorId: vendorIds.get(vendor) as string,
      departmentId: deptIds.get(department) as string,
      owners: {
        procurement: owners?.procurement ? userIds.get(owners.procurement) : null,
        buyer: owners?.buyer ? userIds.get(owners.buyer) : null,
        it_data: owners?.it_data ? userIds.get(owners.it_data) : null,
      },
    });
    for (const doc of documents ?? [])
      await uploadDocument(ctx, created.id, {
        filename: doc.filename,
        bytes: demoPdf(doc.title),
        title: doc.title,
        sharedWithVendor: !!doc.shared,
      });
  }
  await loadQuestionDemo(db, today);
  await loadMilestonesDemo(db, today);
  await loadInvoicesDemo(db, today);
  await loadUsageDemo(db, today);
  await loadFindingsDemo(db, today);
  await loadDeadlinesDemo(db);
  await loadNotificationsDemo(db, today, { buyer: 'buyer@harbourview.example', procurement: 'procurement@harbourview.example' });
  return { accounts: DEMO_ACCOUNTS, contracts: list.length };
}
