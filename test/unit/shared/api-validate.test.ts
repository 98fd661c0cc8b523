import { describe, expect, it } from 'vitest';
import { FILE_CHUNK_BYTES, MAX_RECENT_FILES, MAX_SAVE_BASE64_CHARS, MAX_SESSION_HEADER_CHARS } from '../../../shared/api';
import {
  isEventName,
  isRequestName,
  parseEventPayload,
  parseIpcReply,
  parseRequestParams,
  parseRequestResult,
  parseWireMessage,
  parseWireText,
} from '../../../shared/api-validate';

const grant = { fileId: '0123456789abcdef0123456789abcdef', name: 'trace.txt', size: 1234 };

function errorOf(parsed: { ok: true } | { ok: false; error: string }): string {
  if (parsed.ok) throw new Error('expected a rejection');
  return parsed.error;
}

describe('event payloads', () => {
  it('accepts each event as the contract describes it', () => {
    expect(parseEventPayload('fileOffered', grant)).toEqual({ ok: true, value: grant });
    expect(parseEventPayload('fileChunk', { fileId: grant.fileId, text: 'a\nb', bytesRead: 3 }).ok).toBe(true);
    expect(parseEventPayload('fileEnd', { fileId: grant.fileId, bytesRead: 3 }).ok).toBe(true);
    expect(parseEventPayload('fileError', { fileId: grant.fileId, message: 'gone' }).ok).toBe(true);
  });

  it('names the field and what was wrong with it', () => {
    expect(errorOf(parseEventPayload('fileChunk', { fileId: grant.fileId, text: 'x', bytesRead: -1 }))).toBe(
      'fileChunk.bytesRead: expected a whole number from 0 to 9007199254740991, got -1',
    );
    expect(errorOf(parseEventPayload('fileEnd', { fileId: grant.fileId }))).toBe('fileEnd.bytesRead: missing');
  });

  it('refuses extra fields, so nothing rides along past the contract', () => {
    expect(errorOf(parseEventPayload('fileOffered', { ...grant, path: '/etc/shadow' }))).toMatch(/unexpected field "path"/);
  });

  it('refuses non-finite and fractional numbers', () => {
    for (const size of [Number.NaN, Number.POSITIVE_INFINITY, 1.5, 2 ** 60]) {
      expect(parseEventPayload('fileOffered', { ...grant, size }).ok).toBe(false);
    }
  });

  it('refuses mistyped fields, arrays and null where an object belongs', () => {
    expect(parseEventPayload('fileOffered', { ...grant, size: '1234' }).ok).toBe(false);
    expect(parseEventPayload('fileOffered', [grant]).ok).toBe(false);
    expect(parseEventPayload('fileOffered', null).ok).toBe(false);
    expect(parseEventPayload('fileOffered', Object.assign(Object.create({ inherited: 1 }), grant)).ok).toBe(false);
  });

  it('refuses absurdly long strings but takes a full chunk of text', () => {
    const full = 'x'.repeat(FILE_CHUNK_BYTES + 3);
    expect(parseEventPayload('fileChunk', { fileId: grant.fileId, text: full, bytesRead: FILE_CHUNK_BYTES }).ok).toBe(true);
    expect(parseEventPayload('fileChunk', { fileId: grant.fileId, text: `${full}x`, bytesRead: 1 }).ok).toBe(false);
    expect(errorOf(parseEventPayload('fileOffered', { ...grant, name: 'n'.repeat(100_000) }))).toMatch(/a string of 100000 characters/);
  });

  it('refuses file ids that look like paths', () => {
    for (const fileId of ['../../etc/passwd', '/tmp/x', '', 'a'.repeat(65)]) {
      expect(parseEventPayload('fileEnd', { fileId, bytesRead: 0 }).ok).toBe(false);
    }
  });

  it('does not let a "__proto__" key through', () => {
    const raw: unknown = JSON.parse(`{"fileId":"${grant.fileId}","bytesRead":1,"__proto__":{"polluted":true}}`);
    expect(errorOf(parseEventPayload('fileEnd', raw))).toMatch(/unexpected field "__proto__"/);
  });
});

