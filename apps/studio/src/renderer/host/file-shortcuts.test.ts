import { describe, expect, it } from 'vitest';
import { fileShortcut, shortcutLabel } from './file-shortcuts.js';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('file shortcuts', () => {
  it('are the desktop menus’ Ctrl/Cmd+S, Ctrl/Cmd+Shift+S and Ctrl/Cmd+O', () => {
    expect(fileShortcut(key('s', { ctrlKey: true }))).toBe('save');
    expect(fileShortcut(key('s', { metaKey: true }))).toBe('save');
    expect(fileShortcut(key('S', { ctrlKey: true, shiftKey: true }))).toBe('save-as');
    expect(fileShortcut(key('o', { metaKey: true }))).toBe('open-pipeline');
  });

  it('open a model with Ctrl/Cmd+Alt+O, by the physical key (Alt+O types ø on Apple keyboards)', () => {
    expect(fileShortcut({ ...key('o', { ctrlKey: true, altKey: true }), code: 'KeyO' })).toBe('open-model');
    expect(fileShortcut({ ...key('ø', { metaKey: true, altKey: true }), code: 'KeyO' })).toBe('open-model');
    expect(fileShortcut({ ...key('o', { altKey: true }), code: 'KeyO' })).toBeUndefined();
    expect(fileShortcut({ ...key('O', { ctrlKey: true, altKey: true, shiftKey: true }), code: 'KeyO' })).toBeUndefined();
    expect(shortcutLabel('open-model', false)).toBe('Ctrl+Alt+O');
    expect(shortcutLabel('open-model', true)).toBe('⌥⌘O');
  });

  it('leave every other key alone, text editing keys included', () => {
    for (const k of [key('s'), key('S', { shiftKey: true }), key('z', { ctrlKey: true }), key('a', { ctrlKey: true }), key('c', { metaKey: true }), key('v', { ctrlKey: true }), key('s', { ctrlKey: true, altKey: true }), key('O', { ctrlKey: true, shiftKey: true })]) {
      expect(fileShortcut(k), JSON.stringify(k)).toBeUndefined();
    }
  });

  it('are written the platform’s way in the menu', () => {
    expect(shortcutLabel('save-as', false)).toBe('Ctrl+Shift+S');
    expect(shortcutLabel('save-as', true)).toBe('⇧⌘S');
    expect(shortcutLabel('open-pipeline', false)).toBe('Ctrl+O');
  });
});
