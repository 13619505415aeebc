import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPdf } from '../../cli/demo.js';
import { type Client, type TestResponse, type World, auditRows, createWorld, expectError } from '../../test/harness.js';
import type { ContractDto } from '../contracts/contracts.schema.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'itB', 'auditor', 'vendorOne', 'vendorTwo'];

/** A minimal ZIP with stored (uncompressed) entries. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The smallest Word document Word itself opens: content types, package relationships, one paragraph. */
function minimalDocx(): Buffer {
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Statement of work</w:t></w:r></w:p></w:body></w:document>',
  });
}

/** PNG signature and an IHDR chunk for a 1×1 image. */
function minimalPng(): Buffer {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const type = Buffer.from('IHDR');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(13);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, ihdr])));
  return Buffer.concat([sig, len, type, ihdr, crc]);
}

let w: World;
const as = {} as Record<UserKey, Client>;
let cA: ContractDto;
let cAr: ContractDto;
let shared: string;
let privateDoc: string;
let restrictedDoc: string;

const docsPath = (c: { id: string }) => `/api/contracts/${c.id}/documents`;

async function uploadAs(client: Client, contract: { id: string }, name: string, bytes: Uint8Array, fields: Record<string, string> = {}) {
  return client.upload(docsPath(contract), { name, bytes }, fields);
}

beforeAll(async () => {
  w = await createWorld();
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
  cA = await w.contract({ departmentId: w.dept.a, vendorId: w.vendor.one });
  cAr = await w.contract({ departmentId: w.dept.a, vendorId: w.vendor.one, restricted: true });
  shared = (
    await uploadAs(as.procurement, cA, 'shared.pdf', demoPdf('Shared with the vendor'), { sharedWithVendor: 'true', title: 'Shared SOW' })
  ).body.id;
  privateDoc = (await uploadAs(as.procurement, cA, 'internal.pdf', demoPdf('Internal evaluation'))).body.id;
  restrictedDoc = (await uploadAs(as.procurement, cAr, 'restricted.pdf', demoPdf('Restricted'))).body.id;
});

async function expectStatus(r: TestResponse, status: number, user: UserKey) {
  expect(r.status, `${user}: ${r.text.slice(0, 300)}`).toBe(status);
  if (status === 403 || status === 404) {
    expectError(r, status);
    const rows = await auditRows(w.db, { action: 'permission.denied', requestId: r.headers.get('x-request-id') as string });
    expect(rows, `denial for ${user} not logged`).toHaveLength(1);
  }
}

describe('role × department matrix: documents', () => {
  // user, list cA (which docs), list cAr, upload to cA, download shared, download private, download restricted, delete
  it.each<[UserKey, number, 'all' | 'shared' | null, number, number, number, number, number, number]>([
    ['admin', 403, null, 403, 403, 403, 403, 403, 403],
    ['procurement', 200, 'all', 200, 201, 200, 200, 200, 204],
    ['buyerA', 200, 'all', 200, 201, 200, 200, 200, 204],
    ['buyerB', 403, null, 404, 403, 403, 403, 404, 403],
    ['itA', 200, 'all', 200, 201, 200, 200, 200, 403],
    ['itB', 403, null, 404, 403, 403, 403, 404, 403],
    ['auditor', 200, 'all', 200, 403, 200, 200, 200, 403],
    ['vendorOne', 200, 'shared', 200, 403, 200, 404, 404, 403],
    ['vendorTwo', 404, null, 404, 403, 404, 404, 404, 403],
  ])(
    '%s: list cA %i (%s), list cAr %i, upload %i, download shared %i / private %i / restricted %i, delete %i',
    async (user, listA, which, listAr, upload, dlShared, dlPrivate, dlRestricted, del) => {
      const l = await as[user].get(docsPath(cA));
      await expectStatus(l, listA, user);
      if (listA === 200) {
        const got = l.body.items.map((d: { id: string }) => d.id);
        expect(got.includes(shared)).toBe(true);
        expect(got.includes(privateDoc)).toBe(which === 'all');
      }
      const lr = await as[user].get(docsPath(cAr));
      await expectStatus(lr, listAr, user);
      if (user === 'vendorOne') expect(lr.body.items).toEqual([]);
      await expectStatus(await uploadAs(as[user], cA, `by-${user}.txt`, Buffer.from(`uploaded by ${user}\n`)), upload, user);
      await expectStatus(await as[user].get(`/api/documents/${shared}/download`), dlShared, user);
      await expectStatus(await as[user].get(`/api/documents/${privateDoc}/download`), dlPrivate, user);
      await expectStatus(await as[user].get(`/api/documents/${restrictedDoc}/download`), dlRestricted, user);
      const victim = (await uploadAs(as.procurement, cA, 'victim.txt', Buffer.from('to be deleted'), { sharedWithVendor: 'true' })).body.id;
      await expectStatus(await as[user].delete(`/api/documents/${victim}`), del, user);
      const left = await w.db.selectFrom('documents').select('id').where('id', '=', victim).executeTakeFirst();
      expect(!!left).toBe(del !== 204);
    },
  );
});