describe('request parameters and results', () => {
  it('takes empty parameters for hello and showOpenDialog, and nothing else', () => {
    expect(parseRequestParams('hello', {}).ok).toBe(true);
    expect(parseRequestParams('showOpenDialog', { path: '/etc/passwd' }).ok).toBe(false);
  });

  it('takes readFile only with a file id', () => {
    expect(parseRequestParams('readFile', { fileId: grant.fileId })).toEqual({ ok: true, value: { fileId: grant.fileId } });
    expect(parseRequestParams('readFile', { path: '/etc/passwd' }).ok).toBe(false);
  });

  it('checks a hello result all the way down', () => {
    const info = { kind: 'preview', version: '0.1.0', nativeOpenDialog: false, captureAvailable: false, openAtStart: [grant] };
    expect(parseRequestResult('hello', info)).toEqual({ ok: true, value: info });
    expect(errorOf(parseRequestResult('hello', { ...info, kind: 'cloud' }))).toBe(
      'hello result.kind: expected "electron" or "preview", got "cloud"',
    );
    expect(errorOf(parseRequestResult('hello', { ...info, openAtStart: [grant, { ...grant, size: -5 }] }))).toMatch(
      /^hello result\.openAtStart\[1\]\.size:/,
    );
  });

  it('lets showOpenDialog answer null for a cancelled dialog', () => {
    expect(parseRequestResult('showOpenDialog', null)).toEqual({ ok: true, value: null });
    expect(parseRequestResult('showOpenDialog', undefined).ok).toBe(false);
  });
});

describe('saving and recent files', () => {
  const png = Buffer.from('\x89PNG\r\n\x1a\n', 'latin1').toString('base64');

  it('takes saveBytes with a purpose, a name and whole base64', () => {
    const params = { purpose: 'image', suggestedName: 'timeline.png', base64: png };
    expect(parseRequestParams('saveBytes', params)).toEqual({ ok: true, value: params });
    expect(parseRequestParams('saveBytes', { ...params, purpose: 'session' }).ok).toBe(true);
    expect(errorOf(parseRequestParams('saveBytes', { ...params, purpose: 'script' }))).toBe('saveBytes parameters.purpose: expected "image" or "session", got "script"');
    expect(errorOf(parseRequestParams('saveBytes', { ...params, base64: 'iVBORw0KGgo' }))).toBe(
      'saveBytes parameters.base64: expected base64 in whole groups of four characters, got 11 characters',
    );
    for (const base64 of ['', 'iVBO Rw0K', 'iV=BORw0', 'data:image/png;base64,iVBORw0KGgo=']) {
      expect(parseRequestParams('saveBytes', { ...params, base64 }).ok).toBe(false);
    }
    expect(parseRequestParams('saveBytes', { ...params, path: '/etc/passwd' }).ok).toBe(false);
  });

  it('bounds saveBytes at MAX_SAVE_BASE64_CHARS and says so', () => {
    const at = 'A'.repeat(MAX_SAVE_BASE64_CHARS);
    expect(parseRequestParams('saveBytes', { purpose: 'image', suggestedName: 'big.png', base64: at }).ok).toBe(true);
    expect(errorOf(parseRequestParams('saveBytes', { purpose: 'image', suggestedName: 'big.png', base64: `${at}AAAA` }))).toBe(
      `saveBytes parameters.base64: expected a string of 4–${MAX_SAVE_BASE64_CHARS} characters matching /^[A-Za-z0-9+/]*={0,2}$/, got a string of ${MAX_SAVE_BASE64_CHARS + 4} characters`,
    );
  });

  it('takes saveSession of a granted file or a capture, with a header of `# ` lines only', () => {
    const header = '# skbscope session : 1\n# skbscope view : {"hiddenRows":["µ-dev 😀"]}\n';
    const file = { trace: { kind: 'file', fileId: grant.fileId }, header, suggestedName: 'a.skbscope' };
    expect(parseRequestParams('saveSession', file)).toEqual({ ok: true, value: file });
    expect(parseRequestParams('saveSession', { ...file, trace: { kind: 'capture', captureId: grant.fileId } }).ok).toBe(true);
    expect(parseRequestParams('saveSession', { ...file, trace: { kind: 'file', path: '/etc/passwd' } }).ok).toBe(false);
    expect(parseRequestParams('saveSession', { ...file, trace: { kind: 'capture', fileId: grant.fileId } }).ok).toBe(false);
    for (const bad of ['', '# no newline', '#x\n', '# a\nevent line\n', '# a\r\n', '# \u0000\n', '# lone \ud800\n', `# ${'x'.repeat(MAX_SESSION_HEADER_CHARS)}\n`]) {
      expect(parseRequestParams('saveSession', { ...file, header: bad }).ok).toBe(false);
    }
  });

  it('answers listRecent with at most MAX_RECENT_FILES grants', () => {
    const files = Array.from({ length: MAX_RECENT_FILES }, () => grant);
    expect(parseRequestParams('listRecent', {}).ok).toBe(true);
    expect(parseRequestResult('listRecent', { files })).toEqual({ ok: true, value: { files } });
    expect(parseRequestResult('listRecent', { files: [...files, grant] }).ok).toBe(false);
  });

  it('takes a textUrl only as an address of the backend’s own: a capture’s live text, a file’s text', () => {
    const started = { captureId: 'c'.repeat(32), commandLine: 'perf trace', textUrl: `/live/${'0a'.repeat(16)}/capture.txt` };
    expect(parseRequestResult('startCapture', started)).toEqual({ ok: true, value: started });
    expect(parseRequestResult('startCapture', { ...started, textUrl: null }).ok).toBe(true);
    for (const textUrl of ['https://example.com/live/x', `//evil/live/${'0'.repeat(32)}/a`, `/live/${'0'.repeat(32)}/../../etc`, '/captures/x/y', undefined]) {
      expect(parseRequestResult('startCapture', { ...started, textUrl }).ok).toBe(false);
    }
    const reading = { ...grant, textUrl: `/files/${grant.fileId}/trace%20one.txt` };
    expect(parseRequestResult('readFile', reading)).toEqual({ ok: true, value: reading });
    expect(parseRequestResult('readFile', { ...grant, textUrl: null }).ok).toBe(true);
    expect(parseRequestResult('readFile', { ...grant, textUrl: started.textUrl }).ok).toBe(false);
    expect(parseRequestResult('readFile', grant).ok).toBe(false);
  });
});

