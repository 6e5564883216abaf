import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { changeReader, pageDeclaration } from '../../../knowledge/crm/reader.ts';
import type { CrmProfile } from '../../../knowledge/crm/profile.ts';

function page(html: string): Document {
  const window = new Window({ url: 'http://127.0.0.1/crm/index.html' });
  window.document.write(html);
  return window.document as unknown as Document;
}

const profile: CrmProfile = {
  id: 't',
  name: 'T',
  matches: ['http://127.0.0.1/*'],
  fields: { caseId: { selector: '#case' } },
};

describe('a frame reports what its document declares about its language', () => {
  it('reads <html lang> and <meta charset>', () => {
    const doc = page(
      '<!doctype html><html lang="zh-HK"><head><meta charset="GBK"></head><body></body></html>',
    );
    expect(pageDeclaration(doc)).toEqual({ lang: 'zh-HK', charset: 'GBK' });
  });

  it('reads the charset of a legacy http-equiv Content-Type', () => {
    const doc = page(
      '<html><head><meta http-equiv="content-type" content="text/html; charset=gb2312"></head><body></body></html>',
    );
    expect(pageDeclaration(doc)).toEqual({ charset: 'gb2312' });
  });

  it('reads xml:lang when there is no lang', () => {
    const doc = page('<html><body></body></html>');
    doc.documentElement.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:lang', 'en-SG');
    expect(pageDeclaration(doc).lang).toBe('en-SG');
  });

  it('with no declaration, the charset the document was decoded with', () => {
    const doc = page('<html><body><b id="case">C1</b></body></html>');
    const declared = pageDeclaration(doc);
    expect(declared.lang).toBeUndefined();
    expect(declared.charset).toBe(doc.characterSet);
  });

  it('is part of every reading, and a changed lang is a changed reading', () => {
    const doc = page('<html lang="en"><body><b id="case">C1</b></body></html>');
    const reader = changeReader(doc, profile, () => 'http://127.0.0.1/crm/index.html');
    expect(reader.read()?.page).toMatchObject({ lang: 'en' });
    expect(reader.read()).toBeNull();
    doc.documentElement.setAttribute('lang', 'zh-CN');
    expect(reader.read()?.page).toMatchObject({ lang: 'zh-CN' });
  });
});
