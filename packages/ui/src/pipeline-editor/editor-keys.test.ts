import { describe, expect, it } from 'vitest';
import { commandOfKey, isTextEntry } from './editor-keys.js';

const press = (key: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean } = {}) => ({ key, ctrlKey: !!mods.ctrl, metaKey: !!mods.meta, shiftKey: !!mods.shift });

describe('commandOfKey', () => {
  it('maps the shortcuts on Windows/Linux and macOS', () => {
    expect(commandOfKey(press('Delete'))).toBe('delete');
    expect(commandOfKey(press('Backspace'))).toBe('delete');
    expect(commandOfKey(press('z', { ctrl: true }))).toBe('undo');
    expect(commandOfKey(press('z', { meta: true }))).toBe('undo');
    expect(commandOfKey(press('Z', { ctrl: true, shift: true }))).toBe('redo');
    expect(commandOfKey(press('z', { meta: true, shift: true }))).toBe('redo');
    expect(commandOfKey(press('y', { ctrl: true }))).toBe('redo');
    expect(commandOfKey(press('c', { meta: true }))).toBe('copy');
    expect(commandOfKey(press('v', { ctrl: true }))).toBe('paste');
    expect(commandOfKey(press('z'))).toBeUndefined();
    expect(commandOfKey(press('a', { ctrl: true }))).toBeUndefined();
    expect(commandOfKey({ ...press('z', { ctrl: true }), altKey: true })).toBeUndefined();
  });

  it('leaves keys typed into fields alone', () => {
    expect(isTextEntry({ tagName: 'INPUT' } as unknown as EventTarget)).toBe(true);
    expect(isTextEntry({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true);
    expect(isTextEntry({ tagName: 'DIV' } as unknown as EventTarget)).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });
});
