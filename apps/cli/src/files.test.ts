import { chmod, link, lstat, mkdir, readFile, readdir, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError, UserError } from './errors.js';
import { describeJsonError, readJson, refuseOverwritingInputs, writeFileAtomic } from './files.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { removeTemporaryDirectories, temporaryDirectory } from './test-io.fixture.js';

afterAll(removeTemporaryDirectories);

describe('jsonErrorOffset', () => {
  it('finds the first syntax error, or none', () => {
    for (const good of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]} ', '0', '"s"']) expect(jsonErrorOffset(good), good).toBeUndefined();
    expect(jsonErrorOffset('[1,]')).toBe(3);
    expect(jsonErrorOffset('{"a": 1,\n "b" 2}')).toBe(14);
    expect(jsonErrorOffset('{"a": tru}')).toBe(9);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('{"a": 01}')).toBe(7);
    expect(jsonErrorOffset('{"a":')).toBe(5);
    expect(jsonErrorOffset('')).toBe(0);
  });
});

describe('readJson', () => {
  it('names the line and column of a syntax error', async () => {
    const dir = temporaryDirectory();
    await writeFile(join(dir, 'net.json'), '{\n  "format": "convstudio-pipeline",\n  "nodes": [1,]\n}\n');
    await expect(readJson(dir, 'net.json')).rejects.toThrow(/^net\.json: not valid JSON: .* at line 3, column 15$/);
  });

  it('says when the file is missing', async () => {
    await expect(readJson(temporaryDirectory(), 'nope.json')).rejects.toThrow('cannot read nope.json: no such file');
  });

  it('rewrites V8 messages of either Node version', () => {
    const text = '{\n "a" 1}';
    expect(describeJsonError('Unexpected number in JSON at position 6', text)).toBe('Unexpected number at line 2, column 6');
    expect(describeJsonError("Expected ':' after property name in JSON at position 6 (line 2 column 6)", text)).toBe("Expected ':' after property name at line 2, column 6");
    expect(describeJsonError('Unexpected token \'1\', "{\n "a" 1}" is not valid JSON', text)).toBe("Unexpected token '1' at line 2, column 6");
  });
});

describe('writeFileAtomic', () => {
  it('creates parent directories and leaves no temporary file', async () => {
    const dir = temporaryDirectory();
    await writeFileAtomic(dir, 'a/b/out.json', '{"ok":true}');
    expect(await readFile(join(dir, 'a/b/out.json'), 'utf8')).toBe('{"ok":true}');
    expect(await readdir(join(dir, 'a/b'))).toEqual(['out.json']);
  });
});

describe('writeFileAtomic: failures are one line, never a hang or an internal error', () => {
  it('names the file that stands where a directory must be, and leaves nothing behind', async () => {
    const dir = temporaryDirectory();
    await writeFile(join(dir, 'notes.txt'), 'x');
    const error = await writeFileAtomic(dir, 'notes.txt/w.json', '{}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe('cannot write notes.txt/w.json: notes.txt is a file, not a directory');
    const deeper = await writeFileAtomic(dir, 'notes.txt/a/b/w.json', '{}').catch((e: unknown) => e);
    expect((deeper as UserError).message).toBe('cannot write notes.txt/a/b/w.json: notes.txt is a file, not a directory');
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  // Node 20's recursive mkdir loops forever there; the test's own timeout is the watchdog.
  it.runIf(process.platform === 'linux')('refuses a directory that cannot be created under /proc at once', { timeout: 10_000 }, async () => {
    const error = await writeFileAtomic(temporaryDirectory(), '/proc/nope/x', '{}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/^cannot write \/proc\/nope\/x: cannot create the directory \/proc\/nope: /);
  });
});

describe('writeFileAtomic: what a save keeps', () => {
  it('writes through a symlink to its target and keeps the link', async () => {
    const dir = temporaryDirectory();
    await mkdir(join(dir, 'real'));
    await writeFile(join(dir, 'real/w.json'), 'old');
    await symlink('real/w.json', join(dir, 'link.json'));
    await writeFileAtomic(dir, 'link.json', 'new');
    expect((await lstat(join(dir, 'link.json'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(dir, 'link.json'))).toBe('real/w.json');
    expect(await readFile(join(dir, 'real/w.json'), 'utf8')).toBe('new');
    expect((await readdir(join(dir, 'real'))).sort()).toEqual(['w.json']);
  });

  it.runIf(process.platform !== 'win32')('keeps the mode of the file it replaces', async () => {
    const dir = temporaryDirectory();
    await writeFile(join(dir, 'w.json'), 'old');
    await chmod(join(dir, 'w.json'), 0o600);
    await writeFileAtomic(dir, 'w.json', 'new');
    expect((await stat(join(dir, 'w.json'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'w.json'), 'utf8')).toBe('new');
  });
});

describe('refuseOverwritingInputs', () => {
  it('refuses an output that is an input by another name, a symlink or a hard link', async () => {
    const dir = temporaryDirectory();
    await writeFile(join(dir, 'net.json'), '{}');
    await symlink('net.json', join(dir, 'alias.json'));
    await link(join(dir, 'net.json'), join(dir, 'hard.json'));
    for (const out of ['net.json', './net.json', join(dir, 'net.json'), 'alias.json', 'hard.json']) {
      const error = await refuseOverwritingInputs(dir, 'train', { option: '--out', file: out }, [{ file: 'net.json', role: 'the pipeline file' }]).catch((e: unknown) => e);
      expect(error, out).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toBe(`--out ${out} would overwrite the pipeline file net.json; write it to another file`);
    }
    await expect(refuseOverwritingInputs(dir, 'train', { option: '--out', file: 'w.json' }, [{ file: 'net.json', role: 'the pipeline file' }])).resolves.toBeUndefined();
  });
});