describe('wire messages', () => {
  it('reads each kind of message', () => {
    expect(parseWireMessage({ kind: 'request', id: 1, method: 'hello', params: {} }).ok).toBe(true);
    expect(parseWireMessage({ kind: 'response', id: 1, ok: true, result: { anything: 1 } }).ok).toBe(true);
    expect(parseWireMessage({ kind: 'response', id: 1, ok: false, error: 'no' }).ok).toBe(true);
    expect(parseWireMessage({ kind: 'event', name: 'fileEnd', payload: {} }).ok).toBe(true);
  });

  it('refuses unknown kinds, methods and events', () => {
    expect(errorOf(parseWireMessage({ kind: 'shell', id: 1 }))).toBe('message.kind: expected "request" or "response" or "event", got "shell"');
    expect(errorOf(parseWireMessage({ kind: 'request', id: 1, method: 'deleteFile', params: {} }))).toMatch(/message\.method/);
    expect(parseWireMessage({ kind: 'event', name: 'fileDeleted', payload: {} }).ok).toBe(false);
  });

  it('refuses a response that is half success, half failure', () => {
    expect(parseWireMessage({ kind: 'response', id: 1, ok: true, error: 'x' }).ok).toBe(false);
    expect(parseWireMessage({ kind: 'response', id: 1, ok: false, result: 1 }).ok).toBe(false);
  });

  it('refuses ids that are not whole, non-negative numbers', () => {
    for (const id of [-1, 0.5, Number.NaN, '1', null]) {
      expect(parseWireMessage({ kind: 'request', id, method: 'hello', params: {} }).ok).toBe(false);
    }
  });

  it('reads JSON text and says when it is not JSON', () => {
    expect(parseWireText('{"kind":"request","id":2,"method":"hello","params":{}}').ok).toBe(true);
    expect(errorOf(parseWireText('{"kind":'))).toBe('message: not valid JSON');
  });
});

describe('names and IPC replies', () => {
  it('knows the contract names and nothing else', () => {
    expect(isRequestName('readFile')).toBe(true);
    expect(isRequestName('toString')).toBe(false);
    expect(isEventName('fileChunk')).toBe(true);
    expect(isEventName('constructor')).toBe(false);
  });

  it('reads IPC replies', () => {
    expect(parseIpcReply({ ok: true, result: null }).ok).toBe(true);
    expect(parseIpcReply({ ok: false, error: 'denied' }).ok).toBe(true);
    expect(parseIpcReply({ ok: false }).ok).toBe(false);
  });
});