describe('uploads', () => {
  it('stores a real PDF and sends back exactly the same bytes as an attachment that browsers must not sniff', async () => {
    const pdf = demoPdf('Statement of work');
    const r = await uploadAs(as.buyerA, cA, 'SOW v2.pdf', pdf, { title: '  Statement of work  ' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      contractId: cA.id,
      title: 'Statement of work',
      filename: 'SOW v2.pdf',
      mediaType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      sharedWithVendor: false,
      uploadedBy: { id: w.users.buyerA.id, name: 'buyerA' },
    });
    const res = await w.app.request(`http://localhost/api/documents/${r.body.id}/download`, {
      headers: { cookie: as.itA.cookie as string, 'x-test-peer': as.itA.peer },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="SOW v2\.pdf"/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
    const [entry] = (await auditRows(w.db, { action: 'document.upload', entityId: cA.id })).filter(
      (e) => (e.after as { documentId: string }).documentId === r.body.id,
    );
    expect(entry).toMatchObject({ actor_id: w.users.buyerA.id, request_id: r.headers.get('x-request-id') });
    expect(entry.after).toMatchObject({ filename: 'SOW v2.pdf', sizeBytes: pdf.length });
  });

  it.each<[string, string, () => Buffer]>([
    ['contract.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', minimalDocx],
    ['diagram.png', 'image/png', minimalPng],
    ['notes.txt', 'text/plain; charset=utf-8', () => Buffer.from('Kick-off notes: ✓ scope agreed\n')],
    ['rates.csv', 'text/csv; charset=utf-8', () => Buffer.from('role,rate\nengineer,120.00\n')],
  ])('accepts %s, stored as %s', async (name, mediaType, bytes) => {
    const data = bytes();
    const r = await uploadAs(as.itA, cA, name, data);
    expect(r.status, r.text).toBe(201);
    expect(r.body.mediaType).toBe(mediaType);
    const d = await as.itA.get(`/api/documents/${r.body.id}/download`);
    expect(d.headers.get('content-type')).toBe(mediaType);
  });

  it.each<[string, string, () => Buffer, RegExp]>([
    ['a PNG named .pdf', 'report.pdf', minimalPng, /named \.pdf.*\.png/],
    ['a PDF named .docx', 'letter.docx', () => demoPdf('x'), /named \.docx.*\.pdf/],
    ['an executable', 'setup.exe', () => Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), /\.exe.*not accepted/],
    ['an HTML page', 'page.html', () => Buffer.from('<script>alert(1)</script>'), /\.html.*not accepted/],
    ['a file without an extension', 'README', () => Buffer.from('hello'), /not accepted/],
    ['binary bytes named .txt', 'data.txt', () => Buffer.from([0x00, 0xff, 0xfe, 0x00]), /not plain UTF-8 text/],
    ['an empty file', 'empty.pdf', () => Buffer.alloc(0), /empty/],
  ])('refuses %s with 400 saying why', async (_what, name, bytes, why) => {
    const before = await w.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const e = expectError(await uploadAs(as.procurement, cA, name, bytes()), 400, 'validation_failed');
    expect(e.fields?.file).toMatch(why);
    const after = await w.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('refuses a request without a file, and a JSON body', async () => {
    const form = new FormData();
    form.set('title', 'no file');
    expect(expectError(await as.procurement.request('POST', docsPath(cA), { body: form }), 400).fields).toHaveProperty('file');
    expectError(await as.procurement.post(docsPath(cA), { file: 'x' }), 415, 'unsupported_media_type');
  });

  it('refuses a file over 25 MB with 413', async () => {
    const big = Buffer.alloc(25 * 1024 * 1024 + 1, 0x41);
    const r = await uploadAs(as.procurement, cA, 'big.txt', big);
    expectError(r, 413, 'payload_too_large');
  });

  it('refuses an upload whose declared size is over the limit before reading it', async () => {
    const r = await as.procurement.request('POST', docsPath(cA), {
      body: 'x',
      headers: { 'content-type': 'multipart/form-data; boundary=abc', 'content-length': String(26 * 1024 * 1024 + 64 * 1024) },
    });
    expectError(r, 413, 'payload_too_large');
  });

  it('holds the configured upload limit for a chunked upload that declares no length', async () => {
    const { createApp } = await import('../../app.js');
    const { createLogger } = await import('../../platform/logger.js');
    const app = createApp({ db: w.db, config: { ...w.config, uploadLimitBytes: 10_000 }, log: createLogger('silent'), serveWeb: false });
    const form = new FormData();
    form.set('file', new File([Buffer.alloc(200_000, 0x61)], 'long.txt'));
    const encoded = new Response(form);
    const before = await w.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await app.request(`http://localhost${docsPath(cA)}`, {
      method: 'POST',
      body: encoded.body,
      duplex: 'half',
      headers: {
        'content-type': encoded.headers.get('content-type') as string,
        cookie: as.procurement.cookie as string,
        'x-csrf-token': as.procurement.csrf as string,
        'x-test-peer': as.procurement.peer,
      },
    } as RequestInit);
    const text = await res.text();
    expectError({ status: res.status, headers: res.headers, body: JSON.parse(text), text }, 413, 'payload_too_large');
    const after = await w.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it.each<[string, string]>([
    ['../../etc/passwd.txt', 'passwd.txt'],
    ['..\\..\\windows\\win.ini.txt', 'win.ini.txt'],
    ['/absolute/path/plan.txt', 'plan.txt'],
    ['evil\u0000name\u0007.txt', 'evilname.txt'],
    ['line\r\nbreak.txt', 'linebreak.txt'],
    ['quo"te<>|.txt', 'quote.txt'],
  ])('cleans the file name %j to %j and never uses it as a path', async (given, cleaned) => {
    const r = await uploadAs(as.procurement, cA, given, Buffer.from('content\n'));
    expect(r.status, r.text).toBe(201);
    expect(r.body.filename).toBe(cleaned);
    const d = await as.procurement.get(`/api/documents/${r.body.id}/download`);
    expect(d.text).toBe('content\n');
    const cd = d.headers.get('content-disposition') as string;
    expect(cd).toContain(`filename="${cleaned}"`);
    expect(cd).not.toMatch(/[\r\n\u0000]/);
  });

  it('keeps non-ASCII names in the RFC 5987 form of Content-Disposition', async () => {
    const r = await uploadAs(as.procurement, cA, 'Übersicht €.txt', Buffer.from('x'));
    const d = await as.procurement.get(`/api/documents/${r.body.id}/download`);
    expect(d.headers.get('content-disposition')).toBe(
      `attachment; filename="_bersicht _.txt"; filename*=UTF-8''${encodeURIComponent('Übersicht €.txt')}`,
    );
  });
});

describe('deleting', () => {
  it('deletes a document, logs it, and it is gone for everyone', async () => {
    const r = await uploadAs(as.buyerA, cA, 'old.txt', Buffer.from('old'));
    const del = await as.buyerA.delete(`/api/documents/${r.body.id}`);
    expect(del.status).toBe(204);
    expectError(await as.procurement.get(`/api/documents/${r.body.id}/download`), 404);
    expectError(await as.buyerA.delete(`/api/documents/${r.body.id}`), 404);
    const entries = (await auditRows(w.db, { action: 'document.delete', entityId: cA.id })).filter(
      (e) => (e.before as { documentId: string }).documentId === r.body.id,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_id: w.users.buyerA.id, request_id: del.headers.get('x-request-id') });
    expect(entries[0].before).toMatchObject({ filename: 'old.txt', title: 'old.txt' });
  });
});
