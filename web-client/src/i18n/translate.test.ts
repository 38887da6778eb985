import { describe, expect, it } from 'vitest';
import { translate, interpolate } from './translate';
import { catalogs } from './catalogs';

const { fr, en } = catalogs;

describe('translate', () => {
  it('interpolates named parameters', () => {
    expect(translate(fr, 'fr', 'home.title', { name: 'Ana' })).toBe('Bonjour Ana');
    expect(translate(en, 'en', 'home.title', { name: 'Ana' })).toBe('Hello Ana');
    expect(interpolate('{a} {b}', { a: 'x' })).toBe('x {b}');
  });

  it('follows French plural rules: 0 and 1 are singular', () => {
    expect(translate(fr, 'fr', 'invitations.count', { count: 0 })).toBe('0 invitation');
    expect(translate(fr, 'fr', 'invitations.count', { count: 1 })).toBe('1 invitation');
    expect(translate(fr, 'fr', 'invitations.count', { count: 2 })).toBe('2 invitations');
  });

  it('follows English plural rules: 0 is plural', () => {
    expect(translate(en, 'en', 'invitations.count', { count: 0 })).toBe('0 invitations');
    expect(translate(en, 'en', 'invitations.count', { count: 1 })).toBe('1 invitation');
  });

  it('formats numbers for the locale', () => {
    expect(translate(fr, 'fr', 'error.retryAfter', { count: 1200 })).toBe('Réessayez dans 1\u202f200 secondes.');
  });

  it('returns the key when a message is missing', () => {
    expect(translate(fr, 'fr', 'no.such.key')).toBe('no.such.key');
  });

  it('has the same keys in French and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });
});
